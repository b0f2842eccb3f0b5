//! Linear on every shape (issue 13): for each shape of capture that was once quadratic, four
//! times the input costs at most about five times the work.
//!
//! Work is measured as wall time, best of three runs at each size, with a generous bound (a
//! ratio of 7 for 4× the input: linear work gives about 4, quadratic work 16), so that a loaded
//! machine does not fail the test and a quadratic path still does. Sizes are chosen so the
//! small run takes milliseconds in a debug build.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use why401::{analyze_bytes, Options};

const EXP: &str =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1IiwiZXhwIjoxNzY0NTMwMDAwfQ.c2ln";

fn entry(
    method: &str,
    url: &str,
    req_headers: &str,
    status: u16,
    res_headers: &str,
    body: &str,
    at_ms: usize,
) -> String {
    let t = 1_764_530_000_000u64 + at_ms as u64;
    let secs = t / 1000;
    let (h, m, s) = ((secs / 3600) % 24, (secs / 60) % 60, secs % 60);
    format!(
        r#"{{"startedDateTime":"2025-11-30T{h:02}:{m:02}:{s:02}.{:03}Z","time":3,"request":{{"method":"{method}","url":"{url}","httpVersion":"HTTP/1.1","headers":[{req_headers}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0}},"response":{{"status":{status},"statusText":"","httpVersion":"HTTP/1.1","headers":[{res_headers}],"cookies":[],"content":{{"size":{},"mimeType":"application/json","text":{}}},"redirectURL":"","headersSize":-1,"bodySize":-1}},"cache":{{}},"timings":{{"send":0,"wait":2,"receive":1}}}}"#,
        t % 1000,
        body.len(),
        serde_json::to_string(body).unwrap()
    )
}

fn header(name: &str, value: &str) -> String {
    format!(
        r#"{{"name":{},"value":{}}}"#,
        serde_json::to_string(name).unwrap(),
        serde_json::to_string(value).unwrap()
    )
}

fn har(entries: &[String]) -> Vec<u8> {
    format!(
        r#"{{"log":{{"version":"1.2","creator":{{"name":"test","version":"1"}},"entries":[{}]}}}}"#,
        entries.join(",")
    )
    .into_bytes()
}

/// Every entry a 401 with an expired JWT: each failure once scanned every finding.
fn failures(n: usize) -> Vec<u8> {
    let req = header("Authorization", &format!("Bearer {EXP}"));
    let res = header("WWW-Authenticate", r#"Bearer error="invalid_token""#);
    har(&(0..n)
        .map(|i| {
            entry(
                "GET",
                &format!("https://api.test/v1/items/{i}"),
                &req,
                401,
                &res,
                "{}",
                i * 10,
            )
        })
        .collect::<Vec<_>>())
}

/// Cookies set and sent in pairs, each with a name of its own.
fn cookie_pairs(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..n {
        out.push(entry(
            "GET",
            &format!("https://app.test/set/{i}"),
            "",
            200,
            &header("Set-Cookie", &format!("c{i}=v{i}; Path=/; Secure")),
            "{}",
            i * 20,
        ));
        out.push(entry(
            "GET",
            &format!("https://app.test/use/{i}"),
            &header("Cookie", &format!("c{i}=v{i}")),
            401,
            "",
            "{}",
            i * 20 + 10,
        ));
    }
    har(&out)
}

/// Refresh-token grants, each answered with a new pair of tokens.
fn token_requests(n: usize) -> Vec<u8> {
    let req = header("Content-Type", "application/x-www-form-urlencoded");
    har(&(0..n)
        .map(|i| {
            let body = format!(r#"{{"access_token":"at{i:08}abcdefghijkl","refresh_token":"rt{i:08}abcdefghijkl","token_type":"Bearer","expires_in":3600}}"#);
            let mut e = entry("POST", "https://auth.test/oauth/token", &req, 200, "", &body, i * 10);
            e = e.replacen(r#""bodySize":0}"#, &format!(r#""bodySize":40,"postData":{{"mimeType":"application/x-www-form-urlencoded","text":"grant_type=refresh_token&refresh_token=rt{:08}abcdefghijkl"}}}}"#, i.saturating_sub(1)), 1);
            e
        })
        .collect::<Vec<_>>())
}

/// Preflights answered 401, each followed by its blocked request.
fn preflights(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..n {
        let url = format!("https://api.test/v1/p/{i}");
        let pre_req = [
            header("Origin", "https://app.test"),
            header("Access-Control-Request-Method", "GET"),
            header("Access-Control-Request-Headers", "authorization"),
        ]
        .join(",");
        out.push(entry("OPTIONS", &url, &pre_req, 401, "", "", i * 20));
        let mut blocked = entry(
            "GET",
            &url,
            &header("Authorization", &format!("Bearer {EXP}")),
            0,
            "",
            "",
            i * 20 + 5,
        );
        blocked = blocked.replacen(
            r#""status":0,"#,
            r#""status":0,"_error":"net::ERR_FAILED","#,
            1,
        );
        out.push(blocked);
    }
    har(&out)
}

/// One response with `n` Set-Cookie lines in one header value.
fn set_cookie_lines(n: usize) -> Vec<u8> {
    let mut v = String::new();
    for i in 0..n {
        let _ = write!(
            v,
            "{}c{i}=v; Path=/; SameSite=None",
            if i > 0 { "\n" } else { "" }
        );
    }
    har(&[entry(
        "GET",
        "https://app.test/login",
        "",
        401,
        &header("Set-Cookie", &v),
        "{}",
        0,
    )])
}

/// One challenge with `n` auth-params.
fn challenge_params(n: usize) -> Vec<u8> {
    let mut v = String::from("Bearer ");
    for i in 0..n {
        let _ = write!(v, "{}p{i}=\"x\"", if i > 0 { ", " } else { "" });
    }
    har(&[entry(
        "GET",
        "https://api.test/me",
        "",
        401,
        &header("WWW-Authenticate", &v),
        "{}",
        0,
    )])
}

fn best_of_3(bytes: &[u8]) -> Duration {
    let opts = Options {
        now_ms: Some(1_764_530_000_000),
        ..Options::default()
    };
    (0..3)
        .map(|_| {
            let input = bytes.to_vec();
            let t = Instant::now();
            let r = analyze_bytes(input, &opts).expect("readable");
            std::hint::black_box(r);
            t.elapsed()
        })
        .min()
        .unwrap()
}

/// A shape's name, its generator (a HAR of about `n` requests or lines) and its `n`.
type Shape = (&'static str, fn(usize) -> Vec<u8>, usize);

/// Every shape, each at `n` and `4n` (`n` times `WHY401_LINEAR_SCALE`, default 1: a release
/// build can take 10 or more, to look for a quadratic term with a small constant).
const SHAPES: &[Shape] = &[
    ("many failing entries", failures, 500),
    ("many cookie set/use pairs", cookie_pairs, 250),
    ("many token requests", token_requests, 500),
    ("many preflights", preflights, 250),
    (
        "many Set-Cookie lines in one header",
        set_cookie_lines,
        2000,
    ),
    ("many WWW-Authenticate params", challenge_params, 2000),
];

/// One test, shapes one after the other: parallel tests would disturb each other's timing.
#[test]
fn four_times_the_input_costs_at_most_about_five_times_the_work() {
    let scale: usize = std::env::var("WHY401_LINEAR_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut bad = Vec::new();
    for &(shape, make, n) in SHAPES {
        let n = n * scale;
        let small = best_of_3(&make(n));
        let large = best_of_3(&make(4 * n));
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
        eprintln!("{shape}: n={n} {small:?}, 4n {large:?}, ratio {ratio:.1}");
        if ratio > 7.0 {
            bad.push(format!(
                "{shape}: 4× the input cost {ratio:.1}× the time ({small:?} → {large:?})"
            ));
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}
