//! Work split across the machine's cores where it pays, results kept in order.
//!
//! Entries are independent until the rules that relate them, so reading them and
//! collecting their credentials can run on every core. Small inputs are not worth a thread,
//! and run on the calling thread. So does WebAssembly without threads (the panel's module, and
//! the page's where it is not cross-origin isolated); with threads, the page starts workers
//! that run the parts ([`pool`]).

use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

pub mod pool;

/// Scoped threads: the system's, or in WebAssembly the workers of [`pool`].
#[cfg(not(all(target_arch = "wasm32", target_feature = "atomics")))]
use std::thread::scope;

#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
use pool::scope;

/// How many threads can run at once.
fn cores() -> usize {
    if cfg!(all(target_arch = "wasm32", target_feature = "atomics")) {
        pool::threads()
    } else if cfg!(target_arch = "wasm32") {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    }
}

/// At most this many threads (0: as many as the machine has cores).
static MAX_THREADS: AtomicUsize = AtomicUsize::new(0);

/// Caps the threads of every later analysis in this process (`--threads`; 0 lifts the cap).
pub fn set_max_threads(n: usize) {
    MAX_THREADS.store(n, Relaxed);
}

/// How many threads `items` units of work deserve, when each thread should get at least
/// `min_per_thread` of them.
pub fn threads_for(items: usize, min_per_thread: usize) -> usize {
    // Too little work for two threads needs no count of the cores (reading it is a system call).
    if items / min_per_thread.max(1) < 2 {
        return 1;
    }
    let cores = cores();
    let cap = match MAX_THREADS.load(Relaxed) {
        0 => cores,
        n => n.min(cores),
    };
    cap.min(items / min_per_thread.max(1)).max(1)
}

/// The size of chunk that shares `items` units of work out among
/// [`threads_for`]`(items, min_per_thread)` threads (for [`map_chunks`] and its kin).
pub fn chunk_for(items: usize, min_per_thread: usize) -> usize {
    items.div_ceil(threads_for(items, min_per_thread))
}

/// `f` over consecutive chunks of `items` (`f` gets the chunk's number and the chunk), one
/// thread per chunk, the first on the calling thread; results in chunk order. A panic in a
/// chunk is raised again on the calling thread, with the chunk's [`crate::guard`] mark, so
/// the shell leaves out the entry that failed as it would on one thread.
pub fn map_chunks<T: Sync, R: Send>(
    items: &[T],
    chunk: usize,
    f: impl Fn(usize, &[T]) -> R + Sync,
) -> Vec<R> {
    map_parts(split(items, items.len(), chunk, |i, at| i.split_at(at)), f)
}

/// [`map_chunks`] over items each chunk may change.
pub fn map_chunks_mut<T: Send, R: Send>(
    items: &mut [T],
    chunk: usize,
    f: impl Fn(usize, &mut [T]) -> R + Sync,
) -> Vec<R> {
    let len = items.len();
    map_parts(split(items, len, chunk, |i, at| i.split_at_mut(at)), f)
}

/// [`map_chunks`] over owned items: each chunk is handed over, not lent.
pub fn map_owned_chunks<T: Send, R: Send>(
    items: Vec<T>,
    chunk: usize,
    f: impl Fn(usize, Vec<T>) -> R + Sync,
) -> Vec<R> {
    let len = items.len();
    let cut = |mut head: Vec<T>, at| {
        let tail = head.split_off(at);
        (head, tail)
    };
    map_parts(split(items, len, chunk, cut), f)
}

/// The parts' items in order, in one vector: the only part itself (nothing moves), or one
/// allocation of the total size (not a vector doubling beside the parts: where every request
/// failed, the findings are a large share of a run's memory).
pub fn concat<T>(parts: Vec<Vec<T>>) -> Vec<T> {
    if parts.len() == 1 {
        return parts.into_iter().next().unwrap_or_default();
    }
    let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        all.extend(part);
    }
    all
}

/// What [`map_chunks`] and its kin have in common: `items` (`len` of them) cut into chunks of
/// `chunk`, the last maybe shorter (no items make one empty chunk). Cut from the end, so that
/// owned items are moved once each.
fn split<I>(items: I, len: usize, chunk: usize, cut: impl Fn(I, usize) -> (I, I)) -> Vec<I> {
    let chunk = chunk.max(1);
    let mut parts = Vec::with_capacity(len.div_ceil(chunk).max(1));
    let (mut rest, mut rest_len) = (items, len);
    while rest_len > chunk {
        let at = (rest_len - 1) / chunk * chunk;
        let (head, tail) = cut(rest, at);
        parts.push(tail);
        (rest, rest_len) = (head, at);
    }
    parts.push(rest);
    parts.reverse();
    parts
}

/// `f` over each part, the first on the calling thread and each other on a thread of its
/// own; results in part order (see [`map_chunks`] for panics). One part starts no thread at
/// all (WebAssembly in a page cannot start one).
fn map_parts<P: Send, R: Send>(parts: Vec<P>, f: impl Fn(usize, P) -> R + Sync) -> Vec<R> {
    let mut parts = parts.into_iter();
    let Some(first) = parts.next() else {
        return Vec::new();
    };
    if parts.len() == 0 {
        return vec![f(0, first)];
    }
    scope(|s| {
        let f = &f;
        let rest: Vec<_> = parts
            .enumerate()
            .map(|(n, part)| {
                s.spawn(move || {
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(n + 1, part)))
                        .map_err(|payload| (payload, crate::guard::current()))
                })
            })
            .collect();
        let mut out = Vec::with_capacity(rest.len() + 1);
        out.push(f(0, first));
        for handle in rest {
            match handle.join() {
                Ok(Ok(r)) => out.push(r),
                Ok(Err((payload, (entry, rule)))) => {
                    crate::guard::at(entry, rule);
                    std::panic::resume_unwind(payload)
                }
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
        out
    })
}

/// Sends `value` to a part that waits for it on another thread ([`receive`]); false when
/// nobody receives any more.
pub fn send<T>(sender: &std::sync::mpsc::Sender<T>, value: T) -> bool {
    let sent = sender.send(value).is_ok();
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    pool::wake();
    sent
}

/// What [`receive`] watches while it waits: taken before the parts that send are started.
pub struct Watch(#[allow(dead_code)] usize);

/// See [`Watch`].
pub fn watch() -> Watch {
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    return Watch(pool::failures());
    #[cfg(not(all(target_arch = "wasm32", target_feature = "atomics")))]
    Watch(0)
}

/// The next value a part on another thread sends ([`send`]); `None` once its senders are gone.
/// A worker of the [`pool`] that aborts drops nothing: a part that failed since `watch` was
/// taken ends the wait too, and its failure reaches the waiter when it joins the part.
pub fn receive<T>(receiver: &std::sync::mpsc::Receiver<T>, watch: &Watch) -> Option<T> {
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    {
        use std::sync::mpsc::TryRecvError;
        pool::wait_for(watch.0, || match receiver.try_recv() {
            Ok(v) => Some(Some(v)),
            Err(TryRecvError::Disconnected) => Some(None),
            Err(TryRecvError::Empty) => None,
        })
        .flatten()
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "atomics")))]
    {
        let _ = watch;
        receiver.recv().ok()
    }
}

/// `a` on another thread while `b` runs on this one, when `beside`; one after the other
/// otherwise. A panic in `a` is raised again here with its [`crate::guard`] mark, as in
/// [`map_chunks`].
pub fn join<A: Send, B>(
    beside: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B,
) -> (A, B) {
    if !beside {
        return (a(), b());
    }
    scope(|s| {
        let handle = s.spawn(|| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(a))
                .map_err(|payload| (payload, crate::guard::current()))
        });
        let b = b();
        match handle.join() {
            Ok(Ok(a)) => (a, b),
            Ok(Err((payload, (entry, rule)))) => {
                crate::guard::at(entry, rule);
                std::panic::resume_unwind(payload)
            }
            Err(payload) => std::panic::resume_unwind(payload),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_come_back_in_order_and_cover_every_item() {
        let items: Vec<usize> = (0..1001).collect();
        let sums = map_chunks(&items, 100, |n, part| {
            (n, part.iter().sum::<usize>(), part.len())
        });
        assert_eq!(sums.len(), 11);
        assert!(sums.iter().enumerate().all(|(i, s)| s.0 == i));
        assert_eq!(
            sums.iter().map(|s| s.1).sum::<usize>(),
            (0..1001).sum::<usize>()
        );
        assert_eq!(sums.iter().map(|s| s.2).sum::<usize>(), 1001);
        assert_eq!(map_chunks::<usize, usize>(&[], 10, |_, p| p.len()), vec![0]);
    }

    #[test]
    fn owned_chunks_come_back_in_order_and_cover_every_item() {
        let items: Vec<String> = (0..1001).map(|i| i.to_string()).collect();
        let parts = map_owned_chunks(items, 100, |n, part| (n, part));
        assert_eq!(parts.len(), 11);
        assert!(parts.iter().enumerate().all(|(i, p)| p.0 == i));
        assert!(parts.iter().take(10).all(|p| p.1.len() == 100));
        let back: Vec<String> = parts.into_iter().flat_map(|p| p.1).collect();
        assert_eq!(back, (0..1001).map(|i| i.to_string()).collect::<Vec<_>>());
        assert_eq!(
            map_owned_chunks(Vec::<u8>::new(), 10, |_, p| p.len()),
            vec![0]
        );
        assert_eq!(
            map_owned_chunks(vec![1u8; 20], 10, |_, p| p.len()),
            vec![10, 10]
        );
    }

    #[test]
    fn mutable_chunks_change_their_own_items() {
        let mut items: Vec<usize> = (0..1001).collect();
        let firsts = map_chunks_mut(&mut items, 100, |n, part| {
            part.iter_mut().for_each(|x| *x += n * 10_000);
            part[0]
        });
        assert_eq!(firsts.len(), 11);
        assert_eq!(firsts[3], 300 + 30_000);
        assert_eq!(items[1000], 1000 + 100_000);
        assert_eq!(items[99], 99);
    }

    #[test]
    fn a_panic_in_another_thread_keeps_its_mark() {
        let items: Vec<usize> = (0..10).collect();
        crate::guard::clear();
        let caught = std::panic::catch_unwind(|| {
            map_chunks(&items, 5, |n, part| {
                if n == 1 {
                    crate::guard::at(Some(part[2]), Some("some-rule"));
                    panic!("failed on an entry");
                }
                part.len()
            })
        });
        assert!(caught.is_err());
        assert_eq!(crate::guard::current(), (Some(7), Some("some-rule")));
        crate::guard::clear();
    }

    #[test]
    fn join_runs_both_and_carries_a_panic_mark_back() {
        for beside in [false, true] {
            let (a, b) = join(beside, || 2 + 2, || "b");
            assert_eq!((a, b), (4, "b"));
        }
        crate::guard::clear();
        let caught = std::panic::catch_unwind(|| {
            join(
                true,
                || {
                    crate::guard::at(Some(3), Some("beside"));
                    panic!("failed beside")
                },
                || 1,
            )
        });
        assert!(caught.is_err());
        assert_eq!(crate::guard::current(), (Some(3), Some("beside")));
        crate::guard::clear();
    }

    #[test]
    fn concat_keeps_order_takes_a_single_part_as_it_is_and_allocates_once() {
        let one = vec![vec![1, 2, 3]];
        let at = one[0].as_ptr();
        let joined = concat(one);
        assert_eq!(joined, [1, 2, 3]);
        assert_eq!(joined.as_ptr(), at, "the only part is the result");
        let joined = concat(vec![vec![1], vec![], vec![2, 3], vec![4]]);
        assert_eq!(joined, [1, 2, 3, 4]);
        assert_eq!(joined.capacity(), 4);
        assert!(concat::<u8>(Vec::new()).is_empty());
    }

    #[test]
    fn small_inputs_stay_on_one_thread() {
        assert_eq!(threads_for(10, 2_000), 1);
        assert!(threads_for(1_000_000, 2_000) >= 1);
    }
}
