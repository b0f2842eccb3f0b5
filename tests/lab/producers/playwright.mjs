// Producer "playwright": Playwright's own HAR recorder (npm playwright-core, recordHar with
// bodies embedded) driving Debian's Chromium. One browser for all scenarios, a fresh browser
// context (cookies, cache) per scenario; the HAR is written when the context closes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, DONE_EXPR, SCENARIO_TIMEOUT_MS, grantPermissions } from './common.mjs';
import { poll, sleep, withTimeout } from '../lib/util.mjs';

export const name = 'playwright';

export async function open() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'why401-lab-pw-'));
  return {
    async record(world, scenario) {
      const file = path.join(tmp, `${scenario.id}.har`);
      const context = await browser.newContext({ recordHar: { path: file, content: 'embed' } });
      let granting = null;
      try {
        const page = await context.newPage();
        if (scenario.permissions) {
          // Playwright's own grantPermissions has no embedded origin: CDP's, for this context,
          // from a browser session kept attached until the context closes (see grantPermissions).
          const pageSession = await context.newCDPSession(page);
          const { targetInfo } = await pageSession.send('Target.getTargetInfo');
          await pageSession.detach();
          granting = await browser.newBrowserCDPSession();
          await grantPermissions(granting, world, scenario, targetInfo.browserContextId);
        }
        await page.goto(world.url(scenario.id), { waitUntil: 'domcontentloaded', timeout: 15_000 });
        await poll(`scenario ${scenario.id} done`, () => page.evaluate(DONE_EXPR).catch(() => false), SCENARIO_TIMEOUT_MS);
        await sleep(300);
      } finally {
        await withTimeout(context.close(), 15_000, 'playwright context close (writes the HAR)');
        await granting?.detach().catch(() => {});
      }
      return JSON.parse(fs.readFileSync(file, 'utf8'));
    },
    async close() {
      await withTimeout(browser.close(), 10_000, 'playwright browser close').catch(() => {});
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
