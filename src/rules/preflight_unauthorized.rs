//! `preflight-unauthorized`
//!
//! # What it detects
//! A CORS preflight (`OPTIONS` with `Access-Control-Request-Method`) answered
//! 401 or 403, and the request it was sent for, which the browser then blocked
//! (status 0, `net::ERR_FAILED`).
//!
//! # Why it causes the failure
//! Browsers never send credentials on a preflight (Fetch standard §4.8): no
//! `Authorization`, no cookies. A server whose auth middleware runs before its
//! CORS handling rejects every preflight, so the real request, with its valid
//! token, is never sent. The page sees a CORS error, the network shows a 401.
//! A 403 the server's CORS layer wrote (no challenge, a `Vary` naming
//! `Access-Control-Request-Method`, and no allowances or refusing ones) refused no
//! credential: `cors-blocked` tells it (`preflight-refused`), and this rule is silent.
//!
//! # Example (HAR excerpt)
//! `OPTIONS /api/orders` (`_resourceType: "preflight"`) → 401; then `GET /api/orders` → status 0.
//!
//! # References
//! Fetch standard §4.8 CORS-preflight fetch; MDN Preflight request.

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, FailureKind, FileCx, Phase, Rule, RuleMeta, Value, entry_ptr, no_answer_ptr};

pub struct PreflightUnauthorized;

static META: RuleMeta = RuleMeta {
    id: "preflight-unauthorized",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 1,
    phase: Phase::Main,
    references: &[
        Reference { title: "Fetch standard §4.8 CORS-preflight fetch", url: "https://fetch.spec.whatwg.org/#cors-preflight-fetch" },
        Reference { title: "MDN: Preflight request", url: "https://developer.mozilla.org/en-US/docs/Glossary/Preflight_request" },
    ],
};

impl Rule for PreflightUnauthorized {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        for (pos, cx) in fcx.entries.iter().enumerate() {
            if cx.failure() != Some(FailureKind::PreflightRejected) {
                continue;
            }
            let i = cx.index();
            let url = cx.entry.request.url.as_ref();
            let wanted_method = cx.entry.request_header("access-control-request-method").map_or("", |(_, v)| v.trim());
            let wanted_headers = cx.entry.request_header("access-control-request-headers").map_or("", |(_, v)| v.trim());
            // The request it was for: Chrome names it in `_initiator.url`; otherwise
            // the next entry with the same URL and the announced method.
            let actual = fcx.entries.iter().skip(pos + 1).take(50).chain(fcx.entries[..pos].iter().rev().take(5)).find(|o| {
                !o.is_preflight()
                    && o.entry.request.url == url
                    && (wanted_method.is_empty() || o.entry.request.method.eq_ignore_ascii_case(wanted_method))
            });
            let status = cx.status().unwrap_or(0);
            let mut d = Draft::new(&META, i, Confidence::Certain)
                .data("status", status)
                .data("method", wanted_method)
                .data("headers", wanted_headers)
                .evidence(i, entry_ptr(i, "response/status"), Value::phrase("ev_preflight_status", vec![("status", status.into())]));
            if let Some(a) = actual {
                let blocked = a.status().is_none();
                d = d.also_entry(a.index()).data("request", Value::Entry(a.index()));
                if blocked {
                    let err = a.entry.response.as_ref().and_then(|r| r.error.as_deref());
                    let excerpt = err.map_or(Value::Word("ev_blocked"), |e| Value::labeled(fcx.har.error_member(a.entry), e));
                    d = d.evidence(a.index(), no_answer_ptr(fcx.har, a.entry), excerpt);
                }
            }
            out.push(d);
        }
    }
}
