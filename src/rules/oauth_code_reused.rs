//! `oauth-code-reused`
//!
//! # What it detects
//! The same authorization code sent to the token endpoint twice, the later
//! exchange refused (`invalid_grant`, GitHub's `bad_verification_code`). Both
//! exchanges are evidence.
//!
//! # Why it causes the failure
//! An authorization code is single-use (RFC 6749 §4.1.2); a second exchange is
//! refused, and the provider should revoke the tokens issued by the first one
//! (RFC 6749 §10.5). A callback page that runs twice (a reload, React StrictMode's
//! double effect in development, two listeners) or a retry of a slow exchange does
//! this.
//!
//! # Example (HAR excerpt)
//! Two `POST /token` with `grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA`;
//! the first returns 200 with tokens, the second `{"error":"invalid_grant"}`.
//!
//! # References
//! RFC 6749 §4.1.2, §10.5; GitHub "Bad verification code".

use std::collections::HashMap;

use crate::finding::{Confidence, Reference, Severity};

use super::{entry_ptr, Draft, FileCx, Phase, Rule, RuleMeta, Value};

pub struct OauthCodeReused;

static META: RuleMeta = RuleMeta {
    id: "oauth-code-reused",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 1,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 6749 §4.1.2 The code is single-use", url: "https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2" },
        Reference { title: "RFC 6749 §10.5 Authorization codes", url: "https://www.rfc-editor.org/rfc/rfc6749#section-10.5" },
        Reference { title: "GitHub: Bad verification code", url: "https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors#bad-verification-code" },
    ],
};

impl Rule for OauthCodeReused {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        let mut first_use: HashMap<String, usize> = HashMap::new();
        for cx in fcx.entries {
            if !cx.is_token_request() || cx.form_param("grant_type").as_deref() != Some("authorization_code") {
                continue;
            }
            let Some(code) = cx.form_param("code").filter(|c| !c.is_empty()) else { continue };
            let Some(&earlier) = first_use.get(&code) else {
                first_use.insert(code, cx.index());
                continue;
            };
            let Some(err) = cx.token_error() else { continue };
            if !matches!(err.code, "invalid_grant" | "bad_verification_code") {
                continue;
            }
            let i = cx.index();
            let first = fcx.entry_at(earlier);
            // The first exchange worked: the code was valid and is now spent. If it
            // failed too, the code may have been bad from the start.
            let first_ok = first.is_some_and(|e| e.failure().is_none() && e.token_error().is_none());
            let mut d = Draft::new(&META, i, if first_ok { Confidence::Certain } else { Confidence::Likely })
                .variant(if first_ok { "after-success" } else { "both-failed" })
                .data("earlier", Value::Entry(earlier))
                .data("error", err.code)
                .also_entry(earlier)
                .evidence(i, entry_ptr(i, "request/postData"), Value::labeled("code", Value::secret(&code)))
                .evidence(earlier, entry_ptr(earlier, "request/postData"), Value::labeled("code", Value::secret(&code)));
            if let (Some(a), Some(b)) = (first.and_then(|e| e.started_ms()), cx.started_ms()) {
                if b >= a {
                    d = d.data("gap", Value::Millis(b - a));
                }
            }
            out.push(d);
        }
    }
}
