//! `credential-stopped-working`
//!
//! # What it detects
//! A request refused with 401 or 403 whose credential (the same
//! `Authorization` value, or the same session cookies) was accepted by an
//! earlier request to the same host in the capture, with no more specific
//! cause found (not expired, well-formed). When the same credential is accepted
//! again *after* the failure, the server side is inconsistent.
//!
//! # Why it causes the failure
//! The credential itself was valid: something on the server ended it. A session
//! destroyed by a logout in another tab, a session store that evicted it (TTL,
//! memory pressure, a restart of an in-memory store), a token revoked by an
//! admin or by a password change; or, when it alternates between accepted and
//! refused, servers behind a load balancer that do not share sessions (no sticky
//! sessions, no shared store) or keys.
//!
//! # Example (HAR excerpt)
//! Entry 3 `GET /api/cart` with `Cookie: sid=…` → 200; entry 9, same cookie → 401.
//!
//! # References
//! OWASP Session Management Cheat Sheet; RFC 6750 §3.1.

use std::collections::{HashMap, HashSet};

use crate::finding::{Confidence, Reference, Severity};
use crate::http::site::authority_of;

use super::{Draft, EntryCx, FileCx, Phase, Rule, RuleMeta, Value, req_header_ptr};

pub struct CredentialStoppedWorking;

static META: RuleMeta = RuleMeta {
    id: "credential-stopped-working",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 38,
    phase: Phase::Fallback,
    references: &[
        Reference { title: "OWASP Session Management Cheat Sheet", url: "https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html" },
        Reference { title: "RFC 6750 §3.1 invalid_token", url: "https://www.rfc-editor.org/rfc/rfc6750#section-3.1" },
    ],
};

/// How many successful requests of the same origin, before and after a failure,
/// are compared with it.
const NEAREST: usize = 200;

/// The credential a request presented: its Authorization value, or its cookie pairs.
enum Credential<'c> {
    Authorization(usize, &'c str),
    Cookies(usize, Vec<&'c str>),
}

fn credential<'c>(cx: &'c EntryCx<'_, '_>) -> Option<Credential<'c>> {
    if let Some((h, v)) = cx.authorization() {
        return Some(Credential::Authorization(h, v));
    }
    let (h, cookie) = cx.entry.request_header("cookie")?;
    let pairs: Vec<&str> = cookie.split(';').map(str::trim).filter(|p| p.contains('=')).collect();
    (!pairs.is_empty()).then_some(Credential::Cookies(h, pairs))
}

fn path_of(url: &str) -> String {
    crate::http::site::Url::parse(url).map_or_else(|| "/".to_owned(), |u| u.path)
}

/// Whether `other` presented the same credential.
fn presents(other: &EntryCx<'_, '_>, cred: &Credential<'_>) -> bool {
    match cred {
        Credential::Authorization(_, v) => other.authorization().is_some_and(|(_, o)| o == *v),
        // A set: a `Cookie` header can hold thousands of pairs, and a search of the list for
        // each of them was quadratic.
        Credential::Cookies(_, pairs) => other.entry.request_header("cookie").is_some_and(|(_, o)| {
            let theirs: HashSet<&str> = o.split(';').map(str::trim).collect();
            pairs.iter().all(|p| theirs.contains(p))
        }),
    }
}

impl Rule for CredentialStoppedWorking {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        // Successful requests by origin, computed once: a capture has thousands of
        // requests and each failure looks only at its own origin's.
        let mut successes: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut origins_known = false;
        for (pos, cx) in fcx.entries.iter().enumerate() {
            if !matches!(cx.status(), Some(401 | 403)) || fcx.explained.contains(&cx.index()) || cx.is_preflight() {
                continue;
            }
            let Some(cred) = credential(cx) else { continue };
            // Basic and Digest name a protection space (realm): `basic-rejected`
            // compares those.
            if let Credential::Authorization(_, v) = &cred {
                let scheme = v.trim_start().split([' ', '\t']).next().unwrap_or("");
                if scheme.eq_ignore_ascii_case("basic") || scheme.eq_ignore_ascii_case("digest") {
                    continue;
                }
            }
            if !origins_known {
                origins_known = true;
                for (p, o) in fcx.entries.iter().enumerate() {
                    if o.status().is_some_and(|s| (200..300).contains(&s)) && !o.is_preflight() {
                        successes.entry(authority_of(&o.entry.request.url)).or_default().push(p);
                    }
                }
            }
            let origin = authority_of(&cx.entry.request.url);
            let path = path_of(&cx.entry.request.url);
            // A 403 elsewhere on the host is a permission, not an ended session:
            // only the same resource having worked counts then.
            let forbidden = cx.status() == Some(403);
            let same = |p: &&usize| {
                let o = &fcx.entries[**p];
                (!forbidden || path_of(&o.entry.request.url) == path) && presents(o, &cred)
            };
            let candidates = successes.get(origin).map_or(&[][..], Vec::as_slice);
            let split = candidates.partition_point(|p| *p < pos);
            // The nearest successes are the ones that say something about this
            // failure, and bounding the look keeps a large capture linear.
            let Some(&before) = candidates[..split].iter().rev().take(NEAREST).find(same) else { continue };
            let before = &fcx.entries[before];
            let after = candidates[split..].iter().take(NEAREST).find(same).map(|p| &fcx.entries[*p]);
            let i = cx.index();
            let (kind, h) = match &cred {
                Credential::Authorization(h, _) => ("token", *h),
                Credential::Cookies(h, _) => ("cookie", *h),
            };
            // Without times the message says "earlier" without how long.
            let elapsed = match (cx.started_ms(), before.started_ms()) {
                (Some(a), Some(b)) if a >= b => Some(Value::Duration((a - b) / 1000)),
                _ => None,
            };
            let header = if kind == "token" { "authorization" } else { "cookie" };
            let value = cx.entry.request_header(header).map_or("", |(_, v)| v);
            let mut d = Draft::new(&META, i, Confidence::Likely)
                .variant(kind)
                .data("earlier", Value::Entry(before.index()))
                .also_entry(before.index())
                .evidence(i, req_header_ptr(i, h), Value::header(if kind == "token" { "Authorization" } else { "Cookie" }, value));
            if let Some(elapsed) = elapsed {
                d = d.data("elapsed", elapsed);
            }
            if let Some(later) = after {
                d = d.variant("flapping").data("later", Value::Entry(later.index())).also_entry(later.index());
            }
            out.push(d);
        }
    }
}
