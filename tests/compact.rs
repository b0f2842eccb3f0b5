//! The promise of `why401::compact` (what the DevTools panel does to plain entries of a
//! long session): on every hand-written fixture, every HAR of the corpora and every
//! capture recorded by the lab, replacing each plain entry by its compact form changes
//! nothing in the report, and the files used do have plain entries to compact.

use std::fs;

use serde_json::Value;
use why401::{analyze_bytes, compact::compact_entry, Options};

#[path = "common/captures.rs"]
mod common;
use common::captures;

/// The report as JSON with what legitimately differs left out: nothing but the
/// count of bytes read.
fn report(bytes: Vec<u8>) -> Option<Value> {
    let r = analyze_bytes(bytes, &Options::default()).ok()?;
    let mut v = serde_json::to_value(&r).unwrap();
    if let Some(input) = v.get_mut("input").and_then(Value::as_object_mut) {
        input.remove("bytes");
        input.remove("size");
    }
    Some(v)
}

#[test]
fn compacting_plain_entries_never_changes_a_report() {
    let (root, files) = captures();
    assert!(files.len() > 150, "found only {} captures", files.len());
    let (mut compacted, mut total, mut changed) = (0usize, 0usize, Vec::new());
    for path in &files {
        let text = fs::read_to_string(path).unwrap_or_default();
        let Ok(mut har) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let Some(entries) = har
            .pointer_mut("/log/entries")
            .and_then(Value::as_array_mut)
        else {
            continue;
        };
        let mut here = 0;
        for e in entries.iter_mut() {
            total += 1;
            if let Some(c) = compact_entry(&e.to_string()) {
                *e = serde_json::from_str(&c).unwrap();
                here += 1;
            }
        }
        if here == 0 {
            continue;
        }
        compacted += here;
        let before = report(text.into_bytes());
        let after = report(serde_json::to_vec(&har).unwrap());
        if before != after {
            changed.push(path.strip_prefix(&root).unwrap().display().to_string());
        }
    }
    assert!(
        compacted >= 100,
        "only {compacted} of {total} entries were plain: the test proves little"
    );
    assert!(
        changed.is_empty(),
        "compacting changed the report of {} captures: {changed:#?}",
        changed.len()
    );
    eprintln!("{compacted} of {total} entries compacted, every report unchanged");
}

/// `compact::quick_causes` (the panel's provisional badges) against the full analysis: on
/// every capture, with no window at all (plain entries left out entirely, the harshest case),
/// the failures and their causes are the full analysis' in all but a counted few, and the
/// primary cause differs nowhere, also when asked from each failure on (earlier refused
/// requests left out).
#[test]
fn quick_causes_agree_with_the_full_analysis() {
    let (root, files) = captures();
    let opts = Options::default();
    let (mut failures, mut primary_differs, mut list_differs) = (0usize, Vec::new(), Vec::new());
    for path in &files {
        let text = fs::read_to_string(path).unwrap_or_default();
        let Ok(har) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let Some(entries) = har.pointer("/log/entries").and_then(Value::as_array) else {
            continue;
        };
        // The session's form: each entry compact when it can be.
        let texts: Vec<String> = entries
            .iter()
            .map(|e| compact_entry(&e.to_string()).unwrap_or_else(|| e.to_string()))
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let extra: Vec<(String, String)> = har["log"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(k, _)| *k != "entries")
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect();
        let session = format!(
            r#"{{"log":{{"entries":[{}]{}}}}}"#,
            refs.join(","),
            extra
                .iter()
                .map(|(k, v)| format!(",\"{k}\":{v}"))
                .collect::<String>()
        );
        let Ok(full) = analyze_bytes(session.into_bytes(), &opts) else {
            continue;
        };
        let quick = why401::compact::quick_causes(&refs, &extra, 0, 0, &opts).unwrap();
        let name = path.strip_prefix(&root).unwrap().display().to_string();
        failures += full.failures.len();
        for f in &full.failures {
            // As the panel asks: the failures from this one on, the earlier ones already shown
            // (the quick analysis then leaves earlier refused requests out).
            let from_here =
                why401::compact::quick_causes(&refs, &extra, f.entry, 0, &opts).unwrap();
            let here = from_here.iter().find(|(i, _)| *i == f.entry);
            assert_eq!(
                here.map(|(_, c)| c.first()),
                quick
                    .iter()
                    .find(|(i, _)| *i == f.entry)
                    .map(|(_, c)| c.first()),
                "{name} #{}: asked from this entry on, the quick analysis differs",
                f.entry
            );
            match quick.iter().find(|(i, _)| *i == f.entry) {
                Some((_, causes)) if **causes == *f.causes => {}
                Some((_, causes)) if causes.first() == f.causes.first() => {
                    list_differs.push(format!(
                        "{name} #{}: {:?} vs {:?}",
                        f.entry, causes, f.causes
                    ));
                }
                other => primary_differs.push(format!(
                    "{name} #{}: {:?} vs {:?}",
                    f.entry, other, f.causes
                )),
            }
        }
        assert!(
            quick
                .iter()
                .all(|(i, _)| full.failures.iter().any(|f| f.entry == *i)),
            "{name}: a quick failure the full analysis does not have"
        );
    }
    assert!(failures > 200, "only {failures} failures");
    assert!(primary_differs.is_empty(), "{primary_differs:#?}");
    assert!(list_differs.len() * 50 <= failures, "{list_differs:#?}");
}
