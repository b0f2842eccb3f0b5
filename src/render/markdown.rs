//! Markdown for a ticket: environment, the failing request (redacted), expected
//! versus observed, cause, fix, and a `curl` to reproduce.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::har::Har;
use crate::messages::{fill, ui};
use crate::value::Value;
use crate::{Options, Report};

/// Renders the report as Markdown. `har` is the capture the report was made from,
/// for the request lines and the `curl` command.
pub fn markdown(report: &Report, har: &Har<'_>, opts: &Options) -> String {
    let lang = opts.lang;
    let mut out = String::new();
    let _ = writeln!(out, "## {}\n", ui(lang, "report_title"));
    let _ = writeln!(out, "**{}**", ui(lang, "environment"));
    let _ = writeln!(
        out,
        "- {}: {}",
        ui(lang, "captured_by"),
        md(report.input.creator.as_deref().unwrap_or("?"))
    );
    if let Some(b) = &har.browser {
        let _ = writeln!(
            out,
            "- {}: {} {}",
            ui(lang, "browser"),
            md(&b.name),
            md(&b.version)
        );
    }
    let _ = writeln!(
        out,
        "- {}",
        crate::value::report_counts(lang, report.failures.len(), report.input.entries)
    );
    let _ = writeln!(out, "- why401 {}\n", report.tool.version);
    for f in report.file_findings() {
        let _ = writeln!(
            out,
            "> **{}** — {}\n>\n> {}\n",
            f.rule,
            md(&f.title),
            md(&f.explanation)
        );
    }
    if report.failures.is_empty() {
        let _ = writeln!(out, "{}\n", ui(lang, "no_failures"));
    }
    for (n, failure) in report.failures.iter().enumerate() {
        crate::guard::at(Some(failure.entry), None);
        let Some(entry) = har.entries.iter().find(|e| e.index == failure.entry) else {
            continue;
        };
        let status = failure
            .status
            .map_or_else(|| ui(lang, "no_response").to_owned(), |s| s.to_string());
        let _ = writeln!(
            out,
            "### {}. `{} {}` → {status}\n",
            n + 1,
            md(&failure.method),
            failure.url.replace('`', "%60")
        );
        let _ = writeln!(
            out,
            "**{}** (entry {})\n",
            ui(lang, "request"),
            failure.entry
        );
        let _ = writeln!(
            out,
            "```http\n{} {} {}",
            entry.request.method,
            path_of(&opts.redact_url(&entry.request.url)),
            entry.request.http_version
        );
        for h in &har.request_headers(entry) {
            let _ = writeln!(
                out,
                "{}: {}",
                h.name,
                opts.header(&h.name, &h.value).replace('\n', " ")
            );
        }
        if let Some((p, body)) = entry
            .request
            .post_data
            .as_ref()
            .and_then(|p| Some((p, p.text()?)))
        {
            let shown = if opts.show_secrets {
                body.into_owned()
            } else {
                crate::redact::body(&p.mime_type, &body)
            };
            // A ticket needs the shape of the body, not megabytes of it.
            let cut: String = shown.chars().take(2000).collect();
            let more = if cut.len() < shown.len() { "…" } else { "" };
            let _ = writeln!(out, "\n{}{more}", cut.replace("```", "` ` `"));
        }
        let _ = writeln!(out, "```\n");
        let mut data = BTreeMap::new();
        data.insert("status", Value::text(status.clone()));
        data.insert("kind", Value::Word(failure.kind.word_key()));
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
        let mut own = report
            .findings_for(failure.entry)
            .filter(|f| f.rule != "har-sanitized");
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
                    "- {}: `{}` — `{}`",
                    ui(lang, "evidence"),
                    e.pointer,
                    e.excerpt.replace('`', "'")
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
        let _ = writeln!(
            out,
            "\n**{}**\n\n```sh\n{}\n```\n",
            ui(lang, "reproduce"),
            super::curl(har, entry, opts)
        );
    }
    let others: Vec<&crate::finding::Finding> = super::other_findings(report).collect();
    if !others.is_empty() {
        let _ = writeln!(out, "### {}\n", ui(lang, "other_findings"));
        for f in others {
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

fn path_of(url: &str) -> &str {
    match url.find("://") {
        Some(i) => url[i + 3..].find('/').map_or("/", |p| &url[i + 3 + p..]),
        None => url,
    }
}

/// Escapes text from the capture or the catalog so it cannot open HTML or links
/// in a ticket renderer.
fn md(s: &str) -> String {
    s.replace('<', "&lt;").replace('>', "&gt;")
}
