// benches/browser.mjs's (f), in a worker of the cross-origin isolated bench page, as the
// offline page analyses (its analysis runs in a worker): JSON.parse of the text there, and
// why401's `analyze` of the bytes with the engine the page would load (www/engine.js: with
// threads, on a pool of workers, where www/pkg-mt was built). Served at the page's root.
import { loadEngine } from './engine.js';

self.onmessage = async ({ data: { runs } }) => {
  try {
    const pkg = await loadEngine(0);
    const bytes = new Uint8Array(await (await fetch('./bench.har')).arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    const parse = [];
    const analyse = [];
    let failures = 0;
    for (let i = 0; i < runs; i++) {
      self.gc?.();
      let t = performance.now();
      let v = JSON.parse(text);
      parse.push(performance.now() - t);
      v = null;
      self.gc?.();
      t = performance.now();
      failures = pkg.analyze(bytes, { lang: 'en', nowMs: Date.now() }).failures.length;
      analyse.push(performance.now() - t);
    }
    self.postMessage({ parse, analyse, failures, threads: pkg.threads() });
  } catch (e) {
    self.postMessage({ error: String((e && e.message) || e) });
  }
};
