//! `jwt-expired`
//!
//! # What it detects
//! A JWT whose `exp` claim is before the request time (the entry's
//! `startedDateTime`), beyond the clock-skew leeway.
//!
//! # Why it causes the failure
//! Servers reject expired tokens (RFC 7519 §4.1.4). The client kept using a token
//! after its lifetime instead of refreshing it first.
//!
//! # Example (HAR excerpt)
//! `"startedDateTime": "2024-05-01T10:00:00Z"` and a token with `"exp": 1714550400`
//! (08:00, two hours earlier).
//!
//! # References
//! RFC 7519 §4.1.4, RFC 6750 §3.1.

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, req_header_ptr};

pub struct JwtExpired;

static META: RuleMeta = RuleMeta {
    id: "jwt-expired",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 10,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 7519 §4.1.4 \"exp\" claim", url: "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4" },
        Reference { title: "RFC 6750 §3.1 invalid_token", url: "https://www.rfc-editor.org/rfc/rfc6750#section-3.1" },
    ],
};

/// Whether the server's words name a reason other than expiry for refusing the token: its
/// signature, its form, its audience or issuer.
fn names_another_cause(words: &str) -> bool {
    ["signature verification", "audience", "issuer", "segment"]
        .iter()
        .chain(crate::knowledge::MALFORMED_TOKEN_PHRASES)
        .chain(crate::knowledge::SIGNATURE_REFUSED_PHRASES)
        .chain(crate::knowledge::NO_SIGNING_KEY_PHRASES)
        .any(|w| words.contains(w))
}

/// Whether a server's words (lowercase) name this token's expiry: not a session's, a
/// password's or a refresh token's ("Refresh token expired" answers a refresh that carried an
/// expired access token too).
fn names_expiry(words: &str) -> bool {
    crate::knowledge::TOKEN_EXPIRED_PHRASES
        .iter()
        .any(|p| words.contains(p))
        && !["refresh", "session", "password"]
            .iter()
            .any(|w| words.contains(w))
}

impl Rule for JwtExpired {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        let Some((exp_ms, at)) = cx.exp_and_request_time_ms() else { return };
        let late_secs = (at - exp_ms) / 1000;
        // Not expired: nothing to say (and the server's words are not read for it).
        if late_secs <= 0 {
            return;
        }
        let failing = cx.failure().is_some();
        // About a request that did not fail: only when the server really accepted it.
        if !failing && !cx.accepted() {
            return;
        }
        // A challenge's `invalid_token` counts unless its description names another cause (the
        // signature, a key: `jwt-signature-rejected` says so, certain).
        let server_says_expired = cx.entry.response_header_values("www-authenticate").any(|(_, v)| {
            let v = v.to_ascii_lowercase();
            v.contains("expired") || (v.contains("invalid_token") && !names_another_cause(&v))
        });
        // Within the leeway only counts when the server itself rejected the token: it may
        // allow no leeway at all. Its challenge may say so, or its words ("Could not validate
        // credentials": FastAPI's, under a bare challenge, for a token that expired a second
        // before; the lab's fastapi-jwt-expired).
        // Not words that name another cause: PyJWT checks the signature before `exp`, and its
        // "Signature verification failed" says the signature was the reason.
        let beyond_leeway = late_secs > cx.opts.leeway_secs;
        // Its words naming the expiry say why, whatever the leeway: express-jwt's "jwt expired"
        // (on Express's own error page; the lab's express-jwt-expired), PyJWT's "Signature has
        // expired", "token expired".
        // The challenge says it, past the leeway: certain without reading further.
        let said_past_leeway = failing && server_says_expired && beyond_leeway;
        // The server's words, read once and only where they can change the answer.
        let words = std::cell::OnceCell::new();
        let words = || {
            words
                .get_or_init(|| cx.server_message().map(|w| w.to_ascii_lowercase()))
                .as_deref()
        };
        let words_say_expired = failing
            && !said_past_leeway
            && !cx.is_token_request()
            && words().is_some_and(|w| names_expiry(w) && !names_another_cause(w));
        let refused = failing
            && (server_says_expired
                || words_say_expired
                || (!words().is_some_and(names_another_cause) && cx.server_refused_a_token()));
        if !(beyond_leeway || refused) {
            return;
        }
        let i = cx.index();
        let (h, token) = cx.bearer_token().unwrap_or((0, ""));
        let confidence = if said_past_leeway || words_say_expired {
            Confidence::Certain
        } else if failing {
            Confidence::Likely
        } else {
            Confidence::Possible
        };
        let mut d = Draft::new(&META, i, confidence)
            .data("ago", Value::Duration(late_secs))
            .data("exp", Value::Instant(exp_ms))
            .data("request_time", Value::Instant(at))
            .data("leeway", Value::Duration(cx.opts.leeway_secs))
            .evidence(i, req_header_ptr(i, h), Value::header("Authorization", format!("Bearer {token}")));
        if let Some(iat) = cx.claims().and_then(|c| c.iat()).and_then(|d| d.unix_millis()) {
            if iat < exp_ms {
                d = d.data("lifetime", Value::Duration((exp_ms - iat) / 1000));
            }
        }
        // Within the leeway, what decided it is the server's refusal: said, with its words.
        if !beyond_leeway {
            if let Some((pointer, words)) = cx.server_says(|_| true) {
                d = d.data("refused", words.clone()).evidence(i, pointer, words);
            }
        }
        if !failing {
            // The server accepted it: its clock or leeway differs, or it does not check.
            d = d.severity(Severity::Warning).variant("accepted");
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    /// Words that name the token's expiry, and words that name another's.
    #[test]
    fn words_that_name_the_expiry() {
        for w in ["unauthorizederror: jwt expired", "authorization token expired", "signature has expired", "\"exp\" claim timestamp check failed"] {
            assert!(super::names_expiry(w), "{w}");
        }
        for w in ["refresh token expired", "your session has expired. please sign in again.", "password expired", "expired"] {
            assert!(!super::names_expiry(w), "{w}");
        }
    }
}
