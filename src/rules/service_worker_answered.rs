//! `service-worker-answered`
//!
//! # What it detects
//! A failed call that the page's service worker answered: Chrome marks the page's record
//! (`response._fetchedViaServiceWorker`, chrome-har's `response.fromServiceWorker`); Playwright
//! marks the worker's own request instead (`_serviceWorkerRef`), which starts while the page's
//! call is open. Where the capture holds the worker's own request (the same method, URL and
//! status), it is named, and that entry carries the diagnosis (this one is a note, not listed as
//! a failure of its own); where it does not, the `unrecorded` variant says what the capture
//! cannot show. Firefox marks nothing, and records no request of a worker's; the `unmarked`
//! variant is for an answer that came over no network, by its shape: no server address, and
//! no mark of the browser's own cache (in Playwright, `_transferSize: 0` and no request of the
//! worker's beside it). Recorded so in the lab's https-sw-* scenarios, and in no other of the
//! lab's 320 captures; the HTTP cache's answers in a Firefox 47 capture of the corpus lack the
//! address too, and carry `cache.afterRequest`.
//!
//! # Why it causes the failure
//! It is not the cause: it says where the cause is. The record is the request as the page made
//! it, before the worker saw it, not what the worker sent to the server. A worker that attaches
//! the token or the cookies (an auth library's worker, a PWA's) leaves none in the page's
//! record, which then reads as a request sent without credentials, and then again with them
//! (the lab's https-sw-attaches-token, before this rule: `missing-credentials`, certain). No
//! rule concludes anything from what such a record lacks.
//!
//! # Example (HAR excerpt)
//! `GET /v1/orders` with `"_fetchedViaServiceWorker": true` and no `Authorization` → 401; the
//! next entry, the same URL with `Authorization: Bearer …` → 401.
//!
//! # References
//! Service Worker API, Chrome DevTools' Network reference.

use crate::finding::{Confidence, Reference, Severity};

use super::facts::Unmarked;
use super::{entry_ptr, Draft, EntryCx, Phase, Pointer, Rule, RuleMeta, Standing, Value};

pub struct ServiceWorkerAnswered;

static META: RuleMeta = RuleMeta {
    id: "service-worker-answered",
    since: "0.1.0",
    severity: Severity::Warning,
    rank: 1,
    phase: Phase::Main,
    references: &[
        Reference { title: "MDN: Using Service Workers (the fetch event)", url: "https://developer.mozilla.org/en-US/docs/Web/API/Service_Worker_API/Using_Service_Workers" },
        Reference { title: "Chrome DevTools: Network features reference", url: "https://developer.chrome.com/docs/devtools/network/reference" },
    ],
};

/// Draft `d` with what shows that the answer of `cx` came over no network, by its shape: the
/// tool, what it does not record, and where the record lacks the address (and, in Playwright's,
/// transferred nothing). `cached-401`'s `worker-replay` variant says it too.
pub(crate) fn off_network(mut d: Draft, cx: &EntryCx<'_, '_>, unmarked: Unmarked) -> Draft {
    let i = cx.index();
    d = d
        .data("tool", Value::text(unmarked.tool()))
        .evidence(i, Pointer::Other(format!("/log/entries/{i}").into()), Value::Word("ev_no_server_address"));
    if unmarked.records_workers {
        d = d
            .data("unasked", Value::Word("worker_unasked"))
            .evidence(i, entry_ptr(i, "response/_transferSize"), Value::labeled("_transferSize", 0i64));
    } else {
        d = d.data("unrecorded", Value::Word("worker_requests_unrecorded"));
    }
    d
}

impl Rule for ServiceWorkerAnswered {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        let Some(worker) = cx.worker else { return };
        // An answer from the worker's Cache Storage: no request of the worker's to look for, and
        // `cached-401` says where the answer came from.
        if cx.failure().is_none() || cx.entry.response.as_ref().is_some_and(|r| r.from_worker_cache) {
            return;
        }
        let i = cx.index();
        let e = cx.entry;
        let mut d = match (worker.request(), worker.unmarked) {
            // The worker's own request carries the diagnosis: this record is a note beside it.
            (Some(own), _) => {
                let confidence = if worker.marked { Confidence::Certain } else { Confidence::Likely };
                Draft::new(&META, i, confidence)
                    .severity(Severity::Info)
                    .standing(Standing::SpeaksFor)
                    .data("request", Value::Entry(own))
                    .also_entry(own)
                    .evidence(own, entry_ptr(own, "request/url"), Value::Word("ev_worker_request"))
            }
            // Known by its shape alone: possible, for a sign the tool does not document.
            (None, Some(unmarked)) => {
                off_network(Draft::new(&META, i, Confidence::Possible).variant("unmarked"), cx, unmarked)
                    .standing(Standing::Aside)
            }
            // What the worker sent is not in the capture: what this record lacks says nothing.
            (None, None) => Draft::new(&META, i, Confidence::Possible).variant("unrecorded").standing(Standing::Aside),
        };
        let said = e.response.as_ref().map_or((None, None), |r| (r.fetched_via_service_worker, r.from_service_worker));
        if said.0 == Some(true) {
            d = d.evidence(i, entry_ptr(i, "response/_fetchedViaServiceWorker"), Value::labeled("_fetchedViaServiceWorker", Value::text("true")));
        } else if said.1 == Some(true) {
            d = d.evidence(i, entry_ptr(i, "response/fromServiceWorker"), Value::labeled("fromServiceWorker", Value::text("true")));
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::analyze_bytes;
    use crate::Options;

    /// A capture by `creator`: the page's call (started at 0 and open 20 ms, no token) and a
    /// request to the same URL started `later` ms after it, with a token, marked as a worker's
    /// with `worker_ref`; both answered `second_status`, the first 401.
    fn pair(creator: &str, later: u32, worker_ref: bool, second_status: u16) -> Vec<(String, Vec<usize>)> {
        let entry = |at: u32, token: bool, mark: bool, status: u16| {
            format!(
                r#"{{{}"startedDateTime":"2026-12-07T06:00:00.{at:03}Z","time":20,
                "request":{{"method":"GET","url":"https://api.test/v1/orders","headers":[{}]}},
                "response":{{"status":{status},"headers":[{{"name":"WWW-Authenticate","value":"Bearer realm=\"api\""}}]}}}}"#,
                if mark { r#""_serviceWorkerRef":"worker@1","# } else { "" },
                if token { r#"{"name":"Authorization","value":"Bearer abc.def"}"# } else { "" },
            )
        };
        let har = format!(
            r#"{{"log":{{"creator":{{"name":"{creator}","version":"1"}},"entries":[{},{}]}}}}"#,
            entry(0, false, false, 401),
            entry(later, true, worker_ref, second_status)
        );
        let report = analyze_bytes(har.into_bytes(), &Options::default()).unwrap();
        report.findings.into_iter().map(|f| (f.message, f.entries)).collect()
    }

    /// Playwright marks the worker's requests (`_serviceWorkerRef`), not the page's: a page's call
    /// with a worker's request to the same URL, with the same answer, started while it was open,
    /// was answered by the worker (likely). One started after it ended, one with another answer,
    /// one not marked as a worker's (a test's own API request), or another tool's capture, says
    /// nothing of a worker.
    #[test]
    fn playwright_pairs_a_workers_request_within_the_call_only() {
        let has = |got: &[(String, Vec<usize>)], message: &str| got.iter().any(|(m, _)| m == message);
        let within = pair("Playwright", 5, true, 401);
        assert!(within.contains(&("service-worker-answered".into(), vec![0, 1])), "{within:?}");
        assert!(!has(&within, "missing-credentials.sent-again"), "{within:?}");
        for got in [
            pair("Playwright", 90, true, 401),
            pair("Playwright", 5, true, 200),
            pair("Playwright", 5, false, 401),
            pair("WebInspector", 5, true, 401),
        ] {
            assert!(!got.iter().any(|(m, _)| m.starts_with("service-worker-answered")), "{got:?}");
            assert!(has(&got, "missing-credentials.sent-again") || has(&got, "missing-credentials.first-leg"), "{got:?}");
        }
    }
}
