//! `oauth-invalid-grant`
//!
//! # What it detects
//! A token endpoint rejected the grant: `invalid_grant` (RFC 6749), GitHub's
//! `bad_verification_code`, or `expired_token` (device flow). It distinguishes an
//! authorization code (expired, already used, issued to another client or
//! `redirect_uri`, PKCE verifier mismatch) from a refresh token (expired,
//! revoked, or already used under rotation).
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

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, entry_ptr};

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

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
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
        out.push(
            Draft::new(&META, i, Confidence::Certain)
                .variant(variant)
                .data("error", err.code)
                .data("description", err.description)
                .data("grant_type", err.grant_type.clone().unwrap_or_default())
                .data("pkce", pkce)
                .evidence(i, entry_ptr(i, "response/content/text"), Value::labeled("error", err.code)),
        );
    }
}
