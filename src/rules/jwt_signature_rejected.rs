//! `jwt-signature-rejected`
//!
//! # What it detects
//! A refused request that sent a signed JWT, where the server says in its own words that the
//! token's signature did not verify ("invalid signature", "signature verification failed") or
//! that it has no key for it ("no applicable key found in the JSON Web Key Set", "The signature
//! key was not found"): in its `WWW-Authenticate` challenge, its JSON message, or the error
//! named on Express's own error page.
//!
//! # Why it causes the failure
//! An API accepts a token only if the signature checks out under a key it trusts. With an HMAC
//! algorithm (`HS256`) that key is a secret shared with the service that signs the tokens: a
//! token from another environment, or a secret changed or misread on one side, fails. With a
//! public-key algorithm (`RS256`, `ES256`) the token names its key (`kid`) and the API looks it
//! up in the issuer's key set (JWKS): after the issuer rotates its keys, an API holding an old
//! copy of the set, or another issuer's, finds no key. Signing in again does not help while the
//! two sides disagree.
//!
//! Recorded in the lab: express-jwt's "UnauthorizedError: invalid signature" on Express's page
//! (express-jwt-wrong-secret), @fastify/jwt's "The token signature is invalid." in Fastify's JSON
//! error (fastify-jwt-wrong-secret), and Auth0's express-oauth2-jwt-bearer answering a rotated key
//! with jose's "no applicable key found in the JSON Web Key Set" (jwks-key-rotated). A server
//! that names no reason (Passport's plain "Unauthorized", passport-jwt-wrong-secret) is not
//! read as a signature refusal: the capture cannot tell it from any other.
//!
//! # Example (HAR excerpt)
//! `Authorization: Bearer eyJhbGciOiJIUzI1NiJ9…` answered 401 with
//! `<pre>UnauthorizedError: invalid signature<br> &nbsp; &nbsp;at …`.
//!
//! # References
//! RFC 7515 §5.2 (validating a JWS), RFC 7517 (JWK sets), RFC 8725 §3.1, §3.10.

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, EntryCx, FileCx, Phase, Rule, RuleMeta, Value, entry_ptr, req_header_ptr};

pub struct JwtSignatureRejected;

static META: RuleMeta = RuleMeta {
    id: "jwt-signature-rejected",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 10,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 7515 §5.2 Message Signature or MAC Validation", url: "https://www.rfc-editor.org/rfc/rfc7515#section-5.2" },
        Reference { title: "RFC 7517 JSON Web Key (JWK) Sets", url: "https://www.rfc-editor.org/rfc/rfc7517#section-5" },
        Reference { title: "RFC 8725 §3.1 Perform Algorithm Verification", url: "https://www.rfc-editor.org/rfc/rfc8725#section-3.1" },
    ],
};

/// What the server's words say went wrong with the signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Said {
    /// The signature was computed and did not match.
    Mismatch,
    /// No key of the API's matched the token (its `kid`, its algorithm).
    NoKey,
}

/// What a server's words (lowercase) say of a token's signature, when they speak of it.
pub(crate) fn said(words: &str) -> Option<Said> {
    if crate::knowledge::NO_SIGNING_KEY_PHRASES.iter().any(|p| words.contains(p)) {
        Some(Said::NoKey)
    } else if crate::knowledge::SIGNATURE_REFUSED_PHRASES
        .iter()
        .any(|p| words.contains(p))
    {
        Some(Said::Mismatch)
    } else {
        None
    }
}

/// At most this many tokens are looked for in the answers before their refusals: the place a
/// token came from is a help, and each token costs a look at every answer.
const TRACED_TOKENS: usize = 8;

impl Rule for JwtSignatureRejected {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        let refused: Vec<(&EntryCx<'_, '_>, Said)> = fcx
            .entries
            .iter()
            .filter_map(|cx| Some((cx, refusal(cx)?)))
            .collect();
        if refused.is_empty() {
            return;
        }
        // Where each token came from: the last answer before its refusal whose body holds it
        // (a sign-in's `{"token": …}`, a token endpoint's `access_token`).
        let mut traced: Vec<&str> = Vec::new();
        for (cx, _) in &refused {
            if let Some((_, t)) = cx.bearer_token() {
                if traced.len() < TRACED_TOKENS && !traced.contains(&t) {
                    traced.push(t);
                }
            }
        }
        // Every answer that held it: one endpoint may hand the same token out again and again
        // (a session endpoint polled), and each refusal takes the last before it.
        let mut came_from: Vec<(&str, usize)> = Vec::new();
        let last = refused.last().map_or(0, |(cx, _)| cx.index());
        for cx in fcx.entries.iter().take_while(|cx| cx.index() < last) {
            if !cx.status().is_some_and(|s| (200..300).contains(&s)) {
                continue;
            }
            for t in traced.iter().filter(|t| cx.answer_holds(t)) {
                came_from.push((t, cx.index()));
            }
        }
        for (cx, said) in refused {
            let (_, token) = cx.bearer_token().unwrap_or((0, ""));
            let from = came_from
                .iter()
                .filter(|(t, at)| *t == token && *at < cx.index())
                .map(|(_, at)| *at)
                .next_back();
            out.push(draft(cx, said, from));
        }
    }
}

/// What the server said of this failing request's JWT's signature, when it did: its words in any
/// place it put them (a bare `error="invalid_token"` challenge beside a body that names the
/// signature).
fn refusal(cx: &EntryCx<'_, '_>) -> Option<Said> {
    cx.failure()?;
    let claims = cx.claims()?;
    // An unsigned token is jwt-alg-none's: the server refusing its "signature" says that. A
    // token that names no algorithm is no signed JWT to speak of.
    if claims.is_unsigned() || claims.alg.is_none() || !may_speak_of_keys(cx) {
        return None;
    }
    // A signature of the request's own (a signed URL, a webhook's or AWS's signature header)
    // may be what the words are about: Laravel answers a signed route's "Invalid signature."
    if signs_the_request(cx) {
        return None;
    }
    let (_, words) = cx.server_words(|w| said_of(w).is_some())?;
    said_of(&words)
}

/// Whether the request carries a signature of its own beside the token: a signed URL's
/// `signature`, `sig` or `X-Amz-Signature` parameter, or a header that names a signature
/// (`X-Hub-Signature-256`, `X-Signature`).
fn signs_the_request(cx: &EntryCx<'_, '_>) -> bool {
    let query = crate::http::site::query(&cx.entry.request.url).unwrap_or("");
    let signed_url = query.split('&').any(|p| {
        let name = p.split_once('=').map_or(p, |(n, _)| n);
        ["signature", "sig", "x-amz-signature"]
            .iter()
            .any(|s| name.eq_ignore_ascii_case(s))
    });
    signed_url
        || (cx.entry.request.headers.iter())
            .any(|h| h.name.to_ascii_lowercase().contains("signature"))
}

/// The searchers of [`may_speak_of_keys`], made once.
static SPEAKS_OF_KEYS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 5]> =
    std::sync::LazyLock::new(|| {
        [&b"ignature"[..], b"IGNATURE", b"key", b"Key", b"KEY"].map(memchr::memmem::Finder::new)
    });

/// Whether the answer may speak of a signature or a key, by a look at its challenges and its
/// body as the file holds it (JSON-escaped, which leaves these letters as they are; a body in
/// base64 is let through), before a body is decoded and parsed: every phrase the rule reads
/// holds "signature" or "key", and most failing answers say neither (without this look, a
/// capture where every request failed took 12 ms longer, its bodies decoded and kept).
fn may_speak_of_keys(cx: &EntryCx<'_, '_>) -> bool {
    let Some(response) = &cx.entry.response else { return false };
    let speaks = |t: &[u8]| SPEAKS_OF_KEYS.iter().any(|n| n.find(t).is_some());
    let content = &response.content;
    let base64 = content.is_base64();
    let in_body = content.text.as_ref().is_some_and(|t| {
        let raw = t.get().as_bytes();
        base64 || speaks(raw.get(..raw.len().min(crate::rules::facts::BODY_LIMIT * 6)).unwrap_or(raw))
    });
    in_body
        || (cx.entry.response_header_values("www-authenticate")).any(|(_, v)| speaks(v.as_bytes()))
}

fn draft(cx: &EntryCx<'_, '_>, said: Said, came_from: Option<usize>) -> Draft {
    let i = cx.index();
    let (h, token) = cx.bearer_token().unwrap_or((0, ""));
    let claims = cx.claims();
    let alg = claims.and_then(|c| c.alg.clone()).unwrap_or_default();
    let kid = claims.and_then(|c| c.kid.clone());
    let shared_secret = alg.len() > 2 && alg.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("hs")); // boundary: ASCII checked by get
    // No key for a token that names none: the API has no key of this algorithm at all (an API
    // set up for RS256 given an HS256 token), not a secret that differs.
    let variant = match (said, &kid) {
        (Said::NoKey, Some(_)) => "unknown-key",
        (Said::NoKey, None) => "signature",
        _ if shared_secret => "shared-secret",
        _ => "signature",
    };
    // A 403 may be another check's refusal that happens to name a signature: likely.
    let confidence = if cx.status() == Some(401) { Confidence::Certain } else { Confidence::Likely };
    let mut d = Draft::new(&META, i, confidence)
        .variant(variant)
        .data("alg", alg)
        .evidence(i, req_header_ptr(i, h), Value::header("Authorization", format!("Bearer {token}")));
    if let Some(kid) = kid {
        d = d.data("kid", kid);
    }
    if let Some(iss) = claims.and_then(|c| c.iss()) {
        d = d.data("iss", iss);
    }
    if let Some((pointer, words)) = cx.server_says(|w| said_of(w).is_some()) {
        d = d.data("words", words.clone()).evidence(i, pointer, words);
    }
    if let Some(at) = came_from {
        d = d
            .data("came_from", Value::Entry(at))
            .also_entry(at)
            .evidence(at, entry_ptr(at, "response/content/text"), Value::labeled("token", Value::secret(token)));
    }
    d
}

/// [`said`] of words as the server wrote them.
fn said_of(words: &str) -> Option<Said> {
    said(&words.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::{Said, said};
    use crate::{analyze_bytes, Options};
    use base64::Engine;

    /// The messages this rule gives a request to `url` that sent an HS256 token (valid until
    /// 2024-05-01T11:00Z) and was answered `status` with `headers` and `body` (JSON text).
    fn found(url: &str, status: u16, headers: &str, body: &str) -> Vec<(String, String)> {
        let enc = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let token = format!("{}.{}.{}", enc(r#"{"alg":"HS256","typ":"JWT"}"#), enc(r#"{"sub":"a","exp":1714561200}"#), enc("sig"));
        let body = serde_json::to_string(body).unwrap();
        let har = format!(
            r#"{{"log":{{"entries":[{{"startedDateTime":"2024-05-01T10:00:00Z","request":{{"method":"GET","url":"{url}",
            "headers":[{{"name":"Authorization","value":"Bearer {token}"}}]}},"response":{{"status":{status},"headers":[{headers}],
            "content":{{"mimeType":"application/json","text":{body}}}}}}}]}}}}"#
        );
        let report = analyze_bytes(har.into_bytes(), &Options::default()).expect("read");
        (report.findings.iter())
            .filter(|f| f.rule == "jwt-signature-rejected")
            .map(|f| (f.message.clone(), format!("{:?}", f.confidence)))
            .collect()
    }

    /// The words are found wherever the server put them; a request with a signature of its own
    /// is not read for its token's; a 403 is at most likely.
    #[test]
    fn where_the_words_are_and_what_they_may_be_about() {
        let said = r#"{"message":"invalid signature"}"#;
        let shared = || vec![("jwt-signature-rejected.shared-secret".to_owned(), "Certain".to_owned())];
        assert_eq!(found("https://api.test/me", 401, "", said), shared());
        // A bare invalid_token challenge first, the words in the body.
        let bare = r#"{"name":"WWW-Authenticate","value":"Bearer error=\"invalid_token\""}"#;
        assert_eq!(found("https://api.test/me", 401, bare, said), shared());
        // Laravel's signed route: the URL's own signature.
        let signed = r#"{"message":"Invalid signature."}"#;
        assert_eq!(found("https://api.test/files/1?expires=1&signature=ab12", 403, "", signed), vec![]);
        // (A 403 is a failure where its words speak of a token.)
        assert_eq!(
            found("https://api.test/me", 403, "", r#"{"message":"invalid token signature"}"#),
            vec![("jwt-signature-rejected.shared-secret".to_owned(), "Likely".to_owned())]
        );
        // No key for an HS256 token that names none: the API has no key of that algorithm.
        let no_key = r#"{"message":"no applicable key found in the JSON Web Key Set"}"#;
        assert_eq!(
            found("https://api.test/me", 401, "", no_key),
            vec![("jwt-signature-rejected.signature".to_owned(), "Certain".to_owned())]
        );
        assert_eq!(found("https://api.test/me", 401, "", r#"{"message":"Unauthorized"}"#), vec![]);
    }

    /// Server software's own words, as they write them (lowercased as the rule reads them).
    #[test]
    fn what_servers_say_of_a_signature() {
        let read = |w: &str| said(&w.to_ascii_lowercase());
        for w in [
            "UnauthorizedError: invalid signature",
            "Signature verification failed",
            "token signature is invalid: signature is invalid",
            "An error occurred while attempting to decode the Jwt: Signed JWT rejected: Invalid signature",
            "JWT signature does not match locally computed signature.",
            "IDX10511: Signature validation failed. Keys tried: ...",
            "Firebase ID token has invalid signature.",
        ] {
            assert_eq!(read(w), Some(Said::Mismatch), "{w}");
        }
        for w in [
            "no applicable key found in the JSON Web Key Set",
            "The signature key was not found",
            "Unable to find a signing key that matches 'k1'",
            "Signed JWT rejected: Another algorithm expected, or no matching key(s) found",
        ] {
            assert_eq!(read(w), Some(Said::NoKey), "{w}");
        }
        for w in ["Unauthorized", "jwt expired", "invalid token", "Could not validate credentials", "invalid audience"] {
            assert_eq!(read(w), None, "{w}");
        }
    }
}
