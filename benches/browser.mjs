// Browser benchmark (./build.sh bench): in one headless Chromium page, the same
// synthetic HAR is (a) parsed with JSON.parse — the floor any JavaScript analyser
// pays — and (b) analysed by why401's wasm `analyze` from its bytes, on the page's thread.
// (f) does both in a worker of the page, where the offline page analyses, with the engine it
// loads there: with threads where www/pkg-mt was built (the page is cross-origin isolated).
// Prints (f)'s ratio (target <= 0.6, issue 13) and the page's memory. Exit 1 when the target
// is missed.
// Also (c): what the offline page's worker runs on a file's bytes (www/worker.js: a Session,
// `addHar`, then `viewJson`; a dropped file is written into the Session part by part as it is
// read, then `addInput`, which is `addHar` of those bytes), timed the same way, and (d) what a
// click on a failure then costs (`details` of that one request: its headers, curl and fetch).
// Those run in one page, best of several runs, so the engine is warm. (e) is what a user waits
// for: the real offline page, given the file through its file input two seconds after it loaded
// (its worker warms its engine up meanwhile), until the failures are drawn.
// usage: node benches/browser.mjs bench-out/synthetic.har [runs]
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, ROOT, WWW_HEADERS } from '../tests/e2e/helpers.mjs';

const har = path.resolve(process.argv[2] || path.join(ROOT, 'bench-out/synthetic.har'));
const runs = Number(process.argv[3] || process.env.BENCH_RUNS || 5);
const size = fs.statSync(har).size;

const srv = await serve(undefined, {
  extra: {
    '/bench.har': (req, res) => {
      res.writeHead(200, { ...WWW_HEADERS, 'content-type': 'application/octet-stream', 'content-length': size });
      fs.createReadStream(har).pipe(res);
    },
    '/bench-threads.js': (req, res) => {
      res.writeHead(200, { ...WWW_HEADERS, 'content-type': 'text/javascript' });
      fs.createReadStream(path.join(ROOT, 'benches/threads-worker.js')).pipe(res);
    },
  },
});
const chrome = await launch(['--js-flags=--expose-gc --max-old-space-size=4096', '--enable-precise-memory-info']);
const rendererPeakKiB = () => {
  // Peak RSS (VmHWM) of the renderer processes under this browser: the page's real footprint.
  let peak = 0;
  const root = chrome.browser.process()?.pid;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!cmd.includes('--type=renderer') || !cmd.includes('why401-chromium-')) continue;
      const hwm = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm && stat) peak = Math.max(peak, Number(hwm[1]));
    } catch { /* process ended */ }
  }
  void root;
  return peak;
};
// The highest of those peaks seen at fixed points (after each part below): a renderer process that
// has ended by the time the line is printed still counts (read only at the end, the line said
// 863 MiB or 1,741 MiB for the same build, as the bench page's process had ended or not).
let peakSeenKiB = 0;
const seePeak = () => {
  peakSeenKiB = Math.max(peakSeenKiB, rendererPeakKiB());
};
try {
  const page = await chrome.browser.newPage();
  await page.goto(srv.url, { waitUntil: 'load' });
  await page.waitForSelector('html[data-ready]');
  const r = await page.evaluate(async (runs) => {
    const mod = await import('./pkg/why401.js');
    const wasm = await mod.default();
    const bytes = new Uint8Array(await (await fetch('./bench.har')).arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    const parse = [], analyse = [], page = [], pageParts = [], click = [];
    let failures = 0, entries = 0, heapParse = 0, heapAnalyse = 0;
    const heap = () => performance.memory.usedJSHeapSize;
    for (let i = 0; i < runs; i++) {
      gc();
      let t = performance.now();
      let v = JSON.parse(text);
      parse.push(performance.now() - t);
      heapParse = Math.max(heapParse, heap());
      entries = v.log.entries.length;
      v = null;
      gc();
      t = performance.now();
      const report = mod.analyze(bytes, { lang: 'en', nowMs: Date.now() });
      analyse.push(performance.now() - t);
      heapAnalyse = Math.max(heapAnalyse, heap());
      failures = report.failures.length;
      gc();
      t = performance.now();
      const session = new mod.Session({ lang: 'en', nowMs: Date.now() });
      // As www/worker.js on pasted bytes: they are copied into the engine's memory by the
      // call itself (a copy made here first, as this bench once did, cost about 300 ms of a
      // 150 MB file's 680 and is no part of the page's path), and the view crosses as JSON.
      // A dropped file's parts are copied in as they are read instead; (e) times that.
      session.addHar(bytes);
      const t1 = performance.now();
      const json = session.viewJson();
      const t2 = performance.now();
      page.push(t2 - t);
      pageParts.push([t1 - t, t2 - t1]);
      const view = JSON.parse(json);
      const failing = view.report.failures[view.report.failures.length >> 1];
      if (failing) {
        t = performance.now();
        session.details(failing.entry);
        click.push(performance.now() - t);
      }
      session.free();
    }
    return { parse, analyse, page, pageParts, click, failures, entries, heapParse, heapAnalyse, wasmBytes: wasm.memory.buffer.byteLength };
  }, runs);
  // (f): the same in a worker of the page, with the engine the page loads (with threads where
  // www/pkg-mt was built: the page is cross-origin isolated). The target is judged here.
  seePeak();
  const f = await page.evaluate((runs) => new Promise((resolve, reject) => {
    const w = new Worker('./bench-threads.js', { type: 'module' });
    w.onmessage = (e) => {
      w.terminate();
      if (e.data.error) reject(new Error(e.data.error));
      else resolve(e.data);
    };
    w.onerror = (e) => reject(new Error(e.message || 'the bench worker failed'));
    w.postMessage({ runs });
  }), runs);
  const best = (xs) => Math.min(...xs);
  const a = best(r.parse), b = best(r.analyse);
  const mib = (n) => (n / 1024 / 1024).toFixed(1);
  const ms = (xs) => xs.map((x) => x.toFixed(0)).join(', ');
  console.log(`\nfile: ${mib(size)} MiB, ${r.entries} entries, ${r.failures} failures (headless Chromium, best of ${runs})`);
  console.log(`(a) JSON.parse of the text          ${a.toFixed(0).padStart(7)} ms   runs: ${ms(r.parse)}`);
  console.log(`(b) why401 wasm analyze of the bytes ${b.toFixed(0).padStart(6)} ms   runs: ${ms(r.analyse)}`);
  console.log(`    on the page's own thread, one thread   (b)/(a) ${(b / a).toFixed(2)}`);
  const fa = best(f.parse), fb = best(f.analyse);
  const ratio = fb / fa;
  console.log(`(f) in a worker of the page, as the page analyses: ${f.threads} thread${f.threads > 1 ? 's' : ''} (cores: ${await page.evaluate(() => navigator.hardwareConcurrency)}; with threads where www/pkg-mt was built)`);
  console.log(`    JSON.parse of the text            ${fa.toFixed(0).padStart(6)} ms   runs: ${ms(f.parse)}`);
  console.log(`    why401 wasm analyze of the bytes  ${fb.toFixed(0).padStart(6)} ms   runs: ${ms(f.analyse)}`);
  if (f.failures !== r.failures) throw new Error(`(f) found ${f.failures} failures, (b) ${r.failures}`);
  console.log(`(f) analyze / JSON.parse               ${ratio.toFixed(2)}   target <= 0.60  ${ratio <= 0.6 ? 'PASS' : 'FAIL'} (issue 13)`);
  // Each run's analyze against the parse just before it, in the same worker: less at the mercy
  // of a slow minute than two bests (shown, not judged; the machine's runs vary by a fifth).
  const paired = f.analyse.map((x, i) => x / f.parse[i]).sort((x, y) => x - y);
  const median = paired.length % 2 ? paired[paired.length >> 1] : (paired[paired.length / 2 - 1] + paired[paired.length / 2]) / 2;
  console.log(`    run by run, analyze / the parse before it: median ${median.toFixed(2)}   runs: ${paired.map((x) => x.toFixed(2)).join(', ')}`);
  const c = best(r.page);
  console.log(`(c) the offline page's own path        ${c.toFixed(0).padStart(6)} ms   runs: ${r.page.map((x) => x.toFixed(0)).join(', ')}`);
  console.log(`    (Session: addHar of the bytes, then viewJson)   (c)/(a) ${(c / a).toFixed(2)}`);
  const fastest = r.pageParts[r.page.indexOf(c)];
  console.log(`    of which: addHar ${fastest[0].toFixed(0)} ms (the bytes copied in, the entries found and read), viewJson ${fastest[1].toFixed(0)} ms (the analysis, the view as JSON)`);
  if (r.click.length) {
    console.log(`(d) then the details of one failure    ${best(r.click).toFixed(1).padStart(6)} ms   runs: ${r.click.map((x) => x.toFixed(1)).join(', ')}`);
  }
  seePeak();
  const drawn = [];
  const phases = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    const p = await chrome.browser.newPage();
    await p.goto(srv.url, { waitUntil: 'load' });
    await p.waitForSelector('html[data-ready]');
    await new Promise((res) => setTimeout(res, 2000)); // the user picks the file
    const input = await p.$('#file');
    // Where the wait goes: when the page's progress line changes phase (reading the file,
    // finding its entries, analysing), and when the failures are drawn.
    await p.evaluate(() => {
      const marks = (window.__benchPhases = [['chosen', performance.now()]]);
      const phase = document.getElementById('phase');
      // The reading phase is written again at each progress step: one mark a phase.
      const seen = () => {
        if (phase.textContent !== marks[marks.length - 1][0]) marks.push([phase.textContent, performance.now()]);
      };
      new MutationObserver(seen).observe(phase, { childList: true, characterData: true, subtree: true });
    });
    const t = Date.now();
    await input.uploadFile(har);
    await p.waitForFunction((n) => document.querySelector('#loaded')?.textContent.startsWith(n), { timeout: 300_000, polling: 20 }, path.basename(har));
    await p.waitForSelector('.w4-row, .w4-empty');
    drawn.push(Date.now() - t);
    seePeak();
    const marks = await p.evaluate(() => [...window.__benchPhases, ['drawn', performance.now()]]);
    phases.push(marks.slice(1).map(([name, at], k) => `${marks[k][0]} ${Math.round(at - marks[k][1])} ms`).join(' → '));
    await p.close();
  }
  console.log(`(e) the real page: file chosen → drawn  ${Math.min(...drawn).toFixed(0).padStart(6)} ms   runs: ${drawn.join(', ')}`);
  console.log(`    the fastest run's phases: ${phases[drawn.indexOf(Math.min(...drawn))]}`);
  console.log(`JS heap holding the JSON.parse result    ${mib(r.heapParse)} MiB (performance.memory, precise)`);
  console.log(`JS heap after analyze (report + bytes)   ${mib(r.heapAnalyse)} MiB`);
  console.log(`wasm linear memory (peak; never shrinks) ${mib(r.wasmBytes)} MiB`);
  seePeak();
  console.log(`renderer peak RSS (VmHWM)               ${mib(peakSeenKiB * 1024)} MiB (highest seen; the bench page holds JSON.parse's objects beside why401's engines)`);
  process.exitCode = ratio <= 0.6 ? 0 : 1;
} finally {
  await chrome.close();
  srv.server.close();
}
