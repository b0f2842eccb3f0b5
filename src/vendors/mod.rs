//! Identity providers and API platforms in their own words: one table per vendor.
//!
//! Each entry says how the vendor's error shows in a capture ([`Signal`]), what it
//! means and what to do, in English and Japanese, with a link to the vendor's own
//! documentation. The `vendor-error` rule looks them up for failing requests; the
//! message catalog finds their words through [`message`]. A test checks that every
//! entry has both languages, a reference, a unique id, and is found by the rule.

use crate::finding::{Reference, Severity};
use crate::messages::{Lang, Msg};

mod auth0;
mod aws;
mod cloudflare;
mod entra;
mod firebase;
mod github;
mod google;
mod keycloak;
mod okta;
mod slack;
mod stripe;
mod supabase;

/// How a vendor's error shows in a response.
#[derive(Debug, Clone, Copy)]
pub enum Signal {
    /// An OAuth `error` code: in a token response body, or as `error=` in an error
    /// redirect's `Location` (query or fragment).
    OAuthError(&'static str),
    /// A JSON member with this name and string value, at any depth of the body
    /// (`{"error":{"message":"TOKEN_EXPIRED"}}`).
    JsonValue(&'static str, &'static str),
    /// A numbered code in the body text, not followed by another digit
    /// (`AADSTS50126` does not match `AADSTS501260`).
    Code(&'static str),
    /// An exact phrase in the body text (an HTML error page, an XML or JSON message).
    Phrase(&'static str),
    /// A redirect whose `Location` contains this text (a vendor's login page).
    RedirectTo(&'static str),
}

/// One error of one vendor.
#[derive(Debug)]
pub struct VendorError {
    /// The vendor as people name it ("GitHub", "Microsoft Entra ID").
    pub vendor: &'static str,
    /// How it shows in a capture.
    pub signal: Signal,
    /// Error, or warning when the request may still be fine to retry.
    pub severity: Severity,
    /// The words, `id` being `vendor-error.<vendor>.<key>`.
    pub en: Msg,
    /// The same in Japanese, same `id`.
    pub ja: Msg,
    /// The vendor's documentation of this error.
    pub reference: Reference,
}

/// Every vendor's table, in a fixed order (the first match wins).
pub fn all() -> impl Iterator<Item = &'static VendorError> {
    [
        github::ERRORS,
        entra::ERRORS,
        google::ERRORS,
        okta::ERRORS,
        auth0::ERRORS,
        keycloak::ERRORS,
        aws::ERRORS,
        firebase::ERRORS,
        supabase::ERRORS,
        cloudflare::ERRORS,
        slack::ERRORS,
        stripe::ERRORS,
    ]
    .into_iter()
    .flatten()
}

/// The vendors covered, for the README and the docs.
pub fn vendors() -> Vec<&'static str> {
    let mut v: Vec<&str> = all().map(|e| e.vendor).collect();
    v.dedup();
    v
}

/// A vendor error's words by message id.
pub fn message(lang: Lang, id: &str) -> Option<&'static Msg> {
    let e = all().find(|e| e.en.id == id)?;
    Some(if lang == Lang::Ja { &e.ja } else { &e.en })
}

/// What the matcher reads of one response.
#[derive(Debug, Default)]
pub struct Seen<'a> {
    /// OAuth `error` codes (body, error redirect).
    pub oauth_errors: Vec<&'a str>,
    /// The body as text.
    pub body: Option<&'a str>,
    /// The body as JSON.
    pub json: Option<&'a serde_json::Value>,
    /// The `Location` of a redirect.
    pub location: Option<&'a str>,
}

impl Signal {
    /// Whether the response shows this signal.
    pub fn matches(&self, seen: &Seen<'_>) -> bool {
        match *self {
            Signal::OAuthError(code) => seen.oauth_errors.contains(&code),
            Signal::JsonValue(key, value) => {
                seen.json.is_some_and(|j| has_member(j, key, value, 0))
            }
            Signal::Code(code) => seen.body.is_some_and(|b| has_code(b, code)),
            // `str::contains` has no SIMD in WebAssembly (a two-way searcher made per call):
            // every failing body is asked every vendor's phrases.
            Signal::Phrase(p) => seen.body.is_some_and(|b| crate::text::contains(b, p)),
            Signal::RedirectTo(p) => seen.location.is_some_and(|l| crate::text::contains(l, p)),
        }
    }
}

fn has_member(v: &serde_json::Value, key: &str, value: &str, depth: usize) -> bool {
    use serde_json::Value;
    if depth > 8 {
        return false;
    }
    match v {
        Value::Object(map) => map.iter().any(|(k, v)| {
            (k == key && v.as_str() == Some(value)) || has_member(v, key, value, depth + 1)
        }),
        Value::Array(items) => items.iter().any(|v| has_member(v, key, value, depth + 1)),
        _ => false,
    }
}

/// Whether `code` is in `body` and not followed by a digit (`AADSTS50126` is not `AADSTS501`).
fn has_code(body: &str, code: &str) -> bool {
    // Each place of the code's first byte is compared (as `text::contains` does for short
    // texts): codes are a dozen bytes, and a searcher made per body costs more than this.
    let (body, code) = (body.as_bytes(), code.as_bytes());
    let Some(&first) = code.first() else {
        return false;
    };
    memchr::memchr_iter(first, body).any(|i| {
        body.get(i..).is_some_and(|at| at.starts_with(code))
            && !body.get(i + code.len()).is_some_and(u8::is_ascii_digit)
    })
}

/// Shorthand for the tables.
pub(crate) const fn msg(
    id: &'static str,
    title: &'static str,
    explanation: &'static str,
    fixes: &'static [&'static str],
) -> Msg {
    Msg {
        id,
        title,
        explanation,
        fixes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_has_both_languages_a_reference_and_a_unique_id() {
        let mut ids = std::collections::HashSet::new();
        for e in all() {
            assert!(ids.insert(e.en.id), "duplicate id {}", e.en.id);
            assert_eq!(e.en.id, e.ja.id, "{}", e.en.id);
            assert!(e.en.id.starts_with("vendor-error."), "{}", e.en.id);
            for m in [&e.en, &e.ja] {
                assert!(!m.title.is_empty() && !m.explanation.is_empty(), "{}", m.id);
                assert!(!m.fixes.is_empty(), "{}: no fix", m.id);
            }
            assert_eq!(e.en.fixes.len(), e.ja.fixes.len(), "{}", e.en.id);
            // Japanese text is Japanese, English text is not.
            let kana = |s: &str| s.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c));
            assert!(
                kana(e.ja.explanation) && !kana(e.en.explanation),
                "{}",
                e.en.id
            );
            assert!(e.reference.url.starts_with("https://"), "{}", e.en.id);
            assert!(!e.reference.title.is_empty(), "{}", e.en.id);
        }
        assert!(ids.len() >= 40, "{} entries", ids.len());
    }

    #[test]
    fn codes_match_whole_numbers_only() {
        assert!(has_code(
            "AADSTS50126: Error validating credentials",
            "AADSTS50126"
        ));
        assert!(!has_code("AADSTS501260: other", "AADSTS50126"));
        assert!(has_code("x AADSTS50126", "AADSTS50126"));
        // The first place is a longer code; the second is the code itself.
        assert!(has_code("AADSTS501260, then AADSTS50126.", "AADSTS50126"));
        assert!(has_code("「AADSTS50126」エラー", "AADSTS50126"));
        assert!(!has_code("AADSTS5012", "AADSTS50126"));
    }
}
