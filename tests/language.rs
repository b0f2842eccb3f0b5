//! The words people read, checked on every capture we have, in both languages and
//! every format: no placeholder or hole left in a sentence, no English plural
//! errors, no English in Japanese prose outside an allowlist of protocol words,
//! and the glossary's terms in Japanese.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use why401::messages::{self, Lang};
use why401::{analyze_bytes, render, Options};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    for e in rd {
        let p = e.unwrap().path();
        if p.is_dir() {
            files_under(&p, out);
        } else if p.extension().is_some_and(|x| x == "har" || x == "json") {
            out.push(p);
        }
    }
}

/// Every capture: rule fixtures, samples, end-to-end fixtures, third-party exports.
fn captures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    files_under(&root().join("tests/fixtures"), &mut out);
    files_under(&root().join("tests/corpora/har"), &mut out);
    files_under(&root().join("tests/e2e/fixtures"), &mut out);
    out.retain(|p| p.extension().is_some_and(|x| x == "har"));
    out.push(root().join("samples/realistic.har"));
    out.push(root().join("www/sample.har"));
    out.sort();
    out
}

/// A placeholder left unfilled: `{name}`.
fn unfilled(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        if let Some(close) = after.find('}') {
            let name = &after[..close];
            // `${token}` is the capture's own text (a template never filled), not ours.
            let dollar = open > 0 && rest.as_bytes()[open - 1] == b'$';
            if !dollar
                && !name.is_empty()
                && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            {
                return Some(format!("{{{name}}}"));
            }
        }
        rest = after;
    }
    None
}

/// A value that stands in for a missing one: `realm —`, `(?)`, `: —`.
fn hole(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c != '—' && c != '?' {
            continue;
        }
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let opens = before.is_none_or(|b| b == ' ' || b == '(' || b == ':' || b == '=');
        // An em dash between words is punctuation; one before a closing mark stands for a value.
        let closes = after
            .is_none_or(|a| a == ')' || a == ',' || a == '.' || a == '、' || a == '。')
            || (after == Some(' ')
                && (c == '?' || before.is_some_and(|b| b == '(' || b == ':' || b == '=')));
        // A question ends a sentence ("Is the token sent?") and is not a hole.
        let question =
            c == '?' && before.is_some_and(|b| b.is_alphanumeric() || b == ')' || b == '"');
        if opens && closes && !question {
            let from = i.saturating_sub(20);
            let to = (i + 20).min(chars.len());
            return Some(chars[from..to].iter().collect());
        }
    }
    None
}

/// English plural errors: `1 entries`, `part(s)`.
fn plural_error(text: &str) -> Option<String> {
    if let Some(i) = text.find("(s)") {
        return Some(text[i.saturating_sub(20)..i + 3].to_owned());
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    for w in words.windows(2) {
        let noun = w[1].trim_end_matches([',', '.', ')', ';', ':']);
        if w[0] == "1"
            && [
                "entries",
                "failures",
                "parts",
                "characters",
                "bytes",
                "requests",
                "cookies",
                "seconds",
            ]
            .contains(&noun)
        {
            return Some(format!("{} {}", w[0], w[1]));
        }
    }
    None
}

/// The user-visible sentences of a report (not the capture's own text).
fn sentences(report: &why401::Report) -> Vec<String> {
    let mut out = Vec::new();
    for f in &report.findings {
        out.push(f.title.clone());
        out.push(f.explanation.clone());
        out.extend(f.fixes.iter().map(|f| f.to_string()));
        out.extend(f.evidence.iter().map(|e| e.excerpt.clone()));
    }
    out
}

#[test]
fn every_capture_reads_without_holes_in_both_languages_and_all_formats() {
    let mut problems = BTreeSet::new();
    let mut checked = 0;
    for path in captures() {
        let bytes = fs::read(&path).unwrap();
        let name = path.strip_prefix(root()).unwrap().display().to_string();
        for lang in [Lang::En, Lang::Ja] {
            let opts = Options {
                lang,
                now_ms: Some(1_714_557_600_000),
                ..Options::default()
            };
            let Ok(report) = analyze_bytes(bytes.clone(), &opts) else {
                continue;
            };
            checked += 1;
            for s in sentences(&report) {
                if let Some(p) = unfilled(&s) {
                    problems.insert(format!(
                        "{name} [{}]: placeholder {p} in: {s}",
                        lang.as_str()
                    ));
                }
                if let Some(h) = hole(&s) {
                    problems.insert(format!("{name} [{}]: hole in: …{h}…", lang.as_str()));
                }
                if lang == Lang::En {
                    if let Some(p) = plural_error(&s) {
                        problems.insert(format!("{name} [en]: plural: {p}"));
                    }
                }
            }
            let text = render::text(&report, &opts, false);
            let head: String = text.lines().take(1).collect();
            if lang == Lang::En {
                if let Some(p) = plural_error(&head) {
                    problems.insert(format!("{name} [en] text header: plural: {p}"));
                }
            }
            let (text_bytes, _) = why401::har::prepare(bytes.clone());
            let read = why401::har::parse(&text_bytes);
            let md = render::markdown(&report, &read.har, &opts);
            for line in md
                .lines()
                .filter(|l| !l.starts_with("    ") && !l.starts_with('`'))
            {
                if let Some(p) = unfilled(line) {
                    problems.insert(format!(
                        "{name} [{}] markdown: placeholder {p}",
                        lang.as_str()
                    ));
                }
            }
        }
    }
    assert!(checked > 300, "only {checked} reports were checked");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// ASCII words that may stand in Japanese prose: protocol and product names,
/// claim and attribute names. Header names (`Access-Control-Allow-Origin`),
/// snake_case tokens (`invalid_token`), acronyms (`HTTP`), words with digits and
/// anything in backticks are allowed by shape.
const ALLOWED_IN_JAPANESE: &[&str] = &[
    "Bearer",
    "Basic",
    "Digest",
    "Negotiate",
    "Cookie",
    "Cookies",
    "OAuth",
    "OpenID",
    "Connect",
    "GitHub",
    "App",
    "Apps",
    "Chrome",
    "Chromium",
    "Firefox",
    "Safari",
    "DevTools",
    "Google",
    "Microsoft",
    "Entra",
    "Azure",
    "Okta",
    "Auth0",
    "Keycloak",
    "Cloudflare",
    "Slack",
    "Stripe",
    "Insomnia",
    "Postman",
    "Playwright",
    "Fiddler",
    "Spring",
    "Express",
    "Django",
    "FastAPI",
    "Starlette",
    "Laravel",
    "Rails",
    "Angular",
    "axios",
    "curl",
    "fetch",
    "XMLHttpRequest",
    "localStorage",
    "sessionStorage",
    "base64",
    "base64url",
    "token68",
    "exp",
    "nbf",
    "iat",
    "aud",
    "iss",
    "sub",
    "scope",
    "scp",
    "typ",
    "alg",
    "kid",
    "nonce",
    "azp",
    "realm",
    "charset",
    "error",
    "stale",
    "SameSite",
    "Lax",
    "Strict",
    "None",
    "Secure",
    "HttpOnly",
    "Domain",
    "Path",
    "Partitioned",
    "Expires",
    "why401",
    "npm",
    "Node",
    "JavaScript",
    "TypeScript",
    "env",
    "localhost",
    "true",
    "false",
    "null",
    "undefined",
    "Unicode",
    "Latin",
    "echo",
    "printf",
    "include",
    "credentials",
    "same",
    "origin",
    "omit",
    "Web",
    "Set",
    "Max",
    "Age",
    "nginx",
    "Apache",
    "CloudFront",
    "Fastly",
    "Akamai",
    "Vary",
    "Authorization",
    "Origin",
    "Location",
    "Referer",
    "Date",
    "Retry",
    "After",
    "RateLimit",
    "Content",
    "Type",
    "Proxy",
    "Authenticate",
    "WWW",
    "OPTIONS",
    "GET",
    "POST",
    "PUT",
    "DELETE",
    "PATCH",
    "HEAD",
    "application",
    "json",
    "text",
    "html",
    "plain",
    "form",
    "urlencoded",
    "x",
    "www",
    "grant_type",
    "code",
    "refresh_token",
    "client_id",
    "client_secret",
    "redirect_uri",
    "state",
    "id_token",
    "access_token",
    "code_verifier",
    "code_challenge",
    "device_code",
    "at",
    "jwt",
    "Lite",
    "ISO",
    "UTF",
    "and",
    "or",
];

fn english_words_outside_allowlist(template: &str) -> Vec<String> {
    // Backticked spans, placeholders and optional-part markers are not prose.
    let mut prose = String::new();
    let mut in_code = false;
    let mut rest = template;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        if c == '`' {
            in_code = !in_code;
            prose.push(' ');
        } else if c == '{' && !in_code {
            if let Some(close) = rest.find('}') {
                rest = &rest[close + 1..];
            }
            prose.push(' ');
        } else if !in_code {
            prose.push(c);
        }
    }
    let mut out = Vec::new();
    for token in prose.split(|c: char| {
        !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '+' || c == '.')
    }) {
        let token = token.trim_matches(|c: char| c == '.' || c == '-');
        if token.is_empty() || !token.chars().any(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        let header_like = token.contains('-')
            && token.split('-').all(|p| {
                p.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                    || p.eq_ignore_ascii_case("x")
            });
        let snake = token.contains('_');
        let acronym = token.len() >= 2
            && token
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        let digits = token.chars().any(|c| c.is_ascii_digit());
        let dotted = token.contains('.');
        let allowed = ALLOWED_IN_JAPANESE.iter().any(|a| {
            token.split(['-', '+']).all(|p| {
                p.is_empty()
                    || a.eq_ignore_ascii_case(p)
                    || ALLOWED_IN_JAPANESE
                        .iter()
                        .any(|b| b.eq_ignore_ascii_case(p))
            })
        });
        if !(header_like || snake || acronym || digits || dotted || allowed) {
            out.push(token.to_owned());
        }
    }
    out
}

/// Every Japanese template: messages, summaries, interface words, nouns.
fn japanese_templates() -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    let vendors = why401::vendors::all().map(|e| &e.ja);
    for m in messages::catalog(Lang::Ja).iter().chain(vendors) {
        out.push((format!("{} title", m.id), m.title));
        out.push((format!("{} explanation", m.id), m.explanation));
        for (i, f) in m.fixes.iter().enumerate() {
            out.push((format!("{} fix {}", m.id, i + 1), *f));
        }
    }
    out
}

/// The CLI's text and Markdown put each failure's findings into words as they make that
/// failure's text and write it out (`render::text_drafted`, `render::markdown_drafted`): on
/// every capture, in both languages, the terminal's text (with colours and without) and the
/// Markdown are those of the report whose findings were all put into words first.
#[test]
fn the_text_made_from_the_drafts_is_the_report_s_text() {
    let mut checked = 0;
    for path in captures() {
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let read = why401::har::parse(&text);
        for lang in [Lang::En, Lang::Ja] {
            let opts = Options {
                lang,
                fingerprint_key: Some(why401::redact::FingerprintKey::from_passphrase("k")),
                ..Options::default()
            };
            let (Ok(report), Ok(drafted)) = (
                why401::analysis::analyze_read(&read, Vec::new(), &opts),
                why401::analysis::draft_read(&read, Vec::new(), &opts),
            ) else {
                continue;
            };
            let written = |write: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| {
                let mut out = Vec::new();
                write(&mut out).unwrap();
                String::from_utf8(out).unwrap()
            };
            for color in [false, true] {
                assert_eq!(
                    written(&|out| render::text_drafted(&drafted, &opts, color, out)),
                    render::text(&report, &opts, color),
                    "{} ({lang:?}, colour {color})",
                    path.display()
                );
            }
            assert_eq!(
                written(&|out| render::markdown_drafted(&drafted, &read.har, &opts, out)),
                render::markdown(&report, &read.har, &opts),
                "{} ({lang:?}, Markdown)",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 200, "{checked} captures read");
}

#[test]
fn japanese_prose_has_no_english_words_outside_the_allowlist() {
    let mut found = Vec::new();
    let templates = japanese_templates();
    for (id, t) in &templates {
        let words = english_words_outside_allowlist(t);
        if !words.is_empty() {
            found.push(format!("{id}: {}", words.join(", ")));
        }
    }
    for (key, _) in messages::ui_keys() {
        let t = messages::ui(Lang::Ja, key);
        let words = english_words_outside_allowlist(t);
        if !words.is_empty() {
            found.push(format!("ui {key}: {}", words.join(", ")));
        }
    }
    println!(
        "{} Japanese templates checked, {} with English words",
        templates.len(),
        found.len()
    );
    assert!(
        found.is_empty(),
        "English words in Japanese prose:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_catches_english_in_japanese() {
    assert_eq!(
        english_words_outside_allowlist("デコードできません: payload is not JSON。"),
        ["payload", "is", "not"]
    );
    assert!(english_words_outside_allowlist(
        "`Authorization` ヘッダーと Bearer トークン、invalid_token、HTTP 401"
    )
    .is_empty());
    assert_eq!(hole("realm —").as_deref(), Some("realm —"));
    assert_eq!(hole("(retry after ?)").as_deref(), Some("(retry after ?)"));
    assert!(hole("Is the token sent?").is_none());
    assert!(plural_error("1 entries").is_some() && plural_error("2 part(s)").is_some());
    assert!(plural_error("1 entry, 2 entries").is_none());
    assert_eq!(unfilled("(iss {iss}、aud {aud})").as_deref(), Some("{iss}"));
}

/// The glossary's rule for Japanese: one word per concept, the seeds' words.
#[test]
fn japanese_uses_the_glossary_terms() {
    let glossary = fs::read_to_string(root().join("docs/glossary.md")).expect("docs/glossary.md");
    // Rows: | English | Japanese | variants not to use | note |
    let mut avoid = Vec::new();
    for line in glossary.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 5 || cells[1].starts_with("---") || cells[1] == "English" {
            continue;
        }
        for v in cells[3]
            .split(['、', ',', '/'])
            .map(|v| v.trim().trim_matches('`'))
            .filter(|v| !v.is_empty() && *v != "—" && *v != "-")
        {
            avoid.push((v.to_owned(), cells[2].to_owned()));
        }
    }
    assert!(
        avoid.len() >= 10,
        "the glossary lists too few variants to avoid ({})",
        avoid.len()
    );
    let mut found = Vec::new();
    let mut texts: Vec<(String, &str)> = japanese_templates();
    for (key, _) in messages::ui_keys() {
        texts.push((format!("ui {key}"), messages::ui(Lang::Ja, key)));
    }
    for (id, t) in texts {
        for (bad, good) in &avoid {
            if t.contains(bad.as_str()) && !good.contains(bad.as_str()) {
                found.push(format!("{id}: `{bad}` (use {good})"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "Japanese text uses words the glossary rules out:\n{}",
        found.join("\n")
    );
}
