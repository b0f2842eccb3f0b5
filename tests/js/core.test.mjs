// The wasm glue against a stand-in package with the contract's shape.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineRestarting, loadEngine, loadPackage, sessionOptions, takePanic } from '../../extension/src/core.js';
import { fakePkg } from './fake-pkg.mjs';

test('session options: time from outside, secrets hidden', () => {
  assert.deepEqual(sessionOptions({ lang: 'ja', now: () => 42 }), { lang: 'ja', nowMs: 42, leewaySecs: 60, showSecrets: false, skip: [] });
});

test('the engine feeds entries in order and makes the view of the session', async () => {
  const pkg = fakePkg();
  const engine = await loadEngine(async () => pkg);
  engine.reset({ lang: 'en', now: () => 1 });
  engine.add([{ response: { status: 200 } }, { response: { status: 401 } }]);
  assert.equal(engine.length, 2);
  assert.deepEqual(engine.report().failures, [{ entry: 1, causes: [] }]);
  assert.deepEqual(engine.view({ detail: false }), { entries: 2 });
  engine.reset({ lang: 'ja' });
  assert.equal(engine.length, 0);
  assert.deepEqual(pkg.log.slice(-2).map((x) => x[0]), ['free', 'new']);
  assert.equal(engine.markdown(), '# why401');
  pkg.Session.prototype.sanitizedHar = () => ({ har: '{"log":{}}', receipt: '', items: [] });
  assert.equal(engine.sanitizedHar(), '{"log":{}}', 'the HAR text out of {har, receipt, items}');
});

test('a package without the expected exports is refused with a clear error', async () => {
  await assert.rejects(loadEngine(async () => ({ default: async () => {}, analyze() {} })), /no Session export/);
  // Where the DOM is, the package must bring the renderer too.
  await assert.rejects(loadPackage(async () => ({ default: async () => {}, Session: class {} })), /no Renderer export/);
});

test('a panic in the core costs one entry: the engine restarts on a fresh instance without it', async () => {
  const made = [];
  const instances = [];
  const importPkg = async (instance) => {
    instances.push(instance);
    const pkg = fakePkg();
    const Base = pkg.Session;
    pkg.Session = class extends Base {
      constructor(opts) {
        super(opts);
        made.push({ instance, opts });
      }
      report() {
        // The stand-in's "bug": entry 1 panics unless the session was told to skip it.
        if (this.entries.length > 1 && !this.opts.skip.some((s) => s.entry === 1)) {
          globalThis.__why401Panic = { message: 'boom', entry: 1, rule: null };
          throw new Error('RuntimeError: unreachable');
        }
        return super.report();
      }
    };
    return pkg;
  };
  const engine = await loadEngine(importPkg);
  let restarted = 0;
  engine.onRestarted = () => restarted++;
  engine.reset({ lang: 'en', now: () => 1 });
  engine.add([{ response: { status: 401 } }, { response: { status: 401 } }, { response: { status: 401 } }]);
  assert.throws(() => engine.report(), EngineRestarting);
  assert.throws(() => engine.report(), EngineRestarting, 'calls wait for the new instance');
  await engine.restarting;
  assert.equal(restarted, 1);
  assert.deepEqual(instances, [0, 1], 'a fresh module instance was loaded');
  assert.deepEqual(made.at(-1).opts.skip, [{ entry: 1, rule: null, message: 'boom' }]);
  assert.equal(engine.length, 3, 'every entry was fed to the new instance');
  assert.equal(engine.report().failures.length, 3);
  assert.equal(globalThis.__why401Panic, undefined, 'the panic record is taken once');
});

test('an error that is not a panic is rethrown; a panic that comes back ends the engine', async () => {
  const pkg = fakePkg();
  pkg.Session.prototype.report = () => {
    throw new Error('plain');
  };
  const engine = await loadEngine(async () => pkg);
  engine.reset({ lang: 'en' });
  assert.throws(() => engine.report(), /plain/);
  engine.skip = [{ entry: 4, rule: null, message: 'x' }];
  pkg.Session.prototype.report = () => {
    globalThis.__why401Panic = { message: 'again', entry: 4, rule: null };
    throw new Error('unreachable');
  };
  assert.throws(() => engine.report(), /a bug; please report it\): again/);
  assert.throws(() => engine.report(), /again/, 'the engine stays failed');
});

test('takePanic ignores records that name nothing to leave out', () => {
  const scope = { __why401Panic: { message: 'm', entry: null, rule: null } };
  assert.equal(takePanic(scope), null);
  assert.equal(scope.__why401Panic, undefined);
  scope.__why401Panic = { message: 'm', entry: null, rule: 'cors-blocked' };
  assert.deepEqual(takePanic(scope), { message: 'm', entry: null, rule: 'cors-blocked' });
});

test('add returns the entries the session compacted, and keeps only their short form for a restart', async () => {
  const engine = await loadEngine(async () => fakePkg());
  engine.reset({ lang: 'en' });
  const out = engine.add([
    { request: { method: 'GET', url: 'https://a.test/1' }, response: { status: 401, headers: [] } },
    { request: { method: 'GET', url: 'https://a.test/2' }, response: { status: 200, headers: [{ name: 'Server', value: 'x' }] }, _plain: true },
  ]);
  assert.equal(out.length, 1);
  assert.equal(out[0][0], 1);
  assert.equal(JSON.parse(out[0][1])._why401Compacted, true);
  assert.equal(engine.entries[1], out[0][1], 'a restart feeds the short form');
  assert.equal(JSON.parse(engine.entries[0]).response.status, 401);
});

test('dropping the oldest entries: the session and the copy kept for a restart let them go', async () => {
  const pkg = fakePkg();
  const engine = await loadEngine(async () => pkg);
  engine.reset({ lang: 'en', now: () => 1 });
  const at = (status, n) => ({ request: { url: `https://a.test/${n}` }, response: { status } });
  engine.add([at(401, 0), at(200, 1), at(401, 2), at(200, 3)]);
  engine.skip = [{ entry: 0, rule: null, message: 'a' }, { entry: 3, rule: null, message: 'b' }, { entry: null, rule: 'r', message: 'c' }];
  assert.equal(engine.dropFirst(2), 2);
  assert.equal(engine.length, 2);
  assert.deepEqual(engine.entries.map((j) => JSON.parse(j).request.url), ['https://a.test/2', 'https://a.test/3'], 'a restart feeds only the kept entries');
  assert.deepEqual(engine.skip, [{ entry: 1, rule: null, message: 'b' }, { entry: null, rule: 'r', message: 'c' }], 'left out under its new number');
  assert.deepEqual(engine.report().failures.map((f) => f.entry), [0]);
  assert.equal(engine.dropFirst(10), 2, 'no more than there are');
  assert.equal(engine.dropFirst(1), 0);
  assert.equal(engine.length, 0);

  // An older package without dropFirst: a new session with the kept entries.
  const old = fakePkg();
  delete old.Session.prototype.dropFirst;
  const legacy = await loadEngine(async () => old);
  legacy.reset({ lang: 'en', now: () => 1 });
  legacy.add([at(401, 0), at(200, 1), at(401, 2)]);
  legacy.dropFirst(1);
  assert.equal(old.log.filter(([what]) => what === 'new').length, 2);
  assert.deepEqual(legacy.report().failures.map((f) => f.entry), [1]);
});
