//! A faster reader of one entry's JSON, for the entries of a well-formed capture, and of the
//! JSON inside its strings that rules read (bodies, form data: [`super::read_json`]).
//!
//! Reading the entries with serde_json was most of the time of a run (issue 13). A DevTools
//! export is a third indentation, and serde_json looks at whitespace a byte at a time, through a
//! few calls for every token. This reader is a [`serde::Deserializer`] over the same derived
//! model ([`super::Entry`]): the indentation after a line feed is skipped, strings are searched
//! sixteen bytes at a time (SSE2 on x86, `simd128` in WebAssembly; eight elsewhere, as
//! serde_json searches strings), and a token with no whitespace before it (most of them) is
//! found inline.
//!
//! It is only a fast path, and a strict one: it gives up ([`from_str`] is `None`) on
//! anything it does not read exactly as serde_json would, and the caller reads the entry with
//! serde_json then. So every message about a damaged entry, every repair and every odd value
//! stays serde_json's. What it reads, it reads to the same value:
//! - the JSON it accepts is JSON serde_json accepts (it gives up on any syntax error, on
//!   nesting of [`MAX_DEPTH`] levels or more, and on a value whose type a `deserialize_*`
//!   call did not ask for, where serde_json would fail);
//! - every value reaches the visitor through the same `visit_*` call: a string without
//!   escapes borrowed, one with escapes decoded (it gives up on a `\u` escape of half a
//!   surrogate pair); integers as `u64` or `i64` (it gives up on `-0` and on integers
//!   serde_json reads as floats: below `i64::MIN`, above `u64::MAX`); other numbers parsed
//!   by serde_json itself; a `RawValue` as the same slice of text; a map key as a string,
//!   whatever is asked for (it gives up where serde_json reads a key as a number or a
//!   boolean).
//!
//! Giving up where serde_json would not (`-0`, deep nesting) is safe only because nothing in
//! the model goes on after an error: every `Deserialize` of `har` passes errors up (`?`). A
//! reader that caught one and read on (`next_element().ok()`) would see this reader stopped
//! halfway through a value, and read something serde_json does not: keep it that way.
//!
//! It also reads bytes not known to be UTF-8 ([`from_bytes_prefix`], the CLI's and WebAssembly's
//! reading of a whole file, `super::checked`): each text it hands over is checked first, at once
//! where [`Reader::string_stop`] saw every byte of a string below 0x80 (most strings), and the
//! whole value's text is checked once read, while it is in the cache.
//!
//! `quick_read_agrees` (in `ingest`) reads a text both ways and compares every `visit_*` call;
//! a unit test there runs it on every entry in the repository and damaged copies, and
//! `./build.sh fuzz` on anything.

use std::fmt;

use serde::de::{self, DeserializeSeed, Visitor};

use super::scan::{below, bytes_equal, past_ws};

/// Nesting at which the reader gives up (serde_json stops at 128 levels).
const MAX_DEPTH: u32 = 100;

/// serde_json's name for a `&RawValue` (its `deserialize_newtype_struct` reads one as text).
/// Should it ever change, a raw value is an unknown newtype here, the read gives up and
/// serde_json reads the entry: slower, never different.
const RAW_VALUE: &str = "$serde_json::private::RawValue";

/// `text` read as a `T`, as `serde_json::from_str` would read it; `None` where this reader
/// gives up (see the module docs): read it with serde_json then.
pub(crate) fn from_str<'a, T: de::Deserialize<'a>>(text: &'a str) -> Option<T> {
    let (value, end) = from_prefix(text)?;
    (past_ws(text.as_bytes(), end) == text.len()).then_some(value)
}

/// `text` read as a `T`: by this reader, or by serde_json where it gives up (which then says
/// what is wrong). What `serde_json::from_str` gives: faster where this reader reads the text,
/// slower where it gives up (the text is read twice, the second time by serde_json).
pub(crate) fn read<'a, T: de::Deserialize<'a>>(text: &'a str) -> serde_json::Result<T> {
    from_str(text).map_or_else(|| serde_json::from_str(text), Ok)
}

/// The JSON value `text` starts with, read as a `T`, and the length of its text (whitespace
/// before it included): for an object or a list, `from_str(&text[..len])` reads the same, as
/// reading stops at the closing bracket and nothing after it is looked at. (Not so for a bare
/// number, whose end is the first byte not its own: `01` gives up where `0` reads; the scan
/// hands over only objects.) `None` where this reader gives up.
pub(crate) fn from_prefix<'a, T: de::Deserialize<'a>>(text: &'a str) -> Option<(T, usize)> {
    let mut r = Reader::new(text.as_bytes(), true);
    let value = T::deserialize(&mut r).ok()?;
    Some((value, r.at))
}

/// The member `name` of the object `text` holds, read as a `T`, looked for as serde's derived
/// reading of a struct finds its field (by the key's decoded text), and nothing after that
/// member is read: an entry's request headers without going over its answer's body
/// (`Har::request_headers`). `Ok(None)`: the object has no such member. Not checked: that it
/// has no second member of that name, and that the rest of it is JSON (the caller's text was
/// read whole before). An error where this reader gives up, or `text` is not an object.
pub(crate) fn member<'a, T: de::Deserialize<'a>>(text: &'a str, name: &str) -> Result<Option<T>> {
    let mut r = Reader::new(text.as_bytes(), true);
    if r.next_token()? != b'{' {
        return Err(GiveUp);
    }
    r.enter()?;
    let mut first = true;
    while r.more(b'}', &mut first)? {
        if r.next_token()? != b'"' {
            return Err(GiveUp);
        }
        let found = match r.string()? {
            Read::Borrowed(key) => key == name,
            Read::Decoded => r.scratch == name,
        };
        r.colon()?;
        if found {
            return T::deserialize(&mut r).map(Some);
        }
        r.skip()?;
    }
    Ok(None)
}

/// [`from_prefix`] of bytes not known to be UTF-8, and the value's text: each string handed to
/// `T` is checked first ([`Reader::text`]; at once when it is ASCII, as most are), and the
/// whole text after, while it is in the cache. `None` where this reader gives up, or the bytes
/// read are not UTF-8.
pub(crate) fn from_bytes_prefix<'a, T: de::Deserialize<'a>>(b: &'a [u8]) -> Option<(T, &'a str)> {
    let mut r = Reader::new(b, false);
    let value = T::deserialize(&mut r).ok()?;
    let text = r.text(0, r.at).ok()?;
    Some((value, text))
}

/// Why a read gave up: nothing more is needed, serde_json says what is wrong.
#[derive(Debug)]
pub(crate) struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not read by the quick reader")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_: T) -> Self {
        GiveUp
    }
}

type Result<T> = std::result::Result<T, GiveUp>;

struct Reader<'a> {
    b: &'a [u8],
    /// Whether `b` is known to be UTF-8 (it is a `str`'s); else text is checked as it is
    /// handed out ([`Reader::text`]).
    utf8: bool,
    at: usize,
    depth: u32,
    /// A string with escapes, decoded (kept between strings for its capacity, and between
    /// readers on a thread: [`SCRATCH`]).
    scratch: String,
}

thread_local! {
    /// The last reader's scratch buffer, for the next reader on its thread. A reader reads one
    /// entry, and Chromium sends header values with escapes on every request (`sec-ch-ua`:
    /// `"\"Chromium\";v=\"130\", …"`): a new buffer each time grew again entry after entry
    /// (with the lists of headers, growing was a tenth of the read in WebAssembly).
    static SCRATCH: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}

/// The largest scratch buffer kept for the next reader: one that decoded a large body is
/// let go.
const SCRATCH_KEPT: usize = 64 << 10;

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        let mut scratch = std::mem::take(&mut self.scratch);
        // Its room, not the text: the last string decoded may be a cookie.
        scratch.clear();
        if scratch.capacity() <= SCRATCH_KEPT {
            // No thread-local left while the thread ends: the buffer is dropped.
            let _ = SCRATCH.try_with(|kept| kept.set(scratch));
        }
    }
}

/// A string as read: borrowed from the text, or decoded into the scratch buffer.
enum Read<'a> {
    Borrowed(&'a str),
    Decoded,
}

impl<'a> Reader<'a> {
    fn new(b: &'a [u8], utf8: bool) -> Self {
        Reader {
            b,
            utf8,
            at: 0,
            depth: 0,
            scratch: SCRATCH.try_with(std::cell::Cell::take).unwrap_or_default(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.at).copied()
    }

    /// The text of `start..end`, where both ends are where characters start (as `str::get`),
    /// and the bytes are UTF-8: known, or checked here (the quick reader of bytes not known
    /// to be UTF-8 checks every text it hands over before it does).
    fn text(&self, start: usize, end: usize) -> Result<&'a str> {
        let bytes = self.b.get(start..end).ok_or(GiveUp)?;
        if !self.utf8 {
            // A short text (a number, a key) is checked by std, which takes ASCII eight bytes at
            // a time without a call through a table of checks.
            return if bytes.len() < 64 {
                std::str::from_utf8(bytes).map_err(|_| GiveUp)
            } else {
                simdutf8::basic::from_utf8(bytes).map_err(|_| GiveUp)
            };
        }
        let starts_char = |at: usize| self.b.get(at).is_none_or(|&c| c & 0xC0 != 0x80);
        if !starts_char(start) || !starts_char(end) {
            return Err(GiveUp);
        }
        debug_assert!(std::str::from_utf8(bytes).is_ok());
        // SAFETY: `b` is UTF-8 (`utf8`), and `start..end` is cut where characters start.
        Ok(unsafe { std::str::from_utf8_unchecked(bytes) })
    }

    /// [`Reader::text`] of a part of a string that [`Reader::string_stop`] went over: at once
    /// when it saw no byte that is not ASCII there (`ascii`).
    fn string_text(&self, start: usize, end: usize, ascii: bool) -> Result<&'a str> {
        if !ascii {
            return self.text(start, end);
        }
        let bytes = self.b.get(start..end).ok_or(GiveUp)?;
        debug_assert!(bytes.is_ascii());
        // SAFETY: `string_stop` saw every byte from `start` to the stop `end` below 0x80 (its
        // `ascii`): ASCII is UTF-8.
        Ok(unsafe { std::str::from_utf8_unchecked(bytes) })
    }

    /// Past whitespace; the indentation after a line feed many bytes at a time
    /// ([`super::scan::past_spaces`]).
    fn ws(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                b'\n' => self.at = super::scan::past_spaces(self.b, self.at + 1),
                b' ' | b'\t' | b'\r' => self.at += 1,
                _ => return,
            }
        }
    }

    /// The next byte after whitespace. Most often there is none (between a key and its
    /// colon, a value and its comma): that is decided here, inlined.
    #[inline(always)]
    fn next_token(&mut self) -> Result<u8> {
        match self.peek() {
            Some(c) if c > b' ' => Ok(c),
            _ => self.token_after_ws(),
        }
    }

    /// The next token, where `starts` takes it as the start of the value asked for; else the
    /// read gives up (serde_json says what it is instead).
    #[inline(always)]
    fn token_if(&mut self, starts: impl FnOnce(u8) -> bool) -> Result<u8> {
        let c = self.next_token()?;
        if starts(c) {
            Ok(c)
        } else {
            Err(GiveUp)
        }
    }

    #[inline(never)]
    fn token_after_ws(&mut self) -> Result<u8> {
        // Most often a line feed and the next line's indentation, then the token.
        if self.peek() == Some(b'\n') {
            self.at = super::scan::past_spaces(self.b, self.at + 1);
            if let Some(c) = self.peek().filter(|&c| c > b' ') {
                return Ok(c);
            }
        }
        self.ws();
        self.peek().ok_or(GiveUp)
    }

    fn eat(&mut self, byte: u8) -> Result<()> {
        if self.next_token()? == byte {
            self.at += 1;
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    /// Past the `:` after a key, and past the one space an indenting writer puts after it
    /// when the value follows it: the value's first byte is then found inline
    /// ([`Reader::next_token`]), not by a call to skip whitespace (each entry of the bench's
    /// Chrome-shaped captures has some 150 such spaces).
    #[inline(always)]
    fn colon(&mut self) -> Result<()> {
        self.eat(b':')?;
        if self.b.get(self.at) == Some(&b' ') && self.b.get(self.at + 1).is_some_and(|&c| c > b' ')
        {
            self.at += 1;
        }
        Ok(())
    }

    /// The first `"` or `\` at or after `at`, sixteen bytes at a time where the target can
    /// ([`super::scan::simd`]; half the bytes of a Chrome export are in strings of 512 bytes or
    /// more), then eight; a control character before it gives up (no JSON string holds one).
    /// And whether every byte from `at` to it is ASCII (`true` only if it is: a byte that is
    /// not, after the stop in the same sixteen or eight, makes it `false` too).
    #[inline(always)]
    fn string_stop(&self, mut at: usize) -> Result<(usize, bool)> {
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let b = self.b;
        let mut high = 0;
        let stop = loop {
            #[cfg(any(target_feature = "sse2", target_feature = "simd128"))]
            if let Some(chunk) = b.get(at..at + 16) {
                let (found, not_ascii) = super::scan::simd::string_stops(chunk);
                high |= u64::from(not_ascii);
                if found != 0 {
                    break at + found.trailing_zeros() as usize;
                }
                at += 16;
                continue;
            }
            let Some(word) = b.get(at..at + 8) else {
                // The last few bytes one by one.
                let rest = b.get(at..).ok_or(GiveUp)?;
                let found = rest
                    .iter()
                    .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
                    .ok_or(GiveUp)?;
                high |= u64::from(!rest[..found].is_ascii()); // boundary: bytes
                break at + found;
            };
            let v = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
            high |= v & HIGH;
            let found = bytes_equal(v, b'"') | bytes_equal(v, b'\\') | below(v, 0x20);
            if found != 0 {
                break at + (found.trailing_zeros() / 8) as usize;
            }
            at += 8;
        };
        if b[stop] < 0x20 {
            return Err(GiveUp);
        }
        Ok((stop, high == 0))
    }

    /// The string at `at` (its opening quote): borrowed when it has no escapes, else decoded
    /// into `scratch`.
    fn string(&mut self) -> Result<Read<'a>> {
        let start = self.at + 1;
        let (at, ascii) = self.string_stop(start)?;
        if self.b[at] == b'"' {
            self.at = at + 1;
            return Ok(Read::Borrowed(self.string_text(start, at, ascii)?));
        }
        self.decode(start, at, ascii)
    }

    /// The rest of [`Reader::string`] for a string with escapes, the first at `at`: apart, so
    /// that a call for a string without escapes (most of them) does not save and restore the
    /// registers this loop needs.
    #[inline(never)]
    fn decode(&mut self, start: usize, mut at: usize, mut ascii: bool) -> Result<Read<'a>> {
        self.scratch.clear();
        let mut from = start;
        while self.b[at] == b'\\' {
            let part = self.string_text(from, at, ascii)?;
            self.scratch.push_str(part);
            at = self.escape(at + 1)?;
            from = at;
            (at, ascii) = self.string_stop(at)?;
        }
        let part = self.string_text(from, at, ascii)?;
        self.scratch.push_str(part);
        self.at = at + 1;
        Ok(Read::Decoded)
    }

    /// Decodes the escape after the backslash at `at - 1` into `scratch`; where the string
    /// goes on.
    fn escape(&mut self, at: usize) -> Result<usize> {
        let c = match *self.b.get(at).ok_or(GiveUp)? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex(at + 1)?;
                let (c, len) = match unit {
                    0xD800..=0xDBFF => {
                        // Only a whole pair; serde_json says what is wrong with half of one.
                        if self.b.get(at + 5..at + 7) != Some(b"\\u") {
                            return Err(GiveUp);
                        }
                        let low = self.hex(at + 7)?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(GiveUp);
                        }
                        let c = 0x10000
                            + ((u32::from(unit) - 0xD800) << 10)
                            + (u32::from(low) - 0xDC00);
                        (char::from_u32(c).ok_or(GiveUp)?, 11)
                    }
                    0xDC00..=0xDFFF => return Err(GiveUp),
                    _ => (char::from_u32(u32::from(unit)).ok_or(GiveUp)?, 5),
                };
                self.scratch.push(c);
                return Ok(at + len);
            }
            _ => return Err(GiveUp),
        };
        self.scratch.push(c);
        Ok(at + 1)
    }

    /// The four hex digits at `at`.
    fn hex(&self, at: usize) -> Result<u16> {
        let digits = self.b.get(at..at + 4).ok_or(GiveUp)?;
        digits.iter().try_fold(0u16, |n, &d| {
            let v = (d as char).to_digit(16).ok_or(GiveUp)?;
            Ok(n << 4 | v as u16)
        })
    }

    /// Past the string at `at` (its opening quote), checked as serde_json checks a string it
    /// skips: escapes well-formed, no control characters.
    ///
    /// Sixteen bytes at a time where the target can, else eight, each a mask of where the
    /// string may stop taken in turn, so that a string dense with escapes (a JSON body inside a
    /// string: `\"` every few bytes) is loaded once, not again after each escape.
    fn skip_string(&mut self) -> Result<()> {
        let b = self.b;
        let mut at = self.at + 1;
        loop {
            // No byte left: the string has no end.
            let (mut stops, width, bits) = stops_at(b, at).ok_or(GiveUp)?;
            let end = at + width;
            let mut next = end;
            while stops != 0 {
                let i = at + (stops.trailing_zeros() / bits) as usize;
                match b[i] {
                    b'"' => {
                        self.at = i + 1;
                        return Ok(());
                    }
                    b'\\' => {
                        let past = i + self.escape_len(i + 1)?;
                        if past >= end {
                            next = past;
                            break;
                        }
                        // The escape's own bytes (`\"`, `\\`) do not stop the string.
                        stops &= u64::MAX << ((past - at) as u32 * bits);
                    }
                    c if c < 0x20 => return Err(GiveUp),
                    // Eight bytes at a time, a byte after a stop may be flagged too (`below`).
                    _ => stops &= stops - 1,
                }
            }
            at = next;
        }
    }

    /// How many bytes the escape whose backslash is at `at - 1` takes, backslash included.
    fn escape_len(&self, at: usize) -> Result<usize> {
        match *self.b.get(at).ok_or(GiveUp)? {
            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Ok(2),
            b'u' => self.hex(at + 1).map(|_| 6),
            _ => Err(GiveUp),
        }
    }

    /// Past the number at `at`, checked against JSON's grammar; whether it is an integer.
    fn number_end(&mut self) -> Result<bool> {
        let b = self.b;
        let digits = |at: usize| b[at..].iter().take_while(|c| c.is_ascii_digit()).count();
        let mut at = self.at + usize::from(b[self.at] == b'-');
        match b.get(at) {
            Some(b'0') => at += 1,
            Some(b'1'..=b'9') => at += digits(at),
            _ => return Err(GiveUp),
        }
        let mut integer = true;
        if b.get(at) == Some(&b'.') {
            let n = digits(at + 1);
            if n == 0 {
                return Err(GiveUp);
            }
            at += 1 + n;
            integer = false;
        }
        if let Some(b'e' | b'E') = b.get(at) {
            at += 1;
            if let Some(b'+' | b'-') = b.get(at) {
                at += 1;
            }
            let n = digits(at);
            if n == 0 {
                return Err(GiveUp);
            }
            at += n;
            integer = false;
        }
        // A digit after a leading zero (`01`) is not JSON.
        if b.get(at).is_some_and(u8::is_ascii_digit) {
            return Err(GiveUp);
        }
        self.at = at;
        Ok(integer)
    }

    /// The number at `at`, handed to `visitor` as serde_json hands it over.
    fn number<V: Visitor<'a>>(&mut self, visitor: V) -> Result<V::Value> {
        let start = self.at;
        let integer = self.number_end()?;
        let text = self.text(start, self.at)?; // ASCII digits and signs
        if integer {
            if let Some(digits) = text.strip_prefix('-') {
                // As serde_json decides: a float for `-0` and below `i64::MIN`.
                let n = digits.parse::<u64>().map_err(|_| GiveUp)?;
                let negative = (n as i64).wrapping_neg();
                return if negative < 0 {
                    visitor.visit_i64(negative)
                } else {
                    Err(GiveUp)
                };
            }
            return match text.parse::<u64>() {
                Ok(n) => visitor.visit_u64(n),
                Err(_) => Err(GiveUp),
            };
        }
        // serde_json's own float parsing (not quite `str::parse`), for the same value.
        let n: f64 = serde_json::from_str(text).map_err(|_| GiveUp)?;
        visitor.visit_f64(n)
    }

    fn literal(&mut self, word: &[u8]) -> Result<()> {
        if self.b.get(self.at..self.at + word.len()) == Some(word) {
            self.at += word.len();
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth >= MAX_DEPTH {
            return Err(GiveUp);
        }
        self.at += 1;
        Ok(())
    }

    /// Past the next value, checked as serde_json checks a value it ignores.
    fn skip(&mut self) -> Result<()> {
        match self.next_token()? {
            b'"' => self.skip_string(),
            b'{' => {
                self.enter()?;
                let mut first = true;
                while self.more(b'}', &mut first)? {
                    if self.next_token()? != b'"' {
                        return Err(GiveUp);
                    }
                    self.skip_string()?;
                    self.colon()?;
                    self.skip()?;
                }
                self.leave(b'}')
            }
            b'[' => {
                self.enter()?;
                let mut first = true;
                while self.more(b']', &mut first)? {
                    self.skip()?;
                }
                self.leave(b']')
            }
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number_end().map(drop),
            _ => Err(GiveUp),
        }
    }

    /// Before a member or element: whether one follows (past its comma), or the container
    /// ends here with `close` (left for [`Reader::leave`]). A comma before the close is not
    /// JSON.
    fn more(&mut self, close: u8, first: &mut bool) -> Result<bool> {
        let c = self.next_token()?;
        if c == close {
            return Ok(false);
        }
        if !std::mem::take(first) {
            if c != b',' {
                return Err(GiveUp);
            }
            self.at += 1;
            if self.next_token()? == close {
                return Err(GiveUp);
            }
        }
        Ok(true)
    }

    fn visit_string<V: Visitor<'a>>(&mut self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Read::Borrowed(s) => visitor.visit_borrowed_str(s),
            Read::Decoded => visitor.visit_str(&self.scratch),
        }
    }

    fn visit_map<V: Visitor<'a>>(&mut self, visitor: V) -> Result<V::Value> {
        self.container(b'}', |items| visitor.visit_map(items))
    }

    fn visit_seq<V: Visitor<'a>>(&mut self, visitor: V) -> Result<V::Value> {
        self.container(b']', |items| visitor.visit_seq(items))
    }

    /// An object or a list (its opening bracket next), its items handed to `visit`, up to
    /// `close`.
    fn container<T>(
        &mut self,
        close: u8,
        visit: impl FnOnce(Items<'_, 'a>) -> Result<T>,
    ) -> Result<T> {
        self.enter()?;
        let value = visit(Items {
            r: self,
            first: true,
        })?;
        self.leave(close)?;
        Ok(value)
    }

    /// Past the `close` of a container [`Reader::enter`] entered. Not there when a visitor
    /// stopped before the end: serde_json fails there too.
    fn leave(&mut self, close: u8) -> Result<()> {
        self.eat(close)?;
        self.depth -= 1;
        Ok(())
    }
}

/// `deserialize_*` methods that are another one.
macro_rules! same_as {
    ($to:ident: $($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            self.$to(visitor)
        }
    )*};
}

/// `deserialize_*` methods for what this reader leaves to serde_json.
macro_rules! give_up {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
            Err(GiveUp)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next_token()? {
            b'"' => self.visit_string(visitor),
            b'{' => self.visit_map(visitor),
            b'[' => self.visit_seq(visitor),
            b't' => {
                self.literal(b"true")?;
                visitor.visit_bool(true)
            }
            b'f' => {
                self.literal(b"false")?;
                visitor.visit_bool(false)
            }
            b'n' => {
                self.literal(b"null")?;
                visitor.visit_unit()
            }
            b'-' | b'0'..=b'9' => self.number(visitor),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.next_token()? == b'n' {
            self.literal(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.token_if(|c| c == b'"')?;
        self.visit_string(visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.token_if(|c| matches!(c, b't' | b'f'))?;
        self.deserialize_any(visitor)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.token_if(|c| c == b'n')?;
        self.deserialize_any(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name == RAW_VALUE {
            self.ws();
            let start = self.at;
            self.skip()?;
            let raw = self.text(start, self.at)?;
            return visitor.visit_map(RawValue { raw: Some(raw) });
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.token_if(|c| c == b'[')?;
        self.visit_seq(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.token_if(|c| c == b'{')?;
        self.visit_map(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // serde_json reads a struct from a list too.
        match self.next_token()? {
            b'{' => self.visit_map(visitor),
            b'[' => self.visit_seq(visitor),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip()?;
        visitor.visit_unit()
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value> {
        Err(GiveUp)
    }

    // serde_json reads every number type from any JSON number, handed over by its kind.
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.token_if(|c| c == b'-' || c.is_ascii_digit())?;
        self.number(visitor)
    }

    same_as! { deserialize_f64: deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
    deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32 }
    same_as! { deserialize_str: deserialize_string deserialize_identifier deserialize_char }
    give_up! { deserialize_bytes deserialize_byte_buf deserialize_i128 deserialize_u128 }
}

/// An object's members or a list's elements, as serde_json's `MapAccess` and `SeqAccess`
/// hand them over.
struct Items<'r, 'a> {
    r: &'r mut Reader<'a>,
    first: bool,
}

impl<'de> de::MapAccess<'de> for Items<'_, 'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.r.more(b'}', &mut self.first)? {
            return Ok(None);
        }
        if self.r.next_token()? != b'"' {
            return Err(GiveUp);
        }
        seed.deserialize(Key { r: &mut *self.r }).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.r.colon()?;
        seed.deserialize(&mut *self.r)
    }
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.r.more(b']', &mut self.first)? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.r).map(Some)
    }
}

/// A member's key: a string, whatever is asked for (as serde_json's `MapKey` reads one);
/// numbers and the rarer requests give up.
struct Key<'r, 'a> {
    r: &'r mut Reader<'a>,
}

impl<'de> de::Deserializer<'de> for Key<'_, 'de> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.r.visit_string(visitor)
    }

    // serde_json reads numbers and booleans out of a key's quotes.
    give_up! { deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
    deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_i128
    deserialize_u128 deserialize_f32 deserialize_f64 deserialize_option deserialize_bytes
    deserialize_byte_buf }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value> {
        Err(GiveUp)
    }

    serde::forward_to_deserialize_any! {
        char str string unit unit_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}

/// A `&RawValue`, handed over as serde_json hands one over: a map of one member whose value
/// is the raw text.
struct RawValue<'a> {
    raw: Option<&'a str>,
}

impl<'de> de::MapAccess<'de> for RawValue<'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.raw.is_none() {
            return Ok(None);
        }
        seed.deserialize(de::value::BorrowedStrDeserializer::new(RAW_VALUE))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let raw = self.raw.take().ok_or(GiveUp)?;
        seed.deserialize(de::value::BorrowedStrDeserializer::new(raw))
    }
}

/// Where a string may stop in the bytes from `at` (see [`Reader::string_stop`]): a mask, how
/// many bytes it covers, and how many bits each byte takes in it. Sixteen bytes where the target
/// can ([`super::scan::simd`]: a bit each, exact), else eight or the last few (the high bit of
/// each byte; a byte after a flagged one may be flagged too, so the caller looks at each);
/// `None` past the text.
#[inline(always)]
fn stops_at(b: &[u8], at: usize) -> Option<(u64, usize, u32)> {
    #[cfg(any(target_feature = "sse2", target_feature = "simd128"))]
    if let Some(chunk) = b.get(at..at + 16) {
        return Some((u64::from(super::scan::simd::string_stops(chunk).0), 16, 1));
    }
    let rest = b.get(at..).filter(|rest| !rest.is_empty())?;
    let width = rest.len().min(8);
    let mut word = [0; 8];
    word[..width].copy_from_slice(&rest[..width]);
    let v = u64::from_le_bytes(word);
    let stops = bytes_equal(v, b'"') | bytes_equal(v, b'\\') | below(v, 0x20);
    // In the last few bytes, not the zeros after them.
    Some((stops & (u64::MAX >> (64 - 8 * width as u32)), width, 8))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::har::quick_read_agrees;

    fn value(text: &str) -> Option<serde_json::Value> {
        from_str(text)
    }

    /// What JSON allows at its edges is read as serde_json reads it; what only serde_json
    /// reads in its own way (or refuses) is left to it.
    #[test]
    fn reads_json_at_its_edges_as_serde_json_does_or_leaves_it_to_it() {
        let read = [
            r#"{"a": [1, -2, 3.5, 1e2, 0.1, 18446744073709551615, -9223372036854775808]}"#,
            r#"{"s": "\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00 x", "t": true, "f": false, "n": null}"#,
            " \t\r\n {\n        \"a\" :\n\n [ ] , \"b\":{ } }\n\t ",
            r#"{"a": 1, "a": 2}"#,
            r#""\u0000""#,
            "[\"\u{7f}é\"]",
            r#"[{"name": "Cookie", "value": "a=b"}, "x", 5]"#,
        ];
        for text in read {
            assert!(value(text).is_some(), "{text}");
            assert_eq!(quick_read_agrees(text), Ok(true), "{text}");
        }
        let left = [
            "",
            " ",
            "-0",
            "01",
            "1.",
            ".5",
            "1e",
            "1e+",
            "-",
            "+1",
            "18446744073709551616",
            "-9223372036854775809",
            "1e400",
            "[1,]",
            "{\"a\":1,}",
            "{,\"a\":1}",
            "[,1]",
            "{\"a\" 1}",
            "{\"a\":}",
            "{1:2}",
            "[1 2]",
            "nul",
            "tru",
            "nulls",
            "[1] 2",
            "\"a\u{1}b\"",
            "\"a\nb\"",
            r#""\ud83d""#,
            r#""\ude00""#,
            r#""\ud83d\u0041""#,
            r#""\x""#,
            r#""\u12""#,
            "\"abc",
            "[\u{a0}1]",
            "[\u{c}1]",
        ];
        for text in left {
            assert_eq!(value(text), None, "{text:?}");
            assert!(quick_read_agrees(text).is_ok(), "{text:?}");
        }
        // A number serde_json reads as a float is a float here too.
        assert_eq!(
            value("[1e2, 2.5E-3]"),
            serde_json::from_str("[1e2, 2.5E-3]").ok()
        );
        assert!(matches!(value("1e2"), Some(serde_json::Value::Number(n)) if n.is_f64()));
    }

    /// Whitespace between the tokens of objects and lists (before and after keys, colons, values,
    /// commas and brackets), as writers put it and as none does (a space after a colon with a
    /// line feed after it, a tab after a line feed), is read past as serde_json reads past it, in
    /// values read and values skipped; and a text that ends after a colon and its whitespace is
    /// no JSON for either.
    #[test]
    fn whitespace_between_tokens_is_read_past_as_serde_json_reads_past_it() {
        let gaps = [
            "",
            " ",
            "  ",
            "\t",
            "\n",
            "\n  ",
            "\n\t",
            " \n",
            "\r\n  ",
            "\n\n  ",
            "\n                  ",
            "\n  \n ",
        ];
        for a in gaps {
            for b in gaps {
                let text = format!(
                    "{a}{{{b}\"a\"{a}:{b}\"x\"{a},{b}\"b\"{b}:{a}[{b}1{a},{b}{{{a}}}{a}]{b},{a}\"c\"{a}:{b}-2{a}}}{b}"
                );
                let json: serde_json::Value = serde_json::from_str(&text).unwrap();
                assert_eq!(value(&text), Some(json), "{text:?}");
                assert!(from_str::<de::IgnoredAny>(&text).is_some(), "{text:?}");
                // Cut after the first colon and the gap after it: no value, nothing read.
                let cut = &text[..text.find(':').unwrap() + 1 + b.len()]; // boundary: ASCII
                assert_eq!(value(cut), None, "{cut:?}");
                assert!(from_str::<de::IgnoredAny>(cut).is_none(), "{cut:?}");
            }
        }
    }

    /// Strings of every length around the sixteen and eight bytes tested at once, with a quote,
    /// an escape or a control character at every place, read (or left to serde_json) as
    /// serde_json reads them, borrowed or decoded, and skipped as it skips them.
    #[test]
    fn strings_of_every_length_read_as_serde_json_reads_them() {
        for len in 0..70 {
            for (what, escaped) in [
                ("", false),
                ("\\\"", true),
                ("\\\\", true),
                ("\\u00e9", true),
                ("\u{1}", false),
                ("\u{1f}", false),
                ("\t", false),
                ("\u{7f}", false),
                ("é", false),
            ] {
                for at in [0, len / 3, len / 2, len] {
                    let mut body = "a".repeat(len);
                    body.insert_str(at, what);
                    let text = format!("[\"{body}\", \"after\"]");
                    let ours = value(&text);
                    let theirs: Option<serde_json::Value> = serde_json::from_str(&text).ok();
                    if what.starts_with(|c: char| c < ' ') {
                        assert_eq!(ours, None, "{text:?}");
                        assert_eq!(theirs, None, "{text:?}");
                    } else {
                        assert_eq!(ours, theirs, "{text:?}");
                        assert!(ours.is_some(), "{text:?}");
                    }
                    assert_eq!(quick_read_agrees(&text), Ok(ours.is_some()), "{text:?}");
                    let skipped = from_str::<serde::de::IgnoredAny>(&text).is_some();
                    assert_eq!(skipped, ours.is_some(), "{text:?}");
                    if ours.is_some() {
                        #[derive(serde::Deserialize)]
                        struct S<'a>(#[serde(borrow)] std::borrow::Cow<'a, str>);
                        let read: Vec<S<'_>> = from_str(&text).expect("read");
                        assert_eq!(matches!(read[0].0, std::borrow::Cow::Owned(_)), escaped);
                    }
                }
            }
        }
    }

    /// A string skipped (a member nothing reads, or the last value of a list) ends where
    /// serde_json says it does, or is refused as serde_json refuses it, however many escapes,
    /// quotes and control characters it holds and wherever they fall around the sixteen and
    /// eight bytes tested at once (the eight-byte tests, which may flag the byte after a stop
    /// too, in the last fifteen bytes here; `tests/wasm_reader.rs` has them for every byte).
    #[test]
    fn strings_dense_with_escapes_are_skipped_as_serde_json_skips_them() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct After {
            after: u8,
        }
        let (mut kept, mut refused) = (0, 0);
        for body in crate::har::strings_dense_with_escapes(20_000) {
            let text = format!("{{\"skipped\": \"{body}\", \"after\": 7}}");
            let ours: Option<After> = from_str(&text);
            let theirs: Option<After> = serde_json::from_str(&text).ok();
            assert_eq!(ours, theirs, "{text:?}");
            if ours.is_some() {
                kept += 1;
            } else {
                refused += 1;
            }
            let last = format!("[\"x\", \"{body}\"]");
            let ours = from_str::<serde::de::IgnoredAny>(&last).is_some();
            assert_eq!(
                ours,
                serde_json::from_str::<serde::de::IgnoredAny>(&last).is_ok(),
                "{last:?}"
            );
        }
        // Both outcomes were met often: the test reads the cases it means to.
        assert!(
            kept > 2_000 && refused > 2_000,
            "{kept} kept, {refused} refused"
        );
    }

    /// Read from bytes not known to be UTF-8, every text handed over is UTF-8, whatever wrong
    /// bytes a string holds and wherever (sixteen, eight or one byte at a time, after an escape,
    /// in a key); the value is what the text gives where the bytes are UTF-8, and nothing where
    /// they are not.
    #[test]
    fn bytes_not_utf8_never_reach_a_visitor_as_text() {
        use serde::de::{DeserializeSeed, MapAccess, SeqAccess};
        use std::cell::RefCell;
        /// Whether each text handed over was UTF-8.
        struct Seen<'s>(&'s RefCell<Vec<bool>>);
        impl<'de> DeserializeSeed<'de> for Seen<'_> {
            type Value = ();
            fn deserialize<D: de::Deserializer<'de>>(
                self,
                d: D,
            ) -> std::result::Result<(), D::Error> {
                d.deserialize_any(self)
            }
        }
        impl<'de> Visitor<'de> for Seen<'_> {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("anything")
            }
            fn visit_str<E>(self, v: &str) -> std::result::Result<(), E> {
                self.0
                    .borrow_mut()
                    .push(std::str::from_utf8(v.as_bytes()).is_ok());
                Ok(())
            }
            fn visit_u64<E>(self, _: u64) -> std::result::Result<(), E> {
                Ok(())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
                while seq.next_element_seed(Seen(self.0))?.is_some() {}
                Ok(())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
                while map.next_key_seed(Seen(self.0))?.is_some() {
                    map.next_value_seed(Seen(self.0))?;
                }
                Ok(())
            }
        }
        let inserts: [&[u8]; 7] = [
            b"\xFF",
            b"\x80",
            b"\xE3\x81",
            "é".as_bytes(),
            "日本".as_bytes(),
            b"\\n\xC3",
            b"\\u00e9\xFE",
        ];
        let (mut texts, mut handed) = (0, 0);
        for len in 0..40 {
            for insert in inserts {
                for at in [0, len / 3, len / 2, len] {
                    let mut body = vec![b'a'; len];
                    body.splice(at..at, insert.iter().copied());
                    let quoted = |b: &[u8]| [&b"\""[..], b, b"\""].concat();
                    let list = [&b"["[..], &quoted(&body), b", 7]"].concat();
                    let map = [&b"{"[..], &quoted(&body), b": ", &quoted(&body), b"}"].concat();
                    for bytes in [list, map] {
                        let seen = RefCell::new(Vec::new());
                        let _ = Seen(&seen).deserialize(&mut Reader::new(&bytes, false));
                        handed += seen.borrow().len();
                        assert!(seen.borrow().iter().all(|&ok| ok), "{bytes:x?}");
                        crate::har::quick_bytes_agree(&bytes).expect("agrees");
                        let read = from_bytes_prefix::<serde_json::Value>(&bytes);
                        match std::str::from_utf8(&bytes) {
                            Ok(text) => {
                                texts += 1;
                                let want = from_prefix::<serde_json::Value>(text);
                                assert_eq!(read.map(|(v, t)| (v, t.len())), want, "{text:?}");
                            }
                            Err(_) => assert!(read.is_none(), "{bytes:x?}"),
                        }
                    }
                }
            }
        }
        assert!(
            texts > 400 && handed > 800,
            "{texts} texts, {handed} handed over"
        );
    }

    /// serde_json stops at 128 levels; this reader leaves anything near that to it.
    #[test]
    fn deep_nesting_is_left_to_serde_json() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(value(&nested(MAX_DEPTH as usize - 1)).is_some());
        for n in [MAX_DEPTH as usize, 127, 128, 129, 10_000] {
            assert_eq!(value(&nested(n)), None, "{n}");
            assert!(quick_read_agrees(&nested(n)).is_ok(), "{n}");
        }
        // Skipped values count too.
        let skipped = format!("{{\"x\": {}}}", nested(10_000));
        assert_eq!(from_str::<serde::de::IgnoredAny>(&skipped).map(drop), None);
    }

    /// A string without escapes is borrowed from the text, as serde_json hands it over (the
    /// model keeps such strings as slices of the file).
    #[test]
    fn strings_without_escapes_are_borrowed() {
        let text = r#"["plain", "esc\"aped"]"#;
        let [a, b]: [std::borrow::Cow<'_, str>; 2] = {
            #[derive(serde::Deserialize)]
            struct Two<'a>(
                #[serde(borrow)] std::borrow::Cow<'a, str>,
                #[serde(borrow)] std::borrow::Cow<'a, str>,
            );
            let Two(a, b) = from_str(text).expect("read");
            [a, b]
        };
        assert!(matches!(a, std::borrow::Cow::Borrowed("plain")));
        assert!(matches!(b, std::borrow::Cow::Owned(ref s) if s == "esc\"aped"));
    }

    /// Readers one after the other on a thread share a scratch buffer: each decodes its own
    /// strings whatever the one before left in it, and one a very long string grew is let go.
    #[test]
    fn readers_on_a_thread_take_over_the_scratch_buffer() {
        let take = || SCRATCH.with(std::cell::Cell::take);
        let long = format!("\\\"{}\\\"", "x".repeat(SCRATCH_KEPT * 2));
        let texts = [
            r#"["a much longer string \"with\" escapes than the next"]"#.to_owned(),
            r#"["b\"c"]"#.to_owned(),
            format!("[\"{long}\"]"),
            r#"["\u00e9t\u00e9"]"#.to_owned(),
        ];
        let wants = [
            "a much longer string \"with\" escapes than the next".to_owned(),
            "b\"c".to_owned(),
            format!("\"{}\"", "x".repeat(SCRATCH_KEPT * 2)),
            "été".to_owned(),
        ];
        drop(take());
        let mut room = 0;
        for (text, want) in texts.iter().zip(&wants) {
            let [got]: [String; 1] = from_str(text).expect("read");
            assert_eq!(&got, want);
            let kept = take();
            assert!(kept.is_empty(), "the text decoded is not kept: {kept}");
            if want.len() > SCRATCH_KEPT {
                assert_eq!(kept.capacity(), 0, "a large buffer is let go");
            } else {
                assert!(
                    kept.capacity() >= want.len().max(room),
                    "kept for the next reader"
                );
            }
            room = kept.capacity();
            SCRATCH.with(|s| s.set(kept));
        }
    }

    /// A member is found by its decoded key wherever it is in the object, and read as serde_json
    /// reads it; what follows it is never read (here, text that is not JSON).
    #[test]
    fn a_member_is_read_without_what_follows_it() {
        let member = |text: &str| member::<serde_json::Value>(text, "request").ok();
        let value = serde_json::json!({"headers": [{"name": "a", "value": "\"}"}]});
        for text in [
            r#"{"request": {"headers": [{"name": "a", "value": "\"}"}]}}"#,
            r#"{"_initiator": {"stack": [{"request": 1}]}, "requests": 2, "request": {"headers": [{"name": "a", "value": "\"}"}]}, not JSON"#,
            r#" { "requ\u0065st" : {"headers": [{"name": "a", "value": "\"}"}]} , ["#,
        ] {
            assert_eq!(member(text), Some(Some(value.clone())), "{text}");
        }
        // The first of two is the one the model keeps (the second is a `duplicate-key` issue).
        assert_eq!(
            member(r#"{"request": 1, "request": 2}"#),
            Some(Some(serde_json::json!(1)))
        );
        // An object without the member: nothing to read.
        assert_eq!(member(r#"{"response": {"request": 1}}"#), Some(None));
        for text in [
            r#"["request", 1]"#,
            r#"{"a": tru, "request": 1}"#,
            r#"{"request" 1}"#,
            "",
        ] {
            assert_eq!(member(text), None, "{text}");
        }
    }

    /// A struct is read from an object or, as serde_json allows, from a list; an optional
    /// one from `null` too.
    #[test]
    fn a_struct_reads_as_serde_json_reads_it() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct P {
            a: u64,
            b: Option<String>,
        }
        for text in [r#"{"b": "x", "a": 1}"#, r#"[1, "x"]"#, r#"[1, null]"#] {
            let quick: P = from_str(text).expect(text);
            assert_eq!(
                quick,
                serde_json::from_str::<P>(text).expect(text),
                "{text}"
            );
        }
        for text in ["null", r#"{"a": 2, "b": null}"#] {
            let quick: Option<P> = from_str(text).expect(text);
            assert_eq!(quick, serde_json::from_str::<Option<P>>(text).expect(text));
        }
        // A field of the wrong type, a field twice: serde_json fails, so this reader does.
        for text in [
            r#"{"a": "1"}"#,
            r#"{"a": 1, "a": 2}"#,
            r#"[1]"#,
            r#"[1, "x", 2]"#,
        ] {
            assert!(serde_json::from_str::<P>(text).is_err(), "{text}");
            assert_eq!(from_str::<P>(text), None, "{text}");
        }
    }

    /// A `RawValue` is the same slice of the text serde_json gives.
    #[test]
    fn a_raw_value_is_the_text_serde_json_gives() {
        let text = "{\"a\":  [1, {\"b\": \"\\\"\"}] , \"c\": \"x\"}";
        #[derive(serde::Deserialize)]
        struct R<'a> {
            #[serde(borrow)]
            a: &'a serde_json::value::RawValue,
            #[serde(borrow)]
            c: &'a serde_json::value::RawValue,
        }
        let quick: R<'_> = from_str(text).expect("read");
        let careful: R<'_> = serde_json::from_str(text).expect("read");
        assert_eq!(quick.a.get(), careful.a.get());
        assert_eq!(quick.c.get(), careful.c.get());
        assert_eq!(quick.a.get(), "[1, {\"b\": \"\\\"\"}]");
    }
}
