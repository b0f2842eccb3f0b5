//! The quick entry reader against serde_json on arbitrary text: where it reads a text, as
//! any JSON value, as a value skipped or as an entry, it reads what serde_json reads. And on
//! arbitrary bytes: it hands over nothing that is not UTF-8, and reads UTF-8 as it reads text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(differs) = why401::har::quick_bytes_agree(data) {
        panic!("{differs}");
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(differs) = why401::har::quick_read_agrees(text) {
            panic!("{differs}");
        }
    }
});
