//! `har-sanitized`
//!
//! # What it detects
//! A HAR exported with Chrome's default "Export HAR (sanitized)" (Chrome 130+):
//! `Authorization`, `Cookie` and `Set-Cookie` headers deleted without a trace and
//! every `cookies` array emptied.
//!
//! # Why it matters
//! From such a file nobody can tell whether a failing request carried credentials.
//! Every other rule that would conclude "no credentials were sent" stays silent,
//! and this finding says what cannot be known and how to get a complete capture.
//!
//! Chrome writes each request's and answer's `headersSize` (the length of its raw header text)
//! before the export deletes lines: where those lengths match the listed lines of every entry,
//! no line was deleted, and a capture without credentials is one of a user who had none to send.
//!
//! # Example (HAR excerpt)
//! `"creator": {"name": "WebInspector"}` and no request with a `cookie` header.

use crate::finding::{Confidence, Reference, Severity};
use crate::har::Har;

use super::{Draft, FileCx, Phase, Rule, RuleMeta, Standing, Value};

pub struct HarSanitized;

static META: RuleMeta = RuleMeta {
    id: "har-sanitized",
    since: "0.1.0",
    severity: Severity::Warning,
    rank: 90,
    phase: Phase::Main,
    references: &[Reference {
        title: "Chrome DevTools: Export HAR with sensitive data",
        url: "https://developer.chrome.com/docs/devtools/network/reference#save-as-har",
    }],
};

/// 2024-10-15T00:00:00Z, when Chrome 130 shipped.
const CHROME_130_RELEASE_MS: i64 = 1_728_950_400_000;

/// Whether a capture looks like a sanitized export.
pub fn looks_sanitized(har: &Har<'_>) -> bool {
    let from_chrome = har.creator.as_ref().is_some_and(|c| c.name == "WebInspector");
    if !from_chrome || har.entries.is_empty() {
        return false;
    }
    // Chrome sanitizes by default since version 130 (October 2024); an older export
    // without cookies simply had none.
    let recent = har.entries.iter().any(|e| {
        e.started_date_time
            .as_deref()
            .and_then(crate::time::parse_iso8601)
            .is_some_and(|ms| ms >= CHROME_130_RELEASE_MS)
    });
    if !recent {
        return false;
    }
    let no_credentials = har.entries.iter().all(|e| {
        e.request_header("cookie").is_none()
            && e.request_header("authorization").is_none()
            && e.request.cookies.is_empty()
            && e.response.as_ref().is_none_or(|r| {
                r.cookies.is_empty() && !r.headers.iter().any(|h| h.name.eq_ignore_ascii_case("set-cookie"))
            })
    });
    // A capture without a credential anywhere is also what a browser records for a user who
    // was not signed in, or whose key goes in a header of its own. Where Chrome's own count of
    // every request's and answer's header text says no line was taken out (HTTP/1.1, as local
    // development servers speak it), none was: the export was not sanitized, or had nothing to
    // remove.
    no_credentials && !har.entries.iter().all(|e| har.headers_complete(e) == Some(true))
}

impl Rule for HarSanitized {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        if !cx.sanitized {
            return;
        }
        let failing: Vec<usize> =
            cx.entries.iter().filter(|e| e.failure().is_some()).map(|e| e.index()).collect();
        let confidence = if failing.is_empty() { Confidence::Possible } else { Confidence::Likely };
        // Every failure shows a credential the sanitizing keeps (an API key in a header of its
        // own): those were sent as shown, and only cookies or an Authorization header the app
        // may also use are unknown (the lab's https-api-key-header-empty, over HTTP/2 in
        // Chrome's panel, where no header count proves the lines complete).
        let shown = !failing.is_empty()
            && cx.entries.iter().filter(|e| e.failure().is_some()).all(|e| !e.api_keys().is_empty());
        let mut d = Draft::for_file(&META, if shown { Confidence::Possible } else { confidence })
            .data("entries", Value::Count(cx.har.entries.len() as u64, "entry"))
            .data("failures", Value::Count(failing.len() as u64, "failure"))
            .evidence(0, "/log/creator/name".into(), Value::labeled("name", "WebInspector"))
            // About the file: the failures it names are not explained by it.
            .standing(Standing::Aside);
        d.entries = failing;
        if shown {
            d = d.variant("others-shown");
        }
        out.push(d);
    }
}
