//! The promise behind the DevTools panel's live session (`src/wasm/session.rs`): entries read
//! once, each from its own text, and kept owned from one analysis to the next give the report
//! that reading the whole session again gives. Checked on every hand-written fixture, every
//! capture recorded by the lab and every HAR of the corpora, as a session grows: half of the
//! entries kept, then all of them, after being handed back by an analysis; their credentials
//! (what shown text is scrubbed of) collected entry by entry as they come.

use std::fs;

use serde_json::value::RawValue;
use serde_json::Value;
use why401::analysis::{analyze_read, analyze_read_memo, MainMemo};
use why401::har::{self, Entry};
use why401::redact::SecretsCollector;
use why401::Options;

#[path = "common/captures.rs"]
mod common;

/// A session's buffer of `entries` (as `Session` holds it) and where each entry is.
fn buffer(entries: &[&str]) -> (String, Vec<(usize, usize)>) {
    let mut buf = String::from("{\"log\":{\"entries\":[");
    let mut spans = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            buf.push(',');
        }
        spans.push((buf.len(), buf.len() + e.len()));
        buf.push_str(e);
    }
    buf.push_str("]}}");
    (buf, spans)
}

/// The report as JSON, or the error's text.
fn report(read: &har::Ingested<'_>) -> Value {
    as_json(analyze_read(read, Vec::new(), &Options::default()))
}

/// The report with what a live session remembers of earlier analyses.
fn remembered(read: &har::Ingested<'_>, opts: &Options, memo: &mut MainMemo) -> Value {
    as_json(analyze_read_memo(read, Vec::new(), opts, Some(memo)))
}

fn as_json(r: Result<why401::Report, why401::analysis::InputError>) -> Value {
    match r {
        Ok(r) => serde_json::to_value(&r).unwrap(),
        Err(e) => Value::String(e.to_string()),
    }
}

#[derive(serde::Deserialize)]
struct File<'a> {
    #[serde(borrow)]
    log: Log<'a>,
}

#[derive(serde::Deserialize)]
struct Log<'a> {
    #[serde(borrow)]
    entries: Vec<&'a RawValue>,
}

#[test]
fn entries_kept_from_earlier_analyses_give_the_report_of_a_fresh_read() {
    let (_, files) = common::captures();
    assert!(files.len() > 150, "found only {} captures", files.len());
    let log = "{\"log\":{\"entries\":[]}}";
    let (mut compared, mut entries_kept, mut unread) = (0, 0, 0);
    for path in &files {
        let text = fs::read_to_string(path).unwrap_or_default();
        let Ok(file) = serde_json::from_str::<File<'_>>(&text) else {
            continue;
        };
        let raws: Vec<&str> = file.log.entries.iter().map(|r| r.get()).collect();
        // As a live session grows: an analysis of the first half, then of all entries.
        let mut kept: Vec<Box<Entry<'static>>> = Vec::new();
        // The credentials too are collected entry by entry, as they come, and what the entries'
        // own rules found is remembered from one analysis to the next.
        let mut collector = SecretsCollector::default();
        let mut memo = MainMemo::default();
        for n in [raws.len() / 2, raws.len()] {
            let (buf, spans) = buffer(&raws[..n]);
            let fresh = report(&har::parse_known(&buf, &spans, log));
            for raw in &raws[kept.len()..n] {
                match har::read_entry(raw) {
                    Some(e) => kept.push(Box::new(e.into_owned())),
                    None => break,
                }
            }
            if kept.len() < n {
                // Not an object, or a key written twice: the session reads such a capture the
                // careful way (and repairs it), as the CLI does.
                unread += 1;
                break;
            }
            collector.add_new(&kept);
            let read = har::parse_known_read(&buf, &spans, log, std::mem::take(&mut kept));
            read.har.set_known_secrets(collector.secrets());
            assert_eq!(report(&read), fresh, "{}: {n} entries kept", path.display());
            let opts = Options::default();
            assert_eq!(
                remembered(&read, &opts, &mut memo),
                fresh,
                "{}: {n} entries remembered",
                path.display()
            );
            compared += 1;
            entries_kept += n;
            // Handed back owned, as the session keeps them for the next analysis.
            kept = read.har.into_owned_entries();
        }
    }
    assert!(compared > 300, "compared only {compared} reports");
    assert!(entries_kept > 1000, "kept only {entries_kept} entries");
    // A file whose entries do not all read on their own does not read as a file either.
    assert_eq!(unread, 0);
}

#[test]
fn an_entry_with_a_key_twice_is_not_read_on_its_own() {
    let raw = r#"{"request":{"method":"GET","method":"POST","url":"https://api.test/"},"response":{"status":401}}"#;
    assert!(har::read_entry(raw).is_none());
    assert!(har::read_entry("[1, 2]").is_none());
    let e = har::read_entry(
        r#"{"request":{"method":"GET","url":"https://api.test/"},"response":{"status":401,"content":{"mimeType":"text/plain","text":"no \"token\""}}}"#,
    )
    .unwrap()
    .into_owned();
    assert_eq!(e.status(), Some(401));
    let body = e.response.as_ref().unwrap().content.decoded_text(100);
    assert_eq!(body.unwrap().unwrap(), "no \"token\"");
}

/// A session fed the entries of `raws` one analysis at a time, as the panel feeds it: the
/// kept entries, their credentials and the memo of what their own rules found.
struct Live {
    #[allow(clippy::vec_box)] // as `Har::entries` holds them
    kept: Vec<Box<Entry<'static>>>,
    collector: SecretsCollector,
    memo: MainMemo,
}

impl Live {
    fn new() -> Live {
        Live {
            kept: Vec::new(),
            collector: SecretsCollector::default(),
            memo: MainMemo::default(),
        }
    }

    /// The report of `raws` with the entries kept so far and the ones new since.
    fn analyse(&mut self, raws: &[&str], opts: &Options) -> Value {
        let (buf, spans) = buffer(raws);
        for raw in &raws[self.kept.len()..] {
            self.kept.push(Box::new(
                har::read_entry(raw).expect("reads alone").into_owned(),
            ));
        }
        self.collector.add_new(&self.kept);
        let read = har::parse_known_read(
            &buf,
            &spans,
            "{\"log\":{\"entries\":[]}}",
            std::mem::take(&mut self.kept),
        );
        read.har.set_known_secrets(self.collector.secrets());
        let report = remembered(&read, opts, &mut self.memo);
        self.kept = read.har.into_owned_entries();
        report
    }

    /// Entry `index` is now `raw` (the session's `replaceEntry`).
    fn replace(&mut self, index: usize, raw: &str) {
        *self.kept[index] = har::read_entry(raw).expect("reads alone").into_owned();
        self.collector = SecretsCollector::default();
        self.memo.forget(index);
    }
}

fn fresh(raws: &[&str], opts: &Options) -> Value {
    let (buf, spans) = buffer(raws);
    let read = har::parse_known(&buf, &spans, "{\"log\":{\"entries\":[]}}");
    as_json(analyze_read(&read, Vec::new(), opts))
}

/// The entries of a recorded capture: a request answered 401 because its token expired, among
/// others that worked.
fn lab_entries(name: &str) -> Vec<String> {
    let text = fs::read_to_string(format!("tests/lab/captures/{name}")).unwrap();
    let file: File<'_> = serde_json::from_str(&text).unwrap();
    file.log
        .entries
        .iter()
        .map(|r| r.get().to_owned())
        .collect()
}

#[test]
fn a_replaced_entry_is_analysed_again() {
    let entries = lab_entries("cors-preflight-401/chrome-panel.har");
    let raws: Vec<&str> = entries.iter().map(String::as_str).collect();
    let opts = Options::default();
    let mut live = Live::new();
    let before = live.analyse(&raws, &opts);
    assert_eq!(before, fresh(&raws, &opts));
    assert!(!live.memo.is_empty());
    // Each entry in turn becomes the last one (a request recorded again, differently): the
    // failures and their causes move with it.
    for i in 0..raws.len() - 1 {
        let mut now = raws.clone();
        now[i] = raws[raws.len() - 1];
        live.replace(i, now[i]);
        assert_eq!(
            live.analyse(&now, &opts),
            fresh(&now, &opts),
            "entry {i} replaced"
        );
        live.replace(i, raws[i]);
        assert_eq!(live.analyse(&raws, &opts), before, "entry {i} back");
    }
}

#[test]
fn what_was_remembered_under_other_options_is_not_recalled() {
    let entries = lab_entries("jwt-expired/chrome-panel.har");
    let raws: Vec<&str> = entries.iter().map(String::as_str).collect();
    let mut live = Live::new();
    let strict = Options::default();
    // A tolerance of a year: no token of the capture is too old any more.
    let lenient = Options {
        leeway_secs: 365 * 24 * 3600,
        ..Options::default()
    };
    let (a, b) = (fresh(&raws, &strict), fresh(&raws, &lenient));
    assert_ne!(
        a, b,
        "the capture's findings should depend on the tolerance"
    );
    assert_eq!(live.analyse(&raws, &strict), a);
    assert_eq!(live.analyse(&raws, &lenient), b);
    assert_eq!(live.analyse(&raws, &strict), a);
}

#[test]
fn a_request_that_stops_being_a_success_is_no_longer_compared_with() {
    let worked = r#"{"startedDateTime":"2026-11-30T10:00:00Z","request":{"method":"GET","url":"https://api.test/v1/orders","headers":[{"name":"Authorization","value":"Bearer abcdefghijklmnop"}]},"response":{"status":200,"headers":[]}}"#;
    let broke = r#"{"startedDateTime":"2026-11-30T10:00:00Z","request":{"method":"GET","url":"https://api.test/v1/orders","headers":[{"name":"Authorization","value":"Bearer abcdefghijklmnop"}]},"response":{"status":500,"headers":[]}}"#;
    let failed = r#"{"startedDateTime":"2026-11-30T10:00:05Z","request":{"method":"GET","url":"https://api.test/v1/orders","headers":[]},"response":{"status":401,"headers":[{"name":"WWW-Authenticate","value":"Bearer"}]}}"#;
    let opts = Options::default();
    let mut live = Live::new();
    let compared = live.analyse(&[worked, failed], &opts);
    assert_eq!(compared, fresh(&[worked, failed], &opts));
    assert!(
        compared["failures"][0]["comparison"].is_object(),
        "{compared:#}"
    );
    live.replace(0, broke);
    let now = live.analyse(&[broke, failed], &opts);
    assert_eq!(now, fresh(&[broke, failed], &opts));
    assert!(now["failures"][0]["comparison"].is_null(), "{now:#}");
}

#[test]
fn a_preflight_whose_request_arrives_later_is_judged_again() {
    // Browsers record a preflight before or after its request: until the request is in the
    // session, the preflight's refusal is the only sign of the failure.
    let preflight = r#"{"startedDateTime":"2026-11-30T10:00:00Z","request":{"method":"OPTIONS","url":"https://api.test/v1/orders","headers":[{"name":"Origin","value":"https://app.test"},{"name":"Access-Control-Request-Method","value":"GET"},{"name":"Access-Control-Request-Headers","value":"authorization"}]},"response":{"status":204,"headers":[]}}"#;
    let request = r#"{"startedDateTime":"2026-11-30T10:00:00.100Z","request":{"method":"GET","url":"https://api.test/v1/orders","headers":[{"name":"Origin","value":"https://app.test"},{"name":"Authorization","value":"Bearer abcdefghijklmnop"}]},"response":{"status":0,"headers":[],"_error":"net::ERR_FAILED"}}"#;
    let opts = Options::default();
    let mut live = Live::new();
    let alone = live.analyse(&[preflight], &opts);
    assert_eq!(alone, fresh(&[preflight], &opts));
    assert_eq!(alone["failures"][0]["kind"], "cors-blocked", "{alone:#}");
    let both = live.analyse(&[preflight, request], &opts);
    assert_eq!(both, fresh(&[preflight, request], &opts));
    assert_ne!(both["failures"][0]["entry"], 0, "{both:#}");
}
