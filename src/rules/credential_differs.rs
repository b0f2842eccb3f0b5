//! `credential-differs`
//!
//! # What it detects
//! A failing request lacks a credential (a header, a cookie, a query parameter)
//! that the nearest request which worked (same origin, same method, closest path) did
//! send, or sends it empty. Any header counts whose name or value says credential (`token`,
//! `x-session-key`, a JWT), not only `Authorization`.
//!
//! # Why it causes the failure
//! The server accepted the credential there and did not get it here. The code that
//! builds this request skips or empties it: another code path, a race with the
//! login or refresh call, a value read before it was stored.
//!
//! # Example (HAR excerpt)
//! Entry 11 `GET /api/items` with `token: eyJ…` (385 characters) → 200; entry 12
//! `GET /api/items?page=2` with `token: ` (empty) → 401.
//!
//! # Confidence
//! `likely` where the two paths share a segment: the capture shows the same API
//! accepting the credential a moment apart; what it cannot show is why this code path
//! lost it. `possible` where only origin and method are alike: another API may live
//! at another path of the same origin, with credentials of its own.
//!
//! # References
//! RFC 9110 §11.6.2 (credentials are sent with each request).

use crate::finding::{Confidence, Reference, Severity};

use super::{entry_ptr, Draft, FileCx, Phase, Rule, RuleMeta, Value};

pub struct CredentialDiffers;

static META: RuleMeta = RuleMeta {
    id: "credential-differs",
    since: "0.2.0",
    severity: Severity::Error,
    rank: 8,
    phase: Phase::Main,
    references: &[Reference {
        title: "RFC 9110 §11.6.2 Authorization",
        url: "https://www.rfc-editor.org/rfc/rfc9110#section-11.6.2",
    }],
};

impl Rule for CredentialDiffers {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        // A sanitized export removed the credentials of every request alike.
        if fcx.sanitized {
            return;
        }
        for (pos, cx) in fcx.entries.iter().enumerate() {
            let Some(c) = fcx.comparisons.get(&cx.index()) else { continue };
            // A CSRF token is no credential: the server's CSRF check refused the request, and
            // `csrf-rejected` says why (the lab's django-session-csrf).
            if cx.csrf_said().is_some() {
                continue;
            }
            // A request before any sign-in, compared with one after it, lacks the
            // credential because the user was not logged in yet: a sign-in between the
            // two says so (missing-credentials explains such status probes).
            if c.ms_apart.is_some_and(|ms| ms < 0) || c.reference > cx.index() {
                let reference = fcx.entries.partition_point(|o| o.index() < c.reference);
                if fcx.signs_in_between(pos + 1, reference) {
                    continue;
                }
            }
            let missing: Vec<Value> = c.differences.iter().filter(|d| d.is_missing()).map(|d| d.value()).collect();
            if missing.is_empty() {
                continue;
            }
            let (i, r) = (cx.index(), c.reference);
            // Only the origin and the method alike (no path segment shared): another API may
            // live there, with credentials of its own.
            let confidence = if c.shares_path { Confidence::Likely } else { Confidence::Possible };
            let mut d = Draft::new(&META, i, confidence)
                .data("reference", Value::Entry(r))
                .data("scope", c.scope())
                .data("differences", Value::List(missing))
                .also_entry(r)
                .evidence(i, entry_ptr(i, "request/headers"), Value::phrase("ev_request_of", vec![("entry", Value::Entry(i))]))
                .evidence(r, entry_ptr(r, "request/headers"), Value::phrase("ev_request_of", vec![("entry", Value::Entry(r))]));
            if let Some(ms) = c.ms_apart {
                let key = if ms >= 0 { "diff_earlier" } else { "diff_later" };
                d = d.data("when", Value::phrase(key, vec![("elapsed", Value::Millis(ms.abs()))]));
            }
            out.push(d);
        }
    }
}
