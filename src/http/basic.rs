//! `Basic` credentials, defined in [RFC 7617 §2]: the token68 after
//! `Basic ` is the base64 of `user-id ":" password`.
//!
//! Decoding is lenient where servers commonly are (base64url, missing
//! padding, whitespace) and records each leniency as a [`Finding`], because
//! a stricter server will reject exactly those requests.
//!
//! # ABNF
//!
//! ```text
//! credentials = "Basic" 1*SP token68     ; RFC 9110 §11.4
//! user-pass   = user-id ":" password     ; before base64 encoding
//! user-id     = *( %x00-39 / %x3B-FF )   ; no ":"
//! password    = *OCTET
//! ```
//!
//! # Example values
//!
//! ```text
//! QWxhZGRpbjpvcGVuIHNlc2FtZQ==   Aladdin:open sesame
//! dGVzdDoxMjPCow==               test:123£ (UTF-8, charset="UTF-8" announced)
//! dGVzdDoxMjOj                   test:123£ (ISO-8859-1)
//! dXNlcjpwYXNzCg==               user:pass + LF (`echo user:pass | base64`)
//! ```
//!
//! [RFC 7617 §2]: https://www.rfc-editor.org/rfc/rfc7617#section-2

use std::fmt;

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::{alphabet, Engine as _};

use super::credential_chars::{
    fullwidth_chars, whitespace_problems, FullWidthChar, Where, WhitespaceKind, WhitespaceProblem,
};

/// Which half of the decoded `user-id:password` a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// The user-id (before the first `:`).
    UserId,
    /// The password (after the first `:`).
    Password,
}

/// Something suspicious that did not prevent decoding. Positions are 0-based
/// character indices (into the base64 text, or into the decoded part).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Finding {
    /// The base64url alphabet (`-`, `_`) was used instead of standard base64.
    Base64Url,
    /// The `=` padding is missing.
    MissingPadding,
    /// Whitespace inside or around the base64 text (e.g. a wrapped line).
    WhitespaceInBase64 {
        /// Which character.
        kind: WhitespaceKind,
        /// Its position in the base64 text.
        position: usize,
    },
    /// A CR or LF inside the decoded text; trailing in the password is the
    /// classic `echo user:pass | base64` mistake.
    LineBreak {
        /// Which part contains it.
        part: Part,
        /// Position of the first line-break character in that part.
        position: usize,
        /// Number of consecutive CR/LF characters.
        chars: usize,
        /// Whether it ends the part.
        trailing: bool,
    },
    /// Other whitespace or invisible characters in the decoded part.
    Whitespace {
        /// Which part contains it.
        part: Part,
        /// Where and what.
        problem: WhitespaceProblem,
    },
    /// Full-width look-alikes in the decoded part.
    FullWidth {
        /// Which part contains them.
        part: Part,
        /// Each one, by position and code point.
        chars: Vec<FullWidthChar>,
    },
    /// The decoded bytes are not UTF-8; they were read as ISO-8859-1.
    NotUtf8 {
        /// Whether every byte is a printable ISO-8859-1 character (or
        /// TAB/CR/LF), i.e. the client plausibly used ISO-8859-1.
        valid_latin1: bool,
        /// Whether the challenge announced `charset="UTF-8"`, in which case
        /// the client ignored it.
        utf8_announced: bool,
    },
    /// The user-id is empty (`:password`).
    EmptyUserId,
    /// The password is empty (`user:`).
    EmptyPassword,
}

impl Finding {
    /// A stable kebab-case code for this kind of finding.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Base64Url => "base64url",
            Self::MissingPadding => "missing-padding",
            Self::WhitespaceInBase64 { .. } => "whitespace-in-base64",
            Self::LineBreak { .. } => "line-break",
            Self::Whitespace { .. } => "whitespace",
            Self::FullWidth { .. } => "full-width",
            Self::NotUtf8 { .. } => "not-utf8",
            Self::EmptyUserId => "empty-user-id",
            Self::EmptyPassword => "empty-password",
        }
    }
}

/// Why Basic credentials could not be decoded at all.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BasicError {
    /// No credentials after `Basic`.
    Empty,
    /// The text contains `:`, so `user:password` was sent without base64.
    NotEncoded,
    /// A character outside the base64 alphabets.
    NotBase64 {
        /// Its position in the credentials text, in characters.
        position: usize,
        /// Its code point.
        code_point: u32,
    },
    /// Both `+`/`/` and `-`/`_` occur, so neither alphabet fits.
    MixedAlphabet,
    /// `=` in the middle, or more than two of them, or wrong total length.
    BadPadding,
    /// A length no base64 text can have (one character too many or few).
    BadLength,
    /// The decoded text has no `:` between user-id and password.
    MissingColon,
}

impl BasicError {
    /// A stable kebab-case code for this error.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::NotEncoded => "not-encoded",
            Self::NotBase64 { .. } => "not-base64",
            Self::MixedAlphabet => "mixed-alphabet",
            Self::BadPadding => "bad-padding",
            Self::BadLength => "bad-length",
            Self::MissingColon => "missing-colon",
        }
    }
}

/// Decoded Basic credentials. `Debug` redacts the password.
#[derive(Clone, PartialEq, Eq)]
pub struct BasicCredentials {
    /// The user-id.
    pub user_id: String,
    /// The password (may itself contain `:`).
    pub password: String,
    /// Leniencies and suspicious content found while decoding.
    pub findings: Vec<Finding>,
}

impl fmt::Debug for BasicCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicCredentials")
            .field("user_id", &self.user_id)
            .field(
                "password",
                &format_args!("<{} chars>", self.password.chars().count()),
            )
            .field("findings", &self.findings)
            .finish()
    }
}

fn is_base64_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "+/-_=".contains(c)
}

/// Decodes the credentials after `Basic `. `charset_utf8_announced` tells
/// whether the server's challenge had `charset="UTF-8"` (RFC 7617 §2.1).
pub fn decode(
    credentials: &str,
    charset_utf8_announced: bool,
) -> Result<BasicCredentials, BasicError> {
    let mut findings = Vec::new();
    if credentials.trim_matches([' ', '\t', '\r', '\n']).is_empty() {
        return Err(BasicError::Empty);
    }
    if credentials.contains(':') {
        return Err(BasicError::NotEncoded);
    }
    // The cleaned text and, per byte, the character position it came from.
    let mut clean = String::new();
    let mut origin = Vec::new();
    for (position, c) in credentials.chars().enumerate() {
        if matches!(c, ' ' | '\t' | '\r' | '\n') {
            if let Some(kind) = WhitespaceKind::of(c) {
                findings.push(Finding::WhitespaceInBase64 { kind, position });
            }
        } else if is_base64_char(c) {
            clean.push(c);
            origin.push(position);
        } else {
            return Err(BasicError::NotBase64 {
                position,
                code_point: c as u32,
            });
        }
    }
    let url = clean.contains(['-', '_']);
    if url && clean.contains(['+', '/']) {
        return Err(BasicError::MixedAlphabet);
    }
    if url {
        findings.push(Finding::Base64Url);
    }
    let data = clean.trim_end_matches('=');
    let pad = clean.len() - data.len();
    if data.contains('=') || pad > 2 {
        return Err(BasicError::BadPadding);
    }
    if data.len() % 4 == 1 {
        return Err(BasicError::BadLength);
    }
    if pad == 0 && !data.len().is_multiple_of(4) {
        findings.push(Finding::MissingPadding);
    } else if pad > 0 && !clean.len().is_multiple_of(4) {
        return Err(BasicError::BadPadding);
    }
    let config = GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true);
    let engine = GeneralPurpose::new(
        if url {
            &alphabet::URL_SAFE
        } else {
            &alphabet::STANDARD
        },
        config,
    );
    let bytes = engine.decode(data).map_err(|e| match e {
        base64::DecodeError::InvalidByte(i, b) | base64::DecodeError::InvalidLastSymbol(i, b) => {
            BasicError::NotBase64 {
                position: origin.get(i).copied().unwrap_or(0),
                code_point: u32::from(b),
            }
        }
        base64::DecodeError::InvalidLength(_) => BasicError::BadLength,
        base64::DecodeError::InvalidPadding => BasicError::BadPadding,
    })?;
    // RFC 7617: the user-id cannot contain ':', so the first one splits.
    let colon = bytes
        .iter()
        .position(|&b| b == b':')
        .ok_or(BasicError::MissingColon)?;
    let (user, pass) = (&bytes[..colon], &bytes[colon + 1..]);
    let (user_id, password) = match std::str::from_utf8(&bytes) {
        Ok(_) => (
            String::from_utf8_lossy(user).into_owned(),
            String::from_utf8_lossy(pass).into_owned(),
        ),
        Err(_) => {
            findings.push(Finding::NotUtf8 {
                valid_latin1: bytes.iter().all(|&b| is_printable_latin1(b)),
                utf8_announced: charset_utf8_announced,
            });
            (latin1(user), latin1(pass))
        }
    };
    for (part, text) in [(Part::UserId, &user_id), (Part::Password, &password)] {
        content_findings(part, text, &mut findings);
    }
    if user_id.is_empty() {
        findings.push(Finding::EmptyUserId);
    }
    if password.is_empty() {
        findings.push(Finding::EmptyPassword);
    }
    Ok(BasicCredentials {
        user_id,
        password,
        findings,
    })
}

fn is_printable_latin1(b: u8) -> bool {
    matches!(b, b'\t' | b'\r' | b'\n' | 0x20..=0x7E | 0xA0..=0xFF)
}

fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

fn content_findings(part: Part, text: &str, findings: &mut Vec<Finding>) {
    let mut line_break: Option<(usize, usize, bool)> = None;
    for problem in whitespace_problems(text) {
        let is_break = matches!(
            problem.kind,
            WhitespaceKind::LineFeed | WhitespaceKind::CarriageReturn
        );
        if !is_break {
            findings.push(Finding::Whitespace { part, problem });
            continue;
        }
        let trailing = problem.where_ == Where::Trailing;
        // `\r\n` is one line break, reported once.
        match &mut line_break {
            Some((pos, n, _)) if *pos + *n == problem.position => *n += problem.count,
            _ => {
                flush(part, line_break.take(), findings);
                line_break = Some((problem.position, problem.count, trailing));
            }
        }
    }
    flush(part, line_break, findings);
    let full = fullwidth_chars(text);
    if !full.is_empty() {
        findings.push(Finding::FullWidth { part, chars: full });
    }
}

fn flush(part: Part, run: Option<(usize, usize, bool)>, findings: &mut Vec<Finding>) {
    if let Some((position, chars, trailing)) = run {
        findings.push(Finding::LineBreak {
            part,
            position,
            chars,
            trailing,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(credentials: &str) -> BasicCredentials {
        match decode(credentials, false) {
            Ok(c) => c,
            Err(e) => panic!("{credentials:?}: {e:?}"),
        }
    }

    fn codes(c: &BasicCredentials) -> Vec<&'static str> {
        c.findings.iter().map(Finding::as_str).collect()
    }

    #[test]
    fn rfc_example() {
        let c = ok("QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert_eq!(c.user_id, "Aladdin");
        assert_eq!(c.password, "open sesame");
        assert_eq!(c.findings, vec![]);
    }

    #[test]
    fn password_may_contain_colons() {
        // "user:pa:ss"
        let c = ok("dXNlcjpwYTpzcw==");
        assert_eq!((c.user_id.as_str(), c.password.as_str()), ("user", "pa:ss"));
    }

    #[test]
    fn echo_without_n_leaves_trailing_lf() {
        // printf 'user:pass\n' | base64
        let c = ok("dXNlcjpwYXNzCg==");
        assert_eq!(c.password, "pass\n");
        assert_eq!(
            c.findings,
            vec![Finding::LineBreak {
                part: Part::Password,
                position: 4,
                chars: 1,
                trailing: true
            }]
        );
        // printf 'user:pass\r\n' | base64 (Windows)
        let c = ok("dXNlcjpwYXNzDQo=");
        assert_eq!(
            c.findings,
            vec![Finding::LineBreak {
                part: Part::Password,
                position: 4,
                chars: 2,
                trailing: true
            }]
        );
        // printf 'us\ner:pass' | base64
        let c = ok("dXMKZXI6cGFzcw==");
        assert_eq!(
            c.findings,
            vec![Finding::LineBreak {
                part: Part::UserId,
                position: 2,
                chars: 1,
                trailing: false
            }]
        );
    }

    #[test]
    fn raw_whitespace_in_base64_text() {
        // base64 without -w0 wraps at 76 columns; also a trailing newline.
        let c = ok("QWxhZGRpbjpv\ncGVuIHNlc2FtZQ==\r\n");
        assert_eq!(c.password, "open sesame");
        assert_eq!(
            c.findings,
            vec![
                Finding::WhitespaceInBase64 {
                    kind: WhitespaceKind::LineFeed,
                    position: 12
                },
                Finding::WhitespaceInBase64 {
                    kind: WhitespaceKind::CarriageReturn,
                    position: 29
                },
                Finding::WhitespaceInBase64 {
                    kind: WhitespaceKind::LineFeed,
                    position: 30
                },
            ]
        );
    }

    #[test]
    fn base64url_and_missing_padding() {
        // "a:>>>?" encodes to "YTo+Pj4/" in standard base64.
        let c = ok("YTo-Pj4_");
        assert_eq!(c.password, ">>>?");
        assert_eq!(codes(&c), ["base64url"]);
        let c = ok("QWxhZGRpbjpvcGVuIHNlc2FtZQ");
        assert_eq!(c.password, "open sesame");
        assert_eq!(codes(&c), ["missing-padding"]);
    }

    #[test]
    fn errors() {
        let cases = [
            ("", BasicError::Empty),
            ("  ", BasicError::Empty),
            ("Aladdin:open sesame", BasicError::NotEncoded),
            (
                "QWxh\u{A0}ZGRp",
                BasicError::NotBase64 {
                    position: 4,
                    code_point: 0xA0,
                },
            ),
            (
                "QWxh.ZGRp",
                BasicError::NotBase64 {
                    position: 4,
                    code_point: u32::from('.'),
                },
            ),
            ("YTo+Pj4_", BasicError::MixedAlphabet),
            ("QQ=a", BasicError::BadPadding),
            ("QQ===", BasicError::BadPadding),
            ("QWE==", BasicError::BadPadding),
            ("QWxhZ", BasicError::BadLength),
            // "Aladdin" has no colon.
            ("QWxhZGRpbg==", BasicError::MissingColon),
        ];
        for (input, expected) in cases {
            assert_eq!(decode(input, false), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn empty_parts() {
        // ":secret"
        assert_eq!(codes(&ok("OnNlY3JldA==")), ["empty-user-id"]);
        // "user:"
        assert_eq!(codes(&ok("dXNlcjo=")), ["empty-password"]);
        // ":"
        assert_eq!(codes(&ok("Og==")), ["empty-user-id", "empty-password"]);
    }

    #[test]
    fn latin1_fallback() {
        // "test:123\xA3" (ISO-8859-1 pound sign)
        for announced in [false, true] {
            let c = decode("dGVzdDoxMjOj", announced).unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!(c.password, "123£");
            assert_eq!(
                c.findings,
                vec![Finding::NotUtf8 {
                    valid_latin1: true,
                    utf8_announced: announced
                }]
            );
        }
        // "a:\x81" is neither UTF-8 nor printable ISO-8859-1.
        let c = ok("YTqB");
        assert_eq!(
            c.findings,
            vec![Finding::NotUtf8 {
                valid_latin1: false,
                utf8_announced: false
            }]
        );
    }

    #[test]
    fn invisible_and_fullwidth_in_parts() {
        // "user:pass\u{A0}" and "ｕser:pass"
        let c = ok(&base64::engine::general_purpose::STANDARD.encode("user:pass\u{A0}"));
        assert_eq!(codes(&c), ["whitespace"]);
        let c = ok(&base64::engine::general_purpose::STANDARD.encode("\u{FF55}ser:pass"));
        assert_eq!(
            c.findings,
            vec![Finding::FullWidth {
                part: Part::UserId,
                chars: vec![FullWidthChar {
                    position: 0,
                    code_point: 0xFF55
                }]
            }]
        );
    }

    #[test]
    fn debug_redacts_password() {
        let c = ok("QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        let debug = format!("{c:?}");
        assert!(!debug.contains("sesame"), "{debug}");
        assert!(debug.contains("<11 chars>"), "{debug}");
    }

    #[test]
    fn never_panics() {
        for b in 0u32..0x3100 {
            let Some(c) = char::from_u32(b) else { continue };
            for s in [
                format!("{c}"),
                format!("QQ{c}="),
                format!("{c}{c}{c}{c}"),
                format!("YTo{c}"),
            ] {
                let _ = decode(&s, true);
            }
        }
        for s in [
            "=", "==", "====", "A===", "AA", "AAA", "-_-_", "////", "Og", "O",
        ] {
            let _ = decode(s, false);
        }
    }
}
