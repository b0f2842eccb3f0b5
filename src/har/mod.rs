//! HAR ingestion: from bytes of any exporter to a borrowed, lenient model.
//!
//! ```
//! let text = r#"{"log":{"entries":[{"request":{"method":"GET","url":"https://api.test/me"},
//!              "response":{"status":401,"headers":[]}}]}}"#;
//! let read = why401::har::parse(text);
//! assert_eq!(read.har.entries[0].status(), Some(401));
//! assert!(read.issues.is_empty());
//! ```

pub(crate) mod checked;
pub(crate) mod ingest;
pub mod lenient;
mod model;
pub(crate) mod prefetch;
mod quick;
pub(crate) mod scan;

#[cfg(target_arch = "wasm32")]
pub(crate) use ingest::scan_reading;
#[doc(hidden)]
pub use ingest::{
    bytes_ways_agree, parse_ways_agree, quick_bytes_agree, quick_read_agrees,
    strings_dense_with_escapes,
};
pub use ingest::{
    parse, parse_bytes, parse_bytes_then, parse_in_place_then_exit, parse_known, parse_known_read,
    parse_repairing, parse_repairing_known, parse_repairing_then_exit, prepare, prepare_in_place,
    read_entry, Ingested, ParseIssue, RepairableText, MAX_REPAIRS,
};
pub use model::*;
/// `serde_json::from_str`, by the quick reader where it can ([`quick::read`]): for the JSON that
/// rules read inside a capture's strings (bodies, form data), as it is read in the capture.
pub(crate) use quick::read as read_json;
#[doc(hidden)]
pub use scan::vector_tests_agree;
