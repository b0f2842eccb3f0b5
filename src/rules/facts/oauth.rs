//! OAuth: token endpoint errors, error redirects and scopes.

use std::collections::{HashMap, HashSet};

use super::EntryCx;

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

/// The percent-decoded value of the query parameter `name` of `url` (before any `#`).
pub fn query_param(url: &str, name: &str) -> Option<String> {
    // Rules ask every entry for names few URLs hold: one search for the name first, in the
    // query alone (the name's first letter is common in hosts and paths).
    let query = crate::http::site::query(url)?;
    if !crate::text::contains(query, name) {
        return None;
    }
    query.split('&').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k == name).then(|| crate::redact::percent_decode_lossy(v).into_owned())
    })
}

/// Where an authorization code reached the client: the first entry whose redirect
/// `Location` (query or fragment) or whose own URL carries `code`, with that URL, and
/// whether it was the redirect (the code was issued when that response arrived) or the
/// callback request itself.
pub fn code_delivery<'f, 'h, 'a>(
    fcx: &'f super::FileCx<'h, 'a>,
    code: &str,
) -> Option<(&'f EntryCx<'h, 'a>, &'f str, bool)> {
    // Every entry is read for the code it delivers once, when the first refused exchange
    // asks: a sign-in loop refused every exchange, and each one read the whole capture.
    let deliveries = fcx.shared.code_deliveries.get_or_init(|| {
        let mut first = HashMap::new();
        for (pos, e) in fcx.entries.iter().enumerate() {
            let location = e
                .entry
                .response_header("location")
                .map(|(_, l)| l.replacen('#', "?", 1));
            let by_redirect = location.as_deref().and_then(|l| query_param(l, "code"));
            let by_callback = query_param(&e.entry.request.url, "code")
                .filter(|c| by_redirect.as_ref() != Some(c));
            if let (Some(code), Some(l)) = (by_redirect, location) {
                first.entry(code).or_insert((pos, l, true));
            }
            if let Some(code) = by_callback {
                let url = e.entry.request.url.to_string();
                first.entry(code).or_insert((pos, url, false));
            }
        }
        first
    });
    let (pos, url, by_redirect) = deliveries.get(code)?;
    Some((&fcx.entries[*pos], url.as_str(), *by_redirect))
}

/// OAuth error codes that mean the request failed (not "keep polling").
pub(crate) fn is_failure_oauth_error(code: &str) -> bool {
    !matches!(code, "authorization_pending" | "slow_down")
}

/// A request whose whole purpose is to ask whether the visitor is signed in, sent by a
/// provider's script on every page view: Facebook's SDK (`FB.getLoginStatus`) asks
/// `/connect/ping`. Its "no" is how a signed-out visitor looks, not a failure: a real page
/// (The Verge, recorded by sitespeed.io) read as "the authorization server answered with an
/// error instead of a code (unknown_user)", certain.
pub(crate) fn is_login_status_probe(url: &str) -> bool {
    crate::http::site::without_query(url).ends_with("/connect/ping")
}

/// What a login-status probe answers for a visitor who is signed out (`login_required`), or
/// signed in without having let the app in (Facebook's `unknown_user`, `not_authorized`).
const LOGGED_OUT_CODES: &[&str] = &["login_required", "unknown_user", "not_authorized"];

impl<'h, 'a> EntryCx<'h, 'a> {
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
            return Some(crate::redact::percent_decode_lossy(&p.value).into_owned());
        }
        // Rules ask every entry for a name most bodies do not hold: a body that does not
        // contain it as written, and has no escape or percent-encoding that could spell it
        // otherwise, is not read at all.
        if !post.raw_contains(name) && !post.raw_contains("\\u") && !post.raw_contains("%") {
            return None;
        }
        let text = post.text()?;
        let text = text.as_ref();
        if text.trim_start().starts_with('{') {
            let v: serde_json::Value = crate::har::read_json(text).ok()?;
            return v.get(name)?.as_str().map(str::to_owned);
        }
        text.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (crate::redact::percent_decode_lossy(k) == name)
                .then(|| crate::redact::percent_decode_lossy(v).into_owned())
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
        *self
            .token_request
            .get_or_init(|| self.decide_token_request())
    }

    fn decide_token_request(&self) -> bool {
        // RFC 6749 §3.2: token requests are POSTs; this runs for every entry.
        if !self.entry.request.method.eq_ignore_ascii_case("POST") {
            return false;
        }
        // The field itself, as a form field or a JSON member: a client registration (RFC 7591)
        // lists `grant_types` too, and an MCP client's `/register` refused by the provider
        // read as a token endpoint's error, with fixes for a grant it never made.
        let by_body = self.entry.request.post_data.as_ref().is_some_and(|p| {
            // The raw text is the body as a JSON string literal: a JSON member's name is
            // followed by an escaped quote.
            p.raw_contains("grant_type=")
                || p.raw_contains("grant_type\\\"")
                || p.params.iter().any(|kv| kv.name == "grant_type")
        });
        let url = self.entry.request.url.as_ref();
        let path = crate::http::site::without_query(url);
        by_body
            || ["/token", "/access_token"]
                .iter()
                .any(|p| crate::text::ends_with_ignore_ascii_case(path, p))
    }

    /// An authorization endpoint's redirect back with `error=` (RFC 6749 §4.1.2.1).
    pub fn oauth_error_redirect(&self) -> Option<(usize, &str)> {
        let status = self.status()?;
        if !(300..400).contains(&status) {
            return None;
        }
        let (i, location) = self.entry.response_header("location")?;
        let query = location.split_once(['?', '#'])?.1;
        let probe = is_login_status_probe(&self.entry.request.url);
        query
            .split(['&', '#'])
            .filter_map(|p| p.strip_prefix("error="))
            .any(|code| {
                is_failure_oauth_error(code) && !(probe && LOGGED_OUT_CODES.contains(&code))
            })
            .then_some((i, location))
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

    /// Whether this request brings a provider's answer back to the app (its `redirect_uri`):
    /// a `code` or an `id_token` with the sign-in's `state`, in the query or in a form posted
    /// back (`response_mode=form_post`). Not a token request, which sends a code too.
    pub fn is_signin_callback(&self) -> bool {
        if self.is_authorize_request() || self.is_token_request() {
            return false;
        }
        let url = self.entry.request.url.as_ref();
        if query_param(url, "state").is_some() {
            return query_param(url, "code").is_some() || query_param(url, "id_token").is_some();
        }
        // A form the provider's page posted back: URL-encoded, its names as written. Asked of
        // every failing request, most of which post JSON or nothing.
        let Some(post) = self.entry.request.post_data.as_ref() else {
            return false;
        };
        let form = crate::text::contains(&post.mime_type, "urlencoded") || !post.params.is_empty();
        let has = |name: &str| self.form_param(name).is_some();
        form && (post.raw_contains("state=") || post.params.iter().any(|p| p.name == "state"))
            && has("state")
            && (has("code") || has("id_token"))
    }

    /// Whether this is an OAuth authorization request (`response_type` and
    /// `client_id` in the query), the browser's first step of a sign-in.
    pub fn is_authorize_request(&self) -> bool {
        *self
            .authorize_request
            .get_or_init(|| self.decide_authorize_request())
    }

    fn decide_authorize_request(&self) -> bool {
        let url = self.entry.request.url.as_ref();
        if !crate::text::contains(url, "response_type") {
            return false;
        }
        let query = crate::http::site::query(url).unwrap_or("");
        let has = |k: &str| query.split('&').any(|p| p.split('=').next() == Some(k));
        has("response_type") && has("client_id")
    }

    /// The OAuth error code an authorization endpoint shows on its own error page
    /// (a 4xx page instead of a redirect back with a code): `invalid_redirect_uri`,
    /// `redirect_uri_mismatch`, `invalid_client`, `unauthorized_client`, …
    pub fn authorize_error(&self) -> Option<&'static str> {
        if !self.is_authorize_request() || !self.status().is_some_and(|s| (400..500).contains(&s)) {
            return None;
        }
        let body = self.body()?.to_ascii_lowercase();
        crate::knowledge::AUTHORIZE_ERRORS
            .iter()
            .copied()
            .find(|code| body.contains(code))
    }
}

#[cfg(test)]
mod tests {
    use super::query_param;

    /// The query is what follows the first `?` when no `#` comes before it, up to the next `#`.
    #[test]
    fn query_param_reads_the_query_alone() {
        let cases: &[(&str, Option<&str>)] = &[
            ("https://a.example/cb?code=x1&state=s", Some("x1")),
            ("https://a.example/cb?state=s&code=x%2F2#frag", Some("x/2")),
            ("https://a.example/cb#code=x3", None),
            ("https://a.example/cb#frag?code=x4", None),
            ("https://a.example/cb?a=1#code=x5", None),
            ("https://a.example/cb?a=1?code=x6", None),
            ("https://a.example/cb?a=1&code=x7?y", Some("x7?y")),
            ("https://a.example/cb?code=", Some("")),
            ("https://a.example/cb?codes=x8", None),
            ("https://a.example/ä?code=ü9#", Some("ü9")),
            ("?code=x10", Some("x10")),
            ("", None),
        ];
        for &(url, want) in cases {
            assert_eq!(query_param(url, "code").as_deref(), want, "{url}");
        }
    }
}
