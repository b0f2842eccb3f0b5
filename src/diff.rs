//! Diagnosis by difference: each failure compared with the nearest request that
//! worked.
//!
//! The strongest evidence in a capture is usually a request that succeeded: the
//! same API, called the same way, a moment earlier or later. For each failure the
//! reference is the nearest successful request (2xx, not a preflight) to the same
//! origin with the same method, preferring the closest path, among those that tell of the
//! failure (its first path segment, or one that took credentials and is not a public file: a
//! script the page loaded worked for anyone); what differs in the
//! credentials the client sent is listed: a credential header (any header whose
//! name or value says credential, not only `Authorization`) absent, empty or
//! different, a cookie absent or different, a credential in the query absent,
//! empty or different, the token's claims (`exp`, `aud`, `iss`, `scope`, `sub`),
//! the page the request came from, and a credential header or cookies sent only
//! here (a success that carried none says nothing of them). Values are never
//! shown, only their shape (a 385-character JWT) and whether they are equal.
//!
//! The rule `credential-differs` turns a credential that is missing or empty here
//! but was sent there into a specific answer; every failure's explanation shows the
//! comparison (`Failure::comparison`).

use std::borrow::Cow;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::har::lenient::Str;
use crate::har::{Entry, Har};
use crate::http::site;
use crate::rules::{EntryCx, Recorded};
use crate::value::Value;

/// How many successful requests on each side of a failure are considered.
const NEAREST: usize = 50;

/// What a credential looked like, without its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// Nothing (an empty value).
    Empty,
    /// A JWT of this many characters.
    Jwt(usize),
    /// A vendor token with this public prefix (`ghp_`), this many characters.
    Prefixed(String, usize),
    /// Any other value of this many characters.
    Opaque(usize),
}

impl Shape {
    fn of(value: &str) -> Shape {
        let v = value.trim();
        let v = v
            .split_once(' ')
            .filter(|(s, _)| is_scheme(s))
            .map_or(v, |(_, rest)| rest.trim());
        let n = v.chars().count();
        if n == 0 {
            Shape::Empty
        } else if crate::redact::looks_like_jwt(v) {
            Shape::Jwt(n)
        } else if let Some(p) = crate::redact::public_prefix(v) {
            Shape::Prefixed(p.to_owned(), n)
        } else {
            Shape::Opaque(n)
        }
    }

    /// The shape in the reader's words.
    pub fn value(&self) -> Value {
        match self {
            Shape::Empty => Value::Word("shape_empty"),
            Shape::Jwt(n) => Value::phrase(
                "shape_jwt",
                vec![("length", Value::Count(*n as u64, "character"))],
            ),
            Shape::Prefixed(p, n) => Value::phrase(
                "shape_prefixed",
                vec![
                    ("prefix", Value::text(p.as_str())),
                    ("length", Value::Count(*n as u64, "character")),
                ],
            ),
            Shape::Opaque(n) => Value::phrase(
                "shape_opaque",
                vec![("length", Value::Count(*n as u64, "character"))],
            ),
        }
    }
}

fn is_scheme(s: &str) -> bool {
    [
        "bearer", "basic", "token", "digest", "dpop", "apikey", "sso-key",
    ]
    .iter()
    .any(|x| s.eq_ignore_ascii_case(x))
}

/// The schemes of two `Authorization`-style values that send the same credential under
/// different schemes (`Bearer k` and `Token k`), here's first; `None` otherwise.
fn schemes_apart<'v>(here: &'v str, there: &'v str) -> Option<(&'v str, &'v str)> {
    let split = |v: &'v str| {
        let (scheme, rest) = v.trim().split_once([' ', '\t'])?;
        Some((scheme, rest.trim()))
    };
    let ((hs, hc), (ts, tc)) = (split(here)?, split(there)?);
    (hc == tc && !hc.is_empty() && !hs.eq_ignore_ascii_case(ts)).then_some((hs, ts))
}

/// One way the failing request differs from the one that worked. Fields:
/// `name` (header, cookie or query key), `here` (the failure) and `there` (the
/// request that worked), `claim` (a JWT claim name).
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Difference {
    /// A credential header the success sent is not here.
    HeaderAbsent { name: String, there: Shape },
    /// A credential header is here but empty.
    HeaderEmpty { name: String, there: Shape },
    /// A credential header holds another value.
    HeaderChanged {
        name: String,
        here: Shape,
        there: Shape,
    },
    /// A credential header holds the same credential under another scheme (Django REST
    /// framework's `Token <key>` sent as `Bearer <key>`, the lab's django-drf-token).
    SchemeChanged {
        name: String,
        here: String,
        there: String,
    },
    /// A cookie the success sent is not here.
    CookieAbsent { name: String },
    /// A cookie holds another value.
    CookieChanged { name: String },
    /// A credential in the query the success sent is not here, or empty.
    QueryAbsent { name: String, there: Shape },
    /// A credential in the query holds another value.
    QueryChanged {
        name: String,
        here: Shape,
        there: Shape,
    },
    /// A claim of the token differs.
    ClaimChanged {
        claim: String,
        here: String,
        there: String,
    },
    /// The request came from another page origin.
    OriginChanged { here: String, there: String },
    /// A credential header here that the success did not send.
    HeaderAdded { name: String, here: Shape },
    /// Cookies sent here that the success did not send (the first few named; `more` counts
    /// the rest).
    CookiesAdded { names: Vec<String>, more: usize },
    /// A credential in the body the success sent (a member or form field named as one:
    /// `password`, `AccessToken`, `refresh_token`) is not here. Not counted as missing
    /// ([`Difference::is_missing`]): a body is what the call asks, and two calls of one API
    /// may ask in two ways (a sign-in with a password, a refresh with a token).
    BodyAbsent { name: String },
    /// A credential in the body holds another value (a password typed again).
    BodyChanged { name: String },
    /// A credential in the body here that the success did not send.
    BodyAdded { name: String },
}

impl Difference {
    /// Whether a credential the success had is missing or empty here.
    pub fn is_missing(&self) -> bool {
        matches!(
            self,
            Difference::HeaderAbsent { .. }
                | Difference::CookieAbsent { .. }
                | Difference::QueryAbsent { .. }
                | Difference::HeaderEmpty { .. }
        )
    }

    /// The difference as a sentence part, in the reader's language.
    pub fn value(&self) -> Value {
        let t = |s: &str| Value::text(s);
        match self {
            Difference::HeaderAbsent { name, there } => Value::phrase(
                "diff_header_absent",
                vec![("name", t(name)), ("there", there.value())],
            ),
            Difference::HeaderEmpty { name, there } => Value::phrase(
                "diff_header_empty",
                vec![("name", t(name)), ("there", there.value())],
            ),
            Difference::SchemeChanged { name, here, there } => Value::phrase(
                "diff_scheme_changed",
                vec![("name", t(name)), ("here", t(here)), ("there", t(there))],
            ),
            Difference::HeaderChanged { name, here, there } if here == there => Value::phrase(
                "diff_header_other",
                vec![("name", t(name)), ("here", here.value())],
            ),
            Difference::HeaderChanged { name, here, there } => Value::phrase(
                "diff_header_changed",
                vec![
                    ("name", t(name)),
                    ("here", here.value()),
                    ("there", there.value()),
                ],
            ),
            Difference::CookieAbsent { name } => {
                Value::phrase("diff_cookie_absent", vec![("name", t(name))])
            }
            Difference::CookieChanged { name } => {
                Value::phrase("diff_cookie_changed", vec![("name", t(name))])
            }
            Difference::QueryAbsent { name, there } => Value::phrase(
                "diff_query_absent",
                vec![("name", t(name)), ("there", there.value())],
            ),
            Difference::QueryChanged { name, here, there } => Value::phrase(
                "diff_query_changed",
                vec![
                    ("name", t(name)),
                    ("here", here.value()),
                    ("there", there.value()),
                ],
            ),
            Difference::ClaimChanged { claim, here, there } => Value::phrase(
                "diff_claim_changed",
                vec![("claim", t(claim)), ("here", t(here)), ("there", t(there))],
            ),
            Difference::OriginChanged { here, there } => Value::phrase(
                "diff_origin_changed",
                vec![
                    ("here", Value::url(here.clone())),
                    ("there", Value::url(there.clone())),
                ],
            ),
            Difference::HeaderAdded { name, here } => Value::phrase(
                "diff_header_added",
                vec![("name", t(name)), ("here", here.value())],
            ),
            Difference::BodyAbsent { name } => {
                Value::phrase("diff_body_absent", vec![("name", t(name))])
            }
            Difference::BodyChanged { name } => {
                Value::phrase("diff_body_changed", vec![("name", t(name))])
            }
            Difference::BodyAdded { name } => {
                Value::phrase("diff_body_added", vec![("name", t(name))])
            }
            Difference::CookiesAdded { names, more } => Value::phrase(
                if names.len() + more == 1 {
                    "diff_cookie_added"
                } else {
                    "diff_cookies_added"
                },
                vec![
                    ("names", Value::List(names.iter().map(|n| t(n)).collect())),
                    (
                        "more",
                        match more {
                            0 => Value::text(""),
                            n => Value::Number(*n as i64),
                        },
                    ),
                ],
            ),
        }
    }
}

/// A failure compared with the nearest request that worked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// The request that worked (index into `log.entries`).
    pub reference: usize,
    /// Its status.
    pub reference_status: u16,
    /// Milliseconds from the reference to the failure (negative: the reference came later).
    pub ms_apart: Option<i64>,
    /// What differs in the credentials sent; empty when they are the same.
    pub differences: Vec<Difference>,
    /// Whether the two paths share a segment (`/api/…` and `/api/…`): the same API. Otherwise
    /// only the origin and the method are the same, and the words say no more than that.
    #[serde(default)]
    pub shares_path: bool,
}

impl Comparison {
    /// How alike the two requests are, in words: "on the same API" where the paths share a
    /// segment, "with the same method at the same origin (another path)" where they do not.
    pub fn scope(&self) -> Value {
        Value::Word(if self.shares_path {
            "scope_api"
        } else {
            "scope_origin"
        })
    }

    /// The comparison in the reader's words: "Compared with #12, which succeeded
    /// 0.2 s earlier: …".
    pub fn value(&self) -> Value {
        let when = match self.ms_apart {
            Some(ms) if ms >= 0 => {
                Value::phrase("diff_earlier", vec![("elapsed", Value::Millis(ms))])
            }
            Some(ms) => Value::phrase("diff_later", vec![("elapsed", Value::Millis(-ms))]),
            None => Value::text(""),
        };
        let head = vec![
            ("entry", Value::Entry(self.reference)),
            ("status", Value::Number(i64::from(self.reference_status))),
            ("when", when),
        ];
        let mut args = head;
        args.push(("scope", self.scope()));
        if self.differences.is_empty() {
            return Value::phrase("diff_same", args);
        }
        args.push((
            "differences",
            Value::List(self.differences.iter().map(Difference::value).collect()),
        ));
        Value::phrase("diff_head", args)
    }
}

/// Credentials a request carried, by place and name, with their values.
struct Sent<'e> {
    headers: Vec<(Str<'e>, Str<'e>)>,
    cookies: Vec<(&'e str, &'e str)>,
    query: Vec<(&'e str, Cow<'e, str>)>,
    /// In its body ([`body_credentials`]).
    body: Vec<(String, String)>,
}

/// How many cookies sent only by the failing request are named; the rest are counted.
const ADDED_SHOWN: usize = 3;

/// Header names never compared: they describe the request, they do not authenticate it.
const NOT_CREDENTIALS: &[&str] = &[
    "accept",
    "accept-encoding",
    "accept-language",
    "user-agent",
    "content-type",
    "content-length",
    "host",
    "connection",
    "referer",
    "origin",
    "cache-control",
    "pragma",
    "if-none-match",
    "if-modified-since",
    "sec-fetch-site",
    "sec-fetch-mode",
    "sec-fetch-dest",
    "sec-fetch-user",
    "sec-ch-ua",
    "sec-ch-ua-mobile",
    "sec-ch-ua-platform",
    "priority",
    "te",
    "upgrade-insecure-requests",
    "dnt",
    "cookie",
    "traceparent",
    "tracestate",
    "b3",
    "x-b3-traceid",
    "x-b3-spanid",
    "x-b3-parentspanid",
    "x-b3-sampled",
    "x-amzn-trace-id",
    "x-cloud-trace-context",
    "sentry-trace",
    "x-datadog-trace-id",
    "x-datadog-parent-id",
    "x-request-id",
    "x-correlation-id",
    "baggage",
    "sentry-trace",
];

/// Whether a value looks like a credential by its shape: a JWT, a vendor token,
/// or a long run of base64/hex without spaces.
pub fn looks_like_credential(value: &str) -> bool {
    let v = value.trim();
    let v = v
        .split_once(' ')
        .filter(|(s, _)| is_scheme(s))
        .map_or(v, |(_, rest)| rest.trim());
    crate::redact::looks_like_jwt(v)
        || crate::redact::public_prefix(v).is_some()
        || (v.len() >= 20
            && !v.contains(' ')
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.~+/=".contains(c))
            && v.chars().any(|c| c.is_ascii_digit())
            && v.chars().any(|c| c.is_ascii_alphabetic()))
}

fn credential_header(name: &str, value: &str) -> bool {
    credential_header_by(name, || looks_like_credential(value))
}

/// Whether a header's name alone says it carries a credential (`Authorization`, `X-Api-Key`,
/// `X-Session-Token`…), as [`credential_header`] judges a name: also what a preflight's
/// `Access-Control-Request-Headers` announces.
pub(crate) fn credential_header_name(name: &str) -> bool {
    credential_header_by(name, || false)
}

/// Not a pseudo-header, a preflight's own header or one every request carries
/// ([`NOT_CREDENTIALS`]); and a credential's name, or else `otherwise()`.
fn credential_header_by(name: &str, otherwise: impl FnOnce() -> bool) -> bool {
    if crate::http::is_pseudo_header(name) {
        return false;
    }
    let lower = name.to_ascii_lowercase();
    !NOT_CREDENTIALS.contains(&lower.as_str())
        && !lower.starts_with("access-control-request-")
        && (crate::redact::is_sensitive_header(&lower)
            || crate::knowledge::is_api_key_name(&lower)
            || otherwise())
}

fn sent<'e>(har: &Har<'e>, e: &'e Entry<'e>) -> Sent<'e> {
    let mut headers = Vec::new();
    for h in har.request_headers(e) {
        if credential_header(&h.name, &h.value) {
            headers.push((h.name, h.value));
        }
    }
    let mut cookies = Vec::new();
    if let Some((_, c)) = e.request_header("cookie") {
        for pair in c.split(';') {
            if let Some((n, v)) = pair.trim().split_once('=') {
                cookies.push((n.trim(), v.trim()));
            }
        }
    }
    let mut query = Vec::new();
    if let Some(q) = site::query(&e.request.url) {
        for pair in q.split('&') {
            let (n, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = crate::redact::percent_decode_lossy(v);
            if crate::redact::is_sensitive_param(n) || looks_like_credential(&v) {
                query.push((n, v));
            }
        }
    }
    Sent {
        headers,
        cookies,
        query,
        body: body_credentials(e),
    }
}

/// How deep in a JSON body [`body_credentials`] looks: Cognito's `AuthParameters.PASSWORD` is
/// one level down, GraphQL's `variables.input.password` two.
const BODY_DEPTH: usize = 4;

/// The longest name of a body credential [`body_credentials`] takes: a member's or field's
/// place (`variables.input.password`), never text of the body.
const BODY_NAME_LIMIT: usize = 64;

/// The credentials in a request's body, by their place, with their values: the string members of
/// a JSON body named as credentials are ([`is_sensitive_param`]: `password`, `AccessToken`,
/// `REFRESH_TOKEN`), named by their path (`AuthParameters.PASSWORD`, inside Cognito's
/// `AuthParameters`), inside arrays too (a batch of GraphQL operations); and the fields so named
/// of a form (`application/x-www-form-urlencoded`, or the fields the exporter listed). A place is
/// taken only if it is a name (letters, digits, `_`, `-`, `.`, `[`, `]`; at most
/// [`BODY_NAME_LIMIT`] bytes): it is shown, and a value never is. The raw text is asked first
/// (`redact::json_may_hold_credential`), before a body is unescaped: where every request of the
/// bench's capture failed, each sent a JSON body with none.
///
/// Where a password is among them, the user it is for is too (`email`, `USERNAME`:
/// [`USER_FIELDS`]): a sign-in with a mistyped email sent other credentials than the one that
/// worked. A flag is no credential (`"returnSecureToken": true`, which chrome-har lists as a
/// field `true` of a JSON body).
///
/// [`is_sensitive_param`]: crate::redact::is_sensitive_param
/// [`USER_FIELDS`]: crate::knowledge::USER_FIELDS
pub(crate) fn body_credentials(e: &Entry<'_>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(post) = &e.request.post_data else {
        return out;
    };
    read_body_credentials(post, &mut out);
    if !holds_password(&out) {
        out.retain(|(n, _)| !names_the_user(n));
    }
    out
}

/// The last name of a body credential's place: `PASSWORD` of `AuthParameters.PASSWORD`, and
/// `password` of a form's `user[password]`.
pub(crate) fn last_name(place: &str) -> &str {
    let mut names = place.split(['.', '[', ']']).filter(|n| !n.is_empty());
    names.next_back().unwrap_or(place)
}

/// Whether a body credential's place names the user a password is for ([`body_credentials`]):
/// the field names a sign-in form's user has ([`crate::knowledge::is_user_field`]).
fn names_the_user(place: &str) -> bool {
    crate::knowledge::is_user_field(last_name(place))
}

/// Whether body credentials hold a password, by the names a sign-in form's password has
/// ([`crate::knowledge::is_password_field`]).
fn holds_password(body: &[(String, String)]) -> bool {
    (body.iter()).any(|(n, _)| crate::knowledge::is_password_field(last_name(n)))
}

/// [`body_credentials`]' fields, the users' among them whether or not a password is.
fn read_body_credentials(post: &crate::har::PostData<'_>, out: &mut Vec<(String, String)>) {
    let named = |n: &str| {
        let last = last_name(n);
        n.len() <= BODY_NAME_LIMIT
            && n.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_-.[]".contains(&b))
            && (crate::redact::is_sensitive_param(last) || crate::knowledge::is_user_field(last))
    };
    let form = |out: &mut Vec<(String, String)>,
                pairs: &mut dyn Iterator<Item = (&str, &str)>,
                flags: bool| {
        for (n, v) in pairs {
            let n = crate::redact::percent_decode_lossy(n);
            if named(&n) && !(flags && matches!(v, "true" | "false")) {
                let v = crate::redact::percent_decode_lossy(v);
                out.push((n.into_owned(), v.into_owned()));
            }
        }
    };
    let mime = post.mime_type.to_ascii_lowercase();
    if !post.params.is_empty() {
        // chrome-har lists a JSON body's members as fields, `true` as the text `true`: there
        // such a value was a flag (`"returnSecureToken": true`), not a credential. A form's
        // `true` is text, as sent.
        let flags = mime.contains("json");
        form(
            out,
            &mut post.params.iter().map(|p| (&*p.name, &*p.value)),
            flags,
        );
        return;
    }
    let Some(raw) = post.raw_text.as_ref().map(|r| r.get()) else {
        return;
    };
    // A JSON string that holds JSON: `"{…` or `"[…`, blanks written as they are or escaped.
    let opens = raw.strip_prefix('"').map(crate::text::skip_json_blanks);
    if opens.is_some_and(|r| r.starts_with(['{', '['])) {
        if !crate::redact::json_may_hold_credential(raw) {
            return;
        }
        if let Some(v) = post
            .text()
            .and_then(|t| crate::har::read_json::<serde_json::Value>(&t).ok())
        {
            collect_body(&v, "", BODY_DEPTH, &named, out);
        }
    } else if mime.contains("x-www-form-urlencoded") && raw.contains('=') {
        if let Some(text) = post.text() {
            form(
                out,
                &mut text.split('&').filter_map(|p| p.split_once('=')),
                false,
            );
        }
    }
}

/// The string members named as credentials in a JSON value ([`body_credentials`]), by their path
/// below `at`, down to `depth` objects (arrays are walked through, not counted in the path).
fn collect_body(
    v: &serde_json::Value,
    at: &str,
    depth: usize,
    named: &impl Fn(&str) -> bool,
    out: &mut Vec<(String, String)>,
) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let path = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                match v {
                    serde_json::Value::String(s) if named(&path) => out.push((path, s.clone())),
                    serde_json::Value::Object(_) | serde_json::Value::Array(_) if depth > 1 => {
                        collect_body(v, &path, depth - 1, named, out)
                    }
                    _ => {}
                }
            }
        }
        serde_json::Value::Array(items) if depth > 1 => {
            for item in items.iter().take(BODY_ITEMS) {
                collect_body(item, at, depth - 1, named, out);
            }
        }
        _ => {}
    }
}

/// How many items of a JSON array [`collect_body`] reads (a batch of GraphQL operations is a few).
const BODY_ITEMS: usize = 16;

fn path_of(url: &str) -> &str {
    path_in(url, path_span(url))
}

/// The path at `span` ([`path_span`]) of `url`.
fn path_in(url: &str, (start, end): (usize, usize)) -> &str {
    url.get(start..end).filter(|p| !p.is_empty()).unwrap_or("/")
}

/// Where [`path_of`] finds the path in `url` (an empty span for `/`, which the URL may not
/// spell).
fn path_span(url: &str) -> (usize, usize) {
    // After `scheme://` (`site::split_scheme`: a failure weighs up to a hundred successes'
    // paths), up to the query or fragment; `/` when the authority ends the URL or a query
    // follows it at once (`https://a.test?next=https://b.test/x`).
    // A URL written with leading blanks is read as its origin is (`site::origin_borrowed`).
    let full_len = url.len();
    let url = url.trim_start();
    let rest = site::split_scheme(url).map_or(url, |(_, rest)| rest);
    let offset = full_len - rest.len();
    let at = site::authority_end(rest);
    if rest.as_bytes().get(at) != Some(&b'/') {
        return (0, 0);
    }
    // boundary: at an ASCII '/'
    let len = site::without_query(&rest[at..]).len();
    (offset + at, offset + at + len)
}

/// How many leading `/`-separated segments two paths share (`a.split('/')` zipped with
/// `b.split('/')`, counted while equal). One pass over the bytes: every failure weighs up to a
/// hundred successes with it, at every analysis of a live session.
fn common_prefix(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    // Each `/` in the shared bytes closes a segment both paths have.
    let closed = a.iter().take(same).filter(|&&c| c == b'/').count();
    // The segment the difference falls in is shared too when it ends there in both: one path
    // ends and the other's next segment begins (or both end).
    let ends = |p: &[u8]| p.get(same).is_none_or(|&c| c == b'/');
    closed + usize::from(ends(a) && ends(b))
}

/// The page origin a request came from (`Origin`, else `Referer`).
fn page_origin(e: &Entry<'_>) -> Option<String> {
    e.request_header("origin")
        .map(|(_, v)| v.trim().to_owned())
        .filter(|o| o != "null")
        .or_else(|| {
            e.request_header("referer")
                .and_then(|(_, r)| crate::http::site::origin(r))
        })
}

/// The requests that worked, by origin and method, each with its place among the entries
/// checked and where its path lies in its URL, in entry order: what a failure is compared
/// with. Built once per capture; a live session keeps it (in `analysis::MainMemo`) and adds
/// the entries that came since, so a redraw does not read every URL of the session again.
#[derive(Default)]
pub struct Successes {
    /// Entries below this index have been looked at.
    upto: usize,
    /// Origin and method (see [`Successes::key`]) to its list in `lists`.
    keys: HashMap<String, usize>,
    /// Per origin and method: (place among the entries checked, where the path is in that
    /// entry's URL, see [`path_span`]). Places, not entry indexes: the entries checked skip
    /// those that are not objects and those left out after a panic, and "nearest" counts the
    /// requests between. The path stays in the URL (a copy of every path was the largest
    /// single allocation of a run, and a live session held it); a live session's entries keep
    /// their places and URLs while the list is kept (any entry replaced starts it again).
    lists: Vec<Vec<(usize, u32, u32)>>,
}

impl Successes {
    /// The key of an origin and a method: the method's length first, so that no two pairs
    /// spell the same key (a method can hold any character).
    fn key(origin: &str, method: &str) -> String {
        format!("{}:{method}{origin}", method.len())
    }

    /// Adds the successes among the entries not looked at yet (`cxs` in entry order; the
    /// entries checked before are the same, in the same places).
    fn extend(&mut self, cxs: &[EntryCx<'_, '_>]) {
        let from = cxs.partition_point(|cx| cx.index() < self.upto);
        // Requests in a row mostly go to a few origins with a few methods (a page and its API,
        // GET and POST): the lists of the last few are taken again when the URL begins with
        // their origin as written, without parsing, formatting a key and hashing it (with one
        // only, a page that fetched from two origins in turn had every success parsed).
        let mut recent: [Option<(&str, &str, usize)>; RECENT] = [None; RECENT];
        let mut oldest = 0;
        for (p, cx) in cxs.iter().enumerate().skip(from) {
            self.upto = cx.index() + 1;
            // A 2xx that is itself a failure (an answer CORS hid, a token error GitHub sends
            // with 200) worked for nobody: a failure was compared with itself as "the request
            // that succeeded 0 ms earlier".
            // Nor does the page's record of a call its service worker answered show what went to
            // the server ([`Recorded::PageSide`]).
            if !cx.accepted() || cx.is_preflight() || cx.recorded() == Recorded::PageSide {
                continue;
            }
            let (url, method) = (&*cx.entry.request.url, &*cx.entry.request.method);
            let again = recent.iter().flatten().find(|&&(origin, m, _)| {
                m == method
                    && url
                        .strip_prefix(origin)
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
            });
            let list = match again {
                Some(&(_, _, list)) => list,
                None => {
                    let Some(o) = crate::http::site::origin_borrowed(url) else {
                        continue;
                    };
                    let next = self.lists.len();
                    let list = *self.keys.entry(Self::key(&o, method)).or_insert(next);
                    if list == next {
                        self.lists.push(Vec::new());
                    }
                    if let Cow::Borrowed(o) = o {
                        recent[oldest] = Some((o, method, list));
                        oldest = (oldest + 1) % RECENT;
                    }
                    list
                }
            };
            // A path beyond 4 GiB into its URL reads as `/`: the success still counts.
            let (start, end) = path_span(url);
            let span = u32::try_from(start).and_then(|s| Ok((s, u32::try_from(end)?)));
            let (start, end) = span.unwrap_or((0, 0));
            self.lists[list].push((p, start, end));
        }
    }

    /// The places of the successes with this origin and method.
    fn of(&self, origin: &str, method: &str) -> Option<&[(usize, u32, u32)]> {
        let list = *self.keys.get(&Self::key(origin, method))?;
        Some(&self.lists[list])
    }
}

/// Origins and methods whose lists [`Successes::extend`] takes again without parsing a URL.
const RECENT: usize = 4;

/// Compares every failure with its nearest success; keyed by the failure's entry index.
/// `known` holds the successes of the entries an earlier analysis of the same session saw
/// (a live session's); the others are added to it.
pub fn compare_failures<'h, 'a>(
    har: &'h Har<'a>,
    cxs: &[EntryCx<'h, 'a>],
    known: Option<&mut Successes>,
) -> HashMap<usize, Comparison> {
    let mut out = HashMap::new();
    if !cxs.iter().any(|cx| cx.failure().is_some()) {
        return out;
    }
    let mut fresh = Successes::default();
    let successes = known.unwrap_or(&mut fresh);
    successes.extend(cxs);
    if successes.lists.is_empty() {
        return out;
    }
    // Many failures are compared with the same success: what it sent is read once, and so is
    // the GraphQL operation it names.
    let mut sent_by: HashMap<usize, Sent> = HashMap::new();
    let mut graphql_of: HashMap<usize, Option<&str>> = HashMap::new();
    for (pos, cx) in cxs.iter().enumerate() {
        if cx.failure().is_none() || cx.is_preflight() || cx.recorded() == Recorded::PageSide {
            continue;
        }
        let Some(o) = crate::http::site::origin_borrowed(&cx.entry.request.url) else {
            continue;
        };
        let Some(list) = successes.of(&o, &cx.entry.request.method) else {
            continue;
        };
        let split = list.partition_point(|(p, _, _)| *p < pos);
        let path = path_of(&cx.entry.request.url);
        let op = operation(cx.entry);
        let graphql = graphql_operation(cx.entry);
        // The answer that handed out the token this request sent needed none itself: it says
        // nothing of why the token was refused (the lab's jwks-key-rotated compared the refused
        // call with the GET that fetched its token: "the authorization header was sent only
        // here").
        let token = cx.bearer_token().map(|(_, t)| t).filter(|t| t.len() >= 16);
        let before = list[..split].iter().rev().take(NEAREST);
        let after = list[split..].iter().take(NEAREST);
        // Closest path first, then nearest in capture order; among those that say something
        // about this request ([`tells_of`]).
        let Some((_, best, start, end)) = (before.chain(after))
            .filter_map(|&(p, start, end)| {
                let url = cxs.get(p).map_or("", |s| &*s.entry.request.url);
                let there = path_in(url, (start as usize, end as usize));
                // Another operation at the same URL worked: it says nothing of this one (the
                // lab's `cognito-sign-in`: a refused `GetUser` was "the same credentials" as the
                // `GlobalSignOut` before it; `graphql-unauthenticated`: a query sent before
                // sign-in was compared with the sign-in mutation). A GraphQL operation is asked
                // of the successes only where the failure names one, each success once.
                if there == path
                    && (operation(cxs[p].entry) != op
                        || graphql.is_some_and(|g| {
                            *graphql_of
                                .entry(p)
                                .or_insert_with(|| graphql_operation(cxs[p].entry))
                                != Some(g)
                        }))
                {
                    return None;
                }
                if token.is_some_and(|t| !cxs[p].has_credentials() && cxs[p].answer_holds(t)) {
                    return None;
                }
                let shared = common_prefix(path, there);
                tells_of(shared, &cxs[p]).then_some((shared, p, start, end))
            })
            .max_by_key(|&(shared, p, _, _)| (shared, usize::MAX - p.abs_diff(pos)))
        else {
            continue;
        };
        let reference = &cxs[best];
        let there = sent_by
            .entry(best)
            .or_insert_with(|| sent(har, reference.entry));
        let mut comparison = compare(har, cx, reference, there);
        // Two segments: the empty one before the first `/`, and one named the same.
        let there = path_in(&reference.entry.request.url, (start as usize, end as usize));
        comparison.shares_path = common_prefix(path, there) >= 2;
        out.insert(cx.index(), comparison);
    }
    out
}

/// The operation an RPC-style call names beside its URL: the AWS JSON protocol's
/// `X-Amz-Target` (`AWSCognitoIdentityProviderService.GetUser`), whose calls all go to `/`.
fn operation<'e>(e: &'e Entry<'_>) -> Option<&'e str> {
    e.request_header("x-amz-target").map(|(_, v)| v.trim())
}

/// The operation a GraphQL request names (`operationName` in its JSON body, or in the body's
/// fields as chrome-har lists them, or in a GET's query), read from the raw text without
/// unescaping it (a GraphQL
/// name is letters, digits and `_`): a GraphQL API takes
/// every operation at one URL, a sign-in mutation beside the queries that need its token. Asked
/// of the candidates only where the failure names one: a failure of another kind of call pays
/// one search of its own body.
fn graphql_operation<'e>(e: &'e Entry<'_>) -> Option<&'e str> {
    let is_name =
        |n: &&str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    // A query sent as a GET (persisted queries, Apollo's `useGETForQueries`) names it in the URL.
    if let Some(q) = site::query(&e.request.url) {
        let named = q.split('&').find_map(|p| p.strip_prefix("operationName="));
        if let Some(name) = named.filter(is_name) {
            return Some(name);
        }
    }
    let post = e.request.post_data.as_ref()?;
    // chrome-har writes a JSON body as its members, in `params`, and no text (the lab's
    // recording of `graphql-unauthenticated`).
    if let Some(p) = post.params.iter().find(|p| &*p.name == "operationName") {
        return Some(p.value.trim()).filter(|v| !v.is_empty());
    }
    let raw = post.raw_text.as_ref()?.get();
    const KEY: &str = r#"\"operationName\""#;
    // The first `"operationName"` followed by a colon is a member's name (an earlier one is a
    // value: `"sort": "operationName"`). A member of that name nested in the variables before
    // the top-level one would be taken: GraphQL clients write `operationName` first or last.
    memchr::memmem::find_iter(raw.as_bytes(), KEY).find_map(|at| {
        // boundary: after the ASCII key
        let rest = crate::text::skip_json_blanks(&raw[at + KEY.len()..]).strip_prefix(':')?;
        let rest = crate::text::skip_json_blanks(rest).strip_prefix(r#"\""#)?;
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        // boundary: ASCII name
        let (name, after) = rest.split_at(end);
        (!name.is_empty() && after.starts_with(r#"\""#)).then_some(name)
    })
}

/// Whether a success whose path shares `shared` segments with a failure's (see
/// [`common_prefix`]) says something about why the failure failed: a path under the same first
/// segment worked, or credentials worked elsewhere. A request to another path that sent none, or
/// a script, style sheet, image or font (public files, whatever they were sent with), says
/// nothing: on the lab's recorded captures, the page's own `lab.js` was "the request that
/// succeeded with the same credentials" beside a password refused (`basic-xhr-wrong-password`),
/// a session the server did not know (`session-cookie-unknown`) and a cookie never sent
/// (`cookie-secure-over-http`).
fn tells_of(shared: usize, success: &EntryCx<'_, '_>) -> bool {
    // Two segments: the empty one before the first `/`, and one named the same.
    shared >= 2 || (success.has_credentials() && !is_public_file(success.entry))
}

/// Whether an entry fetched a script, a style sheet, an image, a font or media, by Chrome's
/// resource type, else by the answer's content type (Firefox records no resource type).
fn is_public_file(e: &Entry<'_>) -> bool {
    if let Some(t) = e.resource_type.as_deref() {
        return matches!(
            t.to_ascii_lowercase().as_str(),
            "script" | "stylesheet" | "image" | "font" | "media" | "manifest" | "texttrack"
        );
    }
    let Some(r) = &e.response else {
        return false;
    };
    let mime = r.content.mime_type.trim_start().to_ascii_lowercase();
    [
        "text/javascript",
        "application/javascript",
        "application/x-javascript",
        "text/css",
        "image/",
        "font/",
        "audio/",
        "video/",
    ]
    .iter()
    .any(|m| mime.starts_with(m))
}

/// Where the first pair of each name is in `list`, by `key` of the name.
fn first_by_name<'l, N, V>(
    list: &'l [(N, V)],
    key: impl Fn(&'l N) -> Cow<'l, str>,
) -> HashMap<Cow<'l, str>, usize> {
    let mut at = HashMap::with_capacity(list.len());
    for (i, (n, _)) in list.iter().enumerate() {
        at.entry(key(n)).or_insert(i);
    }
    at
}

fn compare<'h, 'a>(
    har: &'h Har<'a>,
    here_cx: &EntryCx<'h, 'a>,
    there_cx: &EntryCx<'h, 'a>,
    there: &Sent<'_>,
) -> Comparison {
    let here = sent(har, here_cx.entry);
    // What this request sent, by name, the first of each (a `Cookie` header can hold thousands
    // of pairs: a search of the list for each of the reference's was quadratic).
    let here_headers = first_by_name(&here.headers, |n| n.to_ascii_lowercase().into());
    let here_cookies = first_by_name(&here.cookies, |&n| n.into());
    let here_query = first_by_name(&here.query, |&n| n.into());
    let mut differences = Vec::new();
    // Chrome's record of a request it stopped lists no cookies, whatever it had.
    let cookies_unrecorded = here_cx.recorded() == Recorded::ScriptHeaders;
    for (name, v) in &there.headers {
        if cookies_unrecorded && name.eq_ignore_ascii_case("cookie") {
            continue;
        }
        match here_headers
            .get(&*name.to_ascii_lowercase())
            .map(|&i| &here.headers[i])
        {
            None => differences.push(Difference::HeaderAbsent {
                name: name.to_string(),
                there: Shape::of(v),
            }),
            Some((_, h)) if Shape::of(h) == Shape::Empty && Shape::of(v) != Shape::Empty => {
                differences.push(Difference::HeaderEmpty {
                    name: name.to_string(),
                    there: Shape::of(v),
                })
            }
            Some((_, h)) if h != v && !name.eq_ignore_ascii_case("cookie") => {
                if let Some((here, there)) = schemes_apart(h, v) {
                    differences.push(Difference::SchemeChanged {
                        name: name.to_string(),
                        here: here.to_owned(),
                        there: there.to_owned(),
                    });
                    continue;
                }
                differences.push(Difference::HeaderChanged {
                    name: name.to_string(),
                    here: Shape::of(h),
                    there: Shape::of(v),
                })
            }
            _ => {}
        }
    }
    for (name, v) in there.cookies.iter().filter(|_| !cookies_unrecorded) {
        match here_cookies.get(*name).map(|&i| &here.cookies[i]) {
            None => differences.push(Difference::CookieAbsent {
                name: name.to_string(),
            }),
            Some((_, h)) if h != v => differences.push(Difference::CookieChanged {
                name: name.to_string(),
            }),
            _ => {}
        }
    }
    for (name, v) in &there.query {
        match here_query.get(*name).map(|&i| &here.query[i]) {
            None => differences.push(Difference::QueryAbsent {
                name: name.to_string(),
                there: Shape::of(v),
            }),
            Some((_, h)) if h.trim().is_empty() && !v.trim().is_empty() => {
                differences.push(Difference::QueryAbsent {
                    name: name.to_string(),
                    there: Shape::of(v),
                })
            }
            Some((_, h)) if h != v => differences.push(Difference::QueryChanged {
                name: name.to_string(),
                here: Shape::of(h),
                there: Shape::of(v),
            }),
            _ => {}
        }
    }
    // What this request sent that the success did not: a success that carried no credential
    // proves nothing about the one sent here (a script of the page, a public path), and saying
    // "the same" would be false.
    let there_headers = first_by_name(&there.headers, |n| n.to_ascii_lowercase().into());
    for (i, (name, v)) in here.headers.iter().enumerate() {
        let lower = name.to_ascii_lowercase();
        // Each name once (the first of a name is the one `here_headers` holds).
        if !there_headers.contains_key(&*lower) && here_headers.get(&*lower) == Some(&i) {
            differences.push(Difference::HeaderAdded {
                name: name.to_string(),
                here: Shape::of(v),
            });
        }
    }
    if !cookies_unrecorded {
        let there_cookies = first_by_name(&there.cookies, |&n| n.into());
        // Each name once (the first of a name is the one `here_cookies` holds).
        let mut added = (here.cookies.iter().enumerate()).filter(|&(i, (n, _))| {
            !there_cookies.contains_key(*n) && here_cookies.get(*n) == Some(&i)
        });
        let names: Vec<String> = (added.by_ref().take(ADDED_SHOWN))
            .map(|(_, (n, _))| n.to_string())
            .collect();
        if !names.is_empty() {
            differences.push(Difference::CookiesAdded {
                names,
                more: added.count(),
            });
        }
    }
    // The body's credentials, each name once, the first of a name compared. A user a password is
    // for, sent on one side only, is said only where the other side sent a password too (a
    // sign-in that lost its email): that a refresh sent no user name beside the sign-in that did
    // is said by the password's absence.
    let here_body = first_by_name(&here.body, |n| n.as_str().into());
    let there_body = first_by_name(&there.body, |n| n.as_str().into());
    let (here_password, there_password) = (holds_password(&here.body), holds_password(&there.body));
    for (i, (name, v)) in there.body.iter().enumerate() {
        if there_body.get(name.as_str()) != Some(&i) {
            continue;
        }
        match here_body.get(name.as_str()).map(|&j| &here.body[j].1) {
            None if !names_the_user(name) || here_password => {
                differences.push(Difference::BodyAbsent { name: name.clone() })
            }
            Some(h) if h != v => differences.push(Difference::BodyChanged { name: name.clone() }),
            _ => {}
        }
    }
    for (i, (name, _)) in here.body.iter().enumerate() {
        if here_body.get(name.as_str()) == Some(&i)
            && !there_body.contains_key(name.as_str())
            && (!names_the_user(name) || there_password)
        {
            differences.push(Difference::BodyAdded { name: name.clone() });
        }
    }
    if let (Some(a), Some(b)) = (here_cx.claims(), there_cx.claims()) {
        let claim = |d: &crate::jwt::Decoded, c: &str| match d.claims.get(c) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(n)) if c == "exp" => n
                .as_i64()
                .map_or_else(|| n.to_string(), |s| crate::time::format_iso8601(s * 1000)),
            Some(v) if !v.is_null() => v.to_string(),
            _ => String::new(),
        };
        for c in ["exp", "iss", "aud", "scope", "scp", "sub"] {
            let (h, t) = (claim(a, c), claim(b, c));
            if h != t {
                differences.push(Difference::ClaimChanged {
                    claim: c.to_owned(),
                    here: h,
                    there: t,
                });
            }
        }
    }
    if let (Some(h), Some(t)) = (page_origin(here_cx.entry), page_origin(there_cx.entry)) {
        if !h.eq_ignore_ascii_case(&t) {
            differences.push(Difference::OriginChanged { here: h, there: t });
        }
    }
    Comparison {
        reference: there_cx.index(),
        reference_status: there_cx.status().unwrap_or(0),
        ms_apart: here_cx
            .started_ms()
            .zip(there_cx.started_ms())
            .map(|(a, b)| a - b),
        differences,
        shares_path: false,
    }
}

#[cfg(test)]
mod tests {
    use super::{common_prefix, credential_header, path_of, Difference};

    #[test]
    fn credentials_sent_only_by_the_failure_are_differences_not_the_same() {
        // The same endpoint worked without credentials and failed with a cookie and a key. And
        // one with many cookies where the success had one.
        let text = r#"{"log":{"entries":[
            {"request":{"method":"GET","url":"https://a.test/api/me"},"response":{"status":200}},
            {"request":{"method":"GET","url":"https://a.test/api/me","headers":[
                {"name":"Cookie","value":"sid=s%3Aold"},{"name":"X-Api-Key","value":"k_4f9a8b7c6d5e4f3a"}]},
             "response":{"status":401}},
            {"request":{"method":"GET","url":"https://b.test/v1/a","headers":[
                {"name":"Cookie","value":"s=1"}]},"response":{"status":200}},
            {"request":{"method":"GET","url":"https://b.test/v1/b","headers":[
                {"name":"Cookie","value":"s=1; t.0=a; t.1=b; t.0=again; t.2=c; t.3=d; t.4=e"}]},
             "response":{"status":401}}
        ]}}"#;
        let read = crate::har::parse(text);
        let opts = crate::Options::default();
        let tokens = crate::rules::facts::TokenCache::default();
        let cxs: Vec<_> = (read.har.entries.iter())
            .map(|e| crate::rules::facts::EntryCx::new(e, &opts, false, &tokens))
            .collect();
        let got = super::compare_failures(&read.har, &cxs, None);
        assert_eq!(
            got[&1].differences,
            [
                Difference::HeaderAdded {
                    name: "X-Api-Key".into(),
                    here: super::Shape::of("k_4f9a8b7c6d5e4f3a"),
                },
                Difference::CookiesAdded {
                    names: vec!["sid".into()],
                    more: 0,
                },
            ]
        );
        // Each name once, the first three named.
        assert_eq!(
            got[&3].differences,
            [Difference::CookiesAdded {
                names: vec!["t.0".into(), "t.1".into(), "t.2".into()],
                more: 2,
            }]
        );
        let en = |d: &Difference| d.value().show(&opts);
        assert_eq!(
            en(&got[&1].differences[1]),
            "the cookie sid was sent here and not there"
        );
        assert_eq!(
            en(&got[&3].differences[0]),
            "the cookies t.0, t.1 and t.2 (and 2 more) were sent here and not there"
        );
    }

    /// A GraphQL request's operation, as tools write its body: text with or without blanks, the
    /// members as chrome-har lists them; nothing from a body that names none or another key.
    #[test]
    fn a_graphql_operation_is_read_from_the_body_as_written() {
        let post = |post: &str| {
            let text = format!(
                r#"{{"log":{{"entries":[{{"request":{{"method":"POST","url":"https://a.test/graphql","postData":{post}}},"response":{{"status":200}}}}]}}}}"#
            );
            let read = crate::har::parse(&text);
            super::graphql_operation(&read.har.entries[0]).map(str::to_owned)
        };
        let text = |body: &str| {
            post(&format!(
                r#"{{"mimeType":"application/json","text":{}}}"#,
                serde_json::to_string(body).unwrap()
            ))
        };
        assert_eq!(
            text(r#"{"operationName":"Orders","query":"query Orders { orders { id } }"}"#)
                .as_deref(),
            Some("Orders")
        );
        assert_eq!(
            text(r#"{ "query": "…", "operationName" : "Sign_In2" }"#).as_deref(),
            Some("Sign_In2")
        );
        assert_eq!(text(r#"{"query":"{ orders { id } }"}"#), None);
        assert_eq!(text(r#"{"operationName":null,"query":"{ a }"}"#), None);
        assert_eq!(text(r#"{"myoperationName":"x"}"#), None);
        assert_eq!(
            text(r#"{"variables":{"sort":"operationName"},"operationName":"Logs"}"#).as_deref(),
            Some("Logs")
        );
        assert_eq!(
            text("{\"operationName\":\n  \"Orders\"}").as_deref(),
            Some("Orders")
        );
        let get = |url: &str| {
            let text = format!(
                r#"{{"log":{{"entries":[{{"request":{{"method":"GET","url":"{url}"}},"response":{{"status":200}}}}]}}}}"#
            );
            let read = crate::har::parse(&text);
            super::graphql_operation(&read.har.entries[0]).map(str::to_owned)
        };
        assert_eq!(
            get("https://a.test/graphql?operationName=Orders&variables=%7B%7D").as_deref(),
            Some("Orders")
        );
        assert_eq!(get("https://a.test/graphql?query=%7Ba%7D"), None);
        assert_eq!(get("https://a.test/graphql?operationName=%22x%22"), None);
        assert_eq!(
            post(r#"{"mimeType":"application/json","params":[{"name":"operationName","value":"SignIn"},{"name":"variables","value":{}}]}"#).as_deref(),
            Some("SignIn")
        );
    }

    /// A body's credentials are named by their place in it, never by its text: a body that is no
    /// form and no JSON gives none, whatever it holds (a name is shown where a value never is).
    #[test]
    fn body_credentials_are_named_by_their_place_never_by_the_body_text() {
        // The body's type, the body, and the credentials found: (place, value).
        type Case = (
            &'static str,
            &'static str,
            &'static [(&'static str, &'static str)],
        );
        let cases: &[Case] = &[
            (
                "application/x-amz-json-1.1",
                r#"{"AuthFlow":"USER_PASSWORD_AUTH","AuthParameters":{"USERNAME":"a","PASSWORD":"hunter2"}}"#,
                &[
                    ("AuthParameters.USERNAME", "a"),
                    ("AuthParameters.PASSWORD", "hunter2"),
                ],
            ),
            // The user counts beside a password only.
            (
                "application/json",
                r#"{"email":"a@b.test","refresh_token":"r"}"#,
                &[("refresh_token", "r")],
            ),
            // A form's `user[…]` fields (Rails), and a password named otherwise.
            (
                "application/x-www-form-urlencoded",
                "user%5Bemail%5D=a%40b.test&user%5Bpassword%5D=x",
                &[("user[email]", "a@b.test"), ("user[password]", "x")],
            ),
            (
                "application/x-www-form-urlencoded",
                "login=a&userPassword=x",
                &[("login", "a"), ("userPassword", "x")],
            ),
            // A flag is no credential; a form's `true` is text as sent.
            (
                "application/json",
                r#"{"email":"a@b.test","password":"x","returnSecureToken":true}"#,
                &[("email", "a@b.test"), ("password", "x")],
            ),
            (
                "application/x-www-form-urlencoded",
                "email=a%40b.test&password=x&remember_token=true",
                &[
                    ("email", "a@b.test"),
                    ("password", "x"),
                    ("remember_token", "true"),
                ],
            ),
            // A Java EE form (`j_security_check`).
            (
                "application/x-www-form-urlencoded",
                "j_username=a&j_password=x",
                &[("j_username", "a"), ("j_password", "x")],
            ),
            (
                "application/json",
                r#"[{"query":"mutation L($input: I!) { login(input: $input) }","variables":{"input":{"password":"p1"}}}]"#,
                &[("variables.input.password", "p1")],
            ),
            (
                "application/json",
                "\n  {\"refresh_token\": \"r\"}",
                &[("refresh_token", "r")],
            ),
            (
                "application/json",
                r#"{"password":""}"#,
                &[("password", "")],
            ),
            (
                "application/json",
                r#"{"data":[{"id":1,"label":"a=b"}]}"#,
                &[],
            ),
            (
                "text/plain",
                r#"[{"query":"mutation{login(password:\"hunter2\")}","variables":{"a":"b=c"}}]"#,
                &[],
            ),
            ("application/xml", r#"<a password="x">b=c</a>"#, &[]),
            ("text/plain", "password=hunter2&token=abc", &[]),
            (
                "application/x-www-form-urlencoded",
                "grant_type=refresh_token&refresh_token=abc&x=1",
                &[("refresh_token", "abc")],
            ),
            (
                "application/x-www-form-urlencoded",
                "pass word=x&a%20token=y",
                &[],
            ),
        ];
        for (mime, body, want) in cases {
            let text = format!(
                r#"{{"log":{{"entries":[{{"request":{{"method":"POST","url":"https://a.test/","postData":{{"mimeType":"{mime}","text":{}}}}},"response":{{"status":200}}}}]}}}}"#,
                serde_json::to_string(body).unwrap()
            );
            let read = crate::har::parse(&text);
            let got = super::body_credentials(&read.har.entries[0]);
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect();
            assert_eq!(got, want, "{mime} {body}");
        }
        // chrome-har lists a JSON body's members as fields, `"returnSecureToken": true` as `true`:
        // a flag, no credential.
        let text = r#"{"log":{"entries":[{"request":{"method":"POST","url":"https://a.test/","postData":{"mimeType":"application/json","params":[{"name":"returnSecureToken","value":true},{"name":"email","value":"a@b.test"},{"name":"password","value":"x"}]}},"response":{"status":200}}]}}"#;
        let read = crate::har::parse(text);
        let got = super::body_credentials(&read.har.entries[0]);
        let want =
            [("email", "a@b.test"), ("password", "x")].map(|(n, v)| (n.to_owned(), v.to_owned()));
        assert_eq!(got, want);
    }

    /// A failure is compared with a success that tells of it: one that shares its first path
    /// segment, or another that took credentials; not a public file sent the same cookie, nor a request to
    /// another path that sent nothing.
    #[test]
    fn a_failure_is_compared_only_with_a_success_that_tells_of_it() {
        let entry = |url: &str, cookie: bool, kind: &str, status: u16| {
            let headers = if cookie {
                r#"[{"name":"Cookie","value":"sid=abc"}]"#
            } else {
                "[]"
            };
            format!(
                r#"{{"_resourceType":"{kind}","request":{{"method":"GET","url":"https://app.test{url}","headers":{headers}}},"response":{{"status":{status},"content":{{"mimeType":"application/json"}}}}}}"#
            )
        };
        let reference = |successes: &[String]| {
            let mut entries = successes.to_vec();
            entries.push(entry("/api/me", true, "fetch", 401));
            let text = format!(r#"{{"log":{{"entries":[{}]}}}}"#, entries.join(","));
            let read = crate::har::parse(&text);
            let opts = crate::Options::default();
            let tokens = crate::rules::facts::TokenCache::default();
            let cxs: Vec<_> = (read.har.entries.iter())
                .map(|e| crate::rules::facts::EntryCx::new(e, &opts, false, &tokens))
                .collect();
            let compared = super::compare_failures(&read.har, &cxs, None);
            compared.get(&successes.len()).map(|c| c.reference)
        };
        let script = entry("/static/app.js", true, "script", 200);
        let public = entry("/health", false, "fetch", 200);
        let signed_in = entry("/v2/orders", true, "fetch", 200);
        let same_endpoint = entry("/api/me", false, "fetch", 200);
        assert_eq!(reference(&[script.clone(), public.clone()]), None);
        assert_eq!(reference(&[signed_in, script.clone(), public]), Some(0));
        assert_eq!(reference(&[same_endpoint, script]), Some(0));
    }

    /// The successes are listed by origin and method as parsing each URL lists them, when
    /// requests go to more origins in turn than are taken again without parsing, some written
    /// as their origin is not (a default port, capitals, a user), with two methods.
    #[test]
    fn successes_are_listed_by_origin_and_method_whatever_the_order() {
        let origins = [
            "https://a.test",
            "https://b.test",
            "https://a.test:443",
            "HTTPS://C.TEST",
            "https://u@d.test",
            "http://a.test",
            "https://a.test:8443",
        ];
        let mut entries = Vec::new();
        for n in 0..70 {
            let origin = origins[(n * 3 + n / 7) % origins.len()];
            let method = if n % 5 == 0 { "POST" } else { "GET" };
            let status = if n % 9 == 0 { 401 } else { 200 };
            entries.push(format!(
                r#"{{"request":{{"method":"{method}","url":"{origin}/p/{n}?q=1"}},"response":{{"status":{status}}}}}"#
            ));
        }
        let text = format!(r#"{{"log":{{"entries":[{}]}}}}"#, entries.join(","));
        let read = crate::har::parse(&text);
        let opts = crate::Options::default();
        let tokens = crate::rules::facts::TokenCache::default();
        let cxs: Vec<_> = read
            .har
            .entries
            .iter()
            .map(|e| crate::rules::facts::EntryCx::new(e, &opts, false, &tokens))
            .collect();
        let mut successes = super::Successes::default();
        successes.extend(&cxs);
        let mut want: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
        for (p, cx) in cxs.iter().enumerate().filter(|(_, cx)| cx.accepted()) {
            let url = &cx.entry.request.url;
            let origin = crate::http::site::origin_borrowed(url).expect("an origin");
            want.entry(super::Successes::key(&origin, &cx.entry.request.method))
                .or_default()
                .push(p);
        }
        assert!(want.len() > super::RECENT + 2, "{want:?}");
        for (key, places) in &want {
            let list = successes.keys[key];
            let got: Vec<usize> = successes.lists[list].iter().map(|&(p, _, _)| p).collect();
            assert_eq!(&got, places, "{key}");
        }
        assert_eq!(successes.lists.len(), want.len());
    }

    #[test]
    fn a_path_is_what_follows_the_authority_up_to_the_query() {
        for (url, path) in [
            ("https://a.test/api/v1?x=1#f", "/api/v1"),
            ("https://a.test", "/"),
            ("https://a.test?q=https://b.test/x", "/"),
            ("https://a.test#https://b.test/x", "/"),
            ("https://a.test?r=/x", "/"),
            (" https://a.test/p", "/p"),
            ("x:a/b/c", "/b/c"),
            ("https://bücher.test/straße?q=é", "/straße"),
            ("é://a/p", "//a/p"),
            ("https://a.test/p?next=https://b.test/x", "/p"),
            ("http://user:pw@a.test:8080/p/q#frag", "/p/q"),
            ("HTTPS://A.TEST/P", "/P"),
            ("chrome-extension://abc/popup.html", "/popup.html"),
            ("mailto:x@a.test", "/"),
            ("/relative/path?x=1", "/relative/path"),
            ("/r?u=https://b.test/x", "/r"),
            ("https:/", "/"),
            ("", "/"),
            (":", "/"),
        ] {
            assert_eq!(path_of(url), path, "{url}");
        }
    }

    #[test]
    fn a_pseudo_header_is_never_a_credential_however_its_value_looks() {
        assert!(!credential_header(":path", "/api/v1/users/42/orders"));
        assert!(!credential_header(
            ":authority",
            "abc123.execute-api.eu-west-1.amazonaws.com"
        ));
        // The same values in a header of the application's own are compared as credentials.
        assert!(credential_header(
            "x-trace",
            "abc123.execute-api.eu-west-1.amazonaws.com"
        ));
    }

    /// The definition `common_prefix` stands for.
    fn by_segments(a: &str, b: &str) -> usize {
        a.split('/')
            .zip(b.split('/'))
            .take_while(|(x, y)| x == y)
            .count()
    }

    #[test]
    fn common_prefix_counts_shared_segments_as_splitting_would() {
        let paths = [
            "",
            "/",
            "//",
            "a",
            "/a",
            "/a/",
            "/a/b",
            "/a/bc",
            "/a/b/",
            "/ab/c",
            "/a/b/c",
            "/api/v1/users/1",
            "/api/v1/users/12",
            "/api/v1/user",
            "/api/v2/users/1",
            "api/v1",
            "/é/ü",
            "/é/u",
        ];
        for a in paths {
            for b in paths {
                assert_eq!(common_prefix(a, b), by_segments(a, b), "{a:?} and {b:?}");
            }
        }
    }
}
