//! `jwt-alg-none`
//!
//! # What it detects
//! An unsigned JWT: header `"alg": "none"` (any case) or an empty signature.
//!
//! # Why it causes the failure
//! Servers must not accept unsigned tokens unless configured to (RFC 8725 §3.1),
//! so an unsigned token is rejected. If it is accepted, that is a critical security
//! hole: anyone can forge any identity. Unsigned tokens usually come from test
//! helpers or a mock issuer left in a build.
//!
//! # Example (HAR excerpt)
//! `Authorization: Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.`
//!
//! # References
//! RFC 8725 §3.1, RFC 7518 §3.6.

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, req_header_ptr};

pub struct JwtAlgNone;

static META: RuleMeta = RuleMeta {
    id: "jwt-alg-none",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 11,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 8725 §3.1 Perform algorithm verification", url: "https://www.rfc-editor.org/rfc/rfc8725#section-3.1" },
        Reference { title: "RFC 7518 §3.6 Unsecured JWS", url: "https://www.rfc-editor.org/rfc/rfc7518#section-3.6" },
    ],
};

impl Rule for JwtAlgNone {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        let Some(claims) = cx.claims() else { return };
        if !claims.is_unsigned() {
            return;
        }
        let i = cx.index();
        let (h, token) = cx.bearer_token().unwrap_or((0, ""));
        let failing = cx.failure().is_some();
        // About a request that did not fail: only when the server really accepted it.
        if !failing && !cx.accepted() {
            return;
        }
        let mut d = Draft::new(&META, i, Confidence::Likely)
            .data("alg", claims.alg.as_deref().map_or(Value::Word("missing_value"), Value::text))
            .evidence(i, req_header_ptr(i, h), Value::header("Authorization", format!("Bearer {token}")));
        if !failing {
            // Accepted: no longer the cause of a failure, but a forgeable identity.
            d = d.severity(Severity::Warning).variant("accepted");
        }
        out.push(d);
    }
}
