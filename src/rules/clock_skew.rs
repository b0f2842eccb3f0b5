//! `clock-skew`
//!
//! # What it detects
//! The client's clock (the HAR's `startedDateTime`) and the server's `Date`
//! header differ by more than the leeway, on a request where a time-based check
//! is involved: a JWT with `exp`/`nbf`/`iat`, or a signed request (`X-Amz-Date`,
//! Hawk).
//!
//! # Why it causes the failure
//! Token lifetimes and request signatures are judged by the server's clock. If
//! the client's clock is wrong, a token the client believes valid is expired at
//! the server, or a freshly issued one is "not yet valid" — typical of mobile
//! devices, VMs after suspend, and containers without NTP.
//!
//! # Example (HAR excerpt)
//! `"startedDateTime": "2024-05-01T10:00:00Z"`, response `Date: Wed, 01 May 2024 10:12:30 GMT`.
//!
//! # References
//! RFC 9110 §6.6.1, RFC 7519 §4.1.4.

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, entry_ptr, resp_header_ptr};

pub struct ClockSkew;

static META: RuleMeta = RuleMeta {
    id: "clock-skew",
    since: "0.1.0",
    severity: Severity::Warning,
    rank: 14,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 9110 §6.6.1 Date", url: "https://www.rfc-editor.org/rfc/rfc9110#section-6.6.1" },
        Reference { title: "RFC 7519 §4.1.4 \"exp\" claim", url: "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4" },
    ],
};

impl Rule for ClockSkew {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        if cx.failure().is_none() {
            return;
        }
        let (Some(start), Some((h, server))) = (cx.started_ms(), cx.server_date_ms()) else { return };
        let claims = cx.claims();
        let timed_token = claims.is_some_and(|c| c.exp().is_some() || c.nbf().is_some() || c.iat().is_some());
        let signed = cx.entry.request_header("x-amz-date").is_some()
            || cx.authorization().is_some_and(|(_, v)| {
                let v = v.trim_start().to_ascii_lowercase();
                v.starts_with("hawk") || v.starts_with("aws4-hmac")
            });
        if !timed_token && !signed {
            return;
        }
        // The server stamps `Date` somewhere between the request start and its end,
        // with one-second resolution.
        let elapsed = cx.entry.time.unwrap_or(0.0).max(0.0) as i64;
        let leeway_ms = cx.opts.leeway_secs * 1000;
        let skew_ms = if server < start - 1000 {
            server - (start - 1000)
        } else if server > start + elapsed + 1000 {
            server - (start + elapsed + 1000)
        } else {
            0
        };
        if skew_ms.abs() <= leeway_ms {
            return;
        }
        let i = cx.index();
        // Is the token valid by the client's clock but not by the server's? Then the
        // skew is the cause, not the token.
        let decisive = claims.is_some_and(|c| {
            let exp = c.exp().and_then(|d| d.unix_millis());
            let nbf = c.nbf().and_then(|d| d.unix_millis());
            exp.is_some_and(|e| e >= start && e < server) || nbf.is_some_and(|n| n <= start && n > server)
        });
        let direction = Value::Word(if skew_ms > 0 { "behind" } else { "ahead" });
        let mut d = Draft::new(&META, i, if decisive { Confidence::Likely } else { Confidence::Possible })
            .data("skew", Value::Duration(skew_ms.abs() / 1000))
            .data("direction", direction)
            .data("client_time", Value::Instant(start))
            .data("server_time", Value::Instant(server))
            .data("leeway", Value::Duration(cx.opts.leeway_secs))
            .evidence(i, entry_ptr(i, "startedDateTime"), Value::labeled("startedDateTime", cx.entry.started_date_time.as_deref().unwrap_or("")))
            .evidence(i, resp_header_ptr(i, h), Value::header("Date", cx.entry.response_header("date").map_or("", |(_, v)| v)));
        if decisive {
            d = d.severity(Severity::Error).variant("decisive");
        }
        out.push(d);
    }
}
