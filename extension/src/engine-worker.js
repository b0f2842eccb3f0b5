// The panel's analysis worker: one `Engine` (src/core.js, the wasm Session fed entry by entry)
// off the panel's main thread. A full analysis of a busy page's session takes tens of
// milliseconds; on the main thread it held up DevTools' messages to the panel (each new request)
// and the panel's drawing. Here it only delays the next answer of this worker.
//
// Requests and answers (src/remote.js is the other side):
//   panel → worker: {id, op, args}
//     op: 'reset' [opts] | 'add' [entries] | 'replace' [index, entry] | 'drop' [count]
//         | 'quick' [from, window]
//         | 'view' [selected|null, detail] | 'markdown' | 'json' | 'sanitizedHar'
//   worker → panel: {id, ok, stats} | {id, restarting: skip, stats} | {id, error, failed, stats}
//                   | {event: 'ready'} | {event: 'loadError', message} | {event: 'restarted'}
//   `stats`: {compacted, wasmBytes, ms}: counts and times only, for the benchmarks.
// A panic in the core restarts the Engine's wasm instance here (see Engine), never the worker.
// Nothing here touches the network: the module and the wasm come from the extension.

import { EngineRestarting, loadEngine, wasmBytes } from './core.js';

/**
 * Answers the panel's requests arriving at `scope` (the worker's global; a stand-in in tests)
 * with the engine `loading` resolves to. Requests that arrive before it loaded wait, in order.
 */
export function serve(scope, loading) {
  let engine = null;
  const waiting = [];

  const stats = (ms) => {
    let compacted = null;
    try {
      compacted = engine.session && typeof engine.session.compacted === 'function' ? engine.session.compacted() : null;
    } catch {
      // A trapped instance: the restart brings a new count.
    }
    return { compacted, wasmBytes: wasmBytes(), ms };
  };

  const ops = {
    reset: (opts) => engine.reset(opts),
    add: (entries) => engine.add(entries),
    replace: (index, entry) => engine.replace(index, entry),
    drop: (count) => engine.dropFirst(count),
    quick: (from, window) => engine.quickCauses(from, window),
    view: (selected, detail) => engine.view({ selected, detail }),
    markdown: () => engine.markdown(),
    json: () => engine.json(),
    sanitizedHar: () => engine.sanitizedHar(),
  };

  const answer = ({ id, op, args }) => {
    const t0 = performance.now();
    try {
      if (!Object.hasOwn(ops, op)) throw new Error(`unknown request ${op}`);
      const ok = ops[op](...(args || [])) ?? null;
      scope.postMessage({ id, ok, stats: stats(performance.now() - t0) });
    } catch (e) {
      const done = stats(performance.now() - t0);
      if (e instanceof EngineRestarting) scope.postMessage({ id, restarting: e.skip, stats: done });
      else scope.postMessage({ id, error: String((e && e.message) || e), failed: Boolean(engine.failed), stats: done });
    }
  };

  scope.onmessage = (ev) => {
    if (engine) answer(ev.data);
    else waiting.push(ev.data);
  };

  return loading.then(
    (e) => {
      engine = e;
      engine.onRestarted = () => scope.postMessage({ event: 'restarted' });
      scope.postMessage({ event: 'ready' });
      for (const request of waiting.splice(0)) answer(request);
    },
    (e) => scope.postMessage({ event: 'loadError', message: String((e && e.message) || e) }),
  );
}

// In the worker itself (not when a test imports this module).
if (typeof WorkerGlobalScope === 'function' && globalThis instanceof WorkerGlobalScope) serve(globalThis, loadEngine());
