//! `oauth-redirect-uri-mismatch`
//!
//! # What it detects
//! `redirect_uri_mismatch`: the `redirect_uri` sent to the authorization server
//! (in the token request, or in the authorize redirect's error) does not match
//! one registered for the client.
//!
//! When a sign-in of the same client in the capture worked with another
//! `redirect_uri` (its authorization request got a code, or its exchange was
//! accepted), the two are compared character by character and the finding names
//! the difference: a trailing slash, the scheme, the host, the port, upper/lower
//! case, the path or the query.
//!
//! # Why it causes the failure
//! Authorization servers compare `redirect_uri` exactly against the registered
//! callback URLs (scheme, host, port, path, sometimes the trailing slash). A
//! different port in development, `http` versus `https`, or a missing path makes
//! the flow fail; in the token request the `redirect_uri` must also equal the one
//! of the authorization request.
//!
//! # Example (HAR excerpt)
//! `{"error":"redirect_uri_mismatch","error_description":"The redirect_uri MUST match the registered callback URL for this application."}`.
//!
//! # References
//! RFC 6749 §3.1.2, §4.1.3; GitHub "Redirect URI mismatch".

use crate::finding::{Confidence, Reference, Severity};

use crate::http::site::{origin, Url};

use super::{entry_ptr, query_param, resp_header_ptr, Draft, EntryCx, FileCx, Phase, Rule, RuleMeta, Value};

pub struct OauthRedirectUriMismatch;

static META: RuleMeta = RuleMeta {
    id: "oauth-redirect-uri-mismatch",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 2,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 6749 §3.1.2 Redirection Endpoint", url: "https://www.rfc-editor.org/rfc/rfc6749#section-3.1.2" },
        Reference { title: "RFC 6749 §4.1.3 Access Token Request", url: "https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3" },
        Reference { title: "GitHub: Redirect URI mismatch", url: "https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-authorization-request-errors#redirect-uri-mismatch" },
    ],
};

impl Rule for OauthRedirectUriMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        let found: Vec<_> = fcx
            .entries
            .iter()
            .filter_map(|cx| Some((cx, check(cx)?)))
            .collect();
        // The sign-ins that worked are looked for only where one was refused: the look reads
        // the query of every request (in the offline page, about 4 ms of the 70 to 110 ms its
        // thread spent relating the entries of a capture of 15,000 requests that signed in
        // nowhere).
        if found.is_empty() {
            return;
        }
        let worked = accepted_redirect_uris(fcx);
        for (cx, (draft, sent)) in found {
            let client = cx
                .form_param("client_id")
                .or_else(|| query_param(&cx.entry.request.url, "client_id"));
            // A sign-in of the same client that worked, with another redirect_uri: say
            // where the two differ, since that difference is the fix.
            let other = sent.as_deref().and_then(|sent| {
                worked
                    .iter()
                    .filter(|w| w.uri != sent && (client.is_none() || w.client.is_none() || w.client == client))
                    .min_by_key(|w| w.entry.abs_diff(cx.index()))
                    .map(|w| (w, difference(sent, &w.uri)))
            });
            let draft = match other {
                Some((w, (what, at))) => draft
                    .data("worked", Value::url(w.uri.clone()))
                    .data("worked_in", Value::Entry(w.entry))
                    .data("difference", Value::Word(what))
                    .data("position", Value::Position(at))
                    .also_entry(w.entry),
                None => draft,
            };
            out.push(draft);
        }
    }
}

/// A `redirect_uri` the authorization server accepted in this capture.
struct Worked {
    entry: usize,
    client: Option<String>,
    uri: String,
}

/// The `redirect_uri`s of sign-ins that worked: an authorization request answered
/// with a redirect carrying a `code`, a code exchange that was accepted, or a callback
/// request that arrived with a `code` and a `state` and was answered.
fn accepted_redirect_uris(fcx: &FileCx<'_, '_>) -> Vec<Worked> {
    let mut out = Vec::new();
    for cx in fcx.entries {
        let url = cx.entry.request.url.as_ref();
        let found = if cx.is_authorize_request() {
            let issued_code = cx
                .entry
                .response_header("location")
                .is_some_and(|(_, l)| query_param(&l.replacen('#', "?", 1), "code").is_some());
            issued_code.then(|| (query_param(url, "redirect_uri"), query_param(url, "client_id")))
        } else if cx.is_token_request() && cx.accepted() && cx.token_error().is_none() {
            Some((cx.form_param("redirect_uri"), cx.form_param("client_id")))
        } else if query_param(url, "code").is_some() && query_param(url, "state").is_some() && cx.accepted() {
            // The callback itself, reached with a code: the authorization server sent the
            // browser there, so its URL (without the query) is a redirect_uri that worked.
            let base = crate::http::site::without_query(url);
            Some((Some(base.to_owned()), None))
        } else {
            None
        };
        if let Some((Some(uri), client)) = found {
            out.push(Worked { entry: cx.index(), client, uri });
        }
    }
    out
}

/// Where two redirect URIs first differ: what differs (a catalog word) and the
/// position of the first differing character (counted from 0).
pub(crate) fn difference(sent: &str, worked: &str) -> (&'static str, usize) {
    let at = sent
        .chars()
        .zip(worked.chars())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| sent.chars().count().min(worked.chars().count()));
    let what = if sent.trim_end_matches('/') == worked.trim_end_matches('/') {
        "uri_diff_trailing_slash"
    } else if sent.eq_ignore_ascii_case(worked) {
        "uri_diff_case"
    } else {
        match (Url::parse(sent), Url::parse(worked)) {
            (Some(a), Some(b)) if a.scheme != b.scheme => "uri_diff_scheme",
            (Some(a), Some(b)) if a.host != b.host => "uri_diff_host",
            (Some(_), Some(_)) if origin(sent) != origin(worked) => "uri_diff_port",
            (Some(a), Some(b)) if a.path != b.path => "uri_diff_path",
            (Some(_), Some(_)) => "uri_diff_query",
            _ => "uri_diff_other",
        }
    };
    (what, at)
}

/// The finding for one entry, and the `redirect_uri` it sent.
fn check(cx: &EntryCx<'_, '_>) -> Option<(Draft, Option<String>)> {
    let i = cx.index();
    if let Some(err) = cx.token_error() {
        if err.code != "redirect_uri_mismatch" {
            return None;
        }
        let sent = cx.form_param("redirect_uri");
        let d = Draft::new(&META, i, Confidence::Certain)
            .data("redirect_uri", sent.clone().map_or(Value::Word("not_sent"), Value::url))
            .data("description", err.description)
            .evidence(i, entry_ptr(i, "response/content/text"), Value::labeled("error", "redirect_uri_mismatch"));
        return Some((d, sent));
    }
    // The authorization endpoint shows its own error page: the callback is not one
    // it may redirect to, so it cannot send the error back.
    if matches!(cx.authorize_error(), Some("redirect_uri_mismatch" | "invalid_redirect_uri")) {
        let sent = query_param(&cx.entry.request.url, "redirect_uri");
        let d = Draft::new(&META, i, Confidence::Certain)
            .variant("authorize-page")
            .data("redirect_uri", sent.clone().map_or(Value::Word("not_sent"), Value::url))
            .evidence(i, entry_ptr(i, "response/content/text"), Value::labeled("error", cx.authorize_error().unwrap_or("")));
        return Some((d, sent));
    }
    // The authorize endpoint reports it by redirecting back with `error=`.
    let (h, location) = cx.entry.response_header("location")?;
    if !location.contains("error=redirect_uri_mismatch") {
        return None;
    }
    let sent = query_param(&cx.entry.request.url, "redirect_uri");
    let d = Draft::new(&META, i, Confidence::Certain)
        .variant("authorize")
        .evidence(i, resp_header_ptr(i, h), Value::header("Location", location));
    Some((d, sent))
}
