//! The engine: runs every rule over a capture and assembles the [`Report`].

use std::borrow::Cow;
use std::collections::HashSet;

use serde::Serialize;

use crate::finding::{Finding, Severity};
use crate::guard;
use crate::har::{self, Har, ParseIssue};
use crate::messages;
use crate::rules::{self, Draft, EntryCx, FailureKind, FileCx, Phase, Standing};
use crate::Options;

/// Name and version of the tool that wrote a report.
#[derive(Debug, Clone, Serialize)]
pub struct ToolInfo {
    /// `why401`.
    pub name: &'static str,
    /// Crate version.
    pub version: &'static str,
}

/// What was read.
#[derive(Debug, Clone, Serialize)]
pub struct InputInfo {
    /// Elements of `log.entries`, readable or not.
    pub entries: usize,
    /// `log.creator` as `name version`.
    pub creator: Option<String>,
    /// Whether the file looks like a sanitized export (credentials removed).
    pub sanitized: bool,
    /// What was skipped or repaired while reading.
    pub parse_issues: Vec<ParseIssue>,
}

/// One failing request and its causes, best first.
///
/// Where every request fails there is one for each entry, all held while the report is
/// written: its texts and lists are boxed to their size, and the comparison (most failures have
/// none) is behind a pointer. 88 bytes on 64 bits, not 168; where every request of the bench's
/// capture failed (5,822 failures), making them added 1.7 MB to the run's memory, not 3.1.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// Index into `log.entries`.
    pub entry: usize,
    /// Request method.
    pub method: Box<str>,
    /// Request URL, redacted.
    pub url: Box<str>,
    /// Response status, when a response arrived.
    pub status: Option<u16>,
    /// Why it counts as an authentication failure.
    pub kind: FailureKind,
    /// `startedDateTime` as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started: Option<Box<str>>,
    /// Rule ids of the findings that concern this entry, best first.
    pub causes: Box<[&'static str]>,
    /// The nearest request to the same API that worked, and what differs in the
    /// credentials sent (see [`crate::diff`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Box<crate::diff::Comparison>>,
}

/// The analysis of one capture: the JSON contract every shell relies on.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The tool.
    pub tool: ToolInfo,
    /// The input.
    pub input: InputInfo,
    /// Failing requests in file order.
    pub failures: Vec<Failure>,
    /// Every finding, ordered by failure and rank.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Findings about one entry, best first. Findings are ordered by entry (the engine sorts
    /// them so), so this is a binary search, not a scan: renderers call it for every failure.
    pub fn findings_for(&self, entry: usize) -> impl Iterator<Item = &Finding> {
        findings_of(&self.findings, entry).iter()
    }

    /// Findings about the whole file (no entry of their own).
    pub fn file_findings(&self) -> impl Iterator<Item = &Finding> {
        (self.findings.iter()).filter(|f| is_about_the_file(f.rule, &f.entries))
    }
}

/// Whether a finding of rule `rule` about `entries` is about the whole file: it has no entry
/// of its own, or it says the file was sanitized (`har-sanitized` names an entry as evidence,
/// and is no request's cause).
pub fn is_about_the_file(rule: &str, entries: &[usize]) -> bool {
    entries.is_empty() || rule == "har-sanitized"
}

/// The run of `findings` (ordered by entry, as the engine sorts them) about `entry`: found by
/// binary search, not by a scan of every finding for each failure (a capture where every
/// request failed would be quadratic).
fn findings_of(findings: &[Finding], entry: usize) -> &[Finding] {
    run_of(findings, entry, |f| f.entries.first().copied())
}

/// [`findings_of`] for findings not yet put into words.
fn drafts_of(drafts: &[Draft], entry: usize) -> &[Draft] {
    run_of(drafts, entry, |d| d.entries.first().copied())
}

/// The run of `items` (ordered by their first entry, `None` last) whose first entry is `entry`.
fn run_of<T>(items: &[T], entry: usize, first: impl Fn(&T) -> Option<usize>) -> &[T] {
    let first = |t: &T| first(t).unwrap_or(usize::MAX);
    let start = items.partition_point(|t| first(t) < entry);
    let len = items[start..].partition_point(|t| first(t) == entry);
    &items[start..start + len]
}

/// Why an input could not be analysed at all.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputError {
    /// Not JSON, or JSON without a HAR log; carries the reading issue.
    Unreadable(ParseIssue),
}

impl InputError {
    /// Human text.
    pub fn as_str(&self) -> String {
        match self {
            InputError::Unreadable(issue) => format!("not a readable HAR file: {issue}"),
        }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.as_str())
    }
}

impl std::error::Error for InputError {}

/// Analyses raw bytes of a HAR file.
pub fn analyze_bytes(bytes: Vec<u8>, opts: &Options) -> Result<Report, InputError> {
    har::parse_bytes(bytes, |read, issues| analyze_read(read, issues, opts))
}

/// Analyses what [`har::parse`] read; `prepare_issues` are those of [`har::prepare`].
pub fn analyze_read(
    read: &har::Ingested<'_>,
    prepare_issues: Vec<ParseIssue>,
    opts: &Options,
) -> Result<Report, InputError> {
    analyze_read_memo(read, prepare_issues, opts, None)
}

/// [`analyze_read`] for a live session that analyses the same entries again and again as it
/// grows: what each entry's own rules found is kept in `memo` and recalled for the entries it
/// has seen (see [`MainMemo`]). The report is the one [`analyze_read`] gives.
pub fn analyze_read_memo(
    read: &har::Ingested<'_>,
    prepare_issues: Vec<ParseIssue>,
    opts: &Options,
    memo: Option<&mut MainMemo>,
) -> Result<Report, InputError> {
    draft_read_with(read, prepare_issues, opts, memo).map(Drafted::localize)
}

/// [`analyze_read`] up to the words: the report with its findings not yet put into words
/// ([`Drafted`]), for a shell that puts them into words a few at a time as it writes them (the
/// CLI) instead of holding them all.
pub fn draft_read(
    read: &har::Ingested<'_>,
    prepare_issues: Vec<ParseIssue>,
    opts: &Options,
) -> Result<Drafted, InputError> {
    draft_read_with(read, prepare_issues, opts, None)
}

/// [`draft_read`], with a live session's memo ([`analyze_read_memo`]).
fn draft_read_with(
    read: &har::Ingested<'_>,
    mut prepare_issues: Vec<ParseIssue>,
    opts: &Options,
    memo: Option<&mut MainMemo>,
) -> Result<Drafted, InputError> {
    prepare_issues.extend(read.issues.iter().cloned());
    if read.is_unreadable() {
        return Err(unreadable(read, &prepare_issues));
    }
    Ok(draft_har_with(&read.har, prepare_issues, opts, memo))
}

/// Why a capture read as nothing: the reading's own fatal issue, else the last one before it.
fn unreadable(read: &har::Ingested<'_>, issues: &[ParseIssue]) -> InputError {
    let fatal = read
        .fatal_issue()
        .cloned()
        .or_else(|| issues.last().cloned())
        .unwrap_or_else(|| ParseIssue {
            kind: "no-log",
            message: "no HAR log found".into(),
            pointer: None,
            line: None,
            column: None,
        });
    InputError::Unreadable(fatal)
}

/// Analyses an already read capture.
pub fn analyze_har(har: &Har<'_>, parse_issues: Vec<ParseIssue>, opts: &Options) -> Report {
    analyze_har_with(har, parse_issues, opts, None)
}

fn analyze_har_with(
    har: &Har<'_>,
    parse_issues: Vec<ParseIssue>,
    opts: &Options,
    memo: Option<&mut MainMemo>,
) -> Report {
    draft_har_with(har, parse_issues, opts, memo).localize()
}

/// The report before its findings are put into words: what the other shells' report is made
/// from ([`Drafted::localize`]), and what the CLI writes out a few findings at a time (its JSON,
/// `render::json_drafted`; its text and Markdown, `render::text_drafted` and
/// `render::markdown_drafted`), so that a capture where every request failed never holds all its
/// findings' words at once (on the bench's such capture, the JSON's peak was 2.3 MiB lower, of
/// 34 beyond the file, the text's 6.2).
pub struct Drafted {
    input: InputInfo,
    failures: Vec<Failure>,
    /// In the report's order: by entry, then rank ([`Report::findings_for`] relies on it).
    drafts: Vec<Draft>,
    /// The options for this capture: its credentials known, to scrub what findings quote.
    opts: Options,
}

impl Drafted {
    /// The findings put into words (on every core: where every request of the bench's capture
    /// failed, this took about 15 ms of 106), and the report.
    pub fn localize(self) -> Report {
        let Drafted {
            input,
            failures,
            drafts,
            opts,
        } = self;
        let per_thread = crate::parallel::chunk_for(drafts.len(), FINDINGS_PER_THREAD);
        // Each draft goes as soon as its finding is made: the two are not all held at once.
        let findings: Vec<Finding> = crate::parallel::concat(crate::parallel::map_owned_chunks(
            drafts,
            per_thread,
            |_, part| {
                let mut words = Wording::default();
                (part.into_iter())
                    .map(|d| localize(&d, &opts, &mut words))
                    .collect::<Vec<_>>()
            },
        ));
        guard::clear();
        crate::redact::forget_fingerprints();
        Report {
            tool: tool(),
            input,
            failures,
            findings,
        }
    }

    /// The report's tool, input and failures: all of it but the findings.
    pub fn head(&self) -> (ToolInfo, &InputInfo, &[Failure]) {
        (tool(), &self.input, &self.failures)
    }

    /// The findings not yet put into words, in the report's order.
    pub fn drafts(&self) -> &[Draft] {
        &self.drafts
    }

    /// The findings about one entry not yet put into words, best first ([`Report::findings_for`]).
    pub fn drafts_for(&self, entry: usize) -> &[Draft] {
        drafts_of(&self.drafts, entry)
    }

    /// The drafts, for a test to break one ([`FAULT_MESSAGE`]).
    #[cfg(test)]
    pub(crate) fn drafts_mut(&mut self) -> &mut [Draft] {
        &mut self.drafts
    }

    /// Finding `d` of this report, put into words ([`Drafted::drafts`]).
    pub fn finding(&self, d: &Draft) -> Finding {
        localize(d, &self.opts, &mut Wording::default())
    }

    /// [`Drafted::finding`], copying the words of a draft put into words a moment before with
    /// `words` where `d` says the same ([`Wording`]).
    pub(crate) fn finding_with(&self, d: &Draft, words: &mut Wording) -> Finding {
        localize(d, &self.opts, words)
    }
}

/// A draft's message that makes putting it into words panic, in tests.
#[cfg(test)]
pub(crate) const FAULT_MESSAGE: &str = "test-fault.localize";

/// This tool.
fn tool() -> ToolInfo {
    ToolInfo {
        name: "why401",
        version: env!("CARGO_PKG_VERSION"),
    }
}

fn draft_har_with(
    har: &Har<'_>,
    mut parse_issues: Vec<ParseIssue>,
    opts: &Options,
    mut memo: Option<&mut MainMemo>,
) -> Drafted {
    // Collecting the capture's credentials is part of the preparing when it does not go
    // beside the relating rules (below).
    crate::progress::start(crate::progress::Phase::Preparing, har.entries.len());
    // Every text the server wrote is shown scrubbed of the capture's credentials. The rules
    // do not need them, only what is shown (`localize`, below): on a large capture they are
    // collected on another core while the rules that relate entries run on one, which helps
    // when they are done (each entry's own rules use every core: beside those, collecting took
    // a core from them, and one was idle after).
    let collect = !opts.show_secrets && opts.known_secrets.is_empty() && !har.secrets_known();
    let beside = collect
        && crate::parallel::threads_for(har.entries.len(), crate::redact::SECRETS_PER_THREAD) > 1;
    let early;
    let rule_opts: &Options = if beside {
        opts
    } else {
        early = opts.for_capture(har);
        &early
    };
    parse_issues.extend(opts.skip.iter().map(skip_issue));
    let sanitized = rules::looks_sanitized(har);
    let tokens = rules::facts::TokenCache::default();
    let entries = &har.entries;
    let (cxs, drafts) = check(har, rule_opts, sanitized, &tokens, memo.as_deref_mut());
    let collecting = crate::redact::Collecting::new(entries);
    let (collected, ((mut drafts, comparisons), helped)) = crate::parallel::join(
        beside,
        || beside.then(|| collecting.help()),
        || {
            let related = relate(har, rule_opts, sanitized, &cxs, drafts, memo);
            // A panic while collecting is no rule's (the guard still names the last one).
            guard::clear();
            (related, beside.then(|| collecting.help()))
        },
    );
    if beside {
        har.set_known_secrets(crate::redact::Collecting::finish(
            collected.into_iter().chain(helped),
        ));
    }
    let opts = opts.for_capture(har).into_owned();
    // A panic's message may quote what the code was reading (a slice out of bounds quotes the
    // text): what a skipped entry says is scrubbed of the capture's credentials, as findings are.
    for issue in parse_issues.iter_mut().filter(|i| i.kind == "skipped") {
        if let Cow::Owned(scrubbed) = opts.scrub(&issue.message) {
            issue.message = scrubbed;
        }
    }
    // What the report needs of the entries' facts, then the facts go (with the bodies and
    // decoded tokens the failing entries' facts hold, and what the relating rules worked out
    // again).
    // The shared token cache stays: the facts borrowed it, and it lives as long as they did.
    // A draft that speaks for its entry is the only one kept about it: a call the service
    // worker answered, whose own request the capture holds, is that request's failure seen
    // from the page (`service-worker-answered`). Where such a call worked, the worker's request
    // has the notes, and the page's side none (an expired token the server accepted, said
    // twice). The notes about the whole file stay.
    let spoken_for: HashSet<usize> = (drafts.iter())
        .filter(|d| d.standing == Standing::SpeaksFor)
        .filter_map(|d| d.entries.first().copied())
        .chain(
            (cxs.iter())
                .filter(|cx| {
                    cx.failure().is_none() && cx.worker.is_some_and(|w| w.request.is_some())
                })
                .map(|cx| cx.index()),
        )
        .collect();
    if !spoken_for.is_empty() {
        drafts.retain(|d| {
            d.standing == Standing::SpeaksFor
                || is_about_the_file(d.meta.id, &d.entries)
                || d.entries.first().is_none_or(|e| !spoken_for.contains(e))
        });
    }
    let failed: Vec<(&crate::har::Entry<'_>, FailureKind)> = cxs
        .iter()
        .filter_map(|cx| Some((cx.entry, cx.failure()?)))
        .collect();
    drop(cxs);
    // Stable, in entry order. A stable sort of the drafts themselves takes room for as many
    // again (144 bytes each on 64 bits, where the keys and their places take 24; where every
    // request of the bench's capture failed, that room was 1.1 MB of the run's peak).
    drafts.sort_by_cached_key(|d| {
        let entry = d.entries.first().copied().unwrap_or(usize::MAX);
        (entry, d.confidence, d.severity, d.meta.rank)
    });
    let failing: HashSet<usize> = failed.iter().map(|(e, _)| e.index).collect();
    // The facts just freed are most of what the analysis held beyond the model and the drafts
    // (`crate::memory`); handed back beside the grouping, on a capture large enough for two
    // threads. Where every request of the bench's capture failed, the run's peak was 2.4 MiB
    // lower (of 26 beyond the file); handing back took about a millisecond.
    let give_back = crate::memory::asked()
        && crate::parallel::threads_for(entries.len(), ENTRIES_PER_THREAD) > 1;
    crate::parallel::join(
        give_back,
        || give_back.then(crate::memory::freed_much),
        || group_repeated_notes(&mut drafts, &failing),
    );
    // `Report::findings_for` and each failure's causes (`failure`, below) rely on this order.
    debug_assert!(drafts
        .windows(2)
        .all(|w| w[0].entries.first().copied().unwrap_or(usize::MAX)
            <= w[1].entries.first().copied().unwrap_or(usize::MAX)));
    crate::progress::start(crate::progress::Phase::Idle, 0);
    // Each failure with its causes (its URL redacted, its findings found), on every core: where
    // every request of the bench file failed, 5.2 ms on one core, 3.4 ms on two.
    let per_thread = crate::parallel::chunk_for(failed.len(), FINDINGS_PER_THREAD);
    let failures = crate::parallel::concat(crate::parallel::map_owned_chunks(
        failed,
        per_thread,
        |_, part| {
            part.into_iter()
                .filter_map(|(e, kind)| failure(e, kind, &drafts, &comparisons, &opts))
                .collect::<Vec<_>>()
        },
    ));
    guard::clear();
    // The last fingerprint was worked out above (the failures' URLs).
    crate::redact::forget_fingerprints();
    Drafted {
        input: InputInfo {
            entries: har.entries_seen,
            creator: har
                .creator
                .as_ref()
                .map(|c| format!("{} {}", c.name, c.version).trim().to_owned()),
            sanitized,
            parse_issues,
        },
        failures,
        drafts,
        opts,
    }
}

/// What the report says of a request that failed: its causes (the findings about it, best
/// first), or `None` when all of them are notes (a challenge answered by the next request is
/// how HTTP authentication works, not a failure to report).
fn failure(
    e: &crate::har::Entry<'_>,
    kind: FailureKind,
    drafts: &[Draft],
    comparisons: &std::collections::HashMap<usize, crate::diff::Comparison>,
    opts: &Options,
) -> Option<Failure> {
    guard::at(Some(e.index), None);
    let own = drafts_of(drafts, e.index);
    // Causes are findings about this entry; notes about the file (a sanitized
    // export) are not causes, so `causes[0]` is the primary cause in every format.
    let causes = own
        .iter()
        .filter(|d| !is_about_the_file(d.meta.id, &d.entries))
        .map(|d| d.meta.id)
        .fold(Vec::new(), |mut v, r| {
            if !v.contains(&r) {
                v.push(r);
            }
            v
        });
    if !own.is_empty() && own.iter().all(|f| f.severity == Severity::Info) {
        return None;
    }
    Some(Failure {
        entry: e.index,
        method: e.request.method.as_ref().into(),
        url: opts.redact_url(&e.request.url).into_boxed_str(),
        status: e.status(),
        kind,
        started: e.started_date_time.as_deref().map(Box::from),
        causes: causes.into_boxed_slice(),
        comparison: comparisons.get(&e.index).cloned().map(Box::new),
    })
}

/// Each entry's own rules over a capture (the Main phase's `check_entry`): each entry's facts
/// and the rules' drafts, in the order they were found, those about a token's content judged
/// ([`token_content_stands`]). The rules that relate entries come after ([`relate`]).
fn check<'h, 'a>(
    har: &'h Har<'a>,
    opts: &'h Options,
    sanitized: bool,
    tokens: &'h rules::facts::TokenCache,
    mut memo: Option<&mut MainMemo>,
) -> (Vec<EntryCx<'h, 'a>>, Vec<Draft>) {
    let skipped_entry = |i: usize| opts.skip.iter().any(|s| s.entry == Some(i));
    // Sized once: a context for every entry, the largest array of a run, grown by doubling
    // would hold one and a half times its size for a moment.
    let mut cxs: Vec<EntryCx<'_, '_>> = Vec::with_capacity(har.entries.len());
    cxs.extend(
        har.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| !skipped_entry(e.index))
            .map(|(n, e)| {
                crate::progress::at(n);
                guard::at(Some(e.index), None);
                EntryCx::new(e, opts, sanitized, tokens)
            }),
    );
    mark_orphan_preflights(&mut cxs);
    mark_cookie_hosts(&mut cxs);
    mark_worker_calls(&mut cxs, har);
    let enabled = |id: &str| rule_enabled(opts, id);
    let main: Vec<&dyn rules::Rule> = rules::ALL
        .iter()
        .copied()
        .filter(|r| enabled(r.meta().id) && r.meta().phase == Phase::Main)
        .collect();
    crate::progress::start(crate::progress::Phase::Checking, cxs.len());
    if let Some(m) = memo.as_deref_mut() {
        m.keep_if(MemoKey::of(opts, sanitized));
    }
    let recall = memo.as_deref();
    // Each entry's own rules look at that entry alone: the entries are shared out among the
    // cores, and their drafts joined in entry order, as one thread would have found them.
    let per_thread = crate::parallel::chunk_for(cxs.len(), ENTRIES_PER_THREAD);
    let (drafts, learned): (Vec<Vec<Draft>>, Vec<Vec<_>>) =
        crate::parallel::map_chunks_mut(&mut cxs, per_thread, |_, part| {
            let mut drafts = Vec::new();
            let mut learned = Vec::new();
            // Progress is counted in batches: one shared counter, touched by every core.
            crate::progress::add(part.len() % 256);
            for n in 0..part.len() {
                crate::har::prefetch::ahead(n, |i| part.get(i).map(|cx| cx.entry));
                let cx = &mut part[n];
                if n % 256 == 255 {
                    crate::progress::add(256);
                }
                if opts.fault_entry == Some(cx.index()) {
                    guard::at(Some(cx.index()), None);
                    panic!(
                        "fault injected at entry {} (Options::fault_entry)",
                        cx.index()
                    );
                }
                if let Some(known) = recall.and_then(|m| m.recall(cx)) {
                    cx.classified_as(known.failure);
                    drafts.extend(known.drafts.iter().cloned());
                    continue;
                }
                let from = drafts.len();
                for rule in &main {
                    guard::at(Some(cx.index()), Some(rule.meta().id));
                    rule.check_entry(cx, &mut drafts);
                }
                // Judged here, on every core, while the entry's challenges are still parsed
                // (they go below): the judgement reads this entry alone. A draft of this entry's
                // rules is about this entry.
                debug_assert!(drafts[from..]
                    .iter()
                    .all(|d| d.entries.first().is_none_or(|e| *e == cx.index())));
                keep_from(&mut drafts, from, |d| token_content_stands(d, cx));
                drafts[from..].iter_mut().for_each(Draft::shrink_to_fit);
                if recall.is_some() {
                    learned.push((
                        cx.index(),
                        MainRecord {
                            orphan_preflight: cx.orphan_preflight,
                            cookies_possible: cx.cookies_possible,
                            worker: cx.worker,
                            failure: cx.failure(),
                            drafts: drafts[from..].to_vec(), // boundary: drafts, not text
                        },
                    ));
                }
                // Asked of every entry by the rules that relate entries, which come after,
                // when this entry is no longer in the processor's cache (and its token is no
                // longer decoded).
                cx.signs_in();
                cx.id_token_score();
                cx.release_after_own_rules();
            }
            (drafts, learned)
        })
        .into_iter()
        .unzip();
    let (drafts, learned) = (
        crate::parallel::concat(drafts),
        crate::parallel::concat(learned),
    );
    if let Some(m) = memo {
        m.learn(learned);
    }
    crate::progress::start(crate::progress::Phase::Relating, 0);
    (cxs, drafts)
}

/// Whether the options let rule `id` run.
fn rule_enabled(opts: &Options, id: &str) -> bool {
    opts.rules
        .as_ref()
        .is_none_or(|r| r.iter().any(|x| x == id))
        && !opts.skip.iter().any(|s| s.rule.as_deref() == Some(id))
}

/// The rules that relate entries (`check_file`), and the later phases' own rules for the
/// failures no earlier phase explained, after each entry's own rules gave `drafts`
/// ([`check`]); with each failure's comparison with a request that worked.
fn relate<'h, 'a>(
    har: &'h Har<'a>,
    opts: &'h Options,
    sanitized: bool,
    cxs: &[EntryCx<'h, 'a>],
    mut drafts: Vec<Draft>,
    memo: Option<&mut MainMemo>,
) -> (
    Vec<Draft>,
    std::collections::HashMap<usize, crate::diff::Comparison>,
) {
    let enabled = |id: &str| rule_enabled(opts, id);
    // Phases run in order; each later phase knows which failures the earlier ones
    // explained, so generic explanations only speak when nothing specific did.
    let mut explained = HashSet::new();
    let shared = rules::facts::Shared::default();
    guard::at(None, Some("credential-differs"));
    let comparisons = crate::diff::compare_failures(har, cxs, memo.map(|m| &mut m.successes));
    // The drafts before this index have been calibrated and counted as explained. The first
    // `checked`, each entry's own rules' drafts, were calibrated as they were found (`check`);
    // the first phase counts them.
    let mut judged = 0;
    let checked = drafts.len();
    for phase in [Phase::Main, Phase::Fallback, Phase::Last] {
        let from = drafts.len();
        let active: Vec<&dyn rules::Rule> = rules::ALL
            .iter()
            .copied()
            .filter(|r| enabled(r.meta().id) && r.meta().phase == phase)
            .collect();
        if phase != Phase::Main {
            for cx in cxs {
                if explained.contains(&cx.index()) {
                    continue;
                }
                for rule in &active {
                    guard::at(Some(cx.index()), Some(rule.meta().id));
                    rule.check_entry(cx, &mut drafts);
                }
            }
        }
        for rule in &active {
            let fcx = FileCx {
                har,
                entries: cxs,
                opts,
                sanitized,
                explained: &explained,
                shared: &shared,
                comparisons: &comparisons,
            };
            guard::at(None, Some(rule.meta().id));
            rule.check_file(&fcx, &mut drafts);
        }
        // Before deciding what is explained: a token finding dropped here must not
        // silence the generic explanations of the later phases. Only this phase's drafts:
        // the earlier ones were judged already and stay as they are.
        drafts[from..].iter_mut().for_each(Draft::shrink_to_fit);
        calibrate_token_content(&mut drafts, judged.max(checked), cxs);
        explained.extend(
            drafts[judged..] // boundary: drafts, not text
                .iter()
                .filter(|d| d.accounts_for_entry())
                .flat_map(|d| d.entries.first().copied()),
        );
        judged = drafts.len();
    }
    (drafts, comparisons)
}

/// What each entry's own rules (the Main phase's `check_entry`) found, kept by a live session
/// from one analysis to the next (the DevTools panel analyses its whole session again at each
/// redraw, and most of it is the same entries as last time).
///
/// Those rules read their entry alone, the options, whether the file looks sanitized, and
/// whether a preflight's request is missing from the capture: an entry's record is recalled
/// while the last of these is unchanged, and all records are forgotten when the others change.
/// The session tells the memo when an entry changes ([`MainMemo::forget`]) or when entries are
/// renumbered ([`MainMemo::clear`]). It holds a copy of every draft of every entry, the notes on
/// requests that worked included (a token quoted in their evidence): bounded as the session is
/// (the panel lets its oldest entries go, which clears the memo).
#[derive(Default)]
pub struct MainMemo {
    /// What the records were found under.
    key: Option<MemoKey>,
    /// By entry index.
    records: Vec<Option<MainRecord>>,
    /// The requests that worked, which failures are compared with (see [`crate::diff`]).
    successes: crate::diff::Successes,
}

/// What one entry's own rules found.
struct MainRecord {
    /// Whether the entry was a preflight whose request the capture lacked.
    orphan_preflight: bool,
    /// Whether the capture showed cookies for the host of a record without its cookies.
    cookies_possible: bool,
    /// The service worker's answer, where it gave one.
    worker: Option<rules::facts::Worker>,
    /// How the entry was classified.
    failure: Option<FailureKind>,
    /// The drafts its rules wrote, in order, as judged ([`token_content_stands`]).
    drafts: Vec<Draft>,
}

/// What, beyond the entry itself, the Main-phase rules read. Not the language (findings are
/// put into words after the rules) nor the capture's credentials (what shown text is scrubbed
/// of, also later).
#[derive(PartialEq)]
struct MemoKey {
    now_ms: Option<i64>,
    leeway_secs: i64,
    show_secrets: bool,
    fingerprint_key: Option<crate::redact::FingerprintKey>,
    rules: Option<Vec<String>>,
    skip: Vec<guard::Skip>,
    fault_entry: Option<usize>,
    sanitized: bool,
}

impl MemoKey {
    fn of(opts: &Options, sanitized: bool) -> MemoKey {
        MemoKey {
            now_ms: opts.now_ms,
            leeway_secs: opts.leeway_secs,
            show_secrets: opts.show_secrets,
            fingerprint_key: opts.fingerprint_key,
            rules: opts.rules.clone(),
            skip: opts.skip.clone(),
            fault_entry: opts.fault_entry,
            sanitized,
        }
    }
}

impl MainMemo {
    /// Forgets what was found about entry `index` (it was replaced).
    pub fn forget(&mut self, index: usize) {
        if let Some(r) = self.records.get_mut(index) {
            *r = None;
        }
        // Read again from the start: the entry may have become a success or stopped being one.
        self.successes = Default::default();
    }

    /// Forgets everything (the entries were renumbered or replaced).
    pub fn clear(&mut self) {
        self.records.clear();
        self.successes = Default::default();
    }

    /// How many entries have a record.
    pub fn len(&self) -> usize {
        self.records.iter().flatten().count()
    }

    /// Whether no entry has a record.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Keeps the records only if they were found under `key`.
    fn keep_if(&mut self, key: MemoKey) {
        if self.key.as_ref() != Some(&key) {
            self.clear();
            self.key = Some(key);
        }
    }

    /// The record of an entry, while it still holds.
    fn recall(&self, cx: &EntryCx<'_, '_>) -> Option<&MainRecord> {
        self.records.get(cx.index())?.as_ref().filter(|r| {
            r.orphan_preflight == cx.orphan_preflight
                && r.cookies_possible == cx.cookies_possible
                && r.worker == cx.worker
        })
    }

    fn learn(&mut self, learned: Vec<(usize, MainRecord)>) {
        for (index, record) in learned {
            if self.records.len() <= index {
                self.records.resize_with(index + 1, || None);
            }
            self.records[index] = Some(record);
        }
    }
}

/// Marks the records of calls the page's service worker answered ([`rules::facts::Worker`]),
/// each with the worker's own request where the capture holds it: an entry with the same method,
/// URL and status, not itself answered by a worker, that started while the page's call was open,
/// each taken once. Chrome marks the page's side (`response._fetchedViaServiceWorker`); Playwright
/// marks the worker's side instead (`_serviceWorkerRef`), and there a page's call with such a
/// twin counts too (the lab's https-sw-attaches-token). Firefox marks neither side, and records
/// no request of a worker's: there, and in Playwright's record of a call its worker answered
/// without a request, an answer that came over no network is the sign
/// ([`crate::har::Entry::off_the_network`], the lab's https-sw-* recordings).
fn mark_worker_calls(cxs: &mut [EntryCx<'_, '_>], har: &Har<'_>) {
    let playwright =
        (har.creator.as_ref()).is_some_and(|c| c.name.eq_ignore_ascii_case("playwright"));
    let marked = |cx: &EntryCx<'_, '_>| cx.entry.answered_by_service_worker();
    let workers = |cx: &EntryCx<'_, '_>| cx.entry.service_worker_ref;
    // Playwright's shape is trusted where its capture shows a worker: an answer its `route()`
    // made up has no address and transferred nothing either.
    let with_workers = playwright && cxs.iter().any(workers);
    let off = |cx: &EntryCx<'_, '_>| {
        !marked(cx)
            && !workers(cx)
            && (with_workers || !playwright)
            && cx.entry.off_the_network(playwright)
    };
    let pairing = with_workers || cxs.iter().any(marked);
    // Most captures have no worker at all: nothing is indexed then.
    if !pairing && !cxs.iter().any(off) {
        return;
    }
    // The requests that may be a worker's own, by method and URL, in entry order: in Playwright's
    // record only those it says are a worker's. Only where something is to be paired.
    let mut own: std::collections::HashMap<(&str, &str), Vec<usize>> = Default::default();
    for (p, cx) in cxs.iter().enumerate().filter(|_| pairing) {
        if !marked(cx) && (!playwright || workers(cx)) {
            let e = cx.entry;
            own.entry((&*e.request.method, &*e.request.url))
                .or_default()
                .push(p);
        }
    }
    let mut taken = HashSet::new();
    // The page's side of each call the worker answered, by place, in entry order: with the
    // worker's own request or the browser's mark, or known by coming over no network alone
    // (`None`, filled in below).
    let mut found: Vec<(usize, Option<rules::facts::Worker>)> = Vec::new();
    for (p, cx) in cxs.iter().enumerate() {
        let by_shape = playwright && !workers(cx);
        if !marked(cx) && !by_shape {
            if off(cx) {
                found.push((p, None));
            }
            continue;
        }
        let e = cx.entry;
        // An answer from the worker's cache had no request of its own: a request of the worker's
        // beside it is its refresh of the cache (stale-while-revalidate), not this answer's.
        let from_cache = e.response.as_ref().is_some_and(|r| r.from_worker_cache);
        let twin = cx.started_ms().filter(|_| !from_cache).and_then(|start| {
            // Open until it ended, and a little after: the times are rounded to the millisecond.
            let end = start + e.time.unwrap_or(0.0).max(0.0) as i64 + 5;
            let list = own.get(&(&*e.request.method, &*e.request.url))?;
            list.iter().copied().find(|&q| {
                let o = &cxs[q];
                q != p
                    && !taken.contains(&q)
                    && o.entry.raw_status() == e.raw_status()
                    && o.started_ms().is_some_and(|t| (start..=end).contains(&t))
            })
        });
        if let Some(q) = twin {
            taken.insert(q);
        }
        if marked(cx) || twin.is_some() {
            let request = twin.and_then(|q| u32::try_from(cxs[q].index()).ok());
            let worker = rules::facts::Worker {
                request,
                marked: marked(cx),
                unmarked: None,
            };
            found.push((p, Some(worker)));
        } else if off(cx) {
            found.push((p, None));
        }
    }
    // For each known by its shape, the last page side before it of the same call with the same
    // status and the same `Date` (a stored answer keeps the date it was first given; one the
    // worker fetched again a second later has another): one pass over them, in entry order.
    type Key<'k> = (&'k str, &'k str, Option<u64>, Option<&'k str>);
    let mut last: std::collections::HashMap<Key<'_>, u32> = Default::default();
    let bare = found.iter().any(|(_, w)| w.is_none());
    for (p, worker) in found {
        let e = cxs[p].entry;
        let key = bare.then(|| {
            (
                &*e.request.method,
                &*e.request.url,
                e.raw_status().map(f64::to_bits),
                e.response_header("date").map(|(_, d)| d.trim()),
            )
        });
        let worker = worker.unwrap_or_else(|| rules::facts::Worker {
            request: None,
            marked: false,
            unmarked: Some(rules::facts::Unmarked {
                records_workers: playwright,
                earlier: key.and_then(|k| last.get(&k).copied()),
            }),
        });
        if let (Some(key), Ok(index)) = (key, u32::try_from(e.index)) {
            last.insert(key, index);
        }
        cxs[p].worker = Some(worker);
    }
}

/// Marks the preflights whose request (same URL, the announced method) appears
/// nowhere in the capture, before anything is classified.
fn mark_orphan_preflights<'h, 'a>(cxs: &mut [EntryCx<'h, 'a>]) {
    // Most captures have no preflight at all; a million entries need no index then.
    if !cxs.iter().any(|cx| cx.is_preflight()) {
        return;
    }
    let upper = |m: &'h str| -> Cow<'h, str> {
        if m.bytes().any(|b| b.is_ascii_lowercase()) {
            Cow::Owned(m.to_ascii_uppercase())
        } else {
            Cow::Borrowed(m)
        }
    };
    let requests: HashSet<(&'h str, Cow<'h, str>)> = cxs
        .iter()
        .filter(|cx| !cx.is_preflight())
        .map(|cx| {
            let e: &'h crate::har::Entry<'a> = cx.entry;
            (&*e.request.url, upper(&e.request.method))
        })
        .collect();
    for cx in cxs.iter_mut().filter(|cx| cx.is_preflight()) {
        let e: &'h crate::har::Entry<'a> = cx.entry;
        let method = e
            .request_header("access-control-request-method")
            .map_or(Cow::Borrowed("GET"), |(_, m)| upper(m.trim()));
        cx.orphan_preflight = !requests.contains(&(&*e.request.url, method));
    }
}

/// Marks the records that cannot show their cookies (Chrome's record of a request it stopped,
/// a preflight whose request is absent) whose host the capture shows cookies for: another
/// request sent it a `Cookie`, or a `Set-Cookie` was for it (its host, or the `Domain` that
/// covers it). Runs after [`mark_orphan_preflights`].
fn mark_cookie_hosts(cxs: &mut [EntryCx<'_, '_>]) {
    let unseen = |cx: &EntryCx<'_, '_>| cx.orphan_preflight || cx.stopped_before_sending();
    if !cxs.iter().any(unseen) {
        return;
    }
    let host = |url: &str| crate::http::site::Url::parse(url).map(|u| u.host.to_ascii_lowercase());
    // Kept without leading dots, as `domain_match` reads a domain.
    let host_domain = |url: &str| host(url).map(|h| h.trim_start_matches('.').to_owned());
    let mut hosts: HashSet<String> = HashSet::new();
    for cx in cxs.iter() {
        let e = cx.entry;
        if e.sends_cookies() {
            hosts.extend(host_domain(&e.request.url));
        }
        // Each cookie set, from its `Set-Cookie` line or the exporter's `response.cookies`
        // (the same cookies twice, or the list alone): its `Domain`, or the host that set it.
        let lines = e
            .response_header_values("set-cookie")
            .filter_map(|(_, line)| crate::http::set_cookie::parse(line))
            .map(|c| c.domain);
        let listed = e.response.iter().flat_map(|r| &r.cookies);
        for domain in lines.chain(listed.map(|c| c.domain.as_deref().map(str::to_owned))) {
            match domain.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
                Some(d) => {
                    hosts.insert(d.trim_start_matches('.').to_ascii_lowercase());
                }
                None => hosts.extend(host_domain(&e.request.url)),
            }
        }
    }
    for cx in cxs.iter_mut().filter(|cx| unseen(cx)) {
        let Some(mine) = host(&cx.entry.request.url) else {
            continue;
        };
        // The host itself, or a domain it ends with after a dot (`domain_match`): looked up,
        // not compared with every host, which was quadratic where each of thousands of
        // subdomains had a request blocked.
        let dotted = !crate::http::site::is_ip_address(&mine);
        cx.cookies_possible = hosts.contains(mine.as_str())
            || (dotted
                && mine
                    .match_indices('.')
                    .any(|(k, _)| hosts.contains(&mine[k + 1..])));
        debug_assert!(
            hosts.len() > 64
                || cx.cookies_possible
                    == hosts
                        .iter()
                        .any(|h| crate::http::set_cookie::domain_match(&mine, h))
        );
    }
}

/// Below this many entries per core, their own rules run on one thread.
const ENTRIES_PER_THREAD: usize = 500;

/// Below this many findings (or failures) per core, putting them into words (or making the
/// report's entry of each failure) stays on one thread.
const FINDINGS_PER_THREAD: usize = 1_000;

/// Rules that judge what is inside the token a request carried.
const TOKEN_CONTENT_RULES: &[&str] = &[
    "jwt-expired",
    "jwt-not-yet-valid",
    "jwt-exp-in-milliseconds",
    "jwt-alg-none",
    "jwt-signature-rejected",
    "jwt-audience-mismatch",
    "jwt-malformed",
    "id-token-as-access-token",
    "clock-skew",
];

/// A token's content explains a failure only if the token reached the code that
/// refused it ([`EntryCx::token_reached`]): for a 401 served from a cache, one whose
/// server says it found no token, or a request that got no answer, such findings are
/// dropped; when a bare
/// Bearer challenge or the record makes it doubtful, they are at most `possible` (so that
/// `authorization-not-received`, a proxy dropped the header, ranks first) and say why (their
/// `unseen` field).
/// Only the drafts from `from` on are judged: each entry's own rules' drafts are judged as that
/// entry is checked ([`check`]).
fn calibrate_token_content(drafts: &mut Vec<Draft>, from: usize, cxs: &[EntryCx<'_, '_>]) {
    // `cxs` are in entry order (the engine builds them so): found by binary search, not
    // through an index of every entry built for each phase.
    debug_assert!(cxs.windows(2).all(|w| w[0].index() < w[1].index()));
    keep_from(drafts, from, |d| {
        match d
            .entries
            .first()
            .and_then(|e| crate::rules::facts::entry_at(cxs, *e))
        {
            Some(cx) => token_content_stands(d, cx),
            None => true,
        }
    });
}

/// Whether draft `d`, whose first entry is `cx`'s, stands ([`calibrate_token_content`]): its
/// confidence lowered when the token may not have reached the server.
fn token_content_stands(d: &mut Draft, cx: &EntryCx<'_, '_>) -> bool {
    use crate::finding::Confidence;
    use crate::rules::facts::credentials::Reached;
    if !TOKEN_CONTENT_RULES.contains(&d.meta.id) || cx.failure().is_none() {
        return true;
    }
    match cx.token_reached() {
        Reached::Yes => true,
        Reached::No => false,
        Reached::Doubtful(why) => {
            d.confidence = d.confidence.max(Confidence::Possible);
            // The words say why it is only possible, where the messages say what a server does
            // with such a token.
            d.data
                .insert("unseen", crate::value::Value::Word(why.word()));
            true
        }
    }
}

/// Keeps the drafts from `from` on that `keep` keeps, in place and in order (a copy of a
/// phase's drafts, every draft where every request failed, was a megabyte at the peak of such
/// a run).
fn keep_from(drafts: &mut Vec<Draft>, from: usize, mut keep: impl FnMut(&mut Draft) -> bool) {
    let mut kept = from;
    for at in from..drafts.len() {
        if keep(&mut drafts[at]) {
            drafts.swap(kept, at);
            kept += 1;
        }
    }
    drafts.truncate(kept);
}

/// How many entries a grouped note names (the first ones); the rest are counted.
pub const GROUP_SHOWN: usize = 5;

/// Notes about requests that did not fail (a token the server accepted although
/// it expired, a cookie the browser refused) repeat on every such request: a
/// capture of a polling page holds thousands. One finding per message stands for
/// all of them, naming the first few entries and counting the rest
/// (`Finding::repeats`). Findings about failing requests are never grouped: each
/// failure has its own cause.
///
/// Grouped in place: a second list of every draft, where every request of the bench's capture
/// failed, was a megabyte at the peak of the run.
fn group_repeated_notes(drafts: &mut Vec<Draft>, failing: &HashSet<usize>) {
    let mut first_of: std::collections::HashMap<Cow<'static, str>, usize> =
        std::collections::HashMap::new();
    // The drafts before `kept` stay, in order; those between it and `at` were grouped.
    let mut kept = 0;
    for at in 0..drafts.len() {
        let d = &drafts[at];
        if matches!(d.entries.first(), Some(e) if !failing.contains(e)) {
            if let Some(&first) = first_of.get(&d.message) {
                let entry = d.entries.first().copied();
                let g = &mut drafts[first];
                g.repeats += 1;
                if g.entries.len() < GROUP_SHOWN {
                    g.entries.extend(entry);
                }
                continue;
            }
            first_of.insert(d.message.clone(), kept);
        }
        drafts.swap(kept, at);
        kept += 1;
    }
    drafts.truncate(kept);
}

/// The parse issue that tells the reader what a guarded analysis left out.
fn skip_issue(s: &guard::Skip) -> ParseIssue {
    let what = match (&s.entry, &s.rule) {
        (Some(e), _) => format!("entry {e} was left out"),
        (None, Some(r)) => format!("rule {r} was left out"),
        (None, None) => "nothing was left out".to_owned(),
    };
    ParseIssue {
        kind: "skipped",
        message: format!(
            "{what}: why401 failed on it (a bug; please report it): {}",
            s.message
        ),
        pointer: s.entry.map(|e| format!("/log/entries/{e}")),
        line: None,
        column: None,
    }
}

/// The words of the last drafts put into words, by message and data ([`localize`]), and the
/// last excerpts shown. Where every request of a capture fails, most drafts say what the draft of
/// the same message before them said, with the same data (thousands quote the same
/// `Cache-Control`, lack the same scope), and most excerpts are the same header line: their words
/// are copied, not made again (showing a value redacts and scrubs it). One per thread, for one
/// report's options (so not the library's to hand out: one shared by two reports would give
/// the second the first's words, redacted as the first's options say); the latest used first,
/// [`WORDINGS_KEPT`] of each.
#[derive(Default)]
pub(crate) struct Wording {
    said: crate::memo::Recent<Said, WORDINGS_KEPT>,
    excerpts: crate::memo::Recent<(crate::value::Value, String), WORDINGS_KEPT>,
}

/// What a draft's message and data came to ([`Wording`]).
struct Said {
    message: Cow<'static, str>,
    data: crate::finding::Fields<crate::value::Value>,
    title: String,
    explanation: String,
    fixes: Vec<Cow<'static, str>>,
    shown: crate::finding::Fields<serde_json::Value>,
}

/// How many messages with their data, and how many excerpts, a [`Wording`] keeps. Where every
/// request of the bench's capture failed, its 7,516 findings said 1,796 different things; each
/// thread's share of them, in entry order, came back to the same few dozen.
const WORDINGS_KEPT: usize = 32;

impl Wording {
    /// Excerpt `v` as shown.
    fn excerpt(&mut self, v: &crate::value::Value, opts: &Options) -> String {
        let (_, shown) = self
            .excerpts
            .find_or_put(|(seen, _)| seen == v, || (v.clone(), v.show(opts)));
        shown.clone()
    }
}

/// Draft `d` put into words in the options' language, what it quotes scrubbed, the words of
/// a draft that said the same a moment before copied ([`Wording`]). By reference: the CLI puts
/// a few at a time into words from the drafts it keeps (`Drafted`).
fn localize(d: &Draft, opts: &Options, words: &mut Wording) -> Finding {
    guard::at(d.entries.first().copied(), Some(d.meta.id));
    // The tests' way to make putting a finding into words fail, as a bug would.
    #[cfg(test)]
    if d.message == FAULT_MESSAGE {
        panic!("fault injected ({FAULT_MESSAGE})");
    }
    if let Some(said) = (words.said).find(|s| s.message == d.message && s.data == d.data) {
        let mut finding = bare(
            d,
            said.title.clone(),
            said.explanation.clone(),
            said.fixes.clone(),
        );
        finding.data = said.shown.clone();
        for (shown, e) in finding.evidence.iter_mut().zip(&d.evidence) {
            shown.excerpt = words.excerpt(&e.excerpt, opts);
        }
        return finding;
    }
    let msg = messages::get(opts.lang, &d.message);
    let mut shown = messages::Shown::new(&d.data, opts);
    let (title, explanation, fixes) = match msg {
        Some(m) => {
            // A variant without fixes of its own shares its rule's.
            let fixes = match (m.fixes.is_empty(), d.message.split_once('.')) {
                (true, Some((base, _))) => {
                    messages::get(opts.lang, base).map_or(m.fixes, |b| b.fixes)
                }
                _ => m.fixes,
            };
            (
                shown.fill(m.title),
                shown.fill(m.explanation),
                // A fix that is all optional part (a library's setting) goes where it is empty.
                (fixes.iter().map(|f| shown.fill_static(f)))
                    .filter(|f| !f.is_empty())
                    .collect(),
            )
        }
        // A missing message is a bug the tidy test catches; never drop the finding.
        None => (d.message.to_string(), String::new(), Vec::new()),
    };
    let explanation = with_doubt(explanation, d, opts.lang);
    let mut finding = bare(d, title, explanation, fixes);
    for (shown, e) in finding.evidence.iter_mut().zip(&d.evidence) {
        shown.excerpt = words.excerpt(&e.excerpt, opts);
    }
    finding.data = (d.data.iter())
        .map(|(k, v)| {
            // What the templates showed is shown the same here, not worked out again.
            let data = if v.data_is_shown() {
                serde_json::Value::from(shown.get(k).unwrap_or_default())
            } else {
                v.data(opts)
            };
            (k, data)
        })
        .collect();
    if msg.is_some() {
        words.said.put(Said {
            message: d.message.clone(),
            data: d.data.clone(),
            title: finding.title.clone(),
            explanation: finding.explanation.clone(),
            fixes: finding.fixes.clone(),
            shown: finding.data.clone(),
        });
    }
    finding
}

/// `explanation` of draft `d`, ended with why the capture cannot tell whether its token reached
/// the server, where that is doubtful (its `unseen` word, [`token_content_stands`]): one place
/// for every rule that judges a token's content, whose messages say what a server does with
/// such a token.
fn with_doubt(mut explanation: String, d: &Draft, lang: messages::Lang) -> String {
    if let Some(crate::value::Value::Word(key)) = d.data.get("unseen") {
        if !explanation.is_empty() && lang == messages::Lang::En {
            explanation.push(' ');
        }
        explanation.push_str(messages::ui(lang, key));
    }
    explanation
}

/// The references of draft `d`: the rule's own list, unless a vendor's documentation comes
/// first.
fn references(d: &Draft) -> Cow<'static, [crate::finding::Reference]> {
    if d.references.is_empty() {
        Cow::Borrowed(d.meta.references)
    } else {
        Cow::Owned(
            d.references
                .iter()
                .chain(d.meta.references)
                .cloned()
                .collect(),
        )
    }
}

/// Draft `d` as a finding without words: its rule, message id (as the title), places and
/// references, nothing it quotes (its quotes are scrubbed as they are put into words). For a
/// finding that could not be put into words once the report was being written.
pub(crate) fn unworded(d: &Draft) -> Finding {
    bare(d, d.message.to_string(), String::new(), Vec::new())
}

/// Draft `d` as a finding with these words, and nothing it quotes yet: no excerpts, no data.
fn bare(d: &Draft, title: String, explanation: String, fixes: Vec<Cow<'static, str>>) -> Finding {
    Finding {
        rule: d.meta.id,
        message: d.message.to_string(),
        severity: d.severity,
        confidence: d.confidence,
        entries: d.entries.clone(),
        evidence: (d.evidence.iter())
            .map(|e| crate::finding::Evidence {
                entry: e.entry,
                pointer: e.pointer.text(),
                excerpt: String::new(),
            })
            .collect(),
        title,
        explanation,
        fixes,
        references: references(d),
        repeats: d.repeats,
        data: crate::finding::Fields::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JWT (unsigned, never verified) with the given `exp`.
    fn token(exp: i64) -> String {
        use base64::Engine;
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!(
            "{}.{}.sig",
            b64(r#"{"alg":"HS256","typ":"JWT"}"#),
            b64(&format!(r#"{{"sub":"u","exp":{exp}}}"#))
        )
    }

    fn entry(i: usize, status: u16, token: &str) -> String {
        format!(
            r#"{{"startedDateTime":"2024-05-01T10:{:02}:{:02}Z","request":{{"method":"GET","url":"https://api.test/poll/{i}","headers":[{{"name":"Authorization","value":"Bearer {token}"}}]}},"response":{{"status":{status},"headers":[]}}}}"#,
            i / 60 % 60,
            i % 60
        )
    }

    /// A draft is given the words of a draft put into words before it ([`Wording`]) only where
    /// both say the same (message and data), and those words are the ones it has alone: in
    /// each language, with secrets redacted or shown, whatever came between.
    #[test]
    fn words_are_copied_only_between_drafts_that_say_the_same() {
        use crate::finding::{Confidence, Pointer};
        use crate::rules::DraftEvidence;
        use crate::value::Value;
        let meta = rules::by_id("insufficient-scope").expect("the rule").meta();
        let draft = |entry: usize, message: &'static str, required: &str, have: &str| {
            let mut d = Draft::new(meta, entry, Confidence::Certain);
            d.message = message.into();
            d.data.insert("required", Value::text(required));
            d.data.insert("have", Value::text(have));
            // A value shown redacted, or not, as the options say.
            d.data
                .insert("token", Value::secret(format!("secret-token-{have}")));
            d.evidence.push(DraftEvidence {
                entry,
                pointer: Pointer::item(entry, "response/headers", 3),
                excerpt: Value::header(
                    "WWW-Authenticate",
                    format!(r#"Bearer error="insufficient_scope", scope="{required}""#),
                ),
            });
            d.evidence.push(DraftEvidence {
                entry,
                pointer: Pointer::item(entry, "request/headers", 1),
                excerpt: Value::header("Authorization", format!("Bearer secret-{have}")),
            });
            d
        };
        let plain = "insufficient-scope";
        let github = "insufficient-scope.github";
        let drafts = [
            draft(0, plain, "orders:admin", "orders:read"),
            draft(1, plain, "orders:admin", "orders:read"),
            // Another message, the same data.
            draft(2, github, "orders:admin", "orders:read"),
            // The same message, other data: one value, then the other.
            draft(3, plain, "orders:admin", "orders:write"),
            draft(4, plain, "billing", "orders:read"),
            draft(5, plain, "orders:admin", "orders:read"),
            draft(6, github, "orders:admin", "orders:read"),
        ];
        for lang in [messages::Lang::En, messages::Lang::Ja] {
            for show_secrets in [false, true] {
                let opts = Options {
                    lang,
                    show_secrets,
                    ..Options::default()
                };
                let mut words = Wording::default();
                let mut explanations = HashSet::new();
                for d in &drafts {
                    let alone = localize(d, &opts, &mut Wording::default());
                    let copied = localize(d, &opts, &mut words);
                    assert_eq!(
                        serde_json::to_value(&copied).unwrap(),
                        serde_json::to_value(&alone).unwrap(),
                        "entry {}",
                        d.entries[0]
                    );
                    explanations.insert(alone.explanation);
                }
                // Four messages with their data, each said once, and the excerpts of two
                // tokens and two scopes: the others were copied.
                assert_eq!(words.said.len(), 4);
                assert_eq!(words.excerpts.len(), 4);
                assert_eq!(explanations.len(), 4);
            }
        }
    }

    #[test]
    fn a_record_without_its_cookies_is_marked_where_the_capture_shows_cookies_for_its_host() {
        // Chrome's record of a request it stopped: no answer, `net::ERR_FAILED`, no cookies.
        let stopped = r#"{"request":{"method":"DELETE","url":"https://api.shop.test/cart/1","headers":[]},
            "response":{"status":0,"headers":[],"_error":"net::ERR_FAILED"}}"#;
        let marked = |others: &str| {
            let text = format!(r#"{{"log":{{"entries":[{others}{stopped}]}}}}"#);
            let read = crate::har::parse(&text);
            let opts = Options::default();
            let tokens = rules::facts::TokenCache::default();
            let mut cxs: Vec<EntryCx<'_, '_>> = read
                .har
                .entries
                .iter()
                .map(|e| EntryCx::new(e, &opts, false, &tokens))
                .collect();
            mark_cookie_hosts(&mut cxs);
            let last = cxs.last().expect("the stopped record");
            assert!(last.stopped_before_sending());
            last.cookies_possible
        };
        let answered = |request: &str, response: &str| {
            format!(
                r#"{{"request":{{"method":"GET","url":"{request}"}},"response":{{"status":200,{response}}}}},"#
            )
        };
        assert!(!marked(""));
        assert!(!marked(&answered(
            "https://other.test/",
            r#""headers":[{"name":"Set-Cookie","value":"sid=1"}]"#
        )));
        // A cookie its host was sent, one set by it, one set for the parent domain elsewhere.
        let sent = r#"{"request":{"method":"GET","url":"https://api.shop.test/me","headers":[{"name":"Cookie","value":"sid=1"}]},"response":{"status":200}},"#;
        assert!(marked(sent));
        assert!(marked(&answered(
            "https://api.shop.test/login",
            r#""headers":[{"name":"Set-Cookie","value":"sid=1; Path=/"}]"#
        )));
        assert!(marked(&answered(
            "https://www.shop.test/",
            r#""headers":[{"name":"Set-Cookie","value":"sid=1; Domain=.shop.test"}]"#
        )));
        // An exporter that lists the cookies set without their `Set-Cookie` line.
        assert!(marked(&answered(
            "https://www.shop.test/",
            r#""headers":[],"cookies":[{"name":"sid","value":"1","domain":"shop.test"}]"#
        )));
        assert!(marked(&answered(
            "https://api.shop.test/login",
            r#""headers":[],"cookies":[{"name":"sid","value":"1"}]"#
        )));
        assert!(!marked(&answered(
            "https://www.shop.test/",
            r#""headers":[],"cookies":[{"name":"sid","value":"1","domain":"www.shop.test"}]"#
        )));
    }

    #[test]
    fn requests_that_send_one_authorization_value_are_diagnosed_alike() {
        // The diagnosis of a value is worked out once and shared (`TokenCache`): every
        // request that sent it gets it, on whichever core it is checked, and another value
        // gets its own.
        let mut entries: Vec<String> = (0..3000).map(|i| entry(i, 401, "undefined")).collect();
        entries.push(entry(3000, 401, "abcdefghijklmnopqrstuvwxyz0123456789"));
        let har = format!(r#"{{"log":{{"entries":[{}]}}}}"#, entries.join(","));
        let report = analyze_bytes(har.into_bytes(), &Options::default()).unwrap();
        assert_eq!(report.failures.len(), 3001);
        for f in report.failures.iter().take(3000) {
            assert_eq!(
                f.causes.first().copied(),
                Some("token-placeholder"),
                "entry {}",
                f.entry
            );
        }
        assert!(!report.failures[3000].causes.contains(&"token-placeholder"));
    }

    #[test]
    fn repeated_notes_about_healthy_requests_become_one_finding() {
        // exp is 2024-05-01T09:00:00Z: an hour before every request.
        let expired = token(1_714_554_000);
        // One request fails among them (the notes are grouped around its finding), and the last.
        let status = |i| if i == 100 || i == 201 { 401 } else { 200 };
        let entries: Vec<String> = (0..202).map(|i| entry(i, status(i), &expired)).collect();
        let har = format!(r#"{{"log":{{"entries":[{}]}}}}"#, entries.join(","));
        let report = analyze_bytes(har.into_bytes(), &Options::default()).unwrap();
        let accepted: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.message == "jwt-expired.accepted")
            .collect();
        assert_eq!(accepted.len(), 1, "one note for all 200 accepted requests");
        assert_eq!(accepted[0].repeats, 200);
        assert_eq!(accepted[0].entries, [0, 1, 2, 3, 4]);
        // Each failing request keeps its own finding, after the note, in entry order.
        assert_eq!(report.failures.len(), 2);
        let firsts: Vec<usize> = report.findings.iter().map(|f| f.entries[0]).collect();
        assert_eq!(firsts, [0, 100, 201], "{firsts:?}");
        for (failure, at) in report.failures.iter().zip([100, 201]) {
            assert_eq!(failure.entry, at);
            assert_eq!(failure.causes[0], "jwt-expired");
            let own: Vec<&Finding> = report.findings_for(at).collect();
            assert_eq!(own[0].repeats, 1);
        }
        let text = crate::render::text(&report, &Options::default(), false);
        assert!(text.contains("200 requests"), "{text}");
    }

    /// A finding about a token's content that cannot tell whether the server saw the token says
    /// why, in each language, as the end of its explanation and as its `unseen` data; one whose
    /// server judged the token says nothing of the kind.
    #[test]
    fn token_findings_say_why_the_server_may_not_have_seen_the_token() {
        let cases: [(&[u8], &str, Option<&str>); 3] = [
            // Playwright's record of a request its preflight stopped: status -1, as for an
            // answer CORS hid (the lab's cors-blocked-expired-token).
            (
                include_bytes!("../tests/fixtures/jwt-expired/pos-cors-blocked-playwright-at-most-possible/input.har"),
                "jwt-expired",
                Some("unseen_no_answer"),
            ),
            // A bare Bearer challenge to a request that carried a token.
            (
                include_bytes!("../tests/fixtures/authorization-not-received/pos-bare-challenge-outranks-token-content/input.har"),
                "jwt-audience-mismatch",
                Some("unseen_bare_challenge"),
            ),
            (
                include_bytes!("../tests/fixtures/jwt-expired/pos-expired-server-says-so/input.har"),
                "jwt-expired",
                None,
            ),
        ];
        for (har, rule, word) in cases {
            for lang in [messages::Lang::En, messages::Lang::Ja] {
                let opts = Options {
                    lang,
                    ..Options::default()
                };
                let report = analyze_bytes(har.to_vec(), &opts).unwrap();
                let f = (report.findings.iter())
                    .find(|f| f.rule == rule)
                    .unwrap_or_else(|| panic!("no {rule} finding"));
                let said = f.data.get("unseen").and_then(|v| v.as_str());
                assert_eq!(said, word, "{rule}");
                match word {
                    Some(word) => {
                        assert_eq!(f.confidence, crate::finding::Confidence::Possible);
                        assert!(
                            f.explanation.ends_with(messages::ui(lang, word)),
                            "{}",
                            f.explanation
                        );
                    }
                    None => assert!(
                        !f.explanation
                            .contains(messages::ui(lang, "unseen_no_answer"))
                            && !f
                                .explanation
                                .contains(messages::ui(lang, "unseen_bare_challenge")),
                        "{}",
                        f.explanation
                    ),
                }
            }
        }
    }
}
