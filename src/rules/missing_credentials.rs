//! `missing-credentials`
//!
//! # What it detects
//! A request refused with 401 that carried no credentials at all: no
//! `Authorization`, no cookie, no API key; or with 403 whose words say no credentials came
//! (Django REST framework's SessionAuthentication offers no challenge). A request before any
//! credential or sign-in of the capture, with a sign-in after it, was made before the user
//! signed in (`before-sign-in`). It tells apart the normal first leg of
//! a challenge/response exchange (the next request to the same URL carries
//! credentials: nothing to fix) from an application that forgot to attach its
//! token. A failure explained by a cookie the browser did not send or refused
//! to store is left to `cookie-not-sent` and `cookie-rejected`. A cross-site request that
//! carries `Sec-Fetch-Storage-Access: none` asked for cookies, and the browser blocks or
//! partitions the site's third-party cookies: the `third-party-cookies-blocked` variant says so.
//! With `inactive` the page has a Storage Access permission it has not turned on
//! (`storage-access-inactive`); with `active` it could use the site's cookies and the browser had
//! none for this request (`no-cookie-to-send`). Either way the code asked for cookies, so the
//! `cross-origin` variant's advice to ask for them is not given.
//!
//! In a sanitized export every request looks credential-less; this rule stays
//! silent there and `har-sanitized` says why.
//!
//! # Why it causes the failure
//! The server cannot authenticate a request that says nothing about who sends
//! it. Typical causes: the token is attached only by some code paths (a fetch
//! outside the API client, a new endpoint, a request fired before login
//! finished), `fetch` without `credentials: "include"` on a cross-origin call, or
//! a cookie blocked by SameSite/Secure rules.
//!
//! # Example (HAR excerpt)
//! `GET /api/me` with no Authorization → 401 `WWW-Authenticate: Bearer realm="api"`.
//!
//! # References
//! RFC 6750 §3, RFC 9110 §11.6.1, Fetch standard (credentials mode).

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::finding::{Confidence, Reference, Severity};
use crate::rules::facts::FailureKind;
use crate::http::site::without_query;

use super::{Draft, FileCx, Phase, Recorded, Rule, RuleMeta, Value, entry_ptr, resp_header_ptr};

pub struct MissingCredentials;

static META: RuleMeta = RuleMeta {
    id: "missing-credentials",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 9,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 6750 §3 WWW-Authenticate (no error code when no credentials)", url: "https://www.rfc-editor.org/rfc/rfc6750#section-3" },
        Reference { title: "Fetch standard: credentials mode", url: "https://fetch.spec.whatwg.org/#concept-request-credentials-mode" },
        Reference { title: "MDN: Using Fetch — sending a request with credentials included", url: "https://developer.mozilla.org/en-US/docs/Web/API/Fetch_API/Using_Fetch#including_credentials" },
    ],
};

/// Paths apps call on start to learn whether the user is logged in.
const STATUS_ENDPOINTS: &[&str] = &[
    "/me",
    "/api/me",
    "/whoami",
    "/session",
    "/api/session",
    "/auth/session",
    "/auth/status",
    "/auth/me",
    "/api/auth/session",
    "/api/user",
    "/user",
    "/userinfo",
    "/login/status",
    "/auth/check",
    "/check-session",
];

impl Rule for MissingCredentials {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        if fcx.sanitized {
            return;
        }
        // Where each origin first sent a credential, worked out once for the whole capture
        // when the first status probe asks: a logged-out page polling `/api/me` asked it of
        // every request before each probe (8,000 polls took 3.4 s, 2,000 took 0.35 s).
        let first_credentials: OnceCell<HashMap<Option<String>, usize>> = OnceCell::new();
        let credentials_before = |origin: &Option<String>, pos: usize| {
            let first = first_credentials.get_or_init(|| {
                let mut first = HashMap::new();
                for (p, o) in fcx.entries.iter().enumerate() {
                    if o.has_credentials() {
                        first.entry(crate::http::site::origin(&o.entry.request.url)).or_insert(p);
                    }
                }
                first
            });
            first.get(origin).is_some_and(|&p| p < pos)
        };
        // The hops that certainly lost their `Authorization` on a cross-origin redirect (that
        // rule runs first): the code did attach a credential, and the browser dropped it (the lab's
        // redirect-drops-authorization, where this rule's "the code does not attach the
        // credentials" stood beside it).
        let dropped: std::collections::HashSet<usize> = out
            .iter()
            .filter(|d| d.meta.id == "authorization-dropped-on-redirect" && d.confidence == Confidence::Certain)
            .filter_map(|d| d.entries.first().copied())
            .collect();
        for (pos, cx) in fcx.entries.iter().enumerate() {
            if !matches!(cx.status(), Some(401 | 403)) || cx.has_credentials() || cx.is_preflight() || dropped.contains(&cx.index()) {
                continue;
            }
            // A 403 failure that says no credentials came counts as a 401: Django REST
            // framework's SessionAuthentication offers no challenge, so a request without a
            // session gets 403 "Authentication credentials were not provided." (the lab's
            // django-session-csrf).
            if cx.status() == Some(403) && !(cx.failure() == Some(FailureKind::Forbidden) && says_not_signed_in(cx)) {
                continue;
            }
            // Only a record of the request as sent says what it lacked (not the page's record
            // of a call its service worker answered: `service-worker-answered`).
            if cx.recorded() != Recorded::AsSent {
                continue;
            }

            let i = cx.index();
            let url = cx.entry.request.url.as_ref();
            let here = without_query(url);
            // A placeholder is no credential sent again (`Bearer undefined` from code whose
            // variable was not set yet, the lab's fastapi-oauth2-password: "then again with them"
            // named it).
            let next_with_creds = fcx.entries[pos + 1..]
                .iter()
                .take(20)
                .find(|o| without_query(&o.entry.request.url) == here && o.authorization().is_some() && !o.authorization_is_placeholder());
            let schemes: Vec<&str> = cx.challenges().iter().map(|(_, c)| c.scheme.as_str()).collect();
            // Windows integrated sign-on: browsers answer Negotiate only for sites they
            // are told to; elsewhere the page falls back to its own sign-in, by design.
            let sso_only = !schemes.is_empty()
                && schemes.iter().all(|s| crate::knowledge::INTEGRATED_AUTH_SCHEMES.iter().any(|x| s.eq_ignore_ascii_case(x)));
            // "Am I logged in?": a status endpoint asked before any credential of this
            // origin appears in the capture answers 401 to a logged-out user, by design.
            let origin = crate::http::site::origin(url);
            let path = here.split_once("://").map_or("", |(_, r)| r.find('/').map_or("/", |i| r.get(i..).unwrap_or("/")));
            let lower = path.to_ascii_lowercase();
            let status_probe = STATUS_ENDPOINTS.iter().any(|e| lower.ends_with(e)) && !credentials_before(&origin, pos);
            // The server refused a token the capture does not show: the credential most likely
            // went, and was taken out of the record (a recording library, a hand edit), so what
            // the request lacked cannot be told from here. A challenge answered by the next
            // request, or a status probe, still reads as such.
            if next_with_creds.is_none() && !status_probe && cx.server_refused_a_token() {
                continue;
            }
            // cookie-not-sent / cookie-rejected say which cookie and why.
            if next_with_creds.is_none() && fcx.cookies().explains(i) {
                continue;
            }
            // A probe falls back as designed only if the capture shows the fallback: a
            // sign-in after it (a sign-in form, a sign-in page, a token request).
            let signs_in_later = || fcx.signs_in_between(pos + 1, pos + 201);
            let sso_only = sso_only && signs_in_later();
            let status_probe = status_probe && signs_in_later();
            let mut storage_access = None;
            let mut d = if next_with_creds.is_none() && sso_only {
                Draft::new(&META, i, Confidence::Likely).variant("sso-probe").severity(Severity::Info)
            } else if next_with_creds.is_none() && status_probe {
                Draft::new(&META, i, Confidence::Likely)
                    .variant("logged-out")
                    .severity(Severity::Info)
                    .data("path", path)
            } else if let Some(next) = next_with_creds {
                // The browser answered the challenge (a normal exchange) when it sent a scheme it
                // was offered and answers by itself; any other credential is the app's, sent
                // again after this call went out without it (the lab's cached-401: a Bearer
                // token once the page had one).
                let ok = next.status().is_some_and(|s| s < 400);
                let sent = next.authorization().map_or("", |(_, v)| v.trim_start().split([' ', '\t']).next().unwrap_or(""));
                let answered = schemes.iter().any(|s| s.eq_ignore_ascii_case(sent))
                    && crate::knowledge::BROWSER_ANSWERED_SCHEMES.iter().any(|b| b.eq_ignore_ascii_case(sent));
                Draft::new(&META, i, Confidence::Certain)
                    .variant(if answered { "first-leg" } else { "sent-again" })
                    .severity(if ok { Severity::Info } else { Severity::Warning })
                    .data("next", Value::Entry(next.index()))
                    .also_entry(next.index())
            } else {
                // `Sec-Fetch-Storage-Access` goes only where the top-level site is another, from
                // a frame of the API's own site too (whose calls are same-origin).
                let storage_access_said = super::cookies::StorageAccess::of(cx.entry);
                let cross = cx.cross_origin().is_some() || storage_access_said.is_some();
                let confidence = if schemes.iter().any(|s| s.eq_ignore_ascii_case("bearer")) || cross {
                    Confidence::Likely
                } else {
                    Confidence::Possible
                };
                let d = Draft::new(&META, i, confidence);
                // Browsers send `Sec-Fetch-Storage-Access` only with `credentials: "include"`;
                // `none` says the page had no access to the site's third-party cookies (see
                // `cookies::StorageAccess`): the code did ask for cookies.
                // Any value proves it, so the generic cross-origin advice to ask for cookies
                // would be wrong: `inactive` says why none went, `active` that none was there.
                use super::cookies::StorageAccess;
                match storage_access_said {
                    Some((h, access)) => {
                        storage_access = Some((h, access));
                        let d = d.reference(super::cookie_not_sent::STORAGE_ACCESS_HEADERS);
                        match access {
                            StorageAccess::None => d
                                .variant("third-party-cookies-blocked")
                                .reference(super::cookie_not_sent::CHIPS),
                            StorageAccess::Inactive => d.variant("storage-access-inactive"),
                            StorageAccess::Active => d.variant("no-cookie-to-send"),
                        }
                    }
                    _ if cross => d.variant("cross-origin"),
                    // Before any credential of this origin, with a sign-in after it: the user
                    // was not signed in yet (the status probes above are the designed case).
                    _ => match (!credentials_before(&origin, pos) && !fcx.signs_in_between(0, pos)).then(|| sign_in_after(fcx, pos)).flatten() {
                        Some(signin) => {
                            let mut d = d.variant("before-sign-in").severity(Severity::Warning).data("signin", Value::Entry(signin));
                            d.confidence = Confidence::Likely;
                            d
                        }
                        None => d,
                    },
                }
            };
            d = d.data("schemes", Value::Joined(schemes.iter().map(|s| Value::text(*s)).collect()));
            d = match cx.entry.response_header("www-authenticate") {
                Some((h, v)) => d.evidence(i, resp_header_ptr(i, h), Value::header("WWW-Authenticate", v)),
                None => d.evidence(i, entry_ptr(i, "request/headers"), Value::Word("ev_no_credentials")),
            };
            if let Some((h, access)) = storage_access {
                d = d.evidence(i, super::req_header_ptr(i, h), Value::header("Sec-Fetch-Storage-Access", access.as_str()));
            }
            out.push(d);
        }
    }
}

/// The sign-in among the 200 requests after `entries[pos]`: a password sent, or a token request
/// that is no refresh; the first that worked, else the first.
fn sign_in_after(fcx: &FileCx<'_, '_>, pos: usize) -> Option<usize> {
    if !fcx.signs_in_between(pos + 1, pos + 201) {
        return None;
    }
    let refresh = |o: &super::EntryCx<'_, '_>| o.form_param("grant_type").is_some_and(|g| g == "refresh_token");
    let later = (fcx.entries.get(pos + 1..)?.iter().take(200))
        .filter(|o| !o.login_fields().is_empty() || (o.is_token_request() && !refresh(o)));
    let mut first = None;
    for o in later {
        if o.status().is_some_and(|s| (200..400).contains(&s)) && o.failure().is_none() {
            return Some(o.index());
        }
        first = first.or(Some(o.index()));
    }
    first
}

/// Whether a refusal's words say no credentials came, as a server says it of a request it
/// does not know the user of (Django REST framework's "Authentication credentials were not
/// provided."), not of something else it lacks.
fn says_not_signed_in(cx: &super::EntryCx<'_, '_>) -> bool {
    let Some(m) = cx.server_message().or_else(|| cx.body().filter(|b| b.len() < 1024).map(str::to_owned)) else {
        return false;
    };
    let m = m.to_ascii_lowercase();
    crate::knowledge::NOT_SIGNED_IN_PHRASES.iter().any(|p| m.contains(p))
}

#[cfg(test)]
mod tests {
    /// This rule reads the drafts of `authorization-dropped-on-redirect`.
    #[test]
    fn runs_after_the_redirect_rule_it_reads() {
        crate::rules::testing::runs_before("authorization-dropped-on-redirect", "missing-credentials");
    }
}
