//! `authorization-dropped-on-redirect`
//!
//! # What it detects
//! A request that carried `Authorization` was redirected (3xx with `Location`)
//! to another origin; the next hop went out without `Authorization` and was
//! refused.
//!
//! # Why it causes the failure
//! When a redirect leaves the origin, browsers remove `Authorization` from the
//! request before following it (Fetch standard, HTTP-redirect fetch, step 13:
//! the CORS non-wildcard request-header name is deleted when the origin
//! changes). The code attached the token; the browser dropped it on purpose, so
//! the second server never saw a credential.
//!
//! # Example (HAR excerpt)
//! `GET https://api.example.test/v1/files/7` with `Authorization: Bearer …` →
//! `302 Location: https://files.example.test/7`, then
//! `GET https://files.example.test/7` without `Authorization` → `401`.
//!
//! # Confidence
//! `certain` when the next hop's URL is the `Location` the redirect named (the
//! browser's behaviour is specified); `likely` when only the origin matches.
//!
//! # References
//! Fetch standard §4.4 HTTP-redirect fetch; RFC 9110 §15.4.

use crate::finding::{Confidence, Reference, Severity};
use crate::http::site::origin;

use super::{entry_ptr, req_header_ptr, resp_header_ptr, Draft, FileCx, Phase, Rule, RuleMeta, Value};

pub struct AuthorizationDroppedOnRedirect;

static META: RuleMeta = RuleMeta {
    id: "authorization-dropped-on-redirect",
    since: "0.2.0",
    severity: Severity::Error,
    rank: 4,
    phase: Phase::Main,
    references: &[
        Reference { title: "Fetch §4.4 HTTP-redirect fetch", url: "https://fetch.spec.whatwg.org/#http-redirect-fetch" },
        Reference { title: "RFC 9110 §15.4 Redirection 3xx", url: "https://www.rfc-editor.org/rfc/rfc9110#section-15.4" },
    ],
};

/// How far back the redirect that led to a request is looked for.
const LOOK_BACK: usize = 20;

/// `location` resolved against the URL of the request that received it.
pub fn resolve(base: &str, location: &str) -> Option<String> {
    let location = location.trim();
    if location.contains("://") {
        return Some(location.to_owned());
    }
    let (scheme, _) = base.split_once("://")?;
    if let Some(rest) = location.strip_prefix("//") {
        return Some(format!("{scheme}://{rest}"));
    }
    let base_origin = origin(base)?;
    if location.starts_with('/') {
        return Some(format!("{base_origin}{location}"));
    }
    let path = crate::http::site::without_query(base);
    let dir = path.rfind('/').map_or(path, |i| path.get(..=i).unwrap_or(path));
    Some(format!("{dir}{location}"))
}

fn without_fragment(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

impl Rule for AuthorizationDroppedOnRedirect {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        for (pos, hop) in fcx.entries.iter().enumerate() {
            if !matches!(hop.status(), Some(401 | 403)) || hop.authorization().is_some() {
                continue;
            }
            let url = hop.entry.request.url.as_ref();
            let Some(hop_origin) = origin(url) else { continue };
            let start = pos.saturating_sub(LOOK_BACK);
            let Some((first, location_header, location)) = fcx.entries[start..pos].iter().rev().find_map(|r| {
                let status = r.status()?;
                if !(300..400).contains(&status) || status == 304 || r.authorization().is_none() {
                    return None;
                }
                let (h, loc) = r.entry.response_header("location")?;
                let target = resolve(&r.entry.request.url, loc)?;
                (origin(&target).as_deref() == Some(hop_origin.as_str())).then_some((r, h, target))
            }) else {
                continue;
            };
            if origin(&first.entry.request.url).as_deref() == Some(hop_origin.as_str()) {
                continue; // same origin: the browser keeps the header
            }
            let exact = without_fragment(&location) == without_fragment(url);
            let (i, r) = (hop.index(), first.index());
            let (ah, auth) = first.authorization().unwrap_or((0, ""));
            out.push(
                Draft::new(&META, i, if exact { Confidence::Certain } else { Confidence::Likely })
                    .data("redirect", Value::Entry(r))
                    .data("from", Value::url(origin(&first.entry.request.url).unwrap_or_default()))
                    .data("to", Value::url(hop_origin.clone()))
                    .also_entry(r)
                    .evidence(r, req_header_ptr(r, ah), Value::header("Authorization", auth))
                    .evidence(r, resp_header_ptr(r, location_header), Value::header("Location", location.clone()))
                    .evidence(i, entry_ptr(i, "request/headers"), Value::phrase("ev_no_header", vec![("name", Value::text("Authorization"))])),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn locations_resolve_like_a_browser() {
        let base = "https://api.test/v1/files/7?x=1";
        assert_eq!(resolve(base, "https://cdn.test/7").as_deref(), Some("https://cdn.test/7"));
        assert_eq!(resolve(base, "//cdn.test/7").as_deref(), Some("https://cdn.test/7"));
        assert_eq!(resolve(base, "/login").as_deref(), Some("https://api.test/login"));
        assert_eq!(resolve(base, "8").as_deref(), Some("https://api.test/v1/files/8"));
    }
}
