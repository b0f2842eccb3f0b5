//! The wasm boundary in a real browser (headless Chromium via chromedriver):
//! `analyze` equals the CLI's JSON, the session API, sanitizing, and the shared
//! renderer's DOM (text nodes only, keyboard navigation, filters).
//! Issue 3: offline HAR analyser page.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, KeyboardEvent, KeyboardEventInit};
use why401::wasm::{analyze, Renderer, Session};
use why401::{analyze_bytes, Lang, Options};

wasm_bindgen_test_configure!(run_in_browser);

const SAMPLE: &str = include_str!("../www/sample.har");
const SECRETS_HAR: &str = include_str!("e2e/fixtures/secrets.har");
const NOW_MS: f64 = 1_714_557_600_000.0;

fn opts(lang: &str) -> JsValue {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"nowMs".into(), &NOW_MS.into()).unwrap();
    js_sys::Reflect::set(&o, &"lang".into(), &lang.into()).unwrap();
    // A link key makes fingerprints comparable with the native run below.
    js_sys::Reflect::set(&o, &"linkKey".into(), &LINK_KEY.into()).unwrap();
    o.into()
}

const LINK_KEY: &str = "wasm-boundary-test";

fn to_json(v: &JsValue) -> serde_json::Value {
    let s: String = js_sys::JSON::stringify(v).unwrap().into();
    serde_json::from_str(&s).unwrap()
}

fn native(text: &str, lang: Lang) -> serde_json::Value {
    let o = Options {
        now_ms: Some(NOW_MS as i64),
        lang,
        fingerprint_key: Some(why401::redact::FingerprintKey::from_passphrase(LINK_KEY)),
        ..Options::default()
    };
    serde_json::to_value(analyze_bytes(text.as_bytes().to_vec(), &o).unwrap()).unwrap()
}

/// The entries of a HAR as JSON texts, as DevTools would hand them over.
fn entries(text: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    v["log"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.to_string())
        .collect()
}

#[wasm_bindgen_test]
fn analyze_returns_the_cli_json() {
    let got = to_json(&analyze(SAMPLE.as_bytes().to_vec(), opts("en")).unwrap());
    assert_eq!(got, native(SAMPLE, Lang::En));
    assert!(got["failures"].as_array().unwrap().len() >= 5);
    // Maps are plain objects and absent values are null, as in the CLI's JSON.
    let ja = to_json(&analyze(SAMPLE.as_bytes().to_vec(), opts("ja-JP")).unwrap());
    assert_eq!(ja, native(SAMPLE, Lang::Ja));
}

/// Without a link key every session draws its own key from
/// `crypto.getRandomValues`: the same token gets another fingerprint in another
/// session, and the same one within a session (also after a language change).
#[wasm_bindgen_test]
fn each_session_draws_its_own_fingerprint_key() {
    let plain = |lang: &str| {
        let o = js_sys::Object::new();
        js_sys::Reflect::set(&o, &"nowMs".into(), &NOW_MS.into()).unwrap();
        js_sys::Reflect::set(&o, &"lang".into(), &lang.into()).unwrap();
        JsValue::from(o)
    };
    let fingerprints = |s: &mut Session| -> Vec<String> {
        let json = s.json().unwrap();
        json.split('#')
            .skip(1)
            .map(|p| p.chars().take(8).collect())
            .filter(|p: &String| p.chars().all(|c| c.is_ascii_hexdigit()))
            .collect()
    };
    let mut a = Session::new(plain("en")).unwrap();
    a.add_har(SECRETS_HAR.as_bytes().to_vec()).unwrap();
    let mut b = Session::new(plain("en")).unwrap();
    b.add_har(SECRETS_HAR.as_bytes().to_vec()).unwrap();
    let (fa, fb) = (fingerprints(&mut a), fingerprints(&mut b));
    assert!(!fa.is_empty(), "no fingerprints in the report");
    assert!(fa.iter().all(|f| !fb.contains(f)), "{fa:?} / {fb:?}");
    a.set_options(plain("ja")).unwrap();
    let again = fingerprints(&mut a);
    assert!(again.iter().all(|f| fa.contains(f)), "{again:?} / {fa:?}");
}

#[wasm_bindgen_test]
fn errors_cross_as_js_errors_with_a_clear_message() {
    let err = analyze(b"this is not json".to_vec(), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(String::from(err.name()), "Why401Error");
    assert!(
        String::from(err.message()).contains("not a readable HAR file"),
        "{:?}",
        err.message()
    );
    let bad = js_sys::Object::new();
    js_sys::Reflect::set(&bad, &"leewaySecs".into(), &"soon".into()).unwrap();
    let err = analyze(SAMPLE.as_bytes().to_vec(), bad.into()).unwrap_err();
    assert!(
        String::from(err.message()).starts_with("invalid options"),
        "{:?}",
        err.message()
    );
}

/// A file's entries are read as `addHar` finds them, and the first view takes them: it is the
/// view every later one (reading them again from their places) gives, and each change to the
/// session before that first view (an entry added, replaced or let go of, all cleared) lets
/// them go and is in it.
#[wasm_bindgen_test]
fn the_first_view_of_a_file_is_the_view_read_again() {
    for har in [SAMPLE, SECRETS_HAR, ECHO_HAR] {
        let n = entries(har).len();
        let opened = || {
            let mut s = Session::new(opts("en")).unwrap();
            assert_eq!(s.add_har(har.as_bytes().to_vec()).unwrap(), n);
            s
        };
        let mut s = opened();
        assert!(
            s.holds_read_ahead(),
            "a well-formed file is read as it is found"
        );
        let first = s.view_json().unwrap();
        assert!(
            !s.holds_read_ahead(),
            "the first view takes the entries read"
        );
        s.set_options(opts("en")).unwrap();
        assert_eq!(s.view_json().unwrap(), first);

        // Each change, made before the first view and after one.
        let one = entries(har)[0].clone();
        type Change<'c> = (&'c str, &'c dyn Fn(&mut Session));
        let changes: [Change; 4] = [
            ("added", &|s| {
                s.add_entry(&one).unwrap();
            }),
            ("replaced", &|s| s.replace_entry(1, &one).unwrap()),
            ("let go of", &|s| assert_eq!(s.drop_first(1), 1)),
            ("cleared", &|s| {
                s.clear();
                s.add_entry(&one).unwrap();
            }),
        ];
        for (what, change) in changes {
            let mut early = opened();
            change(&mut early);
            assert!(!early.holds_read_ahead(), "{what}: still held");
            let mut late = opened();
            late.view_json().unwrap();
            change(&mut late);
            assert_eq!(early.len(), late.len(), "{what}");
            assert_eq!(
                early.view_json().unwrap(),
                late.view_json().unwrap(),
                "{what}"
            );
        }
    }
    // A file with an entry that does not read on its own is read the careful way, repaired.
    let twice = SAMPLE.replacen("\"method\"", "\"method\": \"GET\", \"method\"", 1);
    let mut s = Session::new(opts("en")).unwrap();
    s.add_har(twice.into_bytes()).unwrap();
    assert!(!s.holds_read_ahead());
    assert!(s.view_json().is_ok());
}

#[wasm_bindgen_test]
fn session_entry_by_entry_equals_the_whole_file() {
    let mut whole = Session::new(opts("en")).unwrap();
    assert_eq!(
        whole.add_har(SAMPLE.as_bytes().to_vec()).unwrap(),
        entries(SAMPLE).len()
    );
    let mut live = Session::new(opts("en")).unwrap();
    for (i, e) in entries(SAMPLE).iter().enumerate() {
        assert_eq!(live.add_entry(e).unwrap(), i);
    }
    assert_eq!(live.len(), whole.len());
    let (a, b) = (
        to_json(&live.report().unwrap()),
        to_json(&whole.report().unwrap()),
    );
    assert_eq!(a["failures"], b["failures"]);
    assert_eq!(a["failures"], native(SAMPLE, Lang::En)["failures"]);
    assert!(live.add_entry("[1,2]").is_err());
    assert!(live.add_entry("{not json").is_err());
    live.clear();
    assert_eq!(live.len(), 0);
    assert!(live.is_empty());

    // A first file stays where it was read (the session does not copy it); entries added
    // after it, a replaced entry, an export and a cleared session all still work.
    let first = entries(SAMPLE)[0].clone();
    assert_eq!(whole.add_entry(&first).unwrap(), entries(SAMPLE).len());
    let more = to_json(&whole.report().unwrap());
    assert_eq!(more["input"]["entries"], entries(SAMPLE).len() + 1);
    whole.replace_entry(1, &first).unwrap();
    let value = |t: String| serde_json::from_str::<serde_json::Value>(&t).unwrap();
    assert_eq!(
        value(whole.entry_text(1).unwrap()),
        value(whole.entry_text(0).unwrap())
    );
    assert!(whole.sanitized_har().is_ok());
    whole.clear();
    assert_eq!(
        whole.add_har(SAMPLE.as_bytes().to_vec()).unwrap(),
        entries(SAMPLE).len()
    );
    assert_eq!(to_json(&whole.report().unwrap())["failures"], b["failures"]);
}

/// The HAR file of `entries` (JSON texts), with the sample's creator.
fn file_of(entries: &[String]) -> String {
    format!(
        "{{\"log\":{{\"version\":\"1.2\",\"entries\":[{}]}}}}",
        entries.join(",")
    )
}

#[wasm_bindgen_test]
fn a_live_session_analysed_as_it_grows_gives_the_files_report() {
    // The panel analyses after every few requests and keeps the entries it read: each report
    // must be the one the CLI gives for the entries so far, whatever happened in between (an
    // entry replaced by a fuller record, one with a key written twice, the oldest let go).
    let mut all = entries(SAMPLE);
    let twice = all[2].replacen("{", "{\"time\":1,\"time\":2,", 1);
    all.insert(3, twice);
    let mut live = Session::new(opts("en")).unwrap();
    let mut fed: Vec<String> = Vec::new();
    let same = |live: &mut Session, fed: &[String], when: &str| {
        let got = to_json(&live.report().unwrap());
        let cli = native(&file_of(fed), Lang::En);
        for part in ["failures", "findings"] {
            assert_eq!(got[part], cli[part], "{when}: {part}");
        }
        assert_eq!(got["input"]["entries"], fed.len(), "{when}");
    };
    for (i, e) in all.iter().enumerate() {
        live.add_entry(e).unwrap();
        fed.push(e.clone());
        same(&mut live, &fed, &format!("after entry {i}"));
        if i == 4 {
            // Entry 1 again, recorded as entry 0 was.
            live.replace_entry(1, &all[0]).unwrap();
            fed[1] = all[0].clone();
            same(&mut live, &fed, "after a replaced entry");
        }
    }
    // The key written twice is repaired once, and said so in every report after.
    let issues = to_json(&live.report().unwrap())["input"]["parse_issues"].clone();
    assert!(issues.to_string().contains("/log/entries/3"), "{issues}");
    live.drop_first(2);
    let got = to_json(&live.report().unwrap());
    let cli = native(&file_of(&fed[2..]), Lang::En);
    assert_eq!(got["failures"], cli["failures"]);
    assert_eq!(got["findings"], cli["findings"]);
}

#[wasm_bindgen_test]
fn quick_causes_from_kept_entries_are_those_read_from_their_text() {
    let all = entries(SAMPLE);
    let mut live = Session::new(opts("en")).unwrap();
    for (i, e) in all.iter().enumerate() {
        live.add_entry(e).unwrap();
        if i % 3 == 0 {
            live.report().unwrap();
        }
    }
    let texts: Vec<String> = (0..live.len())
        .map(|i| live.entry_text(i).unwrap())
        .collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let o = Options {
        now_ms: Some(NOW_MS as i64),
        ..Options::default()
    };
    let mut found = 0;
    for (from, window) in [(0, 100), (2, 1), (4, 0), (all.len() - 2, 3)] {
        let got = to_json(&live.quick_causes(from, window).unwrap());
        let want = why401::compact::quick_causes(&texts, &[], from, window, &o).unwrap();
        assert_eq!(
            got,
            serde_json::to_value(&want).unwrap(),
            "from {from}, window {window}"
        );
        found += want.len();
    }
    assert!(found > 4, "{found}");
}

/// A session fed `entries` one by one.
fn session_of(options: JsValue, entries: &[String]) -> Session {
    let mut s = Session::new(options).unwrap();
    for e in entries {
        s.add_entry(e).unwrap();
    }
    s
}

#[wasm_bindgen_test]
fn a_session_lets_go_of_its_oldest_entries_as_if_they_never_came() {
    let all = entries(SAMPLE);
    let n = all.len();
    assert!(n > 4, "{n}");
    // Fed one by one, or a first file followed by entries: the same after dropping.
    let mut live = session_of(opts("en"), &all);
    let mut filed = Session::new(opts("en")).unwrap();
    filed.add_har(SAMPLE.as_bytes().to_vec()).unwrap();
    filed.add_entry(&all[0]).unwrap();
    for k in [1, 2] {
        assert_eq!(live.drop_first(1), 1);
        assert_eq!(filed.drop_first(1), 1);
        let mut rest = all[k..].to_vec();
        let fresh = to_json(&session_of(opts("en"), &rest).report().unwrap());
        let mut got = to_json(&live.report().unwrap());
        // Its report says first how many were let go; the rest is as if they never came.
        let earlier = got["input"]["parse_issues"]
            .as_array_mut()
            .unwrap()
            .remove(0);
        assert_eq!(earlier["kind"], "earlier-let-go");
        let said = if k == 1 {
            "the request before these was let go".to_owned()
        } else {
            format!("the {k} requests before")
        };
        assert!(
            earlier["message"].as_str().unwrap().starts_with(&said),
            "{earlier}"
        );
        assert_eq!(got, fresh, "after dropping {k}");
        // So do a ticket and a sanitized copy.
        assert!(live.markdown().unwrap().contains("`earlier-let-go`"));
        let omitted = to_json(&live.sanitized_har().unwrap())["omitted"].clone();
        assert_eq!(
            omitted,
            serde_json::json!([{"kind": "earlier", "entries": k}])
        );
        rest.push(all[0].clone());
        // The first file's creator stays with the session: the rest is as if fed alone.
        let (got, fresh) = (
            to_json(&filed.report().unwrap()),
            to_json(&session_of(opts("en"), &rest).report().unwrap()),
        );
        for part in ["failures", "findings"] {
            assert_eq!(got[part], fresh[part], "file, after dropping {k}: {part}");
        }
        assert_eq!(got["input"]["entries"], rest.len());
        assert_eq!(got["input"]["creator"], "WebInspector 537.36");
        assert_eq!(live.len(), n - k);
        assert_eq!(
            live.entry_text(0).unwrap(),
            session_of(opts("en"), &all[k..]).entry_text(0).unwrap()
        );
    }
    // Entries added after a drop are numbered on from the kept ones.
    assert_eq!(live.add_entry(&all[0]).unwrap(), n - 2);
    // The count of compact entries follows the kept ones.
    let compact = |s: &Session| {
        (0..s.len())
            .filter(|&i| {
                s.entry_text(i)
                    .unwrap()
                    .ends_with("\"_why401Compacted\":true}")
            })
            .count()
    };
    assert_eq!(live.compacted(), compact(&live));
    // More than there are: all of them, and the session goes on.
    assert_eq!(live.drop_first(n + 10), n - 1);
    assert!(live.is_empty());
    assert_eq!(live.compacted(), 0);
    assert_eq!(live.drop_first(3), 0);
    assert_eq!(live.add_entry(&all[0]).unwrap(), 0);
    assert_eq!(to_json(&live.report().unwrap())["input"]["entries"], 1);
    // A cleared session has let go of nothing.
    live.clear();
    live.add_entry(&all[0]).unwrap();
    assert_eq!(
        to_json(&live.report().unwrap())["input"]["parse_issues"],
        serde_json::json!([])
    );
}

#[wasm_bindgen_test]
fn an_entry_left_out_after_a_panic_stays_left_out_under_its_new_number() {
    let all = entries(SAMPLE);
    let with_skip = || {
        let o = opts("en");
        let skip = js_sys::JSON::parse(r#"[{"entry":3,"rule":null,"message":"boom"}]"#).unwrap();
        js_sys::Reflect::set(&o, &"skip".into(), &skip).unwrap();
        o
    };
    let mut s = session_of(with_skip(), &all);
    let pointers = |r: &serde_json::Value| -> Vec<serde_json::Value> {
        r["input"]["parse_issues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] == "skipped")
            .map(|i| i["pointer"].clone())
            .collect()
    };
    assert_eq!(pointers(&to_json(&s.report().unwrap())), ["/log/entries/3"]);
    s.drop_first(2);
    let r = to_json(&s.report().unwrap());
    assert_eq!(pointers(&r), ["/log/entries/1"]);
    assert!(r["failures"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["entry"] != 1));
    s.drop_first(2);
    assert!(pointers(&to_json(&s.report().unwrap())).is_empty());
}

#[wasm_bindgen_test]
fn session_exports_markdown_json_curl() {
    let mut s = Session::new(opts("en")).unwrap();
    s.add_har(SECRETS_HAR.as_bytes().to_vec()).unwrap();
    let md = s.markdown().unwrap();
    assert!(md.contains("jwt-expired"));
    let json: serde_json::Value = serde_json::from_str(&s.json().unwrap()).unwrap();
    assert_eq!(json, native(SECRETS_HAR, Lang::En));
    let curl = s.curl(2).unwrap();
    assert!(
        curl.starts_with("curl -i") && !curl.contains("s3cr3t-api-key-998877"),
        "{curl}"
    );
    assert!(s.curl(99).is_err());
}

/// The renderer's view carries the report whole: the same JSON as `report()`,
/// message ids and `data` included (no field lost on the way to the page).
#[wasm_bindgen_test]
fn the_view_carries_the_report_unchanged() {
    for lang in ["en", "ja"] {
        let mut s = Session::new(opts(lang)).unwrap();
        s.add_har(SECRETS_HAR.as_bytes().to_vec()).unwrap();
        let view = to_json(&s.view().unwrap());
        let report = to_json(&s.report().unwrap());
        assert_eq!(view["report"], report, "{lang}");
        assert!(report["findings"][0]["message"].is_string());
    }
}

#[wasm_bindgen_test]
fn sanitized_har_has_no_secret_and_gives_the_same_failures() {
    let mut s = Session::new(opts("en")).unwrap();
    s.add_har(SECRETS_HAR.as_bytes().to_vec()).unwrap();
    let out = s.sanitized_har().unwrap();
    let har: String = js_sys::Reflect::get(&out, &"har".into())
        .unwrap()
        .as_string()
        .unwrap();
    let receipt: String = js_sys::Reflect::get(&out, &"receipt".into())
        .unwrap()
        .as_string()
        .unwrap();
    for secret in [
        "s3cr3t-api-key-998877",
        "hunter2pass",
        "refresh-r3fr3sh-token-77",
        "codeXYZ987",
        "sessionvalue-abcdef123456",
    ] {
        assert!(
            !har.contains(secret) && !receipt.contains(secret),
            "{secret} survived"
        );
    }
    let mut again = Session::new(opts("en")).unwrap();
    again.add_har(har.into_bytes()).unwrap();
    // Same entries and causes; URLs differ only where a password became a fingerprint.
    let causes = |r: serde_json::Value| -> Vec<(serde_json::Value, serde_json::Value)> {
        r["failures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["entry"].clone(), f["causes"].clone()))
            .collect()
    };
    assert_eq!(
        causes(to_json(&again.report().unwrap())),
        causes(native(SECRETS_HAR, Lang::En))
    );
}

/// What the offline page's worker does with each part of a file it reads: asks the session
/// where the part goes (`inputWindow`), writes it there through a view of the engine's memory,
/// and says it did (`inputWritten`).
fn write_part(s: &mut Session, part: &[u8]) {
    let at = s.input_window(part.len()).unwrap();
    // SAFETY: `input_window` made room for `part.len()` bytes at `at`, which nothing else uses
    // until the next call to the session (what JavaScript relies on); they are written before
    // the session is told so.
    unsafe {
        std::ptr::copy_nonoverlapping(part.as_ptr(), at as *mut u8, part.len());
        s.input_written(part.len()).unwrap();
    }
}

#[wasm_bindgen_test]
fn a_window_is_the_room_after_what_was_written() {
    let text = SAMPLE.as_bytes();
    let mut s = Session::new(opts("en")).unwrap();
    s.reserve_input(text.len()).unwrap();
    let (head, tail) = text.split_at(100);
    let first = s.input_window(head.len()).unwrap();
    // SAFETY (each block): as in `write_part`; only bytes written are said to be.
    unsafe { std::ptr::copy_nonoverlapping(head.as_ptr(), first as *mut u8, head.len()) };
    // More than the window is refused, and so is a second word on it.
    assert!(unsafe { s.input_written(head.len() + 1) }.is_err());
    assert!(
        unsafe { s.input_written(head.len()) }.is_err(),
        "the window closed"
    );
    let again = s.input_window(head.len()).unwrap();
    assert_eq!(
        again, first,
        "nothing was said written: the room is the same"
    );
    unsafe { s.input_written(head.len()) }.unwrap();
    // The next window follows what was written, in the room made.
    let next = s.input_window(tail.len()).unwrap();
    assert_eq!(next, first + head.len());
    // A part may be shorter than its window.
    unsafe {
        std::ptr::copy_nonoverlapping(tail.as_ptr(), next as *mut u8, tail.len() - 1);
        s.input_written(tail.len() - 1).unwrap();
    }
    write_part(&mut s, &tail[tail.len() - 1..]);
    let mut whole = Session::new(opts("en")).unwrap();
    assert_eq!(
        s.add_input().unwrap(),
        whole.add_har(text.to_vec()).unwrap()
    );
    assert_eq!(
        to_json(&s.report().unwrap()),
        to_json(&whole.report().unwrap())
    );
    // A new file, or the file taken, closes the last window.
    s.reserve_input(10).unwrap();
    s.input_window(10).unwrap();
    s.reserve_input(10).unwrap();
    assert!(unsafe { s.input_written(1) }.is_err());
    s.input_window(10).unwrap();
    assert!(s.add_input().is_err(), "nothing was written: no HAR");
    assert!(unsafe { s.input_written(1) }.is_err());
}

#[wasm_bindgen_test]
fn a_file_read_into_the_engine_in_parts_is_the_file_given_whole() {
    // The offline page reads a dropped file straight into the engine's memory, part by part as
    // the browser hands them over (`www/worker.js` `readInto`); parts of any size, and a file
    // larger or smaller than announced, read as `addHar` reads the same bytes.
    let whole = |text: &str| {
        let mut s = Session::new(opts("en")).unwrap();
        let n = s.add_har(text.as_bytes().to_vec()).unwrap();
        (n, to_json(&s.report().unwrap()))
    };
    let cut = &SAMPLE[..SAMPLE.len() * 2 / 3];
    for text in [SAMPLE, SECRETS_HAR, cut] {
        let expected = whole(text);
        for (part, announced) in [
            (1, text.len()),
            (7, text.len() * 2),
            (4096, 10),
            (100_000, 0),
        ] {
            let mut s = Session::new(opts("en")).unwrap();
            s.reserve_input(announced).unwrap();
            for chunk in text.as_bytes().chunks(part) {
                write_part(&mut s, chunk);
            }
            let n = s.add_input().unwrap();
            let what = format!(
                "{} bytes in parts of {part}, {announced} announced",
                text.len()
            );
            assert_eq!((n, to_json(&s.report().unwrap())), expected, "{what}");
            // What was read is the session's now: nothing is left to add again.
            assert!(s.add_input().is_err(), "{what}");
        }
    }
    // What cannot be held is said in words the page recognises as running out of memory.
    let mut s = Session::new(opts("en")).unwrap();
    let e = s.reserve_input(usize::MAX).unwrap_err();
    assert!(
        String::from(e.message()).starts_with("not enough memory"),
        "{:?}",
        e.message()
    );
}

#[wasm_bindgen_test]
fn a_truncated_file_keeps_the_entries_before_the_cut() {
    let cut = &SAMPLE[..SAMPLE.len() * 2 / 3];
    let mut s = Session::new(opts("en")).unwrap();
    let n = s.add_har(cut.as_bytes().to_vec()).unwrap();
    assert!(n > 0 && n < entries(SAMPLE).len(), "{n}");
    let r = to_json(&s.report().unwrap());
    assert!(r["input"]["parse_issues"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["kind"] == "invalid-json"));
}

/// `SAMPLE` with the `n`th `"time": 87.0` (entries 1, 2, ...) written as `with`.
fn sample_with_time(n: usize, with: &str) -> String {
    let at = SAMPLE.match_indices("\"time\": 87.0").nth(n).unwrap().0;
    format!("{}\"time\": {with}{}", &SAMPLE[..at], &SAMPLE[at + 12..])
}

#[wasm_bindgen_test]
fn a_broken_entry_inside_a_whole_file_is_placed_as_the_cli_places_it() {
    // Brackets still balance, so the session finds every entry without checking them; the
    // read stops at the broken one, and says where, as the CLI does.
    let text = sample_with_time(1, "8\\7.0");
    let mut s = Session::new(opts("en")).unwrap();
    assert_eq!(
        s.add_har(text.as_bytes().to_vec()).unwrap(),
        entries(SAMPLE).len()
    );
    let r = to_json(&s.report().unwrap());
    let cli = native(&text, Lang::En);
    let issues = &r["input"]["parse_issues"];
    assert_eq!(issues, &cli["input"]["parse_issues"]);
    assert!(
        issues[0]["kind"] == "invalid-json" && issues[0]["line"].is_number(),
        "{issues}"
    );
    assert_eq!(r["failures"], cli["failures"]);
}

#[wasm_bindgen_test]
fn a_value_javascript_wrote_is_repaired_in_a_session_as_in_the_cli() {
    let text = sample_with_time(0, "NaN ");
    let mut s = Session::new(opts("en")).unwrap();
    s.add_har(text.as_bytes().to_vec()).unwrap();
    let r = to_json(&s.report().unwrap());
    let cli = native(&text, Lang::En);
    let kinds = |r: &serde_json::Value| -> Vec<serde_json::Value> {
        r["input"]["parse_issues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["kind"].clone())
            .collect()
    };
    assert_eq!(
        kinds(&r),
        ["not-a-number"],
        "{}",
        r["input"]["parse_issues"]
    );
    assert_eq!(kinds(&r), kinds(&cli));
    assert_eq!(r["failures"], cli["failures"]);
}

fn container() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

/// The text of the diagnosis pane.
fn detail_text(root: &Element) -> String {
    root.query_selector(".w4-detail")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap()
}

fn rows(root: &Element) -> Vec<Element> {
    let list = root.query_selector_all(".w4-row").unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().dyn_into::<Element>().unwrap())
        .collect()
}

#[wasm_bindgen_test]
fn renderer_lists_failures_and_navigates_by_keyboard() {
    let mut s = Session::new(opts("en")).unwrap();
    s.add_har(SAMPLE.as_bytes().to_vec()).unwrap();
    let root = container();
    let r = Renderer::new(&root, opts("en")).unwrap();
    r.set_view(s.view().unwrap()).unwrap();
    let report = native(SAMPLE, Lang::En);
    let failures = report["failures"].as_array().unwrap();
    let listed = rows(&root);
    assert_eq!(listed.len(), failures.len());
    assert_eq!(
        listed[0].get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    let first_cause = failures[0]["causes"][0].as_str().unwrap();
    assert!(listed[0].text_content().unwrap().contains(first_cause));
    let detail = detail_text(&root);
    assert!(
        detail.contains(first_cause) && detail.contains("/log/entries/"),
        "{detail}"
    );

    key(&listed[0], "ArrowDown");
    assert_eq!(
        r.selected(),
        failures[1]["entry"].as_u64().map(|e| e as usize)
    );
    assert_eq!(
        rows(&root)[1].get_attribute("aria-selected").as_deref(),
        Some("true")
    );

    // The "all entries" filter lists every entry.
    let select = root
        .query_selector("select[data-filter=mode]")
        .unwrap()
        .unwrap();
    select
        .dyn_ref::<web_sys::HtmlSelectElement>()
        .unwrap()
        .set_value("all");
    let change = web_sys::Event::new_with_event_init_dict("change", &{
        let i = web_sys::EventInit::new();
        i.set_bubbles(true);
        i
    })
    .unwrap();
    select.dispatch_event(&change).unwrap();
    assert_eq!(rows(&root).len(), entries(SAMPLE).len());
}

#[wasm_bindgen_test]
fn renderer_shows_untrusted_text_as_text() {
    let evil = r#"{"log":{"entries":[{"startedDateTime":"2024-05-01T10:00:00.000Z",
      "request":{"method":"GET<img src=x onerror=alert(1)>","url":"https://api.test/<script>alert(1)</script>",
        "headers":[{"name":"Authorization","value":"Bearer undefined"},{"name":"X-Evil","value":"<b>bold</b>"}]},
      "response":{"status":401,"headers":[{"name":"WWW-Authenticate","value":"Bearer"}]}}]}}"#;
    let mut s = Session::new(opts("en")).unwrap();
    s.add_har(evil.as_bytes().to_vec()).unwrap();
    let root = container();
    let r = Renderer::new(&root, opts("en")).unwrap();
    r.set_view(s.view().unwrap()).unwrap();
    r.set_details(0, s.details(0).unwrap()).unwrap();
    assert!(root.query_selector(".w4-curl").unwrap().is_some());
    assert!(root.query_selector("img, script, b").unwrap().is_none());
    let text = root.text_content().unwrap();
    assert!(
        text.contains("<img src=x onerror=alert(1)>") && text.contains("<b>bold</b>"),
        "{text}"
    );
}

/// A capture where one request's token comes back in another's response header.
const ECHO_HAR: &str = r#"{"log":{"entries":[
  {"startedDateTime":"2024-05-01T10:00:00.000Z","request":{"method":"GET","url":"https://api.test/me",
    "headers":[{"name":"Authorization","value":"Bearer tok-echoed-elsewhere-1234567890"}]},
    "response":{"status":401,"headers":[{"name":"WWW-Authenticate","value":"Bearer error=\"invalid_token\""}]}},
  {"startedDateTime":"2024-05-01T10:00:01.000Z","request":{"method":"GET","url":"https://api.test/debug","headers":[]},
    "response":{"status":200,"headers":[{"name":"X-Debug","value":"last token: tok-echoed-elsewhere-1234567890"}]}}
]}}"#;

/// `view()` carries no details; `details(i)` gives exactly what `viewFor(i)` (which reads the
/// whole capture) gives, before and after a `view()`: the same headers, curl and fetch, and a
/// token scrubbed where another request's response echoes it.
#[wasm_bindgen_test]
fn one_entrys_details_are_those_the_whole_capture_gives() {
    for text in [SAMPLE, SECRETS_HAR, ECHO_HAR] {
        let n = entries(text).len();
        let mut cold = Session::new(opts("en")).unwrap();
        cold.add_har(text.as_bytes().to_vec()).unwrap();
        let mut s = Session::new(opts("en")).unwrap();
        s.add_har(text.as_bytes().to_vec()).unwrap();
        let view = to_json(&s.view().unwrap());
        let listed = view["entries"].as_array().unwrap();
        assert!(!listed.is_empty() && listed.iter().all(|e| e["details"].is_null()));
        for i in 0..n {
            let whole = to_json(&s.view_for(Some(i)).unwrap())["entries"][0]["details"].clone();
            assert!(whole["curl"].is_string(), "{whole}");
            // view_for left its report cached, not the credentials: view again first.
            s.view().unwrap();
            assert_eq!(to_json(&s.details(i).unwrap()), whole, "entry {i}");
            assert_eq!(
                to_json(&cold.details(i).unwrap()),
                whole,
                "entry {i}, no view before"
            );
        }
        assert!(s.details(n).is_err());
    }
    let mut s = Session::new(opts("en")).unwrap();
    s.add_har(ECHO_HAR.as_bytes().to_vec()).unwrap();
    s.view().unwrap();
    let echo = to_json(&s.details(1).unwrap()).to_string();
    assert!(
        echo.contains("X-Debug") && !echo.contains("tok-echoed-elsewhere"),
        "{echo}"
    );
}

/// The renderer asks for the shown request's details with a cancelable `why401-details`
/// event, says it is reading them, and draws them when `setDetails` hands them over;
/// with nobody taking the event it shows the diagnosis without them.
#[wasm_bindgen_test]
fn the_renderer_asks_for_details_and_draws_them() {
    use wasm_bindgen::closure::Closure;
    let mut s = Session::new(opts("en")).unwrap();
    s.add_har(SECRETS_HAR.as_bytes().to_vec()).unwrap();

    let root = container();
    let asked = std::rc::Rc::new(std::cell::RefCell::new(Vec::<u32>::new()));
    let seen = asked.clone();
    let on_ask = Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
        e.prevent_default();
        seen.borrow_mut().push(e.detail().as_f64().unwrap() as u32);
    });
    root.add_event_listener_with_callback("why401-details", on_ask.as_ref().unchecked_ref())
        .unwrap();
    let r = Renderer::new(&root, opts("en")).unwrap();
    r.set_view(s.view().unwrap()).unwrap();
    let first = r.selected().unwrap();
    assert_eq!(*asked.borrow(), vec![first as u32]);
    assert!(detail_text(&root).contains("Reading this request"));
    assert!(root.query_selector(".w4-curl").unwrap().is_none());
    // Drawn again (a language switch), the same request is not asked for twice.
    r.set_lang("ja").unwrap();
    assert_eq!(asked.borrow().len(), 1);
    r.set_details(first, s.details(first).unwrap()).unwrap();
    let curl = root.query_selector(".w4-curl").unwrap().unwrap();
    assert!(curl.text_content().unwrap().starts_with("curl -i"));
    assert!(!detail_text(&root).contains("s3cr3t"));
    assert!(root
        .query_selector("[data-action=copy-curl]")
        .unwrap()
        .is_some());
    // Details of a request not shown are kept, not drawn.
    let other = to_json(&s.report().unwrap())["failures"][1]["entry"]
        .as_u64()
        .unwrap() as usize;
    r.set_details(other, s.details(other).unwrap()).unwrap();
    assert_eq!(root.query_selector_all(".w4-curl").unwrap().length(), 1);
    r.select(other).unwrap();
    assert_eq!(asked.borrow().len(), 1, "its details were there already");
    assert!(root.query_selector(".w4-curl").unwrap().is_some());

    // Nobody takes the event: no "reading" line that never ends.
    let bare = container();
    let r2 = Renderer::new(&bare, opts("en")).unwrap();
    r2.set_view(s.view().unwrap()).unwrap();
    let text = detail_text(&bare);
    assert!(
        !text.contains("Reading this request") && text.contains("/log/entries/"),
        "{text}"
    );
    drop(on_ask);
}

/// The warm-up's own capture reads cleanly and reaches the rules a real capture does (an
/// expired JWT among Chrome-shaped successes, POSTs that set cookies and preflights), in
/// both languages, and leaves nothing behind: a session afterwards reports as before.
#[wasm_bindgen_test]
fn the_warm_up_runs_the_pages_path_on_a_chrome_shaped_capture() {
    let text = why401::wasm::warm::capture();
    let report = native(&text, Lang::En);
    assert_eq!(report["input"]["entries"], 1920);
    assert_eq!(
        report["input"]["parse_issues"],
        serde_json::json!([]),
        "{}",
        report["input"]
    );
    let causes: Vec<&str> = report["failures"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["causes"][0].as_str())
        .collect();
    assert_eq!(causes.len(), 480, "{causes:?}");
    assert!(causes.iter().all(|c| *c == "jwt-expired"), "{causes:?}");
    let before = native(SAMPLE, Lang::En);
    for lang in ["en", "ja"] {
        // The view it gives the page's renderer to warm up on is the generated capture's.
        let view: serde_json::Value =
            serde_json::from_str(&why401::wasm::warm::warm_up(1, lang).unwrap()).unwrap();
        assert_eq!(view["lang"], lang);
        assert_eq!(view["report"]["input"]["entries"], 1920);
        assert_eq!(
            view["report"]["failures"].as_array().map(Vec::len),
            report["failures"].as_array().map(Vec::len)
        );
    }
    let mut s = Session::new(opts("en")).unwrap();
    s.add_har(SAMPLE.as_bytes().to_vec()).unwrap();
    assert_eq!(to_json(&s.report().unwrap()), before);
}

/// A capture where `n` requests failed (each a 401 to a request without credentials).
fn many_failures(n: usize) -> String {
    let entries: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"startedDateTime":"2024-05-01T10:00:00.000Z","request":{{"method":"GET","url":"https://api.test/items/{i}","headers":[]}},"response":{{"status":401,"headers":[{{"name":"WWW-Authenticate","value":"Bearer"}}]}}}}"#
            )
        })
        .collect();
    format!(r#"{{"log":{{"entries":[{}]}}}}"#, entries.join(","))
}

fn key(target: &Element, k: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(k);
    init.set_bubbles(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

/// A long list is drawn 500 rows at a time: "show more" adds the next ones, and moving the
/// selection past the drawn rows (an arrow at the last one, End, `select`) draws up to it.
#[wasm_bindgen_test]
fn a_long_list_is_drawn_in_steps_and_the_keyboard_reaches_every_row() {
    let text = many_failures(1_203);
    let mut s = Session::new(opts("en")).unwrap();
    s.add_har(text.as_bytes().to_vec()).unwrap();
    let root = container();
    let r = Renderer::new(&root, opts("en")).unwrap();
    r.set_view(s.view().unwrap()).unwrap();
    assert_eq!(rows(&root).len(), 500);
    let more = || root.query_selector("[data-action=more]").unwrap();
    assert!(
        more()
            .unwrap()
            .text_content()
            .unwrap()
            .contains("703 requests"),
        "{:?}",
        more().unwrap().text_content()
    );
    // An arrow at the last drawn row moves on to the next, drawn for it.
    r.select(499).unwrap();
    key(&rows(&root)[499], "ArrowDown");
    assert_eq!(r.selected(), Some(500));
    assert_eq!(rows(&root).len(), 1_000);
    let focused = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element();
    assert_eq!(
        focused
            .and_then(|f| f.get_attribute("data-entry"))
            .as_deref(),
        Some("500")
    );
    // "Show more" draws the rest (203) and the button goes.
    more()
        .unwrap()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    assert_eq!(rows(&root).len(), 1_203);
    assert!(more().is_none());
    // A new view starts over at 500 rows unless the selection lies further.
    r.set_view(s.view().unwrap()).unwrap();
    assert_eq!(rows(&root).len(), 1_000);
    key(&rows(&root)[0], "End");
    assert_eq!(r.selected(), Some(1_202));
    assert_eq!(rows(&root).len(), 1_203);
    let selected = root
        .query_selector_all(".w4-row[aria-selected=true]")
        .unwrap();
    assert_eq!(selected.length(), 1);
    let tab_stops = root.query_selector_all(".w4-row[tabindex='0']").unwrap();
    assert_eq!(tab_stops.length(), 1);
}

/// The view as JSON text (how the page's worker hands it over) is the view, and the renderer
/// draws it exactly as the view's objects, in both languages; it also gives the counts.
#[wasm_bindgen_test]
fn a_view_as_json_text_draws_as_the_view_does() {
    for (text, lang) in [(SAMPLE, "en"), (SECRETS_HAR, "ja")] {
        let mut s = Session::new(opts(lang)).unwrap();
        s.add_har(text.as_bytes().to_vec()).unwrap();
        let json = s.view_json().unwrap();
        let objects = s.view().unwrap();
        // Read as JavaScript reads it (a number is a number, `1.0` or `1`).
        assert_eq!(
            to_json(&js_sys::JSON::parse(&json).unwrap()),
            to_json(&objects)
        );
        let (a, b) = (container(), container());
        let ra = Renderer::new(&a, opts(lang)).unwrap();
        let rb = Renderer::new(&b, opts(lang)).unwrap();
        ra.set_view(objects).unwrap();
        rb.set_view_json(&json).unwrap();
        assert_eq!(a.text_content(), b.text_content());
        assert_eq!(rows(&a).len(), rows(&b).len());
        let counts = to_json(&rb.counts().unwrap());
        let report = to_json(&s.report().unwrap());
        assert_eq!(
            counts["failures"],
            report["failures"].as_array().unwrap().len()
        );
        assert_eq!(counts["entries"], report["input"]["entries"]);
    }
    let r = Renderer::new(&container(), opts("en")).unwrap();
    assert_eq!(
        to_json(&r.counts().unwrap()),
        serde_json::json!({"failures": 0, "entries": 0})
    );
    assert!(r.set_view_json("{\"lang\":").is_err());
}
