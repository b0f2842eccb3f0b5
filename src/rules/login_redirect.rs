//! `login-redirect`
//!
//! # What it detects
//! An API call (fetch/XHR, or `Accept: application/json`) answered with a redirect
//! to a sign-in page, or with the HTML of one (a page with a password field).
//!
//! # Why it causes the failure
//! Session-based frameworks protect every route with "redirect to login". For a
//! page load that is right; for an API call the script receives a 302 (followed
//! silently by `fetch`) and then a 200 HTML page it cannot parse — the session
//! expired or the cookie was not sent, but the app sees "Unexpected token <".
//!
//! # Example (HAR excerpt)
//! `GET /api/orders` with `Accept: application/json` → 302 `Location: /login?next=/api/orders`.
//!
//! # References
//! RFC 9110 §15.4.3, §15.5.2; Fetch standard "redirect mode".

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, EntryCx, FailureKind, Phase, Rule, RuleMeta, Value, entry_ptr, resp_header_ptr};

pub struct LoginRedirect;

static META: RuleMeta = RuleMeta {
    id: "login-redirect",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 30,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 9110 §15.5.2 401 Unauthorized", url: "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2" },
        Reference { title: "Fetch standard: redirect mode", url: "https://fetch.spec.whatwg.org/#concept-request-redirect-mode" },
    ],
};

impl Rule for LoginRedirect {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        if cx.failure() != Some(FailureKind::LoginPage) {
            return;
        }
        let i = cx.index();
        let sent_cookie = cx.entry.sends_cookies();
        let d = if let Some((h, location)) = cx.is_login_redirect() {
            Draft::new(&META, i, Confidence::Likely)
                .data("location", Value::url(location))
                .evidence(i, resp_header_ptr(i, h), Value::header("Location", location))
        } else {
            Draft::new(&META, i, Confidence::Likely)
                .variant("html")
                .data("location", Value::url(cx.entry.request.url.as_ref()))
                .evidence(i, entry_ptr(i, "response/content/mimeType"), Value::Word("ev_html_with_password"))
        };
        // A sanitized export removed every cookie: whether one was sent cannot be known.
        let cookie = if cx.sanitized {
            "login_cookie_unknown"
        } else if sent_cookie {
            "login_cookie_sent"
        } else {
            "login_cookie_not_sent"
        };
        out.push(d.data("cookie", Value::Word(cookie)));
    }
}
