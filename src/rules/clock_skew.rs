//! `clock-skew`
//!
//! # What it detects
//! The client's clock (the HAR's `startedDateTime`) and the server's `Date`
//! header differ by more than the leeway, on a request where a time-based check
//! is involved: a JWT with `exp`/`nbf`/`iat`, or a signed request (`X-Amz-Date`,
//! Hawk).
//!
//! # Why it causes the failure
//! Token lifetimes and request signatures are judged by the server's clock. If
//! the client's clock is wrong, a token the client believes valid is expired at
//! the server, or a freshly issued one is "not yet valid" — typical of mobile
//! devices, VMs after suspend, and containers without NTP.
//!
//! Where another answer in the capture is dated by the client's clock, the client's clock is
//! not the one that is off: the server that wrote this answer (or the component behind it)
//! has the wrong time, and the finding says so (`clock-skew.server-clock`).
//!
//! # Example (HAR excerpt)
//! `"startedDateTime": "2024-05-01T10:00:00Z"`, response `Date: Wed, 01 May 2024 10:12:30 GMT`.
//!
//! # References
//! RFC 9110 §6.6.1, RFC 7519 §4.1.4.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, EntryCx, FileCx, Phase, Rule, RuleMeta, Value, entry_ptr, resp_header_ptr};

pub struct ClockSkew;

static META: RuleMeta = RuleMeta {
    id: "clock-skew",
    since: "0.1.0",
    severity: Severity::Warning,
    rank: 14,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 9110 §6.6.1 Date", url: "https://www.rfc-editor.org/rfc/rfc9110#section-6.6.1" },
        Reference { title: "RFC 7519 §4.1.4 \"exp\" claim", url: "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4" },
    ],
};

impl Rule for ClockSkew {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        let leeway_ms = fcx.opts.leeway_secs * 1000;
        // Answers whose Date agrees with the client's clock: where there is one, the client's
        // clock is most likely not the one that is off (the lab's clock-skew-client-behind: the
        // page's own answers and even the preflight were dated by the client's clock, only the
        // API's 401 was ten minutes ahead). Worked out when a failure first needs them.
        let agreeing = OnceCell::new();
        let agreeing = || agreeing.get_or_init(|| Agreeing::of(fcx.entries, leeway_ms));
        for (pos, cx) in fcx.entries.iter().enumerate() {
            if let Some(d) = check(cx, || agreeing().nearest(fcx.entries, pos), leeway_ms) {
                out.push(d);
            }
        }
    }
}

/// The answers dated by the client's clock (places in the capture's entries), all of them and
/// by origin. Not one from a cache (its Date is when it was stored), nor one that took longer
/// than the leeway (a stream agrees with any clock over its length), nor one from this device
/// (`localhost`: the same clock).
struct Agreeing<'c> {
    all: Vec<usize>,
    by_origin: HashMap<Cow<'c, str>, Vec<usize>>,
}

impl<'c> Agreeing<'c> {
    fn of(entries: &'c [EntryCx<'c, '_>], leeway_ms: i64) -> Self {
        let mut all = Vec::new();
        let mut by_origin: HashMap<Cow<'c, str>, Vec<usize>> = HashMap::new();
        for (pos, o) in entries.iter().enumerate() {
            let quick = o.entry.time.is_some_and(|t| t >= 0.0 && t <= leeway_ms as f64);
            if !quick || o.served_from_cache() || skew_of(o).is_none_or(|(skew, ..)| skew.abs() > leeway_ms) {
                continue;
            }
            let Some(origin) = crate::http::site::origin_borrowed(&o.entry.request.url) else { continue };
            let host = origin.split_once("://").map_or(&*origin, |(_, h)| h);
            if host.starts_with("localhost") || host.starts_with("127.") || host.starts_with("[::1]") {
                continue;
            }
            all.push(pos);
            by_origin.entry(origin).or_default().push(pos);
        }
        Agreeing { all, by_origin }
    }

    /// The agreeing answer for the failure at place `pos`: of its origin first, else any; the
    /// nearest in the capture.
    fn nearest<'e, 'a>(&self, entries: &'e [EntryCx<'e, 'a>], pos: usize) -> Option<&'e EntryCx<'e, 'a>> {
        let near = |list: &[usize]| {
            let at = list.partition_point(|&p| p < pos);
            let before = at.checked_sub(1).map(|b| list[b]);
            let after = list.get(at).copied();
            [before, after].into_iter().flatten().filter(|&p| p != pos).min_by_key(|&p| p.abs_diff(pos))
        };
        let origin = crate::http::site::origin_borrowed(&entries[pos].entry.request.url);
        let mine = origin.and_then(|o| self.by_origin.get(&o)).and_then(|l| near(l));
        mine.or_else(|| near(&self.all)).map(|p| &entries[p])
    }
}

/// How far the server's `Date` on `cx`'s answer is from the client's clock, in milliseconds
/// (positive: the server's is ahead), with the header, the request's start and the server's
/// time: the least the two clocks can differ by. The server stamps `Date` somewhere between the
/// request's start and its end, cut to the second (its clock read at most a second past it).
fn skew_of(cx: &EntryCx<'_, '_>) -> Option<(i64, usize, i64, i64)> {
    let (start, (h, server)) = (cx.started_ms()?, cx.server_date_ms()?);
    let elapsed = cx.entry.time.unwrap_or(0.0).max(0.0) as i64;
    let skew = if server + 1000 < start {
        server + 1000 - start
    } else if server > start.saturating_add(elapsed) {
        server - start.saturating_add(elapsed)
    } else {
        0
    };
    Some((skew, h, start, server))
}

/// The finding about failure `cx`, if its answer's Date is off by more than the leeway and a
/// time check is involved; `agreeing` is an answer dated by the client's clock.
fn check<'e, 'a>(cx: &EntryCx<'e, 'a>, agreeing: impl FnOnce() -> Option<&'e EntryCx<'e, 'a>>, leeway_ms: i64) -> Option<Draft> {
    cx.failure()?;
    let (skew_ms, h, start, server) = skew_of(cx)?;
    let claims = cx.claims();
    let timed_token = claims.is_some_and(|c| c.exp().is_some() || c.nbf().is_some() || c.iat().is_some());
    let signed = cx.entry.request_header("x-amz-date").is_some()
        || cx.authorization().is_some_and(|(_, v)| {
            let v = v.trim_start().to_ascii_lowercase();
            v.starts_with("hawk") || v.starts_with("aws4-hmac")
        });
    if (!timed_token && !signed) || skew_ms.abs() <= leeway_ms {
        return None;
    }
    let i = cx.index();
    // Is the token valid by the client's clock but not by the server's? Then the
    // skew is the cause, not the token.
    let decisive = claims.is_some_and(|c| {
        let exp = c.exp().and_then(|d| d.unix_millis());
        let nbf = c.nbf().and_then(|d| d.unix_millis());
        exp.is_some_and(|e| e >= start && e < server) || nbf.is_some_and(|n| n <= start && n > server)
    });
    let client_behind = skew_ms > 0;
    let mut d = Draft::new(&META, i, if decisive { Confidence::Likely } else { Confidence::Possible })
        .data("skew", Value::Duration(skew_ms.abs() / 1000))
        .data("client_time", Value::Instant(start))
        .data("server_time", Value::Instant(server))
        .data("leeway", Value::Duration(cx.opts.leeway_secs))
        .evidence(i, entry_ptr(i, "startedDateTime"), Value::labeled("startedDateTime", cx.entry.started_date_time.as_deref().unwrap_or("")))
        .evidence(i, resp_header_ptr(i, h), Value::header("Date", cx.entry.response_header("date").map_or("", |(_, v)| v)));
    if decisive {
        d = d.severity(Severity::Error);
    }
    let other = agreeing().and_then(|o| Some((o, skew_of(o)?)));
    let Some((o, (_, oh, _, o_server))) = other else {
        d = d.data("direction", Value::Word(if client_behind { "behind" } else { "ahead" }));
        return Some(if decisive { d.variant("decisive") } else { d });
    };
    // Another answer agrees with the client's clock: this server's is the one off.
    let j = o.index();
    d = d
        .variant("server-clock")
        .also_entry(j)
        .data("direction", Value::Word(if client_behind { "ahead" } else { "behind" }))
        .data("agreeing", Value::Entry(j))
        .data("agreeing_time", Value::Instant(o_server))
        .evidence(j, resp_header_ptr(j, oh), Value::header("Date", o.entry.response_header("date").map_or("", |(_, v)| v)));
    if decisive {
        d = d.data("by_server_clock", Value::Word("skew_token_invalid_there"));
    }
    Some(d)
}
