//! `id-token-as-access-token`
//!
//! # What it detects
//! An OpenID Connect ID token sent to an API as a Bearer access token: its claims
//! carry `nonce`, `at_hash`, `c_hash`, `auth_time` or `token_use: "id"`, its
//! audience is the client itself, it has no scopes, and its `typ` is not `at+jwt`.
//!
//! # Why it causes the failure
//! An ID token tells the *client* who signed in; its audience is the client id, not
//! the API. APIs that validate `aud` or require `at+jwt` (RFC 9068) reject it. The
//! client picked the wrong field of the token response (`id_token` instead of
//! `access_token`).
//!
//! # Example (HAR excerpt)
//! A token with `"aud": "my-spa"`, `"nonce": "n-0S6_WzA2Mj"`, no `scope`.
//!
//! # References
//! OpenID Connect Core §2, RFC 9068 §2.1, §4.

use crate::finding::{Confidence, Reference, Severity};
use crate::jwt::{id_token_signals, IdTokenSignalKind};

use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, req_header_ptr};

pub struct IdTokenAsAccessToken;

static META: RuleMeta = RuleMeta {
    id: "id-token-as-access-token",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 15,
    phase: Phase::Main,
    references: &[
        Reference { title: "OpenID Connect Core 1.0 §2 ID Token", url: "https://openid.net/specs/openid-connect-core-1_0.html#IDToken" },
        Reference { title: "RFC 9068 JWT Profile for OAuth 2.0 Access Tokens", url: "https://www.rfc-editor.org/rfc/rfc9068#section-2.1" },
    ],
};

/// The catalog's words for what makes a token look like an ID token.
fn signal_word(kind: IdTokenSignalKind) -> &'static str {
    match kind {
        IdTokenSignalKind::Nonce => "signal_nonce",
        IdTokenSignalKind::AtHash => "signal_at_hash",
        IdTokenSignalKind::CHash => "signal_c_hash",
        IdTokenSignalKind::AuthTime => "signal_auth_time",
        IdTokenSignalKind::TokenUseId => "signal_token_use_id",
        IdTokenSignalKind::TokenUseAccess => "signal_token_use_access",
        IdTokenSignalKind::TypAtJwt => "signal_typ_at_jwt",
        IdTokenSignalKind::TypNotAtJwt => "signal_typ_not_at_jwt",
        IdTokenSignalKind::AudIsAzp => "signal_aud_is_azp",
        IdTokenSignalKind::AudIsClientId => "signal_aud_is_client_id",
        IdTokenSignalKind::NoScope => "signal_no_scope",
        IdTokenSignalKind::HasScope => "signal_has_scope",
    }
}

impl Rule for IdTokenAsAccessToken {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        let Some(claims) = cx.claims() else { return };
        let signals = id_token_signals(claims);
        let score: i32 = signals.iter().map(|s| s.score()).sum();
        let named: Vec<Value> = signals
            .iter()
            .filter(|s| s.favors_id_token)
            .map(|s| Value::Word(signal_word(s.kind)))
            .collect();
        // Strong signals (nonce, at_hash, token_use=id) weigh 4; one of them plus a
        // supporting signal is enough.
        if score < 5 {
            return;
        }
        let failing = cx.failure().is_some();
        // About a request that did not fail: only when the server really accepted it.
        if !failing && !cx.accepted() {
            return;
        }
        let i = cx.index();
        let (h, token) = cx.bearer_token().unwrap_or((0, ""));
        let confidence = if failing && score >= 8 { Confidence::Likely } else { Confidence::Possible };
        let mut d = Draft::new(&META, i, confidence)
            .data("signals", Value::List(named))
            .data("aud", Value::Joined(claims.aud().into_iter().map(Value::text).collect()))
            .evidence(i, req_header_ptr(i, h), Value::header("Authorization", format!("Bearer {token}")));
        if !failing {
            d = d.severity(Severity::Warning);
        }
        out.push(d);
    }
}
