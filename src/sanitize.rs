//! Sanitized HAR export: a capture that can be attached to a ticket.
//!
//! Every secret is replaced by a *stable fingerprint* (see [`token`]) so that
//! equal tokens stay visibly equal across headers, cookies, URLs and bodies, and
//! the file still loads in Chrome, Firefox and why401 itself. A JWT keeps its
//! header and claims (they are what a reader needs to see `exp`, `aud`, `scope`)
//! and loses its signature, which is the only part that makes it usable.
//!
//! What is covered: request and response headers (`Authorization`,
//! `Proxy-Authorization`, `Cookie`, `Set-Cookie`, API-key and token headers,
//! `Location`, `Referer`), the `cookies` arrays, the URL (user info, sensitive
//! query and fragment parameters) and `queryString`, `postData` (`text` as JSON or
//! form, and `params`), response bodies that are JSON or forms, `redirectURL`,
//! Chrome's `_initiator.url` and page titles.
//!
//! The [`Receipt`] lists where something was replaced (a JSON pointer and a kind),
//! never the secret itself.
//!
//! Sanitizing is not a hot path, so it works on [`serde_json::Value`].
//!
//! ```
//! let har = r#"{"log":{"entries":[{"request":{"method":"GET","url":"https://api.test/me",
//!   "headers":[{"name":"Authorization","value":"Bearer s3cr3t-t0ken"}]},"response":{"status":401}}]}}"#;
//! let (out, receipt) = why401::sanitize::har_text(har).unwrap();
//! assert!(!out.contains("s3cr3t-t0ken"));
//! assert_eq!(receipt.items[0].pointer, "/log/entries/0/request/headers/0/value");
//! ```

use serde::Serialize;
use serde_json::{Map, Value};

use crate::redact;

/// Why a document could not be sanitized.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SanitizeError {
    /// The text is not JSON; carries the parser's message.
    InvalidJson(String),
    /// The JSON has no `log` object (nor a bare log with `entries`).
    NotHar,
}

impl SanitizeError {
    /// Human text.
    pub fn as_str(&self) -> String {
        match self {
            SanitizeError::InvalidJson(e) => format!("cannot sanitize: invalid JSON: {e}"),
            SanitizeError::NotHar => {
                "cannot sanitize: this JSON is not a HAR file (no `log` object)".into()
            }
        }
    }
}

impl std::fmt::Display for SanitizeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.as_str())
    }
}

impl std::error::Error for SanitizeError {}

/// One replacement: where, and what kind of value it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redaction {
    /// JSON pointer of the replaced string, e.g. `/log/entries/3/request/headers/2/value`.
    pub pointer: String,
    /// What it was: `authorization`, `cookie`, `set-cookie`, `header`, `cookie-value`,
    /// `url`, `query-param`, `post-data`, `post-param`, `response-body`, `redirect-url`.
    pub kind: &'static str,
}

/// A part of the input that is not in the sanitized copy, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Omission {
    /// The input could not be read as a whole (it ends early, or stops being JSON):
    /// the copy holds the entries read before that point and nothing else of the file.
    Partial {
        /// Entries read before the point where reading stopped.
        entries_read: usize,
        /// The JSON reader's message.
        error: String,
    },
    /// The DevTools panel let go of the oldest requests of a long session (it keeps the
    /// newest 25,000): the copy starts after them.
    Earlier {
        /// How many requests were let go.
        entries: usize,
    },
    /// One entry could not be read as JSON (nested deeper than 128 levels) and is not
    /// in the copy; the entries after it move up by one.
    Entry {
        /// JSON pointer of the entry in the input.
        pointer: String,
        /// The JSON reader's message.
        error: String,
    },
}

/// What was redacted, for the person who shares the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Receipt {
    /// Every replacement, in document order.
    pub items: Vec<Redaction>,
    /// What of the input is not in the copy (empty when all of it is).
    pub omitted: Vec<Omission>,
}

impl Receipt {
    fn push(&mut self, pointer: String, kind: &'static str) {
        self.items.push(Redaction { pointer, kind });
    }

    /// The receipt as plain text, one replacement a line.
    pub fn to_text(&self, lang: crate::Lang) -> String {
        let opts = crate::Options {
            lang,
            ..crate::Options::default()
        };
        let head = crate::value::Value::phrase(
            "receipt_head",
            vec![(
                "count",
                crate::value::Value::Count(self.items.len() as u64, "value"),
            )],
        );
        let mut out = format!("{}\n", head.show(&opts));
        for o in &self.omitted {
            let line = match o {
                Omission::Partial {
                    entries_read,
                    error,
                } => crate::value::Value::phrase(
                    "receipt_partial",
                    vec![
                        (
                            "count",
                            crate::value::Value::Count(*entries_read as u64, "entry"),
                        ),
                        ("error", crate::value::Value::Text(error.clone())),
                    ],
                ),
                Omission::Earlier { entries } => crate::value::Value::phrase(
                    "receipt_earlier_let_go",
                    vec![(
                        "count",
                        crate::value::Value::Count(*entries as u64, "entry"),
                    )],
                ),
                Omission::Entry { pointer, error } => crate::value::Value::phrase(
                    "receipt_entry_left_out",
                    vec![
                        ("pointer", crate::value::Value::Text(pointer.clone())),
                        ("error", crate::value::Value::Text(error.clone())),
                    ],
                ),
            };
            out.push_str(&format!("{}\n", line.show(&opts)));
        }
        for r in &self.items {
            out.push_str(&format!("{:<14} {}\n", r.kind, r.pointer));
        }
        out
    }
}

/// Rule ids whose diagnosis needs the secret itself, so a sanitized copy may
/// explain the same failure differently (or with the generic checklist):
/// they look at characters, encodings or lengths inside credentials.
pub const CAUSES_NEEDING_SECRETS: &[&str] = &[
    "basic-malformed",
    "credential-whitespace",
    "credential-fullwidth",
    "authorization-malformed",
    "jwt-malformed",
    "header-too-large",
];

/// Marker that starts every replacement, easy to search for in a sanitized file.
pub const MARKER: &str = "REDACTED-";

thread_local! {
    /// The key of the file being sanitized (see [`har_keyed`]); one file, one key.
    static FILE_KEY: std::cell::Cell<Option<redact::FingerprintKey>> = const { std::cell::Cell::new(None) };
}

/// Sets the file key for the duration of one sanitization and restores the previous
/// one afterwards, also when a bug unwinds.
struct KeyScope(Option<redact::FingerprintKey>);

impl KeyScope {
    fn enter(key: Option<redact::FingerprintKey>) -> KeyScope {
        KeyScope(FILE_KEY.with(|k| k.replace(key)))
    }
}

impl Drop for KeyScope {
    fn drop(&mut self) {
        FILE_KEY.with(|k| k.set(self.0));
    }
}

/// The replacement of one secret in a shared file.
///
/// Placeholders (`undefined`, `${TOKEN}`) are kept: they are the diagnosis and
/// protect nothing. A JWT keeps its header and claims and gets
/// `REDACTED-nosignature` as signature (canonical base64url, so the token still
/// decodes; the claims are there to read, so no fingerprint is added that a key
/// could be tested against). Anything else becomes `<public prefix>REDACTED-<fingerprint>`,
/// where the prefix is a vendor's token type (`ghp_`, `sk_live_`) and the fingerprint
/// is keyed by the file's key ([`redact::FingerprintKey`]): equal secrets stay equal
/// inside the file and nothing can be checked offline. A low-entropy value (a
/// password, a PIN, a code) becomes `REDACTED-hidden`. The replacement uses only
/// token68 characters, so it stays a syntactically valid credential.
pub fn token(value: &str) -> String {
    if redact::is_placeholder(value) || value.contains(MARKER) {
        return value.to_owned();
    }
    let parts: Vec<&str> = value.split('.').collect();
    if parts.len() == 3 && value.starts_with("eyJ") && !parts[2].is_empty() {
        // 20 base64url characters decode to whole bytes, so strict decoders accept it.
        return format!("{}.{}.{MARKER}nosignature", parts[0], parts[1]);
    }
    let prefix = redact::public_prefix(value).unwrap_or("");
    match FILE_KEY.with(std::cell::Cell::get) {
        Some(key) if !redact::is_low_entropy(value) => {
            format!("{prefix}{MARKER}{}", key.fingerprint(value))
        }
        _ => format!("{prefix}{MARKER}hidden"),
    }
}

/// Runs `f` with `key` as the file key of every [`token`] it replaces.
pub fn with_file_key<R>(key: Option<redact::FingerprintKey>, f: impl FnOnce() -> R) -> R {
    let _scope = KeyScope::enter(key);
    f()
}

/// Sanitizes HAR text with this file's fingerprint key (see [`token`]).
pub fn har_text_keyed(
    text: &str,
    key: Option<redact::FingerprintKey>,
) -> Result<(String, Receipt), SanitizeError> {
    let _scope = KeyScope::enter(key);
    har_text(text)
}

/// Sanitizes a whole HAR document in place with this file's fingerprint key.
pub fn har_keyed(
    doc: &mut Value,
    key: Option<redact::FingerprintKey>,
) -> Result<Receipt, SanitizeError> {
    let _scope = KeyScope::enter(key);
    har(doc)
}

/// Sanitizes HAR text. The output is pretty-printed HAR JSON with the input's key
/// order and its numbers byte for byte (`1.10`, `1e400` and 30-digit integers stay
/// as written).
///
/// A file that cannot be read as a whole (cut off, or broken after some entries) is
/// sanitized as far as it was read: the copy holds the entries before the break, an
/// entry that cannot be read is left out, and [`Receipt::omitted`] says both. Only a
/// file with no readable entry is refused.
pub fn har_text(text: &str) -> Result<(String, Receipt), SanitizeError> {
    let (mut v, omitted) = match serde_json::from_str::<Value>(text) {
        Ok(v) => (v, Vec::new()),
        Err(e) => partial_doc(text, &e)?,
    };
    let mut receipt = har(&mut v)?;
    if !omitted.is_empty() {
        if let Some(marker) = v.pointer_mut("/log/_why401").and_then(Value::as_object_mut) {
            marker.insert("partial".into(), Value::Bool(true));
        }
    }
    let out =
        serde_json::to_string_pretty(&v).map_err(|e| SanitizeError::InvalidJson(e.to_string()))?;
    // A partial copy's numbers are those of its entries only, still in input order.
    let out = keep_numbers(text, &out);
    receipt.omitted = omitted;
    Ok((out, receipt))
}

/// The byte ranges of the number literals of JSON text, in document order.
fn number_literals(json: &str) -> Vec<(usize, usize)> {
    let b = json.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < b.len() && matches!(b[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
                {
                    i += 1;
                }
                out.push((start, i));
            }
            _ => i += 1,
        }
    }
    out
}

/// `output` with its numbers written as `input` wrote them (`1.10` stays `1.10`, not
/// `1.1`; a 30-digit id keeps its digits). serde_json reads numbers into `f64`/`u64`;
/// with the input's key order kept, the k-th number of the output is the k-th of the
/// input, which is checked: a pair whose values differ stops the restoring there.
fn keep_numbers(input: &str, output: &str) -> String {
    let (ins, outs) = (number_literals(input), number_literals(output));
    let value = |s: &str| s.parse::<f64>().ok();
    let mut fixed = String::with_capacity(output.len());
    let mut at = 0;
    for (&(is, ie), &(os, oe)) in ins.iter().zip(&outs) {
        let (written, printed) = (&input[is..ie], &output[os..oe]); // boundary: ASCII number bytes
        if value(written) != value(printed) {
            break;
        }
        // Only what JSON itself accepts is put back (`01` or `1.` read from a broken
        // file's readable part are not JSON numbers).
        if serde_json::from_str::<serde_json::Number>(written).is_err() {
            continue;
        }
        fixed.push_str(&output[at..os]); // boundary: ASCII number bytes
        fixed.push_str(written);
        at = oe;
    }
    fixed.push_str(&output[at..]); // boundary: the end of an ASCII number
    fixed
}

/// The readable part of a file that is not JSON as a whole: its entries up to the
/// break, in a fresh log.
fn partial_doc(
    text: &str,
    error: &serde_json::Error,
) -> Result<(Value, Vec<Omission>), SanitizeError> {
    let raws = crate::har::ingest::raw_entries(text);
    if raws.is_empty() {
        return Err(SanitizeError::InvalidJson(error.to_string()));
    }
    let mut omitted = vec![Omission::Partial {
        entries_read: raws.len(),
        error: error.to_string(),
    }];
    let entries: Vec<Value> = raws
        .iter()
        .enumerate()
        .filter_map(|(i, raw)| read_entry(raw, i, &mut omitted))
        .collect();
    let doc = serde_json::json!({ "log": {
        "version": "1.2",
        "creator": { "name": "why401 sanitize", "version": env!("CARGO_PKG_VERSION"),
            "comment": "entries read from a file that could not be read as a whole" },
        "entries": entries,
    }});
    Ok((doc, omitted))
}

/// One entry's raw JSON as a value, or an [`Omission::Entry`] when it cannot be
/// read (nested deeper than the reader's 128 levels).
pub fn read_entry(raw: &str, index: usize, omitted: &mut Vec<Omission>) -> Option<Value> {
    match serde_json::from_str(raw) {
        Ok(v) => Some(v),
        Err(e) => {
            omitted.push(Omission::Entry {
                pointer: format!("/log/entries/{index}"),
                error: e.to_string(),
            });
            None
        }
    }
}

/// Sanitizes a whole HAR document in place.
pub fn har(doc: &mut Value) -> Result<Receipt, SanitizeError> {
    // The capture's credentials, read before anything is replaced, for the last pass.
    let original = serde_json::to_string(doc).unwrap_or_default();
    let known = crate::redact::KnownSecrets::of(&crate::har::parse(&original).har);
    let mut receipt = Receipt::default();
    let (log, base) = match doc {
        Value::Object(m) if m.get("log").is_some_and(Value::is_object) => {
            (m.get_mut("log").and_then(Value::as_object_mut), "/log")
        }
        Value::Object(m) if m.contains_key("entries") => (Some(m), ""),
        _ => (None, ""),
    };
    let log = log.ok_or(SanitizeError::NotHar)?;
    if let Some(Value::Array(pages)) = log.get_mut("pages") {
        for (i, p) in pages.iter_mut().enumerate() {
            if let Some(t) = p.get_mut("title") {
                url_value(t, format!("{base}/pages/{i}/title"), "url", &mut receipt);
            }
        }
    }
    if let Some(Value::Array(entries)) = log.get_mut("entries") {
        for (i, e) in entries.iter_mut().enumerate() {
            entry(e, &format!("{base}/entries/{i}"), &mut receipt);
        }
    }
    // Whatever the structured pass did not reach (WebSocket frames, HTML and text
    // bodies, `Refresh`, initiator stacks, a server's echo of a token, exporters'
    // own fields): every string of the file is scrubbed of the known credentials
    // and of anything shaped like a JWT.
    everywhere(log, base, &known, &mut receipt);
    log.insert(
        "_why401".into(),
        serde_json::json!({ "sanitized": true, "version": env!("CARGO_PKG_VERSION"), "redactions": receipt.items.len() }),
    );
    Ok(receipt)
}

/// The last pass of [`har`]: every string value under `log` (object keys are
/// structure and stay), scrubbed of `known` credentials and JWT-shaped words.
fn everywhere(
    log: &mut Map<String, Value>,
    base: &str,
    known: &crate::redact::KnownSecrets,
    receipt: &mut Receipt,
) {
    for (k, v) in log.iter_mut() {
        if k == "_why401" || k == "creator" || k == "browser" || k == "version" {
            continue;
        }
        scrub_strings(v, &format!("{base}/{k}"), known, receipt);
    }
}

/// Every string in `v` (at JSON pointer `pointer`) scrubbed of `known` credentials
/// and JWT-shaped words; what changed is added to the receipt as `text`.
pub fn scrub_strings(
    v: &mut Value,
    pointer: &str,
    known: &crate::redact::KnownSecrets,
    receipt: &mut Receipt,
) {
    /// Members that are structure, not content: never rewritten.
    const STRUCTURAL: &[&str] = &[
        "startedDateTime",
        "name",
        "mimeType",
        "httpVersion",
        "method",
        "_resourceType",
        "encoding",
        "serverIPAddress",
        "connection",
        "pageref",
        "id",
        "domain",
        "path",
        "expires",
        "sameSite",
        "_priority",
        "type",
        "opcode",
        "statusText",
        "version",
    ];
    fn walk(
        v: &mut Value,
        pointer: &mut String,
        key: &str,
        known: &crate::redact::KnownSecrets,
        receipt: &mut Receipt,
    ) {
        match v {
            Value::String(s) => {
                let scrubbed = known.scrub(s, &token);
                let clean = if STRUCTURAL.contains(&key) {
                    scrubbed
                } else {
                    match redact::text_with(&scrubbed, &token) {
                        Some(t) => std::borrow::Cow::Owned(t),
                        None => scrubbed,
                    }
                };
                if clean != *s {
                    *s = clean.into_owned();
                    receipt.push(pointer.clone(), "text");
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    let len = pointer.len();
                    pointer.push_str(&format!("/{i}"));
                    walk(item, pointer, key, known, receipt);
                    pointer.truncate(len);
                }
            }
            Value::Object(map) => {
                // An `Authorization` value was rewritten whole by the structured pass
                // (a Basic credential re-encoded around its replaced password).
                let credential_header = map.get("name").and_then(Value::as_str).is_some_and(|n| {
                    n.eq_ignore_ascii_case("authorization")
                        || n.eq_ignore_ascii_case("proxy-authorization")
                });
                for (k, item) in map.iter_mut() {
                    if credential_header && k == "value" {
                        continue;
                    }
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&k.replace('~', "~0").replace('/', "~1"));
                    walk(item, pointer, k, known, receipt);
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
    }
    walk(v, &mut pointer.to_owned(), "", known, receipt);
}

/// Sanitizes one `log.entries[i]` object in place; `base` is its pointer
/// (`/log/entries/3`).
pub fn entry(e: &mut Value, base: &str, receipt: &mut Receipt) {
    let Some(e) = e.as_object_mut() else { return };
    if let Some(Value::Object(req)) = e.get_mut("request") {
        let rb = format!("{base}/request");
        if let Some(u) = req.get_mut("url") {
            url_value(u, format!("{rb}/url"), "url", receipt);
        }
        headers(req, &rb, receipt);
        cookies(req, &rb, receipt);
        pairs(
            req.get_mut("queryString"),
            &format!("{rb}/queryString"),
            "query-param",
            receipt,
        );
        if let Some(Value::Object(pd)) = req.get_mut("postData") {
            let pb = format!("{rb}/postData");
            let mime = pd
                .get("mimeType")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            if let Some(Value::String(t)) = pd.get_mut("text") {
                if let Some(clean) = body(&mime, t) {
                    *t = clean;
                    receipt.push(format!("{pb}/text"), "post-data");
                }
            }
            pairs(
                pd.get_mut("params"),
                &format!("{pb}/params"),
                "post-param",
                receipt,
            );
        }
    }
    if let Some(Value::Object(res)) = e.get_mut("response") {
        let rb = format!("{base}/response");
        headers(res, &rb, receipt);
        cookies(res, &rb, receipt);
        if let Some(u) = res.get_mut("redirectURL") {
            url_value(u, format!("{rb}/redirectURL"), "redirect-url", receipt);
        }
        if let Some(Value::Object(c)) = res.get_mut("content") {
            content(c, &format!("{rb}/content"), receipt);
        }
    }
    if let Some(Value::Object(init)) = e.get_mut("_initiator") {
        if let Some(u) = init.get_mut("url") {
            url_value(u, format!("{base}/_initiator/url"), "url", receipt);
        }
    }
}

fn headers(obj: &mut Map<String, Value>, base: &str, receipt: &mut Receipt) {
    let Some(Value::Array(hs)) = obj.get_mut("headers") else {
        return;
    };
    for (i, h) in hs.iter_mut().enumerate() {
        let name = h
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_ascii_lowercase();
        let Some(Value::String(v)) = h.get_mut("value") else {
            continue;
        };
        let (clean, kind) = match name.as_str() {
            "authorization" | "proxy-authorization" => (authorization(v), "authorization"),
            "cookie" => (cookie_header(v), "cookie"),
            "set-cookie" => (
                v.split('\n').map(set_cookie).collect::<Vec<_>>().join("\n"),
                "set-cookie",
            ),
            "location" | "content-location" | "referer" | "origin" | ":path" => (url(v), "url"),
            // The challenge says what the server wants; it holds no credential.
            "www-authenticate" | "proxy-authenticate" => continue,
            n if redact::is_sensitive_header(n) => (
                v.split('\n').map(token).collect::<Vec<_>>().join("\n"),
                "header",
            ),
            _ => continue,
        };
        if clean != *v {
            *v = clean;
            receipt.push(format!("{base}/headers/{i}/value"), kind);
        }
    }
}

fn cookies(obj: &mut Map<String, Value>, base: &str, receipt: &mut Receipt) {
    let Some(Value::Array(cs)) = obj.get_mut("cookies") else {
        return;
    };
    for (i, c) in cs.iter_mut().enumerate() {
        if let Some(Value::String(v)) = c.get_mut("value") {
            let clean = token(v);
            if clean != *v {
                *v = clean;
                receipt.push(format!("{base}/cookies/{i}/value"), "cookie-value");
            }
        }
    }
}

/// `queryString` and `postData.params`: `{name, value}` lists.
fn pairs(list: Option<&mut Value>, base: &str, kind: &'static str, receipt: &mut Receipt) {
    let Some(Value::Array(ps)) = list else { return };
    for (i, p) in ps.iter_mut().enumerate() {
        let name = p
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let Some(Value::String(v)) = p.get_mut("value") else {
            continue;
        };
        let sensitive = redact::is_sensitive_param(&redact::percent_decode_lossy(&name))
            || redact::looks_like_jwt(v);
        if sensitive && !v.is_empty() {
            let clean = token(&redact::percent_decode_lossy(v));
            if clean != *v {
                *v = clean;
                receipt.push(format!("{base}/{i}/value"), kind);
            }
        }
    }
}

fn content(c: &mut Map<String, Value>, base: &str, receipt: &mut Receipt) {
    let mime = c
        .get("mimeType")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let base64 = c
        .get("encoding")
        .and_then(Value::as_str)
        .is_some_and(|e| e.eq_ignore_ascii_case("base64"));
    let Some(Value::String(t)) = c.get_mut("text") else {
        return;
    };
    let decoded = if base64 {
        use base64::Engine;
        let compact: String = t.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        match base64::engine::general_purpose::STANDARD
            .decode(compact)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
        {
            Some(s) => s,
            None => return,
        }
    } else {
        std::mem::take(t)
    };
    match body(&mime, &decoded) {
        Some(clean) => {
            *t = clean;
            if base64 {
                // The body is now plain text: the encoding no longer applies.
                c.remove("encoding");
            }
            receipt.push(format!("{base}/text"), "response-body");
        }
        None if !base64 => *t = decoded,
        None => {}
    }
}

fn url_value(v: &mut Value, pointer: String, kind: &'static str, receipt: &mut Receipt) {
    if let Value::String(s) = v {
        let clean = url(s);
        if clean != *s {
            *s = clean;
            receipt.push(pointer, kind);
        }
    }
}

/// `Scheme credentials` with the credentials replaced. Basic keeps the user name
/// (re-encoded with the password replaced) so "wrong account" stays visible;
/// auth-param lists (Digest) keep their non-secret parameters.
pub fn authorization(value: &str) -> String {
    let lead_ws = value.len() - value.trim_start().len();
    let trimmed = &value[lead_ws..];
    let Some(scheme_len) = trimmed.find([' ', '\t']) else {
        return token(value);
    };
    let scheme = &trimmed[..scheme_len];
    let after = &trimmed[scheme_len..];
    let creds = after.trim_start_matches([' ', '\t']);
    let sep = &after[..after.len() - creds.len()]; // boundary: trimmed whole characters
    let head = format!("{}{scheme}{sep}", &value[..lead_ws]);
    if scheme.eq_ignore_ascii_case("basic") {
        use base64::Engine;
        let engine = &base64::engine::general_purpose::STANDARD;
        if let Some(plain) = engine
            .decode(creds.trim_end())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
        {
            if let Some((user, pass)) = plain.split_once(':') {
                // A user id that is itself the key (`sk_live_…:` with an empty
                // password, Stripe-style) is replaced like any secret.
                if pass.is_empty() || redact::public_prefix(user).is_some() {
                    let enc = engine.encode(format!("{}:{}", token(user), token(pass)));
                    return format!("{head}{enc}");
                }
                let enc = engine.encode(format!("{user}:{}", token(pass)));
                return format!("{head}{enc}");
            }
        }
        return format!("{head}{}", token(creds));
    }
    if !scheme.eq_ignore_ascii_case("bearer") && creds.contains('=') && creds.contains(',') {
        let params: Vec<String> = creds
            .split(',')
            .map(|p| match p.split_once('=') {
                Some((k, v)) => {
                    let key = k.trim().to_ascii_lowercase();
                    let quoted = v.trim().starts_with('"');
                    let inner = v.trim().trim_matches('"');
                    let keep = matches!(
                        key.as_str(),
                        "username"
                            | "realm"
                            | "uri"
                            | "algorithm"
                            | "qop"
                            | "nc"
                            | "opaque"
                            | "nonce"
                            | "userhash"
                    );
                    let shown = if key == "uri" {
                        // The request target may carry a token in its query.
                        url(inner)
                    } else if keep {
                        inner.to_owned()
                    } else {
                        token(inner)
                    };
                    if quoted {
                        format!("{}=\"{shown}\"", k.trim())
                    } else {
                        format!("{}={shown}", k.trim())
                    }
                }
                None => token(p.trim()),
            })
            .collect();
        return format!("{head}{}", params.join(", "));
    }
    format!("{head}{}", token(creds))
}

/// A `Cookie` header with every value replaced and names kept.
pub fn cookie_header(value: &str) -> String {
    redact::cookie_header_with(value, &token)
}

/// One `Set-Cookie` line with its value replaced and its attributes kept.
pub fn set_cookie(line: &str) -> String {
    redact::set_cookie_with(line, &token)
}

/// A URL with the password of its user info and sensitive query and fragment
/// parameters replaced; everything else is kept byte for byte.
pub fn url(value: &str) -> String {
    redact::url_with(value, &token)
}

/// An `a=1&b=2` string with sensitive values (and JWTs) replaced.
pub fn params(q: &str) -> String {
    redact::params_with(q, &token)
}

/// A JSON or form body with sensitive values replaced; `None` when nothing changed
/// or the body is neither.
pub fn body(mime: &str, text: &str) -> Option<String> {
    redact::body_with(mime, text, &token)
}

/// Replaces sensitive members (by key) and JWT strings of a JSON value in place.
pub fn json(v: &mut Value) {
    redact::json_with(v, &token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze_bytes, Options};

    /// Secrets of the test capture below and of the end-to-end fixtures.
    const SECRETS: &[&str] = &[
        "s3cr3t-api-key-998877",
        "sessionvalue-abcdef123456",
        "hunter2pass",
        "refresh-r3fr3sh-token-77",
        "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
        "implicit-fragment-token-42",
        "codeXYZ987",
        "clientsecretABC",
        "cookie-from-array-555",
        "newsessionvalue-999",
        "bearer-opaque-secret-1234567890",
    ];

    fn fixture() -> String {
        include_str!("../tests/e2e/fixtures/secrets.har").to_owned()
    }

    #[test]
    fn no_fixture_secret_survives() {
        let input = fixture();
        for s in SECRETS {
            assert!(input.contains(s), "the fixture should contain {s}");
        }
        let (out, receipt) = har_text(&input).unwrap();
        for s in SECRETS {
            assert!(!out.contains(s), "{s} survived sanitizing");
        }
        assert!(receipt.items.len() >= SECRETS.len(), "{receipt:?}");
        // The receipt names places, never values.
        let text = receipt.to_text(crate::Lang::En);
        for s in SECRETS {
            assert!(!text.contains(s));
        }
        // Still a HAR the core reads without issues.
        let read = crate::har::parse(&out);
        assert!(read.issues.is_empty(), "{:?}", read.issues);
    }

    #[test]
    fn equal_tokens_stay_equal_and_jwts_keep_claims() {
        let key = redact::FingerprintKey::from_random([3; 32]);
        let (a, b, c) = with_file_key(Some(key), || {
            (
                token("same-secret-value"),
                token("same-secret-value"),
                token("same-secret-valuf"),
            )
        });
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(a.starts_with(MARKER) && a.len() == MARKER.len() + 8, "{a}");
        // Another file, another key: the files cannot be linked (nor a guess tested).
        let other = with_file_key(Some(redact::FingerprintKey::from_random([4; 32])), || {
            token("same-secret-value")
        });
        assert_ne!(a, other);
        // A short value (a password, a code) has no fingerprint at all.
        assert_eq!(
            with_file_key(Some(key), || token("hunter2")),
            "REDACTED-hidden"
        );
        // The scope ends with the call.
        assert_eq!(token("same-secret-value"), "REDACTED-hidden");
        let jwt =
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        let t = token(jwt);
        assert!(
            t == "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.REDACTED-nosignature",
            "{t}"
        );
        // The placeholder signature is canonical base64url (strict decoders accept it).
        use base64::Engine;
        assert!(base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode("REDACTED-nosignature")
            .is_ok());
        assert_eq!(token("undefined"), "undefined");
        assert!(token("ghp_16C7e42F292c6912E7710c838347Ae178B4a").starts_with("ghp_REDACTED-"));
        // Idempotent: sanitizing twice changes nothing more.
        assert_eq!(token(&t), t);
    }

    #[test]
    fn authorization_forms() {
        assert_eq!(authorization("Bearer undefined"), "Bearer undefined");
        let basic = authorization("Basic YWxpY2U6aHVudGVyMnBhc3M="); // alice:hunter2pass
        use base64::Engine;
        let dec = base64::engine::general_purpose::STANDARD
            .decode(basic.strip_prefix("Basic ").unwrap())
            .unwrap();
        let dec = String::from_utf8(dec).unwrap();
        assert!(
            dec.starts_with("alice:REDACTED-") && !dec.contains("hunter2"),
            "{dec}"
        );
        let d =
            authorization(r#"Digest username="bob", realm="x", nonce="n1", response="deadbeef""#);
        assert!(
            d.contains(r#"username="bob""#)
                && !d.contains("deadbeef")
                && d.contains(r#"nonce="n1""#),
            "{d}"
        );
    }

    #[test]
    fn urls_bodies_and_fragments() {
        let u = url("https://bob:hunter2pass@api.test/cb?code=codeXYZ987&x=1#access_token=tok123456&state=s");
        assert!(
            !u.contains("hunter2pass") && !u.contains("codeXYZ987") && !u.contains("tok123456"),
            "{u}"
        );
        assert!(
            u.contains("x=1") && u.starts_with("https://bob:REDACTED-"),
            "{u}"
        );
        assert_eq!(
            url("https://app.test/#/settings"),
            "https://app.test/#/settings"
        );
        let b = body(
            "application/json",
            r#"{"access_token":"abc123","scope":"repo","n":{"otp":123456}}"#,
        )
        .unwrap();
        assert!(
            !b.contains("abc123") && !b.contains("123456") && b.contains("repo"),
            "{b}"
        );
        let f = body(
            "application/x-www-form-urlencoded",
            "grant_type=refresh_token&refresh_token=r3f",
        )
        .unwrap();
        assert!(
            f.starts_with("grant_type=refresh_token&refresh_token=REDACTED-"),
            "{f}"
        );
        assert_eq!(body("text/plain", "hello world"), None);
    }

    /// Re-analysing a sanitized capture gives the same failures and primary
    /// causes, except causes listed in [`CAUSES_NEEDING_SECRETS`].
    #[test]
    fn reanalysis_gives_the_same_failures_and_primary_causes() {
        let fixtures = [
            include_str!("../tests/e2e/fixtures/secrets.har"),
            include_str!("../tests/e2e/fixtures/mixed.har"),
            include_str!("../www/sample.har"),
        ];
        let opts = Options {
            now_ms: Some(1_714_557_600_000),
            ..Options::default()
        };
        for input in fixtures {
            let before = analyze_bytes(input.as_bytes().to_vec(), &opts).unwrap();
            let (out, _) = har_text(input).unwrap();
            let after = analyze_bytes(out.into_bytes(), &opts).unwrap();
            assert!(!before.failures.is_empty());
            assert_eq!(before.failures.len(), after.failures.len());
            for (b, a) in before.failures.iter().zip(&after.failures) {
                assert_eq!(b.entry, a.entry);
                if b.causes.iter().any(|c| CAUSES_NEEDING_SECRETS.contains(c)) {
                    continue;
                }
                assert_eq!(b.causes, a.causes, "entry {}", b.entry);
            }
        }
    }

    #[test]
    fn what_the_structured_pass_misses_is_scrubbed_too() {
        let jwt =
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwiZXhwIjoxfQ.c2lnbmF0dXJlLXNlY3JldC1wYXJ0LTEyMzQ";
        let doc = serde_json::json!({"log": {"entries": [
            {"request": {"method": "GET", "url": "https://api.test/a?access_token=tok-planted-0001-abcdefgh",
                "headers": [{"name": "Authorization", "value": "Bearer bearer-planted-0002-abcdefgh"}]},
             "response": {"status": 401, "headers": [
                 {"name": "WWW-Authenticate", "value": "Bearer error=\"invalid_token\", error_description=\"bearer-planted-0002-abcdefgh is revoked\""},
                 {"name": "Refresh", "value": "0; url=https://app.test/next?access_token=tok-planted-0001-abcdefgh"}],
                "content": {"mimeType": "text/html", "text": format!("<p>token {jwt}</p>")}},
             "_initiator": {"type": "script", "stack": {"callFrames": [{"url": "https://app.test/app.js?access_token=tok-planted-0001-abcdefgh"}]}},
             "_webSocketMessages": [{"type": "send", "opcode": 1, "data": "{\"auth\":\"bearer-planted-0002-abcdefgh\"}"}]},
            {"request": {"method": "POST", "url": "https://app.test/callback", "headers": [],
                "postData": {"mimeType": "application/x-www-form-urlencoded", "text": "code=code-planted-0003-abcdefgh&state=s"}},
             "response": {"status": 400, "headers": [], "content": {"mimeType": "text/html",
                "text": "<form method=post><input type=hidden name=code value=\"code-planted-0003-abcdefgh\"></form>"}}}
        ]}});
        let text = doc.to_string();
        let key = redact::FingerprintKey::from_random([5; 32]);
        let (out, receipt) = har_text_keyed(&text, Some(key)).unwrap();
        for secret in [
            "tok-planted-0001",
            "bearer-planted-0002",
            "code-planted-0003",
            "c2lnbmF0dXJl",
        ] {
            assert!(!out.contains(secret), "{secret} left in\n{out}");
        }
        // The server's words stay around the replacement.
        assert!(out.contains(" is revoked"), "{out}");
        assert!(
            receipt
                .items
                .iter()
                .any(|r| r.kind == "text" && r.pointer.contains("_webSocketMessages")),
            "{receipt:?}"
        );
        // Still a HAR that loads.
        assert!(crate::har::parse(&out).issues.is_empty());
    }

    #[test]
    fn numbers_and_key_order_are_kept_as_written() {
        let har = r#"{"log":{"version":"1.2","entries":[{"time":12.3400,"zeta":1,"alpha":2,
          "request":{"method":"GET","url":"https://a.test/?n=1.50","headers":[]},
          "response":{"status":200,"headers":[],"_big":123456789012345678901234567890,
          "content":{"size":5E-3,"mimeType":"text/plain","_small":-0.0}},"timings":{"wait":0.10}}]}}"#;
        let (out, receipt) = har_text(har).unwrap();
        assert!(receipt.omitted.is_empty());
        for n in [
            ": 12.3400,",
            ": 123456789012345678901234567890",
            ": 0.10",
            ": -0.0",
            ": 5E-3,",
            "?n=1.50",
        ] {
            assert!(out.contains(n), "{n} in {out}");
        }
        assert!(out.contains("\"redactions\": 0"), "{out}");
        // Fuzz finding: a cut file's readable part may hold `01`; only JSON numbers go back.
        assert_eq!(keep_numbers("[01, 1.50]", "[1, 1.5]"), "[1, 1.50]");
        let zeta = out.find("\"zeta\"").unwrap();
        assert!(
            zeta < out.find("\"alpha\"").unwrap(),
            "key order kept: {out}"
        );
    }

    #[test]
    fn a_cut_file_is_sanitized_as_far_as_it_was_read() {
        let entry = |n: u32| {
            format!(
                r#"{{"request":{{"method":"GET","url":"https://a.test/{n}","headers":[{{"name":"Authorization","value":"Bearer cut-file-token-0123456789abcdef"}}]}},"response":{{"status":401,"headers":[]}}}}"#
            )
        };
        let whole = format!(
            r#"{{"log":{{"entries":[{},{},{}]}}}}"#,
            entry(0),
            entry(1),
            entry(2)
        );
        // Cut inside the third entry.
        let cut = &whole[..whole.len() - 40]; // boundary: ASCII test text
        let (out, receipt) = har_text(cut).unwrap();
        assert!(!out.contains("cut-file-token"), "{out}");
        let doc: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(doc["log"]["entries"].as_array().unwrap().len(), 2);
        assert_eq!(doc["log"]["_why401"]["partial"], Value::Bool(true));
        assert!(matches!(
            receipt.omitted.as_slice(),
            [Omission::Partial {
                entries_read: 2,
                ..
            }]
        ));
        let text = receipt.to_text(crate::Lang::En);
        assert!(
            text.contains("holds the 2 entries that could be read"),
            "{text}"
        );
        assert!(receipt.to_text(crate::Lang::Ja).contains("2 件のエントリ"));
        // Nothing readable: refused, as before.
        assert!(matches!(
            har_text(r#"{"log":{"entries":["#),
            Err(SanitizeError::InvalidJson(_))
        ));
    }

    #[test]
    fn an_entry_nested_too_deep_is_left_out_and_named() {
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        let har = format!(
            r#"{{"log":{{"entries":[{{"request":{{"method":"GET","url":"https://a.test/a","headers":[]}},"response":{{"status":200}}}},{{"request":{{"method":"GET","url":"https://a.test/b","headers":[]}},"_x":{deep}}},{{"request":{{"method":"GET","url":"https://a.test/c","headers":[]}},"response":{{"status":401}}}}]}}}}"#
        );
        let (out, receipt) = har_text(&har).unwrap();
        let doc: Value = serde_json::from_str(&out).unwrap();
        let urls: Vec<&str> = doc["log"]["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["request"]["url"].as_str().unwrap())
            .collect();
        assert_eq!(urls, ["https://a.test/a", "https://a.test/c"]);
        assert!(
            receipt.omitted.iter().any(
                |o| matches!(o, Omission::Entry { pointer, .. } if pointer == "/log/entries/1")
            ),
            "{:?}",
            receipt.omitted
        );
        assert!(receipt
            .to_text(crate::Lang::En)
            .contains("Left out: /log/entries/1"));
    }
}
