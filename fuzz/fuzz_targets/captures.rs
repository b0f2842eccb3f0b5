//! The whole analysis on captures built from the fuzzer's bytes: well-formed HAR files whose
//! entries are put together from the pieces authentication failures are made of (tokens, Basic
//! credentials, cookies set and sent, challenges, preflights, redirects, OAuth requests and
//! their error bodies, Chrome's own fields), in any order and combination. Arbitrary bytes
//! (`har_reader`) rarely make a capture any rule that relates entries looks at twice; these
//! always do.
//!
//! Checked on every capture: no panic (libFuzzer's hook aborts on one, caught or not); every
//! format renders (text in English and Japanese, Markdown, JSON, curl and fetch); every
//! finding's evidence points at a place the capture has, in an entry the finding is about; no
//! request that sent a credential is said to have sent none; and no credential planted in the
//! capture appears in any output (each holds [`MARK`] after a first part that may be shown, as
//! a token's kind is).
#![no_main]

use base64::Engine;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use why401::{har, render, Lang, Options};

/// In every credential the captures hold, never in anything else.
const MARK: &str = "Zq7PlantedCredential";

/// The capture's clock: 2024-05-01T10:00:00Z.
const T0: i64 = 1_714_557_600;

/// The fuzzer's bytes, read as choices; zeros once they run out.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let (first, rest) = self.0.split_first().map_or((0, &[][..]), |(b, r)| (*b, r));
        self.0 = rest;
        first
    }
    fn below(&mut self, n: usize) -> usize {
        usize::from(self.byte()) % n.max(1)
    }
    fn pick<'t, T: ?Sized>(&mut self, items: &[&'t T]) -> &'t T {
        items[self.below(items.len())]
    }
    fn chance(&mut self, in_four: u8) -> bool {
        self.byte() % 4 < in_four
    }
    /// A short word of the fuzzer's own (printable ASCII, any of it).
    fn word(&mut self) -> String {
        let n = self.below(12);
        (0..n)
            .map(|_| char::from(b' ' + self.byte() % 95))
            .collect()
    }
}

fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A JWT: its header and claims may be shown, its signature is the credential.
fn jwt(b: &mut Bytes<'_>) -> String {
    let alg = b.pick(&["HS256", "RS256", "none", "ES256", ""]);
    let exp = T0 + [-7200, -30, 30, 3600, 86_400 * 400][b.below(5)];
    let mut claims = json!({ "sub": "user-1", "iat": exp - 3600 });
    if b.chance(3) {
        claims["exp"] = json!(exp);
    }
    if b.chance(2) {
        claims["aud"] = json!(b.pick(&["api", "https://api.test", "client-1", "other"]));
    }
    if b.chance(2) {
        claims["scope"] = json!(b.pick(&["read", "read write", "openid profile", ""]));
    }
    if b.chance(1) {
        // What an ID token carries.
        claims["nonce"] = json!("n-1");
        claims["azp"] = json!("client-1");
        claims["iss"] = json!("https://idp.test");
    }
    if b.chance(1) {
        claims["typ"] = json!(b.pick(&["at+jwt", "JWT", "ID"]));
    }
    let header = b64url(json!({ "alg": alg, "typ": "JWT" }).to_string().as_bytes());
    let payload = b64url(claims.to_string().as_bytes());
    match b.below(6) {
        0 => format!("{header}.{payload}."),
        1 => format!("{header}.{payload}"),
        _ => format!(
            "{header}.{payload}.{}",
            b64url(format!("sig{MARK}").as_bytes())
        ),
    }
}

fn authorization(b: &mut Bytes<'_>) -> String {
    match b.below(12) {
        0..=3 => format!("Bearer {}", jwt(b)),
        4 => format!("Bearer opaque-token-{MARK}"),
        5 => b
            .pick(&[
                "Bearer undefined",
                "Bearer null",
                "Bearer ",
                "Bearer",
                "bearer  x",
            ])
            .into(),
        6 => {
            let user = b.pick(&["alice", "ａｌｉｃｅ", "bob@example.test", ""]);
            let sep = b.pick(&[":", ":", "", "\n:"]);
            let pass = format!("pw{MARK}{}", b.pick(&["", "\n", " ", "é"]));
            let creds = format!("{user}{sep}{pass}");
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(creds)
            )
        }
        7 => b.pick(&["Basic ", "Basic !!!", "Basic YWxpY2U="]).into(),
        8 => format!(r#"Digest username="alice", realm="r", nonce="n1", response="{MARK}""#),
        9 => format!("Token tok-{MARK}"),
        10 => format!("Bearer {}\n", jwt(b)),
        _ => b.word(),
    }
}

const ORIGINS: &[&str] = &[
    "https://app.test",
    "https://api.test",
    "http://app.test",
    "https://idp.test",
    "http://localhost:3000",
    "https://api.app.test",
    "https://cdn.other.test",
];

const PATHS: &[&str] = &[
    "/",
    "/api/me",
    "/v1/orders",
    "/token",
    "/oauth/token",
    "/login/oauth/access_token",
    "/auth?client_id=client-1&redirect_uri=https%3A%2F%2Fapp.test%2Fcb&code_challenge=c1&state=s1",
    "/cb?code=code-1&state=s1",
    "/login",
    "/api/me?attempt=2",
    "/session",
];

fn url(b: &mut Bytes<'_>) -> String {
    match b.below(16) {
        0 => b
            .pick(&[
                "data:,",
                "about:blank",
                "blob:https://app.test/3f2a",
                "app.test/x",
                "",
            ])
            .into(),
        1 => format!("https://app.test/{}", b.word()),
        _ => format!("{}{}", b.pick(ORIGINS), b.pick(PATHS)),
    }
}

fn challenge(b: &mut Bytes<'_>) -> String {
    match b.below(14) {
        0 => r#"Bearer error="invalid_token", error_description="The access token expired""#.into(),
        1 => r#"Bearer realm="api", error="insufficient_scope", scope="read write""#.into(),
        2 => r#"Basic realm="reports", charset="UTF-8""#.into(),
        3 => r#"Digest realm="r", nonce="n2", stale=true, qop="auth""#.into(),
        4 => "Negotiate".into(),
        5 => r#"Bearer realm="api""#.into(),
        6 => r#"Bearer error="invalid_request", Basic realm="x""#.into(),
        7 => r#"Bearer realm="unterminated, error="#.into(),
        8 => ", ,".into(),
        9 => r#"Bearer error="invalid_token", error_uri="https://idp.test/e""#.into(),
        10 => r#"DPoP algs="ES256", error="use_dpop_nonce""#.into(),
        _ => format!("{} {}", b.pick(&["Bearer", "Basic", "X"]), b.word()),
    }
}

fn set_cookie(b: &mut Bytes<'_>) -> String {
    let name = b.pick(&["sid", "__Host-sid", "__Secure-sid", "csrftoken", "SESSION"]);
    let mut line = match b.below(5) {
        0 => format!("{name}="),
        _ => format!("{name}=v{MARK}"),
    };
    for _ in 0..b.below(5) {
        line.push_str(b.pick(&[
            "; Path=/",
            "; Path=/api",
            "; HttpOnly",
            "; Secure",
            "; SameSite=None",
            "; SameSite=Lax",
            "; SameSite=Strict",
            "; Domain=app.test",
            "; Domain=.test",
            "; Domain=other.test",
            "; Max-Age=0",
            "; Max-Age=3600",
            "; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
            "; Expires=Fri, 01 May 2026 10:00:00 GMT",
            "; Partitioned",
            ";",
        ]));
    }
    line
}

fn body(b: &mut Bytes<'_>) -> (String, String) {
    let json = "application/json";
    match b.below(12) {
        0 => (
            json.into(),
            r#"{"error":"invalid_grant","error_description":"Invalid refresh token"}"#.into(),
        ),
        1 => (
            json.into(),
            concat!(
                r#"{"error":"bad_verification_code","#,
                r#""error_description":"The code passed is incorrect or expired."}"#
            )
            .into(),
        ),
        2 => (
            json.into(),
            json!({
                "access_token": format!("at-{MARK}"),
                "refresh_token": format!("rt-{MARK}"),
                "expires_in": ([60, 3600, -1])[b.below(3)],
                "id_token": jwt(b),
                "token_type": "Bearer",
            })
            .to_string(),
        ),
        3 => (
            "application/x-www-form-urlencoded".into(),
            concat!(
                "error=incorrect_client_credentials&error_description=The+client_id+and",
                "%2For+client_secret+passed+are+incorrect."
            )
            .into(),
        ),
        4 => (
            "text/html".into(),
            r#"<form action="/login"><input type=password name=password></form>"#.into(),
        ),
        5 => (json.into(), r#"{"error":"invalid_client"}"#.into()),
        6 => (
            json.into(),
            r#"{"error":"unauthorized","message":"Missing scope: orders:write"}"#.into(),
        ),
        7 => (
            json.into(),
            r#"{"errors":[{"code":"AUTHENTICATION_FAILED","detail":"Token revoked"}]}"#.into(),
        ),
        8 => ("text/plain".into(), b.word()),
        9 => (
            json.into(),
            format!("{{\"error\":\"{}\"", b.word().replace(['"', '\\'], "")),
        ),
        _ => (String::new(), String::new()),
    }
}

fn form(b: &mut Bytes<'_>) -> String {
    match b.below(6) {
        0 => format!("grant_type=refresh_token&refresh_token=rt-{MARK}&client_id=client-1"),
        1 => format!(
            "grant_type=authorization_code&code=code-1&code_verifier=v-{MARK}\
             &redirect_uri=https%3A%2F%2Fapp.test%2Fcb&client_id=client-1"
        ),
        2 => format!("grant_type=client_credentials&client_id=client-1&client_secret=cs-{MARK}"),
        3 => format!("username=alice&password=pw-{MARK}"),
        4 => concat!(
            "grant_type=authorization_code&code=code-2",
            "&redirect_uri=https%3A%2F%2Fapp.test%2Fcb%2F"
        )
        .into(),
        _ => b.word(),
    }
}

fn header(name: &str, value: impl Into<String>) -> Value {
    json!({ "name": name, "value": value.into() })
}

fn entry(b: &mut Bytes<'_>, at: i64) -> Value {
    let method = b.pick(&["GET", "GET", "POST", "OPTIONS", "PUT", "DELETE", "get"]);
    let url = url(b);
    let status = [
        0, 200, 200, 204, 301, 302, 304, 307, 400, 401, 401, 401, 403, 407, 429, 500, -1,
    ][b.below(17)];
    let mut req = Vec::new();
    let mut res = Vec::new();
    for _ in 0..b.below(7) {
        match b.below(16) {
            0..=2 => req.push(header(
                b.pick(&["Authorization", "authorization", "Proxy-Authorization"]),
                authorization(b),
            )),
            3 => req.push(header("Cookie", format!("sid=v{MARK}; csrftoken=c{MARK}"))),
            4 => req.push(header("Cookie", b.pick(&["sid=", "theme=dark", ""]))),
            5 => req.push(header(
                "Origin",
                b.pick(&[ORIGINS[0], ORIGINS[1], "null", ORIGINS[6]]),
            )),
            6 => req.push(header("Referer", format!("{}/page", b.pick(ORIGINS)))),
            7 => req.push(header(
                "Sec-Fetch-Site",
                b.pick(&["same-origin", "same-site", "cross-site", "none"]),
            )),
            8 => req.push(header(
                "Sec-Fetch-Mode",
                b.pick(&["cors", "navigate", "no-cors", "same-origin"]),
            )),
            9 => req.push(header(
                "Sec-Fetch-Dest",
                b.pick(&["empty", "document", "iframe"]),
            )),
            10 => req.push(header(
                b.pick(&["X-API-Key", "x-api-key", "api-key"]),
                b.pick(&["", "key-1Zq7PlantedCredential", "undefined"]),
            )),
            11 => req.push(header(
                "Access-Control-Request-Method",
                b.pick(&["GET", "POST", "PUT"]),
            )),
            12 => req.push(header(
                "Access-Control-Request-Headers",
                b.pick(&["authorization", "content-type,authorization", "x-api-key"]),
            )),
            13 => req.push(header(
                "Content-Type",
                b.pick(&[
                    "application/json",
                    "application/x-www-form-urlencoded",
                    "text/plain",
                ]),
            )),
            14 => req.push(header("X-CSRF-Token", format!("t{MARK}"))),
            _ => req.push(header(&b.word(), b.word())),
        }
    }
    for _ in 0..b.below(7) {
        match b.below(16) {
            0..=2 => res.push(header(
                b.pick(&["WWW-Authenticate", "www-authenticate"]),
                challenge(b),
            )),
            3 => res.push(header("Proxy-Authenticate", challenge(b))),
            4..=5 => res.push(header("Set-Cookie", set_cookie(b))),
            6 => res.push(header(
                "Cache-Control",
                b.pick(&[
                    "public, max-age=600",
                    "no-store",
                    "private",
                    "max-age=31536000, immutable",
                ]),
            )),
            7 => res.push(header(
                "Vary",
                b.pick(&["Authorization", "Cookie", "Origin", "*"]),
            )),
            8 => res.push(header(
                "Location",
                format!(
                    "{}{}",
                    b.pick(ORIGINS),
                    b.pick(&[
                        "/login",
                        "/cb?code=code-1&state=s1",
                        "/cb?error=redirect_uri_mismatch&state=s1",
                        "/cb?error=login_required",
                        "/v1/orders"
                    ])
                ),
            )),
            9 => res.push(header(
                "Access-Control-Allow-Origin",
                b.pick(&["*", ORIGINS[0], "null", ORIGINS[6]]),
            )),
            10 => res.push(header(
                "Access-Control-Allow-Credentials",
                b.pick(&["true", "false"]),
            )),
            11 => res.push(header(
                "Access-Control-Allow-Headers",
                b.pick(&["content-type", "authorization", "*"]),
            )),
            12 => res.push(header(
                "Access-Control-Allow-Methods",
                b.pick(&["GET", "GET, POST", "*"]),
            )),
            13 => res.push(header(
                "Date",
                b.pick(&[
                    "Wed, 01 May 2024 10:00:00 GMT",
                    "Wed, 01 May 2024 09:00:00 GMT",
                    "not a date",
                ]),
            )),
            14 => res.push(header(
                b.pick(&["Retry-After", "X-RateLimit-Remaining", "Age"]),
                b.pick(&["0", "60", "-1"]),
            )),
            _ => res.push(header(&b.word(), b.word())),
        }
    }
    let (mime, text) = body(b);
    let mut content = json!({ "size": text.len(), "mimeType": mime, "text": text });
    if b.chance(1) {
        content["encoding"] = json!("base64");
        content["text"] = json!(base64::engine::general_purpose::STANDARD.encode(&text));
    }
    let started = match b.below(12) {
        0 => "not a date".to_owned(),
        _ => why401::time::format_iso8601(at * 1000),
    };
    let mut e = json!({
        "startedDateTime": started,
        "time": b.below(3000),
        "request": {
            "method": method, "url": url, "httpVersion": "HTTP/1.1", "headers": req,
            "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0,
        },
        "response": {
            "status": status, "statusText": "", "httpVersion": "HTTP/1.1", "headers": res,
            "cookies": [], "content": content, "redirectURL": "", "headersSize": -1,
            "bodySize": -1,
        },
        "cache": {},
        "timings": { "send": 0, "wait": 1, "receive": 0 },
    });
    if method == "POST" && b.chance(2) {
        let text = form(b);
        e["request"]["postData"] =
            json!({ "mimeType": "application/x-www-form-urlencoded", "text": text });
    }
    if b.chance(2) {
        e["_resourceType"] =
            json!(b.pick(&["fetch", "xhr", "document", "preflight", "Other", "Fetch"]));
    }
    if b.chance(1) {
        e["_initiator"] = json!({ "type": b.pick(&["script", "preflight", "other", "parser"]) });
    }
    if b.chance(1) {
        e["_fromCache"] = json!(b.pick(&["disk", "memory"]));
    }
    if b.chance(1) {
        e["_corsError"] = json!({
            "corsError": b.pick(&[
                "PreflightInvalidStatus",
                "MissingAllowOriginHeader",
                "WildcardOriginNotAllowed",
                "HeaderDisallowedByPreflightResponse",
                "PreflightDisallowedRedirect",
                "InvalidAllowCredentials",
            ]),
            "failedParameter": b.pick(&["", "authorization", "*"]),
        });
    }
    if b.chance(1) {
        e["_blockedRequestCookies"] = json!([{
            "blockedReasons": [b.pick(&[
                "SameSiteLax", "SecureOnly", "DomainMismatch", "NotOnPath", "ThirdPartyPhaseout",
            ])],
            "cookie": { "name": "sid", "value": format!("v{MARK}") },
        }]);
    }
    if b.chance(1) {
        e["_blockedResponseCookies"] = json!([{
            "blockedReasons": [b.pick(&[
                "SameSiteNoneInsecure", "SecureOnly", "InvalidDomain", "ThirdPartyPhaseout",
            ])],
            "cookieLine": set_cookie(b),
        }]);
    }
    if b.chance(1) {
        e["request"]["cookies"] = json!([{ "name": "sid", "value": format!("v{MARK}") }]);
    }
    if b.chance(1) {
        e["response"]["cookies"] = json!([{
            "name": "sid",
            "value": format!("v{MARK}"),
            "domain": b.pick(&["app.test", ".test", "api.test"]),
            "path": "/",
            "secure": b.chance(2),
            "sameSite": b.pick(&["None", "Lax", "Strict"]),
        }]);
    }
    if b.chance(1) {
        e["response"]["_error"] = json!(b.pick(&[
            "net::ERR_FAILED",
            "net::ERR_BLOCKED_BY_RESPONSE",
            "NS_ERROR_DOM_BAD_URI"
        ]));
    }
    e
}

/// Every finding's evidence points at a place the capture has, in the entry it names.
fn check_evidence(har: &Value, report: &Value) {
    for finding in report["findings"].as_array().into_iter().flatten() {
        for ev in finding["evidence"].as_array().into_iter().flatten() {
            let pointer = ev["pointer"].as_str().expect("a pointer");
            assert!(
                har.pointer(pointer).is_some(),
                "{}: evidence at {pointer}, which the capture does not have",
                finding["rule"]
            );
            if let Some(entry) = ev["entry"].as_u64() {
                if pointer.starts_with("/log/entries/") {
                    let named = format!("/log/entries/{entry}/");
                    assert!(
                        pointer.starts_with(&named) || pointer == named.trim_end_matches('/'),
                        "{}: evidence of entry {entry} at {pointer}",
                        finding["rule"]
                    );
                }
            }
        }
    }
}

/// Whether the capture shows entry `e` sending a credential: an `Authorization` line, a cookie
/// with a value, an API key, a password, or a token request's client secret.
fn sends_credentials(e: &Value) -> bool {
    let request = &e["request"];
    let line = |h: &Value| {
        let name = h["name"].as_str().unwrap_or("").to_ascii_lowercase();
        let value = h["value"].as_str().unwrap_or("");
        match name.as_str() {
            "authorization" => true,
            "cookie" => value
                .split(';')
                .any(|p| p.split_once('=').is_some_and(|(_, v)| !v.trim().is_empty())),
            "x-api-key" | "api-key" => !value.trim().is_empty(),
            _ => false,
        }
    };
    let form = request["postData"]["text"].as_str().unwrap_or("");
    request["headers"].as_array().into_iter().flatten().any(line)
        || request["cookies"].as_array().is_some_and(|c| !c.is_empty())
        || form.contains("password=pw")
        // A client's secret, in a token request (its grant does not authenticate the client).
        || (form.contains("client_secret=cs") && form.contains("grant_type="))
}

/// What the findings say of the requests, against what the capture shows: no request that sent
/// a credential is said to have sent none, and every piece of evidence in an entry is about an
/// entry the finding names.
fn check_claims(har: &Value, report: &Value) {
    let entries = har["log"]["entries"].as_array().unwrap();
    for finding in report["findings"].as_array().into_iter().flatten() {
        let rule = finding["rule"].as_str().unwrap_or("");
        let named: Vec<u64> = finding["entries"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_u64)
            .collect();
        if let (Some(&first), "missing-credentials") = (named.first(), rule) {
            let first = first as usize;
            assert!(
                !sends_credentials(&entries[first]),
                "missing-credentials on entry {first}, which sent a credential: {}",
                entries[first]["request"]
            );
        }
        for ev in finding["evidence"].as_array().into_iter().flatten() {
            let pointer = ev["pointer"].as_str().unwrap_or("");
            if let Some(rest) = pointer.strip_prefix("/log/entries/") {
                let n: u64 = rest.split('/').next().unwrap().parse().unwrap();
                assert!(
                    named.contains(&n),
                    "{rule}: evidence at {pointer}, about entries {named:?}"
                );
            }
        }
    }
}

fn no_credential(format: &str, out: &str) {
    assert!(
        !out.contains(MARK),
        "a planted credential in the {format}:\n{out}"
    );
}

fuzz_target!(|data: &[u8]| {
    let mut b = Bytes(data);
    let n = 1 + b.below(8);
    let mut at = T0;
    let mut entries = Vec::new();
    for _ in 0..n {
        at += [0, 1, 2, 30, 3600, -5][b.below(6)];
        entries.push(entry(&mut b, at));
    }
    let har = json!({ "log": {
        "version": "1.2",
        "creator": {
            "name": b.pick(&["WebInspector", "Firefox", "Playwright", "mitmproxy"]),
            "version": "1",
        },
        "browser": { "name": b.pick(&["Chrome", "Firefox", "Safari"]), "version": "1" },
        "entries": entries,
    }});
    let text = har.to_string();
    // To see the capture an input makes: `CAPTURE_OUT=file.har cargo fuzz run captures INPUT`.
    if let Some(path) = std::env::var_os("CAPTURE_OUT") {
        std::fs::write(path, &text).unwrap();
    }
    let opts = Options {
        now_ms: Some(T0 * 1000 + 60_000),
        ..Options::default()
    };
    let read = har::parse(&text);
    let report = why401::analysis::analyze_read(&read, Vec::new(), &opts)
        .expect("a well-formed capture reads");
    assert!(
        report
            .input
            .parse_issues
            .iter()
            .all(|i| i.kind != "skipped"),
        "an entry was skipped: {:?}",
        report.input.parse_issues
    );
    let json = serde_json::to_string_pretty(&report).unwrap();
    no_credential("JSON", &json);
    let reported: Value = serde_json::from_str(&json).unwrap();
    check_evidence(&har, &reported);
    check_claims(&har, &reported);
    // The CLI's JSON, put into words as it is written: the same bytes.
    let drafted = why401::analysis::draft_read(&read, Vec::new(), &opts).unwrap();
    let mut written = Vec::new();
    render::json_drafted(&drafted, &mut written).unwrap();
    assert!(
        written == json.as_bytes(),
        "the CLI's JSON differs from the report's"
    );
    for lang in [Lang::En, Lang::Ja] {
        let opts = Options {
            lang,
            ..opts.clone()
        };
        let report = why401::analysis::analyze_read(&read, Vec::new(), &opts).unwrap();
        no_credential("text", &render::text(&report, &opts, lang == Lang::Ja));
        no_credential("Markdown", &render::markdown(&report, &read.har, &opts));
    }
    let shown = opts.for_capture(&read.har);
    for f in &report.failures {
        if let Some(e) = read.har.entry(f.entry) {
            no_credential("curl", &render::curl(&read.har, e, &shown));
            no_credential("fetch", &render::fetch(&read.har, e, &shown));
        }
    }
});
