//! `missing-credentials`
//!
//! # What it detects
//! A request refused with 401 that carried no credentials at all: no
//! `Authorization`, no cookie, no API key. It tells apart the normal first leg of
//! a challenge/response exchange (the next request to the same URL carries
//! credentials: nothing to fix) from an application that forgot to attach its
//! token. A failure explained by a cookie the browser did not send or refused
//! to store is left to `cookie-not-sent` and `cookie-rejected`.
//!
//! In a sanitized export every request looks credential-less; this rule stays
//! silent there and `har-sanitized` says why.
//!
//! # Why it causes the failure
//! The server cannot authenticate a request that says nothing about who sends
//! it. Typical causes: the token is attached only by some code paths (a fetch
//! outside the API client, a new endpoint, a request fired before login
//! finished), `fetch` without `credentials: "include"` on a cross-origin call, or
//! a cookie blocked by SameSite/Secure rules.
//!
//! # Example (HAR excerpt)
//! `GET /api/me` with no Authorization → 401 `WWW-Authenticate: Bearer realm="api"`.
//!
//! # References
//! RFC 6750 §3, RFC 9110 §11.6.1, Fetch standard (credentials mode).

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, FileCx, Phase, Rule, RuleMeta, Value, entry_ptr, resp_header_ptr};

pub struct MissingCredentials;

static META: RuleMeta = RuleMeta {
    id: "missing-credentials",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 9,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 6750 §3 WWW-Authenticate (no error code when no credentials)", url: "https://www.rfc-editor.org/rfc/rfc6750#section-3" },
        Reference { title: "Fetch standard: credentials mode", url: "https://fetch.spec.whatwg.org/#concept-request-credentials-mode" },
        Reference { title: "MDN: Using Fetch — sending a request with credentials included", url: "https://developer.mozilla.org/en-US/docs/Web/API/Fetch_API/Using_Fetch#including_credentials" },
    ],
};

fn without_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

impl Rule for MissingCredentials {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        if fcx.sanitized {
            return;
        }
        for (pos, cx) in fcx.entries.iter().enumerate() {
            if cx.status() != Some(401) || cx.has_credentials() || cx.entry.is_preflight() {
                continue;
            }
            let i = cx.index();
            let url = cx.entry.request.url.as_ref();
            let next_with_creds = fcx.entries[pos + 1..]
                .iter()
                .take(20)
                .find(|o| without_query(&o.entry.request.url) == without_query(url) && o.authorization().is_some());
            let schemes: Vec<&str> = cx.challenges().iter().map(|(_, c)| c.scheme.as_str()).collect();
            let mut d = if let Some(next) = next_with_creds {
                // The browser or client answered the challenge: a normal exchange.
                let ok = next.status().is_some_and(|s| s < 400);
                Draft::new(&META, i, Confidence::Certain)
                    .variant("first-leg")
                    .severity(if ok { Severity::Info } else { Severity::Warning })
                    .data("next", Value::Entry(next.index()))
                    .also_entry(next.index())
            } else if fcx.cookies().explains(i) {
                // cookie-not-sent / cookie-rejected say which cookie and why.
                continue;
            } else {
                let cross = cx.cross_origin().is_some();
                let confidence = if schemes.iter().any(|s| s.eq_ignore_ascii_case("bearer")) || cross {
                    Confidence::Likely
                } else {
                    Confidence::Possible
                };
                let d = Draft::new(&META, i, confidence);
                if cross {
                    d.variant("cross-origin")
                } else {
                    d
                }
            };
            d = d.data("schemes", Value::Joined(schemes.iter().map(|s| Value::text(*s)).collect()));
            d = match cx.entry.response_header("www-authenticate") {
                Some((h, v)) => d.evidence(i, resp_header_ptr(i, h), Value::header("WWW-Authenticate", v)),
                None => d.evidence(i, entry_ptr(i, "request/headers"), Value::Word("ev_no_credentials")),
            };
            out.push(d);
        }
    }
}
