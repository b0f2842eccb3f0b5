//! Data-driven rule tests: `tests/fixtures/<rule-id>/<case>/`.
//!
//! Each case has `input.har` and `expected.json`, which lists every finding the
//! analysis must produce (rule id, entries, evidence pointers) — exactly, so a case
//! also catches other rules firing where they should not. `case.json` (optional)
//! sets `now`, `leeway` and `lang`. Cases named `pos-*` must produce the directory's
//! rule; cases named `neg-*` must not. Regenerate expectations after an intended
//! change with `UPDATE_EXPECT=1 cargo test --test fixtures`, then review the diff.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use why401::{analyze_bytes, Lang, Options};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn cases() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for rule in fs::read_dir(fixtures_dir()).expect("tests/fixtures exists") {
        let rule = rule.unwrap().path();
        if !rule.is_dir() {
            continue;
        }
        for case in fs::read_dir(&rule).unwrap() {
            let case = case.unwrap().path();
            if case.join("input.har").exists() {
                out.push((
                    rule.file_name().unwrap().to_string_lossy().into_owned(),
                    case,
                ));
            }
        }
    }
    out.sort();
    out
}

fn options(case: &Path) -> Options {
    let mut opts = Options {
        now_ms: Some(1_714_557_600_000),
        ..Options::default()
    };
    if let Ok(text) = fs::read_to_string(case.join("case.json")) {
        let v: Value = serde_json::from_str(&text).expect("case.json is JSON");
        if let Some(now) = v["now"].as_str() {
            opts.now_ms = why401::time::parse_iso8601(now);
        }
        if let Some(l) = v["leeway"].as_i64() {
            opts.leeway_secs = l;
        }
        if let Some(l) = v["lang"].as_str() {
            opts.lang = Lang::parse(l).unwrap();
        }
    }
    opts
}

/// The observable summary of a run: what the fixture asserts.
pub fn observed(case: &Path) -> Value {
    let bytes = fs::read(case.join("input.har")).unwrap();
    match analyze_bytes(bytes, &options(case)) {
        Err(e) => json!({ "error": e.to_string() }),
        Ok(report) => {
            for f in &report.findings {
                // A finding whose message is missing from the catalog shows its id as title.
                assert!(
                    !f.title.is_empty() && !f.title.starts_with(f.rule),
                    "{}: finding {} has no message in the catalog",
                    case.display(),
                    f.rule
                );
            }
            json!({
                "failures": report.failures.iter().map(|f| json!({"entry": f.entry, "causes": f.causes})).collect::<Vec<_>>(),
                "findings": report.findings.iter().map(|f| json!({
                    "rule": f.rule,
                    "message": f.message,
                    "confidence": f.confidence.as_str(),
                    "entries": f.entries,
                    "pointers": f.evidence.iter().map(|e| e.pointer.clone()).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        }
    }
}

/// `v` with every object's keys in order: what `UPDATE_EXPECT` writes, so that a rewrite changes
/// only what changed (serde_json keeps the order keys were inserted in, with `preserve_order`).
fn sorted(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut pairs: Vec<(String, Value)> = map.into_iter().collect();
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(pairs.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

#[test]
fn every_fixture_produces_its_expected_findings() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let all = cases();
    assert!(all.len() > 10, "fixture cases were not found");
    for (rule, case) in &all {
        let got = observed(case);
        let name = format!("{rule}/{}", case.file_name().unwrap().to_string_lossy());
        let expected_path = case.join("expected.json");
        if update {
            fs::write(
                &expected_path,
                serde_json::to_string_pretty(&sorted(got.clone())).unwrap() + "\n",
            )
            .unwrap();
        }
        let expected: Value = match fs::read_to_string(&expected_path) {
            Ok(t) => {
                serde_json::from_str(&t).unwrap_or_else(|e| panic!("{name}: expected.json: {e}"))
            }
            Err(_) => {
                failures.push(format!(
                    "{name}: no expected.json (run with UPDATE_EXPECT=1)"
                ));
                continue;
            }
        };
        if got != expected {
            failures.push(format!(
                "{name}:\n  expected {}\n  got      {}",
                serde_json::to_string(&expected).unwrap(),
                serde_json::to_string(&got).unwrap()
            ));
        }
        let fired = got["findings"]
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f["rule"] == rule.as_str()));
        let case_name = case.file_name().unwrap().to_string_lossy();
        if case_name.starts_with("pos-") && !fired {
            failures.push(format!("{name}: a positive case must produce `{rule}`"));
        }
        if case_name.starts_with("neg-") && fired {
            failures.push(format!("{name}: a negative case must not produce `{rule}`"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_docs_and_positive_and_negative_fixtures() {
    let all = cases();
    let mut problems = Vec::new();
    for rule in why401::rules::ALL {
        let id = rule.meta().id;
        let has = |prefix: &str| {
            all.iter().any(|(r, c)| {
                r == id && c.file_name().unwrap().to_string_lossy().starts_with(prefix)
            })
        };
        if !has("pos-") {
            problems.push(format!(
                "{id}: no positive fixture (tests/fixtures/{id}/pos-*)"
            ));
        }
        if !has("neg-") {
            problems.push(format!(
                "{id}: no negative fixture (tests/fixtures/{id}/neg-*)"
            ));
        }
        for lang in [Lang::En, Lang::Ja] {
            let own = |m: &&why401::messages::Msg| {
                m.id == id || m.id.strip_prefix(id).is_some_and(|r| r.starts_with('.'))
            };
            if !why401::messages::catalog(lang).iter().any(|m| own(&m)) {
                problems.push(format!("{id}: no {} message", lang.as_str()));
            }
        }
        if why401::messages::summary(Lang::En, id).is_empty() {
            problems.push(format!("{id}: no summary"));
        }
        if rule.meta().references.is_empty() {
            problems.push(format!("{id}: no references"));
        }
    }
    for m in why401::messages::catalog(Lang::En) {
        let base = m.id.split('.').next().unwrap_or(m.id);
        if why401::rules::by_id(base).is_none() {
            problems.push(format!("message {}: no rule has the id {base}", m.id));
        }
    }
    for (dir, _) in &all {
        if why401::rules::by_id(dir).is_none() {
            problems.push(format!("tests/fixtures/{dir}: no rule has this id"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn rule_docs_are_generated_and_up_to_date() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut stale = Vec::new();
    for rule in why401::rules::ALL {
        let path = docs.join(format!("{}.md", rule.meta().id));
        let want = why401::docs::rule_markdown(*rule, Lang::En);
        if update {
            fs::create_dir_all(&docs).unwrap();
            fs::write(&path, &want).unwrap();
        }
        if fs::read_to_string(&path).ok().as_deref() != Some(want.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale rule docs (run UPDATE_EXPECT=1 cargo test --test fixtures):\n{}",
        stale.join("\n")
    );
}

#[test]
fn readme_lists_every_rule_with_its_doc_link() {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let missing: Vec<&str> = why401::rules::ALL
        .iter()
        .map(|r| r.meta().id)
        .filter(|id| !readme.contains(&format!("[`{id}`](docs/rules/{id}.md)")))
        .collect();
    assert!(
        missing.is_empty(),
        "README.md's rule table lacks: {missing:?}"
    );
}
