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

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

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
///
/// One pass over the entry's text, borrowing from it: the fields a plain entry keeps are copied
/// as written (`RawValue`), the rest (its body, its initiator's stack) is skipped unbuilt. The
/// panel calls this for every request a busy page makes. Anything unexpected in the entry's
/// shape keeps it whole, which is always safe.
pub fn compact_entry(raw: &str) -> Option<String> {
    let e: Entry<'_> = serde_json::from_str(raw).ok()?;
    let req = e.request.as_ref()?;
    let res = e.response.as_ref()?;
    let method = req.method.as_deref()?;
    if !method.eq_ignore_ascii_case("GET") && !method.eq_ignore_ascii_case("HEAD") {
        return None;
    }
    let status: u64 = res.status.0?.get().parse().ok()?;
    // A request the browser itself gave up on for want of resources (Chromium under a flood of
    // requests) never reached a server: nothing about authentication in it either.
    let starved = status == 0
        && res.error.0.map(RawValue::get) == Some("\"net::ERR_INSUFFICIENT_RESOURCES\"");
    if !(200..300).contains(&status) && !starved {
        return None;
    }
    // A page load: documents carry the page's own story (sign-in pages, callbacks).
    let resource = e.resource_type.as_deref().unwrap_or("");
    if resource.eq_ignore_ascii_case("document") || resource.is_empty() && may_be_page_load(req) {
        return None;
    }
    let url = req.url.as_deref()?;
    if telling(url)
        || query_credential(url)
        || non_empty_array(req.cookies.0)
        || non_empty_array(res.cookies.0)
        || e.marked
    {
        return None;
    }
    if req.headers.iter().any(|h| credential_header(&h.name)) {
        return None;
    }
    if res.headers.iter().any(|h| {
        let n = h.name.to_ascii_lowercase();
        n == "set-cookie"
            || n.contains("authenticat")
            || n == "location"
            || n == "refresh"
            || n.starts_with("x-oauth")
            || n.starts_with("x-accepted-oauth")
    }) {
        return None;
    }
    let content = res.content.as_ref();
    let mime = content.and_then(|c| c.mime.as_deref()).unwrap_or("");
    let text = content.and_then(|c| c.text.as_deref()).unwrap_or("");
    if mime.to_ascii_lowercase().contains("html")
        || telling(text)
        || telling(res.status_text.as_deref().unwrap_or(""))
    {
        return None;
    }
    Some(stub(&e, req, res))
}

/// What [`compact_entry`] reads of an entry; the [`Written`] fields are copied as they are.
#[derive(Deserialize)]
struct Entry<'a> {
    #[serde(borrow, default)]
    pageref: Written<'a>,
    #[serde(borrow, default, rename = "startedDateTime")]
    started: Written<'a>,
    #[serde(borrow, default)]
    time: Written<'a>,
    #[serde(borrow, default, rename = "_resourceType")]
    resource_type: Option<Cow<'a, str>>,
    #[serde(borrow, default, rename = "serverIPAddress")]
    server_ip: Written<'a>,
    /// Firefox's own field, and what the tool says of its cache: with the address, how an
    /// answer that came over no network is known (`Entry::off_the_network`).
    #[serde(borrow, default, rename = "_securityState")]
    security_state: Written<'a>,
    #[serde(borrow, default)]
    cache: Written<'a>,
    #[serde(borrow, default)]
    connection: Written<'a>,
    #[serde(borrow, default)]
    timings: Written<'a>,
    /// Chrome's initiator object (Playwright writes a URL there instead: not copied).
    #[serde(
        borrow,
        default,
        rename = "_initiator",
        deserialize_with = "object_or_none"
    )]
    initiator: Option<Initiator<'a>>,
    #[serde(borrow, default)]
    request: Option<Part<'a>>,
    #[serde(borrow, default)]
    response: Option<Part<'a>>,
    /// Chrome's reasons (blocked cookies, a CORS error) or a network error on the entry itself,
    /// whatever their value: such an entry is kept whole.
    #[serde(
        default,
        rename = "_blockedRequestCookies",
        alias = "_blockedResponseCookies",
        alias = "_corsError",
        alias = "_error",
        deserialize_with = "present"
    )]
    marked: bool,
}

/// A request or a response: the fields of both (each has its own).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Part<'a> {
    #[serde(borrow, default)]
    method: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    url: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    http_version: Written<'a>,
    #[serde(borrow, default)]
    query_string: Written<'a>,
    #[serde(borrow, default)]
    headers_size: Written<'a>,
    #[serde(borrow, default)]
    body_size: Written<'a>,
    #[serde(borrow, default, deserialize_with = "headers")]
    headers: Vec<Line<'a>>,
    #[serde(borrow, default)]
    cookies: Written<'a>,
    #[serde(borrow, default)]
    status: Written<'a>,
    #[serde(borrow, default)]
    status_text: Option<Cow<'a, str>>,
    #[serde(borrow, default, rename = "redirectURL")]
    redirect_url: Written<'a>,
    #[serde(borrow, default, rename = "_error")]
    error: Written<'a>,
    /// Chrome: the service worker gave the answer (kept: the record's request is then the
    /// page's, not what went to the server).
    #[serde(borrow, default, rename = "_fetchedViaServiceWorker")]
    via_service_worker: Written<'a>,
    #[serde(borrow, default, rename = "_serviceWorkerResponseSource")]
    worker_source: Written<'a>,
    #[serde(borrow, default, rename = "_transferSize")]
    transfer_size: Written<'a>,
    #[serde(borrow, default)]
    content: Option<Content<'a>>,
}

#[derive(Deserialize)]
struct Initiator<'a> {
    #[serde(borrow, default, rename = "type")]
    kind: Written<'a>,
    #[serde(borrow, default)]
    url: Written<'a>,
    #[serde(borrow, default, rename = "lineNumber")]
    line: Written<'a>,
}

#[derive(Deserialize)]
struct Content<'a> {
    #[serde(borrow, default)]
    size: Written<'a>,
    #[serde(borrow, default, rename = "mimeType")]
    mime: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    text: Option<Cow<'a, str>>,
}

/// A header line: its text as written, and its name (`""` when it has none).
struct Line<'a> {
    raw: &'a RawValue,
    name: Cow<'a, str>,
    value: Option<Cow<'a, str>>,
}

/// Header lines: each kept as written, with its name and value read (leniently: a line
/// that is not a `{name, value}` object has an empty name).
fn headers<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Line<'de>>, D::Error> {
    #[derive(Deserialize, Default)]
    struct NameValue<'a> {
        #[serde(borrow, default)]
        name: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        value: Option<Cow<'a, str>>,
    }
    let raws: Option<Vec<&'de RawValue>> = Deserialize::deserialize(d)?;
    Ok(raws
        .unwrap_or_default()
        .into_iter()
        .map(|raw| {
            let nv: NameValue<'de> = serde_json::from_str(raw.get()).unwrap_or_default();
            Line {
                raw,
                name: nv.name.unwrap_or_default(),
                value: nv.value,
            }
        })
        .collect())
}

/// An object of type `T`, or `None` for a value of another kind.
fn object_or_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    let raw: Option<&'de RawValue> = Deserialize::deserialize(d)?;
    Ok(raw
        .filter(|r| r.get().starts_with('{'))
        .and_then(|r| serde_json::from_str(r.get()).ok()))
}

/// A field's value as written, `null` included (an `Option` would read a `null` as `None`);
/// absent by default.
#[derive(Default, Clone, Copy)]
struct Written<'a>(Option<&'a RawValue>);

impl<'de: 'a, 'a> Deserialize<'de> for Written<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <&'a RawValue>::deserialize(d).map(|raw| Written(Some(raw)))
    }
}

/// `true` for a field that is there, whatever its value.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    serde::de::IgnoredAny::deserialize(d).map(|_| true)
}

fn non_empty_array(v: Option<&RawValue>) -> bool {
    v.and_then(|v| v.get().strip_prefix('['))
        .is_some_and(|inner| inner.trim_start() != "]")
}

/// Writes `"key":value` members into `out`, comma-separated from what is there.
struct Members<'o> {
    out: &'o mut String,
    first: bool,
}

impl<'o> Members<'o> {
    fn open(out: &'o mut String) -> Self {
        out.push('{');
        Members { out, first: true }
    }

    fn key(&mut self, key: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\":");
        self.out
    }

    fn raw(&mut self, key: &str, value: Written<'_>) {
        if let Some(v) = value.0 {
            self.key(key).push_str(v.get());
        }
    }

    /// A text read as such (to look at it), written back as a JSON string.
    fn text(&mut self, key: &str, value: Option<&Cow<'_, str>>) {
        if let Some(t) = value {
            let out = self.key(key);
            out.push_str(&serde_json::to_string(t).unwrap_or_default());
        }
    }

    /// `headersSize` as the stub's lines make it: Chrome's count of the raw header text, less
    /// the lines left out (`name: value` and CRLF each), so that a count that matched the lines
    /// still matches them, and one that did not still does not ([`crate::har::Har::headers_complete`]).
    fn headers_size(&mut self, size: Written<'_>, lines: &[Line<'_>], names: &[&str]) {
        let counted = size
            .0
            .and_then(|v| v.get().trim().parse::<u64>().ok())
            .filter(|&s| s > 0);
        let Some(counted) = counted else {
            return self.raw("headersSize", size);
        };
        let left_out: usize = (lines.iter())
            .filter(|line| !kept(line, names))
            .map(|line| line.name.len() + line.value.as_deref().map_or(0, str::len) + 4)
            .sum();
        let stub = counted.saturating_sub(u64::try_from(left_out).unwrap_or(u64::MAX));
        self.key("headersSize").push_str(&stub.to_string());
    }

    /// The header lines whose lower-cased name is one of `names` (or starts with one ending
    /// in `-`), as written; then an empty `cookies` (a plain entry has none).
    fn headers_and_cookies(&mut self, lines: &[Line<'_>], names: &[&str]) {
        let out = self.key("headers");
        out.push('[');
        let mut first = true;
        for line in lines {
            if kept(line, names) {
                if !first {
                    out.push(',');
                }
                first = false;
                out.push_str(line.raw.get());
            }
        }
        out.push(']');
        self.key("cookies").push_str("[]");
    }

    fn close(self) {
        self.out.push('}');
    }
}

/// Whether a stub keeps a header line: its lower-cased name is one of `names`, or starts with
/// one ending in `-`.
fn kept(line: &Line<'_>, names: &[&str]) -> bool {
    let n = line.name.as_bytes();
    names.iter().any(|k| match k.ends_with('-') {
        true => n
            .get(..k.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(k.as_bytes())),
        false => n.eq_ignore_ascii_case(k.as_bytes()),
    })
}

fn stub(e: &Entry<'_>, req: &Part<'_>, res: &Part<'_>) -> String {
    let mut out = String::with_capacity(1024);
    let mut m = Members::open(&mut out);
    m.raw("pageref", e.pageref);
    m.raw("startedDateTime", e.started);
    m.raw("time", e.time);
    m.text("_resourceType", e.resource_type.as_ref());
    m.raw("serverIPAddress", e.server_ip);
    m.raw("_securityState", e.security_state);
    m.raw("cache", e.cache);
    m.raw("connection", e.connection);
    m.raw("timings", e.timings);
    if let Some(init) = &e.initiator {
        let mut i = Members::open(m.key("_initiator"));
        i.raw("type", init.kind);
        i.raw("url", init.url);
        i.raw("lineNumber", init.line);
        i.close();
    }
    {
        let mut r = Members::open(m.key("request"));
        r.text("method", req.method.as_ref());
        r.text("url", req.url.as_ref());
        r.raw("httpVersion", req.http_version);
        r.raw("queryString", req.query_string);
        r.headers_size(req.headers_size, &req.headers, KEEP_REQUEST);
        r.raw("bodySize", req.body_size);
        r.headers_and_cookies(&req.headers, KEEP_REQUEST);
        r.close();
    }
    {
        let mut r = Members::open(m.key("response"));
        r.raw("status", res.status);
        r.text("statusText", res.status_text.as_ref());
        r.raw("httpVersion", res.http_version);
        r.raw("redirectURL", res.redirect_url);
        r.headers_size(res.headers_size, &res.headers, KEEP_RESPONSE);
        r.raw("bodySize", res.body_size);
        r.raw("_error", res.error);
        r.raw("_fetchedViaServiceWorker", res.via_service_worker);
        r.raw("_serviceWorkerResponseSource", res.worker_source);
        r.raw("_transferSize", res.transfer_size);
        r.headers_and_cookies(&res.headers, KEEP_RESPONSE);
        let mut c = Members::open(r.key("content"));
        if let Some(content) = &res.content {
            c.raw("size", content.size);
            c.text("mimeType", content.mime.as_ref());
        }
        c.close();
        r.close();
    }
    m.key("_why401Compacted").push_str("true");
    m.close();
    out
}

fn credential_header(name: &str) -> bool {
    if crate::http::is_pseudo_header(name) {
        return false;
    }
    let n = name.to_ascii_lowercase();
    CREDENTIAL_NAME_WORDS.iter().any(|w| n.contains(w))
}

/// Whether a request with no resource type (Firefox writes none) may be a page load.
/// `Sec-Fetch-Mode` says so where the browser sent it; Firefox sends no `Sec-Fetch-*` to a
/// plain-HTTP origin, and there a page load is told by what only navigations send
/// (`Upgrade-Insecure-Requests`, an `Accept` asking for HTML). A request with no `Accept` at
/// all may be anything, so it may be a page load.
fn may_be_page_load(req: &Part<'_>) -> bool {
    if let Some(mode) = header_value(req, "sec-fetch-mode") {
        return mode.eq_ignore_ascii_case("navigate");
    }
    header_value(req, "upgrade-insecure-requests").is_some()
        || header_value(req, "accept").is_none_or(|a| a.to_ascii_lowercase().contains("html"))
}

/// The value of the first header named `name` (any case), if there is one.
fn header_value<'v>(part: &'v Part<'_>, name: &str) -> Option<&'v str> {
    part.headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_deref().unwrap_or(""))
}

fn telling(text: &str) -> bool {
    // Bodies can be large: the first 64 KB, lower-cased once, searched for each word.
    let t = crate::text::head(text, 64 * 1024).to_ascii_lowercase();
    TELLING_WORDS.iter().any(|w| t.contains(w))
}

/// Whether an entry's response refused it (status 0 or 400 and above), as the quick analysis
/// leaves an older one out ([`left_out`]).
fn refused(entry: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct E {
        response: Option<R>,
        #[serde(default, rename = "serverIPAddress", deserialize_with = "address")]
        address: bool,
    }
    #[derive(serde::Deserialize)]
    struct R {
        // As the model reads it (a status written as a string counts), so that a session
        // that kept its entries picks the same ones ([`refused_entry`]).
        #[serde(default, deserialize_with = "crate::har::lenient::num")]
        status: Option<f64>,
    }
    fn address<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        Ok(crate::har::lenient::opt_str(d)?.is_some_and(|s| !s.trim().is_empty()))
    }
    serde_json::from_str::<E>(entry)
        .ok()
        .and_then(|e| Some((e.response?.status?, e.address)))
        .is_some_and(|(status, address)| left_out(status, address))
}

/// Whether an older entry that got `status` is left out of a quick analysis: no answer (status
/// 0) or 4xx/5xx, as an earlier failure explains nothing about a later one. But for an answer
/// with no server address (`address`): one that came over no network may be a stored answer
/// that the page's service worker gives a later call again (`cached-401`'s `worker-replay`,
/// `crate::har::Entry::off_the_network`, which this test is broader than: it reads no more of
/// the entry). Kept: in a capture where the worker answers every call, every older refused one.
fn left_out(status: f64, address: bool) -> bool {
    (status == 0.0 || status >= 400.0) && (address || status < 100.0)
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
    let subset = quick_subset(entries, from, window, |i| refused(entries[i]));
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
    Ok(quick_found(report, &subset, from))
}

/// The entries a quick analysis reads ([`quick_causes`]), in capture order: those at or after
/// `from`, the newest `window`, and every older one kept whole unless it failed (`refused`:
/// the last full analysis has it; [`left_out`] says which failures still count).
pub fn quick_subset(
    entries: &[&str],
    from: usize,
    window: usize,
    refused: impl Fn(usize) -> bool,
) -> Vec<usize> {
    let recent = entries.len().saturating_sub(window);
    (0..entries.len())
        .filter(|&i| {
            i >= from || i >= recent || (!entries[i].ends_with(COMPACT_MARK) && !refused(i))
        })
        .collect()
}

/// The causes of the failures at or after `from` in the report of the entries `subset`.
pub fn quick_found(
    report: crate::Report,
    subset: &[usize],
    from: usize,
) -> Vec<(usize, Vec<&'static str>)> {
    report
        .failures
        .into_iter()
        .filter_map(|f| subset.get(f.entry).map(|&i| (i, f.causes.into_vec())))
        .filter(|(i, _)| *i >= from)
        .collect()
}

/// Whether an entry failed as [`quick_subset`] leaves an older one out ([`left_out`]).
pub fn refused_entry(e: &crate::har::Entry<'_>) -> bool {
    e.response
        .as_ref()
        .and_then(|r| r.status)
        .is_some_and(|status| left_out(status, e.server_address))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

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
    fn an_http2_request_is_plain_too() {
        // Chrome lists the pseudo-headers of every HTTP/2 request; `:authority` is the host,
        // not a credential (it holds `auth`), so such a request is compacted as any other.
        let h2 = format!(
            r#"{{"name":":authority","value":"api.test"}},{{"name":":method","value":"GET"}},{{"name":":path","value":"/items?page=2"}},{{"name":":scheme","value":"https"}},{ORIGIN}"#
        );
        let c: Value = serde_json::from_str(
            &compact_entry(&entry("GET", 200, &h2, ACAO, "{}")).expect("plain"),
        )
        .unwrap();
        assert_eq!(c["request"]["headers"][0]["name"], "Origin");
        // A credential sent beside them still keeps the entry whole.
        let with_token = format!(r#"{h2},{{"name":"authorization","value":"Bearer abc.def.ghi"}}"#);
        assert!(compact_entry(&entry("GET", 200, &with_token, ACAO, "{}")).is_none());
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
    fn what_a_plain_entry_keeps_is_copied_as_written() {
        // Numbers as the browser wrote them, a `null` kept, Playwright's initiator (a URL, not
        // an object) left out rather than keeping the entry whole.
        let raw = entry("GET", 200, ORIGIN, ACAO, "{}")
            .replace(r#""time":5,"#, r#""time":2.4600000001630398,"#)
            .replace(
                r#""statusText":"OK","#,
                r#""statusText":"OK","_error":null,"#,
            );
        let c = compact_entry(&raw).expect("plain");
        assert!(c.contains(r#""time":2.4600000001630398"#), "{c}");
        assert!(c.contains(r#""_error":null"#), "{c}");
        let playwright = raw.replace(
            &raw[raw.find(r#""_initiator""#).unwrap()..raw.find(r#""request""#).unwrap()],
            r#""_initiator":"https://app.test/main.js","#,
        );
        let c: Value = serde_json::from_str(&compact_entry(&playwright).expect("plain")).unwrap();
        assert!(c.get("_initiator").is_none());
        assert!(c.to_string().ends_with(COMPACT_MARK));
    }

    #[test]
    fn an_older_failure_is_left_out_unless_it_came_over_no_network() {
        // The lab's https-sw-cached-401 in Firefox: the page's first call, answered over no
        // network (no address), is what the worker's cache gives the second call again.
        let from_network = entry("GET", 401, ORIGIN, ACAO, "{}").replace(
            r#""request":"#,
            r#""serverIPAddress":"127.0.0.1","request":"#,
        );
        let no_network = entry("GET", 401, ORIGIN, ACAO, "{}");
        let no_answer = entry("GET", 0, ORIGIN, "", "");
        let ok = entry("GET", 200, ORIGIN, ACAO, "{}");
        assert!(refused(&from_network));
        assert!(!refused(&no_network));
        assert!(
            refused(&no_answer),
            "a request with no answer has no address either"
        );
        assert!(!refused(&ok));
        let texts = [&*from_network, &*no_network, &*no_answer, &*ok, &*ok];
        assert_eq!(quick_subset(&texts, 4, 0, |i| refused(texts[i])), [1, 3, 4]);
        // The model's reading agrees with the text's, for a session that kept its entries.
        for text in texts {
            let e: crate::har::Entry<'_> = serde_json::from_str(text).unwrap();
            assert_eq!(refused_entry(&e), refused(text), "{text}");
        }
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
