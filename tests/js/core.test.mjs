// The wasm glue against a stand-in package with the contract's shape.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadEngine, sessionOptions } from '../../extension/src/core.js';

function fakePkg() {
  const log = [];
  class Session {
    constructor(opts) {
      this.opts = opts;
      this.entries = [];
      log.push(['new', opts]);
    }
    addEntry(json) {
      this.entries.push(JSON.parse(json));
    }
    report() {
      return { failures: this.entries.map((e, i) => ({ entry: i, causes: [] })).filter((f) => this.entries[f.entry].response.status === 401) };
    }
    markdown() {
      return '# why401';
    }
    json() {
      return '{}';
    }
    sanitizedHar() {
      return '{"log":{}}';
    }
    free() {
      log.push(['free']);
    }
  }
  return {
    log,
    default: async () => log.push(['init']),
    Session,
    render: (container, session, opts) => log.push(['render', container, session.entries.length, opts]),
  };
}

test('session options: time from outside, secrets hidden', () => {
  assert.deepEqual(sessionOptions({ lang: 'ja', now: () => 42 }), { lang: 'ja', nowMs: 42, leewaySecs: 60, showSecrets: false });
});

test('the engine feeds entries in order and renders in panel mode', async () => {
  const pkg = fakePkg();
  const engine = await loadEngine(async () => pkg);
  engine.reset({ lang: 'en', now: () => 1 });
  engine.add([{ response: { status: 200 } }, { response: { status: 401 } }]);
  assert.equal(engine.length, 2);
  assert.deepEqual(engine.report().failures, [{ entry: 1, causes: [] }]);
  engine.render('CONTAINER', { lang: 'en', theme: 'dark' });
  assert.deepEqual(pkg.log.at(-1), ['render', 'CONTAINER', 2, { lang: 'en', theme: 'dark', mode: 'panel' }]);
  engine.reset({ lang: 'ja' });
  assert.equal(engine.length, 0);
  assert.deepEqual(pkg.log.slice(-2).map((x) => x[0]), ['free', 'new']);
  assert.equal(engine.markdown(), '# why401');
});

test('the Renderer class form: one renderer per container, setView with the session view, setLang', async () => {
  const pkg = fakePkg();
  delete pkg.render;
  const made = [];
  pkg.Session.prototype.view = function () {
    return { entries: this.entries.length };
  };
  pkg.Session.prototype.sanitizedHar = () => ({ har: '{"log":{}}', receipt: '', items: [] });
  pkg.Renderer = class {
    constructor(container, opts) {
      made.push(opts);
      this.calls = [];
    }
    setView(v) {
      this.calls.push(['view', v]);
    }
    setLang(l) {
      this.calls.push(['lang', l]);
    }
  };
  const engine = await loadEngine(async () => pkg);
  engine.reset({ lang: 'en' });
  engine.add([{ response: { status: 401 } }]);
  engine.render('C', { lang: 'en', theme: 'light' });
  engine.render('C', { lang: 'ja', theme: 'light' });
  assert.equal(made.length, 1);
  assert.deepEqual(engine.renderer.calls, [['view', { entries: 1 }], ['lang', 'ja'], ['view', { entries: 1 }]]);
  assert.equal(engine.sanitizedHar(), '{"log":{}}');
});

test('a package without the expected exports is refused with a clear error', async () => {
  await assert.rejects(loadEngine(async () => ({ default: async () => {}, analyze() {} })), /no Session export/);
});
