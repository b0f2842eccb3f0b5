//! `jwt-malformed`
//!
//! # What it detects
//! A Bearer token that tries to be a JWT (starts with `eyJ` or has two dots) but
//! cannot be decoded: wrong number of parts, a part that is not base64url, or a
//! header or payload that is not a JSON object.
//!
//! # Why it causes the failure
//! The server cannot parse the token, so it rejects it before looking at claims.
//! Usually the token was truncated (a cookie or storage size limit, a copy-paste),
//! concatenated with something, or encoded with standard base64 instead of base64url.
//!
//! # Example (HAR excerpt)
//! `Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0` (two parts).
//!
//! # References
//! RFC 7519 §7.2, RFC 7515 §7.1.

use crate::jwt::{DecodeError, Part};
use crate::finding::{Confidence, Reference, Severity};

use super::facts::says_malformed;
use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, req_header_ptr};

pub struct JwtMalformed;

static META: RuleMeta = RuleMeta {
    id: "jwt-malformed",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 10,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 7519 §7.2 Validating a JWT", url: "https://www.rfc-editor.org/rfc/rfc7519#section-7.2" },
        Reference { title: "RFC 7515 §7.1 JWS Compact Serialization", url: "https://www.rfc-editor.org/rfc/rfc7515#section-7.1" },
    ],
};

fn part_word(part: Part) -> Value {
    Value::Word(match part {
        Part::Header => "jwt_part_header",
        Part::Payload => "jwt_part_payload",
        Part::Signature => "jwt_part_signature",
    })
}

/// Why the token cannot be decoded, in the catalog's words.
fn problem(err: &DecodeError) -> Value {
    match err {
        DecodeError::WrongPartCount { parts } => Value::phrase("jwt_problem_parts", vec![("parts", Value::Count(*parts as u64, "part"))]),
        DecodeError::EmptyPart { part } => Value::phrase("jwt_problem_empty_part", vec![("part", part_word(*part))]),
        DecodeError::NotBase64Url { part, .. } => Value::phrase("jwt_problem_base64", vec![("part", part_word(*part))]),
        DecodeError::NotJson { part } => Value::phrase("jwt_problem_not_json", vec![("part", part_word(*part))]),
        DecodeError::NotObject { part, .. } => Value::phrase("jwt_problem_not_object", vec![("part", part_word(*part))]),
        DecodeError::JsonSerialization => Value::Word("jwt_problem_json_serialization"),
        DecodeError::UnencodedPayload => Value::Word("jwt_problem_unencoded"),
        _ => Value::Word("jwt_problem_empty"),
    }
}

impl Rule for JwtMalformed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        let Some(Err(err)) = cx.jwt() else { return };
        if !err.is_malformed() || cx.failure().is_none() {
            return;
        }
        let Some((h, token)) = cx.bearer_token() else { return };
        let i = cx.index();
        // The server's own words settle it: it could not parse the token either (the lab's
        // jose API on a token cut at its second dot: "Invalid Compact JWS").
        out.push(
            Draft::new(&META, i, Confidence::Likely)
                .data("problem", problem(err))
                .data("parts", Value::Count(token.split('.').count() as u64, "part"))
                .data("length", Value::Count(token.chars().count() as u64, "character"))
                .evidence(i, req_header_ptr(i, h), Value::header("Authorization", format!("Bearer {token}")))
                .settled_by(cx.server_says(says_malformed)),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::facts::says_malformed;

    #[test]
    fn libraries_say_they_could_not_parse() {
        for message in [
            "Invalid Compact JWS",
            "JWS Protected Header is invalid",
            "jwt malformed",
            "token is malformed: token contains an invalid number of segments",
            "Not enough segments",
            "Invalid JWT serialization: Missing dot delimiter(s)",
            "IDX14100: JWT is not well formed, there are no dots (.).",
            "Format is Authorization: Bearer [token]",
        ] {
            assert!(says_malformed(message), "{message}");
        }
    }

    #[test]
    fn refusals_of_a_token_read_whole_are_not() {
        for message in [
            "signature verification failed",
            "\"exp\" claim timestamp check failed",
            "invalid token",
            "Invalid audience",
            "Malformed JSON",
            "Malformed request body",
            "XML is not well formed",
        ] {
            assert!(!says_malformed(message), "{message}");
        }
    }
}
