//! The CORS checks against the WPT cases transcribed in
//! `tests/corpora/conformance/cors/wpt_cors_cases.json`.

use serde_json::Value;
use why401::http::cors::{
    check_preflight, cors_check, is_safelisted_header, needs_preflight, Allowances,
};

const ORIGIN: &str = "http://web-platform.test:8000";

fn suites() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/corpora/conformance/cors/wpt_cors_cases.json"
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["suites"].as_array().unwrap().clone()
}

fn cases<'a>(suites: &'a [Value], file: &str) -> &'a Vec<Value> {
    let suite = suites
        .iter()
        .find(|s| s["file"] == file)
        .unwrap_or_else(|| panic!("suite {file}"));
    suite["cases"].as_array().unwrap()
}

/// The placeholders the transcription uses for origins.
fn origin_value(v: &str) -> &str {
    match v {
        "<exact request origin>" => ORIGIN,
        v if v.starts_with("HTTP_ORIGIN") => ORIGIN,
        v if v.starts_with('<') => "http://www1.web-platform.test:8000",
        v => v,
    }
}

fn headers(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|h| {
            (
                h[0].as_str().unwrap().to_owned(),
                h[1].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(h: &[(String, String)]) -> Vec<(&str, &str)> {
    h.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect()
}

#[test]
fn preflight_star_cases() {
    let all = suites();
    let cases = cases(&all, "fetch/api/cors/cors-preflight-star.any.js");
    for (n, c) in cases.iter().enumerate() {
        let r = &c["preflight_response"];
        let allow = Allowances {
            origin: r["Access-Control-Allow-Origin"].as_str().map(origin_value),
            credentials: r["Access-Control-Allow-Credentials"].as_str(),
            methods: r["Access-Control-Allow-Methods"].as_str(),
            headers: r["Access-Control-Allow-Headers"].as_str(),
        };
        let credentials = c["credentials"] == "include";
        let h = headers(&c["request"]["headers"]);
        let got = check_preflight(
            ORIGIN,
            c["request"]["method"].as_str().unwrap(),
            &pairs(&h),
            credentials,
            200,
            &allow,
        );
        assert_eq!(
            got.is_ok(),
            c["succeeds"].as_bool().unwrap(),
            "case {n}: {c} → {got:?}"
        );
    }
    assert_eq!(cases.len(), 10);
}

#[test]
fn preflight_status_cases() {
    let all = suites();
    let cases = cases(&all, "fetch/api/cors/cors-preflight-status.any.js");
    let allow = Allowances {
        origin: Some("*"),
        headers: Some("x-force-preflight"),
        ..Default::default()
    };
    for c in cases {
        let status = c["preflight_status"].as_u64().unwrap() as u16;
        let got = check_preflight(
            ORIGIN,
            "GET",
            &[("x-force-preflight", "1")],
            false,
            status,
            &allow,
        );
        assert_eq!(
            got.is_ok(),
            c["succeeds"].as_bool().unwrap(),
            "{c}: {got:?}"
        );
    }
    assert_eq!(cases.len(), 27);
}

#[test]
fn preflight_response_validation_cases() {
    let all = suites();
    let cases = cases(
        &all,
        "fetch/api/cors/cors-preflight-response-validation.any.js",
    );
    for c in cases {
        let r = &c["preflight_response"];
        let allow = Allowances {
            origin: Some("*"),
            credentials: None,
            methods: r["Access-Control-Allow-Methods"].as_str(),
            headers: r["Access-Control-Allow-Headers"].as_str(),
        };
        let got = check_preflight(
            ORIGIN,
            "GET",
            &[("x-force-preflight", "1")],
            false,
            200,
            &allow,
        );
        assert_eq!(
            got.is_ok(),
            c["succeeds"].as_bool().unwrap(),
            "{c}: {got:?}"
        );
    }
}

#[test]
fn origin_cases() {
    let all = suites();
    let cases = cases(&all, "fetch/api/cors/cors-origin.any.js");
    for c in cases {
        let acao = origin_value(c["Access-Control-Allow-Origin"].as_str().unwrap());
        let method = c["method"].as_str().unwrap();
        let allow = Allowances {
            origin: Some(acao),
            methods: Some(method),
            ..Default::default()
        };
        // A preflight where one is needed, then the CORS check of the response.
        let preflight = if needs_preflight(method, &[]) {
            check_preflight(ORIGIN, method, &[], false, 200, &allow)
        } else {
            Ok(())
        };
        let got = preflight.and_then(|()| cors_check(ORIGIN, false, &allow));
        assert_eq!(
            got.is_ok(),
            c["succeeds"].as_bool().unwrap(),
            "{c}: {got:?}"
        );
    }
    assert_eq!(cases.len(), 17);
}

#[test]
fn safelisted_request_header_cases() {
    let all = suites();
    let mut n = 0;
    for file in [
        "cors/cors-safelisted-request-header.any.js",
        "fetch/api/cors/resources/not-cors-safelisted.json",
    ] {
        for c in cases(&all, file) {
            let (name, value) = (c["header"].as_str().unwrap(), c["value"].as_str().unwrap());
            assert_eq!(
                !is_safelisted_header(name, value),
                c["needs_preflight"].as_bool().unwrap(),
                "{file}: {name}: {value:?}"
            );
            n += 1;
        }
    }
    assert_eq!(n, 55);
}

#[test]
fn preflight_allow_or_refuse_cases() {
    let all = suites();
    for c in cases(&all, "fetch/api/cors/cors-preflight.any.js") {
        let method = c["method"].as_str().unwrap();
        let mut h = headers(&c["headers"]);
        h.extend(headers(&c["safe_headers"]));
        let unsafe_names: Vec<String> = h
            .iter()
            .filter(|(n, v)| !is_safelisted_header(n, v))
            .map(|(n, _)| n.to_ascii_lowercase())
            .collect();
        let listed = unsafe_names.join(", ");
        let allows = Allowances {
            origin: Some(ORIGIN),
            methods: Some(method),
            headers: Some(&listed),
            ..Default::default()
        };
        let refuses = Allowances {
            origin: Some(ORIGIN),
            ..Default::default()
        };
        let ok =
            |a: &Allowances<'_>| check_preflight(ORIGIN, method, &pairs(&h), false, 200, a).is_ok();
        assert_eq!(
            ok(&allows),
            c["succeeds_if_server_allows"].as_bool().unwrap(),
            "{c}"
        );
        assert_eq!(
            ok(&refuses),
            c["succeeds_if_server_refuses"].as_bool().unwrap(),
            "{c}"
        );
    }
}
