//! What credentials a request carried: `Authorization`, a decoded JWT, API keys,
//! and the challenges the server answered with.

use crate::har::Entry;
use crate::http::www_authenticate::{self, Challenge};
use crate::jwt;

use crate::knowledge::is_api_key_name;

use super::{EntryCx, FailureKind};

/// What an OAuth client proves itself with in a token request's body: its secret or a signed
/// assertion (`client_secret_post`, `private_key_jwt`: RFC 6749 §2.3.1, RFC 7523 §2.2). A
/// client whose secret the server refused sent credentials: they were not missing.
const CLIENT_CREDENTIALS: [&str; 2] = ["client_secret", "client_assertion"];

impl<'h, 'a> EntryCx<'h, 'a> {
    /// The `Authorization` request header, with its index.
    pub fn authorization(&self) -> Option<(usize, &str)> {
        let headers = &self.entry.request.headers;
        let at = *self.authorization.get_or_init(|| {
            // A place among the kept lines, which fit in 32 bits (`Headers::count`).
            crate::har::header_position(headers, "authorization")
                .and_then(|at| u32::try_from(at).ok())
        });
        let h = headers.get(usize::try_from(at?).ok()?)?;
        Some((h.index as usize, h.value.as_ref()))
    }

    /// Whether the `Authorization` header holds no credential: empty, or a placeholder
    /// (`Bearer undefined`, `Bearer null`), which `token-placeholder` names.
    pub fn authorization_is_placeholder(&self) -> bool {
        use crate::http::authorization::Problem;
        self.authorization_problems()
            .iter()
            .any(|p| matches!(p, Problem::Placeholder { .. } | Problem::Empty))
    }

    /// What is wrong with the form of the `Authorization` header (empty when it
    /// is absent or well-formed); several rules ask, it is computed once.
    pub fn authorization_problems(&self) -> &[crate::http::authorization::Problem] {
        self.auth_problems.get_or_init(|| {
            // Looked at once per value: a kilobyte token is read several times over, and
            // many requests send the same one.
            self.authorization()
                .map(|(_, v)| {
                    super::TokenCache::get_or_work_out(&self.tokens.authorization, v, || {
                        crate::http::authorization::diagnose(v)
                    })
                })
                .unwrap_or_default()
                .into_boxed_slice()
        })
    }

    /// The token of a `Bearer` (or GitHub's legacy `token`) Authorization header,
    /// trimmed, with the header index.
    pub fn bearer_token(&self) -> Option<(usize, &str)> {
        let (i, v) = self.authorization()?;
        let v = v.trim();
        let (scheme, rest) = v.split_once([' ', '\t'])?;
        (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("token"))
            .then(|| (i, rest.trim()))
            .filter(|(_, t)| !t.is_empty())
    }

    /// The bearer token decoded as a JWT (unverified), when it tries to be one.
    pub fn jwt(&self) -> Option<&Result<jwt::Decoded, jwt::DecodeError>> {
        self.decoded().map(|d| &d.result)
    }

    /// [`EntryCx::jwt`] as the analysis shares it out.
    fn decoded(&self) -> Option<&super::Decoded> {
        self.jwt
            .get_or_init(|| {
                let (_, token) = self.bearer_token()?;
                // Opaque tokens may contain dots (RFC 6750's own example does);
                // only a token whose first part is a JSON header tries to be a JWT.
                if !jwt::looks_like_jwt(token) {
                    return None;
                }
                // One token is usually sent by many requests: decode it once.
                Some(self.tokens.jwt(token))
            })
            .as_deref()
    }

    /// The decoded JWT, when it decoded.
    pub fn claims(&self) -> Option<&jwt::Decoded> {
        self.jwt()?.as_ref().ok()
    }

    /// How much the bearer token's own claims say it is an ID token (the sum of
    /// [`jwt::id_token_signals`]' scores), when it decoded. Remembered: `id-token-as-access-token`
    /// asks it of every entry when relating them, after a request that did not fail has let
    /// its decoded token go; the engine asks it first, while the token is decoded (decoding
    /// every token again was half of relating a Chrome-shaped capture's entries).
    pub fn id_token_score(&self) -> Option<i32> {
        *self
            .id_token_score
            .get_or_init(|| self.decoded()?.id_token_score())
    }

    /// Every challenge of the response's `WWW-Authenticate` header lines, each with
    /// the index of the header it came from.
    pub fn challenges(&self) -> &[(usize, Challenge)] {
        self.challenges.get_or_init(|| {
            Self::parse_challenges(self.entry, "www-authenticate").into_boxed_slice()
        })
    }

    /// Every challenge of `Proxy-Authenticate`.
    pub fn proxy_challenges(&self) -> Vec<(usize, Challenge)> {
        Self::parse_challenges(self.entry, "proxy-authenticate")
    }

    fn parse_challenges(entry: &Entry<'_>, name: &str) -> Vec<(usize, Challenge)> {
        let Some(r) = &entry.response else {
            return Vec::new();
        };
        r.headers
            .iter()
            .filter(|h| h.name.eq_ignore_ascii_case(name))
            .flat_map(|h| challenges_of(&h.value).map(move |c| (h.index as usize, c)))
            .collect()
    }

    /// The first challenge that carries an RFC 6750 `error` code.
    pub fn challenge_error(&self) -> Option<(usize, &Challenge)> {
        self.challenges()
            .iter()
            .find(|(_, c)| c.error().is_some())
            .map(|(i, c)| (*i, c))
    }

    /// API keys the request carried: (JSON pointer, name, value).
    pub fn api_keys(&self) -> Vec<(crate::rules::Pointer, &str, &str)> {
        let i = self.index();
        let mut out = Vec::new();
        for h in &self.entry.request.headers {
            if is_api_key_name(&h.name) {
                out.push((
                    crate::rules::req_header_ptr(i, h.index as usize),
                    h.name.as_ref(),
                    h.value.as_ref(),
                ));
            }
        }
        for (n, q) in self.entry.request.query_string.iter().enumerate() {
            if is_api_key_name(&q.name) {
                out.push((
                    crate::rules::Pointer::item(i, "request/queryString", n),
                    q.name.as_ref(),
                    q.value.as_ref(),
                ));
            }
        }
        out
    }

    /// Whether the request carried any credential the rules know of: a header, a cookie, a
    /// key in the URL, a sign-in form's password, or a token request's client secret or
    /// assertion in its body ([`Self::body_credentials`]).
    pub fn has_credentials(&self) -> bool {
        self.entry.request_header("cookie").is_some()
            || !self.entry.request.cookies.is_empty()
            || self.credentials_besides_cookies()
    }

    /// Whether the request carried a credential other than its cookies (what
    /// [`Self::has_credentials`] counts, but cookies).
    pub fn credentials_besides_cookies(&self) -> bool {
        let r = &self.entry.request;
        self.entry.request_header("authorization").is_some()
            || r.headers.iter().any(|h| {
                !h.name.eq_ignore_ascii_case("cookie")
                    && crate::redact::is_sensitive_header(&h.name)
            })
            || r.query_string
                .iter()
                .any(|q| crate::redact::is_sensitive_param(&q.name))
            || !self.login_fields().is_empty()
            || self.body_credentials()
            || crate::http::site::userinfo(&self.entry.request.url)
                .is_some_and(|u| u != ":" && !u.is_empty())
    }

    /// The user name and password in the request's URL (percent-decoded): what a page gave
    /// `XMLHttpRequest.open()`, or a link's `https://user:password@host/`. The browser answers a
    /// Basic or Digest challenge with them itself, and Chromium's record of the request keeps
    /// the headers it had before: no `Authorization` (the lab's `basic-xhr-wrong-password`, in
    /// Chrome's panel, Playwright and chrome-har; Firefox records the header it added).
    pub fn url_credentials(&self) -> Option<(String, String)> {
        let userinfo = crate::http::site::userinfo(&self.entry.request.url)?;
        let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
        // `+` is itself in a URL's userinfo, not a space as in a form.
        let decode = |s| crate::redact::percent_decode_strict(s).into_owned();
        (!user.is_empty() || !password.is_empty()).then(|| (decode(user), decode(password)))
    }

    /// Whether a token request's body holds what an OAuth client proves itself with
    /// ([`CLIENT_CREDENTIALS`]). Its grant (a code, a refresh token) does not count: a token
    /// request that sends one without them, refused with 401, is missing the client's.
    fn body_credentials(&self) -> bool {
        self.entry.request.post_data.is_some()
            && self.is_token_request()
            && (CLIENT_CREDENTIALS.iter())
                .any(|n| self.form_param(n).is_some_and(|v| !v.trim().is_empty()))
    }

    /// Credential values this request sent (token, Basic credentials, cookie
    /// values, API keys, sign-in password), to keep them out of quoted text.
    pub(crate) fn sent_secrets(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some((_, v)) = self.authorization() {
            if let Some((_, cred)) = v.trim().split_once([' ', '\t']) {
                out.push(cred.trim().to_owned());
            }
            out.extend(crate::redact::read_inside(v).map(str::to_owned));
        }
        for (_, v) in self.entry.request_header_values("cookie") {
            out.extend(
                v.split(';')
                    .filter_map(|p| p.split_once('='))
                    .map(|(_, v)| v.trim().to_owned()),
            );
        }
        out.extend(self.api_keys().into_iter().map(|(_, _, v)| v.to_owned()));
        out.extend(self.login_fields().iter().map(|(_, _, v)| v.clone()));
        // The URL's password, as written and decoded, and a user name that is itself a key
        // (`https://ghp_…@host/`).
        if let Some((user, password)) = self.url_credentials() {
            let written = crate::http::site::userinfo(&self.entry.request.url).unwrap_or("");
            let written = written.split_once(':').map_or("", |(_, p)| p);
            out.extend(
                [password, written.to_owned()]
                    .into_iter()
                    .filter(|p| !p.is_empty()),
            );
            if crate::redact::public_prefix(&user).is_some() {
                out.push(user);
            }
        }
        out
    }

    /// Whether the token this request carried reached the code that refused it.
    /// Rules that read the token's content (expiry, audience, algorithm) speak only
    /// when it did: a 401 served from a cache was not about this token, and a
    /// server that says it found no token never looked at one.
    pub fn token_reached(&self) -> Reached {
        if self.served_from_cache() || self.server_says_no_token() {
            return Reached::No;
        }
        // The page's side of a call its service worker answered, with no request of the
        // worker's beside it: the token is what the page gave the worker, and the answer may be
        // one the worker stored (the lab's https-sw-cached-401 in Firefox and Playwright).
        if self.worker.is_some_and(|w| w.request.is_none()) {
            return Reached::Doubtful(Doubt::WorkerAnswered);
        }
        // No answer came back: the browser stopped the request (CORS), the server closed the
        // connection on headers too large, or Chromium refused a 407. Whatever is wrong with
        // the token, it is not why nothing came back, and nothing shows a server judged it
        // (the lab's cors-blocked-expired-token: a token that expired an hour earlier, on a
        // request its preflight stopped). Except in Playwright's record, where an answer CORS
        // hid from the page (which Chrome's panel records with its status) is status -1, as a
        // request never sent is: the server may have judged the token then.
        if self.status().is_none() {
            match self.failure() {
                Some(FailureKind::CorsBlocked) if self.entry.raw_status() == Some(-1.0) => {
                    return Reached::Doubtful(Doubt::NoAnswerRecorded)
                }
                Some(_) => return Reached::No,
                None => {}
            }
        }
        // RFC 6750 §3.1: a server should send no error code when the request had no
        // authentication information; a bare Bearer challenge to a request that
        // carried a token suggests a proxy dropped it on the way. Unless the server's words say
        // it judged a token: FastAPI sends the bare challenge with every refusal, "Could not
        // validate credentials" for a token it refused (the lab's fastapi-jwt-expired).
        let challenges = self.challenges();
        let bare_bearer = challenges.iter().any(|(_, c)| c.is("bearer"))
            && challenges.iter().all(|(_, c)| c.error().is_none());
        if self.bearer_token().is_some() && bare_bearer && !self.server_refused_a_token() {
            return Reached::Doubtful(Doubt::BareChallenge);
        }
        Reached::Yes
    }

    /// Whether the answer came from a cache rather than from the server now
    /// (`Age`, a cache HIT header, Chrome's `_fromCache`).
    pub fn served_from_cache(&self) -> bool {
        let e = self.entry;
        e.from_cache.is_some()
            || e.response_header("age")
                .is_some_and(|(_, v)| v.trim().parse::<u64>().is_ok_and(|a| a > 0))
            || crate::knowledge::CACHE_HIT_HEADERS.iter().any(|n| {
                e.response_header(n)
                    .is_some_and(|(_, v)| v.to_ascii_uppercase().contains("HIT"))
            })
    }

    /// Whether the server's answer says it received no token at all (its error
    /// description or body: "no token", "missing authorization header", …).
    /// A CSRF check's "CSRF token missing." is about another token ([`EntryCx::csrf_refusal`]).
    pub fn server_says_no_token(&self) -> bool {
        let said = self
            .challenges()
            .iter()
            .any(|(_, c)| c.error_description().is_some_and(says_no_token))
            || self
                .body()
                .is_some_and(|b| b.len() < BODY_READ_BYTES && says_no_token(b));
        said && self.csrf_said().is_none()
    }
}

/// Bodies of this many bytes or more are not read for a missing token (as before the texts
/// were kept): a server's refusal is a short answer.
const BODY_READ_BYTES: usize = 4096;

/// The challenges of one `WWW-Authenticate` or `Proxy-Authenticate` field value: copies of
/// those of the same value this thread read a moment before ([`CHALLENGES`]).
fn challenges_of(value: &str) -> impl Iterator<Item = Challenge> {
    crate::memo::kept(
        &CHALLENGES,
        value.len(),
        |(v, _)| **v == *value,
        || (value.into(), www_authenticate::parse(value).challenges),
        |(_, challenges)| challenges.clone(),
    )
    .into_iter()
}

thread_local! {
    /// The last `WWW-Authenticate` (or `Proxy-Authenticate`) values this thread parsed, with
    /// their challenges, the latest first: a server that refuses request after request sends
    /// the same few, and copying a parse costs a fraction of parsing again. Values of
    /// [`crate::memo::KEPT_BYTES`] or more are not kept. Forgotten with the bodies parsed last
    /// ([`super::forget_last_parsed`]).
    static CHALLENGES: std::cell::RefCell<crate::memo::Recent<(Box<str>, Vec<Challenge>), 4>> =
        const { std::cell::RefCell::new(crate::memo::Recent::new()) };

    /// The last texts this thread read for [`says_no_token`], with the answer, the latest
    /// first: the same error description or body comes back with request after request, and
    /// each time cost a lowercase copy and a search for each phrase. Forgotten with the bodies
    /// parsed last ([`super::forget_last_parsed`]).
    static SAID: std::cell::RefCell<crate::memo::Recent<(Box<str>, bool), 4>> =
        const { std::cell::RefCell::new(crate::memo::Recent::new()) };
}

/// Whether `text` says no token arrived: one of [`crate::knowledge::NO_TOKEN_PHRASES`], in
/// any ASCII case ([`SAID`]; texts of [`crate::memo::KEPT_BYTES`] or more are read each time).
fn says_no_token(text: &str) -> bool {
    let said = || {
        let t = text.to_ascii_lowercase();
        (crate::knowledge::NO_TOKEN_PHRASES.iter()).any(|p| crate::text::contains(&t, p))
    };
    crate::memo::kept(
        &SAID,
        text.len(),
        |(t, _)| **t == *text,
        || (text.into(), said()),
        |&(_, says)| says,
    )
}

/// Whether a server's message says a token is not valid yet: one of the libraries' phrases, or
/// the claim's name as a word (`"nbf" claim timestamp check failed`).
pub fn says_not_yet(message: &str, claim: &str) -> bool {
    let m = message.to_ascii_lowercase();
    crate::knowledge::NOT_YET_VALID_PHRASES
        .iter()
        .any(|p| crate::text::contains(&m, p))
        || names_claim(&m, claim)
}

/// Whether lower-cased message `m` names `claim` as a word (`"nbf" claim timestamp check
/// failed`, not `unbfounded`).
pub fn names_claim(m: &str, claim: &str) -> bool {
    let word = |at: Option<&u8>| at.is_none_or(|b| !b.is_ascii_alphanumeric() && *b != b'_');
    m.match_indices(claim).any(|(at, _)| {
        let b = m.as_bytes();
        word(at.checked_sub(1).and_then(|i| b.get(i))) && word(b.get(at + claim.len()))
    })
}

/// Whether a server's message says it could not parse the token or the header it came in
/// ([`crate::knowledge::MALFORMED_TOKEN_PHRASES`]).
pub fn says_malformed(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    crate::knowledge::MALFORMED_TOKEN_PHRASES
        .iter()
        .any(|p| crate::text::contains(&m, p))
}

/// How many texts this thread keeps read ([`SAID`]) and field values parsed
/// ([`CHALLENGES`]).
#[cfg(test)]
fn kept() -> (usize, usize) {
    (
        SAID.with_borrow(crate::memo::Recent::len),
        CHALLENGES.with_borrow(crate::memo::Recent::len),
    )
}

/// Forgets the field values this thread parsed for their challenges, and the texts it read
/// for [`says_no_token`].
pub(super) fn forget_read() {
    CHALLENGES.set(crate::memo::Recent::new());
    SAID.set(crate::memo::Recent::new());
}

/// Whether a request's token reached the code that judged it (see
/// [`EntryCx::token_reached`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reached {
    /// Nothing says otherwise.
    Yes,
    /// It may have, or not: [`Doubt`] says why it cannot be told.
    Doubtful(Doubt),
    /// The answer was cached, the server says it found no token, or no answer came back for
    /// another reason.
    No,
}

/// Why the capture cannot tell whether a token reached the code that judged it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doubt {
    /// The record cannot tell a request never sent from an answer CORS hid from the page
    /// (Playwright's status -1 for both).
    NoAnswerRecorded,
    /// A Bearer challenge without an error code: what a server answers to a request that
    /// arrived without a token (RFC 6750 §3.1).
    BareChallenge,
    /// The page's service worker answered, and the capture holds no request of the worker's.
    WorkerAnswered,
}

impl Doubt {
    /// The catalog's interface phrase that tells the reader why ([`crate::value::Value::Word`]).
    pub fn word(self) -> &'static str {
        match self {
            Doubt::NoAnswerRecorded => "unseen_no_answer",
            Doubt::BareChallenge => "unseen_bare_challenge",
            Doubt::WorkerAnswered => "unseen_worker",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_text_says_of_a_missing_token_is_kept_for_the_same_text() {
        super::super::forget_last_parsed();
        let texts = [
            ("Missing Authorization header", true),
            ("invalid token", false),
            ("No token provided", true),
            ("missing authorization header", true),
            ("The access token expired", false),
            // The first again, past the four kept.
            ("Missing Authorization header", true),
            ("invalid token", false),
        ];
        for round in 0..2 {
            for (text, says) in texts {
                assert_eq!(says_no_token(text), says, "round {round}: {text}");
            }
        }
        assert_eq!(kept().0, 4);
        let long = format!("{} no token", "x".repeat(crate::memo::KEPT_BYTES));
        assert!(says_no_token(&long) && !says_no_token(&long.replace("no token", "a token")));
        assert_eq!(kept().0, 4, "a long text is not kept");
        super::super::forget_last_parsed();
        assert_eq!(kept().0, 0);
    }

    #[test]
    fn a_field_value_parsed_a_moment_before_gives_the_same_challenges() {
        super::super::forget_last_parsed();
        let values = [
            r#"Bearer realm="api", error="invalid_token", error_description="expired""#,
            r#"Bearer realm="api", error="invalid_token""#,
            "Basic realm=\"x\", charset=\"UTF-8\"",
            r#"Negotiate, Bearer error="insufficient_scope", scope="a b""#,
            "Digest realm=\"d\", nonce=\"n\", stale=true, Bearer",
            r#"Bearer realm="api", error="invalid_token", error_description="expired""#,
            "",
            "Negotiate YII=",
        ];
        for round in 0..2 {
            for value in values {
                let parsed = www_authenticate::parse(value).challenges;
                assert_eq!(
                    challenges_of(value).collect::<Vec<_>>(),
                    parsed,
                    "{round}: {value}"
                );
            }
        }
        assert_eq!(kept().1, 4);
        let long = format!("Bearer realm=\"{}\"", "r".repeat(crate::memo::KEPT_BYTES));
        assert_eq!(challenges_of(&long).count(), 1);
        assert_eq!(kept().1, 4, "a long value is not kept");
        super::super::forget_last_parsed();
        assert_eq!(kept().1, 0);
    }
}
