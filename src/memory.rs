//! What the library tells the program's allocator.
//!
//! The library frees most of what it holds at one moment of an analysis: each entry's facts go
//! once every rule has run ([`freed_much`]). An allocator that keeps freed pages for reuse holds
//! them in the process's memory meanwhile, and what the report is made of next may not reuse
//! them (other sizes, another thread's arena). The program that chose the allocator can ask to
//! be told ([`on_freed_much`]) and hand those pages back: the CLI's jemalloc does
//! (src/main.rs). The library knows no allocator; the WebAssembly build, whose memory never
//! shrinks, asks nothing.

use std::sync::OnceLock;

static GIVE_BACK: OnceLock<fn()> = OnceLock::new();

/// Has `give_back` called where the analysis has just freed much (once per analysis). The
/// first call sets it; later calls change nothing.
pub fn on_freed_much(give_back: fn()) {
    let _ = GIVE_BACK.set(give_back);
}

/// Whether a program asked to be told ([`on_freed_much`]).
pub(crate) fn asked() -> bool {
    GIVE_BACK.get().is_some()
}

/// Tells the program, if it asked, that the analysis has just freed much.
pub(crate) fn freed_much() {
    if let Some(give_back) = GIVE_BACK.get() {
        give_back();
    }
}
