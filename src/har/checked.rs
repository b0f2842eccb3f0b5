//! Bytes checked as UTF-8 as they are read, not all before any are read.
//!
//! The whole file was checked before the first entry was read. On a large capture that check
//! read the file from memory once and the reading read it again: on the Chrome-shaped bench
//! file (143 MiB), 14 ms of one core checked from memory, against 2 ms checked from the cache.
//! Now each part is checked where it is read, while it is in the cache:
//! - an entry, by the quick reader that reads it ([`super::quick::from_bytes_prefix`]): each
//!   string it hands over is checked first, and the entry's whole text after;
//! - everything else (the JSON around the entries, an entry the quick reader leaves), by
//!   [`Checked::get`] as the scan asks for its text.
//!
//! [`Checked`] keeps how far the bytes are known to be UTF-8, from where its reading began, and
//! hands out text only from there. Why that is sound: text it hands out lies in what is known,
//! cut where characters start (a byte that is not `10xxxxxx`). What is known grows by pieces
//! that are UTF-8 (checked, or a `&str` the reader made), each joined where a character starts:
//! pieces of UTF-8 put end to end are UTF-8, and a slice of UTF-8 cut where characters start
//! is UTF-8. Why it agrees with checking the whole: a check that fails (the whole is not UTF-8,
//! or a piece asked for ends inside a character, which the scan never asks for) leaves the
//! bytes to the caller, which checks the whole then and reads it as before.

/// Bytes of which `from..to` is known to be UTF-8 (`to` is at most their length).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Checked<'a> {
    b: &'a [u8],
    from: usize,
    to: usize,
}

impl<'a> Checked<'a> {
    /// Text already known to be UTF-8: nothing is checked again.
    pub(crate) fn text(text: &'a str) -> Self {
        Checked {
            b: text.as_bytes(),
            from: 0,
            to: text.len(),
        }
    }

    /// Bytes of which nothing is known yet: they are checked as text is asked for.
    pub(crate) fn unchecked(b: &'a [u8]) -> Self {
        Checked { b, from: 0, to: 0 }
    }

    /// The bytes, checked or not.
    pub(crate) fn bytes(&self) -> &'a [u8] {
        self.b
    }

    /// The same bytes for a reading from `from` on (on another thread): what is known from
    /// there on is known there too.
    pub(crate) fn starting_at(&self, from: usize) -> Self {
        let from = from.min(self.b.len());
        let known = (self.from..=self.to).contains(&from) && self.starts_char(from);
        Checked {
            b: self.b,
            from,
            to: if known { self.to } else { from },
        }
    }

    /// All the text from `at` on, if it is all known to be UTF-8 already (text, not bytes).
    pub(crate) fn known_rest(&self, at: usize) -> Option<&'a str> {
        if self.to != self.b.len() || at < self.from || !self.starts_char(at) {
            return None;
        }
        let bytes = self.b.get(at..)?;
        debug_assert!(std::str::from_utf8(bytes).is_ok());
        // SAFETY: `from..to` is UTF-8 and runs to the end; `at` lies within it, where a
        // character starts: the bytes from there on are UTF-8.
        Some(unsafe { std::str::from_utf8_unchecked(bytes) })
    }

    /// Whether a character starts at `at` (or it is the end): a byte that is not `10xxxxxx`.
    fn starts_char(&self, at: usize) -> bool {
        at <= self.b.len() && self.b.get(at).is_none_or(|&c| c & 0xC0 != 0x80)
    }

    /// The text of `start..end`: `None` where those bytes are not UTF-8, or either end is not
    /// where a character starts (as `str::get`), or `start` is before this reading's start.
    /// What lies between what is known and `end` is checked (the scan asks in order: little
    /// but the text asked for).
    pub(crate) fn get(&mut self, start: usize, end: usize) -> Option<&'a str> {
        if start < self.from || end < start || end > self.b.len() {
            return None;
        }
        if end > self.to {
            self.check_to(end)?;
        }
        if !self.starts_char(start) || !self.starts_char(end) {
            return None;
        }
        let bytes = self.b.get(start..end)?;
        debug_assert!(std::str::from_utf8(bytes).is_ok());
        // SAFETY: `from..to` is UTF-8 and `start..end` lies within it (`check_to` reached
        // `end`), cut where characters start (checked above): such a slice is UTF-8.
        Some(unsafe { std::str::from_utf8_unchecked(bytes) })
    }

    /// Checks on from `to` to `end`. `None` when those bytes are not UTF-8: the whole is not,
    /// or `end` is not where a character starts (the scan asks only for text that ends at an
    /// ASCII byte or the end; the caller checks the whole then, and reads it as before).
    fn check_to(&mut self, end: usize) -> Option<()> {
        simdutf8::basic::from_utf8(self.b.get(self.to..end)?).ok()?;
        self.to = end;
        Some(())
    }

    /// `text`, a slice of these bytes that a reading made text of (an entry the quick reader
    /// read and checked), is known from now on, and what lies between it and what was known
    /// before is checked. `None` when that is not UTF-8; nothing is learnt from text that is
    /// not a slice of these bytes within this reading.
    pub(crate) fn take(&mut self, text: &'a str) -> Option<()> {
        let base = self.b.as_ptr() as usize;
        let Some(start) = (text.as_ptr() as usize).checked_sub(base) else {
            return Some(());
        };
        if start < self.from || start + text.len() > self.b.len() {
            return Some(());
        }
        if start > self.to {
            self.check_to(start)?;
        }
        // `from..to` is UTF-8 and reaches `start`, where `text` (UTF-8, being a `str`) begins,
        // so a character starts there: together they are UTF-8.
        if self.starts_char(start) {
            self.to = self.to.max(start + text.len());
        }
        Some(())
    }

    /// After this reading reached where `other` (a reading of the same bytes, made by
    /// [`Checked::starting_at`], perhaps on another thread) began: what `other` knows is known
    /// here too. `None` when the bytes up to there are not UTF-8; nothing is learnt from a
    /// reading of other bytes, or one that began before this one.
    pub(crate) fn take_over(&mut self, other: &Checked<'a>) -> Option<()> {
        if !std::ptr::eq(self.b, other.b) || other.from < self.from {
            return Some(());
        }
        if other.from > self.to {
            self.check_to(other.from)?;
        }
        // `from..to` and `other.from..other.to` are UTF-8, each cut where characters start,
        // and meet: together they are.
        self.to = self.to.max(other.to);
        Some(())
    }

    /// All the bytes as text, checking what is left: `None` when they are not UTF-8 (or this
    /// reading began after the start).
    pub(crate) fn all(&mut self) -> Option<&'a str> {
        self.get(0, self.b.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples() -> Vec<Vec<u8>> {
        vec![
            b"{\"a\": \"plain\"}".to_vec(),
            "{\"a\": \"é日本語🔑\", \"b\": \"ü\"}".as_bytes().to_vec(),
            {
                let mut v = "{\"a\": \"日本語\"}".as_bytes().to_vec();
                v[9] = 0xFF; // inside a character
                v
            },
            {
                let mut v = "ab🔑cd".as_bytes().to_vec();
                v.truncate(4); // a character cut short at the end
                v
            },
            vec![b'a', 0x80, 0x80, 0x80, 0x80, b'b'], // four continuation bytes
            vec![0xC3],
            Vec::new(),
        ]
    }

    /// Asked in any order, from anywhere, it says what std says: for UTF-8 bytes, the text std
    /// gives; for others, never text that is not these bytes, and never all of them.
    #[test]
    fn answers_as_std_does() {
        for bytes in &samples() {
            let whole = std::str::from_utf8(bytes).ok();
            let agrees = |got: Option<&str>, s: usize, e: usize| match whole {
                Some(w) => got == w.get(s..e),
                None => got.is_none_or(|t| {
                    t.as_bytes() == &bytes[s..e] && std::str::from_utf8(t.as_bytes()).is_ok()
                }),
            };
            for s in 0..=bytes.len() {
                for e in 0..=bytes.len() + 1 {
                    let mut c = Checked::unchecked(bytes);
                    let got = c.get(s, e);
                    assert!(e <= bytes.len() && s <= e || got.is_none(), "{bytes:x?}");
                    assert!(
                        e > bytes.len() || e < s || agrees(got, s, e),
                        "{bytes:x?} {s}..{e}"
                    );
                    // Then the rest, from where it ended or from the start.
                    assert_eq!(c.all(), whole, "{bytes:x?} after {s}..{e}");
                    let mut from = Checked::unchecked(bytes).starting_at(s);
                    let got = from.get(s, e);
                    assert!(
                        e > bytes.len() || e < s || agrees(got, s, e),
                        "{bytes:x?} {s}..{e}"
                    );
                    assert!(s == 0 || from.all().is_none());
                }
            }
        }
    }

    /// Whatever is asked in whatever order, of bytes UTF-8 or not (a stray continuation byte
    /// after text taken, readings begun inside a character, text taken inside or across what is
    /// known, before a reading's start, or from other bytes), what is known stays UTF-8.
    #[test]
    fn what_is_known_stays_utf8_whatever_is_asked() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n.max(1) as u64) as usize
        };
        let other = "{\"x\": \"é\"}".to_owned();
        let mut samples = samples();
        samples.push("a日b\u{80}é🔑{}\"x\"".as_bytes().to_vec());
        samples.push([&b"ab"[..], &[0x80], "é日".as_bytes()].concat());
        for bytes in &samples {
            let len = bytes.len();
            let holds = |c: &Checked<'_>| {
                c.to <= len && c.from <= c.to && std::str::from_utf8(&bytes[c.from..c.to]).is_ok()
            };
            for _ in 0..300 {
                let mut c = Checked::unchecked(bytes).starting_at(next(3).min(len));
                let mut others: Vec<Checked<'_>> = Vec::new();
                for _ in 0..12 {
                    let (s, e) = (next(len + 2), next(len + 2));
                    match next(5) {
                        0 => drop(c.get(s, e)),
                        1 => {
                            // Text the reader could make: any slice of the bytes that is UTF-8.
                            if let Some(t) =
                                bytes.get(s..e).and_then(|b| std::str::from_utf8(b).ok())
                            {
                                let _ = c.take(t);
                            }
                            let _ = c.take(&other);
                        }
                        2 => others.push(c.starting_at(s)),
                        3 => {
                            if let Some(o) = others.last_mut() {
                                let _ = o.get(o.from, e.max(o.from));
                                assert!(holds(o), "{bytes:x?}: {o:?}");
                                let o = *o;
                                let _ = c.take_over(&o);
                            }
                        }
                        _ => drop(c.all()),
                    }
                    assert!(holds(&c), "{bytes:x?}: {c:?}");
                }
            }
        }
    }

    /// Text a reading made counts as known, and so does what a reading on another thread
    /// knows; nothing else does.
    #[test]
    fn text_taken_and_readings_taken_over_count_as_known() {
        let text = "{\"a\": \"日本語\"},{\"b\": \"🔑\"},{\"c\": 1}";
        let b = text.as_bytes();
        let second = text.find("{\"b\"").unwrap();
        let third = text.find("{\"c\"").unwrap();

        let mut first = Checked::unchecked(b);
        assert_eq!(first.known_rest(0), None);
        // The first entry as the reader would make it: known, up to its end.
        let entry = std::str::from_utf8(&b[..second - 1]).unwrap(); // boundary: bytes
        first.take(entry).unwrap();
        assert_eq!(first.to, second - 1);
        // Text that is not of these bytes teaches nothing.
        first.take("{\"b\": \"🔑\"}").unwrap();
        assert_eq!(first.to, second - 1);

        let mut other = first.starting_at(second);
        assert_eq!(other.to, second);
        assert_eq!(other.get(second, third), text.get(second..third));
        assert_eq!(other.get(0, 3), None, "before its start");
        assert_eq!(other.all(), None);
        first.take_over(&other).unwrap();
        assert_eq!(first.to, third);
        assert_eq!(first.all(), Some(text));
        assert_eq!(first.known_rest(second), text.get(second..));

        // A bad byte before the place taken over, or before text taken, is found there.
        let mut bad = b.to_vec();
        bad[8] = 0xFF;
        let mut first = Checked::unchecked(&bad);
        let mut other = first.starting_at(second);
        other.get(second, third).unwrap();
        assert_eq!(first.take_over(&other), None);
        let mut first = Checked::unchecked(&bad);
        let later = std::str::from_utf8(&bad[second..third]).unwrap();
        assert_eq!(first.take(later), None);

        // Known text is known from anywhere a character starts, and only there.
        let known = Checked::text(text);
        assert_eq!(known.starting_at(second).to, text.len());
        let inside = text.find('日').unwrap() + 1;
        assert_eq!(known.starting_at(inside).to, inside);
        assert_eq!(known.known_rest(inside), None);
    }
}
