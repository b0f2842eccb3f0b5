//! Naive baseline for `./build.sh bench`: read the whole HAR file and parse it into a
//! `serde_json::Value`, then drop it. why401's full analysis is measured against this.
//!
//! Usage: `naive-parse FILE.har` (prints the number of entries to stderr).

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: naive-parse FILE.har");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("naive-parse: cannot read {}: {e}", path.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    let value: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("naive-parse: invalid JSON: {e}");
            return ExitCode::from(2);
        }
    };
    let entries = value
        .pointer("/log/entries")
        .and_then(|e| e.as_array())
        .map_or(0, |a| a.len());
    eprintln!("naive-parse: {entries} entries");
    drop(std::hint::black_box(value));
    drop(bytes);
    ExitCode::SUCCESS
}
