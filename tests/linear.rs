//! Linear on every shape (issue 13): for each shape of capture that was once quadratic, four
//! times the input costs at most about five times the work.
//!
//! Work is measured two ways. Wall time, best of three runs at each size, with a generous
//! bound (a ratio of 7 for 4× the input: linear work gives about 4, quadratic work 16), so that
//! a loaded machine does not fail the test and a quadratic path still does. And counts, which
//! no load disturbs: allocations made (at most 5× for 4× the input) and the peak of memory
//! held beyond the input (at most 5×, and a bound per entry for a million tiny entries'
//! shape). Sizes are chosen so the small run takes milliseconds in a debug build.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

use why401::{analyze_bytes, Options};

const EXP: &str =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1IiwiZXhwIjoxNzY0NTMwMDAwfQ.c2ln";

fn entry(
    method: &str,
    url: &str,
    req_headers: &str,
    status: u16,
    res_headers: &str,
    body: &str,
    at_ms: usize,
) -> String {
    let t = 1_764_530_000_000u64 + at_ms as u64;
    let secs = t / 1000;
    let (h, m, s) = ((secs / 3600) % 24, (secs / 60) % 60, secs % 60);
    format!(
        r#"{{"startedDateTime":"2025-11-30T{h:02}:{m:02}:{s:02}.{:03}Z","time":3,"request":{{"method":"{method}","url":"{url}","httpVersion":"HTTP/1.1","headers":[{req_headers}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0}},"response":{{"status":{status},"statusText":"","httpVersion":"HTTP/1.1","headers":[{res_headers}],"cookies":[],"content":{{"size":{},"mimeType":"application/json","text":{}}},"redirectURL":"","headersSize":-1,"bodySize":-1}},"cache":{{}},"timings":{{"send":0,"wait":2,"receive":1}}}}"#,
        t % 1000,
        body.len(),
        serde_json::to_string(body).unwrap()
    )
}

fn header(name: &str, value: &str) -> String {
    format!(
        r#"{{"name":{},"value":{}}}"#,
        serde_json::to_string(name).unwrap(),
        serde_json::to_string(value).unwrap()
    )
}

fn har(entries: &[String]) -> Vec<u8> {
    format!(
        r#"{{"log":{{"version":"1.2","creator":{{"name":"test","version":"1"}},"entries":[{}]}}}}"#,
        entries.join(",")
    )
    .into_bytes()
}

/// `n` requests (`GET`, ten milliseconds apart), each refused with 401 and an empty JSON body:
/// `request(i)` gives the `i`th one's URL and request header lines, `response(i)` its response
/// header lines.
fn each_refused(
    n: usize,
    request: impl Fn(usize) -> (String, String),
    response: impl Fn(usize) -> String,
) -> Vec<u8> {
    har(&(0..n)
        .map(|i| {
            let (url, headers) = request(i);
            entry("GET", &url, &headers, 401, &response(i), "{}", i * 10)
        })
        .collect::<Vec<_>>())
}

/// Every entry a 401 with an expired JWT: each failure once scanned every finding.
fn failures(n: usize) -> Vec<u8> {
    let req = header("Authorization", &format!("Bearer {EXP}"));
    let res = header("WWW-Authenticate", r#"Bearer error="invalid_token""#);
    each_refused(
        n,
        |i| (format!("https://api.test/v1/items/{i}"), req.clone()),
        |_| res.clone(),
    )
}

/// Cookies set and sent in pairs, each with a name of its own.
fn cookie_pairs(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..n {
        out.push(entry(
            "GET",
            &format!("https://app.test/set/{i}"),
            "",
            200,
            &header("Set-Cookie", &format!("c{i}=v{i}; Path=/; Secure")),
            "{}",
            i * 20,
        ));
        out.push(entry(
            "GET",
            &format!("https://app.test/use/{i}"),
            &header("Cookie", &format!("c{i}=v{i}")),
            401,
            "",
            "{}",
            i * 20 + 10,
        ));
    }
    har(&out)
}

/// Refresh-token grants, each answered with a new pair of tokens.
fn token_requests(n: usize) -> Vec<u8> {
    let req = header("Content-Type", "application/x-www-form-urlencoded");
    har(&(0..n)
        .map(|i| {
            let body = format!(r#"{{"access_token":"at{i:08}abcdefghijkl","refresh_token":"rt{i:08}abcdefghijkl","token_type":"Bearer","expires_in":3600}}"#);
            let mut e = entry("POST", "https://auth.test/oauth/token", &req, 200, "", &body, i * 10);
            e = e.replacen(r#""bodySize":0}"#, &format!(r#""bodySize":40,"postData":{{"mimeType":"application/x-www-form-urlencoded","text":"grant_type=refresh_token&refresh_token=rt{:08}abcdefghijkl"}}}}"#, i.saturating_sub(1)), 1);
            e
        })
        .collect::<Vec<_>>())
}

/// Preflights answered 401, each followed by its blocked request.
fn preflights(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..n {
        let url = format!("https://api.test/v1/p/{i}");
        let pre_req = [
            header("Origin", "https://app.test"),
            header("Access-Control-Request-Method", "GET"),
            header("Access-Control-Request-Headers", "authorization"),
        ]
        .join(",");
        out.push(entry("OPTIONS", &url, &pre_req, 401, "", "", i * 20));
        let mut blocked = entry(
            "GET",
            &url,
            &header("Authorization", &format!("Bearer {EXP}")),
            0,
            "",
            "",
            i * 20 + 5,
        );
        blocked = blocked.replacen(
            r#""status":0,"#,
            r#""status":0,"_error":"net::ERR_FAILED","#,
            1,
        );
        out.push(blocked);
    }
    har(&out)
}

/// One response with `n` Set-Cookie lines in one header value.
fn set_cookie_lines(n: usize) -> Vec<u8> {
    let mut v = String::new();
    for i in 0..n {
        let _ = write!(
            v,
            "{}c{i}=v; Path=/; SameSite=None",
            if i > 0 { "\n" } else { "" }
        );
    }
    har(&[entry(
        "GET",
        "https://app.test/login",
        "",
        401,
        &header("Set-Cookie", &v),
        "{}",
        0,
    )])
}

/// One `Cookie` header of `n` pairs, accepted and then refused: the comparison with the
/// request that worked, and whether the refused one presented the same cookies, each searched
/// one list for every pair of the other.
fn cookie_pairs_in_one_header(n: usize) -> Vec<u8> {
    let mut v = String::new();
    for i in 0..n {
        let _ = write!(v, "{}c{i}=v{i}", if i > 0 { "; " } else { "" });
    }
    let cookie = header("Cookie", &v);
    har(&[
        entry("GET", "https://app.test/api/me", &cookie, 200, "", "{}", 0),
        entry(
            "GET",
            "https://app.test/api/me",
            &cookie,
            401,
            "",
            "{}",
            1000,
        ),
    ])
}

/// `n` cookies stored by one answer, then a failing request that carries them all: every
/// stored cookie was looked for in the list of names the request carried.
fn cookies_stored_and_sent(n: usize) -> Vec<u8> {
    let (mut lines, mut pairs) = (String::new(), String::new());
    for i in 0..n {
        let sep = if i > 0 { ("\n", "; ") } else { ("", "") };
        let _ = write!(lines, "{}c{i}=v; Path=/; Secure; SameSite=Lax", sep.0);
        let _ = write!(pairs, "{}c{i}=v", sep.1);
    }
    har(&[
        entry(
            "GET",
            "https://app.test/login",
            "",
            200,
            &header("Set-Cookie", &lines),
            "{}",
            0,
        ),
        entry(
            "GET",
            "https://app.test/api/me",
            &header("Cookie", &pairs),
            401,
            "",
            "{}",
            1000,
        ),
    ])
}

/// One challenge with `n` auth-params.
fn challenge_params(n: usize) -> Vec<u8> {
    let mut v = String::from("Bearer ");
    for i in 0..n {
        let _ = write!(v, "{}p{i}=\"x\"", if i > 0 { ", " } else { "" });
    }
    har(&[entry(
        "GET",
        "https://api.test/me",
        "",
        401,
        &header("WWW-Authenticate", &v),
        "{}",
        0,
    )])
}

/// A logged-out page polling its status endpoint, each poll answered 401 without credentials
/// (every poll once looked at every request before it for a credential sent to its origin);
/// every tenth request goes, with a token, to another origin.
fn status_polls(n: usize) -> Vec<u8> {
    let token = header("Authorization", &format!("Bearer {EXP}"));
    har(&(0..n)
        .map(|i| {
            if i % 10 == 9 {
                entry(
                    "GET",
                    &format!("https://api.other.test/v1/{i}"),
                    &token,
                    200,
                    "",
                    "{}",
                    i * 1000,
                )
            } else {
                entry(
                    "GET",
                    "https://app.test/api/me",
                    "",
                    401,
                    "",
                    "{}",
                    i * 1000,
                )
            }
        })
        .collect::<Vec<_>>())
}

/// Failures without the credential, then the request that worked with it: each failure is
/// compared with that one, and every request between the two was once asked whether it signs
/// in.
fn failures_before_success(n: usize) -> Vec<u8> {
    let mut out: Vec<String> = (0..n)
        .map(|i| {
            let url = format!("https://api.test/v1/items/{i}");
            entry(
                "GET",
                &url,
                &header("X-Trace", &format!("t{i}")),
                401,
                "",
                "{}",
                i * 10,
            )
        })
        .collect();
    let token = header("Authorization", "Bearer opaque-token-0123456789abcdef");
    out.push(entry(
        "GET",
        "https://api.test/v1/items/x",
        &token,
        200,
        "",
        "{}",
        n * 10,
    ));
    har(&out)
}

/// Each refresh followed by a request that still sends the token it replaced: each such
/// failure once read every answer of the capture for where its token was issued.
fn superseded_tokens(n: usize) -> Vec<u8> {
    let form = header("Content-Type", "application/x-www-form-urlencoded");
    let mut out = Vec::new();
    for i in 0..n {
        let body = format!(
            r#"{{"access_token":"at{i:08}abcdefghijkl","token_type":"Bearer","expires_in":3600}}"#
        );
        let refresh = entry(
            "POST",
            "https://auth.test/oauth/token",
            &form,
            200,
            "",
            &body,
            i * 20,
        );
        out.push(refresh.replacen(
            r#""bodySize":0}"#,
            r#""bodySize":40,"postData":{"mimeType":"application/x-www-form-urlencoded","text":"grant_type=refresh_token&refresh_token=rt"}}"#,
            1,
        ));
        let old = header(
            "Authorization",
            &format!("Bearer at{:08}abcdefghijkl", i.saturating_sub(1)),
        );
        out.push(entry(
            "GET",
            &format!("https://api.test/v1/items/{i}"),
            &old,
            401,
            "",
            "{}",
            i * 20 + 10,
        ));
    }
    har(&out)
}

/// A script retrying a wrong Basic password; every tenth request, another user's, is
/// accepted. Each refusal once looked through the capture for its credentials accepted.
fn basic_retries(n: usize) -> Vec<u8> {
    use base64::Engine;
    let basic = |user: &str, password: &str| {
        let pair = format!("{user}:{password}");
        header(
            "Authorization",
            &format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            ),
        )
    };
    let challenge = header("WWW-Authenticate", r#"Basic realm="api""#);
    har(&(0..n)
        .map(|i| {
            let url = format!("https://api.test/v1/report/{i}");
            if i % 10 == 9 {
                entry(
                    "GET",
                    &url,
                    &basic("ci", "right-password-1"),
                    200,
                    "",
                    "{}",
                    i * 10,
                )
            } else {
                entry(
                    "GET",
                    &url,
                    &basic("deploy", &format!("wrong-{i}")),
                    401,
                    &challenge,
                    "{}",
                    i * 10,
                )
            }
        })
        .collect::<Vec<_>>())
}

/// A sign-in loop: each authorization request's code, delivered to the callback, is refused
/// at the token endpoint. Each refusal once read the whole capture for where its code came
/// from, and hashed its verifier for every flow.
fn sign_in_loop(n: usize) -> Vec<u8> {
    let form = header("Content-Type", "application/x-www-form-urlencoded");
    let refused = r#"{"error":"invalid_grant","error_description":"bad code"}"#;
    let mut out = Vec::new();
    for i in 0..n {
        let callback = format!("https://app.test/callback?code=c{i:08}&state=s{i}");
        let authorize = format!("https://idp.test/authorize?client_id=app&response_type=code&state=s{i}&code_challenge=ch{i}&code_challenge_method=S256");
        out.push(entry(
            "GET",
            &authorize,
            "",
            302,
            &header("Location", &callback),
            "",
            i * 300,
        ));
        out.push(entry("GET", &callback, "", 200, "", "{}", i * 300 + 100));
        let exchange = entry(
            "POST",
            "https://idp.test/oauth/token",
            &form,
            400,
            "",
            refused,
            i * 300 + 200,
        );
        out.push(exchange.replacen(
            r#""bodySize":0}"#,
            &format!(r#""bodySize":40,"postData":{{"mimeType":"application/x-www-form-urlencoded","text":"grant_type=authorization_code&code=c{i:08}&client_id=app&code_verifier=v{i}"}}}}"#),
            1,
        ));
    }
    har(&out)
}

/// A cookie the browser refuses on every answer (`SameSite=None` without `Secure`), every
/// request failing without it: each failure once looked at every refusal before it, and was
/// listed by the last 50 of them.
fn cookie_refused_every_time(n: usize) -> Vec<u8> {
    each_refused(
        n,
        |i| (format!("https://app.test/api/items/{i}"), String::new()),
        |i| header("Set-Cookie", &format!("sid=s{i:08}; Path=/; SameSite=None")),
    )
}

/// The same refusal of a cookie without `Path`, one item after another: each refusal's path
/// is its own item's (`/api/items/{i}`), so no later failure matches it, and each failure once
/// looked at every refusal of the site before it. The term is small per refusal: in a debug
/// build at this size the old code took 4.9× the time for 4× the input, which passes; it shows
/// at larger sizes (the old CLI took 11× as long on 32,000 items as on 8,000).
/// `rules::cookies`' unit tests check that a failure is offered only refusals whose path matches.
fn cookie_refused_per_item(n: usize) -> Vec<u8> {
    each_refused(
        n,
        |i| {
            (
                format!("https://app.test/api/items/{i}/detail"),
                String::new(),
            )
        },
        |i| header("Set-Cookie", &format!("sid=s{i:08}; SameSite=None")),
    )
}

/// A cookie of a new name on every answer (ASP.NET's `.AspNetCore.OpenIdConnect.Nonce.<id>`,
/// one per sign-in attempt), every request failing: the store grows with the capture, and each
/// failure once scanned all of it (whether any cookie was `Partitioned`). The old CLI took
/// 2.71 s on 64,000 such requests, against 0.36 s on 16,000; the term is too small per cookie
/// to show at this size in a debug build.
fn cookies_accumulating(n: usize) -> Vec<u8> {
    each_refused(
        n,
        |i| (format!("https://app.test/api/items/{i}"), String::new()),
        |i| {
            header(
                "Set-Cookie",
                &format!(".AspNetCore.OpenIdConnect.Nonce.n{i:08}=N; Path=/; Secure; HttpOnly; SameSite=None"),
            )
        },
    )
}

/// A key of its own on every request, all of one kind (`sk_live_…`, as every JWT of one
/// issuer starts `eyJhbGci`), every request refused: the capture's credentials, scrubbed from
/// every URL the report shows, were found by comparing each with every key that shares its
/// first eight bytes. The comparisons are fast, so the old code took only 5× the time here in
/// a debug build; `multi_find`'s unit tests count them (2,000 keys: 2,001,000 comparisons).
fn keys_sharing_a_prefix(n: usize) -> Vec<u8> {
    each_refused(
        n,
        |i| {
            let key = format!("sk_live_{i:024}");
            (
                format!("https://app.test/api/items/{i}?api_key={key}"),
                header("X-Api-Key", &key),
            )
        },
        |_| String::new(),
    )
}

/// Cookies sent to thousands of subdomains (a tenant each), and a preflight refused on as many
/// others: whether a cookie could have gone with each preflight's request compared its host
/// with every host a cookie was sent to or set for.
fn subdomains(n: usize) -> Vec<u8> {
    let mut out: Vec<String> = (0..n)
        .map(|i| {
            entry(
                "GET",
                &format!("https://t{i}.app.test/api/me"),
                &header("Cookie", &format!("sid={i}")),
                200,
                "",
                "{}",
                i * 10,
            )
        })
        .collect();
    out.extend((0..n).map(|i| {
        let ask = [
            header("Origin", "https://web.test"),
            header("Access-Control-Request-Method", "PUT"),
            header("Access-Control-Request-Headers", "authorization"),
        ];
        entry(
            "OPTIONS",
            &format!("https://x{i}.app.test/api/me"),
            &ask.join(","),
            401,
            "",
            "",
            (n + i) * 10,
        )
    }));
    har(&out)
}

/// Entries as small as a HAR entry gets: a million of them once took 909 MiB for an 82 MiB
/// file. Every 50th fails.
fn tiny_entries(n: usize) -> Vec<u8> {
    let entries: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"startedDateTime":"2025-11-30T19:00:00.000Z","time":1,"request":{{"method":"GET","url":"https://a.test/{i}","headers":[]}},"response":{{"status":{},"headers":[]}}}}"#,
                if i % 50 == 0 { 401 } else { 200 }
            )
        })
        .collect();
    har(&entries)
}

/// Counts allocations and the bytes held, for the whole test binary (one test runs in it).
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is passed to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        grew(layout.size());
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        LIVE.fetch_sub(layout.size(), Relaxed);
        grew(new_size);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// Allocations made and the most memory held beyond the input while analysing it once.
fn counts(bytes: &[u8]) -> (usize, usize) {
    let opts = Options {
        now_ms: Some(1_764_530_000_000),
        ..Options::default()
    };
    let input = bytes.to_vec();
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let allocations = ALLOCATIONS.load(Relaxed);
    let r = analyze_bytes(input, &opts).expect("readable");
    std::hint::black_box(&r);
    drop(r);
    (
        ALLOCATIONS.load(Relaxed) - allocations,
        PEAK.load(Relaxed).saturating_sub(before),
    )
}

/// The best of three analyses of `small` and of `large`, taken in turn: a burst of other work
/// on the machine slows both sizes alike, not the three runs of one.
fn best_of_3(small: &[u8], large: &[u8]) -> (Duration, Duration) {
    let opts = Options {
        now_ms: Some(1_764_530_000_000),
        ..Options::default()
    };
    let time = |bytes: &[u8]| {
        let input = bytes.to_vec();
        let t = Instant::now();
        let r = analyze_bytes(input, &opts).expect("readable");
        std::hint::black_box(r);
        t.elapsed()
    };
    let (mut best_small, mut best_large) = (Duration::MAX, Duration::MAX);
    for _ in 0..3 {
        best_small = best_small.min(time(small));
        best_large = best_large.min(time(large));
    }
    (best_small, best_large)
}

/// A shape's name, its generator (a HAR of about `n` requests or lines) and its `n`.
type Shape = (&'static str, fn(usize) -> Vec<u8>, usize);

/// Every shape, each at `n` and `4n` (`n` times `WHY401_LINEAR_SCALE`, default 1: a release
/// build can take 10 or more, to look for a quadratic term with a small constant).
const SHAPES: &[Shape] = &[
    ("many failing entries", failures, 500),
    ("many cookie set/use pairs", cookie_pairs, 250),
    ("many token requests", token_requests, 500),
    ("many preflights", preflights, 250),
    (
        "many Set-Cookie lines in one header",
        set_cookie_lines,
        2000,
    ),
    ("many WWW-Authenticate params", challenge_params, 2000),
    (
        "many cookie pairs in one header",
        cookie_pairs_in_one_header,
        2000,
    ),
    (
        "many cookies stored, then all sent",
        cookies_stored_and_sent,
        3000,
    ),
    ("many tiny entries", tiny_entries, 2000),
    (
        "a status endpoint polled while logged out",
        status_polls,
        500,
    ),
    (
        "many failures before the request that worked",
        failures_before_success,
        500,
    ),
    ("many superseded tokens", superseded_tokens, 1000),
    ("a wrong Basic password retried", basic_retries, 2500),
    ("a sign-in loop", sign_in_loop, 300),
    (
        "a cookie refused on every answer",
        cookie_refused_every_time,
        500,
    ),
    (
        "a cookie without Path refused under every item",
        cookie_refused_per_item,
        1000,
    ),
    (
        "a cookie of a new name on every answer",
        cookies_accumulating,
        500,
    ),
    ("many keys sharing a prefix", keys_sharing_a_prefix, 1000),
    ("preflights refused on many subdomains", subdomains, 500),
];

/// Memory held beyond the input for each of many tiny entries, at most (the model of an
/// entry, its facts for the rules, and the report's share; the input itself is not counted).
const TINY_ENTRY_BYTES: usize = 2048;

/// One test, shapes one after the other: parallel tests would disturb each other's timing.
#[test]
fn four_times_the_input_costs_at_most_about_five_times_the_work() {
    let scale: usize = std::env::var("WHY401_LINEAR_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    // The work is measured on one thread. On two, the larger input of most shapes is shared
    // out between the cores and the smaller is not, so the ratio depended on whether the other
    // core was free: "a cookie refused on every answer" reached 7.3 (the limit is 7) in release
    // runs beside other work, against 4.7 alone. On one thread, beside another analysis running
    // all the time, the largest ratio was 5.3 (5.9 on two).
    let mut bad = Vec::new();
    for &(shape, make, n) in SHAPES {
        let n = n * scale;
        let (small_input, large_input) = (make(n), make(4 * n));
        why401::parallel::set_max_threads(1);
        let (small, large) = best_of_3(&small_input, &large_input);
        // Memory and allocations are counted as a user's analysis runs: on every core, the
        // larger input's shared out.
        why401::parallel::set_max_threads(0);
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
        let (small_allocs, small_peak) = counts(&small_input);
        let (large_allocs, large_peak) = counts(&large_input);
        let allocs = large_allocs as f64 / small_allocs.max(1) as f64;
        let peak = large_peak as f64 / small_peak.max(1) as f64;
        eprintln!(
            "{shape}: n={n} {small:?}, 4n {large:?}, ratio {ratio:.1}; allocations {small_allocs} → \
             {large_allocs} ({allocs:.1}×); peak beyond the input {small_peak} → {large_peak} bytes ({peak:.1}×)"
        );
        if ratio > 7.0 {
            bad.push(format!(
                "{shape}: 4× the input cost {ratio:.1}× the time ({small:?} → {large:?})"
            ));
        }
        if allocs > 5.0 {
            bad.push(format!(
                "{shape}: 4× the input made {allocs:.1}× the allocations"
            ));
        }
        if peak > 5.0 {
            bad.push(format!("{shape}: 4× the input held {peak:.1}× the memory"));
        }
        if shape == "many tiny entries" && large_peak / (4 * n) > TINY_ENTRY_BYTES {
            bad.push(format!(
                "{shape}: {} bytes held per entry (at most {TINY_ENTRY_BYTES})",
                large_peak / (4 * n)
            ));
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}
