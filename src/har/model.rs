//! The HAR data model, borrowed from the input text.
//!
//! Only the fields the rules read are modelled; everything else is skipped by the
//! JSON reader without being allocated. Strings borrow from the input when they
//! contain no escapes, and response bodies stay raw JSON text until a rule asks for
//! them (see [`Content::text`]), so a 100 MB capture of mostly bodies costs little
//! more memory than the file itself.

use std::borrow::Cow;

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
    /// Server IP address the browser connected to.
    #[serde(
        borrow,
        default,
        rename = "serverIPAddress",
        deserialize_with = "lenient::opt_str"
    )]
    pub server_ip_address: Option<Str<'a>>,
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
    /// Header lines in the order the export lists them.
    #[serde(borrow, default, deserialize_with = "lenient::list")]
    pub headers: Vec<Header<'a>>,
    /// Parsed query string.
    #[serde(borrow, default, deserialize_with = "lenient::list")]
    pub query_string: Vec<Header<'a>>,
    /// Cookies the exporter says were sent.
    #[serde(borrow, default, deserialize_with = "lenient::list")]
    pub cookies: Vec<Cookie<'a>>,
    /// Request body, if any.
    #[serde(borrow, default, deserialize_with = "opt_object")]
    pub post_data: Option<PostData<'a>>,
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
    /// Protocol of the response.
    #[serde(borrow, default, deserialize_with = "lenient::str")]
    pub http_version: Str<'a>,
    /// Header lines in export order.
    #[serde(borrow, default, deserialize_with = "lenient::list")]
    pub headers: Vec<Header<'a>>,
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
    /// Chrome: network error such as `net::ERR_FAILED` for a blocked request.
    #[serde(
        borrow,
        default,
        rename = "_error",
        deserialize_with = "lenient::opt_str"
    )]
    pub error: Option<Str<'a>>,
}

/// A `{name, value}` pair: a header or a query parameter.
#[derive(Debug, Default, Deserialize)]
pub struct Header<'a> {
    /// Name as written (any case).
    #[serde(borrow, default, deserialize_with = "lenient::str")]
    pub name: Str<'a>,
    /// Value as written; may hold several values joined by line feeds.
    #[serde(borrow, default, deserialize_with = "lenient::str")]
    pub value: Str<'a>,
}

/// A cookie as the exporter parsed it.
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
    /// The body text (token requests are small, so it is read eagerly).
    #[serde(borrow, default, deserialize_with = "lenient::opt_str")]
    pub text: Option<Str<'a>>,
    /// Form parameters, when the exporter parsed them.
    #[serde(borrow, default, deserialize_with = "lenient::list")]
    pub params: Vec<Header<'a>>,
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
    #[serde(borrow, default)]
    pub text: Option<&'a RawValue>,
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
    /// Decodes the body on demand: JSON unescaping, then base64 when marked so.
    /// Bytes that are not UTF-8 are replaced, since rules only look for text.
    /// `limit` caps how much of a huge body is returned.
    pub fn decoded_text(&self, limit: usize) -> Option<Result<Cow<'_, str>, BodyError>> {
        let raw = self.text?.get();
        if raw == "null" {
            return None;
        }
        let base64 = self
            .encoding
            .as_deref()
            .is_some_and(|e| e.eq_ignore_ascii_case("base64"));
        // Unescape only the prefix that can matter: a 20 MB page must not be copied
        // to read its first kilobytes. Escapes take up to 6 raw bytes per character.
        let want = if base64 {
            limit.div_ceil(3) * 4 + 64
        } else {
            limit
        };
        let prefix = json_string_prefix(raw, want.saturating_mul(6));
        let parsed = match &prefix {
            Cow::Borrowed(r) => serde_json::from_str::<Cow<'_, str>>(r),
            Cow::Owned(o) => serde_json::from_str::<String>(o).map(Cow::Owned),
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
        self.text.map_or(0, |t| t.get().len())
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
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_any(V(std::marker::PhantomData))
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
    headers
        .iter()
        .enumerate()
        .filter(move |(_, h)| h.name.eq_ignore_ascii_case(name))
        .flat_map(|(i, h)| {
            h.value
                .split('\n')
                .map(move |v| (i, v.trim_end_matches('\r')))
        })
}

/// The first value of a header, with its index.
pub fn header<'h>(headers: &'h [Header<'_>], name: &str) -> Option<(usize, &'h str)> {
    headers
        .iter()
        .enumerate()
        .find(|(_, h)| h.name.eq_ignore_ascii_case(name))
        .map(|(i, h)| (i, h.value.as_ref()))
}

impl<'a> Entry<'a> {
    /// The response status, when a response arrived (`0`/`-1` mean none did).
    pub fn status(&self) -> Option<u16> {
        let s = self.response.as_ref()?.status?;
        (1.0..=999.0).contains(&s).then_some(s as u16)
    }

    /// Whether this entry is a CORS preflight.
    pub fn is_preflight(&self) -> bool {
        self.resource_type.as_deref() == Some("preflight")
            || self.initiator.kind.as_deref() == Some("preflight")
    }

    /// Whether a script issued this request (fetch/XHR), as opposed to a navigation.
    pub fn is_script_request(&self) -> Option<bool> {
        match self.resource_type.as_deref()? {
            "fetch" | "xhr" => Some(true),
            _ => Some(false),
        }
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
        .map(Cow::into_owned)
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
    /// Readable entries, each carrying its original index.
    pub entries: Vec<Entry<'a>>,
    /// How many elements `log.entries` had, readable or not.
    pub entries_seen: usize,
    /// Whether a `log` object (or a bare log) was found at all.
    pub log_found: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

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
            &text[..40]
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
