//! Rule documentation, generated from the rules and the message catalog so the
//! docs cannot drift from what the tool says (`docs/rules/<id>.md`).

use std::fmt::Write;

use crate::messages::{self, Lang};
use crate::rules::Rule;

/// The Markdown page of one rule in one language (English pages carry the
/// Japanese text too, so one file serves both readers).
pub fn rule_markdown(rule: &dyn Rule, lang: Lang) -> String {
    let m = rule.meta();
    let mut out = String::new();
    let _ = writeln!(out, "# `{}`\n", m.id);
    let _ = writeln!(out, "{}\n", messages::summary(Lang::En, m.id));
    if lang == Lang::En {
        let _ = writeln!(out, "{}\n", messages::summary(Lang::Ja, m.id));
    }
    let _ = writeln!(
        out,
        "- {}: {}\n- {}: {}\n",
        messages::ui(lang, "doc_severity"),
        messages::ui(lang, m.severity.as_str()),
        messages::ui(lang, "doc_since"),
        m.since
    );
    let langs: &[Lang] = if lang == Lang::En {
        &[Lang::En, Lang::Ja]
    } else {
        &[lang]
    };
    for &l in langs {
        if langs.len() > 1 {
            let _ = writeln!(
                out,
                "## {}\n",
                if l == Lang::En {
                    "English"
                } else {
                    "日本語"
                }
            );
        }
        let variants: Vec<&messages::Msg> = messages::catalog(l)
            .iter()
            .filter(|msg| {
                msg.id == m.id
                    || msg
                        .id
                        .strip_prefix(m.id)
                        .is_some_and(|r| r.starts_with('.'))
            })
            .collect();
        for msg in variants {
            if msg.id != m.id {
                let _ = writeln!(
                    out,
                    "### {} `{}`\n",
                    messages::ui(lang, "doc_variant"),
                    msg.id
                );
            }
            let _ = writeln!(out, "**{}**\n\n{}\n", msg.title, msg.explanation);
            for (i, fix) in msg.fixes.iter().enumerate() {
                let _ = writeln!(out, "{}. {}", i + 1, fix);
            }
            out.push('\n');
        }
    }
    if let Some(why) = crate::rules::confidence::rationale(m.id) {
        let _ = writeln!(
            out,
            "## {}\n\n{why}\n",
            messages::ui(lang, "doc_confidence")
        );
    }
    if !m.references.is_empty() {
        let _ = writeln!(out, "## {}\n", messages::ui(lang, "references"));
        for r in m.references {
            let _ = writeln!(out, "- [{}]({})", r.title, r.url);
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{}",
        messages::ui(lang, "doc_values_note").replace("{id}", m.id)
    );
    out
}
