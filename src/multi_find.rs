//! Finding many fixed strings in a text at once: the capture's credentials in what a server
//! wrote ([`crate::redact::KnownSecrets`]).
//!
//! An Aho-Corasick automaton did this before. It scanned fast, but building it for the 11,000
//! credentials of a 100 MB capture took longer than all the scrubbing it then did (35 ms of a
//! 500 ms analysis, on one core, before any rule ran). This index builds in time linear in
//! the needles when they come longest first, as [`crate::redact::KnownSecrets`] gives them
//! (in another order, a needle longer than the last of its chain walks the chain to its
//! place), and answers the same question, leftmost then longest, at the cost of a table
//! lookup per byte: a bit per hash of four bytes says whether any needle starts there, and only
//! then are the needles that start with those bytes compared.
//!
//! Many needles can share their first eight bytes: every JWT of one issuer starts
//! `eyJhbGci`, every Stripe key `sk_live_`. Past [`CROWDED`] of them, a group is a [`Crowd`]:
//! its needles are looked up by a hash of the text's prefix of each length the group holds, so
//! a place in the text costs the length of its longest needle, not a comparison with each.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Needles of this many bytes or more are found by their first [`LONG`] bytes, after the filter.
const FILTERED: usize = 4;
/// Needles of this many bytes or more are found by their first eight bytes.
const LONG: usize = 8;
/// Bits of the filter: 32 KiB, so that it stays in cache; with 11,000 needles about one
/// position in twenty passes it.
const FILTER_BITS: u32 = 18;
/// Needles sharing their first eight bytes, past which they are a [`Crowd`].
const CROWDED: usize = 8;
/// Marks a [`MultiFind::long`] value as the index of a [`Crowd`], not of a needle.
const CROWD: u32 = 1 << 31;

/// Many needles, searched together.
#[derive(Debug, Clone, Default)]
pub struct MultiFind {
    /// Needle lengths in bytes, by needle index.
    lens: Vec<u32>,
    /// One bit per hash of the first four bytes of each needle of four bytes or more.
    filter: Vec<u64>,
    /// The first eight bytes of the needles of eight bytes or more: the longest such needle,
    /// or ([`CROWD`] set) the [`Crowd`] of them.
    long: HashMap<u64, u32, BuildHasherDefault<WordHasher>>,
    /// The next longest needle with the same first eight bytes, by needle index; in a crowd,
    /// the next needle of the same length and hash.
    next: Vec<u32>,
    /// Groups of more than [`CROWDED`] needles with the same first eight bytes.
    crowds: Vec<Crowd>,
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
        let needles: Vec<&[u8]> = needles.into_iter().map(str::as_bytes).collect();
        // The last needle of each chain and the chain's length: needles come longest first
        // (`KnownSecrets` sorts them), so each joins the end of its chain, and finding the end
        // by a walk made a thousand keys of one prefix quadratic to index.
        let mut ends: HashMap<u64, (u32, usize), BuildHasherDefault<WordHasher>> =
            HashMap::default();
        for (i, &n) in needles.iter().enumerate() {
            let i = u32::try_from(i)
                .ok()
                .filter(|&i| i < CROWD)
                .expect("fewer than 2 billion needles");
            m.lens.push(n.len() as u32);
            m.next.push(NONE);
            if n.len() >= FILTERED {
                let bit = filter_bit(n);
                m.filter[bit / 64] |= 1 << (bit % 64);
            }
            if n.len() >= LONG {
                let len = n.len() as u32;
                let (end, count) = ends.entry(word(n)).or_insert((NONE, 0));
                *count += 1;
                let first = m.long.entry(word(n)).or_insert(i);
                if *end == NONE {
                    *end = i;
                    continue;
                }
                // Keep the chain longest first; equal lengths keep their order.
                if m.lens[*end as usize] >= len {
                    m.next[*end as usize] = i;
                    *end = i;
                } else if m.lens[*first as usize] < len {
                    m.next[i as usize] = *first;
                    *first = i;
                } else {
                    let mut at = *first;
                    while m.next[at as usize] != NONE && m.lens[m.next[at as usize] as usize] >= len
                    {
                        at = m.next[at as usize];
                    }
                    m.next[i as usize] = m.next[at as usize];
                    m.next[at as usize] = i;
                }
            } else if !n.is_empty() {
                m.short.entry(short_key(n)).or_insert(i);
                m.short_lens |= 1 << n.len();
            }
        }
        for (w, (_, count)) in ends {
            if count > CROWDED {
                let first = m.long[&w];
                let crowd = Crowd::of(first, &mut m.next, &needles);
                m.long.insert(w, CROWD | m.crowds.len() as u32);
                m.crowds.push(crowd);
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
                        if at != NONE && at & CROWD != 0 {
                            let crowd = &self.crowds[(at & !CROWD) as usize];
                            if let Some(i) = crowd.longest(rest, &self.next, &needle) {
                                return Some((p, i));
                            }
                            at = NONE;
                        }
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

/// Needles that share their first eight bytes, by length and a hash of their bytes.
#[derive(Debug, Clone, Default)]
struct Crowd {
    /// The lengths of its needles, each once, shortest first.
    lens: Vec<u32>,
    /// [`PrefixHash`] of a needle → the first needle with that hash (the longest first,
    /// then the first given); [`MultiFind::next`] goes on to the others.
    by_hash: HashMap<u64, u32, BuildHasherDefault<WordHasher>>,
}

impl Crowd {
    /// The crowd of the chain that starts at `first`; `next` is relinked within it.
    fn of(first: u32, next: &mut [u32], needles: &[&[u8]]) -> Crowd {
        let mut chain = Vec::new();
        let mut at = first;
        while at != NONE {
            chain.push(at);
            at = next[at as usize];
        }
        let mut crowd = Crowd::default();
        // Walked from the end so that each needle is put in front of the ones after it.
        for &i in chain.iter().rev() {
            let n = needles[i as usize];
            let head = crowd
                .by_hash
                .entry(PrefixHash::new(n).of(n.len()))
                .or_insert(NONE);
            next[i as usize] = *head;
            *head = i;
            crowd.lens.push(n.len() as u32);
        }
        crowd.lens.sort_unstable();
        crowd.lens.dedup();
        crowd
    }

    /// The longest of its needles that `rest` starts with.
    fn longest<'a>(
        &self,
        rest: &[u8],
        next: &[u32],
        needle: impl Fn(u32) -> &'a [u8],
    ) -> Option<u32> {
        let mut hash = PrefixHash::new(rest);
        let mut found = None;
        for &len in self.lens.iter().take_while(|&&l| l as usize <= rest.len()) {
            let mut at = self
                .by_hash
                .get(&hash.of(len as usize))
                .copied()
                .unwrap_or(NONE);
            while at != NONE {
                // A needle of another length whose hash collides is no match here: it would
                // stand in for a longer one found at an earlier length.
                let n = needle(at);
                if n.len() == len as usize && rest.starts_with(n) {
                    found = Some(at);
                    break;
                }
                at = next[at as usize];
            }
        }
        found
    }
}

/// Hashes of the prefixes of a text, longer and longer: each byte is read once however many
/// lengths are asked for (in increasing order).
struct PrefixHash<'t> {
    text: &'t [u8],
    /// The hash of the first `words` eight-byte words.
    state: u64,
    words: usize,
}

impl<'t> PrefixHash<'t> {
    fn new(text: &'t [u8]) -> PrefixHash<'t> {
        PrefixHash {
            text,
            state: 0,
            words: 0,
        }
    }

    /// The hash of the first `len` bytes (at least as many as the last time asked).
    fn of(&mut self, len: usize) -> u64 {
        while (self.words + 1) * 8 <= len {
            self.state = mix(self.state ^ word(&self.text[self.words * 8..]));
            self.words += 1;
        }
        let tail = &self.text[self.words * 8..len];
        let mut last = [0u8; 8];
        last[..tail.len()].copy_from_slice(tail);
        mix(mix(self.state ^ u64::from_le_bytes(last)) ^ len as u64)
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

    /// A small deterministic generator (xorshift): `next(n)` is below `n`.
    fn generator(mut seed: u64) -> impl FnMut(u64) -> u64 {
        move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        }
    }

    /// The index finds in `text` what brute force finds, from every place.
    fn agrees_everywhere(needles: &[&str], text: &str) {
        for from in (0..text.len()).filter(|&p| text.is_char_boundary(p)) {
            assert_eq!(
                find(needles, text, from),
                naive(needles, text, from, true),
                "{needles:?} in {text:?} from {from}"
            );
        }
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
        let mut next = generator(0x2545_F491_4F6C_DD1D);
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
            agrees_everywhere(&refs, &text);
        }
    }

    /// Needles that share their first eight bytes, more than [`CROWDED`] of them (every JWT of
    /// one issuer), of many lengths and some equal: found as a chain of them finds them.
    #[test]
    fn a_crowd_agrees_with_brute_force() {
        let mut next = generator(0x9E37_79B9_7F4A_7C15);
        let alphabet = ['x', 'y', 'é'];
        for round in 0..60 {
            let word = |next: &mut dyn FnMut(u64) -> u64, len: u64| -> String {
                (0..len)
                    .map(|_| alphabet[next(alphabet.len() as u64) as usize])
                    .collect()
            };
            let mut needles: Vec<String> = (0..40)
                .map(|i| format!("eyJhbGci{}", word(&mut next, i % 13)))
                .collect();
            // Equal needles: the first given is the one found.
            needles.push(needles[3].clone());
            // Given shortest first on some rounds: the index must not rely on the order.
            if round % 2 == 1 {
                needles.sort_by_key(String::len);
            }
            let mut text = String::new();
            for _ in 0..6 {
                text.push_str(&word(&mut next, 5));
                text.push_str(&needles[next(needles.len() as u64) as usize]);
                text.push_str(&word(&mut next, 3));
            }
            let refs: Vec<&str> = needles.iter().map(String::as_str).collect();
            let m = MultiFind::new(refs.iter().copied());
            assert_eq!(m.crowds.len(), 1, "one crowd");
            agrees_everywhere(&refs, &text);
        }
    }

    /// Each place where a key of a crowd is found compares a needle or two, not every needle
    /// of the crowd (a chain of 2,000 keys compared about 1,000 at each).
    #[test]
    fn a_crowd_compares_few_needles_per_place() {
        let keys: Vec<String> = (0..2000).map(|i| format!("sk_live_{i:024}")).collect();
        let text = keys.join(" ");
        let m = MultiFind::new(keys.iter().map(String::as_str));
        let compared = std::cell::Cell::new(0usize);
        let needle = |i: u32| {
            compared.set(compared.get() + 1);
            keys[i as usize].as_bytes()
        };
        let (mut pos, mut found) = (0, 0);
        while let Some((start, i)) = m.find(text.as_bytes(), pos, needle, |_| true) {
            assert_eq!(
                &text[start..start + keys[i as usize].len()],
                keys[i as usize]
            );
            found += 1;
            pos = start + keys[i as usize].len();
        }
        assert_eq!(found, keys.len());
        assert!(
            compared.get() <= 2 * keys.len(),
            "{} needles compared for {} places",
            compared.get(),
            keys.len()
        );
    }

    /// A hash that collides, at a length past the needle found, with a shorter needle's hash
    /// does not make the shorter one the match (a credential would be scrubbed only in part).
    #[test]
    fn a_colliding_hash_never_shortens_the_match() {
        let needles: [&[u8]; 2] = [b"eyJhbGci0123456789ab", b"eyJhbGci01"];
        let mut next = vec![1, NONE];
        let mut crowd = Crowd::of(0, &mut next, &needles);
        let text = b"eyJhbGci0123456789abcdefghij-and-more";
        // As if the text's first 30 bytes hashed as the 10-byte needle does.
        crowd.lens.push(30);
        crowd.by_hash.insert(PrefixHash::new(text).of(30), 1);
        assert_eq!(crowd.longest(text, &next, |i| needles[i as usize]), Some(0));
    }
}
