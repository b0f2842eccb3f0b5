//! `proxy-auth-required`
//!
//! # What it detects
//! 407 Proxy Authentication Required with `Proxy-Authenticate`: a proxy between
//! the browser and the site wants credentials, not the site. Chromium refuses a 407
//! that did not come from a proxy it uses and records only
//! `net::ERR_UNEXPECTED_PROXY_AUTH`: a proxy behind the site asks. Firefox records such a 407;
//! the site's CORS headers on it (`Access-Control-Allow-Origin`, which no proxy the browser uses
//! writes for the page) show that it came from the site's side too.
//!
//! # Why it causes the failure
//! Corporate proxies, VPN gateways and debugging proxies authenticate the client
//! themselves (Basic, NTLM, Negotiate). Fixing the site's credentials changes
//! nothing: the proxy's must be provided (system proxy settings, `HTTPS_PROXY`
//! with credentials, or an allow-list entry).
//!
//! # Example (HAR excerpt)
//! `"status": 407`, `Proxy-Authenticate: Negotiate`, `Proxy-Authenticate: NTLM`.
//!
//! # References
//! RFC 9110 §15.5.8, §11.7.1.

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, EntryCx, FailureKind, Phase, Rule, RuleMeta, Value, entry_ptr, resp_header_ptr, status_as_written};

pub struct ProxyAuthRequired;

static META: RuleMeta = RuleMeta {
    id: "proxy-auth-required",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 1,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 9110 §15.5.8 407 Proxy Authentication Required", url: "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.8" },
        Reference { title: "RFC 9110 §11.7.1 Proxy-Authenticate", url: "https://www.rfc-editor.org/rfc/rfc9110#section-11.7.1" },
    ],
};

impl Rule for ProxyAuthRequired {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        let i = cx.index();
        if cx.status().is_none() && cx.failure() == Some(FailureKind::ProxyAuthRequired) {
            out.push(refused_by_chromium(cx));
            return;
        }
        if cx.status() != Some(407) {
            return;
        }
        let challenges = cx.proxy_challenges();
        let schemes: Vec<&str> = challenges.iter().map(|(_, c)| c.scheme.as_str()).collect();
        let realm = challenges.iter().find_map(|(_, c)| c.realm()).unwrap_or("");
        let sent = cx.entry.request_header("proxy-authorization");
        let mut d = Draft::new(&META, i, Confidence::Certain)
            .data("schemes", Value::Joined(schemes.into_iter().map(Value::text).collect()))
            .data("realm", realm)
            .data("sent", Value::Word(if sent.is_some() { "yes" } else { "no" }));
        d = match challenges.first() {
            Some((h, _)) => {
                let all: Vec<&str> = cx.entry.response_header_values("proxy-authenticate").map(|(_, v)| v).collect();
                d.evidence(i, resp_header_ptr(i, *h), Value::header("Proxy-Authenticate", all.join(", ")))
            }
            None => d.variant("no-challenge").evidence(i, entry_ptr(i, "response/status"), Value::labeled("status", 407)),
        };
        if sent.is_some() && !challenges.is_empty() {
            d = d.variant("rejected");
        } else if let Some((h, origin)) = cx.entry.response_header("access-control-allow-origin").filter(|(_, v)| allows_a_page(v)) {
            // The site's CORS answer to the page's origin: no proxy the browser uses writes it
            // (Firefox's record of the lab's gateway-passes-407, where Chrome refused the 407).
            d = d.variant("from-site").data("cors", Value::header("Access-Control-Allow-Origin", origin)).evidence(
                i,
                resp_header_ptr(i, h),
                Value::header("Access-Control-Allow-Origin", origin),
            );
        }
        out.push(d);
    }
}

/// Whether an `Access-Control-Allow-Origin` value lets a page read the answer: `*` or an http(s)
/// origin. `null` and other words let no web page in, so they say nothing of who wrote them.
fn allows_a_page(value: &str) -> bool {
    let v = value.trim();
    v == "*" || ["http://", "https://"].iter().any(|s| v.len() > s.len() && crate::text::starts_with_ignore_ascii_case(v, s))
}

/// Chromium's `net::ERR_UNEXPECTED_PROXY_AUTH`: a 407 that did not come from a proxy the browser
/// uses (a server it sent the request to directly, or one inside a proxy's tunnel), of which
/// Chromium kept no status or header, only the error beside the status it writes (0, or
/// Playwright's -1).
fn refused_by_chromium(cx: &EntryCx<'_, '_>) -> Draft {
    let i = cx.index();
    let d = Draft::new(&META, i, Confidence::Certain).variant("unexpected").data("error", cx.network_error());
    match status_as_written(cx.entry) {
        Some((pointer, status)) => d.evidence(i, pointer, status),
        None => d,
    }
}
