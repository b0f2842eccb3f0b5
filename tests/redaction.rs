//! Privacy: no secret from any fixture appears in any output format, in any
//! language, unless the user asks for secrets.

use std::path::{Path, PathBuf};

use base64::Engine;
use serde_json::Value;
use why401::{analysis::analyze_read, har, redact, render, Lang, Options};

fn inputs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![root.join("samples/realistic.har")];
    for rule in std::fs::read_dir(root.join("tests/fixtures")).unwrap() {
        let rule = rule.unwrap().path();
        if rule.is_dir() {
            for case in std::fs::read_dir(rule).unwrap() {
                let p = case.unwrap().path().join("input.har");
                if p.exists() {
                    out.push(p);
                }
            }
        }
    }
    out.sort();
    out
}

/// Every secret in a HAR, found independently of the redaction code's own lists
/// where possible: credentials after a scheme, decoded Basic passwords, cookie
/// values, and values of keys named like secrets.
fn secrets(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let entries = doc["log"]["entries"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for e in &entries {
        for side in ["request", "response"] {
            for h in e[side]["headers"].as_array().into_iter().flatten() {
                let name = h["name"].as_str().unwrap_or("").to_ascii_lowercase();
                let value = h["value"].as_str().unwrap_or("");
                match name.as_str() {
                    "authorization" | "proxy-authorization" => {
                        if let Some((scheme, cred)) = value.trim().split_once(' ') {
                            let cred = cred.trim();
                            out.push(cred.to_owned());
                            if scheme.eq_ignore_ascii_case("basic") {
                                if let Ok(bytes) = base64::engine::general_purpose::STANDARD
                                    .decode(cred.replace('\n', ""))
                                {
                                    let text = String::from_utf8_lossy(&bytes).into_owned();
                                    if let Some((_, pass)) = text.split_once(':') {
                                        out.push(pass.trim_end().to_owned());
                                    }
                                }
                            }
                            if let Some(sig) =
                                cred.rsplit('.').next().filter(|_| cred.starts_with("eyJ"))
                            {
                                out.push(sig.to_owned());
                            }
                        }
                    }
                    "cookie" => out.extend(
                        value
                            .split(';')
                            .filter_map(|p| p.split_once('='))
                            .map(|(_, v)| v.trim().to_owned()),
                    ),
                    "set-cookie" => out.extend(value.split('\n').filter_map(|l| {
                        l.split(';')
                            .next()?
                            .split_once('=')
                            .map(|(_, v)| v.trim().to_owned())
                    })),
                    n if redact::is_sensitive_header(n) => out.push(value.to_owned()),
                    _ => {}
                }
            }
            for c in e[side]["cookies"].as_array().into_iter().flatten() {
                out.push(c["value"].as_str().unwrap_or("").to_owned());
            }
        }
        for q in e["request"]["queryString"].as_array().into_iter().flatten() {
            if redact::is_sensitive_param(q["name"].as_str().unwrap_or("")) {
                out.push(q["value"].as_str().unwrap_or("").to_owned());
            }
        }
        let bodies = [
            e["request"]["postData"]["text"].as_str(),
            e["response"]["content"]["text"].as_str(),
        ];
        for body in bodies.into_iter().flatten() {
            if let Ok(v) = serde_json::from_str::<Value>(body) {
                collect_json(&v, &mut out);
            } else {
                for pair in body.split('&') {
                    if let Some((k, v)) = pair.split_once('=') {
                        if redact::is_sensitive_param(k) {
                            out.push(redact::percent_decode_lossy(v).into_owned());
                        }
                    }
                }
            }
        }
    }
    // Short values and placeholders carry no secret and would match by chance.
    out.retain(|s| s.chars().count() >= 6 && !redact::is_placeholder(s));
    out.sort();
    out.dedup();
    out
}

fn collect_json(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, val) in m {
                match val {
                    Value::String(s) if redact::is_sensitive_param(k) => out.push(s.clone()),
                    _ => collect_json(val, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_json(x, out)),
        _ => {}
    }
}

#[test]
fn no_secret_appears_in_any_output() {
    let mut checked = 0;
    for path in inputs() {
        let bytes = std::fs::read(&path).unwrap();
        let doc: Value = serde_json::from_slice(&bytes).unwrap();
        let secrets = secrets(&doc);
        let (text, issues) = har::prepare(bytes);
        let read = har::parse(&text);
        for lang in [Lang::En, Lang::Ja] {
            let opts = Options {
                lang,
                now_ms: Some(1_714_557_600_000),
                ..Options::default()
            };
            let Ok(report) = analyze_read(&read, issues.clone(), &opts) else {
                continue;
            };
            let mut outputs = vec![
                ("json", serde_json::to_string_pretty(&report).unwrap()),
                ("text", render::text(&report, &opts, true)),
                ("markdown", render::markdown(&report, &read.har, &opts)),
            ];
            for e in &read.har.entries {
                outputs.push(("curl", render::curl(&read.har, e, &opts)));
            }
            for (format, out) in &outputs {
                for s in &secrets {
                    assert!(
                        !out.contains(s.as_str()),
                        "{}: {format} ({lang:?}) reveals the secret {s:?}",
                        path.display()
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(
        checked > 1000,
        "only {checked} secret/output pairs checked: the extractor found too few secrets"
    );
}

#[test]
fn show_secrets_reveals_them_so_the_check_above_can_fail() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/realistic.har");
    let bytes = std::fs::read(&path).unwrap();
    let doc: Value = serde_json::from_slice(&bytes).unwrap();
    let secrets = secrets(&doc);
    let (text, issues) = har::prepare(bytes);
    let read = har::parse(&text);
    let opts = Options {
        show_secrets: true,
        ..Options::default()
    };
    let report = analyze_read(&read, issues, &opts).unwrap();
    let md = render::markdown(&report, &read.har, &opts);
    assert!(
        secrets.iter().any(|s| md.contains(s.as_str())),
        "with --show-secrets the Markdown shows credentials"
    );
}

/// Servers echo what they were sent: a token endpoint's `error_description`, a
/// challenge's `error_description`, a payment API's "Invalid API Key provided:
/// sk_live_…" (the key sent as a Basic user id), a sign-in API repeating a
/// 4-character password, an API quoting the session key it issued as `sessionKey`. Each is
/// scrubbed wherever the server's words are shown.
#[test]
fn server_echoes_of_credentials_are_scrubbed() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures-privacy/server-echoes.har");
    let bytes = std::fs::read(&path).unwrap();
    let echoed = [
        "r3fr3sh-Zq7-planted-0001",
        "tok-Zq7-planted-0002-abcdef",
        "sk_live_Zq7planted0003abcdef",
        "Zq7planted0003",
        "hu7t",
        // Issued under a camelCase name in an answer, never sent in a header.
        "Zq7-planted-0005-camelCase",
    ];
    let (text, issues) = har::prepare(bytes);
    let read = har::parse(&text);
    for lang in [Lang::En, Lang::Ja] {
        for show_secrets in [false, true] {
            let opts = Options {
                lang,
                show_secrets,
                fingerprint_key: Some(redact::FingerprintKey::from_random([1; 32])),
                ..Options::default()
            };
            let report = analyze_read(&read, issues.clone(), &opts).unwrap();
            let outputs = [
                ("json", serde_json::to_string_pretty(&report).unwrap()),
                ("text", render::text(&report, &opts, false)),
                ("markdown", render::markdown(&report, &read.har, &opts)),
            ];
            for (format, out) in &outputs {
                // The diagnosis still quotes the server, around the redaction.
                if format == &"text" && lang == Lang::En && !show_secrets {
                    assert!(
                        out.contains("Invalid refresh token: •••(24 chars, #"),
                        "{out}"
                    );
                }
                for s in echoed {
                    if show_secrets {
                        continue;
                    }
                    assert!(!out.contains(s), "{format} ({lang:?}): {s}\n{out}");
                }
                // With --show-secrets the same search finds every one: it can fail.
                if show_secrets && format == &"json" {
                    for s in echoed {
                        assert!(
                            out.contains(s),
                            "{format} ({lang:?}) with secrets shown: {s}"
                        );
                    }
                }
            }
        }
    }
}

/// Capture text cannot drive the terminal or forge report lines: every string a
/// HAR supplies (creator, method, URL, realm, `error_description`, a broken key)
/// reaches the terminal with control and bidirectional characters made visible,
/// and Markdown names cannot close their code fences.
#[test]
fn hostile_capture_text_cannot_drive_the_terminal_or_break_markdown() {
    let esc = "\u{1b}";
    let har = serde_json::json!({"log": {
        "creator": {"name": format!("x{esc}]52;c;ZXZpbA==\u{7}"), "version": "1\n0 authentication failures"},
        "entries": [{
            "startedDateTime": "2026-01-01T00:00:00Z",
            "request": {"method": format!("GET{esc}[2J"), "url": format!("https://api.test/a\u{202e}gpj.exe?q={esc}]8;;https://evil.test{esc}\\"),
                "headers": [{"name": "Authorization", "value": "Bearer abcdefghijklmnopqrstuvwxyz0123"},
                            {"name": "X-Note```\n![x](https://evil.test/p.png)", "value": "```"}]},
            "response": {"status": 401, "headers": [{"name": "WWW-Authenticate",
                "value": format!("Bearer realm=\"a{esc}[31mred\", error=\"invalid_token\", error_description=\"bad\\rFIXED: nothing to do\"")}],
                "content": {"mimeType": "text/plain", "text": ""}}
        }]
    }});
    let text = serde_json::to_string(&har).unwrap();
    let read = har::parse(&text);
    for lang in [Lang::En, Lang::Ja] {
        let opts = Options {
            lang,
            ..Options::default()
        };
        let report = analyze_read(&read, Vec::new(), &opts).unwrap();
        for color in [false, true] {
            let out = render::text(&report, &opts, color);
            // With colour on, only our own SGR sequences (ESC [ … m) may appear.
            let stripped = strip_sgr(&out);
            for bad in [esc, "\u{7}", "\r", "\u{202e}"] {
                assert!(
                    !stripped.contains(bad),
                    "{bad:?} reached the terminal ({lang:?}, color {color}):\n{out}"
                );
            }
            assert!(
                !out.lines()
                    .any(|l| l.starts_with("0 authentication failures")),
                "{out}"
            );
        }
        let md = render::markdown(&report, &read.har, &opts);
        assert!(
            !md.contains("\n![x]("),
            "a header name closed the fence:\n{md}"
        );
        assert!(
            md.contains("````http\n"),
            "the fence outgrows the backticks inside:\n{md}"
        );
        assert!(!md.contains(esc) && !md.contains('\r'), "{md}");
    }
}

/// The text without our own colour codes (`ESC [ digits ; … m`).
fn strip_sgr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            let mut seq = String::new();
            chars.next();
            while let Some(&d) = chars.peek() {
                chars.next();
                seq.push(d);
                if !(d.is_ascii_digit() || d == ';') {
                    break;
                }
            }
            if seq.ends_with('m') {
                continue;
            }
            out.push_str("\u{1b}[");
            out.push_str(&seq);
            continue;
        }
        out.push(c);
    }
    out
}
