//! Finding many fixed strings in a text at once: the capture's credentials in what a server
//! wrote ([`crate::redact::KnownSecrets`]).
//!
//! An Aho-Corasick automaton did this before. It scanned fast, but building it for the 11,000
//! credentials of a 100 MB capture took longer than all the scrubbing it then did (35 ms of a
//! 500 ms analysis, on one core, before any rule ran). This index builds in time linear in
//! the needles and answers the same question, leftmost then longest, at the cost of a table
//! lookup per byte: a bit per hash of four bytes says whether any needle starts there, and only
//! then are the needles that start with those bytes compared.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Needles of this many bytes or more are found by their first [`LONG`] bytes, after the filter.
const FILTERED: usize = 4;
/// Needles of this many bytes or more are found by their first eight bytes.
const LONG: usize = 8;
/// Bits of the filter: 32 KiB, so that it stays in cache; with 11,000 needles about one
/// position in twenty passes it.
const FILTER_BITS: u32 = 18;

/// Many needles, searched together.
#[derive(Debug, Clone, Default)]
pub struct MultiFind {
    /// Needle lengths in bytes, by needle index.
    lens: Vec<u32>,
    /// One bit per hash of the first four bytes of each needle of four bytes or more.
    filter: Vec<u64>,
    /// The first eight bytes of the needles of eight bytes or more: the longest such needle.
    long: HashMap<u64, u32, BuildHasherDefault<WordHasher>>,
    /// The next longest needle with the same first eight bytes, by needle index.
    next: Vec<u32>,
    /// Needles of fewer than eight bytes, by their bytes and length ([`short_key`]).
    short: HashMap<u64, u32, BuildHasherDefault<WordHasher>>,
    /// Bit `n` is set when there is a needle of `n` bytes (`n` < 8).
    short_lens: u8,
}

const NONE: u32 = u32::MAX;

impl MultiFind {
    /// The index of `needles`. Where two needles are equal, the first is found.
    pub fn new<'n>(needles: impl IntoIterator<Item = &'n str>) -> MultiFind {
        let mut m = MultiFind {
            filter: vec![0; 1 << (FILTER_BITS - 6)],
            ..MultiFind::default()
        };
        for (i, n) in needles.into_iter().enumerate() {
            let n = n.as_bytes();
            let i = u32::try_from(i).expect("fewer than 4 billion needles");
            m.lens.push(n.len() as u32);
            m.next.push(NONE);
            if n.len() >= FILTERED {
                let bit = filter_bit(n);
                m.filter[bit / 64] |= 1 << (bit % 64);
            }
            if n.len() >= LONG {
                m.long
                    .entry(word(n))
                    .and_modify(|first| {
                        // Keep the chain longest first; equal lengths keep their order.
                        let mut at = *first;
                        if m.lens[at as usize] < n.len() as u32 {
                            m.next[i as usize] = at;
                            *first = i;
                            return;
                        }
                        while m.next[at as usize] != NONE
                            && m.lens[m.next[at as usize] as usize] >= n.len() as u32
                        {
                            at = m.next[at as usize];
                        }
                        m.next[i as usize] = m.next[at as usize];
                        m.next[at as usize] = i;
                    })
                    .or_insert(i);
            } else if !n.is_empty() {
                m.short.entry(short_key(n)).or_insert(i);
                m.short_lens |= 1 << n.len();
            }
        }
        m
    }

    /// The leftmost needle in `text` at or after `from`, the longest of those that start
    /// there: its index and where it starts. `needle` gives a needle's bytes back (the index
    /// keeps only their lengths and first bytes). Needles of fewer than [`FILTERED`] bytes
    /// are looked for only where `starts_word` says a word may start.
    pub fn find<'a>(
        &self,
        text: &[u8],
        from: usize,
        needle: impl Fn(u32) -> &'a [u8],
        starts_word: impl Fn(usize) -> bool,
    ) -> Option<(usize, u32)> {
        let tiny = self.short_lens & 0b1110 != 0;
        (from..text.len()).find_map(|p| {
            let rest = &text[p..];
            if rest.len() >= FILTERED {
                let bit = filter_bit(rest);
                if self.filter[bit / 64] & (1 << (bit % 64)) != 0 {
                    if rest.len() >= LONG {
                        let mut at = self.long.get(&word(rest)).copied().unwrap_or(NONE);
                        while at != NONE {
                            if rest.starts_with(needle(at)) {
                                return Some((p, at));
                            }
                            at = self.next[at as usize];
                        }
                    }
                    if let Some(i) = self.short_at(rest, FILTERED..LONG) {
                        return Some((p, i));
                    }
                }
            }
            if tiny && starts_word(p) {
                return self.short_at(rest, 1..FILTERED).map(|i| (p, i));
            }
            None
        })
    }

    /// The longest needle of a length in `lens` that `rest` starts with.
    fn short_at(&self, rest: &[u8], lens: std::ops::Range<usize>) -> Option<u32> {
        lens.rev()
            .filter(|&n| self.short_lens & (1 << n) != 0 && rest.len() >= n)
            .find_map(|n| self.short.get(&short_key(&rest[..n])).copied())
    }
}

/// The first eight bytes (the caller checked there are eight).
fn word(b: &[u8]) -> u64 {
    u64::from_le_bytes(b[..8].try_into().expect("eight bytes")) // boundary: bytes, not text
}

/// Fewer than eight bytes and their number, as one key.
fn short_key(b: &[u8]) -> u64 {
    let mut k = [0u8; 8];
    k[..b.len()].copy_from_slice(b);
    k[7] = b.len() as u8;
    u64::from_le_bytes(k)
}

/// The filter's bit for the first four bytes.
fn filter_bit(b: &[u8]) -> usize {
    let four = u32::from_le_bytes(b[..4].try_into().expect("four bytes")); // boundary: bytes
    (mix(u64::from(four)) >> (64 - FILTER_BITS)) as usize
}

/// A multiply that spreads every input bit over the high bits (keys are bytes of text, so
/// their low bits alone would collide).
fn mix(x: u64) -> u64 {
    let m = u128::from(x) * 0x9E37_79B9_7F4A_7C15;
    (m as u64) ^ ((m >> 64) as u64)
}

/// A hasher for keys that are already one machine word: SipHash would cost more than the
/// lookups it guards.
#[derive(Default)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = mix(self.0 ^ u64::from(*b));
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = mix(self.0 ^ x);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the index must answer, by brute force: the leftmost start, the longest there.
    fn naive(needles: &[&str], text: &str, from: usize, words: bool) -> Option<(usize, u32)> {
        (from..text.len()).find_map(|p| {
            needles
                .iter()
                .enumerate()
                .filter(|(_, n)| !n.is_empty() && text.as_bytes()[p..].starts_with(n.as_bytes()))
                .filter(|(_, n)| n.len() >= FILTERED || words)
                .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(&a.0)))
                .map(|(i, _)| (p, i as u32))
        })
    }

    fn find(needles: &[&str], text: &str, from: usize) -> Option<(usize, u32)> {
        let m = MultiFind::new(needles.iter().copied());
        m.find(
            text.as_bytes(),
            from,
            |i| needles[i as usize].as_bytes(),
            |_| true,
        )
    }

    #[test]
    fn leftmost_then_longest() {
        let needles = ["abcdefgh", "abcdefghij", "cdefghijkl", "fgh", "xyzw", "ab"];
        assert_eq!(find(&needles, "--abcdefghijkl", 0), Some((2, 1)));
        assert_eq!(find(&needles, "--abcdefghijkl", 3), Some((4, 2)));
        assert_eq!(find(&needles, "--abcdefgh", 0), Some((2, 0)));
        assert_eq!(find(&needles, "--abcdefg", 0), Some((2, 5)));
        assert_eq!(find(&needles, "zz xyzw", 0), Some((3, 4)));
        assert_eq!(find(&needles, "zz fgh", 0), Some((3, 3)));
        assert_eq!(find(&needles, "nothing here", 0), None);
        assert_eq!(find(&[], "anything", 0), None);
    }

    #[test]
    fn equal_needles_and_shared_prefixes_keep_the_longest_first() {
        // Inserted shortest first: the chain must still be tried longest first.
        let needles = ["prefix01", "prefix0123", "prefix012345", "prefix0123"];
        assert_eq!(find(&needles, "a prefix0123456", 0), Some((2, 2)));
        assert_eq!(find(&needles, "a prefix01234", 0), Some((2, 1)));
        assert_eq!(find(&needles, "a prefix019", 0), Some((2, 0)));
    }

    #[test]
    fn short_needles_only_where_a_word_may_start() {
        let needles = ["te", "abc"];
        let m = MultiFind::new(needles);
        let at_space =
            |text: &'static str| move |p: usize| p == 0 || text.as_bytes()[p - 1] == b' ';
        let text = "xte te";
        let got = m.find(
            text.as_bytes(),
            0,
            |i| needles[i as usize].as_bytes(),
            at_space(text),
        );
        assert_eq!(got, Some((4, 0)));
    }

    #[test]
    fn agrees_with_brute_force_on_generated_texts() {
        // A small deterministic generator over a narrow alphabet, so needles overlap often.
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let alphabet = ['a', 'b', 'c', 'é', ' '];
        for _ in 0..300 {
            let mut word = |len: u64| -> String {
                (0..len)
                    .map(|_| alphabet[next(alphabet.len() as u64) as usize])
                    .collect()
            };
            let needles: Vec<String> = (0..8).map(|i| word(1 + (i * 3 + 1) % 11)).collect();
            let text = word(60);
            let refs: Vec<&str> = needles.iter().map(String::as_str).collect();
            for from in (0..text.len()).filter(|&p| text.is_char_boundary(p)) {
                assert_eq!(
                    find(&refs, &text, from),
                    naive(&refs, &text, from, true),
                    "{refs:?} in {text:?} from {from}"
                );
            }
        }
    }
}
