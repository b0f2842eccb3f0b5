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
import { focusPanel, inChrome } from '../lab/producers/firefox-devtools.mjs';
import { openFirefoxPanel, PANEL_FOLLOWING_SCRIPT, PANEL_ROWS_SCRIPT } from './helpers.mjs';
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
    return rowFor(r, 'GET', '/api/me')?.causes.length && rowFor(r, 'GET', '/v1/profile')?.causes.length && rowFor(r, 'OPTIONS', '/v1/profile')?.causes.length && rowFor(r, 'GET', '/api/ok?again=1')?.health === 'ok' && r;
  }, 30_000);
  const expect = EXPECTED_CAUSES;
  for (const [method, p, rule] of expect) {
    const row = rowFor(rows, method, p);
    assert.ok(row, `${method} ${p} is listed: ${JSON.stringify(rows.map((r) => r.url))}`);
    assert.equal(row.causes[0], rule, `${method} ${p}: ${JSON.stringify(row)}`);
  }
  for (const p of ['/api/ok', '/api/ok?again=1']) assert.equal(rowFor(rows, 'GET', p).health, 'ok', p);
});

test('Firefox: the keyboard in the table; Escape belongs to the toolbox (its split console)', async () => {
  await m.send('Marionette:SetContext', { value: 'chrome' });
  const toolbox = `const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs");
     const { gDevTools } = require("devtools/client/framework/devtools");
     const tb = gDevTools.getToolboxForTab(gBrowser.selectedTab);`;
  // Real key presses go to the focused element of the browser window: the panel's <browser>.
  await focusPanel(m);
  const press = (...keys) =>
    m.send('WebDriver:PerformActions', {
      actions: [{ type: 'key', id: 'keyboard', actions: keys.flatMap((k) => [{ type: 'keyDown', value: k }, { type: 'keyUp', value: k }]) }],
    });
  const ESCAPE = '\uE00C';
  const DOWN = '\uE015';
  const splitConsole = () => inChrome(m, `${toolbox} return Boolean(tb.splitConsole);`);
  const focus = () => inPanel(`return { tbody: document.activeElement.classList.contains('tbody'), report: document.activeElement.id === 'report' };`);
  // The first failure selected and the table focused, as a click leaves it.
  const first = await inPanel(`const only = document.getElementById('failures-only');
    if (!only.checked) only.click();
    const rows = [...document.querySelectorAll('#request-table .tr')];
    rows[0].querySelector('.method').click();
    return rows.slice(0, 2).map((r) => Number(r.dataset.entry));`);
  await press(DOWN);
  const selected = await poll('ArrowDown selects the next row', () =>
    inPanel(`return Number(document.querySelector('#request-table .tr[aria-selected="true"]')?.dataset.entry);`).then((e) => (e === first[1] ? e : null)),
  );
  assert.equal(selected, first[1]);
  assert.equal(await splitConsole(), false);
  // Firefox's toolbox sees Escape before the panel does and opens its split console (the
  // panel still moves its own focus back to the table); the README says so.
  await inPanel(`document.getElementById('report').focus(); return true;`);
  await press(ESCAPE);
  await poll('the split console open', () => splitConsole());
  assert.deepEqual(await focus(), { tbody: true, report: false });
  await press(ESCAPE);
  await poll('the split console closed again', async () => !(await splitConsole()));
});

test('Firefox: wide (toolbox at the bottom) and narrow (at the side): the primary cause on screen', async () => {
  await m.send('Marionette:SetContext', { value: 'chrome' });
  const host = async (where, width) => {
    await inChrome(
      m,
      `const [where, width] = arguments;
       const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs");
       const { gDevTools } = require("devtools/client/framework/devtools");
       if (width) Services.prefs.setIntPref("devtools.toolbox.sidebar.width", width);
       await gDevTools.getToolboxForTab(gBrowser.selectedTab).switchHost(where);
       return true;`,
      [where, width],
    );
    // The panel's page moves with the toolbox: a script sent to it meanwhile is aborted.
    await poll('the panel after the toolbox moved', () => inPanel(PANEL_FOLLOWING_SCRIPT), 20_000);
  };
  // The jwt-expired request, selected in the table; where its primary cause's title is.
  const primary = () =>
    inPanel(`const only = document.getElementById('failures-only');
      if (!only.checked) only.click();
      const row = [...document.querySelectorAll('#request-table .tr')].find((r) => r.querySelector('.name').textContent === 'orders');
      row.querySelector('.name').click();
      // The diagnosis comes from the analysis worker, a round trip after the click.
      const title = document.querySelector('#report .w4-detail-title');
      const primary = document.querySelector('#report .w4-primary .w4-finding-title');
      if (!primary || !title || !title.textContent.includes('/orders')) return null;
      const t = primary.getBoundingClientRect();
      const table = document.getElementById('request-table').getBoundingClientRect();
      return { width: innerWidth, height: innerHeight, top: t.top, bottom: t.bottom, beside: table.right <= t.left };`);
  try {
    for (const [layout, file, arrange] of [
      ['wide', 'firefox-panel.png', () => host('bottom')],
      ['narrow', 'firefox-panel-narrow.png', () => host('right', 380)],
    ]) {
      await arrange();
      const at = await poll(`the ${layout} panel`, async () => {
        const a = await primary();
        return a && (layout === 'wide' ? a.width >= 900 : a.width <= 400) && a;
      });
      assert.ok(at.top >= 0 && at.bottom <= at.height, `${layout}: ${JSON.stringify(at)}`);
      assert.equal(at.beside, layout === 'wide', `${layout}: ${JSON.stringify(at)}`);
      const shot = await m.send('WebDriver:TakeScreenshot', { full: false }, 30_000);
      fs.writeFileSync(path.join(OUT, file), Buffer.from(shot.value || shot, 'base64'));
      assert.ok(fs.statSync(path.join(OUT, file)).size > 10_000);
    }
  } finally {
    await host('bottom');
  }
});

test('Firefox: a long session keeps the newest requests; the last run\'s blocked request still comes from getHAR', async () => {
  // The hook lowers the bound (25,000 requests). Firefox hands over a request blocked by CORS
  // only in getHAR, read again once the page is quiet: the blocked request of the last run must
  // come in, those let go must not come back.
  const KEEP = 10;
  const RUNS = 3;
  await m.send('Marionette:SetContext', { value: 'chrome' });
  // Retried: the previous test moved the toolbox, and the panel's page may still be settling.
  await poll('the bound lowered and the panel cleared', () => inPanel(`window.__why401MaxEntries = ${KEEP}; document.getElementById('clear').click(); return true;`));
  try {
    await m.send('Marionette:SetContext', { value: 'content' });
    await m.send('WebDriver:Navigate', { url: `http://app.test:${server.port}/` }, 20_000);
    for (let i = 0; i < RUNS; i++) {
      await m.send('WebDriver:ExecuteScript', { script: 'window.__results = null; window.run().then((r) => (window.__results = r)); return true;', args: [] });
      await poll('the run finished', async () => (await m.send('WebDriver:ExecuteScript', { script: 'return window.__results || null;', args: [] })).value, 20_000);
    }
    await m.send('Marionette:SetContext', { value: 'chrome' });
    const latest = (rows, method, p) => rows.filter((r) => r.method === method && new URL(r.url).pathname + new URL(r.url).search === p).at(-1);
    let seen = null; // what the panel showed last, for the message if it never gets there
    const { rows, summary } = await poll('the last run diagnosed after older requests were let go', async () => {
      const r = await readRows();
      const text = await inPanel(`return document.getElementById('summary').textContent;`);
      seen = { text, rows: r.map((x) => `${x.entry} ${x.method} ${new URL(x.url).pathname} ${x.causes.join('+')} ${x.health}`) };
      const done = /older requests were let go/.test(text) && EXPECTED_CAUSES.every(([method, p]) => latest(r, method, p)?.causes.length) && !r.some((x) => x.badges.includes('checking…'));
      return done && { rows: r, summary: text };
    }, 30_000).catch((e) => {
      throw new Error(`${e.message}: ${JSON.stringify(seen, null, 1)}`);
    });
    for (const [method, p, rule] of EXPECTED_CAUSES) assert.equal(latest(rows, method, p).causes[0], rule, `${method} ${p}`);
    const [kept, , dropped] = summary.replace(/,/g, '').match(/\d+/g).map(Number);
    assert.ok(kept <= KEEP + 2 && rows.every((r) => r.entry < kept), summary);
    assert.ok(dropped >= RUNS * (EXPECTED_CAUSES.length - 1) - KEEP, summary);
    // Only the blocked requests of the last runs: the first run's was let go with it.
    const blocked = rows.filter((r) => r.method === 'GET' && new URL(r.url).pathname === '/v1/profile');
    assert.ok(blocked.length >= 1 && blocked.length < RUNS, JSON.stringify(blocked));
  } finally {
    await m.send('Marionette:SetContext', { value: 'chrome' });
    await inPanel('window.__why401MaxEntries = undefined; return true;');
  }
});
