//! Text renderers over the one [`Report`](crate::Report) model: terminal text,
//! Markdown for tickets, the CLI's JSON, and `curl` commands to reproduce a request.

mod curl;
mod fetch;
mod json;
mod markdown;
mod ordered;
mod text;

pub use curl::curl;
pub use fetch::fetch;
pub use json::{json, json_drafted};
pub use markdown::{markdown, markdown_drafted};
pub use text::{text, text_drafted};

use std::borrow::Cow;
use std::collections::HashSet;
use std::io;

use crate::analysis::{is_about_the_file, Drafted, Wording};
use crate::finding::Finding;
use crate::rules::Draft;

/// Writes the failures of a report put into words in pieces of `per_piece`, on `threads`
/// threads, in order: `write` adds one failure (and its place among them, from 0) to a piece,
/// with the thread's [`Wording`]. Natively each piece is written out as soon as it is its turn
/// ([`ordered::in_order`]), and let go: where every request of a capture failed, the text is
/// megabytes and the Markdown tens of them, and neither is held whole (the CLI's). In
/// WebAssembly the pieces are made first, then written.
///
/// A failure whose text panics as it is made (a bug: the analysis' guard is over by now, and
/// what was written cannot be taken back) is shown by `unshown` instead, and said on standard
/// error by its entry: it costs that failure, not the rest of the report. Natively only: in
/// WebAssembly a panic aborts, and the page analyses again without the entry. (A library
/// caller of [`text()`] or [`markdown()`] gets the stub too; the default panic hook, which the CLI
/// silences, prints the panic's message.)
fn write_failures(
    out: &mut impl io::Write,
    failures: &[crate::Failure],
    threads: usize,
    per_piece: usize,
    write: impl Fn(&mut String, usize, &crate::Failure, &mut Wording) + Sync,
    unshown: impl Fn(&mut String, usize, &crate::Failure) + Sync,
) -> io::Result<()> {
    use std::panic::{catch_unwind, AssertUnwindSafe};
    let per_piece = per_piece.max(1);
    let said = Said::default();
    let piece = |first: usize, piece: &[crate::Failure], words: &mut Wording| {
        let mut text = String::new();
        for (k, failure) in piece.iter().enumerate() {
            let before = text.len();
            // A panic leaves nothing wrong in `words` (see `finding_or_stub`).
            if catch_unwind(AssertUnwindSafe(|| {
                write(&mut text, first + k, failure, words)
            }))
            .is_err()
            {
                text.truncate(before);
                unshown(&mut text, first + k, failure);
                said.say(|| {
                    format!(
                        "why401: the failure of entry {} could not be shown (a bug; please report it)",
                        failure.entry
                    )
                });
            }
        }
        text
    };
    let written = if cfg!(target_arch = "wasm32") {
        // The page's threads are its pool's workers ([`crate::parallel::pool`]), which
        // `in_order`'s scoped threads are not.
        let chunk = failures.len().div_ceil(threads.max(1));
        let parts = crate::parallel::map_chunks(failures, chunk, |i, part| {
            let mut words = Wording::default();
            (part.chunks(per_piece).enumerate())
                .map(|(j, p)| piece(i * chunk + j * per_piece, p, &mut words))
                .collect::<Vec<_>>()
        });
        (parts.iter().flatten()).try_for_each(|text| out.write_all(text.as_bytes()))
    } else {
        let jobs: Vec<(usize, &[crate::Failure])> = (failures.chunks(per_piece).enumerate())
            .map(|(j, p)| (j * per_piece, p))
            .collect();
        ordered::in_order(
            &jobs,
            threads,
            |&(first, p), words: &mut Wording| Ok(piece(first, p, words).into_bytes()),
            |_, text| out.write_all(text),
        )
    };
    said.finish(|n| format!("why401: {n} more failures could not be shown"));
    // What the renderer writes next is about no failure: a bug there must not leave out the last
    // one put into words (`crate::guard`).
    crate::guard::clear();
    written
}

/// What `write` writes, as a string (the text renderers write only strings).
fn written(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
    let mut out = Vec::new();
    // Writing to a `Vec` cannot fail.
    let _ = write(&mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// `write`, which writes the report the CLI made as drafts, with the default panic hook
/// silenced ([`crate::guard::quietly`]): the analysis' guard is over by then, and what was
/// written cannot be taken back. A finding that cannot be put into words (a bug) is written
/// without its words ([`finding_or_stub`]); a panic elsewhere in the writing (a bug too) is an
/// error that says so, not a silent end.
fn guarded(write: impl FnOnce() -> io::Result<()>) -> io::Result<()> {
    crate::guard::quietly(write).unwrap_or_else(|_| {
        Err(io::Error::other(
            "why401 failed as it wrote the report (a bug; please report it)",
        ))
    })
}

/// Writes, with `write`, the report `drafted` becomes as the text renderers show it
/// ([`Shown::rendering`]), on as many threads as its failures deserve at `per_thread` a thread,
/// [`guarded`]: the CLI's text and Markdown.
fn write_drafted(
    drafted: &Drafted,
    per_thread: usize,
    write: impl FnOnce(&Shown<'_>, usize) -> io::Result<()>,
) -> io::Result<()> {
    guarded(|| {
        Shown::rendering(drafted, |shown| {
            write(
                shown,
                crate::parallel::threads_for(shown.failures.len(), per_thread),
            )
        })
    })
}

/// What the text renderers show of a report (the terminal's text, a ticket's Markdown), each
/// failure's findings asked as that failure is rendered ([`Shown::own`]): borrowed from a
/// [`crate::Report`], or put into words from the drafts then, and let go with the failure's text
/// (the CLI's, which never holds the report's words beside its text).
struct Shown<'r> {
    tool: crate::analysis::ToolInfo,
    input: &'r crate::analysis::InputInfo,
    failures: &'r [crate::Failure],
    /// About the file ([`crate::Report::file_findings`]).
    file: Vec<Cow<'r, Finding>>,
    /// About requests that did not fail ([`other_findings`]).
    others: Vec<Cow<'r, Finding>>,
    findings: Findings<'r>,
    /// The findings that could not be put into words (a bug), from the drafts.
    unworded: Unworded,
}

/// Where a [`Shown`] report's findings are.
enum Findings<'r> {
    Worded(&'r crate::Report),
    Drafted(&'r crate::analysis::Drafted),
}

impl<'r> Shown<'r> {
    fn of_report(report: &'r crate::Report) -> Shown<'r> {
        Shown {
            tool: report.tool.clone(),
            input: &report.input,
            failures: &report.failures,
            file: report.file_findings().map(Cow::Borrowed).collect(),
            others: other_findings(report).map(Cow::Borrowed).collect(),
            findings: Findings::Worded(report),
            unworded: Unworded::default(),
        }
    }

    /// The report `drafted` becomes: the findings about the file and about requests that did
    /// not fail are put into words now (chosen as [`crate::Report::file_findings`] and
    /// [`other_findings`] choose them), each failure's as it is asked.
    fn of_drafted(drafted: &'r crate::analysis::Drafted) -> Shown<'r> {
        let (tool, input, failures) = drafted.head();
        let failing: HashSet<usize> = failures.iter().map(|x| x.entry).collect();
        let unworded = Unworded::default();
        let mut words = Wording::default();
        let mut worded = |keep: &dyn Fn(&crate::rules::Draft) -> bool| {
            (drafted.drafts().iter())
                .filter(|d| keep(d))
                .map(|d| Cow::Owned(finding_or_stub(drafted, d, &mut words, &unworded)))
                .collect()
        };
        let file = worded(&|d| is_about_the_file(d.meta.id, &d.entries));
        let others = worded(&|d| is_other(d.meta.id, &d.entries, &failing));
        // What is rendered next is about no entry: a bug there must not leave out the entry of
        // the last finding put into words here (`crate::guard`).
        crate::guard::clear();
        Shown {
            tool,
            input,
            failures,
            file,
            others,
            findings: Findings::Drafted(drafted),
            unworded,
        }
    }

    /// `render` of the report `drafted` becomes ([`Shown::of_drafted`]); then what this thread
    /// fingerprinted as it put findings into words is forgotten, as [`Drafted::localize`] does
    /// (the other threads' go with them).
    ///
    /// [`Drafted::localize`]: crate::analysis::Drafted::localize
    fn rendering<R>(
        drafted: &'r crate::analysis::Drafted,
        render: impl FnOnce(&Shown<'r>) -> R,
    ) -> R {
        let shown = Shown::of_drafted(drafted);
        let rendered = render(&shown);
        crate::redact::forget_fingerprints();
        shown.unworded.finish();
        rendered
    }

    /// The findings about `entry` but the file's, best first (put into words with `words`).
    fn own(&self, entry: usize, words: &mut Wording) -> Vec<Cow<'r, Finding>> {
        match self.findings {
            Findings::Worded(report) => (report.findings_for(entry))
                .filter(|f| !is_about_the_file(f.rule, &f.entries))
                .map(Cow::Borrowed)
                .collect(),
            Findings::Drafted(drafted) => (drafted.drafts_for(entry).iter())
                .filter(|d| !is_about_the_file(d.meta.id, &d.entries))
                .map(|d| Cow::Owned(finding_or_stub(drafted, d, words, &self.unworded)))
                .collect(),
        }
    }
}

/// Bugs said on standard error as they are met: the first [`SAID`] one by one, then how many
/// more there were. A capture where every request meets the same bug says it three times, not
/// thousands.
struct Said {
    count: std::sync::atomic::AtomicUsize,
    /// Where the lines go: standard error, or a test's list.
    sink: fn(&str),
}

impl Default for Said {
    fn default() -> Self {
        Said::to(|line| eprintln!("{line}"))
    }
}

/// How many findings (or failures) that could not be put into words are said one by one; then
/// how many.
const SAID: usize = 3;

impl Said {
    /// Lines go to `sink`.
    fn to(sink: fn(&str)) -> Self {
        Said {
            count: Default::default(),
            sink,
        }
    }

    /// Counts one more, and says `line` if it is among the first few.
    fn say(&self, line: impl FnOnce() -> String) {
        if self
            .count
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            < SAID
        {
            (self.sink)(&line());
        }
    }

    /// Says, with `more`, how many more there were than those said (nothing if none).
    fn finish(&self, more: impl FnOnce(usize) -> String) {
        let n = self.count.load(std::sync::atomic::Ordering::Relaxed);
        if n > SAID {
            (self.sink)(&more(n - SAID));
        }
    }
}

/// Findings that could not be put into words (a bug), said as [`Said`] says.
#[derive(Default)]
struct Unworded(Said);

impl Unworded {
    /// Says that draft `d` could not be put into words (the first few).
    fn say(&self, d: &Draft) {
        self.0.say(|| {
            format!(
                "why401: a finding of rule {} about entry {} could not be put into words (a bug; please report it); it is written without its words",
                d.meta.id,
                d.entries.first().map_or_else(|| "-".to_owned(), usize::to_string),
            )
        });
    }

    /// Says how many more there were than those said.
    fn finish(&self) {
        self.0
            .finish(|n| format!("why401: {n} more findings could not be put into words"));
    }
}

/// Draft `d` put into words, or, where that panics (a bug), the finding without its words.
fn finding_or_stub(
    drafted: &Drafted,
    d: &Draft,
    words: &mut crate::analysis::Wording,
    unworded: &Unworded,
) -> Finding {
    use std::panic::{catch_unwind, AssertUnwindSafe};
    // A panic leaves nothing wrong in `words` (at most its order changed): what a draft said is
    // kept once it is all said.
    catch_unwind(AssertUnwindSafe(|| drafted.finding_with(d, words))).unwrap_or_else(|_| {
        unworded.say(d);
        crate::analysis::unworded(d)
    })
}

/// A failure's status code, or the word for a request that got no response.
fn status(failure: &crate::Failure, lang: crate::Lang) -> String {
    failure.status.map_or_else(
        || crate::messages::ui(lang, "no_response").to_owned(),
        |s| s.to_string(),
    )
}

/// Position and width, in percent of the track, of a request's bar in a
/// timeline that spans `span` milliseconds; at least 0.8 % wide so a fast
/// request stays visible, never past the end. Total for any input: no
/// `f64::clamp` with computed bounds, which panics when rounding makes them cross
/// (`100.0 - 99.2 < 0.8`), which took the DevTools panel down once.
pub fn timeline_bar(offset_ms: f64, time_ms: f64, span_ms: f64) -> (f64, f64) {
    let finite = |x: f64| if x.is_finite() { x } else { 0.0 };
    let span = if span_ms.is_finite() && span_ms > 0.0 {
        span_ms
    } else {
        1.0
    };
    // Constant bounds: this clamp cannot cross.
    let left = finite(offset_ms / span * 100.0).clamp(0.0, 99.2);
    let width = finite(time_ms / span * 100.0).max(0.8).min(100.0 - left);
    (left, width)
}

/// Findings about requests that are not failures (warnings on healthy
/// requests), which the per-failure sections do not show.
pub fn other_findings(report: &crate::Report) -> impl Iterator<Item = &crate::finding::Finding> {
    // A set, found once: each finding looked through every failure, and where every request
    // failed that was quadratic (64,000 failures took seconds to render as text).
    let failing: std::collections::HashSet<usize> =
        report.failures.iter().map(|x| x.entry).collect();
    (report.findings.iter()).filter(move |f| is_other(f.rule, &f.entries, &failing))
}

/// Whether a finding of rule `rule` about `entries` is about a request that did not fail
/// ([`other_findings`]).
fn is_other(rule: &str, entries: &[usize], failing: &HashSet<usize>) -> bool {
    !is_about_the_file(rule, entries) && entries.first().is_some_and(|e| !failing.contains(e))
}

/// "The same note applies to 22,000 requests", for a grouped note.
pub fn repeated(f: &crate::finding::Finding, lang: crate::Lang) -> Option<String> {
    (f.repeats > 1).then(|| {
        let opts = crate::Options {
            lang,
            ..crate::Options::default()
        };
        crate::value::Value::phrase(
            "repeated_note",
            vec![(
                "count",
                crate::value::Value::Count(f.repeats as u64, "request"),
            )],
        )
        .show(&opts)
    })
}

/// Counts findings per rule id for the summary, most frequent first.
pub fn summary(report: &crate::Report) -> Vec<(&'static str, usize)> {
    summary_of(&report.failures)
}

/// [`summary`] of `failures`.
fn summary_of(failures: &[crate::Failure]) -> Vec<(&'static str, usize)> {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for f in failures {
        if let Some(primary) = f.causes.first() {
            match counts.iter_mut().find(|(r, _)| r == primary) {
                Some((_, n)) => *n += 1,
                None => counts.push((primary, 1)),
            }
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
}

/// A capture of `findings` requests that all failed, each with two findings (an expired token,
/// an answer that may be cached) whose text needs escaping (quotes, a tab, non-ASCII): for the
/// tests that cut a report into pieces.
#[cfg(test)]
fn failing_capture(findings: usize) -> String {
    let mut har =
        String::from(r#"{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":["#);
    for i in 0..findings {
        if i > 0 {
            har.push(',');
        }
        // A 401 with an expired token and a storable answer: two findings each, with
        // evidence, data and text that needs escaping (quotes, a tab, non-ASCII).
        har.push_str(&format!(
            r#"{{"startedDateTime":"2026-01-01T00:00:{s:02}Z","time":1,
            "request":{{"method":"GET","url":"https://api.example.com/r/{i}?q=\"x\"","httpVersion":"h2","headers":[
              {{"name":"Authorization","value":"Bearer eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE2MDAwMDAwMDB9.c2lnbmF0dXJl"}}],
              "cookies":[],"queryString":[],"headersSize":-1,"bodySize":0}},
            "response":{{"status":401,"statusText":"Unauthorized\tは","httpVersion":"h2","headers":[
              {{"name":"WWW-Authenticate","value":"Bearer error=\"invalid_token\", error_description=\"expired {i}\""}},
              {{"name":"Cache-Control","value":"public, max-age=60"}}],
              "cookies":[],"content":{{"size":0,"mimeType":"text/plain"}},"redirectURL":"","headersSize":-1,"bodySize":0}},
            "cache":{{}},"timings":{{"send":0,"wait":1,"receive":0}}}}"#,
            s = i % 60
        ));
    }
    har.push_str("]}}");
    har
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bugs met on many failures are said one by one for the first three, then counted: with
    /// none, one, three, four and a thousand of them, from several threads at once.
    #[test]
    fn the_first_bugs_are_said_then_how_many_more() {
        static LINES: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
        for met in [0, 1, 3, 4, 1000] {
            LINES.lock().unwrap().clear();
            let said = Said::to(|line| LINES.lock().unwrap().push(line.to_owned()));
            std::thread::scope(|s| {
                for t in 0..4 {
                    let said = &said;
                    s.spawn(move || {
                        for n in (t..met).step_by(4) {
                            said.say(|| format!("bug {n}"));
                        }
                    });
                }
            });
            said.finish(|n| format!("{n} more"));
            let lines = LINES.lock().unwrap().clone();
            let one_by_one = lines.iter().filter(|l| l.starts_with("bug ")).count();
            assert_eq!(one_by_one, met.min(SAID), "{met} met: {lines:?}");
            let more = (met > SAID).then(|| format!("{} more", met - SAID));
            assert_eq!(
                lines.iter().find(|l| l.ends_with(" more")),
                more.as_ref(),
                "{met} met"
            );
            assert_eq!(lines.len(), one_by_one + usize::from(more.is_some()));
            assert!(
                more.is_none() || lines.last() == more.as_ref(),
                "the count comes last"
            );
        }
    }

    /// A failure whose text panics as it is made (a bug in a renderer) is shown by its stub
    /// alone, nothing of what was made of it before the panic, and every other failure as it
    /// would have been, in order: on one thread and on several, alone in its piece or not, first,
    /// in the middle and last.
    #[test]
    fn a_failure_whose_text_panics_is_shown_by_its_stub() {
        let text = failing_capture(7);
        let read = crate::har::parse(&text);
        let drafted =
            crate::analysis::draft_read(&read, Vec::new(), &crate::Options::default()).unwrap();
        let (_, _, failures) = drafted.head();
        let line = |n: usize, f: &crate::Failure| format!("{n} {}\n", f.entry);
        let want: String = (failures.iter().enumerate())
            .map(|(n, f)| line(n, f))
            .collect();
        for bad in [0, 3, failures.len() - 1] {
            for (threads, per_piece) in [(1, 1), (2, 1), (2, 3), (3, 2)] {
                let got = written(|out| {
                    write_failures(
                        out,
                        failures,
                        threads,
                        per_piece,
                        |out, n, f, _| {
                            out.push_str("half a line of ");
                            assert!(n != bad, "a bug in failure {n}");
                            out.truncate(out.len() - "half a line of ".len());
                            out.push_str(&line(n, f));
                        },
                        |out, n, _| out.push_str(&format!("{n} not shown\n")),
                    )
                });
                let expected =
                    want.replace(&line(bad, &failures[bad]), &format!("{bad} not shown\n"));
                assert_eq!(
                    got, expected,
                    "bad {bad}, {threads} threads, {per_piece} a piece"
                );
            }
        }
    }

    /// Where writing the text or the Markdown panics outside a failure (here, the output's
    /// write of the first piece of failures, after the head), the CLI's renderers end with an
    /// error that says why401 failed, not a silent end.
    #[test]
    fn a_panic_while_writing_text_is_an_error_that_says_so() {
        struct Panics(usize);
        impl io::Write for Panics {
            fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
                self.0 += 1;
                assert!(self.0 < 2, "the output broke");
                Ok(bytes.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let text = failing_capture(3);
        let read = crate::har::parse(&text);
        let opts = crate::Options::default();
        let drafted = crate::analysis::draft_read(&read, Vec::new(), &opts).unwrap();
        for err in [
            text_drafted(&drafted, &opts, false, &mut Panics(0)).unwrap_err(),
            markdown_drafted(&drafted, &read.har, &opts, &mut Panics(0)).unwrap_err(),
        ] {
            assert!(
                err.to_string()
                    .contains("why401 failed as it wrote the report"),
                "{err}"
            );
        }
    }

    /// A finding that cannot be put into words while the text or the Markdown is written (a
    /// bug) is shown by its message id, without its words and quotes, and everything else as it
    /// would have been: the other failures, on one thread and on several, one failure a piece,
    /// with the broken finding first, in the middle and last.
    #[test]
    fn a_finding_that_cannot_be_worded_is_shown_without_words() {
        use crate::analysis::FAULT_MESSAGE;
        let text = failing_capture(7);
        let read = crate::har::parse(&text);
        let opts = crate::Options::default();
        let draft = || crate::analysis::draft_read(&read, Vec::new(), &opts).unwrap();
        let clean = draft();
        let last = clean.drafts().len() - 1;
        for broken in [0, last / 2, last] {
            let mut drafted = draft();
            drafted.drafts_mut()[broken].message = FAULT_MESSAGE.into();
            let entry = drafted.drafts()[broken].entries[0];
            let (_, _, failures) = drafted.head();
            let at = (failures.iter().position(|f| f.entry == entry))
                .unwrap_or_else(|| panic!("draft {broken} is about a failure"));
            for threads in [1, 2, 3] {
                for markdown in [false, true] {
                    let render = |drafted: &Drafted| {
                        written(|out| {
                            Shown::rendering(drafted, |shown| match markdown {
                                true => markdown::write(shown, &read.har, &opts, threads, 1, out),
                                false => text::write(shown, &opts, false, threads, 1, out),
                            })
                        })
                    };
                    let (want, got) = (render(&clean), render(&drafted));
                    let case = format!("broken {broken}, {threads} threads, Markdown {markdown}");
                    // Where failure `i` starts, in `text`.
                    let start = |text: &str, i: usize| {
                        let mark = match markdown {
                            true => format!("### {}. ", i + 1),
                            false => format!("#{i}  "),
                        };
                        text.find(&mark)
                            .unwrap_or_else(|| panic!("{mark} ({case})"))
                    };
                    let (w, g) = (start(&want, at), start(&got, at));
                    assert_eq!(got[..g], want[..w], "before the failure ({case})");
                    let (w_end, g_end) = match at + 1 < failures.len() {
                        true => (start(&want, at + 1), start(&got, at + 1)),
                        false => (want.len(), got.len()),
                    };
                    assert_eq!(got[g_end..], want[w_end..], "after the failure ({case})");
                    assert!(got[g..g_end].contains(FAULT_MESSAGE), "{case}");
                    assert!(!want.contains(FAULT_MESSAGE), "{case}");
                    assert_ne!(got[g..g_end], want[w..w_end], "{case}");
                }
            }
        }
    }

    #[test]
    fn timeline_bars_stay_inside_the_track_for_any_timing() {
        let values = [
            0.0,
            -5.0,
            0.4,
            99.2,
            99.5,
            100.0,
            1e9,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for &offset in &values {
            for &time in &values {
                for &span in &[1.0, 100.0, 0.0, f64::NAN] {
                    let (left, width) = timeline_bar(offset, time, span);
                    assert!(
                        (0.0..=99.2).contains(&left),
                        "{offset} {time} {span}: left {left}"
                    );
                    assert!(
                        width > 0.0 && left + width <= 100.0 + 1e-9,
                        "{offset} {time} {span}: {left} {width}"
                    );
                }
            }
        }
        assert_eq!(timeline_bar(50.0, 25.0, 100.0), (50.0, 25.0));
    }
}
