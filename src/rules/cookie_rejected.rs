//! `cookie-rejected`
//!
//! # What it detects
//! A `Set-Cookie` line the browser refuses to store (RFC 6265bis §5.7), so the
//! session it carries never exists on the client:
//! - `samesite-none-insecure`: `SameSite=None` without `Secure` (Chrome 80+).
//! - `secure-over-http`: `Secure` set by a plain-HTTP response (not localhost).
//! - `domain-mismatch`: a `Domain` that does not domain-match the response host.
//! - `public-suffix`: a `Domain` that is a public suffix (`.com`, `.co.jp`, `github.io`).
//! - `host-prefix` / `secure-prefix`: a `__Host-` or `__Secure-` name whose
//!   attributes break the prefix rules.
//! - `too-large`: name and value over 4096 bytes.
//!
//! The warning sits on the response that set the cookie; every later failure
//! that went to the cookie's site and path without it gets the same finding as
//! its cause (at most 50 of them). When the same cookie (the same name, host,
//! path and reason) is refused again, as by a site that sets it on every
//! answer, the failures after that are the later refusal's: a failure is not
//! listed again by each earlier refusal of it.
//!
//! # Why it causes the failure
//! A cookie that was never stored is never sent: the sign-in "works" (200 with
//! `Set-Cookie`) and the very next request is anonymous.
//!
//! # Example (HAR excerpt)
//! `POST https://api.example.test/login` → 200 `Set-Cookie: sid=…; Path=/;
//! SameSite=None` (no `Secure`); `GET https://api.example.test/me` without
//! `Cookie` → 401.
//!
//! # References
//! RFC 6265bis §5.7 (storage model), §4.1.3 (cookie name prefixes), §5.6
//! (4096-byte limit); MDN Set-Cookie; Chrome "SameSite=None requires Secure".

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, FileCx, Phase, Rule, RuleMeta, Value, cookies};

pub struct CookieRejected;

static META: RuleMeta = RuleMeta {
    id: "cookie-rejected",
    since: "0.1.0",
    severity: Severity::Warning,
    rank: 8,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 6265bis §5.7 Storage model", url: "https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.7" },
        Reference { title: "RFC 6265bis §4.1.3 Cookie name prefixes", url: "https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-4.1.3" },
        Reference { title: "MDN: Set-Cookie", url: "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie" },
        Reference { title: "Chrome: SameSite=None cookies must be Secure", url: "https://developers.google.com/search/blog/2020/01/get-ready-for-new-samesitenone-secure" },
    ],
};

impl Rule for CookieRejected {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        for r in &fcx.cookies().rejected {
            let set_by = r.source.entry;
            let base = |first: usize, confidence| {
                Draft::new(&META, first, confidence)
                    .variant(r.rejection.as_str())
                    .data("cookie", &r.name)
                    .data("set_by", Value::Entry(set_by))
                    .data("attribute", r.attribute.clone())
                    .data("host", &r.host)
            };
            let mut d = base(set_by, Confidence::Certain).evidence(set_by, r.source.pointer.clone(), r.source.excerpt.clone());
            for &f in &r.failures {
                d = d.also_entry(f);
            }
            out.push(d);
            for &f in &r.failures {
                let Some(cx) = fcx.entry_at(f) else {
                    continue;
                };
                let (ptr, excerpt) = cookies::request_evidence(cx.entry);
                out.push(
                    base(f, Confidence::Likely)
                        .severity(Severity::Error)
                        .also_entry(set_by)
                        .evidence(f, ptr, excerpt)
                        .evidence(set_by, r.source.pointer.clone(), r.source.excerpt.clone()),
                );
            }
        }
    }
}
