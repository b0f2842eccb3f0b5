//! `insufficient-scope`
//!
//! # What it detects
//! The token is valid but lacks a permission: RFC 6750 `error="insufficient_scope"`
//! (with the required `scope` when the server names it), or GitHub's
//! `X-Accepted-OAuth-Scopes` listing scopes that `X-OAuth-Scopes` does not grant.
//! When the token is a JWT, its `scope`/`scp` claim is compared with what the
//! server requires and the missing scopes are named.
//!
//! # Why it causes the failure
//! Authentication succeeded, authorization did not: the token was issued for fewer
//! permissions than this endpoint needs. A new token must be requested with the
//! scope; refreshing keeps the old scopes.
//!
//! # Example (HAR excerpt)
//! `WWW-Authenticate: Bearer error="insufficient_scope", scope="orders:write"`.
//!
//! # References
//! RFC 6750 §3.1; GitHub "Scopes for OAuth apps".

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, resp_header_ptr};

pub struct InsufficientScope;

static META: RuleMeta = RuleMeta {
    id: "insufficient-scope",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 8,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 6750 §3.1 insufficient_scope", url: "https://www.rfc-editor.org/rfc/rfc6750#section-3.1" },
        Reference { title: "GitHub: Scopes for OAuth apps", url: "https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps" },
    ],
};

/// Scopes as the protocol writes them (space-separated); empty when none.
fn scopes<S: AsRef<str>>(list: &[S]) -> Value {
    Value::text(list.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(" "))
}

impl Rule for InsufficientScope {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        if cx.failure().is_none() {
            return;
        }
        let i = cx.index();
        let have: Vec<&str> = cx.claims().map(|c| c.scope()).unwrap_or_default();
        if let Some((h, c)) = cx.challenges().iter().find(|(_, c)| c.error() == Some("insufficient_scope")) {
            let required: Vec<&str> = c.scope().unwrap_or("").split_whitespace().collect();
            let missing: Vec<&str> = required.iter().filter(|r| !have.contains(r)).copied().collect();
            let www: Vec<&str> = cx.entry.response_header_values("www-authenticate").map(|(_, v)| v).collect();
            out.push(
                Draft::new(&META, i, Confidence::Certain)
                    .data("required", scopes(&required))
                    .data("missing", scopes(&missing))
                    .data("have", scopes(&have))
                    .evidence(i, resp_header_ptr(i, *h), Value::header("WWW-Authenticate", www.join(", "))),
            );
            return;
        }
        let missing = cx.missing_github_scopes();
        if !missing.is_empty() {
            let (ha, accepted) = cx.entry.response_header("x-accepted-oauth-scopes").unwrap_or((0, ""));
            let (hh, granted) = cx.entry.response_header("x-oauth-scopes").unwrap_or((0, ""));
            out.push(
                Draft::new(&META, i, Confidence::Likely)
                    .variant("github")
                    .data("required", accepted.trim())
                    .data("missing", scopes(&missing))
                    .data("have", granted.trim())
                    .evidence(i, resp_header_ptr(i, ha), Value::header("X-Accepted-OAuth-Scopes", accepted.trim()))
                    .evidence(i, resp_header_ptr(i, hh), Value::header("X-OAuth-Scopes", granted.trim())),
            );
            return;
        }
        if cx.oauth_error() == Some("insufficient_scope") {
            out.push(
                Draft::new(&META, i, Confidence::Likely)
                    .data("have", scopes(&have))
                    .evidence(i, super::entry_ptr(i, "response/content/text"), Value::labeled("error", "insufficient_scope")),
            );
        }
    }
}
