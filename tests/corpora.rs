//! Real HAR exports from many tools, and the HAR 1.2 JSON schema, from
//! `tests/corpora/` (origin and licence of each file in its SOURCES.tsv).

use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};
use why401::{analyze_bytes, har, Options};

fn corpora() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpora")
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let p = e.unwrap().path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn every_corpus_har_is_read_without_panic_and_invalid_ones_say_why() {
    let mut files = Vec::new();
    files_under(&corpora().join("har"), &mut files);
    files.sort();
    assert!(
        files.len() >= 30,
        "expected the HAR corpus, found {} files",
        files.len()
    );
    let mut read = 0;
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let name = f.strip_prefix(corpora()).unwrap().display().to_string();
        match analyze_bytes(bytes, &Options::default()) {
            Ok(report) => {
                read += 1;
                // Text output must render for every readable capture.
                let text = why401::render::text(&report, &Options::default(), false);
                assert!(text.starts_with("why401"), "{name}");
            }
            Err(e) => {
                let msg = e.to_string();
                assert!(
                    msg.starts_with("not a readable HAR file: "),
                    "{name}: {msg}"
                );
                assert!(msg.len() > 30, "{name}: error too terse: {msg}");
            }
        }
    }
    assert!(read >= 25, "only {read} corpus files were readable");
}

#[test]
fn known_exporter_quirks_are_handled() {
    let read = |rel: &str| {
        let bytes = std::fs::read(corpora().join(rel)).unwrap();
        analyze_bytes(bytes, &Options::default())
    };
    // Fiddler writes a UTF-8 byte order mark and seven-digit fractions.
    let fiddler = read("har/harviewer/issue-61_ie11.fiddler.har").unwrap();
    assert!(fiddler.input.parse_issues.iter().any(|i| i.kind == "bom"));
    assert_eq!(fiddler.input.creator.as_deref(), Some("Fiddler 4.6.2.2"));
    // HARP: a JSONP wrapper around the log.
    let jsonp = read("har/harviewer/jsonp.har").unwrap();
    assert!(
        jsonp.input.parse_issues.iter().any(|i| i.kind == "harp"),
        "{:?}",
        jsonp.input.parse_issues
    );
    assert_eq!(jsonp.input.entries, 1);
    // Not JSON at all: a clear error with a position.
    let err = read("har/harviewer/not-json.har").unwrap_err().to_string();
    assert!(err.contains("line") && err.contains("column"), "{err}");
    // A missing comma between two members of the log.
    let err = read("own/missing-comma.har").unwrap_err().to_string();
    assert!(err.contains("invalid JSON"), "{err}");
    // HTTP/2 pseudo-headers are header lines to the reader: counted, and quoted where a
    // report lists every line; they are not kept for the rules (they repeat the method and
    // URL), and the lines after them keep their places in the file.
    let bytes = std::fs::read(corpora().join("har/har-to-k6/pseudo-headers.har")).unwrap();
    let (text, _) = har::prepare(bytes);
    let parsed = har::parse(&text);
    let e = &parsed.har.entries[0];
    assert!(e.request.headers.iter().all(|h| !h.name.starts_with(':')));
    let all = parsed.har.request_headers(e);
    assert!(all.iter().any(|h| h.name == ":method" && h.value == "GET"));
    assert_eq!(e.request.headers.count as usize, all.len());
    assert_eq!(e.request_header("AUTHORIZATION").map(|(i, _)| i), Some(2));
    assert_eq!(all[2].name.to_ascii_lowercase(), "authorization");
    // `:authority` (the host) is not a credential: Playwright's recording of an HTTP/2 site
    // showed its cookie's `Domain=` as `•••` when the host was taken for one.
    let bytes = std::fs::read(corpora().join("har/playwright/har-redirect.har")).unwrap();
    let report = analyze_bytes(bytes, &Options::default()).unwrap();
    let shown = serde_json::to_string(&report).unwrap();
    assert!(shown.contains("Domain=www.theverge.com"), "{shown}");
}

/// Captures of ordinary browsing recorded by other people's tools (harviewer's, HAR-to-k6's,
/// har2locust's and Playwright's test files): sites working as they should, so nothing in them
/// is an authentication failure. Fiddler's export of Internet Explorer 9 loading images from a
/// CDN, cookies and all (`harviewer/noPages.har`), read as four requests "blocked by CORS" while
/// any credentialed cross-origin answer without `Access-Control-Allow-Origin` counted as one:
/// an `<img>` is not subject to CORS.
#[test]
fn ordinary_browsing_recorded_by_other_tools_holds_no_authentication_failure() {
    let mut files = Vec::new();
    files_under(&corpora().join("har"), &mut files);
    files.sort();
    let mut read = 0;
    for f in &files {
        let Ok(report) = analyze_bytes(std::fs::read(f).unwrap(), &Options::default()) else {
            continue;
        };
        read += 1;
        let name = f.strip_prefix(corpora()).unwrap().display();
        assert!(
            report.failures.is_empty(),
            "{name}: {:?}",
            report
                .failures
                .iter()
                .map(|x| (x.entry, &x.causes))
                .collect::<Vec<_>>()
        );
    }
    assert!(read >= 20, "only {read} captures read");
    // The capture that showed it: 87 requests, the images among them read as what they are.
    let bytes = std::fs::read(corpora().join("har/harviewer/noPages.har")).unwrap();
    let report = analyze_bytes(bytes, &Options::default()).unwrap();
    assert_eq!(report.input.entries, 87);
    assert!(report.findings.iter().all(|f| f.rule != "cors-blocked"));
}

/// Builds an example object for a HAR schema file with every property set to a
/// recognisable value, following `$ref`s into the other schema files.
fn example(schema_dir: &Path, file: &str, depth: usize) -> Value {
    let text = std::fs::read_to_string(schema_dir.join(file)).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    build(schema_dir, &schema, file, depth)
}

fn build(dir: &Path, schema: &Value, name: &str, depth: usize) -> Value {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let file = r.split('#').next().unwrap();
        return example(dir, file, depth + 1);
    }
    let ty = match schema.get("type") {
        Some(Value::Array(types)) => types[0].as_str().unwrap_or("string").to_owned(),
        Some(Value::String(t)) => t.clone(),
        _ => "object".into(),
    };
    match ty.as_str() {
        "object" => {
            let mut m = Map::new();
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (k, v) in props {
                    if depth < 30 {
                        m.insert(k.clone(), build(dir, v, k, depth + 1));
                    }
                }
            }
            Value::Object(m)
        }
        "array" => {
            // postData.params describes its items' properties on the array itself.
            let item = schema.get("items").cloned().unwrap_or_else(|| {
                let mut s = schema.clone();
                s["type"] = json!("object");
                s
            });
            json!([build(dir, &item, name, depth + 1)])
        }
        "number" | "integer" => json!(401),
        "boolean" => json!(true),
        _ if schema.get("format").and_then(Value::as_str) == Some("date-time")
            || name == "startedDateTime" =>
        {
            json!("2024-05-01T10:00:00.000Z")
        }
        _ => json!(format!("v-{name}")),
    }
}

#[test]
fn the_reader_takes_every_field_it_uses_from_the_har_1_2_schema() {
    let dir = corpora().join("conformance/har-schema");
    let doc = example(&dir, "har.json", 0);
    let text = serde_json::to_string(&doc).unwrap();
    let read = har::parse(&text);
    assert!(read.issues.is_empty(), "{:?}", read.issues);
    let e = &read.har.entries[0];
    // Field names as the schema spells them, read into the model.
    assert_eq!(
        e.started_date_time.as_deref(),
        Some("2024-05-01T10:00:00.000Z")
    );
    assert_eq!(e.time, Some(401.0));
    assert_eq!(e.pageref.as_deref(), Some("v-pageref"));
    assert_eq!(e.request.method, "v-method");
    assert_eq!(e.request.url, "v-url");
    assert_eq!(e.request.http_version, "v-httpVersion");
    // Only the header names rules read stay in memory; all are counted and re-readable.
    assert_eq!(e.request.headers.count, 1);
    assert!(e.request.headers.is_empty());
    let all = read.har.request_headers(e);
    assert_eq!(
        (all[0].name.as_ref(), all[0].value.as_ref()),
        ("v-name", "v-value")
    );
    assert_eq!(e.request.query_string[0].name, "v-name");
    let c = &e.request.cookies[0];
    // A sent cookie keeps its name and value; the attributes are read where they matter, on
    // the cookies a response set (below).
    assert_eq!((c.name.as_ref(), c.value.as_ref()), ("v-name", "v-value"));
    let p = e.request.post_data.as_ref().unwrap();
    assert_eq!(
        (p.mime_type.as_ref(), p.text().as_deref()),
        ("v-mimeType", Some("v-text"))
    );
    assert_eq!(p.params[0].name, "v-name");
    let r = e.response.as_ref().unwrap();
    assert_eq!(e.status(), Some(401));
    assert_eq!(r.status_text, "v-statusText");
    assert_eq!(
        (r.headers.count, r.headers.bytes),
        (1, ("v-name".len() + "v-value".len() + 4) as u32)
    );
    let c = &r.cookies[0];
    assert_eq!((c.name.as_ref(), c.value.as_ref()), ("v-name", "v-value"));
    assert_eq!(c.path.as_deref(), Some("v-path"));
    assert_eq!(c.domain.as_deref(), Some("v-domain"));
    assert_eq!(c.expires.as_deref(), Some("2024-05-01T10:00:00.000Z"));
    assert_eq!((c.http_only, c.secure), (Some(true), Some(true)));
    assert_eq!(r.redirect_url.as_deref(), Some("v-redirectURL"));
    assert_eq!(r.content.size, Some(401.0));
    assert_eq!(r.content.mime_type, "v-mimeType");
    assert_eq!(r.content.encoding.as_deref(), Some("v-encoding"));
    assert_eq!(r.content.text.as_ref().map(|t| t.get()), Some("\"v-text\""));
    assert_eq!(
        read.har.creator.as_ref().map(|c| c.name.as_str()),
        Some("v-name")
    );
    assert_eq!(read.har.version.as_deref(), Some("v-version"));
}
