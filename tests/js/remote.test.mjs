// The panel's analysis worker (extension/src/engine-worker.js) and its main-thread side
// (extension/src/remote.js), joined by a stand-in message channel: messages are cloned and
// delivered later, as between a page and its worker.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineRestarting, loadEngine } from '../../extension/src/core.js';
import { serve } from '../../extension/src/engine-worker.js';
import { EngineStale, WorkerEngine } from '../../extension/src/remote.js';
import { fakePkg } from './fake-pkg.mjs';

/** A package whose sessions make views and quick causes, and a renderer that records. */
function viewingPkg() {
  const pkg = fakePkg();
  pkg.Session.prototype.viewFor = function (selected) {
    const report = this.report();
    return { selected: selected ?? report.failures[0]?.entry ?? null, report: { ...report, input: { entries: this.entries.length } } };
  };
  pkg.Session.prototype.quickCauses = function (from) {
    return this.report()
      .failures.filter((f) => f.entry >= from)
      .map((f) => [f.entry, ['quick']]);
  };
  pkg.Renderer = class {
    constructor(container, opts) {
      this.container = container;
      this.opts = opts;
      this.views = [];
      this.current = null;
    }
    setView(v) {
      this.views.push(v);
    }
    setLang(l) {
      this.views.push(['lang', l]);
    }
    select(i) {
      this.current = i;
    }
    selected() {
      return this.current;
    }
  };
  return pkg;
}

/** A worker running `serve` over a stand-in channel; `deliveries` counts messages both ways. */
function channel(loading) {
  const main = { onmessage: null, onerror: null, posted: [] };
  const scope = {
    onmessage: null,
    postMessage: (m) => setTimeout(() => main.onmessage({ data: structuredClone(m) })),
  };
  main.postMessage = (m) => {
    main.posted.push(m.op);
    setTimeout(() => scope.onmessage({ data: structuredClone(m) }));
  };
  const served = serve(scope, loading);
  return { main, served };
}

async function started(importPkg) {
  const pkg = viewingPkg();
  const { main } = channel(loadEngine(importPkg || (async () => pkg)));
  const engine = new WorkerEngine(pkg, main);
  await engine.ready;
  return { engine, main, pkg };
}

const failing = { request: { method: 'GET', url: 'https://a.test/x' }, response: { status: 401 } };
const healthy = { request: { method: 'GET', url: 'https://a.test/ok' }, response: { status: 200 } };

test('entries go to the worker; its view is drawn here and its report returned', async () => {
  const { engine } = await started();
  engine.reset({ lang: 'en' });
  const compacted = engine.add([healthy, failing, { ...healthy, _plain: true }]);
  assert.equal(engine.length, 3, 'counted at once, before the worker answers');
  assert.deepEqual(
    (await compacted).map(([i, text]) => [i, JSON.parse(text)._why401Compacted]),
    [[2, true]],
    'the worker says which entries its session compacted',
  );
  const report = await engine.render('REPORT', { lang: 'en', theme: 'light', mode: 'detail', selected: null });
  assert.deepEqual(report.failures, [{ entry: 1, causes: [] }]);
  assert.equal(engine.renderer.container, 'REPORT');
  assert.deepEqual(engine.renderer.views.at(-1).selected, 1);
  assert.equal(engine.compacted(), 1, 'counts come back with every answer');
  assert.deepEqual(await engine.quickCauses(1, 100), [[1, ['quick']]]);
  assert.equal(await engine.markdown(), '# why401');
  assert.equal(await engine.sanitizedHar(), '{"log":{}}');
});

test('one renderer per container: the worker\'s view drawn into it, a new language set on it', async () => {
  const { engine, pkg } = await started();
  const made = [];
  const Renderer = pkg.Renderer;
  pkg.Renderer = class extends Renderer {
    constructor(container, opts) {
      super(container, opts);
      made.push(opts);
    }
  };
  engine.reset({ lang: 'en' });
  engine.add([failing]);
  await engine.render('C', { lang: 'en', theme: 'light', mode: 'detail', selected: 0 });
  await engine.render('C', { lang: 'ja', theme: 'light', mode: 'detail', selected: 0 });
  assert.equal(made.length, 1);
  assert.deepEqual(
    engine.renderer.views.map((v) => (Array.isArray(v) ? v : ['view', v.selected])),
    [['view', 0], ['lang', 'ja'], ['view', 0]],
  );
});

test('a selection draws its own view, unless the user moved on before it came', async () => {
  const { engine } = await started();
  engine.reset({ lang: 'en' });
  engine.add([failing, failing, failing]);
  await engine.render('R', { lang: 'en', theme: 'light', mode: 'detail', selected: null });
  await engine.select(2);
  assert.equal(engine.renderer.views.at(-1).selected, 2);
  const drawn = engine.renderer.views.length;
  // The user moves on to entry 1 before the worker answered for entry 0.
  await Promise.all([engine.select(0), engine.select(1)]);
  assert.deepEqual(
    engine.renderer.views.slice(drawn).map((v) => v.selected),
    [1],
    'the late view of entry 0 is not drawn',
  );
  assert.equal(engine.renderer.selected(), 1);
});

test('answers to a session that was reset meanwhile are stale', async () => {
  const { engine } = await started();
  engine.reset({ lang: 'en' });
  engine.add([failing]);
  const old = engine.render('R', { lang: 'en', theme: 'light', mode: 'detail', selected: null });
  engine.reset({ lang: 'ja' });
  await assert.rejects(old, EngineStale);
  assert.equal(engine.length, 0);
  engine.add([healthy, failing, failing]);
  const report = await engine.render('R', { lang: 'ja', theme: 'light', mode: 'detail', selected: null });
  assert.deepEqual(
    report.failures.map((f) => f.entry),
    [1, 2],
    'the new session holds only what came after the reset',
  );
});

test('dropping the oldest entries: answers on their way are stale, the rest numbered on', async () => {
  const { engine, main } = await started();
  engine.reset({ lang: 'en' });
  engine.add([failing, healthy, failing, healthy]);
  const quick = engine.quickCauses(0, 10);
  assert.equal(engine.dropFirst(2), 2);
  await assert.rejects(quick, EngineStale, 'its entry numbers are the old ones');
  assert.equal(engine.length, 2);
  engine.add([failing]);
  const report = await engine.render('R', { lang: 'en', theme: 'light', mode: 'detail', selected: null });
  assert.deepEqual(report.failures.map((f) => f.entry), [0, 2]);
  assert.equal(report.input.entries, 3);
  assert.ok(main.posted.includes('drop'));
  assert.equal(engine.dropFirst(0), 0);
  assert.equal(engine.dropFirst(9), 3, 'no more than were sent');
  assert.equal(engine.length, 0);
});

test('a panic in the worker restarts its engine without the entry, and the panel is told', async () => {
  const instances = [];
  const importPkg = async (instance) => {
    instances.push(instance);
    const pkg = viewingPkg();
    const viewFor = pkg.Session.prototype.viewFor;
    pkg.Session.prototype.viewFor = function (selected) {
      if (this.entries.length > 1 && !this.opts.skip.some((s) => s.entry === 1)) {
        globalThis.__why401Panic = { message: 'boom', entry: 1, rule: null };
        throw new Error('RuntimeError: unreachable');
      }
      return viewFor.call(this, selected);
    };
    return pkg;
  };
  const { engine } = await started(importPkg);
  const restarted = new Promise((resolve) => {
    engine.onRestarted = resolve;
  });
  engine.reset({ lang: 'en' });
  engine.add([failing, failing, failing]);
  await assert.rejects(engine.render('R', { lang: 'en', theme: 'light', mode: 'detail', selected: null }), (e) => {
    assert.ok(e instanceof EngineRestarting);
    assert.deepEqual(e.skip, [{ entry: 1, rule: null, message: 'boom' }]);
    return true;
  });
  await restarted;
  assert.deepEqual(instances, [0, 1], 'a fresh module instance, in the worker');
  const report = await engine.render('R', { lang: 'en', theme: 'light', mode: 'detail', selected: null });
  assert.equal(report.input.entries, 3, 'every entry was fed to the new instance');
});

test('the test hook travels with the options to the worker, which has no window', async () => {
  const made = [];
  const importPkg = async () => {
    const pkg = viewingPkg();
    const Base = pkg.Session;
    pkg.Session = class extends Base {
      constructor(opts) {
        super(opts);
        made.push(opts);
      }
    };
    return pkg;
  };
  const { engine } = await started(importPkg);
  globalThis.__why401FaultEntry = 4;
  try {
    engine.reset({ lang: 'en' });
  } finally {
    globalThis.__why401FaultEntry = undefined;
  }
  await engine.markdown();
  assert.equal(made.at(-1).faultEntry, 4);
});

test('requests sent before the engine loaded wait for it; a worker that cannot load fails every call', async () => {
  const pkg = viewingPkg();
  let loaded;
  const { main } = channel(new Promise((resolve) => (loaded = resolve)));
  const engine = new WorkerEngine(pkg, main);
  engine.reset({ lang: 'en' });
  engine.add([failing]);
  const md = engine.markdown();
  loaded(await loadEngine(async () => pkg));
  await engine.ready;
  assert.equal(await md, '# why401');

  const broken = channel(Promise.reject(new Error('no wasm here')));
  const dead = new WorkerEngine(pkg, broken.main);
  await assert.rejects(dead.ready, /no wasm here/);
  await assert.rejects(dead.markdown(), /no wasm here/);
});
