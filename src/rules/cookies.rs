//! Cookie facts of a capture, shared by `cookie-not-sent`, `cookie-rejected`
//! and `missing-credentials`: a [`Jar`] replayed over the entries in file
//! order, the cookies it refused, and for every failing request the stored
//! cookie it should have carried and why it did not.
//!
//! Computed once per analysis ([`FileCx::cookies`]) and only for failures, so
//! a large capture pays one pass over its `Set-Cookie` lines.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::har::{Cookie, Entry};
use crate::http::cookie_jar::{Jar, NotSent, RequestCx, Source, Stored};
use crate::http::set_cookie::{self, default_path, path_match, Rejection, SameSite, SetCookie};
use crate::http::site::{registrable_domain, Url};

use super::facts::entry_at;
use super::{entry_ptr, req_header_ptr, resp_header_ptr, EntryCx, FileCx, Recorded, Value};

/// A failing request that lacked a cookie stored for it.
#[derive(Debug, Clone)]
pub struct Missing {
    /// The cookie as the jar held it when the request went: its name (the jar keeps no value),
    /// domain and path, the line that stored it and the line that deleted it, when one did
    /// ([`Stored::removed`]). Shared with the jar, not copied: where every request of the
    /// bench's capture failed, 1,694 requests lacked a cookie, and the replay added 0.65 MB to
    /// the run's memory where it added 1.7 MB with a copy of all that for each.
    pub cookie: Arc<Stored>,
    /// Why it was not sent.
    pub reason: NotSent,
    /// The attribute that decided it, as written (`SameSite=Lax`, `Secure`, `Path=/auth`).
    pub attribute: Value,
    /// The request header that shows the request was cross-site, when that decided.
    pub signal: Option<(usize, Value)>,
    /// Whether the request was cross-origin (for the credentials-mode variant).
    pub cross_origin: bool,
    /// How long before the request the cookie was stored (ms), when both times are known.
    pub age_ms: Option<i64>,
    /// The top-level site of the page that made the request, when known.
    pub top_site: Option<String>,
    /// The browser's `Sec-Fetch-Storage-Access` on the request (its header line and value), when
    /// it decided: see [`StorageAccess`].
    pub storage_access: Option<(usize, StorageAccess)>,
    /// Nothing the capture shows kept the cookie back from a request that asked for cookies
    /// (`Sec-Fetch-Storage-Access`): the `unexplained` variant.
    pub unexplained: bool,
}

/// What the browser said of a cross-site request in `Sec-Fetch-Storage-Access` (Storage Access
/// Headers; Chrome since 133, and Firefox: the lab's Firefox 153 sends it, its 140 did not).
/// Browsers add the header only to a request whose credentials mode is `include`: on the lab's
/// recorded https captures, every cross-site `fetch` made with `credentials: "include"` carries
/// it, and none made in the default mode does. So it proves that the request asked for cookies,
/// whether or not it carried any. `none` speaks of unpartitioned cookies only: Firefox still
/// sends the cookies it keeps for the top-level site (the lab's https-cookie-set-by-api, Firefox),
/// and Chrome a `Partitioned` one (https-cookie-partitioned).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageAccess {
    /// `none`: the page had no access to the site's unpartitioned (third-party) cookies.
    None,
    /// `inactive`: the Storage Access API granted access, but the page has not turned it on.
    Inactive,
    /// `active`: the page could use the site's unpartitioned cookies.
    Active,
}

impl StorageAccess {
    /// The header's line and value on this request, when it holds one of the three values.
    pub fn of(e: &Entry<'_>) -> Option<(usize, StorageAccess)> {
        let (h, v) = e.request_header("sec-fetch-storage-access")?;
        let access = match v.trim() {
            "none" => StorageAccess::None,
            "inactive" => StorageAccess::Inactive,
            "active" => StorageAccess::Active,
            // "Servers should ignore other values": so does the replay.
            _ => return None,
        };
        Some((h, access))
    }

    /// The value as the header writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            StorageAccess::None => "none",
            StorageAccess::Inactive => "inactive",
            StorageAccess::Active => "active",
        }
    }
}

/// Failures listed for one refused cookie, at most.
pub const MAX_FAILURES_LISTED: usize = 50;

/// A cookie the browser refused to store.
#[derive(Debug, Clone)]
pub struct Rejected {
    /// The cookie's name.
    pub name: String,
    /// Why it was refused.
    pub rejection: Rejection,
    /// The attribute that decided it (the cookie's size, for one too large).
    pub attribute: Value,
    /// The host of the response that tried to set it.
    pub host: String,
    /// The path the cookie would have had.
    pub path: String,
    /// The line.
    pub source: Source,
    /// Later failing requests that went where the cookie would have been sent, without it
    /// (the first [`MAX_FAILURES_LISTED`]).
    pub failures: Vec<usize>,
}

/// The cookie facts of one capture.
#[derive(Debug, Default)]
pub struct CookieFacts {
    /// Failing entry index → the cookie it lacked.
    pub missing: HashMap<usize, Missing>,
    /// Refused cookies, in file order.
    pub rejected: Vec<Rejected>,
    /// The failures of every refused cookie, found once (asked for each failure).
    lacked_refused: HashSet<usize>,
}

impl CookieFacts {
    /// Whether a cookie explains the failure of an entry (not sent, or never stored).
    pub fn explains(&self, entry: usize) -> bool {
        self.missing.contains_key(&entry) || self.lacked_refused.contains(&entry)
    }
}

/// Refused cookies still taking failures, by the site of the response that tried to set them
/// and the path the cookie would have had: a failing request looks only at its own site's, under
/// the paths its own path matches (one look-up per `/` in it). A refusal leaves when it has all
/// the failures it lists, when the same cookie (the same name, host, path and reason) is
/// refused again (later failures are then the later refusal's), or when [`MAX_OPEN_PER_PATH`]
/// newer refusals are open at its site and path. A site that refuses its cookie
/// on every answer refuses it thousands of times; each failure was listed by the last 50
/// refusals (50 errors saying the same), and looked at every refusal of the capture. A cookie
/// without `Path`, refused under `/items/{id}/…`, has a path of its own for every item: a
/// failure under another item never matches it, and a list by site alone grew with the capture.
#[derive(Default)]
struct Open {
    by_place: HashMap<String, HashMap<String, Vec<usize>>>,
    latest: HashMap<(String, String, String, &'static str), usize>,
}

/// Refusals kept open under one site and path, at most: past it the oldest leaves, and a later
/// failure is not listed by it. Reached where more than a thousand hosts of one site (a tenant
/// each) refuse the same cookie, or one host refuses that many different ones; each failure
/// looks at no more than this many.
const MAX_OPEN_PER_PATH: usize = 1024;

impl Open {
    /// Opens the last refusal of `facts`, closing an earlier refusal of the same cookie.
    fn add(&mut self, facts: &CookieFacts) {
        let k = facts.rejected.len() - 1;
        let r = &facts.rejected[k];
        let place = self
            .by_place
            .entry(registrable_domain(&r.host).to_owned())
            .or_default()
            .entry(r.path.clone())
            .or_default();
        let key = (
            r.name.clone(),
            r.host.clone(),
            r.path.clone(),
            r.rejection.as_str(),
        );
        if let Some(earlier) = self.latest.insert(key, k) {
            place.retain(|&o| o != earlier);
        }
        if place.len() == MAX_OPEN_PER_PATH {
            place.remove(0);
        }
        place.push(k);
    }

    /// Calls `f` with each list of open refusals of a site whose path `path` matches (§5.1.4:
    /// the path itself, and each prefix that ends with `/` or is followed by one), each once.
    fn each_matching(&mut self, site: &str, path: &str, mut f: impl FnMut(&mut Vec<usize>)) {
        let Some(paths) = self.by_place.get_mut(site) else {
            return;
        };
        // Where each prefix ends, in order (so a prefix named twice, at `//` or a final `/`,
        // is named twice in a row).
        let ends = path
            .match_indices('/')
            .flat_map(|(i, _)| [i, i + 1])
            .chain([path.len()]);
        let mut last = None;
        for end in ends {
            if last.replace(end) == Some(end) {
                continue;
            }
            if let Some(open) = paths.get_mut(&path[..end]) {
                f(open);
            }
        }
    }
}

/// Names of the cookies a request carried (`Cookie` header and `request.cookies`): a set, as
/// each cookie of the store (and each refused one) is looked up in it, and one header can
/// carry thousands.
///
/// Hashed with foldhash, faster than SipHash on short names: the replay builds one for every
/// failing request (the hasher is seeded per set, as SipHash's is).
pub(crate) fn sent_names<'e>(e: &'e Entry<'_>) -> HashSet<&'e str, foldhash::fast::RandomState> {
    let mut names: HashSet<&str, _> = e
        .request_header_values("cookie")
        .flat_map(|(_, v)| v.split(';'))
        .filter_map(|p| {
            let p = p.trim();
            (!p.is_empty()).then(|| p.split_once('=').map_or("", |(n, _)| n.trim()))
        })
        .collect();
    names.extend(e.request.cookies.iter().map(|c| c.name.as_ref()));
    names
}

/// A `response.cookies` element as a `Set-Cookie` line would have said it.
fn from_har_cookie(c: &Cookie<'_>) -> SetCookie {
    SetCookie {
        name: (*c.name).to_owned(),
        value: (*c.value).to_owned(),
        domain: c
            .domain
            .as_deref()
            .filter(|d| !d.is_empty())
            .map(|d| d.trim_start_matches('.').to_ascii_lowercase()),
        path: c
            .path
            .as_deref()
            .filter(|p| p.starts_with('/'))
            .map(str::to_owned),
        expires_ms: c.expires.as_deref().and_then(crate::time::parse_iso8601),
        secure: c.secure == Some(true),
        http_only: c.http_only == Some(true),
        same_site: c
            .same_site
            .as_deref()
            .map_or(SameSite::Unspecified, SameSite::from_value),
        too_large: c.name.len() + c.value.len() > 4096,
        ..SetCookie::default()
    }
}

/// Every cookie line of a response: `Set-Cookie` headers, or `response.cookies`
/// when the exporter wrote no headers; each with its source (value redacted).
fn cookie_lines(e: &Entry<'_>) -> Vec<(SetCookie, Source)> {
    let i = e.index;
    let mut out: Vec<(SetCookie, Source)> = e
        .response_header_values("set-cookie")
        .filter_map(|(h, line)| {
            let c = set_cookie::parse(line)?;
            Some((
                c,
                Source {
                    entry: i,
                    pointer: resp_header_ptr(i, h),
                    excerpt: Value::header("Set-Cookie", line),
                },
            ))
        })
        .collect();
    if out.is_empty() {
        if let Some(r) = &e.response {
            for (k, c) in r.cookies.iter().enumerate() {
                if c.name.is_empty() {
                    continue;
                }
                out.push((
                    from_har_cookie(c),
                    Source {
                        entry: i,
                        pointer: crate::rules::Pointer::item(i, "response/cookies", k),
                        excerpt: Value::labeled(c.name.as_ref(), Value::secret(c.value.as_ref())),
                    },
                ));
            }
        }
    }
    out
}

/// Whether a request is cross-site, with the header that says so (§5.2):
/// `Sec-Fetch-Site` when the browser sent it, else `Origin`, else `Referer`.
fn cross_site(e: &Entry<'_>, url: &Url) -> (bool, Option<(usize, Value)>) {
    if let Some((h, v)) = e.request_header("sec-fetch-site") {
        let cross = v.trim().eq_ignore_ascii_case("cross-site");
        return (
            cross,
            cross.then(|| (h, Value::header("Sec-Fetch-Site", v.trim()))),
        );
    }
    for name in ["origin", "referer"] {
        if let Some((h, v)) = e.request_header(name) {
            if let Some(from) = Url::parse(v) {
                let cross = from.site() != url.site();
                let shown = if name == "origin" {
                    "Origin"
                } else {
                    "Referer"
                };
                return (
                    cross,
                    cross.then(|| (h, Value::labeled(shown, Value::url(v)))),
                );
            }
        }
    }
    (false, None)
}

/// `scheme://registrable-domain` of a URL: the unit a partitioned cookie is keyed by.
fn schemeful_site(url: &str) -> Option<String> {
    let (scheme, site) = Url::parse(url)?.site();
    Some(format!("{scheme}://{site}"))
}

/// The top-level site of each page of the capture (`pageref`): that of the page's
/// first top-level document request (`Sec-Fetch-Dest: document`; an iframe's says
/// `iframe`), or of its first document when the browser recorded no such header.
fn page_sites<'c>(fcx: &'c FileCx<'_, '_>) -> HashMap<&'c str, String> {
    let mut out = HashMap::new();
    for cx in fcx.entries {
        let e = cx.entry;
        let Some(page) = e.pageref.as_deref() else {
            continue;
        };
        if out.contains_key(page) || !e.resource_type_is("document") {
            continue;
        }
        if let Some(site) = top_level_document(e)
            .then(|| schemeful_site(&e.request.url))
            .flatten()
        {
            out.insert(page, site);
        }
    }
    out
}

/// Whether a document request loads a top-level page (`Sec-Fetch-Dest: document`; a
/// frame's says `iframe`), taken as such when the browser recorded no such header.
fn top_level_document(e: &Entry<'_>) -> bool {
    e.request_header("sec-fetch-dest")
        .is_none_or(|(_, d)| d.trim().eq_ignore_ascii_case("document"))
}

/// The site of the top-level page a request was made from: its page's (`pageref`),
/// else that of the page that sent it (`Origin`, `Referer`, initiator), which is the
/// top-level page unless the request came from an iframe.
fn top_site(cx: &EntryCx<'_, '_>, pages: &HashMap<&str, String>) -> Option<String> {
    let e = cx.entry;
    if let Some(site) = e.pageref.as_deref().and_then(|p| pages.get(p)) {
        return Some(site.clone());
    }
    if e.resource_type_is("document") && top_level_document(e) {
        return schemeful_site(&e.request.url);
    }
    cx.page_origin().and_then(|o| schemeful_site(&o))
}

/// Whether the request went to another origin than the page that made it.
fn cross_origin(e: &Entry<'_>) -> bool {
    let Some(own) = crate::http::site::origin(&e.request.url) else {
        return false;
    };
    if let Some((_, v)) = e.request_header("sec-fetch-site") {
        let v = v.trim();
        return v.eq_ignore_ascii_case("cross-site") || v.eq_ignore_ascii_case("same-site");
    }
    e.request_header("origin")
        .map(|(_, o)| o.trim())
        .filter(|o| *o != "null")
        .is_some_and(|o| !o.eq_ignore_ascii_case(&own))
}

fn attribute(c: &Stored, reason: NotSent) -> Value {
    match reason {
        NotSent::Expired => {
            Value::text(c.lifetime.clone().unwrap_or_else(|| "Max-Age=0".to_owned()))
        }
        NotSent::Domain if c.host_only => {
            Value::phrase("cookie_host_only", vec![("host", Value::text(&c.domain))])
        }
        NotSent::Domain => Value::text(format!("Domain={}", c.domain)),
        NotSent::Path => Value::text(format!("Path={}", c.path)),
        NotSent::Secure => Value::text("Secure"),
        NotSent::SameSite if c.same_site.as_str() == "unspecified" => {
            Value::Word("cookie_samesite_default")
        }
        NotSent::SameSite => Value::text(format!("SameSite={}", c.same_site.as_str())),
        NotSent::SameSitePostWindow => Value::Word("cookie_samesite_default"),
        NotSent::ThirdParty if c.same_site.as_str() == "unspecified" => Value::text(""),
        NotSent::ThirdParty | NotSent::ThirdPartyOrCredentials => Value::text("SameSite=None"),
        NotSent::CredentialsMode => Value::text(""),
        NotSent::Partitioned => Value::text(c.partition.clone().unwrap_or_default()),
    }
}

/// Whether the browser that recorded the capture treats a cookie without `SameSite`
/// as `Lax`: Chromium does (since Chrome 80); Firefox and Safari do not. Captures of
/// unknown origin are taken as Chromium's, the browser most of them come from.
pub fn defaults_to_lax(har: &crate::har::Har<'_>) -> bool {
    let named = |c: &Option<crate::har::Creator>, what: &str| {
        c.as_ref()
            .is_some_and(|c| c.name.to_ascii_lowercase().contains(what))
    };
    !(["firefox", "safari", "webkit"]
        .iter()
        .any(|b| named(&har.browser, b) || named(&har.creator, b)))
}

/// Whether the response at entry `set_by` answered a top-level page load (`Sec-Fetch-Dest:
/// document`, else Chrome's resource type): a cookie stored then belongs to its own site's
/// pages, not to a site that embeds or calls it.
pub fn stored_top_level(fcx: &FileCx<'_, '_>, set_by: usize) -> bool {
    entry_at(fcx.entries, set_by).is_some_and(|s| match s.entry.request_header("sec-fetch-dest") {
        Some((_, dest)) => dest.trim().eq_ignore_ascii_case("document"),
        None => s.entry.resource_type_is("document"),
    })
}

/// Replays the capture's cookies (see the module notes).
pub fn analyze(fcx: &FileCx<'_, '_>) -> CookieFacts {
    let mut facts = CookieFacts::default();
    if fcx.sanitized {
        // Exports without cookies say nothing about which cookies were sent.
        return facts;
    }
    let mut jar = Jar::new();
    let mut open = Open::default();
    let default_lax = defaults_to_lax(fcx.har);
    // Top-level sites matter only for `Partitioned` cookies: worked out on first need.
    let pages = std::cell::OnceCell::new();
    for cx in fcx.entries {
        let e = cx.entry;
        // A token endpoint authenticates the grant in the body (RFC 6749 §3.2), never by a
        // cookie: a cookie it did not get explains none of its errors.
        // A preflight never carries cookies (by design); known by its shape too, where the
        // exporter wrote no marker. Chrome's record of a request it stopped before sending
        // lists no cookies whatever it would have sent (Playwright's recording of a blocked
        // `DELETE` that had the session cookie), nor does the page's record of a call its
        // service worker answered show what the worker sent.
        let failing = cx.failure().is_some()
            && !cx.is_preflight()
            && cx.recorded() == Recorded::AsSent
            && cx.authorization().is_none()
            && !cx.is_token_request();
        let sets = e.response.as_ref().is_some_and(|r| {
            !r.cookies.is_empty()
                || r.headers
                    .iter()
                    .any(|h| h.name.eq_ignore_ascii_case("set-cookie"))
        });
        // Most entries neither fail nor set cookies: skip them before parsing the URL.
        if !failing && !sets {
            continue;
        }
        let Some(url) = Url::parse(&e.request.url) else {
            continue;
        };
        let top = std::cell::OnceCell::new();
        let top = || {
            top.get_or_init(|| top_site(cx, pages.get_or_init(|| page_sites(fcx))))
                .as_deref()
        };
        if failing {
            let sent = sent_names(e);
            let storage_access = StorageAccess::of(e);
            // The browser sends `Sec-Fetch-Storage-Access` only where the top-level site is
            // another: also from a frame of the cookie's own site, whose calls `Sec-Fetch-Site`
            // calls same-origin (the lab's https-storage-access-inactive).
            let (cross, signal) = match (cross_site(e, &url), storage_access) {
                ((false, _), Some((h, access))) => (
                    true,
                    Some((
                        h,
                        Value::header("Sec-Fetch-Storage-Access", access.as_str()),
                    )),
                ),
                (said, _) => said,
            };
            let navigation = e.resource_type_is("document")
                || e.request_header("sec-fetch-mode")
                    .is_some_and(|(_, m)| m.trim() == "navigate");
            let safe = matches!(
                e.request.method.to_ascii_uppercase().as_str(),
                "GET" | "HEAD"
            );
            let req = RequestCx {
                url: &url,
                time_ms: cx.started_ms().or(fcx.opts.now_ms),
                cross_site: cross,
                lax_allowed: navigation && safe,
                navigation,
                default_lax,
                with_credentials: !sent.is_empty() || storage_access.is_some(),
                top_site: if jar.has_partitioned() { top() } else { None },
            };
            let candidates = jar.not_sent(&req, &sent);
            // A specific reason first; "no credentials at all" only explains a
            // request that carried no cookie whatsoever.
            // Where the browser says the page could use the site's unpartitioned cookies, blocking
            // did not keep this one back, and the capture does not show what did.
            let blocked = |r: &NotSent| {
                matches!(r, NotSent::ThirdParty | NotSent::ThirdPartyOrCredentials)
                    && matches!(storage_access, Some((_, StorageAccess::Active)))
            };
            // Where it says the page had no unpartitioned cookies, that is the reason to give,
            // before a newer cookie that stayed home by its path or domain.
            let withheld = matches!(
                storage_access,
                Some((_, StorageAccess::None | StorageAccess::Inactive))
            );
            let pick = candidates
                .iter()
                .find(|(_, r)| withheld && *r == NotSent::ThirdParty)
                .or_else(|| {
                    candidates
                        .iter()
                        .filter(|(_, r)| !blocked(r))
                        .find(|(_, r)| *r != NotSent::CredentialsMode)
                })
                // A top-level navigation always goes with credentials, and so does a request
                // that carries `Sec-Fetch-Storage-Access`.
                .or_else(|| {
                    candidates
                        .iter()
                        .find(|(_, r)| !blocked(r))
                        .filter(|_| sent.is_empty() && !navigation && storage_access.is_none())
                });
            // A request made with credentials went without a cookie that nothing kept back: a
            // partitioned one, one Firefox kept for this top-level site (see below), or any
            // while the page had the site's cookies (`active`). The capture does not say why.
            let asked = storage_access.is_some() && sent.is_empty() && !navigation;
            let own_jar = |c: &Stored| !default_lax && !stored_top_level(fcx, c.set_by.entry);
            let (pick, unexplained) = match pick {
                Some((c, NotSent::ThirdParty)) if asked && own_jar(c) => (pick, true),
                Some(_) => (pick, false),
                None if asked => (candidates.first(), true),
                None => (None, false),
            };
            if let Some((c, reason)) = pick {
                facts.missing.insert(
                    e.index,
                    Missing {
                        cookie: Arc::clone(c),
                        reason: *reason,
                        attribute: attribute(c, *reason),
                        signal: signal.filter(|_| *reason == NotSent::SameSite),
                        cross_origin: cross_origin(e),
                        age_ms: c.stored_ms.zip(req.time_ms).map(|(set, at)| at - set),
                        top_site: req.top_site.map(str::to_owned),
                        // Firefox and Safari keep a cookie set in a third-party context for
                        // the page's top-level site and send it (the lab's
                        // https-cookie-set-by-api, Firefox): there, `none` explains only a
                        // cookie stored during a visit to its own site.
                        storage_access: storage_access
                            .filter(|_| *reason == NotSent::ThirdParty && !own_jar(c)),
                        unexplained,
                    },
                );
            } else {
                open.each_matching(registrable_domain(&url.host), &url.path, |refusals| {
                    refusals.retain(|&k| {
                        let r = &mut facts.rejected[k];
                        debug_assert!(path_match(&url.path, &r.path));
                        if !sent.contains(&r.name.as_str()) {
                            r.failures.push(e.index);
                        }
                        r.failures.len() < MAX_FAILURES_LISTED
                    });
                });
            }
        }
        let received = cx
            .started_ms()
            .map(|t| t + e.time.unwrap_or(0.0).max(0.0) as i64);
        for (c, source) in cookie_lines(e) {
            // Chrome's own refusal (deep mode): not stored, whatever the replay would say.
            if let Some(reason) = e
                .blocked_response_cookies
                .iter()
                .find(|b| b.name == c.name)
                .and_then(|b| b.blocked_reasons.first())
            {
                facts.rejected.push(Rejected {
                    attribute: super::facts::chrome::set_cookie_reason(reason),
                    path: c
                        .path
                        .clone()
                        .unwrap_or_else(|| default_path(&url.path).to_owned()),
                    name: c.name,
                    rejection: Rejection::Browser,
                    host: url.host.clone(),
                    source,
                    failures: Vec::new(),
                });
                open.add(&facts);
                continue;
            }
            if let Err(rejection) = jar.store(
                &url,
                &c,
                received,
                if c.partitioned { top() } else { None },
                source.clone(),
            ) {
                let path = c
                    .path
                    .clone()
                    .unwrap_or_else(|| default_path(&url.path).to_owned());
                let attribute = match rejection {
                    Rejection::TooLarge => {
                        Value::Count((c.name.len() + c.value.len()) as u64, "byte")
                    }
                    _ => Value::text(c.attribute_for(rejection)),
                };
                facts.rejected.push(Rejected {
                    attribute,
                    name: c.name,
                    rejection,
                    host: url.host.clone(),
                    path,
                    source,
                    failures: Vec::new(),
                });
                open.add(&facts);
            }
        }
    }
    facts.lacked_refused = facts
        .rejected
        .iter()
        .flat_map(|r| r.failures.iter().copied())
        .collect();
    facts
}

/// The request header pointer used as evidence for the failing request.
pub fn request_evidence(entry: &Entry<'_>) -> (crate::rules::Pointer, Value) {
    let i = entry.index;
    match entry.request_header("cookie") {
        Some((h, v)) => (req_header_ptr(i, h), Value::header("Cookie", v)),
        None => (
            entry_ptr(i, "request/headers"),
            Value::phrase("ev_no_header", vec![("name", Value::text("Cookie"))]),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(path: &str) -> Rejected {
        Rejected {
            name: "sid".to_owned(),
            rejection: Rejection::SameSiteNoneInsecure,
            attribute: Value::text("SameSite=None"),
            host: "app.test".to_owned(),
            path: path.to_owned(),
            source: Source {
                entry: 0,
                pointer: "".into(),
                excerpt: Value::text(""),
            },
            failures: Vec::new(),
        }
    }

    /// A failure is offered exactly the open refusals whose path its own matches, each once,
    /// however many other paths the site has refused under (the index never loses a match
    /// that `path_match` over every refusal would find).
    #[test]
    fn open_refusals_are_found_by_the_paths_a_request_matches() {
        let mut paths: Vec<String> = (0..300).map(|i| format!("/api/items/{i}")).collect();
        paths.extend(
            [
                "/",
                "/api",
                "/api/",
                "/api/items/",
                "/api/items/7/",
                "/ap",
                "/api/items/7/d",
            ]
            .map(str::to_owned),
        );
        let mut facts = CookieFacts::default();
        let mut open = Open::default();
        for p in &paths {
            facts.rejected.push(refused(p));
            open.add(&facts);
        }
        for request in [
            "/api/items/7/detail",
            "/api/items/7",
            "/api/items/70",
            "/api/items/",
            "/",
            "/apix",
            "/api//items/7",
        ] {
            let mut seen: Vec<usize> = Vec::new();
            open.each_matching("app.test", request, |refusals| seen.extend(refusals.iter()));
            seen.sort_unstable();
            let want: Vec<usize> = (0..paths.len())
                .filter(|&k| path_match(request, &paths[k]))
                .collect();
            assert_eq!(seen, want, "{request}");
        }
        let mut other_site = 0;
        open.each_matching("other.test", "/api/items/7", |r| other_site += r.len());
        assert_eq!(other_site, 0);
    }

    /// The same cookie refused again replaces its earlier refusal, and one path keeps at most
    /// [`MAX_OPEN_PER_PATH`] open refusals, the latest.
    #[test]
    fn a_path_keeps_the_latest_refusals() {
        let mut facts = CookieFacts::default();
        let mut open = Open::default();
        for _ in 0..3 {
            facts.rejected.push(refused("/"));
            open.add(&facts);
        }
        let mut seen: Vec<usize> = Vec::new();
        open.each_matching("app.test", "/", |r| seen.extend(r.iter()));
        assert_eq!(seen, [2]);
        for i in 0..2 * MAX_OPEN_PER_PATH {
            let mut r = refused("/");
            r.name = format!("c{i}");
            facts.rejected.push(r);
            open.add(&facts);
        }
        let mut seen: Vec<usize> = Vec::new();
        open.each_matching("app.test", "/", |r| seen.extend(r.iter()));
        let last = facts.rejected.len();
        assert_eq!(seen, (last - MAX_OPEN_PER_PATH..last).collect::<Vec<_>>());
    }
}
