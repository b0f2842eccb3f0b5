//! The HAR reader in WebAssembly, where it finds the end of a string and of indentation sixteen
//! bytes at a time with `simd128` (SSE2 on x86-64, which the native tests check) and the last
//! few bytes eight at a time: every string and every run of spaces reads as serde_json reads it.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use why401::har::{quick_read_agrees, strings_dense_with_escapes, vector_tests_agree};

/// The sixteen-byte tests are built (`.cargo/config.toml` turns `simd128` on) and answer for each
/// byte what a byte-by-byte test answers.
#[wasm_bindgen_test]
fn the_vector_tests_answer_as_byte_by_byte_ones() {
    let checked = vector_tests_agree();
    assert!(matches!(checked, Ok(n) if n > 0), "{checked:?}");
}

/// Strings of every length around eight and sixteen bytes, with a quote, an escape, a control
/// character or a multi-byte character at several places, after indentation of every length:
/// read as serde_json reads them (`Ok(true)`), or left to it where a control character makes
/// them not JSON (`Ok(false)`).
#[wasm_bindgen_test]
fn strings_and_indentation_read_as_serde_json_reads_them() {
    for len in 0..70 {
        for what in [
            "", "\\\"", "\\\\", "\\u00e9", "\u{1}", "\u{1f}", "\t", "\u{7f}", "é",
        ] {
            for at in [0, len / 3, len / 2, len] {
                let mut body = "a".repeat(len);
                body.insert_str(at, what);
                let indent = " ".repeat(len % 37);
                let text = format!("{{\n{indent}\"s\": \"{body}\",\n{indent}\"t\": 1\n}}");
                let json = !what.starts_with(|c: char| c < ' ');
                assert_eq!(quick_read_agrees(&text), Ok(json), "{text:?}");
            }
        }
    }
}

/// A member nothing reads, its string dense with escapes, quotes, control characters and bytes
/// the eight-byte tests may flag after a stop: skipped where serde_json skips it (the entry is
/// read as serde_json reads it), refused where serde_json refuses it.
#[wasm_bindgen_test]
fn strings_dense_with_escapes_are_skipped_as_serde_json_skips_them() {
    for body in strings_dense_with_escapes(5_000) {
        let text = format!("{{\"skipped\": \"{body}\", \"time\": 7}}");
        let json = serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok();
        assert_eq!(quick_read_agrees(&text), Ok(json), "{text:?}");
    }
}
