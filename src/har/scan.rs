//! Finding where each entry of a well-formed HAR file begins and ends, without reading it.
//!
//! [`super::parse`] reads every entry from its own text, and that read checks every byte
//! of the entry. Before it, something has to find where each entry is. serde_json's walk
//! over the file does this by checking every byte as well, so each entry was checked
//! twice; in the browser's WebAssembly, where serde_json checks four bytes at a time, that
//! walk was about a third of the reading.
//!
//! [`entries`] finds the same places by counting brackets outside strings, and checks
//! only the JSON around the entries (the file's and the log's own members). It is the fast
//! path of a file that turns out to be well-formed: it gives up (`None`) on anything
//! unusual, and when any entry then fails to read, the caller reads the file again the
//! careful way, so every message about a damaged file, and every repair, stays as it was.
//!
//! Why the places are the same: an entry whose text reads as one JSON value has balanced
//! brackets outside its strings, so the count ends exactly where that value ends, which is
//! where serde_json's walk ends it too.
//!
//! The entries are read as the scan reaches them ([`OnEntry::read_at`]): an entry the reader
//! reads (or a run of entries read on another core from there) is not counted through, the
//! scan goes on where the reading ended, which is where the count would have ended it; only
//! the others are counted.

use memchr::memchr2;

use super::checked::Checked;

/// How deep the log's own members may nest: serde_json stops at 128 levels, counted from
/// the top of the file, and these values are read later from their own text.
const MEMBER_DEPTH: usize = 100;

/// What [`entries`] does with each element of `log.entries`.
pub(crate) trait OnEntry<'a> {
    /// Reads the element that starts at `at` in `text`, if it can, and says how long its text
    /// is: the scan goes on from there, and this element's bytes are walked once, by its reading. The
    /// length must be that of one whole well-formed JSON value, so that it ends where the scan
    /// would have ended it (an object read as serde_json reads it ends at its closing bracket),
    /// or of several, with the commas and whitespace between them (elements read elsewhere,
    /// taken over). `None`: the scan finds where it ends, and hands it to [`OnEntry::found`].
    fn read_at(&mut self, text: &mut Checked<'a>, at: usize) -> Option<usize>;

    /// The text of an element `read_at` did not read (UTF-8, its JSON not checked).
    fn found(&mut self, raw: &'a str);
}

/// A function of each element's text: every element is found by the scan.
impl<'a, F: FnMut(&'a str)> OnEntry<'a> for F {
    fn read_at(&mut self, _: &mut Checked<'a>, _: usize) -> Option<usize> {
        None
    }

    fn found(&mut self, raw: &'a str) {
        self(raw)
    }
}

/// Hands `on_entry` each element of `log.entries` in
/// `{"log": {..., "entries": [...], ...}, ...}`, in order, and `on_member` the key and the
/// (checked) text of each other member of the log; `None` when the file is anything else (a
/// bare log, a key written with escapes, a key twice where it matters), or when the JSON
/// outside the entries is not well-formed, or where the text handed out is not UTF-8 (`text`
/// may be bytes checked as they are reached). What was handed over before that is then
/// meaningless.
pub(crate) fn entries<'a>(
    text: &mut Checked<'a>,
    on_entry: &mut dyn OnEntry<'a>,
    on_member: &mut dyn FnMut(&'a str, &'a str),
) -> Option<()> {
    let mut s = Scanner {
        b: text.bytes(),
        text,
        at: 0,
    };
    let mut log_seen = false;
    s.object(|s, key| {
        match key {
            "log" if !log_seen => {
                log_seen = true;
                s.log(on_entry, on_member)
            }
            // A bare log, or a second `log`: the careful walk reads those.
            "log" | "entries" | "creator" | "version" | "pages" | "browser" => None,
            _ => s.checked_value().map(drop),
        }
    })?;
    s.ws();
    (log_seen && s.at == s.b.len()).then_some(())
}

struct Scanner<'t, 'a> {
    /// The text handed out, checked as UTF-8 as it is reached; the scan itself goes by bytes.
    text: &'t mut Checked<'a>,
    b: &'a [u8],
    at: usize,
}

impl<'a> Scanner<'_, 'a> {
    fn ws(&mut self) {
        self.at = past_ws(self.b, self.at);
    }

    /// Consumes `byte` after optional whitespace.
    fn eat(&mut self, byte: u8) -> Option<()> {
        self.ws();
        (self.b.get(self.at) == Some(&byte)).then(|| self.at += 1)
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.at).copied()
    }

    /// An object whose members `member` reads, given each key (its value comes next).
    fn object(&mut self, mut member: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        if self.eat(b'}').is_some() {
            return Some(());
        }
        loop {
            let key = self.key()?;
            self.eat(b':')?;
            member(self, key)?;
            if self.comma_or(b'}')? {
                return Some(());
            }
        }
    }

    /// After a member or element: `Some(false)` past a comma, `Some(true)` past `close`.
    fn comma_or(&mut self, close: u8) -> Option<bool> {
        let closed = match self.peek()? {
            b',' => false,
            b if b == close => true,
            _ => return None,
        };
        self.at += 1;
        Some(closed)
    }

    /// A key without escapes or control characters (serde_json reads others; the careful
    /// walk does, then).
    fn key(&mut self) -> Option<&'a str> {
        self.ws();
        let open = self.at;
        if self.b.get(open) != Some(&b'"') {
            return None;
        }
        let end = string_end(self.b, open)?;
        let key = self.text.get(open + 1, end - 1)?;
        if key.bytes().any(|c| c == b'\\' || c < 0x20) {
            return None;
        }
        self.at = end;
        Some(key)
    }

    /// The next value's text (whitespace before it skipped), its JSON not checked; nesting deeper than
    /// `max_depth` gives up.
    fn value(&mut self, max_depth: usize) -> Option<&'a str> {
        self.ws();
        let start = self.at;
        let end = match *self.b.get(start)? {
            b'"' => string_end(self.b, start)?,
            b'{' | b'[' => container_end(self.b, start, max_depth)?,
            _ => {
                // A number or a word: up to the next delimiter; serde_json checks it.
                start
                    + self.b[start..]
                        .iter()
                        .position(|c| {
                            matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                        })
                        .unwrap_or(self.b.len() - start)
            }
        };
        self.at = end;
        self.text.get(start, end)
    }

    /// The next value, checked by serde_json as the careful walk checks a value it skips.
    fn checked_value(&mut self) -> Option<&'a str> {
        let v = self.value(MEMBER_DEPTH)?;
        serde_json::from_str::<serde::de::IgnoredAny>(v).ok()?;
        Some(v)
    }

    /// The log object: its entries' places, and its other members.
    fn log(
        &mut self,
        on_entry: &mut dyn OnEntry<'a>,
        on_member: &mut dyn FnMut(&'a str, &'a str),
    ) -> Option<()> {
        if self.peek()? != b'{' {
            return None;
        }
        let mut entries_seen = false;
        self.object(|s, key| match key {
            "entries" if !entries_seen => {
                entries_seen = true;
                s.entries(on_entry)
            }
            "entries" => None,
            _ => {
                on_member(key, s.checked_value()?);
                Some(())
            }
        })
    }

    /// The entries list: each element read where it starts, or its text found, its JSON not checked (the
    /// read checks it).
    fn entries(&mut self, on_entry: &mut dyn OnEntry<'a>) -> Option<()> {
        self.eat(b'[')?;
        if self.eat(b']').is_some() {
            return Some(());
        }
        loop {
            self.ws();
            match on_entry.read_at(self.text, self.at) {
                // Not past the end: a length from elsewhere must not make the scan panic.
                Some(len) if self.at + len <= self.b.len() => self.at += len,
                Some(_) => return None,
                None => on_entry.found(self.value(usize::MAX)?),
            }
            if self.comma_or(b']')? {
                return Some(());
            }
        }
    }
}

/// How far [`string_end`] looks eight bytes at a time before it hands the rest to
/// `memchr2`. Most strings of a capture are short (a Chrome export of 100 MB has four
/// million, half of them of 7 bytes or less), and `memchr2`'s set-up costs more than such
/// a string's bytes.
const SHORT_STRING: usize = 32;

/// One past the closing quote of the string opening at `open`.
fn string_end(b: &[u8], open: usize) -> Option<usize> {
    let mut at = open + 1;
    loop {
        at = match quote_or_backslash_near(b, at) {
            Ok(found) => found,
            Err(from) => from + memchr2(b'"', b'\\', b.get(from..)?)?,
        };
        if b[at] == b'"' {
            return Some(at + 1);
        }
        at += 2; // the backslash and the byte it escapes
    }
}

/// The first `"` or `\` at or after `at` within [`SHORT_STRING`] bytes (`Ok`), or where to
/// go on looking (`Err`): eight bytes at a time, each word tested for either byte with the
/// has-zero-byte trick.
fn quote_or_backslash_near(b: &[u8], mut at: usize) -> Result<usize, usize> {
    let stop = at.saturating_add(SHORT_STRING);
    while at < stop {
        let Some(word) = b.get(at..at + 8) else {
            break;
        };
        let v = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        let found = bytes_equal(v, b'"') | bytes_equal(v, b'\\');
        if found != 0 {
            return Ok(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    Err(at)
}

/// One past the bracket that closes the object or list opening at `open`: brackets outside
/// strings counted, nothing checked.
fn container_end(b: &[u8], open: usize, max_depth: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = open;
    loop {
        match *b.get(at)? {
            b'"' => {
                at = string_end(b, at)?;
                continue;
            }
            b'{' | b'[' => {
                depth += 1;
                if depth > max_depth {
                    return None;
                }
            }
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at + 1);
                }
            }
            b'\n' => {
                at = past_spaces(b, at + 1);
                continue;
            }
            _ => {}
        }
        at += 1;
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;

/// High bit set in each byte of the word `v` below `n` (`n` at most 0x80): the has-zero-byte
/// trick. Exact in the lowest flagged byte (a false flag only follows a true one), which is
/// all its callers read.
pub(super) fn below(v: u64, n: u8) -> u64 {
    v.wrapping_sub(ONES * u64::from(n)) & !v & (ONES * 0x80)
}

/// High bit set in each byte of the word `v` equal to `byte` (as [`below`]).
pub(super) fn bytes_equal(v: u64, byte: u8) -> u64 {
    below(v ^ (ONES * u64::from(byte)), 1)
}

/// Past JSON's whitespace from `at`, a byte at a time (between the members the scan reads,
/// where there is little of it).
pub(super) fn past_ws(b: &[u8], mut at: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = b.get(at) {
        at += 1;
    }
    at
}

/// Past the spaces from `at`, sixteen bytes at a time where the target can ([`simd`]), then
/// eight: the first byte that is not a space, or, in the last seven bytes of `b`, where the
/// caller goes on byte by byte. Between strings an indented capture is mostly the indentation
/// after each line feed (a Chrome export's values sit 8 to 16 spaces deep).
pub(super) fn past_spaces(b: &[u8], mut at: usize) -> usize {
    const SPACES: u64 = 0x2020_2020_2020_2020;
    #[cfg(any(target_feature = "sse2", target_feature = "simd128"))]
    while let Some(chunk) = b.get(at..at + 16) {
        let other = simd::not_spaces(chunk);
        if other != 0 {
            return at + other.trailing_zeros() as usize;
        }
        at += 16;
    }
    while let Some(word) = b.get(at..at + 8) {
        // Zero where a byte is a space: the lowest set bit is in the first byte that is not.
        let other = u64::from_le_bytes(word.try_into().unwrap_or([0; 8])) ^ SPACES;
        if other != 0 {
            return at + (other.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    at // the last few bytes go byte by byte
}

/// Sixteen bytes tested at once: with SSE2 on x86 (on by default for x86-64 targets and most
/// 32-bit ones, and every x86-64 processor has it) and with `simd128` in WebAssembly
/// (`.cargo/config.toml`); each answer has bit `i` set where byte `i` is what is looked for. The
/// callers go on eight bytes at a time for the last bytes, and for all of them on other targets.
///
/// In WebAssembly these once made the offline page slower (347 ms against 339 ms for the
/// Chrome-shaped bench file in Chromium, when a skipped string was searched again after each
/// escape); since a skipped string takes each load's stops in turn, they make one thread's
/// `analyze` 8 to 13% faster in the same page, run in turn with the eight-byte build.
#[cfg(any(target_feature = "sse2", target_feature = "simd128"))]
pub(crate) mod simd {
    #[cfg(target_arch = "wasm32")]
    use std::arch::wasm32::*;
    #[cfg(target_arch = "x86")]
    use std::arch::x86::*;
    #[cfg(target_arch = "x86_64")]
    use std::arch::x86_64::*;

    /// Where a JSON string may stop: `"`, `\` or a control character (which no string holds);
    /// and where a byte is not ASCII (its high bit).
    #[inline(always)]
    pub(crate) fn string_stops(chunk: &[u8]) -> (u32, u32) {
        assert!(chunk.len() >= 16);
        // SAFETY: the instructions are enabled (the module's `cfg`); `chunk` has at least 16
        // bytes (asserted, and known to the optimizer at every call); the load needs no
        // alignment.
        #[cfg(target_feature = "sse2")]
        unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast());
            let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
            let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
            // Below 0x20 as unsigned bytes: the smaller of the byte and 0x1F is the byte.
            let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
            let stops = _mm_or_si128(_mm_or_si128(quote, backslash), control);
            (_mm_movemask_epi8(stops) as u32, _mm_movemask_epi8(v) as u32)
        }
        #[cfg(target_feature = "simd128")]
        {
            // SAFETY: as above.
            let v = unsafe { v128_load(chunk.as_ptr().cast()) };
            let quote = u8x16_eq(v, u8x16_splat(b'"'));
            let backslash = u8x16_eq(v, u8x16_splat(b'\\'));
            // As with SSE2: `lt_u` is several instructions on x86-64, `min_u` one.
            let control = u8x16_eq(u8x16_min(v, u8x16_splat(0x1F)), v);
            let stops = v128_or(v128_or(quote, backslash), control);
            (u32::from(u8x16_bitmask(stops)), u32::from(u8x16_bitmask(v)))
        }
    }

    /// Where a byte is not a space.
    #[inline(always)]
    pub(crate) fn not_spaces(chunk: &[u8]) -> u32 {
        assert!(chunk.len() >= 16);
        // SAFETY: as in `string_stops`.
        #[cfg(target_feature = "sse2")]
        let spaces = unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast());
            _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b' ' as i8))) as u32
        };
        // SAFETY: as in `string_stops`.
        #[cfg(target_feature = "simd128")]
        let spaces = u32::from(u8x16_bitmask(u8x16_eq(
            unsafe { v128_load(chunk.as_ptr().cast()) },
            u8x16_splat(b' '),
        )));
        !spaces & 0xFFFF
    }
}

/// Whether the sixteen-byte tests ([`simd`]) answer for each byte what a byte-by-byte test
/// answers, whatever the bytes around it (bytes one bit from each looked-for byte, the high bit
/// set, the edges of the control characters): the first difference, or how many chunks agreed
/// (none where this target has no such tests). For the tests, natively and in WebAssembly.
#[doc(hidden)]
pub fn vector_tests_agree() -> Result<usize, String> {
    #[cfg(any(target_feature = "sse2", target_feature = "simd128"))]
    {
        let bytes = [
            b'"', b'\\', 0x00, 0x1F, b' ', b'!', b'#', b'\n', 0x7F, 0x80, 0x9F, 0xA2, 0xDC, 0xFF,
            b'a',
        ];
        let stops = |c: u8| c == b'"' || c == b'\\' || c < 0x20;
        let mut checked = 0;
        for fill in bytes {
            for odd in bytes {
                for at in 0..16 {
                    let mut chunk = [fill; 20];
                    chunk[at] = odd;
                    let mask = |test: &dyn Fn(u8) -> bool| {
                        (0..16).fold(0u32, |m, i| m | u32::from(test(chunk[i])) << i)
                    };
                    let want = (mask(&stops), mask(&|c| c >= 0x80));
                    let got = simd::string_stops(&chunk);
                    if got != want {
                        return Err(format!(
                            "string_stops {fill:#x} {odd:#x}@{at}: {got:?}, not {want:?}"
                        ));
                    }
                    let (got, want) = (simd::not_spaces(&chunk), mask(&|c| c != b' '));
                    if got != want {
                        return Err(format!(
                            "not_spaces {fill:#x} {odd:#x}@{at}: {got:#x}, not {want:#x}"
                        ));
                    }
                    checked += 1;
                }
            }
        }
        Ok(checked)
    }
    #[cfg(not(any(target_feature = "sse2", target_feature = "simd128")))]
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_entries_as_the_careful_walk_does() {
        let text = r#" {"x": [1, {"a": "]}"}], "log": {"version": "1.2", "pages": [],
            "creator": {"name": "WebInspector", "version": "537.36"},
            "entries": [ {"request": {"url": "https://a.test/\"}]"}} ,
                         {"n": [[], {}], "s": "\\"} ]}, "tail": null} "#;
        let mut raws = Vec::new();
        let mut members = Vec::new();
        entries(
            &mut Checked::text(text),
            &mut |raw| raws.push(raw),
            &mut |k, v| members.push((k, v)),
        )
        .expect("well-formed");
        assert_eq!(
            raws,
            [
                r#"{"request": {"url": "https://a.test/\"}]"}}"#,
                r#"{"n": [[], {}], "s": "\\"}"#
            ]
        );
        assert_eq!(raws, super::super::ingest::raw_entries(text));
        assert_eq!(
            members,
            [
                ("version", "\"1.2\""),
                ("pages", "[]"),
                (
                    "creator",
                    r#"{"name": "WebInspector", "version": "537.36"}"#
                )
            ]
        );
    }

    #[test]
    fn the_vector_tests_answer_as_byte_by_byte_ones() {
        // Some chunks checked where the target has them (tests/wasm_reader.rs: WebAssembly's).
        let vectors = cfg!(any(target_feature = "sse2", target_feature = "simd128"));
        assert_eq!(vector_tests_agree().map(|checked| checked > 0), Ok(vectors));
    }

    /// `past_spaces` stops where a byte-by-byte walk stops, at every length of indentation and
    /// from every place in it.
    #[test]
    fn spaces_end_where_a_byte_by_byte_walk_ends_them() {
        for spaces in 0..70 {
            for after in [b'"', b'\t', b'!', 0x80, 0x00] {
                let mut text = vec![b' '; spaces];
                text.push(after);
                text.extend([b'x'; 3]);
                for from in 0..=spaces {
                    let got = past_spaces(&text, from);
                    // Near the end the caller goes on byte by byte: at most seven left.
                    assert!(got <= spaces && text[got..spaces].iter().all(|&c| c == b' '));
                    assert!(
                        got == spaces || text.len() - got < 8,
                        "{spaces} {from}: {got}"
                    );
                }
                text.extend([b'y'; 16]);
                assert_eq!(past_spaces(&text, 0), spaces, "{spaces} then {after:#x}");
            }
        }
    }

    #[test]
    fn a_string_ends_where_a_byte_by_byte_walk_ends_it() {
        // Every length around the word size and the short-string limit, with a quote or an
        // escape at every place, and bytes that differ from `"` or `\` in one bit (the high
        // bit too).
        fn naive(b: &[u8], open: usize) -> Option<usize> {
            let mut at = open + 1;
            loop {
                match *b.get(at)? {
                    b'"' => return Some(at + 1),
                    b'\\' => at += 2,
                    _ => at += 1,
                }
            }
        }
        for len in 0..80 {
            for filler in [b'a', b'#', b'^', 0xc3, b'\x7f', 0xa2, 0xdc] {
                for special in [
                    None,
                    Some((len / 3, br#"\""#.as_slice())),
                    Some((len / 2, br"\\".as_slice())),
                ] {
                    let mut text = vec![b'"'];
                    let mut body = vec![filler; len];
                    if let Some((at, what)) = special {
                        body.splice(at..at, what.iter().copied());
                    }
                    text.extend(&body);
                    text.extend(br#"" tail "x""#);
                    assert_eq!(
                        string_end(&text, 0),
                        naive(&text, 0),
                        "{:?}",
                        String::from_utf8_lossy(&text)
                    );
                    // Cut before the closing quote: no end.
                    assert_eq!(string_end(&text[..body.len() + 1], 0), None);
                }
            }
        }
    }

    #[test]
    fn a_container_ends_where_a_byte_by_byte_count_ends_it_whatever_the_indentation() {
        // Runs of spaces after a line feed are skipped eight at a time: every run length around
        // the word size, ended by each byte that matters, by other bytes, and by the end.
        fn naive(b: &[u8]) -> Option<usize> {
            let (mut depth, mut at) = (0usize, 0);
            loop {
                match *b.get(at)? {
                    b'"' => {
                        at += 1;
                        while *b.get(at)? != b'"' {
                            at += if b[at] == b'\\' { 2 } else { 1 };
                        }
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(at + 1);
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
        }
        for spaces in 0..20 {
            for next in ["]", "\"]\"]", "{}]", "[]]", "1]", "\t]", "\n  ]", "é]", ""] {
                for tail in ["", " ", "  ", "\n", "]]]]]]]]]"] {
                    let indent = " ".repeat(spaces);
                    let text = format!("[\n{indent}{next}{tail}");
                    assert_eq!(
                        container_end(text.as_bytes(), 0, usize::MAX),
                        naive(text.as_bytes()),
                        "{text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn gives_up_on_what_the_careful_walk_reads_differently_or_rejects() {
        for text in [
            r#"{"entries": []}"#,                         // a bare log
            r#"{"log": {"entries": []}, "log": {}}"#,     // `log` twice
            r#"{"log": {"entries": [], "entries": []}}"#, // `entries` twice
            r#"{"lo\u0067": {"entries": []}}"#,           // a key with an escape
            r#"{"log": {"entries": [{}],}}"#,             // a trailing comma
            r#"{"log": {"entries": [{}]}, "x": tru}"#,    // a bad word outside the entries
            r#"{"log": {"entries": [{}]}, "x": "a\qb"}"#, // a bad escape outside them
            r#"{"log": {"entries": [{}]}} x"#,            // text after the JSON
            r#"{"log": {"entries": [{}, {"a": "cut"#,     // cut short
            r#"{"log": {"entries": [{}] "#,               // cut short
            r#"{"log": []}"#,                             // a log that is no object
            r#"{"log": {"entries": {}}}"#,                // entries that are no list
            r#"[]"#,
            "",
        ] {
            assert!(
                entries(&mut Checked::text(text), &mut drop, &mut |_, _| {}).is_none(),
                "{text}"
            );
        }
        // Deep nesting in the log's own members is left to the careful walk.
        let deep = format!(
            r#"{{"log": {{"pages": {}{}, "entries": []}}}}"#,
            "[".repeat(120),
            "]".repeat(120)
        );
        assert!(entries(&mut Checked::text(&deep), &mut drop, &mut |_, _| {}).is_none());
        // Not in an entry: the read of the entry decides.
        let deep = format!(
            r#"{{"log": {{"entries": [{}{}]}}}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        let mut n = 0;
        assert!(entries(&mut Checked::text(&deep), &mut |_| n += 1, &mut |_, _| {}).is_some());
        assert_eq!(n, 1);
    }
}
