// The offline page in real Firefox (ESR, headless, driven through Marionette): the page's
// engine runs in a module worker with WebAssembly SIMD, and the renderer asks that worker for
// the shown request's headers and curl. Chromium covers the page in depth (page.test.mjs);
// this proves the same path works in the other engine users open it in.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { asyncBody, launchFirefox } from '../lab/producers/firefox-devtools.mjs';
import { manyPartsHar, pooledHar, ROOT, serve, THREADED_BUILT } from './helpers.mjs';
import { analyze, initSync, reportCounts } from '../../www/pkg/why401.js';

initSync({ module: fs.readFileSync(path.join(ROOT, 'www/pkg/why401_bg.wasm')) });

let srv, firefox;
before(async () => {
  srv = await serve();
  firefox = await launchFirefox({ firefox: process.env.WHY401_FIREFOX || '/usr/bin/firefox-esr', userJs: '' });
  await firefox.m.send('WebDriver:NewSession', { capabilities: { alwaysMatch: {} } });
});
after(async () => {
  await firefox?.close();
  srv?.server.close();
});

/** Runs `src` (a function body that may await) in the page. */
const inPage = (src, args = []) => firefox.m.send('WebDriver:ExecuteScript', { script: asyncBody(src), args }, 60_000).then((r) => r.value);

/** The page given `text` as a file named `name`, dropped on it, once its failures are drawn
 * (at most `ms`): the rows, the status line and message, and what its engine ran on. */
async function dropped(text, name, ms = 30000) {
  await firefox.m.send('WebDriver:Navigate', { url: srv.url });
  return inPage(`
    const [text, name, ms] = arguments;
    const wait = async (f) => { const t = Date.now(); for (;;) { const v = f(); if (v) return v; if (Date.now() - t > ms) return null; await new Promise((r) => setTimeout(r, 50)); } };
    await wait(() => document.documentElement.dataset.ready);
    const dt = new DataTransfer();
    dt.items.add(new File([text], name, { type: 'application/json' }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    await wait(() => document.getElementById('loaded').textContent.startsWith(name) && document.querySelectorAll('.w4-row').length);
    return {
      rows: [...document.querySelectorAll('.w4-row')].map((r) => ({ entry: r.dataset.entry, cause: r.querySelector('.w4-badge').textContent })),
      loaded: document.getElementById('loaded').textContent,
      message: document.getElementById('message').textContent,
      threads: document.documentElement.dataset.threads,
      pooled: Number(document.documentElement.dataset.pooled),
      isolated: crossOriginIsolated,
      cores: navigator.hardwareConcurrency,
    };
  `, [text, name, ms]);
}

/** Checks that what the page drew of `text` (dropped as `name`) is what Node's one-thread build
 * reports: the rows drawn, the count of failures and entries, no message. The failures' count. */
function shows(got, text, name) {
  const report = analyze(Buffer.from(text), { lang: 'en', nowMs: Date.now() });
  const want = report.failures.map((f) => ({ entry: String(f.entry), cause: f.causes[0] }));
  assert.deepEqual(got.rows, want.slice(0, got.rows.length));
  assert.equal(got.loaded, `${name}: ${reportCounts('en', want.length, report.input.entries)}`);
  assert.equal(got.message, '');
  return want.length;
}

test('Firefox: the sample is diagnosed, and a failure shows its own redacted curl', async () => {
  await firefox.m.send('WebDriver:Navigate', { url: srv.url });
  const got = await inPage(`
    const wait = async (f) => { const t = Date.now(); for (;;) { const v = f(); if (v) return v; if (Date.now() - t > 30000) return null; await new Promise((r) => setTimeout(r, 50)); } };
    await wait(() => document.documentElement.dataset.ready);
    document.getElementById('sample').click();
    await wait(() => document.querySelectorAll('.w4-row').length);
    const rows = [...document.querySelectorAll('.w4-row')].map((r) => ({ entry: r.dataset.entry, cause: r.querySelector('.w4-badge').textContent }));
    const first = await wait(() => document.querySelector('.w4-curl'));
    const second = rows[1] && document.querySelector('.w4-row[data-entry="' + rows[1].entry + '"]');
    second.click();
    const curl = await wait(() => document.querySelector('.w4-detail [data-action="copy-curl"][data-entry="' + rows[1].entry + '"]') && document.querySelector('.w4-curl').textContent);
    return { rows, first: first && first.textContent, curl, message: document.getElementById('message').textContent };
  `);
  const report = analyze(fs.readFileSync(path.join(ROOT, 'www/sample.har')), { lang: 'en', nowMs: Date.now() });
  assert.deepEqual(got.rows, report.failures.map((f) => ({ entry: String(f.entry), cause: f.causes[0] })));
  assert.equal(got.message, '');
  assert.match(got.first, /^curl -i /);
  assert.match(got.curl, /^curl -i /);
  assert.notEqual(got.curl, got.first, 'the second failure shows its own curl');
  // The sample's bearer tokens are JWTs: shown as fingerprints, never whole.
  for (const c of [got.first, got.curl]) assert.ok(!/eyJ[\w-]{20,}\.[\w-]{20,}\.[\w-]{10,}/.test(c), c);
});

test('Firefox: a file read in many parts is analysed as its bytes are', async () => {
  // The worker reads a file with a BYOB reader into one buffer, part by part, and copies each
  // part into the engine's memory (www/worker.js `readInto`): Firefox's file streams must give
  // what Chromium's give. A file of several megabytes, Japanese text across the parts' cuts.
  const text = manyPartsHar(path.join(ROOT, 'www/sample.har'));
  const got = await dropped(text, 'parts.har');
  assert.ok(Buffer.byteLength(text) > 3 << 20);
  assert.ok(got.rows.length > 10, `${got.rows.length} rows`);
  // The count covers the whole file: a part lost or misplaced anywhere changes it.
  shows(got, text, 'parts.har');
});

test('Firefox: a large capture is analysed on a pool of threads, as on one', async () => {
  // The page is cross-origin isolated (www/_headers): the engine built with threads shares its
  // memory with a pool of workers, each instantiating the module Firefox compiled once.
  const text = pooledHar(path.join(ROOT, 'tests/e2e/fixtures/mixed.har'));
  const got = await dropped(text, 'pooled.har', 50000);
  const failures = shows(got, text, 'pooled.har');
  assert.ok(failures > 2000, `${failures} failures`);
  assert.equal(got.isolated, true);
  const threads = THREADED_BUILT ? Math.min(got.cores, 8) : 1;
  assert.equal(got.threads, String(threads));
  if (THREADED_BUILT) assert.ok(threads > 1, 'this machine has one core: nothing here shares work out');
  if (threads > 1) assert.ok(got.pooled > 0, `the pool's workers ran ${got.pooled} parts`);
});
