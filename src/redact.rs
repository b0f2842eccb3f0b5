//! Redaction: secrets never leave the core in clear unless the user asks.
//!
//! A redacted secret keeps what a reader needs to compare values inside one report
//! and nothing that can be tested offline:
//!
//! - a *keyed* fingerprint, the first eight hex digits of HMAC-SHA-256 under a key
//!   that each report (each sanitized file, each panel session) draws at random and
//!   never shows, so equal secrets look equal (`•••(40 chars, #3f2a9c1d)`) but a
//!   guess cannot be checked against the output. A user who wants to link several
//!   files, or check a token they hold, gives the key themselves (`--link-key`):
//!   `printf %s "$TOKEN" | openssl dgst -sha256 -hmac "$KEY"`;
//! - its length, unless the value is short enough to guess ([`LOW_ENTROPY_CHARS`]):
//!   a password, a PIN, a one-time code or a Basic credential shows neither length
//!   nor fingerprint, only `•••`;
//! - only parts that are public by design in clear: a JWT's first bytes (the
//!   encoded header) and the type prefix of a vendor token (`ghp_`, `sk_live_`).
//!
//! Without a key (a library caller that did not ask for one) there are no
//! fingerprints at all.

use std::borrow::Cow;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Values shorter than this many characters are low-entropy: no fingerprint and no
/// exact length, even keyed (a user-given key may be shared with the file).
pub const LOW_ENTROPY_CHARS: usize = 16;

/// The secret key of keyed fingerprints. Its `Debug` never shows it.
///
/// Stored as one HMAC-SHA-256 block: HMAC pads a shorter key with zeros to its
/// 64-byte block and hashes a longer one first, so the padded block is the same
/// key to HMAC (and to `openssl dgst -hmac`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct FingerprintKey([u8; 64]);

impl FingerprintKey {
    /// A key from 32 random bytes (the shells draw them from the operating system
    /// or `crypto.getRandomValues`; the core never makes randomness up).
    pub fn from_random(bytes: [u8; 32]) -> Self {
        let mut k = [0u8; 64];
        k[..32].copy_from_slice(&bytes); // boundary: bytes of a key, not text
        FingerprintKey(k)
    }

    /// A key the user chose to link several reports or files, or to check a token
    /// they hold: `printf %s "$TOKEN" | openssl dgst -sha256 -hmac "$KEY"` prints
    /// the fingerprint (its first eight hex digits).
    pub fn from_passphrase(text: &str) -> Self {
        let mut k = [0u8; 64];
        if text.len() > 64 {
            k[..32].copy_from_slice(&Sha256::digest(text.as_bytes())); // boundary: bytes of a digest, not text
        } else {
            k[..text.len()].copy_from_slice(text.as_bytes());
        }
        FingerprintKey(k)
    }

    /// The first eight hex digits of HMAC-SHA-256 of `s` under this key.
    pub fn fingerprint(&self, s: &str) -> String {
        if s.len() < REMEMBERED_FINGERPRINT_BYTES {
            return self.work_out(s);
        }
        // One token is shown in many findings of a capture (every request it was sent
        // with), and its HMAC is a SHA-256 block per 64 bytes: the last few are remembered.
        RECENT_FINGERPRINTS.with(|recent| {
            let mut recent = recent.borrow_mut();
            let known = recent
                .iter()
                .position(|r| r.value.len() == s.len() && r.key == self.0 && *r.value == *s);
            if let Some(at) = known {
                let hit = recent.remove(at);
                let fingerprint = hit.fingerprint.clone();
                recent.push(hit);
                return fingerprint;
            }
            let fingerprint = self.work_out(s);
            if recent.len() == REMEMBERED_FINGERPRINTS {
                recent.remove(0);
            }
            recent.push(Remembered {
                key: self.0,
                value: s.into(),
                fingerprint: fingerprint.clone(),
            });
            fingerprint
        })
    }

    fn work_out(&self, s: &str) -> String {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(s.as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .take(4)
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// How many fingerprints a thread remembers ([`FingerprintKey::fingerprint`]).
const REMEMBERED_FINGERPRINTS: usize = 16;

/// Values shorter than this are hashed again: remembering them would cost about as much.
const REMEMBERED_FINGERPRINT_BYTES: usize = 128;

/// A fingerprint worked out, with what it was worked out from.
struct Remembered {
    key: [u8; 64],
    value: Box<str>,
    fingerprint: String,
}

thread_local! {
    /// The last fingerprints worked out on this thread, the most recent last. Emptied at the
    /// end of each analysis and when a live session lets its entries go or is freed
    /// ([`forget_fingerprints`]). What is shown after an analysis (a request's details, a
    /// Markdown report, a sanitized file) may leave up to sixteen of the capture's values
    /// here until then.
    static RECENT_FINGERPRINTS: std::cell::RefCell<Vec<Remembered>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Forgets the values this thread remembered to fingerprint them faster.
pub fn forget_fingerprints() {
    RECENT_FINGERPRINTS.with(|recent| recent.borrow_mut().clear());
}

/// How many values this thread remembers with their fingerprints.
#[cfg(test)]
pub(crate) fn fingerprints_remembered() -> usize {
    RECENT_FINGERPRINTS.with(|recent| recent.borrow().len())
}

impl std::fmt::Debug for FingerprintKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FingerprintKey(…)")
    }
}

/// Whether a secret is short enough to guess, so that neither its length nor any
/// fingerprint may be shown.
pub fn is_low_entropy(value: &str) -> bool {
    value.chars().count() < LOW_ENTROPY_CHARS
}

/// The vendor type prefix of a token (`ghp_`, `sk_live_`), which is public.
pub fn public_prefix(value: &str) -> Option<&'static str> {
    crate::knowledge::TOKEN_PREFIXES
        .iter()
        .copied()
        .find(|p| value.starts_with(p) && value.len() > p.len())
}

/// Values that look like credentials but are programming placeholders: showing
/// them is the diagnosis, and they protect nothing.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    v.is_empty() || crate::http::authorization::is_placeholder(v)
}

/// Redacts one secret value without a fingerprint (see the module docs).
pub fn secret(value: &str) -> String {
    secret_keyed(value, None)
}

/// Redacts one secret value, with a keyed fingerprint when a key is given and the
/// value is not low-entropy (see the module docs).
pub fn secret_keyed(value: &str, key: Option<&FingerprintKey>) -> String {
    if is_placeholder(value) {
        return value.to_owned();
    }
    let chars = value.chars().count();
    if is_low_entropy(value) || is_basic_credential(value) {
        return "•••".to_owned();
    }
    let keep = if value.starts_with("eyJ") {
        // A JWT's first 8 characters encode `{"alg":` or `{"typ":`: public by design.
        8.min(value.len())
    } else {
        public_prefix(value).map_or(0, str::len)
    };
    // A cut inside a multi-byte character (`eyJabcdé`) keeps fewer bytes, never panics.
    let shown = crate::text::head(value, keep);
    let (shown, sep) = if !shown.is_empty() && shown.len() < value.len() {
        (shown, "…")
    } else {
        ("•••", "")
    };
    match key {
        Some(k) => format!("{shown}{sep}({chars} chars, #{})", k.fingerprint(value)),
        None => format!("{shown}{sep}({chars} chars)"),
    }
}

/// `Basic <base64>` credentials hold a password: low-entropy whatever their length.
fn is_basic_credential(value: &str) -> bool {
    crate::text::starts_with_ignore_ascii_case(value.trim_start(), "basic ")
}

/// Header names whose whole value (after a scheme) is a credential.
pub fn is_sensitive_header(name: &str) -> bool {
    thread_local! {
        static SENSITIVE: crate::memo::NameMemo = Default::default();
    }
    // Every header of every entry is asked about: remember each name's answer.
    crate::memo::remembered(&SENSITIVE, name, decide_sensitive_header)
}

fn decide_sensitive_header(name: &str) -> bool {
    let n: Cow<'_, str> = if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    };
    use crate::knowledge::{CREDENTIAL_HEADERS, CREDENTIAL_HEADER_WORDS, NOT_CREDENTIAL_HEADERS};
    if crate::http::is_pseudo_header(&n)
        || NOT_CREDENTIAL_HEADERS.contains(&n.as_ref())
        || n.starts_with("access-control-")
    {
        return false;
    }
    CREDENTIAL_HEADERS.contains(&n.as_ref())
        || CREDENTIAL_HEADER_WORDS.iter().any(|w| n.contains(w))
}

/// Query, form and JSON keys whose value is a credential.
pub fn is_sensitive_param(name: &str) -> bool {
    thread_local! {
        static SENSITIVE: crate::memo::NameMemo = Default::default();
    }
    // Most keys (`id`, `amount`, `tags`) lack, for each credential's name, one of its letters:
    // told so by their letters alone, without hashing them.
    if !has_letters_of_credential(name) {
        return false;
    }
    // Every key of every body and query is asked about: remember each name's answer.
    crate::memo::remembered(&SENSITIVE, name, decide_sensitive_param)
}

/// The letters of a name, as the bits of a set, in any case (`-` counts as `_`, as
/// [`decide_sensitive_param`] reads it; other bytes are not counted).
const fn letters(name: &[u8]) -> u32 {
    let mut set = 0;
    let mut i = 0;
    while i < name.len() {
        let b = name[i].to_ascii_lowercase();
        if b.is_ascii_lowercase() {
            set |= 1 << (b - b'a');
        } else if b == b'_' || b == b'-' {
            set |= 1 << 26;
        }
        i += 1;
    }
    set
}

/// The letters of each credential's name and word ([`crate::knowledge`]): a name that holds
/// one, or is one, has all of its letters.
const CREDENTIAL_LETTERS: [u32; CREDENTIAL_NAMES] = {
    use crate::knowledge::{CREDENTIAL_PARAMS, CREDENTIAL_PARAM_WORDS};
    let mut sets = [0; CREDENTIAL_NAMES];
    let mut i = 0;
    while i < CREDENTIAL_NAMES {
        sets[i] = if i < CREDENTIAL_PARAMS.len() {
            letters(CREDENTIAL_PARAMS[i].as_bytes())
        } else {
            letters(CREDENTIAL_PARAM_WORDS[i - CREDENTIAL_PARAMS.len()].as_bytes())
        };
        i += 1;
    }
    sets
};

/// How many names and words [`CREDENTIAL_LETTERS`] holds.
const CREDENTIAL_NAMES: usize =
    crate::knowledge::CREDENTIAL_PARAMS.len() + crate::knowledge::CREDENTIAL_PARAM_WORDS.len();

/// Whether the set at `i` of [`CREDENTIAL_LETTERS`] is needed to tell a name by its letters:
/// it is not when it holds another set (`password` holds `pass`, `api_key` holds `key`), since
/// a name with all of its letters has all of the other's; of equal sets, only the first is.
const fn is_least(i: usize) -> bool {
    let mine = CREDENTIAL_LETTERS[i];
    let mut j = 0;
    while j < CREDENTIAL_NAMES {
        let other = CREDENTIAL_LETTERS[j];
        if j != i && other & !mine == 0 && (other != mine || j < i) {
            return false;
        }
        j += 1;
    }
    true
}

/// How many sets [`LEAST_LETTERS`] holds.
const LEAST: usize = {
    let (mut n, mut i) = (0, 0);
    while i < CREDENTIAL_NAMES {
        n += is_least(i) as usize;
        i += 1;
    }
    n
};

/// The sets of [`CREDENTIAL_LETTERS`] that hold no other: a name has all the letters of some
/// credential's name or word exactly when it has all of one of these (18 of 50 sets, asked of
/// every key of every JSON answer).
const LEAST_LETTERS: [u32; LEAST] = {
    let mut sets = [0; LEAST];
    let (mut n, mut i) = (0, 0);
    while i < CREDENTIAL_NAMES {
        if is_least(i) {
            sets[n] = CREDENTIAL_LETTERS[i];
            n += 1;
        }
        i += 1;
    }
    sets
};

/// Whether `name` has every letter of some credential's name or word: else
/// [`decide_sensitive_param`] says no (it may say no all the same).
fn has_letters_of_credential(name: &str) -> bool {
    let held = letters(name.as_bytes());
    // Every set is asked, without stopping at the first: most names have none, and a loop
    // without a branch is a few vector instructions.
    LEAST_LETTERS
        .iter()
        .fold(false, |any, &needed| any | (needed & !held == 0))
}

fn decide_sensitive_param(name: &str) -> bool {
    use crate::knowledge::{CREDENTIAL_PARAMS, CREDENTIAL_PARAM_WORDS, NOT_CREDENTIAL_PARAMS};
    let n: Cow<'_, str> = if name.bytes().any(|b| b.is_ascii_uppercase() || b == b'-') {
        Cow::Owned(name.to_ascii_lowercase().replace('-', "_"))
    } else {
        Cow::Borrowed(name)
    };
    let n = n.as_ref();
    // Names about a token rather than holding one.
    if NOT_CREDENTIAL_PARAMS.contains(&n) {
        return false;
    }
    CREDENTIAL_PARAMS.contains(&n) || CREDENTIAL_PARAM_WORDS.iter().any(|w| n.contains(w))
}

/// Redacts a header value according to its name, without fingerprints.
pub fn header_value<'v>(name: &str, value: &'v str) -> Cow<'v, str> {
    header_value_with(name, value, &secret)
}

/// Redacts a header value according to its name. `Authorization: Bearer x` keeps
/// the scheme; `Cookie` and `Set-Cookie` keep names and attributes.
pub fn header_value_with<'v>(name: &str, value: &'v str, replace: Replace<'_>) -> Cow<'v, str> {
    redact_as(HeaderKind::of(name), value, replace)
}

/// [`header_value_with`] for a header whose kind is known.
fn redact_as<'v>(kind: HeaderKind, value: &'v str, replace: Replace<'_>) -> Cow<'v, str> {
    match kind {
        HeaderKind::Authorization => Cow::Owned(authorization_with(value, replace)),
        HeaderKind::Cookie => Cow::Owned(cookie_header_with(value, replace)),
        HeaderKind::SetCookie => Cow::Owned(
            value
                .split('\n')
                .map(|l| set_cookie_with(l, replace))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        HeaderKind::Url => {
            let out = url_with(value, replace);
            if out == value {
                Cow::Borrowed(value)
            } else {
                Cow::Owned(out)
            }
        }
        HeaderKind::Secret => Cow::Owned(replace(value)),
        HeaderKind::Plain => Cow::Borrowed(value),
    }
}

/// How a header's value is redacted, by its name: what [`header_value_with`] does with it
/// depends on this and on the value alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeaderKind {
    /// `Authorization`, `Proxy-Authorization`: the credentials after the scheme.
    Authorization,
    /// `Cookie`: each value.
    Cookie,
    /// `Set-Cookie`, one line a cookie: each value.
    SetCookie,
    /// `Location`, `Referer`, `Content-Location`, HTTP/2's `:path`: credentials in the URL.
    Url,
    /// A header that is a credential as a whole (`X-Api-Key`).
    Secret,
    /// Anything else: shown as it is.
    Plain,
}

/// Whether a header's value is shown as it is, whatever it holds: no credential is read from
/// it by its name (a value may still hold a token the scrubbing of text finds).
pub(crate) fn is_plain_header(name: &str) -> bool {
    HeaderKind::decide(name) == HeaderKind::Plain
}

impl HeaderKind {
    fn of(name: &str) -> Self {
        thread_local! {
            static KIND: crate::memo::NameMemo<HeaderKind> = Default::default();
        }
        // Every header of every entry is asked about: one look-up per name.
        crate::memo::remembered(&KIND, name, Self::decide)
    }

    fn decide(name: &str) -> Self {
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        if is("authorization") || is("proxy-authorization") {
            HeaderKind::Authorization
        } else if is("cookie") {
            HeaderKind::Cookie
        } else if is("set-cookie") {
            HeaderKind::SetCookie
        } else if is("location") || is("referer") || is("content-location") || is(":path") {
            // `:path` is an HTTP/2 request's path and query: a token in it is hidden by its
            // parameter's name, as in the request's URL.
            HeaderKind::Url
        } else if decide_sensitive_header(name) {
            HeaderKind::Secret
        } else {
            HeaderKind::Plain
        }
    }
}

/// `Scheme credentials` with the credentials redacted, without fingerprints.
pub fn authorization(value: &str) -> String {
    authorization_with(value, &secret)
}

/// `Scheme credentials` with the credentials replaced (the scheme is not secret).
/// A Basic credential holds a password, so it is shown as `•••` alone: no length,
/// no fingerprint.
pub fn authorization_with(value: &str, replace: Replace<'_>) -> String {
    let trimmed = value.trim_start();
    match trimmed.split_once([' ', '\t']) {
        Some((scheme, rest)) if !scheme.is_empty() && scheme.chars().all(is_tchar) => {
            let rest_trimmed = rest.trim_start_matches([' ', '\t']);
            // `split_once` consumed one separator; keep it and any others as sent.
            let lead = &trimmed[scheme.len()..trimmed.len() - rest_trimmed.len()]; // boundary: trimmed whole characters
            if scheme.eq_ignore_ascii_case("basic") && !is_placeholder(rest_trimmed) {
                return format!("{scheme}{lead}•••");
            }
            if rest_trimmed.contains('=')
                && !scheme.eq_ignore_ascii_case("basic")
                && !scheme.eq_ignore_ascii_case("bearer")
                && rest_trimmed.contains(',')
            {
                // auth-param list (Digest): keep the names, hide every value.
                let params: Vec<String> = rest_trimmed
                    .split(',')
                    .map(|p| match p.split_once('=') {
                        Some((k, v)) => {
                            let k_trim = k.trim().to_ascii_lowercase();
                            let v = v.trim().trim_matches('"');
                            if matches!(k_trim.as_str(), "username" | "realm" | "algorithm" | "qop")
                            {
                                format!("{}={}", k.trim(), v)
                            } else if k_trim == "uri" {
                                // The request target may carry a token in its query.
                                format!("{}={}", k.trim(), url_with(v, replace))
                            } else {
                                format!("{}={}", k.trim(), replace(v))
                            }
                        }
                        None => replace(p.trim()),
                    })
                    .collect();
                return format!("{scheme}{lead}{}", params.join(", "));
            }
            format!("{scheme}{lead}{}", replace(rest_trimmed))
        }
        _ => replace(value),
    }
}

fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// How a secret is replaced: [`secret`] for display, `sanitize::token` for a
/// shareable HAR. The structural functions below take one, so what counts as a
/// secret is decided in one place for every output.
pub type Replace<'r> = &'r dyn Fn(&str) -> String;

/// Whether a string is a compact JWT (replaced wherever it appears).
pub fn looks_like_jwt(s: &str) -> bool {
    s.starts_with("eyJ") && s.matches('.').count() >= 2 && !s.contains(' ')
}

/// A `Cookie` request header with every value redacted and names kept.
pub fn cookie_header(value: &str) -> String {
    cookie_header_with(value, &secret)
}

/// A `Cookie` header with every value replaced by `replace`.
pub fn cookie_header_with(value: &str, replace: Replace<'_>) -> String {
    let mut out = String::with_capacity(value.len());
    for (i, pair) in value.split(';').enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        match pair.split_once('=') {
            Some((n, v)) => {
                out.push_str(n.trim());
                out.push('=');
                out.push_str(&replace(v.trim()));
            }
            None => out.push_str(pair.trim()),
        }
    }
    out
}

/// One `Set-Cookie` line with its value redacted and attributes kept.
pub fn set_cookie(line: &str) -> String {
    set_cookie_with(line, &secret)
}

/// One `Set-Cookie` line with its value replaced by `replace`. Some exporters
/// join several cookies with `, ` in one line (`a=1; Path=/, b=2`); each is
/// replaced (a comma inside `Expires=Wed, 21 Oct …` does not start a cookie).
pub fn set_cookie_with(line: &str, replace: Replace<'_>) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let mut start = 0;
    for (at, _) in line.match_indices(',') {
        let next = line[at + 1..].trim_start(); // boundary: after an ASCII comma
        let head = next.split(';').next().unwrap_or("");
        let starts_cookie = head.split_once('=').is_some_and(|(n, _)| {
            !n.is_empty()
                && n.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
        });
        if starts_cookie {
            parts.push(&line[start..at]); // boundary: ASCII comma
            start = at + 1;
        }
    }
    if start == 0 {
        return set_cookie_one(line, replace);
    }
    parts.push(&line[start..]); // boundary: after an ASCII comma
    parts
        .iter()
        .map(|p| {
            let lead = &p[..p.len() - p.trim_start().len()]; // boundary: trimmed whitespace
            format!("{lead}{}", set_cookie_one(p, replace))
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn set_cookie_one(line: &str, replace: Replace<'_>) -> String {
    let (first, attrs) = match line.split_once(';') {
        Some((f, a)) => (f, Some(a)),
        None => (line, None),
    };
    let head = match first.split_once('=') {
        Some((n, v)) => format!("{}={}", n.trim(), replace(v.trim())),
        None => replace(first.trim()),
    };
    match attrs {
        Some(a) => format!("{head};{a}"),
        None => head,
    }
}

/// A URL with user info, sensitive query and fragment parameters redacted;
/// borrowed when nothing needed redacting.
pub fn url(value: &str) -> Cow<'_, str> {
    let out = url_with(value, &secret);
    if out == value {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(out)
    }
}

/// A URL with the password of its user info and sensitive query and fragment
/// parameters replaced; everything else is kept byte for byte.
pub fn url_with(value: &str, replace: Replace<'_>) -> String {
    let (before_fragment, fragment) = match crate::text::split_at_byte(value, b'#') {
        Some((b, f)) => (b, Some(f)),
        None => (value, None),
    };
    let (base, query) = match crate::text::split_at_byte(before_fragment, b'?') {
        Some((b, q)) => (b, Some(q)),
        None => (before_fragment, None),
    };
    let mut out = String::with_capacity(value.len());
    match crate::text::find(base, "://") {
        Some(scheme_end) => {
            let rest = &base[scheme_end + 3..];
            let authority_end = memchr::memchr(b'/', rest.as_bytes()).unwrap_or(rest.len());
            match memchr::memrchr(b'@', &rest.as_bytes()[..authority_end]) {
                Some(at) => {
                    out.push_str(&base[..scheme_end + 3]);
                    match rest[..at].split_once(':') {
                        Some((u, p)) => {
                            out.push_str(u);
                            out.push(':');
                            out.push_str(&replace(&percent_decode_lossy(p)));
                        }
                        // `https://ghp_…@github.com`: a token as the user name.
                        None => {
                            let user = percent_decode_lossy(&rest[..at]);
                            if public_prefix(&user).is_some()
                                || user.chars().count() >= LOW_ENTROPY_CHARS
                            {
                                out.push_str(&replace(&user));
                            } else {
                                out.push_str(&rest[..at]);
                            }
                        }
                    }
                    path_params_into(&mut out, &rest[at..], replace);
                }
                None => {
                    out.push_str(&base[..scheme_end + 3]);
                    path_params_into(&mut out, rest, replace);
                }
            }
        }
        None => path_params_into(&mut out, base, replace),
    }
    if let Some(q) = query {
        out.push('?');
        params_into(&mut out, q, replace);
    }
    if let Some(f) = fragment {
        out.push('#');
        // `#access_token=…&state=…` (implicit flow) is a parameter list; a route
        // fragment (`#/settings`) is not.
        if f.contains('=') {
            let (route, ps) = match f.split_once('?') {
                Some((r, p)) => (Some(r), p),
                None => (None, f),
            };
            if let Some(r) = route {
                out.push_str(r);
                out.push('?');
            }
            params_into(&mut out, ps, replace);
        } else if looks_like_jwt(f) {
            out.push_str(&replace(f));
        } else {
            out.push_str(f);
        }
    }
    out
}

/// A path with sensitive `;name=value` parameters replaced (`/cart;jsessionid=…`).
fn path_params_into(out: &mut String, path: &str, replace: Replace<'_>) {
    if memchr::memchr(b';', path.as_bytes()).is_none() {
        out.push_str(path);
        return;
    }
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        let mut parts = segment.split(';');
        out.push_str(parts.next().unwrap_or(""));
        for p in parts {
            out.push(';');
            match p.split_once('=') {
                Some((k, v)) if !v.is_empty() && is_sensitive_param(&percent_decode_lossy(k)) => {
                    out.push_str(k);
                    out.push('=');
                    out.push_str(&replace(&percent_decode_lossy(v)));
                }
                _ => out.push_str(p),
            }
        }
    }
}

/// An `a=1&b=2` string with sensitive values (and JWTs) replaced.
pub fn params_with(q: &str, replace: Replace<'_>) -> String {
    let mut out = String::with_capacity(q.len());
    params_into(&mut out, q, replace);
    out
}

fn params_into(out: &mut String, q: &str, replace: Replace<'_>) {
    for (i, pair) in q.split('&').enumerate() {
        if i > 0 {
            out.push('&');
        }
        match pair.split_once('=') {
            Some((k, v)) if !v.is_empty() => {
                let dv = percent_decode_lossy(v);
                if is_sensitive_param(&percent_decode_lossy(k)) || looks_like_jwt(&dv) {
                    out.push_str(k);
                    out.push('=');
                    out.push_str(&replace(&dv));
                } else {
                    out.push_str(pair);
                }
            }
            _ => out.push_str(pair),
        }
    }
}

/// What a server may have read inside a malformed `Authorization` value, and echo in its error:
/// the credential's last word without quotes (`Bearer Bearer x`, `Bearer "x"`), where that is
/// not the credential as written and long enough to be one (8 characters: shorter words would be
/// hidden wherever they appear).
pub(crate) fn read_inside(authorization: &str) -> Option<&str> {
    let (_, credential) = authorization.trim().split_once([' ', '\t'])?;
    let credential = credential.trim();
    let last = credential
        .split_whitespace()
        .last()?
        .trim_matches(['"', '\'']);
    (last != credential && last.len() >= 8).then_some(last)
}

/// Decodes `%XX` and `+` (form encoding); invalid escapes stay as written.
pub fn percent_decode_lossy(s: &str) -> Cow<'_, str> {
    percent_decode(s, true)
}

/// Decodes `%XX` only, as in a URL's userinfo or path, where `+` is itself; invalid escapes stay
/// as written.
pub fn percent_decode_strict(s: &str) -> Cow<'_, str> {
    percent_decode(s, false)
}

fn percent_decode(s: &str, plus_is_space: bool) -> Cow<'_, str> {
    if !s.bytes().any(|b| b == b'%' || (plus_is_space && b == b'+')) {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'+' && plus_is_space {
            out.push(b' ');
        } else if b == b'%' {
            let decoded = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(d) = decoded {
                out.push(d);
                i += 3;
                continue;
            }
            out.push(b'%');
        } else {
            out.push(b);
        }
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// A JSON or form body with sensitive values redacted, for excerpts and `curl`.
pub fn body(mime: &str, text: &str) -> String {
    body_with(mime, text, &secret).unwrap_or_else(|| text.to_owned())
}

/// A JSON or form body with sensitive values replaced; `None` when nothing
/// changed or the body is neither.
pub fn body_with(mime: &str, text: &str, replace: Replace<'_>) -> Option<String> {
    // JSON behind an anti-XSSI prefix (`)]}'` and a line break, Google and Angular).
    if let Some(rest) = text.strip_prefix(")]}'") {
        let (sep, json) =
            rest.split_at(rest.len() - rest.trim_start_matches([',', '\r', '\n']).len());
        return body_with("application/json", json, replace)
            .map(|clean| format!(")]}}'{sep}{clean}"));
    }
    let trimmed = text.trim_start();
    let json =
        trimmed.starts_with('{') || trimmed.starts_with('[') || crate::text::contains(mime, "json");
    let clean = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(mut v) if json => {
            json_with(&mut v, replace);
            serde_json::to_string(&v).ok()?
        }
        // NDJSON, JSON that does not parse, GraphQL, multipart, HTML, prose.
        Err(_) if json => text_with(text, replace)?,
        _ if crate::text::contains(mime, "x-www-form-urlencoded")
            || (!trimmed.is_empty() && !trimmed.contains([' ', '\n']) && trimmed.contains('=')) =>
        {
            params_with(text, replace)
        }
        _ if looks_like_jwt(trimmed) => replace(trimmed),
        _ => text_with(text, replace)?,
    };
    (clean != text).then_some(clean)
}

/// Free text (an HTML page, a WebSocket frame, a plain-text error, NDJSON, a
/// GraphQL query, a multipart body, JSON that does not parse) with the credentials
/// it shows by *place* or by *shape* replaced:
///
/// - URLs in it, by [`url_with`];
/// - `key=value` and `"key": "value"` / `key:"value"` pairs whose key is a credential's
///   name (an unquoted value after `:` and a space is prose, "token: expired", and kept);
/// - an HTML input or a multipart part named like a credential (`name="code"
///   value="…"`, `name="password"` and its content after the blank line);
/// - JWT-shaped words and long high-entropy words (random tokens in prose).
///
/// `None` when nothing was replaced.
pub fn text_with(text: &str, replace: Replace<'_>) -> Option<String> {
    let mut spans = Spans::default();
    let bytes = text.as_bytes();
    // URLs.
    for scheme in ["https://", "http://", "wss://", "ws://"] {
        let mut last_end = 0;
        for (start, _) in text.match_indices(scheme) {
            // A URL inside a URL (`redirect_uri=https://…`) is part of the outer one.
            if start < last_end {
                continue;
            }
            let end = text[start..] // boundary: match_indices
                .find(|c: char| c.is_whitespace() || "\"'<>`".contains(c))
                .map_or(text.len(), |n| start + n);
            last_end = end;
            let u = &text[start..end]; // boundary: found at char boundaries
            let clean = url_with(u, replace);
            if clean != u {
                push_span(&mut spans, start, end, clean);
            }
        }
    }
    // Named values.
    let mut i = 0;
    while i < bytes.len() {
        if !is_key_byte(bytes[i]) || (i > 0 && is_key_byte(bytes[i - 1])) {
            i += 1;
            continue;
        }
        let key_start = i;
        while i < bytes.len() && is_key_byte(bytes[i]) {
            i += 1;
        }
        let key = &text[key_start..i]; // boundary: ASCII key bytes
        let mut j = i;
        let quoted_key = j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b'\'');
        if quoted_key {
            j += 1;
        }
        while j < bytes.len() && bytes[j] == b' ' {
            j += 1;
        }
        let Some(&sep) = bytes.get(j) else { break };
        if sep != b'=' && sep != b':' {
            continue;
        }
        j += 1;
        let spaced = j < bytes.len() && bytes[j] == b' ';
        while j < bytes.len() && bytes[j] == b' ' {
            j += 1;
        }
        let Some((v_start, v_end)) = value_at(text, j) else {
            continue;
        };
        let value_quoted = bytes[j] == b'"' || bytes[j] == b'\'';
        // "token: expired" is prose; `token=abc`, `"token": "abc"`, `token:"abc"` are data.
        if sep == b':' && !value_quoted && (spaced || !quoted_key) {
            continue;
        }
        let value = &text[v_start..v_end]; // boundary: value_at returns char boundaries
        if key.eq_ignore_ascii_case("name") && is_sensitive_param(value) {
            // `<input name="code" value="…">` or a multipart part `name="password"`.
            if let Some((s2, e2)) = named_content(text, v_end) {
                let inner = &text[s2..e2]; // boundary: named_content returns char boundaries
                if !inner.is_empty() && !is_placeholder(inner) {
                    push_span(&mut spans, s2, e2, replace(inner));
                }
            }
        } else if is_sensitive_param(key) && !value.is_empty() && !is_placeholder(value) {
            push_span(&mut spans, v_start, v_end, replace(value));
        }
        i = v_end;
    }
    // Shapes: JWTs and long random words anywhere else.
    let mut k = 0;
    while k < bytes.len() {
        if !is_token_byte(bytes[k]) {
            k += 1;
            continue;
        }
        let start = k;
        while k < bytes.len() && is_token_byte(bytes[k]) {
            k += 1;
        }
        let word = text[start..k].trim_end_matches(['.', '=']); // boundary: ASCII token bytes
                                                                // `=` inside a word is a key=value join, never base64 (whose `=` only pads the
                                                                // end): `id=123456789012345678901234567890` is a numeric id, not a random word.
        let mut at = start;
        for part in word.split('=') {
            if looks_like_jwt(part) || looks_random(part) {
                push_span(&mut spans, at, at + part.len(), replace(part));
            }
            at += part.len() + 1;
        }
    }
    if spans.0.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, (end, clean)) in spans.0 {
        out.push_str(&text[at..start]); // boundary: spans start at char boundaries
        out.push_str(&clean);
        at = end;
    }
    out.push_str(&text[at..]); // boundary: the end of a span
    Some(out)
}

/// Replacements by start, never overlapping.
#[derive(Default)]
struct Spans(std::collections::BTreeMap<usize, (usize, String)>);

/// Adds a replacement unless it overlaps one already chosen (earlier kinds win:
/// URLs, then named values, then shapes). Logarithmic, so a text with a million
/// URLs costs no more than its length.
fn push_span(spans: &mut Spans, start: usize, end: usize, clean: String) {
    let before = spans
        .0
        .range(..=start)
        .next_back()
        .is_some_and(|(_, &(e, _))| e > start);
    let after = spans.0.range(start..).next().is_some_and(|(&s, _)| s < end);
    if !before && !after {
        spans.0.insert(start, (end, clean));
    }
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'+' | b'/' | b'=' | b'~')
}

/// The value starting at `at`: a quoted string (without its quotes, escapes
/// skipped) or a run up to a separator.
fn value_at(text: &str, at: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let &first = bytes.get(at)?;
    // A credential is not longer than this: scans stop there, so that text without
    // separators costs its length, not its square.
    const MAX_VALUE: usize = 4096;
    if first == b'"' || first == b'\'' {
        let limit = (at + 1 + MAX_VALUE).min(bytes.len());
        let mut k = at + 1;
        while k < limit && bytes[k] != first {
            k += if bytes[k] == b'\\' { 2 } else { 1 };
        }
        if k >= limit {
            return None;
        }
        return Some((at + 1, k));
    }
    let window = crate::text::head(&text[at..], MAX_VALUE); // boundary: after an ASCII separator
    let end = at
        + window
            .find(|c: char| c.is_whitespace() || "&,;)}]\"'<>".contains(c))
            .unwrap_or(window.len());
    (end > at).then_some((at, end))
}

/// After `name="x"`: the `value="…"` of the same HTML tag, or the content of a
/// multipart part (the line after the blank line).
fn named_content(text: &str, from: usize) -> Option<(usize, usize)> {
    // A tag or a part header is short: look no further than 4 KiB.
    let rest = crate::text::head(&text[from..], 4096); // boundary: after a quoted value
    let tag_end = rest.find('>').unwrap_or(rest.len());
    if let Some(v) = rest[..tag_end].find("value=") {
        // boundary: find results
        let at = from + v + "value=".len();
        return value_at(text, at);
    }
    let blank = rest
        .find("\r\n\r\n")
        .map(|n| n + 4)
        .or_else(|| rest.find("\n\n").map(|n| n + 2))?;
    if rest[..blank].contains("name=") {
        // boundary: find results
        return None; // another part's header before the content
    }
    let start = from + blank;
    let end = text[start..]
        .find(['\r', '\n'])
        .map_or(text.len(), |n| start + n); // boundary: find result
    Some((start, end))
}

/// A word that looks like a random token: 24 or more characters with letters and
/// digits mixed and little repetition (Shannon entropy above 3.5 bits a character).
fn looks_random(word: &str) -> bool {
    if word.len() < 24 || word.len() > 4096 {
        return false;
    }
    let digits = word.bytes().filter(u8::is_ascii_digit).count();
    let letters = word.bytes().filter(u8::is_ascii_alphabetic).count();
    if digits == 0 || letters == 0 || word.contains("//") || word.starts_with('/') {
        return false;
    }
    let mut counts = [0u32; 256];
    for b in word.bytes() {
        counts[b as usize] += 1;
    }
    let n = word.len() as f64;
    let entropy: f64 = counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum();
    entropy > 3.5
}

/// Replaces sensitive members (by key, recursively) and JWT strings of a JSON
/// value in place.
pub fn json_with(v: &mut serde_json::Value, replace: Replace<'_>) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                if is_sensitive_param(k) {
                    match val {
                        Value::String(s) => {
                            *s = replace(s);
                            continue;
                        }
                        Value::Number(n) => {
                            *val = Value::String(replace(&n.to_string()));
                            continue;
                        }
                        _ => {}
                    }
                }
                json_with(val, replace);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|x| json_with(x, replace)),
        Value::String(s) if looks_like_jwt(s) => *s = replace(s),
        // JSON inside a string, a URL, a server's echo of a token.
        Value::String(s) => {
            if let Some(clean) = body_with("", s, replace) {
                *s = clean;
            }
        }
        _ => {}
    }
}

/// Every credential a capture holds, so that text the *server* wrote (an
/// `error_description`, a sign-in API's `message`, a `Location` it built) can be
/// scrubbed of them wherever it is shown: servers echo what they were sent
/// ("Invalid refresh token: r3fr…").
///
/// What counts as a credential is decided by the same functions that redact, run
/// over every request and response once with a collecting `replace`; decoded Basic
/// passwords and key-like user ids are added. Longest first, so a token is
/// replaced before a shorter secret inside it.
#[derive(Debug, Clone, Default)]
pub struct KnownSecrets {
    /// `(value, whole_word)`: short values are only replaced as whole words, so a
    /// 4-character password does not eat into ordinary words.
    values: Vec<(String, bool)>,
    /// All values in one index (leftmost, then longest): a text is scanned once,
    /// however many credentials the capture holds.
    matcher: crate::multi_find::MultiFind,
}

impl PartialEq for KnownSecrets {
    fn eq(&self, other: &Self) -> bool {
        self.values == other.values
    }
}

/// Below this, a value found by name is scrubbed only as a whole word and only
/// when it mixes letters and digits (a cookie `theme=dark` is not scrubbed from
/// prose); a decoded Basic password is scrubbed as a whole word at any length.
const SUBSTRING_SCRUB_CHARS: usize = 8;

/// Longer values are not scrubbed from server text (tokens are far shorter).
const MAX_SCRUB_BYTES: usize = 4096;

/// Entries below which collecting credentials on another thread costs more than it saves.
pub const SECRETS_PER_THREAD: usize = 2_000;

impl KnownSecrets {
    /// The credentials of a capture. Entries are independent here, so a large capture
    /// is collected on every core ([`crate::parallel`]).
    pub fn of(har: &crate::har::Har<'_>) -> KnownSecrets {
        let threads = crate::parallel::threads_for(har.entries.len(), SECRETS_PER_THREAD);
        Self::of_entries(&har.entries, threads)
    }

    /// The credentials of `entries`, collected on at most `threads` threads
    /// ([`Collecting`]).
    pub fn of_entries(entries: &[Box<crate::har::Entry<'_>>], threads: usize) -> KnownSecrets {
        let collecting = Collecting::new(entries);
        let helpers = vec![(); threads.max(1)];
        Collecting::finish(crate::parallel::map_chunks(&helpers, 1, |_, _| {
            collecting.help()
        }))
    }

    fn from_found(found: Values, passwords: Vec<String>) -> KnownSecrets {
        Self::from_candidates(candidates(found, passwords))
    }

    /// The values to scrub: `values` in [`candidate_order`], each text once ([`candidates`]).
    fn from_candidates(values: Vec<Candidate>) -> KnownSecrets {
        let values: Vec<(String, bool)> = values
            .into_iter()
            .map(|(v, whole_word, _)| (v, whole_word))
            .collect();
        let matcher = crate::multi_find::MultiFind::new(values.iter().map(|v| v.0.as_str()));
        KnownSecrets { values, matcher }
    }

    /// Whether there is nothing to scrub.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// `text` with every known credential replaced
    /// by `replace`; borrowed when there was none.
    pub fn scrub<'t>(&self, text: &'t str, replace: Replace<'_>) -> Cow<'t, str> {
        if self.values.is_empty() || text.is_empty() {
            return Cow::Borrowed(text);
        }
        // Leftmost-longest, never overlapping. A short value found inside a longer word is
        // not a match, and the search goes on from the next character, not after it: the
        // rejected span may hold a credential of its own (a fuzz finding: a cookie value
        // `te` rejected inside `teZq7…` hid the token after it).
        // A match whose replacement leaves it as it is (the sanitizer keeps a value that
        // already holds its marker) is no match either: a long "credential" made of a
        // captured text, with a token inside, must not shield the token (fuzz finding).
        // Values under four bytes are Basic passwords, replaced only as whole words: they
        // are looked for only where no letter or digit comes before.
        let starts_word = |p: usize| {
            text.is_char_boundary(p)
                && !text[..p]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric) // boundary: checked
        };
        let value = |i: u32| self.values[i as usize].0.as_bytes();
        let mut hits: Vec<(usize, usize, String)> = Vec::new();
        let mut pos = 0;
        while let Some((start, i)) = self.matcher.find(text.as_bytes(), pos, value, starts_word) {
            let (secret, whole_word) = &self.values[i as usize];
            let end = start + secret.len();
            let replaced = (!*whole_word || is_word_edge(text, start, end))
                .then(|| replace(secret))
                .filter(|r| r != secret);
            let Some(replaced) = replaced else {
                pos = start + text[start..].chars().next().map_or(1, char::len_utf8); // boundary: a match starts on a char boundary
                continue;
            };
            hits.push((start, end, replaced));
            pos = end.max(start + 1);
        }
        if hits.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (start, end, replaced) in hits {
            out.push_str(&text[at..start]); // boundary: matches start and end on char boundaries
            out.push_str(&replaced);
            at = end;
        }
        out.push_str(&text[at..]); // boundary: the end of a match
        Cow::Owned(out)
    }
}

/// Credential values, each once. Hashed with foldhash: every cookie and header value of every
/// entry is looked up here, and SipHash took about a tenth of the collection's time in
/// WebAssembly.
type Values = std::collections::HashSet<String, foldhash::fast::RandomState>;

/// A value that may be scrubbed: its text, whether only as a whole word, and whether it is a
/// decoded Basic password.
type Candidate = (String, bool, bool);

/// What of `found` and `passwords` may be scrubbed, in [`candidate_order`]: the work of
/// [`KnownSecrets`] that each thread collecting does for its own part (the parts are then
/// merged, on one thread, after the rules that relate entries).
fn candidates(found: Values, passwords: Vec<String>) -> Vec<Candidate> {
    let mut values: Vec<Candidate> = found
        .into_iter()
        .filter_map(|v| {
            let v = v.trim().to_owned();
            let n = v.chars().count();
            // A header of 200 KB is not echoed back, and would cost the matcher dearly.
            if v.len() > MAX_SCRUB_BYTES {
                None
            } else if n >= SUBSTRING_SCRUB_CHARS {
                Some((v, false, false))
            } else if (n >= 4
                && v.chars().any(|c| c.is_ascii_digit())
                && v.chars().any(char::is_alphabetic))
                // A one-time code or a PIN of 6+ digits, echoed as "code 482913 is not
                // valid"; shorter numbers are everywhere (years, ports, ids).
                || (n >= 6 && v.chars().all(|c| c.is_ascii_digit()))
            {
                Some((v, true, false))
            } else {
                None
            }
        })
        .chain(
            passwords
                .into_iter()
                .filter(|p| !p.trim().is_empty())
                .map(|p| (p, true, true)),
        )
        .collect();
    in_candidate_order(&mut values);
    values
}

/// `values` in [`candidate_order`], each text once: the first, so a text found by name and as
/// a password is kept as found (it sorts first). Sorted runs (each thread's part) are merged.
fn in_candidate_order(values: &mut Vec<Candidate>) {
    values.sort_by(candidate_order);
    values.dedup_by(|a, b| a.0 == b.0);
}

/// Longest first (a token is replaced before a shorter secret inside it), then by text; a
/// text found by name before the same text as a password.
fn candidate_order(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    (b.0.len().cmp(&a.0.len()))
        .then_with(|| a.0.cmp(&b.0))
        .then(a.2.cmp(&b.2))
}

/// The credentials of a capture that grows one entry at a time (the DevTools panel's live
/// session): each entry is read for them once, when it comes, and [`SecretsCollector::secrets`]
/// gives what [`KnownSecrets::of`] gives for the entries collected so far.
#[derive(Default)]
pub struct SecretsCollector {
    found: Found,
    entries: usize,
}

impl SecretsCollector {
    /// Collects the credentials of the entries of `kept` after those it has collected (a
    /// session's entries are kept in order, new ones at the end), in order.
    pub fn add_new(&mut self, kept: &[Box<crate::har::Entry<'_>>]) {
        // What the previous entry sent is borrowed from it: compared within the new entries.
        let mut seen = Seen::default();
        let new = &kept[self.entries..]; // boundary: entries, not text
        for e in new {
            self.found.entry(e, &mut seen);
        }
        self.entries = kept.len();
    }

    /// How many entries were collected.
    pub fn len(&self) -> usize {
        self.entries
    }

    /// Whether no entry was collected.
    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    /// The credentials of the entries collected so far.
    pub fn secrets(&self) -> KnownSecrets {
        KnownSecrets::from_found(
            self.found.values.borrow().clone(),
            self.found.passwords.clone(),
        )
    }
}

/// A capture's credentials collected a chunk of entries at a time by whichever thread is free
/// ([`Collecting::help`]): the engine collects them on one core while the rules that relate
/// entries run on the other, and that core helps once they are done (on the Chrome-shaped bench
/// file they took 27 ms of the collection's 38, and then waited).
pub struct Collecting<'e, 'a> {
    entries: &'e [Box<crate::har::Entry<'a>>],
    /// The first entry no thread has taken yet.
    next: std::sync::atomic::AtomicUsize,
}

/// What one thread of a [`Collecting`] found, as candidates to scrub ([`candidates`]).
pub struct Collected(Vec<Candidate>);

impl<'e, 'a> Collecting<'e, 'a> {
    /// Entries taken at a time: a few hundred microseconds of work.
    const CHUNK: usize = 256;

    /// The collection of `entries`' credentials, none taken yet.
    pub fn new(entries: &'e [Box<crate::har::Entry<'a>>]) -> Self {
        Collecting {
            entries,
            next: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// Collects chunks of entries no thread has taken, until there are none left.
    pub fn help(&self) -> Collected {
        let (mut found, mut seen) = (Found::default(), Seen::default());
        loop {
            let from = self
                .next
                .fetch_add(Self::CHUNK, std::sync::atomic::Ordering::Relaxed);
            let Some(rest) = self.entries.get(from..).filter(|r| !r.is_empty()) else {
                break;
            };
            let chunk = &rest[..rest.len().min(Self::CHUNK)];
            for (at, e) in chunk.iter().enumerate() {
                crate::har::prefetch::ahead(at, |i| chunk.get(i).map(|e| &**e));
                found.entry(e, &mut seen);
            }
        }
        Collected(candidates(found.values.into_inner(), found.passwords))
    }

    /// The credentials the threads that helped found, together (in any order: the same).
    pub fn finish(parts: impl IntoIterator<Item = Collected>) -> KnownSecrets {
        let (mut values, mut merged) = (Vec::new(), false);
        for Collected(mut part) in parts {
            if values.is_empty() {
                values = part;
            } else if !part.is_empty() {
                values.append(&mut part);
                merged = true;
            }
        }
        if merged {
            in_candidate_order(&mut values);
        }
        KnownSecrets::from_candidates(values)
    }
}

/// What [`KnownSecrets::of`] collects from some entries.
#[derive(Default)]
struct Found {
    /// Values found by name (filtered by length and shape later), each once: a capture
    /// sends the same cookies and tokens with every request.
    values: std::cell::RefCell<Values>,
    /// Decoded Basic passwords (scrubbed as whole words at any length).
    passwords: Vec<String>,
}

/// The previous entry's header values that may hold a credential, for [`Found::entry`]:
/// request after request sends the same `Referer`, `Authorization` and `Cookie`, and what a
/// value holds is found once. Only the previous entry's: the memory stays bounded however many
/// values there are. Borrowed from the entries (`'e`): copied, each `Cookie` of a capture was an
/// allocation and a copy.
#[derive(Default)]
struct Seen<'e> {
    previous: Vec<(HeaderKind, &'e str)>,
    /// The list the next entry fills, kept for its room.
    current: Vec<(HeaderKind, &'e str)>,
}

impl Found {
    fn take(&self, v: &str) {
        Self::take_into(&self.values, v);
    }

    fn take_into(values: &std::cell::RefCell<Values>, v: &str) {
        let mut values = values.borrow_mut();
        if !values.contains(v) && !is_placeholder(v) {
            values.insert(v.to_owned());
        }
    }

    /// The credentials of one entry: what the redaction would hide in its headers, URL,
    /// cookies and parameters, plus those of bodies that may hold one.
    fn entry<'e>(&mut self, e: &'e crate::har::Entry<'_>, seen: &mut Seen<'e>) {
        let values = &self.values;
        let collect = |v: &str| {
            Self::take_into(values, v);
            String::new()
        };
        let mut passwords = Vec::new();
        let headers = e.request.headers.may_hold_credentials().chain(
            e.response
                .iter()
                .flat_map(|r| r.headers.may_hold_credentials()),
        );
        let mut previous = std::mem::take(&mut seen.previous);
        let mut current = std::mem::take(&mut seen.current);
        current.clear();
        for h in headers {
            let kind = HeaderKind::of(&h.name);
            if kind == HeaderKind::Plain {
                continue;
            }
            if let Some(at) = previous
                .iter()
                .position(|&(k, v)| k == kind && v == &*h.value)
            {
                current.push(previous.swap_remove(at));
                continue;
            }
            current.push((kind, &*h.value));
            let _ = redact_as(kind, &h.value, &collect);
            if kind == HeaderKind::Authorization {
                if let Some(inner) = read_inside(&h.value) {
                    self.take(inner);
                }
                if let Some((scheme, creds)) = h.value.trim().split_once(' ') {
                    if scheme.eq_ignore_ascii_case("basic") {
                        self.take(creds.trim());
                        if let Ok(c) = crate::http::basic::decode(creds.trim(), true) {
                            if c.password.is_empty() || public_prefix(&c.user_id).is_some() {
                                self.take(&c.user_id);
                            }
                            passwords.push(c.password);
                        }
                    }
                }
            }
        }
        seen.previous = current;
        seen.current = previous;
        let _ = url_with(&e.request.url, &collect);
        let sent = e.request.cookies.iter().map(|c| &c.value);
        for value in sent.chain(
            e.response
                .iter()
                .flat_map(|r| r.cookies.iter().map(|c| &c.value)),
        ) {
            self.take(value);
        }
        for q in e.request.query_string.iter() {
            if is_sensitive_param(&q.name) {
                self.take(&percent_decode_lossy(&q.value));
            }
        }
        if let Some(p) = &e.request.post_data {
            // As for answers below: parse only a body that may hold a credential. A JSON one is
            // judged as answers are, by its members' names in its raw text, before it is
            // unescaped: a word such as `token` in a value no longer has it unescaped, copied
            // in lowercase and walked.
            let text = if crate::text::contains(&p.mime_type, "json") {
                p.raw_text
                    .as_ref()
                    .filter(|raw| json_may_hold_credential(raw.get()))
                    .and_then(|_| p.text())
            } else {
                p.text().filter(|t| may_hold_credential(t))
            };
            if let Some(t) = text {
                collect_body(&p.mime_type, &t, &|v| self.take(v));
            }
            for q in &p.params {
                if is_sensitive_param(&q.name) {
                    self.take(&q.value);
                }
            }
        }
        // Token responses: JSON or form bodies only, and not megabytes of them.
        let mime = e.response.as_ref().map_or("", |r| &*r.content.mime_type);
        let raw = e
            .response
            .as_ref()
            .and_then(|r| r.content.text.as_ref())
            .map_or("", |t| t.get());
        // Parsing every JSON answer of a large capture costs more than the analysis;
        // read only those that may hold a credential (base64 bodies are rare and read).
        let encoded = e
            .response
            .as_ref()
            .is_some_and(|r| r.content.encoding.is_some());
        let tokens_likely = if crate::text::contains(mime, "json") {
            encoded || json_may_hold_credential(raw)
        } else if crate::text::contains(mime, "x-www-form-urlencoded") {
            encoded || may_hold_credential(raw)
        } else {
            false
        };
        if let Some(r) = e.response.as_ref().filter(|_| tokens_likely) {
            if let Some(Ok(t)) = r.content.decoded_text(256 << 10) {
                collect_body(&r.content.mime_type, &t, &|v| self.take(v));
            }
        }
        self.passwords.append(&mut passwords);
    }
}

/// The credentials of a JSON or form body by name (and JWTs), for [`KnownSecrets`]:
/// the cheap part of [`body_with`], without rewriting anything or reading prose. JSON is
/// walked as it is read, never built into a tree: only the credentials are kept.
fn collect_body(mime: &str, text: &str, collect: &dyn Fn(&str)) {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') || crate::text::contains(mime, "json") {
        let mut de = serde_json::Deserializer::from_str(text);
        let _ = serde::de::DeserializeSeed::deserialize(
            CredentialWalk {
                collect,
                named: false,
            },
            &mut de,
        );
    } else if crate::text::contains(mime, "x-www-form-urlencoded")
        || (!trimmed.contains([' ', '\n']) && trimmed.contains('='))
    {
        let _ = params_with(text, &|v| {
            collect(v);
            String::new()
        });
    }
}

/// Walks a JSON value and hands every credential to `collect`: the string or number under
/// a credential's name (`named`), and any string that is a JWT.
struct CredentialWalk<'c> {
    collect: &'c dyn Fn(&str),
    named: bool,
}

impl<'de> serde::de::DeserializeSeed<'de> for CredentialWalk<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for CredentialWalk<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let named = is_sensitive_param(&key);
            map.next_value_seed(CredentialWalk {
                collect: self.collect,
                named,
            })?;
        }
        Ok(())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        // A list under a credential's name is walked like any other: its items have no name.
        while seq
            .next_element_seed(CredentialWalk {
                collect: self.collect,
                named: false,
            })?
            .is_some()
        {}
        Ok(())
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        if self.named || looks_like_jwt(v) {
            (self.collect)(v);
        }
        Ok(())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<(), E> {
        if self.named {
            (self.collect)(&v.to_string());
        }
        Ok(())
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<(), E> {
        if self.named {
            (self.collect)(&v.to_string());
        }
        Ok(())
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<(), E> {
        if self.named {
            (self.collect)(
                &serde_json::Number::from_f64(v).map_or_else(String::new, |n| n.to_string()),
            );
        }
        Ok(())
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Whether an answer's or a JSON request body's raw text (a JSON string that holds JSON) may
/// hold a credential [`collect_body`] would take: a JWT anywhere, or a member named as one is
/// (`accessToken` as well as `access_token`: [`is_sensitive_param`]). Member names are found
/// by their closing quote before a colon; a name written with escapes, or anything this
/// cannot tell, counts as one: the body is then read.
pub(crate) fn json_may_hold_credential(raw: &str) -> bool {
    // memchr, not `str::split`: in WebAssembly the standard search goes byte by byte (it has
    // SIMD on x86-64 only), and every JSON answer of a capture comes through here.
    let bytes = raw.as_bytes();
    if holds_jwt(bytes) {
        return true;
    }
    // One pass over the escapes, in order, each taken whole: `\"` is a quote of the body, `\\`
    // a backslash of it. A character written as `\uXXXX` may be a quote (.NET's
    // System.Text.Json writes `"` as `\u0022`) or a letter of a name or of `eyJ`: such a text
    // is read. The texts between the quotes alternate inside and outside strings: a text
    // followed by a colon (after whitespace) is a member's name.
    let mut start = 0; // where the text since the last quote starts
    let mut escapes = false; // whether that text holds an escape
    let mut taken = 0; // the first byte no escape took
    for at in memchr::memchr_iter(b'\\', bytes) {
        if at < taken {
            continue; // the second backslash of `\\`
        }
        match bytes.get(at + 1) {
            Some(b'u') => return true,
            Some(b'"') => {
                let part = &raw[start..at]; // boundary: `\` is ASCII
                start = at + 2;
                taken = start;
                if is_name_end(&raw[start..]) && (escapes || is_sensitive_param(part)) {
                    return true;
                }
                escapes = false;
            }
            _ => {
                escapes = true;
                taken = at + 2;
            }
        }
    }
    false
}

/// Whether the text after a quote in a JSON body's raw text (as [`json_may_hold_credential`]
/// reads it) starts with the colon after a member's name: next, or after spaces and escaped
/// line ends. Decided on the first byte for most quotes (a string's text, a comma, a bracket).
fn is_name_end(after: &str) -> bool {
    match after.as_bytes().first() {
        Some(b':') => true,
        Some(b' ' | b'\\') => {
            let mut after = after.trim_start_matches(' ');
            while let Some(rest) = ["\\n", "\\r", "\\t"]
                .iter()
                .find_map(|w| after.strip_prefix(w))
            {
                after = rest.trim_start_matches(' ');
            }
            after.starts_with(':')
        }
        _ => false,
    }
}

/// Whether a request body that is not JSON by its type, or a form answer, may hold a
/// credential: it names one (any word of a credential parameter's name, in any case) or holds
/// a JWT. A body that does neither has nothing `collect_body` would take, so it is not parsed.
fn may_hold_credential(text: &str) -> bool {
    use crate::knowledge::{CREDENTIAL_PARAMS, CREDENTIAL_PARAM_WORDS};
    if holds_jwt(text.as_bytes()) {
        return true;
    }
    let lower = text.to_ascii_lowercase();
    // `-` is read as `_` in parameter names (`api-key`).
    let lower = if lower.contains('-') {
        lower.replace('-', "_")
    } else {
        lower
    };
    // Searchers made once: every request body and form answer is asked.
    static WORDS: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::LazyLock::new(|| {
            CREDENTIAL_PARAM_WORDS
                .iter()
                .chain(CREDENTIAL_PARAMS)
                .map(memchr::memmem::Finder::new)
                .collect()
        });
    WORDS.iter().any(|w| w.find(lower.as_bytes()).is_some())
}

/// Whether `text` holds the start of a JWT (`eyJ`, base64url of `{"`).
fn holds_jwt(text: &[u8]) -> bool {
    // A searcher made once; `str::contains` would go byte by byte in WebAssembly.
    static JWT: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("eyJ"));
    JWT.find(text).is_some()
}

/// Whether `text[start..end]` stands as a word: no letter or digit touches it.
fn is_word_edge(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back(); // boundary: match start
    let after = text[end..].chars().next(); // boundary: match end
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_read_for_credentials_when_a_member_is_named_as_one() {
        // The raw texts as a HAR holds them: a JSON string that holds JSON.
        let raw = |body: &str| serde_json::to_string(body).unwrap();
        for body in [
            r#"{"access_token":"a"}"#,
            r#"{"data":{"accessToken":"a"}}"#,
            "{\n  \"sessionKey\" : \"a\"\n}",
            "{\"client_secret\"\n:\"a\"}",
            r#"{"note":"eyJhbGciOiJub25lIn0.e30."}"#,
            r#"{"t\u006fken":"a"}"#,
            // A quote escaped inside a value looks like a name written with escapes: read.
            r#"{"label":"a \"token\": b"}"#,
        ] {
            assert!(json_may_hold_credential(&raw(body)), "{body}");
        }
        // The file may write any character as `\uXXXX`: quotes (as .NET does), or the `e` of
        // `eyJ`. Such a text is read; a `\u` the body itself holds (`\\u` in the file) is not
        // one.
        for (file, read) in [
            (r#""{\u0022password\u0022:\u0022hunter2\u0022}""#, true),
            (r#""{\"note\":\"\u0065yJhbGciOiJub25lIn0.e30.\"}""#, true),
            (r#""{\"path\":\"C:\\\u0041\"}""#, true),
            (r#""{\"path\":\"C:\\users\"}""#, false),
            (r#""{\"label\":\"caf\\u00e9\"}""#, false),
        ] {
            assert_eq!(json_may_hold_credential(file), read, "{file}");
        }
        for body in [
            r#"{"data":[{"id":1,"tags":["token","session"]}],"next":null}"#,
            r#"{"url":"https://example.test/a?x=1","at":"10:00:00"}"#,
            "",
        ] {
            assert!(!json_may_hold_credential(&raw(body)), "{body}");
        }
        // Records with the same few names, one or many of them: a credential's name after
        // them is still found.
        for names in [3, 8, 9, 12] {
            for records in [1, 5] {
                let record = |last: Option<&str>| {
                    let mut members: Vec<String> =
                        (0..names).map(|n| format!("\"name{n}\":{n}")).collect();
                    members.extend(last.map(|l| format!("\"{l}\":\"x\"")));
                    format!("{{{}}}", members.join(","))
                };
                let mut list = vec![record(None); records];
                let plain = format!("[{}]", list.join(","));
                assert!(!json_may_hold_credential(&raw(&plain)), "{plain}");
                list.push(record(Some("refreshToken")));
                list.push(record(None));
                let secret = format!("[{}]", list.join(","));
                assert!(json_may_hold_credential(&raw(&secret)), "{secret}");
            }
        }
    }

    /// The letters a credential's name needs let no such name through unasked: every name
    /// built of credential words and other letters, in any case, is answered as
    /// [`decide_sensitive_param`] answers it.
    #[test]
    fn names_told_apart_by_their_letters_are_answered_as_when_asked() {
        use crate::knowledge::{CREDENTIAL_PARAMS, CREDENTIAL_PARAM_WORDS, NOT_CREDENTIAL_PARAMS};
        let words = CREDENTIAL_PARAMS
            .iter()
            .chain(CREDENTIAL_PARAM_WORDS)
            .chain(NOT_CREDENTIAL_PARAMS);
        let others = [
            "", "x", "id", "user", "amount", "data", "next", "é", "2", "-", "_",
        ];
        let (mut names, mut sensitive) = (0, 0);
        for w in words {
            for a in others {
                for b in others {
                    let joined = format!("{a}{w}{b}");
                    let upper = format!("{a}{}{b}", w.to_ascii_uppercase());
                    let dashed = format!("{a}{}{b}", w.replace('_', "-"));
                    let camel = format!("{a}{}", w.replace('_', "")).replace("token", "Token");
                    for name in [joined, upper, dashed, camel] {
                        let asked = decide_sensitive_param(&name);
                        assert_eq!(is_sensitive_param(&name), asked, "{name}");
                        sensitive += usize::from(asked);
                        names += 1;
                    }
                }
            }
        }
        assert!(sensitive > names / 3, "{sensitive} of {names}");
        // The least sets stand for all: a name has the letters of some set when it has
        // those of some least set.
        const { assert!(LEAST < CREDENTIAL_NAMES) };
        for &set in &CREDENTIAL_LETTERS {
            assert!(LEAST_LETTERS.iter().any(|&least| least & !set == 0));
        }
        // And names with none of the letters are told so without asking.
        for name in [
            "id", "amount", "data", "label", "next", "tags", "active", "ref", "é",
        ] {
            assert!(!has_letters_of_credential(name), "{name}");
            assert!(!decide_sensitive_param(name), "{name}");
        }
    }

    const KEY: FingerprintKey = FingerprintKey([7; 64]);

    /// A text found by name in one thread's part and as a decoded Basic password in another's
    /// is scrubbed as found (not only as a whole word), whichever part comes first: as one
    /// thread finds it.
    #[test]
    fn a_text_found_by_name_and_as_a_password_is_kept_as_found_in_any_part() {
        let found = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Values>();
        let by_name = || Collected(candidates(found(&["Zq7abcde9", "tok123456789"]), vec![]));
        let as_password = || {
            Collected(candidates(
                found(&[]),
                vec!["Zq7abcde9".into(), "pw1".into()],
            ))
        };
        let one = KnownSecrets::from_found(
            found(&["Zq7abcde9", "tok123456789"]),
            vec!["Zq7abcde9".into(), "pw1".into()],
        );
        assert_eq!(
            one.values,
            [
                ("tok123456789".to_owned(), false),
                ("Zq7abcde9".to_owned(), false),
                ("pw1".to_owned(), true)
            ]
        );
        for parts in [[by_name(), as_password()], [as_password(), by_name()]] {
            assert_eq!(Collecting::finish(parts).values, one.values);
        }
    }

    /// Collected a chunk at a time by threads that take chunks as they come (one starting
    /// late, or finding none left), a capture's credentials are those one thread finds: tokens,
    /// cookies, a Basic password, in entries on either side of every chunk's edge.
    #[test]
    fn credentials_collected_in_chunks_by_several_threads_are_those_one_finds() {
        let entries: Vec<String> = (0..1000)
            .map(|i| {
                let auth = if i % 97 == 0 {
                    // user:pass{i}
                    use base64::Engine;
                    let basic = base64::engine::general_purpose::STANDARD
                        .encode(format!("user:pass{i:04}"));
                    format!("Basic {basic}")
                } else {
                    format!("Bearer tok{:06}abcdefgh", i / 3)
                };
                format!(
                    r#"{{"request":{{"method":"GET","url":"https://a.test/x?api_key=k{i:05}q",
                    "headers":[{{"name":"Authorization","value":"{auth}"}},
                    {{"name":"Cookie","value":"sid=s{:05}zz"}}]}},"response":{{"status":200}}}}"#,
                    i / 7
                )
            })
            .collect();
        let text = format!(r#"{{"log":{{"entries":[{}]}}}}"#, entries.join(","));
        let read = crate::har::parse(&text);
        let entries = &read.har.entries;
        let alone = KnownSecrets::of_entries(entries, 1);
        assert!(alone.values.len() > 700, "{}", alone.values.len());
        for late in [false, true] {
            let collecting = Collecting::new(entries);
            let parts = std::thread::scope(|s| {
                let other = s.spawn(|| {
                    if late {
                        std::thread::sleep(std::time::Duration::from_millis(20));
                    }
                    collecting.help()
                });
                let mine = collecting.help();
                [mine, other.join().expect("the other thread")]
            });
            let together = Collecting::finish(parts);
            assert_eq!(together.values, alone.values, "late: {late}");
        }
    }

    /// A request's JSON body is read for credentials when its raw text names one or holds a
    /// JWT, as an answer is; a word such as `token` in a value alone is not a credential's
    /// name. Other bodies still go by the words they hold.
    #[test]
    fn request_bodies_give_the_credentials_they_hold() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
        // `file`: the body as the file writes it (a JSON string).
        let known_as = |mime: &str, file: &str| {
            let entry = format!(
                r#"{{"request":{{"method":"POST","url":"https://a.test/x","postData":{{"mimeType":"{mime}","text":{file}}}}},"response":{{"status":401}}}}"#
            );
            let text = format!(r#"{{"log":{{"entries":[{entry}]}}}}"#);
            let read = crate::har::parse(&text);
            let mut values: Vec<String> = KnownSecrets::of_entries(&read.har.entries, 1)
                .values
                .iter()
                .map(|(v, _)| v.clone())
                .collect();
            values.sort();
            values
        };
        let known = |mime: &str, body: &str| known_as(mime, &serde_json::to_string(body).unwrap());
        let json = "application/json; charset=utf-8";
        for (mime, body, want) in [
            (
                json,
                r#"{"refreshToken":"rt-1234567890abcdef"}"#,
                vec!["rt-1234567890abcdef"],
            ),
            (
                json,
                "{\n \"password\" : \"pw-0987654321\"}",
                vec!["pw-0987654321"],
            ),
            (json, &format!(r#"{{"note":"{jwt}"}}"#), vec![jwt]),
            (
                json,
                r#"{"t\u006fken":"tk-1234567890abcdef"}"#,
                vec!["tk-1234567890abcdef"],
            ),
            (
                json,
                r#"{"label":"token session secret","id":"id-1234567890abcdef"}"#,
                vec![],
            ),
            (
                "application/x-www-form-urlencoded",
                "grant_type=refresh_token&refresh_token=rt-abcdef1234567890",
                vec!["rt-abcdef1234567890"],
            ),
            (
                "text/plain",
                r#"{"refresh_token":"rt-fedcba0987654321"}"#,
                vec!["rt-fedcba0987654321"],
            ),
            (
                "Application/JSON",
                r#"{"api_key":"ak-fedcba0987654321"}"#,
                vec!["ak-fedcba0987654321"],
            ),
            (json, r#"{"otp":48291374}"#, vec!["48291374"]),
        ] {
            assert_eq!(known(mime, body), want, "{mime}: {body}");
        }
        // Quotes written as `\u0022` (as .NET writes them), and a JWT's `e` written as `\u0065`.
        assert_eq!(
            known_as(
                json,
                r#""{\u0022password\u0022:\u0022pw-hunter2hunter2\u0022}""#
            ),
            ["pw-hunter2hunter2"]
        );
        assert_eq!(
            known_as(
                json,
                &format!(
                    r#""{{\"note\":\"\u0065{}\"}}""#,
                    jwt.strip_prefix('e').unwrap()
                )
            ),
            [jwt]
        );
    }

    #[test]
    fn body_credentials_are_found_while_walking_without_a_tree() {
        let found = |mime: &str, text: &str| {
            let out = std::cell::RefCell::new(Vec::<String>::new());
            collect_body(mime, text, &|v| out.borrow_mut().push(v.to_owned()));
            out.into_inner()
        };
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
        let body = format!(
            r#"{{"access_token":"at-1","expires_in":3600,"user":{{"name":"ann","client_secret":"cs-2","pin":482913}},
               "list":[{{"refresh_token":"rt-3"}},"{jwt}",7],"note":"plain","password":null,"api_key":{{"inner":"x"}},
               "token_type":"Bearer"}}"#
        );
        let got = found("application/json", &body);
        assert_eq!(got, ["at-1", "cs-2", "482913", "rt-3", jwt], "{got:?}");
        // Escapes are decoded, numbers under a credential's name are taken as written.
        assert_eq!(
            found("", r#"{"otp":123456,"secret":"a\u0041b"}"#),
            ["123456", "aAb"]
        );
        // Broken JSON keeps what came before the break (more scrubbing, never less).
        assert_eq!(
            found("application/json", r#"{"access_token":"at-9","x":"#),
            ["at-9"]
        );
        assert_eq!(
            found("application/x-www-form-urlencoded", "a=1&password=hunter22"),
            ["hunter22"]
        );
        assert!(found("text/plain", "just prose = words").is_empty());
    }

    #[test]
    fn equal_secrets_have_equal_keyed_fingerprints_and_never_appear() {
        let a = secret_keyed("s3cr3t-value-long-enough", Some(&KEY));
        assert_eq!(a, secret_keyed("s3cr3t-value-long-enough", Some(&KEY)));
        assert_ne!(a, secret_keyed("s3cr3t-value-long-enougg", Some(&KEY)));
        assert!(!a.contains("s3cr3t"));
        assert!(a.starts_with("•••(24 chars, #"), "{a}");
        // Another report, another key: the same secret cannot be linked.
        let other = FingerprintKey::from_random([9; 32]);
        assert_ne!(a, secret_keyed("s3cr3t-value-long-enough", Some(&other)));
        // No key, no fingerprint.
        assert_eq!(secret("s3cr3t-value-long-enough"), "•••(24 chars)");
    }

    #[test]
    fn link_key_fingerprint_is_openssl_hmac() {
        // printf %s abcdefghijklmnopqrstu | openssl dgst -sha256 -hmac abc → 608a8072…
        let k = FingerprintKey::from_passphrase("abc");
        assert_eq!(k.fingerprint("abcdefghijklmnopqrstu"), "608a8072");
        // A passphrase longer than HMAC's block is hashed first, as HMAC itself does.
        let long = "k".repeat(100);
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(long.as_bytes()).unwrap();
        mac.update(b"abcdefghijklmnopqrstu");
        let want: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .take(4)
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            FingerprintKey::from_passphrase(&long).fingerprint("abcdefghijklmnopqrstu"),
            want
        );
        assert_eq!(format!("{k:?}"), "FingerprintKey(…)");
    }

    #[test]
    fn a_remembered_fingerprint_is_the_one_worked_out() {
        let a = FingerprintKey::from_passphrase("a");
        let b = FingerprintKey::from_passphrase("b");
        // Long enough to be remembered; more of them than are remembered, so that some
        // are forgotten and worked out again; each asked under two keys, in turn.
        let values: Vec<String> = (0..REMEMBERED_FINGERPRINTS + 3)
            .map(|n| format!("{n}-{}", "t".repeat(REMEMBERED_FINGERPRINT_BYTES)))
            .collect();
        for round in 0..3 {
            for v in &values {
                assert_eq!(a.fingerprint(v), a.work_out(v), "round {round}");
                assert_eq!(b.fingerprint(v), b.work_out(v), "round {round}");
                // Same value, same length, one byte apart: never the other's fingerprint.
                let other = format!("{}x", &v[..v.len() - 1]); // boundary: ASCII
                assert_eq!(a.fingerprint(&other), a.work_out(&other));
            }
        }
        assert_ne!(a.work_out(&values[0]), b.work_out(&values[0]));
        RECENT_FINGERPRINTS.with(|r| assert_eq!(r.borrow().len(), REMEMBERED_FINGERPRINTS));
        forget_fingerprints();
        RECENT_FINGERPRINTS.with(|r| assert!(r.borrow().is_empty()));
    }

    #[test]
    fn a_credential_is_collected_from_every_line_the_reader_did_not_mark_plain() {
        // The reader marks the kept lines whose names say they cannot hold a credential, and
        // the collection skips them: every other line is read, whatever its place, and a line
        // built without the reader is asked by its name. One line of each kind `redact` reads
        // by name, at the start, in the middle and at the end of a list of plain lines.
        let plain = [
            "accept",
            "date",
            "cache-control",
            "www-authenticate",
            "vary",
        ];
        let credentials = [
            (
                "authorization",
                "Bearer tok-{at}-abcdefghijklmnop",
                "tok-{at}-abcdefghijklmnop",
            ),
            (
                "Cookie",
                "sid=ck-{at}-abcdefghijklmnop",
                "ck-{at}-abcdefghijklmnop",
            ),
            (
                "set-cookie",
                "sid=sc-{at}-abcdefghijklmnop; Path=/",
                "sc-{at}-abcdefghijklmnop",
            ),
            (
                "X-Api-Key",
                "key-{at}-abcdefghijklmnop",
                "key-{at}-abcdefghijklmnop",
            ),
            (
                "referer",
                "https://a.test/?access_token=ref-{at}-abcdefghij",
                "ref-{at}-abcdefghij",
            ),
        ];
        for (round, at) in [0, 1, 37, 98, 99].into_iter().enumerate() {
            let (name, value, secret) = credentials[round % credentials.len()];
            let (value, secret) = (
                value.replace("{at}", &at.to_string()),
                secret.replace("{at}", &at.to_string()),
            );
            let headers: Vec<serde_json::Value> = (0..100)
                .map(|i| {
                    if i == at {
                        serde_json::json!({"name": name, "value": value})
                    } else {
                        serde_json::json!({"name": plain[i % plain.len()], "value": format!("v{i}")})
                    }
                })
                .collect();
            let har = serde_json::json!({"log": {"entries": [{
                "request": {"method": "GET", "url": "https://a.test/", "headers": headers},
                "response": {"status": 401, "headers": headers},
            }]}})
            .to_string();
            let read = crate::har::parse(&har);
            let entry = &read.har.entries[0];
            let asked: Vec<&str> = entry
                .request
                .headers
                .may_hold_credentials()
                .map(|h| &*h.name)
                .collect();
            assert_eq!(asked, [name], "round {round}");
            assert_eq!(
                entry.request.headers.len(),
                100,
                "round {round}: every line is kept"
            );
            let found = KnownSecrets::of_entries(&read.har.entries, 1);
            assert!(
                found.values.iter().any(|(v, _)| *v == secret),
                "round {round}: {secret} not collected"
            );
            // Lines not read by the reader are not marked: each is asked.
            let built = crate::har::Headers {
                kept: entry
                    .request
                    .headers
                    .iter()
                    .map(|h| crate::har::Header {
                        index: h.index,
                        name: h.name.clone(),
                        value: h.value.clone(),
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            };
            assert_eq!(built.may_hold_credentials().count(), 100);
        }
    }

    #[test]
    fn the_host_of_an_http2_request_is_not_a_secret() {
        // Chrome lists `:authority` first in every HTTP/2 request. It was taken for a
        // credential header (it holds `auth`): the host was hidden in the failure's URL and
        // scrubbed from what the server said.
        assert!(!is_sensitive_header(":authority"));
        assert!(!crate::har::is_kept_header(":authority"));
        assert!(is_sensitive_header("x-authority-token"));
        let har = r#"{"log":{"entries":[{"request":{"method":"GET","url":"https://api.example.com/me","headers":[{"name":":authority","value":"api.example.com"},{"name":":path","value":"/me"},{"name":"authorization","value":"Bearer abcdefghijklmnopqrstuvwxyz0123456789"}]},"response":{"status":401,"headers":[{"name":"www-authenticate","value":"Bearer error=\"invalid_token\", error_description=\"token not valid for api.example.com\""}]}}]}}"#;
        let report =
            crate::analysis::analyze_bytes(har.as_bytes().to_vec(), &Default::default()).unwrap();
        assert_eq!(&*report.failures[0].url, "https://api.example.com/me");
        let shown = serde_json::to_string(&report).unwrap();
        assert!(
            shown.contains("token not valid for api.example.com"),
            "{shown}"
        );
        assert!(!shown.contains("abcdefghijklmnopqrstuvwxyz"), "{shown}");
    }

    #[test]
    fn a_credential_in_an_http2_path_is_hidden_by_its_name() {
        // Short or percent-encoded values are not found among the capture's credentials:
        // the query parameter's name hides them, as in the request's URL.
        let path = "/me?password=Tr0ub4dor&sig=ab%2Bcd%3D&page=2";
        let opts = crate::Options::default();
        let shown = opts.header(":path", path);
        assert!(
            !shown.contains("Tr0ub4dor") && !shown.contains("ab%2Bcd"),
            "{shown}"
        );
        assert!(
            shown.starts_with("/me?") && shown.contains("page=2"),
            "{shown}"
        );
        let url = opts.redact_url(&format!("https://api.test{path}"));
        assert_eq!(url.strip_prefix("https://api.test"), Some(shown.as_str()));
        let har = format!(
            r#"{{"log":{{"entries":[{{"request":{{"method":"GET","url":"https://api.test{path}","headers":[{{"name":":path","value":"{path}"}}]}},"response":{{"status":401,"headers":[]}}}}]}}}}"#
        );
        let (clean, _) = crate::sanitize::har_text(&har).unwrap();
        assert!(
            !clean.contains("Tr0ub4dor") && !clean.contains("ab%2Bcd"),
            "{clean}"
        );
    }

    #[test]
    fn an_http2_request_without_credentials_is_told_as_one() {
        let h2 = |status: u16| {
            format!(
                r#"{{"log":{{"entries":[{{"request":{{"method":"GET","url":"https://api.test/me","headers":[{{"name":":authority","value":"api.test"}},{{"name":":method","value":"GET"}},{{"name":":path","value":"/me"}},{{"name":":scheme","value":"https"}}]}},"response":{{"status":{status},"headers":[{{"name":"www-authenticate","value":"Bearer realm=\"api\""}}]}}}}]}}}}"#
            )
        };
        let report =
            crate::analysis::analyze_bytes(h2(401).into_bytes(), &Default::default()).unwrap();
        assert_eq!(
            report.failures[0].causes.first().copied(),
            Some("missing-credentials")
        );
        // Rate limiting of a request that sent nothing is not an authentication failure.
        let report =
            crate::analysis::analyze_bytes(h2(429).into_bytes(), &Default::default()).unwrap();
        assert!(report.failures.is_empty(), "{:?}", report.failures);
    }

    #[test]
    fn an_analysis_keeps_no_credential_to_fingerprint_it() {
        // Something fingerprinted on this thread before (a renderer, say) is forgotten too.
        let before = FingerprintKey::from_passphrase("other").fingerprint(&"v".repeat(200));
        assert_eq!(before.len(), 8);
        RECENT_FINGERPRINTS.with(|r| assert_eq!(r.borrow().len(), 1));
        let token = format!("eyJhbGciOiJIUzI1NiJ9.{}.sig", "x".repeat(200));
        let har = format!(
            r#"{{"log":{{"entries":[{{"request":{{"method":"GET","url":"https://api.test/me","headers":[{{"name":"Authorization","value":"Bearer {token}"}}]}},"response":{{"status":401,"headers":[]}}}}]}}}}"#
        );
        let opts = crate::Options {
            fingerprint_key: Some(FingerprintKey::from_passphrase("k")),
            ..Default::default()
        };
        let report = crate::analysis::analyze_bytes(har.into_bytes(), &opts).unwrap();
        let shown = serde_json::to_string(&report).unwrap();
        assert!(
            shown.contains(&format!(
                "#{}",
                opts.fingerprint_key.unwrap().work_out(&token)
            )),
            "{shown}"
        );
        RECENT_FINGERPRINTS.with(|r| assert!(r.borrow().is_empty()));
    }

    #[test]
    fn short_secrets_show_neither_length_nor_fingerprint() {
        // A 4-character password or a 6-digit one-time code: nothing to test a guess on.
        for short in ["hunt", "123456", "pin-0042", "fifteen-chars!!"] {
            assert_eq!(secret_keyed(short, Some(&KEY)), "•••", "{short}");
        }
        // A Basic credential holds a password, whatever its length.
        let basic = authorization_with("Basic YWxpY2U6aHVudGVyMi1sb25nLXBhc3N3b3Jk", &|v| {
            secret_keyed(v, Some(&KEY))
        });
        assert_eq!(basic, "Basic •••");
    }

    #[test]
    fn no_output_is_a_function_of_the_secret_alone() {
        // The old fingerprint (unkeyed SHA-256 prefix) let a guess be checked offline.
        let secret_value = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
        let shown = secret_keyed(secret_value, Some(&KEY));
        let unkeyed: String = Sha256::digest(secret_value.as_bytes())
            .iter()
            .take(4)
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(!shown.contains(&unkeyed[..6]), "{shown}"); // boundary: ASCII hex
        assert!(shown.starts_with("ghp_…(40 chars, #"), "{shown}");
    }

    #[test]
    fn jwt_and_vendor_prefixes_stay_visible() {
        assert!(secret("eyJhbGciOiJIUzI1NiJ9.e30.sig").starts_with("eyJhbGci…(28 chars"));
        assert!(secret("ghp_abcdefghijklmnop").starts_with("ghp_…("));
    }

    #[test]
    fn placeholders_are_shown() {
        assert_eq!(authorization("Bearer undefined"), "Bearer undefined");
        assert_eq!(authorization("Bearer ${token}"), "Bearer ${token}");
        assert_eq!(authorization("Basic YWxpY2U6c2VjcmV0"), "Basic •••");
    }

    #[test]
    fn headers_keep_structure() {
        let c = cookie_header("sid=abc123abc123abc123; theme=dark");
        assert!(
            c.starts_with("sid=•••(18 chars") && c.contains("; theme=•••"),
            "{c}"
        );
        let s = set_cookie("sid=abc123; Path=/; HttpOnly; SameSite=Lax");
        assert!(
            s.ends_with("; Path=/; HttpOnly; SameSite=Lax") && !s.contains("abc123"),
            "{s}"
        );
        let d =
            authorization(r#"Digest username="bob", realm="x", nonce="n1", response="deadbeef""#);
        assert!(d.contains("username=bob") && !d.contains("deadbeef"), "{d}");
    }

    #[test]
    fn what_a_server_may_read_inside_a_malformed_authorization() {
        assert_eq!(
            read_inside("Bearer Bearer eyJhbGciOi.x.y"),
            Some("eyJhbGciOi.x.y")
        );
        assert_eq!(
            read_inside("Bearer \"eyJhbGciOi.x.y\""),
            Some("eyJhbGciOi.x.y")
        );
        // A well-formed value, a scheme alone, a short last word: nothing more to hide.
        assert_eq!(read_inside("Bearer eyJhbGciOi.x.y"), None);
        assert_eq!(read_inside("Bearer"), None);
        assert_eq!(read_inside("Bearer token abc"), None);
    }

    #[test]
    fn strict_percent_decoding_keeps_plus() {
        assert_eq!(percent_decode_strict("john+doe%40corp"), "john+doe@corp");
        assert_eq!(percent_decode_lossy("john+doe%40corp"), "john doe@corp");
        assert_eq!(percent_decode_strict("100%"), "100%");
    }

    #[test]
    fn urls_hide_tokens_userinfo_and_fragments() {
        let u = url("https://bob:hunter2@api.test/cb?code=abc&x=1#access_token=tok&state=s");
        assert!(
            !u.contains("hunter2") && !u.contains("code=abc") && !u.contains("=tok&"),
            "{u}"
        );
        assert!(u.contains("x=1") && u.contains("bob:"), "{u}");
        assert!(matches!(url("https://api.test/a?x=1"), Cow::Borrowed(_)));
    }

    #[test]
    fn urls_hide_userinfo_tokens_and_path_parameters() {
        let u = url("https://ghp_16C7e42F292c6912E7710c838347Ae178B4a@github.com/o/r.git");
        assert!(
            u.starts_with("https://ghp_…(40 chars)@github.com/o/r.git"),
            "{u}"
        );
        assert_eq!(url("https://bob@host.test/"), "https://bob@host.test/");
        let u = url("https://shop.test/cart;jsessionid=0123456789ABCDEF0123?x=1");
        assert_eq!(u, "https://shop.test/cart;jsessionid=•••(20 chars)?x=1");
        assert_eq!(
            url("https://shop.test/a;v=1/b"),
            "https://shop.test/a;v=1/b"
        );
    }

    #[test]
    fn header_names_with_credential_words_are_redacted_but_challenges_are_not() {
        for name in [
            "X-Auth-Key",
            "X-Authorization",
            "X-Functions-Key",
            "X-Access-Key",
            "Auth",
            "X-Hub-Signature-256",
            "Sec-WebSocket-Protocol",
        ] {
            assert!(is_sensitive_header(name), "{name}");
        }
        for name in [
            "WWW-Authenticate",
            "Authentication-Info",
            "Sec-WebSocket-Key",
            "Access-Control-Allow-Headers",
            "Content-Type",
        ] {
            assert!(!is_sensitive_header(name), "{name}");
        }
        for key in [
            "X-Amz-Signature",
            "subscription-key",
            "device_code",
            "user_code",
            "SAMLResponse",
            "oauth_signature",
            "private_key",
            "passphrase",
            "otp_code",
            "auth_code",
            "hmac",
            "privateKey",
            "pin",
        ] {
            assert!(is_sensitive_param(key), "{key}");
        }
        for key in [
            "error_code",
            "status_code",
            "country_code",
            "token_type",
            "expires_in",
        ] {
            assert!(!is_sensitive_param(key), "{key}");
        }
    }

    #[test]
    fn free_text_loses_credentials_by_place_and_shape_but_keeps_prose() {
        let r = |t: &str| text_with(t, &secret).unwrap_or_else(|| t.to_owned());
        let gql = r(r#"mutation { login(user:"bob", password:"Hunter2-gql-pw") { ok } }"#);
        assert!(
            !gql.contains("Hunter2-gql-pw") && gql.contains("user:\"bob\""),
            "{gql}"
        );
        let multipart = r(
            "--b\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nmp-secret-pw\r\n--b--",
        );
        assert!(!multipart.contains("mp-secret-pw"), "{multipart}");
        let html = r(
            r#"<input type="hidden" name="code" value="SplxlOBeZQQYbYS6WxSbIA"><input name="state" value="af0ifjsldkj">"#,
        );
        assert!(!html.contains("SplxlOBeZQQYbYS6WxSbIA"), "{html}");
        let ndjson = r("{\"event\":\"x\"}\n{\"refresh_token\":\"nd-r3fr3sh-value\"}\n");
        assert!(!ndjson.contains("nd-r3fr3sh-value"), "{ndjson}");
        let prose = "Forbidden: token 9f8Xk2LmQ7pZ4rT1vB6nC3yW has been revoked";
        assert!(
            !r(prose).contains("9f8Xk2LmQ7pZ4rT1vB6nC3yW"),
            "{}",
            r(prose)
        );
        // Prose about tokens, ordinary words and paths stay as written.
        for keep in [
            "Invalid token: expired",
            "The access token has expired, please sign in again",
            "see /static/js/main.chunk.js for details",
            "authorization_pending",
            "order id=123456789012345678901234567890 not found",
        ] {
            assert_eq!(text_with(keep, &secret), None, "{keep}");
        }
        // A random word after `=` is still one.
        let joined = r("see ?id=42&x=9f8Xk2LmQ7pZ4rT1vB6nC3yW");
        assert!(
            !joined.contains("9f8Xk2LmQ7pZ4rT1vB6nC3yW") && joined.contains("id=42"),
            "{joined}"
        );
    }

    #[test]
    fn many_urls_and_names_in_one_text_cost_its_length_not_its_square() {
        // 20,000 URLs and 20,000 named values (a hostile body): quadratic work would
        // take minutes here.
        let text = "https://a.test/?access_token=abcdef0123456789 name=\"code\" value=\"x1\" "
            .repeat(60_000);
        let out = text_with(&text, &secret).unwrap();
        assert!(!out.contains("abcdef0123456789"));
        let nested = "https://".repeat(20_000);
        let _ = text_with(&nested, &secret);
    }

    #[test]
    fn comma_joined_set_cookie_lines_are_each_redacted() {
        let s = set_cookie("a=first-secret-value-1; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT, b=second-secret-value-2; HttpOnly");
        assert!(
            !s.contains("first-secret") && !s.contains("second-secret"),
            "{s}"
        );
        assert!(
            s.contains("Expires=Wed, 21 Oct 2026 07:28:00 GMT, b="),
            "{s}"
        );
    }

    #[test]
    fn xssi_prefixed_json_is_read_as_json() {
        let b = body(
            "application/json",
            ")]}'\n{\"code\":\"4/0AbCdEfGhIjKlMnOp\"}",
        );
        assert!(b.starts_with(")]}'\n{") && !b.contains("4/0AbCdEf"), "{b}");
    }

    #[test]
    fn json_bodies_hide_tokens() {
        let b = body(
            "application/json",
            r#"{"access_token":"abc","scope":"repo","n":{"password":"p"}}"#,
        );
        assert!(
            !b.contains("\"abc\"") && !b.contains("\"p\"") && b.contains("repo"),
            "{b}"
        );
    }
}
