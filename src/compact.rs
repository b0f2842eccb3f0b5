//! Compact entries for long live sessions (the DevTools panel): a request that
//! plainly has nothing to do with authentication keeps only what other entries'
//! analysis reads of it, so a busy page costs the panel little memory and each
//! redraw little parsing.
//!
//! An entry is *plain* when it is a `GET`/`HEAD` answered 2xx that is not a page
//! load, carries no credential (no `Authorization`, `Cookie`, API-key-like
//! header, cookie or credential in the URL), sets no cookie, asks for no
//! authentication, and whose body is neither HTML nor mentions a token, an error
//! or a session. Everything else is kept whole. A plain entry keeps its timing,
//! page, method, URL, status, the request headers that say where it came from
//! (`Origin`, `Referer`, `Sec-Fetch-*`), the response's `Access-Control-*`,
//! `Date` and `Content-Type`, and its initiator's URL; it loses its body, its
//! other headers and its initiator's stack.
//!
//! The promise, checked by `tests/compact.rs` on every fixture and every recorded
//! capture: a capture whose plain entries are compacted gets the same report.

use serde_json::{Map, Value};

/// Request headers a plain entry keeps (lower case, or a prefix ending in `-`).
const KEEP_REQUEST: &[&str] = &["origin", "referer", "sec-fetch-", "host"];
/// Response headers a plain entry keeps.
const KEEP_RESPONSE: &[&str] = &["access-control-", "date", "content-type", "vary"];

/// Words in a header name that make it a credential (`X-Api-Key`, `X-Auth-Token`,
/// `X-CSRF-Token`, `Session-Id`).
const CREDENTIAL_NAME_WORDS: &[&str] = &[
    "auth",
    "token",
    "key",
    "session",
    "csrf",
    "xsrf",
    "cookie",
    "secret",
    "signature",
    "credential",
    "password",
];

/// Words that make a body, URL or status text worth keeping.
const TELLING_WORDS: &[&str] = &[
    "token",
    "error",
    "code",
    "session",
    "login",
    "logon",
    "signin",
    "sign-in",
    "sign_in",
    "auth",
    "expired",
    "denied",
    "invalid",
    "unauthori",
    "forbidden",
    "password",
    "credential",
    "saml",
    "$config",
    "aadsts",
    "grant",
    "secret",
];

/// Whether a URL's query or fragment names a credential (`?key=…`, `#access_token=…`): the
/// parameter names the redaction policy hides.
fn query_credential(url: &str) -> bool {
    let Some(at) = url.find(['?', '#']) else {
        return false;
    };
    url[at + 1..] // boundary: just after an ASCII '?' or '#'
        .split(['&', '#', ';'])
        .filter_map(|pair| pair.split('=').next())
        .any(|name| !name.is_empty() && crate::redact::is_sensitive_param(name))
}

/// The compact form of an entry when it is plain (see the module notes), else `None`.
pub fn compact_entry(raw: &str) -> Option<String> {
    let entry: Value = serde_json::from_str(raw).ok()?;
    compact_value(&entry).map(|v| v.to_string())
}

fn compact_value(entry: &Value) -> Option<Value> {
    let e = entry.as_object()?;
    let req = e.get("request")?.as_object()?;
    let res = e.get("response")?.as_object()?;
    let method = req.get("method")?.as_str()?;
    if !method.eq_ignore_ascii_case("GET") && !method.eq_ignore_ascii_case("HEAD") {
        return None;
    }
    let status = res.get("status")?.as_u64()?;
    // A request the browser itself gave up on for want of resources (Chromium under a flood of
    // requests) never reached a server: nothing about authentication in it either.
    let starved = status == 0
        && res.get("_error").and_then(Value::as_str) == Some("net::ERR_INSUFFICIENT_RESOURCES");
    if !(200..300).contains(&status) && !starved {
        return None;
    }
    // A page load: documents carry the page's own story (sign-in pages, callbacks).
    let resource = e.get("_resourceType").and_then(Value::as_str).unwrap_or("");
    if resource.eq_ignore_ascii_case("document") || resource.is_empty() && may_be_page_load(req) {
        return None;
    }
    let url = req.get("url")?.as_str()?;
    if telling(url)
        || query_credential(url)
        || has_any(req, "cookies")
        || has_any(res, "cookies")
        || e.keys().any(|k| {
            k == "_blockedRequestCookies"
                || k == "_blockedResponseCookies"
                || k == "_corsError"
                || k == "_error"
        })
    {
        return None;
    }
    let req_headers = headers(req);
    let res_headers = headers(res);
    if req_headers.iter().any(|h| credential_header(name_of(h))) {
        return None;
    }
    if res_headers.iter().any(|h| {
        let n = name_of(h).to_ascii_lowercase();
        n == "set-cookie"
            || n.contains("authenticat")
            || n == "location"
            || n == "refresh"
            || n.starts_with("x-oauth")
            || n.starts_with("x-accepted-oauth")
    }) {
        return None;
    }
    let content = res.get("content").and_then(Value::as_object);
    let mime = content
        .and_then(|c| c.get("mimeType"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let text = content
        .and_then(|c| c.get("text"))
        .and_then(Value::as_str)
        .unwrap_or("");
    if mime.to_ascii_lowercase().contains("html")
        || telling(text)
        || telling(res.get("statusText").and_then(Value::as_str).unwrap_or(""))
    {
        return None;
    }
    Some(stub(e, req, res, req_headers, res_headers, content))
}

fn stub(
    e: &Map<String, Value>,
    req: &Map<String, Value>,
    res: &Map<String, Value>,
    req_headers: &[Value],
    res_headers: &[Value],
    content: Option<&Map<String, Value>>,
) -> Value {
    let copy = |from: &Map<String, Value>, keys: &[&str], to: &mut Map<String, Value>| {
        for k in keys {
            if let Some(v) = from.get(*k) {
                to.insert((*k).to_owned(), v.clone());
            }
        }
    };
    let keep = |hs: &[Value], names: &[&str]| -> Value {
        Value::Array(
            hs.iter()
                .filter(|h| {
                    let n = name_of(h).to_ascii_lowercase();
                    names.iter().any(|k| {
                        if k.ends_with('-') {
                            n.starts_with(k)
                        } else {
                            n == *k
                        }
                    })
                })
                .cloned()
                .collect(),
        )
    };
    let mut out = Map::new();
    copy(
        e,
        &[
            "pageref",
            "startedDateTime",
            "time",
            "_resourceType",
            "serverIPAddress",
            "connection",
            "timings",
        ],
        &mut out,
    );
    if let Some(init) = e.get("_initiator").and_then(Value::as_object) {
        let mut i = Map::new();
        copy(init, &["type", "url", "lineNumber"], &mut i);
        out.insert("_initiator".into(), Value::Object(i));
    }
    // A request or response: some fields, the headers others read, no cookies (a plain
    // entry has none).
    let part = |from: &Map<String, Value>, keys: &[&str], hs: &[Value], names: &[&str]| {
        let mut p = Map::new();
        copy(from, keys, &mut p);
        p.insert("headers".into(), keep(hs, names));
        p.insert("cookies".into(), Value::Array(Vec::new()));
        p
    };
    let r = part(
        req,
        &[
            "method",
            "url",
            "httpVersion",
            "queryString",
            "headersSize",
            "bodySize",
        ],
        req_headers,
        KEEP_REQUEST,
    );
    out.insert("request".into(), Value::Object(r));
    let mut s = part(
        res,
        &[
            "status",
            "statusText",
            "httpVersion",
            "redirectURL",
            "headersSize",
            "bodySize",
            "_error",
        ],
        res_headers,
        KEEP_RESPONSE,
    );
    let mut c = Map::new();
    if let Some(content) = content {
        copy(content, &["size", "mimeType"], &mut c);
    }
    s.insert("content".into(), Value::Object(c));
    out.insert("response".into(), Value::Object(s));
    out.insert("_why401Compacted".into(), Value::Bool(true));
    Value::Object(out)
}

fn headers(o: &Map<String, Value>) -> &[Value] {
    o.get("headers")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn name_of(h: &Value) -> &str {
    h.get("name").and_then(Value::as_str).unwrap_or("")
}

fn credential_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    CREDENTIAL_NAME_WORDS.iter().any(|w| n.contains(w))
}

/// Whether a request with no resource type (Firefox writes none) may be a page load.
/// `Sec-Fetch-Mode` says so where the browser sent it; Firefox sends no `Sec-Fetch-*` to a
/// plain-HTTP origin, and there a page load is told by what only navigations send
/// (`Upgrade-Insecure-Requests`, an `Accept` asking for HTML). A request with no `Accept` at
/// all may be anything, so it may be a page load.
fn may_be_page_load(req: &Map<String, Value>) -> bool {
    if let Some(mode) = header_value(req, "sec-fetch-mode") {
        return mode.eq_ignore_ascii_case("navigate");
    }
    header_value(req, "upgrade-insecure-requests").is_some()
        || header_value(req, "accept").is_none_or(|a| a.to_ascii_lowercase().contains("html"))
}

/// The value of the first header named `name` (any case), if there is one.
fn header_value<'v>(o: &'v Map<String, Value>, name: &str) -> Option<&'v str> {
    headers(o)
        .iter()
        .find(|h| name_of(h).eq_ignore_ascii_case(name))
        .map(|h| h.get("value").and_then(Value::as_str).unwrap_or(""))
}

fn has_any(o: &Map<String, Value>, key: &str) -> bool {
    o.get(key)
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty())
}

fn telling(text: &str) -> bool {
    // Bodies can be large: the first 64 KB, lower-cased once, searched for each word.
    let t = crate::text::head(text, 64 * 1024).to_ascii_lowercase();
    TELLING_WORDS.iter().any(|w| t.contains(w))
}

/// Whether an entry's response refused it (status 0 or 400 and above): an earlier failure
/// explains nothing about a later one, so the quick analysis leaves it out.
fn refused(entry: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct E {
        response: Option<R>,
    }
    #[derive(serde::Deserialize)]
    struct R {
        status: Option<f64>,
    }
    serde_json::from_str::<E>(entry)
        .ok()
        .and_then(|e| e.response?.status)
        .is_some_and(|s| s == 0.0 || s >= 400.0)
}

/// How a compact entry's text ends ([`compact_entry`] adds the mark last).
pub const COMPACT_MARK: &str = "\"_why401Compacted\":true}";

/// Causes of the failures at or after entry `from` of `entries` (each entry's JSON text, in
/// capture order, compact or whole), from an analysis of part of them: every entry kept whole
/// and the newest `window` entries of any kind. A compact entry is one nothing about
/// authentication is in; older ones only matter to a few comparisons (the nearest request to
/// the same API that worked), so the causes are nearly always those of the full analysis
/// (`tests/compact.rs` measures how nearly). `log_extra`: other members of `log` as raw JSON
/// (`creator`, `browser`, `pages`). Returns `(entry, causes)` for each failure.
pub fn quick_causes(
    entries: &[&str],
    log_extra: &[(String, String)],
    from: usize,
    window: usize,
    opts: &crate::Options,
) -> Result<Vec<(usize, Vec<&'static str>)>, crate::analysis::InputError> {
    if from >= entries.len() {
        return Ok(Vec::new());
    }
    let recent = entries.len().saturating_sub(window);
    let subset: Vec<usize> = (0..entries.len())
        .filter(|&i| {
            i >= from
                || i >= recent
                || (!entries[i].ends_with(COMPACT_MARK) && !refused(entries[i]))
        })
        .collect();
    let mut text =
        String::with_capacity(64 + subset.iter().map(|&i| entries[i].len() + 1).sum::<usize>());
    text.push_str("{\"log\":{\"entries\":[");
    for (n, &i) in subset.iter().enumerate() {
        if n > 0 {
            text.push(',');
        }
        text.push_str(entries[i]);
    }
    text.push(']');
    for (k, v) in log_extra {
        text.push_str(",\"");
        text.push_str(k);
        text.push_str("\":");
        text.push_str(v);
    }
    text.push_str("}}");
    let report = crate::har::parse_repairing(&mut text, |read, _| {
        crate::analysis::analyze_read(read, Vec::new(), opts)
    })?;
    Ok(report
        .failures
        .into_iter()
        .filter_map(|f| subset.get(f.entry).map(|&i| (i, f.causes)))
        .filter(|(i, _)| *i >= from)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        method: &str,
        status: u16,
        req_headers: &str,
        res_headers: &str,
        body: &str,
    ) -> String {
        format!(
            r#"{{"startedDateTime":"2026-01-01T00:00:00Z","time":5,"_resourceType":"fetch","_initiator":{{"type":"script","url":"https://app.test/main.js","stack":{{"callFrames":[{{"functionName":"load","url":"https://app.test/main.js","lineNumber":1,"columnNumber":2}}]}}}},"request":{{"method":"{method}","url":"https://api.test/items?page=2","headers":[{req_headers}],"queryString":[],"cookies":[]}},"response":{{"status":{status},"statusText":"OK","headers":[{res_headers}],"cookies":[],"content":{{"size":{},"mimeType":"application/json","text":{}}}}}}}"#,
            body.len(),
            serde_json::to_string(body).unwrap()
        )
    }

    const ORIGIN: &str =
        r#"{"name":"Origin","value":"https://app.test"},{"name":"Accept","value":"*/*"}"#;
    const ACAO: &str = r#"{"name":"Access-Control-Allow-Origin","value":"https://app.test"},{"name":"Server","value":"nginx"}"#;

    #[test]
    fn a_plain_entry_keeps_where_it_came_from_and_loses_its_body_and_stack() {
        let raw = entry("GET", 200, ORIGIN, ACAO, r#"{"items":[1,2,3]}"#);
        let c: Value = serde_json::from_str(&compact_entry(&raw).expect("plain")).unwrap();
        assert_eq!(c["request"]["url"], "https://api.test/items?page=2");
        assert_eq!(
            c["request"]["headers"].as_array().unwrap().len(),
            1,
            "Origin kept, Accept dropped"
        );
        assert_eq!(
            c["response"]["headers"][0]["name"],
            "Access-Control-Allow-Origin"
        );
        assert_eq!(c["response"]["headers"].as_array().unwrap().len(), 1);
        assert!(c["response"]["content"].get("text").is_none());
        assert_eq!(c["_initiator"]["url"], "https://app.test/main.js");
        assert!(c["_initiator"].get("stack").is_none());
        assert!(compact_entry(&raw).unwrap().len() < raw.len());
    }

    #[test]
    fn a_request_the_browser_gave_up_on_for_want_of_resources_is_plain_other_errors_are_not() {
        let starved = entry("GET", 0, ORIGIN, "", "").replace(
            r#""status":0,"#,
            r#""status":0,"_error":"net::ERR_INSUFFICIENT_RESOURCES","#,
        );
        let c: Value = serde_json::from_str(&compact_entry(&starved).expect("plain")).unwrap();
        assert_eq!(c["response"]["_error"], "net::ERR_INSUFFICIENT_RESOURCES");
        assert_eq!(c["response"]["status"], 0);
        // A CORS block (net::ERR_FAILED) or a bare status 0 stays whole.
        let cors = starved.replace("ERR_INSUFFICIENT_RESOURCES", "ERR_FAILED");
        assert!(compact_entry(&cors).is_none());
        assert!(compact_entry(&entry("GET", 0, ORIGIN, "", "")).is_none());
    }

    #[test]
    fn without_a_resource_type_a_fetch_is_told_from_a_page_load_by_what_it_sent() {
        // Firefox writes no `_resourceType`, and sends no `Sec-Fetch-*` to a plain-HTTP origin.
        let firefox = |headers: &str| {
            entry("GET", 200, headers, ACAO, "{}").replace(r#""_resourceType":"fetch","#, "")
        };
        let fetch =
            firefox(r#"{"name":"Accept","value":"*/*"},{"name":"Host","value":"api.test"}"#);
        assert!(compact_entry(&fetch).is_some(), "a fetch is plain");
        for page_load in [
            r#"{"name":"Accept","value":"text/html,application/xhtml+xml,*/*;q=0.8"}"#,
            r#"{"name":"Accept","value":"*/*"},{"name":"Upgrade-Insecure-Requests","value":"1"}"#,
            r#"{"name":"Host","value":"api.test"}"#,
            r#"{"name":"Accept","value":"*/*"},{"name":"Sec-Fetch-Mode","value":"navigate"}"#,
        ] {
            assert!(compact_entry(&firefox(page_load)).is_none(), "{page_load}");
        }
        let cors = firefox(
            r#"{"name":"Accept","value":"text/html"},{"name":"Sec-Fetch-Mode","value":"cors"}"#,
        );
        assert!(
            compact_entry(&cors).is_some(),
            "Sec-Fetch-Mode says it all where it was sent"
        );
    }

    #[test]
    fn a_credential_in_the_query_or_fragment_keeps_an_entry_whole() {
        let plain = entry("GET", 200, ORIGIN, ACAO, "{}");
        assert!(compact_entry(&plain).is_some());
        for url in [
            "https://api.test/maps?key=AIzaSyA1b2C3",
            "https://api.test/maps?page=2&access_token=x",
            "https://app.test/cb#id_token=x",
        ] {
            let e = plain.replace("https://api.test/items?page=2", url);
            assert!(compact_entry(&e).is_none(), "{url}");
        }
    }

    #[test]
    fn anything_about_authentication_is_kept_whole() {
        let cases = [
            entry("POST", 200, ORIGIN, ACAO, "{}"),
            entry("GET", 401, ORIGIN, ACAO, "{}"),
            entry("GET", 302, ORIGIN, ACAO, "{}"),
            entry(
                "GET",
                200,
                r#"{"name":"Authorization","value":"Bearer x"}"#,
                ACAO,
                "{}",
            ),
            entry(
                "GET",
                200,
                r#"{"name":"X-Api-Key","value":"k"}"#,
                ACAO,
                "{}",
            ),
            entry("GET", 200, r#"{"name":"Cookie","value":"a=b"}"#, ACAO, "{}"),
            entry(
                "GET",
                200,
                ORIGIN,
                r#"{"name":"Set-Cookie","value":"a=b"}"#,
                "{}",
            ),
            entry(
                "GET",
                200,
                ORIGIN,
                r#"{"name":"WWW-Authenticate","value":"Bearer"}"#,
                "{}",
            ),
            entry(
                "GET",
                200,
                ORIGIN,
                ACAO,
                r#"{"access_token":"x","expires_in":3600}"#,
            ),
            entry(
                "GET",
                200,
                ORIGIN,
                ACAO,
                r#"{"error":"bad_verification_code"}"#,
            ),
            entry(
                "GET",
                200,
                ORIGIN,
                ACAO,
                r#"{"ok":false,"error":"invalid_auth"}"#,
            ),
            entry("GET", 200, ORIGIN, ACAO, "<script>$Config={}</script>"),
            entry("GET", 200, ORIGIN, ACAO, "{}")
                .replace("items?page=2", "callback?code=abc&state=x"),
            entry("GET", 200, ORIGIN, ACAO, "{}").replace(
                r#""_resourceType":"fetch""#,
                r#""_resourceType":"document""#,
            ),
            entry("GET", 200, ORIGIN, ACAO, "{}").replace(
                r#""cookies":[]},"response""#,
                r#""cookies":[{"name":"a","value":"b"}]},"response""#,
            ),
            entry("GET", 200, ORIGIN, ACAO, "{}").replace(
                r#""time":5,"#,
                r#""time":5,"_corsError":{"corsError":"X"},"#,
            ),
        ];
        for raw in cases {
            serde_json::from_str::<Value>(&raw).expect(&raw);
            assert_eq!(compact_entry(&raw), None, "{raw}");
        }
        assert_eq!(compact_entry("not json"), None);
        assert_eq!(compact_entry("[]"), None);
    }
}
