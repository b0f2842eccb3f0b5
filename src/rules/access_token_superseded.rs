//! `access-token-superseded`
//!
//! # What it detects
//! A request refused with 401 whose Bearer token is older than a token refresh
//! that succeeded earlier in the capture: the refresh returned a different access
//! token, but this request still sent the previous one.
//!
//! # Why it causes the failure
//! Providers that rotate tokens (GitHub Apps' expiring user tokens among them)
//! invalidate the previous access token when its refresh token is used. Code that
//! cached the old token (a module-level variable, another tab, a request queued
//! before the refresh finished) keeps sending it.
//!
//! # Example (HAR excerpt)
//! Entry 4 `POST /login/oauth/access_token` (grant_type=refresh_token) → new
//! `access_token`; entry 6 `GET /user` with the token from entry 1 → 401.
//!
//! # References
//! GitHub "Refreshing user access tokens"; RFC 6749 §6.

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, FileCx, Phase, Rule, RuleMeta, Value, req_header_ptr};

pub struct AccessTokenSuperseded;

static META: RuleMeta = RuleMeta {
    id: "access-token-superseded",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 13,
    phase: Phase::Main,
    references: &[
        Reference { title: "GitHub: Refreshing user access tokens", url: "https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens" },
        Reference { title: "RFC 6749 §6 Refreshing an Access Token", url: "https://www.rfc-editor.org/rfc/rfc6749#section-6" },
    ],
};

impl Rule for AccessTokenSuperseded {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        // (entry, access token issued) of every successful refresh, in file order.
        let refreshes: Vec<(usize, String)> = fcx
            .entries
            .iter()
            .filter(|cx| cx.is_token_request() && cx.form_param("grant_type").as_deref() == Some("refresh_token"))
            .filter(|cx| cx.failure().is_none())
            .filter_map(|cx| Some((cx.index(), cx.body_json()?.get("access_token")?.as_str()?.to_owned())))
            .collect();
        if refreshes.is_empty() {
            return;
        }
        // Where each access token was first issued (an answer's `access_token`), read once
        // when the first failure asks: each failure once read every answer again.
        let last_refresh = refreshes.last().map_or(0, |(r, _)| *r);
        let first_issued = || {
            let mut first: HashMap<String, usize> = HashMap::new();
            // An answer after the last refresh was issued after every refresh: not asked.
            for o in fcx.entries.iter().take_while(|o| o.index() < last_refresh) {
                if let Some(t) = o.body_json().and_then(|b| b.get("access_token")).and_then(|t| t.as_str()) {
                    first.entry(t.to_owned()).or_insert(o.index());
                }
            }
            first
        };
        let issued = OnceCell::new();
        for cx in fcx.entries {
            if cx.status() != Some(401) {
                continue;
            }
            let Some((h, token)) = cx.bearer_token() else { continue };
            let i = cx.index();
            // The last refresh before the failure (the refreshes are in file order).
            let before = refreshes.partition_point(|(r, _)| *r < i);
            let Some((refresh, new_token)) = before.checked_sub(1).map(|k| &refreshes[k]) else { continue };
            if new_token == token {
                continue;
            }
            // A token that the refresh itself returned in another field (an ID token
            // sent by mistake) is not a superseded access token.
            let from_refresh = fcx
                .entry_at(*refresh)
                .and_then(|o| o.body_json())
                .and_then(|b| b.as_object())
                .is_some_and(|b| b.values().any(|v| v.as_str() == Some(token)));
            if from_refresh {
                continue;
            }
            // Stronger when the old token was itself issued earlier in the capture.
            let issued_before = issued.get_or_init(first_issued).get(token).is_some_and(|&first| first < *refresh);
            out.push(
                Draft::new(&META, i, if issued_before { Confidence::Likely } else { Confidence::Possible })
                    .data("refresh", Value::Entry(*refresh))
                    .data("sent", Value::secret(token))
                    .data("current", Value::secret(new_token))
                    .also_entry(*refresh)
                    .evidence(i, req_header_ptr(i, h), Value::header("Authorization", format!("Bearer {token}"))),
            );
        }
    }
}
