//! `bearer-invalid-token`
//!
//! # What it detects
//! The server answered with RFC 6750 `error="invalid_token"` (or
//! `invalid_request`) and no more specific rule explained why: the token is
//! opaque, or its claims look fine. A JWT whose signature or key the server
//! names is `jwt-signature-rejected`'s.
//!
//! # Why it causes the failure
//! `invalid_token` means "expired, revoked, malformed, or invalid for other
//! reasons". The server's own `error_description` is the best clue and is quoted.
//! Common hidden causes: the token was revoked or superseded by a refresh, it was
//! issued by another environment or tenant (wrong `iss`/`aud`), or the signing key
//! rotated and the API has not fetched the new key set.
//!
//! # Example (HAR excerpt)
//! `WWW-Authenticate: Bearer error="invalid_token", error_description="The access token is invalid"`.
//!
//! # References
//! RFC 6750 §3, §3.1.

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, req_header_ptr, resp_header_ptr};

pub struct BearerInvalidToken;

static META: RuleMeta = RuleMeta {
    id: "bearer-invalid-token",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 40,
    phase: Phase::Fallback,
    references: &[
        Reference { title: "RFC 6750 §3 The WWW-Authenticate Response Header Field", url: "https://www.rfc-editor.org/rfc/rfc6750#section-3" },
        Reference { title: "RFC 6750 §3.1 Error Codes", url: "https://www.rfc-editor.org/rfc/rfc6750#section-3.1" },
    ],
};

impl Rule for BearerInvalidToken {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        // Asked first: whether the entry failed is known already, but every entry had its
        // parsed challenges let go after its own rules (`release_after_own_rules`), and asking
        // for them parses them again.
        if cx.failure().is_none() {
            return;
        }
        let Some((ch, c)) = cx.challenge_error() else { return };
        let code = c.error().unwrap_or("");
        if !matches!(code, "invalid_token" | "invalid_request") {
            return;
        }
        let i = cx.index();
        let description = c.error_description().unwrap_or("").to_owned();
        let lower = description.to_ascii_lowercase();
        // Whole words: "iss" must not match inside "missing", nor "key" inside "keycloak".
        let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
        let has = |w: &str| words.contains(&w);
        let variant = if code == "invalid_request" {
            "invalid-request"
        } else if has("expired") || has("exp") {
            "expired"
        } else if has("signature") || has("kid") || has("key") || has("keys") {
            "signature"
        } else if has("audience") || has("issuer") || has("aud") || has("iss") {
            "audience"
        } else if has("revoked") {
            "revoked"
        } else {
            "generic"
        };
        let www: Vec<&str> = cx.entry.response_header_values("www-authenticate").map(|(_, v)| v).collect();
        let mut d = Draft::new(&META, i, Confidence::Likely)
            .variant(variant)
            .data("error", code)
            .data("description", description)
            .evidence(i, resp_header_ptr(i, ch), Value::header("WWW-Authenticate", www.join(", ")));
        if let Some((h, v)) = cx.authorization() {
            d = d.evidence(i, req_header_ptr(i, h), Value::header("Authorization", v));
        }
        if let Some(claims) = cx.claims() {
            if let Some(iss) = claims.iss() {
                d = d.data("iss", iss);
            }
            d = d.data("aud", Value::Joined(claims.aud().into_iter().map(Value::text).collect()));
        }
        out.push(d);
    }
}
