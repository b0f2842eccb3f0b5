//! Cross-origin requests: the page's origin, preflights, and what CORS refused.

use crate::http::cors::{self, Allowances, Denial};

use super::EntryCx;

/// What a preflight's answer allowed.
pub fn allowances<'c>(cx: &'c EntryCx<'_, '_>) -> Allowances<'c> {
    let h = |n: &str| cx.entry.response_header(n).map(|(_, v)| v.trim());
    Allowances {
        origin: h("access-control-allow-origin"),
        credentials: h("access-control-allow-credentials"),
        methods: h("access-control-allow-methods"),
        headers: h("access-control-allow-headers"),
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

impl<'h, 'a> EntryCx<'h, 'a> {
    /// The origin of the page that sent this request: its `Origin` header, else the
    /// origin of its `Referer` or of the script that started it (`_initiator.url`).
    /// A request blocked by CORS has no `Origin` in Chrome's record (the page set
    /// only provisional headers; the network stack adds `Origin` later), so the
    /// fallbacks matter exactly where CORS is in question.
    pub fn page_origin(&self) -> Option<String> {
        if let Some((_, o)) = self.entry.request_header("origin") {
            let o = o.trim();
            return (o != "null").then(|| o.to_owned());
        }
        let from_url = |u: &str| crate::http::site::origin(u);
        self.entry
            .request_header("referer")
            .and_then(|(_, r)| from_url(r))
            .or_else(|| self.entry.initiator.url.as_deref().and_then(from_url))
    }

    /// The page origin of a cross-origin request (see [`EntryCx::page_origin`]),
    /// when it differs from the request URL's origin.
    pub fn cross_origin(&self) -> Option<String> {
        let url = self.entry.request.url.as_ref();
        // Fast paths, no allocation: the URL starts with the Origin header itself; or, for a
        // same-origin request without `Origin` (most of a busy page's), the Referer is on the
        // URL's own scheme and authority, as written.
        match self.entry.request_header("origin") {
            Some((_, origin)) => {
                if let Some(rest) = url.strip_prefix(origin.trim()) {
                    if rest.is_empty() || rest.starts_with(['/', '?', '#']) {
                        return None;
                    }
                }
            }
            None => {
                if let Some((_, referer)) = self.entry.request_header("referer") {
                    use crate::http::site::authority_of;
                    if crate::text::contains(url, "://")
                        && crate::text::contains(referer, "://")
                        && authority_of(referer) == authority_of(url)
                    {
                        return None;
                    }
                }
            }
        }
        let origin = self.page_origin()?;
        let target = origin_of(url);
        (!origin.eq_ignore_ascii_case(&target)).then_some(origin)
    }

    /// For a preflight whose request appears nowhere in the capture (some HAR
    /// builders drop a request the browser blocked, and Firefox's extension API never
    /// delivers it): the check its answer fails, and whether only a request sent with
    /// credentials (cookies) fails it. The request not being there is itself the
    /// evidence that the browser stopped it; the answer says why.
    pub fn orphan_preflight_denial(&self) -> Option<(Denial, bool)> {
        if !self.orphan_preflight || !self.is_preflight() {
            return None;
        }
        let status = self.status()?;
        let (_, origin) = self.entry.request_header("origin")?;
        let method = self
            .entry
            .request_header("access-control-request-method")
            .map_or("GET", |(_, m)| m.trim());
        let announced = self.announced_headers();
        let pairs: Vec<(&str, &str)> = announced.iter().map(|n| (n.as_str(), "")).collect();
        let allow = allowances(self);
        match cors::check_preflight(origin.trim(), method, &pairs, false, status, &allow) {
            // Failed whatever the request carried: an authentication failure only where it
            // carried credentials, an announced credential header or cookies in sight for its
            // host (a 503 to an ad server's anonymous POST is none).
            Err(d) => {
                let announces_credential = announced
                    .iter()
                    .any(|n| crate::diff::credential_header_name(n));
                (announces_credential || self.cookies_possible).then_some((d, false))
            }
            Ok(()) => cors::check_preflight(origin.trim(), method, &pairs, true, status, &allow)
                .err()
                .map(|d| (d, true)),
        }
    }

    /// Whether a preflight's 400 or 403 (without a challenge) is the server's own CORS handling
    /// refusing it, not an authentication check on OPTIONS. Starlette answers a preflight that
    /// fails its checks 400 ("Disallowed CORS headers", which FastAPI sends; the lab's
    /// fastapi-cors-disallowed) with allowances that refuse what it asked for
    /// ([`EntryCx::allowances_refuse`]); Spring answers 403 ("Invalid CORS request") with no
    /// allowances and a `Vary` that names `Access-Control-Request-Method`. A 403 with allowances
    /// alone may be an authentication check's, which a CORS layer that adds them to every
    /// answer dressed (Flask-CORS): it needs that `Vary` too. Browsers record no preflight's
    /// body: the words are not in the capture, the headers are.
    pub fn cors_layer_refused(&self) -> bool {
        if !self.challenges().is_empty() {
            return false;
        }
        let vary = || {
            self.entry.response_header_values("vary").any(|(_, v)| {
                v.to_ascii_lowercase()
                    .contains("access-control-request-method")
            })
        };
        match self.status() {
            Some(400) => self.allowances_refuse().is_some() || vary(),
            Some(403) => vary() && (!self.wrote_allowances() || self.allowances_refuse().is_some()),
            _ => false,
        }
    }

    /// Whether an answer lists the methods or headers it allows: a CORS layer wrote it.
    pub fn wrote_allowances(&self) -> bool {
        let allow = allowances(self);
        allow.methods.is_some() || allow.headers.is_some()
    }

    /// What a preflight's written allowances refuse of what it asked for, compared as CORS
    /// layers compare them, literally (Starlette and Spring list the methods they allow, GET
    /// alone by default in Starlette, and refuse a POST they do not list, which Fetch itself
    /// would let through): the origin, then the method, then each announced header, as
    /// Starlette checks them. `None` where it wrote none, or they grant all.
    pub fn allowances_refuse(&self) -> Option<Denial> {
        if !self.wrote_allowances() {
            return None;
        }
        let allow = allowances(self);
        let (_, origin) = self.entry.request_header("origin")?;
        match allow.origin {
            None => return Some(Denial::NoAllowOrigin),
            Some(o) if o != "*" && o != origin.trim() => {
                return Some(Denial::OtherOrigin(o.to_owned()))
            }
            Some(_) => {}
        }
        // The lists as the Fetch checks read them (one that does not parse allows nothing).
        let listed = |list: Option<&str>, item: &str, exact: bool| {
            let items = cors::header_list(list.unwrap_or("")).unwrap_or_default();
            items.into_iter().any(|l| {
                l == "*" && !item.eq_ignore_ascii_case("authorization")
                    || (if exact {
                        l == item
                    } else {
                        l.eq_ignore_ascii_case(item)
                    })
            })
        };
        if let Some((_, method)) = self.entry.request_header("access-control-request-method") {
            let method = method.trim();
            if allow.methods.is_some() && !listed(allow.methods, method, true) {
                return Some(Denial::MethodNotAllowed(method.to_owned()));
            }
        }
        (self.announced_headers().into_iter())
            .find(|h| !listed(allow.headers, h, false))
            .map(Denial::HeaderNotAllowed)
    }

    /// A short body of a refused preflight that names CORS, as the server wrote it, where the
    /// tool kept it (browsers do not).
    pub fn cors_refusal_words(&self) -> Option<String> {
        let body = self.body().filter(|b| b.len() <= 512)?;
        let words = self
            .body_message()
            .unwrap_or_else(|| body.trim().to_owned());
        if !words.to_ascii_lowercase().contains("cors") {
            return None;
        }
        self.scrubbed(&words)
    }

    /// The header names a preflight announces in `Access-Control-Request-Headers`,
    /// lower-cased, in order.
    pub fn announced_headers(&self) -> Vec<String> {
        self.entry
            .request_header("access-control-request-headers")
            .map_or("", |(_, v)| v)
            .split(',')
            .map(|n| n.trim().to_ascii_lowercase())
            .filter(|n| !n.is_empty())
            .collect()
    }

    /// Whether this is a top-level navigation (a document load), to which CORS
    /// does not apply: Chrome's `_resourceType`, `Sec-Fetch-Mode: navigate`, or,
    /// where neither is recorded (Firefox), `Upgrade-Insecure-Requests`.
    pub fn is_navigation(&self) -> bool {
        let e = self.entry;
        e.resource_type_is("document")
            || e.request_header("sec-fetch-mode")
                .is_some_and(|(_, m)| m.trim() == "navigate")
            || (e.resource_type.is_none()
                && e.request_header("upgrade-insecure-requests").is_some())
    }

    /// Whether the browser sent this request in CORS mode (`fetch()`, XHR, a module script,
    /// a font), the only requests CORS can block or hide the answer of. Real captures showed
    /// what is not: an `<img>`, a classic `<script>` or a stylesheet goes in no-cors mode,
    /// cookies and all (Fiddler's export of IE 9 loading a CDN's images); so does a beacon,
    /// a `POST` that carries `Origin` and whose answer nobody reads (a Yahoo page's analytics,
    /// recorded by chrome-har); and a WebSocket handshake, answered 101, is not subject to CORS
    /// at all (mitmproxy's recording). Each of these read as "blocked by CORS" when any
    /// credentialed cross-origin answer without `Access-Control-Allow-Origin` did.
    ///
    /// `Sec-Fetch-Mode` says it outright (sent to HTTPS and localhost, not by older Safari).
    /// Without it: Chrome's `_resourceType` `fetch` or `xhr` (its record of a blocked request has
    /// no `Origin`: only provisional headers); a method, header or body type no no-cors request
    /// may carry (`PUT`, `X-Requested-With`, `Authorization`, an API key, a JSON body); or
    /// `Origin` on a `GET` or `HEAD` (which carry it in CORS mode only). Anything else is not
    /// taken for one: the capture cannot tell.
    pub fn is_cors_mode(&self) -> bool {
        let e = self.entry;
        if let Some((_, mode)) = e.request_header("sec-fetch-mode") {
            return mode.trim().eq_ignore_ascii_case("cors");
        }
        if ["websocket", "ping", "cspviolationreport"]
            .iter()
            .any(|t| e.resource_type_is(t))
            || self.status() == Some(101)
        {
            return false;
        }
        // A method or a header no-cors mode does not allow. `X-Requested-With` only as a
        // library sets it (Android's WebView adds its package name to every request), and
        // `Authorization` only with a scheme script sets (a browser adds Negotiate or NTLM to an
        // intranet's images by itself).
        let method = e.request.method.trim();
        let set_by_script = |(_, v): (usize, &str)| {
            let scheme = v.trim_start().split(' ').next().unwrap_or("");
            !crate::knowledge::INTEGRATED_AUTH_SCHEMES
                .iter()
                .any(|s| scheme.eq_ignore_ascii_case(s))
        };
        // Chrome's `fetch` is any `fetch()`, `mode: "no-cors"` too (a ping whose answer nobody
        // reads). A cross-origin `GET` in CORS mode always carries `Origin`, and a request that
        // was answered is recorded with every header it sent: answered without `Origin`, it went
        // in no-cors mode (the lab's recordings in Chrome, Playwright and chrome-har). A request
        // the browser stopped is recorded with the headers script set only, `Origin` never.
        let is_get = method.eq_ignore_ascii_case("GET") || method.eq_ignore_ascii_case("HEAD");
        let no_cors_fetch =
            is_get && self.status().is_some() && e.request_header("origin").is_none();
        if (e.resource_type_is("fetch") || e.resource_type_is("xhr")) && !no_cors_fetch
            || !cors::is_safelisted_method(&method.to_ascii_uppercase())
            || e.request_header("x-requested-with")
                .is_some_and(|(_, v)| v.trim().eq_ignore_ascii_case("XMLHttpRequest"))
            || self.authorization().is_some_and(set_by_script)
            || e.request
                .headers
                .iter()
                .any(|h| crate::knowledge::is_api_key_name(&h.name))
        {
            return true;
        }
        let body_type = e.request.post_data.as_ref().map_or("", |p| &p.mime_type);
        if !body_type.is_empty() && !cors::is_safelisted_header("content-type", body_type) {
            return true;
        }
        is_get && e.request_header("origin").is_some()
    }

    /// Whether the capture itself shows the request went in CORS mode: `Sec-Fetch-Mode: cors`,
    /// or `Origin` on a `GET` or `HEAD` (no-cors requests of those methods never carry it).
    /// [`Self::is_cors_mode`] also infers it from a method, a header or Chrome's resource type;
    /// this is only what the request says outright.
    pub fn says_cors_mode(&self) -> bool {
        let e = self.entry;
        if let Some((_, mode)) = e.request_header("sec-fetch-mode") {
            return mode.trim().eq_ignore_ascii_case("cors");
        }
        let method = e.request.method.trim();
        (method.eq_ignore_ascii_case("GET") || method.eq_ignore_ascii_case("HEAD"))
            && e.request_header("origin").is_some()
    }

    /// Whether this is Chrome's record of a request that failed without an answer it could
    /// show: no answer, and `net::ERR_FAILED` (`_error`, Playwright's `_failureText`). A request
    /// stopped before sending (a failed preflight), and in Playwright an answer CORS hid too.
    /// Chrome keeps only the headers script set in such a record (its "provisional headers":
    /// no `Cookie`, no `Origin`, no `Host`), so whether the request carried cookies cannot be
    /// seen in it (the lab's recordings of a blocked `DELETE` with a session cookie, in
    /// Chrome's panel and in Playwright).
    pub fn stopped_before_sending(&self) -> bool {
        self.status().is_none() && self.failed_by_browser()
    }

    /// Whether this is a record with no answer and no word why: status 0, not one header of an
    /// answer, no network error. Firefox writes that for a request it never sent (stopped by a
    /// failed preflight), one it cancelled, and one the server's connection dropped, alike (the
    /// lab's cors-star-credentials and https-cookie-too-large); it records an answer CORS hid
    /// with its status and headers. Not Playwright's status -1, which it also writes for an
    /// answer CORS hid. What explains such a record is at most `possible`: the record itself
    /// cannot tell those apart.
    pub(crate) fn silent_no_answer(&self) -> bool {
        self.entry.raw_status() == Some(0.0)
            && self.network_error().is_empty()
            && self
                .entry
                .response
                .as_ref()
                .is_none_or(|r| r.headers.is_empty())
    }

    /// The network error the exporter wrote (Chrome's `_error`, Playwright's `_failureText`),
    /// or `""`.
    pub(crate) fn network_error(&self) -> &str {
        self.entry
            .response
            .as_ref()
            .and_then(|r| r.error.as_deref())
            .unwrap_or("")
    }

    /// Whether Chromium recorded `net::ERR_FAILED`: the browser itself failed the request
    /// (CORS, with or without an answer beside it).
    fn failed_by_browser(&self) -> bool {
        self.network_error().contains("ERR_FAILED")
    }

    /// Why the browser blocked (or hid the answer of) this credentialed
    /// cross-origin request, when the capture shows it. Requests without
    /// credentials are not authentication failures, whatever CORS did to them.
    pub fn cors_problem(&self) -> Option<CorsProblem> {
        if self.is_navigation() {
            return None;
        }
        let sends_cookies = self.entry.sends_cookies();
        // Credentials the record shows, or a record that cannot show them, to a host the
        // capture shows cookies for.
        let credentials = self.authorization().is_some()
            || sends_cookies
            || (self.cookies_possible && self.stopped_before_sending());
        if !credentials || !self.is_cors_mode() {
            return None;
        }
        // Only a request never answered, or an answer to one that sent cookies, can be one the
        // browser blocked: the origins (the costly part, asked of every entry) only then.
        let status = self.status();
        if status.is_some_and(|s| !sends_cookies || s >= 400) {
            return None;
        }
        if status.is_none() {
            self.cross_origin()?;
            // No response: Chrome records `_error: net::ERR_FAILED` for a request
            // stopped by CORS (a failed preflight, or a hidden answer), Playwright
            // `_failureText`; Firefox writes status 0 with no error text and no
            // response headers.
            let err = self.network_error();
            let silent = err.is_empty()
                && self
                    .entry
                    .response
                    .as_ref()
                    .is_none_or(|r| r.headers.count == 0);
            return (self.failed_by_browser()
                || err.to_ascii_lowercase().contains("cors")
                || silent)
                .then_some(CorsProblem::Blocked);
        }
        // An answer the browser hides from a request that sent cookies. Not a 304: the check
        // runs on the stored answer it revalidates, whose headers it does not show. Not from a
        // browser extension's page either: its host permissions stand in for CORS.
        let from_extension = self.entry.request_header("origin").is_some_and(|(_, o)| {
            let o = o.trim();
            !(o.starts_with("http://") || o.starts_with("https://") || o == "null")
        });
        if status == Some(304) || from_extension {
            return None;
        }
        // Chromium records an answer it hid with `net::ERR_FAILED` beside it (Chrome's panel),
        // as status -1 (Playwright), or not at all (chrome-har): one it recorded without that
        // error reached the page (a `mode: "no-cors"` POST, whose answer nobody reads). Asked
        // before the origins: a browser's record of an answered request with cookies (most of
        // a busy page's) ends here.
        if self.entry.resource_type.is_some() && !self.failed_by_browser() {
            return None;
        }
        let origin = self.cross_origin()?;
        let origin = origin.as_str();
        let acao = self
            .entry
            .response_header("access-control-allow-origin")
            .map(|(_, v)| v.trim());
        let acac = self
            .entry
            .response_header("access-control-allow-credentials")
            .map(|(_, v)| v.trim());
        match acao {
            None => Some(CorsProblem::NoAllowOrigin),
            Some("*") => Some(CorsProblem::WildcardWithCredentials),
            Some(o) if !o.eq_ignore_ascii_case(origin) => Some(CorsProblem::OtherOrigin),
            Some(_) if acac != Some("true") => Some(CorsProblem::NoAllowCredentials),
            Some(_) => None,
        }
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
}
