//! `credential-fullwidth`
//!
//! # What it detects
//! Full-width (全角) letters, digits or symbols (U+FF01–U+FF5E) or the
//! ideographic space (U+3000) in a credential: a token, a Basic user-id or
//! password, an API key, or a sign-in form's user name or password.
//!
//! # Why it causes the failure
//! With a Japanese, Chinese or Korean input method on, `ｐａｓｓ１２３` looks like
//! `pass123` but is different bytes, so the server's comparison fails. It happens
//! when typing a password with the IME active or copying from a document that
//! converted the text.
//!
//! # Example (HAR excerpt)
//! A Basic password that decodes to `ｓｅｃｒｅｔ`.
//!
//! # References
//! Unicode Standard, Halfwidth and Fullwidth Forms; RFC 7613 (PRECIS usernames and passwords).

use crate::finding::{Confidence, Reference, Severity};
use crate::http::authorization::Problem;
use crate::http::basic::{self, Finding as BasicFinding, Part};
use crate::http::credential_chars::fullwidth_chars;

use super::basic_malformed::{basic_credentials, utf8_announced};
use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, req_header_ptr};

pub struct CredentialFullwidth;

static META: RuleMeta = RuleMeta {
    id: "credential-fullwidth",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 6,
    phase: Phase::Main,
    references: &[
        Reference { title: "Unicode: Halfwidth and Fullwidth Forms (U+FF00–U+FFEF)", url: "https://www.unicode.org/charts/PDF/UFF00.pdf" },
        Reference { title: "RFC 8265 PRECIS usernames and passwords", url: "https://www.rfc-editor.org/rfc/rfc8265" },
    ],
};

impl Rule for CredentialFullwidth {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        if cx.failure().is_none() {
            return;
        }
        let i = cx.index();
        let mut found: Option<(Value, usize, crate::rules::Pointer, usize)> = None; // where, count, pointer, header
        if let Some((h, _value, creds)) = basic_credentials(cx) {
            if let Ok(decoded) = basic::decode(creds, utf8_announced(cx)) {
                if let Some(BasicFinding::FullWidth { part, chars }) =
                    decoded.findings.iter().find(|f| matches!(f, BasicFinding::FullWidth { .. }))
                {
                    let part = Value::Word(if *part == Part::UserId { "user-id" } else { "password" });
                    found = Some((part, chars.len(), req_header_ptr(i, h), h));
                }
            }
        } else if let Some((h, _)) = cx.authorization() {
            if let Some(Problem::FullWidth { chars }) =
                cx.authorization_problems().iter().find(|p| matches!(p, Problem::FullWidth { .. }))
            {
                found = Some((Value::text("Authorization"), chars.len(), req_header_ptr(i, h), h));
            }
        }
        if found.is_none() {
            for (pointer, name, value) in cx.login_fields() {
                let chars = fullwidth_chars(value);
                if !chars.is_empty() {
                    found = Some((Value::text(name), chars.len(), pointer.clone(), usize::MAX));
                    break;
                }
            }
        }
        if found.is_none() {
            for (pointer, name, value) in cx.api_keys() {
                let chars = fullwidth_chars(value);
                if !chars.is_empty() {
                    found = Some((Value::text(name), chars.len(), pointer, usize::MAX));
                    break;
                }
            }
        }
        let Some((place, count, pointer, header)) = found else { return };
        let excerpt = match (header, cx.authorization()) {
            (h, Some((ah, v))) if h == ah => Value::header("Authorization", v),
            _ => Value::phrase("ev_fullwidth", vec![("where", place.clone())]),
        };
        out.push(
            Draft::new(&META, i, Confidence::Likely)
                .data("where", place)
                .data("count", Value::Count(count as u64, "character"))
                .evidence(i, pointer, excerpt),
        );
    }
}
