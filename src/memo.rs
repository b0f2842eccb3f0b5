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

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static LONG: NameMemo = RefCell::default();
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
