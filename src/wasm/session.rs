//! An incremental analysis session: entries arrive one by one (the DevTools
//! panel) or a whole file at once (the page), and the report is recomputed on
//! demand.
//!
//! Entries are kept as owned JSON text in one buffer shaped like the start of a
//! HAR (`{"log":{"entries":[e0,e1,…`). To analyse, the closing part is appended,
//! the core reads the buffer with its usual borrowed model, and the closing part
//! is cut off again: no per-call copy of the capture. A session fed entry by
//! entry (the panel) also keeps every entry it read, owning its strings, the
//! credentials found in it and what its own rules found (`analysis::MainMemo`):
//! an analysis reads only the entries added since the last one and runs the
//! per-entry rules for them only; the rules that relate entries still run over
//! all of them. A session that took a file reads it in one pass as `addHar`
//! finds its entries, and its first analysis takes the entries read
//! (`ReadAhead`: they borrow the buffer, the one self-referential lifetime here);
//! later analyses read the buffer again (a few hundred milliseconds for a 100 MB
//! file) rather than hold a second, owned copy of every entry.

use std::fmt;
use std::sync::Arc;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use serde_json::value::RawValue;
use wasm_bindgen::prelude::*;

use super::{options, to_js, view, WasmError};
use crate::analysis::{analyze_read, analyze_read_memo, MainMemo};
use crate::har::{self, Ingested, ParseIssue};
use crate::redact::KnownSecrets;
use crate::sanitize::{self, Receipt};
use crate::{Options, Report};

const HEAD: &str = "{\"log\":{\"entries\":[";
use crate::compact::COMPACT_MARK;

/// The entries of a file `addHar` took, read as they were found in it (`har::scan_reading`),
/// kept for the first analysis: the offline page opens a file with `addHar` and asks for its
/// view at once, and that analysis read every entry again from its known place. They borrow
/// the file's text, which `Session::buf` then holds: their lifetime is erased here, and given
/// back tied to a borrow of that text, which must be the same text (its place and length
/// are kept to check it). Boxed as `Har::entries` holds them.
#[allow(clippy::vec_box)]
struct ReadAhead {
    entries: Vec<Box<har::Entry<'static>>>,
    text: (usize, usize),
}

impl ReadAhead {
    /// # Safety
    /// `entries` borrow nothing but the heap text of a `String` that is moved into
    /// `Session::buf` next (a move leaves its heap text where it is) and is not changed or
    /// dropped while this is held: `Session::buf_mut` lets go of it first, and the field is
    /// declared before `buf`, so it is dropped first.
    unsafe fn new(entries: Vec<Box<har::Entry<'_>>>, text: &str) -> Self {
        // SAFETY: the same type but for the lifetime; the caller keeps the text alive and
        // unchanged for as long as this is held, and `entries` gives it back only tied to a
        // borrow of that text.
        let entries = unsafe {
            std::mem::transmute::<Vec<Box<har::Entry<'_>>>, Vec<Box<har::Entry<'static>>>>(entries)
        };
        ReadAhead {
            entries,
            text: (text.as_ptr() as usize, text.len()),
        }
    }

    /// The entries, borrowing `text`: `Session::buf`, which they were read from (anything
    /// else panics: the entries would outlive what they borrow).
    fn entries(self, text: &str) -> Vec<Box<har::Entry<'_>>> {
        assert!(
            self.text == (text.as_ptr() as usize, text.len()),
            "entries read ahead asked for with another text than theirs"
        );
        self.entries
    }
}

/// An analysis session (JavaScript: `new Session(options)`).
#[wasm_bindgen]
pub struct Session {
    opts: Options,
    /// The entries of the file the first `addHar` took, read as they were found, for the first
    /// analysis. They borrow `buf`: declared before it, so dropped before it, and let go of
    /// before `buf` changes (`buf_mut`).
    read_ahead: Option<ReadAhead>,
    /// The entries' JSON text: `HEAD` followed by the entries added one by one, or the whole
    /// file a first `addHar` brought (then entries added later follow it). Only `spans` say
    /// where entries are.
    buf: String,
    /// Byte range of each entry in `buf`.
    spans: Vec<(usize, usize)>,
    /// Raw `log` members other than entries (`version`, `creator`, `browser`, `pages`), from the first file.
    log_extra: Vec<(String, String)>,
    /// What was skipped or repaired while adding.
    issues: Vec<ParseIssue>,
    /// Whether the fingerprint key is the user's link key (else drawn at random).
    linked: bool,
    /// How many entries were added in compact form.
    compacted: usize,
    /// How many of the oldest entries `dropFirst` let go since the session began.
    dropped: usize,
    /// Which plain entries `view()` lists.
    list_limit: view::ListLimit,
    /// Bumped by every change of the entries or options: `viewFor` reuses the last report
    /// while it is unchanged (the user moving through the panel's table).
    generation: u64,
    /// The last report and the generation it was made for.
    last: Option<(u64, Report)>,
    /// Whether analyses read entries kept from earlier ones (`kept`): a session fed entry by
    /// entry (the panel). One that took a file (`addHar`: the offline page, where a capture of
    /// hundreds of megabytes is analysed once or twice) reads its buffer for each analysis but
    /// the first (`read_ahead`) instead of holding a second, owned copy of it.
    keep_entries: bool,
    /// The first entries, read once and kept (owning their strings) for every later analysis:
    /// a new request costs the reading of that request, not of the whole session. Boxed as
    /// `Har::entries` holds them: an analysis moves the list in and out.
    #[allow(clippy::vec_box)]
    kept: Vec<Box<har::Entry<'static>>>,
    /// The credentials of the first `kept` entries, collected as they were read (what every
    /// text shown is scrubbed of); started again when an entry is replaced or let go.
    collector: crate::redact::SecretsCollector,
    /// What each kept entry's own rules found at earlier analyses (`analysis::MainMemo`): a
    /// redraw runs them for the new entries only. Told when an entry is replaced or let go.
    memo: MainMemo,
    /// The capture's credentials and the generation they were collected for: what one
    /// entry's details are scrubbed with, without reading the whole capture again.
    secrets: Option<(u64, Arc<KnownSecrets>)>,
    /// A file being read into the engine's memory (`reserveInput`, `inputWindow`,
    /// `inputWritten`), until `addInput` reads it.
    input: Incoming,
}

/// A file the page writes into the engine's memory itself, part by part: each part goes to the
/// room after what was written (a window, [`Incoming::window`]), and is the file's once the
/// page says it wrote it ([`Incoming::written`]), which closes the window. The room is not
/// filled with zeros first: on the 150 MB bench file that cost the real page about 40 ms of
/// its reading (medians, 212 against 169 ms).
#[derive(Default)]
struct Incoming {
    bytes: Vec<u8>,
    /// How many bytes the page may write at the end of `bytes` (the last window), not yet said.
    window: usize,
}

impl Incoming {
    /// Room for `len` more bytes after those written; where they go.
    fn window(&mut self, len: usize) -> Result<*mut u8, std::collections::TryReserveError> {
        self.window = 0;
        self.bytes.try_reserve(len)?;
        self.window = len;
        Ok(self.bytes.spare_capacity_mut().as_mut_ptr().cast())
    }

    /// The first `len` bytes of the last window were written: they are the file's next. False
    /// (and nothing taken) if the window was smaller, or closed.
    ///
    /// # Safety
    /// The caller wrote those bytes, through the pointer [`Incoming::window`] gave.
    unsafe fn written(&mut self, len: usize) -> bool {
        if len > std::mem::take(&mut self.window) {
            return false;
        }
        // SAFETY: the bytes are within the room the last window made: `len` is at most its
        // size, and any change to `bytes` closes it (`window`, `take`, or a new `Incoming`).
        // The caller wrote them (this function's contract).
        unsafe { self.bytes.set_len(self.bytes.len() + len) };
        true
    }

    /// The bytes written, which are no longer the page's to write.
    fn take(&mut self) -> Vec<u8> {
        self.window = 0;
        std::mem::take(&mut self.bytes)
    }
}

/// The text a session keeps of one entry, checked to be a JSON object, and whether it
/// is the compact form: a live session grows for as long as the page runs, so plain
/// entries (nothing about authentication in them) keep only what the analysis of
/// others reads (`why401::compact`).
fn stored_form(entry_json: &str) -> Result<(std::borrow::Cow<'_, str>, bool), js_sys::Error> {
    // Most entries of a busy page are plain: compacting reads them once, and what it reads
    // whole is valid JSON. Only an entry kept whole is checked on its own.
    if entry_json.trim_start().starts_with('{') {
        if let Some(short) = crate::compact::compact_entry(entry_json) {
            return Ok((short.into(), true));
        }
    }
    let raw: &RawValue = serde_json::from_str(entry_json)
        .map_err(|e| WasmError::Entry(e.to_string()).into_error())?;
    if !raw.get().starts_with('{') {
        return Err(WasmError::Entry("expected a JSON object".into()).into_error());
    }
    Ok((raw.get().into(), false))
}

/// The report of what `with_read` read: with the memo of a session whose entries were kept.
fn analyze(
    read: &Ingested<'_>,
    issues: Vec<ParseIssue>,
    opts: &Options,
    memo: Option<&mut MainMemo>,
) -> Result<Report, WasmError> {
    analyze_read_memo(read, issues, opts, memo).map_err(WasmError::Input)
}

/// How a JSON pointer into an entry begins.
const ENTRIES_POINTER: &str = "/log/entries/";

/// The entry a JSON pointer (`/log/entries/12/response`) points into, and the rest of it
/// (`/response`).
fn entry_of_pointer(pointer: &str) -> Option<(usize, &str)> {
    let rest = pointer.strip_prefix(ENTRIES_POINTER)?;
    let (digits, after) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    Some((digits.parse().ok()?, after))
}

/// Whether JavaScript options carry a non-empty `linkKey`.
fn options_has_link_key(options: &JsValue) -> bool {
    js_sys::Reflect::get(options, &"linkKey".into())
        .ok()
        .and_then(|v| v.as_string())
        .is_some_and(|k| !k.is_empty())
}

/// A sanitized HAR and its receipt, as `sanitizedHar()` returns them.
#[derive(Serialize)]
struct Sanitized {
    /// The sanitized HAR text.
    har: String,
    /// The receipt as text, one replacement a line.
    receipt: String,
    /// The receipt as data.
    items: Vec<sanitize::Redaction>,
    /// What of the capture is not in the copy.
    omitted: Vec<sanitize::Omission>,
}

#[wasm_bindgen]
impl Session {
    /// A new, empty session. Options: `{nowMs, lang, leewaySecs, showSecrets}`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Session, js_sys::Error> {
        Ok(Session {
            opts: self::options(&options).map_err(WasmError::into_error)?,
            read_ahead: None,
            buf: HEAD.to_owned(),
            spans: Vec::new(),
            log_extra: Vec::new(),
            issues: Vec::new(),
            linked: options_has_link_key(&options),
            compacted: 0,
            dropped: 0,
            list_limit: view::ListLimit::default(),
            generation: 0,
            last: None,
            secrets: None,
            keep_entries: true,
            kept: Vec::new(),
            collector: Default::default(),
            memo: MainMemo::default(),
            input: Incoming::default(),
        })
    }

    /// Replaces the options (for example the language) without touching the entries.
    #[wasm_bindgen(js_name = setOptions)]
    pub fn set_options(&mut self, options: JsValue) -> Result<(), js_sys::Error> {
        let key = self.opts.fingerprint_key;
        self.opts = self::options(&options).map_err(WasmError::into_error)?;
        self.generation += 1;
        // One session, one key: a token keeps its fingerprint when the language
        // changes (a new link key replaces it).
        self.linked = options_has_link_key(&options);
        if !self.linked {
            self.opts.fingerprint_key = key;
        }
        Ok(())
    }

    /// Adds one HAR entry given as JSON text (as DevTools'
    /// `onRequestFinished` delivers it). Returns its index.
    #[wasm_bindgen(js_name = addEntry)]
    pub fn add_entry(&mut self, entry_json: &str) -> Result<usize, js_sys::Error> {
        let (text, short) = stored_form(entry_json)?;
        self.compacted += usize::from(short);
        Ok(self.push(&text))
    }

    /// Lists at most `max` entries that no finding concerns in `view()`: the newest ones when
    /// `newest` (the panel follows a live page), else the first ones (the default, 2,000).
    #[wasm_bindgen(js_name = setListLimit)]
    pub fn set_list_limit(&mut self, max: usize, newest: bool) {
        self.list_limit = view::ListLimit { max, newest };
    }

    /// Replaces entry `index` (the same request, recorded more fully: its body arrived).
    #[wasm_bindgen(js_name = replaceEntry)]
    pub fn replace_entry(&mut self, index: usize, entry_json: &str) -> Result<(), js_sys::Error> {
        let Some(&(start, end)) = self.spans.get(index) else {
            return Err(WasmError::NoSuchEntry(index).into_error());
        };
        let (new, short) = stored_form(entry_json)?;
        self.generation += 1;
        let was_short = self.buf[start..end].ends_with(COMPACT_MARK);
        self.compacted = self.compacted + usize::from(short) - usize::from(was_short);
        self.buf_mut().replace_range(start..end, &new);
        let delta = new.len() as isize - (end - start) as isize;
        self.spans[index].1 = start + new.len();
        for span in &mut self.spans[index + 1..] {
            span.0 = span.0.wrapping_add_signed(delta);
            span.1 = span.1.wrapping_add_signed(delta);
        }
        self.collector = Default::default();
        self.memo.forget(index);
        if index < self.kept.len() {
            match har::read_entry(&self.buf[start..start + new.len()]) {
                Some(entry) => *self.kept[index] = entry.into_owned(),
                // Read again, with those after it, by the next analysis.
                None => self.kept.truncate(index),
            }
        }
        Ok(())
    }

    /// The JSON text the session holds for entry `index` (its compact form, if it has one).
    #[wasm_bindgen(js_name = entryText)]
    pub fn entry_text(&self, index: usize) -> Result<String, js_sys::Error> {
        let &(start, end) = self
            .spans
            .get(index)
            .ok_or_else(|| WasmError::NoSuchEntry(index).into_error())?;
        Ok(self.buf[start..end].to_owned())
    }

    /// How many entries `addEntry` kept in compact form (see `why401::compact`).
    pub fn compacted(&self) -> usize {
        self.compacted
    }

    /// Makes room in the engine's memory for a file of `len` bytes, which the page then writes
    /// part by part as it reads it (`inputWindow`, `inputWritten`), and `addInput` reads as
    /// `addHar` reads bytes. The offline page reads a dropped file this way: it is not held
    /// twice (once by the page, once here). An error names memory when there is not enough.
    #[wasm_bindgen(js_name = reserveInput)]
    pub fn reserve_input(&mut self, len: usize) -> Result<(), js_sys::Error> {
        let mut bytes = Vec::new();
        bytes.try_reserve_exact(len).map_err(|_| {
            WasmError::Memory(format!(
                "not enough memory to hold a file of {len} bytes in this tab"
            ))
            .into_error()
        })?;
        self.input = Incoming { bytes, window: 0 };
        Ok(())
    }

    /// Where in the engine's memory (a byte offset into its `WebAssembly.Memory`) the next
    /// part of the file `reserveInput` made room for goes, of at most `len` bytes: the page
    /// writes it there itself, through a view of that memory, then says how many bytes it
    /// wrote (`inputWritten`), with no other call to the engine between (one may move the
    /// room). One copy of each part: passed as an argument, a part would be copied into a
    /// buffer the engine allocates for it, then onto the file. A file larger than announced
    /// (changed on disk meanwhile) gets more room.
    #[wasm_bindgen(js_name = inputWindow)]
    pub fn input_window(&mut self, len: usize) -> Result<usize, js_sys::Error> {
        let at = self.input.window(len).map_err(|_| {
            WasmError::Memory(format!(
                "not enough memory to hold a file of over {} bytes in this tab",
                self.input.bytes.len()
            ))
            .into_error()
        })?;
        Ok(at as usize)
    }

    /// The page wrote the first `len` bytes of the last `inputWindow`: they are the file's
    /// next. An error if that window was not so large, or a call came between.
    ///
    /// # Safety
    /// The caller wrote those bytes, through a view of the engine's memory at the offset the
    /// window gave. Only JavaScript can: the offline page's worker does (`www/worker.js`
    /// `readInto`), as wasm-bindgen's own glue writes each argument into memory it allocated
    /// before Rust reads it. Bytes not written would be read as the file, uninitialised.
    #[wasm_bindgen(js_name = inputWritten)]
    pub unsafe fn input_written(&mut self, len: usize) -> Result<(), js_sys::Error> {
        // SAFETY: this function's own contract.
        if unsafe { self.input.written(len) } {
            Ok(())
        } else {
            Err(WasmError::Order(format!(
                "{len} bytes written where no window of as many was open"
            ))
            .into_error())
        }
    }

    /// Adds every entry of the file written where `inputWindow` said, as `addHar` would.
    #[wasm_bindgen(js_name = addInput)]
    pub fn add_input(&mut self) -> Result<usize, js_sys::Error> {
        let bytes = self.input.take();
        self.add_har(bytes)
    }

    /// Adds every entry of a HAR file (bytes as read from disk). Returns how many
    /// entries were added. A truncated file keeps the entries read before the cut,
    /// like the CLI.
    #[wasm_bindgen(js_name = addHar)]
    pub fn add_har(&mut self, bytes: Vec<u8>) -> Result<usize, js_sys::Error> {
        // The entries are read here: a stale mark from an earlier call must not name the
        // wrong entry after a panic.
        crate::guard::clear();
        let (text, mut issues) = har::prepare(bytes);
        let mut split = Split::default();
        // A well-formed first file's entries are found and read in one pass, as `analyze`
        // reads; the first analysis takes them (`ReadAhead`). A file whose entries do not all
        // read on their own is read again, and repaired, by the analysis, which says where
        // one is broken, as the CLI does (the file becomes the buffer, so the place is the
        // file's). Anything else is walked the careful way, which keeps the entries before a
        // break.
        let mut read_ahead = None;
        let scanned = if self.spans.is_empty() {
            har::scan_reading(&text).map(|found| {
                split.entries = found.raws;
                split.extra = (found.members.into_iter())
                    .filter(|(k, _)| LOG_EXTRA.contains(k))
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect();
                read_ahead = found.entries;
            })
        } else {
            None
        };
        let result = if scanned.is_some() {
            split.log_found = true;
            Ok(())
        } else {
            split = Split::default();
            let mut de = serde_json::Deserializer::from_str(&text);
            TopSeed(&mut split)
                .deserialize(&mut de)
                .and_then(|()| de.end())
        };
        if let Err(e) = &result {
            if split.entries.is_empty() {
                // Let the core word the error exactly as the CLI would.
                let read = har::parse(&text);
                let err = analyze_read(&read, issues, &self.opts).err();
                let msg = err.map_or_else(|| e.to_string(), |e| e.as_str());
                return Err(WasmError::Entry(msg).into_error());
            }
            issues.push(ParseIssue {
                kind: "invalid-json",
                message: format!("the file ends early or is not valid JSON; entries before the error were kept: {e}"),
                pointer: None,
                line: Some(e.line()),
                column: Some(e.column()),
            });
        }
        if !split.log_found {
            return Err(WasmError::Entry(
                "this JSON is not a HAR file: it has no `log` object".into(),
            )
            .into_error());
        }
        if self.spans.is_empty() && self.log_extra.is_empty() {
            self.log_extra = split
                .extra
                .iter()
                .map(|(k, v)| (k.clone(), (*v).to_owned()))
                .collect();
        }
        self.issues.extend(issues);
        self.generation += 1;
        self.keep_entries = false;
        self.forget_kept(usize::MAX);
        let n = split.entries.len();
        if self.spans.is_empty() {
            // The file becomes the buffer and its entries stay where they stand: a capture of
            // hundreds of megabytes is not copied (nor held twice while it would be).
            let base = text.as_ptr() as usize;
            let spans = split
                .entries
                .iter()
                .map(|raw| {
                    let start = raw.as_ptr() as usize - base;
                    (start, start + raw.len())
                })
                .collect();
            drop(split);
            // SAFETY: the entries borrow only `text`, whose heap text becomes `self.buf` just
            // below; `buf_mut` lets go of them before anything changes it.
            let read_ahead = read_ahead.map(|e| unsafe { ReadAhead::new(e, &text) });
            self.read_ahead = None;
            self.buf = text;
            self.read_ahead = read_ahead;
            self.spans = spans;
            return Ok(n);
        }
        self.buf_mut().reserve(text.len());
        for raw in split.entries {
            self.push(raw);
        }
        Ok(n)
    }

    /// Lets go of the oldest `count` entries (all of them if there are fewer): the panel keeps
    /// a bounded window of a long session on a busy page. Entry `count` becomes entry 0; the
    /// rest of the session (options, the log's other members) stays. The text of the dropped
    /// entries is removed in one move of the buffer, nothing is read again. Returns how many
    /// entries were dropped.
    #[wasm_bindgen(js_name = dropFirst)]
    pub fn drop_first(&mut self, count: usize) -> usize {
        let count = count.min(self.spans.len());
        if count == 0 {
            return 0;
        }
        self.generation += 1;
        self.last = None;
        self.dropped += count;
        // Every entry is renumbered, and what was found about it names its number.
        self.forget_kept(count);
        let dropped_short = self.spans[..count]
            .iter()
            .filter(|&&(s, e)| self.buf[s..e].ends_with(COMPACT_MARK))
            .count();
        self.compacted -= dropped_short;
        if count == self.spans.len() {
            // Whatever preceded the first entry (the start of a first file) stays; the text
            // after the last entry is rebuilt by every read.
            let first = self.spans[0].0;
            self.buf_mut().truncate(first);
            self.spans.clear();
        } else {
            // From the first dropped entry up to the first kept one (the commas between too).
            let (from, to) = (self.spans[0].0, self.spans[count].0);
            self.buf_mut().replace_range(from..to, "");
            self.spans.drain(..count);
            for span in &mut self.spans {
                span.0 -= to - from;
                span.1 -= to - from;
            }
        }
        // What was said about dropped entries goes with them; the rest is renumbered.
        self.issues.retain_mut(|issue| {
            let Some((n, rest)) = issue.pointer.as_deref().and_then(entry_of_pointer) else {
                return true;
            };
            if n < count {
                return false;
            }
            issue.pointer = Some(format!("{ENTRIES_POINTER}{}{rest}", n - count));
            true
        });
        // Entries left out after a panic keep being left out, under their new number.
        self.opts.skip.retain_mut(|skip| match skip.entry {
            Some(n) if n < count => false,
            Some(n) => {
                skip.entry = Some(n - count);
                true
            }
            None => true,
        });
        count
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.generation += 1;
        self.last = None;
        *self.buf_mut() = HEAD.to_owned();
        self.spans.clear();
        self.log_extra.clear();
        self.issues.clear();
        self.compacted = 0;
        self.dropped = 0;
        self.keep_entries = true;
        self.forget_kept(usize::MAX);
    }

    /// How many entries the session holds.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether the session holds no entry.
    #[wasm_bindgen(js_name = isEmpty)]
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The report, exactly as `analyze` returns it.
    pub fn report(&mut self) -> Result<JsValue, js_sys::Error> {
        let report = self.with_read(analyze)?;
        to_js(&report).map_err(WasmError::into_error)
    }

    /// What the shared renderer draws: the report and the entries it lists, without their
    /// details (headers, curl, fetch): the renderer asks for those of the entry the user
    /// opens (`details`), so opening a capture where every request failed does not build
    /// and hand over thousands of curl commands nobody reads.
    pub fn view(&mut self) -> Result<JsValue, js_sys::Error> {
        let v = self.view_native()?;
        to_js(&v).map_err(WasmError::into_error)
    }

    /// [`Session::view`] as JSON text, for `Renderer.setViewJson` in another thread: one
    /// string crosses between threads, where a view's objects are built, copied and read
    /// back field by field (on a capture where 6,930 requests failed, 15 MB of them).
    #[wasm_bindgen(js_name = viewJson)]
    pub fn view_json(&mut self) -> Result<String, js_sys::Error> {
        let v = self.view_native()?;
        serde_json::to_string(&v).map_err(|e| WasmError::Convert(e.to_string()).into_error())
    }

    /// One entry's details as the renderer shows them, redacted: every request and response
    /// header line, and the request as `curl` and as `fetch`. Reads only that entry when the
    /// capture's credentials are known from the last `view` (else the whole capture once).
    pub fn details(&mut self, entry_index: usize) -> Result<JsValue, js_sys::Error> {
        let d = self.with_entry(entry_index, view::details)?;
        to_js(&d).map_err(WasmError::into_error)
    }

    /// The view for a shell that lists the requests itself (the DevTools panel): every
    /// failure with its causes, and the diagnosis and details of `selected` only
    /// ([`view::build_for`]). The analysis is reused while no entry or option changed.
    #[wasm_bindgen(js_name = viewFor)]
    pub fn view_for(&mut self, selected: Option<usize>) -> Result<JsValue, js_sys::Error> {
        let generation = self.generation;
        let cached = self.last.take().filter(|(g, _)| *g == generation);
        let (v, report) = self.with_read(|read, issues, opts, memo| {
            let report = match cached {
                Some((_, r)) => r,
                None => analyze(read, issues, opts, memo)?,
            };
            Ok((view::build_for(&report, &read.har, opts, selected), report))
        })?;
        self.last = Some((generation, report));
        to_js(&v).map_err(WasmError::into_error)
    }

    /// Causes of the failures at or after entry `from`, from a quick analysis of part of the
    /// session: every entry kept whole (anything about authentication: credentials, cookies,
    /// challenges, failures, preflights) and the newest `window` entries of any kind. Plain
    /// entries (see `why401::compact`) older than that only matter to a few comparisons, so
    /// the causes are almost always those the full analysis finds; the panel shows them at
    /// once, as provisional, and the next full analysis replaces them. Returns
    /// `[[entry, [rule, …]], …]`; empty when entries were left out after a panic (their
    /// indexes would not match).
    #[wasm_bindgen(js_name = quickCauses)]
    pub fn quick_causes(&mut self, from: usize, window: usize) -> Result<JsValue, js_sys::Error> {
        let out = self
            .quick_causes_native(from, window)
            .map_err(WasmError::into_error)?;
        to_js(&out).map_err(WasmError::into_error)
    }

    /// The report as Markdown for a ticket (secrets redacted).
    pub fn markdown(&mut self) -> Result<String, js_sys::Error> {
        self.with_read(|read, issues, opts, memo| {
            let report = analyze(read, issues, opts, memo)?;
            Ok(crate::render::markdown(&report, &read.har, opts))
        })
    }

    /// The report as pretty JSON text, byte for byte what `why401 --format json` prints.
    pub fn json(&mut self) -> Result<String, js_sys::Error> {
        self.with_read(|read, issues, opts, memo| {
            let report: Report = analyze(read, issues, opts, memo)?;
            let mut s = serde_json::to_string_pretty(&report)
                .map_err(|e| WasmError::Convert(e.to_string()))?;
            s.push('\n');
            Ok(s)
        })
    }

    /// A `curl` command for one entry, redacted unless `showSecrets` is set.
    pub fn curl(&mut self, entry_index: usize) -> Result<String, js_sys::Error> {
        self.with_entry(entry_index, crate::render::curl)
    }

    /// The capture with every secret replaced by a fingerprint:
    /// `{har: string, receipt: string, items: [{pointer, kind}]}`.
    #[wasm_bindgen(js_name = sanitizedHar)]
    pub fn sanitized_har(&self) -> Result<JsValue, js_sys::Error> {
        let s = self.sanitize().map_err(WasmError::into_error)?;
        to_js(&s).map_err(WasmError::into_error)
    }
}

/// Freed from JavaScript (`session.free()`): the capture's values this thread remembered to
/// fingerprint them go with it.
impl Drop for Session {
    fn drop(&mut self) {
        crate::redact::forget_fingerprints();
    }
}

impl Session {
    /// Whether the entries `addHar` read wait for the first analysis (for the tests).
    #[doc(hidden)]
    pub fn holds_read_ahead(&self) -> bool {
        self.read_ahead.is_some()
    }

    /// The view [`Session::view`] returns, before it crosses to JavaScript; remembers the
    /// capture's credentials for [`Session::details`].
    fn view_native(&mut self) -> Result<view::View, js_sys::Error> {
        let limit = self.list_limit;
        let (v, secrets) = self.with_read(|read, issues, opts, memo| {
            let report = analyze(read, issues, opts, memo)?;
            let v = view::build_limited(&report, &read.har, opts, limit);
            // Collected by the analysis already (it scrubs what findings quote).
            Ok((
                v,
                read.har.secrets_known().then(|| read.har.known_secrets()),
            ))
        })?;
        self.secrets = secrets.map(|s| (self.generation, s));
        Ok(v)
    }

    /// [`Session::quick_causes`] without the JavaScript conversion.
    fn quick_causes_native(
        &mut self,
        from: usize,
        window: usize,
    ) -> Result<Vec<(usize, Vec<&'static str>)>, WasmError> {
        if !self.opts.skip.is_empty() || self.opts.fault_entry.is_some() {
            return Ok(Vec::new());
        }
        if from >= self.spans.len() {
            return Ok(Vec::new());
        }
        let kept_all = self.keep_entries && self.read_new_entries();
        let texts: Vec<&str> = self.spans.iter().map(|&(s, e)| &self.buf[s..e]).collect();
        if !kept_all {
            return crate::compact::quick_causes(&texts, &self.log_extra, from, window, &self.opts)
                .map_err(WasmError::Input);
        }
        // The same part of the session, from the entries kept: nothing is read again.
        let kept = &self.kept;
        let subset = crate::compact::quick_subset(&texts, from, window, |i| {
            crate::compact::refused_entry(&kept[i])
        });
        let mut slots: Vec<Option<Box<har::Entry<'static>>>> = std::mem::take(&mut self.kept)
            .into_iter()
            .map(Some)
            .collect();
        let entries = subset.iter().filter_map(|&i| slots[i].take()).collect();
        let spans: Vec<(usize, usize)> = subset.iter().map(|&i| self.spans[i]).collect();
        let read = har::parse_known_read(&self.buf, &spans, &self.log_document(), entries);
        let report = analyze_read(&read, Vec::new(), &self.opts);
        for (&i, e) in subset.iter().zip(read.har.entries) {
            slots[i] = Some(Box::new(e.into_owned()));
        }
        self.kept = slots.into_iter().flatten().collect();
        Ok(crate::compact::quick_found(
            report.map_err(WasmError::Input)?,
            &subset,
            from,
        ))
    }

    /// The log's other members (creator, version, pages) in a document of their own.
    fn log_document(&self) -> String {
        let mut log = String::from("{\"log\":{");
        for (k, v) in &self.log_extra {
            log.push('"');
            log.push_str(k);
            log.push_str("\":");
            log.push_str(v);
            log.push(',');
        }
        log.push_str("\"entries\":[]}}");
        log
    }

    /// The session's text, to change: the entries read ahead of the first analysis borrow
    /// it, and are let go of first.
    fn buf_mut(&mut self) -> &mut String {
        self.read_ahead = None;
        &mut self.buf
    }

    fn push(&mut self, raw: &str) -> usize {
        self.generation += 1;
        let has_entries = !self.spans.is_empty();
        let buf = self.buf_mut();
        if has_entries {
            buf.push(',');
        }
        let start = buf.len();
        buf.push_str(raw);
        self.spans.push((start, self.buf.len()));
        self.spans.len() - 1
    }

    /// Runs `f` on entry `entry_index` alone, with options that scrub the whole capture's
    /// credentials (a server may echo another request's token): read from that entry's
    /// text only when the credentials are known for the current entries, else with them.
    fn with_entry<T>(
        &mut self,
        entry_index: usize,
        f: impl for<'a> FnOnce(&har::Har<'a>, &har::Entry<'a>, &Options) -> T,
    ) -> Result<T, js_sys::Error> {
        let no_such = || WasmError::NoSuchEntry(entry_index).into_error();
        if entry_index >= self.spans.len() {
            return Err(no_such());
        }
        let cached = self
            .secrets
            .as_ref()
            .filter(|(g, _)| *g == self.generation)
            .map(|(_, s)| s.clone());
        let known = match cached {
            Some(s) => s,
            None if self.opts.show_secrets => Arc::default(),
            None => {
                // Reading the whole capture also makes its repairs, so the entry's text
                // below reads as it did in the analysis.
                let s = self.with_read(|read, _, _, _| Ok(read.har.known_secrets()))?;
                self.secrets = Some((self.generation, s.clone()));
                s
            }
        };
        let opts = Options {
            known_secrets: known,
            ..self.opts.clone()
        };
        crate::guard::clear();
        crate::guard::at(Some(entry_index), None);
        let read = har::parse_known(&self.buf, &self.spans[entry_index..=entry_index], "{}");
        let e = read.har.entries.first().ok_or_else(no_such)?;
        Ok(f(&read.har, e, &opts))
    }

    /// Reads the session's entries where they stand in the buffer (no walk over it: their
    /// places are known) and runs `f`.
    fn with_read<T>(
        &mut self,
        f: impl FnOnce(
            &Ingested<'_>,
            Vec<ParseIssue>,
            &Options,
            Option<&mut MainMemo>,
        ) -> Result<T, WasmError>,
    ) -> Result<T, js_sys::Error> {
        // A stale mark from an earlier call must not name the wrong entry after a panic.
        crate::guard::clear();
        let log = self.log_document();
        // Every report of a session that let go of its oldest entries says so first.
        let earlier = (self.dropped > 0).then(|| {
            ParseIssue {
            kind: "earlier-let-go",
            message: match self.dropped {
                1 => "the request before these was let go".to_owned(),
                n => format!("the {n} requests before these were let go"),
            } + " to keep the panel's memory bounded; the browser's Network panel still has it all",
            pointer: None,
            line: None,
            column: None,
        }
        });
        if self.keep_entries && self.read_new_entries() {
            // Every entry was read before or just now: nothing to read again, nothing to repair.
            // The credentials of the entries new since the last analysis (the analysis would
            // otherwise read every entry for them).
            let scrub = !self.opts.show_secrets && self.opts.known_secrets.is_empty();
            if scrub {
                self.collector.add_new(&self.kept);
            }
            let entries = std::mem::take(&mut self.kept);
            let read = har::parse_known_read(&self.buf, &self.spans, &log, entries);
            if scrub {
                read.har.set_known_secrets(self.collector.secrets());
            }
            let issues = earlier
                .into_iter()
                .chain(self.issues.iter().cloned())
                .collect();
            let result = f(&read, issues, &self.opts, Some(&mut self.memo));
            // The entries own their strings: giving them back moves them, nothing is copied.
            self.kept = read.har.into_owned_entries();
            return result.map_err(WasmError::into_error);
        }
        // Entries read the careful way are not those the memo knows (they may be repaired).
        self.memo.clear();
        if let Some(ahead) = self.read_ahead.take() {
            // The file's entries, read as `addHar` found them: each read on its own, as
            // `parse_repairing_known` would read it (nothing there to repair).
            let entries = ahead.entries(&self.buf);
            let read = har::parse_known_read(&self.buf, &self.spans, &log, entries);
            let issues = earlier
                .into_iter()
                .chain(self.issues.iter().cloned())
                .collect();
            return f(&read, issues, &self.opts, None).map_err(WasmError::into_error);
        }
        // Repairs change the buffer, borrowed below field by field rather than through
        // `buf_mut`: its rule, that the entries read ahead go first, is kept here by hand.
        self.read_ahead = None;
        let (issues, opts, spans) = (&mut self.issues, &self.opts, &self.spans);
        // Repairs change the buffer in place (same length), so they are found once and
        // kept with the session's issues; their line and column would point into the
        // session's buffer, not the user's file, so only the entry pointer is kept.
        let result = har::parse_repairing_known(&mut self.buf, spans, &log, |read, repairs| {
            issues.extend(repairs.into_iter().map(|r| ParseIssue {
                line: None,
                column: None,
                ..r
            }));
            f(
                read,
                earlier.into_iter().chain(issues.iter().cloned()).collect(),
                opts,
                None,
            )
        });
        result.map_err(WasmError::into_error)
    }

    /// Lets go of the first `count` kept entries (`usize::MAX`: all) and of what the session
    /// remembers of its entries: their credentials and what their rules found.
    fn forget_kept(&mut self, count: usize) {
        self.kept.drain(..count.min(self.kept.len()));
        self.collector = Default::default();
        self.memo.clear();
        crate::redact::forget_fingerprints();
    }

    /// Reads the entries added since the last analysis and keeps them with the others (owned:
    /// they outlive this call). False when one does not read on its own (a key written twice,
    /// say): the whole session is then read the careful way, which repairs it.
    fn read_new_entries(&mut self) -> bool {
        while let Some(&(start, end)) = self.spans.get(self.kept.len()) {
            let Some(entry) = har::read_entry(&self.buf[start..end]) else {
                return false;
            };
            self.kept.push(Box::new(entry.into_owned()));
        }
        true
    }

    fn sanitize(&self) -> Result<Sanitized, WasmError> {
        // Each sanitized file has its own key, unless the user linked files.
        let key = match self.opts.fingerprint_key {
            Some(k) if self.linked => k,
            _ => super::random_key()?,
        };
        sanitize::with_file_key(Some(key), || self.sanitize_keyed())
    }

    fn sanitize_keyed(&self) -> Result<Sanitized, WasmError> {
        let mut receipt = Receipt::default();
        let mut out = String::with_capacity(self.buf.len() + 1024);
        out.push_str("{\n  \"log\": {\n");
        let mut has_version = false;
        for (k, v) in &self.log_extra {
            let mut value: serde_json::Value =
                serde_json::from_str(v).map_err(|e| WasmError::Convert(e.to_string()))?;
            if k == "pages" {
                // Page titles are often URLs with tokens in them.
                let mut doc = serde_json::json!({ "log": { "pages": value, "entries": [] } });
                let r = sanitize::har(&mut doc).map_err(WasmError::Sanitize)?;
                receipt.items.extend(r.items);
                value = doc["log"]["pages"].take();
            }
            has_version |= k == "version";
            out.push_str(&format!("    {}: {},\n", json_str(k), pretty(&value, 4)?));
        }
        if !has_version {
            out.push_str("    \"version\": \"1.2\",\n");
        }
        out.push_str("    \"entries\": [");
        // The capture's credentials, for what the structured pass does not reach
        // (echoes, WebSocket frames, HTML bodies, initiator stacks).
        let known = crate::redact::KnownSecrets::of(
            &crate::har::parse_known(&self.buf, &self.spans, "{}").har,
        );
        // A file that stopped being readable was read up to that point (the session's
        // parse issues say where); the copy says so too.
        if let Some(stop) = self.issues.iter().find(|i| i.kind == "invalid-json") {
            receipt.omitted.push(sanitize::Omission::Partial {
                entries_read: self.spans.len(),
                error: stop.message.clone(),
            });
        }
        if self.dropped > 0 {
            receipt.omitted.push(sanitize::Omission::Earlier {
                entries: self.dropped,
            });
        }
        let mut written = 0;
        for (i, &(start, end)) in self.spans.iter().enumerate() {
            let Some(mut value) =
                sanitize::read_entry(&self.buf[start..end], i, &mut receipt.omitted)
            else {
                continue;
            };
            let pointer = format!("/log/entries/{written}");
            sanitize::entry(&mut value, &pointer, &mut receipt);
            sanitize::scrub_strings(&mut value, &pointer, &known, &mut receipt);
            out.push_str(if written == 0 {
                "\n      "
            } else {
                ",\n      "
            });
            out.push_str(&pretty(&value, 6)?);
            written += 1;
        }
        out.push_str("\n    ],\n");
        let mut marker = serde_json::json!({ "sanitized": true, "version": env!("CARGO_PKG_VERSION"), "redactions": receipt.items.len() });
        if !receipt.omitted.is_empty() {
            marker["partial"] = serde_json::Value::Bool(true);
        }
        out.push_str(&format!(
            "    \"_why401\": {}\n  }}\n}}\n",
            pretty(&marker, 4)?
        ));
        Ok(Sanitized {
            har: out,
            receipt: receipt.to_text(self.opts.lang),
            items: receipt.items,
            omitted: receipt.omitted,
        })
    }
}

fn json_str(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

/// Pretty JSON indented to sit at `indent` spaces.
fn pretty(v: &serde_json::Value, indent: usize) -> Result<String, WasmError> {
    let s = serde_json::to_string_pretty(v).map_err(|e| WasmError::Convert(e.to_string()))?;
    let pad = " ".repeat(indent);
    Ok(s.replace('\n', &format!("\n{pad}")))
}

/// The log's members besides its entries that a session keeps (as raw JSON).
const LOG_EXTRA: [&str; 5] = ["version", "creator", "browser", "pages", "comment"];

/// What [`TopSeed`] (or `har::scan`) finds: entries as raw JSON, and the other `log` members.
#[derive(Default)]
struct Split<'a> {
    entries: Vec<&'a str>,
    extra: Vec<(String, &'a str)>,
    log_found: bool,
}

/// Reads `{"log": {...}}` (or a bare log) and collects raw entries as it goes, so
/// a file cut in the middle still yields the entries before the cut.
struct TopSeed<'s, 'a>(&'s mut Split<'a>);

impl<'de> DeserializeSeed<'de> for TopSeed<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a HAR object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "log" => map.next_value_seed(LogSeed(&mut *self.0))?,
                // A bare log object (no wrapper), as some tools write.
                "entries" => {
                    self.0.log_found = true;
                    map.next_value_seed(EntriesSeed(&mut *self.0))?;
                }
                "version" | "creator" | "browser" | "pages" => {
                    let v: &'de RawValue = map.next_value()?;
                    self.0.extra.push((key.into_owned(), v.get()));
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct LogSeed<'s, 'a>(&'s mut Split<'a>);

impl<'de> DeserializeSeed<'de> for LogSeed<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LogSeed<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the HAR log object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.0.log_found = true;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "entries" => map.next_value_seed(EntriesSeed(&mut *self.0))?,
                key if LOG_EXTRA.contains(&key) => {
                    let v: &'de RawValue = map.next_value()?;
                    self.0.extra.push((key.to_owned(), v.get()));
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct EntriesSeed<'s, 'a>(&'s mut Split<'a>);

impl<'de> DeserializeSeed<'de> for EntriesSeed<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EntriesSeed<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the entries array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        // Non-objects are kept too: the core reports them as skipped, with their index.
        while let Some(raw) = seq.next_element::<&'de RawValue>()? {
            self.0.entries.push(raw.get());
        }
        Ok(())
    }
}
