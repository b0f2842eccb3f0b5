// The one module that knows the wasm package's JavaScript API (built by wasm-bindgen from
// src/wasm/ into pkg/). If that API changes, this file is the only one to adapt.
//
// Contract (see src/wasm/): `init()`, `new Session({lang, nowMs, leewaySecs, showSecrets})`,
// `session.addEntry(json)`, `.report()`, `.view()`, `.clear()`, `.len()`, `.markdown()`,
// `.json()`, `.sanitizedHar()` (`{har, receipt, items}`), and the shared renderer
// `new Renderer(container, {lang})` with `.setView(session.view())` and `.setLang(lang)`.
// The session runs in the panel's worker (src/engine-worker.js); the renderer where the DOM is
// (src/remote.js).

/** Settings the panel passes to every new session. */
export function sessionOptions({ lang, leewaySecs = 60, now = Date.now, skip = [], faultEntry }) {
  const opts = { lang, nowMs: now(), leewaySecs, showSecrets: false, skip };
  // Test hook only (set by the end-to-end test in the panel's own window): panic at that entry.
  if (Number.isInteger(faultEntry)) opts.faultEntry = faultEntry;
  return opts;
}

/** How often the engine restarts after panics before it gives up (as the core's guard::MAX_RETRIES). */
export const MAX_RESTARTS = 16;

/** How many entries that no finding concerns the panel's report view lists (the newest). */
export const LIST_LIMIT = 300;

const defaultImport = (instance) => import(instance ? `../pkg/why401.js?instance=${instance}` : '../pkg/why401.js');

/**
 * Loads the engine. `importPkg(instance)` is injectable for tests; in the extension it imports the
 * packaged wasm-bindgen output, whose `init()` fetches why401_bg.wasm from the extension itself.
 * A non-zero `instance` asks for a fresh copy of the module (a new wasm instance).
 * @returns {Promise<Engine>}
 */
export async function loadEngine(importPkg = defaultImport) {
  const pkg = await loadPkg(importPkg, 0);
  return new Engine(pkg, importPkg);
}

/**
 * Loads the wasm package alone, for what runs where the page's DOM is: the renderer and
 * `redactUrl` (the panel's session runs in a worker: src/remote.js).
 */
export async function loadPackage(importPkg = defaultImport) {
  const pkg = await loadPkg(importPkg, 0);
  if (typeof pkg.Renderer !== 'function') throw new Error('wasm package has no Renderer export');
  return pkg;
}

/** The live wasm instance's memory, for `wasmBytes()`. */
let memory = null;

/** Bytes of wasm linear memory the engine holds now (it only grows), or 0 before it loads. */
export function wasmBytes() {
  return memory && memory.buffer ? memory.buffer.byteLength : 0;
}

async function loadPkg(importPkg, instance) {
  const pkg = await importPkg(instance);
  const exports = await pkg.default();
  memory = (exports && exports.memory) || null;
  if (typeof pkg.Session !== 'function') throw new Error('wasm package has no Session export');
  return pkg;
}

/** What the wasm panic hook left behind (`{message, entry, rule}`), taken once. */
export function takePanic(scope = globalThis) {
  const p = scope.__why401Panic;
  scope.__why401Panic = undefined;
  return p && (Number.isInteger(p.entry) || typeof p.rule === 'string') ? p : null;
}

/**
 * The analysis engine: one session fed entry by entry (in the panel, inside its worker).
 *
 * A bug in the core that panics aborts its wasm instance for good. The engine then notes what
 * the analysis was working on (`takePanic`), loads a fresh instance of the module, and feeds it
 * again with that entry (or rule) left out (`skip`); the report says what was left out. Until
 * the new instance is ready, calls throw `EngineRestarting`, and `onRestarted` is called after.
 */
export class Engine {
  constructor(pkg, importPkg = defaultImport) {
    this.pkg = pkg;
    this.importPkg = importPkg;
    this.session = null;
    this.entries = []; // the JSON text of every entry fed, to feed a fresh instance again
    this.lang = 'en';
    this.opts = { lang: 'en' };
    this.skip = [];
    this.instances = 0;
    this.restarting = null;
    this.failed = null;
    this.onRestarted = () => {};
  }

  /** Starts an empty session (on open, Clear, navigation, language change). */
  reset(opts) {
    this.opts = opts;
    this.lang = opts.lang;
    this.entries = [];
    this.skip = [];
    if (!this.restarting && !this.failed) this.newSession();
  }

  newSession() {
    if (this.session && typeof this.session.free === 'function') {
      try {
        this.session.free();
      } catch {
        // A trapped instance cannot free; it is dropped whole.
      }
    }
    // The test hook comes with the options when the session runs in a worker (src/remote.js).
    const faultEntry = this.opts.faultEntry ?? globalThis.__why401FaultEntry;
    this.session = new this.pkg.Session(sessionOptions({ ...this.opts, skip: this.skip, faultEntry }));
    // A live page makes thousands of requests: the view lists the newest plain ones only.
    if (typeof this.session.setListLimit === 'function') this.session.setListLimit(LIST_LIMIT, true);
  }

  /** A URL with its credentials redacted, for the request list (the core's one policy). */
  redactUrl(url) {
    return typeof this.pkg.redactUrl === 'function' ? this.pkg.redactUrl(url) : url;
  }

  /** Number of entries the session holds. */
  get length() {
    return this.entries.length;
  }

  /**
   * Adds entries in capture order; their index in the session equals their index in the capture.
   * Returns `[index, text]` for each entry the session keeps in compact form (nothing about
   * authentication in it: see the core's `compact`); the engine keeps only that text, to feed a
   * restart.
   */
  add(entries) {
    const compacted = [];
    for (const e of entries) {
      const json = JSON.stringify(e);
      const index = this.entries.length;
      this.entries.push(json);
      if (this.restarting || this.failed) continue;
      const before = this.session.compacted();
      try {
        this.guard(() => this.session.addEntry(json));
      } catch (e) {
        // The restart feeds every entry again, this batch's rest included.
        if (e instanceof EngineRestarting) continue;
        throw e;
      }
      if (this.session.compacted() !== before) {
        this.entries[index] = this.session.entryText(index);
        compacted.push([index, this.entries[index]]);
      }
    }
    return compacted;
  }

  /**
   * Lets go of the oldest `count` entries (Session.dropFirst): entry `count` becomes entry 0.
   * Entries left out after a panic keep being left out under their new number. Returns how many
   * were dropped.
   */
  dropFirst(count) {
    const n = Math.max(0, Math.min(count, this.entries.length));
    if (n === 0) return 0;
    this.entries.splice(0, n);
    this.skip = this.skip
      .filter((s) => !Number.isInteger(s.entry) || s.entry >= n)
      .map((s) => (Number.isInteger(s.entry) ? { ...s, entry: s.entry - n } : s));
    if (this.restarting || this.failed) return n;
    if (typeof this.session.dropFirst === 'function') {
      this.guard(() => this.session.dropFirst(n));
    } else {
      // An older package: the session starts over with the kept entries.
      this.newSession();
      for (const json of this.entries) this.guard(() => this.session.addEntry(json));
    }
    return n;
  }

  /** Replaces entry `index` with a fuller record of it (its body arrived). */
  replace(index, entry) {
    if (index >= this.entries.length) return;
    const json = JSON.stringify(entry);
    this.entries[index] = json;
    if (!this.restarting && !this.failed) this.guard(() => this.session.replaceEntry(index, json));
  }

  /**
   * Runs one call into the wasm session. After a panic it starts the restart and throws
   * `EngineRestarting`; a panic with nothing to leave out (or too many) ends the engine.
   */
  guard(call) {
    if (this.failed) throw this.failed;
    if (this.restarting) throw new EngineRestarting(this.skip);
    try {
      return call();
    } catch (e) {
      const panic = takePanic();
      if (!panic) throw e;
      const known = this.skip.some((s) => s.entry === panic.entry && s.rule === panic.rule);
      if (known || this.skip.length >= MAX_RESTARTS) {
        this.failed = new Error(`why401 failed (a bug; please report it): ${panic.message}`);
        throw this.failed;
      }
      this.skip.push({ entry: panic.entry ?? null, rule: panic.rule ?? null, message: String(panic.message) });
      this.restart();
      throw new EngineRestarting(this.skip);
    }
  }

  /** Loads a fresh instance, feeds it everything again (minus `skip`), then calls `onRestarted`. */
  restart() {
    this.instances++;
    this.restarting = loadPkg(this.importPkg, this.instances).then(
      (pkg) => {
        this.pkg = pkg;
        this.restarting = null;
        this.session = null;
        this.newSession();
        for (const json of this.entries) this.session.addEntry(json);
        this.onRestarted();
      },
      (e) => {
        this.restarting = null;
        this.failed = e instanceof Error ? e : new Error(String(e));
        this.onRestarted();
      },
    );
    return this.restarting;
  }

  /**
   * `[[entry, causes]]` for the failures at or after `from`, from a quick analysis of part of the
   * session (Session.quickCauses); empty with an older package.
   */
  quickCauses(from, window) {
    if (typeof this.session.quickCauses !== 'function') return [];
    return this.guard(() => this.session.quickCauses(from, window));
  }

  /** The report (the CLI's JSON contract) as a plain object. */
  report() {
    return this.guard(() => this.session.report());
  }

  markdown() {
    return this.guard(() => this.session.markdown());
  }

  json() {
    return this.guard(() => this.session.json());
  }

  /** The sanitized HAR as text (the package returns `{har, receipt, items}`). */
  sanitizedHar() {
    const s = this.guard(() => this.session.sanitizedHar());
    return typeof s === 'string' ? s : s.har;
  }

  /**
   * The renderer's view of the session (one analysis): in detail mode only the diagnosis of
   * `selected` (the first failure when null). For a renderer elsewhere: the panel draws views
   * its worker made (src/engine-worker.js).
   */
  view({ selected = null, detail = true } = {}) {
    const byEntry = detail && typeof this.session.viewFor === 'function';
    return this.guard(() => (byEntry ? this.session.viewFor(selected ?? undefined) : this.session.view()));
  }
}

/** Thrown while the engine restarts after a panic; `skip` says what is being left out. */
export class EngineRestarting extends Error {
  constructor(skip) {
    super('why401 is restarting its engine after an internal error');
    this.name = 'EngineRestarting';
    this.skip = skip;
  }
}
