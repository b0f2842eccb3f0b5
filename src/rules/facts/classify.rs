//! Whether an entry is an authentication failure, and which kind.

use serde::Serialize;

use crate::knowledge::{looks_like_login_url, GRAPHQL_AUTH_ERRORS, SLACK_AUTH_ERRORS};

use super::oauth::is_failure_oauth_error;
use super::EntryCx;

/// The longest answer read for a GraphQL authentication error ([`EntryCx::graphql_auth_error`]):
/// a refusal is mostly its error, with `data` null or small (its size alone is checked).
const GRAPHQL_ERROR_LIMIT: usize = 16 * 1024;

/// Whether a JSON body's raw text (a JSON string holding the JSON, as a HAR writes it) opens with
/// the member `errors`, or with `"data": null` and then `errors`: `"{\"errors\"`, with blanks
/// written as they are or as `\n`, `\r`, `\t` (graphql-js writes `errors` first; a server that
/// writes `data` first and fills some of it is not read).
fn errors_first(raw: &str) -> bool {
    let Some(rest) = raw.strip_prefix('"').map(crate::text::skip_json_blanks) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix('{').map(crate::text::skip_json_blanks) else {
        return false;
    };
    if rest.starts_with(r#"\"errors\""#) {
        return true;
    }
    let data_null = (rest
        .strip_prefix(r#"\"data\""#)
        .map(crate::text::skip_json_blanks))
    .and_then(|r| r.strip_prefix(':').map(crate::text::skip_json_blanks))
    .and_then(|r| r.strip_prefix("null").map(crate::text::skip_json_blanks))
    .and_then(|r| r.strip_prefix(',').map(crate::text::skip_json_blanks));
    data_null.is_some_and(|r| r.starts_with(r#"\"errors\""#))
}

/// Why an entry counts as an authentication failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FailureKind {
    /// 401 Unauthorized; a 400 with a challenge or an identity provider's authentication error.
    Unauthorized,
    /// 407 Proxy Authentication Required, or Chromium's `net::ERR_UNEXPECTED_PROXY_AUTH` (a
    /// 407 it refused from a server it does not use as a proxy).
    ProxyAuthRequired,
    /// 403 with an authentication challenge, `insufficient_scope`, or an auth rate limit; a
    /// CSRF check's refusal (403, or Flask-WTF's 400, Laravel's 419, Rails' 422).
    Forbidden,
    /// An OAuth token endpoint answered with an error (whatever the status).
    TokenError,
    /// An API call was answered with (a redirect to) a login page.
    LoginPage,
    /// 431, or 400 "Request Header Or Cookie Too Large", or no answer to a request whose
    /// headers are beyond common servers' limits.
    HeaderTooLarge,
    /// 429 on a request that carried credentials or went to a token endpoint.
    RateLimited,
    /// A CORS preflight (`OPTIONS`) answered 401 or 403.
    PreflightRejected,
    /// A credentialed cross-origin request the browser blocked or whose answer
    /// it hid from the page (CORS).
    CorsBlocked,
    /// An OAuth authorization request answered with an error page instead of a
    /// redirect back with a code (unregistered `redirect_uri`, unknown client…).
    AuthorizeError,
    /// A sign-in's callback (the provider's answer, a `code` or an `id_token` with its
    /// `state`, brought back to the app's `redirect_uri`) answered with an error: the app did
    /// not complete the sign-in.
    CallbackError,
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
            FailureKind::AuthorizeError => "authorize-error",
            FailureKind::CallbackError => "callback-error",
        }
    }

    /// The catalog key of the kind's words for an answer with this status: a 400 that refuses
    /// a malformed `Authorization` or an identity provider's 400 for a wrong password reads
    /// "credentials refused", not 401's name (the JSON's `kind` stays `unauthorized`). Slack's
    /// 200 keeps "unauthorized": its `not_authed` means no credentials were sent at all.
    pub fn word_key_at(self, status: Option<u16>) -> &'static str {
        match self {
            FailureKind::Unauthorized if status == Some(400) => "kind_credentials-refused",
            // Only a CSRF check's refusal is a `Forbidden` answered 400, 419 or 422 (Flask-WTF,
            // Laravel, Rails): "forbidden" beside a 400 misreads it.
            FailureKind::Forbidden if matches!(status, Some(400 | 419 | 422)) => {
                "kind_request-refused"
            }
            _ => self.word_key(),
        }
    }

    /// The catalog key of the kind's words (`kind_unauthorized`).
    pub fn word_key(self) -> &'static str {
        match self {
            FailureKind::Unauthorized => "kind_unauthorized",
            FailureKind::ProxyAuthRequired => "kind_proxy-auth-required",
            FailureKind::Forbidden => "kind_forbidden",
            FailureKind::TokenError => "kind_token-error",
            FailureKind::LoginPage => "kind_login-page",
            FailureKind::HeaderTooLarge => "kind_header-too-large",
            FailureKind::RateLimited => "kind_rate-limited",
            FailureKind::PreflightRejected => "kind_preflight-rejected",
            FailureKind::CorsBlocked => "kind_cors-blocked",
            FailureKind::AuthorizeError => "kind_authorize-error",
            FailureKind::CallbackError => "kind_callback-error",
        }
    }
}

/// The header line (name, `: `, value) and header block sizes past which common servers refuse
/// a request: nginx's and Apache's 8 KB a line, Node.js' and IIS' 16 KB in all.
const HEADER_LINE_LIMIT: usize = 8 * 1024;
const HEADER_BLOCK_LIMIT: usize = 16 * 1024;

/// The network errors of a connection the server closed without an answer (Chromium's `net::`
/// names, Firefox's `NS_ERROR_` ones).
const CONNECTION_DROPPED: &[&str] = &[
    "CONNECTION_CLOSED",
    "CONNECTION_RESET",
    "EMPTY_RESPONSE",
    "HTTP2_PROTOCOL_ERROR",
    "HTTP2_COMPRESSION_ERROR",
    "NET_RESET",
    "NET_INTERRUPT",
];

impl<'h, 'a> EntryCx<'h, 'a> {
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

    /// Why this entry is an authentication failure, if it is one.
    pub fn failure(&self) -> Option<FailureKind> {
        *self.failure.get_or_init(|| self.classify())
    }

    fn classify(&self) -> Option<FailureKind> {
        let status = self.status();
        let e = self.entry;
        if self.is_preflight() {
            // A 403 the CORS layer wrote refused no credential (Spring's "Invalid CORS
            // request"): the blocked request says why (`cors-blocked`), or, where the capture
            // lacks it, the preflight does, as below.
            if matches!(status, Some(401 | 403)) && !self.cors_layer_refused() {
                return Some(FailureKind::PreflightRejected);
            }
            return self
                .orphan_preflight_denial()
                .map(|_| FailureKind::CorsBlocked);
        }
        if self.entry.chrome_cors_error().is_some() || self.cors_problem().is_some() {
            return Some(FailureKind::CorsBlocked);
        }
        // A token endpoint's error says more than its status (GitHub answers 200).
        if self.is_token_request() && self.oauth_error().is_some_and(is_failure_oauth_error) {
            return Some(FailureKind::TokenError);
        }
        // Chromium refuses a 407 from a server it does not use as a proxy, and records only
        // its error (the lab's gateway-passes-407; Firefox records the 407).
        if status.is_none() && self.network_error().contains("UNEXPECTED_PROXY_AUTH") {
            return Some(FailureKind::ProxyAuthRequired);
        }
        if status.is_none() && self.too_large_to_be_answered() {
            return Some(FailureKind::HeaderTooLarge);
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
            // A 400 that carries an identity provider's own authentication error
            // (Firebase answers a wrong password with 400 INVALID_LOGIN_CREDENTIALS).
            Some(400) if self.vendor_auth_error() => return Some(FailureKind::Unauthorized),
            // A 400 with a challenge: RFC 6750 §3.1 answers a malformed request
            // (`error="invalid_request"`: a token sent as `JWT …`, two tokens) with 400, not
            // 401 (the lab's jose API, as express-oauth2-jwt-bearer does).
            Some(400) if e.response_header("www-authenticate").is_some() => {
                return Some(FailureKind::Unauthorized)
            }
            // A CSRF check's refusal in the framework's words: Flask-WTF answers 400, Laravel
            // 419, Rails 422 (Django's 403 names CSRF, which `body_mentions_auth` reads).
            Some(400 | 419 | 422) if self.csrf_said().is_some() => {
                return Some(FailureKind::Forbidden)
            }
            _ => {}
        }
        // The app's own answer to the provider's redirect back: a 4xx or 5xx there is a sign-in
        // that did not complete, whatever the app says (express-openid-connect's 400 for a lost
        // transaction cookie, Passport's 403, ASP.NET Core's 500).
        if status.is_some_and(|s| s >= 400) && self.is_signin_callback() {
            return Some(FailureKind::CallbackError);
        }
        if status == Some(200) && self.is_slack_style_auth_error() {
            return Some(FailureKind::Unauthorized);
        }
        if matches!(status, Some(200 | 500)) && self.graphql_auth_error().is_some() {
            return Some(FailureKind::Unauthorized);
        }
        if self.oauth_error_redirect().is_some() {
            return Some(FailureKind::AuthorizeError);
        }
        if self.authorize_error().is_some() || self.signin_page_error().is_some() {
            return Some(FailureKind::AuthorizeError);
        }
        if self.is_login_redirect().is_some() || self.is_login_page() {
            return Some(FailureKind::LoginPage);
        }
        None
    }

    /// Whether no answer came back to a request whose header block is beyond common servers'
    /// limits: a line over 8 KB (nginx's and Apache's default) or 16 KB in all (Node.js', IIS').
    /// Some servers close the connection instead of answering 431 or 400: the lab's nginx over
    /// HTTP/2 does, and Chrome records `net::ERR_CONNECTION_CLOSED`, Firefox a status 0 with no
    /// error. A request Chromium stopped itself (CORS's `ERR_FAILED`, a cancelled one's
    /// `ERR_ABORTED`, a refused connection) does not count; Firefox writes no error for those
    /// either, so its status 0 counts, and `header-too-large` says less of it.
    pub fn too_large_to_be_answered(&self) -> bool {
        let headers = &self.entry.request.headers;
        let line =
            (headers.largest.as_ref()).map_or(0, |(_, len, name)| name.len() + 2 + *len as usize);
        let large = headers.bytes as usize > HEADER_BLOCK_LIMIT || line > HEADER_LINE_LIMIT;
        large && (self.network_error().is_empty() || self.connection_dropped())
    }

    /// Whether the exporter's network error says the server closed the connection without an
    /// answer (Chromium's `net::ERR_CONNECTION_CLOSED`, …; Firefox writes none).
    pub fn connection_dropped(&self) -> bool {
        let error = self.network_error();
        CONNECTION_DROPPED.iter().any(|e| error.contains(e))
    }

    /// Whether the body carries an error of a vendor table (`src/vendors/`).
    fn vendor_auth_error(&self) -> bool {
        let seen = crate::vendors::Seen {
            body: self.body(),
            json: self.body_json(),
            oauth_errors: self.oauth_error().into_iter().collect(),
            location: None,
        };
        crate::vendors::all().any(|v| v.signal.matches(&seen))
    }

    /// The code of a GraphQL error in the answer that says the request was not authenticated
    /// ([`GRAPHQL_AUTH_ERRORS`]): GraphQL servers put it in the body's `errors`, with 200 (Apollo
    /// Server's answer to a resolver's `UNAUTHENTICATED`, recorded in the lab) or 500.
    pub fn graphql_auth_error(&self) -> Option<&'static str> {
        // This runs for every 200: only an answer that opens with its `errors` is read
        // ([`errors_first`]), as graphql-js writes its results (`{"errors": […], "data": …}`) and
        // the servers built on it with it (Apollo's, recorded in the lab), of at most
        // [`GRAPHQL_ERROR_LIMIT`] bytes; the raw text is not searched.
        let raw = (self.entry.response.as_ref())
            .and_then(|r| r.content.text.as_ref())
            .map_or("", |t| t.get());
        if raw.len() > GRAPHQL_ERROR_LIMIT || !errors_first(raw) {
            return None;
        }
        let errors = self.body_json()?.get("errors")?.as_array()?;
        errors
            .iter()
            .filter_map(|e| e.get("extensions")?.get("code")?.as_str())
            .find_map(|code| GRAPHQL_AUTH_ERRORS.iter().copied().find(|c| *c == code))
    }

    /// Slack-style APIs answer 200 with `{"ok": false, "error": "invalid_auth"}`.
    fn is_slack_style_auth_error(&self) -> bool {
        // Cheap look at the raw text first: this runs for every 200 response, and
        // these error bodies are tiny, so large bodies are not even scanned.
        let raw = self
            .entry
            .response
            .as_ref()
            .and_then(|r| r.content.text.as_ref())
            .map_or("", |t| t.get());
        // The key `ok` as the raw text writes it (`ok\":`), found by its `k`. A searcher for the
        // whole key (memchr's `memmem`, made once) looks first for a byte of it that is rare in
        // most texts, and `\` and `"` are all over the raw text of a JSON answer: in the
        // profile of Chromium's `analyze` that search was a twentieth of each entry's rules.
        // The `o` of a search by the first letter is common; few bytes of an answer are a `k`.
        let raw = raw.as_bytes();
        let names_ok = || {
            memchr::memchr_iter(b'k', raw)
                .any(|at| at > 0 && raw[at - 1] == b'o' && raw[at + 1..].starts_with(b"\\\":"))
        };
        if raw.len() > 4096 || !raw.starts_with(b"\"{") || !names_ok() {
            return false;
        }
        let Some(v) = self.body_json() else {
            return false;
        };
        v.get("ok") == Some(&serde_json::Value::Bool(false))
            && v.get("error")
                .and_then(|e| e.as_str())
                .is_some_and(|e| SLACK_AUTH_ERRORS.contains(&e))
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

    /// The error a sign-in page shows inside an HTTP 200 page: Microsoft Entra ID's
    /// `$Config={…"strServiceExceptionMessage":"AADSTS50126: …"}` (its login pages report
    /// wrong passwords, consent and policy errors this way, never with a 4xx).
    pub fn signin_page_error(&self) -> Option<String> {
        if self.status() != Some(200) {
            return None;
        }
        // This runs for every answered request: only HTML whose raw text names the
        // configuration is decoded (Entra's pages are never base64 in a HAR).
        let content = &self.entry.response.as_ref()?.content;
        if !crate::text::contains(&content.mime_type, "html")
            || !content
                .text
                .as_ref()
                .is_some_and(|t| crate::text::contains(t.get(), "strServiceExceptionMessage"))
        {
            return None;
        }
        let body = self.body()?;
        let config = &body[body.find("$Config=")?..]; // boundary: find returns a char boundary
        const KEY: &str = "\"strServiceExceptionMessage\":";
        let at = config.find(KEY)? + KEY.len();
        let rest = config[at..].trim_start(); // boundary: after an ASCII key
        let mut de = serde_json::Deserializer::from_str(rest);
        let message = <String as serde::Deserialize>::deserialize(&mut de).ok()?;
        (message.contains("AADSTS")).then_some(message)
    }

    /// Whether an API call got an HTML login page back.
    pub fn is_login_page(&self) -> bool {
        let Some(r) = &self.entry.response else {
            return false;
        };
        if self.status() != Some(200)
            || !self.is_api_call()
            || !crate::text::contains(&r.content.mime_type, "html")
        {
            return false;
        }
        self.body().is_some_and(|b| {
            let lower = b.to_lowercase();
            let password = lower.contains("type=\"password\"")
                || lower.contains("type='password'")
                || lower.contains("type=password");
            // A password field alone is not a login page: a script may fetch a settings
            // fragment with one after a successful login. It is one when the answer is a
            // whole page that calls itself a sign-in page, or a form that signs in. A
            // request for a sign-in URL is the landing of a followed redirect, and the
            // redirect (`is_login_redirect`) already is the failure.
            if looks_like_login_url(&self.entry.request.url) {
                return false;
            }
            let sign_in_page = lower.contains("<html")
                && [
                    "sign in",
                    "log in",
                    "login",
                    "signin",
                    "sign-in",
                    "ログイン",
                    "サインイン",
                ]
                .iter()
                .any(|w| lower.contains(w));
            // `<form action="/login">`: the form itself signs in.
            let sign_in_form = lower.split("action=").skip(1).any(|rest| {
                let value: String = rest
                    .trim_start_matches(['"', '\''])
                    .chars()
                    .take_while(|c| !matches!(c, '"' | '\'' | ' ' | '>'))
                    .collect();
                looks_like_login_url(&value)
            });
            password && (sign_in_page || sign_in_form)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::facts::TokenCache;
    use crate::Options;

    /// One entry: `request` and `response` are JSON object members.
    fn kind(request: &str, response: &str) -> Option<FailureKind> {
        let text = format!(
            r#"{{"log":{{"entries":[{{"startedDateTime":"2024-05-01T10:00:00Z","request":{{{request}}},"response":{{{response}}}}}]}}}}"#
        );
        let read = crate::har::parse(&text);
        let opts = Options::default();
        let tokens = TokenCache::default();
        let cx = EntryCx::new(&read.har.entries[0], &opts, false, &tokens);
        cx.failure()
    }

    const GET: &str = r#""method":"GET","url":"https://api.test/me","headers":[{"name":"Authorization","value":"Bearer abc"}]"#;

    #[test]
    fn classification_table() {
        use FailureKind::*;
        let json = |body: &str| {
            format!(
                r#""content":{{"mimeType":"application/json","text":{}}}"#,
                serde_json::to_string(body).unwrap()
            )
        };
        let table: &[(&str, String, Option<FailureKind>)] = &[
            ("401", r#""status":401,"headers":[]"#.into(), Some(Unauthorized)),
            ("407", r#""status":407,"headers":[]"#.into(), Some(ProxyAuthRequired)),
            ("431", r#""status":431,"headers":[]"#.into(), Some(HeaderTooLarge)),
            ("400 too large", r#""status":400,"statusText":"Request Header Or Cookie Too Large","headers":[]"#.into(), Some(HeaderTooLarge)),
            ("403 with a challenge", r#""status":403,"headers":[{"name":"WWW-Authenticate","value":"Bearer error=\"insufficient_scope\""}]"#.into(), Some(Forbidden)),
            ("403 that talks about tokens", format!(r#""status":403,"headers":[],{}"#, json(r#"{"message":"invalid token"}"#)), Some(Forbidden)),
            ("403 for a permission", format!(r#""status":403,"headers":[],{}"#, json(r#"{"message":"you cannot delete this"}"#)), None),
            ("429 with credentials", r#""status":429,"headers":[]"#.into(), Some(RateLimited)),
            ("200 Slack-style", format!(r#""status":200,"headers":[],{}"#, json(r#"{"ok":false,"error":"invalid_auth"}"#)), Some(Unauthorized)),
            ("200 GraphQL UNAUTHENTICATED (Apollo)", format!(r#""status":200,"headers":[],{}"#, json(r#"{"errors":[{"message":"User is not authenticated","path":["orders"],"extensions":{"code":"UNAUTHENTICATED"}}],"data":{"orders":null}}"#)), Some(Unauthorized)),
            ("500 GraphQL from the context", format!(r#""status":500,"headers":[],{}"#, json(r#"{"errors":[{"message":"Context creation failed: jwt expired","extensions":{"code":"UNAUTHENTICATED"}}]}"#)), Some(Unauthorized)),
            ("200 GraphQL invalid-jwt (Hasura), indented", format!(r#""status":200,"headers":[],{}"#, json("{\n  \"errors\": [{\"extensions\": {\"path\": \"$\", \"code\": \"invalid-jwt\"}, \"message\": \"Could not verify JWT: JWTExpired\"}]}")), Some(Unauthorized)),
            ("200 GraphQL, data null first, blanks before", format!(r#""status":200,"headers":[],{}"#, json("\n{ \"data\" : null,\n \"errors\":[{\"extensions\":{\"code\":\"UNAUTHENTICATED\"}}]}")), Some(Unauthorized)),
            ("200 GraphQL, data first and filled", format!(r#""status":200,"headers":[],{}"#, json(r#"{"data":{"orders":[]},"errors":[{"extensions":{"code":"UNAUTHENTICATED"}}]}"#)), None),
            ("200 GraphQL, another error", format!(r#""status":200,"headers":[],{}"#, json(r#"{"errors":[{"message":"Orders not found","extensions":{"code":"BAD_USER_INPUT"}}],"data":null}"#)), None),
            ("200 GraphQL data naming the code", format!(r#""status":200,"headers":[],{}"#, json(r#"{"data":{"codes":["UNAUTHENTICATED"]}}"#)), None),
            ("200 the code outside extensions", format!(r#""status":200,"headers":[],{}"#, json(r#"{"errors":[{"message":"UNAUTHENTICATED"}]}"#)), None),
            ("404 GraphQL UNAUTHENTICATED", format!(r#""status":404,"headers":[],{}"#, json(r#"{"errors":[{"extensions":{"code":"UNAUTHENTICATED"}}]}"#)), None),
            ("200", r#""status":200,"headers":[]"#.into(), None),
            ("404", r#""status":404,"headers":[]"#.into(), None),
            ("500", r#""status":500,"headers":[]"#.into(), None),
        ];
        for (name, response, want) in table {
            assert_eq!(kind(GET, response), *want, "{name}");
        }
    }

    #[test]
    fn token_endpoint_errors_win_over_the_status() {
        let post = r#""method":"POST","url":"https://github.com/login/oauth/access_token","headers":[],"postData":{"mimeType":"application/x-www-form-urlencoded","text":"code=x&client_id=y"}"#;
        let body = r#""content":{"mimeType":"application/json","text":"{\"error\":\"bad_verification_code\"}"}"#;
        assert_eq!(
            kind(post, &format!(r#""status":200,"headers":[],{body}"#)),
            Some(FailureKind::TokenError)
        );
        // The device flow's "keep polling" answers are not failures.
        let pending = r#""content":{"mimeType":"application/json","text":"{\"error\":\"authorization_pending\"}"}"#;
        let device = r#""method":"POST","url":"https://github.com/login/oauth/access_token","headers":[],"postData":{"mimeType":"application/x-www-form-urlencoded","text":"device_code=d&client_id=y&grant_type=urn:ietf:params:oauth:grant-type:device_code"}"#;
        assert_eq!(
            kind(device, &format!(r#""status":200,"headers":[],{pending}"#)),
            None
        );
    }

    #[test]
    fn preflights_fail_only_on_an_auth_status() {
        let options = r#""method":"OPTIONS","url":"https://api.test/me","headers":[{"name":"Access-Control-Request-Method","value":"GET"},{"name":"Origin","value":"https://app.test"}]"#;
        assert_eq!(
            kind(options, r#""status":401,"headers":[]"#),
            Some(FailureKind::PreflightRejected)
        );
        assert_eq!(kind(options, r#""status":204,"headers":[]"#), None);
    }

    #[test]
    fn unauthorized_names_only_a_401() {
        // A 400 with a challenge (RFC 6750's invalid_request, the lab's authorization-malformed)
        // is the same kind as a 401, but its label is not 401's name.
        let get = r#""method":"GET","url":"https://api.test/v1/orders","headers":[{"name":"Authorization","value":"Bearer Bearer x"}]"#;
        let challenge =
            r#""headers":[{"name":"WWW-Authenticate","value":"Bearer error=\"invalid_request\""}]"#;
        let k = kind(get, &format!(r#""status":400,{challenge}"#)).unwrap();
        assert_eq!(k, FailureKind::Unauthorized);
        assert_eq!(k.word_key_at(Some(400)), "kind_credentials-refused");
        assert_eq!(k.word_key_at(Some(200)), "kind_unauthorized");
        assert_eq!(k.word_key_at(Some(401)), "kind_unauthorized");
        assert_eq!(
            FailureKind::Forbidden.word_key_at(Some(403)),
            "kind_forbidden"
        );
    }
}
