// Busy-page benchmark of the panel in REAL headless Firefox ESR (issue 12), driven as the
// Firefox e2e test drives it (Marionette, dist/firefox as a temporary add-on, the toolbox open
// with the why401 panel shown). The same page and arithmetic as benches/panel.mjs: RATE
// requests/s for SECONDS s, 2% answered 401; badge latency from the request finishing in the
// page to the first panel redraw that shows it.
//
//   node benches/panel-firefox.mjs            # RATE=300 SECONDS=30
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openFirefoxPanel } from '../tests/e2e/helpers.mjs';
import { poll } from '../tests/lab/lib/util.mjs';
import { busyFigures, startServer } from './panel-load.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXT = path.join(ROOT, 'dist/firefox');
const RATE = Number(process.env.RATE || 300);
const SECONDS = Number(process.env.SECONDS || 30);

const srv = await startServer();
const firefox = await openFirefoxPanel({ ext: EXT });
const { m, inPanel } = firefox;
try {
  const content = async (script) => {
    await m.send('Marionette:SetContext', { value: 'content' });
    const r = await m.send('WebDriver:ExecuteScript', { script, args: [] }, 120_000);
    await m.send('Marionette:SetContext', { value: 'chrome' });
    return r.value;
  };
  await poll('the panel engine', () => inPanel('return !!(window.__why401Perf && window.__why401Perf.redraws >= 0);').catch(() => false), 30_000);
  await m.send('Marionette:SetContext', { value: 'content' });
  await m.send('WebDriver:Navigate', { url: `http://app.test:${srv.port}/` }, 20_000);
  await m.send('Marionette:SetContext', { value: 'chrome' });
  await poll('the page', () => content('return typeof window.run === "function";').catch(() => false), 20_000);
  const start = Date.now();
  // Started, not awaited: Marionette's script timeout is 30 s.
  // IDLE=1: the panel receives the requests but neither analyses nor draws (Firefox's delivery
  // alone, the floor of the badge latency).
  if (process.env.IDLE) await inPanel('window.__why401Idle = true; return true;');
  await content(`window.run(${RATE}, ${SECONDS}); return true;`);
  const total = Math.round(RATE * SECONDS);
  await poll('the page to finish', () => content(`return window.__finished >= ${total};`), 120_000);
  const sendEnd = Date.now();
  const failures = await content('return window.__fails.length;');
  await poll('the panel to show every failure', () => inPanel(`const l = window.__why401Perf.last; return l.length > 0 && l[l.length - 1][1] >= ${failures};`), 30_000).catch(() => null);
  const fails = await content('return window.__fails;');
  const networkErrors = await content('return window.__errors;');
  const perf = await inPanel(`const p = window.__why401Perf;
    return { redraws: p.redraws, feedMs: p.feedMs, analysisMs: p.analysisMs, drawMs: p.drawMs, last: p.last, wasmBytes: p.wasmBytes(), domNodes: document.getElementsByTagName('*').length,
      arrivals: p.arrivals(), quick: p.quick, timing: p.engineTiming(), captured: p.captured ? p.captured() : null, compacted: p.compacted() };`);
  const arrivals = new Map(perf.arrivals.map(([n, a]) => [Number(n), a]));
  const deliver = fails.filter(([n]) => arrivals.has(n)).map(([n, at]) => arrivals.get(n) - at);
  const result = {
    scenario: `firefox busy ${RATE}/s × ${SECONDS}s`,
    ...busyFigures({ fails, perf, deliver, start, sendEnd, total, networkErrors }),
    panelWasmMB: +(perf.wasmBytes / 2 ** 20).toFixed(1),
    panelDomNodes: perf.domNodes,
    quickRedraws: perf.quick,
    captured: perf.captured,
    compactedEntries: perf.compacted,
    // How busy the analysis worker was over the run, by kind of request (ms of its time).
    workerMs: perf.timing && perf.timing.worker ? Object.fromEntries(Object.entries(perf.timing.worker).map(([k, v]) => [k, Math.round(v)])) : null,
  };
  console.log(JSON.stringify(result));
  console.error(Object.entries(result).map(([k, v]) => `${k}=${v}`).join('  '));
} finally {
  await firefox.close();
  srv.server.close();
}
