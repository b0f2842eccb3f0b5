//! Every vendor table entry (`src/vendors/`) is found by `vendor-error` on a response
//! that carries its signal and nothing else, and reads in both languages.

use serde_json::json;
use why401::vendors::{self, Signal};
use why401::{analyze_bytes, Lang, Options};

fn entry(
    method: &str,
    url: &str,
    status: u16,
    headers: serde_json::Value,
    body: &str,
    post: Option<&str>,
) -> serde_json::Value {
    let mut e = json!({
        "startedDateTime": "2026-03-02T10:00:00.000Z", "time": 10,
        "request": {"method": method, "url": url, "httpVersion": "HTTP/1.1", "headers": [], "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": status, "statusText": "", "httpVersion": "HTTP/1.1", "headers": headers, "cookies": [],
            "content": {"size": body.len(), "mimeType": "application/json", "text": body}, "redirectURL": "", "headersSize": -1, "bodySize": 0},
        "cache": {}, "timings": {"send": 0, "wait": 10, "receive": 0}
    });
    if let Some(p) = post {
        e["request"]["postData"] =
            json!({"mimeType": "application/x-www-form-urlencoded", "text": p});
    }
    e
}

fn capture_for(signal: Signal) -> Vec<u8> {
    let e = match signal {
        Signal::OAuthError(code) => entry(
            "POST",
            "https://idp.test/oauth/token",
            400,
            json!([]),
            &json!({"error": code}).to_string(),
            Some("grant_type=authorization_code&code=abc&client_id=app"),
        ),
        Signal::JsonValue(k, v) => entry(
            "GET",
            "https://api.test/v1/me",
            401,
            json!([]),
            &json!({"error": {k: v}}).to_string(),
            None,
        ),
        Signal::Code(c) | Signal::Phrase(c) => entry(
            "GET",
            "https://api.test/v1/me",
            401,
            json!([]),
            &format!("<p>Request failed. {c} (trace 42)</p>"),
            None,
        ),
        Signal::RedirectTo(t) => entry(
            "GET",
            "https://app.test/api/me",
            302,
            json!([{"name": "Location", "value": format!("https://team{t}?kid=1&redirect_url=%2Fapi%2Fme")}]),
            "",
            None,
        ),
    };
    json!({"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": [e]}})
        .to_string()
        .into_bytes()
}

#[test]
fn every_vendor_entry_is_found_by_its_own_signal_in_both_languages() {
    let mut checked = 0;
    for v in vendors::all() {
        for lang in [Lang::En, Lang::Ja] {
            let opts = Options {
                lang,
                ..Options::default()
            };
            let report = analyze_bytes(capture_for(v.signal), &opts).unwrap();
            let f = report
                .findings
                .iter()
                .find(|f| f.rule == "vendor-error")
                .unwrap_or_else(|| panic!("{}: not found ({:?})", v.en.id, v.signal));
            assert_eq!(f.message, v.en.id, "{:?}", v.signal);
            let want = if lang == Lang::Ja { &v.ja } else { &v.en };
            assert_eq!(f.title, want.title, "{}", v.en.id);
            assert_eq!(f.references[0].url, v.reference.url, "{}", v.en.id);
            checked += 1;
        }
    }
    assert!(checked >= 80, "{checked}");
}

#[test]
fn the_readme_names_every_vendor() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for v in vendors::vendors() {
        assert!(readme.contains(v), "README.md does not name {v}");
    }
}
