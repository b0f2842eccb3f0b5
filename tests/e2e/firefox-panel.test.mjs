// End-to-end: the why401 panel in REAL headless Firefox ESR (Debian firefox-esr).
//
// Firefox is driven through its built-in Marionette protocol (no geckodriver): dist/firefox is
// installed as a temporary add-on, DevTools is opened on the tab with the why401 panel shown,
// the page sends the same requests as the Chrome test (tests/e2e/fixtures/auth-server.mjs), and
// the panel's DOM is read by running a script in the panel's own process. Firefox's DevTools API
// differs from Chrome's: no _resourceType/_initiator, and a request blocked by CORS never reaches
// onRequestFinished (the panel finds it in getHAR once the page is quiet).
// Prerequisite: the extension is built (`./build.sh` or `node extension/build.mjs`).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { poll } from '../lab/lib/util.mjs';
import { openFirefoxPanel, PANEL_ROWS_SCRIPT } from './helpers.mjs';
import { EXPECTED_CAUSES, startServer } from './fixtures/auth-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXT = path.join(ROOT, 'dist/firefox');
const OUT = path.join(ROOT, 'tests/out');

let server;
let firefox; // {m, inPanel, close}
let m; // the Marionette connection

/** Runs `src` in the why401 panel page. */
const inPanel = (src) => firefox.inPanel(src);

/** The panel's capture list as data, as in the Chrome test. */
const readRows = () => inPanel(PANEL_ROWS_SCRIPT);

const rowFor = (rows, method, p) => rows.find((r) => r.method === method && new URL(r.url).pathname + new URL(r.url).search === p);

before(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  assert.ok(fs.existsSync(path.join(EXT, 'manifest.json')), 'dist/firefox is built');
  server = await startServer();
  firefox = await openFirefoxPanel({ ext: EXT });
  m = firefox.m;
});

after(async () => {
  if (firefox) await firefox.close();
  server?.server.close();
});

test('Firefox: failing requests get their causes in the panel, the blocked one included', async () => {
  await m.send('Marionette:SetContext', { value: 'content' });
  await m.send('WebDriver:Navigate', { url: `http://app.test:${server.port}/` }, 20_000);
  await m.send('WebDriver:ExecuteScript', { script: 'window.run().then((r) => (window.__results = r)); return true;', args: [] });
  const results = await poll('the page finished its requests', async () => {
    const r = await m.send('WebDriver:ExecuteScript', { script: 'return window.__results || null;', args: [] });
    return r.value;
  }, 20_000);
  assert.equal(results.expired, 401);
  assert.match(String(results.preflight), /TypeError/);
  await m.send('Marionette:SetContext', { value: 'chrome' });
  // The blocked GET only appears once the panel re-read getHAR after the page went quiet.
  const rows = await poll('every scenario request with its cause', async () => {
    const r = await readRows();
    return rowFor(r, 'GET', '/api/me')?.causes.length && rowFor(r, 'GET', '/v1/profile')?.causes.length && rowFor(r, 'OPTIONS', '/v1/profile')?.causes.length && r;
  }, 30_000);
  const expect = EXPECTED_CAUSES;
  for (const [method, p, rule] of expect) {
    const row = rowFor(rows, method, p);
    assert.ok(row, `${method} ${p} is listed: ${JSON.stringify(rows.map((r) => r.url))}`);
    assert.equal(row.causes[0], rule, `${method} ${p}: ${JSON.stringify(row)}`);
  }
  for (const p of ['/api/ok', '/api/ok?again=1']) assert.equal(rowFor(rows, 'GET', p).health, 'ok', p);
});

test('Firefox: screenshot of the toolbox with the panel', async () => {
  await m.send('Marionette:SetContext', { value: 'chrome' });
  const shot = await m.send('WebDriver:TakeScreenshot', { full: false }, 30_000);
  const file = path.join(OUT, 'firefox-panel.png');
  fs.writeFileSync(file, Buffer.from(shot.value || shot, 'base64'));
  assert.ok(fs.statSync(file).size > 10_000);
});
