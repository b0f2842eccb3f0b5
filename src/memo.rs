//! Answers about names, remembered per thread. A capture has millions of header
//! lines and JSON keys but only a few hundred distinct names, and the questions asked of
//! every one (is it kept, is it a credential's) each cost a lowercase copy and a dozen
//! substring searches.

use std::cell::RefCell;
use std::collections::HashMap;
use std::thread::LocalKey;

/// The answers one question has given, by name (foldhash: names are short, and FNV's byte
/// at a time was a quarter of the time spent asking about a header; seeded per memo, which
/// makes crafted collisions harder, and at most [`MAX_NAMES`] short names bound the cost of
/// any that happen).
pub(crate) type NameMemo<V = bool> = RefCell<HashMap<Box<str>, V, foldhash::fast::RandomState>>;

/// Names longer than this are answered but not remembered (a JSON key can be anything).
const MAX_NAME: usize = 64;

/// Answers beyond this many are forgotten (a body whose keys are ids has no end of names).
const MAX_NAMES: usize = 4096;

/// `decide(name)`, remembered in `memo`.
pub(crate) fn remembered<V: Copy>(
    memo: &'static LocalKey<NameMemo<V>>,
    name: &str,
    decide: impl FnOnce(&str) -> V,
) -> V {
    if name.len() > MAX_NAME {
        return decide(name);
    }
    if let Some(known) = memo.with(|m| m.borrow().get(name).copied()) {
        return known;
    }
    let answer = decide(name);
    memo.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MAX_NAMES {
            m.clear();
        }
        m.insert(name.into(), answer);
    });
    answer
}

/// A few values, the one used last first: what a thread worked out a moment before is asked
/// again (the same long header value, the same error body, the same finding's words), and is
/// found by comparing, not hashing. Past `N` values, the one used longest ago goes.
pub(crate) struct Recent<T, const N: usize>([Option<T>; N]);

impl<T, const N: usize> Recent<T, N> {
    /// None yet.
    pub(crate) const fn new() -> Self {
        Recent([const { None }; N])
    }

    /// The first value `is` picks, moved first.
    pub(crate) fn find(&mut self, is: impl Fn(&T) -> bool) -> Option<&T> {
        let at = self.0.iter().position(|v| v.as_ref().is_some_and(&is))?;
        self.0[..=at].rotate_right(1); // boundary: values
        self.0[0].as_ref()
    }

    /// Puts `value` first; the value used longest ago goes when there are `N`.
    pub(crate) fn put(&mut self, value: T) -> &T {
        self.0.rotate_right(1);
        self.0[0].insert(value)
    }

    /// [`Recent::find`], else `make`'s value put first.
    pub(crate) fn find_or_put(&mut self, is: impl Fn(&T) -> bool, make: impl FnOnce() -> T) -> &T {
        match self.0.iter().position(|v| v.as_ref().is_some_and(&is)) {
            Some(at) => self.0[..=at].rotate_right(1), // boundary: values
            None => {
                self.0.rotate_right(1);
                self.0[0] = None;
            }
        }
        self.0[0].get_or_insert_with(make)
    }

    /// How many values it holds.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.0.iter().flatten().count()
    }
}

/// Texts of this many bytes or more are worked on each time, never kept ([`kept`]): an error's
/// body or a header value is a few hundred bytes, and a long one is seldom the same twice.
pub(crate) const KEPT_BYTES: usize = 4096;

/// What `make` works out from a text of `len` bytes, shared with what it worked out a moment
/// before on this thread from the same text (`is`, in `recent`); `answer` reads it. A text of
/// [`KEPT_BYTES`] or more is worked on each time.
pub(crate) fn kept<T, R, const N: usize>(
    recent: &'static LocalKey<RefCell<Recent<T, N>>>,
    len: usize,
    is: impl Fn(&T) -> bool,
    make: impl FnOnce() -> T,
    answer: impl FnOnce(&T) -> R,
) -> R {
    if len >= KEPT_BYTES {
        return answer(&make());
    }
    recent.with_borrow_mut(|kept| answer(kept.find_or_put(is, make)))
}

impl<T, const N: usize> Default for Recent<T, N> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static LONG: NameMemo = RefCell::default();
    }

    /// A value found or put goes first; past `N`, the one used longest ago goes; a value is
    /// made only when none is found.
    #[test]
    fn recent_values_keep_the_last_used() {
        let mut r: Recent<u32, 3> = Recent::new();
        for v in [1, 2, 3] {
            r.put(v);
        }
        assert_eq!(r.find(|&v| v == 1), Some(&1), "1 used again");
        r.put(4);
        assert_eq!(r.find(|&v| v == 2), None, "2 was used longest ago");
        assert_eq!(r.len(), 3);
        let made = std::cell::Cell::new(0);
        let make = |v| {
            made.set(made.get() + 1);
            v
        };
        assert_eq!(*r.find_or_put(|&v| v == 3, || make(3)), 3);
        assert_eq!(made.get(), 0);
        assert_eq!(*r.find_or_put(|&v| v == 5, || make(5)), 5);
        assert_eq!(made.get(), 1);
        // 3 and 5 were used since 1 and 4; of those, 1 longest ago.
        assert_eq!(r.find(|&v| v == 1), None);
        for v in [3, 4, 5] {
            assert!(r.find(|&x| x == v).is_some(), "{v}");
        }
    }

    thread_local! {
        static KEPT: RefCell<Recent<(String, usize), 2>> = const { RefCell::new(Recent::new()) };
    }

    /// The same short text is worked on once; a text of `KEPT_BYTES` each time.
    #[test]
    fn texts_are_kept_below_the_bound() {
        let made = std::cell::Cell::new(0);
        let length = |text: &str| {
            kept(
                &KEPT,
                text.len(),
                |(t, _)| t == text,
                || {
                    made.set(made.get() + 1);
                    (text.to_owned(), text.len())
                },
                |(_, n)| *n,
            )
        };
        let short = "x".repeat(KEPT_BYTES - 1);
        let long = "x".repeat(KEPT_BYTES);
        assert_eq!(
            (length(&short), length(&short)),
            (KEPT_BYTES - 1, KEPT_BYTES - 1)
        );
        assert_eq!(made.get(), 1);
        assert_eq!((length(&long), length(&long)), (KEPT_BYTES, KEPT_BYTES));
        assert_eq!(made.get(), 3);
        assert_eq!(KEPT.with_borrow(Recent::len), 1);
    }

    #[test]
    fn answers_are_remembered_and_bounded() {
        let calls = std::cell::Cell::new(0);
        let decide = |n: &str| {
            calls.set(calls.get() + 1);
            n.len().is_multiple_of(2)
        };
        assert!(remembered(&LONG, "ab", decide));
        assert!(remembered(&LONG, "ab", decide));
        assert_eq!(calls.get(), 1, "the second answer is remembered");
        let long = "k".repeat(MAX_NAME + 1);
        remembered(&LONG, &long, decide);
        remembered(&LONG, &long, decide);
        assert_eq!(calls.get(), 3, "long names are not remembered");
        for i in 0..MAX_NAMES + 10 {
            remembered(&LONG, &format!("n{i}"), decide);
        }
        assert!(LONG.with(|m| m.borrow().len()) <= MAX_NAMES);
    }
}
