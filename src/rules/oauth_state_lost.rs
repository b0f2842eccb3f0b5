//! `oauth-state-lost`
//!
//! # What it detects
//! A sign-in callback (the provider's `code` and `state` brought back to the app's
//! `redirect_uri`) that the app refused because it could not find the sign-in the callback
//! belongs to: the state, nonce and PKCE verifier it kept for it, most often in a cookie it set
//! as it sent the browser to the provider. The capture shows that answer (a redirect to the
//! authorization endpoint with `Set-Cookie`) and the callback; the rule follows the cookie:
//! - `refused`: the browser refused to store it (`Secure` over http, `SameSite=None` without
//!   `Secure`: see `cookie-rejected`);
//! - `same-site`: stored, but its `SameSite` kept it back from a request that came from the
//!   provider's site (a `Strict` cookie after the provider's redirect, a `Lax` one on the form the
//!   provider's page posts back with `response_mode=form_post`);
//! - `other-host`: the sign-in started on another host than the callback's (`localhost` against
//!   `127.0.0.1`, `www.` against the bare domain), and the cookie belongs to that host;
//! - `superseded`: another sign-in started after this one, and its cookie took this one's place
//!   (two tabs, a second click on "Sign in");
//! - `not-sent`: stored and not sent, for a reason the capture does not show;
//! - `no-cookie`: the start set no cookie and the callback sent none: nothing tied the browser
//!   to its sign-in, as when a session cookie was never set;
//! - `said`: the server says it lost the sign-in's state, and the capture shows no cookie of the
//!   sign-in (it keeps the state in a session, or the start is not in the capture).
//!
//! # Why it causes the failure
//! The `state` in the callback proves that the sign-in was started by this browser (a CSRF
//! defence, RFC 6749 §10.12), and the nonce and the PKCE verifier stored beside it are needed to
//! check the ID token and to redeem the code. Without them, a careful app refuses the callback,
//! however good the password and the code were.
//!
//! Recorded in the lab: express-openid-connect 3.4 refusing the callback with
//! `BadRequestError: "auth_verification" cookie not found` after Firefox kept back a
//! `SameSite=Strict` transaction cookie at the end of the provider's redirect
//! (oidc-state-cookie-strict; Chromium sent it: it judges the navigation by the site that started
//! it), and after both browsers refused it as `Secure` over http (oidc-state-cookie-insecure).
//!
//! # Example (HAR excerpt)
//! `GET /login` → 302 to `https://idp.example/authorize?...&state=…` with `Set-Cookie:
//! auth_verification=…; SameSite=Strict`; `GET /callback?code=…&state=…` (no `Cookie`) → 400.
//!
//! # References
//! RFC 6749 §10.12 (CSRF and `state`), OpenID Connect Core §3.1.2.1 (`nonce`), RFC 6265bis
//! §5.2 and §5.7 (SameSite, storage).

use crate::finding::{Confidence, Reference, Severity};
use crate::http::set_cookie::{self, SameSite, SetCookie};
use crate::http::site::{registrable_domain, without_query, Url};

use super::authorization_dropped_on_redirect::resolve;
use super::facts::oauth::query_param;
use super::{Draft, EntryCx, FileCx, Phase, Rule, RuleMeta, Value, req_header_ptr, resp_header_ptr};

pub struct OauthStateLost;

static META: RuleMeta = RuleMeta {
    id: "oauth-state-lost",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 3,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 6749 §10.12 Cross-Site Request Forgery", url: "https://www.rfc-editor.org/rfc/rfc6749#section-10.12" },
        Reference { title: "OpenID Connect Core 1.0 §3.1.2.1 Authentication Request (nonce)", url: "https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest" },
        Reference { title: "RFC 6265bis §5.2 \"Same-site\" and \"cross-site\" requests", url: "https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.2" },
        Reference { title: "MDN: SameSite cookies", url: "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie#samesitesamesite-value" },
    ],
};

/// How far from a callback the answer that started its sign-in is looked for (a provider's
/// pages, its redirects and the app's own requests lie between them), in the file's order.
const LOOK_BACK: usize = 60;

/// The entries around `cx` that went before it: by their start times where both are known (a
/// DevTools panel writes an entry when its answer is complete, and Chrome's wrote the lab's
/// callback, answered at once, before the redirect that started its sign-in), else by their
/// place in the file. In the order they went.
fn before<'c, 'h, 'a>(fcx: &'c FileCx<'h, 'a>, cx: &EntryCx<'_, '_>) -> Vec<&'c EntryCx<'h, 'a>> {
    let at = cx.index();
    let around = fcx.entries.get(at.saturating_sub(LOOK_BACK)..fcx.entries.len().min(at + LOOK_BACK)).unwrap_or_default();
    let when = cx.started_ms();
    let mut out: Vec<&EntryCx<'h, 'a>> = around
        .iter()
        .filter(|e| match (e.started_ms(), when) {
            (Some(t), Some(w)) => e.index() != at && (t, e.index()) < (w, at),
            _ => e.index() < at,
        })
        .collect();
    out.sort_by_key(|e| (e.started_ms(), e.index()));
    out
}

/// Whether a server's words (as written) say that a sign-in's state was lost or did not match.
pub(crate) fn says_state_lost(words: &str) -> bool {
    let words = words.to_ascii_lowercase();
    crate::knowledge::SIGNIN_STATE_LOST_PHRASES
        .iter()
        .any(|p| words.contains(p))
}

impl Rule for OauthStateLost {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        for cx in fcx.entries {
            if cx.failure().is_none() || !cx.is_signin_callback() {
                continue;
            }
            if let Some(d) = diagnose(fcx, cx) {
                out.push(d);
            }
        }
    }
}

/// The answer that sent the browser to the provider for this callback's sign-in.
struct Start<'c, 'h, 'a> {
    cx: &'c EntryCx<'h, 'a>,
    /// The `Location` header line and its value.
    location: (usize, &'c str),
    /// The `state` it sent to the provider, when it names one.
    state: Option<String>,
}

/// What became of a cookie the start set, as the callback went.
enum Fate {
    /// Sent with the callback.
    Sent,
    /// Refused when it was set: the line and its reason's attribute.
    Refused { attribute: Value },
    /// Kept back by its `SameSite`, the request coming from `from` (an entry's redirect, or this
    /// request's own `Origin` or `Referer`).
    SameSite { attribute: Value, from: From },
    /// Set for another host than the callback's.
    OtherHost { host: String },
    /// Not sent, for a reason the capture does not show.
    NotSent,
}

/// The page a request was made from, by its `Origin` (else `Referer`) header line.
struct Page {
    host: String,
    line: usize,
    name: &'static str,
    value: String,
}

/// Which lost cookie speaks for the callback, where the start set more than one: one set for
/// another host would not have come even if the browser had kept the others (express-openid-connect
/// sets a `Secure` cookie and a fallback without it; over http the first is refused, and it is the
/// fallback's host that decides), then one kept back by its `SameSite`, then one refused.
fn weight(f: &Fate) -> u8 {
    match f {
        Fate::OtherHost { .. } => 4,
        Fate::SameSite { .. } => 3,
        Fate::Refused { .. } => 2,
        Fate::NotSent => 1,
        Fate::Sent => 0,
    }
}

/// Where the callback came from, when that was another site.
enum From {
    /// The redirect of this entry (its `Location` line), from `host`; the chain of redirects
    /// began with the request of entry `head`, made from a page of `started_on` (its `Origin`,
    /// else its `Referer`), when the capture shows it.
    Redirect { entry: usize, line: usize, host: String, head: usize, started_on: Option<Page> },
    /// This request's own header line (`Origin` on a form posted back, else `Referer`).
    Header { line: usize, name: &'static str, value: String },
}

fn diagnose(fcx: &FileCx<'_, '_>, cx: &EntryCx<'_, '_>) -> Option<Draft> {
    let i = cx.index();
    // The server's words, read once: as evidence, and as the sentence the title quotes.
    let (words, said) = match cx.server_words(says_state_lost) {
        Some((pointer, w)) => (Some((pointer, Value::text(w.as_str()))), Some(w)),
        None => (None, None),
    };
    let state = callback_param(cx, "state");
    // What went before the callback, worked out once for the starts and the redirects.
    let earlier = before(fcx, cx);
    let sent = super::cookies::sent_names(cx.entry);
    let starts = starts_before(&earlier, cx);
    // The start whose `state` the callback brings back; else the last one.
    let own = starts
        .iter()
        .rposition(|s| state.is_some() && s.state == state)
        .or_else(|| starts.len().checked_sub(1));
    let confident = |evidence_enough: bool| match (words.is_some(), evidence_enough) {
        (true, true) => Confidence::Certain,
        (true, false) | (false, true) => Confidence::Likely,
        (false, false) => Confidence::Possible,
    };
    let Some(own) = own else {
        // No start in the capture: only the server's words can say the state was lost.
        let (pointer, excerpt) = words?;
        return Some(
            Draft::new(&META, i, Confidence::Likely)
                .variant("said")
                .data("words", sentence(&said.unwrap_or_default()))
                .evidence(i, pointer, excerpt),
        );
    };
    let start = &starts[own];
    let later = starts.get(own + 1..).unwrap_or_default().last();
    let cookies = set_cookies(start.cx);
    let mut d = Draft::new(&META, i, Confidence::Likely)
        .data("start", Value::Entry(start.cx.index()))
        .also_entry(start.cx.index());
    if let (Some((pointer, excerpt)), Some(said)) = (&words, &said) {
        d = d.data("words", sentence(said)).evidence(i, pointer.clone(), excerpt.clone());
    }
    let started = |d: Draft| {
        let s = start.cx.index();
        d.evidence(s, resp_header_ptr(s, start.location.0), Value::header("Location", start.location.1))
    };
    // Another sign-in started after this one and before its callback: its cookie (of the same
    // name) took this one's place, or its state is the one the app now expects.
    if let Some(later) = later {
        let replaced = set_cookies(later.cx)
            .into_iter()
            .find(|(_, _, c)| cookies.iter().any(|(_, _, o)| o.name == c.name));
        let replaced = replaced.as_ref();
        let confidence = confident(replaced.is_some());
        d = started(d)
            .variant("superseded")
            .data("later", Value::Entry(later.cx.index()))
            .also_entry(later.cx.index());
        if let Some((h, line, c)) = replaced {
            d = d
                .data("cookie", c.name.clone())
                .evidence(later.cx.index(), resp_header_ptr(later.cx.index(), *h), Value::header("Set-Cookie", line));
        }
        d.confidence = confidence;
        return Some(d);
    }
    // The cookie of the start the callback lacked, the likeliest state cookie first.
    let fates: Vec<(usize, &str, &SetCookie, Fate)> = cookies
        .iter()
        .filter(|(_, _, c)| !deletes(c))
        .map(|(h, line, c)| (*h, *line, c, fate(fcx, &earlier, start.cx, cx, (*h, c), sent.contains(c.name.as_str()))))
        .collect();
    let lost = fates
        .iter()
        .filter(|(_, _, _, f)| !matches!(f, Fate::Sent))
        .max_by_key(|(_, _, c, f)| (names_state(&c.name), weight(f)));
    let Some((h, line, c, fate)) = lost else {
        // No cookie set as the sign-in started, none sent back: nothing tied this browser to
        // it, which is what a session cookie never set looks like (express-session's `Secure`
        // cookie on a request it does not see as https; the lab's passport-oidc-session-not-set).
        // An app that keeps its state elsewhere may fail for another reason: possible, unless
        // the server says the state was lost. A sanitized export shows no cookie at all.
        if cookies.is_empty() && !cx.entry.sends_cookies() && !fcx.sanitized {
            let mut d = started(d).variant("no-cookie");
            d.confidence = if words.is_some() { Confidence::Likely } else { Confidence::Possible };
            return Some(d);
        }
        // Every cookie of the start went (or it set none): the state is kept elsewhere, or it
        // did not match. Only the server's words say so; that the start's cookies came back is
        // said only where it set some.
        words.as_ref()?;
        if cookies.is_empty() {
            let (pointer, excerpt) = words?;
            let d = Draft::new(&META, i, Confidence::Likely)
                .also_entry(start.cx.index())
                .data("words", sentence(&said.unwrap_or_default()))
                .evidence(i, pointer, excerpt);
            return Some(started(d).variant("said"));
        }
        return Some(started(d).variant("said"));
    };
    let s = start.cx.index();
    d = d
        .data("cookie", c.name.clone())
        .evidence(s, resp_header_ptr(s, *h), Value::header("Set-Cookie", *line));
    d = started(d);
    // express-openid-connect's transaction cookie (and its fallback): its settings are named.
    if c.name.trim_start_matches('_') == "auth_verification" {
        d = d.data("sdk", "express-openid-connect");
    }
    let mut d = match fate {
        Fate::Refused { attribute } => (d.variant("refused").data("attribute", attribute.clone()), confident(true)),
        Fate::SameSite { attribute, from } => {
            let d = d.variant("same-site").data("attribute", attribute.clone());
            let d = match from {
                From::Redirect { entry, line, host, head, started_on } => {
                    let d = d
                        .data("from_host", host.clone())
                        .also_entry(*entry)
                        .evidence(*entry, resp_header_ptr(*entry, *line), Value::header("Location", cx.entry.request.url.as_ref()));
                    let site = |h: &str| registrable_domain(h).to_owned();
                    let here = Url::parse(&cx.entry.request.url).map(|u| site(&u.host)).unwrap_or_default();
                    match started_on {
                        // The navigation began on another site's page (a provider's sign-in form).
                        Some(page) if site(&page.host) != here => d
                            .data("started_on", page.host.clone())
                            .data("head", Value::Entry(*head))
                            .also_entry(*head)
                            .evidence(*head, req_header_ptr(*head, page.line), Value::header(page.name, &page.value)),
                        // Begun by the app's own page: Firefox judged the chain (see `fate`).
                        Some(_) => d.data("app_start", Value::Entry(*head)).data("redirect", Value::Entry(*entry)),
                        None => d.data("redirect", Value::Entry(*entry)),
                    }
                }
                From::Header { line, name, value } => d
                    .data("from_host", Url::parse(value).map_or_else(|| value.clone(), |u| u.host))
                    .evidence(i, req_header_ptr(i, *line), Value::header(*name, value)),
            };
            (d, confident(true))
        }
        Fate::OtherHost { host } => (
            d.variant("other-host")
                .data("start_host", host.clone())
                .data("host", Url::parse(&cx.entry.request.url).map(|u| u.host).unwrap_or_default()),
            confident(true),
        ),
        Fate::NotSent => {
            // A cookie gone for no reason the capture shows explains the refusal only with the
            // server's words beside it.
            words.as_ref()?;
            (d.variant("not-sent"), Confidence::Likely)
        }
        Fate::Sent => return None,
    };
    d.0.confidence = d.1;
    Some(d.0)
}

/// A parameter of the callback, from its query or the form posted back.
fn callback_param(cx: &EntryCx<'_, '_>, name: &str) -> Option<String> {
    query_param(&cx.entry.request.url, name).or_else(|| cx.form_param(name))
}

/// The answers before `cx` (at most [`LOOK_BACK`] entries back) that sent the browser to an
/// authorization endpoint with `cx`'s URL as `redirect_uri`, or with the `state` `cx` brings
/// back (an app may pass its callback on through a redirect of its own), or, naming no
/// `redirect_uri`, from `cx`'s origin.
fn starts_before<'c, 'h, 'a>(earlier: &[&'c EntryCx<'h, 'a>], cx: &EntryCx<'_, '_>) -> Vec<Start<'c, 'h, 'a>> {
    let callback = without_query(&cx.entry.request.url);
    let origin = crate::http::site::origin(&cx.entry.request.url);
    let state = callback_param(cx, "state");
    let mut out = Vec::new();
    for &s in earlier {
        if !s.status().is_some_and(|st| (300..400).contains(&st)) {
            continue;
        }
        let Some((line, location)) = s.entry.response_header("location") else { continue };
        let location: &'c str = location;
        let has = |k: &str| query_param(location, k).is_some();
        if !(has("response_type") && has("client_id")) {
            continue;
        }
        let sent_state = query_param(location, "state");
        let ours = match query_param(location, "redirect_uri") {
            Some(uri) => without_query(&uri) == callback || (state.is_some() && sent_state == state),
            None => crate::http::site::origin(&s.entry.request.url) == origin,
        };
        if ours {
            out.push(Start { cx: s, location: (line, location), state: sent_state });
        }
    }
    out
}

/// The `Set-Cookie` lines of an answer, parsed, with their header lines and text.
fn set_cookies<'c>(cx: &'c EntryCx<'_, '_>) -> Vec<(usize, &'c str, SetCookie)> {
    cx.entry
        .response_header_values("set-cookie")
        .filter_map(|(h, v)| Some((h, v, set_cookie::parse(v)?)))
        .collect()
}

/// Whether the line deletes its cookie (`Max-Age=0`, an expiry in the past).
fn deletes(c: &SetCookie) -> bool {
    c.max_age.is_some_and(|a| a <= 0) || c.expires_ms.is_some_and(|e| e <= 0)
}

/// Whether a cookie's name says it holds a sign-in's state (`auth_verification`,
/// `next-auth.state`, `.AspNetCore.Correlation.oidc`, `oauth_state`, `code_verifier`).
fn names_state(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["state", "verif", "nonce", "correlation", "oauth", "oidc", "pkce", "transaction"]
        .iter()
        .any(|w| n.contains(w))
}

/// What became of the cookie `c`, set by `start`'s line `line`, when `callback` went (`sent`:
/// whether the callback carried a cookie of its name). `earlier`: what went before the callback.
///
/// The capture's cookie replay (`FileCx::cookies`) says what it refused, but not which cookie a
/// callback lacked: it replays the file in order, and Chrome's panel writes the callback before
/// the answer that set the cookie (recorded); and which requests count as from another site at
/// the end of a chain of redirects depends on the browser. So the one cookie is followed here.
fn fate(
    fcx: &FileCx<'_, '_>,
    earlier: &[&EntryCx<'_, '_>],
    start: &EntryCx<'_, '_>,
    callback: &EntryCx<'_, '_>,
    (line, c): (usize, &SetCookie),
    sent: bool,
) -> Fate {
    if sent {
        return Fate::Sent;
    }
    let refused = fcx.cookies().rejected.iter().find(|r| {
        r.source.entry == start.index() && r.name == c.name && r.source.pointer == resp_header_ptr(start.index(), line)
    });
    if let Some(r) = refused {
        return Fate::Refused { attribute: r.attribute.clone() };
    }
    let (Some(set_at), Some(url)) = (Url::parse(&start.entry.request.url), Url::parse(&callback.entry.request.url)) else {
        return Fate::NotSent;
    };
    let host_matches = match &c.domain {
        Some(d) => set_cookie::domain_match(&url.host, d),
        None => url.host.eq_ignore_ascii_case(&set_at.host),
    };
    if !host_matches {
        return Fate::OtherHost { host: set_at.host };
    }
    let post = !callback.entry.request.method.eq_ignore_ascii_case("GET");
    let kept_back = match c.same_site {
        SameSite::Strict => true,
        // A Lax cookie goes with a top-level GET from another site, not with a POST.
        SameSite::Lax => post,
        // Without SameSite, Chromium treats the cookie as Lax, but lets it go with a top-level
        // POST in its first two minutes; Firefox does not treat it as Lax at all.
        SameSite::Unspecified => {
            post && super::cookies::defaults_to_lax(fcx.har) && {
                let age = start.started_ms().zip(callback.started_ms()).map(|(a, b)| b - a);
                age.is_some_and(|ms| ms > crate::http::cookie_jar::LAX_ALLOWING_UNSAFE_MS)
            }
        }
        SameSite::None => false,
    };
    if kept_back {
        if let Some(from) = came_from_another_site(earlier, callback, &url) {
            // A chain of redirects begun by the app's own page: Firefox keeps a Strict cookie
            // back at its end when it went through another site, Chromium sends it (both
            // recorded in the lab's oidc-state-cookie-strict); then Chromium kept it back for a
            // reason the capture does not show.
            let own_page = |started_on: &Option<Page>| {
                started_on.as_ref().is_some_and(|p| registrable_domain(&p.host) == registrable_domain(&url.host))
            };
            if let From::Redirect { started_on, .. } = &from {
                if own_page(started_on) && super::cookies::defaults_to_lax(fcx.har) {
                    return Fate::NotSent;
                }
            }
            let attribute = match c.same_site {
                SameSite::Strict => "SameSite=Strict",
                SameSite::Lax => "SameSite=Lax",
                _ => "(no SameSite)",
            };
            return Fate::SameSite { attribute: Value::text(attribute), from };
        }
    }
    Fate::NotSent
}

/// Where the callback came from, when that was another site: the redirect that led to it
/// (an entry shortly before whose `Location` is its URL), else its own `Origin` (a form posted
/// back) or `Referer`.
fn came_from_another_site(earlier: &[&EntryCx<'_, '_>], cx: &EntryCx<'_, '_>, url: &Url) -> Option<From> {
    let site = registrable_domain(&url.host).to_owned();
    let other = |u: &str| Url::parse(u).is_some_and(|u| registrable_domain(&u.host) != site);
    let target = cx.entry.request.url.as_ref();
    // The redirect whose `Location` is `to`, the latest first.
    let redirect_to = |to: &str| {
        earlier.iter().rev().find_map(|r| {
            if !r.status().is_some_and(|s| (300..400).contains(&s)) {
                return None;
            }
            let (line, location) = r.entry.response_header("location")?;
            (resolve(&r.entry.request.url, location)? == to).then_some((*r, line))
        })
    };
    if let Some((r, line)) = redirect_to(target) {
        let host_of = |e: &EntryCx<'_, '_>| Url::parse(&e.entry.request.url).map(|u| u.host).unwrap_or_default();
        // Back along the chain to the request that began it, noting the first hop (from the
        // callback back) on another site: the provider's redirect is often not the last one.
        let mut through = other(&r.entry.request.url).then(|| host_of(r));
        let mut head = r;
        for _ in 0..MAX_HOPS {
            match redirect_to(&head.entry.request.url) {
                Some((p, _)) if p.index() != head.index() => {
                    head = p;
                    if through.is_none() && other(&p.entry.request.url) {
                        through = Some(host_of(p));
                    }
                }
                _ => break,
            }
        }
        let page = [("origin", "Origin"), ("referer", "Referer")].iter().find_map(|(h, name)| {
            let (line, v) = head.entry.request_header(h)?;
            let host = Url::parse(v)?.host;
            Some(Page { host, line, name, value: v.to_owned() })
        });
        let begun_elsewhere = page.as_ref().is_some_and(|p| registrable_domain(&p.host) != site);
        let host = match (through, &page) {
            (Some(h), _) => h,
            (None, Some(p)) if begun_elsewhere => p.host.clone(),
            // Every hop and the page that began them on the callback's own site.
            _ => return None,
        };
        return Some(From::Redirect { entry: r.index(), line, host, head: head.index(), started_on: page });
    }
    for name in ["Origin", "Referer"] {
        if let Some((line, v)) = cx.entry.request_header(&name.to_ascii_lowercase()) {
            if other(v) {
                return Some(From::Header { line, name, value: v.to_owned() });
            }
            return None;
        }
    }
    None
}

/// Redirects followed back from a callback to the request that began their chain, at most.
const MAX_HOPS: usize = 20;

/// The words up to the end of the sentence that says the state was lost: a library's error may
/// go on for a paragraph of advice (express-openid-connect's does).
fn sentence(text: &str) -> Value {
    let lower = text.to_ascii_lowercase();
    let at = crate::knowledge::SIGNIN_STATE_LOST_PHRASES
        .iter()
        .filter_map(|p| lower.find(p).map(|i| i + p.len()))
        .min();
    match at.and_then(|at| lower.get(at..)?.find(". ").map(|e| at + e + 1)) {
        Some(end) => Value::text(text.get(..end).unwrap_or(text)), // boundary: after ASCII '.'
        None => Value::text(text),
    }
}

#[cfg(test)]
mod tests {
    use super::{says_state_lost, sentence};
    use crate::{analyze_bytes, Options};

    /// Sign-in libraries' own words for a state they cannot find, as they write them.
    #[test]
    fn what_sign_in_libraries_say() {
        for w in [
            "BadRequestError: \"auth_verification\" cookie not found. Ensure the login flow is initiated",
            "BadRequestError: unexpected \"state\" response parameter value",
            "TypeError: checks.state argument is missing",
            "RPError: state mismatch, expected abc, got: def",
            "did not find expected authorization request details in session, req.session[\"oidc:idp\"] is undefined",
            "Unable to verify authorization request state.",
            "AuthenticationFailureException: The oauth state was missing or invalid.",
            "Correlation failed.",
            "OAuthCallbackError: State cookie was missing.",
            "InvalidCheck: PKCE code_verifier value could not be parsed.",
            "[authorization_request_not_found] ",
        ] {
            assert!(says_state_lost(w), "{w}");
        }
        for w in ["invalid_grant", "Unauthorized", "state: active", "cookie not found", "Error: connect ECONNREFUSED"] {
            assert!(!says_state_lost(w), "{w}");
        }
        // The sentence that says it, not the paragraph of advice after it.
        let long = "BadRequestError: \"auth_verification\" cookie not found. Ensure the login flow is initiated.";
        assert_eq!(sentence(long), crate::value::Value::text("BadRequestError: \"auth_verification\" cookie not found."));
        assert_eq!(sentence("Correlation failed"), crate::value::Value::text("Correlation failed"));
    }

    /// The findings of this rule on a sign-in: `/login` answered 302 to the provider with
    /// `set_cookie`, then the provider's redirect back (`back`, its `Location` the callback) and
    /// the callback (`method`, with `headers` and `post_data`), answered 400 "Correlation failed."
    /// `minutes` after the start; captured by `browser`.
    fn found(browser: &str, set_cookie: &str, method: &str, headers: &str, minutes: u32) -> Vec<(String, String)> {
        let post = if method == "POST" {
            r#","postData":{"mimeType":"application/x-www-form-urlencoded","text":"code=c0de&state=s1"}"#
        } else {
            ""
        };
        let url = if method == "POST" { "https://app.example/callback" } else { "https://app.example/callback?code=c0de&state=s1" };
        let har = format!(
            r#"{{"log":{{"creator":{{"name":"{browser}","version":"1"}},"entries":[
            {{"startedDateTime":"2024-05-01T10:00:00Z","request":{{"method":"GET","url":"https://app.example/login","headers":[]}},
              "response":{{"status":302,"headers":[{{"name":"Set-Cookie","value":"{set_cookie}"}},
              {{"name":"Location","value":"https://idp.example/authorize?client_id=web&response_type=code&state=s1&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback"}}]}}}},
            {{"startedDateTime":"2024-05-01T10:0{m}:00Z","request":{{"method":"POST","url":"https://idp.example/login","headers":[{{"name":"Origin","value":"https://idp.example"}}]}},
              "response":{{"status":303,"headers":[{{"name":"Location","value":"{url}"}}]}}}},
            {{"startedDateTime":"2024-05-01T10:0{m}:01Z","request":{{"method":"{method}","url":"{url}","headers":[{headers}]{post}}},
              "response":{{"status":400,"headers":[],"content":{{"mimeType":"text/plain","text":"Correlation failed."}}}}}}]}}}}"#,
            m = minutes
        );
        let report = analyze_bytes(har.into_bytes(), &Options::default()).expect("read");
        (report.findings.iter())
            .filter(|f| f.rule == "oauth-state-lost")
            .map(|f| (f.message.clone(), format!("{:?}", f.confidence)))
            .collect()
    }

    /// The provider's redirect need not be the last hop: the app may pass the callback on
    /// through a redirect of its own, and the chain is followed back to the page that began it.
    #[test]
    fn a_chain_of_redirects_is_followed_to_its_start() {
        let har = r#"{"log":{"creator":{"name":"WebInspector","version":"1"},"entries":[
            {"startedDateTime":"2024-05-01T10:00:00Z","request":{"method":"GET","url":"https://app.example/login","headers":[]},
              "response":{"status":302,"headers":[{"name":"Set-Cookie","value":"st=1; Path=/; Secure; SameSite=Strict"},
              {"name":"Location","value":"https://idp.example/authorize?client_id=web&response_type=code&state=s1&redirect_uri=https%3A%2F%2Fapp.example%2Fauth%2Freturn"}]}},
            {"startedDateTime":"2024-05-01T10:00:05Z","request":{"method":"POST","url":"https://idp.example/login","headers":[{"name":"Origin","value":"https://idp.example"}]},
              "response":{"status":303,"headers":[{"name":"Location","value":"https://app.example/auth/return?code=c0de&state=s1"}]}},
            {"startedDateTime":"2024-05-01T10:00:06Z","request":{"method":"GET","url":"https://app.example/auth/return?code=c0de&state=s1","headers":[]},
              "response":{"status":302,"headers":[{"name":"Location","value":"/callback?code=c0de&state=s1"}]}},
            {"startedDateTime":"2024-05-01T10:00:07Z","request":{"method":"GET","url":"https://app.example/callback?code=c0de&state=s1","headers":[]},
              "response":{"status":400,"headers":[],"content":{"mimeType":"text/plain","text":"Correlation failed."}}}]}}"#;
        let report = analyze_bytes(har.as_bytes().to_vec(), &Options::default()).expect("read");
        let f = report.findings.iter().find(|f| f.rule == "oauth-state-lost").expect("found");
        assert_eq!((f.message.as_str(), f.confidence), ("oauth-state-lost.same-site", crate::finding::Confidence::Certain));
        assert!(f.explanation.contains("began on a page of idp.example (entry #1)"), "{}", f.explanation);
    }

    /// What kept the cookie back is what its `SameSite`, the request's method and the browser say.
    #[test]
    fn which_same_site_keeps_a_state_cookie_back() {
        let same_site = || vec![("oauth-state-lost.same-site".to_owned(), "Certain".to_owned())];
        let origin = r#"{"name":"Origin","value":"https://idp.example"}"#;
        // Strict, after a redirect begun on the provider's page (its sign-in form): any browser.
        let strict = "st=1; Path=/; Secure; HttpOnly; SameSite=Strict";
        assert_eq!(found("Firefox", strict, "GET", "", 0), same_site());
        assert_eq!(found("WebInspector", strict, "GET", "", 0), same_site());
        // Lax goes with the GET back, not with a form posted back from another site.
        let lax = "st=1; Path=/; Secure; HttpOnly; SameSite=Lax";
        assert_eq!(found("WebInspector", lax, "POST", origin, 0), same_site());
        assert_eq!(found("WebInspector", lax, "GET", "", 0), vec![("oauth-state-lost.not-sent".to_owned(), "Likely".to_owned())]);
        // No SameSite: Chromium lets it go with a POST in its first two minutes, not after;
        // Firefox does not treat it as Lax.
        let unset = "st=1; Path=/; Secure; HttpOnly";
        assert_eq!(found("WebInspector", unset, "POST", origin, 3), same_site());
        assert_eq!(found("WebInspector", unset, "POST", origin, 1), vec![("oauth-state-lost.not-sent".to_owned(), "Likely".to_owned())]);
        assert_eq!(found("Firefox", unset, "POST", origin, 3), vec![("oauth-state-lost.not-sent".to_owned(), "Likely".to_owned())]);
        // Sent with the callback: the state was not lost by the browser.
        let sent = r#"{"name":"Cookie","value":"st=1"}"#;
        assert_eq!(found("WebInspector", strict, "GET", sent, 0), vec![("oauth-state-lost.said".to_owned(), "Likely".to_owned())]);
    }
}
