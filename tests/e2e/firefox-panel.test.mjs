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
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { connectMarionette } from '../lab/producers/marionette.mjs';
import { userJs } from '../lab/producers/firefox-panel.mjs';
import { inPanel as panelScript, openPanel } from '../lab/producers/firefox-devtools.mjs';
import { poll, startProcess, stopProcess, withTimeout } from '../lab/lib/util.mjs';
import { PANEL_ROWS_SCRIPT } from './helpers.mjs';
import { EXPECTED_CAUSES, startServer } from './fixtures/auth-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXT = path.join(ROOT, 'dist/firefox');
const OUT = path.join(ROOT, 'tests/out');
const FIREFOX = process.env.WHY401_FIREFOX || '/usr/bin/firefox-esr';

let server;
let firefox;
let profile;
let m; // the Marionette connection
let panelId;

/** Runs `src` in the why401 panel page. */
async function inPanel(src) {
  const r = await panelScript(m, panelId, src);
  if (r.notReady) throw new Error('the why401 panel is not loaded');
  return r.value;
}

/** The panel's capture list as data, as in the Chrome test. */
const readRows = () => inPanel(PANEL_ROWS_SCRIPT);

const rowFor = (rows, method, p) => rows.find((r) => r.method === method && new URL(r.url).pathname + new URL(r.url).search === p);

before(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  assert.ok(fs.existsSync(path.join(EXT, 'manifest.json')), 'dist/firefox is built');
  server = await startServer();
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'why401-e2e-firefox-'));
  fs.writeFileSync(path.join(profile, 'user.js'), userJs() + '\n');
  firefox = startProcess(FIREFOX, ['-headless', '-marionette', '-remote-allow-system-access', '-no-remote', '-new-instance', '-profile', profile], {
    env: { MOZ_HEADLESS_WIDTH: '1280', MOZ_HEADLESS_HEIGHT: '900' },
  });
  const portFile = path.join(profile, 'MarionetteActivePort');
  const mport = await poll('MarionetteActivePort', () => fs.existsSync(portFile) && Number(fs.readFileSync(portFile, 'utf8').trim()), 30_000);
  m = await connectMarionette(mport);
  await m.send('WebDriver:NewSession', { capabilities: { alwaysMatch: { acceptInsecureCerts: false } } });
  const installed = await m.send('Addon:Install', { path: EXT, temporary: true });
  const geckoId = typeof installed === 'string' ? installed : installed.value || installed.addon;
  await m.send('Marionette:SetContext', { value: 'chrome' });
  panelId = await openPanel(m, geckoId);
  await poll('the panel engine', async () => {
    try {
      return await inPanel(`return !!document.getElementById('request-list');`);
    } catch {
      return false;
    }
  }, 20_000);
});

after(async () => {
  if (m) {
    await m.send('Marionette:Quit', { flags: ['eForceQuit'] }, 5000).catch(() => {});
    m.close();
  }
  if (firefox) {
    await withTimeout(new Promise((r) => (firefox.exitCode !== null ? r() : firefox.once('exit', r))), 5000, 'firefox exit').catch(() => {});
    await stopProcess(firefox);
  }
  server?.server.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
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
