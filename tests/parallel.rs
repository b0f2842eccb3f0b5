//! A large capture is read on several threads (`why401::parallel`); small ones, as every
//! other test uses, never are. This file has one test so that capping the threads (a
//! process-wide setting) cannot race with another test.

use why401::redact::FingerprintKey;
use why401::{analyze_bytes, Options};

/// One entry per line, so a parse issue's line says which entry it is in (entry i on line
/// i + 2). Failing and working requests, tokens, cookies and token answers, all different.
fn capture(n: usize, odd: &[(usize, &str)]) -> Vec<u8> {
    let entry = |i: usize| {
        if let Some((_, text)) = odd.iter().find(|(at, _)| *at == i) {
            return (*text).to_owned();
        }
        let status = if i % 7 == 3 || i % 7 == 5 { 401 } else { 200 };
        // Servers echo what they were sent: a later answer quotes the access token an
        // earlier token answer issued (scrubbed only if it was collected, on any thread).
        let mut issued = i - i % 11;
        while odd.iter().any(|(at, _)| *at == issued) {
            issued -= 11;
        }
        let echoed = format!("acc{issued:06}qrstuvwx");
        let token = format!("tok{i:06}abcdefghijklmnop");
        let body = if i.is_multiple_of(11) {
            format!(
                r#","content":{{"mimeType":"application/json","text":"{{\"access_token\":\"acc{i:06}qrstuvwx\",\"nested\":[{{\"client_secret\":\"sec{i:06}yz\"}}]}}"}}"#
            )
        } else {
            String::new()
        };
        format!(
            r#"{{"startedDateTime":"2026-11-30T10:{:02}:{:02}.000Z","time":{i},"request":{{"method":"GET","url":"https://api.example.test/v1/items/{i}?page={i}","headers":[{{"name":"Authorization","value":"Bearer {token}"}},{{"name":"Cookie","value":"sid=s{i:08}zzzz; theme=dark"}}],"cookies":[{{"name":"sid","value":"s{i:08}zzzz"}}]}},"response":{{"status":{status},"headers":[{{"name":"WWW-Authenticate","value":"Bearer error=\"invalid_token\", error_description=\"token {echoed} expired\""}}]{body}}}}}"#,
            (i / 60) % 60,
            i % 60
        )
    };
    let lines: Vec<String> = (0..n).map(entry).collect();
    format!(
        "{{\"log\":{{\"version\":\"1.2\",\"entries\":[\n{}\n]}}}}",
        lines.join(",\n")
    )
    .into_bytes()
}

fn report_json(bytes: Vec<u8>, threads: usize) -> serde_json::Value {
    report_json_with(bytes, threads, None)
}

/// The report, with a bug injected at `fault_entry` (the shells' retry leaves that entry
/// out, as `why401::guard` does).
fn report_json_with(
    bytes: Vec<u8>,
    threads: usize,
    fault_entry: Option<usize>,
) -> serde_json::Value {
    why401::parallel::set_max_threads(threads);
    let opts = Options {
        fingerprint_key: Some(FingerprintKey::from_random([3; 32])),
        fault_entry,
        ..Options::default()
    };
    let report = why401::guard::with_retries(&opts, |o| analyze_bytes(bytes.clone(), o))
        .expect("no bug escapes")
        .expect("readable");
    why401::parallel::set_max_threads(0);
    serde_json::to_value(&report).unwrap()
}

#[test]
fn reading_on_several_threads_changes_nothing() {
    let n = 12_000;
    // Odd values late in the file, where a second thread reads: each is repaired and
    // reported at its own line, and an element that is not an object costs only itself.
    let odd = [
        (
            6_100,
            r#"{"time":1,"time":2,"request":{"method":"GET","url":"https://api.example.test/dup"},"response":{"status":401}}"#,
        ),
        (7_000, "5"),
        (
            8_800,
            r#"{"time":NaN,"request":{"method":"GET","url":"https://api.example.test/nan"},"response":{"status":401}}"#,
        ),
    ];
    let one = report_json(capture(n, &odd), 1);
    let many = report_json(capture(n, &odd), 2);
    assert_eq!(one, many, "one thread and two must give the same report");

    assert_eq!(many["input"]["entries"], n);
    let issues: Vec<(String, String, u64)> = many["input"]["parse_issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap().to_owned(),
                i["pointer"].as_str().unwrap_or("").to_owned(),
                i["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    for (kind, entry) in [
        ("duplicate-key", 6_100),
        ("entry-unreadable", 7_000),
        ("not-a-number", 8_800),
    ] {
        let found = issues
            .iter()
            .find(|(k, _, _)| k == kind)
            .unwrap_or_else(|| panic!("no {kind} issue: {issues:?}"));
        assert_eq!(found.1, format!("/log/entries/{entry}"), "{kind}");
        if kind != "entry-unreadable" {
            assert_eq!(found.2, entry as u64 + 2, "{kind}: the line of the entry");
        }
    }
    // Credentials collected on either thread are scrubbed from what servers wrote: no
    // access token from a late token answer appears anywhere in the report.
    let text = many.to_string();
    assert!(text.contains("expired"), "the echo is quoted");
    for leak in ["qrstuvwx", "abcdefghijklmnop"] {
        if let Some(at) = text.find(leak) {
            panic!("{leak} leaked: {}", &text[at.saturating_sub(300)..at + 40]);
        }
    }
    let failures = many["failures"].as_array().unwrap();
    assert!(failures.len() > n / 8, "failures: {}", failures.len());
    // Enough for the rules of each entry and the wording of the findings to be shared out
    // too (`analysis::ENTRIES_PER_THREAD`, `FINDINGS_PER_THREAD`).
    let findings = many["findings"].as_array().unwrap().len();
    assert!(findings > 2 * 1_000, "findings: {findings}");

    // A bug in a rule, in an entry the second core checks: that entry is left out, as on
    // one core, and the rest of the report is the same.
    let one = report_json_with(capture(n, &odd), 1, Some(9_005));
    let many = report_json_with(capture(n, &odd), 2, Some(9_005));
    assert_eq!(
        one, many,
        "a fault: one thread and two must give the same report"
    );
    let skipped: Vec<&serde_json::Value> = many["input"]["parse_issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "skipped")
        .collect();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(skipped[0]["pointer"], "/log/entries/9005");
    assert!(!many["failures"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["entry"] == 9_005));
    assert!(failures.iter().any(|f| f["entry"] == 8_800));

    // Cut in the middle of an entry: on two cores, entries are read while the file is still
    // being walked; what is read, and the place of the cut, are those of one core.
    let whole = capture(n, &odd);
    let cut = whole[..whole.len() * 3 / 4].to_vec();
    // Large enough to be read that way (two cores, over 4 MB: `har::parse`).
    assert!(cut.len() > 4 << 20, "{} bytes", cut.len());
    let one = report_json(cut.clone(), 1);
    let many = report_json(cut, 2);
    assert_eq!(
        one, many,
        "a cut file: one thread and two must give the same report"
    );
    let issues = many["input"]["parse_issues"].as_array().unwrap();
    let cut_issue = issues
        .iter()
        .find(|i| i["kind"] == "invalid-json")
        .unwrap_or_else(|| panic!("the cut is reported: {issues:?}"));
    assert!(cut_issue["message"]
        .as_str()
        .unwrap()
        .contains("ends early"));
    let last = many["failures"].as_array().unwrap().last().unwrap()["entry"]
        .as_u64()
        .unwrap();
    assert!(
        (n as u64 * 7 / 10..n as u64 * 8 / 10).contains(&last),
        "entries up to the cut are read: last failure {last}"
    );
}
