//! The message catalog: every sentence a user reads, in English and Japanese.
//!
//! Rules never write prose. They emit a message id (the rule id, or
//! `rule-id.variant`) and named values; the catalog turns those into a title, an
//! explanation and ordered fixes in the chosen language. Templates name values as
//! `{name}`; a tidy test checks that both languages define the same ids and use the
//! same placeholders.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::finding::Fields;
use crate::value::Value;

mod en;
mod ja;

/// A language for explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// Parses `en`, `ja`, or a locale such as `ja_JP.UTF-8` / `ja-JP`.
    pub fn parse(s: &str) -> Option<Lang> {
        let lower = s.trim().to_ascii_lowercase();
        if lower.starts_with("ja") {
            Some(Lang::Ja)
        } else if lower.starts_with("en")
            || lower == "c"
            || lower == "posix"
            || lower.starts_with("c.")
        {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of a POSIX environment (`LC_ALL`, `LC_MESSAGES`, `LANG`, in
    /// that order), given as looked-up values so the core stays free of `std::env`.
    pub fn from_locale_vars(vars: &[Option<String>]) -> Lang {
        vars.iter()
            .flatten()
            .find(|v| !v.is_empty())
            .and_then(|v| Lang::parse(v))
            .unwrap_or_default()
    }

    /// `en` or `ja`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }
}

/// The words of one message.
#[derive(Debug)]
pub struct Msg {
    /// Message id: a rule id or `rule-id.variant`.
    pub id: &'static str,
    /// One line.
    pub title: &'static str,
    /// Why the request fails.
    pub explanation: &'static str,
    /// Fixes, most likely first; a variant with none uses its rule's fixes.
    pub fixes: &'static [&'static str],
}

/// All messages of one language.
pub fn catalog(lang: Lang) -> &'static [Msg] {
    match lang {
        Lang::En => en::MESSAGES,
        Lang::Ja => ja::MESSAGES,
    }
}

/// A message by id, falling back to English, then to the rule's base message.
pub fn get(lang: Lang, id: &str) -> Option<&'static Msg> {
    if id.starts_with("vendor-error.") {
        return crate::vendors::message(lang, id);
    }
    let find = |l: Lang, id: &str| catalog(l).iter().find(|m| m.id == id);
    find(lang, id).or_else(|| find(Lang::En, id)).or_else(|| {
        let base = id.split('.').next()?;
        (base != id).then(|| get(lang, base)).flatten()
    })
}

/// A key's text in a language's table, falling back to English, else empty.
fn lookup(
    lang: Lang,
    en: &'static [(&str, &str)],
    ja: &'static [(&str, &str)],
    key: &str,
) -> &'static str {
    let table = if lang == Lang::Ja { ja } else { en };
    table
        .iter()
        .chain(en.iter())
        .find(|(k, _)| *k == key)
        .map_or("", |(_, v)| v)
}

/// A rule's one-line summary.
pub fn summary(lang: Lang, rule: &str) -> &'static str {
    lookup(lang, en::SUMMARIES, ja::SUMMARIES, rule)
}

/// Every interface key with its English text.
pub fn ui_keys() -> impl Iterator<Item = (&'static str, &'static str)> {
    en::UI.iter().copied()
}

/// Interface words (labels, headings) by key.
pub fn ui(lang: Lang, key: &str) -> &'static str {
    lookup(lang, en::UI, ja::UI, key)
}

/// A template filled with typed values, each shown by [`Value::show`] (the one place
/// that formats, redacts and escapes).
///
/// `{name}` is replaced by the value. A part written `[[…]]` is optional: it is kept
/// (without the brackets) when every value it names is present and not empty, and
/// left out otherwise, so a sentence never shows a hole (`realm —`). An unknown
/// name outside an optional part stays visible as `{name}`, so tests notice it.
pub fn fill(template: &str, data: &Fields<Value>, opts: &crate::Options) -> String {
    Shown::new(data, opts).fill(template)
}

/// The values of one message, each shown ([`Value::show`]) once however many of its
/// templates name it: a finding's title, explanation, fixes and data often show the same
/// header, and showing one redacts and scrubs it.
pub struct Shown<'d> {
    data: &'d Fields<Value>,
    opts: &'d crate::Options,
    shown: Fields<String>,
}

impl<'d> Shown<'d> {
    /// Nothing shown yet.
    pub fn new(data: &'d Fields<Value>, opts: &'d crate::Options) -> Self {
        Shown {
            data,
            opts,
            shown: Fields::new(),
        }
    }

    /// The value named `name`, as shown.
    pub fn get(&mut self, name: &str) -> Option<&str> {
        let (key, value) = self.data.get_key_value(name)?;
        let opts = self.opts;
        Some(self.shown.get_or_insert_with(key, || value.show(opts)))
    }

    /// [`Shown::fill`] of a catalog text: the text itself when it names no value and has no
    /// optional part (nothing to fill, nothing to copy).
    pub fn fill_static(&mut self, template: &'static str) -> Cow<'static, str> {
        if template.contains('{') || template.contains("[[") {
            Cow::Owned(self.fill(template))
        } else {
            Cow::Borrowed(template)
        }
    }

    /// [`fill`], with the values shown so far.
    pub fn fill(&mut self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = crate::text::find(rest, "[[") {
            let Some(len) = crate::text::find(&rest[open + 2..], "]]") else {
                break;
            };
            self.fill_into(&mut out, &rest[..open]);
            let part = &rest[open + 2..open + 2 + len];
            let present = placeholders(part)
                .iter()
                .all(|name| self.data.get(name).is_some_and(|v| !v.is_empty()));
            if present {
                self.fill_into(&mut out, part);
            }
            rest = &rest[open + 2 + len + 2..];
        }
        self.fill_into(&mut out, rest);
        out
    }

    fn fill_into(&mut self, out: &mut String, template: &str) {
        let mut rest = template;
        // memchr's search: `str::find` of a char makes a searcher each time (every sentence of
        // every finding is filled).
        while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match memchr::memchr(b'}', after.as_bytes()) {
                Some(close) if is_name(&after[..close]) => {
                    let name = &after[..close];
                    match self.get(name) {
                        Some(v) => out.push_str(v),
                        None => {
                            out.push('{');
                            out.push_str(name);
                            out.push('}');
                        }
                    }
                    rest = &after[close + 1..];
                }
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
    }
}

/// Replaces the one placeholder `{key}` of a catalog phrase with `value` (already text).
pub fn fill_plain(template: &str, key: &str, value: &str) -> String {
    template.replace(&format!("{{{key}}}"), value)
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The singular and plural templates (`{n} entry`, `{n} entries`) of a noun.
pub fn noun(lang: Lang, key: &str) -> (&'static str, &'static str) {
    let table = if lang == Lang::Ja {
        ja::NOUNS
    } else {
        en::NOUNS
    };
    table
        .iter()
        .chain(en::NOUNS.iter())
        .find(|(k, _, _)| *k == key)
        .map_or(("{n}", "{n}"), |(_, one, other)| (*one, *other))
}

/// The name of a character that credentials often carry by mistake, in `lang`.
pub fn char_name(lang: Lang, c: char) -> Option<&'static str> {
    let table = if lang == Lang::Ja {
        ja::CHARS
    } else {
        en::CHARS
    };
    table.iter().find(|(k, _)| *k == c).map(|(_, name)| *name)
}

/// The `{name}` placeholders a template uses, for the tidy test.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if after[..close]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                names.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_known_and_keeps_unknown() {
        let opts = crate::Options::default();
        let mut d = Fields::new();
        d.insert("ago", Value::Duration(7200));
        assert_eq!(
            fill("expired {ago} ago, {x}", &d, &opts),
            "expired 2 h ago, {x}"
        );
        assert_eq!(fill("json {\"a\":1}", &d, &opts), "json {\"a\":1}");
    }

    #[test]
    fn a_catalog_text_naming_no_value_is_borrowed_as_it_is_and_others_are_filled() {
        let opts = crate::Options::default();
        let mut d = Fields::new();
        d.insert("realm", Value::text("api"));
        let mut shown = Shown::new(&d, &opts);
        let plain = "Send `Cache-Control: no-store` on 401 responses.";
        assert!(matches!(shown.fill_static(plain), Cow::Borrowed(t) if std::ptr::eq(t, plain)));
        for template in [
            "Rejected (realm {realm}).",
            "Rejected[[ in {missing}]].",
            "json {\"a\":1}",
        ] {
            let filled = shown.fill_static(template);
            assert!(matches!(filled, Cow::Owned(_)), "{template}");
            assert_eq!(filled, fill(template, &d, &opts));
        }
    }

    #[test]
    fn optional_parts_disappear_with_their_values() {
        let opts = crate::Options::default();
        let mut d = Fields::new();
        d.insert("realm", Value::text("api"));
        d.insert("empty", Value::text(""));
        assert_eq!(
            fill("Rejected[[ (realm {realm})]].", &d, &opts),
            "Rejected (realm api)."
        );
        assert_eq!(fill("Rejected[[: {missing}]].", &d, &opts), "Rejected.");
        assert_eq!(
            fill("Rejected[[: {empty}]][[ in {realm}]].", &d, &opts),
            "Rejected in api."
        );
        assert_eq!(fill("[[unclosed {realm}", &d, &opts), "[[unclosed api");
    }

    #[test]
    fn locale_detection() {
        assert_eq!(Lang::parse("ja_JP.UTF-8"), Some(Lang::Ja));
        assert_eq!(Lang::parse("en-US"), Some(Lang::En));
        assert_eq!(Lang::parse("fr_FR"), None);
        assert_eq!(
            Lang::from_locale_vars(&[None, Some(String::new()), Some("ja_JP".into())]),
            Lang::Ja
        );
        assert_eq!(Lang::from_locale_vars(&[Some("fr_FR".into())]), Lang::En);
    }

    #[test]
    fn both_languages_define_the_same_messages_and_placeholders() {
        for m in catalog(Lang::En) {
            let ja = catalog(Lang::Ja).iter().find(|j| j.id == m.id);
            let ja = ja.unwrap_or_else(|| panic!("{} has no Japanese message", m.id));
            assert_eq!(m.fixes.len(), ja.fixes.len(), "{}: fix count differs", m.id);
            let en_ph: Vec<_> = [m.title, m.explanation]
                .iter()
                .flat_map(|t| placeholders(t))
                .chain(m.fixes.iter().flat_map(|f| placeholders(f)))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            let ja_ph: Vec<_> = [ja.title, ja.explanation]
                .iter()
                .flat_map(|t| placeholders(t))
                .chain(ja.fixes.iter().flat_map(|f| placeholders(f)))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            assert_eq!(en_ph, ja_ph, "{}: placeholders differ", m.id);
        }
        for j in catalog(Lang::Ja) {
            assert!(
                catalog(Lang::En).iter().any(|m| m.id == j.id),
                "{} only in Japanese",
                j.id
            );
        }
        for (k, _) in en::SUMMARIES {
            assert!(
                ja::SUMMARIES.iter().any(|(j, _)| j == k),
                "summary of {k} has no Japanese text"
            );
        }
        for (k, _) in en::UI {
            assert!(
                ja::UI.iter().any(|(j, _)| j == k),
                "UI key {k} has no Japanese text"
            );
        }
    }
}
