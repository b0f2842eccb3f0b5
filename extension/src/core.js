// The one module that knows the wasm package's JavaScript API (built by wasm-bindgen from
// src/wasm/ into pkg/). If that API changes, this file is the only one to adapt.
//
// Contract (see src/wasm/): `init()`, `new Session({lang, nowMs, leewaySecs, showSecrets})`,
// `session.addEntry(json)`, `.report()`, `.view()`, `.clear()`, `.len()`, `.markdown()`,
// `.json()`, `.sanitizedHar()` (`{har, receipt, items}`), and the shared renderer
// `new Renderer(container, {lang})` with `.setView(session.view())` and `.setLang(lang)`.
// An earlier draft of the contract had a function `render(container, session, options)`
// instead of the class; both are accepted so the panel does not care which one the package has.

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
  if (typeof pkg.Session !== 'function') throw new Error('wasm package has no Session export');
  if (typeof pkg.Renderer !== 'function' && typeof pkg.render !== 'function') {
    throw new Error('wasm package has no Renderer export');
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
    this.renderer = null;
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

  /** The sanitized HAR as text (the package returns `{har, receipt, items}`). */
  sanitizedHar() {
    const s = this.session.sanitizedHar();
    return typeof s === 'string' ? s : s.har;
  }

  /** Draws the shared renderer's view of the session into `container`. */
  render(container, { lang, theme }) {
    if (typeof this.pkg.Renderer !== 'function') {
      this.pkg.render(container, this.session, { lang, theme, mode: 'panel' });
      return;
    }
    if (!this.renderer || this.rendererContainer !== container) {
      this.renderer = new this.pkg.Renderer(container, { lang, theme, mode: 'panel' });
      this.rendererContainer = container;
      this.rendererLang = lang;
    } else if (this.rendererLang !== lang && typeof this.renderer.setLang === 'function') {
      this.renderer.setLang(lang);
      this.rendererLang = lang;
    }
    this.renderer.setView(this.session.view());
  }
}
