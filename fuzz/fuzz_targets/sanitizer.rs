//! The sanitizer on arbitrary bytes: never a panic, and what it writes is JSON
//! that why401 reads again. With a planted token it must be gone.
#![no_main]

use libfuzzer_sys::fuzz_target;
use why401::{redact, sanitize};

const SECRET: &str = "Zq7PlantedFuzzSecret0123456789";

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let key = Some(redact::FingerprintKey::from_random([7; 32]));
    if let Ok((out, _)) = sanitize::har_text_keyed(s, key) {
        let _: serde_json::Value = serde_json::from_str(&out).expect("sanitized output is JSON");
    }
    // Fuzzed text as a header value and a body beside a planted credential.
    let doc = serde_json::json!({"log": {"entries": [{
        "request": {"method": "GET", "url": format!("https://api.test/x?q={s}"),
            "headers": [{"name": "Authorization", "value": format!("Bearer {SECRET}")},
                        {"name": "X-Note", "value": s}]},
        "response": {"status": 401, "headers": [{"name": "WWW-Authenticate", "value": s}],
            "content": {"mimeType": "text/plain", "text": format!("{s} {SECRET} {s}")}}
    }]}});
    let (out, _) = sanitize::har_text_keyed(&doc.to_string(), key).expect("a HAR sanitizes");
    assert!(!out.contains(SECRET), "{out}");
});
