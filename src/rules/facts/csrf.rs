//! A server's refusal by its cross-site request forgery (CSRF) check, read from its answer, and
//! the CSRF token a request sent.
//!
//! Frameworks answer such a refusal in their own words, before the application sees the request:
//! Django's `CsrfViewMiddleware` with a 403 page ("CSRF verification failed. Request aborted.")
//! and Django REST framework's `SessionAuthentication` with a 403 `{"detail": "CSRF Failed: …"}`
//! (both recorded in the lab's django-session-csrf), Flask-WTF with a 400 ("The CSRF token is
//! missing."), Laravel with a 419 ("CSRF token mismatch.", or its "Page Expired" page), Rails'
//! `InvalidAuthenticityToken`, the csurf middleware of Express with a 403 ("invalid csrf token").

use super::EntryCx;
use crate::rules::{entry_ptr, Pointer};

/// What the server's words say of the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsrfSaid {
    /// No token came (Django's "CSRF token missing.", Flask-WTF's "The CSRF token is missing.").
    Missing,
    /// The token to compare with did not come: Django's "CSRF cookie not set.", Flask-WTF's
    /// "The CSRF session token is missing.".
    CookieMissing,
    /// The request's origin is not one the server trusts, or its Referer is missing or
    /// untrusted (Django's "Origin checking failed - … does not match any trusted origins.",
    /// "Referer checking failed - …").
    Origin,
    /// The token was refused, or the server gives no reason.
    Refused,
}

/// A CSRF refusal in a failing answer ([`EntryCx::csrf_refusal`]).
#[derive(Debug, Clone)]
pub struct CsrfRefusal {
    /// What the words say of the check.
    pub said: CsrfSaid,
    /// The server's words: the message of a JSON answer that names the check (unescaped), else
    /// the sentence of the text around it; scrubbed of the credentials and the CSRF token the
    /// request sent.
    pub words: String,
    /// Where it is.
    pub pointer: Pointer,
}

/// How much of a body is read for the server's words (Django's 403 page is 1 KB; its page
/// with `DEBUG` on, 4 KB).
const READ_LIMIT: usize = 16 * 1024;

/// Words near "CSRF" that make it a refusal, not the name of a form field or a cookie
/// (`csrfmiddlewaretoken` in a sign-in page's form).
const REFUSAL_WORDS: &[&[u8]] = &[
    b"fail",
    b"missing",
    b"mismatch",
    b"invalid",
    b"incorrect",
    b"not match",
    b"expired",
    b"not set",
    b"not found",
    b"not provided",
    b"required",
    b"verif",
    b"authenticity",
];

impl EntryCx<'_, '_> {
    /// What the answer says of the server's CSRF check, when it says the check refused this
    /// request (a 400, 403, 419 or 422 answer): read once ([`read_refusal`]); classifying,
    /// `credential-differs`, `server_says_no_token` and `csrf-rejected` all ask. One byte of
    /// the entry's facts: where the words are is read again by the rule, for the few that say it.
    pub fn csrf_said(&self) -> Option<CsrfSaid> {
        *self.csrf.get_or_init(|| {
            if !matches!(self.status(), Some(400 | 403 | 419 | 422)) {
                return None;
            }
            read_refusal(self.body()?, self.status() == Some(419)).map(|(said, _)| said)
        })
    }

    /// [`EntryCx::csrf_said`] with the server's words, as a finding may show them.
    pub fn csrf_refusal(&self) -> Option<CsrfRefusal> {
        self.csrf_said()?;
        let (said, range) = read_refusal(self.body()?, self.status() == Some(419))?;
        // A JSON answer's message, unescaped, where it names the check (Django REST framework's
        // `detail`, Laravel's `message`); else the sentence found in the text.
        let words = match self.body_message().filter(|m| names_csrf(m)) {
            Some(m) => m,
            None => self.body()?.get(range)?.to_owned(), // boundary: `sentence` ends at characters
        };
        let mut words = self.scrubbed(&words)?;
        // Some servers echo the token they refused (Spring's "Invalid CSRF Token '…' was found").
        if let Some((_, _, token)) = self.csrf_header() {
            let token = token.trim();
            if token.len() >= 6 && words.contains(token) {
                words = words.replace(token, &self.opts.secret(token));
            }
        }
        Some(CsrfRefusal {
            said,
            words,
            pointer: entry_ptr(self.index(), "response/content/text"),
        })
    }

    /// The request header that carries a CSRF token (a name with `csrf` or `xsrf` in it:
    /// Django's `X-CSRFToken`, Laravel's `X-XSRF-TOKEN`, Rails' `X-CSRF-Token`; the reader keeps
    /// such lines as it keeps credential headers), with its position, name and value.
    pub fn csrf_header(&self) -> Option<(usize, &str, &str)> {
        self.entry.request.headers.kept.iter().find_map(|h| {
            let name: &str = h.name.as_ref();
            names_csrf(name).then(|| (h.index as usize, name, h.value.as_ref()))
        })
    }

    /// Whether the request's body may carry a CSRF token: a form field or JSON member named for
    /// one (Django's `csrfmiddlewaretoken`, Laravel's `_token`, Rails' `authenticity_token`,
    /// csurf's `_csrf`), read by the comparison's reader of a body's credentials
    /// ([`crate::diff::body_credentials`]: names, not values; a note that says "CSRF" is no token,
    /// as the lab's flask-wtf-csrf showed). A multipart body names its fields in its text.
    pub fn csrf_in_body(&self) -> bool {
        let Some(post) = self.entry.request.post_data.as_ref() else {
            return false;
        };
        let named = |n: &str| {
            let last = crate::diff::last_name(n);
            names_csrf(last) || last == "_token" || last == "authenticity_token"
        };
        if (crate::diff::body_credentials(self.entry).iter()).any(|(n, _)| named(n)) {
            return true;
        }
        post.mime_type.to_ascii_lowercase().contains("multipart")
            && post.text().is_some_and(|t| names_csrf(&t))
    }
}

/// Whether a header, cookie or field name is a CSRF token's.
pub fn names_csrf(name: &str) -> bool {
    let b = name.as_bytes();
    let has = |w: &[u8]| b.windows(w.len()).any(|x| x.eq_ignore_ascii_case(w));
    has(b"csrf") || has(b"xsrf")
}

/// What a refusal's text says of the CSRF check, and the byte range of its sentence. `laravel`:
/// the answer is a 419, which Laravel gives a CSRF token mismatch alone ("Page Expired").
pub fn read_refusal(body: &str, laravel: bool) -> Option<(CsrfSaid, std::ops::Range<usize>)> {
    let mut end = body.len().min(READ_LIMIT);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let text = body.get(..end)?; // boundary: moved back to a character's start above
    let lower = text.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut best: Option<(CsrfSaid, std::ops::Range<usize>)> = None;
    // The first 64 mentions: a page that names CSRF more often is no refusal's short answer, and
    // each is looked at in its sentence and its place among the page's scripts.
    let found = (memchr::memmem::find_iter(b, b"csrf").take(64))
        .chain(memchr::memmem::find_iter(b, b"xsrf").take(64))
        .filter(|&p| {
            // A word in prose ("CSRF token", "CSRF Failed"), not part of a name.
            let before = p.checked_sub(1).map(|q| b[q]);
            !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
                && b.get(p + 4) == Some(&b' ')
        })
        // A word of refusal in its sentence, outside a page's script (which may name a token).
        .filter(|&p| {
            let sentence = b.get(sentence(b, p)).unwrap_or(&[]);
            let refuses = REFUSAL_WORDS
                .iter()
                .any(|w| memchr::memmem::find(sentence, w).is_some());
            refuses && !in_script(b, p)
        })
        .chain(memchr::memmem::find(b, b"invalidauthenticitytoken"))
        .chain(
            laravel
                .then(|| memchr::memmem::find(b, b"page expired"))
                .flatten(),
        )
        .take(8);
    for p in found {
        let range = sentence(b, p);
        let s = lower.get(range.clone()).unwrap_or(""); // boundary: `sentence` ends at characters
        let said = if s.contains("cookie not set") || s.contains("session token is missing") {
            CsrfSaid::CookieMissing
        } else if s.contains("origin checking failed")
            || s.contains("referer checking failed")
            || s.contains("referrer")
        {
            CsrfSaid::Origin
        } else if [
            "missing",
            "not provided",
            "not found",
            "no csrf",
            "required",
        ]
        .iter()
        .any(|w| s.contains(w))
        {
            CsrfSaid::Missing
        } else {
            CsrfSaid::Refused
        };
        // A reason beats "refused" (Django's debug page says "CSRF verification failed", then
        // its reason).
        if best.as_ref().is_none_or(|(b, _)| *b == CsrfSaid::Refused) {
            best = Some((said, range));
        }
    }
    best
}

/// Whether byte `at` of lower-cased HTML is inside a `<script>` element.
fn in_script(b: &[u8], at: usize) -> bool {
    let before = b.get(..at).unwrap_or(&[]);
    let opened = memchr::memmem::rfind(before, b"<script");
    opened.is_some_and(|o| memchr::memmem::rfind(before, b"</script").is_none_or(|c| c < o))
}

/// The sentence around byte `at`: from the end of the tag, line or string before it to the
/// start of the one after it, trimmed (at most 160 bytes back, 240 on).
fn sentence(b: &[u8], at: usize) -> std::ops::Range<usize> {
    let stop = |c: &u8| matches!(c, b'<' | b'>' | b'\n' | b'"');
    let from = at.saturating_sub(160);
    let start =
        (b.get(from..at).unwrap_or(&[]).iter().rposition(stop)).map_or(from, |q| from + q + 1);
    let to = (at + 240).min(b.len());
    let mut end = (b.get(at..to).unwrap_or(&[]).iter().position(stop)).map_or(to, |q| at + q);
    // Byte positions of ASCII stops are character boundaries; `from` and `to` may not be.
    let mut start = start;
    while start < at && (b[start] & 0xC0) == 0x80 {
        start += 1;
    }
    while end > at && end < b.len() && (b[end] & 0xC0) == 0x80 {
        end -= 1;
    }
    while start < end && b[start].is_ascii_whitespace() {
        start += 1;
    }
    while end > start && b[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::{read_refusal, CsrfSaid};

    fn said(body: &str) -> Option<(CsrfSaid, &str)> {
        read_refusal(body, false).map(|(s, r)| (s, &body[r]))
    }

    #[test]
    fn frameworks_refusals_are_read_with_their_reason() {
        let django_page = "<div id=\"summary\">\n  <h1>Forbidden <span>(403)</span></h1>\n  <p>CSRF verification failed. Request aborted.</p>\n</div>";
        assert_eq!(
            said(django_page),
            Some((
                CsrfSaid::Refused,
                "CSRF verification failed. Request aborted."
            ))
        );
        assert_eq!(
            said(r#"{"detail":"CSRF Failed: CSRF token missing."}"#),
            Some((CsrfSaid::Missing, "CSRF Failed: CSRF token missing."))
        );
        assert_eq!(
            said(r#"{"detail":"CSRF Failed: CSRF token from the 'X-Csrftoken' HTTP header incorrect."}"#)
                .map(|(s, _)| s),
            Some(CsrfSaid::Refused)
        );
        assert_eq!(
            said(r#"{"detail":"CSRF Failed: Origin checking failed - http://app.test does not match any trusted origins."}"#)
                .map(|(s, _)| s),
            Some(CsrfSaid::Origin)
        );
        assert_eq!(
            said(r#"{"detail":"CSRF Failed: CSRF cookie not set."}"#).map(|(s, _)| s),
            Some(CsrfSaid::CookieMissing)
        );
        assert_eq!(
            said("<p>The CSRF token is missing.</p>"),
            Some((CsrfSaid::Missing, "The CSRF token is missing."))
        );
        assert_eq!(
            said(r#"{"message": "CSRF token mismatch."}"#),
            Some((CsrfSaid::Refused, "CSRF token mismatch."))
        );
        assert_eq!(
            said("ForbiddenError: invalid csrf token<br> &nbsp; &nbsp;at csrf (/app/node_modules/csurf/index.js:112:19)")
                .map(|(s, _)| s),
            Some(CsrfSaid::Refused)
        );
        assert!(said("ActionController::InvalidAuthenticityToken").is_some());
        // gorilla/csrf and Play say the token was not found.
        assert_eq!(
            said("Forbidden - CSRF token not found in request").map(|(s, _)| s),
            Some(CsrfSaid::Missing)
        );
        // Django's debug page names its reason after the verdict: the reason wins.
        let debug = "<p>CSRF verification failed. Request aborted.</p>\n<p>Reason given for failure:</p>\n<pre>\n    CSRF token missing.\n    </pre>";
        assert_eq!(said(debug).map(|(s, _)| s), Some(CsrfSaid::Missing));
        // Laravel's 419 page says only "Page Expired".
        assert!(read_refusal("<title>Page Expired</title>", true).is_some());
        assert!(read_refusal("<title>Page Expired</title>", false).is_none());
    }

    #[test]
    fn a_page_that_only_holds_a_token_field_is_no_refusal() {
        assert_eq!(
            said(
                r#"<form><input type="hidden" name="csrfmiddlewaretoken" value="x"><p>Invalid password.</p></form>"#
            ),
            None
        );
        assert_eq!(
            said(r#"{"csrf_token":"abc","error":"invalid credentials"}"#),
            None
        );
        assert_eq!(said("Please enable CSRF protection in settings."), None);
        // A page's script that holds a token beside an unrelated error.
        let script =
            "<p>Invalid request.</p><script>const csrf = 'a'; if (failed) retry();</script>";
        assert_eq!(said(script), None);
        // Text that is not ASCII around the words: no slice lands inside a character.
        let s = format!("{}CSRF token missing.{}", "é".repeat(100), "ü".repeat(150));
        assert_eq!(said(&s).map(|(s, _)| s), Some(CsrfSaid::Missing));
    }
}
