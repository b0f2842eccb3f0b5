//! The terminal report.

use std::fmt::Write;

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

/// Renders the report for a terminal; `color` adds ANSI colours.
pub fn text(report: &Report, opts: &Options, color: bool) -> String {
    let st = Style { on: color };
    let lang = opts.lang;
    let mut out = String::new();
    let creator = report.input.creator.as_deref().unwrap_or("?");
    let _ = writeln!(
        out,
        "{} — {} {} / {} {} ({} {})",
        st.bold("why401"),
        report.failures.len(),
        ui(lang, "failures"),
        report.input.entries,
        ui(lang, "entries"),
        ui(lang, "captured_by"),
        creator
    );
    if !report.input.parse_issues.is_empty() {
        let _ = writeln!(out, "\n{}", st.bold(ui(lang, "parse_issues")));
        for issue in &report.input.parse_issues {
            let _ = writeln!(out, "  {} {}", st.dim(issue.kind), issue);
        }
    }
    for f in report
        .findings
        .iter()
        .filter(|f| f.entries.is_empty() || f.rule == "har-sanitized")
    {
        let _ = writeln!(out, "\n{}", st.bold(ui(lang, "file_findings")));
        finding(&mut out, &st, f, lang, "  ");
    }
    if report.failures.is_empty() {
        let _ = writeln!(out, "\n{}", ui(lang, "no_failures"));
    }
    for failure in &report.failures {
        crate::guard::at(Some(failure.entry), None);
        let status = failure
            .status
            .map_or_else(|| ui(lang, "no_response").to_owned(), |s| s.to_string());
        let _ = writeln!(
            out,
            "\n{} #{}  {} {} → {}  {}",
            st.sev(Severity::Error, "✖"),
            failure.entry,
            st.bold(&failure.method),
            failure.url,
            st.bold(&status),
            st.dim(&format!("[{}]", failure.kind.as_str()))
        );
        let mut own = report
            .findings_for(failure.entry)
            .filter(|f| f.rule != "har-sanitized");
        if let Some(primary) = own.next() {
            let _ = write!(out, "  {}: ", ui(lang, "primary_cause"));
            finding(&mut out, &st, primary, lang, "  ");
        }
        let rest: Vec<&Finding> = own.collect();
        if !rest.is_empty() {
            let _ = writeln!(out, "  {}:", ui(lang, "also"));
            // Secondary causes in brief: title and evidence; `--format json` has all.
            for f in rest {
                let _ = writeln!(out, "    • {} {}", headline(&st, f, lang), f.title);
                evidence(&mut out, &st, f, lang, "        ");
            }
        }
    }
    // Warnings about requests that did not fail: a cookie the browser refused,
    // an unsigned token the server accepted. Shown briefly.
    let others: Vec<&Finding> = super::other_findings(report).collect();
    if !others.is_empty() {
        let _ = writeln!(out, "\n{}", st.bold(ui(lang, "other_findings")));
        for f in others {
            let entry = f
                .entries
                .first()
                .map_or_else(String::new, |e| format!("#{e} "));
            let _ = writeln!(
                out,
                "  {}{} {}",
                st.dim(&entry),
                headline(&st, f, lang),
                f.title
            );
            evidence(&mut out, &st, f, lang, "      ");
        }
    }
    let summary = super::summary(report);
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
    for r in &f.references {
        let _ = writeln!(out, "{indent}  {} {} <{}>", st.dim("↗"), r.title, r.url);
    }
}

/// Wraps on spaces; text without spaces (Japanese) wraps by character count.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut cols = 0usize;
    for word in text.split_inclusive(' ') {
        let w: usize = word.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
        if cols + w > width && !line.is_empty() {
            lines.push(line.trim_end().to_owned());
            line.clear();
            cols = 0;
        }
        if w > width {
            for c in word.chars() {
                let cw = if c.is_ascii() { 1 } else { 2 };
                if cols + cw > width {
                    lines.push(std::mem::take(&mut line));
                    cols = 0;
                }
                line.push(c);
                cols += cw;
            }
        } else {
            line.push_str(word);
            cols += w;
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_owned());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_respects_width_for_latin_and_cjk() {
        let l = wrap("aaa bbb ccc ddd", 8);
        assert_eq!(l, vec!["aaa bbb", "ccc ddd"]);
        let j = wrap("認証に失敗しました認証に失敗しました", 10);
        assert!(j.iter().all(|l| l.chars().count() <= 5), "{j:?}");
        assert_eq!(j.concat(), "認証に失敗しました認証に失敗しました");
    }
}
