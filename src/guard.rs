//! Surviving a bug: which entry and which rule were being worked on.
//!
//! why401 reads captures that any website can shape. A bug that panics on one
//! entry must cost that entry, not the analysis: in the DevTools panel a wasm
//! panic traps the instance for good. The analysis marks where it is
//! ([`at`]); a shell that sees a panic reads the mark ([`current`]) and
//! analyses again with that entry (or, for a whole-capture rule, that rule)
//! left out ([`Skip`], through [`Options::skip`](crate::Options::skip)). The
//! report then says what was left out, as a parse issue of kind `skipped`.
//!
//! The CLI catches the panic with `catch_unwind` ([`with_retries`]). It writes its report
//! after that, putting the findings into words as it goes: a finding that panics there is
//! written without its words, and a failure whose text panics is replaced by a line saying it
//! could not be shown (see `render::json_drafted`, `render::text_drafted` and
//! `render::markdown_drafted`). The page and the panel, where a panic aborts, start a fresh
//! instance of the module and retry (see `www/worker.js` and `extension/src/core.js`).

use std::cell::Cell;

use serde::{Deserialize, Serialize};

thread_local! {
    static ENTRY: Cell<Option<usize>> = const { Cell::new(None) };
    static RULE: Cell<Option<&'static str>> = const { Cell::new(None) };
}

/// Marks the work under way: an entry (by capture index), a rule, or both.
/// Each call replaces the previous mark.
pub fn at(entry: Option<usize>, rule: Option<&'static str>) {
    ENTRY.with(|e| e.set(entry));
    RULE.with(|r| r.set(rule));
}

/// Clears the mark (the analysis finished).
pub fn clear() {
    at(None, None);
}

/// The entry and rule being worked on when the mark was last set.
pub fn current() -> (Option<usize>, Option<&'static str>) {
    (ENTRY.with(Cell::get), RULE.with(Cell::get))
}

/// Something the analysis leaves out because why401 failed on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skip {
    /// The entry (capture index) left out, when the failure was in one entry.
    pub entry: Option<usize>,
    /// The rule left out, when the failure was in a whole-capture rule.
    pub rule: Option<String>,
    /// The panic message, for the bug report.
    pub message: String,
}

impl Skip {
    /// What to leave out after a panic at the current mark; `None` when the mark
    /// names neither an entry nor a rule (nothing to leave out would help).
    pub fn from_panic(message: String) -> Option<Skip> {
        match current() {
            (Some(entry), _) => Some(Skip {
                entry: Some(entry),
                rule: None,
                message,
            }),
            (None, Some(rule)) => Some(Skip {
                entry: None,
                rule: Some(rule.to_owned()),
                message,
            }),
            (None, None) => None,
        }
    }
}

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

/// How often a guarded analysis retries before it gives up.
pub const MAX_RETRIES: usize = 16;

/// Runs `work` (an analysis) surviving panics: each panic
/// leaves out the entry or rule it happened in ([`Skip`]) and runs `work` again
/// with those options, at most [`MAX_RETRIES`] times. `Err` carries the message
/// of a panic that leaving things out did not avoid. The default panic hook is
/// silenced meanwhile: what was left out is reported in the result itself.
///
/// For native code (the CLI). In wasm a panic aborts the instance and nothing can
/// be caught; the JavaScript glue restarts the module instead (see the module docs).
pub fn with_retries<T>(
    opts: &crate::Options,
    mut work: impl FnMut(&crate::Options) -> T,
) -> Result<T, String> {
    use std::panic::{self, AssertUnwindSafe};
    let mut opts = opts.clone();
    let retried = quietly(|| loop {
        clear();
        match panic::catch_unwind(AssertUnwindSafe(|| work(&opts))) {
            Ok(out) => break Ok(out),
            Err(payload) => {
                let message = panic_message(payload.as_ref());
                match Skip::from_panic(message.clone()) {
                    Some(skip) if opts.skip.len() < MAX_RETRIES && !opts.skip.contains(&skip) => {
                        opts.skip.push(skip);
                    }
                    _ => break Err(message),
                }
            }
        }
    });
    // The loop catches every panic of `work` itself.
    retried.unwrap_or_else(|panic| panic::resume_unwind(panic))
}

/// Runs `work` with the default panic hook silenced, and catches its panic: the caller says
/// what went wrong in its own words (the hook would print the panic's message, which may quote
/// the capture, and a backtrace). For native code (the CLI).
pub fn quietly<T>(work: impl FnOnce() -> T) -> std::thread::Result<T> {
    use std::panic;
    let previous = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let result = panic::catch_unwind(panic::AssertUnwindSafe(work));
    panic::set_hook(previous);
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Options;

    const HAR: &str = r#"{"log":{"entries":[
      {"startedDateTime":"2024-05-01T10:00:00Z","request":{"method":"GET","url":"https://api.test/a","headers":[{"name":"Authorization","value":"Bearer undefined"}]},"response":{"status":401,"headers":[]}},
      {"startedDateTime":"2024-05-01T10:00:01Z","request":{"method":"GET","url":"https://api.test/b","headers":[{"name":"Authorization","value":"Bearer undefined"}]},"response":{"status":401,"headers":[]}},
      {"startedDateTime":"2024-05-01T10:00:02Z","request":{"method":"GET","url":"https://api.test/c","headers":[{"name":"Authorization","value":"Bearer undefined"}]},"response":{"status":401,"headers":[]}}]}}"#;

    #[test]
    fn a_panic_costs_its_entry_not_the_analysis() {
        let opts = Options {
            fault_entry: Some(1),
            ..Options::default()
        };
        let report = with_retries(&opts, |o| crate::analyze_bytes(HAR.as_bytes().to_vec(), o))
            .expect("recovered")
            .expect("readable");
        let entries: Vec<usize> = report.failures.iter().map(|f| f.entry).collect();
        assert_eq!(entries, [0, 2], "the other entries are still diagnosed");
        let issue = report
            .input
            .parse_issues
            .iter()
            .find(|i| i.kind == "skipped")
            .expect("said");
        assert_eq!(issue.pointer.as_deref(), Some("/log/entries/1"));
        assert!(
            issue.message.contains("fault injected at entry 1"),
            "{}",
            issue.message
        );
    }

    /// A panic's message may quote what was being read: what the report says of the entry left
    /// out is scrubbed of the capture's credentials, as findings are.
    #[test]
    fn what_a_skipped_entry_says_quotes_no_credential() {
        let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJlLXNlY3JldA";
        let har = HAR.replace("Bearer undefined", &format!("Bearer {token}"));
        let opts = Options {
            skip: vec![Skip {
                entry: Some(1),
                rule: None,
                message: format!("byte index 9 is not a char boundary of `{token}`"),
            }],
            ..Options::default()
        };
        let report = crate::analyze_bytes(har.into_bytes(), &opts).expect("readable");
        let issue = (report.input.parse_issues.iter())
            .find(|i| i.kind == "skipped")
            .expect("said");
        assert!(
            issue.message.contains("not a char boundary"),
            "{}",
            issue.message
        );
        assert!(!issue.message.contains(token), "{}", issue.message);
        assert!(!issue.message.contains("c2lnbmF0dXJl"), "{}", issue.message);
    }

    #[test]
    fn a_panic_in_a_whole_capture_rule_costs_that_rule() {
        let (entry, rule) = {
            at(None, Some("cors-blocked"));
            let s = Skip::from_panic("boom".into()).unwrap();
            (s.entry, s.rule)
        };
        assert_eq!((entry, rule.as_deref()), (None, Some("cors-blocked")));
        clear();
        assert_eq!(
            Skip::from_panic("boom".into()),
            None,
            "no mark: nothing to leave out"
        );
    }

    #[test]
    fn a_panic_that_keeps_coming_back_is_reported_not_looped() {
        let mut calls = 0;
        let out: Result<(), String> = with_retries(&Options::default(), |_| {
            calls += 1;
            at(Some(0), None);
            panic!("always");
        });
        assert_eq!(out, Err("always".to_owned()));
        assert_eq!(calls, 2, "the same skip is not tried twice");
    }
}
