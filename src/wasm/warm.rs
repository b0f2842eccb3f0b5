//! Warming the engine up while the user picks a file.
//!
//! A browser compiles a WebAssembly function the first time it is called, with a quick
//! compiler, and compiles it again with its optimizing one only after it has run for a
//! while (V8's dynamic tiering). The first analysis of a fresh engine therefore runs
//! mostly unoptimized: measured on the Chrome-shaped bench file in headless Chromium, a
//! fresh engine's first `view` took 1.7 s and its later ones 0.7 s. A user opens one
//! file, so that first run is the one they wait for. [`warm_up`] runs the page's own path
//! (`addHar`, `viewJson`, `details`, `markdown`) on a capture shaped like Chrome's exports
//! ([`ENTRIES`]) and on the bundled sample, so the functions a real file needs are compiled,
//! and the hot ones optimized, before it comes. Nothing of it is kept but the view of its
//! capture, which the page's renderer warms up on in its turn (`www/app.js`).

use serde_json::value::RawValue;
use wasm_bindgen::prelude::*;

use super::Session;

/// Entries shaped like Chrome's exports (initiator stacks, HTTP/2 pseudo-headers,
/// cookies, JSON bodies): a success, a POST that sets a cookie, a 401 for an expired JWT
/// and a preflight. `{n}`, `{s}` and `{ms}` are filled in for each copy.
const VARIANTS: &str = include_str!("warm/entries.json");
/// The offline page's sample: many causes, for the rules' own code.
const SAMPLE: &str = include_str!("../../www/sample.har");
/// How many entries the generated capture has (about 12 MB): enough that the page's path runs
/// as on a large file (on the 2-core test machine its text is read on two threads and its
/// entries checked on two; more where there are more cores), and that the functions a large
/// file keeps busy are optimized before it comes. With 240 entries (1.5 MB, one thread), the
/// real page (driven as `./build.sh bench` drives it for line (e); six runs each,
/// interleaved) took a median 601 ms from the 150 MB bench file chosen to its failures drawn:
/// reading its entries 148 ms, analysing them 207, drawing 70. With 1,920: 448 ms (110, 137,
/// 52). With 3,840, no faster, and the first round ends later: it is what a file dropped at once
/// waits for (with 1,920, about 0.6 s after the page is ready). The cost: the engine's memory
/// grows to hold the capture and its analysis, and a WebAssembly memory never shrinks, so the
/// tab's renderer process holds about 65 MiB more once warm (430 MiB against 365, headless
/// Chromium); a file opened next reuses that memory.
const ENTRIES: usize = 1920;
/// The time the warm-up's captures are analysed at (an hour after they were recorded).
const NOW_MS: f64 = 1_714_561_200_000.0;

/// A capture of [`ENTRIES`] entries made from [`VARIANTS`].
pub fn capture() -> String {
    let variants: Vec<&RawValue> =
        serde_json::from_str(VARIANTS).expect("src/wasm/warm/entries.json is a JSON array");
    let mut out = String::from(
        r#"{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":["#,
    );
    for n in 0..ENTRIES {
        if n > 0 {
            out.push(',');
        }
        let text = variants[n % variants.len()].get();
        out.push_str(
            &text
                .replace("{n}", &n.to_string())
                .replace("{s}", &format!("{:02}", n / 10 % 60))
                .replace("{ms}", &format!("{:03}", n % 10 * 100)),
        );
    }
    out.push_str("]}}");
    out
}

/// Runs the page's path `rounds` times over a generated Chrome-shaped capture and the
/// sample, in `lang`, and drops everything it made but the generated capture's last view (as
/// JSON text, as `viewJson` gives it): the page's renderer warms up on it in its turn (its first
/// view, drawn on the page's thread, runs unoptimized too).
#[wasm_bindgen(js_name = warmUp)]
pub fn warm_up(rounds: u32, lang: &str) -> Result<String, js_sys::Error> {
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"nowMs".into(), &NOW_MS.into())?;
    js_sys::Reflect::set(&options, &"lang".into(), &lang.into())?;
    let generated = capture();
    let mut drawn = String::new();
    for _ in 0..rounds {
        for (text, ours) in [(generated.as_str(), true), (SAMPLE, false)] {
            let mut s = Session::new(options.clone().into())?;
            s.add_har(text.as_bytes().to_vec())?;
            // As the page's worker asks: the view as JSON text, then the first failure's details.
            let view = s.view_json()?;
            s.details(first_failure(&view).unwrap_or(0))?;
            s.markdown()?;
            if ours {
                drawn = view;
            }
        }
    }
    Ok(drawn)
}

/// The entry of a view's first failure, read from its JSON text.
fn first_failure(view: &str) -> Option<usize> {
    #[derive(serde::Deserialize)]
    struct View {
        report: Report,
    }
    #[derive(serde::Deserialize)]
    struct Report {
        failures: Vec<Failure>,
    }
    #[derive(serde::Deserialize)]
    struct Failure {
        entry: usize,
    }
    let v: View = serde_json::from_str(view).ok()?;
    v.report.failures.first().map(|f| f.entry)
}
