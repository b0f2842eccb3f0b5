//! Threads the shell starts, for a platform where the core cannot start its own.
//!
//! WebAssembly with threads (shared memory and atomics) has no `std::thread::spawn`: a page
//! starts each thread as a Web Worker running the same module over the same memory. Each such
//! thread calls [`work`] and from then on runs the tasks that [`scope`] hands out. [`scope`]
//! has the shape of `std::thread::scope`, so that [`super`] runs its parts the same way on
//! either platform.
//!
//! Two things differ from threads of their own:
//! - There are only so many workers, and a task may itself wait for tasks. A thread that
//!   waits for a task nobody has taken yet takes it back and runs it itself, so waiting for
//!   tasks never needs more workers than there are.
//! - A panic in WebAssembly aborts the thread that panicked, and nothing unwinds. The panic
//!   hook calls [`stopping`]; the task is then marked as failed, with the message and the
//!   [`crate::guard`] mark of the panic, and the thread waiting for it panics in its turn with
//!   both (the shell then retries without what failed, as after any panic). Where panics
//!   unwind (the tests), a task's panic is caught and reported the same way. A task that
//!   stopped drops nothing it held: a thread waiting on a channel it fed waits through
//!   [`wait_for`], which a failure ends. After any failure the shell throws the instance away.
//! - A worker outlives the analysis it helps. Each task starts with no [`crate::guard`] mark
//!   (a panic must not name the entry of an earlier task), and what the thread remembered of
//!   the capture's credentials is forgotten after each (a thread of `std::thread::scope`
//!   ends with its analysis).
//!
//! Nothing here is browser-aware: the pool is plain Rust over `Mutex` and `Condvar`, and the
//! tests run it on threads of their own.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

/// A task as the queue holds it: its lifetime erased (see [`Scope::spawn`]).
type Job = Box<dyn FnOnce() + Send + 'static>;

/// Where a task is.
enum Status {
    /// In the queue, or taken and being run.
    Pending,
    Done,
    /// Its panic's message and the [`crate::guard`] mark the panic left.
    Panicked(Cow<'static, str>, (Option<usize>, Option<&'static str>)),
}

/// What a task's waiter waits on.
struct Signal {
    status: Mutex<Status>,
    changed: Condvar,
}

impl Signal {
    fn set(&self, status: Status) {
        *lock(&self.status) = status;
        self.changed.notify_all();
    }

    /// The task failed with `message`; `mark`: the [`crate::guard`] mark it left, if any.
    fn fail(&self, message: Cow<'static, str>, mark: (Option<usize>, Option<&'static str>)) {
        self.set(Status::Panicked(message, mark));
        POOL.failures.fetch_add(1, Ordering::AcqRel);
        wake();
    }

    /// Done, unless the task was reported as failed meanwhile.
    fn set_done(&self) {
        let mut status = lock(&self.status);
        if matches!(*status, Status::Pending) {
            *status = Status::Done;
        }
        drop(status);
        self.changed.notify_all();
    }
}

struct Task {
    signal: Arc<Signal>,
    run: Job,
}

struct Pool {
    queue: Mutex<VecDeque<Task>>,
    work: Condvar,
    /// Threads in [`work`], less those that stopped.
    workers: AtomicUsize,
    /// Tasks the workers ran (not those their waiters took back).
    ran: AtomicUsize,
    /// Tasks that failed.
    failures: AtomicUsize,
    /// Moved by [`wake`]: what [`wait_for`] waits on.
    wakes: Mutex<u64>,
    woken: Condvar,
}

static POOL: Pool = Pool {
    queue: Mutex::new(VecDeque::new()),
    work: Condvar::new(),
    workers: AtomicUsize::new(0),
    ran: AtomicUsize::new(0),
    failures: AtomicUsize::new(0),
    wakes: Mutex::new(0),
    woken: Condvar::new(),
};

thread_local! {
    /// The task this thread is running for the pool, for [`stopping`].
    static CURRENT: RefCell<Option<Arc<Signal>>> = const { RefCell::new(None) };
}

/// A lock that a panic elsewhere does not spoil: every value behind one is whole at all times.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Threads that can run work at once: the pool's workers and the caller.
pub fn threads() -> usize {
    POOL.workers.load(Ordering::Acquire) + 1
}

/// How many tasks the pool's workers ran.
pub fn tasks_run() -> usize {
    POOL.ran.load(Ordering::Acquire)
}

/// Makes the calling thread one of the pool's workers: it runs tasks from then on. Returns
/// only when a task stopped it ([`stopping`]) where panics unwind; in WebAssembly the thread
/// has aborted by then, and a worker otherwise ends with its Web Worker.
pub fn work() {
    POOL.workers.fetch_add(1, Ordering::AcqRel);
    loop {
        let task = {
            let mut queue = lock(&POOL.queue);
            loop {
                match queue.pop_front() {
                    Some(task) => break task,
                    None => {
                        queue = POOL
                            .work
                            .wait(queue)
                            .unwrap_or_else(PoisonError::into_inner)
                    }
                }
            }
        };
        CURRENT.with(|c| *c.borrow_mut() = Some(Arc::clone(&task.signal)));
        crate::guard::clear();
        let signal = run(task);
        crate::guard::clear();
        crate::redact::forget_fingerprints();
        crate::rules::facts::forget_last_parsed();
        crate::value::forget_quotes();
        POOL.ran.fetch_add(1, Ordering::AcqRel);
        let stopped = CURRENT.with(|c| c.borrow_mut().take()).is_none();
        signal.set_done();
        if stopped {
            return;
        }
    }
}

/// Runs `task`; its signal, to be set done unless the task failed (then it is set here).
/// Where panics unwind, a panic is caught and reported as the hook reports one in WebAssembly.
fn run(task: Task) -> Arc<Signal> {
    if let Err(payload) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(task.run)) {
        task.signal.fail(
            crate::guard::panic_message(&*payload).into(),
            crate::guard::current(),
        );
    }
    task.signal
}

/// Called by the panic hook, or by the shell when a worker's instance stopped otherwise (memory
/// ran out): when this thread is running a task for the pool, the task is marked as failed
/// with `message` and this thread's [`crate::guard`] mark, and the thread leaves the pool (in
/// WebAssembly it has aborted, or aborts next).
pub fn stopping(message: &str) {
    stop(message.to_owned().into(), crate::guard::current());
}

/// As [`stopping`], for a worker whose instance stopped other than by a panic (its memory ran
/// out, say): the task fails with no [`crate::guard`] mark, since no entry is to blame, and
/// the shell reports the failure instead of retrying without an entry. Allocates nothing
/// (the memory may be what ran out).
pub fn lost() {
    stop(Cow::Borrowed(LOST), (None, None));
}

/// The message of a task whose worker was [`lost`].
pub const LOST: &str =
    "a worker of the engine stopped (its memory ran out, or the browser ended it)";

fn stop(message: Cow<'static, str>, mark: (Option<usize>, Option<&'static str>)) {
    if let Some(signal) = CURRENT.with(|c| c.borrow_mut().take()) {
        POOL.workers.fetch_sub(1, Ordering::AcqRel);
        signal.fail(message, mark);
    }
}

/// Tells the threads in [`wait_for`] to look again (a value was sent them).
pub fn wake() {
    *lock(&POOL.wakes) += 1;
    POOL.woken.notify_all();
}

/// How many tasks have failed so far, for [`wait_for`].
pub fn failures() -> usize {
    POOL.failures.load(Ordering::Acquire)
}

/// Waits until `ready` gives something (asked again after each [`wake`]); `None` once a task
/// has failed since [`failures`] was `since` (taken before the tasks that feed `ready` were
/// handed out): its thread may have left what `ready` waits for undone.
pub fn wait_for<T>(since: usize, mut ready: impl FnMut() -> Option<T>) -> Option<T> {
    let mut wakes = lock(&POOL.wakes);
    loop {
        if let Some(v) = ready() {
            return Some(v);
        }
        if failures() != since {
            return None;
        }
        let seen = *wakes;
        while *wakes == seen {
            wakes = POOL
                .woken
                .wait(wakes)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// Waits for a task: runs it here when no worker has taken it yet.
fn finish(signal: &Arc<Signal>) {
    let mine = {
        let mut queue = lock(&POOL.queue);
        let at = queue.iter().position(|t| Arc::ptr_eq(&t.signal, signal));
        at.and_then(|at| queue.remove(at))
    };
    if let Some(task) = mine {
        // Run as a task of its own: from no mark, and this thread's mark kept for after.
        let mark = crate::guard::current();
        crate::guard::clear();
        run(task).set_done();
        crate::guard::at(mark.0, mark.1);
        return;
    }
    let mut status = lock(&signal.status);
    while matches!(*status, Status::Pending) {
        status = signal
            .changed
            .wait(status)
            .unwrap_or_else(PoisonError::into_inner);
    }
}

/// As `std::thread::scope`: `f` may hand tasks to the pool that borrow from outside the
/// scope, and the scope waits for all of them before it returns.
pub fn scope<'env, F, T>(f: F) -> T
where
    F: for<'scope> FnOnce(&'scope Scope<'scope, 'env>) -> T,
{
    let scope = Scope {
        pending: Mutex::new(Vec::new()),
        scope: PhantomData,
        env: PhantomData,
    };
    // Waits for the tasks however `f` ends, unwinding included (see `Scope::spawn`'s safety).
    struct WaitAll<'a>(&'a Mutex<Vec<Arc<Signal>>>);
    impl Drop for WaitAll<'_> {
        fn drop(&mut self) {
            let pending = std::mem::take(&mut *lock(self.0));
            for signal in &pending {
                finish(signal);
            }
        }
    }
    let _wait = WaitAll(&scope.pending);
    f(&scope)
}

/// See [`scope`].
pub struct Scope<'scope, 'env: 'scope> {
    pending: Mutex<Vec<Arc<Signal>>>,
    scope: PhantomData<&'scope mut &'scope ()>,
    env: PhantomData<&'env mut &'env ()>,
}

impl<'scope> Scope<'scope, '_> {
    /// Hands `f` to the pool; the caller may wait for it with [`Handle::join`].
    pub fn spawn<F, T>(&'scope self, f: F) -> Handle<'scope, T>
    where
        F: FnOnce() -> T + Send + 'scope,
        T: Send + 'scope,
    {
        let result = Arc::new(Mutex::new(None));
        let slot = Arc::clone(&result);
        let job: Box<dyn FnOnce() + Send + 'scope> = Box::new(move || {
            let r = f();
            *lock(&slot) = Some(r);
        });
        // SAFETY: only the lifetime changes. The job borrows nothing that ends before
        // 'scope, and `scope` does not return, or unwind past its frame, before every task
        // handed out in it is done: its guard waits for each (`finish`), and a task is done
        // only when it has run or its thread stopped. In WebAssembly a panic aborts its
        // thread without unwinding: a scope whose own thread panicked never returns, and
        // what its tasks borrowed stays where it was (an aborted thread's stack is never
        // reused) until the shell throws the instance away, with its workers.
        let run: Job =
            unsafe { std::mem::transmute::<Box<dyn FnOnce() + Send + 'scope>, Job>(job) };
        let signal = Arc::new(Signal {
            status: Mutex::new(Status::Pending),
            changed: Condvar::new(),
        });
        lock(&self.pending).push(Arc::clone(&signal));
        lock(&POOL.queue).push_back(Task {
            signal: Arc::clone(&signal),
            run,
        });
        POOL.work.notify_one();
        Handle {
            signal,
            result,
            scope: PhantomData,
        }
    }
}

/// A task handed out by [`Scope::spawn`].
pub struct Handle<'scope, T> {
    signal: Arc<Signal>,
    result: Arc<Mutex<Option<T>>>,
    scope: PhantomData<&'scope ()>,
}

impl<T> Handle<'_, T> {
    /// The task's result, once it is done. A task that panicked panics here in its turn, with
    /// its message and its [`crate::guard`] mark: in WebAssembly the panic hook of this thread
    /// then reports it as the shell expects.
    pub fn join(self) -> std::thread::Result<T> {
        finish(&self.signal);
        let failed = match &*lock(&self.signal.status) {
            Status::Panicked(message, mark) => Some((message.clone(), *mark)),
            _ => None,
        };
        if let Some((message, (entry, rule))) = failed {
            crate::guard::at(entry, rule);
            std::panic::panic_any(message.into_owned());
        }
        Ok(lock(&self.result)
            .take()
            .expect("a task that is done left its result"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Once;

    /// Held by the tests that fail tasks and the test that counts on none failing meanwhile
    /// (the pool and its count of failures are the process's).
    static FAILING: Mutex<()> = Mutex::new(());

    /// Two workers for the tests, started once (they never end but by [`stopping`]).
    fn workers() {
        static START: Once = Once::new();
        START.call_once(|| {
            for _ in 0..2 {
                std::thread::spawn(work);
            }
            while threads() < 3 {
                std::thread::yield_now();
            }
        });
    }

    #[test]
    fn tasks_borrow_from_the_scope_and_give_their_results_back() {
        workers();
        let items: Vec<u64> = (0..1000).collect();
        let sums = scope(|s| {
            let handles: Vec<_> = items
                .chunks(100)
                .map(|part| s.spawn(move || part.iter().sum::<u64>()))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or(0))
                .collect::<Vec<_>>()
        });
        assert_eq!(sums.len(), 10);
        assert_eq!(sums.iter().sum::<u64>(), (0..1000).sum::<u64>());
        assert_eq!(sums[3], (300..400).sum::<u64>());
    }

    /// A worker outlives the analysis it helps: after each task it forgets what it remembered
    /// of the capture's credentials (the values it fingerprinted, the token it decoded last, the
    /// header values it quoted, the bodies it parsed), so that no later task and no later
    /// capture finds them there.
    #[test]
    fn a_worker_forgets_the_capture_s_credentials_after_each_task() {
        workers();
        let waiter = std::thread::current().id();
        let tokens = crate::rules::facts::TokenCache::default();
        let key = crate::redact::FingerprintKey::from_passphrase("k");
        let token = format!(
            "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyIn0.{}",
            "s".repeat(120)
        );
        thread_local! {
            /// Whether this worker ran one of this test's tasks before.
            static RAN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        }
        let (again, found) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let started = AtomicUsize::new(0);
        for round in 1..=20 {
            scope(|s| {
                let tasks: Vec<_> = (0..2)
                    .map(|_| {
                        s.spawn(|| {
                            started.fetch_add(1, Ordering::AcqRel);
                            // A task the waiter took back runs on the test's own thread.
                            if std::thread::current().id() == waiter {
                                return;
                            }
                            if RAN.replace(true) {
                                again.fetch_add(1, Ordering::AcqRel);
                            }
                            if crate::value::quotes_kept() > 0
                                || crate::redact::fingerprints_remembered() > 0
                                || crate::rules::facts::last_token_kept()
                                || crate::rules::facts::bodies_kept() > 0
                            {
                                found.fetch_add(1, Ordering::AcqRel);
                            }
                            crate::value::Value::header("Authorization", format!("Bearer {token}"));
                            key.fingerprint(&token);
                            tokens.jwt(&token);
                            crate::rules::facts::parse_body(r#"{"error":"invalid_token"}"#);
                            assert!(crate::value::quotes_kept() > 0);
                            assert!(crate::rules::facts::bodies_kept() > 0);
                            assert!(crate::redact::fingerprints_remembered() > 0);
                            assert!(crate::rules::facts::last_token_kept());
                        })
                    })
                    .collect();
                // The workers take the tasks, unless other tests keep them busy for long: the
                // waiter would take back a task nobody had started yet.
                let since = std::time::Instant::now();
                while started.load(Ordering::Acquire) < 2 * round
                    && since.elapsed() < std::time::Duration::from_secs(1)
                {
                    std::thread::yield_now();
                }
                // A task whose checks failed fails its waiter.
                for task in tasks {
                    task.join().expect("the task ran");
                }
            });
        }
        // A worker ran one of these tasks after another: what the first left was looked for.
        assert!(again.load(Ordering::Acquire) > 0);
        assert_eq!(found.load(Ordering::Acquire), 0);
    }

    #[test]
    fn tasks_that_wait_for_tasks_finish_with_more_tasks_than_workers() {
        workers();
        // Each of 8 tasks waits for 8 of its own: more waiting than the two workers could
        // run unless a waiter takes back what nobody took.
        let total = scope(|s| {
            let outer: Vec<_> = (0..8u64)
                .map(|i| {
                    s.spawn(move || {
                        scope(|inner| {
                            let hs: Vec<_> =
                                (0..8u64).map(|j| inner.spawn(move || i * 8 + j)).collect();
                            hs.into_iter().map(|h| h.join().unwrap_or(0)).sum::<u64>()
                        })
                    })
                })
                .collect();
            outer
                .into_iter()
                .map(|h| h.join().unwrap_or(0))
                .sum::<u64>()
        });
        assert_eq!(total, (0..64).sum::<u64>());
    }

    #[test]
    fn a_scope_waits_for_tasks_nobody_joined() {
        workers();
        let done = AtomicUsize::new(0);
        scope(|s| {
            for _ in 0..20 {
                s.spawn(|| {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                    done.fetch_add(1, Ordering::SeqCst);
                });
            }
        });
        assert_eq!(done.load(Ordering::SeqCst), 20);
    }

    #[test]
    fn a_task_that_panics_panics_its_waiter_with_its_message_and_mark() {
        workers();
        let _failing = lock(&FAILING);
        let caught = std::panic::catch_unwind(|| {
            scope(|s| {
                // Taken by a worker (the waiter sleeps first), so the panic is reported, not run here.
                let h = s.spawn(|| {
                    crate::guard::at(Some(7), Some("some-rule"));
                    panic!("broken at seven");
                });
                std::thread::sleep(std::time::Duration::from_millis(50));
                h.join()
            })
        });
        let payload = caught.expect_err("the waiter panics");
        assert_eq!(crate::guard::panic_message(&*payload), "broken at seven");
        assert_eq!(crate::guard::current(), (Some(7), Some("some-rule")));
        crate::guard::clear();
        // Joined at once, so often taken back and run by the waiter itself: the same.
        let caught = std::panic::catch_unwind(|| {
            scope(|s| {
                let h = s.spawn(|| {
                    crate::guard::at(Some(7), Some("some-rule"));
                    panic!("broken at seven");
                });
                h.join()
            })
        });
        let payload = caught.expect_err("the waiter panics");
        assert_eq!(crate::guard::panic_message(&*payload), "broken at seven");
        assert_eq!(crate::guard::current(), (Some(7), Some("some-rule")));
        crate::guard::clear();
        // The pool still works.
        assert_eq!(scope(|s| s.spawn(|| 2 + 2).join().unwrap_or(0)), 4);
    }

    #[test]
    fn a_task_stopped_by_the_hook_fails_its_waiter_and_its_worker_leaves() {
        let _failing = lock(&FAILING);
        // What the panic hook does in WebAssembly, where the thread then aborts: here the task
        // goes on and returns, and its result is not taken. One more worker, for the one that
        // leaves.
        workers();
        std::thread::spawn(work);
        for _ in 0..20 {
            let before = POOL.failures.load(Ordering::Acquire);
            let caught = std::panic::catch_unwind(|| {
                scope(|s| {
                    let h = s.spawn(|| {
                        let on_worker = CURRENT.with(|c| c.borrow().is_some());
                        crate::guard::at(Some(3), None);
                        stopping("stopped at three");
                        on_worker
                    });
                    std::thread::sleep(std::time::Duration::from_millis(50));
                    h.join()
                })
            });
            match caught {
                // Taken back and run by the waiter (every worker was busy): nothing stops.
                Ok(Ok(false)) => continue,
                Ok(_) => panic!("a stopped task gave its result"),
                Err(payload) => {
                    assert_eq!(crate::guard::panic_message(&*payload), "stopped at three");
                    assert_eq!(crate::guard::current(), (Some(3), None));
                    assert!(POOL.failures.load(Ordering::Acquire) > before);
                    crate::guard::clear();
                    return;
                }
            }
        }
        panic!("no worker took the task in 20 tries");
    }

    #[test]
    fn waiting_for_a_value_ends_with_it_or_with_a_failure() {
        workers();
        let _failing = lock(&FAILING);
        // Sent later, by a task: the waiter wakes to it.
        let (tx, rx) = std::sync::mpsc::channel();
        let since = failures();
        let got = scope(|s| {
            s.spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(20));
                let _ = tx.send(42);
                wake();
            });
            wait_for(since, || rx.try_recv().ok())
        });
        assert_eq!(got, Some(42));
        // Never sent: the task that should have sent it fails, and the wait ends.
        let (tx, rx) = std::sync::mpsc::channel::<u32>();
        let since = failures();
        let (got, joined) = scope(|s| {
            let h = s.spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(20));
                std::mem::forget(tx); // as a thread that aborts: nothing is dropped
                panic!("gone before sending");
            });
            let got = wait_for(since, || rx.try_recv().ok());
            (
                got,
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| h.join())),
            )
        });
        assert_eq!(got, None);
        assert!(
            joined.is_err(),
            "the failure reaches the waiter when it joins"
        );
        crate::guard::clear();
    }
}
