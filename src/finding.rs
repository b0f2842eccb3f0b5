//! The finding model: plain data every shell renders the same way.

use std::collections::BTreeMap;

use serde::Serialize;

/// How bad a finding is for the request it concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The request failed because of this.
    Error,
    /// This weakens or endangers authentication, or may contribute.
    Warning,
    /// Context that helps reading the capture.
    Info,
}

impl Severity {
    /// Lowercase name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// How sure the rule is that this is the cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// The capture proves it (the server said so, or the data cannot be otherwise).
    Certain,
    /// Strong evidence, one plausible explanation.
    Likely,
    /// Consistent with the capture, worth checking.
    Possible,
}

impl Confidence {
    /// Lowercase name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Certain => "certain",
            Confidence::Likely => "likely",
            Confidence::Possible => "possible",
        }
    }
}

/// A place in the HAR that supports a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Index into `log.entries`.
    pub entry: usize,
    /// JSON pointer into the HAR, e.g. `/log/entries/3/request/headers/2`.
    pub pointer: String,
    /// What is there, with secrets redacted.
    pub excerpt: String,
}

/// A document that explains the cause or the fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// Short title (`RFC 6750 §3.1`).
    pub title: &'static str,
    /// Link.
    pub url: &'static str,
}

/// One diagnosed cause, localized and redacted, ready for any shell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable kebab-case rule id.
    pub rule: &'static str,
    /// The catalog message it was written from: the rule id, or `rule-id.variant`
    /// (`jwt-expired.accepted`), the same in every language.
    pub message: String,
    /// How bad it is.
    pub severity: Severity,
    /// How sure the rule is.
    pub confidence: Confidence,
    /// Entries concerned (indexes into `log.entries`), the failing one first.
    pub entries: Vec<usize>,
    /// Where the capture shows it.
    pub evidence: Vec<Evidence>,
    /// One line.
    pub title: String,
    /// Why this makes the request fail, with the capture's own values.
    pub explanation: String,
    /// What to do, most likely fix first.
    pub fixes: Vec<String>,
    /// Standards and vendor documentation.
    pub references: Vec<Reference>,
    /// How many requests this note stands for: notes about requests that did not
    /// fail are given once per message, naming the first few entries.
    #[serde(skip_serializing_if = "is_one")]
    pub repeats: usize,
    /// The values the message was built from, the same in every language
    /// (numbers, ISO 8601 times, catalog keys; secrets redacted), for scripts.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub data: BTreeMap<&'static str, serde_json::Value>,
}

fn is_one(n: &usize) -> bool {
    *n == 1
}
