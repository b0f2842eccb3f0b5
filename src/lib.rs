//! why401 explains why a request failed authentication, from the browser's own
//! network record (a HAR capture), without sending anything anywhere.
//!
//! A short tour: bytes of a HAR go in, a [`Report`] comes out. The report lists every
//! authentication failure with its causes, best first; each cause is a
//! [`Finding`](finding::Finding) with a stable rule id, a confidence, evidence that
//! points into the HAR, fixes and references, with every secret redacted.
//!
//! ```
//! use why401::{analyze_bytes, Options};
//!
//! let har = br#"{"log":{"entries":[{
//!   "startedDateTime":"2024-05-01T10:00:00.000Z",
//!   "request":{"method":"GET","url":"https://api.test/me",
//!              "headers":[{"name":"Authorization","value":"Bearer undefined"}]},
//!   "response":{"status":401,"headers":[{"name":"WWW-Authenticate","value":"Bearer"}]}}]}}"#;
//! let report = analyze_bytes(har.to_vec(), &Options::default()).unwrap();
//! assert_eq!(report.failures[0].causes[0], "token-placeholder");
//! ```
//!
//! The core is pure Rust: time and language come in through [`Options`], so the same
//! code runs natively (the CLI) and in WebAssembly (the page and the DevTools panel).
#![deny(missing_docs)]

pub mod analysis;
pub mod compact;
pub mod diff;
pub mod docs;
pub mod finding;
pub mod guard;
pub mod har;
pub mod http;
pub mod jwt;
pub mod knowledge;
mod memo;
pub mod memory;
pub mod messages;
mod multi_find;
pub mod parallel;
pub mod progress;
pub mod redact;
pub mod render;
pub mod rules;
pub mod sanitize;
pub mod text;
pub mod time;
pub mod value;
pub mod vendors;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use analysis::{analyze_bytes, analyze_har, Failure, InputError, Report};
pub use messages::Lang;

/// How to analyse: the clock, its tolerance, the language, and redaction.
#[derive(Debug, Clone)]
pub struct Options {
    /// "Now" in Unix milliseconds, used only when an entry has no start time.
    pub now_ms: Option<i64>,
    /// Clock-skew tolerance for time-based checks, in seconds.
    pub leeway_secs: i64,
    /// Language of titles, explanations and fixes.
    pub lang: Lang,
    /// Show secrets in clear (the user asked); redacted otherwise.
    pub show_secrets: bool,
    /// Run only these rule ids (all when `None`).
    pub rules: Option<Vec<String>>,
    /// Entries and rules to leave out because why401 failed on them (see [`guard`]).
    pub skip: Vec<guard::Skip>,
    /// The key of this report's secret fingerprints; none, no fingerprints (see
    /// [`redact`]). The shells draw one at random per report or session.
    pub fingerprint_key: Option<redact::FingerprintKey>,
    /// The credentials of the capture being reported on, scrubbed from every text
    /// the server wrote (see [`redact::KnownSecrets`]; [`Options::for_capture`]).
    pub known_secrets: std::sync::Arc<redact::KnownSecrets>,
    /// Test hook: panic when the analysis reaches this entry, to prove that every
    /// shell survives a bug (see [`guard`]). Never set by a capture.
    #[doc(hidden)]
    pub fault_entry: Option<usize>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            now_ms: None,
            leeway_secs: 60,
            lang: Lang::En,
            show_secrets: false,
            rules: None,
            skip: Vec::new(),
            fingerprint_key: None,
            known_secrets: Default::default(),
            fault_entry: None,
        }
    }
}

impl Options {
    /// A secret as it may be shown.
    pub fn secret(&self, value: &str) -> String {
        if self.show_secrets {
            value.to_owned()
        } else {
            redact::secret_keyed(value, self.fingerprint_key.as_ref())
        }
    }

    /// These options for one capture: the same, plus the capture's credentials to
    /// scrub from what the server wrote. Borrowed when they are known already.
    pub fn for_capture(&self, har: &har::Har<'_>) -> std::borrow::Cow<'_, Options> {
        if self.show_secrets || !self.known_secrets.is_empty() {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut o = self.clone();
        o.known_secrets = har.known_secrets();
        std::borrow::Cow::Owned(o)
    }

    /// Text from the capture with every known credential in it redacted (servers
    /// echo what they were sent).
    pub fn scrub<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        if self.show_secrets {
            std::borrow::Cow::Borrowed(text)
        } else {
            self.known_secrets.scrub(text, &|v| self.secret(v))
        }
    }

    /// A header value as it may be shown.
    pub fn header(&self, name: &str, value: &str) -> String {
        if self.show_secrets {
            value.to_owned()
        } else {
            let named = redact::header_value_with(name, value, &|v| self.secret(v));
            self.scrub(&named).into_owned()
        }
    }

    /// A request or response body as it may be shown (JSON and form members by name).
    pub fn body(&self, mime: &str, text: &str) -> String {
        if self.show_secrets {
            text.to_owned()
        } else {
            redact::body_with(mime, text, &|v| self.secret(v)).unwrap_or_else(|| text.to_owned())
        }
    }

    /// A URL as it may be shown.
    pub fn redact_url(&self, url: &str) -> String {
        if self.show_secrets {
            url.to_owned()
        } else {
            self.scrub(&redact::url_with(url, &|v| self.secret(v)))
                .into_owned()
        }
    }
}
