//! The promise behind the DevTools panel's live session (`src/wasm/session.rs`): entries read
//! once, each from its own text, and kept owned from one analysis to the next give the report
//! that reading the whole session again gives. Checked on every hand-written fixture, every
//! capture recorded by the lab and every HAR of the corpora, as a session grows: half of the
//! entries kept, then all of them, after being handed back by an analysis; their credentials
//! (what shown text is scrubbed of) collected entry by entry as they come.

use std::fs;

use serde_json::value::RawValue;
use serde_json::Value;
use why401::analysis::analyze_read;
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
    match analyze_read(read, Vec::new(), &Options::default()) {
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
        // The credentials too are collected entry by entry, as they come.
        let mut collector = SecretsCollector::default();
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
            for e in &kept[collector.len()..] {
                collector.add(e);
            }
            let read = har::parse_known_read(&buf, &spans, log, std::mem::take(&mut kept));
            read.har.set_known_secrets(collector.secrets());
            assert_eq!(report(&read), fresh, "{}: {n} entries kept", path.display());
            compared += 1;
            entries_kept += n;
            // Handed back owned, as the session keeps them for the next analysis.
            kept = read
                .har
                .entries
                .into_iter()
                .map(|e| Box::new(e.into_owned()))
                .collect();
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
