//! `oauth-invalid-grant`
//!
//! # What it detects
//! A token endpoint rejected the grant: `invalid_grant` (RFC 6749), GitHub's
//! `bad_verification_code`, or `expired_token` (device flow). It distinguishes an
//! authorization code (expired, already used, issued to another client or
//! `redirect_uri`, PKCE verifier mismatch) from a refresh token (expired,
//! revoked, or already used under rotation).
//!
//! For a code, the time from the response that issued it (the authorization
//! server's redirect, or the callback) to the exchange is given; beyond 10 minutes
//! the code had most likely expired.
//!
//! # Why it causes the failure
//! Codes are single-use and short-lived (GitHub: 10 minutes); refresh tokens
//! expire (GitHub: 6 months) and, with rotation, stop working the moment they
//! are used once. The client must restart the authorization flow.
//!
//! # Example (HAR excerpt)
//! `{"error":"bad_verification_code","error_description":"The code passed is incorrect or expired."}`.
//!
//! # References
//! RFC 6749 §5.2, §10.5; RFC 7636 §4.6; GitHub "Bad verification code", "Refreshing user access tokens".

use std::collections::HashMap;

use crate::finding::{Confidence, Reference, Severity};

use super::facts::code_delivery;
use super::{entry_ptr, Draft, DraftEvidence, EntryCx, FileCx, Phase, Rule, RuleMeta, Value};

pub struct OauthInvalidGrant;

static META: RuleMeta = RuleMeta {
    id: "oauth-invalid-grant",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 3,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 6749 §5.2 invalid_grant", url: "https://www.rfc-editor.org/rfc/rfc6749#section-5.2" },
        Reference { title: "RFC 7636 §4.6 PKCE verification", url: "https://www.rfc-editor.org/rfc/rfc7636#section-4.6" },
        Reference { title: "GitHub: Bad verification code", url: "https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors#bad-verification-code" },
        Reference { title: "GitHub: Refreshing user access tokens", url: "https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens" },
    ],
};

impl Rule for OauthInvalidGrant {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        // The refusals a rule before this one told for certain (a code or refresh token used twice,
        // a verifier that does not match, a refresh token past its lifetime): the server's
        // `invalid_grant` is their evidence, not another cause to consider beside them (the
        // lab's code-exchanged-twice and refresh-token-reused listed it as one, certain).
        // Only where they are certain: a guess at why is no reason to leave out what the server
        // said for certain.
        // What the server said goes to that finding as its evidence, where it is not already.
        let told: HashMap<usize, usize> = out
            .iter()
            .enumerate()
            .filter(|(_, d)| d.confidence == Confidence::Certain && TOLD_BY.contains(&d.meta.id))
            .filter_map(|(n, d)| Some((*d.entries.first()?, n)))
            .collect();
        for cx in fcx.entries {
            let i = cx.index();
            let Some(&n) = told.get(&i) else {
                check(fcx, cx, out);
                continue;
            };
            let (Some(err), Some(d)) = (cx.token_error(), out.get_mut(n)) else { continue };
            let pointer = entry_ptr(i, "response/content/text");
            if !d.evidence.iter().any(|e| e.pointer == pointer) {
                let said = match err.description {
                    "" => Value::labeled("error", err.code),
                    words => Value::labeled("error", format!("{}: {words}", err.code)),
                };
                d.evidence.push(DraftEvidence { entry: i, pointer, excerpt: said });
            }
        }
    }
}

/// The rules that say why a grant was refused, each run before this one (`rules::ALL`).
pub(crate) const TOLD_BY: &[&str] = &["oauth-pkce-mismatch", "oauth-code-reused", "refresh-token-reused", "token-past-lifetime"];

/// Codes older than this are past every major provider's lifetime (GitHub and Entra
/// ID: 10 minutes; RFC 6749 §4.1.2 recommends no more).
const CODE_LIFETIME_MS: i64 = 10 * 60 * 1000;

/// The response that handed out `code` (a redirect whose `Location` carries it, or
/// the callback request itself) and when it arrived.
fn issued(fcx: &FileCx<'_, '_>, code: &str, before: usize) -> Option<(usize, i64)> {
    let (e, _, by_redirect) = code_delivery(fcx, code).filter(|(e, _, _)| e.index() < before)?;
    let start = e.started_ms()?;
    let at = if by_redirect { start + e.entry.time.unwrap_or(0.0).max(0.0) as i64 } else { start };
    Some((e.index(), at))
}

fn check(fcx: &FileCx<'_, '_>, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
    let Some(err) = cx.token_error() else { return };
    if !matches!(err.code, "invalid_grant" | "bad_verification_code" | "expired_token" | "bad_refresh_token") {
        return;
    }
    let variant = match (err.code, err.grant_type.as_deref()) {
        ("expired_token", _) => "device",
        (_, Some("refresh_token")) => "refresh",
        ("bad_refresh_token", _) => "refresh",
        (_, Some("authorization_code")) | ("bad_verification_code", _) => "code",
        _ => "generic",
    };
    let i = cx.index();
    let pkce = Value::Word(if cx.form_param("code_verifier").is_some() { "yes" } else { "no" });
    let mut d = Draft::new(&META, i, Confidence::Certain)
        .variant(variant)
        .data("error", err.code)
        .data("description", err.description)
        .data("grant_type", err.grant_type.clone().unwrap_or_default())
        .data("pkce", pkce)
        .evidence(i, entry_ptr(i, "response/content/text"), Value::labeled("error", err.code));
    // How long the code waited between being issued and being exchanged.
    if variant == "code" {
        let found = cx.form_param("code").and_then(|c| issued(fcx, &c, i));
        if let (Some((from, at)), Some(now)) = (found, cx.started_ms()) {
            let age = (now - at).max(0);
            let key = if age > CODE_LIFETIME_MS { "late_age" } else { "age" };
            d = d.data(key, Value::Millis(age)).data("issued", Value::Entry(from)).also_entry(from);
        }
    }
    out.push(d);
}

#[cfg(test)]
mod order {
    /// Each rule this one leaves a refusal to runs before it.
    #[test]
    fn the_rules_it_reads_run_first() {
        for id in super::TOLD_BY {
            crate::rules::testing::runs_before(id, "oauth-invalid-grant");
        }
    }
}
