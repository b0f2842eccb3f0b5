//! `csrf-rejected`
//!
//! # What it detects
//! A request refused by the server's cross-site request forgery (CSRF) check, in the
//! framework's own words ([`crate::rules::facts::csrf`]): Django's "CSRF verification failed"
//! page and Django REST framework's "CSRF Failed: …", Flask-WTF's "The CSRF token is
//! missing.", Laravel's "CSRF token mismatch." (or its 419 "Page Expired"), Rails'
//! `InvalidAuthenticityToken`, csurf's "invalid csrf token". What the capture shows says why:
//! no token in a header or the body, or an empty one (`missing`); a token in a header the server
//! says it did not get (`not-read`); the token the CSRF cookie held before an answer set a new one
//! (`rotated`, Django's `login()` does); an origin the server does not trust (`origin`); no CSRF
//! cookie (`cookie-missing`). Otherwise the token was refused, for a reason the capture cannot
//! show.
//!
//! # Why it causes the failure
//! The check runs before the application: a request with a good session is refused all the
//! same, and a sign-in's password is never looked at. Frameworks answer 403 (Django, Express),
//! 400 (Flask-WTF), 419 (Laravel) or 422 (Rails), and the other rules would read the refusal
//! as a session or credential problem (before this rule: "servers disagree" for a token from
//! before the sign-in, in the lab's django-session-csrf).
//!
//! # Example (HAR excerpt)
//! `POST /api/notes`, `Cookie: csrftoken=…; sessionid=…`, no `X-CSRFToken` → 403
//! `{"detail":"CSRF Failed: CSRF token missing."}`.
//!
//! # References
//! OWASP CSRF Prevention Cheat Sheet; Django's CSRF documentation.

use crate::finding::{Confidence, Reference, Severity};
use crate::rules::facts::CsrfSaid;

use std::cell::OnceCell;
use std::collections::HashMap;

use super::{entry_ptr, req_header_ptr, resp_header_ptr, Draft, FileCx, Phase, Recorded, Rule, RuleMeta, Value};

pub struct CsrfRejected;

static META: RuleMeta = RuleMeta {
    id: "csrf-rejected",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 4,
    phase: Phase::Main,
    references: &[
        Reference { title: "OWASP Cross-Site Request Forgery Prevention Cheat Sheet", url: "https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html" },
        Reference { title: "Django: How to use Django's CSRF protection (AJAX)", url: "https://docs.djangoproject.com/en/5.2/howto/csrf/" },
    ],
};

/// Values a page's code sends when it read no token (a cookie not set yet, or `HttpOnly`).
const NO_TOKEN: &[&str] = &["", "null", "undefined", "None"];

impl Rule for CsrfRejected {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        let cookies = OnceCell::new();
        for (pos, cx) in fcx.entries.iter().enumerate() {
            if cx.failure().is_none() {
                continue;
            }
            let Some(refusal) = cx.csrf_refusal() else { continue };
            let i = cx.index();
            let header = cx.csrf_header();
            let token = header.map(|(_, _, v)| v.trim()).filter(|v| !NO_TOKEN.contains(v));
            // What the record says was sent: only a record of the request as sent, with its body
            // (an exporter may leave an upload's out), shows that no token went.
            let as_sent = cx.recorded() == Recorded::AsSent;
            let body_shown = cx.entry.request.post_data.is_some();
            let none_sent = as_sent && token.is_none() && !cx.csrf_in_body();
            let sent: Vec<(&str, &str)> = csrf_cookies(cx.entry.request_header("cookie").map_or("", |(_, v)| v)).collect();
            let mut d = Draft::new(&META, i, Confidence::Certain).data("words", Value::text(refusal.words.as_str()));
            let mut rotated = None;
            d = match (refusal.said, header, token) {
                (CsrfSaid::Origin, ..) => d.variant("origin"),
                (CsrfSaid::CookieMissing, ..) => d.variant("cookie-missing"),
                _ if none_sent => {
                    let mut d = d.variant("missing");
                    // The server's own "missing", or a body the record shows: else a token may
                    // have gone in a body the exporter left out.
                    if refusal.said != CsrfSaid::Missing && !body_shown {
                        d.confidence = Confidence::Likely;
                    }
                    d
                }
                // A value the server says it did not get: sent under a name it does not read.
                (CsrfSaid::Missing, Some((_, name, _)), Some(_)) => {
                    let mut d = d.variant("not-read").data("header", Value::text(name));
                    d.confidence = Confidence::Likely;
                    d
                }
                (_, Some((_, name, _)), Some(token)) => {
                    let cookies = cookies.get_or_init(|| CsrfCookies::of(fcx));
                    rotated = (sent.iter())
                        .filter(|(_, c)| decoded(c) != token)
                        .find_map(|(n, c)| cookies.replaced(pos, n, token, c));
                    match rotated {
                        Some((setter, ..)) => d.variant("rotated").data("setter", Value::Entry(setter)).also_entry(setter),
                        None => d,
                    }
                    .data("header", Value::text(name))
                }
                _ => d,
            };
            let cookie = rotated.map(|(_, name, ..)| name).or_else(|| sent.first().map(|(n, _)| *n));
            if let Some(name) = cookie {
                d = d.data("cookie", Value::text(name));
            }
            d = d.evidence(i, refusal.pointer, Value::text(refusal.words));
            d = match header {
                Some((h, name, value)) => d.evidence(i, req_header_ptr(i, h), Value::header(name, value)),
                None if none_sent => d.evidence(i, entry_ptr(i, "request/headers"), Value::Word("ev_no_csrf_token")),
                None => d,
            };
            if let Some((h, v)) = cx.entry.request_header("cookie") {
                d = d.evidence(i, req_header_ptr(i, h), Value::header("Cookie", v));
            }
            if let Some((setter, _, h, line)) = rotated {
                d = d.evidence(setter, resp_header_ptr(setter, h), Value::header("Set-Cookie", line));
            }
            out.push(d);
        }
    }
}

/// The CSRF cookies of a `Cookie` header (`csrftoken`, `XSRF-TOKEN`): each name and value.
fn csrf_cookies(cookie: &str) -> impl Iterator<Item = (&str, &str)> {
    cookie.split(';').filter_map(|p| {
        let (n, v) = p.trim().split_once('=')?;
        crate::rules::facts::csrf::names_csrf(n).then(|| (n.trim(), v.trim()))
    })
}

/// The capture's CSRF cookies, read once for the file when a refusal's token is not its
/// cookie's: where each value was first seen, sent or set, and the answers that set each name.
struct CsrfCookies<'f> {
    /// `name=value` → the position of the first entry that sent or set it, the value
    /// percent-decoded as a page's code reads it from `document.cookie` (Laravel's
    /// `XSRF-TOKEN` is written encoded; axios sends it decoded).
    first: HashMap<String, usize>,
    /// Name → each answer that set it: its position, the value, the entry, the header's
    /// position and the line.
    sets: HashMap<&'f str, Vec<Setter<'f>>>,
}

/// An answer that set a CSRF cookie: its position, the value, the entry, the header's position
/// and the line.
type Setter<'f> = (usize, &'f str, usize, usize, &'f str);

impl<'f> CsrfCookies<'f> {
    fn of(fcx: &'f FileCx<'_, '_>) -> Self {
        let mut first = HashMap::new();
        let mut sets: HashMap<&str, Vec<_>> = HashMap::new();
        for (pos, cx) in fcx.entries.iter().enumerate() {
            let entry: &'f crate::har::Entry<'_> = cx.entry;
            for (n, v) in csrf_cookies(entry.request_header("cookie").map_or("", |(_, v)| v)) {
                first.entry(format!("{n}={}", decoded(v))).or_insert(pos);
            }
            for (h, line) in entry.response_header_values("set-cookie") {
                let pair = line.split(';').next().unwrap_or("");
                let Some((n, v)) = pair.split_once('=') else { continue };
                let (n, v) = (n.trim(), v.trim());
                if crate::rules::facts::csrf::names_csrf(n) {
                    first.entry(format!("{n}={}", decoded(v))).or_insert(pos);
                    sets.entry(n).or_default().push((pos, v, entry.index, h, line));
                }
            }
        }
        CsrfCookies { first, sets }
    }

    /// The last answer before `pos` that gave cookie `name` the value `now`, where the capture
    /// shows it held `sent` (the token in the header) before that: the entry, the cookie's
    /// name, the header's position and the line.
    fn replaced(&self, pos: usize, name: &str, sent: &str, now: &str) -> Option<(usize, &'f str, usize, &'f str)> {
        let setters = self.sets.get(name)?;
        let &(at, _, entry, h, line) = setters.iter().rev().find(|(p, v, ..)| *p < pos && *v == now)?;
        let held = self.first.get(&format!("{name}={sent}")).is_some_and(|&p| p <= at);
        let name = self.sets.get_key_value(name)?.0;
        held.then_some((entry, *name, h, line))
    }
}

/// A cookie's value as a page's code reads it (percent-decoded).
fn decoded(value: &str) -> std::borrow::Cow<'_, str> {
    crate::redact::percent_decode_strict(value)
}

#[cfg(test)]
mod tests {
    use crate::{analyze_bytes, Options};

    /// An entry of a test capture: the request's headers and body, the answer's status,
    /// headers and body, as HAR JSON.
    fn entry(method: &str, path: &str, req: &str, post: &str, status: u16, resp: &str, body: &str) -> String {
        format!(
            r#"{{"startedDateTime":"2026-12-07T10:00:00Z","request":{{"method":"{method}","url":"http://app.test{path}","headers":[{req}]{post}}},"response":{{"status":{status},"headers":[{resp}],"content":{{"mimeType":"application/json","text":{body:?}}}}}}}"#
        )
    }

    /// The messages of the capture's `csrf-rejected` findings, each with its entries.
    fn said(entries: &[String]) -> Vec<(String, Vec<usize>)> {
        let har = format!(r#"{{"log":{{"entries":[{}]}}}}"#, entries.join(","));
        let report = analyze_bytes(har.into_bytes(), &Options::default()).unwrap();
        (report.findings.iter())
            .filter(|f| f.rule == "csrf-rejected")
            .map(|f| (f.message.clone(), f.entries.clone()))
            .collect()
    }

    /// A page (axios on Laravel) that sends the `XSRF-TOKEN` cookie's value decoded in
    /// `X-XSRF-TOKEN`, after the sign-in's answer set a new cookie: `rotated`, though the cookie
    /// is written percent-encoded.
    #[test]
    fn a_rotated_token_is_found_when_the_cookie_is_written_encoded() {
        let got = said(&[
            entry("GET", "/sanctum/csrf-cookie", "", "", 204, r#"{"name":"Set-Cookie","value":"XSRF-TOKEN=old%3D%3D; path=/"}"#, ""),
            entry(
                "POST",
                "/login",
                r#"{"name":"Cookie","value":"XSRF-TOKEN=old%3D%3D; laravel_session=s1"},{"name":"X-XSRF-TOKEN","value":"old=="}"#,
                "",
                200,
                r#"{"name":"Set-Cookie","value":"XSRF-TOKEN=new%3D%3D; path=/"}"#,
                "{}",
            ),
            entry(
                "POST",
                "/api/notes",
                r#"{"name":"Cookie","value":"XSRF-TOKEN=new%3D%3D; laravel_session=s2"},{"name":"X-XSRF-TOKEN","value":"old=="}"#,
                "",
                419,
                "",
                r#"{"message": "CSRF token mismatch."}"#,
            ),
        ]);
        assert_eq!(said_messages(&got), [("csrf-rejected.rotated", vec![2, 1])]);
    }

    /// A token in a form's field is a token sent (the refusal's reason is the server's to say);
    /// a JSON body's value that says "CSRF" is no token field.
    #[test]
    fn a_token_is_looked_for_by_the_bodys_field_names_not_its_values() {
        let cookie = r#"{"name":"Cookie","value":"csrftoken=c1; sessionid=s1"}"#;
        let form = r#","postData":{"mimeType":"application/x-www-form-urlencoded","text":"csrfmiddlewaretoken=abc&text=hi"}"#;
        let json = r#","postData":{"mimeType":"application/json","text":"{\"text\":\"no CSRF header\"}"}"#;
        let refused = r#"{"detail":"CSRF Failed: CSRF token from POST incorrect."}"#;
        let missing = r#"{"detail":"CSRF Failed: CSRF token missing."}"#;
        let got = said(&[
            entry("POST", "/notes", cookie, form, 403, "", refused),
            entry("POST", "/notes", cookie, json, 403, "", missing),
        ]);
        assert_eq!(said_messages(&got), [("csrf-rejected", vec![0]), ("csrf-rejected.missing", vec![1])]);
    }

    fn said_messages(got: &[(String, Vec<usize>)]) -> Vec<(&str, Vec<usize>)> {
        got.iter().map(|(m, e)| (m.as_str(), e.clone())).collect()
    }
}
