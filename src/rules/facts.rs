//! Facts about entries that several rules need, computed once and on demand.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::collections::HashSet;
use std::rc::Rc;

use serde::Serialize;

use crate::har::{Entry, Har};
use crate::http::www_authenticate::{self, Challenge};
use crate::jwt;
use crate::Options;

/// Why an entry counts as an authentication failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FailureKind {
    /// 401 Unauthorized.
    Unauthorized,
    /// 407 Proxy Authentication Required.
    ProxyAuthRequired,
    /// 403 with an authentication challenge, `insufficient_scope`, or an auth rate limit.
    Forbidden,
    /// An OAuth token endpoint answered with an error (whatever the status).
    TokenError,
    /// An API call was answered with (a redirect to) a login page.
    LoginPage,
    /// 431, or 400 "Request Header Or Cookie Too Large".
    HeaderTooLarge,
    /// 429 on a request that carried credentials or went to a token endpoint.
    RateLimited,
    /// A CORS preflight (`OPTIONS`) answered 401 or 403.
    PreflightRejected,
    /// A credentialed cross-origin request the browser blocked or whose answer
    /// it hid from the page (CORS).
    CorsBlocked,
}

impl FailureKind {
    /// Kebab-case name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            FailureKind::Unauthorized => "unauthorized",
            FailureKind::ProxyAuthRequired => "proxy-auth-required",
            FailureKind::Forbidden => "forbidden",
            FailureKind::TokenError => "token-error",
            FailureKind::LoginPage => "login-page",
            FailureKind::HeaderTooLarge => "header-too-large",
            FailureKind::RateLimited => "rate-limited",
            FailureKind::PreflightRejected => "preflight-rejected",
            FailureKind::CorsBlocked => "cors-blocked",
        }
    }
}

type Decoded = Result<jwt::Decoded, jwt::DecodeError>;

/// Decoded tokens of one analysis, shared by its entries (see [`EntryCx::jwt`]).
#[derive(Default)]
pub struct TokenCache(RefCell<HashMap<String, Rc<Decoded>>>);

/// How much of a body rules may read; bigger bodies are cut (auth errors are small).
pub const BODY_LIMIT: usize = 64 * 1024;

/// One entry and what rules commonly ask about it.
pub struct EntryCx<'h, 'a> {
    /// The entry.
    pub entry: &'h Entry<'a>,
    /// Analysis options (time, leeway, language).
    pub opts: &'h Options,
    /// Whether the whole file is a sanitized export (credentials removed).
    pub sanitized: bool,
    failure: OnceCell<Option<FailureKind>>,
    body: OnceCell<Option<String>>,
    body_json: OnceCell<Option<serde_json::Value>>,
    started_ms: OnceCell<Option<i64>>,
    jwt: OnceCell<Option<Rc<Decoded>>>,
    tokens: &'h TokenCache,
    challenges: OnceCell<Vec<(usize, Challenge)>>,
    auth_problems: OnceCell<Vec<crate::http::authorization::Problem>>,
}

impl<'h, 'a> EntryCx<'h, 'a> {
    /// Wraps an entry.
    pub fn new(
        entry: &'h Entry<'a>,
        opts: &'h Options,
        sanitized: bool,
        tokens: &'h TokenCache,
    ) -> Self {
        EntryCx {
            entry,
            opts,
            sanitized,
            failure: OnceCell::new(),
            body: OnceCell::new(),
            body_json: OnceCell::new(),
            started_ms: OnceCell::new(),
            jwt: OnceCell::new(),
            tokens,
            challenges: OnceCell::new(),
            auth_problems: OnceCell::new(),
        }
    }

    /// Drops cached facts of an entry that is not a failure, once the per-entry
    /// rules have seen it: cross-entry rules re-derive what they need, and a large
    /// capture must not hold a decoded token and body for every request.
    pub fn release_unless_failing(&mut self) {
        if self.failure().is_none() {
            self.body.take();
            self.body_json.take();
            self.jwt.take();
            self.challenges.take();
        }
    }

    /// Index into `log.entries`.
    pub fn index(&self) -> usize {
        self.entry.index
    }

    /// Response status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        self.entry.status()
    }

    /// The response body as text (decoded, cut at [`BODY_LIMIT`]).
    pub fn body(&self) -> Option<&str> {
        self.body
            .get_or_init(|| {
                let content = &self.entry.response.as_ref()?.content;
                content
                    .decoded_text(BODY_LIMIT)?
                    .ok()
                    .map(|c| c.into_owned())
            })
            .as_deref()
    }

    /// The response body parsed as JSON, when it is JSON.
    pub fn body_json(&self) -> Option<&serde_json::Value> {
        self.body_json
            .get_or_init(|| {
                let body = self.body()?.trim_start();
                if !(body.starts_with('{') || body.starts_with('[')) {
                    return None;
                }
                serde_json::from_str(body).ok()
            })
            .as_ref()
    }

    /// The request start as Unix milliseconds.
    pub fn started_ms(&self) -> Option<i64> {
        *self
            .started_ms
            .get_or_init(|| crate::time::parse_iso8601(self.entry.started_date_time.as_deref()?))
    }

    /// The `Authorization` request header, with its index.
    pub fn authorization(&self) -> Option<(usize, &str)> {
        self.entry.request_header("authorization")
    }

    /// What is wrong with the form of the `Authorization` header (empty when it
    /// is absent or well-formed); several rules ask, it is computed once.
    pub fn authorization_problems(&self) -> &[crate::http::authorization::Problem] {
        self.auth_problems.get_or_init(|| {
            self.authorization()
                .map(|(_, v)| crate::http::authorization::diagnose(v))
                .unwrap_or_default()
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
        self.jwt
            .get_or_init(|| {
                let (_, token) = self.bearer_token()?;
                // Opaque tokens may contain dots (RFC 6750's own example does);
                // only a token whose first part is a JSON header tries to be a JWT.
                if !jwt::looks_like_jwt(token) {
                    return None;
                }
                // One token is usually sent by many requests: decode it once.
                let mut cache = self.tokens.0.borrow_mut();
                if cache.len() > 10_000 {
                    cache.clear();
                }
                Some(
                    cache
                        .entry(token.to_owned())
                        .or_insert_with(|| Rc::new(jwt::decode(token)))
                        .clone(),
                )
            })
            .as_deref()
    }

    /// The decoded JWT, when it decoded.
    pub fn claims(&self) -> Option<&jwt::Decoded> {
        self.jwt()?.as_ref().ok()
    }

    /// Every challenge of the response's `WWW-Authenticate` header lines, each with
    /// the index of the header it came from.
    pub fn challenges(&self) -> &[(usize, Challenge)] {
        self.challenges
            .get_or_init(|| Self::parse_challenges(self.entry, "www-authenticate"))
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
            .flat_map(|h| {
                www_authenticate::parse(&h.value)
                    .challenges
                    .into_iter()
                    .map(move |c| (h.index, c))
            })
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
    pub fn api_keys(&self) -> Vec<(String, &str, &str)> {
        let i = self.index();
        let mut out = Vec::new();
        for h in &self.entry.request.headers {
            if is_api_key_name(&h.name) {
                out.push((
                    super::req_header_ptr(i, h.index),
                    h.name.as_ref(),
                    h.value.as_ref(),
                ));
            }
        }
        for (n, q) in self.entry.request.query_string.iter().enumerate() {
            if is_api_key_name(&q.name) {
                out.push((
                    format!("/log/entries/{i}/request/queryString/{n}"),
                    q.name.as_ref(),
                    q.value.as_ref(),
                ));
            }
        }
        out
    }

    /// The time the server says it answered (`Date`), as Unix milliseconds.
    pub fn server_date_ms(&self) -> Option<(usize, i64)> {
        let (i, v) = self.entry.response_header("date")?;
        Some((i, crate::time::parse_http_date(v)?))
    }

    /// The request time to judge tokens by: the entry's start, else "now".
    pub fn request_time_ms(&self) -> Option<i64> {
        self.started_ms().or(self.opts.now_ms)
    }

    /// The page origin of a cross-origin request (its `Origin` header, when that
    /// differs from the request URL's origin).
    pub fn cross_origin(&self) -> Option<&str> {
        let (_, origin) = self.entry.request_header("origin")?;
        let origin = origin.trim();
        let url = self.entry.request.url.as_ref();
        // Fast path, no allocation: the URL starts with the origin itself.
        if let Some(rest) = url.strip_prefix(origin) {
            if rest.is_empty() || rest.starts_with(['/', '?', '#']) {
                return None;
            }
        }
        let target = origin_of(url);
        (!origin.eq_ignore_ascii_case(&target) && origin != "null").then_some(origin)
    }

    /// Why the browser blocked (or hid the answer of) this credentialed
    /// cross-origin request, when the capture shows it. Requests without
    /// credentials are not authentication failures, whatever CORS did to them.
    pub fn cors_problem(&self) -> Option<CorsProblem> {
        let origin = self.cross_origin()?;
        let sends_cookies =
            self.entry.request_header("cookie").is_some() || !self.entry.request.cookies.is_empty();
        if self.authorization().is_none() && !sends_cookies {
            return None;
        }
        if self.status().is_none() {
            // No response: Chrome records `_error: net::ERR_FAILED` for a request
            // stopped by CORS (a failed preflight, or a hidden answer).
            let err = self
                .entry
                .response
                .as_ref()
                .and_then(|r| r.error.as_deref())
                .unwrap_or("");
            return (err.contains("ERR_FAILED") || err.to_ascii_lowercase().contains("cors"))
                .then_some(CorsProblem::Blocked);
        }
        // An answer the browser hides from a credentialed request.
        if sends_cookies && self.status().is_some_and(|s| s < 400) {
            let acao = self
                .entry
                .response_header("access-control-allow-origin")
                .map(|(_, v)| v.trim());
            let acac = self
                .entry
                .response_header("access-control-allow-credentials")
                .map(|(_, v)| v.trim());
            return match acao {
                None => Some(CorsProblem::NoAllowOrigin),
                Some("*") => Some(CorsProblem::WildcardWithCredentials),
                Some(o) if !o.eq_ignore_ascii_case(origin) => Some(CorsProblem::OtherOrigin),
                Some(_) if acac != Some("true") => Some(CorsProblem::NoAllowCredentials),
                Some(_) => None,
            };
        }
        None
    }

    /// Whether this entry is a CORS preflight (by Chrome's marker, or by shape).
    pub fn is_preflight(&self) -> bool {
        self.entry.is_preflight()
            || (self.entry.request.method.eq_ignore_ascii_case("OPTIONS")
                && self
                    .entry
                    .request_header("access-control-request-method")
                    .is_some())
    }

    /// The OAuth token endpoint error of this entry, if it is one.
    pub fn token_error(&self) -> Option<TokenError<'_>> {
        if !self.is_token_request() {
            return None;
        }
        let v = self.body_json()?;
        let code = v.get("error")?.as_str()?;
        if !is_failure_oauth_error(code) {
            return None;
        }
        let description = v
            .get("error_description")
            .and_then(|d| d.as_str())
            .unwrap_or("");
        Some(TokenError {
            code,
            description,
            grant_type: self.form_param("grant_type"),
        })
    }

    /// A parameter of a form-encoded request body.
    pub fn form_param(&self, name: &str) -> Option<String> {
        let post = self.entry.request.post_data.as_ref()?;
        if let Some(p) = post.params.iter().find(|p| p.name == name) {
            return Some(crate::redact::percent_decode_lossy(&p.value));
        }
        let text = post.text()?;
        let text = text.as_ref();
        if text.trim_start().starts_with('{') {
            let v: serde_json::Value = serde_json::from_str(text).ok()?;
            return v.get(name)?.as_str().map(str::to_owned);
        }
        text.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (crate::redact::percent_decode_lossy(k) == name)
                .then(|| crate::redact::percent_decode_lossy(v))
        })
    }

    /// The `error` member of an OAuth-style JSON error body.
    pub fn oauth_error(&self) -> Option<&str> {
        let v = self.body_json()?;
        match v.get("error")? {
            serde_json::Value::String(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// Whether the request looks like a call to an OAuth token endpoint.
    pub fn is_token_request(&self) -> bool {
        // RFC 6749 §3.2: token requests are POSTs; this runs for every entry.
        if !self.entry.request.method.eq_ignore_ascii_case("POST") {
            return false;
        }
        let by_body = self.entry.request.post_data.as_ref().is_some_and(|p| {
            p.raw_contains("grant_type") || p.params.iter().any(|kv| kv.name == "grant_type")
        });
        let url = self.entry.request.url.as_ref();
        let path = url.split(['?', '#']).next().unwrap_or(url);
        by_body
            || ["/token", "/access_token"]
                .iter()
                .any(|p| crate::text::ends_with_ignore_ascii_case(path, p))
    }

    /// Whether a script (fetch/XHR) asked for data rather than a page.
    pub fn is_api_call(&self) -> bool {
        if let Some(script) = self.entry.is_script_request() {
            if script {
                return true;
            }
        }
        let accept = self.entry.request_header("accept").map_or("", |(_, v)| v);
        (accept.contains("json") && !accept.contains("text/html"))
            || self.entry.request_header("x-requested-with").is_some()
    }

    /// Whether the request carried any credential the rules know of.
    pub fn has_credentials(&self) -> bool {
        let r = &self.entry.request;
        self.entry.request_header("authorization").is_some()
            || self.entry.request_header("cookie").is_some()
            || !r.cookies.is_empty()
            || r.headers
                .iter()
                .any(|h| crate::redact::is_sensitive_header(&h.name))
            || r.query_string
                .iter()
                .any(|q| crate::redact::is_sensitive_param(&q.name))
            || !self.login_fields().is_empty()
    }

    /// User name and password fields of a sign-in request body (JSON or form):
    /// (JSON pointer, field name, value).
    pub fn login_fields(&self) -> Vec<(String, String, String)> {
        let Some(post) = &self.entry.request.post_data else {
            return Vec::new();
        };
        let i = self.index();
        let pointer = format!("/log/entries/{i}/request/postData");
        let mut fields: Vec<(String, String)> = Vec::new();
        let text = post.text().unwrap_or_default();
        let text = text.as_ref();
        if text.trim_start().starts_with('{') {
            if let Ok(serde_json::Value::Object(map)) =
                serde_json::from_str::<serde_json::Value>(text)
            {
                for (k, v) in map {
                    if let serde_json::Value::String(s) = v {
                        fields.push((k, s));
                    }
                }
            }
        } else if !post.params.is_empty() {
            for p in &post.params {
                fields.push((
                    crate::redact::percent_decode_lossy(&p.name),
                    crate::redact::percent_decode_lossy(&p.value),
                ));
            }
        } else if text.contains('=') {
            for pair in text.split('&') {
                if let Some((k, v)) = pair.split_once('=') {
                    fields.push((
                        crate::redact::percent_decode_lossy(k),
                        crate::redact::percent_decode_lossy(v),
                    ));
                }
            }
        }
        let is_password = |k: &str| {
            matches!(
                k.to_ascii_lowercase().as_str(),
                "password" | "passwd" | "pass" | "pwd" | "current_password" | "currentpassword"
            )
        };
        if !fields.iter().any(|(k, _)| is_password(k)) {
            return Vec::new();
        }
        let is_user = |k: &str| {
            matches!(
                k.to_ascii_lowercase().as_str(),
                "username"
                    | "user"
                    | "login"
                    | "email"
                    | "user_name"
                    | "userid"
                    | "user_id"
                    | "account"
                    | "loginid"
                    | "login_id"
            )
        };
        fields
            .into_iter()
            .filter(|(k, _)| is_password(k) || is_user(k))
            .map(|(k, v)| (pointer.clone(), k, v))
            .collect()
    }

    /// Why this entry is an authentication failure, if it is one.
    pub fn failure(&self) -> Option<FailureKind> {
        *self.failure.get_or_init(|| self.classify())
    }

    fn classify(&self) -> Option<FailureKind> {
        let status = self.status();
        let e = self.entry;
        if self.is_preflight() {
            return matches!(status, Some(401 | 403)).then_some(FailureKind::PreflightRejected);
        }
        if self.cors_problem().is_some() {
            return Some(FailureKind::CorsBlocked);
        }
        // A token endpoint's error says more than its status (GitHub answers 200).
        if self.is_token_request() && self.oauth_error().is_some_and(is_failure_oauth_error) {
            return Some(FailureKind::TokenError);
        }
        match status {
            Some(401) => return Some(FailureKind::Unauthorized),
            Some(407) => return Some(FailureKind::ProxyAuthRequired),
            Some(431) => return Some(FailureKind::HeaderTooLarge),
            Some(400)
                if e.response.as_ref().is_some_and(|r| {
                    let t = r.status_text.to_ascii_lowercase();
                    t.contains("too large") || t.contains("too long")
                }) || self.body().is_some_and(|b| {
                    let b = b.to_ascii_lowercase();
                    b.contains("header or cookie too large")
                        || b.contains("header too large")
                        || b.contains("request header fields too large")
                }) =>
            {
                return Some(FailureKind::HeaderTooLarge)
            }
            Some(403) => {
                let challenged = e.response_header("www-authenticate").is_some();
                let scope = e
                    .response_header_values("www-authenticate")
                    .any(|(_, v)| v.contains("insufficient_scope"));
                let rate = e
                    .response_header("x-ratelimit-remaining")
                    .is_some_and(|(_, v)| v.trim() == "0");
                let refused = self.body_mentions_auth() || !self.api_keys().is_empty();
                if challenged || scope || rate || refused || self.scopes_not_covered() {
                    return Some(FailureKind::Forbidden);
                }
            }
            Some(429) if self.has_credentials() || self.is_token_request() => {
                return Some(FailureKind::RateLimited)
            }
            _ => {}
        }
        if status == Some(200) && self.is_slack_style_auth_error() {
            return Some(FailureKind::Unauthorized);
        }
        if self.oauth_error_redirect().is_some() {
            return Some(FailureKind::TokenError);
        }
        if self.is_login_redirect().is_some() || self.is_login_page() {
            return Some(FailureKind::LoginPage);
        }
        None
    }

    /// Slack-style APIs answer 200 with `{"ok": false, "error": "invalid_auth"}`.
    fn is_slack_style_auth_error(&self) -> bool {
        // Cheap look at the raw text first: this runs for every 200 response, and
        // these error bodies are tiny, so large bodies are not even scanned.
        let raw = self
            .entry
            .response
            .as_ref()
            .and_then(|r| r.content.text)
            .map_or("", |t| t.get());
        if raw.len() > 4096 || !raw.starts_with("\"{") || !raw.contains("ok\\\":") {
            return false;
        }
        let Some(v) = self.body_json() else {
            return false;
        };
        v.get("ok") == Some(&serde_json::Value::Bool(false))
            && v.get("error").and_then(|e| e.as_str()).is_some_and(|e| {
                matches!(
                    e,
                    "invalid_auth"
                        | "not_authed"
                        | "not_bearer_token"
                        | "token_expired"
                        | "token_revoked"
                        | "account_inactive"
                        | "missing_scope"
                        | "no_permission"
                        | "ekm_access_denied"
                )
            })
    }

    /// An authorization endpoint's redirect back with `error=` (RFC 6749 §4.1.2.1).
    pub fn oauth_error_redirect(&self) -> Option<(usize, &str)> {
        let status = self.status()?;
        if !(300..400).contains(&status) {
            return None;
        }
        let (i, location) = self.entry.response_header("location")?;
        let query = location.split_once(['?', '#'])?.1;
        query
            .split(['&', '#'])
            .any(|p| p.strip_prefix("error=").is_some_and(is_failure_oauth_error))
            .then_some((i, location))
    }

    /// The server's own words about the failure: RFC 6750 `error_description`,
    /// or the message of a JSON error body in the shapes real APIs use
    /// (`error_description`, `error.message`, `message`, `Message`, RFC 7807
    /// `detail`/`title`, `errors[0].message`, a bare `error` code). Cut at 200
    /// characters; never a secret-bearing field.
    pub fn server_message(&self) -> Option<String> {
        let from_challenge = self
            .challenges()
            .iter()
            .find_map(|(_, c)| c.error_description().or(c.error()));
        let from_body = self.body_json().and_then(|v| {
            let s = |v: &serde_json::Value| v.as_str().map(str::to_owned);
            s(&v["error_description"])
                .or_else(|| s(&v["error"]["message"]))
                .or_else(|| s(&v["message"]))
                .or_else(|| s(&v["Message"]))
                .or_else(|| s(&v["detail"]))
                .or_else(|| s(&v["title"]))
                .or_else(|| s(&v["errors"][0]["message"]))
                .or_else(|| s(&v["error"]))
        });
        let mut text = from_challenge
            .map(str::to_owned)
            .or(from_body)?
            .trim()
            .to_owned();
        if text.is_empty() {
            return None;
        }
        // Some servers echo the credential they refused (Spring's "invalid_token"
        // description is the token): never repeat it.
        for secret in self.sent_secrets() {
            if secret.chars().count() >= 6 && text.contains(secret.as_str()) {
                text = text.replace(secret.as_str(), &self.opts.secret(&secret));
            }
        }
        Some(match text.char_indices().nth(200) {
            Some((cut, _)) => format!("{}…", &text[..cut]), // boundary: char_indices
            None => text.to_owned(),
        })
    }

    /// Credential values this request sent (token, Basic credentials, cookie
    /// values, API keys, sign-in password), to keep them out of quoted text.
    fn sent_secrets(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some((_, v)) = self.authorization() {
            if let Some((_, cred)) = v.trim().split_once([' ', '\t']) {
                out.push(cred.trim().to_owned());
            }
        }
        for (_, v) in self.entry.request_header_values("cookie") {
            out.extend(
                v.split(';')
                    .filter_map(|p| p.split_once('='))
                    .map(|(_, v)| v.trim().to_owned()),
            );
        }
        out.extend(self.api_keys().into_iter().map(|(_, _, v)| v.to_owned()));
        out.extend(self.login_fields().into_iter().map(|(_, _, v)| v));
        out
    }

    /// Whether an error body talks about credentials (for 403s without a challenge).
    pub fn body_mentions_auth(&self) -> bool {
        let Some(body) = self.body() else {
            return false;
        };
        let b = body.to_ascii_lowercase();
        [
            "api key",
            "api_key",
            "apikey",
            "token",
            "credential",
            "unauthenticated",
            "not authenticated",
            "authentication",
            "unauthorized",
            "login required",
            "session expired",
            "csrf",
        ]
        .iter()
        .any(|w| b.contains(w))
    }

    /// GitHub: `X-Accepted-OAuth-Scopes` names a scope `X-OAuth-Scopes` lacks.
    pub fn scopes_not_covered(&self) -> bool {
        !self.missing_github_scopes().is_empty()
    }

    /// The scopes GitHub accepts for this endpoint that the token does not have.
    pub fn missing_github_scopes(&self) -> Vec<String> {
        let Some((_, accepted)) = self.entry.response_header("x-accepted-oauth-scopes") else {
            return Vec::new();
        };
        let Some((_, have)) = self.entry.response_header("x-oauth-scopes") else {
            return Vec::new();
        };
        let have: HashSet<&str> = have
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let accepted: Vec<&str> = accepted
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        // Any one accepted scope is enough; GitHub also accepts a parent scope
        // (`repo` covers `repo:status`).
        let covered = accepted.iter().any(|a| {
            have.contains(a)
                || a.split_once(':')
                    .is_some_and(|(parent, _)| have.contains(parent))
        });
        if covered || self.status().is_some_and(|s| s < 400) {
            return Vec::new();
        }
        accepted.iter().map(|s| s.to_string()).collect()
    }

    /// The login URL an API call was redirected to, with its header index.
    pub fn is_login_redirect(&self) -> Option<(usize, &str)> {
        let status = self.status()?;
        if !(300..400).contains(&status) || status == 304 || !self.is_api_call() {
            return None;
        }
        let (i, location) = self.entry.response_header("location")?;
        looks_like_login_url(location).then_some((i, location))
    }

    /// Whether an API call got an HTML login page back.
    pub fn is_login_page(&self) -> bool {
        let Some(r) = &self.entry.response else {
            return false;
        };
        if self.status() != Some(200)
            || !self.is_api_call()
            || !r.content.mime_type.contains("html")
        {
            return false;
        }
        self.body().is_some_and(|b| {
            let lower = b.to_ascii_lowercase();
            lower.contains("type=\"password\"")
                || lower.contains("type='password'")
                || lower.contains("type=password")
        })
    }
}

/// What CORS did to a credentialed cross-origin request (see [`EntryCx::cors_problem`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CorsProblem {
    /// No response reached the page (`net::ERR_FAILED`): a preflight failed or
    /// the answer was hidden.
    Blocked,
    /// The answer has no `Access-Control-Allow-Origin`.
    NoAllowOrigin,
    /// `Access-Control-Allow-Origin: *`, which browsers refuse with credentials.
    WildcardWithCredentials,
    /// `Access-Control-Allow-Origin` names another origin.
    OtherOrigin,
    /// No `Access-Control-Allow-Credentials: true` on a credentialed request.
    NoAllowCredentials,
}

/// `scheme://host[:port]` of a URL, lowercased, default port omitted.
pub fn origin_of(url: &str) -> String {
    crate::http::site::origin(url).unwrap_or_default()
}

/// An OAuth token endpoint error (RFC 6749 §5.2, GitHub's variants).
#[derive(Debug, Clone)]
pub struct TokenError<'c> {
    /// `error` code.
    pub code: &'c str,
    /// `error_description`, possibly empty.
    pub description: &'c str,
    /// The request's `grant_type`.
    pub grant_type: Option<String>,
}

/// Header or query names that carry an API key.
pub fn is_api_key_name(name: &str) -> bool {
    // Allocate only when the name needs normalizing (hot path: every header line).
    let n: std::borrow::Cow<'_, str> = if name.bytes().any(|b| b.is_ascii_uppercase() || b == b'_')
    {
        std::borrow::Cow::Owned(name.to_ascii_lowercase().replace('_', "-"))
    } else {
        std::borrow::Cow::Borrowed(name)
    };
    matches!(
        n.as_ref(),
        "x-api-key"
            | "api-key"
            | "apikey"
            | "x-apikey"
            | "key"
            | "api-token"
            | "x-api-token"
            | "x-goog-api-key"
            | "ocp-apim-subscription-key"
            | "x-functions-key"
            | "private-token"
            | "x-auth-key"
            | "x-access-key"
            | "access-key"
            | "subscription-key"
            | "x-subscription-key"
    )
}

/// OAuth error codes that mean the request failed (not "keep polling").
fn is_failure_oauth_error(code: &str) -> bool {
    !matches!(code, "authorization_pending" | "slow_down")
}

/// Whether a URL path names a sign-in page.
pub fn looks_like_login_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let path = lower.split(['?', '#']).next().unwrap_or(&lower);
    [
        "login",
        "signin",
        "sign-in",
        "sign_in",
        "logon",
        "/sso",
        "/saml",
        "/oauth2/authorize",
        "/oauth/authorize",
        "/authorize",
        "/auth/realms/",
        "/cas/",
        "accounts.google.com",
        "/adfs/",
    ]
    .iter()
    .any(|w| path.contains(w))
}

/// The whole capture, for rules that compare entries.
pub struct FileCx<'h, 'a> {
    /// The capture.
    pub har: &'h Har<'a>,
    /// One context per readable entry, in file order.
    pub entries: &'h [EntryCx<'h, 'a>],
    /// Analysis options.
    pub opts: &'h Options,
    /// Whether the file is a sanitized export.
    pub sanitized: bool,
    /// Entries that already have an error or warning finding (for the fallback rule).
    pub explained: &'h HashSet<usize>,
    /// Cookie facts, computed on first use (see [`FileCx::cookies`]).
    pub cookie_cache: &'h OnceCell<super::cookies::CookieFacts>,
}

impl FileCx<'_, '_> {
    /// The capture's cookies replayed through a cookie store: what was refused,
    /// and which cookie each failing request lacked (computed once).
    pub fn cookies(&self) -> &super::cookies::CookieFacts {
        self.cookie_cache
            .get_or_init(|| super::cookies::analyze(self))
    }
}
