//! `credential-whitespace`
//!
//! # What it detects
//! Spaces, tabs, line feeds, no-break spaces or zero-width characters before,
//! after or inside a credential: the token of an `Authorization` header, a Basic
//! user-id or password (including the line feed that `echo user:pass | base64`
//! adds), an API key, or the user name and password fields of a sign-in form.
//!
//! # Why it causes the failure
//! Credentials are compared byte for byte. A value copied from a web page, a
//! terminal, a spreadsheet or a `.env` file often carries an invisible character;
//! the server compares it too and the credential does not match.
//!
//! # Example (HAR excerpt)
//! `Authorization: Basic YWxpY2U6c2VjcmV0Cg==` (`alice:secret` + line feed).
//!
//! # References
//! RFC 9110 §5.5, RFC 7617 §2.

use crate::finding::{Confidence, Reference, Severity};
use crate::http::authorization::Problem;
use crate::http::basic::{self, Finding as BasicFinding, Part};
use crate::http::credential_chars::{whitespace_problems, WhitespaceKind, WhitespaceProblem, Where};

use super::basic_malformed::{basic_credentials, utf8_announced};
use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, req_header_ptr};

pub struct CredentialWhitespace;

static META: RuleMeta = RuleMeta {
    id: "credential-whitespace",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 6,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 9110 §5.5 Field Values", url: "https://www.rfc-editor.org/rfc/rfc9110#section-5.5" },
        Reference { title: "RFC 7617 §2 The 'Basic' Authentication Scheme", url: "https://www.rfc-editor.org/rfc/rfc7617#section-2" },
    ],
};

fn describe(kind: WhitespaceKind) -> Value {
    Value::Char(char::from_u32(kind.code_point()).unwrap_or(' '))
}

/// The catalog word for where in the `Authorization` value a character sits.
fn where_word(w: Where) -> &'static str {
    match w {
        Where::Leading => "where_leading",
        Where::Trailing => "where_trailing",
        Where::AfterScheme => "where_after_scheme",
        Where::Inside => "where_inside",
    }
}

impl Rule for CredentialWhitespace {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        if cx.failure().is_none() {
            return;
        }
        let i = cx.index();
        if let Some((h, value, creds)) = basic_credentials(cx) {
            if let Ok(decoded) = basic::decode(creds, utf8_announced(cx)) {
                for f in &decoded.findings {
                    let (part, what, position, variant) = match f {
                        BasicFinding::LineBreak { part, position, trailing, .. } => {
                            (*part, Value::Char('\n'), *position, if *trailing { "echo" } else { "basic" })
                        }
                        BasicFinding::Whitespace { part, problem } => (*part, describe(problem.kind), problem.position, "basic"),
                        _ => continue,
                    };
                    let part = Value::Word(match part {
                        Part::UserId => "user-id",
                        Part::Password => "password",
                    });
                    out.push(
                        Draft::new(&META, i, Confidence::Likely)
                            .variant(variant)
                            .data("where", part)
                            .data("char", what)
                            .data("position", Value::Position(position))
                            .evidence(i, req_header_ptr(i, h), Value::header("Authorization", value)),
                    );
                    return;
                }
            }
            return;
        }
        if let Some((h, value)) = cx.authorization() {
            let problems = cx.authorization_problems();
            if let Some(Problem::Whitespace { kind, position, where_, .. }) = problems.iter().find(|p| matches!(p, Problem::Whitespace { .. })) {
                out.push(
                    Draft::new(&META, i, Confidence::Likely)
                        .data("where", Value::phrase("where_in_authorization", vec![("part", Value::Word(where_word(*where_)))]))
                        .data("char", describe(*kind))
                        .data("position", Value::Position(*position))
                        .evidence(i, req_header_ptr(i, h), Value::header("Authorization", value)),
                );
                return;
            }
        }
        for (pointer, name, value) in cx.login_fields() {
            // A password may contain spaces; only edges and invisible characters are suspect.
            let suspect = whitespace_problems(value)
                .into_iter()
                .find(|p| p.where_ != crate::http::credential_chars::Where::Inside || p.kind.is_invisible());
            if let Some(p) = suspect {
                out.push(
                    Draft::new(&META, i, Confidence::Likely)
                        .data("where", name)
                        .data("char", describe(p.kind))
                        .data("position", Value::Position(p.position))
                        .evidence(i, pointer.clone(), Value::labeled(name, Value::secret(value))),
                );
                return;
            }
        }
        for (pointer, name, value) in cx.api_keys() {
            let problems: Vec<WhitespaceProblem> = whitespace_problems(value);
            if let Some(p) = problems.first() {
                out.push(
                    Draft::new(&META, i, Confidence::Likely)
                        .data("where", name)
                        .data("char", describe(p.kind))
                        .data("position", Value::Position(p.position))
                        .evidence(i, pointer, Value::labeled(name, Value::secret(value))),
                );
                return;
            }
        }
    }
}
