//! `refresh-token-reused`
//!
//! # What it detects
//! The same refresh token sent to the token endpoint more than once, with a later
//! use rejected (`invalid_grant`, `bad_refresh_token`): refresh-token rotation.
//!
//! # Why it causes the failure
//! With rotation (GitHub Apps' expiring user tokens, Auth0, Okta, most OIDC
//! providers), each refresh returns a new refresh token and invalidates the old
//! one together with the old access token. Two tabs, two parallel requests, or a
//! retry that refreshes with the stale value use a dead token; some providers then
//! revoke the whole token family.
//!
//! # Example (HAR excerpt)
//! Two `POST /login/oauth/access_token` with the same `refresh_token`; the first
//! returns 200, the second `{"error":"bad_refresh_token"}`.
//!
//! # References
//! RFC 9700 §4.14.2 (refresh token rotation); GitHub "Refreshing user access tokens".

use std::collections::HashMap;

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, FileCx, Phase, Rule, RuleMeta, Value, entry_ptr};

pub struct RefreshTokenReused;

static META: RuleMeta = RuleMeta {
    id: "refresh-token-reused",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 1,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 9700 §4.14.2 Refresh token rotation", url: "https://www.rfc-editor.org/rfc/rfc9700#section-4.14.2" },
        Reference { title: "GitHub: Refreshing user access tokens", url: "https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens" },
    ],
};

impl Rule for RefreshTokenReused {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        let mut first_use: HashMap<String, usize> = HashMap::new();
        for cx in fcx.entries {
            if !cx.is_token_request() || cx.form_param("grant_type").as_deref() != Some("refresh_token") {
                continue;
            }
            let Some(token) = cx.form_param("refresh_token") else { continue };
            let Some(&earlier) = first_use.get(&token) else {
                first_use.insert(token, cx.index());
                continue;
            };
            let rejected = cx.token_error().is_some_and(|e| matches!(e.code, "invalid_grant" | "bad_refresh_token"));
            if !rejected {
                continue;
            }
            let i = cx.index();
            let earlier_ok = fcx.entry_at(earlier).is_some_and(|e| e.failure().is_none());
            out.push(
                Draft::new(&META, i, if earlier_ok { Confidence::Certain } else { Confidence::Likely })
                    .data("earlier", Value::Entry(earlier))
                    .data("fingerprint", Value::secret(&token))
                    .also_entry(earlier)
                    .evidence(i, entry_ptr(i, "request/postData"), Value::labeled("refresh_token", Value::secret(&token)))
                    .evidence(earlier, entry_ptr(earlier, "request/postData"), Value::labeled("refresh_token", Value::secret(&token))),
            );
        }
    }
}
