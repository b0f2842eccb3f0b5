//! Bad input gets a clear error and partial results, never a panic.

use why401::{analyze_bytes, Options};

fn sample() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/realistic.har"
    ))
    .unwrap()
}

#[test]
fn truncated_files_keep_every_entry_read_before_the_cut() {
    let full = sample();
    let complete = analyze_bytes(full.clone(), &Options::default()).unwrap();
    assert_eq!(complete.failures.len(), 7);
    let mut partial_with_failures = 0;
    // Cut at many points, including inside strings, escapes and multi-byte characters.
    for cut in (1..full.len()).step_by(97) {
        let head = full[..cut].to_vec();
        match analyze_bytes(head, &Options::default()) {
            Ok(report) => {
                let issue = report
                    .input
                    .parse_issues
                    .iter()
                    .find(|i| i.kind == "invalid-json");
                let issue = issue.unwrap_or_else(|| panic!("cut at {cut}: no invalid-json issue"));
                assert!(
                    issue.line.is_some() && issue.column.is_some(),
                    "cut at {cut}: no position"
                );
                assert!(
                    issue.message.contains("ends early"),
                    "cut at {cut}: {}",
                    issue.message
                );
                // Failures found in the partial file are a prefix of the full file's.
                for (got, want) in report.failures.iter().zip(&complete.failures) {
                    assert_eq!(got.entry, want.entry, "cut at {cut}");
                }
                if !report.failures.is_empty() {
                    partial_with_failures += 1;
                }
            }
            Err(e) => assert!(e.to_string().contains("line"), "cut at {cut}: {e}"),
        }
    }
    assert!(
        partial_with_failures > 10,
        "partial files should still report failures"
    );
}

#[test]
fn wrong_types_are_tolerated_field_by_field() {
    let har = br#"{"log":{"creator":{"name":7,"version":null},"entries":[
        42,
        {"request":{"method":"GET","url":"https://a.test/x","headers":{"not":"a list"}},"response":{"status":"401","headers":[{"name":"WWW-Authenticate","value":"Bearer"},"junk",{"name":5}]}},
        {"request":"nope","response":null},
        {"startedDateTime":12345,"request":{"url":"https://a.test/y","headers":[{"name":"Authorization","value":"Bearer undefined"}]},"response":{"status":401.0,"content":{"text":123}}}
    ]}}"#;
    let report = analyze_bytes(har.to_vec(), &Options::default()).unwrap();
    assert_eq!(report.input.entries, 4);
    let failing: Vec<usize> = report.failures.iter().map(|f| f.entry).collect();
    assert_eq!(failing, vec![1, 3], "{report:#?}");
    assert_eq!(report.failures[1].causes[0], "token-placeholder");
    // The odd header elements keep their positions: the challenge is header 0.
    assert!(report.findings.iter().any(|f| f
        .evidence
        .iter()
        .any(|e| e.pointer == "/log/entries/1/response/headers/0")));
}

#[test]
fn non_utf8_bytes_are_replaced_and_reported() {
    let mut har = br#"{"log":{"entries":[{"request":{"url":"https://a.test/","headers":[{"name":"Authorization","value":"Basic "#.to_vec();
    let column = har.len() + 1;
    har.extend_from_slice(&[0xff, 0xfe]);
    har.extend_from_slice(br#""}]},"response":{"status":401,"headers":[]}}]}}"#);
    let report = analyze_bytes(har, &Options::default()).unwrap();
    let issue = report
        .input
        .parse_issues
        .iter()
        .find(|i| i.kind == "not-utf8")
        .expect("not-utf8 issue");
    assert_eq!((issue.line, issue.column), (Some(1), Some(column)));
    assert_eq!(report.failures.len(), 1);
}

#[test]
fn invalid_base64_bodies_do_not_stop_the_analysis() {
    let har = br#"{"log":{"entries":[{"request":{"method":"POST","url":"https://id.test/oauth/token","postData":{"mimeType":"application/x-www-form-urlencoded","text":"grant_type=client_credentials"}},
        "response":{"status":400,"content":{"mimeType":"application/json","encoding":"base64","text":"%%%not base64%%%"}}}]}}"#;
    let report = analyze_bytes(har.to_vec(), &Options::default()).unwrap();
    // The body is unreadable, so no token error can be read from it; nothing panics.
    assert!(report.failures.is_empty());
    let ok = br#"{"log":{"entries":[{"request":{"method":"POST","url":"https://id.test/oauth/token","postData":{"mimeType":"application/x-www-form-urlencoded","text":"grant_type=client_credentials"}},
        "response":{"status":400,"content":{"mimeType":"application/json","encoding":"base64","text":"eyJlcnJvciI6ImludmFsaWRfY2xpZW50In0="}}}]}}"#;
    let report = analyze_bytes(ok.to_vec(), &Options::default()).unwrap();
    assert_eq!(*report.failures[0].causes, ["oauth-invalid-client"]);
}

#[test]
fn empty_deep_and_odd_inputs_give_clear_errors() {
    for (input, needle) in [
        (&b""[..], "ends early"),
        (b"   ", "ends early"),
        (b"[1,2,3]", "no `log`"),
        (b"{\"foo\":1}", "no `log`"),
        (b"null", "no `log`"),
        (b"\xEF\xBB\xBF", "ends early"),
    ] {
        let err = analyze_bytes(input.to_vec(), &Options::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains(needle), "{input:?}: {err}");
    }
    // Nesting deeper than the JSON reader's limit is an error, not a stack overflow.
    let mut deep = b"{\"log\":{\"entries\":[{\"x\":".to_vec();
    deep.extend(std::iter::repeat_n(b'[', 10_000));
    let report = analyze_bytes(deep, &Options::default()).unwrap_err();
    assert!(report.to_string().contains("line"), "{report}");
}

#[test]
fn huge_bodies_and_headers_are_handled() {
    let body = "x".repeat(20 * 1024 * 1024);
    let cookie = "c=".to_owned() + &"v".repeat(200_000);
    let har = format!(
        r#"{{"log":{{"entries":[{{"request":{{"url":"https://a.test/","headers":[{{"name":"Cookie","value":"{cookie}"}}]}},"response":{{"status":431,"content":{{"mimeType":"text/html","text":"{body}"}}}}}}]}}}}"#
    );
    let report = analyze_bytes(har.into_bytes(), &Options::default()).unwrap();
    assert_eq!(*report.failures[0].causes, ["header-too-large"]);
    let text = why401::render::text(&report, &Options::default(), false);
    assert!(text.len() < 20_000, "the report must not echo huge values");
}

/// Four failing entries; `odd` replaces the text `"time": 12` of entry 1.
fn four_entries_with(odd: &str) -> Vec<u8> {
    let entry = |i: usize| {
        format!(
            r#"{{"startedDateTime":"2024-05-01T10:00:0{i}Z","time": 12,"request":{{"method":"GET","url":"https://api.test/{i}","headers":[{{"name":"Authorization","value":"Bearer undefined"}}]}},"response":{{"status":401,"statusText":"NaN here is text","headers":[]}}}}"#
        )
    };
    let mut entries: Vec<String> = (0..4).map(entry).collect();
    entries[1] = entries[1].replace(r#""time": 12"#, odd);
    format!(
        "{{\"log\":{{\"version\":\"1.2\",\"entries\":[\n{}\n]}}}}",
        entries.join(",\n")
    )
    .into_bytes()
}

#[test]
fn one_odd_value_costs_that_value_not_the_entries_after_it() {
    let cases = [
        (r#""time": 12, "time": 13"#, "duplicate-key"),
        (r#""time": 1e400"#, "number-out-of-range"),
        (r#""time": -1.5e999"#, "number-out-of-range"),
        (r#""time": NaN"#, "not-a-number"),
        (r#""time": Infinity"#, "not-a-number"),
        (r#""time": -Infinity"#, "not-a-number"),
        (r#""time": undefined"#, "not-a-number"),
        (r#""time": 12, "x": [1, 2, ]"#, "trailing-comma"),
        (r#""time": 12, "x": {"a": 1,}"#, "trailing-comma"),
    ];
    for (odd, kind) in cases {
        let report = analyze_bytes(four_entries_with(odd), &Options::default())
            .unwrap_or_else(|e| panic!("{odd}: {e}"));
        assert_eq!(report.input.entries, 4, "{odd}: every entry is read");
        let entries: Vec<usize> = report.failures.iter().map(|f| f.entry).collect();
        assert_eq!(entries, [0, 1, 2, 3], "{odd}");
        let issues: Vec<_> = report.input.parse_issues.iter().map(|i| i.kind).collect();
        assert_eq!(issues, [kind], "{odd}: {:?}", report.input.parse_issues);
        let issue = &report.input.parse_issues[0];
        assert_eq!(issue.pointer.as_deref(), Some("/log/entries/1"), "{odd}");
        assert_eq!(issue.line, Some(3), "{odd}: the line of the odd value");
    }
}

#[test]
fn a_comma_after_the_last_entry_costs_nothing() {
    // A HAR trimmed by hand (an entry deleted at the end): `},\n]`. Reading used to stop at
    // the comma, with every entry still read but the rest of the log (pages, creator) lost.
    let text = String::from_utf8(four_entries_with(r#""time": 12"#)).unwrap();
    let text = text.replacen("\n]}}", ",\n]}}", 1);
    let report = analyze_bytes(text.into_bytes(), &Options::default()).unwrap();
    assert_eq!(report.input.entries, 4);
    let issues: Vec<_> = report.input.parse_issues.iter().map(|i| i.kind).collect();
    assert_eq!(
        issues,
        ["trailing-comma"],
        "{:?}",
        report.input.parse_issues
    );
    let issue = &report.input.parse_issues[0];
    assert_eq!((issue.line, issue.pointer.as_deref()), (Some(6), None));
    assert!(issue.message.contains("`]`"), "{}", issue.message);
}

#[test]
fn many_odd_values_are_each_repaired_up_to_a_bound() {
    // Every entry with a duplicate key: all are read (fewer than the repair bound).
    let entry = |i: usize| {
        format!(
            r#"{{"time":1,"time":2,"request":{{"method":"GET","url":"https://api.test/{i}","headers":[]}},"response":{{"status":401,"headers":[]}}}}"#
        )
    };
    let n = 40;
    let text = format!(
        "{{\"log\":{{\"entries\":[{}]}}}}",
        (0..n).map(entry).collect::<Vec<_>>().join(",")
    );
    let report = analyze_bytes(text.into_bytes(), &Options::default()).unwrap();
    assert_eq!(report.input.entries, n);
    assert_eq!(
        report
            .input
            .parse_issues
            .iter()
            .filter(|i| i.kind == "duplicate-key")
            .count(),
        n
    );
    // Beyond the bound reading stops as before: what was read is kept and the stop is said.
    let n = why401::har::MAX_REPAIRS + 10;
    let text = format!(
        "{{\"log\":{{\"entries\":[{}]}}}}",
        (0..n).map(entry).collect::<Vec<_>>().join(",")
    );
    let report = analyze_bytes(text.into_bytes(), &Options::default()).unwrap();
    assert_eq!(report.input.entries, why401::har::MAX_REPAIRS);
    assert!(report
        .input
        .parse_issues
        .iter()
        .any(|i| i.kind == "invalid-json"));
}

#[test]
fn a_token_cut_inside_a_multibyte_character_is_diagnosed_not_a_panic() {
    let text = r#"{"log":{"entries":[{"request":{"method":"GET","url":"https://api.test/x","headers":[{"name":"Authorization","value":"Bearer eyJabcdéfghijklmnopqr"}]},"response":{"status":401,"headers":[{"name":"WWW-Authenticate","value":"Bearer error=\"invalid_token\""}]}}]}}"#;
    for lang in [why401::Lang::En, why401::Lang::Ja] {
        let opts = Options {
            lang,
            ..Options::default()
        };
        let report = analyze_bytes(text.as_bytes().to_vec(), &opts).unwrap();
        assert_eq!(report.failures[0].causes[0], "jwt-malformed");
        let out = why401::render::text(&report, &opts, false);
        assert!(out.contains("eyJabcd…"), "{out}");
    }
}

#[test]
fn resource_type_casing_does_not_matter() {
    // Producers write `preflight`, `Preflight`, `XHR`, `Fetch`.
    let har = |kind: &str| {
        format!(
            r#"{{"log":{{"entries":[{{"_resourceType":"{kind}","request":{{"method":"OPTIONS","url":"https://api.test/x","headers":[]}},"response":{{"status":401,"headers":[]}}}}]}}}}"#
        )
    };
    for kind in ["preflight", "Preflight", "PREFLIGHT"] {
        let report = analyze_bytes(har(kind).into_bytes(), &Options::default()).unwrap();
        assert_eq!(
            report.failures[0].kind.as_str(),
            "preflight-rejected",
            "{kind}"
        );
    }
}

/// Inputs cargo-fuzz found (`./build.sh fuzz`), kept as regression tests: each is
/// analysed and sanitized, and the sanitized copy is JSON that reads again.
#[test]
fn fuzz_findings_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut n = 0;
    for f in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(f.unwrap().path()).unwrap();
        let _ = analyze_bytes(bytes.clone(), &Options::default());
        let text = String::from_utf8_lossy(&bytes);
        if let Ok((out, _)) = why401::sanitize::har_text(&text) {
            serde_json::from_str::<serde_json::Value>(&out).expect("sanitized output is JSON");
        }
        // The fuzz target's second property: the input beside a planted credential, which
        // must be gone from the sanitized copy (one finding hid it inside a long value).
        const SECRET: &str = "Zq7PlantedFuzzSecret0123456789";
        let doc = serde_json::json!({"log": {"entries": [{
            "request": {"method": "GET", "url": format!("https://api.test/x?q={text}"),
                "headers": [{"name": "Authorization", "value": format!("Bearer {SECRET}")},
                            {"name": "X-Note", "value": text}]},
            "response": {"status": 401, "headers": [{"name": "WWW-Authenticate", "value": text}],
                "content": {"mimeType": "text/plain", "text": format!("{text} {SECRET} {text}")}}
        }]}});
        let key = Some(why401::redact::FingerprintKey::from_random([7; 32]));
        let (out, _) = why401::sanitize::har_text_keyed(&doc.to_string(), key).unwrap();
        assert!(!out.contains(SECRET), "the planted credential survived");
        n += 1;
    }
    assert!(n >= 2);
}
