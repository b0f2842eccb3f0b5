//! The finding model: plain data every shell renders the same way.

use std::borrow::Cow;

use serde::{Serialize, Serializer};

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

/// A JSON pointer into the HAR as a rule drafts it: written out only when the finding is put
/// into words. Where every request of a capture fails, its findings quote thousands of places,
/// and each written out was an allocation of its own (about half a megabyte on the bench's such
/// capture).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pointer {
    /// A part of an entry: `/log/entries/{entry}/{path}`, then `/{item}` when there is one
    /// (`request/headers`, 2: an entry's third request header line).
    Entry {
        /// Index into `log.entries`.
        entry: usize,
        /// The path below the entry, without slashes at either end.
        path: &'static str,
        /// The position in the list at `path`, if the pointer names one of its items.
        item: Option<u32>,
    },
    /// Anything else, written out (`/log/creator/name`).
    Other(Box<str>),
}

impl Pointer {
    /// `/log/entries/{entry}/{path}`.
    pub fn entry(entry: usize, path: &'static str) -> Pointer {
        Pointer::Entry {
            entry,
            path,
            item: None,
        }
    }

    /// `/log/entries/{entry}/{list}/{item}`. An item past `u32::MAX` (no capture has a list
    /// that long) is named as the list.
    pub fn item(entry: usize, list: &'static str, item: usize) -> Pointer {
        Pointer::Entry {
            entry,
            path: list,
            item: u32::try_from(item).ok(),
        }
    }

    /// The pointer written out, as [`Display`](std::fmt::Display) writes it: each piece of
    /// evidence of every finding has its own, thousands where every request failed.
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(48);
        let _ = self.write_into(&mut out); // a String takes every write
        out
    }

    /// Its pieces, each as it is: `format!`'s machinery is not needed to write two numbers.
    fn write_into(&self, out: &mut impl std::fmt::Write) -> std::fmt::Result {
        match self {
            Pointer::Entry { entry, path, item } => {
                let mut buf = [0; 20];
                out.write_str("/log/entries/")?;
                out.write_str(crate::text::decimal(*entry as u64, &mut buf))?;
                out.write_char('/')?;
                out.write_str(path)?;
                if let Some(item) = item {
                    out.write_char('/')?;
                    out.write_str(crate::text::decimal(u64::from(*item), &mut buf))?;
                }
                Ok(())
            }
            Pointer::Other(p) => out.write_str(p),
        }
    }
}

impl std::fmt::Display for Pointer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write_into(f)
    }
}

impl From<&str> for Pointer {
    fn from(p: &str) -> Pointer {
        Pointer::Other(p.into())
    }
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
    /// What to do, most likely fix first. (A fix naming no value is the catalog's own text,
    /// borrowed: where every request failed, 17,552 fixes were 19 texts.)
    pub fixes: Vec<Cow<'static, str>>,
    /// Standards and vendor documentation.
    pub references: Cow<'static, [Reference]>,
    /// How many requests this note stands for: notes about requests that did not
    /// fail are given once per message, naming the first few entries.
    #[serde(skip_serializing_if = "is_one")]
    pub repeats: usize,
    /// The values the message was built from, the same in every language
    /// (numbers, ISO 8601 times, catalog keys; secrets redacted), for scripts.
    #[serde(skip_serializing_if = "Fields::is_empty")]
    pub data: Fields<serde_json::Value>,
}

/// Named values of a message, in key order: a handful each, kept in one vector. (Every finding
/// and every draft has some: a `BTreeMap` holding three took a 640-byte node, a sixth of what
/// a finding held where every request failed.) Serialized as a JSON object.
#[derive(Debug, Clone, PartialEq)]
pub struct Fields<V>(Vec<(&'static str, V)>);

impl<V> Default for Fields<V> {
    fn default() -> Self {
        Fields(Vec::new())
    }
}

impl<V> Fields<V> {
    /// No values.
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| (*k).cmp(key))
    }

    /// Sets `key` to `value`; returns the value it replaces.
    pub fn insert(&mut self, key: &'static str, value: V) -> Option<V> {
        match self.find(key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    /// The value named `key`, set by `make` when there was none.
    pub fn get_or_insert_with(&mut self, key: &'static str, make: impl FnOnce() -> V) -> &mut V {
        let i = match self.find(key) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (key, make()));
                i
            }
        };
        &mut self.0[i].1
    }

    /// The value named `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.get_key_value(key).map(|(_, v)| v)
    }

    /// The value named `key`, with its name as given when it was set.
    pub fn get_key_value(&self, key: &str) -> Option<(&'static str, &V)> {
        let i = self.find(key).ok()?;
        let (k, v) = &self.0[i];
        Some((k, v))
    }

    /// Whether there is a value named `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Gives back the room beyond the values.
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }

    /// Names and values, in name order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&'static str, &V)> {
        self.0.iter().map(|(k, v)| (*k, v))
    }

    /// How many values.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// As a map built from pairs: a name given twice keeps its last value.
impl<V> FromIterator<(&'static str, V)> for Fields<V> {
    fn from_iter<I: IntoIterator<Item = (&'static str, V)>>(pairs: I) -> Self {
        let pairs = pairs.into_iter();
        let mut fields = Fields(Vec::with_capacity(pairs.size_hint().0));
        for (k, v) in pairs {
            fields.insert(k, v);
        }
        fields
    }
}

impl<V: Serialize> Serialize for Fields<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_keep_name_order_and_the_last_value_of_a_name_and_serialize_as_an_object() {
        let mut f = Fields::new();
        assert!(f.is_empty());
        assert_eq!(f.insert("scope", "read"), None);
        assert_eq!(f.insert("ago", "2 h"), None);
        assert_eq!(f.insert("realm", "api"), None);
        assert_eq!(f.insert("ago", "3 h"), Some("2 h"));
        assert_eq!(f.len(), 3);
        assert_eq!(
            f.iter().collect::<Vec<_>>(),
            [("ago", &"3 h"), ("realm", &"api"), ("scope", &"read")]
        );
        assert_eq!(f.get("realm"), Some(&"api"));
        assert_eq!(f.get("missing"), None);
        assert!(f.contains_key("scope") && !f.contains_key("scopes"));
        // The name comes back as it was set (`'static`), whatever string asked for it.
        let asked = String::from("ago");
        let (name, _) = f.get_key_value(&asked).unwrap();
        assert_eq!(name, "ago");
        assert_eq!(*f.get_or_insert_with("ago", || unreachable!()), "3 h");
        assert_eq!(*f.get_or_insert_with("code", || "401"), "401");
        assert_eq!(
            serde_json::to_string(&f).unwrap(),
            r#"{"ago":"3 h","code":"401","realm":"api","scope":"read"}"#
        );
        let built: Fields<u8> = [("b", 1), ("a", 2), ("b", 3)].into_iter().collect();
        assert_eq!(built.iter().collect::<Vec<_>>(), [("a", &2), ("b", &3)]);
    }

    #[test]
    fn pointers_are_written_out_with_their_numbers() {
        let cases = [
            (
                Pointer::entry(0, "response/status"),
                "/log/entries/0/response/status",
            ),
            (
                Pointer::item(1_234_567, "request/headers", 9),
                "/log/entries/1234567/request/headers/9",
            ),
            (
                Pointer::item(usize::MAX, "response/cookies", u32::MAX as usize),
                &format!("/log/entries/{}/response/cookies/4294967295", usize::MAX),
            ),
            // Past `u32::MAX`, the list itself.
            (
                Pointer::item(10, "request/headers", u32::MAX as usize + 1),
                "/log/entries/10/request/headers",
            ),
            (Pointer::from("/log/creator/name"), "/log/creator/name"),
        ];
        for (pointer, text) in cases {
            assert_eq!(pointer.text(), text);
            assert_eq!(pointer.to_string(), text);
        }
    }
}
