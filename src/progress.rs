//! How far a long analysis has come, for a shell that shows it (the CLI draws a progress line
//! on a terminal when a file takes more than a second). Counters only, never captured data.
//!
//! The core moves the counters as it reads entries and checks them; a shell reads them from
//! another thread. They are process-wide: two analyses at once (tests) share them, which costs
//! only the accuracy of a progress line, never a result.

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering::Relaxed};

/// What the analysis is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Nothing under way.
    Idle,
    /// Reading the file's bytes (`done` and `total` in bytes).
    Reading,
    /// Reading entries out of the JSON (`done` entries; the total is not known yet).
    Parsing,
    /// Working out each entry's facts (`done` of `total` entries).
    Preparing,
    /// Running the rules on each entry (`done` of `total` entries).
    Checking,
    /// The rules that relate entries to each other (cookies, tokens, comparisons).
    Relating,
}

static PHASE: AtomicU8 = AtomicU8::new(0);
static DONE: AtomicUsize = AtomicUsize::new(0);
static TOTAL: AtomicUsize = AtomicUsize::new(0);

/// Starts a phase of `total` units (0 when unknown).
pub fn start(phase: Phase, total: usize) {
    DONE.store(0, Relaxed);
    TOTAL.store(total, Relaxed);
    PHASE.store(phase as u8, Relaxed);
}

/// `done` units of the current phase are done.
pub fn at(done: usize) {
    DONE.store(done, Relaxed);
}

/// `n` more units of the current phase are done (threads working on parts of it).
pub fn add(n: usize) {
    DONE.fetch_add(n, Relaxed);
}

/// The current phase, units done and units in all (0: unknown).
pub fn get() -> (Phase, usize, usize) {
    let phase = match PHASE.load(Relaxed) {
        1 => Phase::Reading,
        2 => Phase::Parsing,
        3 => Phase::Preparing,
        4 => Phase::Checking,
        5 => Phase::Relating,
        _ => Phase::Idle,
    };
    (phase, DONE.load(Relaxed), TOTAL.load(Relaxed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phase_starts_from_zero_and_counts_up() {
        start(Phase::Checking, 10);
        at(4);
        let (phase, done, total) = get();
        // Other tests may analyse at the same time: only the shape is certain.
        assert_ne!(phase as u8, 255);
        assert!(done <= total.max(done));
        start(Phase::Idle, 0);
    }
}
