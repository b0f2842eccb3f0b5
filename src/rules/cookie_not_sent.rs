//! `cookie-not-sent`
//!
//! # What it detects
//! A failed request (401, a login page, …) that carried no `Authorization` and
//! lacked a cookie an earlier response in the capture stored for its site. The
//! capture's `Set-Cookie` lines are replayed through a cookie store (RFC 6265bis
//! §5.7) and the request is matched against it (§5.8.3); the variant names the
//! rule that kept the cookie back:
//! - `samesite`: a cross-site request (`Sec-Fetch-Site: cross-site`, or an
//!   `Origin`/`Referer` of another site) and a `SameSite=Strict`, `Lax` or
//!   unspecified cookie (Chrome treats unspecified as `Lax`); `Lax` cookies
//!   still go with top-level `GET` navigations, so those are not reported.
//! - `secure`: a `Secure` cookie and a plain `http://` request.
//! - `domain`: a host-only cookie (no `Domain`) and a sibling host, or a
//!   `Domain` that does not cover the request host.
//! - `path`: the request path is not under the cookie's `Path`.
//! - `expired`: the cookie expired, or a later response deleted it
//!   (`Max-Age=0`, a past `Expires`: typically a logout).
//! - `samesite-post-window`: a cookie without `SameSite` left out of a cross-site
//!   top-level POST more than two minutes after it was set (Chrome's
//!   Lax-allowing-unsafe grace is over).
//! - `third-party`: a `SameSite=None` cookie left out of a cross-site subrequest
//!   that carried other cookies: the browser blocks third-party cookies.
//! - `partitioned`: a `Partitioned` (CHIPS) cookie stored while another site was
//!   the top-level page (the page's first top-level document, by `pageref`, or
//!   the `Origin`/`Referer` of the request): each top-level site has its own copy.
//! - `storage-access-none`, `storage-access-inactive`: the browser's `Sec-Fetch-Storage-Access`
//!   on the request, `certain`. Browsers send it only with `credentials: "include"`; `none`
//!   says the page had no access to the site's third-party cookies (blocked), `inactive` that
//!   the Storage Access API's permission was granted but not turned on. With `active` the
//!   page had that access, and no third-party reason is given.
//! - `unexplained`: a request that asked for cookies (it carries `Sec-Fetch-Storage-Access`)
//!   went without one that nothing in the capture kept back: a `Partitioned` cookie, one
//!   Firefox or Safari kept for the page's top-level site, or any with the value `active`.
//!   `possible`: the capture does not show why.
//! - `chrome`: Chrome's own reason (`_blockedRequestCookies`, deep mode), `certain`.
//! - `credentials-mode`: nothing in the cookie explains it and the request sent
//!   no cookie at all: `fetch` without `credentials: "include"`, or XHR without
//!   `withCredentials`, typical for cross-origin API calls.
//!
//! # Why it causes the failure
//! The server identifies the session by the cookie; a request without it is
//! anonymous, so the server answers 401 or redirects to sign-in, although the
//! user did sign in.
//!
//! # Example (HAR excerpt)
//! Entry 0 `POST https://api.example.test/login` → `Set-Cookie: sid=…; Path=/;
//! Secure; HttpOnly; SameSite=Lax`; entry 1 `GET https://api.example.test/me`
//! from `https://app.other.test` (`Sec-Fetch-Site: cross-site`), no `Cookie`
//! → 401.
//!
//! # References
//! RFC 6265bis §5.8.3 (retrieval), §5.2 (same-site requests), §4.1.2.5–4.1.2.7
//! (Secure, HttpOnly, SameSite); MDN Set-Cookie; Chrome SameSite changes;
//! Fetch standard credentials mode.

use crate::finding::{Confidence, Reference, Severity};
use crate::http::cookie_jar::NotSent;

use super::cookies::StorageAccess;
use super::facts::chrome;
use super::{Draft, FileCx, Phase, Pointer, Rule, RuleMeta, Value, cookies, req_header_ptr};

pub struct CookieNotSent;

/// MDN on CHIPS; `missing-credentials` cites it too.
pub const CHIPS: Reference = Reference {
    title: "MDN: Cookies Having Independent Partitioned State (CHIPS)",
    url: "https://developer.mozilla.org/en-US/docs/Web/Privacy/Guides/Privacy_sandbox/Partitioned_cookies",
};

/// `Sec-Fetch-Storage-Access` (see [`cookies::StorageAccess`]); `missing-credentials`
/// cites it too.
pub const STORAGE_ACCESS_HEADERS: Reference = Reference {
    title: "MDN: Sec-Fetch-Storage-Access",
    url: "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Sec-Fetch-Storage-Access",
};

static META: RuleMeta = RuleMeta {
    id: "cookie-not-sent",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 8,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 6265bis §5.8.3 Retrieval algorithm", url: "https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.8.3" },
        Reference { title: "RFC 6265bis §5.2 \"Same-site\" and \"cross-site\" requests", url: "https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.2" },
        Reference { title: "MDN: Set-Cookie (Domain, Path, Secure, SameSite)", url: "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie" },
        Reference { title: "Chrome: SameSite cookies explained (Lax by default)", url: "https://web.dev/articles/samesite-cookies-explained" },
        Reference { title: "Fetch standard: credentials mode", url: "https://fetch.spec.whatwg.org/#concept-request-credentials-mode" },
    ],
};

impl Rule for CookieNotSent {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        let facts = fcx.cookies();
        for cx in fcx.entries {
            let i = cx.index();
            // Chrome's own reason (deep mode, or a HAR built from the DevTools protocol)
            // replaces the replay's inference.
            if cx.failure().is_some() {
                if let Some((k, b, reason)) = cx
                    .entry
                    .blocked_request_cookies
                    .iter()
                    .enumerate()
                    .find_map(|(k, b)| b.blocked_reasons.first().map(|r| (k, b, r)))
                {
                    out.push(
                        Draft::new(&META, i, Confidence::Certain)
                            .variant("chrome")
                            .data("cookie", &b.name)
                            .data("reason", chrome::cookie_reason(reason))
                            .evidence(i, Pointer::item(i, "_blockedRequestCookies", k), Value::labeled("blockedReasons", b.blocked_reasons.join(", "))),
                    );
                    continue;
                }
            }
            let Some(m) = facts.missing.get(&i) else {
                continue;
            };
            let c = &m.cookie;
            // The browser's own word on the page's cookie access decides, as Chrome's blocked
            // reasons do.
            let (variant, confidence) = match (m.reason, m.storage_access) {
                _ if m.unexplained => ("unexplained", Confidence::Possible),
                (_, Some((_, StorageAccess::None))) => ("storage-access-none", Confidence::Certain),
                (_, Some((_, StorageAccess::Inactive))) => ("storage-access-inactive", Confidence::Certain),
                (NotSent::CredentialsMode, _) if !m.cross_origin => (m.reason.as_str(), Confidence::Possible),
                _ => (m.reason.as_str(), Confidence::Likely),
            };
            let mut d = Draft::new(&META, i, confidence)
                .variant(variant)
                .data("cookie", &c.name)
                .data("set_by", Value::Entry(c.set_by.entry))
                .data("attribute", m.attribute.clone())
                .also_entry(c.set_by.entry);
            match m.reason {
                NotSent::Domain => {
                    d = d.data("host", host(&cx.entry.request.url)).data("domain", &c.domain);
                }
                NotSent::Path => d = d.data("path", path(&cx.entry.request.url)),
                NotSent::Partitioned => {
                    d = d.data("top", m.top_site.clone().unwrap_or_default()).reference(CHIPS);
                }
                NotSent::SameSitePostWindow => {
                    if let Some(age) = m.age_ms {
                        d = d.data("age", Value::Millis(age));
                    }
                }
                NotSent::Expired => {
                    let by = c.removed.as_ref().unwrap_or(&c.set_by);
                    d = d.data("removed_by", Value::Entry(by.entry)).also_entry(by.entry);
                }
                NotSent::ThirdParty | NotSent::ThirdPartyOrCredentials if !matches!(variant, "storage-access-inactive" | "unexplained") => {
                    d = d.data("chips", chips_fix(fcx, c.set_by.entry, &c.domain)).reference(CHIPS);
                }
                _ => {}
            }
            let (ptr, excerpt) = cookies::request_evidence(cx.entry);
            d = d.evidence(i, ptr, excerpt);
            if let Some((h, excerpt)) = &m.signal {
                d = d.evidence(i, req_header_ptr(i, *h), excerpt.clone());
            }
            if m.storage_access.is_some() || m.unexplained {
                if let Some((h, v)) = cx.entry.request_header("sec-fetch-storage-access") {
                    d = d.evidence(i, req_header_ptr(i, h), Value::header("Sec-Fetch-Storage-Access", v.trim())).reference(STORAGE_ACCESS_HEADERS);
                }
            }
            d = d.evidence(c.set_by.entry, c.set_by.pointer.clone(), c.set_by.excerpt.clone());
            if let Some(by) = &c.removed {
                d = d.evidence(by.entry, by.pointer.clone(), by.excerpt.clone());
            }
            out.push(d);
        }
    }
}

/// The fix a `Partitioned` (CHIPS) cookie offers, which depends on where the cookie was
/// stored. Set by the site's answer to a call from another site's page, it is a third-party
/// cookie that `Partitioned` lets the browser keep for that page's site. Stored during a visit
/// to the site itself (the lab's https-cookie-third-party), `Partitioned` would tie it to the
/// site's own pages: the cookie has to be set anew in an answer to a call from the page.
fn chips_fix(fcx: &FileCx<'_, '_>, set_by: usize, domain: &str) -> Value {
    if cookies::stored_top_level(fcx, set_by) {
        Value::phrase("chips_fix_top_level", vec![("set_by", Value::Entry(set_by)), ("host", Value::text(domain))])
    } else {
        Value::Word("chips_fix")
    }
}

fn host(url: &str) -> String {
    crate::http::site::Url::parse(url).map(|u| u.host).unwrap_or_default()
}

fn path(url: &str) -> String {
    crate::http::site::Url::parse(url).map(|u| u.path).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings;

    /// `Partitioned` is offered only where it would help: for a cookie the API set in its answer
    /// to the page (the lab's https-cookie-set-by-api, which https-cookie-partitioned shows
    /// working), not for one stored during a visit to the API's own site (https-cookie-third-party).
    #[test]
    fn partitioned_is_offered_only_where_it_helps() {
        let fixes = |fixture| -> Vec<String> {
            let f = findings("cookie-not-sent", fixture);
            assert_eq!(f.len(), 1, "{fixture}");
            f[0].fixes.iter().map(|x| x.to_string()).collect()
        };
        let set_by_api = fixes("pos-recorded-set-by-api");
        assert!(set_by_api.iter().any(|f| f.contains("set the cookie with `Partitioned` (CHIPS) as well")), "{set_by_api:?}");
        for fixture in ["pos-recorded-storage-access-none", "pos-recorded-firefox-storage-access-none"] {
            let top_level = fixes(fixture);
            assert!(top_level.iter().any(|f| f.contains("will not help") && f.contains("during a visit to api.test itself")), "{top_level:?}");
            assert!(!top_level.iter().any(|f| f.contains("as well")), "{top_level:?}");
        }
    }
}
