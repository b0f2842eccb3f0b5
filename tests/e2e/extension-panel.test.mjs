// End-to-end: the why401 panel in a REAL DevTools window of headless Chromium.
//
// Chromium (Debian's /usr/bin/chromium, --headless=new) loads dist/chrome and opens DevTools
// for the tab (--auto-open-devtools-for-tabs). The test shows the why401 panel, makes the page
// send requests that fail authentication in known ways, and reads the panel's DOM.
// Prerequisite: the extension is built (`./build.sh` or `node extension/build.mjs`).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { extensionId, readSource } from '../../extension/build.mjs';
import { EXPECTED_CAUSES, startServer } from './fixtures/auth-server.mjs';
import { openChromePanel, PANEL_ROWS_SCRIPT, poll, resizePanel, sleep } from './helpers.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXT = path.join(ROOT, 'dist/chrome');
const OUT = path.join(ROOT, 'tests/out');
const ID = extensionId(readSource().key);

let server;
let port;
let browser;
let page; // the inspected page
let devtools; // the DevTools front end (devtools://devtools/bundled/devtools_app.html)
let panel; // the why401 panel frame
const panelRequests = [];
const panelErrors = [];

/** The panel's capture list as data: one row per listed request. */
function readRows() {
  return panel.evaluate(`(() => { ${PANEL_ROWS_SCRIPT} })()`);
}

/**
 * What the panel copies when `selector` is clicked with a row selected (`row`, a predicate on
 * the row element, sent as source: by default /api/orders): the
 * panel copies through a textarea and the copy command (DevTools gives it no clipboard
 * permission), so the command is watched.
 */
function copiedByClicking(selector, row = (r) => r.querySelector('.name').textContent === 'orders') {
  return panel.evaluate(async (sel, pick) => {
    // eslint-disable-next-line no-new-func
    const chosen = new Function('r', `return (${pick})(r);`);
    const seen = [];
    const name = [...document.querySelectorAll('#request-table .tr')].find(chosen).querySelector('.name');
    name.click();
    // The diagnosis comes from the analysis worker, a round trip after the click.
    for (let waited = 0; waited < 10_000; waited += 20) {
      const title = document.querySelector('#report .w4-detail-title');
      if (title && title.textContent.includes(name.textContent) && document.querySelector(sel)) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const real = document.execCommand.bind(document);
    document.execCommand = (cmd, ...rest) => {
      if (cmd === 'copy') seen.push(document.activeElement && document.activeElement.value);
      return real(cmd, ...rest);
    };
    document.querySelector(sel).click();
    document.execCommand = real;
    return seen;
  }, selector, row.toString());
}

const rowFor = (rows, method, pathAndQuery) =>
  rows.find((r) => r.method === method && new URL(r.url).pathname + new URL(r.url).search === pathAndQuery);

before(async () => {
  assert.ok(fs.existsSync(path.join(EXT, 'manifest.json')), `${EXT} is missing: run ./build.sh (or node extension/build.mjs) first`);
  fs.mkdirSync(OUT, { recursive: true });
  ({ server, port } = await startServer());
  ({ browser, page, devtools, panel } = await openChromePanel({ ext: EXT, port, panelRequests, panelErrors }));
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

test('the panel picks up what DevTools captured before it opened (getHAR)', async () => {
  const rows = await poll('GET /api/ok in the panel', async () => {
    const rows = await readRows();
    return rowFor(rows, 'GET', '/api/ok') && rows;
  });
  assert.equal(rowFor(rows, 'GET', '/api/ok').status, '200');
});

let rows;
test('failing requests appear live (onRequestFinished), preflight linked to its blocked request', async () => {
  const results = await page.evaluate(() => window.run());
  // What the page itself saw: the server and the browser behaved as the scenario needs.
  assert.deepEqual(
    { ...results, preflight: String(results.preflight).startsWith('TypeError') },
    { expired: 401, basic: 401, missing: 401, cut: 401, preflight: true, control: 200 },
  );
  rows = await poll('all scenario requests in the panel', async () => {
    const r = await readRows();
    // Preflights are paired by the full analysis (a failure may be drawn first from the quick one).
    const pre = rowFor(r, 'OPTIONS', '/v1/profile');
    // The blocked request is called failing once an analysis that covers it is drawn (the
    // worker's report can be a moment behind the table's pairing).
    return rowFor(r, 'GET', '/api/ok?again=1') && pre && rowFor(r, 'GET', '/v1/profile')?.health === 'failing' && pre.badges.some((b) => b.startsWith('preflight for')) && r;
  });
  assert.equal(rowFor(rows, 'GET', '/api/orders').status, '401');
  assert.equal(rowFor(rows, 'GET', '/api/legacy').status, '401');
  assert.equal(rowFor(rows, 'GET', '/api/me').status, '401');
  const pre = rowFor(rows, 'OPTIONS', '/v1/profile');
  const blocked = rowFor(rows, 'GET', '/v1/profile');
  assert.equal(pre.status, '401');
  assert.equal(blocked.status, '—');
  // The blocked request is a failure with a cause, not only a raw net::ERR_FAILED.
  assert.equal(blocked.health, 'failing');
  assert.ok(blocked.badges.some((b) => b.includes('net::ERR_FAILED')), JSON.stringify(blocked));
  assert.ok(pre.badges.includes(`preflight for #${blocked.entry}`), JSON.stringify(pre));
  assert.ok(blocked.badges.includes(`after preflight #${pre.entry}`), JSON.stringify(blocked));
});

test('each failing request shows its cause; the control request is healthy', async (t) => {
  const engineError = await panel.evaluate(() => {
    const n = document.getElementById('notice');
    return n.hidden ? null : n.textContent;
  });
  if (engineError) {
    t.todo(`needs a working wasm engine in dist/chrome/pkg: ${engineError}`);
    return;
  }
  // Failures may be drawn first (quick analysis on a loaded machine); the full analysis that
  // calls the control request healthy follows.
  rows = await poll('causes on every failing request, the control request analysed', async () => {
    const r = await readRows();
    return rowFor(r, 'GET', '/api/me')?.causes.length && rowFor(r, 'OPTIONS', '/v1/profile')?.causes.length && rowFor(r, 'GET', '/api/ok?again=1')?.health === 'ok' && r;
  });
  const expect = EXPECTED_CAUSES;
  for (const [method, p, rule] of expect) {
    const row = rowFor(rows, method, p);
    assert.equal(row.health, 'failing', `${method} ${p}: ${JSON.stringify(row)}`);
    assert.equal(row.causes[0], rule, `${method} ${p} primary cause: ${JSON.stringify(row.causes)}`);
  }
  for (const p of ['/api/ok', '/api/ok?again=1']) {
    const row = rowFor(rows, 'GET', p);
    assert.equal(row.health, 'ok', JSON.stringify(row));
    assert.deepEqual(row.causes, []);
  }
  // Selecting a row in the table shows that request's diagnosis, its primary cause first.
  for (const [method, p, rule] of expect) {
    const entry = rowFor(rows, method, p).entry;
    await panel.evaluate((e) => document.querySelector(`#request-table .tr[data-entry="${e}"] .name`).click(), entry);
    // The diagnosis comes from the analysis worker: it follows the click within a round trip.
    // (OPTIONS and GET /v1/profile share a path: the method tells their diagnoses apart.)
    const shown = await poll(`${method} ${p}: its diagnosis`, () => panel.evaluate((method, p) => {
      const title = document.querySelector('#report .w4-detail-title');
      const primary = document.querySelector('#report .w4-primary');
      const same = title && title.querySelector('.w4-method')?.textContent === method && title.textContent.includes(p);
      return same && { title: title.textContent, text: primary && primary.textContent };
    }, method, p));
    assert.ok(shown.text && shown.text.includes(rule), `${method} ${p}: primary cause ${rule} in ${shown.text}`);
  }
  // "Copy as fetch" copies through the panel's own path (no clipboard permission in DevTools).
  const copied = await copiedByClicking('#report [data-action="copy-fetch"]');
  assert.equal(copied.length, 1, JSON.stringify(copied));
  assert.match(copied[0], /^await fetch\("http:\/\/app\.test:\d+\//, copied[0]);
});

test('the request table: failures only by default, a filter box, sorting, the keyboard', async () => {
  // Rows as drawn, in table order (the DOM holds the rows on screen, in the order shown).
  const shown = () =>
    panel.evaluate(() =>
      [...document.querySelectorAll('#request-table .tr')].map((r) => ({
        entry: Number(r.dataset.entry),
        health: r.dataset.health,
        name: r.querySelector('.name').textContent,
        method: r.querySelector('.method').textContent,
        status: r.querySelector('.status').textContent,
        selected: r.getAttribute('aria-selected') === 'true',
      })),
    );
  const setFilter = (text) =>
    panel.evaluate((v) => {
      const f = document.getElementById('filter');
      f.value = v;
      f.dispatchEvent(new Event('input'));
    }, text);
  await panel.evaluate(() => {
    const only = document.getElementById('failures-only');
    if (!only.checked) only.click();
  });
  let r = await shown();
  assert.ok(r.length >= 6 && r.every((x) => x.health === 'failing'), JSON.stringify(r));
  assert.ok(!r.some((x) => x.name === 'ok'), 'healthy requests are left out by default');
  // DevTools-style filter: a column filter and a negated one.
  await setFilter('status:401 -cause:jwt');
  r = await shown();
  assert.deepEqual(r.map((x) => `${x.method} ${x.name}`), ['GET legacy', 'GET me', 'OPTIONS profile']);
  assert.match(await panel.evaluate(() => document.getElementById('table-count').textContent), /^3 of \d+$/);
  await setFilter('');
  // Sorting by status: 401s first, the blocked request (no status) last in both directions.
  await panel.click('#request-table .th.status .sort');
  r = await shown();
  assert.equal(r[r.length - 1].status, '—');
  assert.equal(await panel.evaluate(() => document.querySelector('#request-table .th.status').getAttribute('aria-sort')), 'ascending');
  await panel.click('#request-table .th.name .sort');
  r = await shown();
  assert.deepEqual(r.map((x) => x.name), [...r.map((x) => x.name)].sort());
  await panel.click('#request-table .th.name .sort');
  await panel.click('#request-table .th.name .sort');
  r = await shown();
  assert.deepEqual(r.map((x) => x.entry), [...r.map((x) => x.entry)].sort((a, b) => a - b), 'a third click: capture order again');
  // The keyboard, as in DevTools: arrows move the selection and the diagnosis follows.
  await panel.click(`#request-table .tr[data-entry="${r[0].entry}"] .method`);
  await devtools.keyboard.press('ArrowDown');
  await devtools.keyboard.press('ArrowDown');
  r = await shown();
  assert.equal(r.findIndex((x) => x.selected), 2, JSON.stringify(r));
  await poll(`the diagnosis of ${r[2].name}`, () =>
    panel.evaluate((name) => document.querySelector('#report .w4-detail-title')?.textContent.includes(name), `/${r[2].name}`),
  );
  await devtools.keyboard.press('End');
  r = await shown();
  assert.ok(r[r.length - 1].selected, JSON.stringify(r));
  await devtools.keyboard.press('Enter');
  assert.equal(await panel.evaluate(() => document.activeElement.id), 'report');
  // Chrome's DevTools hears Escape and Ctrl+F in a panel too (Escape opens its console drawer,
  // which takes the keyboard; Ctrl+F its own search bar), a moment later: the focus must still
  // be where the panel put it after that moment.
  const focusAfterAMoment = async () => {
    await sleep(600);
    return panel.evaluate(() => ({ hasFocus: document.hasFocus(), id: document.activeElement.id, tbody: document.activeElement.classList.contains('tbody') }));
  };
  await devtools.keyboard.press('Escape');
  assert.deepEqual(await focusAfterAMoment(), { hasFocus: true, id: '', tbody: true }, 'Escape in the diagnosis: back to the table');
  await devtools.keyboard.down('Control');
  await devtools.keyboard.press('f');
  await devtools.keyboard.up('Control');
  assert.deepEqual(await focusAfterAMoment(), { hasFocus: true, id: 'filter', tbody: false }, 'Ctrl+F: the filter box');
  await panel.evaluate(() => document.getElementById('request-table').querySelector('.tbody').focus());
});

test('narrow and wide: the selected request\'s primary cause is on screen without scrolling', async () => {
  // Narrow: DevTools docked to the side, the panel 360 px wide. Wide: docked to the bottom,
  // the panel as wide as the window.
  const dock = (side) =>
    devtools.evaluate(async (where) => {
      const UI = await import('./ui/legacy/legacy.js');
      UI.DockController.DockController.instance().setDockSide(where);
    }, side);
  const layouts = [
    ['narrow', 'devtools-panel-narrow.png', () => resizePanel(devtools, panel, 360)],
    ['wide', 'devtools-panel-wide.png', async () => {
      await dock('bottom');
      await devtools.setViewport({ width: 1280, height: 800 });
      await poll('the panel docked at the bottom, wide', () => panel.evaluate(() => innerWidth >= 900));
    }],
  ];
  // DevTools' console drawer (Escape in the previous test opened it) would take half the height.
  await devtools.evaluate(async () => {
    const UI = await import('./ui/legacy/legacy.js');
    UI.InspectorView.InspectorView.instance().closeDrawer();
  });
  try {
    for (const [layout, file, arrange] of layouts) {
      await arrange();
      await panel.evaluate(() => {
        const row = [...document.querySelectorAll('#request-table .tr')].find((r) => r.querySelector('.name').textContent === 'orders');
        row.querySelector('.name').click();
      });
      await poll('the diagnosis of /orders', () =>
        panel.evaluate(() => Boolean(document.querySelector('#report .w4-detail-title')?.textContent.includes('/orders') && document.querySelector('#report .w4-primary .w4-finding-title'))),
      );
      const at = await panel.evaluate(() => {
        const title = document.querySelector('#report .w4-primary .w4-finding-title').getBoundingClientRect();
        const table = document.getElementById('request-table').getBoundingClientRect();
        return { top: title.top, bottom: title.bottom, height: innerHeight, scrolled: scrollY + document.getElementById('diagnosis').scrollTop, beside: table.right <= title.left };
      });
      assert.ok(at.top >= 0 && at.bottom <= at.height, `${layout}: primary cause at ${at.top}-${at.bottom} of ${at.height}`);
      assert.equal(at.scrolled, 0, `${layout}: nothing scrolled`);
      // Wide: the diagnosis beside the table; narrow: below it.
      assert.equal(at.beside, layout === 'wide', `${layout}: ${JSON.stringify(at)}`);
      await devtools.screenshot({ path: path.join(OUT, file) });
    }
  } finally {
    await dock('right');
    await devtools.setViewport(null);
  }
});

test('"Copy path" copies the selected request\'s path for the Network panel\'s filter', async () => {
  const copied = await copiedByClicking('#copy-path');
  assert.deepEqual(copied, ['/api/orders']);
  // A credential in the path itself is not copied: the path stops before the redacted part.
  await page.evaluate(() => fetch('/api/ok;jsessionid=planted-path-secret-0001').then((r) => r.text()));
  await poll('the request with a session id in its path', async () => (await readRows()).some((r) => r.url.includes('jsessionid')));
  const fromPath = await copiedByClicking('#copy-path', (r) => r.querySelector('.name').title.includes('jsessionid'));
  assert.deepEqual(fromPath, ['/api/ok;jsessionid=']);
});

test('the request list never shows a token from a URL', async () => {
  await page.evaluate(() => fetch('/api/ok?access_token=planted-panel-token-0001&page=2').then((r) => r.text()));
  let seen = [];
  const row = await poll('the request with a token in its URL', async () => {
    const r = await readRows();
    seen = r.map((x) => x.url);
    return r.find((x) => x.url.includes('page=2'));
  }).catch((e) => {
    throw new Error(`${e.message}; rows: ${JSON.stringify(seen)}`);
  });
  assert.ok(!row.url.includes('planted-panel-token'), row.url);
  assert.match(row.url, /access_token=•••/);
  const title = await panel.evaluate(() => [...document.querySelectorAll('#request-table .name')].map((u) => u.title).join(' '));
  assert.ok(!title.includes('planted-panel-token'), title);
});

test('the panel made no network request of its own', async () => {
  assert.ok(panelRequests.length > 0, 'the recorder saw the panel load its own files');
  const foreign = panelRequests.filter((u) => !u.startsWith(`chrome-extension://${ID}/`) && !/^(data|blob):/.test(u));
  assert.deepEqual(foreign, []);
});

test('the panel threw no error', () => {
  assert.deepEqual(panelErrors, []);
});

test('screenshot of the DevTools window with the panel', async () => {
  const file = path.join(OUT, 'devtools-panel.png');
  await devtools.screenshot({ path: file });
  assert.ok(fs.statSync(file).size > 10_000);
});

test('a busy page: failures first shown from the quick analysis, then confirmed by the full one', async () => {
  // On a small page the full analysis is cheap and the quick path is never taken: the hook
  // makes every failure take it, as on a page with tens of thousands of requests.
  await panel.evaluate(() => {
    globalThis.__why401QuickAboveMs = -1;
  });
  try {
    await panel.click('#clear');
    await poll('the panel cleared', async () => (await readRows()).length === 0);
    const quick0 = await panel.evaluate(() => globalThis.__why401Perf.quick);
    await page.evaluate(() => window.run());
    const rows = await poll('every failing request with its final cause', async () => {
      const r = await readRows();
      // Final once the scenario's last request is analysed: a cause can change when a later
      // request arrives (/api/me is compared with the /api/ok?again=1 that follows it).
      const done =
        EXPECTED_CAUSES.every(([m, p]) => rowFor(r, m, p)?.causes.length) &&
        rowFor(r, 'GET', '/api/ok?again=1')?.health === 'ok' &&
        !r.some((x) => x.badges.includes('checking…'));
      return done && r;
    });
    for (const [method, p, rule] of EXPECTED_CAUSES) assert.equal(rowFor(rows, method, p).causes[0], rule, `${method} ${p}`);
    assert.ok((await panel.evaluate(() => globalThis.__why401Perf.quick)) > quick0, 'the quick path was taken');
  } finally {
    await panel.evaluate(() => {
      globalThis.__why401QuickAboveMs = undefined;
    });
  }
});

test('a long session: the panel keeps the newest requests, says how many it let go, and still diagnoses them', async () => {
  // The hook lowers the bound (25,000 requests) to a few runs of the scenario.
  const KEEP = 10;
  await panel.evaluate((keep) => {
    globalThis.__why401MaxEntries = keep;
  }, KEEP);
  try {
    await panel.click('#clear');
    await poll('the panel cleared', async () => (await readRows()).length === 0);
    const RUNS = 3;
    for (let i = 0; i < RUNS; i++) await page.evaluate(() => window.run());
    const latest = (rows, method, p) => rows.filter((r) => r.method === method && new URL(r.url).pathname + new URL(r.url).search === p).at(-1);
    const { rows, summary } = await poll('the last run diagnosed after older requests were let go', async () => {
      // Rows and summary from one evaluation, so both describe the same draw.
      const { r, text } = await panel.evaluate(`(() => ({ r: (() => { ${PANEL_ROWS_SCRIPT} })(), text: document.getElementById('summary').textContent }))()`);
      // Every request of every run reached the panel (kept or let go).
      const [kept = 0, , dropped = 0] = (text.replace(/,/g, '').match(/\d+/g) || []).map(Number);
      const done =
        /older requests were let go/.test(text) &&
        r.length === kept &&
        kept + dropped >= RUNS * EXPECTED_CAUSES.length &&
        EXPECTED_CAUSES.every(([m, p]) => latest(r, m, p)?.causes.length) &&
        latest(r, 'GET', '/api/ok?again=1')?.health === 'ok' &&
        !r.some((x) => x.badges.includes('checking…'));
      return done && { rows: r, summary: text };
    });
    for (const [method, p, rule] of EXPECTED_CAUSES) assert.equal(latest(rows, method, p).causes[0], rule, `${method} ${p}`);
    const [kept, , dropped] = summary.replace(/,/g, '').match(/\d+/g).map(Number);
    assert.ok(kept <= KEEP && rows.length === kept && rows.every((r) => r.entry < KEEP), summary);
    assert.ok(dropped >= RUNS * EXPECTED_CAUSES.length - KEEP, summary);
    // The capture holds at most KEEP once the panel fed what came last: a record that arrives
    // after the draw polled above (a late delivery, or DevTools' record re-read once the page is
    // quiet, live.js `reconcile`) is let go at the next feed, a redraw later. Read at once, this
    // failed once in CI (a fresh clone under load).
    await poll('the capture within its bound', async () => (await panel.evaluate(() => globalThis.__why401Perf.captured())) <= KEEP);
  } finally {
    await panel.evaluate(() => {
      globalThis.__why401MaxEntries = undefined;
    });
  }
});

test('a bug that panics on one request costs that request, not the panel', async () => {
  // The core's test hook panics at entry 1 of the next session: the wasm instance traps, the
  // engine loads a fresh one and analyses again without that entry.
  const clear = async () => {
    await panel.click('#clear');
    await poll('the panel cleared', async () => (await readRows()).length === 0);
  };
  await panel.evaluate(() => {
    globalThis.__why401FaultEntry = 1;
  });
  await clear();
  await page.evaluate(() => window.run());
  const r = await poll('the scenario analysed again, without entry 1', async () => {
    const r = await readRows();
    return rowFor(r, 'GET', '/api/cut')?.causes.length && rowFor(r, 'OPTIONS', '/v1/profile')?.causes.length && rowFor(r, 'GET', '/api/ok?again=1')?.health === 'ok' && r;
  });
  const left = rowFor(r, 'GET', '/api/legacy');
  assert.equal(left.entry, 1, JSON.stringify(left));
  assert.ok(left.badges.includes('not analysed (internal error)'), JSON.stringify(left));
  assert.equal(rowFor(r, 'GET', '/api/cut').causes[0], 'jwt-malformed');
  assert.equal(rowFor(r, 'GET', '/api/me').causes[0], 'credential-differs');
  const report = await panel.evaluate(() => document.getElementById('report').textContent);
  assert.match(report, /entry 1 was left out/);
  await panel.evaluate(() => {
    globalThis.__why401FaultEntry = undefined;
  });
  await clear();
  // The next session has no fault: the same scenario is diagnosed whole again.
  await page.evaluate(() => window.run());
  const whole = await poll('the scenario analysed whole', async () => {
    const r = await readRows();
    return rowFor(r, 'GET', '/api/legacy')?.causes.length && rowFor(r, 'OPTIONS', '/v1/profile')?.causes.length && rowFor(r, 'GET', '/api/ok?again=1')?.health === 'ok' && r;
  });
  assert.equal(rowFor(whole, 'GET', '/api/legacy').causes[0], 'basic-malformed');
});

test('navigation clears the panel unless "Preserve log" is on', async () => {
  const count = async () => (await readRows()).length;
  const before_ = await count();
  await panel.click('#preserve');
  await page.reload();
  await poll('entries kept and the reload added', async () => (await count()) > before_);
  await panel.click('#preserve');
  await page.reload();
  // Only the reloaded page's own requests remain: its HTML and the control fetch.
  const kept = await poll('the panel cleared', async () => {
    const r = await readRows();
    return r.length > 0 && r.length <= 2 && rowFor(r, 'GET', '/api/ok') && r;
  });
  assert.ok(!rowFor(kept, 'GET', '/api/orders'));
});

test('the default edition has no deep mode (no debugger permission, no button)', async () => {
  // Checked once the panel has drawn (the summary is written on every update).
  await poll('the panel drawn', () => panel.evaluate(() => document.getElementById('summary').textContent !== ''));
  assert.equal(await panel.evaluate(() => document.getElementById('deep').hidden), true);
});
