//! The report as indented JSON: the bytes `serde_json::to_writer_pretty` writes, with the
//! findings put into text on every core. Where every request of a capture failed, writing
//! thousands of findings on one thread was a tenth of the CLI's time. The CLI's JSON
//! ([`json_drafted`]) puts the findings into words there too, as they are written.

use std::io::{self, Write};

use serde::Serialize;

use crate::analysis::{Drafted, Failure, InputInfo, Report, ToolInfo};
use crate::finding::Finding;
use crate::rules::Draft;

/// Findings per piece of text: about 128 KB, so that the pieces made ahead of the one being
/// written out stay in the cores' caches.
const FINDINGS_PER_PIECE: usize = 64;

/// Pieces a thread may have written ahead of the one being written out.
const AHEAD: usize = 2;

/// Writes `report` as `serde_json::to_writer_pretty` does (the same bytes), the findings in
/// pieces put into text on every core: the pieces go round the threads, the calling thread
/// included, and it writes them out in order. A report of fewer than 1,024 findings (512 a
/// thread) is written on the calling thread alone.
pub fn json(report: &Report, out: &mut impl Write) -> io::Result<()> {
    let threads = crate::parallel::threads_for(report.findings.len(), 8 * FINDINGS_PER_PIECE);
    json_on(report, out, threads, FINDINGS_PER_PIECE)
}

/// Writes the report `drafted` becomes ([`Drafted::localize`]), the same bytes as [`json`]
/// writes of it, without holding it: the findings are put into words a piece at a time, as
/// they are written out, on every core. Where every request of the bench's capture failed,
/// holding them all raised the run's peak by 2.3 MiB (of 34 beyond the file).
///
/// A finding that cannot be put into words (a bug: the analysis' guard is over by now, and what
/// was written cannot be taken back) is written without its words and its quotes (the rule,
/// the places, the references), and said on standard error by its rule and entry: not by the
/// panic's message, which may quote the capture. The default panic hook is silenced meanwhile
/// ([`crate::guard::quietly`]); a panic elsewhere in the writing (a bug too) is an error that
/// says so, not a silent end.
pub fn json_drafted(drafted: &Drafted, out: &mut impl Write) -> io::Result<()> {
    let threads = crate::parallel::threads_for(drafted.drafts().len(), 8 * FINDINGS_PER_PIECE);
    crate::guard::quietly(|| json_drafted_on(drafted, out, threads, FINDINGS_PER_PIECE))
        .unwrap_or_else(|_| {
            Err(io::Error::other(
                "why401 failed as it wrote the report (a bug; please report it)",
            ))
        })
}

/// Findings that could not be put into words, each said on standard error up to [`SAID`].
struct Unworded(std::sync::atomic::AtomicUsize);

/// How many findings that could not be put into words are said one by one; then how many.
const SAID: usize = 3;

impl Unworded {
    /// Says that draft `d` could not be put into words (the first few).
    fn say(&self, d: &Draft) {
        let n = self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if n < SAID {
            eprintln!(
                "why401: a finding of rule {} about entry {} could not be put into words (a bug; please report it); it is written without its words",
                d.meta.id,
                d.entries.first().map_or_else(|| "-".to_owned(), usize::to_string),
            );
        }
    }

    /// Says how many more there were than those said.
    fn finish(&self) {
        let n = self.0.load(std::sync::atomic::Ordering::Relaxed);
        if n > SAID {
            eprintln!(
                "why401: {} more findings could not be put into words",
                n - SAID
            );
        }
    }
}

/// [`json_drafted`] on `threads` threads, `per_piece` findings a piece.
fn json_drafted_on(
    drafted: &Drafted,
    out: &mut impl Write,
    threads: usize,
    per_piece: usize,
) -> io::Result<()> {
    let (tool, input, failures) = drafted.head();
    let unworded = Unworded(std::sync::atomic::AtomicUsize::new(0));
    let written = in_pieces(
        out,
        Head {
            tool: &tool,
            input,
            failures,
            findings: [],
        },
        drafted.drafts(),
        threads,
        per_piece,
        |drafts| {
            let findings: Vec<Finding> = (drafts.iter())
                .map(|d| finding_or_stub(drafted, d, &unworded))
                .collect();
            piece(&findings)
        },
    );
    crate::guard::clear();
    crate::redact::forget_fingerprints();
    unworded.finish();
    written
}

/// Draft `d` put into words, or, where that panics (a bug), the finding without its words.
fn finding_or_stub(drafted: &Drafted, d: &Draft, unworded: &Unworded) -> Finding {
    use std::panic::{catch_unwind, AssertUnwindSafe};
    catch_unwind(AssertUnwindSafe(|| drafted.finding(d))).unwrap_or_else(|_| {
        unworded.say(d);
        crate::analysis::unworded(d)
    })
}

/// The report with the findings left for the caller to write: every field, in the report's
/// order, so that its text is the whole report's up to the findings (a test compares the two).
#[derive(Serialize)]
struct Head<'r> {
    tool: &'r ToolInfo,
    input: &'r InputInfo,
    failures: &'r [Failure],
    findings: [(); 0],
}

/// Some findings, indented as the report's own are: their text is that of the report's list,
/// between the brackets.
#[derive(Serialize)]
struct Piece<'r> {
    findings: &'r [Finding],
}

/// The findings' member, up to its list.
const FINDINGS: &[u8] = b"\"findings\": [";

/// How the report's text ends when it has no findings: [`FINDINGS`], `]` and the closing brace.
const EMPTY: &[u8] = b"\"findings\": []\n}";

/// Writes all but the last [`EMPTY`]`.len()` bytes written to it.
struct HoldBack<'w, W> {
    out: &'w mut W,
    /// What is not written yet: the last bytes, and what came before them since the last
    /// time more than [`HELD`] bytes were gathered.
    held: Vec<u8>,
}

/// Bytes a [`HoldBack`] gathers before writing them.
const HELD: usize = 1 << 16;

impl<W: Write> Write for HoldBack<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Gathered as a `BufWriter` would (serde_json writes a few bytes at a time), and written
        // out but for the last bytes when there are many.
        self.held.extend_from_slice(buf);
        if self.held.len() >= HELD {
            let over = self.held.len() - EMPTY.len();
            self.out.write_all(&self.held[..over])?;
            self.held.drain(..over);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// How the text of a [`Piece`] starts (then come its elements) and ends.
const OPEN: &[u8] = b"{\n  \"findings\": [";
const CLOSE: &[u8] = b"\n  ]\n}";

/// The text of some findings, as a report of only them: [`list`] is the elements of the
/// report's list, indented as there.
fn piece(findings: &[Finding]) -> io::Result<Vec<u8>> {
    let mut text = Vec::with_capacity(findings.len() * 2048);
    serde_json::to_writer_pretty(&mut text, &Piece { findings })?;
    Ok(text)
}

/// The elements in the text of a [`piece`].
fn list(piece: &[u8]) -> io::Result<&[u8]> {
    piece
        .strip_prefix(OPEN)
        .and_then(|p| p.strip_suffix(CLOSE))
        .ok_or_else(|| io::Error::other("a piece of findings is not a list"))
}

/// [`json`] on `threads` threads (one writes as `to_writer_pretty` does), `per_piece`
/// findings a piece.
fn json_on(
    report: &Report,
    out: &mut impl Write,
    threads: usize,
    per_piece: usize,
) -> io::Result<()> {
    // Every field named, so that a field added to the report does not build until it is here.
    let Report {
        tool,
        input,
        failures,
        findings,
    } = report;
    if threads < 2 || findings.is_empty() {
        return serde_json::to_writer_pretty(out, report).map_err(io::Error::from);
    }
    in_pieces(
        out,
        Head {
            tool,
            input,
            failures,
            findings: [],
        },
        findings,
        threads,
        per_piece,
        piece,
    )
}

/// Writes `head`, then the text of `items` (the findings, or what they are made from) in pieces
/// of `per_piece` made by `text` on `threads` threads, as the list of findings; then closes the
/// report.
fn in_pieces<T: Sync>(
    out: &mut impl Write,
    head: Head<'_>,
    items: &[T],
    threads: usize,
    per_piece: usize,
    text: impl Fn(&[T]) -> io::Result<Vec<u8>> + Sync,
) -> io::Result<()> {
    if items.is_empty() {
        return serde_json::to_writer_pretty(out, &head).map_err(io::Error::from);
    }
    let threads = threads.max(1);
    let pieces: Vec<&[T]> = items.chunks(per_piece.max(1)).collect();
    let (pieces, text) = (&pieces, &text);
    std::thread::scope(|scope| {
        // Thread `t` (from 1) puts pieces `t`, `t + threads`, … into text, in that order.
        let (receivers, mut helpers): (Vec<_>, Vec<_>) = (1..threads)
            .map(|t| {
                let (send, receive) = std::sync::mpsc::sync_channel(AHEAD);
                let helper = scope.spawn(move || {
                    for &items in pieces.iter().skip(t).step_by(threads) {
                        // The writer stopped (it failed, or a piece did): so do the others.
                        if send.send(text(items)).is_err() {
                            break;
                        }
                    }
                });
                (receive, Some(helper))
            })
            .unzip();
        // Written while the other threads start on the findings.
        write_head(out, head)?;
        for (k, &items) in pieces.iter().enumerate() {
            let text = match k % threads {
                0 => text(items)?,
                t => match receivers[t - 1].recv() {
                    Ok(text) => text?,
                    // A helper stops early only when it panics: the panic goes on here.
                    Err(_) => match helpers[t - 1].take().map(|h| h.join()) {
                        Some(Err(panic)) => std::panic::resume_unwind(panic),
                        _ => return Err(io::Error::other("a thread writing findings stopped")),
                    },
                },
            };
            if k > 0 {
                out.write_all(b",")?;
            }
            out.write_all(list(&text)?)?;
        }
        out.write_all(CLOSE)
    })
}

/// Writes the report up to its findings, and opens their list.
fn write_head(out: &mut impl Write, head: Head<'_>) -> io::Result<()> {
    // The report with no findings ends `"findings": []` and its closing brace: all of it is
    // written but those last bytes, held back, then the list is opened in their place.
    let mut held = HoldBack {
        out,
        held: Vec::with_capacity(HELD),
    };
    serde_json::to_writer_pretty(&mut held, &head)?;
    let HoldBack { out, held } = held;
    let before = held
        .strip_suffix(EMPTY)
        .ok_or_else(|| io::Error::other("the report's findings are not its last field"))?;
    out.write_all(before)?;
    out.write_all(FINDINGS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(findings: usize) -> Report {
        crate::analyze_bytes(
            super::super::failing_capture(findings).into_bytes(),
            &crate::Options::default(),
        )
        .expect("the capture reads")
    }

    /// The text is `to_writer_pretty`'s, byte for byte, however the findings are cut into pieces
    /// and shared among threads: one finding a piece, pieces that leave a short one at the end,
    /// threads left with nothing to do, and one thread (`to_writer_pretty` itself).
    #[test]
    fn findings_written_in_pieces_are_the_report_serde_json_writes() {
        // 400 failures: the text before the findings is longer than a `HoldBack` gathers.
        for n in [0, 1, 2, 7, 400] {
            let report = report(n);
            assert!(
                n == 0 || report.findings.len() >= 2 * n,
                "{n} failures: {}",
                report.findings.len()
            );
            let whole = serde_json::to_vec_pretty(&report).unwrap();
            if n == 400 {
                let head = whole.windows(12).position(|w| w == b"\"findings\": ");
                assert!(head.is_some_and(|h| h > HELD), "{head:?}");
            }
            writes_as_one(&whole, n, |text, threads, per_piece| {
                json_on(&report, text, threads, per_piece)
            });
        }
    }

    /// Checks that `write` writes `whole` (the report of `n` failures) however the findings are
    /// cut into pieces and shared among threads: one finding a piece, pieces that leave a short
    /// one at the end, threads left with nothing to do, and one thread.
    fn writes_as_one(
        whole: &[u8],
        n: usize,
        write: impl Fn(&mut Vec<u8>, usize, usize) -> io::Result<()>,
    ) {
        for (threads, per_piece) in [(1, 64), (1, 1), (2, 1), (2, 3), (3, 2), (2, 64)] {
            let mut text = Vec::new();
            write(&mut text, threads, per_piece).unwrap();
            assert!(
                text == whole,
                "{n} failures, {threads} threads, {per_piece} per piece:\n{}\n---\n{}",
                String::from_utf8_lossy(&text),
                String::from_utf8_lossy(whole)
            );
        }
    }

    /// What the CLI writes of a report whose findings are put into words as they are written:
    /// the bytes of the report they make (its `localize`), however they are cut into pieces and
    /// shared among threads, a finding with words of its own included (the expired tokens' are
    /// fingerprinted as they are written).
    #[test]
    fn drafts_written_in_pieces_are_the_report_they_make() {
        let opts = crate::Options {
            fingerprint_key: Some(crate::redact::FingerprintKey::from_passphrase("k")),
            ..crate::Options::default()
        };
        for n in [0, 1, 2, 7, 400] {
            let text = super::super::failing_capture(n);
            let read = crate::har::parse(&text);
            let draft = || crate::analysis::draft_read(&read, Vec::new(), &opts).unwrap();
            let whole = serde_json::to_vec_pretty(&draft().localize()).unwrap();
            assert!(n == 0 || draft().drafts().len() >= 2 * n, "{n} failures");
            assert!(
                n == 0 || String::from_utf8_lossy(&whole).contains("chars, #"),
                "{n} failures: nothing fingerprinted"
            );
            let drafted = draft();
            writes_as_one(&whole, n, |text, threads, per_piece| {
                json_drafted_on(&drafted, text, threads, per_piece)
            });
        }
    }

    /// A finding that cannot be put into words while the report is written (a bug) is written
    /// without its words and quotes, and every other finding as it would have been: on the
    /// writing thread, on a helper (piece 1 of 2 threads, pieces 1 and 2 of 3), first and last.
    #[test]
    fn a_finding_that_cannot_be_worded_is_written_without_words() {
        let text = super::super::failing_capture(7);
        let read = crate::har::parse(&text);
        let opts = crate::Options::default();
        let draft = || crate::analysis::draft_read(&read, Vec::new(), &opts).unwrap();
        let clean: serde_json::Value = serde_json::to_value(draft().localize()).unwrap();
        let want = clean["findings"].as_array().unwrap();
        let last = want.len() - 1;
        for broken in [0, 2, 5, last] {
            let mut drafted = draft();
            drafted.drafts_mut()[broken].message = crate::analysis::FAULT_MESSAGE.into();
            for threads in [1, 2, 3] {
                let mut out = Vec::new();
                json_drafted_on(&drafted, &mut out, threads, 2).unwrap();
                let written: serde_json::Value = serde_json::from_slice(&out).unwrap();
                let got = written["findings"].as_array().unwrap();
                assert_eq!(got.len(), want.len(), "broken {broken}, {threads} threads");
                for (i, (g, w)) in got.iter().zip(want).enumerate() {
                    if i != broken {
                        assert_eq!(g, w, "finding {i}, broken {broken}, {threads} threads");
                        continue;
                    }
                    for same in ["rule", "entries", "references", "severity", "confidence"] {
                        assert_eq!(g[same], w[same], "{same}");
                    }
                    assert_eq!(g["message"], crate::analysis::FAULT_MESSAGE);
                    assert_eq!(g["title"], crate::analysis::FAULT_MESSAGE);
                    assert_eq!(g["explanation"], "");
                    assert_eq!(g["fixes"], serde_json::json!([]));
                    assert!(g.get("data").is_none(), "{g}");
                    let evidence = g["evidence"].as_array().unwrap();
                    assert_eq!(evidence.len(), w["evidence"].as_array().unwrap().len());
                    for (e, we) in evidence.iter().zip(w["evidence"].as_array().unwrap()) {
                        assert_eq!(e["pointer"], we["pointer"]);
                        assert_eq!(e["excerpt"], "", "nothing quoted");
                    }
                }
                assert_eq!(written["failures"], clean["failures"]);
            }
        }
    }

    /// A panic in the writing but outside a finding's words (here, the output's) is an error
    /// that says why401 failed, not an end without a word (the panic hook is silenced).
    #[test]
    fn a_panic_while_writing_is_an_error_that_says_so() {
        struct Panics;
        impl Write for Panics {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                panic!("the output broke");
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let text = super::super::failing_capture(3);
        let read = crate::har::parse(&text);
        let drafted =
            crate::analysis::draft_read(&read, Vec::new(), &crate::Options::default()).unwrap();
        let e = json_drafted(&drafted, &mut Panics).unwrap_err();
        assert!(
            e.to_string()
                .contains("why401 failed as it wrote the report"),
            "{e}"
        );
    }

    /// Output that fails while other threads are putting findings into text: the error comes
    /// back, and no thread is left waiting (the test would hang).
    #[test]
    fn a_write_that_fails_ends_every_thread() {
        struct FailsAfter(usize);
        impl Write for FailsAfter {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                let n = buf.len().min(self.0);
                self.0 -= n;
                if n == 0 {
                    return Err(io::Error::other("full"));
                }
                Ok(n)
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let report = report(40);
        let whole = serde_json::to_vec_pretty(&report).unwrap().len();
        for after in [0, 100, whole / 2, whole - 1] {
            for threads in [2, 3] {
                let e = json_on(&report, &mut FailsAfter(after), threads, 1).unwrap_err();
                assert_eq!(
                    e.to_string(),
                    "full",
                    "after {after} bytes, {threads} threads"
                );
            }
        }
        json_on(&report, &mut FailsAfter(whole), 2, 1).expect("room for all of it");
    }
}
