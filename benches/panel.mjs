// Busy-page benchmark of the DevTools panel (issue 12), in a REAL DevTools window of headless
// Chromium with the real panel (dist/chrome) shown.
//
// A local page sends RATE requests per second for SECONDS seconds (same-origin fetches; 2% are
// answered 401 with an expired JWT, the rest 200). The page notes when each failing request
// finished (Date.now()); the panel notes each redraw (time, failures shown, entries held) in
// `globalThis.__why401Perf`. The k-th failure to finish counts as drawn at the first redraw
// that shows at least k+1 failures; its badge latency is that redraw's time minus its finish.
//
//   node benches/panel.mjs                    # RATE=300 SECONDS=30, then the 20,000-entry open
//   RATE=100 SECONDS=10 node benches/panel.mjs
//   OPEN_ENTRIES=0 node benches/panel.mjs     # skip "open the panel on a busy page"
//   SECONDS=0 node benches/panel.mjs          # only that
//   BASELINE=0 node benches/panel.mjs         # skip the same load without why401 (DevTools' CPU)
//
// Prints one JSON object per scenario (and a table on stderr). Not a test: the figures go into
// the issue notes; `./build.sh bench` runs it after the CLI and wasm benchmarks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { openChromePanel, poll, sleep } from '../tests/e2e/helpers.mjs';
import { launchWithDevTools, showDevToolsPanel } from '../tests/lab/producers/common.mjs';
import { busyFigures, pct, startServer } from './panel-load.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXT = path.join(ROOT, 'dist/chrome');
const RATE = Number(process.env.RATE || 300);
const SECONDS = Number(process.env.SECONDS || 30);
const OPEN_ENTRIES = Number(process.env.OPEN_ENTRIES ?? 20000);
// KEEP=n: the panel keeps n requests instead of its 25,000 (a 30 s run then shows what an
// hour-long session would: the memory levelling off once the bound is reached).
const KEEP = process.env.KEEP ? Number(process.env.KEEP) : null;

async function metrics(session) {
  const { metrics: m } = await session.send('Performance.getMetrics');
  return Object.fromEntries(m.map((x) => [x.name, x.value]));
}

async function busy({ port }) {
  const { browser, page, devtools, panel } = await openChromePanel({ ext: EXT, port });
  try {
    await poll('the engine', () => panel.evaluate(() => Boolean(globalThis.__why401Perf && globalThis.__why401Perf.redraws > 0)), 30_000);
    const feCdp = await devtools.createCDPSession();
    await feCdp.send('Performance.enable');
    const fe0 = await metrics(feCdp);
    if (KEEP) await panel.evaluate((keep) => (globalThis.__why401MaxEntries = keep), KEEP);
    const start = Date.now();
    // The panel's memory every 5 s: its JS heap and wasm, and the analysis worker's JS heap
    // (the entries it keeps to feed a restarted engine), with the requests held then.
    const workerTarget = () => browser.targets().find((t) => t.url().includes('engine-worker'));
    let workerCdp = null;
    const memory = [];
    let sampling = true;
    const panelCdp = await browser
      .targets()
      .find((t) => t.url().startsWith('chrome-extension://') && t.url().endsWith('/panel.html'))
      ?.createCDPSession()
      .catch(() => null);
    // `gc`: collect garbage first, so that the figure is what the panel holds (KEEP runs only:
    // it would disturb the latency figures).
    const sample = async (gc = Boolean(KEEP)) => {
      if (!workerCdp && workerTarget()) workerCdp = await workerTarget().createCDPSession().catch(() => null);
      if (gc) for (const c of [panelCdp, workerCdp]) if (c) await c.send('HeapProfiler.collectGarbage').catch(() => {});
      const worker = workerCdp ? await workerCdp.send('Runtime.getHeapUsage').catch(() => null) : null;
      const p = await panel.evaluate(() => ({ heap: performance.memory ? performance.memory.usedJSHeapSize : 0, wasm: globalThis.__why401Perf.wasmBytes(), held: globalThis.__why401Perf.captured() }));
      memory.push({ s: Math.round((Date.now() - start) / 1000), held: p.held, MB: +((p.heap + p.wasm + (worker ? worker.usedSize : 0)) / 2 ** 20).toFixed(1), workerHeapMB: worker ? +(worker.usedSize / 2 ** 20).toFixed(1) : null });
    };
    const sampler = (async () => {
      while (sampling) {
        await sample().catch(() => {});
        await sleep(5000);
      }
    })();
    // IDLE=1: the panel receives the requests but neither analyses nor draws (DevTools'
    // delivery alone, the floor of the badge latency).
    if (process.env.IDLE) await panel.evaluate(() => (globalThis.__why401Idle = true));
    // PROFILE=FILE: the panel page's CPU profile during the busy run (open it in DevTools'
    // Performance panel), to see where its own main-thread time goes.
    if (process.env.PROFILE && panelCdp) {
      await panelCdp.send('Profiler.enable');
      await panelCdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await panelCdp.send('Profiler.start');
    }
    const total = await page.evaluate((rate, seconds) => window.run(rate, seconds), RATE, SECONDS);
    await poll('the page to finish', () => page.evaluate((n) => window.__finished >= n, total), 60_000);
    const sendEnd = Date.now();
    // DevTools' load while the page sends: the same window as `withoutPanel`'s.
    const fe1 = await metrics(feCdp);
    // Drain: the panel gets up to 20 s to show every failure.
    const failures = await page.evaluate(() => window.__fails.length);
    await poll(
      'the panel to show every failure',
      () => panel.evaluate((n) => {
        const l = globalThis.__why401Perf.last;
        return l.length && l[l.length - 1][1] >= n;
      }, failures),
      20_000,
    ).catch(() => null);
    sampling = false;
    await sampler;
    if (process.env.PROFILE && panelCdp) {
      const { profile } = await panelCdp.send('Profiler.stop');
      fs.writeFileSync(process.env.PROFILE, JSON.stringify(profile));
    }
    await sample(true).catch(() => {});
    const fails = await page.evaluate(() => window.__fails);
    const networkErrors = await page.evaluate(() => window.__errors);
    const perf = await panel.evaluate(() => {
      const p = globalThis.__why401Perf;
      return { timing: p.engineTiming(), quick: p.quick, quickMs: p.quickMs, quickAnalysisMs: p.quickAnalysisMs, compacted: p.compacted(), listsMs: p.listsMs, redraws: p.redraws, feedMs: p.feedMs, analysisMs: p.analysisMs, drawMs: p.drawMs, last: p.last, wasmBytes: p.wasmBytes(), heap: performance.memory ? performance.memory.usedJSHeapSize : 0, domNodes: document.getElementsByTagName('*').length };
    });
    if (process.env.BENCH_DEBUG) {
      const step = Math.max(1, Math.floor(perf.last.length / 25));
      for (let k = 0; k < perf.last.length; k += step) console.error('redraw', perf.last[k][0] - start, perf.last[k].slice(1).join(' '));
      console.error('last', perf.last.at(-1)[0] - start, perf.last.at(-1).slice(1).join(' '));
    }
    // Where the time goes: DevTools delivering the entry, reading its body, then the panel.
    const arrivals = new Map((await panel.evaluate(() => globalThis.__why401Perf.arrivals())).map(([n, a, r]) => [Number(n), [a, r]]));
    const deliver = [];
    const body = [];
    for (const [n, at] of fails) {
      const a = arrivals.get(n);
      if (!a) continue;
      deliver.push(a[0] - at);
      if (a[1]) body.push(a[1] - a[0]);
    }
    const arrivedAt = new Map([...arrivals].map(([n, [a]]) => [n, a]));
    const figures = busyFigures({ fails, perf, deliver, start, sendEnd, total, networkErrors, arrivedAt });
    const feBusy = (fe1.TaskDuration - fe0.TaskDuration) / ((sendEnd - start) / 1000);
    // CPU time, not wall time of tasks: on 2 cores a task waiting for a core (the page, the
    // panel, its worker all run too) counts in TaskDuration but not here.
    const feCpu = fe1.ThreadTime == null ? null : (fe1.ThreadTime - fe0.ThreadTime) / ((sendEnd - start) / 1000);
    return {
      scenario: `busy ${RATE}/s × ${SECONDS}s`,
      ...figures,
      bodyReadP95ms: pct(body, 95),
      viewMsPerRedraw: perf.timing ? Math.round((perf.timing.worker.view || 0) / Math.max(1, perf.redraws)) : null,
      reportDrawMsPerRedraw: perf.timing ? Math.round(perf.timing.draw / Math.max(1, perf.redraws)) : null,
      // How busy the analysis worker was over the run, by kind of request (ms of its time).
      workerMs: perf.timing && perf.timing.worker ? Object.fromEntries(Object.entries(perf.timing.worker).map(([k, v]) => [k, Math.round(v)])) : null,
      maxWaiting: Math.max(0, ...perf.last.map((r) => (r[3] || 0) - r[2])),
      // Failures first shown from the quick analysis (provisional badges), and their cost.
      quickRedraws: perf.quick,
      quickMsPerRedraw: Math.round(perf.quickMs / Math.max(1, perf.quick)),
      quickAnalysisMsPerRedraw: Math.round(perf.quickAnalysisMs / Math.max(1, perf.quick)),
      compactedEntries: perf.compacted,
      // The request table and its companions, per drawing (full or quick).
      listsMsPerDraw: Math.round(perf.listsMs / Math.max(1, perf.redraws + perf.quick)),
      panelJsHeapMB: +(perf.heap / 2 ** 20).toFixed(1),
      panelWasmMB: +(perf.wasmBytes / 2 ** 20).toFixed(1),
      panelBytesPerEntry: Math.round((perf.heap + perf.wasmBytes) / Math.max(1, figures.entries)),
      panelDomNodes: perf.domNodes,
      keep: KEEP,
      // Panel JS heap + wasm (panel and worker) + worker JS heap, MB, with the requests held.
      memoryOverTime: memory.map((m) => `${m.s}s ${m.held} held ${m.MB} MB (worker heap ${m.workerHeapMB})`),
      devtoolsMainThreadBusy: +feBusy.toFixed(2),
      devtoolsMainThreadCpu: feCpu == null ? null : +feCpu.toFixed(2),
    };
  } finally {
    await browser.close();
  }
}

/**
 * The panel opened on a page that already made `n` requests (DevTools open on another panel
 * meanwhile, as a user would have it): time from showing the panel to its first draw, and to
 * answering (a task posted then runs within 50 ms).
 */
async function openOnBusy({ port }, n) {
  const { browser, page, devtools, show } = await openChromePanel({ ext: EXT, port, showNow: false });
  try {
    await page.evaluate((rate, seconds) => window.run(rate, seconds), 1000, n / 1000);
    await poll('the page to finish', () => page.evaluate((k) => window.__finished >= k, n), 120_000);
    const recorded = await page.evaluate(() => window.__finished - window.__errors);
    // DevTools itself works through those requests for a while: show the panel once DevTools'
    // main thread is quiet (< 20% busy over a second), or after 2 minutes.
    const feCdp = await devtools.createCDPSession();
    await feCdp.send('Performance.enable');
    const quietFrom = Date.now();
    let last = (await metrics(feCdp)).TaskDuration;
    while (Date.now() - quietFrom < 120_000) {
      await sleep(1000);
      const now = (await metrics(feCdp)).TaskDuration;
      if (now - last < 0.2) break;
      last = now;
    }
    const quietAfterMs = Date.now() - quietFrom;
    const t0 = Date.now();
    const frame = await show();
    // The panel's worst main-thread stall from here until every entry is analysed: a timer due
    // every 50 ms notes how late it runs.
    await frame.evaluate(() => {
      const lag = (globalThis.__benchLag = { worst: 0 });
      let last = performance.now();
      lag.timer = setInterval(() => {
        const now = performance.now();
        lag.worst = Math.max(lag.worst, now - last - 50);
        last = now;
      }, 50);
    }).catch(() => {});
    const drawn = await poll(
      'the first draw',
      async () => {
        try {
          return await frame.evaluate(() => (globalThis.__why401Perf && globalThis.__why401Perf.last.length ? Date.now() : 0));
        } catch {
          return 0;
        }
      },
      120_000,
    );
    // Responsive: a task posted now runs within 50 ms of being posted.
    const responsive = await poll(
      'a responsive panel',
      async () => {
        const lag = await frame.evaluate(() => new Promise((r) => { const s = performance.now(); setTimeout(() => r(performance.now() - s), 0); }));
        return lag < 50 ? Date.now() : 0;
      },
      120_000,
    );
    // Caught up: DevTools' whole record read (requests the browser gave up on included) and
    // every entry of it analysed.
    const caughtUp = await poll(
      'every entry analysed',
      () =>
        frame.evaluate((k) => {
          const p = globalThis.__why401Perf;
          const l = p.last;
          return p.harIn && l.length && l[l.length - 1][2] >= Math.max(k, p.captured()) ? Date.now() : 0;
        }, recorded),
      120_000,
    ).catch(() => NaN);
    const worstStall = await frame.evaluate(() => (globalThis.__benchLag ? Math.round(globalThis.__benchLag.worst) : null)).catch(() => null);
    const perf = await frame.evaluate(() => ({ feedMs: globalThis.__why401Perf.feedMs, analysisMs: globalThis.__why401Perf.analysisMs, drawMs: globalThis.__why401Perf.drawMs, redraws: globalThis.__why401Perf.redraws, consentIn: globalThis.__why401Perf.consentIn, firstUpdate: globalThis.__why401Perf.firstUpdate, started: globalThis.__why401Perf.started, harIn: globalThis.__why401Perf.harIn, heap: performance.memory ? performance.memory.usedJSHeapSize : 0, wasmBytes: globalThis.__why401Perf.wasmBytes(), entries: globalThis.__why401Perf.last.at(-1)[2] }));
    return {
      scenario: `open on ${n} entries`,
      entries: perf.entries,
      devtoolsQuietAfterMs: quietAfterMs,
      panelStartMs: perf.started - t0,
      harInMs: perf.harIn - t0,
      consentInMs: perf.consentIn - t0,
      firstUpdateMs: perf.firstUpdate - t0,
      firstDrawMs: drawn - t0,
      responsiveMs: responsive - t0,
      allAnalysedMs: caughtUp - t0,
      worstStallMs: worstStall,
      feedMs: Math.round(perf.feedMs),
      analysisMs: Math.round(perf.analysisMs),
      updateMs: Math.round(perf.drawMs),
      updates: perf.redraws,
      panelJsHeapMB: +(perf.heap / 2 ** 20).toFixed(1),
      panelWasmMB: +(perf.wasmBytes / 2 ** 20).toFixed(1),
    };
  } finally {
    await browser.close();
  }
}

/**
 * The same busy page with DevTools open on the panel `shown` and no extension of ours (an empty
 * one is loaded, as the launch needs one): what DevTools' main thread costs without why401, for
 * issue 12's "DevTools' own CPU not doubled by the extension". CPU time (ThreadTime), as in
 * `busy`.
 */
async function withoutPanel({ port }, shown) {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'why401-no-ext-'));
  // A DevTools page that does nothing: its frame tells when DevTools' front end is up.
  fs.writeFileSync(path.join(empty, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'empty', version: '1', devtools_page: 'devtools.html' }));
  fs.writeFileSync(path.join(empty, 'devtools.html'), '<!doctype html><title>empty</title>');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'why401-bench-'));
  const browser = await launchWithDevTools(puppeteer, { ext: empty, userDataDir });
  try {
    const page = (await browser.pages()).find((p) => p.url() === 'about:blank') || (await browser.newPage());
    await page.goto(`http://app.test:${port}/`);
    const devtools = await (await browser.waitForTarget((t) => t.url().startsWith('devtools://devtools/bundled/devtools_app.html'))).asPage();
    await poll('the empty DevTools page', () => devtools.frames().some((f) => f.url().endsWith('/devtools.html')));
    await showDevToolsPanel(devtools, shown, poll);
    await page.reload();
    await page.waitForFunction(() => typeof window.run === 'function');
    await sleep(1000);
    const feCdp = await devtools.createCDPSession();
    await feCdp.send('Performance.enable');
    const fe0 = await metrics(feCdp);
    const start = Date.now();
    const total = await page.evaluate((rate, seconds) => window.run(rate, seconds), RATE, SECONDS);
    await poll('the page to finish', () => page.evaluate((n) => window.__finished >= n, total), 60_000);
    // As in `busy`: from the first request sent to the last one finished.
    const secs = (Date.now() - start) / 1000;
    const fe1 = await metrics(feCdp);
    return {
      scenario: `no extension, DevTools on ${shown}, ${RATE}/s × ${SECONDS}s`,
      devtoolsMainThreadBusy: +((fe1.TaskDuration - fe0.TaskDuration) / secs).toFixed(2),
      devtoolsMainThreadCpu: fe1.ThreadTime == null ? null : +((fe1.ThreadTime - fe0.ThreadTime) / secs).toFixed(2),
    };
  } finally {
    await browser.close();
    fs.rmSync(empty, { recursive: true, force: true });
    fs.rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

const srv = await startServer();
try {
  // SECONDS=0: only the panel opened on a busy page. BASELINE=0: not the run without why401.
  const results = SECONDS > 0 ? [await busy(srv)] : [];
  // DevTools on its Network panel (what a developer has open without why401), and on Elements
  // (the least DevTools does while requests come).
  if (SECONDS > 0 && process.env.BASELINE !== '0') for (const shown of ['network', 'elements']) results.push(await withoutPanel(srv, shown));
  if (OPEN_ENTRIES > 0) results.push(await openOnBusy(srv, OPEN_ENTRIES));
  for (const r of results) console.log(JSON.stringify(r));
  console.error('\npanel benchmark (Chromium, real DevTools)');
  for (const r of results) console.error(Object.entries(r).map(([k, v]) => `${k}=${v}`).join('  '));
} finally {
  srv.server.close();
}
await sleep(0);
