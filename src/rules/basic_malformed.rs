//! `basic-malformed`
//!
//! # What it detects
//! Basic credentials that a server cannot decode: not base64 (or `user:pass` sent
//! without encoding), base64 with a line break in it (wrapped output of `base64`),
//! no `:` between user-id and password, or bytes that are not UTF-8 (while the
//! challenge announced `charset="UTF-8"`, or for non-ASCII passwords in general).
//!
//! # Why it causes the failure
//! RFC 7617 requires `base64(user-id ":" password)`. A server that cannot decode
//! the value, or decodes different characters than the user typed, compares the
//! wrong password and answers 401 as if it were mistyped.
//!
//! # Example (HAR excerpt)
//! `Authorization: Basic alice:secret` (not encoded).
//!
//! # References
//! RFC 7617 §2, §2.1; RFC 4648 §4.

use crate::finding::{Confidence, Reference, Severity};
use crate::http::basic::{self, BasicError, Finding as BasicFinding};
use crate::http::credential_chars::WhitespaceKind;

use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, req_header_ptr};

pub struct BasicMalformed;

static META: RuleMeta = RuleMeta {
    id: "basic-malformed",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 4,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 7617 §2 The 'Basic' Authentication Scheme", url: "https://www.rfc-editor.org/rfc/rfc7617#section-2" },
        Reference { title: "RFC 7617 §2.1 The 'charset' auth-param", url: "https://www.rfc-editor.org/rfc/rfc7617#section-2.1" },
        Reference { title: "RFC 4648 §4 Base 64 Encoding", url: "https://www.rfc-editor.org/rfc/rfc4648#section-4" },
    ],
};

/// Whether the response's Basic challenge announced `charset="UTF-8"`.
pub fn utf8_announced(cx: &EntryCx<'_, '_>) -> bool {
    cx.challenges()
        .iter()
        .any(|(_, c)| c.is("basic") && c.charset().is_some_and(|s| s.eq_ignore_ascii_case("utf-8")))
}

/// The credentials after `Basic `, when the request used Basic.
pub fn basic_credentials<'c>(cx: &'c EntryCx<'_, '_>) -> Option<(usize, &'c str, &'c str)> {
    let (h, value) = cx.authorization()?;
    let v = value.trim_start();
    let (scheme, rest) = v.split_once([' ', '\t'])?;
    scheme.eq_ignore_ascii_case("basic").then(|| (h, value, rest.trim_start_matches([' ', '\t'])))
}

/// The catalog's words for a base64 problem (`problem_not-base64`, …).
fn problem_word(kind: &str) -> Value {
    Value::Word(match kind {
        "not-base64" => "problem_not-base64",
        "mixed-alphabet" => "problem_mixed-alphabet",
        "bad-padding" => "problem_bad-padding",
        "bad-length" => "problem_bad-length",
        "base64url" => "problem_base64url",
        _ => "problem_missing-padding",
    })
}

impl Rule for BasicMalformed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        if cx.failure().is_none() {
            return;
        }
        let Some((h, value, creds)) = basic_credentials(cx) else { return };
        let i = cx.index();
        let announced = utf8_announced(cx);
        let draft = |variant: &str, confidence| {
            Draft::new(&META, i, confidence)
                .variant(variant)
                .evidence(i, req_header_ptr(i, h), Value::header("Authorization", value))
        };
        match basic::decode(creds, announced) {
            Err(BasicError::Empty) => {} // authorization-malformed reports a scheme alone
            Err(BasicError::NotEncoded) => out.push(draft("not-encoded", Confidence::Certain)),
            Err(BasicError::MissingColon) => out.push(draft("missing-colon", Confidence::Certain)),
            Err(e @ (BasicError::NotBase64 { .. } | BasicError::MixedAlphabet | BasicError::BadPadding | BasicError::BadLength)) => {
                out.push(draft("not-base64", Confidence::Certain).data("problem", problem_word(e.as_str())))
            }
            Ok(decoded) => {
                for f in &decoded.findings {
                    match f {
                        BasicFinding::WhitespaceInBase64 { kind: WhitespaceKind::LineFeed | WhitespaceKind::CarriageReturn, position } => {
                            out.push(draft("line-break", Confidence::Likely).data("position", Value::Position(*position)));
                            return;
                        }
                        BasicFinding::NotUtf8 { valid_latin1, utf8_announced } => {
                            let conf = if *utf8_announced { Confidence::Likely } else { Confidence::Possible };
                            let mut d = draft("not-utf8", conf).data("announced", Value::Word(if *utf8_announced { "yes" } else { "no" }));
                            if *valid_latin1 {
                                d = d.data("latin1", "ISO-8859-1");
                            }
                            out.push(d);
                            return;
                        }
                        BasicFinding::Base64Url | BasicFinding::MissingPadding => {
                            out.push(draft("base64url", Confidence::Possible).data("problem", problem_word(f.as_str())));
                            return;
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}
