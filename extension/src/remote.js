// The panel's side of its analysis worker (src/engine-worker.js): the session and every
// analysis run there, off the panel's main thread; the renderer draws here the views the worker
// makes (as the offline page does with www/worker.js). The panel's main thread only receives
// DevTools' messages, forwards entries and draws.
//
// Calls that need an answer return promises. Answers come in the order of the calls (the worker
// takes one request at a time). A call made before a `reset` is answered as `EngineStale`: its
// session is gone, and the panel draws nothing from it.

import { EngineRestarting, loadPackage, wasmBytes } from './core.js';

/** The answer of a call whose session was reset meanwhile: nothing to draw from it. */
export class EngineStale extends Error {
  constructor() {
    super('the session was reset');
    this.name = 'EngineStale';
  }
}

const defaultWorker = () => new Worker(new URL('./engine-worker.js', import.meta.url), { type: 'module' });

/**
 * Starts the worker and loads the package for the renderer here; resolves once both are ready.
 * `makeWorker` and `importPkg` are injectable for tests.
 * @returns {Promise<WorkerEngine>}
 */
export async function loadWorkerEngine({ makeWorker = defaultWorker, importPkg } = {}) {
  const pkg = await loadPackage(importPkg);
  const worker = makeWorker();
  const engine = new WorkerEngine(pkg, worker);
  await engine.ready;
  return engine;
}

export class WorkerEngine {
  constructor(pkg, worker) {
    this.pkg = pkg;
    this.worker = worker;
    this.calls = new Map(); // id -> {resolve, reject, generation}
    this.nextId = 1;
    this.generation = 0; // one per session: answers of an older one are stale
    this.count = 0; // entries sent to the current session
    this.renderer = null;
    this.wanted = null; // the entry whose diagnosis should be shown
    this.failed = null;
    this.onRestarted = () => {};
    /** What the worker said last: entries compacted, its wasm memory. */
    this.stats = { compacted: null, wasmBytes: 0 };
    /** Milliseconds: `draw` drawing here; `worker` the worker's time by kind of request. */
    this.timing = { draw: 0, worker: {} };
    /** What the last full analysis cost in the worker (ms). */
    this.lastViewMs = 0;
    this.ready = new Promise((resolve, reject) => {
      this.onReady = resolve;
      this.onLoadError = reject;
    });
    worker.onmessage = (ev) => this.receive(ev.data);
    worker.onerror = (ev) => {
      const error = new Error(`the analysis worker failed: ${(ev && ev.message) || 'unknown error'}`);
      this.fail(error);
      if (ev && typeof ev.preventDefault === 'function') ev.preventDefault();
    };
  }

  receive(msg) {
    if (msg.event === 'ready') return this.onReady();
    if (msg.event === 'loadError') return this.fail(new Error(msg.message));
    if (msg.event === 'restarted') return this.onRestarted();
    const call = this.calls.get(msg.id);
    if (!call) return undefined;
    this.calls.delete(msg.id);
    if (msg.stats) {
      this.stats = { compacted: msg.stats.compacted, wasmBytes: msg.stats.wasmBytes || 0 };
      this.timing.worker[call.op] = (this.timing.worker[call.op] || 0) + (msg.stats.ms || 0);
    }
    if (call.generation !== this.generation) return call.reject(new EngineStale());
    if ('ok' in msg) return call.resolve({ value: msg.ok, ms: msg.stats ? msg.stats.ms : 0 });
    if (msg.restarting) return call.reject(new EngineRestarting(msg.restarting));
    const error = new Error(msg.error);
    if (msg.failed) this.failed = error;
    return call.reject(error);
  }

  /** The worker is gone (it could not load, or died): every call fails from now on. */
  fail(error) {
    this.failed = error;
    this.onLoadError(error);
    for (const call of this.calls.values()) call.reject(error);
    this.calls.clear();
  }

  /** Sends a request; resolves to `{value, ms}` (ms: what it cost in the worker). */
  call(op, ...args) {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { op, resolve, reject, generation: this.generation });
      this.worker.postMessage({ id, op, args });
    });
  }

  /** Sends a request whose answer nobody waits for (its failure shows in the next analysis). */
  send(op, ...args) {
    this.call(op, ...args).catch(() => {});
  }

  /** Starts an empty session (on open, Clear, navigation, language change). */
  reset(opts) {
    this.generation++;
    this.count = 0;
    // The test hook (panic at that entry) travels with the options: the worker has no window.
    const faultEntry = globalThis.__why401FaultEntry;
    this.send('reset', Number.isInteger(faultEntry) ? { ...opts, faultEntry } : opts);
  }

  /** Number of entries sent to the session. */
  get length() {
    return this.count;
  }

  /** The number of entries the session keeps compacted, as the worker said last. */
  compacted() {
    return this.stats.compacted;
  }

  /** A URL with its credentials redacted, for the request list (the core's one policy). */
  redactUrl(url) {
    return typeof this.pkg.redactUrl === 'function' ? this.pkg.redactUrl(url) : url;
  }

  /**
   * Adds entries in capture order. Resolves to `[index, text]` for each entry the session keeps
   * in compact form (see Engine.add), for the panel to lighten its own copy; none when the
   * session was reset meanwhile (its indexes mean nothing now).
   */
  add(entries) {
    this.count += entries.length;
    return this.call('add', entries).then(
      (r) => r.value,
      (e) => {
        if (e instanceof EngineStale) return [];
        throw e;
      },
    );
  }

  /**
   * Lets go of the oldest `count` entries (Engine.dropFirst). Answers still on their way carry
   * the old numbers: they are stale, as after a reset.
   */
  dropFirst(count) {
    const n = Math.max(0, Math.min(count, this.count));
    if (n === 0) return 0;
    this.generation++;
    this.count -= n;
    if (Number.isInteger(this.wanted)) this.wanted = this.wanted >= n ? this.wanted - n : null;
    this.send('drop', n);
    return n;
  }

  /** Replaces entry `index` with a fuller record of it (its body arrived). */
  replace(index, entry) {
    if (index < this.count) this.send('replace', index, entry);
  }

  /** Resolves to `[[entry, causes]]` for the failures at or after `from` (Engine.quickCauses). */
  quickCauses(from, window) {
    return this.call('quick', from, window).then((r) => r.value);
  }

  markdown() {
    return this.call('markdown').then((r) => r.value);
  }

  json() {
    return this.call('json').then((r) => r.value);
  }

  sanitizedHar() {
    return this.call('sanitizedHar').then((r) => r.value);
  }

  /**
   * Analyses the session in the worker and draws its view into `container`; resolves to the
   * report part of that view. `mode: 'detail'` draws only the diagnosis of `selected`.
   */
  async render(container, { lang, theme, mode = 'detail', selected = null }) {
    this.wanted = selected;
    const { value: view, ms } = await this.call('view', selected, mode === 'detail');
    this.lastViewMs = ms;
    const t0 = performance.now();
    // A selection made meanwhile brings its own view (select).
    if (this.wanted !== selected) return view.report;
    const renderer = this.keepRenderer(container, { lang, theme, mode });
    if (mode === 'detail' && selected !== null && renderer.selected() !== selected) renderer.select(selected);
    renderer.setView(view);
    this.timing.draw += performance.now() - t0;
    return view.report;
  }

  /**
   * Shows entry `index` (the panel's table chose it); no-op before the first render. In detail
   * mode its view comes from the worker (which reuses its last analysis for it); the diagnosis
   * shown stays until then, and a view the user moved on from is not drawn.
   */
  async select(index) {
    const renderer = this.renderer;
    if (!renderer || this.wanted === index) return;
    this.wanted = index;
    if (this.rendererMode !== 'detail') {
      renderer.select(index);
      return;
    }
    const { value: view } = await this.call('view', index, true);
    if (this.renderer !== renderer || this.wanted !== index) return;
    renderer.select(index);
    renderer.setView(view);
  }

  /**
   * Makes sure `this.renderer` draws into `container` in `mode` and `lang`: a new renderer for
   * a new container or mode, `setLang` for a new language.
   */
  keepRenderer(container, { lang, theme, mode }) {
    if (!this.renderer || this.rendererContainer !== container || this.rendererMode !== mode) {
      this.renderer = new this.pkg.Renderer(container, { lang, theme, mode });
      this.rendererContainer = container;
      this.rendererLang = lang;
      this.rendererMode = mode;
    } else if (this.rendererLang !== lang && typeof this.renderer.setLang === 'function') {
      this.renderer.setLang(lang);
      this.rendererLang = lang;
    }
    return this.renderer;
  }

  /** Bytes of wasm memory: the worker's (the session) and this page's (the renderer). */
  wasmBytes() {
    return this.stats.wasmBytes + wasmBytes();
  }
}
