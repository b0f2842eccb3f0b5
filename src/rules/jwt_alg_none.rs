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
//! The Firebase Authentication emulator's ID tokens are unsigned by design (issuer
//! `https://securetoken.google.com/<project>`): the Admin SDK accepts them only where it is told
//! of the emulator (`FIREBASE_AUTH_EMULATOR_HOST`). A refused one (`firebase-emulator`) went to a
//! server set up for production, and the fix is there or in the app, not a signing algorithm;
//! an accepted one (`accepted-firebase-emulator`) is what a server beside the emulator does, and
//! a hole only where that server is deployed. Both recorded in the lab
//! (`firebase-emulator-token`, the Admin SDK's `verifyIdToken`).
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
        let iss = claims.iss();
        let emulator = firebase_emulator_project(claims, &iss);
        // The Admin SDK's words for an emulator's token it was not told of: `Firebase ID token has
        // no "kid" claim.` (recorded, in JSON), or `has incorrect algorithm`.
        let said = failing
            && emulator.is_some()
            && cx.body().is_some_and(|b| {
                b.contains(r#"no \"kid\" claim"#) || b.contains(r#"no "kid" claim"#) || b.contains("incorrect algorithm")
            });
        let confidence = if said { Confidence::Certain } else { Confidence::Likely };
        let mut d = Draft::new(&META, i, confidence)
            .data("alg", claims.alg.as_deref().map_or(Value::Word("missing_value"), Value::text))
            .evidence(i, req_header_ptr(i, h), Value::header("Authorization", format!("Bearer {token}")));
        if said {
            d = d.evidence(i, super::entry_ptr(i, "response/content/text"), Value::Word("ev_server_names_unsigned_token"));
        }
        if let Some(project) = emulator {
            d = d.data("project", Value::text(project));
            d = if failing {
                d.variant("firebase-emulator")
            } else if project.starts_with("demo-") || on_loopback(cx) {
                // Accepted by a server told of the emulator: expected there, a hole if deployed.
                // Said so only where the capture shows a developer's setup: a `demo-` project
                // (what the emulator's documentation has developers use) or an API on loopback.
                // Elsewhere the same token is what a forgery for a real project looks like.
                d.severity(Severity::Info).variant("accepted-firebase-emulator")
            } else {
                d.severity(Severity::Warning).variant("accepted")
            };
        } else if !failing {
            // Accepted: no longer the cause of a failure, but a forgeable identity.
            d = d.severity(Severity::Warning).variant("accepted");
        }
        out.push(d);
    }
}

/// The Firebase project of a token the Firebase Authentication emulator issued: its issuer is
/// `https://securetoken.google.com/<project>`, as a real Firebase ID token's, its `alg` is
/// `none` and it names no key (`kid`). A real token with its signature cut off keeps its RS256 and
/// its `kid`, and is no emulator's.
fn firebase_emulator_project<'c>(claims: &crate::jwt::Decoded, iss: &'c Option<String>) -> Option<&'c str> {
    let none = claims.alg.as_deref().is_some_and(|a| a.eq_ignore_ascii_case("none"));
    if !none || claims.header.contains_key("kid") {
        return None;
    }
    let project = iss.as_deref()?.strip_prefix("https://securetoken.google.com/")?;
    (!project.is_empty() && !project.contains('/')).then_some(project)
}

/// Whether the request went to this machine (`localhost`, `127.0.0.1`, `[::1]`).
fn on_loopback(cx: &EntryCx<'_, '_>) -> bool {
    crate::http::site::Url::parse(&cx.entry.request.url)
        .is_some_and(|u| crate::http::site::is_loopback(&u.host))
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;

    fn token(header: &str, claims: &str, signature: &str) -> String {
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!("{}.{}.{signature}", b64(header), b64(claims))
    }

    /// Only the emulator's own kind of token is taken for one: `alg: none`, no `kid`, Firebase's
    /// issuer. A real Firebase token whose signature was cut off keeps its RS256 and its `kid`.
    #[test]
    fn only_an_unsigned_token_without_a_key_is_the_firebase_emulators() {
        let iss = r#"{"iss":"https://securetoken.google.com/demo-x","aud":"demo-x"}"#;
        let cases = [
            (token(r#"{"alg":"none","typ":"JWT"}"#, iss, ""), Some("demo-x")),
            (token(r#"{"alg":"NONE"}"#, iss, ""), Some("demo-x")),
            (token(r#"{"alg":"RS256","kid":"k1","typ":"JWT"}"#, iss, ""), None),
            (token(r#"{"alg":"none","kid":"k1"}"#, iss, ""), None),
            (token(r#"{"alg":"none"}"#, r#"{"iss":"https://idp.test/"}"#, ""), None),
            (
                token(r#"{"alg":"none"}"#, r#"{"iss":"https://securetoken.google.com/a/b"}"#, ""),
                None,
            ),
        ];
        for (t, want) in cases {
            let decoded = crate::jwt::unverified::decode(&t).unwrap();
            let iss = decoded.iss();
            assert_eq!(super::firebase_emulator_project(&decoded, &iss), want, "{t}");
        }
    }
}

