// Shared by the end-to-end tests and the browser benchmark: a tiny static server
// for www/ (node's http module, 127.0.0.1, random port) and a Chromium launcher
// with the flags this project always uses (headless, no sandbox as root, no first-run UI).
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { extensionId, readSource } from '../../extension/build.mjs';
import { CHROMIUM, CHROMIUM_ARGS, launchWithDevTools, showDevToolsPanel } from '../lab/producers/common.mjs';
import { userJs } from '../lab/producers/firefox-panel.mjs';
import { inPanel as panelScript, installAndOpenPanel, launchFirefox } from '../lab/producers/firefox-devtools.mjs';
import { poll as pollLab } from '../lab/lib/util.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WWW = path.join(ROOT, 'www');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.har': 'application/json',
  '.json': 'application/json',
  '.ts': 'text/plain',
};

/** The headers of www/_headers ("/*" block), sent as a static host would send them. */
export const WWW_HEADERS = Object.fromEntries(
  fs
    .readFileSync(path.join(WWW, '_headers'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('  '))
    .map((l) => l.trim().split(': ')),
);

/** Serves `dir` under `prefix` (a sub-path, to prove relative URLs); extra routes for tests. */
export function serve(dir = WWW, { prefix = '/', extra = {}, headers = WWW_HEADERS } = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    const url = new URL(req.url, 'http://x');
    if (extra[url.pathname]) return extra[url.pathname](req, res);
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ server, port, origin: `http://127.0.0.1:${port}`, url: `http://127.0.0.1:${port}${prefix}`, requests });
    });
  });
}

export async function launch(extraArgs = []) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'why401-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
  const close = async () => {
    await browser.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { browser, close };
}

/**
 * The panel's request table as data, one row per request drawn (all requests: the script
 * unticks "Failures only"; a test scenario's dozen rows are all drawn, the table virtualises
 * only beyond the screen): a script body for `page.evaluate` (Chromium) or Marionette
 * (Firefox), so both browsers read the same DOM.
 */
export const PANEL_ROWS_SCRIPT = `const only = document.getElementById('failures-only');
if (only && only.checked) only.click();
return [...document.querySelectorAll('#request-table .tr')]
  .sort((a, b) => Number(a.dataset.entry) - Number(b.dataset.entry))
  .map((row) => ({
    entry: Number(row.dataset.entry),
    health: row.dataset.health,
    method: row.querySelector('.method').textContent,
    status: row.querySelector('.status').textContent,
    url: row.querySelector('.name').title,
    name: row.querySelector('.name').textContent,
    causes: [...row.querySelectorAll('.badge.cause')].map((b) => b.textContent),
    badges: [...row.querySelectorAll('.badge')].map((b) => b.textContent),
  }));`;

/**
 * A HAR of several parts' worth (over 3.5 MiB) made of the entries of the HAR file at `from`,
 * repeated, each with Japanese text (three bytes a character): the offline page reads a file
 * part by part (www/worker.js `readInto`), and the parts' cuts fall inside such characters.
 */
export function manyPartsHar(from) {
  const har = JSON.parse(fs.readFileSync(from, 'utf8'));
  for (const e of har.log.entries) e.comment = '認証に失敗しました。'.repeat(200);
  const filler = har.log.entries.map((e) => JSON.stringify(e)).join(',');
  const copies = Math.ceil((3.5 * (1 << 20)) / Buffer.byteLength(filler));
  return `{"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[${Array(copies).fill(filler).join(',')}]}}`;
}

/**
 * A capture large enough that every phase of the engine shares its work out among threads
 * (reading from 4 MiB, each entry's rules from 1,000 entries, collecting credentials from
 * 4,000, findings from 2,000): `from`'s entries over and over, `count` in all, each with a URL
 * of its own.
 */
export function pooledHar(from, count = 5000) {
  const har = JSON.parse(fs.readFileSync(from, 'utf8'));
  const base = har.log.entries;
  har.log.entries = Array.from({ length: count }, (_, i) => {
    const e = structuredClone(base[i % base.length]);
    const url = new URL(e.request.url);
    url.searchParams.set('n', String(i));
    e.request.url = url.href;
    return e;
  });
  return JSON.stringify(har, null, 1);
}

/** Whether the engine built with threads (www/pkg-mt) is there: it needs nightly Rust. */
export const THREADED_BUILT = fs.existsSync(path.join(WWW, 'pkg-mt/why401_bg.wasm'));

/** The headers of www/_headers without the two that make the page cross-origin isolated. */
export const HEADERS_NOT_ISOLATED = Object.fromEntries(
  Object.entries(WWW_HEADERS).filter(([k]) => !k.startsWith('Cross-Origin-')),
);

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Resizes the DevTools window (puppeteer page `devtools`) until the panel frame `panel` is
 * `width` CSS pixels wide: DevTools docks with a sidebar of its own choosing, so the window
 * width that gives a panel width is found by measuring.
 */
export async function resizePanel(devtools, panel, width, height = 760) {
  let w = width + 160;
  for (let i = 0; i < 4; i++) {
    await devtools.setViewport({ width: w, height });
    await sleep(200);
    const got = await panel.evaluate(() => innerWidth);
    if (got === width) return;
    w += width - got;
  }
  throw new Error(`could not make the panel ${width} px wide`);
}

/** Calls `fn` every 100 ms until it returns something truthy; throws after `timeoutMs`. */
export async function poll(what, fn, timeoutMs = 15_000) {
  const t0 = Date.now();
  let last;
  while (Date.now() - t0 < timeoutMs) {
    last = await fn();
    if (last) return last;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/**
 * Headless Chromium with the extension in `ext` loaded and a REAL DevTools window open on
 * http://app.test:PORT/ (the e2e auth server), the why401 panel shown. The panel's own network
 * requests and errors are collected into `panelRequests` and `panelErrors`.
 */
export async function openChromePanel({ ext, port, panelRequests = [], panelErrors = [], showNow = true }) {
  const id = extensionId(readSource().key);
  const PANEL_URL = `chrome-extension://${id}/panel.html`;
  const PANEL_TAB = `chrome-extension://${id}why401`;
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'why401-ext-e2e-'));
  const browser = await launchWithDevTools(puppeteer, { ext, userDataDir });
  // Callers close the browser themselves; its profile goes once the process has exited (a
  // failure to remove it must not fail the run: this handler runs outside any test).
  browser.process()?.once('exit', () => {
    try {
      fs.rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // left for the system's temporary folder cleaning
    }
  });
  const pages = await browser.pages();
  const page = pages.find((p) => p.url() === 'about:blank') || (await browser.newPage());
  await page.goto(`http://app.test:${port}/`);
  const feTarget = await browser.waitForTarget((t) => t.url().startsWith('devtools://devtools/bundled/devtools_app.html'));
  const devtools = await feTarget.asPage();
  // The front end is up once it has loaded the extension's devtools.html; asking InspectorView
  // earlier would create it before DevTools' settings exist.
  await poll('the extension devtools page', () => devtools.frames().some((f) => f.url() === `chrome-extension://${id}/devtools.html`));
  // Load the page again now that DevTools records: its requests are in DevTools' log before the
  // panel opens, so the panel must get them through getHAR.
  await page.reload();
  await page.waitForFunction(() => typeof window.run === 'function');
  await sleep(300);
  const show = () => showPanel({ browser, devtools, PANEL_URL, PANEL_TAB, panelRequests, panelErrors });
  // `showNow: false`: DevTools is open (on another panel) and the caller shows ours later.
  if (!showNow) return { browser, page, devtools, show };
  const panel = await show();
  return { browser, page, devtools, panel };
}

async function showPanel({ browser, devtools, PANEL_URL, PANEL_TAB, panelRequests, panelErrors }) {
  // The extension's devtools.html has run panels.create once the tab exists in DevTools.
  await showDevToolsPanel(devtools, PANEL_TAB, poll);
  // The panel page exists only once it is shown. Record its network activity from then on.
  const panelTarget = await browser.waitForTarget((t) => t.url() === PANEL_URL);
  const cdp = await panelTarget.createCDPSession();
  cdp.on('Network.requestWillBeSent', (ev) => panelRequests.push(ev.request.url));
  await cdp.send('Network.enable');
  cdp.on('Runtime.exceptionThrown', (ev) => panelErrors.push(ev.exceptionDetails.exception?.description || ev.exceptionDetails.text));
  cdp.on('Runtime.consoleAPICalled', (ev) => {
    if (ev.type === 'error' || process.env.WHY401_E2E_DEBUG) {
      panelErrors.push(ev.args.map((a) => a.value ?? a.description).join(' '));
    }
  });
  await cdp.send('Runtime.enable');
  return poll('the panel frame', () => devtools.frames().find((f) => f.url() === PANEL_URL));
}

/**
 * Real headless Firefox ESR driven through Marionette (no geckodriver), with the extension in
 * `ext` installed as a temporary add-on and the toolbox open on the why401 panel. Returns the
 * connection `m`, `inPanel(src)` (runs a function body in the panel page) and `close()`.
 */
/**
 * Whether the panel is drawn and follows the network (it has read DevTools' record and listens).
 * Firefox loads the panel again when the toolbox moves (`switchHost`): wait for this again then.
 */
export const PANEL_FOLLOWING_SCRIPT = `return !!document.querySelector('#request-table .thead') && !!(window.__why401Perf && window.__why401Perf.harIn);`;

export async function openFirefoxPanel({ ext, firefox = process.env.WHY401_FIREFOX || '/usr/bin/firefox-esr' }) {
  const { m, close } = await launchFirefox({ firefox, userJs: userJs() });
  try {
    const panelId = await installAndOpenPanel(m, ext);
    const inPanel = async (src) => {
      const r = await panelScript(m, panelId, src);
      if (r.notReady) throw new Error('the why401 panel is not loaded');
      return r.value;
    };
    // Drawn is not enough: until the panel has read DevTools' record and listens (`harIn`), a page
    // loaded now may finish requests Firefox never hands over (neither to onRequestFinished nor
    // in a later getHAR). A user who opens the panel mid-load meets that; the tests load after.
    await pollLab('the panel following the network', () => inPanel(PANEL_FOLLOWING_SCRIPT).catch(() => false), 20_000);
    return { m, inPanel, close };
  } catch (e) {
    await close();
    throw e;
  }
}
