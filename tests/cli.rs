//! The `why401` command line: formats, languages, exit codes, stdin.

use std::io::Write;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_why401");
const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/realistic.har");

fn run(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The exit status and standard error of `why401 args` writing to `/dev/full` (every write
/// fails: no space left); `None` where there is no such device.
fn run_into_full_device(args: &[&str]) -> Option<(Option<i32>, String)> {
    if !std::path::Path::new("/dev/full").exists() {
        return None;
    }
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(BIN).args(args).stdout(full).output().unwrap();
    Some((
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

#[test]
fn exit_codes_follow_the_contract() {
    assert_eq!(run(&[SAMPLE], None).0, 1, "failures found");
    let clean = br#"{"log":{"entries":[{"request":{"method":"GET","url":"https://a.test/"},"response":{"status":200}}]}}"#;
    assert_eq!(run(&["-"], Some(clean)).0, 0, "no failures");
    let (code, out, err) = run(&["-"], Some(b"{ not json"));
    assert_eq!(code, 2);
    assert!(out.is_empty() && err.contains("line 1"), "{err}");
    let (code, _, err) = run(&["/nonexistent/x.har"], None);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/x.har"), "{err}");
    assert_eq!(run(&["--format", "yaml", SAMPLE], None).0, 2);
    // A file cut in the middle (an upload limit did it) is never "no failures".
    let sample = std::fs::read(SAMPLE).unwrap();
    assert_eq!(
        run(&["-"], Some(&sample[..2000])).0,
        2,
        "cut before the first entry: nothing read"
    );
    for cut in [sample.len() / 2, sample.len() - 10] {
        let (code, out, err) = run(&["-"], Some(&sample[..cut]));
        assert_eq!(code, 3, "cut at {cut}: {err}");
        assert!(out.starts_with("why401"), "partial results are printed");
        assert!(
            err.contains("read only in part") && err.contains("line"),
            "{err}"
        );
    }
}

/// A report that cannot be written is an error (exit 2, with why), in every format, and so is a
/// sanitized HAR (a cut one must not pass for whole); a reader that stops reading
/// (`why401 x.har | head`) is not.
#[test]
fn a_report_that_cannot_be_written_is_an_error() {
    let Some((code, err)) = run_into_full_device(&["sanitize", SAMPLE]) else {
        return; // no device that is always full here
    };
    assert_eq!(code, Some(2), "sanitize: {err}");
    assert!(err.contains("writing the sanitized HAR"), "{err}");
    for format in ["text", "json", "markdown"] {
        let (code, err) = run_into_full_device(&["--format", format, SAMPLE]).unwrap();
        assert_eq!(code, Some(2), "{format}: {err}");
        assert!(err.contains("writing the report"), "{format}: {err}");
        // Standard output closed before a byte is read.
        let mut child = Command::new(BIN)
            .args(["--format", format, SAMPLE])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stderr.is_empty(), "{format}");
    }
}

#[test]
fn json_output_is_the_documented_contract() {
    let (code, out, _) = run(&["--format", "json", SAMPLE], None);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["tool"]["name"], "why401");
    assert!(v["tool"]["version"].is_string());
    for key in ["entries", "creator", "sanitized", "parse_issues"] {
        assert!(!v["input"][key].is_null(), "input.{key}");
    }
    let f = &v["failures"][0];
    for key in ["entry", "method", "url", "status", "causes"] {
        assert!(!f[key].is_null(), "failures[0].{key}");
    }
    assert_eq!(f["causes"][0], "jwt-expired");
    let finding = &v["findings"][0];
    for key in [
        "rule",
        "severity",
        "confidence",
        "entries",
        "evidence",
        "title",
        "explanation",
        "fixes",
        "references",
    ] {
        assert!(!finding[key].is_null(), "findings[0].{key}");
    }
    assert_eq!(
        finding["evidence"][0]["pointer"],
        "/log/entries/2/request/headers/2"
    );
}

#[test]
fn japanese_output_from_flag_and_environment() {
    let (_, out, _) = run(&["--lang", "ja", SAMPLE], None);
    assert!(out.contains("主な原因"), "{out}");
    let ja = Command::new(BIN)
        .arg(SAMPLE)
        .env("LANG", "ja_JP.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    assert!(String::from_utf8(ja.stdout).unwrap().contains("主な原因"));
}

#[test]
fn markdown_is_ready_for_a_ticket() {
    let (_, out, _) = run(&["--format", "markdown", SAMPLE], None);
    for section in [
        "## why401 report",
        "**Environment**",
        "```http",
        "**Expected**",
        "**Observed**",
        "**Cause**",
        "```sh\ncurl -i",
    ] {
        assert!(out.contains(section), "missing {section:?}");
    }
    assert!(
        !out.contains("v1.MRr4nD0mR3fr3shT0k3nAAAx9"),
        "refresh token leaked"
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let (_, plain, _) = run(&[SAMPLE], None);
    assert!(!plain.contains('\x1b'));
    let (_, coloured, _) = run(&["--color", "always", SAMPLE], None);
    assert!(coloured.contains("\x1b[1;31m"));
}

#[test]
fn rules_and_explain_subcommands() {
    let (code, out, _) = run(&["rules"], None);
    assert_eq!(code, 0);
    assert!(out.lines().count() >= 30 && out.contains("jwt-expired"));
    let (code, out, _) = run(&["explain", "clock-skew"], None);
    assert_eq!(code, 0);
    assert!(out.starts_with("# `clock-skew`"));
    assert_eq!(run(&["explain", "no-such-rule"], None).0, 2);
    let (code, out, _) = run(&["--rule", "jwt-expired", "--format", "json", SAMPLE], None);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["rule"] == "jwt-expired"));
}

#[test]
fn now_and_leeway_change_time_judgements() {
    // An entry without a start time is judged at --now.
    let tok = "eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjE3MTQ1NTc2MDB9.c2ln"; // exp 2024-05-01T10:00:00Z
    let har = format!(
        r#"{{"log":{{"entries":[{{"request":{{"url":"https://a.test/","headers":[{{"name":"Authorization","value":"Bearer {tok}"}}]}},"response":{{"status":401,"headers":[]}}}}]}}}}"#
    );
    let (_, out, _) = run(
        &["--format", "json", "--now", "2024-05-01T12:00:00Z", "-"],
        Some(har.as_bytes()),
    );
    assert!(out.contains("\"jwt-expired\""), "{out}");
    let (_, out, _) = run(
        &[
            "--format",
            "json",
            "--now",
            "2024-05-01T12:00:00Z",
            "--leeway",
            "86400",
            "-",
        ],
        Some(har.as_bytes()),
    );
    assert!(!out.contains("\"jwt-expired\""), "{out}");
}

#[test]
fn hostile_values_give_a_report_not_a_crash() {
    // A token cut inside a multi-byte character once panicked the redactor (exit 101).
    let cut = r#"{"log":{"entries":[{"request":{"method":"GET","url":"https://api.test/x","headers":[{"name":"Authorization","value":"Bearer eyJabcdé"}]},"response":{"status":401,"headers":[]}},
      {"time": 1, "time": 2, "request":{"method":"GET","url":"https://api.test/y","headers":[]},"response":{"status":401,"headers":[]}},
      {"time": 1e400, "request":{"method":"GET","url":"https://api.test/z","headers":[]},"response":{"status":401,"headers":[]}}]}}"#;
    for format in ["text", "json", "markdown"] {
        let (code, out, err) = run(&["--format", format, "-"], Some(cut.as_bytes()));
        assert_eq!(code, 1, "{format}: {err}");
        assert!(err.is_empty(), "{format}: {err}");
        assert!(
            out.contains("api.test/z"),
            "{format}: the entries after the odd values are read"
        );
    }
}

#[test]
fn lang_works_with_every_subcommand_in_any_position() {
    let japanese = |s: &str| s.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c));
    for args in [
        vec!["--lang", "ja", "rules"],
        vec!["rules", "--lang", "ja"],
        vec!["-l", "ja", "explain", "jwt-expired"],
        vec!["explain", "jwt-expired", "--lang", "ja"],
    ] {
        let (code, out, err) = run(&args, None);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(japanese(&out), "{args:?}: not Japanese:\n{out}");
        assert!(
            !out.contains("Severity") && !out.contains("References"),
            "{args:?}: English headings:\n{out}"
        );
    }
    let (code, _, err) = run(
        &["--lang", "ja", "sanitize", "-"],
        Some(std::fs::read(SAMPLE).unwrap().as_slice()),
    );
    assert_eq!(code, 0);
    assert!(japanese(&err), "the receipt follows --lang: {err}");
    // LANG alone selects Japanese for subcommands too.
    let out = Command::new(BIN)
        .args(["explain", "jwt-expired"])
        .env("LANG", "ja_JP.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    assert!(japanese(&String::from_utf8(out.stdout).unwrap()));
    // A file named like a subcommand is still analysed when given as a path.
    let (code, out, _) = run(&["./rules"], None);
    assert_eq!(code, 2, "{out}");
}

#[test]
fn a_mapped_file_is_repaired_in_memory_and_never_changed_on_disk() {
    // The CLI maps its input copy-on-write and repairs in place (a BOM, a duplicate key, a
    // NaN): the report says so, and the user's file is byte for byte what it was.
    let dir = std::env::temp_dir().join(format!("why401-cli-map-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("odd.har");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(
        br#"{"log":{"entries":[
{"time":1,"time":2,"request":{"method":"GET","url":"https://api.test/a","headers":[]},"response":{"status":401,"headers":[]}},
{"time":NaN,"request":{"method":"GET","url":"https://api.test/b","headers":[]},"response":{"status":401,"headers":[]}}
]}}"#,
    );
    std::fs::write(&file, &bytes).unwrap();
    let (code, out, err) = run(&["--format", "json", file.to_str().unwrap()], None);
    assert_eq!(code, 1, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let kinds: Vec<&str> = report["input"]["parse_issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["bom", "duplicate-key", "not-a-number"]);
    assert_eq!(report["failures"].as_array().unwrap().len(), 2);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        bytes,
        "the file on disk is untouched"
    );
    // Standard input (read, not mapped) gives the same report.
    let (_, piped, _) = run(&["--format", "json", "-"], Some(&bytes));
    let piped: serde_json::Value = serde_json::from_str(&piped).unwrap();
    assert_eq!(piped["input"], report["input"]);
    // One thread or two: the same answer (`--threads`), and a bad count is refused.
    let (_, one, _) = run(
        &["--threads", "1", "--format", "json", file.to_str().unwrap()],
        None,
    );
    let one: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(one["input"], report["input"]);
    let (code, _, err) = run(&["--threads", "0", file.to_str().unwrap()], None);
    assert_eq!(code, 2);
    assert!(err.contains("--threads"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_large_mapped_file_is_let_go_as_the_report_is_written() {
    // From 64 MB, two threads give the mapped file's pages back while the report is written
    // (`Input::release_while`), the capture's text in the half given back first: the report is
    // the one the capture alone gets, in every format, and a report that cannot be written is
    // still an error, with nothing left waiting.
    let dir = std::env::temp_dir().join(format!("why401-cli-large-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("large.har");
    let sample = std::fs::read(SAMPLE).unwrap();
    let mut bytes = vec![b' '; 64 << 20];
    bytes.extend_from_slice(&sample);
    std::fs::write(&file, &bytes).unwrap();
    let path = file.to_str().unwrap();
    let summary = |out: &str| {
        let report: serde_json::Value = serde_json::from_str(out).unwrap();
        let rules: Vec<String> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_owned())
            .collect();
        (report["failures"].clone(), rules)
    };
    let (code, out, err) = run(&["--format", "json", path], None);
    assert_eq!(code, 1, "{err}");
    let (_, alone, _) = run(&["--format", "json", "-"], Some(&sample));
    assert_eq!(summary(&out), summary(&alone));
    if let Some((code, err)) = run_into_full_device(&["--format", "json", path]) {
        assert_eq!(code, Some(2), "{err}");
        assert!(err.contains("writing the report"), "{err}");
    }
    // The text is written as it is made while the pages go; the Markdown, which quotes the
    // file, before they go: each the capture alone's (one fingerprint key for both runs).
    for format in ["text", "markdown"] {
        let (code, out, err) = run(&["--format", format, "--link-key", "k", path], None);
        assert_eq!(code, 1, "{format}: {err}");
        let (_, alone, _) = run(&["--format", format, "--link-key", "k", "-"], Some(&sample));
        assert_eq!(out, alone, "{format}");
        if let Some((code, err)) = run_into_full_device(&["--format", format, path]) {
            assert_eq!(code, Some(2), "{format}: {err}");
            assert!(err.contains("writing the report"), "{format}: {err}");
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_comparison_claims_the_same_api_only_where_the_paths_share_a_segment() {
    // A failing call compared with one that worked at the same origin, with the same method:
    // "the same API" when the paths share a segment, "another path" when only the origin does
    // (a Facebook login probe was once compared with a tracking pixel of the same host).
    let har = |worked: &str| {
        format!(
            r#"{{"log":{{"entries":[
{{"startedDateTime":"2026-11-30T10:00:00Z","request":{{"method":"GET","url":"https://api.test{worked}","headers":[{{"name":"Authorization","value":"Bearer abcdefghijklmnopqrstuvwxyz"}}]}},"response":{{"status":200,"headers":[]}}}},
{{"startedDateTime":"2026-11-30T10:00:01Z","request":{{"method":"GET","url":"https://api.test/v1/orders/7","headers":[]}},"response":{{"status":401,"headers":[{{"name":"WWW-Authenticate","value":"Bearer"}}]}}}}
]}}}}"#
        )
    };
    for (worked, shares, words) in [
        ("/v1/orders", true, "on the same API"),
        (
            "/pixel.gif",
            false,
            "with the same method at the same origin (another path)",
        ),
    ] {
        let (_, json, _) = run(&["--format", "json", "-"], Some(har(worked).as_bytes()));
        let report: serde_json::Value = serde_json::from_str(&json).unwrap();
        let comparison = &report["failures"][0]["comparison"];
        assert_eq!(comparison["reference"], 0, "{worked}: {json}");
        assert_eq!(comparison["shares_path"], shares, "{worked}");
        let (_, text, _) = run(&["-"], Some(har(worked).as_bytes()));
        // The terminal report wraps its lines.
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains(words), "{worked}: {text}");
    }
}
