//! The promise of `why401::compact` (what the DevTools panel does to plain entries of a
//! long session): on every hand-written fixture, every HAR of the corpora and every
//! capture recorded by the lab, replacing each plain entry by its compact form changes
//! nothing in the report, and the files used do have plain entries to compact.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use why401::{analyze_bytes, compact::compact_entry, Options};

fn hars(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            hars(&p, out);
        } else if p.extension().is_some_and(|x| x == "har") {
            out.push(p);
        }
    }
}

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
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut files = Vec::new();
    for d in ["fixtures", "lab/captures", "corpora/har"] {
        hars(&root.join(d), &mut files);
    }
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
