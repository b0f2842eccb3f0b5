//! `header-too-large`
//!
//! # What it detects
//! 431 Request Header Fields Too Large, or 400 "Request Header Or Cookie Too
//! Large" (nginx), with the sizes of the request's headers and cookies; or no answer
//! at all to a request whose headers are beyond common servers' limits (nginx over
//! HTTP/2 closes the connection).
//!
//! # Why it causes the failure
//! Servers and proxies cap the header block (nginx 8 KB per line by default,
//! Node.js 16 KB in all, many CDNs 8–32 KB). Large JWTs, many cookies from sibling
//! subdomains, or cookies that are re-set on every response without ever being
//! cleared push a request over the limit, and the server refuses it before any
//! authentication happens.
//!
//! # Example (HAR excerpt)
//! `"status": 400, "statusText": "Request Header Or Cookie Too Large"`.
//!
//! # References
//! RFC 6585 §5, RFC 6265 §6.1, nginx large_client_header_buffers.

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, EntryCx, FailureKind, Phase, Rule, RuleMeta, Value, req_header_ptr, status_as_written};

pub struct HeaderTooLarge;

static META: RuleMeta = RuleMeta {
    id: "header-too-large",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 5,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 6585 §5 431 Request Header Fields Too Large", url: "https://www.rfc-editor.org/rfc/rfc6585#section-5" },
        Reference { title: "RFC 6265 §6.1 Cookie limits", url: "https://www.rfc-editor.org/rfc/rfc6265#section-6.1" },
        Reference { title: "nginx large_client_header_buffers", url: "https://nginx.org/en/docs/http/ngx_http_core_module.html#large_client_header_buffers" },
    ],
};

impl Rule for HeaderTooLarge {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        if cx.failure() != Some(FailureKind::HeaderTooLarge) {
            return;
        }
        let i = cx.index();
        let e = cx.entry;
        let total = e.request.headers.bytes;
        let cookie = e.request_header("cookie");
        let cookie_len = cookie.map_or(0, |(_, v)| v.len());
        let cookie_count = cookie.map_or(e.request.cookies.len(), |(_, v)| v.split(';').filter(|p| !p.trim().is_empty()).count());
        let largest = e.request.headers.largest.as_ref().map(|(n, len, name)| (*n as usize, name.to_string(), *len));
        // No answer at all: the sizes are the only sign, and the server's side (its log) is not
        // in the capture. Chromium names a connection the server closed; Firefox writes no error
        // (`silent_no_answer`), for a request it cancelled or had not finished either.
        let answered = cx.status().is_some();
        let confidence = if answered {
            Confidence::Certain
        } else if cx.connection_dropped() {
            Confidence::Likely
        } else {
            Confidence::Possible
        };
        let mut d = Draft::new(&META, i, confidence)
            .data("total", Value::Count(u64::from(total), "byte"))
            .data("cookie_bytes", Value::Count(cookie_len as u64, "byte"))
            .data("cookie_count", Value::Count(cookie_count as u64, "cookie"));
        if let Some((pointer, status)) = status_as_written(e) {
            d = d.evidence(i, pointer, status);
        }
        if let Some((n, name, len)) = largest {
            let size = Value::Count(u64::from(len), "byte");
            d = d
                .data("largest", Value::phrase("header_size", vec![("name", Value::text(&name)), ("size", size.clone())]))
                .evidence(i, req_header_ptr(i, n), Value::phrase("header_size", vec![("name", Value::text(&name)), ("size", size)]));
        }
        if !answered {
            d = d.variant("no-answer");
        } else if total == 0 {
            // Sanitized or header-less exports: the sizes are unknown, the status is not.
            d = d.variant("unknown-size");
        }
        out.push(d);
    }
}
