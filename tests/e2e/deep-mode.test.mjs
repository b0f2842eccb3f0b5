// End-to-end: deep mode ("Capture Chrome's reasons") in a REAL DevTools window of headless
// Chromium, with the deep-mode edition (dist/chrome-deep: the `debugger` permission, which
// Chrome grants only at install). The panel attaches chrome.debugger to the inspected tab from
// a click, Chrome's own CORS verdict reaches the report, Stop detaches.
// Prerequisite: the extension is built (`./build.sh` or `node extension/build.mjs`).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startServer } from './fixtures/auth-server.mjs';
import { openChromePanel, poll, ROOT } from './helpers.mjs';

const EXT = path.join(ROOT, 'dist/chrome-deep');

let server;
let browser;
let page;
let panel;
const panelErrors = [];

before(async () => {
  assert.ok(fs.existsSync(path.join(EXT, 'manifest.json')), `${EXT} is missing: run ./build.sh (or node extension/build.mjs) first`);
  let port;
  ({ server, port } = await startServer());
  ({ browser, page, panel } = await openChromePanel({ ext: EXT, port, panelErrors }));
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

test('deep mode: Chrome\'s own reason for a CORS block, from a click, detached on Stop', async () => {
  const state = () => panel.evaluate(() => document.documentElement.dataset.deep);
  // The deep-mode edition offers the button (once the panel has started).
  await poll('the deep mode button', () => panel.evaluate(() => !document.getElementById('deep').hidden));
  await panel.click('#deep');
  await poll('deep mode settled', async () => ['on', 'error', 'denied'].includes(await state()));
  assert.equal(await state(), 'on', await panel.evaluate(() => document.getElementById('deep-note').textContent));
  const results = await page.evaluate(() => window.run());
  assert.match(String(results.preflight), /TypeError/);
  // The blocked request of the cross-site API: select it in the table, read its diagnosis.
  const entry = await poll('the blocked request in the report', () =>
    panel.evaluate(() => {
      const rows = [...document.querySelectorAll('#request-table .tr')];
      const row = rows.reverse().find((r) => r.querySelector('.method').textContent === 'GET' && /\/v1\/profile$/.test(r.querySelector('.name').title));
      return row ? row.dataset.entry : null;
    }),
  );
  const text = await poll('Chrome\'s reason in the report', async () => {
    // Found and clicked in one task: the report may be redrawn between two CDP calls (a body
    // patched in, Chrome's reasons arriving), which would detach a handle taken before.
    await panel.evaluate((e) => document.querySelector(`#request-table .tr[data-entry="${e}"] .name`)?.click(), entry);
    const t = await panel.evaluate(() => document.getElementById('report').textContent);
    return t.includes('Chrome blocked the request') && t;
  });
  // What Chrome really says for a preflight answered 401 without CORS headers: it checks
  // Access-Control-Allow-Origin first (a hand-written guess would have said "not ok status").
  assert.match(text, /no 'Access-Control-Allow-Origin' header is present/);
  // Stop detaches: starting again attaches anew (a second attach to the same tab would fail).
  await panel.click('#deep');
  await poll('deep mode off', async () => (await state()) === 'off');
  await panel.click('#deep');
  await poll('deep mode on again', async () => ((await state()) === 'on' ? 'on' : null));
  await panel.click('#deep');
  await poll('deep mode off again', async () => (await state()) === 'off');
});

test('deep mode: the panel threw no error', () => {
  assert.deepEqual(panelErrors, []);
});
