//! `jwt-not-yet-valid`
//!
//! # What it detects
//! A JWT whose `nbf` (not before) or `iat` (issued at) is later than the request
//! time, beyond the clock-skew leeway.
//!
//! # Why it causes the failure
//! Servers reject tokens that are not valid yet (RFC 7519 §4.1.5). Almost always the
//! issuer's clock runs ahead of the API server's, or the client's clock (whose time
//! the HAR records) is behind; tokens minted "in the future" fail until the clocks
//! catch up.
//!
//! # Example (HAR excerpt)
//! Request at 10:00:00Z, token with `"nbf"` at 10:05:00Z.
//!
//! # References
//! RFC 7519 §4.1.5 and §4.1.6.

use crate::finding::{Confidence, Reference, Severity};

use super::facts::says_not_yet;
use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, req_header_ptr};

pub struct JwtNotYetValid;

static META: RuleMeta = RuleMeta {
    id: "jwt-not-yet-valid",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 12,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 7519 §4.1.5 \"nbf\" claim", url: "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.5" },
        Reference { title: "RFC 7519 §4.1.6 \"iat\" claim", url: "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.6" },
    ],
};

impl Rule for JwtNotYetValid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        let Some(claims) = cx.claims() else { return };
        let Some(at) = cx.request_time_ms() else { return };
        let failing = cx.failure().is_some();
        // About a request that did not fail: only when the server really accepted it.
        if !failing && !cx.accepted() {
            return;
        }
        for (claim, value) in [("nbf", claims.nbf()), ("iat", claims.iat())] {
            let Some(v) = value else { continue };
            if v.looks_like_millis() {
                continue;
            }
            let Some(ms) = v.unix_millis() else { continue };
            let early_secs = (ms - at) / 1000;
            if early_secs <= cx.opts.leeway_secs {
                continue;
            }
            let i = cx.index();
            let (h, token) = cx.bearer_token().unwrap_or((0, ""));
            // The server's own words settle it: its error names this claim or says "not yet
            // valid" (the lab's jose API: `"nbf" claim timestamp check failed`).
            let said = if failing { cx.server_says(|m| says_not_yet(m, claim)) } else { None };
            let confidence = match (failing, claim) {
                (true, "nbf") => Confidence::Likely,
                (true, _) => Confidence::Possible,
                (false, _) => Confidence::Possible,
            };
            let mut d = Draft::new(&META, i, confidence)
                .data("claim", claim)
                .data("ahead", Value::Duration(early_secs))
                .data("claim_time", Value::Instant(ms))
                .data("request_time", Value::Instant(at))
                .data("leeway", Value::Duration(cx.opts.leeway_secs))
                .evidence(i, req_header_ptr(i, h), Value::header("Authorization", format!("Bearer {token}")))
                .settled_by(said);
            if !failing {
                d = d.severity(Severity::Warning);
            }
            out.push(d);
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::facts::says_not_yet;

    #[test]
    fn libraries_wordings_say_not_yet() {
        for (message, claim) in [
            ("'nbf' claim timestamp check failed", "nbf"),
            ("\"iat\" claim timestamp check failed (in the future)", "iat"),
            ("jwt not active", "nbf"),
            ("The token is not yet valid (iat)", "iat"),
            ("token is not valid yet", "nbf"),
            ("IDX10222: Lifetime validation failed. The token is not yet valid.", "nbf"),
            ("Jwt used before 2026-12-06T10:05:00Z", "nbf"),
        ] {
            assert!(says_not_yet(message, claim), "{message}");
        }
    }

    #[test]
    fn other_words_do_not() {
        for (message, claim) in [
            ("'exp' claim timestamp check failed", "nbf"),
            ("token expired", "nbf"),
            ("invalid signature", "iat"),
            // The claim's letters inside another word are not its name.
            ("unbfounded", "nbf"),
            ("the radiation", "iat"),
        ] {
            assert!(!says_not_yet(message, claim), "{message}");
        }
    }
}
