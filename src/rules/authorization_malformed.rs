//! `authorization-malformed`
//!
//! # What it detects
//! An `Authorization` header whose form is wrong: a scheme with no credentials
//! (`Bearer`), the scheme twice (`Bearer Bearer x`), a token split by spaces,
//! quotes around the token, a missing scheme (a bare JWT), an unknown scheme, or
//! the header name pasted into the value (`Authorization: Bearer x`).
//!
//! # Why it causes the failure
//! Servers split the value at the first space into scheme and credentials
//! (RFC 9110 §11.4). Any extra word, quote or missing scheme changes what they
//! read as the token, so a valid token is rejected as invalid.
//!
//! # Example (HAR excerpt)
//! `{"name": "Authorization", "value": "Bearer Bearer eyJhbGciOi…"}`.
//!
//! # References
//! RFC 9110 §11.4, §11.6.2; RFC 6750 §2.1.

use crate::finding::{Confidence, Reference, Severity};
use crate::http::authorization::{Problem, TokenShape};

use super::facts::says_malformed;
use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, req_header_ptr};

pub struct AuthorizationMalformed;

static META: RuleMeta = RuleMeta {
    id: "authorization-malformed",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 2,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 9110 §11.4 Credentials", url: "https://www.rfc-editor.org/rfc/rfc9110#section-11.4" },
        Reference { title: "RFC 6750 §2.1 Authorization Request Header Field", url: "https://www.rfc-editor.org/rfc/rfc6750#section-2.1" },
        Reference { title: "IANA HTTP Authentication Scheme Registry", url: "https://www.iana.org/assignments/http-authschemes/http-authschemes.xhtml" },
    ],
};

impl Rule for AuthorizationMalformed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        if cx.failure().is_none() {
            return;
        }
        let Some((h, value)) = cx.authorization() else { return };
        let i = cx.index();
        let problems = cx.authorization_problems();
        if cx.authorization_is_placeholder() {
            return; // token-placeholder says it better
        }
        // The server's own words settle it: a library's "could not parse" (the lab's API:
        // express-jwt's "Format is Authorization: Bearer [token]" with a 400 invalid_request
        // to `Bearer Bearer …` and to a bare token, jose's "JWS Protected Header is invalid" to
        // a quoted one). Not RFC 6750's `invalid_request` code alone: it also means a missing
        // parameter, or a token sent two ways.
        let said = cx.server_says(says_malformed);
        for p in problems {
            let (variant, confidence, detail): (&str, Confidence, Value) = match &p {
                Problem::SchemeOnly { scheme } => ("scheme-only", Confidence::Certain, Value::text(scheme)),
                Problem::DoubleScheme { scheme, repeated } => ("double-scheme", Confidence::Certain, Value::text(format!("{scheme} {repeated}"))),
                Problem::SplitBySpaces { parts, .. } => ("split-by-spaces", Confidence::Likely, Value::Count(*parts as u64, "part")),
                Problem::Quoted { quote, .. } => ("quoted", Confidence::Likely, Value::text(quote.to_string())),
                Problem::UnknownScheme { scheme } => ("unknown-scheme", Confidence::Possible, Value::text(scheme)),
                Problem::MissingScheme { shape } => (
                    "missing-scheme",
                    Confidence::Likely,
                    Value::text(match shape {
                        TokenShape::BasicCredentials => "Basic",
                        _ => "Bearer",
                    }),
                ),
                Problem::HeaderNameInValue => ("header-name-in-value", Confidence::Certain, Value::text("")),
                _ => continue,
            };
            out.push(
                Draft::new(&META, i, confidence)
                    .variant(variant)
                    .data("detail", detail)
                    .evidence(i, req_header_ptr(i, h), Value::header("Authorization", value))
                    .settled_by(said.clone()),
            );
        }
    }
}
