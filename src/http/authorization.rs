//! `Authorization` header, defined in [RFC 9110 §11.6.2]; the same grammar
//! serves `Proxy-Authorization` ([RFC 9110 §11.7.2]).
//!
//! [`parse`] splits a value into scheme and raw credentials; [`diagnose`]
//! lists the client-side mistakes that make a server answer 401 no matter
//! how valid the underlying secret is.
//!
//! # ABNF
//!
//! ```text
//! Authorization = credentials
//! credentials   = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//! token68       = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
//! ```
//!
//! # Example values
//!
//! ```text
//! Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==
//! Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl
//! token ghp_16C7e42F292c6912E7710c838347Ae178B4a
//! Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", ...
//! Bearer undefined                       (a JavaScript variable that was never set)
//! Bearer Bearer eyJhbGciOi...            (the stored token already had its scheme)
//! ```
//!
//! [RFC 9110 §11.6.2]: https://www.rfc-editor.org/rfc/rfc9110#section-11.6.2
//! [RFC 9110 §11.7.2]: https://www.rfc-editor.org/rfc/rfc9110#section-11.7.2

use base64::Engine as _;

pub use super::credential_chars::{
    fullwidth_chars, whitespace_problems, FullWidthChar, Where, WhitespaceKind, WhitespaceProblem,
};
use super::credential_chars::{group, is_blank};

/// Schemes in the IANA "HTTP Authentication Schemes" registry.
pub const REGISTERED_SCHEMES: &[&str] = &[
    "Basic",
    "Bearer",
    "Concealed",
    "Digest",
    "DPoP",
    "GNAP",
    "HOBA",
    "Mutual",
    "Negotiate",
    "NTLM",
    "OAuth",
    "PrivateToken",
    "SCRAM-SHA-1",
    "SCRAM-SHA-256",
    "vapid",
];

/// Unregistered schemes in wide use by APIs, so they are not reported as
/// [`Problem::UnknownScheme`]. Matching is case-insensitive, so `Token` also
/// covers GitHub's legacy lowercase `token` scheme.
pub const COMMON_SCHEMES: &[&str] = &[
    "AWS4-HMAC-SHA256",
    "Token",
    "ApiKey",
    "Api-Key",
    "Key",
    "JWT",
    "GoogleLogin",
    "SharedKey",
    "SharedKeyLite",
    "MAC",
    "Hawk",
    "Splunk",
    "SSWS",
    "Client-ID",
    "Klaviyo-API-Key",
    "Zoho-oauthtoken",
];

/// Schemes whose credentials are a comma-separated auth-param list, where
/// spaces and quotes are legitimate.
const PARAM_SCHEMES: &[&str] = &[
    "Digest",
    "HOBA",
    "Mutual",
    "OAuth",
    "SCRAM-SHA-1",
    "SCRAM-SHA-256",
    "vapid",
    "AWS4-HMAC-SHA256",
    "Hawk",
    "MAC",
    "GoogleLogin",
    "GNAP",
    "PrivateToken",
    "Concealed",
];

/// Whether `scheme` is registered or in common use (case-insensitive).
pub fn is_known_scheme(scheme: &str) -> bool {
    REGISTERED_SCHEMES
        .iter()
        .chain(COMMON_SCHEMES)
        .any(|s| s.eq_ignore_ascii_case(scheme))
}

fn is_param_scheme(scheme: &str) -> bool {
    PARAM_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme))
}

/// An `Authorization` value split into scheme and credentials.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Authorization {
    /// The auth-scheme as sent (leading whitespace skipped).
    pub scheme: String,
    /// Everything after the scheme and its separating spaces/tabs, raw:
    /// trailing whitespace and odd separators are kept for [`diagnose`].
    pub credentials: String,
}

/// Splits a value into scheme and credentials. Never fails: an empty value
/// gives an empty scheme.
pub fn parse(value: &str) -> Authorization {
    let (scheme, credentials) = split(value);
    Authorization {
        scheme: scheme.to_string(),
        credentials: credentials.to_string(),
    }
}

/// [`parse`] on borrowed slices of `value`, so positions can be recovered.
fn split(value: &str) -> (&str, &str) {
    let v = value.trim_start_matches(is_blank);
    // Any blank ends the scheme, so `Bearer\u{A0}abc` still yields `Bearer`.
    let end = v.find(is_blank).unwrap_or(v.len());
    let (scheme, rest) = v.split_at(end);
    (scheme, rest.trim_start_matches([' ', '\t']))
}

/// What a value sent without a scheme looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenShape {
    /// A JSON Web Token (`eyJ….….…`), normally sent as `Bearer`.
    Jwt,
    /// A token with a vendor's published prefix (e.g. `ghp_`).
    Prefixed {
        /// The published prefix that matched.
        prefix: &'static str,
    },
    /// Base64 of `user:password`, i.e. Basic credentials without `Basic `.
    BasicCredentials,
    /// Some other opaque token.
    Opaque,
}

/// A mistake found in an `Authorization` value.
///
/// Variants never carry the secret: positions are 0-based character indices
/// into the whole header value, and characters are identified by code point.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// The header is present but empty (or only whitespace).
    Empty,
    /// A scheme with no credentials after it (`Bearer`, `Bearer `).
    SchemeOnly {
        /// The scheme as sent.
        scheme: String,
    },
    /// The credential (or the whole value, or the scheme) is a programming
    /// placeholder such as `undefined`, `[object Object]` or `${token}`.
    Placeholder {
        /// The placeholder text; only ever a recognised placeholder pattern.
        value: String,
    },
    /// The scheme is repeated (`Bearer Bearer x`), usually because the stored
    /// token already included it.
    DoubleScheme {
        /// The scheme as sent first.
        scheme: String,
        /// The repetition as sent (e.g. `bearer`).
        repeated: String,
    },
    /// A token68-style credential contains spaces, so the server sees only
    /// its first part.
    SplitBySpaces {
        /// Number of space-separated parts.
        parts: usize,
        /// Character positions of the spaces inside the credential.
        positions: Vec<usize>,
    },
    /// The credential is wrapped in quotes (`Bearer "abc"`), which become
    /// part of the token.
    Quoted {
        /// The quote character used.
        quote: char,
        /// Whether the closing quote is present too.
        closed: bool,
    },
    /// The scheme is neither registered nor in [`COMMON_SCHEMES`].
    UnknownScheme {
        /// The scheme as sent.
        scheme: String,
    },
    /// The value is a bare credential with no scheme in front of it.
    MissingScheme {
        /// What the credential looks like, to suggest the right scheme.
        shape: TokenShape,
    },
    /// A whitespace or invisible character around or inside the credential.
    Whitespace {
        /// Where the run sits.
        where_: Where,
        /// Which character.
        kind: WhitespaceKind,
        /// Character position of the first one.
        position: usize,
        /// Length of the run.
        count: usize,
    },
    /// Full-width ASCII look-alikes or ideographic spaces (typed with an IME).
    FullWidth {
        /// Each such character, by position and code point.
        chars: Vec<FullWidthChar>,
    },
    /// The value starts with the header name (`Authorization: Bearer x`),
    /// pasted from documentation or curl.
    HeaderNameInValue,
}

impl Problem {
    /// A stable kebab-case code for this kind of problem.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::SchemeOnly { .. } => "scheme-only",
            Self::Placeholder { .. } => "placeholder",
            Self::DoubleScheme { .. } => "double-scheme",
            Self::SplitBySpaces { .. } => "split-by-spaces",
            Self::Quoted { .. } => "quoted",
            Self::UnknownScheme { .. } => "unknown-scheme",
            Self::MissingScheme { .. } => "missing-scheme",
            Self::Whitespace { .. } => "whitespace",
            Self::FullWidth { .. } => "full-width",
            Self::HeaderNameInValue => "header-name-in-value",
        }
    }
}

impl From<WhitespaceProblem> for Problem {
    fn from(w: WhitespaceProblem) -> Self {
        Self::Whitespace {
            where_: w.where_,
            kind: w.kind,
            position: w.position,
            count: w.count,
        }
    }
}

/// Lists the mistakes in an `Authorization` (or `Proxy-Authorization`) value.
/// An empty list means nothing is wrong with the header's form.
pub fn diagnose(value: &str) -> Vec<Problem> {
    let trimmed = value.trim_matches(is_blank);
    if trimmed.is_empty() {
        return vec![Problem::Empty];
    }
    let mut out = Vec::new();
    let mut body = value;
    let (first, _) = split(value);
    if let Some(name) = first.strip_suffix(':') {
        if name.eq_ignore_ascii_case("authorization")
            || name.eq_ignore_ascii_case("proxy-authorization")
        {
            out.push(Problem::HeaderNameInValue);
            // The space after the colon belongs to the pasted header line.
            let after = char_byte(value, first) + first.len();
            body = value
                .get(after..)
                .unwrap_or("")
                .trim_start_matches([' ', '\t']);
        }
    }
    let offset = char_pos_of(value, body);
    let (scheme, credentials) = split(body);
    out.extend(whitespace(body, scheme, offset));
    let full = fullwidth_chars(value);
    if !full.is_empty() {
        out.push(Problem::FullWidth { chars: full });
    }
    let whole = body.trim_matches(is_blank);
    if whole.is_empty() {
        out.push(Problem::Empty);
        return out;
    }
    if !is_known_scheme(scheme) && (is_placeholder(whole) || is_placeholder(scheme)) {
        let value = if is_placeholder(whole) { whole } else { scheme };
        out.push(Problem::Placeholder {
            value: value.to_string(),
        });
        return out;
    }
    let mut creds = credentials.trim_matches(is_blank);
    if creds.is_empty() {
        out.push(scheme_alone(scheme));
        return out;
    }
    let (first, after) = split_first_word(creds);
    if first.eq_ignore_ascii_case(scheme) {
        out.push(Problem::DoubleScheme {
            scheme: scheme.to_string(),
            repeated: first.to_string(),
        });
        creds = after;
        if creds.is_empty() {
            out.push(Problem::SchemeOnly {
                scheme: scheme.to_string(),
            });
            return out;
        }
    }
    if !is_known_scheme(scheme) {
        out.push(Problem::UnknownScheme {
            scheme: scheme.to_string(),
        });
    }
    if is_placeholder(creds) || is_placeholder(strip_quotes(creds)) {
        out.push(Problem::Placeholder {
            value: creds.to_string(),
        });
        return out;
    }
    if is_param_scheme(scheme) || looks_like_params(creds) {
        return out;
    }
    if let Some(quote) = creds.chars().next().filter(|c| matches!(c, '"' | '\'')) {
        out.push(Problem::Quoted {
            quote,
            closed: creds.len() >= 2 && creds.ends_with(quote),
        });
    }
    if creds.contains(' ') {
        // Position of the credential inside the whole value, in characters.
        let base = char_pos_of(value, creds);
        let positions: Vec<usize> = creds
            .chars()
            .enumerate()
            .filter(|&(_, c)| c == ' ')
            .map(|(i, _)| base + i)
            .collect();
        out.push(Problem::SplitBySpaces {
            parts: creds.split(' ').filter(|p| !p.is_empty()).count(),
            positions,
        });
    }
    out
}

/// Byte index of `inner` (a sub-slice of `outer`) within `outer`.
fn char_byte(outer: &str, inner: &str) -> usize {
    (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize)
}

/// Character index of `inner` (a sub-slice of `outer`) within `outer`.
fn char_pos_of(outer: &str, inner: &str) -> usize {
    outer
        .get(..char_byte(outer, inner))
        .map_or(0, |s| s.chars().count())
}

fn split_first_word(s: &str) -> (&str, &str) {
    match s.find(is_blank) {
        Some(i) => {
            let (a, b) = s.split_at(i);
            (a, b.trim_start_matches(is_blank))
        }
        None => (s, ""),
    }
}

fn strip_quotes(s: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

fn looks_like_params(creds: &str) -> bool {
    creds.contains("=\"") || (creds.contains(',') && creds.contains('='))
}

/// A single word: a known scheme missing its credentials, or a credential
/// missing its scheme.
fn scheme_alone(word: &str) -> Problem {
    if is_known_scheme(word) {
        return Problem::SchemeOnly {
            scheme: word.to_string(),
        };
    }
    Problem::MissingScheme {
        shape: token_shape(word),
    }
}

fn token_shape(word: &str) -> TokenShape {
    if word.starts_with("eyJ") && word.matches('.').count() == 2 {
        return TokenShape::Jwt;
    }
    if let Some(prefix) = crate::knowledge::TOKEN_PREFIXES
        .iter()
        .find(|p| word.starts_with(**p))
    {
        return TokenShape::Prefixed { prefix };
    }
    if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(word) {
        let printable = bytes.iter().all(|b| (0x20..0x7F).contains(b) || *b >= 0x80);
        if printable && bytes.contains(&b':') && std::str::from_utf8(&bytes).is_ok() {
            return TokenShape::BasicCredentials;
        }
    }
    TokenShape::Opaque
}

/// Whitespace problems located relative to scheme and credentials. `base` is
/// the character offset of `value` within the full header value.
fn whitespace(value: &str, scheme: &str, base: usize) -> Vec<Problem> {
    // The usual header, `Bearer <token>` in ASCII with one space after the scheme and none
    // around, has nothing to report: answered without listing its characters (every request
    // with credentials asks).
    let b = value.as_bytes();
    if value.is_ascii()
        && b.first().is_some_and(|&c| c != b' ')
        && b.last().is_some_and(|&c| c != b' ')
        && !b.iter().any(|c| matches!(c, b'\t' | b'\r' | b'\n'))
        && value.starts_with(scheme)
        && !value
            .get(scheme.len()..)
            .is_some_and(|after| after.starts_with("  "))
    {
        return Vec::new();
    }
    whitespace_listed(value, scheme, base)
}

/// [`whitespace`], character by character.
fn whitespace_listed(value: &str, scheme: &str, base: usize) -> Vec<Problem> {
    let chars: Vec<char> = value.chars().collect();
    let total = chars.len();
    let lead = chars.iter().take_while(|&&c| is_blank(c)).count();
    let trail = chars.iter().rev().take_while(|&&c| is_blank(c)).count();
    let scheme_end = lead + scheme.chars().count();
    let creds_start = scheme_end
        + chars
            .get(scheme_end..)
            .unwrap_or(&[])
            .iter()
            .take_while(|&&c| is_blank(c))
            .count();
    let runs = group(chars.iter().enumerate().filter_map(|(i, &c)| {
        let kind = WhitespaceKind::of(c)?;
        let where_ = if i < lead {
            Where::Leading
        } else if i >= total - trail {
            Where::Trailing
        } else if i >= scheme_end && i < creds_start {
            Where::AfterScheme
        } else if kind == WhitespaceKind::Space {
            // Inner spaces are SplitBySpaces' business (and legal in params).
            return None;
        } else {
            Where::Inside
        };
        Some((i + base, kind, where_))
    }));
    runs.into_iter()
        // One SP after the scheme is the separator the grammar asks for.
        .filter(|w| {
            !(w.where_ == Where::AfterScheme && w.kind == WhitespaceKind::Space && w.count == 1)
        })
        .map(Problem::from)
        .collect()
}

/// Whether `s` is a placeholder left by code or documentation instead of a
/// real credential. Deliberately narrow, because a match is echoed in
/// messages and must never be a real secret.
pub fn is_placeholder(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "undefined",
        "null",
        "none",
        "nil",
        "nan",
        "infinity",
        "true",
        "false",
        "\"\"",
        "''",
        "``",
        "token",
        "access_token",
        "accesstoken",
        "api_key",
        "apikey",
        "api-key",
        "secret",
        "changeme",
        "placeholder",
    ];
    if s.is_empty() || s.chars().count() > 100 {
        return false;
    }
    // Asked of every credential a capture holds: the common answer (no) allocates nothing.
    if WORDS.iter().any(|w| w.eq_ignore_ascii_case(s)) {
        return true;
    }
    if s.get(..8)
        .is_some_and(|p| p.eq_ignore_ascii_case("[object "))
        && s.ends_with(']')
    {
        return true;
    }
    if s.chars().count() >= 3
        && (s.chars().all(|c| c.eq_ignore_ascii_case(&'x')) || s.chars().all(|c| c == '*'))
    {
        return true;
    }
    let name_like = |inner: &str| {
        !inner.trim().is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || " _-.".contains(c))
    };
    for (open, close, any_inner) in [
        ("${", "}", true),
        ("{{", "}}", true),
        ("<", ">", false),
        ("%", "%", false),
        ("{", "}", false),
        ("[", "]", false),
    ] {
        if let Some(inner) = s.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            if !inner.trim().is_empty() && (any_inner || name_like(inner)) {
                return true;
            }
        }
    }
    if let Some(name) = s.strip_prefix('$') {
        let ident = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        let upper = !name.chars().any(|c| c.is_ascii_lowercase());
        if ident && (upper || has_hint(&s.to_ascii_lowercase())) {
            return true;
        }
    }
    let norm = |b: u8| match b {
        b'-' | b' ' => b'_',
        b => b.to_ascii_lowercase(),
    };
    let lead = ["your_", "my_", "insert_", "enter_", "replace_with_", "put_"];
    let led = lead
        .iter()
        .any(|p| s.len() >= p.len() && s.bytes().zip(p.bytes()).all(|(a, b)| norm(a) == b));
    // The hints are letters only: whether `-` and ` ` read as `_` does not change a match.
    led && s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_- ".contains(c))
        && has_hint(&s.to_ascii_lowercase())
}

fn has_hint(lower: &str) -> bool {
    [
        "token", "key", "secret", "auth", "pass", "jwt", "bearer", "cred", "here",
    ]
    .iter()
    .any(|h| lower.contains(h))
}

#[cfg(test)]
mod tests {
    use super::*;
    use WhitespaceKind as K;

    fn codes(value: &str) -> Vec<&'static str> {
        diagnose(value).iter().map(Problem::as_str).collect()
    }

    #[test]
    fn parse_splits_scheme_and_raw_credentials() {
        let cases = [
            ("Bearer abc", "Bearer", "abc"),
            ("Bearer   abc ", "Bearer", "abc "),
            ("  Basic\tQQ==", "Basic", "QQ=="),
            ("Bearer", "Bearer", ""),
            ("", "", ""),
            ("Bearer\u{A0}abc", "Bearer", "\u{A0}abc"),
            (
                "Digest username=\"a\", realm=\"b\"",
                "Digest",
                "username=\"a\", realm=\"b\"",
            ),
        ];
        for (value, scheme, creds) in cases {
            let a = parse(value);
            assert_eq!(
                (a.scheme.as_str(), a.credentials.as_str()),
                (scheme, creds),
                "{value:?}"
            );
        }
    }

    #[test]
    fn clean_values_have_no_problems() {
        for value in [
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
            "bearer abc",
            "BEARER abc",
            "token ghp_16C7e42F292c6912E7710c838347Ae178B4a",
            "Token abc",
            "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", nonce=\"x\"",
            "AWS4-HMAC-SHA256 Credential=AKIA/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abc",
            "Negotiate YIIBzgYJKoZIhvcSAQICAQBuggG9",
            "SSWS 00abc",
            "Klaviyo-API-Key pk_abc",
        ] {
            assert_eq!(diagnose(value), vec![], "{value}");
        }
    }

    #[test]
    fn empty() {
        for value in ["", " ", "\t", "\u{FEFF}", "\r\n"] {
            assert_eq!(diagnose(value), vec![Problem::Empty], "{value:?}");
        }
    }

    #[test]
    fn scheme_only() {
        for value in ["Bearer", "bearer", "Basic", "Token", "token", "Negotiate"] {
            assert_eq!(
                diagnose(value),
                vec![Problem::SchemeOnly {
                    scheme: value.to_string()
                }],
                "{value}"
            );
        }
        assert_eq!(codes("Bearer "), ["whitespace", "scheme-only"]);
    }

    #[test]
    fn placeholders_after_scheme() {
        for p in [
            "undefined",
            "Undefined",
            "UNDEFINED",
            "null",
            "NULL",
            "None",
            "nil",
            "NaN",
            "true",
            "false",
            "[object Object]",
            "[object Promise]",
            "${token}",
            "${ env.API_TOKEN }",
            "{{token}}",
            "{{ $json.access_token }}",
            "<token>",
            "<your token>",
            "%TOKEN%",
            "$TOKEN",
            "$access_token",
            "YOUR_TOKEN_HERE",
            "your-api-key",
            "YOUR API KEY",
            "\"\"",
            "''",
            "{token}",
            "[TOKEN]",
            "xxxxxxxx",
            "********",
            "\"undefined\"",
        ] {
            assert_eq!(
                diagnose(&format!("Bearer {p}")),
                vec![Problem::Placeholder {
                    value: p.to_string()
                }],
                "{p}"
            );
        }
    }

    #[test]
    fn placeholders_as_whole_value_or_scheme() {
        for p in ["undefined", "null", "[object Object]", "${token}", "NaN"] {
            assert_eq!(
                diagnose(p),
                vec![Problem::Placeholder {
                    value: p.to_string()
                }],
                "{p}"
            );
        }
        // `${tokenType} ${token}` with an unset type.
        assert_eq!(
            diagnose("undefined eyJhbGciOi.eyJzdWIi.c2ln"),
            vec![Problem::Placeholder {
                value: "undefined".to_string()
            }]
        );
    }

    #[test]
    fn real_tokens_are_not_placeholders() {
        for t in [
            "abc",
            "nullable",
            "$2a$10$abcdefghij",
            "$abc123XYZdef",
            "ghp_16C7e42F292c6912",
            "<",
            "%",
            "{}",
            "x",
            "xx",
            "nonce",
            "eyJhbGciOi.eyJ.c2ln",
            "your",
            "your_name",
            "your_tökén",
            "xxxXé",
        ] {
            assert!(!is_placeholder(t), "{t}");
        }
        // Cases and separators are read as the lowercase, `_`-joined form.
        for t in [
            "Replace-With Your Token",
            "PUT_KEY_HERE",
            "[OBJECT Window]",
            "XxXx",
            "NULL",
        ] {
            assert!(is_placeholder(t), "{t}");
        }
    }

    #[test]
    fn double_scheme() {
        for (value, repeated) in [
            ("Bearer Bearer abc", "Bearer"),
            ("Bearer bearer abc", "bearer"),
            ("Basic Basic QQ==", "Basic"),
            ("token TOKEN abc", "TOKEN"),
        ] {
            let scheme = value.split(' ').next().unwrap_or_default().to_string();
            assert_eq!(
                diagnose(value),
                vec![Problem::DoubleScheme {
                    scheme,
                    repeated: repeated.to_string()
                }],
                "{value}"
            );
        }
        assert_eq!(codes("Bearer Bearer"), ["double-scheme", "scheme-only"]);
        assert_eq!(
            codes("Bearer Bearer undefined"),
            ["double-scheme", "placeholder"]
        );
    }

    #[test]
    fn split_by_spaces() {
        assert_eq!(
            diagnose("Bearer abc def ghi"),
            vec![Problem::SplitBySpaces {
                parts: 3,
                positions: vec![10, 14]
            }]
        );
        // Spaces are normal in auth-param credentials.
        assert_eq!(diagnose("Digest username=\"a b\", realm=\"c d\""), vec![]);
    }

    #[test]
    fn quoted() {
        assert_eq!(
            diagnose("Bearer \"abc\""),
            vec![Problem::Quoted {
                quote: '"',
                closed: true
            }]
        );
        assert_eq!(
            diagnose("Bearer 'abc'"),
            vec![Problem::Quoted {
                quote: '\'',
                closed: true
            }]
        );
        assert_eq!(
            diagnose("Bearer \"abc"),
            vec![Problem::Quoted {
                quote: '"',
                closed: false
            }]
        );
    }

    #[test]
    fn unknown_scheme() {
        assert_eq!(
            diagnose("Beare abc"),
            vec![Problem::UnknownScheme {
                scheme: "Beare".to_string()
            }]
        );
        for known in [
            "DPoP",
            "dpop",
            "ApiKey",
            "api-key",
            "SharedKey",
            "Hawk",
            "vapid",
            "VAPID",
        ] {
            assert_eq!(diagnose(&format!("{known} x")), vec![], "{known}");
        }
    }

    #[test]
    fn missing_scheme() {
        let cases = [
            ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", TokenShape::Jwt),
            (
                "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
                TokenShape::Prefixed { prefix: "ghp_" },
            ),
            (
                "github_pat_11ABC",
                TokenShape::Prefixed {
                    prefix: "github_pat_",
                },
            ),
            ("QWxhZGRpbjpvcGVuIHNlc2FtZQ==", TokenShape::BasicCredentials),
            ("a1b2c3d4e5f6", TokenShape::Opaque),
        ];
        for (value, shape) in cases {
            assert_eq!(
                diagnose(value),
                vec![Problem::MissingScheme { shape }],
                "{value}"
            );
        }
    }

    #[test]
    fn header_name_pasted() {
        assert_eq!(codes("Authorization: Bearer abc"), ["header-name-in-value"]);
        assert_eq!(
            codes("authorization: Bearer undefined"),
            ["header-name-in-value", "placeholder"]
        );
    }

    #[test]
    fn whitespace_shortcut_answers_as_the_listing() {
        // Every ASCII value of up to five characters from an alphabet with the characters
        // the shortcut looks at, plus real-looking headers.
        let alphabet = [b'B', b'x', b' ', b'\t', b'\n', b'\r'];
        let mut values: Vec<String> = vec![
            "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig".into(),
            "Bearer  abc".into(),
            "Basic dXNlcjpwYXNz ".into(),
            "Bearer a b  c".into(),
            "Bearer\u{A0}abc".into(),
        ];
        for len in 1..=5u32 {
            for n in 0..alphabet.len().pow(len) {
                let (mut n, mut v) = (n, Vec::new());
                for _ in 0..len {
                    v.push(alphabet[n % alphabet.len()]);
                    n /= alphabet.len();
                }
                values.push(String::from_utf8(v).unwrap());
            }
        }
        let mut clean = 0;
        for v in &values {
            let (scheme, _) = split(v);
            let listed = whitespace_listed(v, scheme, 3);
            assert_eq!(whitespace(v, scheme, 3), listed, "{v:?}");
            clean += usize::from(listed.is_empty());
        }
        // Values with nothing to report, the shortcut's business, are many of them.
        assert!(clean > 100, "{clean}");
    }

    #[test]
    fn whitespace_positions() {
        let ws = |where_, kind, position, count| Problem::Whitespace {
            where_,
            kind,
            position,
            count,
        };
        let cases: Vec<(&str, Vec<Problem>)> = vec![
            (
                "Bearer abc\n",
                vec![ws(Where::Trailing, K::LineFeed, 10, 1)],
            ),
            (" Bearer abc", vec![ws(Where::Leading, K::Space, 0, 1)]),
            ("Bearer  abc", vec![ws(Where::AfterScheme, K::Space, 6, 2)]),
            ("Bearer\tabc", vec![ws(Where::AfterScheme, K::Tab, 6, 1)]),
            (
                "Bearer\u{A0}abc",
                vec![ws(Where::AfterScheme, K::NoBreakSpace, 6, 1)],
            ),
            (
                "Bearer \u{200B}abc",
                vec![ws(Where::AfterScheme, K::ZeroWidthSpace, 7, 1)],
            ),
            (
                "Bearer ab\u{2060}c",
                vec![ws(Where::Inside, K::WordJoiner, 9, 1)],
            ),
            (
                "Bearer ab\r\nc",
                vec![
                    ws(Where::Inside, K::CarriageReturn, 9, 1),
                    ws(Where::Inside, K::LineFeed, 10, 1),
                ],
            ),
            (
                "\u{FEFF}Bearer abc",
                vec![ws(Where::Leading, K::ByteOrderMark, 0, 1)],
            ),
            (
                "Bearer abc\u{FEFF}",
                vec![ws(Where::Trailing, K::ByteOrderMark, 10, 1)],
            ),
        ];
        for (value, expected) in cases {
            assert_eq!(diagnose(value), expected, "{value:?}");
        }
    }

    #[test]
    fn fullwidth_reported_by_code_point_only() {
        let problems = diagnose("Bearer ab\u{FF43}\u{3000}");
        assert_eq!(
            problems,
            vec![Problem::FullWidth {
                chars: vec![
                    FullWidthChar {
                        position: 9,
                        code_point: 0xFF43
                    },
                    FullWidthChar {
                        position: 10,
                        code_point: 0x3000
                    },
                ]
            }]
        );
        // The secret's visible characters never appear in a problem.
        let debug = format!("{problems:?}");
        assert!(!debug.contains("ab"), "{debug}");
    }

    #[test]
    fn problems_never_contain_the_secret() {
        let secret = "s3cr3tT0k3nValue";
        for value in [
            format!("Bearer {secret}\n"),
            format!("Bearer  {secret}"),
            format!("Bearer Bearer {secret}"),
            format!("Bearer \"{secret}\""),
            format!("Bearer {secret} {secret}"),
            format!("Beare {secret}"),
            secret.to_string(),
            format!("Bearer {secret}\u{FF41}"),
        ] {
            let debug = format!("{:?}", diagnose(&value));
            assert!(!debug.contains(secret), "{value:?} -> {debug}");
            assert!(debug != "[]", "{value:?} should have a problem");
        }
    }

    #[test]
    fn never_panics() {
        for b in 0u32..0x3100 {
            let Some(c) = char::from_u32(b) else { continue };
            for value in [
                format!("{c}"),
                format!("Bearer {c}"),
                format!("{c}Bearer{c}{c}x{c}"),
                format!("Authorization:{c}"),
                format!("authorization: {c} {c}"),
            ] {
                let _ = diagnose(&value);
            }
        }
        for value in [
            "Authorization:",
            "Authorization: ",
            ":",
            "Proxy-Authorization: Basic",
        ] {
            let _ = diagnose(value);
        }
    }
}
