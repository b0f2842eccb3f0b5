//! Markdown for a ticket: environment, the failing request (redacted), expected
//! versus observed, cause, fix, and a `curl` to reproduce.

use std::borrow::Cow;
use std::fmt::Write;

use super::Shown;
use crate::analysis::{Drafted, Failure};
use crate::finding::Finding;
use crate::har::Har;
use crate::messages::{fill, ui};
use crate::value::Value;
use crate::{Options, Report};

/// Failures put into Markdown together, a piece of the report (about 190 KB where every request
/// failed, each with its request and its `curl`), so that no piece grows by copying itself
/// over and over.
const FAILURES_PER_PIECE: usize = 64;

/// Renders the report as Markdown. `har` is the capture the report was made from,
/// for the request lines and the `curl` command. Its failures are put into Markdown on every
/// core.
pub fn markdown(report: &Report, har: &Har<'_>, opts: &Options) -> String {
    let threads = crate::parallel::threads_for(report.failures.len(), 4 * FAILURES_PER_PIECE);
    let shown = Shown::of_report(report);
    super::written(|out| write(&shown, har, opts, threads, FAILURES_PER_PIECE, out))
}

/// Writes the [`markdown`] of the report `drafted` becomes ([`Drafted::localize`]), the same
/// text, without the report and without holding the text: each failure's findings are put
/// into words as its piece is made, on every core, and the piece is written out and let go
/// ([`Shown::of_drafted`]). The CLI's Markdown: where every request of the bench's capture
/// failed, holding every finding's words made the run's peak 87.8 MiB, and holding the
/// Markdown (17.8 MB) 80.5, against 64.3 written this way (medians of six runs). A bug that
/// panics is met as [`crate::render::json_drafted`] meets it.
pub fn markdown_drafted(
    drafted: &Drafted,
    har: &Har<'_>,
    opts: &Options,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    super::write_drafted(drafted, 4 * FAILURES_PER_PIECE, |shown, threads| {
        write(shown, har, opts, threads, FAILURES_PER_PIECE, out)
    })
}

/// Writes the Markdown, `per_piece` failures a piece on `threads` threads: the head, the
/// failures, the tail.
pub(super) fn write(
    shown: &Shown<'_>,
    har: &Har<'_>,
    opts: &Options,
    threads: usize,
    per_piece: usize,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let opts = &*opts.for_capture(har);
    out.write_all(head(shown, har, opts).as_bytes())?;
    super::write_failures(
        out,
        shown.failures,
        threads,
        per_piece,
        |out, n, failure, words| {
            failure_markdown(out, n, &shown.own(failure.entry, words), failure, har, opts)
        },
        |out, n, failure| {
            let entry = ui(opts.lang, "ui_entry");
            let why = ui(opts.lang, "failure_not_shown");
            let _ = writeln!(out, "### {}. {entry} #{}\n\n{why}\n", n + 1, failure.entry);
        },
    )?;
    out.write_all(tail(shown, opts.lang).as_bytes())
}

/// What comes before the failures: the environment, what was not read, notes about the file.
fn head(shown: &Shown<'_>, har: &Har<'_>, opts: &Options) -> String {
    let input = shown.input;
    let lang = opts.lang;
    let mut out = String::new();
    let _ = writeln!(out, "## {}\n", ui(lang, "report_title"));
    let _ = writeln!(out, "**{}**", ui(lang, "environment"));
    let _ = writeln!(
        out,
        "- {}: {}",
        ui(lang, "captured_by"),
        md(&one_line(input.creator.as_deref().unwrap_or("?")))
    );
    if let Some(b) = &har.browser {
        let _ = writeln!(
            out,
            "- {}: {} {}",
            ui(lang, "browser"),
            md(&one_line(&b.name)),
            md(&one_line(&b.version))
        );
    }
    let _ = writeln!(
        out,
        "- {}",
        crate::value::report_counts(lang, shown.failures.len(), input.entries)
    );
    let _ = writeln!(out, "- why401 {}\n", shown.tool.version);
    // What of the capture was not read (a file cut short, entries left out or let go): a
    // ticket says so as the terminal does.
    if !input.parse_issues.is_empty() {
        let _ = writeln!(out, "**{}**", ui(lang, "parse_issues"));
        for issue in &input.parse_issues {
            let _ = writeln!(
                out,
                "- `{}` {}",
                issue.kind,
                md(&one_line(&issue.to_string()))
            );
        }
        out.push('\n');
    }
    for f in &shown.file {
        let _ = writeln!(
            out,
            "> **{}** — {}\n>\n> {}\n",
            f.rule,
            md(&f.title),
            md(&f.explanation)
        );
    }
    if shown.failures.is_empty() {
        let _ = writeln!(out, "{}\n", ui(lang, "no_failures"));
    }
    out
}

/// The report's failure `n` (from 0): its request (redacted), expected against observed, its
/// cause and fixes, and a `curl` to reproduce it.
fn failure_markdown(
    out: &mut String,
    n: usize,
    own: &[Cow<'_, Finding>],
    failure: &Failure,
    har: &Har<'_>,
    opts: &Options,
) {
    let lang = opts.lang;
    crate::guard::at(Some(failure.entry), None);
    let Some(entry) = har.entry(failure.entry) else {
        return;
    };
    let status = super::status(failure, lang);
    let _ = writeln!(
        out,
        "### {}. {} → {status}\n",
        n + 1,
        code(&format!(
            "{} {}",
            failure.method,
            failure.url.replace('`', "%60")
        ))
    );
    let _ = writeln!(
        out,
        "**{}** (entry {})\n",
        ui(lang, "request"),
        failure.entry
    );
    let mut block = format!(
        "{} {} {}\n",
        one_line(&entry.request.method),
        one_line(&crate::http::site::request_target(
            &opts.redact_url(&entry.request.url)
        )),
        one_line(&entry.request.http_version)
    );
    let headers = har.request_headers(entry);
    for h in &headers {
        let _ = writeln!(
            block,
            "{}: {}",
            one_line(&h.name),
            one_line(&opts.header(&h.name, &h.value))
        );
    }
    if let Some((p, body)) = entry
        .request
        .post_data
        .as_ref()
        .and_then(|p| Some((p, p.text()?)))
    {
        let shown = opts.body(&p.mime_type, &body);
        // A ticket needs the shape of the body, not megabytes of it.
        let cut: String = shown.chars().take(2000).collect();
        let more = if cut.len() < shown.len() { "…" } else { "" };
        let _ = writeln!(
            block,
            "\n{}{more}",
            crate::value::escape_controls_keep_lines(&cut)
        );
    }
    out.push_str(&fenced("http", &block));
    out.push('\n');
    let mut data = crate::finding::Fields::new();
    data.insert("status", Value::text(status.clone()));
    data.insert(
        "kind",
        Value::Word(failure.kind.word_key_at(failure.status)),
    );
    let _ = writeln!(
        out,
        "- **{}**: {}",
        ui(lang, "expected"),
        ui(lang, "expected_text")
    );
    let _ = writeln!(
        out,
        "- **{}**: {}\n",
        ui(lang, "observed"),
        fill(ui(lang, "observed_text"), &data, opts)
    );
    if let Some(c) = &failure.comparison {
        let _ = writeln!(out, "- {}\n", md(&c.value().show(opts)));
    }
    let mut own = own.iter();
    if let Some(primary) = own.next() {
        let _ = writeln!(
            out,
            "**{}**: {} (`{}`, {})\n",
            ui(lang, "cause"),
            md(&primary.title),
            primary.rule,
            ui(lang, primary.confidence.as_str())
        );
        let _ = writeln!(out, "{}\n", md(&primary.explanation));
        for e in &primary.evidence {
            let _ = writeln!(
                out,
                "- {}: {} — {}",
                ui(lang, "evidence"),
                code(&e.pointer),
                code(&e.excerpt)
            );
        }
        let _ = writeln!(out, "\n**{}**\n", ui(lang, "fixes"));
        for (i, fix) in primary.fixes.iter().enumerate() {
            let _ = writeln!(out, "{}. {}", i + 1, md(fix));
        }
        let refs: Vec<String> = primary
            .references
            .iter()
            .map(|r| format!("[{}]({})", r.title, r.url))
            .collect();
        if !refs.is_empty() {
            let _ = writeln!(out, "\n{}: {}", ui(lang, "references"), refs.join(", "));
        }
    }
    let rest: Vec<String> = own
        .map(|f| format!("`{}` — {}", f.rule, md(&f.title)))
        .collect();
    if !rest.is_empty() {
        let _ = writeln!(out, "\n{}:", ui(lang, "also"));
        for r in rest {
            let _ = writeln!(out, "- {r}");
        }
    }
    let curl = super::curl::curl_with(entry, &headers, opts);
    let _ = writeln!(
        out,
        "\n**{}**\n\n{}",
        ui(lang, "reproduce"),
        fenced("sh", &format!("{curl}\n"))
    );
}

/// What comes after the failures: notes about requests that did not fail.
fn tail(shown: &Shown<'_>, lang: crate::messages::Lang) -> String {
    let mut out = String::new();
    if !shown.others.is_empty() {
        let _ = writeln!(out, "### {}\n", ui(lang, "other_findings"));
        for f in &shown.others {
            let entry = f
                .entries
                .first()
                .map_or_else(String::new, |e| format!("{} #{e}: ", ui(lang, "ui_entry")));
            let repeated =
                super::repeated(f, lang).map_or_else(String::new, |n| format!(" ({})", md(&n)));
            let _ = writeln!(out, "- {entry}`{}` — {}{repeated}", f.rule, md(&f.title));
        }
        out.push('\n');
    }
    out
}

/// Prose from the catalog with values from the capture in it, made inert for a
/// ticket renderer: outside code spans, every character that could start a link,
/// an image, HTML, emphasis, a table cell or a heading is escaped; code spans (the
/// catalog's own, matched as CommonMark matches them) are kept as written. A
/// backtick run that closes nothing is escaped, so capture text cannot open a
/// span that swallows the escaping.
fn md(s: &str) -> String {
    let s = crate::value::escape_controls_keep_lines(s);
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s.as_str();
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            let run = rest.len() - rest.trim_start_matches('`').len();
            let after = &rest[run..]; // boundary: a run of ASCII backticks
            if let Some(close) = closing_run(after, run) {
                out.push_str(&rest[..run + close + run]); // boundary: ASCII backtick runs
                rest = &rest[run + close + run..]; // boundary: ASCII backtick runs
            } else {
                for _ in 0..run {
                    out.push_str("\\`");
                }
                rest = after;
            }
            continue;
        }
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '[' | ']' | '!' | '*' | '_' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // A heading only starts a line.
            '#' if out.is_empty() || out.ends_with('\n') => out.push_str("\\#"),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Where a run of exactly `n` backticks starts in `s`, if any (CommonMark's code
/// span closing rule).
fn closing_run(s: &str, n: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let start = i;
            while i < bytes.len() && bytes[i] == b'`' {
                i += 1;
            }
            if i - start == n {
                return Some(start);
            }
        } else {
            i += 1;
        }
    }
    None
}

/// The longest run of backticks in `s`.
fn longest_backtick_run(s: &str) -> usize {
    s.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// Text as an inline code span: on one line, fenced by more backticks than any
/// run inside it (CommonMark), padded with a space when it starts or ends with one.
fn code(s: &str) -> String {
    let s = one_line(s);
    let fence = "`".repeat(longest_backtick_run(&s) + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// A fenced code block whose fence is longer than any backtick run in `content`,
/// so the content cannot close it.
fn fenced(info: &str, content: &str) -> String {
    let fence = "`".repeat((longest_backtick_run(content) + 1).max(3));
    format!("{fence}{info}\n{content}{fence}\n")
}

/// Capture text on one line, control and bidirectional characters made visible.
fn one_line(s: &str) -> String {
    crate::value::escape_controls(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Markdown is the same however the failures are cut into pieces and shared among
    /// threads (one failure a piece, a short piece at the end, more threads than failures):
    /// the failures are numbered through the whole report, each once, in order.
    #[test]
    fn failures_put_into_markdown_in_pieces_are_the_markdown_of_one_piece() {
        for n in [0, 1, 7, 40] {
            let text = super::super::failing_capture(n);
            let read = crate::har::parse(&text);
            let opts = Options::default();
            let report = crate::analysis::analyze_read(&read, Vec::new(), &opts).unwrap();
            let drafted = crate::analysis::draft_read(&read, Vec::new(), &opts).unwrap();
            assert_eq!(report.failures.len(), n);
            let (worded, drafted) = (Shown::of_report(&report), Shown::of_drafted(&drafted));
            let made = |shown: &Shown<'_>, threads, per_piece| {
                super::super::written(|out| write(shown, &read.har, &opts, threads, per_piece, out))
            };
            let whole = made(&worded, 1, usize::MAX);
            let mut at = 0;
            for i in 0..n {
                let heading = format!("### {}. `GET https://api.example.com/r/{i}?", i + 1);
                at += whole[at..]
                    .find(&heading)
                    .unwrap_or_else(|| panic!("{heading} in {whole}"));
            }
            for (threads, per_piece) in [(1, usize::MAX), (2, 1), (2, 3), (3, 2), (8, 64)] {
                assert_eq!(
                    made(&worded, threads, per_piece),
                    whole,
                    "{n} failures, {threads} threads, {per_piece} a piece"
                );
                // Put into words as the Markdown is made: the same text.
                assert_eq!(
                    made(&drafted, threads, per_piece),
                    whole,
                    "{n} failures, {threads} threads, {per_piece} a piece, from the drafts"
                );
            }
        }
    }

    #[test]
    fn server_text_cannot_inject_links_images_or_html() {
        let hostile = "Invalid token ![x](https://evil.test/t.png) [click](javascript:alert(1)) <img src=x> # head | a *b* _c_";
        let shown = md(hostile);
        for bad in ["![x](", "[click](", "<img", "*b*", "_c_"] {
            assert!(!shown.contains(bad), "{bad} in {shown}");
        }
        assert!(
            shown.contains("\\!\\[x\\](https://evil.test/t.png)"),
            "{shown}"
        );
        assert_eq!(md("# not a heading"), "\\# not a heading");
    }

    #[test]
    fn catalog_code_spans_are_kept_and_a_lone_backtick_cannot_swallow_the_rest() {
        assert_eq!(
            md("send `Authorization: Bearer <token>` again"),
            "send `Authorization: Bearer <token>` again"
        );
        // An unmatched backtick from the capture would otherwise open a span that
        // hides the escaping of what follows.
        let shown = md("realm=` [x](javascript:1)");
        assert!(shown.starts_with("realm=\\`"), "{shown}");
        assert!(shown.contains("\\[x\\]"), "{shown}");
    }

    #[test]
    fn fences_outgrow_the_content() {
        let body = "a ``` b ```` c\n";
        let f = fenced("http", body);
        assert!(
            f.starts_with("`````http\n") && f.ends_with("\n`````\n"),
            "{f}"
        );
        assert_eq!(fenced("sh", "curl\n"), "```sh\ncurl\n```\n");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("line\nbreak"), "`line\\nbreak`");
    }
}
