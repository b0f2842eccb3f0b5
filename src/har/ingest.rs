//! Reading a HAR file that may be damaged, wrapped, or written by an odd tool.
//!
//! Reading never fails as a whole: it returns what it could read plus a list of
//! [`ParseIssue`]s saying what was skipped or repaired, and where. Leniencies, each
//! one named by a [`ParseIssue::kind`]:
//!
//! - `bom`: a UTF-8 byte order mark before the JSON (Fiddler writes one).
//! - `harp`: a HARP wrapper `onInputData({...});` around the JSON.
//! - `not-utf8`: bytes that are not UTF-8, replaced by U+FFFD.
//! - `bare-log`: a file that is the `log` object itself, without `{"log": ...}`.
//! - `invalid-json`: the JSON breaks off or is malformed; everything before the
//!   break is still analysed (entries are read one at a time).
//! - `entry-unreadable`: one entry could not be read; the others still are.
//! - `no-log`: the JSON holds no HAR log at all.
//! - `no-entries`: the log has no `entries` (nothing to analyse).
//! - `duplicate-key`, `number-out-of-range`, `not-a-number`, `trailing-comma`:
//!   valid-looking JSON that a strict reader rejects (a key twice in one object,
//!   `1e400`, `NaN`, `Infinity`, `[1, 2,]`). [`parse_repairing`] neutralizes such a value in place, with the
//!   same length so line and column numbers stay true, and reads on: one odd value
//!   costs that value, not every entry after it.

use std::borrow::Cow;
use std::fmt;

use crate::har::lenient::skip_visits;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use serde_json::value::RawValue;

use super::checked::Checked;
use super::lenient::Lenient;
use super::model::{Creator, Entry, Har};

/// Something in the input that was skipped or repaired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParseIssue {
    /// Stable kebab-case kind (see the module docs).
    pub kind: &'static str,
    /// Human description.
    pub message: String,
    /// JSON pointer of the affected element, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// 1-based line in the input, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column in the input, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl ParseIssue {
    fn new(kind: &'static str, message: impl Into<String>) -> Self {
        ParseIssue {
            kind,
            message: message.into(),
            pointer: None,
            line: None,
            column: None,
        }
    }
}

impl fmt::Display for ParseIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, " (line {l}, column {c})")?;
        }
        if let Some(p) = &self.pointer {
            write!(f, " at {p}")?;
        }
        Ok(())
    }
}

/// Turns raw bytes into JSON text, repairing in place what can be repaired.
///
/// The BOM and a HARP wrapper are overwritten with spaces rather than cut, so the
/// line and column of any later JSON error still match the file the user has.
pub fn prepare(mut bytes: Vec<u8>) -> (String, Vec<ParseIssue>) {
    let mut issues = blank_wrappers(&mut bytes);
    // Checked as `prepare_in_place` checks (std's check has no SIMD in WebAssembly, where the
    // offline page and the panel hand their files here); only a file that is not UTF-8 is
    // checked again, by std, for where it stops being so.
    if utf8(&bytes).is_some() {
        // SAFETY: `utf8` found the bytes UTF-8.
        return (unsafe { String::from_utf8_unchecked(bytes) }, issues);
    }
    issues.push(not_utf8(&bytes));
    (String::from_utf8_lossy(&bytes).into_owned(), issues)
}

/// [`prepare`] for bytes the caller keeps: the text borrows them unless they are not UTF-8.
pub fn prepare_in_place(bytes: &mut [u8]) -> (Cow<'_, str>, Vec<ParseIssue>) {
    let mut issues = blank_wrappers(bytes);
    let text = borrowed_text(bytes, &mut issues);
    (text, issues)
}

/// Bytes with their wrappers blanked ([`blank_wrappers`]) as text: borrowed unless they are not
/// UTF-8.
fn borrowed_text<'a>(bytes: &'a [u8], issues: &mut Vec<ParseIssue>) -> Cow<'a, str> {
    // Validated with SIMD where the machine has it (std's check took a sixth of the CLI's
    // time on a large capture); only a file that is not UTF-8 is checked again, by std, for
    // where it stops being so.
    match utf8(bytes) {
        Some(t) => Cow::Borrowed(t),
        None => {
            issues.push(not_utf8(bytes));
            String::from_utf8_lossy(bytes)
        }
    }
}

/// [`prepare_in_place`] and [`parse_repairing_then_exit`] in one, for bytes the caller keeps:
/// they are checked as UTF-8 as each part is read, while it is in the cache
/// ([`parse_unchecked`]), not all first (the CLI reads a large capture from memory once, not
/// twice). A file the fast walk gives up on is walked the careful way at once; bytes that are
/// not UTF-8 (or a file on one line, on several cores) are checked whole and read as those two
/// would. `read` gets the issues of both.
pub fn parse_in_place_then_exit<R>(
    bytes: &mut [u8],
    read: impl FnOnce(&Ingested<'_>, Vec<ParseIssue>) -> R,
) -> R {
    let issues = blank_wrappers(bytes);
    parse_blanked(bytes, issues, read, Then::Leave)
}

/// [`prepare`] and [`parse_repairing`] in one, for bytes handed over: as
/// [`parse_in_place_then_exit`], checked as UTF-8 as they are read.
pub fn parse_bytes<R>(
    mut bytes: Vec<u8>,
    read: impl FnOnce(&Ingested<'_>, Vec<ParseIssue>) -> R,
) -> R {
    let issues = blank_wrappers(&mut bytes);
    parse_blanked(&bytes, issues, read, Then::Drop)
}

/// [`parse_bytes`], then `after` with what `read` gave, on this thread while another lets the
/// capture's model go (WebAssembly's `analyze`: its report is turned into JavaScript objects
/// meanwhile). Only a model the fast walk read, of at least twice [`LET_GO_PER_THREAD`]
/// entries, where there is a thread to spare: otherwise the model goes first, as in
/// [`parse_bytes`]. Letting go of the Chrome-shaped bench file's model (15,846 entries, each
/// with its lists) took the analysing worker's thread about 8 ms after its report was built;
/// done beside, a run of `analyze` in a worker of the page took about 3 ms less (median of six
/// interleaved rounds, 210 against 207 ms: the threads share one allocator, and its lock).
pub fn parse_bytes_then<R, S>(
    mut bytes: Vec<u8>,
    read: impl FnOnce(&Ingested<'_>, Vec<ParseIssue>) -> R,
    after: impl FnOnce(R) -> S,
) -> S {
    let issues = blank_wrappers(&mut bytes);
    match parse_unchecked(&bytes, threads_for_text(bytes.len())) {
        Unchecked::Read(ingested) => {
            let out = read(&ingested, issues);
            let beside =
                crate::parallel::threads_for(ingested.har.entries.len(), LET_GO_PER_THREAD) > 1;
            crate::parallel::join(beside, move || drop(ingested), || after(out)).1
        }
        unchecked => after(read_unchecked(&bytes, unchecked, issues, read, Then::Drop)),
    }
}

/// Entries of a model a thread lets go of ([`parse_bytes_then`]): chosen, not measured as a
/// threshold. By proportion to the bench file's 8 ms, 4,096 entries take about 2 ms, where
/// handing work to another thread costs tens of microseconds.
const LET_GO_PER_THREAD: usize = 4096;

/// [`parse_in_place_then_exit`] and [`parse_bytes`] once the wrappers are blanked (`issues`
/// says which were).
fn parse_blanked<R>(
    bytes: &[u8],
    issues: Vec<ParseIssue>,
    read: impl FnOnce(&Ingested<'_>, Vec<ParseIssue>) -> R,
    then: Then,
) -> R {
    let unchecked = parse_unchecked(bytes, threads_for_text(bytes.len()));
    read_unchecked(bytes, unchecked, issues, read, then)
}

/// What [`parse_unchecked`] made of `bytes` handed to `read`, after the careful walk where it
/// is needed.
fn read_unchecked<'b, R>(
    bytes: &'b [u8],
    unchecked: Unchecked<'b>,
    mut issues: Vec<ParseIssue>,
    read: impl FnOnce(&Ingested<'_>, Vec<ParseIssue>) -> R,
    then: Then,
) -> R {
    let (mut text, careful) = match unchecked {
        Unchecked::Read(ingested) => {
            let out = read(&ingested, issues);
            if let Then::Leave = then {
                std::mem::forget(ingested);
            }
            return out;
        }
        Unchecked::Text(text) => (Cow::Borrowed(text), true),
        Unchecked::Bytes => (borrowed_text(bytes, &mut issues), false),
    };
    let read = |ingested: &Ingested<'_>, mut repairs: Vec<ParseIssue>| {
        issues.append(&mut repairs);
        read(ingested, issues)
    };
    repairing_from(&mut text, parse, read, then, careful)
}

/// Bytes per thread below which checking UTF-8 is not worth another thread (a core checks
/// about 8 GB/s; a thread costs tens of microseconds to start).
const UTF8_PER_THREAD: usize = 16 << 20;

/// `bytes` as text if they are UTF-8, checked with SIMD (in WebAssembly too: the wasm build
/// has `simd128`, `.cargo/config.toml`) and, from 32 MB, on one thread per 16 MB up to the
/// cores: the check comes before anything else can start (the CLI and WebAssembly's `analyze`
/// check as they read instead, [`parse_unchecked`], and come here only for bytes that reading
/// does not take).
fn utf8(bytes: &[u8]) -> Option<&str> {
    utf8_on(
        bytes,
        crate::parallel::threads_for(bytes.len(), UTF8_PER_THREAD),
    )
}

/// [`utf8`] on `threads` threads.
fn utf8_on(bytes: &[u8], threads: usize) -> Option<&str> {
    if threads <= 1 {
        return simdutf8::basic::from_utf8(bytes).ok();
    }
    let parts = utf8_parts(bytes, threads)?;
    let valid = crate::parallel::map_chunks(&parts, 1, |_, part| {
        part.iter().all(|p| simdutf8::basic::from_utf8(p).is_ok())
    });
    if !valid.into_iter().all(|v| v) {
        return None;
    }
    debug_assert!(std::str::from_utf8(bytes).is_ok());
    // SAFETY: `utf8_parts` cuts `bytes` into consecutive parts that cover it, each cut where a
    // character starts, and every part is UTF-8 (checked above): text cut where characters start
    // is UTF-8 if and only if every piece is, so the whole is UTF-8.
    Some(unsafe { std::str::from_utf8_unchecked(bytes) })
}

/// `bytes` in `n` consecutive parts of about the same size, each cut just before a byte that
/// is not a continuation byte (`10xxxxxx`), so every cut falls where a character starts in
/// UTF-8 text (the last part takes what is left when no character starts before the end).
/// `None` when a cut finds four continuation bytes in a row: no UTF-8 text has them.
fn utf8_parts(bytes: &[u8], n: usize) -> Option<Vec<&[u8]>> {
    let size = bytes.len().div_ceil(n.max(1)).max(1);
    let mut parts = Vec::with_capacity(n);
    let mut rest = bytes;
    while rest.len() > size {
        let Some(at) = (size..rest.len().min(size + 4)).find(|&i| rest[i] & 0xC0 != 0x80) else {
            if rest.len() < size + 4 {
                break; // the end is near: the rest is the last part
            }
            return None;
        };
        let (part, tail) = rest.split_at(at);
        parts.push(part);
        rest = tail;
    }
    parts.push(rest);
    Some(parts)
}

/// Overwrites a BOM and a HARP wrapper with spaces.
fn blank_wrappers(bytes: &mut [u8]) -> Vec<ParseIssue> {
    let mut issues = Vec::new();
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes[..3].fill(b' '); // boundary: bytes
        issues.push(ParseIssue::new(
            "bom",
            "a UTF-8 byte order mark precedes the JSON; ignored",
        ));
    }
    blank_harp_wrapper(bytes, &mut issues);
    issues
}

/// What to say of bytes that are not UTF-8: where they stop being so, found by std's check
/// (the SIMD check says only whether they are).
fn not_utf8(bytes: &[u8]) -> ParseIssue {
    let offset = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    let (line, column) = line_col(bytes, offset);
    let mut issue = ParseIssue::new(
        "not-utf8",
        "the file is not valid UTF-8; invalid bytes were replaced with U+FFFD",
    );
    issue.line = Some(line);
    issue.column = Some(column);
    issue
}

fn blank_harp_wrapper(bytes: &mut [u8], issues: &mut Vec<ParseIssue>) {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else { return };
    if bytes[start] == b'{' || bytes[start] == b'[' {
        return;
    }
    // HARP: `callback({...});` where the callback is an identifier.
    let Some(open) = bytes[start..]
        .iter()
        .position(|&b| b == b'(')
        .map(|p| p + start)
    else {
        return;
    };
    let ident_ok = bytes[start..open]
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'$' || *b == b'.' || *b == b' ');
    let Some(close) = bytes.iter().rposition(|&b| b == b')') else {
        return;
    };
    if !ident_ok || close <= open {
        return;
    }
    let tail_ok = bytes[close + 1..]
        .iter()
        .all(|b| b.is_ascii_whitespace() || *b == b';');
    if !tail_ok {
        return;
    }
    bytes[start..=open].fill(b' ');
    bytes[close..].iter_mut().for_each(|b| {
        if !b.is_ascii_whitespace() {
            *b = b' ';
        }
    });
    issues.push(ParseIssue::new(
        "harp",
        "HARP wrapper `callback(...)` removed",
    ));
}

fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, column)
}

/// The result of reading a HAR: what was readable, and what was not.
#[derive(Debug, Default)]
pub struct Ingested<'a> {
    /// The readable part of the file.
    pub har: Har<'a>,
    /// Everything skipped or repaired.
    pub issues: Vec<ParseIssue>,
    /// Where reading stopped on a value [`parse_repairing`] can neutralize.
    repair: Option<Repair>,
}

/// A value that stopped reading and can be neutralized in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Repair {
    kind: RepairKind,
    /// The entry it is in, when it is in one.
    entry: Option<usize>,
    /// Byte offset of the serde error (1-based line and column turned into an offset).
    offset: usize,
    line: usize,
    column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RepairKind {
    /// The error points at the closing quote of a key seen before in the object.
    DuplicateKey,
    /// The error points at the last character of a number too large for an `f64`.
    NumberOutOfRange,
    /// The error points at a bare word where a value belongs (`NaN`, `Infinity`).
    BareWord,
    /// The error points at the `]` or `}` after a comma that ends a list or an object (a HAR
    /// edited by hand, or written by JavaScript that is not `JSON.stringify`).
    TrailingComma,
}

/// How many values [`parse_repairing`] neutralizes in one text before it gives up
/// (each costs a reading of the whole text).
pub const MAX_REPAIRS: usize = 64;

/// Reads `text` like [`parse`] and hands the result to `read`, after neutralizing in
/// place the values that would otherwise stop reading (see the module docs); `read`
/// also gets the parse issues that say what was repaired (their `line`/`column`
/// point into `text`). A text with nothing to repair is read once.
pub fn parse_repairing<R>(
    text: &mut impl RepairableText,
    read: impl FnOnce(&Ingested<'_>, Vec<ParseIssue>) -> R,
) -> R {
    repairing(text, parse, read, Then::Drop)
}

/// [`parse_repairing`] in a process that exits once `read` is done: the capture read is
/// left for the operating system to reclaim, not taken apart one string at a time (1% to
/// 3% of a CLI run).
pub fn parse_repairing_then_exit<R>(
    text: &mut impl RepairableText,
    read: impl FnOnce(&Ingested<'_>, Vec<ParseIssue>) -> R,
) -> R {
    repairing(text, parse, read, Then::Leave)
}

/// What becomes of the capture read once it has been handed over.
#[derive(Clone, Copy)]
enum Then {
    Drop,
    Leave,
}

/// [`parse_repairing`] for a text whose entries' places are known ([`parse_known`]).
/// Repairs keep every length, so the places stay true.
pub fn parse_repairing_known<R>(
    text: &mut impl RepairableText,
    spans: &[(usize, usize)],
    log: &str,
    read: impl FnOnce(&Ingested<'_>, Vec<ParseIssue>) -> R,
) -> R {
    repairing(text, |t| parse_known(t, spans, log), read, Then::Drop)
}

fn repairing<R>(
    text: &mut impl RepairableText,
    parse: impl for<'t> Fn(&'t str) -> Ingested<'t>,
    read: impl FnOnce(&Ingested<'_>, Vec<ParseIssue>) -> R,
    then: Then,
) -> R {
    repairing_from(text, parse, read, then, false)
}

/// [`repairing`], walking the text the careful way at once when `careful` (the fast walk has
/// already given up on it: [`parse_unchecked`]); after a repair, `parse` reads it.
fn repairing_from<R>(
    text: &mut impl RepairableText,
    parse: impl for<'t> Fn(&'t str) -> Ingested<'t>,
    read: impl FnOnce(&Ingested<'_>, Vec<ParseIssue>) -> R,
    then: Then,
    mut careful: bool,
) -> R {
    let hand_over = |ingested: Ingested<'_>, repairs| {
        let out = read(&ingested, repairs);
        if let Then::Leave = then {
            std::mem::forget(ingested);
        }
        out
    };
    let mut repairs = Vec::new();
    for _ in 0..MAX_REPAIRS {
        let ingested = match std::mem::take(&mut careful) {
            true => parse_with(text.text(), Walk::Careful),
            false => parse(text.text()),
        };
        let Some(repair) = ingested.repair else {
            return hand_over(ingested, repairs);
        };
        drop(ingested);
        match apply_repair(text.owned(), repair) {
            Some(issue) => repairs.push(issue),
            None => break,
        }
    }
    hand_over(parse(text.text()), repairs)
}

/// A text [`parse_repairing`] can read and, when a value must be neutralized, change:
/// a `String`, or a `Cow` that becomes one only then (a borrowed text is copied once, on
/// the first repair).
pub trait RepairableText {
    /// The text as it is.
    fn text(&self) -> &str;
    /// The text, owned, to change in place.
    fn owned(&mut self) -> &mut String;
}

impl RepairableText for String {
    fn text(&self) -> &str {
        self
    }
    fn owned(&mut self) -> &mut String {
        self
    }
}

impl RepairableText for Cow<'_, str> {
    fn text(&self) -> &str {
        self
    }
    fn owned(&mut self) -> &mut String {
        self.to_mut()
    }
}

/// The byte offset of a 1-based line and column (serde's positions).
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let offset = start + column.checked_sub(1)?;
    (offset < text.len()).then_some(offset)
}

/// Overwrites `text[range]` with `with` padded by spaces (ASCII in, same length out).
fn overwrite(text: &mut String, range: std::ops::Range<usize>, with: &str) {
    let mut replacement = with.to_owned();
    replacement.extend(std::iter::repeat_n(' ', range.len() - with.len()));
    text.replace_range(range, &replacement);
}

/// Neutralizes the value at `repair`; `None` when the text there is not what the
/// error said (nothing is changed then, and reading stops as before).
fn apply_repair(text: &mut String, repair: Repair) -> Option<ParseIssue> {
    let bytes = text.as_bytes();
    let at = repair.offset;
    // Where a value or a key belongs, serde finds the `]` or `}` after a comma (in a value it
    // skips, it says "expected value" there, not "trailing comma").
    let repair_kind = match repair.kind {
        RepairKind::BareWord if matches!(bytes.get(at), Some(b']' | b'}')) => {
            RepairKind::TrailingComma
        }
        kind => kind,
    };
    let (kind, message, range, with) = match repair_kind {
        RepairKind::DuplicateKey => {
            // `"name"` ends at `at`; its opening quote is the last unescaped one before.
            if bytes.get(at) != Some(&b'"') {
                return None;
            }
            let open = (0..at)
                .rev()
                .find(|&i| bytes[i] == b'"' && (i == 0 || bytes[i - 1] != b'\\'))?;
            let name = text.get(open + 1..at)?.to_owned();
            if name.is_empty() || !name.is_ascii() {
                return None;
            }
            // The later key is renamed (`"time"` → `"_ime"`): readers ignore unknown keys,
            // so the first value stays in force.
            let message =
                format!("the key `{name}` appears twice in one object; the first value was kept");
            ("duplicate-key", message, open + 1..open + 2, "_")
        }
        RepairKind::NumberOutOfRange => {
            let is_num =
                |b: u8| b.is_ascii_digit() || matches!(b, b'e' | b'E' | b'+' | b'-' | b'.');
            if !bytes.get(at).copied().is_some_and(is_num) {
                return None;
            }
            let start = (0..=at).rev().take_while(|&i| is_num(bytes[i])).last()?;
            let end = at + 1 + bytes[at + 1..].iter().take_while(|&&b| is_num(b)).count();
            let token = text.get(start..end)?.to_owned();
            if token.len() < 4 {
                return None;
            }
            let message = format!(
                "the number {} is too large to read; it was read as null",
                crate::text::head(&token, 24)
            );
            ("number-out-of-range", message, start..end, "null")
        }
        RepairKind::BareWord => {
            // `-Infinity`: the error may point at the sign or at the word after it.
            let (sign, start) = match bytes.get(at) {
                Some(b'-') => (at, at + 1),
                _ if at > 0 && bytes[at - 1] == b'-' => (at - 1, at),
                _ => (at, at),
            };
            let word_len = bytes[start..]
                .iter()
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
            let word = text.get(start..start + word_len)?;
            let range = sign..start + word_len;
            let with = match word {
                "Infinity" | "undefined" => "null",
                // Three bytes: an empty string, which lenient readers take as no number.
                "NaN" => "\"\"",
                _ => return None,
            };
            let message = format!(
                "`{}` is not JSON (JavaScript wrote it); it was read as no value",
                text.get(range.clone())?
            );
            ("not-a-number", message, range, with)
        }
        RepairKind::TrailingComma => {
            // The comma is the last byte before `at` that is not white space.
            let close = *bytes.get(at)?;
            if !matches!(close, b']' | b'}') {
                return None;
            }
            let comma = (0..at).rev().find(|&i| !bytes[i].is_ascii_whitespace())?;
            if bytes[comma] != b',' {
                return None;
            }
            let message = format!(
                "a comma before `{}` is not JSON (a hand edit?); it was ignored",
                close as char
            );
            ("trailing-comma", message, comma..comma + 1, "")
        }
    };
    overwrite(text, range, with);
    Some(ParseIssue {
        kind,
        message,
        pointer: repair.entry.map(|e| format!("/log/entries/{e}")),
        line: Some(repair.line),
        column: Some(repair.column),
    })
}

impl Ingested<'_> {
    /// Whether nothing usable was found: not JSON, or JSON without a HAR log.
    pub fn is_unreadable(&self) -> bool {
        self.har.entries.is_empty()
            && (!self.har.log_found || self.issues.iter().any(|i| i.kind == "invalid-json"))
    }

    /// The most important issue, for a one-line error message.
    pub fn fatal_issue(&self) -> Option<&ParseIssue> {
        self.issues
            .iter()
            .find(|i| i.kind == "invalid-json" || i.kind == "no-log")
    }
}

/// Reads HAR text (see [`prepare`] for bytes). Never fails; see the module docs.
pub fn parse(text: &str) -> Ingested<'_> {
    parse_with(text, Walk::FastFirst)
}

/// How [`parse`] finds the entries in the text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Walk {
    /// [`super::scan`] first, the careful walk when that is not enough.
    FastFirst,
    /// The scan and the read apart, overlapped on a second thread whatever the text's size, as
    /// on several cores when the one pass cannot be cut (for [`parse_ways_agree`]).
    ScanThenRead,
    /// As `FastFirst` on this many cores, whatever the text's size: the one pass cut in this
    /// many parts (for [`parse_ways_agree`]).
    Split(usize, usize),
    /// The careful walk only (for [`parse_ways_agree`]).
    Careful,
}

/// Whether [`parse`] makes the same of `text` every way it can read it: scanned and read in one
/// pass (on one thread, and for any text too small to share out), that pass cut in two parts on
/// two threads and in nine on three (as on several cores), the two stages overlapped on two
/// threads (as where no cut is found), walked the careful way alone, and read from its bytes
/// checked as UTF-8 as they are reached ([`parse_unchecked`], where that reads it): the same
/// entries, issues and first failure, and each entry's raw text at the same place in `text`.
/// What differs otherwise. For the tests and the fuzz target.
#[doc(hidden)]
pub fn parse_ways_agree(text: &str) -> Result<(), String> {
    let shown = |read: &Ingested<'_>| shown_at(read, text.as_bytes());
    let seen = |how| shown(&parse_with(text, how));
    let careful = seen(Walk::Careful);
    for how in [
        Walk::FastFirst,
        Walk::Split(2, 2),
        Walk::Split(3, 9),
        Walk::ScanThenRead,
    ] {
        let fast = seen(how);
        if fast != careful {
            return Err(format!("fast: {fast}\ncareful: {careful}"));
        }
    }
    // Its bytes checked as UTF-8 as they are read, on one, two and three threads: read where
    // the fast walk reads the text, to the same; left to the careful walk where it gives up,
    // and to the two stages overlapped where no cut is found.
    for threads in 1..=3 {
        let fast = one_pass(&mut Checked::text(text), threads);
        let cut = fast.is_some();
        let fast = fast.and_then(|walked| fast_read(text, walked));
        let unchecked = match parse_unchecked(text.as_bytes(), threads) {
            Unchecked::Read(read) => Some(read),
            Unchecked::Text(t) if cut && t.len() == text.len() => None,
            Unchecked::Bytes if !cut => None,
            Unchecked::Text(_) | Unchecked::Bytes => {
                return Err(format!("text left unread ({threads} threads)"));
            }
        };
        let (fast, unchecked) = (fast.map(|r| shown(&r)), unchecked.map(|r| shown(&r)));
        if unchecked != fast {
            return Err(format!(
                "checked as read ({threads} threads): {unchecked:?}\nfast: {fast:?}"
            ));
        }
    }
    Ok(())
}

/// What was read, and where each entry's raw text is in `text`, for comparing ways of reading.
fn shown_at(read: &Ingested<'_>, text: &[u8]) -> String {
    let at: Vec<usize> = read
        .har
        .raw_entries
        .iter()
        .map(|raw| raw.as_ptr() as usize - text.as_ptr() as usize)
        .collect();
    format!("{read:?} at {at:?}")
}

/// Whether bytes, UTF-8 or not, are read the same from the bytes ([`parse_bytes`],
/// [`parse_unchecked`] on one to three threads) as from the text
/// [`prepare`] makes of them: nothing is read from bytes that are not UTF-8 but what `prepare`
/// and [`parse_repairing`] read (with the `not-utf8` issue). What differs otherwise. For the
/// tests and the fuzz target.
#[doc(hidden)]
pub fn bytes_ways_agree(bytes: &[u8]) -> Result<(), String> {
    let (text, _) = prepare(bytes.to_vec());
    let mut blanked = bytes.to_vec();
    blank_wrappers(&mut blanked);
    let utf8 = std::str::from_utf8(&blanked).is_ok();
    let careful = shown_at(&parse_with(&text, Walk::Careful), text.as_bytes());
    for threads in 1..=3 {
        match parse_unchecked(&blanked, threads) {
            Unchecked::Read(read) if utf8 => {
                let unchecked = shown_at(&read, &blanked);
                if unchecked != careful {
                    return Err(format!(
                        "bytes ({threads} threads): {unchecked}\ncareful: {careful}"
                    ));
                }
            }
            Unchecked::Text(t) if utf8 && t.len() == blanked.len() => {}
            Unchecked::Bytes if !utf8 || threads > 1 => {}
            Unchecked::Read(_) | Unchecked::Text(_) | Unchecked::Bytes => {
                return Err(format!(
                    "bytes (UTF-8: {utf8}, {threads} threads) taken wrongly"
                ));
            }
        }
    }
    let shown = |read: &Ingested<'_>, issues: Vec<ParseIssue>| format!("{read:?} {issues:?}");
    let from_bytes = parse_bytes(bytes.to_vec(), shown);
    let (mut text, mut issues) = prepare(bytes.to_vec());
    let from_text = parse_repairing(&mut text, |read, mut repairs| {
        issues.append(&mut repairs);
        shown(read, issues)
    });
    if from_bytes != from_text {
        return Err(format!("parse_bytes: {from_bytes}\nprepare: {from_text}"));
    }
    Ok(())
}

fn parse_with(text: &str, how: Walk) -> Ingested<'_> {
    crate::progress::start(crate::progress::Phase::Parsing, 0);
    // Two stages. The first walks the file once and keeps each entry as raw text (its
    // bytes are not copied); the second reads the entries. The raw texts stay with the
    // capture: reports that quote a whole request read them again instead of walking the
    // file a second time.
    //
    // A well-formed file is walked fast: its entries are found without being checked, as
    // the read checks them ([`super::scan`]). Anything else, or an entry that does not
    // read, is walked again the careful way, which says what is wrong and where. The scan and
    // the read are one pass ([`scan_and_read`]), cut in parts on several cores
    // ([`split_and_read`]); where no cut is found (a text on one line), the two stages overlap.
    let threads = threads_for_text(text.len());
    let overlap = threads > 1;
    // How many threads the one pass runs on (0: the two stages overlap instead), in how many
    // parts.
    let fast = match how {
        Walk::FastFirst => Some((threads, parts_for(text.len(), threads))),
        Walk::Split(threads, parts) => Some((threads, parts)),
        Walk::ScanThenRead => Some((0, 0)),
        Walk::Careful => None,
    };
    if let Some((threads, parts)) = fast {
        let walked = one_pass_in(&mut Checked::text(text), threads, parts).unwrap_or_else(|| {
            walk_and_read(text, true, |state| {
                let mut members = Vec::new();
                let scanned = super::scan::entries(
                    &mut Checked::text(text),
                    &mut |raw| state.walked(raw),
                    &mut |k, v| members.push((k, v)),
                );
                scanned.map(|()| members)
            })
        });
        if let Some(read) = fast_read(text, walked) {
            return read;
        }
    }
    let (mut state, failed, read) = walk_and_read(text, overlap, |state| walk(text, state));
    let raws = std::mem::take(&mut state.raws);
    assemble(text, state, raws, failed, read)
}

/// What the fast walk gave, put together: `None` where it gave up or an entry did not read (the
/// careful walk reads the file again then).
fn fast_read<'a>(text: &'a str, walked: Walked<'a>) -> Option<Ingested<'a>> {
    let (mut state, members, read) = walked;
    let (Some(members), None) = (members, &read.1) else {
        return None;
    };
    read_members(&mut state.har, &members)?;
    state.har.log_found = true;
    let raws = std::mem::take(&mut state.raws);
    Some(assemble(text, state, raws, None, read))
}

/// What [`parse_unchecked`] made of bytes.
enum Unchecked<'a> {
    /// The capture, as [`parse`] reads the same text.
    Read(Box<Ingested<'a>>),
    /// The bytes are UTF-8, this text, but the fast walk gave up on it or an entry did not read:
    /// the careful walk reads it.
    Text(&'a str),
    /// Not read: the bytes are not UTF-8, or on several cores a text on one line could not be
    /// cut in parts (the two stages overlap then, [`parse`]).
    Bytes,
}

/// [`parse`] of bytes not yet known to be UTF-8, on `threads` threads, by the one pass: each
/// entry is checked by the quick reader that reads it, and the rest as the scan asks for it
/// ([`Checked`]), instead of all of them first. What [`parse`] makes of the same text
/// ([`parse_ways_agree`]), or what is left to do ([`Unchecked`]).
fn parse_unchecked(bytes: &[u8], threads: usize) -> Unchecked<'_> {
    let mut checked = Checked::unchecked(bytes);
    crate::progress::start(crate::progress::Phase::Parsing, 0);
    let Some(walked) = one_pass(&mut checked, threads.max(1)) else {
        return Unchecked::Bytes;
    };
    // After a scan that gave up, what it did not reach is checked here.
    let Some(text) = checked.all() else {
        return Unchecked::Bytes;
    };
    fast_read(text, walked).map_or(Unchecked::Text(text), |read| {
        Unchecked::Read(Box::new(read))
    })
}

/// The one pass on one thread ([`scan_and_read`]) or on `threads`, cut in parts
/// ([`split_and_read`]; `None` where no cut is found); `None` for none.
fn one_pass<'a>(text: &mut Checked<'a>, threads: usize) -> Option<Walked<'a>> {
    one_pass_in(text, threads, parts_for(text.bytes().len(), threads))
}

/// [`one_pass`] cut in `parts` where it runs on several threads.
fn one_pass_in<'a>(text: &mut Checked<'a>, threads: usize, parts: usize) -> Option<Walked<'a>> {
    match threads {
        0 => None,
        1 => Some(scan_and_read(text)),
        n => split_and_read(text, n, parts),
    }
}

/// The scan ([`super::scan`]) and the read in one pass, on one thread (WebAssembly's
/// `analyze`, `--threads 1`, one core, a text under twice [`PIPELINE_BYTES`]; on several,
/// [`split_and_read`] cuts it):
/// each entry is read by the quick reader where it starts, and the scan goes on where it ends,
/// so its bytes are walked once instead of twice (the scan alone was an eighth of a one-thread
/// run). An entry the quick reader gives up on is found by the scan and read after it, by
/// [`read_raw`], as [`read_entries`] reads it. What comes out is what [`walk_and_read`] gives
/// for the scan: the same raw texts, entries and first failure ([`parse_ways_agree`]).
fn scan_and_read<'a>(text: &mut Checked<'a>) -> Walked<'a> {
    scan_and_read_adopting(text, &[], &mut |_| None)
}

/// What [`scan_reading`] found in a file: every element of `log.entries` as raw text, the log's
/// other members (key, value), and the entries, read as they were found.
#[cfg(any(target_arch = "wasm32", test))]
pub(crate) struct ScanRead<'a> {
    pub raws: Vec<&'a str>,
    pub members: Vec<(&'a str, &'a str)>,
    /// One entry for each of `raws`; `None` when one is not an object or does not read on its
    /// own (a key written twice, say): such a file's entries are read again from their places,
    /// and repaired, by the analysis ([`parse_repairing_known`]).
    /// Boxed as `Har::entries` holds them.
    #[allow(clippy::vec_box)]
    pub entries: Option<Vec<Box<Entry<'a>>>>,
}

/// The entries of a file and their places in one pass, as `analyze` reads them ([`one_pass`]:
/// cut among the threads where there are several, as in a page's pool, else
/// [`scan_and_read`]): for a session that keeps a whole file and its entries' places
/// (`Session::addHar`, the offline page), which found the places in one walk and read the
/// entries in another. `None` where the scan gives up on the file.
#[cfg(any(target_arch = "wasm32", test))]
pub(crate) fn scan_reading(text: &str) -> Option<ScanRead<'_>> {
    let mut checked = Checked::text(text);
    let (state, members, (read, failed)) = one_pass(&mut checked, threads_for_text(text.len()))
        .unwrap_or_else(|| scan_and_read(&mut checked));
    let members = members?;
    // Every element read, as an object; else none is kept.
    let entries = (failed.is_none() && read.len() == state.raws.len())
        .then(|| {
            read.into_iter()
                .map(|(_, e)| match e {
                    MaybeObject::Object(e) => Some(e),
                    MaybeObject::Other(_) => None,
                })
                .collect()
        })
        .flatten();
    Some(ScanRead {
        raws: state.raws,
        members,
        entries,
    })
}

/// What the first stage and the reading give: the state, the log's other members (`None`:
/// the scan gave up), and the entries read.
type Walked<'a> = (State<'a>, Option<Vec<(&'a str, &'a str)>>, Read<'a>);

/// Entries read in one run, from a place in the text on: each entry's raw text and what it
/// read as, where the last one ends, and what the run checked of the text ([`read_run`]).
struct Run<'a> {
    entries: Vec<(&'a str, MaybeObject<Box<Entry<'a>>>)>,
    end: usize,
    checked: Checked<'a>,
}

/// The entry at `at` read by the quick reader, and its text, which is known to be UTF-8 from
/// then on: the reader checks bytes not known to be ([`super::quick::from_bytes_prefix`]).
/// `None` where the quick reader gives up (or the bytes are not UTF-8).
fn read_checked<'a>(
    text: &mut Checked<'a>,
    at: usize,
) -> Option<(MaybeObject<Entry<'a>>, &'a str)> {
    let (entry, raw) = match text.known_rest(at) {
        Some(rest) => {
            let (entry, len) = super::quick::from_prefix(rest)?;
            (entry, rest.get(..len)?)
        }
        None => super::quick::from_bytes_prefix(text.bytes().get(at..)?)?,
    };
    text.take(raw)?;
    Some((entry, raw))
}

/// [`scan_and_read`], taking over the runs read elsewhere: when the scan reaches an entry that
/// starts exactly at `splits[i]` (sorted, each once), `run(i)` gives what was read from there
/// on, and the scan goes on where that run ends. A split the scan steps over (not an entry's
/// start) is passed by.
fn scan_and_read_adopting<'a>(
    text: &mut Checked<'a>,
    splits: &[usize],
    run: &mut dyn FnMut(usize) -> Option<Run<'a>>,
) -> Walked<'a> {
    struct Reading<'s, 'a> {
        state: &'s mut State<'a>,
        /// Each entry by its index; `None` for one the quick reader left to [`read_raw`].
        read: Vec<Option<MaybeObject<Box<Entry<'a>>>>>,
        splits: &'s [usize],
        run: &'s mut dyn FnMut(usize) -> Option<Run<'a>>,
        /// The next split not reached yet.
        next: usize,
    }
    impl<'a> Reading<'_, 'a> {
        /// The run read from `at`, if it is the next split and something was read there; what
        /// it checked of the text is known to `text` from then on.
        fn adopt(&mut self, text: &mut Checked<'a>, at: usize) -> Option<usize> {
            while self.splits.get(self.next).is_some_and(|&s| s < at) {
                self.next += 1; // stepped over: that run is not used
            }
            if self.splits.get(self.next) != Some(&at) {
                return None;
            }
            let i = self.next;
            self.next += 1;
            let run = (self.run)(i).filter(|r| !r.entries.is_empty() && r.end > at)?;
            text.take_over(&run.checked)?;
            for (raw, entry) in run.entries {
                self.state.walked(raw);
                self.read.push(Some(entry));
            }
            Some(run.end - at)
        }
    }
    impl<'a> super::scan::OnEntry<'a> for Reading<'_, 'a> {
        fn read_at(&mut self, text: &mut Checked<'a>, at: usize) -> Option<usize> {
            // Anything but an object is rare and left to the scan: `MaybeObject` says what it is.
            if text.bytes().get(at) != Some(&b'{') {
                return None;
            }
            if !self.splits.is_empty() {
                if let Some(len) = self.adopt(text, at) {
                    return Some(len);
                }
            }
            let (entry, raw) = read_checked(text, at)?;
            self.state.walked(raw);
            self.read.push(Some(entry.map(Box::new)));
            Some(raw.len())
        }

        fn found(&mut self, raw: &'a str) {
            self.state.walked(raw);
            self.read.push(None);
        }
    }
    let mut state = State::default();
    let mut members = Vec::new();
    let mut reading = Reading {
        state: &mut state,
        read: Vec::new(),
        splits,
        run,
        next: 0,
    };
    let scanned = super::scan::entries(text, &mut reading, &mut |k, v| members.push((k, v)));
    // The whole text, to place an error in; bytes not all UTF-8 are read again, as when the
    // scan gives up.
    let whole = scanned.and_then(|()| text.all());
    let Some(whole) = whole else {
        // The careful walk reads the file again: what was read here is not used.
        return (state, None, (Vec::new(), None));
    };
    let read = reading.read;
    // The entries the quick reader left, read in order, up to the first that does not read.
    let mut out = Vec::with_capacity(read.len());
    let mut failed = None;
    for (index, (entry, raw)) in read.into_iter().zip(&state.raws).enumerate() {
        match entry.map_or_else(|| read_raw(raw).map(|e| e.map(Box::new)), Ok) {
            Ok(entry) => out.push((index, entry)),
            Err(e) => {
                failed = Some((index, FileError::in_entry(whole, raw, &e)));
                break;
            }
        }
    }
    (state, Some(members), (out, failed))
}

/// The one pass on `threads` cores: the text is cut in `parts` ([`parts_for`]) at likely
/// entries' starts ([`entry_start_near`]). The first core scans and reads from the top; the
/// others read the parts from the last one back ([`read_run`]). Each part is taken once, by
/// whoever gets to it first: where the first core reaches a cut whose part another core took,
/// it takes that run over ([`scan_and_read_adopting`]); where it gets there first, it reads on
/// itself. So a core slowed down (by the page's other work, or the machine's) keeps the first
/// core waiting for about a part, not for half the file. A cut that is not an entry's start is
/// never reached exactly: its run is not used (it may be read in vain), and the first core reads
/// those entries itself. `None` when no cut was found (a text on one line, indented with tabs,
/// or with no `{` line after a line ending in a comma): the two stages overlap then.
fn split_and_read<'a>(text: &mut Checked<'a>, threads: usize, parts: usize) -> Option<Walked<'a>> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::PoisonError;
    let b = text.bytes();
    let mut splits: Vec<usize> = Vec::new();
    // The entries' indentation, once two cuts in a row searched for whole agree on it: one cut
    // alone may fall inside a large entry (a WebSocket's messages), and its indentation would
    // make every later cut one inside an entry, never taken over.
    let (mut indent, mut last) = (None, None);
    for k in 1..parts {
        let from = (b.len() / parts * k).max(splits.last().map_or(0, |s| s + 1));
        if let Some((open, at)) = entry_start_near(b, from, indent) {
            splits.push(open);
            if indent.is_none() && last.replace(at) == Some(at) {
                indent = Some(at);
            }
        }
    }
    if splits.is_empty() {
        return None;
    }
    let (senders, receivers): (Vec<_>, Vec<_>) = splits
        .iter()
        .map(|_| std::sync::mpsc::channel::<Run<'_>>())
        .unzip();
    // Whoever takes a part's sender has the part: a helper sends its run with it (and drops it
    // with its work if that fails: the first core's wait ends then); the first core drops it and
    // reads the part itself.
    let senders: Vec<_> = senders
        .into_iter()
        .map(|s| std::sync::Mutex::new(Some(s)))
        .collect();
    let take = |i: usize| {
        let slot = senders.get(i)?;
        slot.lock().unwrap_or_else(PoisonError::into_inner).take()
    };
    // The parts not yet handed to a helping core are those before this one.
    let back = AtomicUsize::new(splits.len());
    // Each run checks the text it reads from its cut on.
    let runs: Vec<_> = splits.iter().map(|&at| text.starting_at(at)).collect();
    // Set when the first core's pass is over (read, or given up): runs still going stop.
    let over = AtomicBool::new(false);
    let watch = crate::parallel::watch();
    let helpers: Vec<usize> = (1..threads).collect();
    let (_, walked) = crate::parallel::join(
        true,
        || {
            crate::parallel::map_owned_chunks(helpers, 1, |_, _| {
                while let Ok(next) =
                    back.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1))
                {
                    let i = next - 1;
                    // Taken by the first core: it has read this far, the parts before are its too.
                    let Some(tx) = take(i).filter(|_| !over.load(Ordering::Relaxed)) else {
                        break;
                    };
                    let run = read_run(runs[i], splits[i], &splits[i + 1..], &over);
                    // The receiving end may be gone (the pass is over).
                    crate::parallel::send(&tx, run);
                }
            })
        },
        || {
            // The parts before this one are the first core's: those at cuts it stepped over (not
            // entries' starts) are no helper's to read.
            let mut passed = 0;
            let walked = scan_and_read_adopting(text, &splits, &mut |i| {
                for before in passed..i {
                    drop(take(before));
                }
                passed = i + 1;
                if take(i).is_some() {
                    return None; // first here: read on
                }
                crate::parallel::receive(receivers.get(i)?, &watch)
            });
            over.store(true, Ordering::Relaxed);
            walked
        },
    );
    Some(walked)
}

/// How many parts [`split_and_read`] cuts a text of `len` bytes into for `threads`: sixteen a
/// thread, each of [`PIPELINE_BYTES`] at least, so that a core slowed down holds the others up
/// for a small part. Cut in halves, the first core of Chromium's `analyze` waited 50 to 70 ms of
/// about 500 for the other's half of the bench file in two runs of three; cut in four a thread,
/// the other waited 40 to 60 ms for the first's last part in each run; in sixteen, 10 at most.
fn parts_for(len: usize, threads: usize) -> usize {
    (threads * 16).min(len / PIPELINE_BYTES).max(threads)
}

/// The entries read one after another from `from` (an object's `{`), as the one pass reads
/// them, up to an entry that starts exactly at one of the later cuts `until` (sorted; a cut
/// that falls inside an entry is read past), the list's end, the first entry that is not an
/// object the quick reader reads (the scan reads on from there), or the first core's pass
/// being `over`. `text` is the text as known from `from` on, and checked as it is read.
fn read_run<'a>(
    mut text: Checked<'a>,
    from: usize,
    until: &[usize],
    over: &std::sync::atomic::AtomicBool,
) -> Run<'a> {
    let b = text.bytes();
    let mut entries = Vec::new();
    let mut end = from;
    let mut at = from;
    while b.get(at) == Some(&b'{')
        && (at == from || until.binary_search(&at).is_err())
        && !over.load(std::sync::atomic::Ordering::Relaxed)
    {
        let Some((entry, raw)) = read_checked(&mut text, at) else {
            break;
        };
        entries.push((raw, entry.map(Box::new)));
        end = at + raw.len();
        // As the scan goes on between entries: whitespace, a comma, whitespace.
        let mut p = super::scan::past_ws(b, end);
        if b.get(p) != Some(&b',') {
            break;
        }
        p = super::scan::past_ws(b, p + 1);
        at = p;
    }
    Run {
        entries,
        end,
        checked: text,
    }
}

/// Where an entry likely starts, at or after `from`: a `{` that begins a line (indented with
/// spaces) right after a line ending with a comma, at the shallowest indentation seen in the
/// next [`CUT_WINDOW`] bytes, the first of those (an indented export's entries are the
/// shallowest list of objects there; a raw line feed never occurs inside a JSON string). A
/// guess, checked by the scan reaching it exactly. With the indentation of the cut before
/// (`like`), the first such `{` at that indentation is taken at once, unless a shallower one
/// comes first: the window is not searched to its end for each of many cuts. The `{`'s place
/// and indentation.
fn entry_start_near(b: &[u8], from: usize, like: Option<usize>) -> Option<(usize, usize)> {
    let end = b.len().min(from.saturating_add(CUT_WINDOW));
    let mut best: Option<(usize, usize)> = None; // (indentation, place of the `{`)
    let mut at = from;
    while let Some(nl) = memchr::memchr(b'\n', b.get(at..end)?) {
        let line = at + nl + 1;
        at = line;
        let open = super::scan::past_spaces(b, line);
        if b.get(open) != Some(&b'{') {
            continue;
        }
        let indent = open - line;
        if best.is_some_and(|(i, _)| i <= indent) {
            continue;
        }
        // The line before ends with a comma (whitespace aside): `{` is a list's next element.
        let before = b[from..line - 1] // boundary: bytes
            .iter()
            .rposition(|c| !matches!(c, b' ' | b'\t' | b'\r'));
        if before.is_some_and(|p| b[from + p] == b',') {
            if like == Some(indent) {
                return Some((open, indent));
            }
            best = Some((indent, open));
        }
    }
    best.map(|(indent, open)| (open, indent))
}

/// How far [`entry_start_near`] looks for the shallowest entry start.
const CUT_WINDOW: usize = 1 << 20;

/// Reads the log's members the scan handed over as text, as the careful walk reads them;
/// `None` where it would have stopped.
fn read_members<'a>(har: &mut Har<'a>, members: &[(&str, &'a str)]) -> Option<()> {
    for &(key, text) in members {
        let mut de = serde_json::Deserializer::from_str(text);
        LogMember { key, har }.deserialize(&mut de).ok()?;
    }
    Some(())
}

/// Runs `walk_with` (the first stage, which hands each entry to [`State::walked`]) and reads
/// the entries it finds. With `overlap` (a second core, a text worth it), that core reads
/// entries while the walk goes on (the careful walk is about a third of the reading), and the
/// walking core joins it when the walk is done.
fn walk_and_read<'a, W>(
    text: &'a str,
    overlap: bool,
    walk_with: impl FnOnce(&mut State<'a>) -> W,
) -> (State<'a>, W, Read<'a>) {
    let mut state = State::default();
    if !overlap {
        let walked = walk_with(&mut state);
        let read = read_entries(text, &state.raws);
        return (state, walked, read);
    }
    let (sender, receiver) = std::sync::mpsc::channel::<Batch<'_>>();
    let receiver = std::sync::Mutex::new(receiver);
    let read_batches = || {
        let mut done = Vec::new();
        // The lock is held while waiting for the next batch, never while reading one.
        while let Ok((first, raws)) = {
            let next = receiver.lock().map(|r| r.recv());
            next.unwrap_or(Err(std::sync::mpsc::RecvError))
        } {
            // The walk counts entries for the progress line; reading them here does not.
            let (read, failed) = read_from(text, first, &raws, false);
            done.push((first, read, failed));
        }
        done
    };
    let (helped, (walked, mut batches)) = crate::parallel::join(true, read_batches, || {
        state.sink = Some(sender);
        let walked = walk_with(&mut state);
        state.send_pending();
        state.sink = None; // the helper stops when every batch is taken
        (walked, read_batches())
    });
    batches.extend(helped);
    batches.sort_by_key(|b| b.0);
    let read = in_order(batches.into_iter().map(|(_, read, failed)| (read, failed)));
    (state, walked, read)
}

/// The threads [`parse`] reads a text of `len` bytes on.
fn threads_for_text(len: usize) -> usize {
    crate::parallel::threads_for(len, PIPELINE_BYTES)
}

/// Each core's share of a text worth overlapping: from twice this (4 MiB) a second core reads
/// entries while the first walks the file ([`crate::parallel::threads_for`]).
const PIPELINE_BYTES: usize = 2 << 20;

/// Entries handed to the second core at a time.
const BATCH: usize = 256;

/// Raw entries and the index of the first.
type Batch<'a> = (usize, Vec<&'a str>);

/// The first stage: walks the whole text, keeping each entry's raw text; what stopped it,
/// if anything did, and in which entry.
fn walk<'a>(text: &'a str, state: &mut State<'a>) -> Option<(Option<usize>, FileError)> {
    let mut de = serde_json::Deserializer::from_str(text);
    let result = RootSeed { state }
        .deserialize(&mut de)
        .and_then(|()| de.end());
    result.err().map(|e| {
        // A comma after the last entry stops the list before a next entry begins (inside an
        // entry the walk, which only skips values, says "expected value" instead).
        let between = matches!(e.classify(), serde_json::error::Category::Syntax)
            && e.to_string().starts_with("trailing comma");
        let entry = state.reading_entry.filter(|_| !between);
        (entry, FileError::at_file(&e))
    })
}

/// Reads a capture whose entries' places in `text` are already known (a session that
/// gathered them one by one): only the second stage of [`parse`], no walk over the text.
/// `log` is a small HAR document holding the log's other members (`creator`, `version`,
/// `browser`, `pages`); its entries are ignored.
pub fn parse_known<'a>(text: &'a str, spans: &[(usize, usize)], log: &str) -> Ingested<'a> {
    known(text, spans, log, read_entries)
}

/// [`parse_known`] of entries read before, one by one ([`read_entry`]): a live session keeps
/// each entry it read ([`Entry::into_owned`]) instead of reading its whole capture again for
/// every analysis. `entries` holds every entry at `spans`, in order; the capture is the one
/// [`parse_known`] gives when each of them reads on its own.
pub fn parse_known_read<'a>(
    text: &'a str,
    spans: &[(usize, usize)],
    log: &str,
    entries: Vec<Box<Entry<'a>>>,
) -> Ingested<'a> {
    debug_assert_eq!(entries.len(), spans.len());
    known(text, spans, log, |_, _| {
        let read = entries
            .into_iter()
            .enumerate()
            .map(|(i, e)| (i, MaybeObject::Object(e)))
            .collect();
        (read, None)
    })
}

/// One entry read from its own text, as [`parse`] reads it; `None` when it is not an object or
/// does not read (a key written twice, say), which [`parse_repairing_known`] then repairs.
pub fn read_entry(raw: &str) -> Option<Entry<'_>> {
    match read_raw(raw) {
        Ok(MaybeObject::Object(entry)) => Some(entry),
        _ => None,
    }
}

/// [`parse_known`] with the entries read by `read`.
fn known<'a>(
    text: &'a str,
    spans: &[(usize, usize)],
    log: &str,
    read: impl FnOnce(&'a str, &[&'a str]) -> Read<'a>,
) -> Ingested<'a> {
    let head = parse(log).har;
    let mut state = State::default();
    state.har.version = head.version;
    state.har.creator = head.creator;
    state.har.browser = head.browser;
    state.har.log_found = true;
    state.har.entries_seen = spans.len();
    let raws: Vec<&str> = spans
        .iter()
        .map(|&(start, end)| text.get(start..end).unwrap_or(""))
        .collect();
    let read = read(text, &raws);
    assemble(text, state, raws, None, read)
}

/// What the second stage read: the entries, and the first that could not be read.
type Read<'a> = (Vec<ReadEntry<'a>>, Option<(usize, FileError)>);

/// Puts the two stages together and says what stopped reading, if anything did.
fn assemble<'a>(
    text: &'a str,
    mut state: State<'a>,
    raws: Vec<&'a str>,
    mut failed: Option<(Option<usize>, FileError)>,
    (read, entry_failure): Read<'a>,
) -> Ingested<'a> {
    if let Some((index, error)) = entry_failure {
        // An entry that stopped reading comes before whatever stopped the first stage.
        failed = Some((Some(index), error));
        state.har.entries_seen = index;
    }
    for item in read {
        match item {
            (index, MaybeObject::Object(mut entry)) => {
                entry.index = index;
                state.har.entries.push(entry);
            }
            (index, MaybeObject::Other(kind)) => {
                let mut issue = ParseIssue::new(
                    "entry-unreadable",
                    format!("entry {index} is {kind}, not an object, and was skipped"),
                );
                issue.pointer = Some(format!("/log/entries/{index}"));
                state.issues.push(issue);
            }
        }
    }
    let mut raws = raws;
    raws.truncate(state.har.entries_seen);
    state.har.raw_entries = raws;
    let mut issues = state.issues;
    let mut repair = None;
    if let Some((entry, e)) = &failed {
        let kind = if e.message.starts_with("duplicate field") {
            Some(RepairKind::DuplicateKey)
        } else if e.message.starts_with("number out of range") {
            Some(RepairKind::NumberOutOfRange)
        } else if e.message.starts_with("expected value") || e.message.starts_with("invalid number")
        {
            Some(RepairKind::BareWord)
        } else if e.message.starts_with("trailing comma")
            || e.message.starts_with("key must be a string")
        {
            Some(RepairKind::TrailingComma)
        } else {
            None
        };
        repair = kind.and_then(|kind| {
            let offset = offset_of(text, e.line, e.column)?;
            Some(Repair {
                kind,
                entry: *entry,
                offset,
                line: e.line,
                column: e.column,
            })
        });
    }
    if let Some((_, e)) = failed {
        // A file cut in the middle of a number or literal reports "invalid number"
        // rather than EOF; an error on the very last character is a truncation too.
        let (last_line, last_col) = line_col(text.trim_end().as_bytes(), text.trim_end().len());
        let at_end = e.line > last_line || (e.line == last_line && e.column + 1 >= last_col);
        // The position goes in `line` and `column` (which `Display` adds), not in the words too.
        let mut issue = ParseIssue::new(
            "invalid-json",
            if e.is_eof || at_end {
                format!(
                    "the file ends early, in the middle of the JSON ({})",
                    e.message
                )
            } else {
                format!("invalid JSON: {}", e.message)
            },
        );
        if e.line > 0 {
            issue.line = Some(e.line);
            issue.column = Some(e.column);
        }
        issues.push(issue);
    }
    if !state.har.log_found && !issues.iter().any(|i| i.kind == "invalid-json") {
        issues.push(ParseIssue::new(
            "no-log",
            "this JSON is not a HAR file: it has no `log` object",
        ));
    }
    if state.har.log_found && state.har.entries_seen == 0 && issues.is_empty() {
        issues.push(ParseIssue::new("no-entries", "the HAR log has no entries"));
    }
    let mut har = state.har;
    har.source = text;
    Ingested {
        har,
        issues,
        repair,
    }
}

#[derive(Default)]
struct State<'a> {
    har: Har<'a>,
    issues: Vec<ParseIssue>,
    /// The index of the entry being walked, while one is.
    reading_entry: Option<usize>,
    /// The raw text of every element of `log.entries` walked so far.
    raws: Vec<&'a str>,
    /// Where entries go to be read while the walk goes on ([`parse`] on two cores).
    sink: Option<std::sync::mpsc::Sender<Batch<'a>>>,
    /// Entries walked and not yet sent.
    pending: Vec<&'a str>,
}

impl<'a> State<'a> {
    /// One more element of `log.entries`, as raw text.
    fn walked(&mut self, raw: &'a str) {
        self.raws.push(raw);
        self.har.entries_seen += 1;
        crate::progress::at(self.har.entries_seen);
        if self.sink.is_some() {
            self.pending.push(raw);
            if self.pending.len() == BATCH {
                self.send_pending();
            }
        }
    }

    fn send_pending(&mut self) {
        if let Some(sink) = &self.sink {
            if !self.pending.is_empty() {
                let first = self.raws.len() - self.pending.len();
                // The receiving end lives as long as the walk: sending cannot fail.
                let _ = sink.send((first, std::mem::take(&mut self.pending)));
            }
        }
    }
}

/// A JSON error with its position in the whole file (an entry read from its raw text
/// reports positions within that text).
#[derive(Debug)]
struct FileError {
    /// serde's message without its position.
    message: String,
    line: usize,
    column: usize,
    is_eof: bool,
}

impl FileError {
    fn at_file(e: &serde_json::Error) -> FileError {
        FileError {
            message: without_position(e),
            line: e.line(),
            column: e.column(),
            is_eof: e.is_eof(),
        }
    }

    /// An error in `raw`, a slice of `text`, placed in `text`.
    fn in_entry(text: &str, raw: &str, e: &serde_json::Error) -> FileError {
        // `raw` lies within `text` (the first stage's slices, or a session's spans); were it
        // not, the error is placed at the start rather than anywhere made up.
        let start = (raw.as_ptr() as usize)
            .checked_sub(text.as_ptr() as usize)
            .filter(|s| s + raw.len() <= text.len())
            .unwrap_or(0);
        let within = offset_of(raw, e.line(), e.column()).unwrap_or(raw.len().saturating_sub(1));
        let (line, column) = line_col(text.as_bytes(), start + within);
        FileError {
            message: without_position(e),
            line,
            column,
            is_eof: e.is_eof(),
        }
    }
}

/// serde_json's message without the " at line L column C" it appends.
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) if e.line() > 0 => text[..at].to_owned(), // boundary: ASCII
        _ => text,
    }
}

/// The raw JSON text of each element of `log.entries`, as far as the text is
/// readable; the same leniencies as [`parse`].
pub(crate) fn raw_entries(text: &str) -> Vec<&str> {
    let mut state = State::default();
    let mut de = serde_json::Deserializer::from_str(text);
    // Errors were reported by `parse`; what was collected before one is kept.
    let _ = RootSeed { state: &mut state }.deserialize(&mut de);
    state.raws
}

/// An entry read from its raw text, with its index.
type ReadEntry<'a> = (usize, MaybeObject<Box<Entry<'a>>>);

/// Reads every raw entry; stops at the first that cannot be read (a JSON error, which
/// the repairs of [`parse_repairing`] may fix) and says which one it was.
fn read_entries<'a>(text: &'a str, raws: &[&'a str]) -> Read<'a> {
    crate::progress::start(crate::progress::Phase::Parsing, raws.len());
    let threads = crate::parallel::threads_for(raws.len(), 2_000);
    if threads <= 1 {
        return read_from(text, 0, raws, true);
    }
    let chunk = raws.len().div_ceil(threads);
    let parts = crate::parallel::map_chunks(raws, chunk, |n, part| {
        read_from(text, n * chunk, part, true)
    });
    in_order(parts)
}

/// Parts read apart, put back together in order: up to the first entry that could not be read.
fn in_order<'a>(parts: impl IntoIterator<Item = Read<'a>>) -> Read<'a> {
    let mut all = Vec::new();
    for (read, failed) in parts {
        all.extend(read);
        if failed.is_some() {
            return (all, failed);
        }
    }
    (all, None)
}

/// Reads raw entries, the first of them entry `first`; stops at the first that cannot be read.
/// Counts them on the progress line when `count`.
fn read_from<'a>(text: &'a str, first: usize, raws: &[&'a str], count: bool) -> Read<'a> {
    let mut out = Vec::with_capacity(raws.len());
    for (n, raw) in raws.iter().enumerate() {
        let index = first + n;
        match read_raw(raw) {
            Ok(entry) => out.push((index, entry.map(Box::new))),
            Err(e) => return (out, Some((index, FileError::in_entry(text, raw, &e)))),
        }
        if count {
            crate::progress::add(1);
        }
    }
    (out, None)
}

/// One entry's text read: by the quick reader, or by serde_json where it gives up
/// ([`super::quick`]), which then says what is wrong.
fn read_raw(raw: &str) -> serde_json::Result<MaybeObject<Entry<'_>>> {
    super::quick::read(raw)
}

/// `count` bodies of JSON strings (without their quotes), the same at each call: mostly plain
/// bytes and escapes, now and then what ends a string early (`"`), breaks it (a control
/// character, a bad escape) or sits after a stop, where the eight-byte tests of the quick
/// reader may flag a byte that is none (`#` after `"`, `]` after `\`, a space after a
/// control character). For the tests of [`super::quick`], native and in WebAssembly.
#[doc(hidden)]
pub fn strings_dense_with_escapes(count: usize) -> impl Iterator<Item = String> {
    const PIECES: [&str; 19] = [
        "a", "é", "\\\"", "\\\\", "\\/", "\\n", "\\u00e9", "\\uD83D", "#", "]", " ", "u", "0",
        "\\u12", "\\x", "\u{1}", "\t", "\"", "\\",
    ];
    let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    (0..count).map(move |_| {
        let len = next(48);
        (0..len)
            .map(|_| {
                PIECES[if next(16) == 0 {
                    next(PIECES.len())
                } else {
                    next(13)
                }]
            })
            .collect()
    })
}

/// Whether the quick reader ([`super::quick`]) reads `text` as serde_json does: as any JSON
/// value (every `visit_*` call the same, in order: [`Visit`]), as a value skipped, and as an
/// entry. `Ok(true)` when it read the entry, `Ok(false)` when it gave up; what differs
/// otherwise. For the tests and the fuzz target.
#[doc(hidden)]
pub fn quick_read_agrees(text: &str) -> Result<bool, String> {
    use serde::de::IgnoredAny;
    if let Some(quick) = super::quick::from_str::<Visit>(text) {
        match serde_json::from_str::<Visit>(text) {
            Ok(careful) if careful == quick => {}
            careful => return Err(format!("as a value: {quick:?}, serde_json {careful:?}")),
        }
    }
    if super::quick::from_str::<IgnoredAny>(text).is_some()
        && serde_json::from_str::<IgnoredAny>(text).is_err()
    {
        return Err("skipped: serde_json does not accept it".into());
    }
    let Some(quick) = super::quick::from_str::<MaybeObject<Entry<'_>>>(text) else {
        return Ok(false);
    };
    let careful = serde_json::from_str::<MaybeObject<Entry<'_>>>(text);
    match careful {
        Ok(careful) if format!("{careful:?}") == format!("{quick:?}") => Ok(true),
        careful => Err(format!("as an entry: {quick:?}, serde_json {careful:?}")),
    }
}

/// Whether the quick reader reads bytes not known to be UTF-8 as it reads text: a value and its
/// text where the bytes it reads are UTF-8 (the same `visit_*` calls and length as reading that
/// text), nothing where they are not; every string handed over is UTF-8. What differs
/// otherwise. For the tests and the fuzz target.
#[doc(hidden)]
pub fn quick_bytes_agree(bytes: &[u8]) -> Result<(), String> {
    let read = super::quick::from_bytes_prefix::<Visit>(bytes);
    if let Some((value, text)) = &read {
        if !bytes.starts_with(text.as_bytes()) || !value.is_utf8() {
            return Err(format!("read {value:?} from {text:?}, not of the bytes"));
        }
    }
    // The longest start of the bytes that is UTF-8: where they are not, the value cannot lie
    // wholly within it, and reads as nothing; where they are, it reads as text.
    let upto = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), |t| t.len());
    let Some(text) = bytes.get(..upto).and_then(|b| std::str::from_utf8(b).ok()) else {
        return Err("no UTF-8 start".into());
    };
    let from_text = super::quick::from_prefix::<Visit>(text);
    let read = read.map(|(v, t)| (v, t.len()));
    if read != from_text && (upto == bytes.len() || read.is_some()) {
        return Err(format!("bytes: {read:?}, text: {from_text:?}"));
    }
    Ok(())
}

/// The `visit_*` calls of a JSON value's reading, in order: whether a string was borrowed
/// or decoded, a number's kind (and a float's bits: `-0.0` is not `0.0`), keys in their order.
#[derive(Debug, PartialEq)]
enum Visit {
    Borrowed(String),
    Decoded(String),
    U64(u64),
    I64(i64),
    F64(u64),
    Bool(bool),
    Unit,
    Seq(Vec<Visit>),
    Map(Vec<(Visit, Visit)>),
}

impl Visit {
    /// Whether every string visited is UTF-8 (a reader of bytes must never hand over others).
    fn is_utf8(&self) -> bool {
        match self {
            Visit::Borrowed(s) | Visit::Decoded(s) => std::str::from_utf8(s.as_bytes()).is_ok(),
            Visit::Seq(items) => items.iter().all(Visit::is_utf8),
            Visit::Map(members) => members.iter().all(|(k, v)| k.is_utf8() && v.is_utf8()),
            _ => true,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Visit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Visit;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Visit, E> {
                Ok(Visit::Borrowed(v.to_owned()))
            }
            fn visit_str<E>(self, v: &str) -> Result<Visit, E> {
                Ok(Visit::Decoded(v.to_owned()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Visit, E> {
                Ok(Visit::U64(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Visit, E> {
                Ok(Visit::I64(v))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Visit, E> {
                Ok(Visit::F64(v.to_bits()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Visit, E> {
                Ok(Visit::Bool(v))
            }
            fn visit_unit<E>(self) -> Result<Visit, E> {
                Ok(Visit::Unit)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Visit, A::Error> {
                let mut items = Vec::new();
                while let Some(v) = seq.next_element()? {
                    items.push(v);
                }
                Ok(Visit::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Visit, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(Visit::Map(members))
            }
        }
        d.deserialize_any(V)
    }
}

struct RootSeed<'s, 'a> {
    state: &'s mut State<'a>,
}

impl<'de, 's> DeserializeSeed<'de> for RootSeed<'s, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, 's> Visitor<'de> for RootSeed<'s, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a HAR object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut bare = false;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "log" => map.next_value_seed(LogSeed { state: self.state })?,
                // Some tools write the log object at the top level.
                "entries" | "creator" | "version" | "pages" | "browser" => {
                    if !bare {
                        bare = true;
                        self.state.issues.push(ParseIssue::new(
                            "bare-log",
                            "the file is a bare HAR `log` object (no {\"log\": ...} wrapper)",
                        ));
                    }
                    self.state.har.log_found = true;
                    log_field(&key, &mut map, self.state)?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
    skip_visits!((); visit_seq, visit_str, visit_f64, visit_i64, visit_u64, visit_bool, visit_unit);
}

struct LogSeed<'s, 'a> {
    state: &'s mut State<'a>,
}

impl<'de, 's> DeserializeSeed<'de> for LogSeed<'s, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, 's> Visitor<'de> for LogSeed<'s, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the HAR log object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.state.har.log_found = true;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            log_field(&key, &mut map, self.state)?;
        }
        Ok(())
    }
    skip_visits!((); visit_unit, visit_str, visit_seq, visit_f64, visit_i64, visit_u64, visit_bool);
}

fn log_field<'de, A: MapAccess<'de>>(
    key: &str,
    map: &mut A,
    state: &mut State<'de>,
) -> Result<(), A::Error> {
    match key {
        "entries" => map.next_value_seed(EntriesSeed { state }),
        _ => map.next_value_seed(LogMember {
            key,
            har: &mut state.har,
        }),
    }
}

/// A member of the log besides its entries, read into `har` (the careful walk reads it in
/// place, [`read_members`] from the text the scan handed over).
struct LogMember<'s, 'a> {
    key: &'s str,
    har: &'s mut Har<'a>,
}

impl<'de> DeserializeSeed<'de> for LogMember<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        use serde::Deserialize;
        match self.key {
            "version" => self.har.version = LenientStr::deserialize(d)?.0.map(|v| v.into_owned()),
            "creator" => self.har.creator = Some(Lenient::<Creator>::deserialize(d)?.0),
            "browser" => self.har.browser = Some(Lenient::<Creator>::deserialize(d)?.0),
            _ => drop(IgnoredAny::deserialize(d)?),
        }
        Ok(())
    }
}

#[derive(serde::Deserialize)]
struct LenientStr<'a>(
    #[serde(borrow, deserialize_with = "super::lenient::opt_str")] Option<super::lenient::Str<'a>>,
);

/// An object read as `T`, or the JSON kind of what stood there instead.
#[derive(Debug)]
enum MaybeObject<T> {
    Object(T),
    Other(&'static str),
}

impl<T> MaybeObject<T> {
    fn map<U>(self, f: impl FnOnce(T) -> U) -> MaybeObject<U> {
        match self {
            MaybeObject::Object(t) => MaybeObject::Object(f(t)),
            MaybeObject::Other(kind) => MaybeObject::Other(kind),
        }
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for MaybeObject<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = MaybeObject<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(MaybeObject::Object)
            }
            skip_visits!(MaybeObject::Other("a list"); visit_seq);
            skip_visits!(MaybeObject::Other("a string"); visit_str);
            skip_visits!(MaybeObject::Other("a number"); visit_i64, visit_u64, visit_f64);
            skip_visits!(MaybeObject::Other("a boolean"); visit_bool);
            skip_visits!(MaybeObject::Other("null"); visit_unit);
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

struct EntriesSeed<'s, 'a> {
    state: &'s mut State<'a>,
}

impl<'de, 's> DeserializeSeed<'de> for EntriesSeed<'s, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, 's> Visitor<'de> for EntriesSeed<'s, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the entries list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        // Entries are walked in one pass and kept as raw text; [`read_entries`] reads
        // them. Every field reader is lenient, so a field of the wrong type costs that
        // field, and an element that is not an object costs that entry, never the rest.
        loop {
            self.state.reading_entry = Some(self.state.har.entries_seen);
            let Some(raw) = seq.next_element::<&'de RawValue>()? else {
                self.state.reading_entry = None;
                break;
            };
            self.state.reading_entry = None;
            self.state.walked(raw.get());
        }
        Ok(())
    }
    skip_visits!((); visit_map, visit_unit, visit_str);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every capture the repository holds (tests and samples), in a stable order.
    fn captures() -> Vec<std::path::PathBuf> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        hars_under(&root.join("tests"), &mut files);
        hars_under(&root.join("samples"), &mut files);
        files.sort();
        files
    }

    /// Numbers below `n`, the same on every run (xorshift from `seed`).
    fn xorshift(mut seed: u64) -> impl FnMut(usize) -> usize {
        move |n| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n.max(1) as u64) as usize
        }
    }

    fn hars_under(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = e.path();
            if path.is_dir() {
                hars_under(&path, out);
            } else if path.extension().is_some_and(|x| x == "har") {
                out.push(path);
            }
        }
    }

    /// Every capture the repository holds, whole and damaged (cut short, one byte changed):
    /// what `parse` makes of it, with the fast walk first (scanned and read in one pass, or
    /// apart), is what the careful walk alone makes of it, down to every issue's message and
    /// place.
    #[test]
    fn the_fast_walk_reads_every_capture_as_the_careful_walk_does() {
        let files = captures();
        assert!(files.len() > 100, "{} captures found", files.len());
        let (mut variants, mut fast) = (0, 0);
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        for path in &files {
            let (text, _) = prepare(std::fs::read(path).expect("readable"));
            let mut texts = vec![text.clone()];
            // Large captures whole and cut once; small ones in many ways.
            let damaged = if text.len() > 200_000 { 1 } else { 6 };
            for _ in 0..damaged {
                let mut cut = next(text.len());
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                texts.push(text.get(..cut).unwrap_or_default().to_owned());
                let mut bytes = text.clone().into_bytes();
                let at = next(bytes.len());
                if bytes.get(at).is_some_and(u8::is_ascii) {
                    bytes[at] = b"\"{}[],:x\\ 1"[next(11)];
                    texts.extend(String::from_utf8(bytes).ok());
                }
            }
            for t in &texts {
                variants += 1;
                fast += usize::from(
                    super::super::scan::entries(&mut Checked::text(t), &mut drop, &mut |_, _| {})
                        .is_some(),
                );
                if let Err(e) = parse_ways_agree(t) {
                    panic!("{}: {e}", path.display());
                }
            }
        }
        // Both ways were taken often.
        assert!(
            fast > variants / 4 && fast < variants * 3 / 4,
            "{fast} of {variants}"
        );
    }

    /// What a session holding a whole file (the offline page) finds in one pass: the elements
    /// and members the scan alone finds, and entries that are, read where they are, what
    /// reading each from its place gives (`Session::addHar` keeps them for the first analysis,
    /// which read them again from their places). On every capture of the repository whole and
    /// with one byte changed, and on files where an entry does not read on its own.
    #[test]
    fn scan_reading_finds_and_reads_as_the_scan_and_the_reading_apart() {
        let mut texts: Vec<String> = vec![
            // A key twice: found, and left to the careful reading, which repairs it.
            r#"{"log":{"version":"1.2","entries":[{"startedDateTime":"2024-01-01T00:00:00Z","request":{"method":"GET","url":"https://a.test/"},"response":{"status":401,"status":401}}]}}"#.into(),
            // An element that is not an object.
            r#"{"log":{"entries":[1,{"request":{"method":"GET","url":"https://a.test/"}}],"pages":[]}}"#.into(),
        ];
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        for path in captures() {
            let (text, _) = prepare(std::fs::read(&path).expect("readable"));
            let mut bytes = text.clone().into_bytes();
            let at = next(bytes.len());
            if bytes.get(at).is_some_and(u8::is_ascii) {
                bytes[at] = b"\"{}[],:x\\ 1"[next(11)];
                texts.extend(String::from_utf8(bytes).ok());
            }
            texts.push(text);
        }
        let (mut found, mut read_ahead, mut left) = (0, 0, 0);
        for t in &texts {
            let (mut raws, mut members) = (Vec::new(), Vec::new());
            let scanned = super::super::scan::entries(
                &mut Checked::text(t),
                &mut |raw| raws.push(raw),
                &mut |k, v| members.push((k, v)),
            );
            let Some(one) = scan_reading(t) else {
                assert!(
                    scanned.is_none(),
                    "the scan alone took what one pass did not"
                );
                continue;
            };
            found += 1;
            assert!(
                scanned.is_some(),
                "one pass took what the scan alone did not"
            );
            assert_eq!(one.raws, raws);
            assert_eq!(one.members, members);
            let spans: Vec<(usize, usize)> = raws
                .iter()
                .map(|raw| {
                    let start = raw.as_ptr() as usize - t.as_ptr() as usize;
                    (start, start + raw.len())
                })
                .collect();
            let log = r#"{"log":{"version":"1.2","entries":[]}}"#;
            let apart = parse_known(t, &spans, log);
            match one.entries {
                Some(entries) => {
                    read_ahead += 1;
                    let together = parse_known_read(t, &spans, log, entries);
                    assert_eq!(
                        shown_at(&together, t.as_bytes()),
                        shown_at(&apart, t.as_bytes())
                    );
                }
                None => {
                    left += 1;
                    let every_entry_reads = raws.iter().all(|raw| read_entry(raw).is_some());
                    assert!(!every_entry_reads, "entries left that read on their own");
                }
            }
        }
        assert!(read_ahead > 100 && left >= 2, "{found} {read_ahead} {left}");
    }

    /// The one pass cut in parts, on every capture of the repository with a few entries: the
    /// cut guessed falls on an entry's start in an indented export (a run is taken over there),
    /// and what is read is what the one pass reads alone, down to each raw text's place. A cut
    /// that is not an entry's start is passed by, and read past by the run before it.
    #[test]
    fn the_one_pass_cut_in_parts_reads_as_the_one_pass_does() {
        let (mut cases, mut adopted) = (0, 0);
        for path in captures() {
            let (text, _) = prepare(std::fs::read(&path).expect("readable"));
            // The text known to be UTF-8, and its bytes checked as they are read.
            let mut read_as = None;
            for known in [true, false] {
                let fresh = || match known {
                    true => Checked::text(&text),
                    false => Checked::unchecked(text.as_bytes()),
                };
                let at = format!("{} known {known}", path.display());
                let seen = cuts_read_as_one_pass(&text, fresh, &at, &mut cases, &mut adopted);
                // Whether the text is known to be UTF-8 or not, it reads the same.
                match &read_as {
                    None => read_as = Some(seen),
                    Some(known) => assert_eq!(&seen, known, "{at}"),
                }
            }
        }
        assert!(cases > 40, "{cases} captures with a few entries");
        assert!(
            adopted * 10 >= cases * 9,
            "cut at an entry's start in {adopted} of {cases}"
        );
    }

    /// [`the_one_pass_cut_in_parts_reads_as_the_one_pass_does`] for one text, its bytes checked
    /// as `fresh` checks them: `None` where the one pass does not read it (nothing to compare),
    /// else what it read.
    fn cuts_read_as_one_pass<'a>(
        text: &'a str,
        fresh: impl Fn() -> Checked<'a>,
        path: &str,
        cases: &mut usize,
        adopted: &mut usize,
    ) -> Option<String> {
        use std::sync::atomic::AtomicBool;
        let whole = scan_and_read(&mut fresh());
        let places = |w: &Walked<'_>| -> Vec<usize> {
            let base = text.as_ptr() as usize;
            w.0.raws
                .iter()
                .map(|r| r.as_ptr() as usize - base)
                .collect()
        };
        let starts = places(&whole);
        if whole.1.is_none() || starts.len() < 4 || !text.contains('\n') {
            return None;
        }
        *cases += 1;
        let seen = |w: &Walked<'_>| format!("{:?} {:?} {:?}", places(w), w.1, w.2);
        let (cut, indent) = entry_start_near(text.as_bytes(), text.len() / 2, None)?;
        // Told its indentation, the same cut is found (without searching the whole window).
        let like = entry_start_near(text.as_bytes(), text.len() / 2, Some(indent));
        assert_eq!(like, Some((cut, indent)), "{path}");
        let mut asked = 0;
        let mut checked = fresh();
        let run = checked.starting_at(cut);
        let split = scan_and_read_adopting(&mut checked, &[cut], &mut |i| {
            asked += 1;
            assert_eq!(i, 0);
            Some(read_run(run, cut, &[], &AtomicBool::new(false)))
        });
        assert_eq!(seen(&split), seen(&whole), "{path}");
        if starts.contains(&cut) {
            assert_eq!(asked, 1, "{path}: the run at {cut} was not taken");
            *adopted += 1;
        } else {
            assert_eq!(asked, 0, "{path}");
        }
        // Inside an entry: never an entry's start, never asked for.
        let inside = starts[1] + 1;
        let mut asked = 0;
        let passed = scan_and_read_adopting(&mut fresh(), &[inside], &mut |_| {
            asked += 1;
            None
        });
        assert_eq!((asked, seen(&passed)), (0, seen(&whole)));
        // Many cuts: every third entry's start, and places inside entries between them.
        // Each run stops at the next cut an entry starts on; the others are read past.
        let at_starts: Vec<usize> = starts.iter().copied().step_by(3).skip(1).collect();
        let mut cuts: Vec<usize> = at_starts
            .iter()
            .copied()
            .chain(starts.iter().skip(1).step_by(2).map(|s| s + 1))
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut asked = 0;
        let mut checked = fresh();
        let runs: Vec<_> = cuts.iter().map(|&c| checked.starting_at(c)).collect();
        let many = scan_and_read_adopting(&mut checked, &cuts, &mut |i| {
            asked += 1;
            Some(read_run(
                runs[i],
                cuts[i],
                &cuts[i + 1..],
                &AtomicBool::new(false),
            ))
        });
        assert_eq!(seen(&many), seen(&whole), "{path}");
        assert_eq!(asked, at_starts.len(), "{path}");
        // The first core gets to every other cut first and reads on from there itself (`None`);
        // the run after it, read from a later cut, is taken over.
        let mut asked = 0;
        let mut checked = fresh();
        let runs: Vec<_> = cuts.iter().map(|&c| checked.starting_at(c)).collect();
        let mixed = scan_and_read_adopting(&mut checked, &cuts, &mut |i| {
            asked += 1;
            (asked % 2 == 0)
                .then(|| read_run(runs[i], cuts[i], &cuts[i + 1..], &AtomicBool::new(false)))
        });
        assert_eq!(seen(&mixed), seen(&whole), "{path}");
        assert_eq!(asked, at_starts.len(), "{path}");
        // And on two and three threads, as `parse` runs it.
        for (threads, parts) in [(2, 2), (3, 3), (2, 7), (3, 12)] {
            let split =
                split_and_read(&mut fresh(), threads, parts).expect("an indented export has a cut");
            assert_eq!(seen(&split), seen(&whole), "{path}");
        }
        Some(seen(&whole))
    }

    /// The check shared out among threads says what std says, wherever the cuts fall: in the
    /// middle of a character, of an invalid sequence, or among continuation bytes.
    #[test]
    fn utf8_on_several_threads_agrees_with_std() {
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        // Pieces of valid text (one to four bytes a character) and of invalid text: a lone
        // continuation byte, a lead byte cut short, an overlong form, a surrogate, too large.
        const PIECES: &[&[u8]] = &[
            b"a",
            b"{\"k\": 1}",
            "é".as_bytes(),
            "日本".as_bytes(),
            "😀".as_bytes(),
            b"\x80",
            b"\xC3",
            b"\xE6\x97",
            b"\xF0\x9F\x98",
            b"\xC0\xAF",
            b"\xED\xA0\x80",
            b"\xF4\x90\x80\x80",
            b"\x80\x80\x80\x80\x80",
        ];
        let (mut valid, mut invalid, mut refused, mut long_tail) = (0, 0, 0, 0);
        for round in 0..4_000 {
            let mut bytes = Vec::new();
            for _ in 0..next(24) {
                // Mostly valid pieces, so that both outcomes are common.
                let piece = if round % 2 == 0 {
                    next(5)
                } else {
                    next(PIECES.len())
                };
                bytes.extend_from_slice(PIECES[piece]);
            }
            let want = std::str::from_utf8(&bytes).ok();
            if want.is_some() {
                valid += 1;
            } else {
                invalid += 1;
            }
            // The cuts, without threads: they cover the text, fall where characters start,
            // and the parts are all UTF-8 exactly when the whole is.
            for n in 2..=5 {
                let Some(parts) = utf8_parts(&bytes, n) else {
                    assert!(want.is_none(), "{bytes:x?} refused in {n}");
                    refused += 1;
                    continue;
                };
                assert_eq!(parts.concat(), bytes);
                assert!(parts.len() <= n);
                assert!(parts
                    .iter()
                    .skip(1)
                    .all(|p| p.first().is_some_and(|b| b & 0xC0 != 0x80)));
                let each = parts.iter().all(|p| std::str::from_utf8(p).is_ok());
                assert_eq!(each, want.is_some(), "{bytes:x?} in {n}: {parts:x?}");
                long_tail +=
                    usize::from(parts.last().map_or(0, |p| p.len()) > bytes.len().div_ceil(n));
            }
            // And the check itself, threads and all (fewer rounds: each starts threads).
            if round % 8 == 0 {
                for threads in 1..=5 {
                    assert_eq!(utf8_on(&bytes, threads), want, "{bytes:x?} on {threads}");
                }
            }
        }
        assert!(
            valid > 1_000 && invalid > 1_000,
            "{valid} valid, {invalid} invalid"
        );
        // Both ways a cut can end early were taken: four continuation bytes in a row, and
        // a tail with no character start before the end.
        assert!(
            refused > 0 && long_tail > 0,
            "{refused} refused, {long_tail} long tails"
        );
    }

    /// Every entry of every capture the repository holds, and damaged copies of each (a byte
    /// changed, taken out or put in, the text cut short): where the quick reader reads one,
    /// it reads what serde_json reads ([`quick_read_agrees`]), and it reads nearly all of the
    /// whole ones (else the fast path is lost and nothing else would say so).
    #[test]
    fn the_quick_reader_reads_every_entry_as_serde_json_does() {
        let files = captures();
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        // Bytes that change what a JSON text means, and some that are wrong anywhere.
        const BYTES: &[u8] = b"\"{}[],:\\ \n\t0123456789-+.eEuntfalsr/\x01\x1f\x7f";
        let (mut whole, mut read_whole, mut damaged, mut read_damaged) = (0, 0, 0, 0);
        for path in &files {
            let (text, _) = prepare(std::fs::read(path).expect("readable"));
            for raw in raw_entries(&text) {
                whole += 1;
                read_whole += usize::from(
                    quick_read_agrees(raw).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
                );
                for _ in 0..4 {
                    let mut bytes = raw.as_bytes().to_vec();
                    let at = next(bytes.len());
                    match next(4) {
                        0 => bytes[at] = BYTES[next(BYTES.len())],
                        1 => drop(bytes.remove(at)),
                        2 => bytes.insert(at, BYTES[next(BYTES.len())]),
                        _ => bytes.truncate(at),
                    }
                    let Ok(variant) = String::from_utf8(bytes) else {
                        continue;
                    };
                    damaged += 1;
                    read_damaged += usize::from(
                        quick_read_agrees(&variant)
                            .unwrap_or_else(|e| panic!("{}: {e}\n{variant}", path.display())),
                    );
                }
            }
        }
        assert!(whole > 1_000, "{whole} entries");
        assert!(
            read_whole * 100 >= whole * 99,
            "read {read_whole} of {whole} entries"
        );
        // Damage that still reads (a digit for a digit, a space for a space) was read too.
        assert!(
            read_damaged > damaged / 10,
            "read {read_damaged} of {damaged}"
        );
    }

    #[test]
    fn text_in_place_is_borrowed_and_a_bad_byte_is_placed_as_when_copied() {
        let line = "{\"log\":{\"entries\":[]}}\n";
        let good = line.repeat(40);
        let mut bytes = good.clone().into_bytes();
        let (text, issues) = prepare_in_place(&mut bytes);
        assert!(matches!(text, Cow::Borrowed(_)));
        assert_eq!(text, good);
        assert!(issues.is_empty());

        // A byte that is not UTF-8 on line 3, its 10th column.
        let mut bad = good.into_bytes();
        bad[2 * line.len() + 9] = 0xff;
        let (copied_text, copied) = prepare(bad.clone());
        let (text, in_place) = prepare_in_place(&mut bad);
        let issue = in_place
            .iter()
            .find(|i| i.kind == "not-utf8")
            .expect("not-utf8");
        assert_eq!((issue.line, issue.column), (Some(3), Some(10)));
        assert_eq!(in_place, copied);
        assert_eq!(text, copied_text);
    }

    /// Bytes read as they are checked read as their text does: every capture with a few entries
    /// as it is, behind a byte order mark, and with a byte that is not UTF-8 (or a character
    /// cut short) in its first part, its last, or between them, where the other threads read.
    #[test]
    fn bytes_checked_as_read_read_as_the_text_does() {
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        let (mut files, mut bad) = (0, 0);
        for path in captures() {
            let bytes = std::fs::read(&path).expect("readable");
            if bytes.len() > 200_000 || !bytes.contains(&b'\n') {
                continue; // the large ones are read whole by the test before
            }
            files += 1;
            let at = path.display();
            bytes_ways_agree(&bytes).unwrap_or_else(|e| panic!("{at}: {e}"));
            let mut bom = b"\xEF\xBB\xBF".to_vec();
            bom.extend(&bytes);
            bytes_ways_agree(&bom).unwrap_or_else(|e| panic!("{at} after a BOM: {e}"));
            let thirds = [0, bytes.len() / 3, bytes.len() * 2 / 3];
            for (third, wrong) in thirds.into_iter().zip([&b"\xFF"[..], b"\xE3\x81", b"\x80"]) {
                let mut damaged = bytes.clone();
                let place = third + next(bytes.len() / 3);
                damaged.splice(place..place, wrong.iter().copied());
                if std::str::from_utf8(&damaged).is_err() {
                    bad += 1;
                    bytes_ways_agree(&damaged)
                        .unwrap_or_else(|e| panic!("{at} with {wrong:x?} at {place}: {e}"));
                }
            }
        }
        assert!(
            files > 50 && bad > files * 2,
            "{files} files, {bad} damaged"
        );
    }

    /// The CLI's way: bytes read in place, checked as they are read, give what copying them
    /// into text gives, UTF-8 or not, with the issues of both (a BOM's, and where the bytes stop
    /// being UTF-8).
    #[test]
    fn bytes_read_in_place_read_as_copied() {
        let entry = r#"{"request": {"method": "GET", "url": "https://a.test/é"}, "response": {"status": 401}}"#;
        let entries = vec![entry; 30].join(",\n    ");
        let good = format!("\u{feff}{{\"log\": {{\"entries\": [\n    {entries}\n]}}}}\n");
        let mut bad = good.clone().into_bytes();
        let e = bad.len() / 2
            + bad[bad.len() / 2..]
                .iter()
                .position(|&c| c == 0xC3)
                .unwrap();
        bad[e + 1] = b'e'; // the second byte of an é
        for bytes in [good.into_bytes(), bad] {
            let shown =
                |read: &Ingested<'_>, issues: Vec<ParseIssue>| format!("{read:?} {issues:?}");
            let (mut text, mut issues) = prepare(bytes.clone());
            let copied = parse_repairing(&mut text, |read, mut repairs| {
                issues.append(&mut repairs);
                shown(read, issues)
            });
            let in_place = parse_in_place_then_exit(&mut bytes.clone(), shown);
            assert_eq!(in_place, copied);
            assert_eq!(parse_bytes(bytes, shown), copied);
            assert!(copied.contains("\"bom\""), "{copied}");
        }
    }

    /// `parse_bytes_then` hands `after` what `read` made of the capture, as `parse_bytes` gives
    /// it, by each way of reading: a capture the fast walk reads, large enough that its model is
    /// let go on another thread (where there are two cores) and with a BOM (an issue of its
    /// own); a small one; one the fast walk gives up on (a duplicate key, repaired); and bytes
    /// that are not UTF-8.
    #[test]
    fn what_is_read_is_handed_on_as_parse_bytes_gives_it() {
        let entry = |i: usize| {
            format!(
                r#"{{"request": {{"method": "GET", "url": "https://a.test/{i}"}}, "response": {{"status": 401}}}}"#
            )
        };
        let har = |n: usize| {
            let entries: Vec<String> = (0..n).map(entry).collect();
            format!(
                "{{\"log\": {{\"entries\": [\n    {}\n]}}}}\n",
                entries.join(",\n    ")
            )
            .into_bytes()
        };
        let mut large = "\u{feff}".as_bytes().to_vec();
        large.extend(har(2 * LET_GO_PER_THREAD + 1));
        let duplicate = String::from_utf8(har(3))
            .unwrap()
            .replacen("\"status\": 401", "\"status\": 401, \"status\": 200", 1)
            .into_bytes();
        let mut not_utf8 = har(3);
        let at = not_utf8.iter().position(|&c| c == b'/').unwrap();
        not_utf8[at] = 0xFF;
        let last = format!("a.test/{}\"", 2 * LET_GO_PER_THREAD);
        let cases = [
            (large, "read", vec![last.as_str(), "\"bom\""]),
            (har(3), "read", vec!["a.test/2\""]),
            (duplicate, "text", vec!["duplicate-key"]),
            (not_utf8, "bytes", vec!["not-utf8"]),
        ];
        for (bytes, way, says) in cases {
            let mut blanked = bytes.clone();
            blank_wrappers(&mut blanked);
            let went = match parse_unchecked(&blanked, 1) {
                Unchecked::Read(_) => "read",
                Unchecked::Text(_) => "text",
                Unchecked::Bytes => "bytes",
            };
            assert_eq!(went, way, "{says:?}");
            let shown =
                |read: &Ingested<'_>, issues: Vec<ParseIssue>| format!("{read:?} {issues:?}");
            let want = parse_bytes(bytes.clone(), shown);
            for said in says {
                assert!(want.contains(said), "{said}");
            }
            let got = parse_bytes_then(bytes, shown, |s| (s.len(), s));
            assert_eq!(got, (want.len(), want));
        }
    }
}
