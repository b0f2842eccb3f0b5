//! The WebAssembly boundary: the only browser-aware code of why401.
#![deny(clippy::unwrap_used)]
