//! Slicing untrusted text without panics.
//!
//! Every string in a capture comes from a website or an exporter: a byte index
//! chosen by counting (`[..8]`, `[len - n..]`) can fall inside a multi-byte
//! character and panic, and one panic takes the DevTools panel down. Code that
//! cuts text at a counted position calls these helpers; the tidy test
//! `tests/tidy_slicing.rs` rejects counted range indexes anywhere else in `src/`
//! unless the line says why its bound is a character boundary.

/// The longest prefix of `s` that is at most `max_bytes` long and ends on a
/// character boundary.
pub fn head(s: &str, max_bytes: usize) -> &str {
    let mut end = max_bytes.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end] // boundary: checked above
}

/// The longest suffix of `s` that is at most `max_bytes` long and starts on a
/// character boundary.
pub fn tail(s: &str, max_bytes: usize) -> &str {
    let mut start = s.len().saturating_sub(max_bytes);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..] // boundary: checked above
}

/// The decimal digits of `n`, written into `buf`: what `n.to_string()` says, without the
/// formatting machinery (the numbers of every finding's evidence and of the JSON report).
pub(crate) fn decimal(n: u64, buf: &mut [u8; 20]) -> &str {
    let mut at = buf.len();
    let mut n = n;
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // ASCII digits: never fails.
    std::str::from_utf8(&buf[at..]).unwrap_or_default() // boundary: ASCII
}

/// `s` split at the first `byte` (ASCII), as `str::split_once` of that character says, with
/// memchr's search instead of the char searcher `str` makes for each call (every URL shown is
/// split several times).
pub(crate) fn split_at_byte(s: &str, byte: u8) -> Option<(&str, &str)> {
    debug_assert!(byte.is_ascii());
    let at = memchr::memchr(byte, s.as_bytes())?;
    Some((&s[..at], &s[at + 1..])) // boundary: at an ASCII byte
}

/// `raw`, the raw text of a JSON string as a HAR stores it (`"{\"a\": …`), without its leading
/// blanks, written as they are or escaped (`\n`, `\r`, `\t`): where the JSON a string holds
/// starts (a body's first member, a value after its colon).
pub fn skip_json_blanks(mut raw: &str) -> &str {
    loop {
        raw = raw.trim_start_matches([' ', '\t', '\n', '\r']);
        match ["\\n", "\\r", "\\t"]
            .iter()
            .find_map(|b| raw.strip_prefix(b))
        {
            Some(rest) => raw = rest,
            None => return raw,
        }
    }
}

/// Whether `haystack` holds `needle`, as `str::contains` would say, with memchr's search.
///
/// For the texts every entry is asked about (bodies, URLs): the standard library's search has
/// SIMD on x86-64 only and goes byte by byte in WebAssembly, where the offline page and the
/// panel run. Use a `memchr::memmem::Finder` made once where the same needle is searched for
/// in a loop.
pub fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// Where `needle` first starts in `haystack`, as `str::find` would say, searched as
/// [`contains`] searches.
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else {
        return Some(0);
    };
    let last_start = h.len().checked_sub(n.len())?;
    // A URL or a short body: each place of the first byte is compared. Making a searcher
    // (`memmem`) costs more than the search in texts this short (rules ask every URL).
    // Linear: needles are the rules' own words, a few dozen bytes at most.
    if h.len() < 512 {
        let starts = h.get(..=last_start).unwrap_or_default();
        return memchr::memchr_iter(first, starts)
            .find(|&i| h.get(i + 1..).is_some_and(|after| after.starts_with(rest)));
    }
    memchr::memmem::find(h, n)
}

/// Whether `s` ends with `suffix`, ASCII letters compared without case.
/// Compares bytes, so no position has to be a character boundary.
pub fn ends_with_ignore_ascii_case(s: &str, suffix: &str) -> bool {
    let (s, suffix) = (s.as_bytes(), suffix.as_bytes());
    s.len() >= suffix.len() && s[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    // boundary: bytes
}

/// Whether `s` (a text, or bytes of one from any place) starts with `prefix`, ASCII letters
/// compared without case.
pub fn starts_with_ignore_ascii_case(s: impl AsRef<[u8]>, prefix: &str) -> bool {
    let (s, prefix) = (s.as_ref(), prefix.as_bytes());
    s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix) // boundary: bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_at_a_byte_is_split_once() {
        for (s, byte) in [
            ("a#b#c", b'#'),
            ("#", b'#'),
            ("é?ü?", b'?'),
            ("none", b'?'),
            ("", b'@'),
        ] {
            assert_eq!(
                split_at_byte(s, byte),
                s.split_once(char::from(byte)),
                "{s}"
            );
        }
    }

    #[test]
    fn decimal_digits_are_to_string_s() {
        for n in [
            0,
            7,
            9,
            10,
            99,
            100,
            12_345,
            u64::from(u32::MAX),
            u64::MAX - 1,
            u64::MAX,
        ] {
            assert_eq!(decimal(n, &mut [0; 20]), n.to_string());
        }
    }

    #[test]
    fn contains_answers_as_the_standard_search() {
        let long = format!("{}ok\\\":{}eyJ", "a".repeat(600), "語".repeat(200));
        let texts = [
            "",
            "a",
            "a[[b]]c[[d]]",
            "eyJ",
            "xeyJy",
            "ok\\\":",
            "日本語のeyJ",
            "aaab",
            "abab",
            &long,
        ];
        let needles = [
            "", "a", "eyJ", "ab", "aab", "ok\\\":", "語の", "b", "zz", "[[", "]]",
        ];
        for t in texts {
            for n in needles {
                assert_eq!(contains(t, n), t.contains(n), "{t:?} holds {n:?}");
                assert_eq!(find(t, n), t.find(n), "{t:?} holds {n:?} at");
            }
        }
    }

    #[test]
    fn cuts_never_split_a_character() {
        assert_eq!(head("eyJabcdé", 8), "eyJabcd");
        assert_eq!(head("eyJabcdé", 9), "eyJabcdé");
        assert_eq!(head("abc", 99), "abc");
        assert_eq!(head("日本", 1), "");
        assert_eq!(tail("é1234", 5), "1234");
        assert_eq!(tail("abc", 99), "abc");
        for s in ["", "a", "é", "日本語テキスト", "a\u{1F600}b", "\u{0301}x"] {
            for n in 0..=s.len() + 2 {
                assert!(head(s, n).len() <= n && s.starts_with(head(s, n)));
                assert!(tail(s, n).len() <= n && s.ends_with(tail(s, n)));
            }
        }
    }

    #[test]
    fn case_insensitive_affixes_on_any_text() {
        assert!(ends_with_ignore_ascii_case(
            "API.Example.COM",
            "example.com"
        ));
        assert!(!ends_with_ignore_ascii_case("aé", "xy"));
        assert!(!ends_with_ignore_ascii_case("é", "xyz"));
        assert!(starts_with_ignore_ascii_case("Bearer x", "bearer "));
        assert!(!starts_with_ignore_ascii_case("é", "ab"));
    }
}
