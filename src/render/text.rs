//! The terminal report.

use std::fmt::Write;

use std::borrow::Cow;

use super::Shown;
use crate::analysis::{Drafted, Failure};
use crate::finding::{Finding, Severity};
use crate::messages::{self, ui};
use crate::{Options, Report};

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    fn sev(&self, sev: Severity, s: &str) -> String {
        let code = match sev {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        self.paint(code, s)
    }
}

/// Failures put into text together, a piece of the report: about 85 KB where every request
/// failed, so that no piece grows by copying itself over and over.
const FAILURES_PER_PIECE: usize = 64;

/// Renders the report for a terminal; `color` adds ANSI colours. Its failures are put into
/// text on every core.
pub fn text(report: &Report, opts: &Options, color: bool) -> String {
    let threads = crate::parallel::threads_for(report.failures.len(), 8 * FAILURES_PER_PIECE);
    let shown = Shown::of_report(report);
    super::written(|out| write(&shown, opts, color, threads, FAILURES_PER_PIECE, out))
}

/// Writes the [`text`] of the report `drafted` becomes ([`Drafted::localize`]), the same
/// text, without the report and without holding the text: each failure's findings are put
/// into words as its piece of text is made, on every core, and the piece is written out and
/// let go ([`Shown::of_drafted`]). The CLI's text: where every request of the bench's capture
/// failed, holding every finding's words made the run's peak 78.1 MiB, and holding the text
/// (7.9 MB) 70.9, against 64.2 written this way (medians of six runs). A bug that panics is
/// met as [`crate::render::json_drafted`] meets it.
pub fn text_drafted(
    drafted: &Drafted,
    opts: &Options,
    color: bool,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    super::write_drafted(drafted, 8 * FAILURES_PER_PIECE, |shown, threads| {
        write(shown, opts, color, threads, FAILURES_PER_PIECE, out)
    })
}

/// Writes the text, `per_piece` failures a piece on `threads` threads: the head, the
/// failures, the tail.
pub(super) fn write(
    shown: &Shown<'_>,
    opts: &Options,
    color: bool,
    threads: usize,
    per_piece: usize,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let st = Style { on: color };
    out.write_all(head(shown, &st, opts.lang).as_bytes())?;
    super::write_failures(
        out,
        shown.failures,
        threads,
        per_piece,
        |out, _, failure, words| {
            failure_text(out, &shown.own(failure.entry, words), failure, &st, opts)
        },
        |out, _, failure| {
            let _ = writeln!(
                out,
                "\n{} #{}  {}",
                st.sev(Severity::Error, "✖"),
                failure.entry,
                ui(opts.lang, "failure_not_shown")
            );
        },
    )?;
    out.write_all(tail(shown, &st, opts.lang).as_bytes())
}

/// What comes before the failures: the counts, what was not read, notes about the file.
fn head(shown: &Shown<'_>, st: &Style, lang: messages::Lang) -> String {
    let mut out = String::new();
    let input = shown.input;
    let counts = crate::value::report_counts(lang, shown.failures.len(), input.entries);
    let _ = write!(out, "{} — {counts}", st.bold("why401"));
    if let Some(creator) = input.creator.as_deref().filter(|c| !c.is_empty()) {
        let creator = crate::value::escape_controls(creator);
        let _ = write!(out, " ({} {creator})", ui(lang, "captured_by"));
    }
    out.push('\n');
    if !input.parse_issues.is_empty() {
        let _ = writeln!(out, "\n{}", st.bold(ui(lang, "parse_issues")));
        for issue in &input.parse_issues {
            // Issue messages quote the capture (a key, a value): escaped like all capture text.
            let text = crate::value::escape_controls(&issue.to_string());
            let _ = writeln!(out, "  {} {text}", st.dim(issue.kind));
        }
    }
    for f in &shown.file {
        let _ = writeln!(out, "\n{}", st.bold(ui(lang, "file_findings")));
        finding(&mut out, st, f, lang, "  ");
    }
    if shown.failures.is_empty() {
        let _ = writeln!(out, "\n{}", ui(lang, "no_failures"));
    }
    out
}

/// One failure: the request, its primary cause in full, the others in brief, and how it
/// differs from the nearest request that worked.
fn failure_text(
    out: &mut String,
    own: &[Cow<'_, Finding>],
    failure: &Failure,
    st: &Style,
    opts: &Options,
) {
    let lang = opts.lang;
    crate::guard::at(Some(failure.entry), None);
    let status = super::status(failure, lang);
    let _ = writeln!(
        out,
        "\n{} #{}  {} {} → {}  {}",
        st.sev(Severity::Error, "✖"),
        failure.entry,
        st.bold(&crate::value::escape_controls(&failure.method)),
        crate::value::escape_controls(&failure.url),
        st.bold(&status),
        st.dim(&format!(
            "[{}]",
            ui(lang, failure.kind.word_key_at(failure.status))
        ))
    );
    let mut own = own.iter();
    if let Some(primary) = own.next() {
        let _ = write!(out, "  {}: ", ui(lang, "primary_cause"));
        finding(out, st, primary, lang, "  ");
    }
    let rest: Vec<&Finding> = own.map(|f| &**f).collect();
    if !rest.is_empty() {
        let _ = writeln!(out, "  {}:", ui(lang, "also"));
        // Secondary causes in brief: title and evidence; `--format json` has all.
        for f in rest {
            let _ = writeln!(out, "    • {} {}", headline(st, f, lang), f.title);
            evidence(out, st, f, lang, "        ");
        }
    }
    // The comparison with the nearest request that worked, unless the primary cause
    // already is that comparison.
    let primary_is_comparison = failure.causes.first() == Some(&"credential-differs");
    if let Some(c) = failure
        .comparison
        .as_ref()
        .filter(|_| !primary_is_comparison)
    {
        for line in wrap(&c.value().show(opts), 92) {
            let _ = writeln!(out, "  {}", st.dim(&line));
        }
    }
}

/// What comes after the failures: notes about requests that did not fail, and the summary.
fn tail(shown: &Shown<'_>, st: &Style, lang: messages::Lang) -> String {
    let mut out = String::new();
    // Warnings about requests that did not fail: a cookie the browser refused,
    // an unsigned token the server accepted. Shown briefly; a note that repeats on
    // many requests is given once, with their number.
    if !shown.others.is_empty() {
        let _ = writeln!(out, "\n{}", st.bold(ui(lang, "other_findings")));
        for f in &shown.others {
            let entry = f
                .entries
                .first()
                .map_or_else(String::new, |e| format!("#{e} "));
            let _ = writeln!(
                out,
                "  {}{} {}",
                st.dim(&entry),
                headline(st, f, lang),
                f.title
            );
            if let Some(note) = super::repeated(f, lang) {
                let _ = writeln!(out, "      {}", st.dim(&note));
            }
            evidence(&mut out, st, f, lang, "      ");
        }
    }
    let summary = super::summary_of(shown.failures);
    if summary.len() > 1 {
        let _ = writeln!(out, "\n{}", st.bold(ui(lang, "summary")));
        for (rule, n) in summary {
            let _ = writeln!(out, "  {n:>4}  {rule}");
        }
    }
    out
}

/// One line per piece of evidence: label, JSON pointer, redacted excerpt.
fn evidence(out: &mut String, st: &Style, f: &Finding, lang: messages::Lang, indent: &str) {
    for e in &f.evidence {
        let _ = writeln!(
            out,
            "{indent}{} {}  {}",
            st.dim(ui(lang, "evidence")),
            st.dim(&e.pointer),
            e.excerpt
        );
    }
}

/// `rule-id (confidence: likely)`, coloured by severity.
fn headline(st: &Style, f: &Finding, lang: messages::Lang) -> String {
    let confidence = format!(
        "({}: {})",
        ui(lang, "confidence"),
        ui(lang, f.confidence.as_str())
    );
    format!("{} {}", st.sev(f.severity, f.rule), st.dim(&confidence))
}

fn finding(out: &mut String, st: &Style, f: &Finding, lang: messages::Lang, indent: &str) {
    let _ = writeln!(out, "{} {}", headline(st, f, lang), st.bold(&f.title));
    if !f.explanation.is_empty() {
        for line in wrap(&f.explanation, 96 - indent.len()) {
            let _ = writeln!(out, "{indent}  {line}");
        }
    }
    evidence(out, st, f, lang, &format!("{indent}  "));
    for (i, fix) in f.fixes.iter().enumerate() {
        let mut lines = wrap(fix, 92 - indent.len()).into_iter();
        if let Some(first) = lines.next() {
            let label = if i == 0 { ui(lang, "fixes") } else { "" };
            // Pad by display width: CJK labels take two columns a character.
            let width: usize = label
                .chars()
                .map(|c| if c.is_ascii() { 1 } else { 2 })
                .sum();
            let pad = " ".repeat(5usize.saturating_sub(width));
            let _ = writeln!(out, "{indent}  {}{pad}{}. {first}", st.dim(label), i + 1);
        }
        for l in lines {
            let _ = writeln!(out, "{indent}          {l}");
        }
    }
    for r in f.references.iter() {
        let _ = writeln!(out, "{indent}  {} {} <{}>", st.dim("↗"), r.title, r.url);
    }
}

/// Wraps on spaces; text without spaces (Japanese) wraps by character count.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let cols = |t: &str| -> usize { t.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum() };
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0usize;
    for token in wrap_tokens(text) {
        let w = cols(token);
        // Japanese punctuation never starts a line; it stays with what it closes.
        let closes = token
            .chars()
            .next()
            .is_some_and(|c| "、。，．）」』】〉》！？：；・ー)".contains(c));
        if used + w > width && !line.is_empty() && !closes {
            lines.push(line.trim_end().to_owned());
            line.clear();
            used = 0;
        }
        if w > width {
            for c in token.chars() {
                let cw = if c.is_ascii() { 1 } else { 2 };
                if used + cw > width {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += cw;
            }
        } else {
            line.push_str(token);
            used += w;
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_owned());
    }
    lines
}

/// Where a line may break: after a space in Latin text, between any two Japanese
/// characters, but never inside a number and the counter that follows it
/// (`1 件`), nor after an opening bracket.
fn wrap_tokens(text: &str) -> Vec<&str> {
    // Slices of the text, not strings of their own: every line of a report of thousands of
    // failures is wrapped, and a string a word was most of the time the terminal's text took.
    let mut tokens = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let end = at + c.len_utf8();
        let boundary = match chars.peek() {
            None => true,
            Some(&(_, n)) => {
                let opening = if c.is_ascii() {
                    c == '('
                } else {
                    "（「『【〈《".contains(c)
                };
                let ascii_word_ends = c == ' ';
                let cjk = !c.is_ascii() && !opening;
                // `1 件`, `5分1秒`: a number keeps its counter.
                let number_then_counter = (c.is_ascii_digit() || c == ' ')
                    && !n.is_ascii()
                    && text[start..end] // boundary: `start` and `end` are where characters start
                        .trim_end()
                        .chars()
                        .last()
                        .is_some_and(|d| d.is_ascii_digit());
                (ascii_word_ends || cjk || (c.is_ascii() && !n.is_ascii() && c != ' '))
                    && !number_then_counter
                    || (!c.is_ascii() && n.is_ascii() && !opening)
            }
        };
        if boundary {
            tokens.push(&text[start..end]); // boundary: as above
            start = end;
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text is the same however the failures are cut into pieces and shared among
    /// threads (one failure a piece, a short piece at the end, more threads than failures),
    /// in both languages and with colours, and each failure is there once, in order.
    #[test]
    fn failures_put_into_text_in_pieces_are_the_text_of_one_piece() {
        for n in [0, 1, 7, 40] {
            let text = super::super::failing_capture(n);
            let read = crate::har::parse(&text);
            for (lang, color) in [(messages::Lang::En, false), (messages::Lang::Ja, true)] {
                let opts = Options {
                    lang,
                    ..Options::default()
                };
                let report = crate::analysis::analyze_read(&read, Vec::new(), &opts).unwrap();
                assert_eq!(report.failures.len(), n);
                let drafted = crate::analysis::draft_read(&read, Vec::new(), &opts).unwrap();
                let (worded, drafted) = (Shown::of_report(&report), Shown::of_drafted(&drafted));
                let made = |shown: &Shown<'_>, threads, per_piece| {
                    super::super::written(|out| write(shown, &opts, color, threads, per_piece, out))
                };
                let whole = made(&worded, 1, usize::MAX);
                let mut at = 0;
                for i in 0..n {
                    let line = format!("#{i}  ");
                    at += whole[at..]
                        .find(&line)
                        .unwrap_or_else(|| panic!("{line} in {whole}"));
                }
                for (threads, per_piece) in [(1, usize::MAX), (2, 1), (2, 3), (3, 2), (8, 64)] {
                    assert_eq!(
                        made(&worded, threads, per_piece),
                        whole,
                        "{n} failures, {threads} threads, {per_piece} a piece"
                    );
                    // Put into words as the text is made: the same text.
                    assert_eq!(
                        made(&drafted, threads, per_piece),
                        whole,
                        "{n} failures, {threads} threads, {per_piece} a piece, from the drafts"
                    );
                }
            }
        }
    }

    #[test]
    fn wrap_respects_width_for_latin_and_cjk() {
        let l = wrap("aaa bbb ccc ddd", 8);
        assert_eq!(l, vec!["aaa bbb", "ccc ddd"]);
        let j = wrap("認証に失敗しました認証に失敗しました", 10);
        assert!(j.iter().all(|l| l.chars().count() <= 5), "{j:?}");
        assert_eq!(j.concat(), "認証に失敗しました認証に失敗しました");
    }

    #[test]
    fn japanese_keeps_numbers_with_their_counters_and_punctuation_with_its_word() {
        let text = "why401 — 11 件のエントリのうち 7 件の認証失敗が見つかりました。原因を確認してください。";
        for width in 8..40 {
            let lines = wrap(text, width);
            assert_eq!(
                lines.concat().replace(' ', ""),
                text.replace(' ', ""),
                "width {width}"
            );
            for l in &lines {
                assert!(!l.starts_with(['、', '。']), "width {width}: {lines:?}");
                assert!(
                    !l.ends_with(|c: char| c.is_ascii_digit()) || l.ends_with("why401"),
                    "width {width}: a number cut from its counter: {lines:?}"
                );
            }
        }
    }
}
