//! Conformance of the `http` module against shared corpora:
//! Firefox's greenbytes realm cases, RFC 7617's Basic examples and real-world
//! `WWW-Authenticate` values collected in `api-401-examples.md`.

use serde_json::Value;
use why401::http::www_authenticate::{self, Challenge};

const CORPORA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora");

fn read_json(rel: &str) -> Value {
    let path = format!("{CORPORA}/{rel}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn str_field<'a>(case: &'a Value, key: &str) -> &'a str {
    case[key]
        .as_str()
        .unwrap_or_else(|| panic!("case without string `{key}`: {case}"))
}

/// The realm Firefox's Basic prompt would show: that of the first Basic
/// challenge, or "" when there is none.
fn basic_realm(parsed: &www_authenticate::Parsed) -> String {
    parsed
        .find("Basic")
        .and_then(Challenge::realm)
        .unwrap_or("")
        .to_string()
}

/// Cases where our model intentionally differs from Firefox, with the realm
/// we produce instead.
fn deliberate_difference(name: &str) -> Option<&'static str> {
    match name {
        // FIXME(firefox-divergence): Firefox shows `\foo` for the unquoted
        // token `\f\o\o`, i.e. it unescapes all but the first backslash, which
        // no grammar explains. Backslash escapes only exist inside
        // quoted-strings (RFC 9110 §5.6.4), so we keep the invalid token
        // verbatim and raise an issue instead of guessing.
        "simplebasictokbs" => Some("\\f\\o\\o"),
        _ => None,
    }
}

#[test]
fn firefox_greenbytes_realm_cases() {
    let corpus = read_json("conformance/authn/firefox_greenbytes_realm_cases.json");
    assert!(
        corpus["note"]
            .as_str()
            .is_some_and(|n| n.contains("evaluated")),
        "the inputs are expected to be already-unescaped JS values"
    );
    let cases = corpus["cases"].as_array().expect("cases");
    assert!(cases.len() >= 30, "corpus shrank: {}", cases.len());
    for case in cases {
        let name = str_field(case, "name");
        let input = str_field(case, "input");
        assert_eq!(str_field(case, "scheme"), "Basic", "{name}");
        let firefox = str_field(case, "realm");
        let parsed = www_authenticate::parse(input);
        let ours = basic_realm(&parsed);
        match deliberate_difference(name) {
            Some(expected) => {
                assert_ne!(expected, firefox, "{name} no longer differs");
                assert_eq!(ours, expected, "{name}: {input:?}");
                assert!(
                    !parsed.issues.is_empty(),
                    "{name}: divergence must be flagged"
                );
            }
            None => assert_eq!(ours, firefox, "{name}: {input:?} -> {parsed:?}"),
        }
    }
    let multi = corpus["multi_field"].as_array().expect("multi_field");
    assert!(!multi.is_empty());
    for case in multi {
        let name = str_field(case, "name");
        let inputs: Vec<&str> = case["inputs"]
            .as_array()
            .expect("inputs")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let expected = str_field(case, "realm");
        assert_eq!(
            basic_realm(&www_authenticate::parse_all(inputs.iter().copied())),
            expected,
            "{name}"
        );
        // HAR exporters may join the same lines with "\n" into one value.
        assert_eq!(
            basic_realm(&www_authenticate::parse(&inputs.join("\n"))),
            expected,
            "{name} joined"
        );
    }
}

#[test]
fn firefox_recoveries_are_reported_as_issues() {
    // Cases Firefox accepts leniently must still be visible to a diagnosis.
    for input in [
        "Basic realm=\"basic",
        "Basic realm='foo'",
        "Basic realm=\"foo\", realm=\"bar\"",
        "Basic, realm=\"foo\"",
        "Newauth realm=\"apps\", type=1, title=\"Login to \"apps\"\", Basic realm=\"simple\"",
    ] {
        assert!(!www_authenticate::parse(input).issues.is_empty(), "{input}");
    }
    for input in [
        "Basic realm=\"foo\"",
        "Basic realm = \"foo\"",
        "Basic , realm=\"foo\"",
        "Basic realm=\"foo\", bar=\"xyz\",, a=b,,,c=d",
    ] {
        assert_eq!(
            www_authenticate::parse(input).issues,
            Vec::<String>::new(),
            "{input}"
        );
    }
}
