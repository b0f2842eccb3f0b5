//! The report as indented JSON: the bytes `serde_json::to_writer_pretty` writes, with the
//! failures and findings put into text on every core. Where every request of a capture failed,
//! writing thousands of findings on one thread was a tenth of the CLI's time. The CLI's JSON
//! ([`json_drafted`]) puts the findings into words there too, as they are written.

use std::io::{self, Write};

use serde::Serialize;

use crate::analysis::{Drafted, Failure, InputInfo, Report, ToolInfo};
use crate::finding::Finding;

use super::ordered::in_order;
use super::{finding_or_stub, Unworded};

/// Findings per piece of text: about 128 KB, so that the pieces made ahead of the one being
/// written out stay in the cores' caches.
const FINDINGS_PER_PIECE: usize = 64;

/// A piece holds this many failures for each finding a piece of findings holds: a failure's
/// text is about a quarter of a finding's.
const FAILURES_PER_FINDING: usize = 4;

/// Writes `report` as `serde_json::to_writer_pretty` does (the same bytes), its failures and
/// findings in pieces put into text on every core: each piece goes to whichever thread is free,
/// the calling thread included, and it writes them out in order. A report of fewer than 1,024
/// findings (512 a thread) is written on the calling thread alone.
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
    super::guarded(|| json_drafted_on(drafted, out, threads, FINDINGS_PER_PIECE))
}

/// [`json_drafted`] on `threads` threads, `per_piece` findings a piece.
fn json_drafted_on(
    drafted: &Drafted,
    out: &mut impl Write,
    threads: usize,
    per_piece: usize,
) -> io::Result<()> {
    let (tool, input, failures) = drafted.head();
    let unworded = Unworded::default();
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
        |drafts, words: &mut crate::analysis::Wording| {
            let findings: Vec<Finding> = (drafts.iter())
                .map(|d| finding_or_stub(drafted, d, words, &unworded))
                .collect();
            piece(&findings)
        },
    );
    crate::guard::clear();
    crate::redact::forget_fingerprints();
    unworded.finish();
    written
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

/// The failures' member, up to its list.
const FAILURES: &[u8] = b"\"failures\": [";

/// How the report's text ends when it has no failures and no findings.
const NO_FAILURES: &[u8] = b"\"failures\": [],\n  \"findings\": []\n}";

/// What comes between the report's last failure and its first finding.
const BETWEEN: &[u8] = b"\n  ],\n  \"findings\": [";

/// Writes all but the last `keep` bytes written to it.
struct HoldBack<'w, W> {
    out: &'w mut W,
    /// What is not written yet: the last bytes, and what came before them since the last
    /// time more than [`HELD`] bytes were gathered.
    held: Vec<u8>,
    /// How many of the last bytes are held back.
    keep: usize,
}

/// Bytes a [`HoldBack`] gathers before writing them.
const HELD: usize = 1 << 16;

impl<W: Write> Write for HoldBack<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Gathered as a `BufWriter` would (serde_json writes a few bytes at a time), and written
        // out but for the last bytes when there are many.
        self.held.extend_from_slice(buf);
        if self.held.len() >= HELD {
            let over = self.held.len() - self.keep;
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

/// How the text of a [`FailuresPiece`] starts; it ends as a [`Piece`] does.
const FAILURES_OPEN: &[u8] = b"{\n  \"failures\": [";

/// The text of some findings, as a report of only them: [`list`] is the elements of the
/// report's list, indented as there. The bytes `to_writer_pretty` writes of a [`Piece`], each
/// finding written by [`finding`].
fn piece(findings: &[Finding]) -> io::Result<Vec<u8>> {
    if findings.is_empty() {
        return serde_json::to_vec_pretty(&Piece { findings }).map_err(io::Error::from);
    }
    let mut text = Vec::with_capacity(findings.len() * 2048);
    text.extend_from_slice(OPEN);
    for (k, f) in findings.iter().enumerate() {
        text.extend_from_slice(if k == 0 { b"\n" } else { b",\n" });
        indent(&mut text, 2);
        finding(&mut text, f, 2)?;
    }
    text.extend_from_slice(CLOSE);
    Ok(text)
}

/// Writes finding `f` at nesting `level` as `to_writer_pretty` writes it (what its derived
/// `Serialize` says, indented two spaces a level), strings escaped sixteen bytes at a time
/// ([`string`]). serde_json escapes a byte at a time: where every request of the bench's
/// capture failed, that was 8% of the instructions of the whole run. Every field is named, so
/// that a field added to `Finding` does not build until it is written here; the tests compare
/// the bytes with serde_json's.
fn finding(out: &mut Vec<u8>, f: &Finding, level: usize) -> io::Result<()> {
    let Finding {
        rule,
        message,
        severity,
        confidence,
        entries,
        evidence,
        title,
        explanation,
        fixes,
        references,
        repeats,
        data,
    } = f;
    let mut o = Object::open(out, level + 1);
    o.text("rule", rule);
    o.text("message", message);
    o.text("severity", severity.as_str());
    o.text("confidence", confidence.as_str());
    o.key("entries");
    array(o.out, o.level, entries, |out, _, &e| number(out, e));
    o.key("evidence");
    array(o.out, o.level, evidence, |out, level, e| {
        let crate::finding::Evidence {
            entry,
            pointer,
            excerpt,
        } = e;
        let mut o = Object::open(out, level + 1);
        o.number("entry", *entry);
        o.text("pointer", pointer);
        o.text("excerpt", excerpt);
        o.close();
    });
    o.text("title", title);
    o.text("explanation", explanation);
    o.key("fixes");
    array(o.out, o.level, fixes, |out, _, fix| string(out, fix));
    o.key("references");
    array(o.out, o.level, references, |out, level, r| {
        let crate::finding::Reference { title, url } = r;
        let mut o = Object::open(out, level + 1);
        o.text("title", title);
        o.text("url", url);
        o.close();
    });
    if *repeats != 1 {
        o.number("repeats", *repeats);
    }
    if !data.is_empty() {
        o.key("data");
        let mut d = Object::open(o.out, o.level + 1);
        for (k, v) in data.iter() {
            d.key(k);
            match v {
                serde_json::Value::String(s) => string(d.out, s),
                // A number, a list or an object (a few of them in all): serde_json's own text,
                // indented where it is.
                v => {
                    let text = serde_json::to_vec_pretty(v)?;
                    for line in text.split_inclusive(|&b| b == b'\n') {
                        d.out.extend_from_slice(line);
                        if line.ends_with(b"\n") {
                            indent(d.out, d.level);
                        }
                    }
                }
            }
        }
        d.close();
    }
    o.close();
    Ok(())
}

/// An object being written at a nesting level: its members are at `level`.
struct Object<'o> {
    out: &'o mut Vec<u8>,
    level: usize,
    empty: bool,
}

impl<'o> Object<'o> {
    fn open(out: &'o mut Vec<u8>, level: usize) -> Self {
        out.push(b'{');
        Object {
            out,
            level,
            empty: true,
        }
    }

    /// Starts the member `key` (a name of the report's own: of a field, of a message's value,
    /// with nothing to escape): its value comes next.
    fn key(&mut self, key: &'static str) {
        debug_assert_eq!(escape_at(key.as_bytes(), 0), key.len(), "{key}");
        self.out
            .extend_from_slice(if self.empty { b"\n" } else { b",\n" });
        self.empty = false;
        indent(self.out, self.level);
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\": ");
    }

    /// The member `key` with the text `value`.
    fn text(&mut self, key: &'static str, value: &str) {
        self.key(key);
        string(self.out, value);
    }

    /// The member `key` with the number `value`.
    fn number(&mut self, key: &'static str, value: usize) {
        self.key(key);
        number(self.out, value);
    }

    fn close(self) {
        if !self.empty {
            self.out.push(b'\n');
            indent(self.out, self.level - 1);
        }
        self.out.push(b'}');
    }
}

/// A list at nesting `level` (its items one deeper), each item written by `item` (given the
/// items' level).
fn array<T>(
    out: &mut Vec<u8>,
    level: usize,
    items: &[T],
    mut item: impl FnMut(&mut Vec<u8>, usize, &T),
) {
    out.push(b'[');
    for (k, x) in items.iter().enumerate() {
        out.extend_from_slice(if k == 0 { b"\n" } else { b",\n" });
        indent(out, level + 1);
        item(out, level + 1, x);
    }
    if !items.is_empty() {
        out.push(b'\n');
        indent(out, level);
    }
    out.push(b']');
}

fn indent(out: &mut Vec<u8>, level: usize) {
    const SPACES: &[u8] = &[b' '; 32];
    let mut n = 2 * level;
    while n > 0 {
        let k = n.min(SPACES.len());
        out.extend_from_slice(&SPACES[..k]); // boundary: bytes
        n -= k;
    }
}

fn number(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(crate::text::decimal(n as u64, &mut [0; 20]).as_bytes());
}

/// `s` as a JSON string, as serde_json writes one: `"`, `\` and control characters escaped (the
/// short escapes, else `\u00xx`), every other character as it is.
fn string(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    let mut from = 0;
    loop {
        let stop = escape_at(b, from);
        out.extend_from_slice(&b[from..stop]); // boundary: bytes
        let Some(&c) = b.get(stop) else {
            break;
        };
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0C => out.extend_from_slice(b"\\f"),
            c => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(c >> 4)]);
                out.push(HEX[usize::from(c & 0xF)]);
            }
        }
        from = stop + 1;
    }
    out.push(b'"');
}

/// The first byte at or after `at` that a JSON string escapes (`"`, `\`, a control character),
/// or the end: sixteen bytes at a time where the target can, with the reader's own test
/// ([`crate::har::scan::simd::string_stops`]).
fn escape_at(b: &[u8], at: usize) -> usize {
    #[cfg(any(target_feature = "sse2", target_feature = "simd128"))]
    let at = {
        let mut at = at;
        while let Some(chunk) = b.get(at..at + 16) {
            let (stops, _) = crate::har::scan::simd::string_stops(chunk);
            if stops != 0 {
                return at + stops.trailing_zeros() as usize;
            }
            at += 16;
        }
        at
    };
    (b.get(at..).unwrap_or_default().iter())
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
        .map_or(b.len(), |i| at + i)
}

/// Some failures, indented as the report's own are.
#[derive(Serialize)]
struct FailuresPiece<'r> {
    failures: &'r [Failure],
}

/// The text of some failures, as a report of only them: [`list`] is the elements of the
/// report's list.
fn failures_piece(failures: &[Failure]) -> io::Result<Vec<u8>> {
    let mut text = Vec::with_capacity(failures.len() * 512);
    serde_json::to_writer_pretty(&mut text, &FailuresPiece { failures })?;
    Ok(text)
}

/// The elements in the text of a [`piece`] (which starts with `open`) or a [`failures_piece`].
fn list<'t>(piece: &'t [u8], open: &[u8]) -> io::Result<&'t [u8]> {
    piece
        .strip_prefix(open)
        .and_then(|p| p.strip_suffix(CLOSE))
        .ok_or_else(|| io::Error::other("a piece of the report is not a list"))
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
        |findings, _: &mut ()| piece(findings),
    )
}

/// Writes `head`, then the text of `items` (the findings, or what they are made from) in pieces
/// of `per_piece` made by `text`, as the list of findings; then closes the report. The head's
/// failures are put into text in pieces too ([`FAILURES_PER_FINDING`] times as many a piece),
/// and every piece is made on `threads` threads ([`in_order`]), each with its own state `S`.
fn in_pieces<T: Sync, S: Default>(
    out: &mut impl Write,
    head: Head<'_>,
    items: &[T],
    threads: usize,
    per_piece: usize,
    text: impl Fn(&[T], &mut S) -> io::Result<Vec<u8>> + Sync,
) -> io::Result<()> {
    if items.is_empty() {
        return serde_json::to_writer_pretty(out, &head).map_err(io::Error::from);
    }
    let per_piece = per_piece.max(1);
    let failures = head.failures;
    let jobs: Vec<Job<'_, T>> = (failures.chunks(per_piece.saturating_mul(FAILURES_PER_FINDING)))
        .map(Job::Failures)
        .chain(items.chunks(per_piece).map(Job::Findings))
        .collect();
    // The first piece of findings.
    let findings = failures
        .len()
        .div_ceil(per_piece.saturating_mul(FAILURES_PER_FINDING));
    write_head(
        out,
        Head {
            failures: &[],
            ..head
        },
        !failures.is_empty(),
    )?;
    in_order(
        &jobs,
        threads,
        |job, state| match *job {
            Job::Failures(failures) => failures_piece(failures),
            Job::Findings(items) => text(items, state),
        },
        |k, text| {
            if k == findings && k > 0 {
                out.write_all(BETWEEN)?;
            } else if k > 0 {
                out.write_all(b",")?;
            }
            out.write_all(list(text, if k < findings { FAILURES_OPEN } else { OPEN })?)
        },
    )?;
    out.write_all(CLOSE)
}

/// A piece of the report's text to make: some of its failures, or some of its findings (or what
/// they are made from).
enum Job<'r, T> {
    Failures(&'r [Failure]),
    Findings(&'r [T]),
}

/// Writes the report up to its failures (`failures`, when it has some) or its findings, and
/// opens their list.
fn write_head(out: &mut impl Write, head: Head<'_>, failures: bool) -> io::Result<()> {
    // The report with no failures and no findings ends `"failures": [],`, `"findings": []` and
    // its closing brace: all of it is written but the end from the list that opens next (its
    // failures', or its findings' where it has none), held back, then that list is opened in
    // its place.
    let (ends, open) = if failures {
        (NO_FAILURES, FAILURES)
    } else {
        (EMPTY, FINDINGS)
    };
    let mut held = HoldBack {
        out,
        held: Vec::with_capacity(HELD),
        keep: ends.len(),
    };
    serde_json::to_writer_pretty(&mut held, &head)?;
    let HoldBack { out, held, .. } = held;
    let before = held
        .strip_suffix(ends)
        .ok_or_else(|| io::Error::other("the report's findings are not its last field"))?;
    out.write_all(before)?;
    out.write_all(open)
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

    /// The text is `to_writer_pretty`'s, byte for byte, however the failures and findings are cut
    /// into pieces and shared among threads: one finding (and four failures) a piece, pieces
    /// that leave a short one at the end, threads left with nothing to do, and one thread
    /// (`to_writer_pretty` itself); and for findings with no failures.
    #[test]
    fn findings_written_in_pieces_are_the_report_serde_json_writes() {
        // 400 failures: a hundred pieces of failures, one finding a piece.
        for n in [0, 1, 2, 7, 400] {
            let report = report(n);
            assert!(
                n == 0 || report.findings.len() >= 2 * n,
                "{n} failures: {}",
                report.findings.len()
            );
            let whole = serde_json::to_vec_pretty(&report).unwrap();
            writes_as_one(&whole, n, |text, threads, per_piece| {
                json_on(&report, text, threads, per_piece)
            });
        }
        // Findings and no failures (notes about requests that worked): the head's list is empty.
        let mut notes = report(7);
        notes.failures.clear();
        let whole = serde_json::to_vec_pretty(&notes).unwrap();
        assert!(String::from_utf8_lossy(&whole).contains("\"failures\": [],"));
        writes_as_one(&whole, 7, |text, threads, per_piece| {
            json_on(&notes, text, threads, per_piece)
        });
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

    /// A `HoldBack` writes what is written to it but its last `keep` bytes, however much it
    /// gathers first (less than `HELD`, or many times more): the end of a head of any length is
    /// held back, and it holds little more than `HELD` bytes at a time.
    #[test]
    fn a_hold_back_writes_all_but_its_last_bytes() {
        for keep in [EMPTY.len(), NO_FAILURES.len()] {
            for len in [keep, keep + 1, HELD - 1, HELD, HELD + 1, 3 * HELD + 7] {
                let text: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
                let mut out = Vec::new();
                let mut held = HoldBack {
                    out: &mut out,
                    held: Vec::new(),
                    keep,
                };
                for piece in text.chunks(1000) {
                    held.write_all(piece).unwrap();
                    assert!(held.held.len() < HELD + 1000, "{len} bytes");
                }
                let HoldBack { held, .. } = held;
                assert!(held.len() >= keep, "{len} bytes, {keep} kept");
                assert_eq!([out, held].concat(), text, "{len} bytes, {keep} kept");
            }
        }
    }

    /// A piece of findings is the bytes serde_json writes of it, whatever the findings hold:
    /// every ASCII byte (controls, quotes, backslashes), text that is not ASCII, escapes on
    /// either side of each sixteenth byte, empty lists, a count of repeats, and data of every
    /// kind of JSON value, nested.
    #[test]
    fn findings_are_written_as_serde_json_writes_them() {
        use crate::finding::{Confidence, Evidence, Fields, Reference, Severity};
        use serde_json::json;
        let every_byte: String = (0u8..0x80).map(char::from).collect();
        let mut texts = vec![
            String::new(),
            every_byte.clone(),
            "plain words, no escape at all, longer than sixteen bytes".to_owned(),
            "日本語の説明「トークン」é ü 😀 \u{2028} \u{7f}".to_owned(),
        ];
        for at in [0, 1, 14, 15, 16, 17, 31, 32, 33] {
            for c in ['"', '\\', '\n', '\u{1}', '\u{1f}'] {
                let mut t: String = "x".repeat(40);
                t.insert(at, c);
                texts.push(t);
            }
        }
        let mut data = Fields::new();
        data.insert("a_text", json!(every_byte));
        data.insert("b_int", json!(-42));
        data.insert("c_float", json!(1.5));
        data.insert("d_bool", json!(true));
        data.insert("e_null", json!(null));
        data.insert("f_list", json!([1, "two", [], {}, [3, {"k": ["v\n"]}]]));
        data.insert(
            "g_object",
            json!({"z": 1, "a": {"b": [null, false]}, "e": {}}),
        );
        data.insert("h_empty_list", json!([]));
        let finding = |i: usize, t: &str, repeats: usize, full: bool| Finding {
            rule: "cached-401",
            message: t.to_owned(),
            severity: Severity::Warning,
            confidence: Confidence::Possible,
            entries: if full {
                vec![i, 0, usize::MAX]
            } else {
                Vec::new()
            },
            evidence: if full {
                vec![
                    Evidence {
                        entry: i,
                        pointer: format!("/log/entries/{i}/response/headers/7"),
                        excerpt: t.to_owned(),
                    };
                    2
                ]
            } else {
                Vec::new()
            },
            title: t.to_owned(),
            explanation: t.to_owned(),
            fixes: if full {
                vec![t.to_owned().into(), "a fix of the catalog".into()]
            } else {
                Vec::new()
            },
            references: if full {
                std::borrow::Cow::Owned(vec![Reference {
                    title: "RFC 9111 §3.5",
                    url: "https://www.rfc-editor.org/rfc/rfc9111#section-3.5",
                }])
            } else {
                std::borrow::Cow::Borrowed(&[])
            },
            repeats,
            data: if full { data.clone() } else { Fields::new() },
        };
        let mut findings = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            findings.push(finding(i, t, 1, true));
            findings.push(finding(i, t, i + 2, false));
            findings.push(finding(i, t, i + 2, true));
        }
        for n in [1, 2, findings.len()] {
            let findings = &findings[..n];
            let want = serde_json::to_vec_pretty(&Piece { findings }).unwrap();
            let got = piece(findings).unwrap();
            assert!(
                got == want,
                "{n} findings:\n{}\n---\n{}",
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&want)
            );
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
