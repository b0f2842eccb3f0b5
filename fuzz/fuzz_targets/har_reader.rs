//! The HAR reader and the whole analysis on arbitrary bytes: never a panic, and
//! every output renders.
#![no_main]

use libfuzzer_sys::fuzz_target;
use why401::{analyze_bytes, render, Options};

fuzz_target!(|data: &[u8]| {
    let opts = Options { now_ms: Some(1_714_557_600_000), ..Options::default() };
    if let Ok(report) = analyze_bytes(data.to_vec(), &opts) {
        let _ = render::text(&report, &opts, true);
        let _ = serde_json::to_string(&report).unwrap();
    }
});
