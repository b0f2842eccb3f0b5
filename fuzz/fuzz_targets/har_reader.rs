//! The HAR reader and the whole analysis on arbitrary bytes: never a panic, every output
//! renders, and the reader's ways (one pass, scan then read, the careful walk, the bytes checked
//! as they are read) agree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use why401::{analyze_bytes, har, render, Options};

fuzz_target!(|data: &[u8]| {
    let (text, _) = har::prepare(data.to_vec());
    if let Err(e) = har::parse_ways_agree(&text) {
        panic!("the reader's ways differ: {e}");
    }
    if let Err(e) = har::bytes_ways_agree(data) {
        panic!("reading the bytes and reading the text differ: {e}");
    }
    let opts = Options {
        now_ms: Some(1_714_557_600_000),
        ..Options::default()
    };
    if let Ok(report) = analyze_bytes(data.to_vec(), &opts) {
        let _ = render::text(&report, &opts, true);
        let _ = serde_json::to_string(&report).unwrap();
    }
});
