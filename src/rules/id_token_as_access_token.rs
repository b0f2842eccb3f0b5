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

use std::collections::{HashMap, HashSet};

use super::{entry_ptr, query_param, req_header_ptr, Draft, EntryCx, FileCx, Phase, Rule, RuleMeta, Value};

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

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        // What the capture itself says: tokens a token endpoint issued as `id_token`,
        // and the OAuth client ids its requests named (an ID token's audience is the
        // client; an access token's is an API).
        let mut issued: HashMap<String, usize> = HashMap::new();
        for cx in fcx.entries {
            if cx.is_token_request() {
                if let Some(t) = cx.body_json().and_then(|b| b.get("id_token")).and_then(|t| t.as_str()) {
                    issued.entry(t.to_owned()).or_insert(cx.index());
                }
            }
        }
        // Only a token whose claims could reach the mark with the audience's weight, or one
        // the capture shows issued as `id_token`, is looked at further: most tokens of a
        // capture are access tokens, and their requests are asked nothing more.
        let candidates: Vec<&EntryCx<'_, '_>> = fcx
            .entries
            .iter()
            .filter(|cx| {
                cx.id_token_score().is_some_and(|score| {
                    score + AUD_IS_CLIENT >= MARK
                        || (!issued.is_empty() && cx.bearer_token().is_some_and(|(_, t)| issued.contains_key(t)))
                })
            })
            .collect();
        if candidates.is_empty() {
            return;
        }
        let mut client_ids: HashSet<String> = HashSet::new();
        for cx in fcx.entries {
            if let Some(id) = cx.form_param("client_id").or_else(|| query_param(&cx.entry.request.url, "client_id")) {
                client_ids.insert(id);
            }
        }
        for cx in candidates {
            check(cx, &issued, &client_ids, out);
        }
    }
}

/// The weight of the claims' signals from which a token is taken for an ID token.
const MARK: i32 = 5;

/// The weight of an audience that is the OAuth client that signed in (a client id the capture
/// names), beside the claims' own signals.
const AUD_IS_CLIENT: i32 = 5;


fn check(cx: &EntryCx<'_, '_>, issued: &HashMap<String, usize>, client_ids: &HashSet<String>, out: &mut Vec<Draft>) {
    let Some(claims) = cx.claims() else { return };
    let (h, token) = cx.bearer_token().unwrap_or((0, ""));
    let issued_by = issued.get(token).copied();
    let aud_is_client = claims.aud().iter().any(|a| client_ids.contains(*a));
    let signals = id_token_signals(claims);
    // The claims' own weight, as the candidates were chosen by.
    let mut score = cx.id_token_score().unwrap_or_default();
    let mut named: Vec<Value> = signals
        .iter()
        .filter(|s| s.favors_id_token)
        .map(|s| Value::Word(signal_word(s.kind)))
        .collect();
    if aud_is_client && !signals.iter().any(|s| s.kind == IdTokenSignalKind::AudIsClientId) {
        // The audience is the OAuth client that signed in: a strong mark.
        score += AUD_IS_CLIENT;
        named.push(Value::Word(signal_word(IdTokenSignalKind::AudIsClientId)));
    }
    // Strong signals (nonce, at_hash, token_use=id, an aud the capture names as a client id)
    // weigh 4 or 5;
    // one of them plus a supporting signal is enough. A token the capture shows being
    // issued as `id_token` needs no signal.
    if score < MARK && issued_by.is_none() {
        return;
    }
    let failing = cx.failure().is_some();
    // About a request that did not fail: only when the server really accepted it.
    if !failing && !cx.accepted() {
        return;
    }
    let i = cx.index();
    let confidence = match (failing, issued_by) {
        // The capture proves it is an ID token; that the API refused it for that is
        // likely (a few APIs, Cloud Run or IAP among them, want ID tokens).
        (true, Some(_)) => Confidence::Likely,
        (true, None) if score >= 8 => Confidence::Likely,
        _ => Confidence::Possible,
    };
    let mut d = Draft::new(&META, i, confidence)
        .data("signals", Value::List(named))
        .data("aud", Value::Joined(claims.aud().into_iter().map(Value::text).collect()))
        .evidence(i, req_header_ptr(i, h), Value::header("Authorization", format!("Bearer {token}")));
    if let Some(by) = issued_by {
        d = d
            .variant("issued")
            .data("issued_by", Value::Entry(by))
            .also_entry(by)
            .evidence(by, entry_ptr(by, "response/content/text"), Value::labeled("id_token", Value::secret(token)));
    }
    if !failing {
        d = d.severity(Severity::Warning);
    }
    out.push(d);

}

#[cfg(test)]
mod tests {
    use crate::{analyze_bytes, Options};
    use base64::Engine;

    fn token(claims: &str) -> String {
        let enc = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!("{}.{}.{}", enc(r#"{"alg":"RS256","typ":"JWT"}"#), enc(claims), enc("sig"))
    }

    /// The findings of this rule on a capture: a token answer (issuing `issued` as
    /// `id_token`, when given), then an API request refused with `sent` as its bearer token.
    fn found(issued: Option<&str>, sent: &str) -> Vec<String> {
        let answer = issued.map_or(String::new(), |t| {
            let body = serde_json::to_string(&format!(r#"{{"access_token":"opaque-at-1","id_token":"{t}"}}"#)).unwrap();
            format!(
                r#"{{"startedDateTime":"2024-05-01T10:00:00Z","request":{{"method":"POST","url":"https://idp.test/oauth/token","headers":[],
                "postData":{{"mimeType":"application/x-www-form-urlencoded","text":"grant_type=authorization_code&code=c1&client_id=spa"}}}},
                "response":{{"status":200,"headers":[],"content":{{"mimeType":"application/json","text":{body}}}}}}},"#
            )
        });
        let har = format!(
            r#"{{"log":{{"entries":[{answer}{{"startedDateTime":"2024-05-01T10:00:01Z","request":{{"method":"GET","url":"https://api.test/orders",
            "headers":[{{"name":"Authorization","value":"Bearer {sent}"}}]}},"response":{{"status":401,"headers":[]}}}}]}}}}"#
        );
        let report = analyze_bytes(har.into_bytes(), &Options::default()).expect("read");
        report.findings.iter().filter(|f| f.rule == "id-token-as-access-token").map(|f| f.message.clone()).collect()
    }

    /// A token whose claims say "access token" (a scope, an API audience) is left alone, unless
    /// the capture shows it issued as `id_token`; one whose claims say "ID token" is found
    /// either way. (Relating entries looks further only at tokens that could be either.)
    #[test]
    fn a_token_issued_as_an_id_token_is_found_whatever_its_claims_say() {
        let access = token(r#"{"iss":"https://idp.test","aud":"https://api.test","scope":"orders:read","exp":1714557600}"#);
        assert_eq!(found(None, &access), Vec::<String>::new());
        assert_eq!(found(Some("other.token.x"), &access), Vec::<String>::new());
        assert_eq!(found(Some(&access), &access), ["id-token-as-access-token.issued"]);
        let id = token(r#"{"iss":"https://idp.test","aud":"spa","nonce":"n-1","at_hash":"h","exp":1714557600}"#);
        assert_eq!(found(None, &id), ["id-token-as-access-token"]);
        assert_eq!(found(Some(&id), &id), ["id-token-as-access-token.issued"]);
    }
}
