//! The WebAssembly boundary: the only browser-aware code of why401.
//!
//! Everything here converts between JavaScript values and the pure core: options
//! in, [`Report`](crate::Report) out (as the CLI's `--format json` would print
//! it), plus an incremental [`Session`](session::Session) for live capture and
//! the one DOM [`Renderer`](render::Renderer) that the offline page and the
//! DevTools panel share. Time and language always come from JavaScript; the core
//! never asks the platform.
//!
//! JavaScript names are camelCase (`js_name`); Rust names stay snake_case.
#![deny(clippy::unwrap_used)]

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::messages::{self, Lang};
use crate::Options;

/// Runs when the module is instantiated. A Rust panic aborts the instance (it
/// surfaces in JavaScript as "RuntimeError: unreachable", and every later call
/// fails). The hook logs the panic's message and location, and leaves what the
/// analysis was working on in `globalThis.__why401Panic` as
/// `{message, entry, rule}`: the JavaScript glue then starts a fresh instance
/// and analyses again with that entry or rule left out (`options.skip`, see
/// [`crate::guard`]).
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&format!("why401 panicked: {info}")));
        let (entry, rule) = crate::guard::current();
        let report = js_sys::Object::new();
        let message = crate::guard::panic_message(info.payload());
        // A worker of the page's pool: the thread waiting for its task panics in its turn.
        crate::parallel::pool::stopping(&message);
        let set = |k: &str, v: JsValue| js_sys::Reflect::set(&report, &JsValue::from_str(k), &v);
        let _ = set("message", JsValue::from_str(&message));
        let _ = set(
            "entry",
            entry.map_or(JsValue::NULL, |e| JsValue::from_f64(e as f64)),
        );
        let _ = set("rule", rule.map_or(JsValue::NULL, JsValue::from_str));
        let _ = js_sys::Reflect::set(
            &js_sys::global(),
            &JsValue::from_str("__why401Panic"),
            &report,
        );
    }));
}

/// Makes this thread one of the workers of the page's pool (the module built with threads,
/// in a cross-origin isolated page: `www/pool.js`). It runs the analysis' parts from then on
/// and does not return (where a panic aborts the thread, as here).
#[cfg(target_feature = "atomics")]
#[wasm_bindgen(js_name = poolWork)]
pub fn pool_work() {
    crate::parallel::pool::work()
}

/// Called by a pool worker whose instance stopped other than by a panic (memory ran out, say):
/// the part it was running fails with no entry to blame, so the page reports the failure
/// instead of retrying without an entry. It allocates nothing: the memory may have run out.
#[cfg(target_feature = "atomics")]
#[wasm_bindgen(js_name = poolLost)]
pub fn pool_lost() {
    crate::parallel::pool::lost();
}

/// Threads the engine runs on: the pool's workers that started, and the caller.
#[cfg(target_feature = "atomics")]
#[wasm_bindgen(js_name = poolThreads)]
pub fn pool_threads() -> usize {
    crate::parallel::pool::threads()
}

/// How many parts of analyses the pool's workers ran (the tests check they ran some).
#[cfg(target_feature = "atomics")]
#[wasm_bindgen(js_name = poolTasks)]
pub fn pool_tasks() -> usize {
    crate::parallel::pool::tasks_run()
}

pub mod render;
pub mod session;
pub mod view;
pub mod warm;

pub use render::Renderer;
pub use session::Session;

/// Why a call across the boundary failed; turned into a `js_sys::Error` by
/// [`WasmError::into_error`].
#[derive(Debug)]
#[non_exhaustive]
pub enum WasmError {
    /// The options object has a wrong shape.
    Options(String),
    /// The input is not a readable HAR file.
    Input(crate::InputError),
    /// An entry passed to `addEntry` is not a JSON object.
    Entry(String),
    /// `curl(i)` for an index the session does not hold.
    NoSuchEntry(usize),
    /// Sanitizing failed.
    Sanitize(crate::sanitize::SanitizeError),
    /// A value could not be converted to or from JavaScript.
    Convert(String),
    /// The engine's memory cannot hold what it was asked to (`Session.reserveInput`).
    Memory(String),
    /// A call out of the order its documentation asks for (`Session.inputWritten` without the
    /// window it wrote to).
    Order(String),
}

impl WasmError {
    /// Human text, as shown to users.
    pub fn as_str(&self) -> String {
        match self {
            WasmError::Options(e) => format!("invalid options: {e}"),
            WasmError::Input(e) => e.as_str(),
            WasmError::Entry(e) => format!("not a HAR entry: {e}"),
            WasmError::NoSuchEntry(i) => format!("no entry {i} in this session"),
            WasmError::Sanitize(e) => e.as_str(),
            WasmError::Convert(e) => format!("internal conversion error: {e}"),
            WasmError::Memory(e) => e.clone(),
            WasmError::Order(e) => format!("out of order: {e}"),
        }
    }

    /// The one way errors cross into JavaScript.
    pub fn into_error(self) -> js_sys::Error {
        let e = js_sys::Error::new(&self.as_str());
        e.set_name("Why401Error");
        e
    }
}

impl From<WasmError> for JsValue {
    fn from(e: WasmError) -> JsValue {
        e.into_error().into()
    }
}

/// Options as JavaScript passes them: `{nowMs, lang, leewaySecs, showSecrets, rules,
/// skip, faultEntry, linkKey}` (`skip`: `[{entry, rule, message}]` left out after a panic;
/// `faultEntry`: a test hook that panics at that entry).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct JsOptions {
    now_ms: Option<f64>,
    lang: Option<String>,
    leeway_secs: Option<f64>,
    show_secrets: bool,
    rules: Option<Vec<String>>,
    skip: Vec<crate::guard::Skip>,
    fault_entry: Option<usize>,
    /// A user-chosen key to link fingerprints across reports (see `redact`).
    link_key: Option<String>,
}

/// Reads options from JavaScript; `undefined` and `null` mean defaults, and a
/// missing `nowMs` means JavaScript's `Date.now()`.
pub(crate) fn options(value: &JsValue) -> Result<Options, WasmError> {
    let js: JsOptions = if value.is_undefined() || value.is_null() {
        JsOptions::default()
    } else {
        serde_wasm_bindgen::from_value(value.clone())
            .map_err(|e| WasmError::Options(e.to_string()))?
    };
    Ok(Options {
        now_ms: Some(js.now_ms.unwrap_or_else(js_sys::Date::now) as i64),
        leeway_secs: js.leeway_secs.map_or(60, |s| s as i64),
        lang: js.lang.as_deref().and_then(Lang::parse).unwrap_or_default(),
        show_secrets: js.show_secrets,
        rules: js.rules,
        skip: js.skip,
        fingerprint_key: match js.link_key.as_deref() {
            Some(k) if !k.is_empty() => Some(crate::redact::FingerprintKey::from_passphrase(k)),
            _ => Some(random_key()?),
        },
        fault_entry: js.fault_entry,
        known_secrets: Default::default(),
    })
}

/// A fresh fingerprint key from `crypto.getRandomValues` (window, worker and
/// extension pages all have it).
pub(crate) fn random_key() -> Result<crate::redact::FingerprintKey, WasmError> {
    use wasm_bindgen::JsCast;
    let no_crypto = || WasmError::Options("crypto.getRandomValues is not available".into());
    let crypto =
        js_sys::Reflect::get(&js_sys::global(), &"crypto".into()).map_err(|_| no_crypto())?;
    let get: js_sys::Function = js_sys::Reflect::get(&crypto, &"getRandomValues".into())
        .map_err(|_| no_crypto())?
        .dyn_into()
        .map_err(|_| no_crypto())?;
    let array = js_sys::Uint8Array::new_with_length(32);
    get.call1(&crypto, &array).map_err(|_| no_crypto())?;
    let mut bytes = [0u8; 32];
    array.copy_to(&mut bytes);
    Ok(crate::redact::FingerprintKey::from_random(bytes))
}

/// Converts any serializable value the way the CLI's JSON looks: maps become
/// plain objects and `None` becomes `null`.
///
/// Through JSON text: one string crosses to JavaScript and `JSON.parse` builds the objects.
/// Building them from Rust (`serde_wasm_bindgen`) crossed once for every string and field: a
/// quarter as long for the report of the Chrome-shaped bench file (profiled: 59 ms to 13).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, WasmError> {
    let text = serde_json::to_string(value).map_err(|e| WasmError::Convert(e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|e| WasmError::Convert(format!("{e:?}")))
}

/// Analyses the bytes of a HAR file and returns the report, exactly as
/// `why401 --format json` would (a `Report` object).
///
/// The bytes arrive as an owned `Vec` (one copy out of the JavaScript heap), which
/// the core turns into its text without copying again.
#[wasm_bindgen]
pub fn analyze(bytes: Vec<u8>, options: JsValue) -> Result<JsValue, js_sys::Error> {
    let opts = self::options(&options).map_err(WasmError::into_error)?;
    // The report becomes JavaScript's while the capture's model is let go on another thread.
    crate::har::parse_bytes_then(
        bytes,
        |read, issues| crate::analysis::analyze_read(read, issues, &opts),
        |report| match report {
            Ok(report) => to_js(&report).map_err(WasmError::into_error),
            Err(e) => Err(WasmError::Input(e).into_error()),
        },
    )
}

/// An interface word of the catalog (`ui_open_file`, `summary`, …) in `lang`
/// (`en`, `ja`, or a browser language such as `ja-JP`); empty when unknown.
#[wasm_bindgen(js_name = uiText)]
pub fn ui_text(lang: &str, key: &str) -> String {
    messages::ui(Lang::parse(lang).unwrap_or_default(), key).to_owned()
}

/// "3 authentication failures in 120 entries" in `lang`, with its plural rules.
#[wasm_bindgen(js_name = reportCounts)]
pub fn report_counts(lang: &str, failures: usize, entries: usize) -> String {
    crate::value::report_counts(Lang::parse(lang).unwrap_or_default(), failures, entries)
}

/// The language why401 would use for a browser language tag (`en` or `ja`).
#[wasm_bindgen(js_name = pickLang)]
pub fn pick_lang(tag: &str) -> String {
    Lang::parse(tag).unwrap_or_default().as_str().to_owned()
}

/// A URL as the panel's request list may show it: user info, sensitive query and
/// fragment parameters and path parameters redacted by the one policy (no
/// fingerprints: a list line is not where tokens are compared).
#[wasm_bindgen(js_name = redactUrl)]
pub fn redact_url(url: &str) -> String {
    crate::redact::url(url).into_owned()
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
