//! Threads the shell starts, for a platform where the core cannot start its own.
//!
//! WebAssembly with threads (shared memory and atomics) has no `std::thread::spawn`: a page
//! starts each thread as a Web Worker running the same module over the same memory. Each such
//! thread calls [`work`] and from then on runs the tasks that [`scope`] hands out. [`scope`]
//! has the shape of `std::thread::scope`, so that [`super`] runs its parts the same way on
//! either platform.
//!
//! Two things differ from threads of their own:
//! - There are only so many workers, and a task may itself wait for tasks (reading entries
//!   waits for the batches it handed out). A thread that waits for a task nobody has taken
//!   yet takes it back and runs it itself, so no wait can outlast the work.
//! - A panic in WebAssembly aborts the thread that panicked, and nothing unwinds. The panic
//!   hook calls [`stopping`]; the task is then marked as failed, with the message and the
//!   [`crate::guard`] mark of the panic, and the thread waiting for it panics in its turn with
//!   both (the shell then retries without what failed, as after any panic). Where panics
//!   unwind (the tests), a task's panic is caught and reported the same way.
//!
//! Nothing here is browser-aware: the pool is plain Rust over `Mutex` and `Condvar`, and the
//! tests run it on threads of their own.

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
    Panicked(String, (Option<usize>, Option<&'static str>)),
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
    /// Threads in [`work`], less those that panicked.
    workers: AtomicUsize,
}

static POOL: Pool = Pool {
    queue: Mutex::new(VecDeque::new()),
    work: Condvar::new(),
    workers: AtomicUsize::new(0),
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

/// Makes the calling thread one of the pool's workers: it runs tasks from now on, and never
/// returns (a worker ends with its Web Worker).
pub fn work() -> ! {
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
        let signal = run(task);
        CURRENT.with(|c| *c.borrow_mut() = None);
        signal.set_done();
    }
}

/// Runs `task`; its signal, to be set done unless the task panicked (then it is set here).
/// Where panics unwind, a panic is caught and reported as the hook reports one in WebAssembly.
fn run(task: Task) -> Arc<Signal> {
    if let Err(payload) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(task.run)) {
        task.signal.set(Status::Panicked(
            crate::guard::panic_message(&*payload),
            crate::guard::current(),
        ));
    }
    task.signal
}

/// Called by the panic hook, or by the shell when a worker's instance stopped otherwise (memory
/// ran out): when this thread is running a task for the pool, the task is marked as failed
/// with `message` and this thread's [`crate::guard`] mark, and the thread leaves the pool (in
/// WebAssembly it has aborted, or aborts next).
pub fn stopping(message: &str) {
    if let Some(signal) = CURRENT.with(|c| c.borrow_mut().take()) {
        POOL.workers.fetch_sub(1, Ordering::AcqRel);
        signal.set(Status::Panicked(
            message.to_owned(),
            crate::guard::current(),
        ));
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
        run(task).set_done();
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
        // only when it has run or its thread panicked (in WebAssembly a panic aborts that
        // thread; it does not unwind into borrowed data).
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
            std::panic::panic_any(message);
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

    /// Two workers for the tests, started once (they never end).
    fn workers() {
        static START: Once = Once::new();
        START.call_once(|| {
            for _ in 0..2 {
                std::thread::spawn(|| work());
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
}
