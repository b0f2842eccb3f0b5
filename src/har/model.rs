//! The HAR data model, borrowed from the input text.
//!
//! Only the fields the rules read are modelled; everything else is skipped by the
//! JSON reader without being allocated. Strings borrow from the input when they
//! contain no escapes, and response bodies stay raw JSON text until a rule asks for
//! them (see [`Content::text`]), so a 100 MB capture of mostly bodies costs little
//! more memory than the file itself. A live session keeps its entries from one
//! analysis to the next, owning their strings instead ([`Entry::into_owned`]).

use std::borrow::Cow;

use crate::har::lenient::skip_visits;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::lenient::{self, Str};

/// One `log.entries[i]` element: a request and what came back.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry<'a> {
    /// Position in `log.entries`, the base of every evidence pointer.
    #[serde(skip)]
    pub index: usize,
    /// When the request started, as written (ISO 8601).
    #[serde(borrow, default, deserialize_with = "lenient::opt_str")]
    pub started_date_time: Option<Str<'a>>,
    /// Total elapsed time in milliseconds, when known.
    #[serde(default, deserialize_with = "lenient::num")]
    pub time: Option<f64>,
    /// The request as sent (or as far as the browser got).
    #[serde(borrow, default, deserialize_with = "lenient::object")]
    pub request: Request<'a>,
    /// The response; absent in some exports of failed requests.
    #[serde(borrow, default, deserialize_with = "opt_object")]
    pub response: Option<Response<'a>>,
    /// Page the entry belongs to.
    #[serde(borrow, default, deserialize_with = "lenient::opt_str")]
    pub pageref: Option<Str<'a>>,
    /// Chrome: `document`, `xhr`, `fetch`, `preflight`, `script`, …
    #[serde(
        borrow,
        default,
        rename = "_resourceType",
        deserialize_with = "lenient::opt_str"
    )]
    pub resource_type: Option<Str<'a>>,
    /// Chrome: who started the request.
    #[serde(
        borrow,
        default,
        rename = "_initiator",
        deserialize_with = "lenient::object"
    )]
    pub initiator: Initiator<'a>,
    /// Chrome: `memory` or `disk` when served from the browser cache.
    #[serde(
        borrow,
        default,
        rename = "_fromCache",
        deserialize_with = "lenient::opt_str"
    )]
    pub from_cache: Option<Str<'a>>,
    /// Playwright: the request is a service worker's own (`_serviceWorkerRef`, the worker's id).
    #[serde(default, rename = "_serviceWorkerRef", deserialize_with = "is_present")]
    pub service_worker_ref: bool,
    /// Whether the tool wrote a server address (`serverIPAddress`, not empty); see
    /// [`Entry::off_the_network`].
    #[serde(default, rename = "serverIPAddress", deserialize_with = "non_empty")]
    pub server_address: bool,
    /// Firefox's own `_securityState`, which it writes on the records of requests it made
    /// (not on a `data:` URL's).
    #[serde(default, rename = "_securityState", deserialize_with = "is_present")]
    pub security_state: bool,
    /// Whether the tool says its HTTP cache answered: `cache.afterRequest` (or
    /// `beforeRequest`) is there, as Firefox writes it (`null`) for such an answer.
    #[serde(default, rename = "cache", deserialize_with = "cache_answered")]
    pub from_http_cache: bool,
    /// Chrome's reason for blocking the request as a CORS violation (the DevTools
    /// protocol's `CorsErrorStatus`), written by why401's deep mode in the panel and by
    /// HAR builders that read `Network.loadingFailed`.
    #[serde(
        borrow,
        default,
        rename = "_corsError",
        deserialize_with = "opt_object"
    )]
    pub cors_error: Option<Box<CorsErrorStatus<'a>>>,
    /// Cookies Chrome held back from this request, with its reasons (deep mode:
    /// `Network.requestWillBeSentExtraInfo.associatedCookies[].blockedReasons`).
    #[serde(
        default,
        rename = "_blockedRequestCookies",
        deserialize_with = "rare_list"
    )]
    pub blocked_request_cookies: RareList<BlockedCookie>,
    /// `Set-Cookie` lines of the response Chrome refused to store, with its reasons
    /// (deep mode: `Network.responseReceivedExtraInfo.blockedCookies`).
    #[serde(
        default,
        rename = "_blockedResponseCookies",
        deserialize_with = "rare_list"
    )]
    pub blocked_response_cookies: RareList<BlockedCookie>,
}

/// A list that few entries have (what why401's deep mode adds), as a slice: 8 bytes where it
/// is absent, not a `Vec`'s 24 (every entry of a large capture is held at once).
#[derive(Debug, Default)]
#[allow(clippy::box_collection)] // the point: a thin pointer where the list is absent
pub struct RareList<T>(Option<Box<Vec<T>>>);

impl<T> std::ops::Deref for RareList<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl<T> From<Vec<T>> for RareList<T> {
    fn from(items: Vec<T>) -> Self {
        RareList((!items.is_empty()).then(|| Box::new(items)))
    }
}

fn rare_list<'de, D, T>(d: D) -> Result<RareList<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    lenient::list(d).map(RareList::from)
}

/// The DevTools protocol's `Network.CorsErrorStatus`: which CORS check failed.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CorsErrorStatus<'a> {
    /// `MissingAllowOriginHeader`, `PreflightInvalidStatus`, `HeaderDisallowedByPreflightResponse`, …
    #[serde(borrow, default, deserialize_with = "lenient::opt_str")]
    pub cors_error: Option<Str<'a>>,
    /// The header, method or value the check was about (may be empty).
    #[serde(borrow, default, deserialize_with = "lenient::opt_str")]
    pub failed_parameter: Option<Str<'a>>,
}

/// A cookie Chrome blocked, and why (`CookieBlockedReason` / `SetCookieBlockedReason`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlockedCookie {
    /// Cookie name.
    #[serde(default, deserialize_with = "owned_str")]
    pub name: String,
    /// For a refused `Set-Cookie`: the line as received (a secret: shown redacted).
    #[serde(default, deserialize_with = "owned_str")]
    pub cookie_line: String,
    /// Chrome's reasons, e.g. `SameSiteLax`, `ThirdPartyPhaseout`, `InvalidDomain`.
    #[serde(default, deserialize_with = "lenient::str_list")]
    pub blocked_reasons: Vec<String>,
}

/// Chrome's `_initiator` object.
#[derive(Debug, Default, Deserialize)]
pub struct Initiator<'a> {
    /// `parser`, `script`, `preflight`, `other`, …
    #[serde(
        borrow,
        default,
        rename = "type",
        deserialize_with = "lenient::opt_str"
    )]
    pub kind: Option<Str<'a>>,
    /// For a preflight, the URL of the request it was sent for.
    #[serde(borrow, default, deserialize_with = "lenient::opt_str")]
    pub url: Option<Str<'a>>,
}

/// `entry.request`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request<'a> {
    /// HTTP method as written.
    #[serde(borrow, default, deserialize_with = "lenient::str")]
    pub method: Str<'a>,
    /// Absolute URL.
    #[serde(borrow, default, deserialize_with = "lenient::str")]
    pub url: Str<'a>,
    /// `HTTP/1.1`, `h2`, `http/2.0`, …
    #[serde(borrow, default, deserialize_with = "lenient::str")]
    pub http_version: Str<'a>,
    /// The header lines rules read (see [`Headers`]).
    #[serde(borrow, default)]
    pub headers: Headers<'a>,
    /// Parsed query string.
    #[serde(borrow, default, deserialize_with = "lenient::list")]
    pub query_string: Vec<Header<'a>>,
    /// Cookies the exporter says were sent (their names and values only).
    #[serde(borrow, default, deserialize_with = "lenient::list")]
    pub cookies: Vec<SentCookie<'a>>,
    /// Request body, if any (boxed: most requests have none, and every entry of a
    /// large capture is held at once).
    #[serde(borrow, default, deserialize_with = "opt_object")]
    pub post_data: Option<Box<PostData<'a>>>,
}

/// `entry.response`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Response<'a> {
    /// Status code; `0` or `-1` when no response arrived.
    #[serde(default, deserialize_with = "lenient::num")]
    pub status: Option<f64>,
    /// Reason phrase.
    #[serde(borrow, default, deserialize_with = "lenient::str")]
    pub status_text: Str<'a>,
    /// The header lines rules read (see [`Headers`]).
    #[serde(borrow, default)]
    pub headers: Headers<'a>,
    /// Cookies the exporter says were set.
    #[serde(borrow, default, deserialize_with = "lenient::list")]
    pub cookies: Vec<Cookie<'a>>,
    /// The body.
    #[serde(borrow, default, deserialize_with = "lenient::object")]
    pub content: Content<'a>,
    /// Target of a redirect.
    #[serde(
        borrow,
        default,
        rename = "redirectURL",
        deserialize_with = "lenient::opt_str"
    )]
    pub redirect_url: Option<Str<'a>>,
    /// The network error of a request that got no answer: Chrome's `_error`
    /// (`net::ERR_FAILED` for a request blocked by CORS), Playwright's `_failureText`.
    #[serde(
        borrow,
        default,
        rename = "_error",
        alias = "_failureText",
        deserialize_with = "lenient::opt_str"
    )]
    pub error: Option<Str<'a>>,
    /// Chrome: the page's request went to its service worker, which gave this answer (see
    /// [`Entry::answered_by_service_worker`]).
    #[serde(
        default,
        rename = "_fetchedViaServiceWorker",
        deserialize_with = "opt_bool"
    )]
    pub fetched_via_service_worker: Option<bool>,
    /// chrome-har's word for the same.
    #[serde(default, rename = "fromServiceWorker", deserialize_with = "opt_bool")]
    pub from_service_worker: Option<bool>,
    /// Chrome: the service worker took this answer from its Cache Storage
    /// (`_serviceWorkerResponseSource: "cache-storage"`): no request went to the server.
    #[serde(
        default,
        rename = "_serviceWorkerResponseSource",
        deserialize_with = "is_cache_storage"
    )]
    pub from_worker_cache: bool,
    /// `_transferSize: 0` (Chrome, Playwright): nothing counted as transferred for this answer
    /// (an answer over no network; an HTTP/2 `204` too, with an address).
    #[serde(default, rename = "_transferSize", deserialize_with = "is_zero")]
    pub transferred_nothing: bool,
}

/// A `{name, value}` pair: a header or a query parameter.
#[derive(Debug, Default, Deserialize)]
pub struct Header<'a> {
    /// Position in its list in the file (for evidence pointers).
    #[serde(skip)]
    pub index: u32,
    /// Set by the reader on a kept header line whose name says it cannot hold a credential
    /// ([`crate::redact`] reads a value by its header's name): collecting a capture's
    /// credentials read every name again, and that read was a quarter of its time, nearly
    /// all of it waiting for the name's bytes. Clear says "ask the name": the default, so a
    /// line built otherwise is asked. (Beside a `u32` index, the line stays 40 bytes.)
    #[serde(skip)]
    pub(crate) plain: bool,
    /// Name as written (any case).
    #[serde(borrow, default, deserialize_with = "lenient::str")]
    pub name: Str<'a>,
    /// Value as written; may hold several values joined by line feeds.
    #[serde(borrow, default, deserialize_with = "lenient::str")]
    pub value: Str<'a>,
}

/// A cookie a request carried, as the exporter listed it: its name and value. Chrome fills in
/// a sent cookie's attributes from its jar (domain, path, expiry, flags); no rule reads them
/// (what was stored, and how, comes from the `Set-Cookie` lines), and kept for every cookie of
/// every request they tripled its size.
#[derive(Debug, Default, Deserialize)]
pub struct SentCookie<'a> {
    /// Cookie name.
    #[serde(borrow, default, deserialize_with = "lenient::str")]
    pub name: Str<'a>,
    /// Cookie value (a secret).
    #[serde(borrow, default, deserialize_with = "lenient::str")]
    pub value: Str<'a>,
}

/// A cookie a response set, as the exporter parsed it.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cookie<'a> {
    /// Cookie name.
    #[serde(borrow, default, deserialize_with = "lenient::str")]
    pub name: Str<'a>,
    /// Cookie value (a secret).
    #[serde(borrow, default, deserialize_with = "lenient::str")]
    pub value: Str<'a>,
    /// `Domain` attribute.
    #[serde(borrow, default, deserialize_with = "lenient::opt_str")]
    pub domain: Option<Str<'a>>,
    /// `Path` attribute.
    #[serde(borrow, default, deserialize_with = "lenient::opt_str")]
    pub path: Option<Str<'a>>,
    /// `Expires`, ISO 8601.
    #[serde(borrow, default, deserialize_with = "lenient::opt_str")]
    pub expires: Option<Str<'a>>,
    /// `HttpOnly`.
    #[serde(default, deserialize_with = "opt_bool")]
    pub http_only: Option<bool>,
    /// `Secure`.
    #[serde(default, deserialize_with = "opt_bool")]
    pub secure: Option<bool>,
    /// `SameSite` (Chrome writes it; HAR 1.2 does not define it).
    #[serde(borrow, default, deserialize_with = "lenient::opt_str")]
    pub same_site: Option<Str<'a>>,
}

/// `request.postData`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostData<'a> {
    /// Content type of the body.
    #[serde(borrow, default, deserialize_with = "lenient::str")]
    pub mime_type: Str<'a>,
    /// The body, still as raw JSON text; see [`PostData::text`]. Uploads can be
    /// large, and an escaped JSON body would be copied if read eagerly.
    #[serde(borrow, default, rename = "text", deserialize_with = "raw_json")]
    pub raw_text: Option<RawJson<'a>>,
    /// Form parameters, when the exporter parsed them.
    #[serde(borrow, default, deserialize_with = "lenient::list")]
    pub params: Vec<Header<'a>>,
}

impl<'a> PostData<'a> {
    /// The body text, unescaped on demand (`None` when absent or not a string).
    pub fn text(&self) -> Option<Cow<'_, str>> {
        super::read_json::<Cow<'_, str>>(self.raw_text.as_ref()?.get()).ok()
    }

    /// Whether the body's raw text contains `needle`, without unescaping it: a
    /// cheap pre-check for ASCII names such as `grant_type`.
    pub fn raw_contains(&self, needle: &str) -> bool {
        self.raw_text
            .as_ref()
            .is_some_and(|t| crate::text::contains(t.get(), needle))
    }
}

/// `response.content`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Content<'a> {
    /// Body size in bytes as reported.
    #[serde(default, deserialize_with = "lenient::num")]
    pub size: Option<f64>,
    /// Content type of the body.
    #[serde(borrow, default, deserialize_with = "lenient::str")]
    pub mime_type: Str<'a>,
    /// The body, still as raw JSON text; see [`Content::decoded_text`].
    #[serde(borrow, default, deserialize_with = "raw_json")]
    pub text: Option<RawJson<'a>>,
    /// `base64` when `text` is base64-encoded bytes.
    #[serde(borrow, default, deserialize_with = "lenient::opt_str")]
    pub encoding: Option<Str<'a>>,
}

/// Why a body could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyError {
    /// `content.text` is not a JSON string.
    NotAString,
    /// `encoding` is `base64` but the text is not valid base64.
    InvalidBase64,
}

impl BodyError {
    /// Human text for parse issues.
    pub fn as_str(&self) -> &'static str {
        match self {
            BodyError::NotAString => "content.text is not a string",
            BodyError::InvalidBase64 => "content.text is marked base64 but does not decode",
        }
    }
}

impl Content<'_> {
    /// Whether `text` is base64-encoded bytes (`encoding: "base64"`).
    pub fn is_base64(&self) -> bool {
        (self.encoding.as_deref()).is_some_and(|e| e.eq_ignore_ascii_case("base64"))
    }

    /// Decodes the body on demand: JSON unescaping, then base64 when marked so.
    /// Bytes that are not UTF-8 are replaced, since rules only look for text.
    /// `limit` caps how much of a huge body is returned.
    pub fn decoded_text(&self, limit: usize) -> Option<Result<Cow<'_, str>, BodyError>> {
        let raw = self.text.as_ref()?.get();
        if raw == "null" {
            return None;
        }
        let base64 = self.is_base64();
        // Unescape only the prefix that can matter: a 20 MB page must not be copied
        // to read its first kilobytes. Escapes take up to 6 raw bytes per character.
        let want = if base64 {
            limit.div_ceil(3) * 4 + 64
        } else {
            limit
        };
        let prefix = json_string_prefix(raw, want.saturating_mul(6));
        let parsed = match &prefix {
            Cow::Borrowed(r) => super::read_json::<Cow<'_, str>>(r),
            Cow::Owned(o) => super::read_json::<String>(o).map(Cow::Owned),
        };
        let Ok(text) = parsed else {
            return Some(Err(BodyError::NotAString));
        };
        if base64 {
            use base64::Engine;
            let mut compact: String = text
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .take(want)
                .collect();
            // Decode whole 4-character groups only.
            compact.truncate(compact.len() / 4 * 4);
            let bytes = match base64::engine::general_purpose::STANDARD.decode(&compact) {
                Ok(b) => b,
                Err(_) => return Some(Err(BodyError::InvalidBase64)),
            };
            let mut text = String::from_utf8_lossy(&bytes).into_owned();
            if text.len() > limit {
                let mut end = limit;
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.truncate(end);
            }
            return Some(Ok(Cow::Owned(text)));
        }
        Some(Ok(truncate_cow(text, limit)))
    }

    /// The raw JSON length of the body text, without decoding it.
    pub fn raw_len(&self) -> usize {
        self.text.as_ref().map_or(0, |t| t.get().len())
    }
}

/// The first `max` bytes of a JSON string literal, cut where no escape sequence is
/// open and closed again with a quote, so it still parses. Short literals and
/// values that are not strings come back unchanged.
fn json_string_prefix(raw: &str, max: usize) -> Cow<'_, str> {
    if raw.len() <= max || !raw.starts_with('"') {
        return Cow::Borrowed(raw);
    }
    let bytes = raw.as_bytes();
    let mut i = 1;
    let mut safe = 1;
    while i < max {
        match bytes[i] {
            b'\\' => {
                // `\uXXXX` is six bytes, every other escape two.
                i += if bytes.get(i + 1) == Some(&b'u') {
                    6
                } else {
                    2
                };
            }
            b'"' => return Cow::Borrowed(raw),
            _ => i += 1,
        }
        if i <= max && raw.is_char_boundary(i) {
            safe = i;
        }
    }
    let mut out = String::with_capacity(safe + 1);
    out.push_str(&raw[..safe]);
    out.push('"');
    Cow::Owned(out)
}

fn truncate_cow(text: Cow<'_, str>, limit: usize) -> Cow<'_, str> {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text {
        Cow::Borrowed(s) => Cow::Borrowed(&s[..end]),
        Cow::Owned(mut s) => {
            s.truncate(end);
            Cow::Owned(s)
        }
    }
}

fn opt_object<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    // `null` (or a wrong type) means "absent", which rules treat differently from an
    // empty object: an entry without a response never got one.
    struct V<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de> + Default> serde::de::Visitor<'de> for V<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Some)
        }
        skip_visits!(None; visit_unit, visit_none, visit_str, visit_i64, visit_u64, visit_f64, visit_bool);
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
            Ok(None)
        }
    }
    d.deserialize_any(V(std::marker::PhantomData))
}

/// Whether the member says `cache-storage`.
fn is_cache_storage<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(lenient::opt_str(d)?.is_some_and(|s| s.trim() == "cache-storage"))
}

/// Whether the member is there, whatever its value.
fn is_present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    serde::de::IgnoredAny::deserialize(d).map(|_| true)
}

/// Whether the member is a string with something in it (Chrome writes `""` for no address).
fn non_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(lenient::opt_str(d)?.is_some_and(|s| !s.trim().is_empty()))
}

/// Whether the member is the number 0.
fn is_zero<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(lenient::num(d)? == Some(0.0))
}

/// Whether `entry.cache` says the tool's cache answered: it has `afterRequest` or
/// `beforeRequest`, whatever their value (Chrome writes `{}` for every record).
fn cache_answered<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize, Default)]
    #[serde(rename_all = "camelCase")]
    struct Cache {
        #[serde(default, deserialize_with = "is_present")]
        before_request: bool,
        #[serde(default, deserialize_with = "is_present")]
        after_request: bool,
    }
    Ok(opt_object::<D, Cache>(d)?.is_some_and(|c| c.before_request || c.after_request))
}

fn opt_bool<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let v = lenient::opt_str(d)?;
    Ok(v.and_then(|s| match s.as_ref() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }))
}

/// Splits header lines, including values that an exporter joined with line feeds
/// (Firefox writes repeated `Set-Cookie` that way).
pub fn header_values<'h>(
    headers: &'h [Header<'_>],
    name: &'h str,
) -> impl Iterator<Item = (usize, &'h str)> + 'h {
    debug_assert!(
        is_kept_header(name),
        "rules may only read kept headers; add `{name}` to KEPT_HEADERS"
    );
    headers
        .iter()
        .filter(move |h| h.name.eq_ignore_ascii_case(name))
        .flat_map(|h| {
            h.value
                .split('\n')
                .map(move |v| (h.index as usize, v.trim_end_matches('\r')))
        })
}

/// The first value of a header, with its index.
pub fn header<'h>(headers: &'h [Header<'_>], name: &str) -> Option<(usize, &'h str)> {
    let h = headers.get(header_position(headers, name)?)?;
    Some((h.index as usize, h.value.as_ref()))
}

/// Where [`header`] finds `name` in `headers` (its place in the list, not its index in
/// the file): for a caller that remembers it.
pub fn header_position(headers: &[Header<'_>], name: &str) -> Option<usize> {
    debug_assert!(
        is_kept_header(name),
        "rules may only read kept headers; add `{name}` to KEPT_HEADERS"
    );
    headers
        .iter()
        .position(|h| h.name.eq_ignore_ascii_case(name))
}

/// Header names the rules read. Only these lines are kept in memory: a capture
/// of 100 MB has millions of header lines, and keeping all of them would cost
/// more than the file. Every other line is still counted and measured
/// ([`Headers::count`], [`Headers::bytes`]), and [`Har::request_headers`] (and
/// [`Har::response_headers`]) re-read the full list of one entry for reports. A rule that
/// reads a header not listed here fails a debug assertion, so tests catch it.
pub const KEPT_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "www-authenticate",
    "proxy-authenticate",
    "date",
    "age",
    "cache-control",
    "vary",
    "location",
    "accept",
    // CORS safelisting depends on these values (cors-blocked); a request's
    // Content-Type is `postData.mimeType`, so the header itself is not kept.
    "accept-language",
    "content-language",
    "range",
    "last-event-id",
    "origin",
    // The site a request came from, for SameSite cookies (cookie-not-sent).
    "referer",
    "sec-fetch-site",
    // `navigate` marks a top-level navigation, where Lax cookies are still sent.
    "sec-fetch-mode",
    // `document` for a top-level page, `iframe` for a frame: the top-level site that
    // partitions a `Partitioned` cookie (cookie-not-sent).
    "sec-fetch-dest",
    // The browser's word on a credentialed cross-site request's third-party cookie access
    // (cookie-not-sent).
    "sec-fetch-storage-access",
    // Sent by top-level navigations only: tells a document load from a fetch in
    // exports without `_resourceType` (Firefox).
    "upgrade-insecure-requests",
    "x-requested-with",
    "retry-after",
    // and the cache HIT headers of `knowledge::CACHE_HIT_HEADERS` (cached-401).
    "x-amz-date",
    "x-oauth-scopes",
    "x-accepted-oauth-scopes",
    // The operation of an AWS JSON protocol call (Cognito's `InitiateAuth`, `GetUser`), whose
    // URL is `/` for every one: a failure is compared with a success of the same operation.
    "x-amz-target",
];

/// Whether rules may read a header (see [`KEPT_HEADERS`]); credential-carrying
/// headers, CORS and rate-limit headers are always kept. HTTP/2 pseudo-headers
/// (`:authority`, `:path`) are not: they repeat the request's method and URL, no rule
/// reads them, and they were a third of the lines kept of a Chrome export.
pub fn is_kept_header(name: &str) -> bool {
    header_class(name) & KEPT != 0
}

/// [`header_class`]: the line is kept ([`is_kept_header`]).
const KEPT: u8 = 1;
/// [`header_class`]: the line cannot hold a credential by its name ([`Header::plain`]).
const PLAIN: u8 = 2;

/// What the reader asks of each header line's name, in one look-up ([`KEPT`], [`PLAIN`]).
fn header_class(name: &str) -> u8 {
    thread_local! {
        static CLASS: crate::memo::NameMemo<u8> = Default::default();
    }
    crate::memo::remembered(&CLASS, name, |name| {
        let kept = if decide_kept_header(name) { KEPT } else { 0 };
        let plain = if crate::redact::is_plain_header(name) {
            PLAIN
        } else {
            0
        };
        kept | plain
    })
}

fn decide_kept_header(name: &str) -> bool {
    // Called for every header line of a capture: lowercase on the stack.
    let mut buf = [0u8; 64];
    let lower: Cow<'_, str> = if name.len() <= buf.len() && name.is_ascii() {
        for (b, c) in buf.iter_mut().zip(name.bytes()) {
            *b = c.to_ascii_lowercase();
        }
        // ASCII in, ASCII out.
        Cow::Borrowed(std::str::from_utf8(&buf[..name.len()]).unwrap_or(""))
    } else {
        Cow::Owned(name.to_ascii_lowercase())
    };
    let lower = lower.as_ref();
    KEPT_HEADERS.contains(&lower)
        || crate::knowledge::CACHE_HIT_HEADERS.contains(&lower)
        || lower.starts_with("access-control-")
        || lower.starts_with("ratelimit")
        || lower.starts_with("x-ratelimit")
        || lower.starts_with("x-rate-limit")
        || crate::redact::is_sensitive_header(lower)
        || crate::knowledge::is_api_key_name(lower)
}

/// The header lines of a request or response that rules read, each with its
/// position in the file, plus the count and size of all lines.
#[derive(Debug, Default)]
pub struct Headers<'a> {
    /// Kept lines ([`is_kept_header`]) in file order; [`Header::index`] is the
    /// position in the file's list.
    pub kept: Vec<Header<'a>>,
    /// How many header lines the file lists.
    pub count: u32,
    /// Bytes of every line as sent (`name: value` plus CRLF).
    pub bytes: u32,
    /// The longest line: its index, value length and name.
    pub largest: Option<(u32, u32, Str<'a>)>,
}

/// The kept lines a list of headers holds on the stack while it is read: a browser's request
/// keeps about ten. Its list is then made once, to size (grown from room for sixteen and cut
/// to size after, its two allocations were 4% of the page's analysis in a profile, and made
/// it 6% slower).
const KEPT_LINES: usize = 16;

impl<'a> Headers<'a> {
    /// The kept lines that may hold a credential by their name: all of them, but those the
    /// reader found cannot ([`Header::plain`]).
    pub(crate) fn may_hold_credentials(&self) -> impl Iterator<Item = &Header<'a>> {
        self.kept.iter().filter(|h| !h.plain)
    }
}

impl<'a> std::ops::Deref for Headers<'a> {
    type Target = [Header<'a>];
    fn deref(&self) -> &[Header<'a>] {
        &self.kept
    }
}

impl<'h, 'a> IntoIterator for &'h Headers<'a> {
    type Item = &'h Header<'a>;
    type IntoIter = std::slice::Iter<'h, Header<'a>>;
    fn into_iter(self) -> Self::IntoIter {
        self.kept.iter()
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Headers<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // One pass: every line is counted and measured, only kept lines stay.
        // Reports that quote every line re-read them ([`Har::request_headers`]).
        return d.deserialize_any(V(std::marker::PhantomData));

        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = Headers<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of headers")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Headers<'a>, A::Error> {
                let mut out = Headers::default();
                // The first kept lines, then any beyond them.
                let mut first: [Header<'a>; KEPT_LINES] = Default::default();
                let (mut held, mut more) = (0, Vec::new());
                while let Some(item) = seq.next_element::<lenient::Lenient<Header<'a>>>()? {
                    let mut h = item.0;
                    h.index = out.count;
                    out.count = out.count.saturating_add(1);
                    let len = u32::try_from(h.value.len()).unwrap_or(u32::MAX);
                    let line = h.name.len().saturating_add(h.value.len()).saturating_add(4);
                    out.bytes = out
                        .bytes
                        .saturating_add(u32::try_from(line).unwrap_or(u32::MAX));
                    if out.largest.as_ref().is_none_or(|(_, l, _)| len > *l) {
                        out.largest = Some((out.count - 1, len, h.name.clone()));
                    }
                    let class = header_class(&h.name);
                    if class & KEPT != 0 {
                        h.plain = class & PLAIN != 0;
                        match first.get_mut(held) {
                            Some(slot) => {
                                *slot = h;
                                held += 1;
                            }
                            None => more.push(h),
                        }
                    }
                }
                let mut kept = Vec::with_capacity(held + more.len());
                kept.extend(first.iter_mut().take(held).map(std::mem::take));
                kept.append(&mut more);
                out.kept = kept;
                Ok(out)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Headers<'a>, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Headers::default())
            }
            skip_visits!(Headers::default(); visit_unit, visit_str, visit_i64, visit_u64, visit_f64, visit_bool);
        }
    }
}

impl<'a> Entry<'a> {
    /// The response status, when a response arrived (`0`/`-1` mean none did).
    pub fn status(&self) -> Option<u16> {
        let s = self.response.as_ref()?.status?;
        (1.0..=999.0).contains(&s).then_some(s as u16)
    }

    /// The status as written, `0` or `-1` included (Playwright writes `-1` where Chromium's
    /// panel writes `0`).
    pub fn raw_status(&self) -> Option<f64> {
        self.response.as_ref()?.status
    }

    /// Whether this record's answer came over no network, by its shape where the tool marks no
    /// service worker: an answer (a status, not a WebSocket's 101) to an http(s) request, with
    /// no server address. Firefox writes that for a call the page's service worker answered (and
    /// `cache.afterRequest` where its own HTTP cache answered: not counted); Playwright, with
    /// `_transferSize: 0` (the lab's https-sw-* recordings; its records of a cross-site frame's
    /// requests have no address either, and `_transferSize: -1`). `playwright`: the capture is
    /// Playwright's. Tools that write no address at all (Fiddler, Firebug) mark nothing here.
    pub fn off_the_network(&self, playwright: bool) -> bool {
        let answered = self.raw_status().is_some_and(|s| s >= 100.0 && s != 101.0);
        let url = self.request.url.trim_start().as_bytes();
        let http = [&b"http://"[..], b"https://"].iter().any(|p| {
            url.get(..p.len())
                .is_some_and(|u| u.eq_ignore_ascii_case(p))
        });
        let shape = if playwright {
            self.response
                .as_ref()
                .is_some_and(|r| r.transferred_nothing)
        } else {
            self.security_state && !self.from_http_cache
        };
        answered && http && !self.server_address && shape
    }

    /// `_resourceType`, whatever the producer's casing (`fetch`, `Fetch`, `XHR`).
    pub fn resource_type_is(&self, kind: &str) -> bool {
        self.resource_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case(kind))
    }

    /// Chrome's reason for blocking the request as a CORS violation (`_corsError`), and the
    /// header, method or value it was about (may be empty).
    pub fn chrome_cors_error(&self) -> Option<(&str, &str)> {
        let status = self.cors_error.as_deref()?;
        let code = status.cors_error.as_deref()?;
        Some((code, status.failed_parameter.as_deref().unwrap_or("")))
    }

    /// Whether the browser says the page's service worker gave this answer (Chrome's
    /// `response._fetchedViaServiceWorker`, chrome-har's `response.fromServiceWorker`). The record's
    /// request is then the page's, as it reached the worker, not what the worker sent to the
    /// server: a worker that adds the token leaves no `Authorization` here (the lab's
    /// https-sw-attaches-token). The worker's own request is an entry of its own, where the tool
    /// recorded it.
    pub fn answered_by_service_worker(&self) -> bool {
        self.response.as_ref().is_some_and(|r| {
            r.fetched_via_service_worker == Some(true) || r.from_service_worker == Some(true)
        })
    }

    /// Whether this entry is a CORS preflight.
    pub fn is_preflight(&self) -> bool {
        self.resource_type_is("preflight")
            || self
                .initiator
                .kind
                .as_deref()
                .is_some_and(|k| k.eq_ignore_ascii_case("preflight"))
    }

    /// Whether a script issued this request (fetch/XHR), as opposed to a navigation.
    pub fn is_script_request(&self) -> Option<bool> {
        self.resource_type.as_ref()?;
        Some(self.resource_type_is("fetch") || self.resource_type_is("xhr"))
    }

    /// Whether the record shows the request carried cookies: a `Cookie` line or the
    /// exporter's `request.cookies`.
    pub fn sends_cookies(&self) -> bool {
        self.request_header("cookie").is_some() || !self.request.cookies.is_empty()
    }

    /// A request header by name.
    pub fn request_header(&self, name: &str) -> Option<(usize, &str)> {
        header(&self.request.headers, name)
    }

    /// A response header by name.
    pub fn response_header(&self, name: &str) -> Option<(usize, &str)> {
        header(&self.response.as_ref()?.headers, name)
    }

    /// Every value of a response header (split on line feeds).
    pub fn response_header_values<'h>(
        &'h self,
        name: &'h str,
    ) -> impl Iterator<Item = (usize, &'h str)> + 'h {
        self.response
            .iter()
            .flat_map(move |r| header_values(&r.headers, name))
    }

    /// Every value of a request header (split on line feeds).
    pub fn request_header_values<'h>(
        &'h self,
        name: &'h str,
    ) -> impl Iterator<Item = (usize, &'h str)> + 'h {
        header_values(&self.request.headers, name)
    }
}

/// `log.creator` / `log.browser`.
#[derive(Debug, Default, Clone, Deserialize, serde::Serialize)]
pub struct Creator {
    /// Tool name (`WebInspector`, `Firefox`, `Charles Proxy`, `mitmproxy`, …).
    #[serde(default, deserialize_with = "owned_str")]
    pub name: String,
    /// Tool version.
    #[serde(default, deserialize_with = "owned_str")]
    pub version: String,
}

fn owned_str<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(lenient::opt_str(d)?
        .map(|s| s.into_owned())
        .unwrap_or_default())
}

/// A HAR file as far as it could be read.
#[derive(Debug, Default)]
pub struct Har<'a> {
    /// `log.version`.
    pub version: Option<String>,
    /// `log.creator`.
    pub creator: Option<Creator>,
    /// `log.browser`.
    pub browser: Option<Creator>,
    /// Readable entries, each carrying its original index. Boxed so the list
    /// grows by moving pointers, not whole entries, on a 100 MB capture.
    pub entries: Vec<Box<Entry<'a>>>,
    /// How many elements `log.entries` had, readable or not.
    pub entries_seen: usize,
    /// Whether a `log` object (or a bare log) was found at all.
    pub log_found: bool,
    /// The text the capture was read from (for [`Har::request_headers`]).
    pub source: &'a str,
    /// The raw JSON text of every element of `log.entries` read, by index.
    pub(crate) raw_entries: Vec<&'a str>,
    /// Shared by the threads that put a report into words (a `OnceLock`, not a `OnceCell`).
    known_secrets: std::sync::OnceLock<std::sync::Arc<crate::redact::KnownSecrets>>,
}

/// The item of `items` for the entry at `index` of `log.entries`, where `index_of` gives each
/// item's entry index and the items are in file order, as the reader and the engine keep
/// them: a binary search, not a scan for each question.
pub fn by_index<T>(items: &[T], index: usize, index_of: impl Fn(&T) -> usize) -> Option<&T> {
    let at = items.partition_point(|t| index_of(t) < index);
    items.get(at).filter(|t| index_of(t) == index)
}

impl<'a> Har<'a> {
    /// Its entries, each owning its strings ([`Entry::into_owned`]): what a live session keeps
    /// after an analysis, for the next one. Boxed as [`Har::entries`] holds them.
    pub fn into_owned_entries(self) -> Vec<Box<Entry<'static>>> {
        self.entries
            .into_iter()
            .map(|e| Box::new(e.into_owned()))
            .collect()
    }

    /// The entry at `index` of `log.entries` (a renderer asks for each failure).
    pub fn entry(&self, index: usize) -> Option<&Entry<'a>> {
        by_index(&self.entries, index, |e| e.index).map(|e| &**e)
    }

    /// The capture's credentials, to scrub from server text
    /// ([`crate::redact::KnownSecrets`]). Collected once, on first use, and shared by
    /// the analysis and every renderer of the same capture.
    pub fn known_secrets(&self) -> std::sync::Arc<crate::redact::KnownSecrets> {
        self.known_secrets
            .get_or_init(|| std::sync::Arc::new(crate::redact::KnownSecrets::of(self)))
            .clone()
    }

    /// Whether the capture's credentials are collected already ([`Har::known_secrets`]).
    pub fn secrets_known(&self) -> bool {
        self.known_secrets.get().is_some()
    }

    /// The capture's credentials, collected elsewhere (on another thread, while the rules
    /// ran); kept unless they were collected already.
    pub fn set_known_secrets(&self, secrets: crate::redact::KnownSecrets) {
        let _ = self.known_secrets.set(std::sync::Arc::new(secrets));
    }

    /// Whether the header lines the file lists for `entry`, request and response, are every
    /// line that went over the wire, where the file can tell. Chrome writes each side's
    /// `headersSize` as the length of its raw header text (the request or status line, then
    /// every `name: value` line and its CRLF; an answer's ends with one more CRLF), and writes
    /// it before its sanitized export deletes the `Cookie`, `Authorization` and `Set-Cookie`
    /// lines (devtools-frontend, `models/har/Log.ts`). The same length on both sides says no
    /// line was taken out (`Some(true)`, as on all 306 HTTP/1.1 requests and answers of the
    /// lab's recorded Chrome captures but two WebSocket handshakes, whose `Cookie` line Chrome
    /// does not list); a larger one on either side, that lines are missing (`Some(false)`:
    /// taken out, or not listed, or sent to a proxy in absolute form). `None` where the file
    /// does not say (`-1`: HTTP/2 and HTTP/3, headers Chrome only guessed), or the lengths do
    /// not add up (another exporter's count; text beyond ASCII, which Chrome counts in UTF-16).
    pub fn headers_complete(&self, entry: &Entry<'a>) -> Option<bool> {
        #[derive(Deserialize)]
        struct Sized<'s> {
            #[serde(default, rename = "headersSize")]
            size: Option<i64>,
            #[serde(borrow, default, rename = "httpVersion")]
            version: Option<Cow<'s, str>>,
        }
        let raw = self.raw_entries.get(entry.index)?;
        // What the file says of one side against what its lines make: `first_line` is the
        // length of the request or status line for the side's HTTP version, `end` what follows
        // the lines.
        let side = |name: &str, first_line: &dyn Fn(usize) -> usize, lines: u32, end: usize| {
            let sized = super::quick::member::<Sized<'_>>(raw, name).ok()??;
            let size = u64::try_from(sized.size?).ok().filter(|&s| s > 0)?;
            let version = sized.version.as_deref().map_or(0, str::len);
            let listed = u64::try_from(first_line(version) + end).ok()? + u64::from(lines);
            match size.cmp(&listed) {
                std::cmp::Ordering::Equal => Some(true),
                std::cmp::Ordering::Greater => Some(false),
                std::cmp::Ordering::Less => None,
            }
        };
        let r = &entry.request;
        // `GET /path?query HTTP/1.1` and its CRLF.
        let target = crate::http::site::request_target(r.url.trim()).len();
        let request_line = |version: usize| r.method.len() + 1 + target + 1 + version + 2;
        let request = side("request", &request_line, r.headers.bytes, 0);
        let response = match &entry.response {
            // `HTTP/1.1 401 Unauthorized` and its CRLF, then the lines and a blank line.
            Some(res) => {
                let digits = entry.status().map_or(0, |s| s.ilog10() as usize + 1);
                let status_line =
                    |version: usize| version + 1 + digits + 1 + res.status_text.len() + 2;
                side("response", &status_line, res.headers.bytes, 2)
            }
            None => Some(true),
        };
        match (request, response) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        }
    }

    /// Which member holds an entry's network error ([`Response::error`]) in the file: Chrome's
    /// `_error`, or Playwright's `_failureText` where the entry's answer has that and not the
    /// other. A pointer names the member as the file writes it.
    pub fn error_member(&self, entry: &Entry<'a>) -> &'static str {
        #[derive(Deserialize)]
        struct Members {
            #[serde(default, rename = "_error")]
            error: Option<serde::de::IgnoredAny>,
            #[serde(default, rename = "_failureText")]
            failure_text: Option<serde::de::IgnoredAny>,
        }
        let members = (self.raw_entries.get(entry.index)).and_then(|raw| {
            super::quick::member::<Members>(raw, "response")
                .ok()
                .flatten()
        });
        match members {
            Some(m) if m.error.is_none() && m.failure_text.is_some() => "_failureText",
            _ => "_error",
        }
    }

    /// Every request header line of an entry, as the file lists them (the
    /// model keeps only [`KEPT_HEADERS`]). For Markdown, `curl` and detail views.
    pub fn request_headers(&self, entry: &Entry<'a>) -> Vec<Header<'a>> {
        self.all_headers(entry, false)
    }

    /// Every response header line of an entry, as the file lists them.
    pub fn response_headers(&self, entry: &Entry<'a>) -> Vec<Header<'a>> {
        self.all_headers(entry, true)
    }

    fn all_headers(&self, entry: &Entry<'a>, response: bool) -> Vec<Header<'a>> {
        #[derive(Deserialize, Default)]
        struct Side<'a> {
            #[serde(borrow, default, deserialize_with = "lenient::list")]
            headers: Vec<Header<'a>>,
        }
        // One side only: the other is skipped, not built.
        #[derive(Deserialize)]
        struct RequestSide<'a> {
            #[serde(borrow, default, deserialize_with = "lenient::object")]
            request: Side<'a>,
        }
        #[derive(Deserialize)]
        struct ResponseSide<'a> {
            #[serde(borrow, default, deserialize_with = "lenient::object")]
            response: Side<'a>,
        }
        let kept = || {
            let hs = if response {
                entry.response.as_ref().map(|r| &r.headers.kept)
            } else {
                Some(&entry.request.headers.kept)
            };
            hs.map(|hs| {
                hs.iter()
                    .map(|h| Header {
                        index: h.index,
                        plain: h.plain,
                        name: h.name.clone(),
                        value: h.value.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default()
        };
        let Some(raw) = self.raw_entries.get(entry.index) else {
            return kept();
        };
        // The side alone, where the quick reader finds it: the rest of the entry (an answer's
        // body, after the request) is not gone over. The first member of the name is the one
        // the model read: the reader's repair renames a later one in the text itself
        // (`duplicate-key`), and the raw texts are of the repaired text.
        // Where the quick reader gives up on it, it would on the whole entry too: serde_json
        // reads that.
        let name = if response { "response" } else { "request" };
        // Read as the entry's field is (`lenient::object`): `null` or anything but an object
        // is no side.
        let side = match super::quick::member::<Option<lenient::Lenient<Side<'a>>>>(raw, name) {
            Ok(side) => Ok(side.flatten().map(|side| side.0).unwrap_or_default()),
            Err(_) if response => serde_json::from_str::<ResponseSide<'a>>(raw).map(|s| s.response),
            Err(_) => serde_json::from_str::<RequestSide<'a>>(raw).map(|s| s.request),
        };
        let Ok(Side { headers: mut all }) = side else {
            return kept();
        };
        for (i, h) in all.iter_mut().enumerate() {
            h.index = u32::try_from(i).unwrap_or(u32::MAX);
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The records of the lab's https-sw-* recordings that came over no network, and what
    /// sets them apart from those that did, or from tools that write no address at all.
    #[test]
    fn an_answer_over_no_network_is_known_by_the_tools_shape() {
        let firefox = r#"{"_securityState":"secure","cache":{},"request":{"method":"GET","url":"https://api.test/v1/orders"},"response":{"status":401}}"#;
        let playwright = r#"{"request":{"method":"GET","url":"https://api.test/v1/orders"},"response":{"status":401,"_transferSize":0}}"#;
        fn read(t: &str) -> Entry<'_> {
            serde_json::from_str(t).unwrap()
        }
        assert!(read(firefox).off_the_network(false));
        assert!(read(playwright).off_the_network(true));
        let with = |t: &str, from: &str, to: &str| {
            assert!(t.contains(from), "{from}");
            t.replacen(from, to, 1)
        };
        let not = [
            // An address: the network brought it (Chrome writes "" for none).
            (
                with(firefox, r#"{"_s"#, r#"{"serverIPAddress":"127.0.0.1","_s"#),
                false,
            ),
            (
                with(playwright, r#"{"r"#, r#"{"serverIPAddress":"::1","r"#),
                true,
            ),
            // Firefox's own HTTP cache answered (the corpus's Firefox 47 capture).
            (with(firefox, "{}", r#"{"afterRequest":null}"#), false),
            // Playwright's record of a cross-site frame's request: no address, `-1`.
            (with(playwright, ":0", ":-1"), true),
            // Not Firefox's record (Fiddler and Firebug write no address for any request).
            (with(firefox, r#""_securityState":"secure","#, ""), false),
            // Playwright's shape in another tool's capture.
            (playwright.to_owned(), false),
            // No answer, a WebSocket's handshake, a `data:` URL.
            (with(firefox, "401", "0"), false),
            (with(firefox, "401", "101"), false),
            (with(firefox, "https://api.test/v1/orders", "data:,"), false),
        ];
        for (text, playwright) in not {
            assert!(!read(&text).off_the_network(playwright), "{text}");
        }
        assert!(read(&with(firefox, r#""secure""#, r#""insecure""#)).off_the_network(false));
    }

    /// Chrome's `headersSize` against the listed lines: on a capture recorded from Chrome
    /// (the lab's), every request's and answer's lines are all there; once its `Cookie` and
    /// `Set-Cookie` lines are taken out as Chrome's sanitized export takes them, those entries
    /// say so, and only those.
    #[test]
    fn chromes_header_size_tells_whether_lines_were_taken_out() {
        let recorded = include_str!(
            "../../tests/fixtures/har-sanitized/neg-chrome-every-line-there/input.har"
        );
        let read = crate::har::parse(recorded);
        let complete: Vec<_> = (read.har.entries.iter())
            .map(|e| read.har.headers_complete(e))
            .collect();
        assert_eq!(complete, vec![Some(true); 5]);
        let sanitized =
            include_str!("../../tests/fixtures/har-sanitized/pos-chrome-lines-taken-out/input.har");
        let read = crate::har::parse(sanitized);
        let complete: Vec<_> = (read.har.entries.iter())
            .map(|e| read.har.headers_complete(e))
            .collect();
        // Entry 3's answer set the session's cookie (`/session/login`), and entries 4 and 5
        // sent it (`/api/me?attempt=1` and `=2`).
        let lines_gone = [false, false, false, true, true, true];
        assert_eq!(complete, lines_gone.map(|gone| Some(!gone)).to_vec());
        // A size Chrome did not count (HTTP/2), or one smaller than the lines, says nothing:
        // entry 0's request (451) and its answer (232).
        for (size, want) in [("-1", None), ("10", None), ("1000000", Some(false))] {
            for counted in ["451", "232"] {
                let text = recorded.replacen(
                    &format!("\"headersSize\": {counted}"),
                    &format!("\"headersSize\": {size}"),
                    1,
                );
                assert_ne!(text, recorded);
                let read = crate::har::parse(&text);
                let got = read.har.headers_complete(&read.har.entries[0]);
                assert_eq!(got, want, "{counted} as {size}");
            }
        }
    }

    /// An entry is found by its index in `log.entries`, past one that could not be read.
    #[test]
    fn an_entry_is_found_by_its_index() {
        let e = |url: &str| {
            format!(
                r#"{{"startedDateTime":"2024-05-01T10:00:00Z","request":{{"method":"GET","url":"{url}"}},"response":{{"status":401}}}}"#
            )
        };
        let text = format!(
            r#"{{"log":{{"entries":[{},1,{},{}]}}}}"#,
            e("https://a.test/0"),
            e("https://a.test/2"),
            e("https://a.test/3")
        );
        let read = crate::har::parse(&text);
        let har = &read.har;
        assert_eq!(har.entries.len(), 3);
        for i in [0, 2, 3] {
            assert_eq!(
                har.entry(i).map(|e| e.request.url.to_string()),
                Some(format!("https://a.test/{i}"))
            );
        }
        assert!(har.entry(1).is_none() && har.entry(4).is_none());
    }

    /// Every header line of either side, as the file lists them, wherever the side is in its
    /// entry and however its key is written: the lines serde_json reads there, each at its place
    /// (a line that is not an object reads as an empty one, a side that is not an object as
    /// none).
    #[test]
    fn every_header_line_is_read_again_from_the_file() {
        let lines = r#"[{"name": "Accept", "value": "*/*"}, "odd", {"name": "X-Token", "value": "t\u0041"}]"#;
        let body = r#"{"mimeType": "application/json", "text": "{\"headers\": [1]}"}"#;
        let entries = [
            format!(
                r#"{{"request": {{"url": "https://a.test/", "headers": {lines}}}, "response": {{"status": 401, "headers": {lines}, "content": {body}}}}}"#
            ),
            format!(
                r#"{{"response": {{"content": {body}, "headers": {lines}, "status": 401}}, "_initiator": {{"request": {{}}}}, "request": {{"headers": {lines}, "url": "https://a.test/"}}}}"#
            ),
            format!(
                r#"{{"requ\u0065st": {{"url": "https://a.test/", "headers": {lines}}}, "r\u0065sponse": {{"status": 401, "headers": {lines}}}}}"#
            ),
            r#"{"request": {"url": "https://a.test/"}, "response": {"status": 401, "headers": 5}}"#
                .to_owned(),
            r#"{"request": null, "response": {"status": 401, "headers": [{"name": "A", "value": 1}]}}"#
                .to_owned(),
            format!(r#"{{"request": {{"url": "https://a.test/", "headers": {lines}}}, "response": "none"}}"#),
        ];
        let text = format!(r#"{{"log": {{"entries": [{}]}}}}"#, entries.join(","));
        let read = crate::har::parse(&text);
        let har = &read.har;
        let file: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(har.entries.len(), entries.len());
        for e in &har.entries {
            let got = |hs: Vec<Header<'_>>| {
                hs.iter()
                    .map(|h| (h.index, h.name.to_string(), h.value.to_string()))
                    .collect::<Vec<_>>()
            };
            let want = |side: &str| {
                let raw = &file["log"]["entries"][e.index][side]["headers"];
                raw.as_array()
                    .map(|hs| {
                        hs.iter()
                            .enumerate()
                            .map(|(i, h)| {
                                // A number is read as it is written.
                                let s = |k: &str| match &h[k] {
                                    serde_json::Value::String(s) => s.clone(),
                                    serde_json::Value::Number(n) => n.to_string(),
                                    _ => String::new(),
                                };
                                (u32::try_from(i).unwrap(), s("name"), s("value"))
                            })
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            };
            assert_eq!(
                got(har.request_headers(e)),
                want("request"),
                "entry {}",
                e.index
            );
            assert_eq!(
                got(har.response_headers(e)),
                want("response"),
                "entry {}",
                e.index
            );
        }
        assert_eq!(har.request_headers(&har.entries[0])[2].value, "tA");
        assert!(har.request_headers(&har.entries[3]).is_empty());
    }

    /// A list keeps its kept lines in file order, each with its place in the file, however
    /// many there are (on the stack up to [`KEPT_LINES`], then beyond), in a list made to size.
    #[test]
    fn kept_lines_stay_in_order_in_a_list_made_to_size() {
        assert!(is_kept_header("Authorization") && !is_kept_header("Sec-Ch-Ua"));
        for kept in [
            0,
            1,
            KEPT_LINES - 1,
            KEPT_LINES,
            KEPT_LINES + 1,
            3 * KEPT_LINES,
        ] {
            // Each kept line between two that are not.
            let mut lines = vec![r#"{"name": "Sec-Ch-Ua", "value": "?0"}"#.to_owned()];
            for i in 0..kept {
                lines.push(format!(
                    r#"{{"name": "Authorization", "value": "Bearer t{i}"}}"#
                ));
                lines.push(r#"{"name": "Sec-Ch-Ua", "value": "\"Chromium\";v=\"130\", \"Not?A_Brand\";v=\"99\""}"#.to_owned());
            }
            let text = format!("[{}]", lines.join(","));
            for read in [
                crate::har::quick::from_str::<Headers<'_>>(&text),
                serde_json::from_str::<Headers<'_>>(&text).ok(),
            ] {
                let headers = read.expect("a list of headers");
                assert_eq!(headers.count as usize, 1 + 2 * kept);
                let got: Vec<_> = headers
                    .kept
                    .iter()
                    .map(|h| (h.index, h.value.to_string()))
                    .collect();
                let want: Vec<_> = (0..kept)
                    .map(|i| (u32::try_from(1 + 2 * i).unwrap(), format!("Bearer t{i}")))
                    .collect();
                assert_eq!(got, want);
                assert_eq!(headers.kept.capacity(), kept);
                // Every line is measured, kept or not, as its value reads unescaped.
                let file: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
                let size = |h: &serde_json::Value| {
                    h["name"].as_str().unwrap().len() + h["value"].as_str().unwrap().len()
                };
                let bytes: usize = file.iter().map(|h| size(h) + 4).sum();
                assert_eq!(headers.bytes as usize, bytes);
                let (at, len, name) = headers.largest.clone().unwrap();
                let longest = |h: &serde_json::Value| h["value"].as_str().unwrap().len();
                let want = (0..file.len()).fold(0, |best, i| {
                    if longest(&file[i]) > longest(&file[best]) {
                        i
                    } else {
                        best
                    }
                });
                assert_eq!((at as usize, len as usize), (want, longest(&file[want])));
                assert_eq!(name, "Sec-Ch-Ua");
                assert_eq!(want, if kept == 0 { 0 } else { 2 });
            }
        }
    }

    fn content(json: &str) -> Content<'_> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn prefixes_never_cut_an_escape() {
        for raw in [
            r#""abc\"def\u00e9ghi""#,
            r#""\\\\\\\\""#,
            r#""ab\u3042\u3044cd""#,
            r#""日本語テキスト""#,
        ] {
            for max in 1..raw.len() + 2 {
                let p = json_string_prefix(raw, max);
                let parsed: Result<String, _> = serde_json::from_str(&p);
                assert!(parsed.is_ok(), "{raw} cut at {max}: {p}");
            }
        }
    }

    #[test]
    fn bodies_are_decoded_lazily_and_bounded() {
        let big = format!(
            r#"{{"mimeType":"text/html","text":"{}"}}"#,
            "<p class=\\\"x\\\">".repeat(100_000)
        );
        let c = content(&big);
        let text = c.decoded_text(1000).unwrap().unwrap();
        assert!(
            text.len() <= 1000 && text.starts_with("<p class=\"x\">"),
            "{}",
            crate::text::head(&text, 40)
        );
        let b64 = content(
            r#"{"mimeType":"application/json","encoding":"base64","text":"eyJlcnJvciI6\nImludmFsaWRfZ3JhbnQifQ=="}"#,
        );
        assert_eq!(
            b64.decoded_text(1000).unwrap().unwrap(),
            r#"{"error":"invalid_grant"}"#
        );
        let bad = content(r#"{"encoding":"base64","text":"@@@@"}"#);
        assert_eq!(
            bad.decoded_text(10).unwrap().unwrap_err(),
            BodyError::InvalidBase64
        );
        assert_eq!(
            content(r#"{"text":5}"#)
                .decoded_text(10)
                .unwrap()
                .unwrap_err(),
            BodyError::NotAString
        );
        assert!(content(r#"{"text":null}"#).decoded_text(10).is_none());
    }
}

/// A member's raw JSON text, still escaped (a body): borrowed from the input, or owned by an
/// entry kept from one analysis to the next ([`Entry::into_owned`]).
#[derive(Debug, Clone)]
pub struct RawJson<'a>(Str<'a>);

impl RawJson<'_> {
    /// The JSON text as written (a string literal with its quotes, or any other value).
    pub fn get(&self) -> &str {
        &self.0
    }
}

/// Reads a member as raw JSON text: `null` is absent, as is a value too long for a [`Str`].
fn raw_json<'de: 'a, 'a, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<RawJson<'a>>, D::Error> {
    let raw: Option<&'de RawValue> = Option::deserialize(d)?;
    Ok(raw
        .filter(|r| !lenient::too_long(r.get().len()))
        .map(|r| RawJson(Str::borrowed(r.get()))))
}

/// A string that owns its text: an owned one is moved, not copied.
fn own(s: Str<'_>) -> Str<'static> {
    Str::owned(s.into_owned())
}

fn own_opt(s: Option<Str<'_>>) -> Option<Str<'static>> {
    s.map(own)
}

fn own_all<T, U>(items: Vec<T>, f: impl FnMut(T) -> U) -> Vec<U> {
    items.into_iter().map(f).collect()
}

impl Entry<'_> {
    /// The same entry owning every string it holds, so that it outlives the text it was read
    /// from: a live session (the DevTools panel) reads each entry once and keeps it for every
    /// later analysis. An entry kept so and given back is owned already: this moves its strings.
    pub fn into_owned(self) -> Entry<'static> {
        Entry {
            index: self.index,
            started_date_time: own_opt(self.started_date_time),
            time: self.time,
            request: self.request.into_owned(),
            response: self.response.map(Response::into_owned),
            pageref: own_opt(self.pageref),
            resource_type: own_opt(self.resource_type),
            initiator: Initiator {
                kind: own_opt(self.initiator.kind),
                url: own_opt(self.initiator.url),
            },
            from_cache: own_opt(self.from_cache),
            service_worker_ref: self.service_worker_ref,
            server_address: self.server_address,
            security_state: self.security_state,
            from_http_cache: self.from_http_cache,
            cors_error: self.cors_error.map(|c| {
                Box::new(CorsErrorStatus {
                    cors_error: own_opt(c.cors_error),
                    failed_parameter: own_opt(c.failed_parameter),
                })
            }),
            blocked_request_cookies: self.blocked_request_cookies,
            blocked_response_cookies: self.blocked_response_cookies,
        }
    }
}

impl Request<'_> {
    fn into_owned(self) -> Request<'static> {
        Request {
            method: own(self.method),
            url: own(self.url),
            http_version: own(self.http_version),
            headers: self.headers.into_owned(),
            query_string: own_all(self.query_string, Header::into_owned),
            cookies: own_all(self.cookies, |c| SentCookie {
                name: own(c.name),
                value: own(c.value),
            }),
            post_data: self.post_data.map(|p| {
                let p = *p;
                Box::new(PostData {
                    mime_type: own(p.mime_type),
                    raw_text: p.raw_text.map(|t| RawJson(own(t.0))),
                    params: own_all(p.params, Header::into_owned),
                })
            }),
        }
    }
}

impl Response<'_> {
    fn into_owned(self) -> Response<'static> {
        Response {
            status: self.status,
            status_text: own(self.status_text),
            headers: self.headers.into_owned(),
            cookies: own_all(self.cookies, Cookie::into_owned),
            content: Content {
                size: self.content.size,
                mime_type: own(self.content.mime_type),
                text: self.content.text.map(|t| RawJson(own(t.0))),
                encoding: own_opt(self.content.encoding),
            },
            redirect_url: own_opt(self.redirect_url),
            error: own_opt(self.error),
            fetched_via_service_worker: self.fetched_via_service_worker,
            from_service_worker: self.from_service_worker,
            from_worker_cache: self.from_worker_cache,
            transferred_nothing: self.transferred_nothing,
        }
    }
}

impl Headers<'_> {
    fn into_owned(self) -> Headers<'static> {
        Headers {
            kept: own_all(self.kept, Header::into_owned),
            count: self.count,
            bytes: self.bytes,
            largest: self.largest.map(|(i, len, name)| (i, len, own(name))),
        }
    }
}

impl Header<'_> {
    fn into_owned(self) -> Header<'static> {
        Header {
            index: self.index,
            plain: self.plain,
            name: own(self.name),
            value: own(self.value),
        }
    }
}

impl Cookie<'_> {
    fn into_owned(self) -> Cookie<'static> {
        Cookie {
            name: own(self.name),
            value: own(self.value),
            domain: own_opt(self.domain),
            path: own_opt(self.path),
            expires: own_opt(self.expires),
            http_only: self.http_only,
            secure: self.secure,
            same_site: own_opt(self.same_site),
        }
    }
}
