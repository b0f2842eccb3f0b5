//! `unexplained-auth-failure`
//!
//! # What it detects
//! An authentication failure that no other rule explains. Where a 401 answered a
//! request whose only credential was a session cookie (as web frameworks name them),
//! it says so (`session-refused`): most often the server no longer knows that
//! session, and the capture cannot tell how it ended.
//! Where the record shows no credential on the request (`none-shown`), it says that
//! instead of calling the credentials well-formed: either none was sent or the record
//! leaves them out, and the record alone cannot tell which.
//! Where a 401 refused a signed JWT that was valid by its own times, and nothing says the token
//! did not reach the code that judged it (`jwt-refused`), it says what the token rules out (its
//! expiry) and names what remains without ranking it: the signature, the issuer or audience, a
//! revocation. Passport answers any refusal with a plain "Unauthorized" (the lab's
//! passport-jwt-wrong-secret, a token signed with another environment's secret).
//!
//! # Why it matters
//! No failure is left without guidance: this finding walks through the general
//! checklist (credentials, token lifetime, cookies, CORS, proxies, caches, server
//! logs) with what the capture shows for each point.
//!
//! # Example (HAR excerpt)
//! `"status": 401` with a well-formed, unexpired token and no `WWW-Authenticate` detail.

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, EntryCx, FileCx, Phase, Rule, RuleMeta, Value, entry_ptr, req_header_ptr};

pub struct UnexplainedAuthFailure;

static META: RuleMeta = RuleMeta {
    id: "unexplained-auth-failure",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 100,
    phase: Phase::Last,
    references: &[
        Reference { title: "RFC 9110 §15.5.2 401 Unauthorized", url: "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2" },
        Reference { title: "RFC 9110 §11.6.1 WWW-Authenticate", url: "https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1" },
    ],
};

impl Rule for UnexplainedAuthFailure {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        for e in cx.entries {
            let Some(kind) = e.failure() else { continue };
            if cx.explained.contains(&e.index()) {
                continue;
            }
            let i = e.index();
            let status = e.status().map_or(Value::Word("no_response"), Value::from);
            let mut d = Draft::new(&META, i, Confidence::Possible)
                .data("status", status.clone())
                .data("kind", Value::Word(kind.word_key_at(e.status())))
                .evidence(i, entry_ptr(i, "response/status"), Value::labeled("status", status));
            let said = e.server_words(|_| true);
            // A session cookie alone, refused: the server no longer knows that session (the
            // lab's session-cookie-unknown). Which way it ended the capture cannot tell.
            let session = (e.status() == Some(401) && only_cookies(e)).then(|| session_cookie(e)).flatten();
            if kind == crate::rules::FailureKind::CallbackError {
                // A sign-in's callback the app answered with an error, its state not lost (or
                // `oauth-state-lost` would have spoken): the credentials checklist is beside the
                // point; the code's exchange and the app's own work after it are not.
                // No route at the redirect URI's path (a single-page app without a history
                // fallback, a sign-in library mounted under another path): nothing redeemed the
                // code, and the app's own steps are not the point.
                if e.status() == Some(404) {
                    let url = &e.entry.request.url;
                    d = d
                        .variant("callback-route")
                        .data("route", Value::url(crate::http::site::without_query(url)));
                } else {
                    d = d.variant("callback");
                }
            } else if let Some((h, name, pair)) = session {
                d = d
                    .variant("session-refused")
                    .data("cookie", name)
                    .evidence(i, req_header_ptr(i, h), Value::header("Cookie", pair));
            } else if let Some(token) = valid_jwt(e) {
                // A signed token, valid by its own times, refused without a reason (Passport's
                // plain "Unauthorized"; the lab's passport-jwt-wrong-secret): what the capture
                // rules out is said, and what it cannot tell apart is named.
                d = d
                    .variant("jwt-refused")
                    .data("alg", token.alg)
                    .evidence(i, req_header_ptr(i, token.header), Value::header("Authorization", token.authorization));
                if let Some(left) = token.left_secs {
                    d = d.data("left", Value::Duration(left));
                }
                if let Some(iss) = token.iss {
                    d = d.data("iss", iss);
                }
            } else {
                // What the record shows of the request's credentials: "they look well-formed" is
                // said only of credentials it shows. A record with none is either a request that
                // sent none or a record that leaves them out (a sanitized export, the page's side
                // of a call a service worker answered): the lab's recorded captures show both,
                // and this rule cannot tell them apart.
                let shown =
                    e.has_credentials() || !crate::diff::body_credentials(e.entry).is_empty();
                let variant = match (said.is_some(), shown) {
                    // A refusal of a token the record does not hold (see `missing-credentials`).
                    (true, false) if e.server_refused_a_token() => Some("not-recorded"),
                    (true, false) => Some("server-said-none-shown"),
                    (true, true) => Some("server-said"),
                    (false, false) => Some("none-shown"),
                    (false, true) => None,
                };
                if let Some(v) = variant {
                    d = d.variant(v);
                }
            }
            if let Some((pointer, words)) = said {
                d = d.data("server_says", words.clone()).evidence(i, pointer, Value::text(words));
            }
            out.push(d);
        }
    }
}

/// What [`valid_jwt`] found of a request's token.
struct ValidJwt {
    header: usize,
    authorization: String,
    alg: String,
    iss: Option<String>,
    left_secs: Option<i64>,
}

/// The signed JWT a 401 refused, when its own times say it was valid when sent: `exp` after
/// the request (or none), `nbf` not after it.
fn valid_jwt(e: &EntryCx<'_, '_>) -> Option<ValidJwt> {
    if e.status() != Some(401) {
        return None;
    }
    let (header, token) = e.bearer_token()?;
    // Not where the token may not have reached the code that refused it: an answer from a cache,
    // a server that says it found no token, a bare challenge without words of refusal.
    if !matches!(e.token_reached(), crate::rules::facts::credentials::Reached::Yes) {
        return None;
    }
    let claims = e.claims()?;
    if claims.is_unsigned() {
        return None;
    }
    // Words that name a cause are the lead, quoted as such (`server-said`): Express's page may
    // read "jwt issuer invalid", "invalid algorithm", or "jwt expired" by a clock ahead.
    if e.server_message().is_some_and(|w| names_a_cause(&w)) {
        return None;
    }
    let at = e.request_time_ms()?;
    // Expired, in milliseconds, or so near its end that clocks apart could have ended it: the
    // token rules' to judge, not "valid".
    let left_secs = match claims.exp() {
        None => None,
        Some(exp) => {
            let exp = exp.unix_millis().filter(|_| !exp.looks_like_millis())?;
            let left = (exp - at) / 1000;
            if left <= e.opts.leeway_secs {
                return None;
            }
            Some(left)
        }
    };
    if claims.nbf().and_then(|n| n.unix_millis()).is_some_and(|nbf| nbf > at) {
        return None;
    }
    Some(ValidJwt {
        header,
        authorization: format!("Bearer {token}"),
        alg: claims.alg.clone().unwrap_or_default(),
        iss: claims.iss(),
        left_secs,
    })
}

/// Whether a server's words name a reason a token was refused (as whole words: "iss" is not
/// "missing").
fn names_a_cause(words: &str) -> bool {
    const CAUSES: &[&str] = &[
        "issuer", "iss", "audience", "aud", "algorithm", "alg", "revoked", "expired", "exp",
        "signature", "key", "kid", "nbf", "active", "malformed", "scope", "scopes",
    ];
    let lower = words.to_ascii_lowercase();
    lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| CAUSES.contains(&w))
}

/// Whether the request's only credentials are its cookies.
fn only_cookies(e: &EntryCx<'_, '_>) -> bool {
    !e.credentials_besides_cookies() && e.api_keys().is_empty()
}

/// The first cookie this request sent whose name says it holds a session (`sid`, `connect.sid`,
/// `JSESSIONID`, `PHPSESSID`, `_app_session`, `laravel_session`…): its header's place, its name,
/// and the pair (`sid=…`, what the evidence shows of the header).
fn session_cookie<'e>(e: &'e EntryCx<'_, '_>) -> Option<(usize, &'e str, &'e str)> {
    let (h, header) = e.entry.request_header("cookie")?;
    let pair = header.split(';').map(str::trim).find(|p| p.split_once('=').is_some_and(|(n, _)| names_a_session(n.trim())))?;
    let name = pair.split_once('=').map_or(pair, |(n, _)| n.trim());
    Some((h, name, pair))
}

/// Whether a cookie's name is a web framework's name for its session: Express (`connect.sid`,
/// `sid`), Java (`JSESSIONID`), PHP (`PHPSESSID`), Django (`sessionid`), Rails (`_app_session`),
/// Laravel and CodeIgniter (`…_session`), ASP.NET (`ASP.NET_SessionId`), Drupal (`SESS…`,
/// `SSESS…`), Auth.js (`…session-token`), Koa (`koa.sess`). Not what analytics scripts set on the
/// site's domain (`ai_session`, Hotjar's `_hjSession…`, `intercom-session-…`, `__stripe_sid`).
fn names_a_session(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let n = (n.strip_prefix("__host-").or_else(|| n.strip_prefix("__secure-"))).unwrap_or(&n);
    const NOT: &[&str] = &["ai_session", "_hjsession", "intercom-session", "__stripe", "optimizely"];
    const NAMES: &[&str] = &["sid", "session", "sessionid", "session_id", "sessid", "_session_id", "koa.sess", "koa:sess", "express:sess", "rack.session", "__session"];
    const ENDS: &[&str] = &[".sid", "_session", ".session", "-session", "session-token", "sessionid"];
    !NOT.iter().any(|p| n.starts_with(p))
        && (NAMES.contains(&n)
            || ENDS.iter().any(|s| n.ends_with(s))
            || n.starts_with("sess")
            || n.starts_with("ssess")
            || n.ends_with("sessid"))
}

#[cfg(test)]
mod tests {
    /// Words that name a cause of a token's refusal, as whole words.
    #[test]
    fn words_that_name_a_cause() {
        for w in ["UnauthorizedError: jwt issuer invalid. expected: x", "invalid algorithm", "jwt audience invalid", "Token revoked"] {
            assert!(super::names_a_cause(w), "{w}");
        }
        for w in ["Unauthorized", "Authentication required", "missing permissions", "Not authenticated"] {
            assert!(!super::names_a_cause(w), "{w}");
        }
    }

    #[test]
    fn session_cookie_names() {
        for name in [
            "sid",
            "connect.sid",
            "JSESSIONID",
            "PHPSESSID",
            "sessionid",
            "_shop_session",
            "laravel_session",
            "ASP.NET_SessionId",
            "SSESS1a2b",
            "__Secure-next-auth.session-token",
            "koa.sess",
        ] {
            assert!(super::names_a_session(name), "{name}");
        }
        for name in [
            "theme",
            "side",
            "consid",
            "_ga",
            "csrftoken",
            "lang",
            "ai_session",
            "_hjSession_123",
            "_hjSessionUser_123",
            "intercom-session-abc",
            "__stripe_sid",
            "optimizelySession",
        ] {
            assert!(!super::names_a_session(name), "{name}");
        }
    }
}
