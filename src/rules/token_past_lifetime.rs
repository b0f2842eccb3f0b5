//! `token-past-lifetime`
//!
//! # What it detects
//! A token used after the lifetime its own token response gave it, both in the
//! capture: an access token sent as `Bearer` on a failing request more than
//! `expires_in` seconds after the response that issued it, or a refresh token
//! refused by the token endpoint more than `refresh_token_expires_in` seconds after
//! it was issued (GitHub's `ghr_` tokens: 6 months). Opaque tokens are covered: the
//! lifetime comes from the issuing response, not from the token. A JWT access token
//! with its own `exp` is left to `jwt-expired`.
//!
//! # Why it causes the failure
//! The authorization server said how long the token lives; after that the resource
//! server (or the token endpoint, for a refresh token) refuses it. GitHub's user
//! access tokens (`ghu_`) live 8 hours (`expires_in` 28800), their refresh tokens 6
//! months. The client should refresh before `expires_in` runs out, not after a 401.
//!
//! # Example (HAR excerpt)
//! Entry 0: `{"access_token":"ghu_…","expires_in":28800,…}` at 09:00; entry 5:
//! `GET /user` with `Authorization: Bearer ghu_…` at 17:30 → 401.
//!
//! # References
//! RFC 6749 §5.1 (`expires_in`); GitHub "Refreshing user access tokens".

use std::collections::HashMap;

use crate::finding::{Confidence, Reference, Severity};

use crate::http::site::authority_of;
use super::{entry_ptr, req_header_ptr, Draft, EntryCx, FileCx, Phase, Rule, RuleMeta, Value};

pub struct TokenPastLifetime;

static META: RuleMeta = RuleMeta {
    id: "token-past-lifetime",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 2,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 6749 §5.1 Successful Response (expires_in)", url: "https://www.rfc-editor.org/rfc/rfc6749#section-5.1" },
        Reference { title: "GitHub: Refreshing user access tokens", url: "https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens" },
    ],
};

/// Within this much past the lifetime, clocks and network time could explain the
/// difference: `likely`; beyond it, `certain`.
const MARGIN_MS: i64 = 60_000;

/// A token a response of the capture issued, and until when it lives.
struct Issued {
    entry: usize,
    /// Unix ms when the issuing response arrived.
    at: i64,
    /// The lifetime it was given, in seconds.
    lifetime_s: i64,
}

impl Issued {
    fn expires(&self) -> i64 {
        self.at + self.lifetime_s * 1000
    }
}

fn seconds(v: Option<&serde_json::Value>) -> Option<i64> {
    match v? {
        serde_json::Value::Number(n) => n.as_i64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|s| *s > 0)
}

/// Access and refresh tokens issued by accepted token responses, with their lifetimes.
fn issued(fcx: &FileCx<'_, '_>) -> (HashMap<String, Issued>, HashMap<String, Issued>) {
    let (mut access, mut refresh) = (HashMap::new(), HashMap::new());
    for cx in fcx.entries {
        if !cx.is_token_request() || !cx.accepted() || cx.token_error().is_some() {
            continue;
        }
        let (Some(body), Some(start)) = (cx.body_json(), cx.started_ms()) else { continue };
        let at = start + cx.entry.time.unwrap_or(0.0).max(0.0) as i64;
        let put = |map: &mut HashMap<String, Issued>, token: &str, life: &str| {
            if let (Some(t), Some(lifetime_s)) = (body.get(token).and_then(|t| t.as_str()), seconds(body.get(life))) {
                map.insert(t.to_owned(), Issued { entry: cx.index(), at, lifetime_s });
            }
        };
        put(&mut access, "access_token", "expires_in");
        put(&mut refresh, "refresh_token", "refresh_token_expires_in");
    }
    (access, refresh)
}

impl Rule for TokenPastLifetime {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        let (access, refresh) = issued(fcx);
        if access.is_empty() && refresh.is_empty() {
            return;
        }
        // The first accepted use of each issued access token: the same token working
        // before its lifetime ran out and refused after it leaves only time as the change.
        let mut worked: HashMap<(&str, &str), (usize, i64, u16)> = HashMap::new();
        for cx in fcx.entries {
            if cx.failure().is_some() || !cx.accepted() {
                continue;
            }
            let (Some((_, token)), Some(at)) = (cx.bearer_token(), cx.started_ms()) else { continue };
            if access.contains_key(token) {
                let now = (cx.index(), at, cx.status().unwrap_or(200));
                let first = worked.entry((token, authority_of(&cx.entry.request.url))).or_insert(now);
                if at < first.1 {
                    *first = now;
                }
            }
        }
        for cx in fcx.entries {
            let Some(now) = cx.started_ms() else { continue };
            if let Some(err) = cx.token_error() {
                // A refresh token refused after its lifetime.
                if !matches!(err.code, "invalid_grant" | "bad_refresh_token") {
                    continue;
                }
                let Some(token) = cx.form_param("refresh_token") else { continue };
                if let Some(iss) = refresh.get(&token).filter(|iss| now > iss.expires()) {
                    let ptr = entry_ptr(cx.index(), "request/postData");
                    out.push(draft(cx, iss, now, "refresh", &token, ptr, Value::labeled("refresh_token", Value::secret(&token)), None));
                }
                continue;
            }
            if cx.failure().is_none() {
                continue;
            }
            let Some((h, token)) = cx.bearer_token() else { continue };
            // A JWT with its own expiry is jwt-expired's.
            if cx.claims().is_some_and(|c| c.exp().is_some()) {
                continue;
            }
            if let Some(iss) = access.get(token).filter(|iss| now > iss.expires()) {
                let excerpt = Value::header("Authorization", format!("Bearer {token}"));
                // Server-side leeway cannot explain the refusal of a token the same
                // server accepted earlier, with nothing changed but the time.
                let worked = worked.get(&(token, authority_of(&cx.entry.request.url))).filter(|(_, at, _)| *at <= iss.expires()).map(|&(ok, _, status)| (ok, status));
                out.push(draft(cx, iss, now, "access", token, req_header_ptr(cx.index(), h), excerpt, worked));
            }
        }
    }
}

/// `worked`: an earlier entry where the same server accepted the same token.
#[allow(clippy::too_many_arguments)]
fn draft(cx: &EntryCx<'_, '_>, iss: &Issued, now: i64, variant: &str, token: &str, ptr: crate::rules::Pointer, excerpt: Value, worked: Option<(usize, u16)>) -> Draft {
    let i = cx.index();
    let late = now - iss.expires();
    let confidence = if late > MARGIN_MS || worked.is_some() { Confidence::Certain } else { Confidence::Likely };
    let d = Draft::new(&META, i, confidence)
        .variant(variant)
        .data("issued", Value::Entry(iss.entry))
        .data("lifetime", Value::Duration(iss.lifetime_s))
        .data("late", Value::Millis(late))
        .also_entry(iss.entry)
        .evidence(i, ptr, excerpt)
        .evidence(iss.entry, entry_ptr(iss.entry, "response/content/text"), Value::labeled(if variant == "access" { "expires_in" } else { "refresh_token_expires_in" }, Value::Duration(iss.lifetime_s)));
    // GitHub's lifetimes are told only of GitHub's tokens, known by their prefix.
    let github = match variant {
        "access" => token.starts_with("ghu_").then_some("github_access_lifetime"),
        _ => token.starts_with("ghr_").then_some("github_refresh_lifetime"),
    };
    let d = match github {
        Some(word) => d.data("github", Value::Word(word)),
        None => d,
    };
    match worked {
        Some((ok, status)) => d.also_entry(ok).evidence(ok, entry_ptr(ok, "response/status"), Value::phrase("ev_token_worked", vec![("status", status.into())])),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::explained;

    #[test]
    fn github_lifetimes_are_told_of_github_tokens_only() {
        let ghu = explained("token-past-lifetime", "pos-ghu-access-token-after-8-hours");
        assert!(!ghu.is_empty() && ghu.iter().all(|e| e.contains("(ghu_) live 8 hours")), "{ghu:?}");
        let ghr = explained("token-past-lifetime", "pos-ghr-refresh-token-after-6-months");
        assert!(!ghr.is_empty() && ghr.iter().all(|e| e.contains("(ghr_) live 6 months")), "{ghr:?}");
        // The lab's opaque token (`op_…`) from its own identity provider.
        let other = explained("token-past-lifetime", "pos-recorded-opaque-not-github");
        assert!(!other.is_empty() && other.iter().all(|e| !e.contains("GitHub")), "{other:?}");
    }
}
