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
        let text_seen = Seen { body: description.as_deref(), ..Seen::default() };
        let Some(v) = vendors::all()
            .filter(|v| refused || matches!(v.signal, Signal::RedirectTo(_)))
            .find(|v| v.signal.matches(&seen) || v.signal.matches(&text_seen))
        else {
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
