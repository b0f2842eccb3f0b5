//! `vendor-error`
//!
//! # What it detects
//! A failing request whose response carries an error an identity provider or API
//! platform documents in its own words: GitHub's device-flow and authorization
//! errors, Microsoft Entra ID's `AADSTS` codes, AWS API Gateway, SigV4 and
//! Cognito errors, Firebase Authentication's error codes, Keycloak's messages. The
//! tables live in `src/vendors/`, one file per vendor; the message names the vendor,
//! explains the code and links to the vendor's documentation.
//!
//! # Why it causes the failure
//! The provider said why in its own vocabulary: `AADSTS7000215` is an invalid client
//! secret, API Gateway's "Missing Authentication Token" is a wrong path, not a missing
//! token. Generic OAuth rules can only say "the grant was rejected".
//!
//! # Example (HAR excerpt)
//! `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. …"}`.
//!
//! # References
//! Each vendor's error documentation (in the finding's references).

use crate::finding::{Confidence, Reference, Severity};
use crate::vendors::{self, Seen, Signal};

use super::{entry_ptr, query_param, Draft, EntryCx, Phase, Rule, RuleMeta, Value};

pub struct VendorErrorRule;

static META: RuleMeta = RuleMeta {
    id: "vendor-error",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 1,
    phase: Phase::Main,
    references: &[Reference { title: "RFC 6749 §5.2 Error response", url: "https://www.rfc-editor.org/rfc/rfc6749#section-5.2" }],
};

impl Rule for VendorErrorRule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        // Only failures and refusals: a vendor's words on a healthy page (a help text that quotes a
        // code) are not a diagnosis.
        let refused = cx.failure().is_some()
            || cx.status().is_some_and(|s| s >= 400)
            || cx.oauth_error_redirect().is_some();
        // Besides refusals, only a redirect can be read: to a vendor's login page.
        if !refused && cx.entry.response_header("location").is_none() {
            return;
        }
        let location = cx.entry.response_header("location").map(|(_, l)| l);
        // A redirect that is not a refusal is only read for its Location (a vendor's login
        // page): its body is never decoded.
        let mut seen = if refused {
            Seen { body: cx.body(), json: cx.body_json(), location, ..Seen::default() }
        } else {
            Seen { location, ..Seen::default() }
        };
        let redirect_error = location.and_then(|l| query_param(&l.replacen('#', "?", 1), "error").or_else(|| query_param(l, "error")));
        if let Some(code) = cx.oauth_error() {
            seen.oauth_errors.push(code);
        }
        if let Some(code) = redirect_error.as_deref() {
            seen.oauth_errors.push(code);
        }
        // An error redirect's description travels in the Location too.
        let description = location.and_then(|l| query_param(&l.replacen('#', "?", 1), "error_description"));
        let Some(v) = first_found(refused, &seen, description.as_deref()) else {
            return;
        };
        let i = cx.index();
        let (pointer, excerpt) = match v.signal {
            Signal::OAuthError(code) if redirect_error.as_deref() == Some(code) => {
                (entry_ptr(i, "response/redirectURL"), Value::labeled("error", code))
            }
            Signal::OAuthError(code) => (entry_ptr(i, "response/content/text"), Value::labeled("error", code)),
            Signal::JsonValue(key, value) => (entry_ptr(i, "response/content/text"), Value::labeled(key, value)),
            Signal::Code(s) | Signal::Phrase(s) => (entry_ptr(i, "response/content/text"), Value::text(s)),
            Signal::RedirectTo(_) => (entry_ptr(i, "response/redirectURL"), Value::url(location.unwrap_or(""))),
        };
        // The server's own sentence, as it wrote it (scrubbed of the capture's credentials
        // when shown, like every server text).
        let says = cx
            .signin_page_error()
            .or_else(|| server_words(&seen, v.signal))
            .or(description.clone());
        let body_ptr = entry_ptr(i, "response/content/text");
        // The body's own sentence is the better excerpt of the body; a redirect keeps its
        // Location and adds the sentence.
        let excerpt = match &says {
            Some(words) if pointer == body_ptr => Value::labeled("message", Value::text(words.clone())),
            _ => excerpt,
        };
        let mut d = Draft::new(&META, i, Confidence::Certain)
            .severity(v.severity)
            .message_id(v.en.id)
            .data("vendor", v.vendor)
            .evidence(i, pointer.clone(), excerpt)
            .reference(v.reference.clone());
        if let Some(words) = says {
            if pointer != body_ptr {
                d = d.evidence(i, body_ptr, Value::labeled("message", Value::text(words.clone())));
            }
            d = d.data("server_says", Value::text(words));
        }
        out.push(d);
    }
}

/// The first vendor error whose signal the response shows (`seen`), or its error redirect's
/// description; only a redirect's signals unless the response refused the request.
fn search(refused: bool, seen: &Seen<'_>, description: Option<&str>) -> Option<usize> {
    #[cfg(test)]
    SEARCHES.set(SEARCHES.get() + 1);
    let text_seen = Seen { body: description, ..Seen::default() };
    vendors::all().position(|v| {
        (refused || matches!(v.signal, Signal::RedirectTo(_)))
            && (v.signal.matches(seen) || v.signal.matches(&text_seen))
    })
}

/// [`search`], remembered for the last responses this thread read ([`SEARCHED`]). The search
/// reads the body's JSON too (`seen.json`), which must be the body's parse
/// ([`EntryCx::body_json`]): the same body, the same JSON.
fn first_found(
    refused: bool,
    seen: &Seen<'_>,
    description: Option<&str>,
) -> Option<&'static vendors::VendorError> {
    let same = |s: &Searched| {
        s.refused == refused
            && s.body.as_deref() == seen.body
            && s.location.as_deref() == seen.location
            && s.description.as_deref() == description
            && (s.oauth_errors.iter().map(|e| &**e)).eq(seen.oauth_errors.iter().copied())
    };
    let len = [seen.body, seen.location, description].map(|t| t.map_or(0, str::len));
    let found = crate::memo::kept(
        &SEARCHED,
        len.iter().sum(),
        same,
        || Searched {
            refused,
            body: seen.body.map(Box::from),
            location: seen.location.map(Box::from),
            description: description.map(Box::from),
            oauth_errors: seen.oauth_errors.iter().map(|&e| Box::from(e)).collect(),
            found: search(refused, seen, description),
        },
        |searched| searched.found,
    );
    vendors::all().nth(found?)
}

/// What [`search`] was given and what it found.
struct Searched {
    refused: bool,
    body: Option<Box<str>>,
    location: Option<Box<str>>,
    description: Option<Box<str>>,
    oauth_errors: Vec<Box<str>>,
    found: Option<usize>,
}

thread_local! {
    /// The last responses this thread searched for a vendor's error, with what was found, the
    /// latest first. Where an API refuses every request it answers each with the same few
    /// bodies, and each was tried against every vendor's signals: a search took thousands of
    /// instructions, comparing takes a few dozen. Not kept when the body, the `Location` and
    /// the description come to [`crate::memo::KEPT_BYTES`] or more. Forgotten with the bodies
    /// this thread parsed ([`forget_searched`]).
    static SEARCHED: std::cell::RefCell<crate::memo::Recent<Searched, 4>> =
        const { std::cell::RefCell::new(crate::memo::Recent::new()) };
}

#[cfg(test)]
thread_local! {
    /// How many searches this thread made.
    static SEARCHES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Forgets the responses this thread searched ([`SEARCHED`]).
pub(crate) fn forget_searched() {
    SEARCHED.set(crate::memo::Recent::new());
}

/// How many searched responses this thread remembers ([`SEARCHED`]).
#[cfg(test)]
pub(crate) fn searched_kept() -> usize {
    SEARCHED.with_borrow(crate::memo::Recent::len)
}

/// The server's own words around a vendor's signal: the JSON body's message (at the
/// usual places) or the line of the body that holds the phrase, at most 240 characters.
fn server_words(seen: &Seen<'_>, signal: Signal) -> Option<String> {
    const MESSAGES: &[&[&str]] = &[
        &["error_description"],
        &["error", "message"],
        &["error", "error_description"],
        &["message"],
        &["errorSummary"],
    ];
    if let Some(json) = seen.json {
        let found = MESSAGES.iter().find_map(|path| {
            path.iter().try_fold(json, |v, k| v.get(*k))?.as_str().filter(|s| !s.trim().is_empty())
        });
        if let Some(s) = found {
            return Some(crate::text::head(s.trim(), 240).to_owned());
        }
    }
    let (Signal::Code(p) | Signal::Phrase(p)) = signal else { return None };
    let body = seen.body?;
    let at = body.find(p)?;
    // The line (or text between tags) that holds the phrase.
    let start = body[..at].rfind(['\n', '>']).map_or(0, |i| i + 1); // boundary: after an ASCII byte
    let end = body[at..].find(['\n', '<']).map_or(body.len(), |i| at + i); // boundary: at an ASCII byte
    let line = body[start..end].trim(); // boundary: both ends are ASCII-byte boundaries
    (!line.is_empty()).then(|| crate::text::head(line, 240).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the search itself finds, as [`first_found`] gives it.
    fn searched(refused: bool, seen: &Seen<'_>, description: Option<&str>) -> Option<&'static str> {
        search(refused, seen, description).and_then(|k| vendors::all().nth(k)).map(|v| v.en.id)
    }

    #[test]
    fn a_search_is_remembered_only_for_the_same_response() {
        forget_searched();
        let entra = r#"{"error":"invalid_client","error_description":"AADSTS7000215: bad secret"}"#;
        let aws = r#"{"message":"Missing Authentication Token"}"#;
        let (entra_json, aws_json) = (
            serde_json::from_str(entra).unwrap(),
            serde_json::from_str(aws).unwrap(),
        );
        let body = |text, json| Seen { body: Some(text), json: Some(json), ..Seen::default() };
        let cloudflare = "https://team.cloudflareaccess.com/cdn-cgi/access/login/app";
        let redirect = |location| Seen { location, ..Seen::default() };
        let with_error = |code| Seen { oauth_errors: vec![code], ..Seen::default() };
        // Each response differs from the one before in what the search reads, some in one
        // input only, and what the search finds differs too (`None` included).
        let responses: [(bool, Seen<'_>, Option<&str>); 9] = [
            (true, body(entra, &entra_json), None),
            (false, body(entra, &entra_json), None),
            (true, body(aws, &aws_json), None),
            (false, redirect(Some(cloudflare)), None),
            (false, redirect(None), None),
            (true, with_error("device_flow_disabled"), None),
            (true, with_error("incorrect_device_code"), None),
            (true, Seen::default(), Some("AADSTS7000215: bad secret")),
            (true, Seen::default(), None),
        ];
        let found: Vec<_> = responses.iter().map(|(r, s, d)| searched(*r, s, *d)).collect();
        assert!(found.windows(2).all(|w| w[0] != w[1]), "{found:?}");
        // Each asked twice in a row: searched the first time only. Then each again, the five
        // asked longest ago searched again.
        let asked = SEARCHES.get();
        for ((refused, seen, description), expected) in responses.iter().zip(&found) {
            for _ in 0..2 {
                let got = first_found(*refused, seen, *description).map(|v| v.en.id);
                assert_eq!(got, *expected, "{seen:?} {description:?}");
            }
        }
        assert_eq!(SEARCHES.get() - asked, responses.len());
        for ((refused, seen, description), expected) in responses.iter().zip(&found).rev() {
            let got = first_found(*refused, seen, *description).map(|v| v.en.id);
            assert_eq!(got, *expected, "again: {seen:?} {description:?}");
        }
        assert_eq!(SEARCHES.get() - asked, 2 * responses.len() - 4);
        // They go with the bodies parsed last (when an analysis ends, and after each task of a
        // pool).
        assert_eq!(searched_kept(), 4);
        crate::rules::facts::forget_last_parsed();
        assert_eq!(searched_kept(), 0);
        // A long body, or a long Location, is searched each time, never kept.
        let long = format!("AADSTS7000215 {}", " ".repeat(crate::memo::KEPT_BYTES));
        let long_location = format!("{cloudflare}?{}", "a".repeat(crate::memo::KEPT_BYTES));
        let by_body = Seen { body: Some(&long), ..Seen::default() };
        let by_location = redirect(Some(&long_location));
        for (refused, seen) in [(true, by_body), (false, by_location)] {
            let got = first_found(refused, &seen, None).map(|v| v.en.id);
            assert!(got.is_some() && got == searched(refused, &seen, None));
        }
        assert_eq!(searched_kept(), 0);
    }
}
