// The one module that knows the wasm package's JavaScript API (built by wasm-bindgen from
// src/wasm/ into pkg/). If that API changes, this file is the only one to adapt.
//
// Contract (see src/wasm/): `init()`, `new Session({lang, nowMs, leewaySecs, showSecrets})`,
// `session.addEntry(json)`, `.report()`, `.clear()`, `.len()`, `.markdown()`, `.json()`,
// `.sanitizedHar()`, and the shared renderer `render(container, session, {lang, theme, mode})`.

/** Settings the panel passes to every new session. */
export function sessionOptions({ lang, leewaySecs = 60, now = Date.now }) {
  return { lang, nowMs: now(), leewaySecs, showSecrets: false };
}

/**
 * Loads the engine. `importPkg` is injectable for tests; in the extension it imports the
 * packaged wasm-bindgen output, whose `init()` fetches why401_bg.wasm from the extension itself.
 * @returns {Promise<Engine>}
 */
export async function loadEngine(importPkg = () => import('../pkg/why401.js')) {
  const pkg = await importPkg();
  await pkg.default();
  for (const name of ['Session', 'render']) {
    if (typeof pkg[name] !== 'function') throw new Error(`wasm package has no ${name} export`);
  }
  return new Engine(pkg);
}

/** The analysis engine: one session fed entry by entry, rendered by the shared renderer. */
export class Engine {
  constructor(pkg) {
    this.pkg = pkg;
    this.session = null;
    this.fed = 0;
    this.lang = 'en';
  }

  /** Starts an empty session (on open, Clear, navigation, language change). */
  reset(opts) {
    if (this.session && typeof this.session.free === 'function') this.session.free();
    this.lang = opts.lang;
    this.session = new this.pkg.Session(sessionOptions(opts));
    this.fed = 0;
  }

  /** Number of entries the session holds. */
  get length() {
    return this.fed;
  }

  /** Adds entries in capture order; their index in the session equals their index in the capture. */
  add(entries) {
    for (const e of entries) {
      this.session.addEntry(JSON.stringify(e));
      this.fed++;
    }
  }

  /** The report (the CLI's JSON contract) as a plain object. */
  report() {
    return this.session.report();
  }

  markdown() {
    return this.session.markdown();
  }

  json() {
    return this.session.json();
  }

  sanitizedHar() {
    return this.session.sanitizedHar();
  }

  /** Draws the shared renderer's view of the session into `container`. */
  render(container, { lang, theme }) {
    this.pkg.render(container, this.session, { lang, theme, mode: 'panel' });
  }
}
