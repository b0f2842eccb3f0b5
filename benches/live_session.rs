//! The panel's live session, natively: entries read once and kept (as `src/wasm/session.rs`
//! keeps them), then analysed again and again as the session grows, one in fifty answered 401
//! with an expired token and the plain ones compacted, as the panel holds them. Prints the time
//! of one full analysis at each size, on one thread (the panel's worker has one), without and
//! with what the session remembers of earlier analyses (`analysis::MainMemo`), interleaved;
//! stops with an error if the two reports differ.
//!
//! `cargo run --release --example live-session [ENTRIES] [ROUNDS]`

use std::time::Instant;

use why401::analysis::{analyze_read, analyze_read_memo, MainMemo};
use why401::har::{self, Entry};
use why401::redact::SecretsCollector;
use why401::Options;

const EXPIRED: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImV4cCI6MTcwMDAwMDAwMCwiaWF0IjoxNjk5OTk2NDAwfQ.c2lnbmF0dXJl";

/// Entry `i` of a busy page: a same-origin fetch, one in fifty answered 401 (expired JWT).
fn entry(i: usize) -> String {
    let failing = i % 50 == 7;
    let (status, www, auth) = if failing {
        (
            401,
            r#",{"name":"WWW-Authenticate","value":"Bearer error=\"invalid_token\", error_description=\"The access token expired\""}"#,
            format!(r#",{{"name":"Authorization","value":"Bearer {EXPIRED}"}}"#),
        )
    } else {
        (200, "", String::new())
    };
    let secs = i / 100;
    format!(
        r#"{{"_initiator":{{"type":"script","stack":{{"callFrames":[{{"functionName":"poll","scriptId":"8","url":"http://app.test:8080/app.js","lineNumber":49,"columnNumber":18}}]}}}},"_priority":"High","_resourceType":"fetch","cache":{{}},"connection":"8080","request":{{"method":"GET","url":"http://app.test:8080/api/items/{i}?page={p}","httpVersion":"HTTP/1.1","headers":[{{"name":"Accept","value":"*/*"}},{{"name":"Accept-Encoding","value":"gzip, deflate"}},{{"name":"Accept-Language","value":"en-US,en;q=0.9"}},{{"name":"Connection","value":"keep-alive"}},{{"name":"Host","value":"app.test:8080"}},{{"name":"Referer","value":"http://app.test:8080/"}},{{"name":"User-Agent","value":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36"}}{auth}],"queryString":[{{"name":"page","value":"{p}"}}],"cookies":[],"headersSize":343,"bodySize":0}},"response":{{"status":{status},"statusText":"","httpVersion":"HTTP/1.1","headers":[{{"name":"Cache-Control","value":"no-store"}},{{"name":"Content-Length","value":"27"}},{{"name":"Content-Type","value":"application/json; charset=utf-8"}},{{"name":"Date","value":"Mon, 30 Nov 2026 13:09:38 GMT"}}{www}],"cookies":[],"content":{{"size":27,"mimeType":"application/json","text":"{{\"id\":{i},\"name\":\"item\"}}"}},"redirectURL":"","headersSize":239,"bodySize":27,"_transferSize":266,"_error":null}},"serverIPAddress":"127.0.0.1","startedDateTime":"2026-11-30T13:{m:02}:{s:02}.{ms:03}Z","time":45.4,"timings":{{"blocked":13.2,"dns":-1,"ssl":-1,"connect":-1,"send":0.07,"wait":31.7,"receive":0.43}},"_connectionId":"93","pageref":"page_1"}}"#,
        p = i % 7,
        m = (secs / 60) % 60,
        s = secs % 60,
        ms = (i % 100) * 10,
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let total: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(25_000);
    let rounds: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(5);
    why401::parallel::set_max_threads(1);
    let opts = Options::default();
    let log = "{\"log\":{\"entries\":[]}}";
    // What the session keeps: the compact form of a plain entry, the whole text of the rest.
    let raws: Vec<String> = (0..total)
        .map(|i| {
            let e = entry(i);
            why401::compact::compact_entry(&e).unwrap_or(e)
        })
        .collect();
    let mut buf = String::from("{\"log\":{\"entries\":[");
    let mut spans = Vec::new();
    let mut kept: Vec<Box<Entry<'static>>> = Vec::new();
    let mut collector = SecretsCollector::default();
    let mut memo = MainMemo::default();
    let sizes: Vec<usize> = [1_000, 2_000, 5_000, 10_000, 25_000, 50_000]
        .into_iter()
        .filter(|&n| n <= total)
        .collect();
    for n in sizes {
        for raw in &raws[spans.len()..n] {
            if !spans.is_empty() {
                buf.push(',');
            }
            spans.push((buf.len(), buf.len() + raw.len()));
            buf.push_str(raw);
            kept.push(Box::new(har::read_entry(raw).expect("reads").into_owned()));
        }
        collector.add_new(&kept);
        let mut closed = buf.clone();
        closed.push_str("]}}");
        // Without the memo and with it (as the session analyses), interleaved.
        let mut best = [f64::INFINITY; 2];
        let mut reports = [None, None];
        for _ in 0..rounds {
            for (m, best) in best.iter_mut().enumerate() {
                let t = Instant::now();
                let read = har::parse_known_read(&closed, &spans, log, std::mem::take(&mut kept));
                read.har.set_known_secrets(collector.secrets());
                let report = if m == 0 {
                    analyze_read(&read, Vec::new(), &opts)
                } else {
                    analyze_read_memo(&read, Vec::new(), &opts, Some(&mut memo))
                }
                .expect("analyses");
                kept = read.har.into_owned_entries();
                *best = best.min(t.elapsed().as_secs_f64() * 1e3);
                reports[m] = Some(serde_json::to_string(&report).expect("serialises"));
            }
        }
        assert_eq!(
            reports[0], reports[1],
            "the memo changed the report at {n} entries"
        );
        println!(
            "{n:>7} entries: {:8.1} ms, with the memo {:8.1} ms (best of {rounds})",
            best[0], best[1]
        );
    }
}
