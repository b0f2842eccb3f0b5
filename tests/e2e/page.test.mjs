// End-to-end tests of the offline page (issue 3) in Debian's headless Chromium:
// open fixtures by file input and by drop, check the rendered causes, switch to
// Japanese, export a sanitized HAR and re-open it, and prove that the page talks
// to nobody but its own origin. Run by `./build.sh test` after the wasm build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, manyPartsHar, pooledHar, ROOT, THREADED_BUILT, HEADERS_NOT_ISOLATED } from './helpers.mjs';
import { initSync, analyze, reportCounts } from '../../www/pkg/why401.js';

initSync({ module: fs.readFileSync(path.join(ROOT, 'www/pkg/why401_bg.wasm')) });

const FIX = path.join(ROOT, 'tests/e2e/fixtures');
const OUT = path.join(ROOT, 'tests/out');
const PREFIX = '/some/sub/path/'; // relative URLs only: the page must work under any path
const SECRETS = [
  's3cr3t-api-key-998877', 'sessionvalue-abcdef123456', 'hunter2pass', 'refresh-r3fr3sh-token-77',
  'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
  'implicit-fragment-token-42', 'codeXYZ987', 'clientsecretABC', 'cookie-from-array-555', 'newsessionvalue-999',
  'bearer-opaque-secret-1234567890',
];
// The page's own files; anything else is a leak.
const ASSETS = new Set(['', 'index.html', 'app.js', 'worker.js', 'engine.js', 'pool.js', 'style.css', 'sample.har',
  'pkg/why401.js', 'pkg/why401_bg.wasm', 'pkg/why401.css', 'pkg-mt/why401.js', 'pkg-mt/why401_bg.wasm']);

let srv, tracker, chrome;
before(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  srv = await serve(undefined, { prefix: PREFIX });
  // A second origin standing in for "anywhere else" (the negative self-check).
  tracker = await serve(undefined, {
    prefix: '/',
    extra: {
      '/beacon': (req, res) => res.writeHead(204).end(),
      // Another site that tries to frame the page (clickjacking).
      '/framer': (req, res) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end(`<iframe id="f" src="${srv.url}"></iframe>`),
    },
  });
  chrome = await launch();
});
after(async () => {
  await chrome?.close();
  srv?.server.close();
  tracker?.server.close();
});

/** Every request a page (and its workers) makes, from the browser's side, plus CSP violations. */
async function recordedPage({ bypassCSP = false, query = '', server = srv } = {}) {
  const page = await chrome.browser.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('workercreated', async (w) => {
    // Requests of the module worker (its imports, the wasm) are recorded too.
    try {
      w.client.on('Network.requestWillBeSent', (e) => requests.push(e.request.url));
      await w.client.send('Network.enable');
    } catch { /* the worker may already be gone */ }
  });
  await page.evaluateOnNewDocument(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  if (bypassCSP) await page.setBypassCSP(true);
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(server.url + query, { waitUntil: 'load' });
  await page.waitForSelector('html[data-ready]');
  return { page, requests, errors };
}

/** Requests that are not this page's own static files. */
function foreign(requests) {
  return requests.filter((u) => {
    if (u.startsWith('data:')) return false;
    if (u.startsWith(`blob:${srv.origin}/`)) return false; // exports, created by the page itself
    if (!u.startsWith(srv.url)) return true;
    const rel = new URL(u).pathname.slice(PREFIX.length);
    return !ASSETS.has(rel);
  });
}

async function openByInput(page, file) {
  const input = await page.$('#file');
  await input.uploadFile(file);
  await waitForView(page, path.basename(file));
}

async function waitForView(page, name) {
  await page.waitForFunction((n) => document.querySelector('#loaded')?.textContent.startsWith(n), {}, name);
  await page.waitForSelector('.w4-row');
}

function expected(file, lang = 'en') {
  const report = analyze(fs.readFileSync(file), { lang, nowMs: Date.now() });
  return report.failures.map((f) => ({ url: f.url, cause: f.causes[0] ?? '' }));
}

async function rendered(page) {
  return page.$$eval('.w4-row', (rows) => rows.map((r) => ({
    url: r.querySelector('.w4-url').textContent,
    cause: r.querySelector('.w4-badge').textContent,
  })));
}

test('file input: failing requests and their primary causes are rendered', async () => {
  const { page, requests, errors } = await recordedPage();
  for (const name of ['mixed.har', 'secrets.har']) {
    const file = path.join(FIX, name);
    await openByInput(page, file);
    assert.deepEqual(await rendered(page), expected(file));
  }
  // Causes the current core is known to diagnose (stable across rule changes).
  const causes = (await rendered(page)).map((r) => r.cause);
  assert.ok(causes.includes('jwt-expired'), causes.join());
  const detail = await page.$eval('.w4-detail', (d) => d.textContent);
  assert.match(detail, /\/log\/entries\/1\//, 'evidence shows a HAR pointer');
  assert.ok(!detail.includes('s3cr3t') && !detail.includes('hunter2pass'));
  // "Copy as fetch" and "copy as curl" hand the shell a redacted command.
  await page.evaluate(() => {
    window.__copied = [];
    document.addEventListener('why401-copy', (e) => window.__copied.push(e.detail), true);
  });
  // The worker builds the shown request's headers and commands once the page asks for them.
  await page.waitForSelector('.w4-detail [data-action="copy-fetch"]');
  await page.click('.w4-detail [data-action="copy-fetch"]');
  await page.click('.w4-detail [data-action="copy-curl"]');
  const [fetchCall, curl] = await page.evaluate(() => window.__copied);
  assert.match(fetchCall, /^await fetch\("https?:\/\//, fetchCall);
  assert.match(fetchCall, /credentials: "(include|omit)",\n\}\);$/, fetchCall);
  assert.match(curl, /^curl -i /, curl);
  for (const text of [fetchCall, curl]) assert.ok(!text.includes('s3cr3t') && !text.includes('hunter2pass'), text);
  // Keyboard: ArrowDown on the selected row selects the next failure.
  await page.focus('.w4-row[aria-selected="true"]');
  await page.keyboard.press('ArrowDown');
  const sel = await page.$eval('.w4-row[aria-selected="true"]', (r) => r.dataset.entry);
  assert.equal(sel, String(analyze(fs.readFileSync(path.join(FIX, 'secrets.har')), {}).failures[1].entry));
  // ...and its own headers and curl follow.
  await page.waitForFunction((sel) => document.querySelector(`.w4-detail [data-action="copy-curl"][data-entry="${sel}"]`), {}, sel);
  const curl2 = await page.$eval('.w4-curl', (p) => p.textContent);
  assert.notEqual(curl2, curl);
  assert.ok(!curl2.includes('s3cr3t') && !curl2.includes('hunter2pass'), curl2);
  assert.deepEqual(errors, []);
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'the page violates its own CSP');
  assert.deepEqual(foreign(requests), []);
  await page.close();
});

test('while the user picks a file, the renderer warms up out of sight, and the file is shown as ever', async () => {
  const { page, errors } = await recordedPage();
  // Every round of the warm-up drew the worker's view of its own capture (www/app.js)...
  await page.waitForSelector('html[data-renderer-warm="4"]');
  // ...into no element of the page: nothing is shown until a file is opened.
  assert.equal(await page.$eval('#results', (r) => r.hidden), true);
  assert.equal(await page.$$eval('.w4-row, .w4-detail', (xs) => xs.length), 0);
  const file = path.join(FIX, 'mixed.har');
  await openByInput(page, file);
  assert.deepEqual(await rendered(page), expected(file));
  assert.deepEqual(errors, []);
  await page.close();
  // A view the worker offers once a file is shown draws nothing: the page's handler of the
  // worker's messages is wrapped before the page loads, so that the offer is held back until the
  // file's view is shown, then handed over.
  const late = await chrome.browser.newPage();
  const lateErrors = [];
  late.on('pageerror', (e) => lateErrors.push(e.message));
  await late.evaluateOnNewDocument(() => {
    const Real = window.Worker;
    window.__heldWarm = [];
    window.Worker = class extends Real {
      set onmessage(f) {
        super.onmessage = (ev) => (ev.data?.type === 'warm' ? window.__heldWarm.push(() => f(ev)) : f(ev));
      }
      get onmessage() {
        return super.onmessage;
      }
    };
  });
  await late.goto(srv.url, { waitUntil: 'load' });
  await late.waitForSelector('html[data-ready]');
  await late.waitForFunction(() => window.__heldWarm.length > 0);
  await openByInput(late, file);
  await late.evaluate(() => window.__heldWarm.forEach((deliver) => deliver()));
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await late.evaluate(() => document.documentElement.dataset.rendererWarm), undefined);
  assert.deepEqual(await rendered(late), expected(file));
  assert.deepEqual(lateErrors, []);
  await late.close();
});

test('drop: a file dropped on the page is analysed', async () => {
  const { page } = await recordedPage();
  const file = path.join(FIX, 'mixed.har');
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped-mixed.har', { type: 'application/json' }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, fs.readFileSync(file, 'utf8'));
  await waitForView(page, 'dropped-mixed.har');
  const rows = await rendered(page);
  assert.deepEqual(rows, expected(file));
  assert.ok(rows.some((r) => r.cause === 'token-placeholder'), JSON.stringify(rows));
  await page.close();
});

test('Japanese: the switch changes the interface and the explanations', async () => {
  const { page } = await recordedPage();
  await page.click('#sample');
  await waitForView(page, 'sample.har');
  const before = await page.$eval('.w4-detail', (d) => d.textContent);
  await page.select('#lang', 'ja');
  await page.waitForFunction(() => document.querySelector('.w4-detail')?.textContent.includes('主な原因'));
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ja');
  assert.equal(await page.$eval('label[for=file] span', (s) => s.textContent), 'HAR ファイルを開く…');
  const after = await page.$eval('.w4-detail', (d) => d.textContent);
  assert.notEqual(after, before);
  assert.match(after, /[\u3040-\u30ff\u4e00-\u9fff]{4}/, 'Japanese text in the detail view');
  await page.close();
});

test('sanitized export: no fixture secret survives and it re-opens with the same findings', async () => {
  const { page } = await recordedPage();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'why401-dl-'));
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
  const file = path.join(FIX, 'secrets.har');
  const original = fs.readFileSync(file, 'utf8');
  for (const s of SECRETS) assert.ok(original.includes(s), `fixture lacks ${s}`);
  await openByInput(page, file);
  const before = await rendered(page);
  await page.click('[data-export="sanitized"]');
  const out = path.join(dir, 'secrets.sanitized.har');
  for (let i = 0; i < 100 && !fs.existsSync(out); i++) await new Promise((r) => setTimeout(r, 100));
  const sanitized = fs.readFileSync(out, 'utf8');
  for (const s of SECRETS) assert.ok(!sanitized.includes(s), `${s} survived in the sanitized HAR`);
  const receipt = await page.$eval('#receipt-text', (p) => p.textContent);
  assert.match(receipt, /authorization\s+\/log\/entries\/1\/request\/headers\/1\/value/);
  for (const s of SECRETS) assert.ok(!receipt.includes(s));
  JSON.parse(sanitized); // valid JSON, loadable by browsers
  await openByInput(page, out);
  const after = await rendered(page);
  assert.deepEqual(after.map((r) => r.cause), before.map((r) => r.cause));
  fs.rmSync(dir, { recursive: true, force: true });
  await page.close();
});

test('too large: a clear message instead of a dying tab', async () => {
  const { page } = await recordedPage({ query: '?maxBytes=1000' });
  const input = await page.$('#file');
  await input.uploadFile(path.join(FIX, 'secrets.har'));
  await page.waitForSelector('#message:not([hidden])');
  assert.match(await page.$eval('#message', (m) => m.textContent), /too large.*why401 FILE\.har/);
  await page.close();
});

test('no engine: a page whose wasm does not load says so, in the reader\'s language', async () => {
  // A browser without WebAssembly SIMD (Safari before 16.4) fails as this broken module does.
  const broken = await serve(undefined, {
    prefix: PREFIX,
    extra: { [`${PREFIX}pkg/why401_bg.wasm`]: (req, res) => res.writeHead(200, { 'content-type': 'application/wasm' }).end('not wasm') },
  });
  try {
    for (const [lang, words] of [['en-US', /analysis engine did not load.*Safari 16\.4/], ['ja', /解析エンジンを読み込めませんでした.*Safari 16\.4/]]) {
      const page = await chrome.browser.newPage();
      await page.evaluateOnNewDocument((l) => Object.defineProperty(navigator, 'language', { get: () => l }), lang);
      await page.goto(broken.url, { waitUntil: 'load' });
      await page.waitForSelector('html[data-engine="failed"] #message:not([hidden])');
      assert.match(await page.$eval('#message', (m) => m.textContent), words);
      assert.equal(await page.$eval('#open', (s) => s.hidden), true, 'no buttons that cannot work');
      assert.equal(await page.$('html[data-ready]'), null);
      await page.close();
    }
  } finally {
    broken.server.close();
  }
});

test('privacy: only the page\'s own files are requested, and the recorder would see anything else', async () => {
  const { page, requests } = await recordedPage();
  await page.click('#sample');
  await waitForView(page, 'sample.har');
  await openByInput(page, path.join(FIX, 'secrets.har'));
  await page.click('[data-export="markdown"]');
  await page.select('#lang', 'ja');
  await page.waitForFunction(() => document.documentElement.lang === 'ja');
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(requests.some((u) => u.endsWith('/pkg/why401_bg.wasm')), `recorder saw: ${requests.join(' ')}`);
  assert.deepEqual(foreign(requests), [], 'requests to anything but the page\'s own files');
  const served = srv.requests.filter((u) => !ASSETS.has(new URL(u, 'http://x').pathname.slice(PREFIX.length)));
  assert.deepEqual(served, [], 'the server saw requests for other files');
  // The CSP itself blocks a beacon elsewhere, and says so.
  await page.evaluate((u) => fetch(u).catch(() => {}), `${tracker.origin}/beacon?leak=1`);
  await page.waitForFunction(() => window.__csp.length > 0);
  await page.close();

  // Negative self-check: with the CSP bypassed, an injected beacon is a network
  // request, and the same recorder and filter flag it. If this failed, the
  // assertions above would prove nothing.
  const probe = await recordedPage({ bypassCSP: true });
  await probe.page.evaluate((u) => fetch(u, { mode: 'no-cors' }).catch(() => {}), `${tracker.origin}/beacon?leak=2`);
  await probe.page.evaluate((u) => navigator.sendBeacon(u, 'x'), `${tracker.origin}/beacon?leak=3`);
  await new Promise((r) => setTimeout(r, 300));
  const leaks = foreign(probe.requests);
  assert.ok(leaks.some((u) => u.includes('leak=2')), `recorder missed the fetch: ${probe.requests.join(' ')}`);
  assert.ok(leaks.some((u) => u.includes('leak=3')), `recorder missed the beacon: ${probe.requests.join(' ')}`);
  assert.ok(tracker.requests.some((u) => u.includes('leak=2')), 'the beacon really left the page');
  await probe.page.close();
});

test('no other site can frame the page (www/_headers: frame-ancestors \'none\')', async () => {
  const page = await chrome.browser.newPage();
  await page.goto(`${tracker.origin}/framer`);
  await new Promise((r) => setTimeout(r, 500));
  const child = page.frames().find((f) => f !== page.mainFrame());
  assert.ok(child, 'the iframe exists');
  // A refused frame is Chromium's error document: none of the page's elements are in it.
  const rendered = await child.evaluate(() => !!document.getElementById('file')).catch(() => false);
  assert.equal(rendered, false, `framed page rendered (frame url ${child.url()})`);
  // Self-check: the same page opened directly renders.
  const direct = await chrome.browser.newPage();
  await direct.goto(srv.url);
  await direct.waitForSelector('#file');
  await Promise.all([page.close(), direct.close()]);
});

test('screenshots for a person to look at (tests/out/)', async () => {
  const { page } = await recordedPage();
  await page.click('#sample');
  await waitForView(page, 'sample.har');
  await page.screenshot({ path: path.join(OUT, 'page.png'), fullPage: true });
  await page.select('#theme', 'dark');
  await page.screenshot({ path: path.join(OUT, 'page-dark.png'), fullPage: true });
  await page.setViewport({ width: 360, height: 800 });
  await page.screenshot({ path: path.join(OUT, 'page-360.png'), fullPage: true });
  for (const f of ['page.png', 'page-dark.png', 'page-360.png']) assert.ok(fs.statSync(path.join(OUT, f)).size > 10_000);
  await page.close();
});

test('a renderer given the same view again leaves the diagnosis on screen as it is', async () => {
  // The panel sends a view several times a second on a busy page, mostly the same diagnosis:
  // redrawing it would cost a layout each time, lose the reader's text selection and close the
  // boxes the reader opened.
  const { page, errors } = await recordedPage();
  const har = fs.readFileSync(path.join(FIX, 'mixed.har')).toString('base64');
  const r = await page.evaluate(async (b64) => {
    const mod = await import('./pkg/why401.js');
    await mod.default();
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const session = new mod.Session({ lang: 'en', nowMs: Date.parse('2024-05-01T12:00:00Z') });
    session.addHar(bytes);
    const failing = session.view().report.failures.map((f) => f.entry);
    const box = document.createElement('div');
    document.body.append(box);
    const renderer = new mod.Renderer(box, { lang: 'en', mode: 'detail' });
    const show = (entry) => {
      renderer.select(entry);
      renderer.setView(session.viewFor(entry));
      return box.querySelector('.w4-detail');
    };
    const first = show(failing[0]);
    const title = first.querySelector('.w4-detail-title').textContent;
    // A selection the reader made in the diagnosis.
    const range = document.createRange();
    range.selectNodeContents(first.querySelector('.w4-detail-title'));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    const again = show(failing[0]);
    const kept = { same: again === first, selected: getSelection().toString() };
    // A box the reader opened stays open (and the nodes stay) when the same view comes again.
    const boxes = first.querySelectorAll('details').length;
    first.querySelector('details').open = true;
    const opened = show(failing[0]);
    kept.afterOpening = { same: opened === first, open: opened.querySelector('details').open };
    const other = show(failing[1]);
    return { failing: failing.length, boxes, title, kept, replaced: other !== first, otherTitle: other.querySelector('.w4-detail-title').textContent };
  }, har);
  assert.ok(r.failing >= 2, JSON.stringify(r));
  assert.ok(r.boxes > 0, JSON.stringify(r));
  assert.deepEqual(r.kept, { same: true, selected: r.title, afterOpening: { same: true, open: true } }, 'the same view keeps the nodes, the selection and an opened box');
  assert.ok(r.replaced, 'the diagnosis of another request is drawn');
  assert.notEqual(r.otherTitle, r.title);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a token cut inside a multi-byte character gets a normal diagnosis', async () => {
  const { page, errors } = await recordedPage();
  const file = path.join(FIX, 'panic-input.har');
  await openByInput(page, file);
  const rows = await rendered(page);
  assert.deepEqual(rows, expected(file));
  assert.equal(rows.length, 3, JSON.stringify(rows));
  assert.ok(rows.some((r) => r.url.includes('/cut-token') && r.cause === 'jwt-malformed'), JSON.stringify(rows));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a capture pasted while a large file is still being read is the one shown', async () => {
  // The worker reads a dropped file straight into the engine, part by part, and a second file
  // opened meanwhile stops that reading. Whether the first file's reading is still going on when
  // the second comes is the browser's to decide (a file in the page cache may be read at once):
  // either way the later file is the one shown, with no error, and nothing of the first after it.
  const { page, errors } = await recordedPage();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'why401-big-'));
  const big = path.join(dir, 'big.har');
  const mixed = JSON.parse(fs.readFileSync(path.join(FIX, 'mixed.har'), 'utf8'));
  const filler = mixed.log.entries.map((e) => JSON.stringify(e)).join(',');
  const copies = Math.ceil((30 << 20) / filler.length);
  fs.writeFileSync(big, `{"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[${Array(copies).fill(filler).join(',')}]}}`);
  const small = fs.readFileSync(path.join(FIX, 'secrets.har'), 'utf8');
  const input = await page.$('#file');
  await input.uploadFile(big);
  await page.waitForFunction(() => !document.querySelector('#progress').hidden, { polling: 5 });
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
  }, small);
  await waitForView(page, 'pasted.har');
  await new Promise((r) => setTimeout(r, 3000)); // time for the first file's analysis, were it still going on
  const shown = await page.$eval('#loaded', (el) => el.textContent);
  assert.ok(shown.startsWith('pasted.har'), shown);
  assert.deepEqual(await rendered(page), expected(path.join(FIX, 'secrets.har')));
  assert.equal(await page.$eval('#message', (el) => el.textContent.trim()), '', 'no error shown');
  assert.deepEqual(errors, []);
  fs.rmSync(dir, { recursive: true, force: true });
  await page.close();
});

test('a file read in many parts is analysed as its bytes are', async () => {
  // The worker reads a file part by part into one buffer of its own and copies each part into
  // the engine's memory where the engine says (`readInto`): a file of several parts, with
  // Japanese text (three bytes a character) wherever the parts happen to be cut, gives the
  // report Node's build gives for the same bytes.
  const { page, errors } = await recordedPage();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'why401-parts-'));
  const file = path.join(dir, 'parts.har');
  fs.writeFileSync(file, manyPartsHar(path.join(FIX, 'mixed.har')));
  assert.ok(fs.statSync(file).size > 3 << 20);
  await openByInput(page, file);
  const want = expected(file);
  assert.ok(want.length > 10, `${want.length} failures`);
  // The list draws its first rows; the count says how many there are.
  const got = await rendered(page);
  assert.deepEqual(got, want.slice(0, got.length));
  const entries = analyze(fs.readFileSync(file), { lang: 'en' }).input.entries;
  assert.equal(await page.$eval('#loaded', (el) => el.textContent), `parts.har: ${reportCounts('en', want.length, entries)}`);
  assert.deepEqual(errors, []);
  fs.rmSync(dir, { recursive: true, force: true });
  await page.close();
});

test('a bug that panics on one entry costs that entry, not the page', async () => {
  // ?faultEntry=1 makes the core panic at entry 1: the wasm instance traps, the worker loads a
  // fresh one and analyses again without that entry.
  const { page, requests } = await recordedPage({ query: '?faultEntry=1' });
  const file = path.join(FIX, 'panic-input.har');
  await openByInput(page, file);
  const rows = await rendered(page);
  const all = expected(file);
  assert.deepEqual(rows, [all[0], all[2]], 'every other failure is still diagnosed');
  const text = await page.evaluate(() => document.body.textContent);
  assert.match(text, /entry 1 was left out: why401 failed on it/);
  assert.match(text, /fault injected at entry 1/);
  assert.ok(requests.some((u) => /pkg(-mt)?\/why401\.js\?instance=1/.test(u)), 'a fresh module instance was loaded');
  // The page keeps working: another file opens normally afterwards.
  await openByInput(page, path.join(FIX, 'mixed.har'));
  assert.ok((await rendered(page)).length > 0);
  await page.close();
});

/** Threads the page's engine should run on: as many as cores (at most 8) where it is isolated
 * and www/pkg-mt was built (nightly Rust), else one. */
async function threadsWanted(page, isolated) {
  if (!isolated || !THREADED_BUILT) return 1;
  return Math.min(await page.evaluate(() => navigator.hardwareConcurrency), 8);
}

test('a large capture is analysed on a pool of threads where the page is isolated, as on one', async () => {
  // www/_headers makes the page cross-origin isolated: its worker runs the engine built with
  // threads (www/pkg-mt) over memory it shares with a pool of workers (www/pool.js). A capture
  // large enough for every phase to share its work out gives the report Node's one-thread
  // build gives. Served without the two headers, the page runs on one thread, with that report.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'why401-pool-'));
  const file = path.join(dir, 'pooled.har');
  fs.writeFileSync(file, pooledHar(path.join(FIX, 'mixed.har')));
  const want = expected(file);
  assert.ok(want.length > 2000, `${want.length} failures`);
  const entries = analyze(fs.readFileSync(file), { lang: 'en' }).input.entries;
  const plain = await serve(undefined, { prefix: PREFIX, headers: HEADERS_NOT_ISOLATED });
  try {
    for (const [server, isolated] of [[srv, true], [plain, false]]) {
      const { page, errors } = await recordedPage({ server });
      assert.equal(await page.evaluate(() => crossOriginIsolated), isolated);
      await openByInput(page, file);
      const got = await rendered(page);
      assert.deepEqual(got, want.slice(0, got.length));
      assert.equal(await page.$eval('#loaded', (el) => el.textContent), `pooled.har: ${reportCounts('en', want.length, entries)}`);
      const threads = await threadsWanted(page, isolated);
      assert.equal(await page.$eval('html', (h) => h.dataset.threads), String(threads));
      // The pool's workers ran parts of the analysis (none where there is no pool).
      const pooled = Number(await page.$eval('html', (h) => h.dataset.pooled));
      if (threads > 1) assert.ok(pooled > 0, `the pool's workers ran ${pooled} parts`);
      else assert.equal(pooled, 0);
      if (isolated && THREADED_BUILT) assert.ok(threads > 1, 'this machine has one core: nothing here shares work out');
      assert.deepEqual(errors, []);
      await page.close();
    }
  } finally {
    plain.server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a bug that panics on a worker of the pool costs that entry, not the page', async () => {
  // The last entry is read and checked on a worker of the pool (the last part of each phase
  // is handed out; the page's worker does the first). Its panic aborts that worker; the
  // engine's hook tells the thread waiting for the part, which panics in its turn with the
  // entry's mark: the page restarts the engine, and its pool, without that entry.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'why401-pool-'));
  const file = path.join(dir, 'pooled.har');
  fs.writeFileSync(file, pooledHar(path.join(FIX, 'panic-input.har'), 3000));
  const last = 2999;
  const { page, requests } = await recordedPage({ query: `?faultEntry=${last}` });
  try {
    await openByInput(page, file);
    const all = analyze(fs.readFileSync(file), { lang: 'en' }).failures;
    assert.ok(all.some((f) => f.entry === last), 'the entry left out is a failure');
    const text = await page.evaluate(() => document.body.textContent);
    assert.match(text, new RegExp(`entry ${last} was left out: why401 failed on it`));
    assert.match(text, new RegExp(`fault injected at entry ${last}`));
    const threads = await threadsWanted(page, true);
    assert.equal(await page.$eval('html', (h) => h.dataset.threads), String(threads));
    if (threads > 1) assert.ok(Number(await page.$eval('html', (h) => h.dataset.pooled)) > 0, 'the fresh pool ran parts');
    assert.ok(requests.some((u) => /pkg(-mt)?\/why401\.js\?instance=1/.test(u)), 'a fresh module instance was loaded');
    // The rest is what the engine reports with that entry left out.
    const rest = analyze(fs.readFileSync(file), { lang: 'en', skip: [{ entry: last, rule: null, message: 'left out' }] });
    assert.equal(rest.failures.length, all.length - 1);
    assert.deepEqual(await rendered(page), rest.failures.slice(0, (await rendered(page)).length).map((f) => ({ url: f.url, cause: f.causes[0] ?? '' })));
    assert.equal(await page.$eval('#loaded', (el) => el.textContent), `pooled.har: ${reportCounts('en', rest.failures.length, rest.input.entries)}`);
  } finally {
    await page.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
