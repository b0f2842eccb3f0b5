//! `cached-401`
//!
//! # What it detects
//! A 401 that came from a cache rather than from the origin server: `Age` above 0,
//! `X-Cache`/`CF-Cache-Status`/`X-Cache-Status: HIT`, Chrome's `_fromCache`, or a
//! 401 that a shared cache is allowed to store (`public`, `s-maxage`) without
//! `Vary: Authorization`. The `service-worker` variant: the page's service worker answered from
//! its Cache Storage (Chrome's `_serviceWorkerResponseSource`), which `Cache-Control` does not
//! govern. The `worker-replay` variant: where the tool marks no worker (Firefox, Playwright), a
//! 401 that came over no network (`service-worker-answered`'s `unmarked`) after an earlier
//! record of the same call got the same 401: `likely` in Playwright, which records a worker's
//! own requests and holds none for this call, `possible` in Firefox, which records none (its
//! worker may have asked the server), both recorded in the lab's https-sw-cached-401.
//!
//! # Why it causes the failure
//! A cached 401 is replayed to everyone, including users whose credentials are
//! fine: fixing the credentials changes nothing until the cache entry expires.
//! 401 responses must not be stored by shared caches unless explicitly allowed,
//! and a response that depends on `Authorization` must vary on it.
//!
//! # Example (HAR excerpt)
//! `"status": 401`, `Age: 312`, `CF-Cache-Status: HIT`.
//!
//! # References
//! RFC 9111 §3.5, §4.1; RFC 9110 §15.5.2.

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, entry_ptr, resp_header_ptr};

pub struct Cached401;

static META: RuleMeta = RuleMeta {
    id: "cached-401",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 20,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 9111 §3.5 Storing responses to authenticated requests", url: "https://www.rfc-editor.org/rfc/rfc9111#section-3.5" },
        Reference { title: "RFC 9111 §4.1 Calculating cache keys with Vary", url: "https://www.rfc-editor.org/rfc/rfc9111#section-4.1" },
    ],
};

use crate::knowledge::CACHE_HIT_HEADERS as HIT_HEADERS;

impl Rule for Cached401 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        if cx.status() != Some(401) {
            return;
        }
        let i = cx.index();
        let e = cx.entry;
        // Known by its shape alone: an answer over no network, where the same call got the same
        // 401, with the same `Date`, before. Its headers are then the stored answer's: nothing
        // else below is this answer's. Without such a twin, the checks below stand.
        if let Some((unmarked, earlier)) = cx.worker.and_then(|w| w.unmarked).and_then(|u| Some((u, u.earlier()?))) {
            let confidence = if unmarked.records_workers { Confidence::Likely } else { Confidence::Possible };
            let d = Draft::new(&META, i, confidence).variant("worker-replay");
            let d = super::service_worker_answered::off_network(d, cx, unmarked)
                .data("earlier", Value::Entry(earlier))
                .also_entry(earlier)
                .evidence(earlier, entry_ptr(earlier, "response/status"), Value::labeled("status", 401i64));
            out.push(d);
            return;
        }
        let mut d = Draft::new(&META, i, Confidence::Likely);
        let mut proven = false;
        if let Some((h, age)) = e.response_header("age") {
            if age.trim().parse::<u64>().is_ok_and(|a| a > 0) {
                proven = true;
                d = d.data("signal", Value::header("Age", age.trim())).evidence(i, resp_header_ptr(i, h), Value::header("Age", age.trim()));
            }
        }
        for name in HIT_HEADERS {
            if let Some((h, v)) = e.response_header(name) {
                if v.to_ascii_uppercase().contains("HIT") {
                    proven = true;
                    d = d.data("signal", Value::header(*name, v)).evidence(i, resp_header_ptr(i, h), Value::header(*name, v));
                }
            }
        }
        // Age or a HIT header: a shared cache's (a browser's own cache writes neither).
        let shared = proven;
        if let Some(from) = e.from_cache.as_deref() {
            proven = true;
            d = d.data("signal", Value::labeled("_fromCache", from)).evidence(i, entry_ptr(i, "_fromCache"), Value::labeled("_fromCache", from));
        }
        // The page's service worker answered from its Cache Storage (Chrome says so; it writes
        // `_fromCache: disk` too): an earlier answer the worker stored, which no `Cache-Control`
        // kept it from storing (the lab's https-sw-cached-401).
        if e.response.as_ref().is_some_and(|r| r.from_worker_cache) {
            let source = Value::labeled("_serviceWorkerResponseSource", "cache-storage");
            d = d.variant("service-worker").data("signal", source.clone()).evidence(i, entry_ptr(i, "response/_serviceWorkerResponseSource"), source);
            d.confidence = Confidence::Certain;
            out.push(d);
            return;
        }
        let cache_control = e.response_header("cache-control");
        let storable = cache_control.is_some_and(|(_, v)| {
            let v = v.to_ascii_lowercase();
            (v.contains("public") || v.contains("s-maxage")) && !v.contains("no-store") && !v.contains("private")
        });
        let varies = e
            .response_header_values("vary")
            .any(|(_, v)| v.to_ascii_lowercase().split(',').any(|t| matches!(t.trim(), "authorization" | "*" | "cookie")));
        if storable && !varies {
            let (h, v) = cache_control.unwrap_or((0, ""));
            d = d.evidence(i, resp_header_ptr(i, h), Value::header("Cache-Control", v)).data("storable", Value::Word("yes"));
            if !proven {
                d = d.variant("storable").severity(Severity::Warning).data("signal", Value::header("Cache-Control", v));
                d.confidence = Confidence::Possible;
            }
        } else if !proven {
            return;
        }
        if proven {
            // A cache HIT, a positive Age or Chrome's _fromCache says the answer did not
            // come from the server for this request: whatever credentials it carried were
            // not judged. That is what the capture proves, on one sign as on several.
            d.confidence = Confidence::Certain;
            // A shared cache's replay of an answer that forbids storing it (the lab's
            // cached-401: nginx with `proxy_ignore_headers`): the usual fix, "send no-store",
            // is there already, at least as the browser got it (a CDN may send `no-store` on
            // while caching by its own rule; the message says so).
            let forbids = e.response_header_values("cache-control").find(|(_, v)| {
                v.split(',').any(|t| {
                    let t = t.trim();
                    t.eq_ignore_ascii_case("no-store") || t.eq_ignore_ascii_case("private")
                })
            });
            let forbids = forbids.filter(|_| shared);
            if let Some((h, v)) = forbids {
                d = d
                    .variant("despite-no-store")
                    .data("cache_control", v.trim())
                    .evidence(i, resp_header_ptr(i, h), Value::header("Cache-Control", v));
            }
        }
        out.push(d);
    }
}
