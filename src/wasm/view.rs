//! The view model: what the renderer draws, built from a [`Report`] and the
//! capture it came from.
//!
//! The report alone says *why*; the detail view also shows *what was sent*: the
//! redacted request headers, a redacted `curl` (built for the entry shown, [`details`]),
//! and enough of every entry (method, URL, host, status, timing) for the "all entries"
//! list and the timeline. The view is plain data (Serialize + Deserialize) because the
//! page builds it in a Web Worker and renders it on the main thread. The core JSON
//! contract is not changed: the report travels inside the view as it is.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::analysis::is_about_the_file;
use crate::har::Har;
use crate::{Options, Report};

/// At most this many entries are listed; failing and related entries always are.
pub const MAX_LISTED: usize = 2000;

/// Everything the renderer shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct View {
    /// Language of the explanations (`en`, `ja`).
    pub lang: String,
    /// The report, as `analyze` returns it.
    pub report: ReportView,
    /// Listed entries in file order.
    pub entries: Vec<EntryView>,
    /// How many entries the capture has (more than `entries.len()` when capped).
    pub total_entries: usize,
}

/// The report as the renderer reads it: an owned mirror of [`Report`] (whose
/// strings are `&'static` and cannot be deserialized), built field by field by
/// [`ReportView::of`] and serialized exactly like it (a wasm test compares them).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportView {
    /// Tool name and version.
    pub tool: ToolView,
    /// What was read.
    pub input: InputView,
    /// Failing requests in file order.
    pub failures: Vec<FailureView>,
    /// Every finding.
    pub findings: Vec<FindingView>,
}

/// `report.tool`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ToolView {
    /// `why401`.
    pub name: String,
    /// Version.
    pub version: String,
}

/// `report.input`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct InputView {
    /// Entries read.
    pub entries: usize,
    /// Creator.
    pub creator: Option<String>,
    /// Whether the file looks like a sanitized export.
    pub sanitized: bool,
    /// Reading issues.
    pub parse_issues: Vec<IssueView>,
}

/// One reading issue.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IssueView {
    /// Kind.
    pub kind: String,
    /// Text.
    pub message: String,
    /// Where.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// 1-based line in the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column in the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

/// `report.failures[i]`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FailureView {
    /// Entry index.
    pub entry: usize,
    /// Method.
    pub method: String,
    /// Redacted URL.
    pub url: String,
    /// Status.
    pub status: Option<u16>,
    /// Failure kind.
    pub kind: String,
    /// `startedDateTime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<String>,
    /// Rule ids, best first.
    pub causes: Vec<String>,
    /// The nearest request that worked, and what differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<crate::diff::Comparison>,
}

/// `report.findings[i]`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FindingView {
    /// Rule id.
    pub rule: String,
    /// Catalog message id.
    pub message: String,
    /// `error`, `warning`, `info`.
    pub severity: String,
    /// `certain`, `likely`, `possible`.
    pub confidence: String,
    /// Entries concerned.
    pub entries: Vec<usize>,
    /// Evidence.
    pub evidence: Vec<EvidenceView>,
    /// Title.
    pub title: String,
    /// Explanation.
    pub explanation: String,
    /// Fixes in order.
    pub fixes: Vec<String>,
    /// References.
    pub references: Vec<ReferenceView>,
    /// Values the message was built from, without language.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub data: std::collections::BTreeMap<String, serde_json::Value>,
    /// How many requests a grouped note stands for.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub repeats: usize,
}

fn one() -> usize {
    1
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

impl ReportView {
    /// The mirror of `report`, field by field.
    pub fn of(report: &Report) -> ReportView {
        ReportView {
            tool: ToolView {
                name: report.tool.name.to_owned(),
                version: report.tool.version.to_owned(),
            },
            input: InputView {
                entries: report.input.entries,
                creator: report.input.creator.clone(),
                sanitized: report.input.sanitized,
                parse_issues: report
                    .input
                    .parse_issues
                    .iter()
                    .map(|i| IssueView {
                        kind: i.kind.to_owned(),
                        message: i.message.clone(),
                        pointer: i.pointer.clone(),
                        line: i.line,
                        column: i.column,
                    })
                    .collect(),
            },
            failures: report
                .failures
                .iter()
                .map(|f| FailureView {
                    entry: f.entry,
                    method: f.method.as_ref().to_owned(),
                    url: f.url.as_ref().to_owned(),
                    status: f.status,
                    kind: f.kind.as_str().to_owned(),
                    started: f.started.as_deref().map(str::to_owned),
                    causes: f.causes.iter().map(|c| (*c).to_owned()).collect(),
                    comparison: f.comparison.as_deref().cloned(),
                })
                .collect(),
            findings: report
                .findings
                .iter()
                .map(|f| FindingView {
                    rule: f.rule.to_owned(),
                    message: f.message.clone(),
                    severity: f.severity.as_str().to_owned(),
                    confidence: f.confidence.as_str().to_owned(),
                    entries: f.entries.clone(),
                    evidence: f
                        .evidence
                        .iter()
                        .map(|e| EvidenceView {
                            entry: e.entry,
                            pointer: e.pointer.clone(),
                            excerpt: e.excerpt.clone(),
                        })
                        .collect(),
                    title: f.title.clone(),
                    explanation: f.explanation.clone(),
                    fixes: f.fixes.iter().map(|f| f.to_string()).collect(),
                    references: f
                        .references
                        .iter()
                        .map(|r| ReferenceView {
                            title: r.title.to_owned(),
                            url: r.url.to_owned(),
                        })
                        .collect(),
                    data: f
                        .data
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), v.clone()))
                        .collect(),
                    repeats: f.repeats,
                })
                .collect(),
        }
    }
}

/// Evidence with its HAR pointer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EvidenceView {
    /// Entry.
    pub entry: usize,
    /// JSON pointer.
    pub pointer: String,
    /// Redacted excerpt.
    pub excerpt: String,
}

/// A reference link.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReferenceView {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
}

/// One entry as listed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryView {
    /// Index into `log.entries`.
    pub index: usize,
    /// Method.
    pub method: String,
    /// Redacted URL.
    pub url: String,
    /// Host (and port) of the URL.
    pub host: String,
    /// Status, when a response arrived.
    pub status: Option<u16>,
    /// `startedDateTime` as written.
    pub started: Option<String>,
    /// Start as Unix milliseconds, for the timeline.
    pub started_ms: Option<f64>,
    /// Duration in milliseconds.
    pub time_ms: Option<f64>,
    /// Whether the entry is an authentication failure.
    pub failing: bool,
    /// Headers, curl and fetch: the selected entry's in `viewFor`; in `view` none, until
    /// the renderer is handed those of the entry it shows (`Session.details`).
    pub details: Option<EntryDetails>,
}

/// What the detail view shows of the request itself, redacted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryDetails {
    /// Request headers, values redacted.
    pub request_headers: Vec<HeaderView>,
    /// Response headers, values redacted.
    pub response_headers: Vec<HeaderView>,
    /// `curl` reproducing the request, redacted unless the user asked otherwise.
    pub curl: String,
    /// The same request as a `fetch()` call for the browser's console, redacted alike.
    #[serde(default)]
    pub fetch: String,
}

/// A header line.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct HeaderView {
    /// Name.
    pub name: String,
    /// Redacted value.
    pub value: String,
}

/// The host (and port) of a URL, without user info.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    authority
        .rsplit_once('@')
        .map_or(authority, |(_, h)| h)
        .to_owned()
}

/// How many entries that no finding concerns a view lists, and which.
#[derive(Debug, Clone, Copy)]
pub struct ListLimit {
    /// At most this many (failing and related entries are always listed).
    pub max: usize,
    /// The newest ones (a live panel), else the first ones (a file).
    pub newest: bool,
}

impl Default for ListLimit {
    fn default() -> Self {
        ListLimit {
            max: MAX_LISTED,
            newest: false,
        }
    }
}

/// The view of a report over the capture it was made from, listing the entries no finding
/// concerns as `limit` says. No entry carries its details: the renderer asks for those of
/// the entry it shows ([`details`]).
pub fn build_limited(report: &Report, har: &Har<'_>, opts: &Options, limit: ListLimit) -> View {
    let opts = &*opts.for_capture(har);
    let report_view = ReportView::of(report);
    let failing: BTreeSet<usize> = report.failures.iter().map(|f| f.entry).collect();
    let related: BTreeSet<usize> = report
        .findings
        .iter()
        .flat_map(|f| f.entries.iter().copied())
        .collect();
    let mut entries = Vec::new();
    // With the newest wanted, the first `skip` plain entries are left out.
    let plain_total = har
        .entries
        .iter()
        .filter(|e| !failing.contains(&e.index) && !related.contains(&e.index))
        .count();
    let mut skip = if limit.newest {
        plain_total.saturating_sub(limit.max)
    } else {
        0
    };
    let mut plain_listed = 0;
    for e in &har.entries {
        crate::guard::at(Some(e.index), None);
        let is_failing = failing.contains(&e.index);
        if !is_failing && !related.contains(&e.index) {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            if plain_listed >= limit.max {
                continue;
            }
            plain_listed += 1;
        }
        entries.push(EntryView::of(e, opts, is_failing, None));
    }
    View {
        lang: opts.lang.as_str().to_owned(),
        report: report_view,
        entries,
        total_entries: har.entries.len(),
    }
}

/// The view of one selected request for a shell that draws its own request list (the DevTools
/// panel): every failure with its causes (the list's badges), but only the findings about
/// `selected` and the whole capture, and only `selected` among the entries, with its details.
/// What crosses to JavaScript then grows with the failures, not with their explanations.
pub fn build_for(report: &Report, har: &Har<'_>, opts: &Options, selected: Option<usize>) -> View {
    let narrowed = Report {
        findings: report
            .findings
            .iter()
            .filter(|f| {
                is_about_the_file(&f.rule, &f.entries)
                    || (selected.is_some() && f.entries.first() == selected.as_ref())
            })
            .cloned()
            .collect(),
        ..report.clone()
    };
    let opts = &*opts.for_capture(har);
    let mut view = View {
        lang: opts.lang.as_str().to_owned(),
        report: ReportView::of(&narrowed),
        entries: Vec::new(),
        total_entries: har.entries.len(),
    };
    if let Some(e) = selected.and_then(|i| har.entries.iter().find(|e| e.index == i)) {
        let failing = report.failures.iter().any(|f| f.entry == e.index);
        let details = Some(details(har, e, opts));
        view.entries.push(EntryView::of(e, opts, failing, details));
    }
    view
}

impl EntryView {
    /// One entry as the renderer lists it (its URL redacted), with `details` when given.
    fn of(
        e: &crate::har::Entry<'_>,
        opts: &Options,
        failing: bool,
        details: Option<EntryDetails>,
    ) -> EntryView {
        let url = opts.redact_url(&e.request.url);
        EntryView {
            index: e.index,
            method: e.request.method.to_string(),
            host: host_of(&url),
            url,
            status: e.status(),
            started: e.started_date_time.as_ref().map(|s| s.to_string()),
            started_ms: e
                .started_date_time
                .as_deref()
                .and_then(crate::time::parse_iso8601)
                .map(|ms| ms as f64),
            time_ms: e.time,
            failing,
            details,
        }
    }
}

/// Headers, curl and fetch of one entry, redacted with `opts` (which must know the
/// capture's credentials: [`Options::for_capture`]).
pub fn details<'a>(har: &Har<'a>, e: &crate::har::Entry<'a>, opts: &Options) -> EntryDetails {
    EntryDetails {
        // Every header line, not only those the rules keep in memory.
        request_headers: headers(&har.request_headers(e), opts),
        response_headers: e
            .response
            .as_ref()
            .map(|_| headers(&har.response_headers(e), opts))
            .unwrap_or_default(),
        curl: crate::render::curl(har, e, opts),
        fetch: crate::render::fetch(har, e, opts),
    }
}

fn headers(hs: &[crate::har::Header<'_>], opts: &Options) -> Vec<HeaderView> {
    hs.iter()
        .map(|h| HeaderView {
            name: (*h.name).to_owned(),
            value: opts.header(&h.name, &h.value),
        })
        .collect()
}
