//! `www/report.d.ts` is the TypeScript face of the report: the page, the panel and
//! scripts are written against it. This test reads it and checks it against the
//! JSON the core really produces, so the two cannot drift: every field the JSON
//! has is declared, every required field is produced, and string unions list
//! exactly the values the core uses.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use serde_json::Value;
use why401::{analyze_bytes, Options};

/// `interface Name { field?: type; … }` → name → (field → optional).
fn interfaces(dts: &str) -> BTreeMap<String, BTreeMap<String, bool>> {
    let mut out = BTreeMap::new();
    let mut rest = dts;
    while let Some(i) = rest.find("export interface ") {
        rest = &rest[i + "export interface ".len()..];
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
        let open = rest.find('{').unwrap();
        let close = rest.find("\n}").unwrap();
        let body = &rest[open + 1..close];
        let mut fields = BTreeMap::new();
        let mut in_comment = false;
        for line in body.lines().map(str::trim) {
            if line.starts_with("/*") {
                in_comment = !line.contains("*/");
                continue;
            }
            if in_comment {
                in_comment = !line.contains("*/");
                continue;
            }
            if let Some((field, _)) = line.split_once(':') {
                let optional = field.ends_with('?');
                fields.insert(field.trim_end_matches('?').trim().to_owned(), optional);
            }
        }
        out.insert(name, fields);
        rest = &rest[close..];
    }
    out
}

/// Keys of every object found at `path` (`findings[]`, `input.parse_issues[]`).
fn keys_at(report: &Value, path: &str) -> (BTreeSet<String>, usize, BTreeMap<String, usize>) {
    let mut nodes = vec![report];
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (name, each) = part.strip_suffix("[]").map_or((part, false), |n| (n, true));
        nodes = nodes
            .into_iter()
            .filter_map(|n| n.get(name))
            .flat_map(|v| {
                if each {
                    v.as_array()
                        .cloned()
                        .unwrap_or_default()
                        .into_iter()
                        .collect::<Vec<_>>()
                } else {
                    vec![v.clone()]
                }
            })
            .map(|v| Box::leak(Box::new(v)) as &Value)
            .collect();
    }
    let mut keys = BTreeSet::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for n in &nodes {
        if let Some(o) = n.as_object() {
            for k in o.keys() {
                keys.insert(k.clone());
                *seen.entry(k.clone()).or_default() += 1;
            }
        }
    }
    (keys, nodes.len(), seen)
}

fn reports() -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut files = vec![
        root.join("samples/realistic.har"),
        root.join("www/sample.har"),
    ];
    for dir in [
        "tests/e2e/fixtures",
        "tests/fixtures/cors-blocked/pos-wildcard-with-cookies",
        "tests/fixtures/jwt-expired/pos-accepted-anyway",
    ] {
        for e in fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "har") {
                files.push(p);
            }
        }
    }
    for f in files {
        let report = analyze_bytes(fs::read(&f).unwrap(), &Options::default()).unwrap();
        out.push(serde_json::to_value(&report).unwrap());
    }
    // Grouped notes (`repeats`) and skipped entries (`pointer` on a parse issue).
    let entry = |i: usize, status: u16| {
        format!(
            r#"{{"startedDateTime":"2024-05-01T10:00:0{i}Z","request":{{"method":"GET","url":"https://api.test/{i}","headers":[{{"name":"Authorization","value":"Bearer eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln"}}]}},"response":{{"status":{status},"headers":[]}}}}"#
        )
    };
    let har = format!(
        r#"{{"log":{{"entries":[{},{},{}]}}}}"#,
        entry(1, 200),
        entry(2, 200),
        entry(3, 401)
    );
    let opts = Options {
        fault_entry: Some(2),
        ..Options::default()
    };
    let report = why401::guard::with_retries(&opts, |o| analyze_bytes(har.clone().into_bytes(), o))
        .unwrap()
        .unwrap();
    out.push(serde_json::to_value(&report).unwrap());
    let har = format!(
        r#"{{"log":{{"entries":[{},{},{}]}}}}"#,
        entry(1, 200),
        entry(2, 200),
        entry(3, 401)
    );
    out.push(
        serde_json::to_value(analyze_bytes(har.into_bytes(), &Options::default()).unwrap())
            .unwrap(),
    );
    // A repaired value: a parse issue with a line and a column.
    let har = r#"{"log":{"entries":[{"time":1,"time":2,"request":{"method":"GET","url":"https://a.test/"},"response":{"status":401}}]}}"#;
    out.push(
        serde_json::to_value(analyze_bytes(har.as_bytes().to_vec(), &Options::default()).unwrap())
            .unwrap(),
    );
    out
}

#[test]
fn the_typescript_declaration_matches_the_json() {
    let dts =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("www/report.d.ts")).unwrap();
    let decl = interfaces(&dts);
    let places = [
        ("Report", ""),
        ("ToolInfo", "tool"),
        ("InputInfo", "input"),
        ("ParseIssue", "input.parse_issues[]"),
        ("Failure", "failures[]"),
        ("Comparison", "failures[].comparison"),
        ("Finding", "findings[]"),
        ("Evidence", "findings[].evidence[]"),
        ("Reference", "findings[].references[]"),
    ];
    let reports = reports();
    let mut problems = Vec::new();
    for (name, path) in places {
        let fields = decl
            .get(name)
            .unwrap_or_else(|| panic!("report.d.ts declares no interface {name}"));
        let mut produced = BTreeSet::new();
        let mut objects = 0;
        let mut always: BTreeMap<String, usize> = BTreeMap::new();
        for r in &reports {
            let (keys, n, seen) = keys_at(r, path);
            produced.extend(keys);
            objects += n;
            for (k, c) in seen {
                *always.entry(k).or_default() += c;
            }
        }
        assert!(
            objects > 0,
            "no {name} in the test reports: the check would prove nothing"
        );
        for k in &produced {
            if !fields.contains_key(k) {
                problems.push(format!("{name}.{k} is in the JSON but not declared"));
            }
        }
        for (k, optional) in fields {
            if !produced.contains(k) {
                problems.push(format!("{name}.{k} is declared but never produced"));
            } else if !optional && always.get(k) != Some(&objects) {
                problems.push(format!(
                    "{name}.{k} is declared required but is sometimes absent"
                ));
            }
        }
    }
    // String unions: every value the core produces is declared.
    let unions = [
        ("FailureKind", "failures[]", "kind"),
        ("Severity", "findings[]", "severity"),
        ("Confidence", "findings[]", "confidence"),
    ];
    for (ty, path, field) in unions {
        let line = dts
            .split(&format!("export type {ty} ="))
            .nth(1)
            .and_then(|r| r.split(';').next())
            .unwrap_or("");
        for r in &reports {
            let mut nodes = vec![r];
            for part in path.split('.') {
                let name = part.trim_end_matches("[]");
                nodes = nodes
                    .into_iter()
                    .filter_map(|n| n.get(name))
                    .flat_map(|v| v.as_array().into_iter().flatten())
                    .collect();
            }
            for n in nodes {
                if let Some(v) = n.get(field).and_then(Value::as_str) {
                    if !line.contains(&format!("'{v}'")) {
                        problems.push(format!("{ty} does not list '{v}'"));
                    }
                }
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "www/report.d.ts and the report differ:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_parser_sees_a_missing_field() {
    let decl = interfaces("export interface Finding {\n  /** x */\n  rule: string;\n  data?: Record<string, string>;\n}\n");
    assert_eq!(decl["Finding"].get("rule"), Some(&false));
    assert_eq!(decl["Finding"].get("data"), Some(&true));
    assert!(!decl["Finding"].contains_key("message"));
}

/// Every `.har` file under `dir`, recursively.
fn captures_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            captures_under(&p, out);
        } else if p.extension().is_some_and(|x| x == "har") {
            out.push(p);
        }
    }
}

/// Evidence points into the HAR: on every capture in the repository that is plain JSON (the
/// recorded lab's, the corpora's, the fixtures'), each finding's evidence names a place the
/// capture has, in the entry the evidence names. Firefox writes no `_error` on a request that
/// got no answer, and a pointer to Chrome's pointed at nothing in its captures.
#[test]
fn every_piece_of_evidence_points_at_a_place_the_capture_has() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![
        root.join("samples/realistic.har"),
        root.join("www/sample.har"),
    ];
    for dir in [
        "tests/fixtures",
        "tests/corpora",
        "tests/lab/captures",
        "tests/e2e/fixtures",
    ] {
        captures_under(&root.join(dir), &mut files);
    }
    let (mut checked, mut pointers) = (0, 0);
    for f in &files {
        let bytes = fs::read(f).unwrap();
        // Captures that are not plain JSON (a BOM, a HARP wrapper, a repaired value, a cut
        // file) are read by why401 but not by serde_json: their places are checked elsewhere.
        let Ok(har) = serde_json::from_slice::<Value>(&bytes) else {
            continue;
        };
        let Ok(report) = analyze_bytes(bytes, &Options::default()) else {
            continue;
        };
        checked += 1;
        for finding in &report.findings {
            for ev in &finding.evidence {
                pointers += 1;
                let at = &ev.pointer;
                assert!(
                    har.pointer(at).is_some(),
                    "{}: {} cites {at}, which the capture does not have",
                    f.display(),
                    finding.rule
                );
                if at.starts_with("/log/entries/") {
                    let named = format!("/log/entries/{}", ev.entry);
                    assert!(
                        at == &named || at.starts_with(&format!("{named}/")),
                        "{}: {} cites {at} as entry {}",
                        f.display(),
                        finding.rule,
                        ev.entry
                    );
                }
            }
        }
    }
    // The repository's captures (450 when this was written), whose findings cite 685 places.
    assert!(
        checked > 400 && pointers > 600,
        "{checked} captures, {pointers} places"
    );
}
