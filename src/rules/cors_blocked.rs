//! `cors-blocked`
//!
//! # What it detects
//! A cross-origin request that carried credentials (an `Authorization` header or
//! cookies) and that the browser blocked, or whose answer it hid from the page,
//! because of CORS: a preflight that refused the method or the `Authorization`
//! header, `Access-Control-Allow-Origin: *` or a missing
//! `Access-Control-Allow-Credentials: true` on a request with cookies, an
//! `Access-Control-Allow-Origin` that names another origin. The browser's
//! decision is replayed with the Fetch standard's checks (conformance-tested
//! against WPT) to name the header at fault. A preflight the server's own CORS
//! handling refused with 400 or 403 (Starlette, Spring) is told apart from an
//! authentication check on OPTIONS by the headers that layer writes.
//!
//! # Why it causes the failure
//! The credentials were fine, but the page never got the answer: the script sees
//! a network error ("CORS error", status 0) and typically reports it as "not
//! authenticated". `Authorization` is never covered by
//! `Access-Control-Allow-Headers: *`, and `*` covers nothing when cookies are
//! sent.
//!
//! # Example (HAR excerpt)
//! `OPTIONS /v1/orders` → 204 `Access-Control-Allow-Headers: content-type`;
//! then `GET /v1/orders` with `Authorization` → status 0, `net::ERR_FAILED`.
//!
//! # References
//! Fetch standard §3.2, §4.8, §4.9; MDN CORS errors.

use crate::finding::{Confidence, Reference, Severity};
use crate::http::cors::{self, Denial};

use super::facts::chrome;
use super::facts::cors::allowances;
use super::facts::CorsProblem;
use super::{Draft, EntryCx, FailureKind, FileCx, Phase, Rule, RuleMeta, Value, entry_ptr, no_answer_ptr, req_header_ptr, resp_header_ptr};

pub struct CorsBlocked;

static META: RuleMeta = RuleMeta {
    id: "cors-blocked",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 2,
    phase: Phase::Main,
    references: &[
        Reference { title: "Fetch standard §4.8 CORS-preflight fetch", url: "https://fetch.spec.whatwg.org/#cors-preflight-fetch" },
        Reference { title: "Fetch standard §3.2.5 CORS protocol and credentials", url: "https://fetch.spec.whatwg.org/#cors-protocol-and-credentials" },
        Reference { title: "MDN: CORS errors", url: "https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS/Errors" },
    ],
};

/// Request headers that are CORS-safelisted for some values (Fetch §2.2.2).
const SAFELISTED_NAMES: &[&str] = &["accept", "accept-language", "content-language", "content-type", "range", "last-event-id"];

fn variant(d: &Denial) -> &'static str {
    match d {
        // OPTIONS not handled (404, 405, 501), or the server failing (5xx), is no refusal of
        // credentials: a 503 from an overloaded server read as one, "certain", in a real
        // capture. Other statuses keep the authentication reading (401, 403, 407, an SSO
        // gateway's redirect to its sign-in page), but for a 400 or 403 the server's CORS layer
        // wrote (`refused`: `preflight-refused`).
        Denial::Status(404 | 405 | 500..=599) => "preflight-not-ok",
        Denial::Status(_) => "preflight-status",
        Denial::NoAllowOrigin => "no-allow-origin",
        Denial::WildcardWithCredentials => "wildcard-with-credentials",
        Denial::OtherOrigin(_) => "other-origin",
        Denial::NoAllowCredentials => "no-allow-credentials",
        Denial::BadAllowMethods | Denial::BadAllowHeaders => "bad-list",
        Denial::MethodNotAllowed(_) => "method-not-allowed",
        Denial::HeaderNotAllowed(_) => "header-not-allowed",
    }
}

fn detail(d: &Denial) -> Value {
    match d {
        Denial::Status(s) => Value::Number(i64::from(*s)),
        Denial::OtherOrigin(o) => Value::text(o),
        Denial::MethodNotAllowed(m) => Value::text(m),
        Denial::HeaderNotAllowed(h) => Value::text(h),
        _ => Value::text(""),
    }
}

/// A response header's name as servers usually write it.
fn header_name(lower: &str) -> &'static str {
    match lower {
        "access-control-allow-headers" => "Access-Control-Allow-Headers",
        "access-control-allow-methods" => "Access-Control-Allow-Methods",
        "access-control-allow-credentials" => "Access-Control-Allow-Credentials",
        _ => "Access-Control-Allow-Origin",
    }
}

/// What the request carried, as the explanation names it: cookies, an Authorization header,
/// or, in Chrome's record of a request it stopped, whatever cookies it had (not recorded).
fn credentials_word(cx: &EntryCx<'_, '_>, with_cookies: bool) -> &'static str {
    if with_cookies {
        "cookies"
    } else if cx.authorization().is_some() || !cx.stopped_before_sending() {
        "authorization-header"
    } else {
        "unrecorded-cookies"
    }
}

/// What makes `cx` need a preflight, as its record shows it: a method other than GET, HEAD and
/// POST, and each header the page's script set that is not CORS-safelisted (the names as written;
/// `Content-Type` with its value where that is not one of the three a form can send). Headers the
/// browser sets itself are left out. Where no preflight was recorded (Playwright records none),
/// these are what a preflight's answer had to allow (the lab's cors-method-not-allowed: DELETE).
fn needs_preflight(cx: &EntryCx<'_, '_>) -> Vec<Value> {
    const BROWSER_SET: &[&str] = &[
        "accept-charset", "accept-encoding", "cache-control", "connection", "content-length", "cookie", "date", "dnt", "expect", "host",
        "keep-alive", "origin", "pragma", "priority", "referer", "te", "trailer", "transfer-encoding", "upgrade", "upgrade-insecure-requests",
        "user-agent", "via",
    ];
    let mut needs = Vec::new();
    let method = cx.entry.request.method.trim();
    if !["GET", "HEAD", "POST"].iter().any(|m| m.eq_ignore_ascii_case(method)) && !method.is_empty() {
        needs.push(Value::text(method.to_ascii_uppercase()));
    }
    for h in &cx.entry.request.headers {
        let name = h.name.trim();
        let lower = name.to_ascii_lowercase();
        if lower.starts_with(':') || lower.starts_with("sec-") || lower.starts_with("proxy-") || BROWSER_SET.contains(&lower.as_str()) {
            continue;
        }
        if lower == "content-type" {
            let essence = h.value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            if !["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"].contains(&essence.as_str()) {
                needs.push(Value::text(format!("{name}: {essence}")));
            }
        } else if !SAFELISTED_NAMES.contains(&lower.as_str()) {
            needs.push(Value::text(name));
        }
    }
    needs
}

/// A preflight whose request appears nowhere: the browser stopped the request, and
/// the preflight's answer says which check failed. `certain` when the answer fails the
/// Fetch checks whatever the request was; `likely` when only a request with
/// credentials (cookies) fails them: the capture cannot show the credentials mode,
/// but no other check explains the block.
fn orphan_preflight(cx: &EntryCx<'_, '_>, denial: &Denial, credentials: bool) -> Draft {
    let i = cx.index();
    let origin = cx.entry.request_header("origin").map_or("", |(_, o)| o.trim());
    let asks_authorization = cx
        .entry
        .request_header("access-control-request-headers")
        .is_some_and(|(_, v)| v.to_ascii_lowercase().split(',').any(|n| n.trim() == "authorization"));
    // Only a preflight that fails because of credentials says the request had some; otherwise
    // what it would have carried is unknown, beyond an announced Authorization header.
    let words = if credentials {
        "cookies"
    } else if asks_authorization {
        "authorization-header"
    } else {
        "unrecorded-cookies"
    };
    let confidence = if credentials { Confidence::Likely } else { Confidence::Certain };
    let d = Draft::new(&META, i, confidence)
        .variant(variant(denial))
        .data("origin", origin)
        .data("credentials", Value::Word(words))
        .data("detail", detail(denial))
        .data("preflight", Value::Entry(i));
    let (pointer, excerpt) = decisive_evidence(cx, Some(denial));
    refused(redirected(d, cx, denial), cx, denial)
        .evidence(i, pointer, excerpt)
        .evidence(i, entry_ptr(i, "request/url"), Value::Word("ev_request_never_sent"))
}

/// `d` told as a redirect where the preflight `p` was redirected to its own URL with a trailing
/// slash added or taken away, or moved from http to https (variant `preflight-redirect`, with the
/// `Location`): browsers follow no redirect of a preflight, and such a redirect refuses no
/// credentials (the lab's cors-preflight-redirect). Any other redirect keeps the authentication
/// reading: an SSO gateway in front of the API that sends OPTIONS to sign in, under whatever name.
fn redirected(d: Draft, p: &EntryCx<'_, '_>, denial: &Denial) -> Draft {
    let Denial::Status(300..=399) = denial else { return d };
    let Some((h, location)) = p.entry.response_header("location").filter(|(_, l)| !l.trim().is_empty()) else { return d };
    let pi = p.index();
    let from = p.entry.request.url.as_ref();
    let moved = crate::rules::authorization_dropped_on_redirect::resolve(from, location).is_some_and(|to| only_slash_or_https(from, &to));
    if !moved {
        return d;
    }
    d.variant("preflight-redirect").data("location", Value::url(location.trim())).evidence(pi, resp_header_ptr(pi, h), Value::header("Location", location))
}

/// `d` told as the server's CORS handling refusing the preflight `p` (variant
/// `preflight-refused`), where its answer shows a CORS layer wrote it
/// ([`EntryCx::cors_layer_refused`]): nothing authenticated that preflight, and the advice to
/// answer OPTIONS before authentication would send the reader the wrong way (the lab's
/// fastapi-cors-disallowed: Starlette's 400 to a preflight for Authorization). What its
/// allowances refuse is named where it wrote them, and its words where the tool kept them.
fn refused(d: Draft, p: &EntryCx<'_, '_>, denial: &Denial) -> Draft {
    let Denial::Status(400 | 403) = denial else { return d };
    if !p.cors_layer_refused() {
        return d;
    }
    let behind = p.allowances_refuse();
    let check = match &behind {
        Some(Denial::HeaderNotAllowed(h)) => Some(Value::phrase("cors_refused_header", vec![("header", Value::text(h))])),
        Some(Denial::MethodNotAllowed(m)) => Some(Value::phrase("cors_refused_method", vec![("method", Value::text(m))])),
        Some(Denial::NoAllowOrigin | Denial::OtherOrigin(_)) => Some(Value::phrase("cors_refused_origin", Vec::new())),
        _ => None,
    };
    let pi = p.index();
    let mut d = d.variant("preflight-refused");
    if let (Some(check), Some(behind)) = (check, &behind) {
        let (pointer, excerpt) = decisive_evidence(p, Some(behind));
        d = d.data("check", check).evidence(pi, pointer, excerpt);
    }
    match p.cors_refusal_words() {
        Some(words) => d.data("words", Value::text(&words)).evidence(pi, entry_ptr(pi, "response/content/text"), Value::text(words)),
        None => d,
    }
}

/// Whether `to` is `from` with only a trailing slash added or taken away from its path, or its
/// scheme moved from http to https (its port then free to change), fragments aside.
fn only_slash_or_https(from: &str, to: &str) -> bool {
    // scheme, host (and port), path, query
    let parts = |u: &'_ str| -> Option<(String, String, String, String)> {
        let u = u.split('#').next().unwrap_or(u);
        let (scheme, rest) = u.split_once("://")?;
        let (before, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, path) = before.find('/').map_or((before, "/"), |at| before.split_at(at)); // boundary: at an ASCII '/'
        Some((scheme.to_ascii_lowercase(), authority.to_ascii_lowercase(), path.trim_end_matches('/').to_owned(), query.to_owned()))
    };
    let (Some((fs, fa, fp, fq)), Some((ts, ta, tp, tq))) = (parts(from), parts(to)) else { return false };
    let host = |a: &str| a.rsplit_once(':').filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit())).map_or(a, |(h, _)| h).to_owned();
    let authority_ok = match (fs.as_str(), ts.as_str()) {
        (f, t) if f == t => fa == ta,
        ("http", "https") => host(&fa) == host(&ta),
        _ => false,
    };
    authority_ok && fp == tp && fq == tq && from.split('#').next() != to.split('#').next()
}

/// Where the preflight `p`'s answer decided (`None`: it passed): the header the failed check
/// read, as sent, its absence, or the status.
fn decisive_evidence(p: &EntryCx<'_, '_>, denial: Option<&Denial>) -> (crate::rules::Pointer, Value) {
    let pi = p.index();
    let status = p.status().unwrap_or(0);
    let decisive = match denial {
        Some(Denial::HeaderNotAllowed(_) | Denial::BadAllowHeaders) => Some("access-control-allow-headers"),
        Some(Denial::MethodNotAllowed(_) | Denial::BadAllowMethods) => Some("access-control-allow-methods"),
        Some(Denial::NoAllowCredentials) => Some("access-control-allow-credentials"),
        Some(Denial::Status(_)) => None,
        _ => Some("access-control-allow-origin"),
    };
    match decisive.and_then(|n| p.entry.response_header(n).map(|hv| (n, hv))) {
        Some((name, (h, v))) => (
            resp_header_ptr(pi, h),
            Value::phrase("ev_preflight_header", vec![("status", status.into()), ("header", Value::header(header_name(name), v.trim()))]),
        ),
        None => match decisive {
            Some(name) => (
                entry_ptr(pi, "response/headers"),
                Value::phrase("ev_preflight_no_header", vec![("status", status.into()), ("name", Value::text(header_name(name)))]),
            ),
            None => (entry_ptr(pi, "response/status"), Value::phrase("ev_preflight_status", vec![("status", status.into())])),
        },
    }
}

impl Rule for CorsBlocked {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        for (pos, cx) in fcx.entries.iter().enumerate() {
            // The failure kind is cached; the CORS verdict is recomputed only for these.
            if cx.failure() != Some(FailureKind::CorsBlocked) {
                continue;
            }
            // Chrome said which check failed (deep mode, or a HAR built from the DevTools
            // protocol): its verdict, not a replay of the headers.
            if let Some((code, param)) = cx.entry.chrome_cors_error() {
                let i = cx.index();
                out.push(
                    Draft::new(&META, i, Confidence::Certain)
                        .variant("chrome")
                        .data("check", chrome::cors_label(code))
                        .data("parameter", param)
                        .data("issue", chrome::cors_issue_title(code).unwrap_or(""))
                        .evidence(i, entry_ptr(i, "_corsError"), Value::labeled("corsError", code)),
                );
                continue;
            }
            if let Some((denial, credentials)) = cx.orphan_preflight_denial() {
                out.push(orphan_preflight(cx, &denial, credentials));
                continue;
            }
            let Some(problem) = cx.cors_problem() else { continue };
            let i = cx.index();
            let origin = cx.cross_origin().unwrap_or_default();
            let with_cookies = cx.entry.sends_cookies();
            let base = |variant: &str, confidence, inferred: bool| {
                let credentials = if inferred { "credentials-mode" } else { credentials_word(cx, with_cookies) };
                Draft::new(&META, i, confidence).variant(variant).data("origin", &origin).data("credentials", Value::Word(credentials))
            };
            let d = match problem {
                CorsProblem::Blocked => {
                    let method = cx.entry.request.method.as_ref();
                    let url = cx.entry.request.url.as_ref();
                    // The preflight sent for it: same URL and announced method, the
                    // nearest one. It may come after the request in the file: entries are
                    // ordered by start time, and `fetch()` starts before its preflight.
                    let is_its_preflight = |p: &&crate::rules::EntryCx<'_, '_>| {
                        p.is_preflight()
                            && p.entry.request.url == url
                            && p.entry.request_header("access-control-request-method").is_none_or(|(_, m)| m.trim() == method)
                    };
                    let before = fcx.entries[..pos].iter().rev().take(50).enumerate().find(|(_, p)| is_its_preflight(p));
                    let after = fcx.entries[pos + 1..].iter().take(50).enumerate().find(|(_, p)| is_its_preflight(p));
                    let preflight = match (before, after) {
                        (Some((b, p)), Some((a, q))) => Some(if a < b { q } else { p }),
                        (Some((_, p)), None) | (None, Some((_, p))) => Some(p),
                        (None, None) => None,
                    };
                    match preflight {
                        Some(p) => {
                            let announced: Vec<(String, String)> = p
                                .announced_headers()
                                .into_iter()
                                .map(|n| {
                                    // Only safelisted names depend on their value; those
                                    // are kept in memory (an unknown name is unsafe anyway).
                                    let value = match n.as_str() {
                                        "content-type" => cx.entry.request.post_data.as_ref().map_or(String::new(), |p| p.mime_type.to_string()),
                                        _ if SAFELISTED_NAMES.contains(&n.as_str()) => {
                                            cx.entry.request_header(&n).map_or(String::new(), |(_, v)| v.to_owned())
                                        }
                                        _ => String::new(),
                                    };
                                    (n, value)
                                })
                                .collect();
                            let pairs: Vec<(&str, &str)> = announced.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
                            let status = p.status().unwrap_or(0);
                            let allow = allowances(p);
                            let mut verdict = cors::check_preflight(&origin, method, &pairs, with_cookies, status, &allow);
                            // A record without its cookies (Chrome's of a stopped request): a check
                            // that only a request with cookies fails explains the block, `likely`.
                            // A record with no answer and no word why (Firefox's, the lab's
                            // cors-star-credentials) may say the same, `possible`: Firefox writes
                            // it for a request it cancelled too (as header-too-large reads it).
                            let mut confidence = Confidence::Certain;
                            let mut inferred = false;
                            if verdict.is_ok() && !with_cookies {
                                let inferred_as = if cx.stopped_before_sending() {
                                    Some(Confidence::Likely)
                                } else {
                                    cx.silent_no_answer().then_some(Confidence::Possible)
                                };
                                if let Some(as_sure) = inferred_as {
                                    if let Err(denial) = cors::check_preflight(&origin, method, &pairs, true, status, &allow) {
                                        verdict = Err(denial);
                                        confidence = as_sure;
                                        inferred = true;
                                    }
                                }
                            }
                            let pi = p.index();
                            let d = match &verdict {
                                Err(denial) => base(variant(denial), confidence, inferred).data("detail", detail(denial)),
                                // The preflight passed; the answer itself was refused.
                                Ok(()) => base("response-hidden", Confidence::Likely, false).data("detail", ""),
                            };
                            let (pointer, excerpt) = decisive_evidence(p, verdict.as_ref().err());
                            let d = match &verdict {
                                Err(denial) => refused(redirected(d, p, denial), p, denial),
                                Ok(()) => d,
                            };
                            d.data("preflight", Value::Entry(pi)).also_entry(pi).evidence(pi, pointer, excerpt)
                        }
                        None => {
                            let d = base("no-preflight-seen", Confidence::Possible, false);
                            let needs = needs_preflight(cx);
                            if needs.is_empty() {
                                d
                            } else {
                                d.data("needs", Value::Joined(needs))
                            }
                        }
                    }
                    .evidence(i, no_answer_ptr(fcx.har, cx.entry), Value::Word("ev_blocked"))
                }
                other => {
                    let denial = match other {
                        CorsProblem::NoAllowOrigin => Denial::NoAllowOrigin,
                        CorsProblem::WildcardWithCredentials => Denial::WildcardWithCredentials,
                        CorsProblem::OtherOrigin => {
                            Denial::OtherOrigin(cx.entry.response_header("access-control-allow-origin").map_or(String::new(), |(_, v)| v.trim().to_owned()))
                        }
                        _ => Denial::NoAllowCredentials,
                    };
                    // Chromium's record has `net::ERR_FAILED` beside the status (`cors_problem`
                    // lets no other Chromium record through): certain. Firefox writes no error
                    // for it: certain when the request says it went in CORS mode, since its
                    // cookies then mean credentials "include".
                    let confidence = if cx.entry.resource_type.is_some() || cx.says_cors_mode() { Confidence::Certain } else { Confidence::Likely };
                    let d = base(variant(&denial), confidence, false).data("detail", detail(&denial));
                    match cx.entry.response_header("access-control-allow-origin") {
                        Some((h, v)) => d.evidence(i, resp_header_ptr(i, h), Value::header("Access-Control-Allow-Origin", v)),
                        None => d.evidence(
                            i,
                            entry_ptr(i, "response/headers"),
                            Value::phrase("ev_no_header", vec![("name", Value::text("Access-Control-Allow-Origin"))]),
                        ),
                    }
                }
            };
            let d = match cx.entry.request_header("origin") {
                Some((h, v)) => d.evidence(i, req_header_ptr(i, h), Value::header("Origin", v)),
                None => d,
            };
            out.push(d);
        }
    }
}

#[cfg(test)]
mod redirect_tests {
    use super::only_slash_or_https;

    #[test]
    fn a_slash_or_https_is_a_move_and_anything_else_is_not() {
        assert!(only_slash_or_https("http://api.test:8080/v2/items", "http://api.test:8080/v2/items/"));
        assert!(only_slash_or_https("http://api.test/v2/items/?a=1", "http://api.test/v2/items?a=1"));
        assert!(only_slash_or_https("http://api.test/v2/items", "https://api.test/v2/items"));
        assert!(only_slash_or_https("http://api.test:80/v2", "https://api.test:443/v2/"));
        assert!(!only_slash_or_https("http://api.test/v2/items", "http://api.test/v2/items"));
        assert!(!only_slash_or_https("https://api.test/v2/items", "http://api.test/v2/items"));
        assert!(!only_slash_or_https("http://api.test/v2/items", "http://auth.test/?rd=%2Fv2%2Fitems"));
        assert!(!only_slash_or_https("http://api.test/v2/items", "http://api.test/oauth2/start?rd=/v2/items"));
        assert!(!only_slash_or_https("http://api.test/v2/items", "http://other.test/v2/items/"));
        assert!(!only_slash_or_https("http://api.test/v2/items", "http://api.test/v2/items/?x=1"));
    }
}

#[cfg(test)]
mod needs_tests {
    use crate::rules::testing::explained;

    /// Playwright records no preflight: what made the request need one is named (the lab's
    /// cors-method-not-allowed, a `DELETE`; a `GET` with `Authorization`), never a header the
    /// browser sets itself (`Origin`, `User-Agent`, `Referer`).
    #[test]
    fn what_needed_a_preflight_is_named() {
        let delete = explained("cors-blocked", "pos-recorded-playwright-no-preflight");
        assert!(!delete.is_empty() && delete.iter().all(|e| e.contains("needs a preflight because of DELETE:")), "{delete:?}");
        let get = explained("cors-blocked", "pos-no-preflight-recorded");
        assert!(!get.is_empty() && get.iter().all(|e| e.contains("needs a preflight because of Authorization:")), "{get:?}");
    }
}

#[cfg(test)]
mod refused_tests {
    use crate::{analyze_bytes, Options};

    /// The messages (with their explanation) of a capture of a page on app.test whose `method`
    /// call to api.test with a Bearer token was blocked, after its preflight was answered
    /// `status` with the response headers `resp` (JSON members) and the body `body`.
    fn said(method: &str, status: u16, resp: &str, body: &str) -> Vec<(String, String)> {
        let preflight = format!(
            r#"{{"startedDateTime":"2026-12-07T10:00:00.010Z","_resourceType":"preflight","request":{{"method":"OPTIONS","url":"http://api.test/users/me","headers":[{{"name":"Origin","value":"http://app.test"}},{{"name":"Access-Control-Request-Method","value":"{method}"}},{{"name":"Access-Control-Request-Headers","value":"authorization"}}]}},"response":{{"status":{status},"headers":[{resp}],"content":{{"mimeType":"text/plain","text":{body:?}}}}}}}"#
        );
        let blocked = format!(
            r#"{{"startedDateTime":"2026-12-07T10:00:00Z","_resourceType":"fetch","request":{{"method":"{method}","url":"http://api.test/users/me","headers":[{{"name":"authorization","value":"Bearer abc.def.ghi"}},{{"name":"Referer","value":"http://app.test/"}}]}},"response":{{"status":0,"headers":[],"content":{{"size":0}},"_error":"net::ERR_FAILED"}}}}"#
        );
        let har = format!(r#"{{"log":{{"entries":[{blocked},{preflight}]}}}}"#);
        let report = analyze_bytes(har.into_bytes(), &Options::default()).unwrap();
        (report.findings.iter())
            .map(|f| (f.message.clone(), f.explanation.clone()))
            .collect()
    }

    fn messages(got: &[(String, String)]) -> Vec<&str> {
        got.iter().map(|(m, _)| m.as_str()).collect()
    }

    const ORIGIN: &str = r#"{"name":"Access-Control-Allow-Origin","value":"http://app.test"}"#;

    /// Starlette allows GET alone by default and compares the method literally: a POST that
    /// Fetch would let through is what it refused, and the explanation says so.
    #[test]
    fn a_method_the_cors_layer_does_not_list_is_named() {
        let resp = format!(
            r#"{ORIGIN},{{"name":"Access-Control-Allow-Methods","value":"GET"}},{{"name":"Access-Control-Allow-Headers","value":"authorization"}}"#
        );
        let got = said("POST", 400, &resp, "");
        assert_eq!(messages(&got), ["cors-blocked.preflight-refused"], "{got:?}");
        assert!(got[0].1.contains("Access-Control-Allow-Methods does not list POST"), "{got:?}");
    }

    /// Where the tool kept the preflight's body (a proxy's recording; browsers keep none), the
    /// server's words are quoted.
    #[test]
    fn the_servers_words_are_quoted_where_the_body_was_kept() {
        let resp = format!(r#"{ORIGIN},{{"name":"Access-Control-Allow-Headers","value":"Accept, Content-Type"}}"#);
        let got = said("GET", 400, &resp, "Disallowed CORS headers");
        assert_eq!(messages(&got), ["cors-blocked.preflight-refused"], "{got:?}");
        assert!(got[0].1.contains("in its words: Disallowed CORS headers"), "{got:?}");
        assert!(got[0].1.contains("does not list `authorization`"), "{got:?}");
    }

    /// What stays an authentication check on OPTIONS: a 401 whatever its allowances, a 403
    /// whose allowances refuse but with no `Vary` a CORS layer writes (a layer that adds them to
    /// every answer, around an authentication check), and a 400 whose `Vary` names only the
    /// request's headers.
    #[test]
    fn what_no_cors_layer_wrote_keeps_the_authentication_reading() {
        let refusing = format!(r#"{ORIGIN},{{"name":"Access-Control-Allow-Headers","value":"content-type"}}"#);
        let got = said("GET", 401, &refusing, "");
        assert!(messages(&got).contains(&"preflight-unauthorized"), "{got:?}");
        assert!(!messages(&got).contains(&"cors-blocked.preflight-refused"), "{got:?}");
        let got = said("GET", 403, &refusing, "");
        assert!(messages(&got).contains(&"preflight-unauthorized"), "{got:?}");
        assert!(messages(&got).contains(&"cors-blocked.preflight-status"), "{got:?}");
        let vary = r#"{"name":"Vary","value":"Origin, Access-Control-Request-Method"}"#;
        let got = said("GET", 403, &format!("{refusing},{vary}"), "");
        assert_eq!(messages(&got), ["cors-blocked.preflight-refused"], "{got:?}");
        let got = said("GET", 400, r#"{"name":"Vary","value":"Origin, Access-Control-Request-Headers"}"#, "");
        assert_eq!(messages(&got), ["cors-blocked.preflight-status"], "{got:?}");
    }
}
