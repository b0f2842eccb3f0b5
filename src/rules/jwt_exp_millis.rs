//! `jwt-exp-in-milliseconds`
//!
//! # What it detects
//! A JWT whose `exp`, `nbf` or `iat` is written in milliseconds (JavaScript's
//! `Date.now()`) instead of seconds: a value above 10¹¹, i.e. after the year 5138
//! if read as seconds.
//!
//! # Why it causes the failure
//! NumericDate is seconds since the epoch (RFC 7519 §2). A millisecond `exp` makes
//! the token valid for millennia at servers that accept it, and rejected as
//! malformed or "issued in the future" (`iat`) by strict ones. The issuer code that
//! mints the token has the bug.
//!
//! # Example (HAR excerpt)
//! `"exp": 1714557600000`.
//!
//! # References
//! RFC 7519 §2 (NumericDate), §4.1.4.

use crate::finding::{Confidence, Reference, Severity};

use super::facts::{names_claim, says_not_yet};
use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, req_header_ptr};

pub struct JwtExpInMilliseconds;

static META: RuleMeta = RuleMeta {
    id: "jwt-exp-in-milliseconds",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 11,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 7519 §2 NumericDate", url: "https://www.rfc-editor.org/rfc/rfc7519#section-2" },
        Reference { title: "RFC 7519 §4.1.4 \"exp\" claim", url: "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4" },
    ],
};

impl Rule for JwtExpInMilliseconds {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        let Some(claims) = cx.claims() else { return };
        let claims_in_ms: Vec<(&str, i64)> = [("exp", claims.exp()), ("nbf", claims.nbf()), ("iat", claims.iat())]
            .into_iter()
            .filter_map(|(n, v)| v.filter(|v| v.looks_like_millis()).map(|v| (n, v.as_f64() as i64)))
            .collect();
        if claims_in_ms.is_empty() {
            return;
        }
        let i = cx.index();
        let (h, token) = cx.bearer_token().unwrap_or((0, ""));
        let failing = cx.failure().is_some();
        // About a request that did not fail: only when the server really accepted it.
        if !failing && !cx.accepted() {
            return;
        }
        // The server's own words settle it when they name a claim written in milliseconds, or
        // say "not yet valid" of an `nbf` or `iat` so written (the lab's jose API, given all
        // three in milliseconds: `"nbf" claim timestamp check failed`). That claim is the one
        // shown.
        let said = failing
            .then(|| {
                claims_in_ms.iter().find_map(|&(claim, value)| {
                    let names = |m: &str| match claim {
                        "exp" => names_claim(&m.to_ascii_lowercase(), claim),
                        _ => says_not_yet(m, claim),
                    };
                    Some(((claim, value), cx.server_says(names)?))
                })
            })
            .flatten();
        let (claim, value) = said.as_ref().map_or(claims_in_ms[0], |(c, _)| *c);
        let mut d = Draft::new(&META, i, if failing { Confidence::Likely } else { Confidence::Possible })
            .data("claim", claim)
            .data("value", value)
            .data("as_millis", Value::Instant(value))
            .evidence(i, req_header_ptr(i, h), Value::header("Authorization", format!("Bearer {token}")))
            .settled_by(said.map(|(_, s)| s));
        if !failing {
            d = d.severity(Severity::Warning);
        }
        out.push(d);
    }
}
