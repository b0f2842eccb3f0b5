//! Text renderers over the one [`Report`](crate::Report) model: terminal text,
//! Markdown for tickets, and `curl` commands to reproduce a request.

mod curl;
mod markdown;
mod text;

pub use curl::curl;
pub use markdown::markdown;
pub use text::text;

/// Counts findings per rule id for the summary, most frequent first.
pub fn summary(report: &crate::Report) -> Vec<(&'static str, usize)> {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for f in &report.failures {
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
