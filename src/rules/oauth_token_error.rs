//! `oauth-token-error`
//!
//! # What it detects
//! Any other error from an OAuth token endpoint (`invalid_request`,
//! `unsupported_grant_type`, `invalid_scope`, `access_denied`, vendor codes such
//! as Azure's `AADSTS…`), including those answered with status 200.
//!
//! # Why it causes the failure
//! The token request itself is wrong, so no token is issued and every later API
//! call fails with 401. The server's `error_description` names the problem.
//!
//! # Example (HAR excerpt)
//! `{"error":"unsupported_grant_type"}` for a JSON body sent where the endpoint
//! expects `application/x-www-form-urlencoded`.
//!
//! # References
//! RFC 6749 §5.2, §4.1.3.

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, entry_ptr};

pub struct OauthTokenError;

static META: RuleMeta = RuleMeta {
    id: "oauth-token-error",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 25,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 6749 §5.2 Error Response", url: "https://www.rfc-editor.org/rfc/rfc6749#section-5.2" },
        Reference { title: "RFC 6749 §4.1.3 Access Token Request", url: "https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3" },
    ],
};

const HANDLED_ELSEWHERE: &[&str] = &[
    "invalid_client", "incorrect_client_credentials", "unauthorized_client", "redirect_uri_mismatch",
    "invalid_grant", "bad_verification_code", "expired_token", "bad_refresh_token", "insufficient_scope",
];

impl Rule for OauthTokenError {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        let Some(err) = cx.token_error() else { return };
        if HANDLED_ELSEWHERE.contains(&err.code) {
            return;
        }
        let i = cx.index();
        let mime = cx.entry.request.post_data.as_ref().map_or("", |p| p.mime_type.as_ref());
        let json_body = crate::text::contains(mime, "json");
        let mut d = Draft::new(&META, i, Confidence::Certain)
            .data("error", err.code)
            .data("description", err.description)
            .evidence(i, entry_ptr(i, "response/content/text"), Value::labeled("error", err.code));
        if json_body && matches!(err.code, "unsupported_grant_type" | "invalid_request") {
            d = d.variant("json-body").data("mime", mime);
        }
        out.push(d);
    }
}
