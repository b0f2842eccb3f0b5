//! Typed values: what rules hand over instead of text, and the one place that
//! turns them into words.
//!
//! A rule never formats a user-visible string. It hands over a [`Value`] (a
//! secret, a header line, a duration, a count of entries, a word of the
//! catalog…) and [`Value::show`] turns it into text in the reader's language,
//! redacting secrets by the one policy of [`crate::redact`] and escaping control
//! and bidirectional characters of capture text. A rule cannot leak a secret or
//! English into a Japanese sentence, because it never holds a formatted string.
//! [`Value::data`] gives the same value without language, for the JSON `data`
//! that scripts read.

use std::fmt::Write as _;
use std::sync::Arc;

use serde_json::json;

use crate::messages::{self, Lang};
use crate::Options;

/// A value for a message or an evidence line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text from the capture or a protocol, shown as it is (host, realm, cookie
    /// name, error code), with control and bidirectional characters escaped.
    Text(String),
    /// A credential: shown redacted unless the user asked to see secrets.
    Secret(String),
    /// A header line `Name: value`, the value redacted as that header's policy says. A long
    /// value is shared with the same value quoted on this thread a moment before ([`quote`]).
    Header(String, Arc<str>),
    /// A URL, with the credentials in it redacted.
    Url(String),
    /// `name: value`, where the name is capture text (a form field, a query key,
    /// a JSON pointer) and the value is shown as its own kind says.
    Labeled(String, Box<Value>),
    /// A length of time, in seconds.
    Duration(i64),
    /// A length of time, in milliseconds (shown in ms below a second).
    Millis(i64),
    /// A moment, in Unix milliseconds (shown in ISO 8601, UTC).
    Instant(i64),
    /// A plain number (a status code, a claim value).
    Number(i64),
    /// How many of something: a key of the catalog's noun table (`entry`,
    /// `failure`, `part`, `character`, `byte`…), with the language's plural rules.
    Count(u64, &'static str),
    /// A position in a text counted from 0, shown counted from 1.
    Position(usize),
    /// A character, named in the reader's language with its code point.
    Char(char),
    /// A word or phrase of the catalog's interface table.
    Word(&'static str),
    /// An entry of the capture, shown as `#3`.
    Entry(usize),
    /// A phrase of the catalog's interface table with values of its own
    /// (`status {status}`).
    Phrase(&'static str, Vec<(&'static str, Value)>),
    /// Values as a list in the reader's language (`a, b and c`, `a、b、c`).
    List(Vec<Value>),
    /// Values as they are, separated by `, ` (header lists such as `GET, POST`).
    Joined(Vec<Value>),
}

thread_local! {
    /// The last long header values this thread quoted ([`quote`]).
    static QUOTED: std::cell::RefCell<crate::memo::Recent<Arc<str>, QUOTES_KEPT>> =
        const { std::cell::RefCell::new(crate::memo::Recent::new()) };
}

/// How many long quotes each thread keeps: an entry's rules quote a few of its headers, and the
/// next entry sends the same (its token, its cookies).
const QUOTES_KEPT: usize = 4;

/// Quotes this long or longer are shared ([`quote`]); shorter ones are copied.
const SHARED_QUOTE: usize = 64;

/// `text` as a value quotes it: a text of [`SHARED_QUOTE`] bytes or more, the same as one of the
/// [`QUOTES_KEPT`] long texts this thread quoted most recently, is that quote, shared. A token
/// sent with every request is quoted by every finding about it: where every request of the
/// bench's capture failed, its drafts held 29,037 copies of 21 texts (1.95 MB of their 5.6).
/// The comparison is of the text, not a hash of it. The quotes are forgotten with their
/// analysis ([`forget_quotes`]).
pub fn quote(text: &str) -> Arc<str> {
    if text.len() < SHARED_QUOTE {
        return Arc::from(text);
    }
    // The one quoted now goes first: a token quoted on every request stays, however many
    // other long texts come between.
    QUOTED
        .with_borrow_mut(|kept| Arc::clone(kept.find_or_put(|q| **q == *text, || Arc::from(text))))
}

/// Forgets the quotes this thread kept ([`quote`]): a credential is not kept past its analysis.
/// The engine calls it as each analysis ends; a program that quotes outside one can too.
pub fn forget_quotes() {
    QUOTED.set(crate::memo::Recent::new());
}

/// How many quotes this thread keeps ([`quote`]).
#[cfg(test)]
pub(crate) fn quotes_kept() -> usize {
    QUOTED.with_borrow(crate::memo::Recent::len)
}

impl Value {
    /// Text from the capture or a protocol.
    pub fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    /// A credential.
    pub fn secret(s: impl Into<String>) -> Value {
        Value::Secret(s.into())
    }

    /// A header line, redacted as that header's policy says.
    pub fn header(name: impl Into<String>, value: impl AsRef<str>) -> Value {
        Value::Header(name.into(), quote(value.as_ref()))
    }

    /// A URL.
    pub fn url(s: impl Into<String>) -> Value {
        Value::Url(s.into())
    }

    /// `name: value`.
    pub fn labeled(name: impl Into<String>, value: impl Into<Value>) -> Value {
        Value::Labeled(name.into(), Box::new(value.into()))
    }

    /// A catalog phrase with values of its own.
    pub fn phrase(key: &'static str, args: Vec<(&'static str, Value)>) -> Value {
        Value::Phrase(key, args)
    }

    /// Whether the value has nothing to show (an empty text or list); templates
    /// leave out the optional part (`[[…]]`) that holds such a value.
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Text(s) | Value::Secret(s) | Value::Url(s) => s.trim().is_empty(),
            Value::List(v) | Value::Joined(v) => v.is_empty(),
            _ => false,
        }
    }

    /// The value in the reader's language, redacted and escaped.
    pub fn show(&self, opts: &Options) -> String {
        let lang = opts.lang;
        match self {
            Value::Text(s) => localize_redaction(escape_controls(&opts.scrub(s)), lang),
            Value::Secret(s) => localize_redaction(escape_controls(&opts.secret(s)), lang),
            Value::Header(name, value) => localize_redaction(
                format!(
                    "{}: {}",
                    escape_controls(name),
                    escape_controls(&opts.header(name, value))
                ),
                lang,
            ),
            Value::Url(u) => localize_redaction(escape_controls(&opts.redact_url(u)), lang),
            Value::Labeled(name, v) => format!("{}: {}", escape_controls(name), v.show(opts)),
            Value::Duration(secs) => match lang {
                Lang::Ja => crate::time::humanize_duration_secs_ja(*secs),
                Lang::En => crate::time::humanize_duration_secs(*secs),
            },
            Value::Millis(ms) if ms.abs() < 1000 => match lang {
                Lang::Ja => format!("{ms} ミリ秒"),
                Lang::En => format!("{ms} ms"),
            },
            Value::Millis(ms) => Value::Duration(ms / 1000).show(opts),
            Value::Instant(ms) => crate::time::format_iso8601(*ms),
            Value::Number(n) => n.to_string(),
            Value::Count(n, noun) => count(lang, *n, noun),
            Value::Position(i) => {
                messages::fill_plain(messages::ui(lang, "position"), "n", &(i + 1).to_string())
            }
            Value::Char(c) => {
                let code = format!("U+{:04X}", *c as u32);
                let name = match messages::char_name(lang, *c) {
                    Some(name) => name.to_owned(),
                    None if ('\u{FF01}'..='\u{FF5E}').contains(c) => messages::fill_plain(
                        messages::ui(lang, "char_fullwidth"),
                        "c",
                        &c.to_string(),
                    ),
                    None => return code,
                };
                let named = messages::fill_plain(messages::ui(lang, "char"), "name", &name);
                messages::fill_plain(&named, "code", &code)
            }
            Value::Word(key) => messages::ui(lang, key).to_owned(),
            Value::Entry(i) => format!("#{i}"),
            Value::Phrase(key, args) => {
                let map = args.iter().map(|(k, v)| (*k, v.clone())).collect();
                messages::fill(messages::ui(lang, key), &map, opts)
            }
            Value::List(items) => list(lang, items.iter().map(|v| v.show(opts)).collect()),
            Value::Joined(items) => items
                .iter()
                .map(|v| v.show(opts))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// Whether this value's machine-readable form ([`Value::data`]) is the text
    /// [`Value::show`] gives (redacted, scrubbed), not a number or a key.
    pub fn data_is_shown(&self) -> bool {
        matches!(
            self,
            Value::Secret(_) | Value::Header(..) | Value::Url(_) | Value::Labeled(..)
        )
    }

    /// The value without language, for the JSON `data` of a finding: numbers stay
    /// numbers, moments are ISO 8601, words are their catalog keys, secrets are
    /// redacted as everywhere else.
    pub fn data(&self, opts: &Options) -> serde_json::Value {
        match self {
            // `data_is_shown` names these.
            Value::Secret(_) | Value::Header(..) | Value::Url(_) | Value::Labeled(..) => {
                json!(self.show(opts))
            }
            Value::Text(s) => json!(opts.scrub(s)),
            Value::Duration(secs) => json!(secs),
            Value::Millis(ms) => json!(ms),
            Value::Instant(ms) => json!(crate::time::format_iso8601(*ms)),
            Value::Number(n) => json!(n),
            Value::Count(n, _) => json!(n),
            Value::Position(i) => json!(i + 1),
            Value::Char(c) => json!(format!("U+{:04X}", *c as u32)),
            Value::Word(key) => json!(key),
            Value::Entry(i) => json!(i),
            Value::Phrase(key, args) => {
                let mut obj = serde_json::Map::new();
                obj.insert("phrase".into(), json!(key));
                for (k, v) in args {
                    obj.insert((*k).into(), v.data(opts));
                }
                serde_json::Value::Object(obj)
            }
            Value::List(items) | Value::Joined(items) => {
                serde_json::Value::Array(items.iter().map(|v| v.data(opts)).collect())
            }
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::Text(s.clone())
    }
}

macro_rules! number_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Value {
                Value::Number(n as i64)
            }
        }
    )*};
}
number_from!(i64, i32, u64, u32, u16, usize);

/// A redacted value's `(40 chars, #3f2a9c1d)` in the reader's language.
fn localize_redaction(shown: String, lang: Lang) -> String {
    if lang != Lang::Ja || !shown.contains(" chars") {
        return shown;
    }
    shown
        .replace(" chars, #", " 文字, #")
        .replace(" chars)", " 文字)")
}

/// "3 authentication failures in 120 entries", in the reader's language.
pub fn report_counts(lang: Lang, failures: usize, entries: usize) -> String {
    let opts = Options {
        lang,
        ..Options::default()
    };
    Value::phrase(
        "report_counts",
        vec![
            ("failures", Value::Count(failures as u64, "failure")),
            ("entries", Value::Count(entries as u64, "entry")),
        ],
    )
    .show(&opts)
}

/// `n` things in the reader's language, with thousands grouped (`1 entry`,
/// `22,000 entries`, `22,000 件のエントリ`).
pub fn count(lang: Lang, n: u64, noun: &str) -> String {
    let (one, other) = messages::noun(lang, noun);
    let template = if n == 1 { one } else { other };
    messages::fill_plain(template, "n", &group_thousands(n))
}

/// `22000` → `22,000`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Items as a list: `a`, `a and b`, `a, b and c`; in Japanese `a、b、c`.
pub fn list(lang: Lang, items: Vec<String>) -> String {
    match lang {
        Lang::Ja => items.join("、"),
        Lang::En => match items.len() {
            0 => String::new(),
            1 => items.into_iter().next().unwrap_or_default(),
            n => {
                let (init, last) = items.split_at(n - 1);
                format!("{} and {}", init.join(", "), last[0])
            }
        },
    }
}

/// Capture text with C0 and C1 controls, DEL and bidirectional controls made
/// visible (`\x1b`, `\u{202e}`): a HAR must not move the cursor of a terminal,
/// write to its clipboard, or reorder what a reader sees. Line breaks inside a
/// value are shown as `\n` too: a value never starts a line of its own.
pub fn escape_controls(s: &str) -> String {
    if !s.chars().any(needs_escape) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x100 && needs_escape(c) => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:04x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// [`escape_controls`] for text shown as lines (a body in a code block): line
/// breaks and tabs stay, every other control or bidirectional character is made
/// visible.
pub fn escape_controls_keep_lines(s: &str) -> String {
    s.split('\n')
        .map(|line| {
            line.split('\t')
                .map(|part| escape_controls(part.strip_suffix('\r').unwrap_or(part)))
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn needs_escape(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// Characters that reorder text (Trojan Source): marks, embeddings, overrides, isolates.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_header_value_quoted_again_is_shared_and_forgotten_with_its_analysis() {
        let token = format!("Bearer {}", "t".repeat(SHARED_QUOTE));
        let a = quote(&token);
        // The same text from another place (another request's header) is the same quote.
        let b = quote(&token.clone());
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(*a, *token);
        // Short values are copied: sharing them would cost more than it holds.
        let short = "no-store";
        assert!(!Arc::ptr_eq(&quote(short), &quote(short)));
        // Header lines quote through it.
        let (Value::Header(_, x), Value::Header(_, y)) = (
            Value::header("Authorization", &*token),
            Value::header("Authorization", token.clone()),
        ) else {
            unreachable!()
        };
        assert!(Arc::ptr_eq(&x, &a) && Arc::ptr_eq(&y, &a));
        // The long quotes used most recently are kept: `token`, used again after others, stays
        // when the next new one comes; as many new ones as are kept push it out.
        let others: Vec<String> = (0..QUOTES_KEPT).map(|i| format!("{i}{token}")).collect();
        let kept: Vec<Arc<str>> = others
            .iter()
            .take(QUOTES_KEPT - 1)
            .map(|o| quote(o))
            .collect();
        for (k, o) in kept.iter().zip(&others) {
            assert_eq!(**k, **o);
        }
        assert!(Arc::ptr_eq(&quote(&token), &a));
        quote(&others[QUOTES_KEPT - 1]);
        assert!(Arc::ptr_eq(&quote(&token), &a), "used again, it stays");
        assert!(Arc::ptr_eq(
            &quote(&others[QUOTES_KEPT - 2]),
            &kept[QUOTES_KEPT - 2]
        ));
        for i in 0..QUOTES_KEPT {
            quote(&format!("new {i} {token}"));
        }
        assert!(
            !Arc::ptr_eq(&quote(&token), &a),
            "pushed out by newer quotes"
        );
        // Shown the same as any header line.
        let o = Options::default();
        assert_eq!(
            Value::header("Authorization", &*token).show(&o),
            Value::Header("Authorization".into(), token.as_str().into()).show(&o)
        );
        forget_quotes();
        assert_eq!(quotes_kept(), 0);
    }

    fn opts(lang: Lang) -> Options {
        Options {
            lang,
            ..Options::default()
        }
    }

    #[test]
    fn counts_follow_each_language() {
        assert_eq!(count(Lang::En, 1, "failure"), "1 authentication failure");
        assert_eq!(count(Lang::En, 2, "failure"), "2 authentication failures");
        assert_eq!(count(Lang::En, 22_000, "entry"), "22,000 entries");
        assert_eq!(count(Lang::Ja, 1, "entry"), "1 件のエントリ");
        assert_eq!(count(Lang::Ja, 3, "part"), "3 つ");
    }

    #[test]
    fn the_data_of_a_shown_value_is_its_shown_text() {
        // `localize` reuses the shown text for these (messages::Shown): it must be the same.
        let o = Options {
            fingerprint_key: Some(crate::redact::FingerprintKey::from_random([7; 32])),
            ..opts(Lang::En)
        };
        let token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
        let samples = [
            Value::text("the token expired"),
            Value::Secret(token.into()),
            Value::header("Authorization", format!("Bearer {token}")),
            Value::Url(format!("https://a.test/cb?code={token}")),
            Value::labeled("api_key", Value::Secret(token.into())),
            Value::Duration(90),
            Value::Word("empty_value"),
            Value::Position(3),
        ];
        for v in samples.iter().filter(|v| v.data_is_shown()) {
            assert_eq!(v.data(&o), json!(v.show(&o)), "{v:?}");
        }
        // The others are numbers and keys in their data, which `show` puts into words.
        assert_eq!(samples.iter().filter(|v| v.data_is_shown()).count(), 4);
        assert_eq!(Value::Duration(90).data(&o), json!(90));
    }

    #[test]
    fn positions_are_counted_from_one() {
        assert_eq!(Value::Position(13).show(&opts(Lang::En)), "character 14");
        assert_eq!(Value::Position(13).show(&opts(Lang::Ja)), "14 文字目");
        assert_eq!(Value::Position(13).data(&opts(Lang::En)), json!(14));
    }

    #[test]
    fn characters_are_named_in_the_readers_language() {
        assert_eq!(Value::Char(' ').show(&opts(Lang::En)), "a space (U+0020)");
        assert_eq!(
            Value::Char(' ').show(&opts(Lang::Ja)),
            "半角スペース (U+0020)"
        );
        assert_eq!(
            Value::Char('\u{3000}').show(&opts(Lang::Ja)),
            "全角スペース (U+3000)"
        );
        assert_eq!(Value::Char('x').show(&opts(Lang::Ja)), "U+0078");
    }

    #[test]
    fn lists_read_naturally() {
        assert_eq!(list(Lang::En, vec!["a".into()]), "a");
        assert_eq!(list(Lang::En, vec!["a".into(), "b".into()]), "a and b");
        assert_eq!(
            list(Lang::En, vec!["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        assert_eq!(list(Lang::Ja, vec!["a".into(), "b".into()]), "a、b");
    }

    #[test]
    fn secrets_and_controls_never_reach_the_reader_raw() {
        let o = opts(Lang::En);
        let shown = Value::Secret("hunter2-password".into()).show(&o);
        assert!(!shown.contains("hunter2"), "{shown}");
        let shown =
            Value::Header("Authorization".into(), "Bearer abcdefghijklmnop".into()).show(&o);
        assert!(
            shown.starts_with("Authorization: Bearer ") && !shown.contains("abcdefghijklmnop"),
            "{shown}"
        );
        assert_eq!(
            Value::text("a\u{1b}]52;c;x\u{7}b").show(&o),
            "a\\x1b]52;c;x\\x07b"
        );
        assert_eq!(Value::text("evil\u{202e}txt").show(&o), "evil\\u{202e}txt");
        assert_eq!(Value::text("two\nlines").show(&o), "two\\nlines");
    }

    #[test]
    fn data_has_no_language() {
        for v in [
            Value::Duration(301),
            Value::Count(3, "entry"),
            Value::Word("password"),
            Value::Instant(0),
        ] {
            assert_eq!(v.data(&opts(Lang::En)), v.data(&opts(Lang::Ja)), "{v:?}");
        }
        assert_eq!(
            Value::Instant(0).data(&opts(Lang::En)),
            json!("1970-01-01T00:00:00.000Z")
        );
    }
}
