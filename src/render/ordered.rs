//! Pieces of a report's text made on every core and written out in order, as they are made:
//! the CLI writes its JSON, its text and its Markdown this way, never holding the whole.

use std::io;

/// Pieces each thread may make ahead of the one being written out ([`in_order`]).
const AHEAD: usize = 2;

/// What a thread made of a job: its text, or the panic that stopped it.
type Made = Result<io::Result<Vec<u8>>, Panic>;

/// A job's panic, and the [`crate::guard`] mark its thread had then: raised again on the
/// calling thread with that mark, so that whoever catches it reads where it happened, as with
/// [`crate::parallel::map_chunks`] (the CLI's writers catch it without a retry: the report is
/// partly written by then).
type Panic = (Box<dyn std::any::Any + Send>, Mark);
type Mark = (Option<usize>, Option<&'static str>);

/// What the threads of [`in_order`] share.
struct Shared {
    /// The first job no thread has taken.
    next: usize,
    /// How many jobs are written out.
    written: usize,
    /// What was made of each job taken and not yet written out.
    made: Vec<Option<Made>>,
    /// The writer is done (it wrote everything, or stopped): the others stop too.
    stop: bool,
}

/// Makes the text of each of `jobs` on `threads` threads, the calling thread among them, and
/// gives the texts to `write` on the calling thread, in order. A job goes to whichever thread
/// is free, and the threads work at most [`AHEAD`] jobs a thread ahead of the one being written.
/// (Taken in turn, one job in two each, the calling thread had the more to do, as it also wrote
/// the report's failures alone: where every request of the bench's capture failed, the other
/// thread was busy 17 to 19 ms of the 21 to 35 ms the writing took, in five runs.)
///
/// A panic in a job, on any thread, is raised again on the calling thread when the job's turn
/// comes, with the [`crate::guard`] mark its thread had. When `write` fails, or a job panics,
/// the others stop after the job they are making.
///
/// Each thread has a state of its own, which `make` is given with each job the thread makes
/// (what the drafts before said: [`crate::analysis::Wording`]).
pub(super) fn in_order<J: Sync, S: Default>(
    jobs: &[J],
    threads: usize,
    make: impl Fn(&J, &mut S) -> io::Result<Vec<u8>> + Sync,
    mut write: impl FnMut(usize, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let count = jobs.len();
    let window = AHEAD * threads.max(1);
    let shared = std::sync::Mutex::new(Shared {
        next: 0,
        written: 0,
        made: std::iter::repeat_with(|| None).take(count).collect(),
        stop: false,
    });
    let turn = std::sync::Condvar::new();
    // The next job, when the window has room for it.
    let take = |s: &mut Shared| {
        let k = s.next;
        (k < count && k < s.written + window).then(|| {
            s.next += 1;
            k
        })
    };
    let (take, shared, turn) = (&take, &shared, &turn);
    // Makes job `j` without the lock, keeps what it made (or its panic) for its turn, wakes
    // the threads that wait, and takes the lock again.
    let make_job = |s: std::sync::MutexGuard<'_, Shared>, j: usize, state: &mut S| {
        drop(s);
        let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| make(&jobs[j], state)))
            .map_err(|panic| (panic, crate::guard::current()));
        let mut s = lock(shared);
        s.made[j] = Some(made);
        turn.notify_all();
        s
    };
    let wait = |s| {
        turn.wait(s)
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    let (make_job, wait) = (&make_job, &wait);
    std::thread::scope(|scope| {
        // However the writing ends (a thread that could not be started included), the others
        // stop waiting for room.
        let _stop = Stop(shared, turn);
        for _ in 1..threads.min(count) {
            scope.spawn(move || {
                let mut state = S::default();
                let mut s = lock(shared);
                while !s.stop && s.next < count {
                    s = match take(&mut s) {
                        Some(k) => make_job(s, k, &mut state),
                        None => wait(s),
                    };
                }
            });
        }
        let mut state = S::default();
        for k in 0..count {
            let mut s = lock(shared);
            let made = loop {
                if let Some(made) = s.made[k].take() {
                    break made;
                }
                // Rather than wait, the writer makes a job itself: this one if nobody has
                // taken it, or one further on.
                s = match take(&mut s) {
                    Some(j) => make_job(s, j, &mut state),
                    None => wait(s),
                };
            };
            drop(s);
            let text = made.unwrap_or_else(|(panic, (entry, rule))| {
                crate::guard::at(entry, rule);
                std::panic::resume_unwind(panic)
            })?;
            write(k, &text)?;
            lock(shared).written = k + 1;
            turn.notify_all();
        }
        Ok(())
    })
}

/// Stops the threads of [`in_order`] when dropped.
struct Stop<'s>(&'s std::sync::Mutex<Shared>, &'s std::sync::Condvar);

impl Drop for Stop<'_> {
    fn drop(&mut self) {
        lock(self.0).stop = true;
        self.1.notify_all();
    }
}

fn lock(shared: &std::sync::Mutex<Shared>) -> std::sync::MutexGuard<'_, Shared> {
    shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each piece goes to whichever thread is free: while one piece takes long, the other
    /// threads make every other piece there is room for, and the pieces are written in order.
    #[test]
    fn pieces_go_to_whichever_thread_is_free_and_are_written_in_order() {
        use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
        use std::time::{Duration, Instant};
        let jobs: Vec<usize> = (0..20).collect();
        // While piece 0 is not written, the window holds it and `room` more.
        let room = AHEAD * 2 - 1;
        for slow in [0, 1] {
            let others = AtomicUsize::new(0);
            let seen = AtomicUsize::new(0);
            let mut written = Vec::new();
            in_order(
                &jobs,
                2,
                |&j, _: &mut ()| {
                    if j == slow {
                        let start = Instant::now();
                        while others.load(Relaxed) < room.min(slow + room)
                            && start.elapsed() < Duration::from_secs(20)
                        {
                            std::thread::yield_now();
                        }
                        seen.store(others.load(Relaxed), Relaxed);
                    } else {
                        others.fetch_add(1, Relaxed);
                    }
                    Ok(j.to_string().into_bytes())
                },
                |k, text| {
                    written.push((k, String::from_utf8(text.to_vec()).unwrap()));
                    Ok(())
                },
            )
            .unwrap();
            assert!(seen.load(Relaxed) >= room, "slow piece {slow}: {seen:?}");
            let want: Vec<_> = jobs.iter().map(|&k| (k, k.to_string())).collect();
            assert_eq!(written, want);
        }
    }

    /// Each thread keeps its state from one job to the next: a thread's jobs are counted by its
    /// own count, and the counts of all the threads are 1 to n for each.
    #[test]
    fn each_thread_keeps_its_own_state() {
        let jobs: Vec<usize> = (0..40).collect();
        for threads in [1, 2, 3] {
            let mut counts = Vec::new();
            in_order(
                &jobs,
                threads,
                |_, made: &mut usize| {
                    *made += 1;
                    Ok(made.to_string().into_bytes())
                },
                |_, text| {
                    counts.push(std::str::from_utf8(text).unwrap().parse::<usize>().unwrap());
                    Ok(())
                },
            )
            .unwrap();
            // Where each thread's count starts, it is 1; every other count follows one less.
            let firsts = counts.iter().filter(|&&c| c == 1).count();
            assert!(
                (1..=threads).contains(&firsts),
                "{threads} threads: {counts:?}"
            );
            counts.sort_unstable();
            let mut expected: Vec<usize> = Vec::new();
            for c in &counts {
                let before = expected.iter().filter(|&&e| e == c - 1).count();
                let at = expected.iter().filter(|&&e| e == *c).count();
                assert!(*c == 1 || before > at, "{threads} threads: {counts:?}");
                expected.push(*c);
            }
            if threads == 1 {
                assert_eq!(counts, (1..=40).collect::<Vec<_>>());
            }
        }
    }

    /// A piece that panics on any thread panics the writer, with its message, when its turn
    /// comes; the other threads stop.
    #[test]
    fn a_piece_that_panics_panics_the_writer_with_its_mark() {
        let jobs: Vec<usize> = (0..30).collect();
        for (threads, bad) in [(1, 3), (2, 0), (2, 7), (3, 29)] {
            let mut written = 0;
            let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                in_order(
                    &jobs,
                    threads,
                    |&j, _: &mut ()| {
                        crate::guard::at(Some(j), Some("rule"));
                        match j == bad {
                            true => std::panic::panic_any(format!("piece {j}")),
                            false => Ok(Vec::new()),
                        }
                    },
                    |_, _| {
                        written += 1;
                        Ok(())
                    },
                )
            }))
            .unwrap_err();
            assert_eq!(
                panic.downcast_ref::<String>(),
                Some(&format!("piece {bad}"))
            );
            assert_eq!(written, bad, "{threads} threads");
            let mark = crate::guard::current();
            assert_eq!(mark, (Some(bad), Some("rule")), "{threads} threads");
        }
    }
}
