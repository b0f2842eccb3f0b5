//! `rate-limited`
//!
//! # What it detects
//! An authentication failure that comes with rate limiting: status 429, a
//! `Retry-After`, `X-RateLimit-Remaining: 0`, `RateLimit-Remaining: 0` or
//! `RateLimit: …;r=0`, or a 429 from the same host shortly before.
//!
//! # Why it causes the failure
//! Many servers answer too many attempts (failed logins, token refreshes in a loop)
//! with 401/403 or 429 regardless of the credentials, and lock accounts after
//! repeated failures. Retrying immediately makes it worse.
//!
//! # Example (HAR excerpt)
//! `"status": 403`, `X-RateLimit-Remaining: 0`, `X-RateLimit-Reset: 1714557900`.
//!
//! # References
//! RFC 6585 §4, RFC 9110 §10.2.3, IETF draft RateLimit header fields.

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, entry_ptr, resp_header_ptr};

pub struct RateLimited;

static META: RuleMeta = RuleMeta {
    id: "rate-limited",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 18,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 6585 §4 429 Too Many Requests", url: "https://www.rfc-editor.org/rfc/rfc6585#section-4" },
        Reference { title: "RFC 9110 §10.2.3 Retry-After", url: "https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3" },
        Reference { title: "RateLimit header fields for HTTP (IETF draft)", url: "https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/" },
    ],
};

impl Rule for RateLimited {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        if cx.failure().is_none() {
            return;
        }
        let i = cx.index();
        let e = cx.entry;
        let mut d = Draft::new(&META, i, Confidence::Likely);
        let mut found = false;
        if cx.status() == Some(429) {
            found = true;
            d.confidence = Confidence::Certain;
            d = d.evidence(i, entry_ptr(i, "response/status"), Value::labeled("status", 429));
        }
        for name in ["x-ratelimit-remaining", "ratelimit-remaining", "x-rate-limit-remaining"] {
            if let Some((h, v)) = e.response_header(name) {
                if v.trim() == "0" {
                    found = true;
                    d.confidence = Confidence::Certain;
                    d = d.evidence(i, resp_header_ptr(i, h), Value::header(name, v));
                }
            }
        }
        if let Some((h, v)) = e.response_header("ratelimit") {
            if v.split([';', ',']).any(|p| p.trim() == "r=0") {
                found = true;
                d.confidence = Confidence::Certain;
                d = d.evidence(i, resp_header_ptr(i, h), Value::header("RateLimit", v));
            }
        }
        // Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3).
        if let Some((h, v)) = e.response_header("retry-after") {
            found = true;
            let v = v.trim();
            d = match (v.parse::<i64>(), crate::time::parse_http_date(v)) {
                (Ok(secs), _) => d.data("retry_after", Value::Duration(secs)),
                (_, Some(ms)) => d.data("reset_at", Value::Instant(ms)),
                _ => d,
            };
            d = d.evidence(i, resp_header_ptr(i, h), Value::header("Retry-After", v));
        }
        if !found {
            return;
        }
        if !d.data.contains_key("retry_after") && !d.data.contains_key("reset_at") {
            // X-RateLimit-Reset is a Unix time at GitHub and most APIs, seconds to wait at a few.
            let reset = ["x-ratelimit-reset", "ratelimit-reset"].iter().find_map(|n| e.response_header(n));
            if let Some(n) = reset.and_then(|(_, v)| v.trim().parse::<i64>().ok()) {
                d = if n > 1_000_000_000 { d.data("reset_at", Value::Instant(n * 1000)) } else { d.data("retry_after", Value::Duration(n)) };
            }
        }
        out.push(d);
    }
}
