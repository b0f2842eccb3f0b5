// Producer "chrome-panel": what a DevTools extension receives in Chromium. Headless Chromium
// (--headless=new) opens a REAL DevTools window for the tab (--auto-open-devtools-for-tabs);
// the lab's recorder extension (recorder-extension/) shows its panel, DevTools' "Preserve log"
// is switched on, the scenario page runs, and the panel's getHAR() + getContent() result is
// read through CDP. One fresh browser per scenario (clean cookies, cache and DevTools log).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { DONE_EXPR, SCENARIO_TIMEOUT_MS, grantPermissions, launchWithDevTools, showDevToolsPanel } from './common.mjs';
import { poll, sleep, withTimeout } from '../lib/util.mjs';

const EXT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'recorder-extension');

export const name = 'chrome-panel';

export async function open() {
  return {
    async record(world, scenario) {
      const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'why401-lab-chrome-'));
      const browser = await launchWithDevTools(puppeteer, { ext: EXT, userDataDir, protocolTimeout: 30_000 });
      const pid = browser.process()?.pid;
      try {
        // Attached until the browser closes (see grantPermissions).
        await grantPermissions(await browser.target().createCDPSession(), world, scenario);
        return await withTimeout(run(browser, world, scenario), SCENARIO_TIMEOUT_MS + 30_000, `chrome-panel ${scenario.id}`);
      } finally {
        await withTimeout(browser.close(), 10_000, 'chromium close').catch(() => {
          if (pid) process.kill(pid, 'SIGKILL');
        });
        fs.rmSync(userDataDir, { recursive: true, force: true });
      }
    },
    async close() {},
  };
}

async function run(browser, world, scenario) {
  const pages = await browser.pages();
  const page = pages.find((p) => p.url() === 'about:blank') || (await browser.newPage());
  const fe = await browser.waitForTarget((t) => t.url().startsWith('devtools://devtools/bundled/devtools_app.html'), { timeout: 15_000 });
  const devtools = await fe.asPage();
  const extFrame = await poll('the recorder devtools page', () =>
    devtools.frames().find((f) => /^chrome-extension:\/\/[a-p]{32}\/devtools\.html$/.test(f.url())),
  );
  const id = new URL(extFrame.url()).host;
  const tabId = `chrome-extension://${id}lab`;
  // Preserve log: keep entries across the scenario's navigations (DevTools' own setting).
  await devtools.evaluate(async () => {
    const Common = await import('./core/common/common.js');
    Common.Settings.Settings.instance().moduleSetting('network-log.preserve-log').set(true);
  });
  await showDevToolsPanel(devtools, tabId, poll);
  const panelUrl = `chrome-extension://${id}/panel.html`;
  const panel = await poll('the recorder panel', () => devtools.frames().find((f) => f.url() === panelUrl));
  await poll('the recorder ready', () => panel.evaluate(() => window.__lab && window.__lab.ready));
  await page.goto(world.url(scenario.id), { waitUntil: 'domcontentloaded', timeout: 15_000 });
  await poll(`scenario ${scenario.id} done`, () => page.evaluate(DONE_EXPR).catch(() => false), SCENARIO_TIMEOUT_MS);
  await sleep(500); // the last onRequestFinished events
  const text = await panel.evaluate(() => window.__lab.har());
  return JSON.parse(text);
}
