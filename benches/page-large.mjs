// A very large capture in the offline page (./build.sh bench; issue 13): the page must open
// it without the tab dying, or say before it would. Drops the file on the page's file input
// in headless Chromium, waits for the report or the page's message, and prints the time and
// the renderer's peak memory.
// usage: node benches/page-large.mjs FILE.har
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch } from '../tests/e2e/helpers.mjs';

const file = path.resolve(process.argv[2]);
const size = fs.statSync(file).size;
const srv = await serve();
const chrome = await launch([]);
const rendererPeakKiB = () => {
  let peak = 0;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer') || !cmd.includes('why401-chromium-')) continue;
      const hwm = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) peak = Math.max(peak, Number(hwm[1]));
    } catch { /* process ended */ }
  }
  return peak;
};
let crashed = false;
try {
  const page = await chrome.browser.newPage();
  page.on('error', () => { crashed = true; }); // the tab died
  await page.goto(srv.url, { waitUntil: 'load' });
  await page.waitForSelector('html[data-ready]');
  const started = Date.now();
  await (await page.$('#file')).uploadFile(file);
  const name = path.basename(file);
  const outcome = await Promise.race([
    page.waitForFunction((n) => document.querySelector('#loaded')?.textContent.startsWith(n), { timeout: 600_000 }, name)
      .then(() => 'report'),
    page.waitForFunction(() => !document.querySelector('#message')?.hidden, { timeout: 600_000 }).then(() => 'message'),
  ]).catch((e) => (crashed ? 'tab died' : `no answer (${e.message})`));
  const ms = Date.now() - started;
  const rows = outcome === 'report' ? await page.$$eval('.w4-row', (r) => r.length) : 0;
  const message = outcome === 'message' ? await page.$eval('#message', (m) => m.textContent) : '';
  const mib = (n) => (n / 1024 / 1024).toFixed(0);
  console.log(`\nfile: ${mib(size)} MiB in the offline page (headless Chromium)`);
  console.log(`outcome                     ${outcome}${message ? `: ${message}` : ''}`);
  console.log(`time to the report          ${(ms / 1000).toFixed(1)} s (${rows} failing requests listed)`);
  console.log(`renderer peak RSS (VmHWM)   ${mib(rendererPeakKiB() * 1024)} MiB`);
  const ok = outcome === 'report' || outcome === 'message';
  console.log(`opens or says why           ${ok ? 'PASS' : 'FAIL'} (issue 13)`);
  process.exitCode = ok ? 0 : 1;
} finally {
  await chrome.close();
  srv.server.close();
}
