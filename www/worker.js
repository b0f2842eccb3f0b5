// The analysis worker: reads the file, runs the wasm core (one Session), and
// answers the page. Messages are typed on `type`:
//   page → worker: {type:'open', file?, bytes?, lang} | {type:'lang', lang}
//                  | {type:'details', entry, file}
//                  | {type:'export', what:'markdown'|'json'|'sanitized'|'curl', entry?}
//   worker → page: {type:'progress', phase, loaded?, total?} | {type:'view', json, file, threads, pooled}
//                  | {type:'warm', json} (a view of the warm-up's capture)
//                  | {type:'details', entry, details, file}
//                  | {type:'export', what, text, receipt?, items?} | {type:'error', message, oom}
// `file` counts the files opened: an answer about an earlier file is not applied to a later one.
// A view carries no entry's details (headers, curl): the renderer asks for those of the one
// request it shows, and the worker builds them alone (`Session.details`). It crosses as JSON
// text (`viewJson`, read by the renderer's `setViewJson`): one string, not thousands of objects
// copied between threads.
// Nothing here touches the network: the module and the wasm come from this origin.
//
// A bug in the core that panics aborts its wasm instance. The panic hook leaves what the
// analysis was working on in `self.__why401Panic` ({message, entry, rule}); the worker then
// loads a fresh instance of the module and analyses again with that entry or rule left out
// (`skip`), so the user still gets every other diagnosis and a note of what was left out.

import { loadEngine } from './engine.js';

/** How often the worker restarts the engine for one file (as the core's guard::MAX_RETRIES). */
const MAX_RESTARTS = 16;
let instances = 0;
const KEEP_BYTES = 256 * 1024 * 1024;
/** Warm-up rounds, while the user picks a file: on the 2-core test machine the first ends about
 * 0.6 s after the page is ready (src/wasm/warm.rs), the later ones take less. */
const WARM_ROUNDS = 3;

let pkg = null;
let asked = false; // a message came: the warm-up stops
/** The engine's module as soon as it is loaded (a restart loads a fresh one). */
let pkgReady = null;

/** Loads a fresh instance of the engine (www/engine.js), at the start and after one trapped:
 * `pkgReady` until it is loaded, then `pkg`. */
function freshEngine() {
  self.__why401Panic = undefined;
  pkgReady = loadEngine(instances++).then((p) => (pkg = p));
  return pkgReady;
}
const ready = freshEngine();

/** The engine's first analysis runs mostly unoptimized (see src/wasm/warm.rs): a fresh worker
 * runs the page's path on a capture of its own, a round at a time, until the page asks
 * for something. A warm-up that fails costs nothing but a fresh instance. */
async function warmUp() {
  await ready;
  for (let round = 0; round < WARM_ROUNDS && !asked; round++) {
    try {
      const view = pkg.warmUp(1, lang);
      // The page's renderer warms up on it (www/app.js).
      if (round === 0) post({ type: 'warm', json: view });
    } catch {
      await freshEngine();
      return;
    }
    await new Promise((r) => setTimeout(r, 0)); // let a waiting message in
  }
}
const warm = warmUp();
let session = null;
let lang = new URLSearchParams(self.location.search).get('lang') || 'en';
// The open file (a File, read again) or bytes (a paste), to analyse again after a restart.
let kept = null;
let file = 0; // how many files were opened (and read)
let opens = 0; // how many files were asked to be opened: a newer one stops an older one's reading
let skip = [];
let faultEntry; // test hook: panic at this entry (the page's ?faultEntry=N)

function options() {
  const o = { lang, nowMs: Date.now(), skip };
  if (Number.isInteger(faultEntry)) o.faultEntry = faultEntry;
  return o;
}

function takePanic() {
  const p = self.__why401Panic;
  self.__why401Panic = undefined;
  return p && (Number.isInteger(p.entry) || typeof p.rule === 'string') ? p : null;
}

function freeQuietly(s) {
  try {
    s.free();
  } catch {
    // An instance that trapped cannot free; it is dropped whole.
  }
}

/** Thrown where a newer file took over what was being done: nothing to report. */
const SUPERSEDED = Symbol('superseded');

/**
 * Runs `work(session)`; after a panic, restarts the engine without what panicked and retries.
 * While the engine restarts there is no session: other messages wait for the next view.
 */
async function guarded(work) {
  const mine = opens;
  for (;;) {
    if (!session) throw SUPERSEDED;
    try {
      return work(session);
    } catch (e) {
      const panic = takePanic();
      const known = panic && skip.some((s) => s.entry === panic.entry && s.rule === panic.rule);
      if (!panic || known || skip.length >= MAX_RESTARTS || !kept) throw e;
      session = null; // trapped: nothing else may call it
      skip.push({ entry: panic.entry ?? null, rule: panic.rule ?? null, message: String(panic.message) });
      post({ type: 'progress', phase: 'restarting' });
      await freshEngine();
      if (opens !== mine) throw SUPERSEDED;
      session = await sessionFor(kept, mine, false);
    }
  }
}

const post = (msg) => self.postMessage(msg);

const postView = (json) => post({ type: 'view', json, file, threads: pkg.threads(), pooled: pkg.poolTasks() });

/** The part of a file read at a time: one buffer, filled again and again. */
const PART_BYTES = 1 << 20;

/**
 * Reads `file` straight into the engine's memory (`Session.reserveInput`; then, as the browser
 * reads it, each part written where `inputWindow` says, and `inputWritten`): the file is held
 * once, and not copied into the engine from a whole-file array. Measured in the real page
 * (benches/page-large.mjs, browser.mjs): a 477 MiB capture opened in 2.5 s with the tab's peak
 * at 891 MiB, against 3.0 s and 1,451 MiB when it was read into a Uint8Array first. The browser
 * reads into one buffer of ours (a BYOB reader, where file streams are byte streams, as in
 * Chromium and Firefox), and each part is copied once, into the engine's memory. Passed to the
 * engine as an argument, each part was a new array, copied twice: the 150 MB bench file took
 * 209 ms to read, now about 170 (medians in the real page). `addInput` then finds and reads the
 * entries in one pass (about 160 ms on that file), and the first `viewJson` takes what it read.
 * Resolves to false when another file was asked for meanwhile (open number `mine` is no longer
 * the last).
 */
async function readInto(target, memory, file, mine, report = false) {
  const total = file.size;
  target.reserveInput(total);
  let loaded = 0;
  const stream = file.stream();
  let buffer = new ArrayBuffer(PART_BYTES);
  let reader;
  try {
    reader = stream.getReader({ mode: 'byob' });
  } catch {
    reader = stream.getReader(); // a browser whose file streams are not byte streams
    buffer = null;
  }
  let last = 0;
  for (;;) {
    const { done, value } = await (buffer ? reader.read(new Uint8Array(buffer)) : reader.read());
    if (opens !== mine) {
      reader.cancel().catch(() => {});
      return false;
    }
    if (done) return true;
    // No other call into the engine between these three: the room stays where it is.
    const at = target.inputWindow(value.length);
    new Uint8Array(memory.buffer, at, value.length).set(value);
    target.inputWritten(value.length);
    if (buffer) buffer = value.buffer; // the read took the buffer and gives it back
    loaded += value.length;
    const now = Date.now();
    if (report && now - last > 50) {
      last = now;
      post({ type: 'progress', phase: 'reading', loaded, total });
    }
  }
}

/**
 * A new session holding `source`: a File read straight into it, or bytes. `report`: say how far
 * it got on the progress line. Throws SUPERSEDED when a newer file was asked for meanwhile.
 */
async function sessionFor(source, mine, report) {
  const fresh = new pkg.Session(options());
  try {
    if (source instanceof Blob) {
      if (report) post({ type: 'progress', phase: 'reading', loaded: 0, total: source.size });
      if (!(await readInto(fresh, pkg.memory, source, mine, report))) throw SUPERSEDED;
      fresh.setOptions(options()); // the language may have changed meanwhile
      if (report) post({ type: 'progress', phase: 'parsing' });
      fresh.addInput();
    } else {
      if (report) post({ type: 'progress', phase: 'parsing' });
      fresh.addHar(source);
    }
    return fresh;
  } catch (e) {
    freeQuietly(fresh);
    throw e;
  }
}

function isOom(e) {
  const s = String((e && e.message) || e);
  return e instanceof RangeError || /memory|allocation|unreachable/i.test(s);
}

self.onmessage = async (ev) => {
  const msg = ev.data;
  asked = true;
  try {
    await warm;
    switch (msg.type) {
      case 'open': {
        lang = msg.lang || lang;
        const mine = ++opens;
        // The last file's engine goes first (its memory is the next file's). Until the new one
        // is read there is no session: a click or a language change meanwhile waits for it.
        if (session) freeQuietly(session);
        session = null;
        skip = [];
        faultEntry = Number.isInteger(msg.faultEntry) ? msg.faultEntry : undefined;
        kept = null;
        pkg = await pkgReady; // a restart may be loading a fresh module
        if (opens !== mine) break;
        const source = msg.file || msg.bytes;
        session = await sessionFor(source, mine, true);
        // Kept for a restart (a panic in the core) unless so large that a second engine beside
        // the trapped one could cost the tab (a panic on such a file then ends with an error).
        kept = (source.size ?? source.length) <= KEEP_BYTES ? source : null;
        file++;
        post({ type: 'progress', phase: 'analysing' });
        postView(await guarded((s) => s.viewJson()));
        break;
      }
      case 'lang': {
        lang = msg.lang;
        if (session) {
          session.setOptions(options());
          postView(await guarded((s) => s.viewJson()));
        }
        break;
      }
      case 'details': {
        if (!session || msg.file !== file) break;
        post({ type: 'details', entry: msg.entry, details: await guarded((s) => s.details(msg.entry)), file });
        break;
      }
      case 'export': {
        if (!session) break;
        if (msg.what === 'markdown') post({ type: 'export', what: 'markdown', text: await guarded((s) => s.markdown()) });
        else if (msg.what === 'json') post({ type: 'export', what: 'json', text: await guarded((s) => s.json()) });
        else if (msg.what === 'curl') post({ type: 'export', what: 'curl', text: await guarded((s) => s.curl(msg.entry)) });
        else if (msg.what === 'sanitized') {
          const s = await guarded((x) => x.sanitizedHar());
          post({ type: 'export', what: 'sanitized', text: s.har, receipt: s.receipt, items: s.items });
        }
        break;
      }
    }
  } catch (e) {
    if (e === SUPERSEDED) return; // a newer file is being opened: its answers follow
    if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) discardEngine();
    post({ type: 'error', message: String((e && e.message) || e), oom: isOom(e) });
  }
};

/** A trapped engine (or one whose stack overflowed) is not used again: a fresh one, and its
 * pool (the old pool's workers may still be running parts for it), for what comes next. */
function discardEngine() {
  if (session) freeQuietly(session);
  session = null;
  kept = null;
  freshEngine().catch(() => {});
}
