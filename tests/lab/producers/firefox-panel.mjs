// Producer "firefox-panel": what a DevTools extension receives in Firefox. Real headless
// Firefox ESR (Debian firefox-esr) driven through Marionette: the recorder extension is
// installed as a temporary add-on, the toolbox is opened on the tab with the recorder's panel
// selected ("Preserve log" on through devtools.netmonitor.persistlog), the scenario runs, and
// the panel's getHAR() + getContent() result is read by running a script in the panel's own
// <browser> (see the toolchain notes). A fresh profile and Firefox per scenario.
import path from 'node:path';
import { inPanel as panelScript, installAndOpenPanel, launchFirefox } from './firefox-devtools.mjs';
import { DONE_EXPR, SCENARIO_TIMEOUT_MS } from './common.mjs';
import { poll, sleep, withTimeout } from '../lib/util.mjs';

const EXT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'recorder-extension');
const FIREFOX = process.env.LAB_FIREFOX || '/usr/bin/firefox-esr';

export const name = 'firefox-panel';

const PREFS = {
  'marionette.port': 0,
  // Every hostname resolves to loopback: the lab's *.test hosts work and nothing leaves the machine.
  'network.dns.forceResolve': '127.0.0.1',
  'network.proxy.type': 0,
  'network.dns.disableIPv6': true,
  'devtools.netmonitor.persistlog': true,
  'devtools.toolbox.host': 'bottom',
  'dom.security.https_first': false,
  'dom.security.https_first_pbm': false,
  'dom.security.https_first_schemeless': false,
  'dom.security.https_only_mode': false,
  'network.auth.subresource-http-auth-allow': 0,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.startup.page': 0,
  'browser.aboutwelcome.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'app.update.enabled': false,
  'app.normandy.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.newtabpage.enabled': false,
  'browser.region.network.url': '',
  'browser.search.update': false,
  'network.http.speculative-parallel-limit': 0,
  'network.prefetch-next': false,
  'remote.prefs.recommended': true,
  'devtools.console.stdout.content': true,
  'devtools.console.stdout.chrome': true,
};

export function userJs() {
  return Object.entries(PREFS)
    .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
    .join('\n');
}

export async function open() {
  return {
    async record(world, scenario) {
      const logLines = [];
      const { m, close } = await launchFirefox({ firefox: FIREFOX, userJs: userJs(), width: 1400, log: (l) => logLines.push(l), portTimeoutMs: 20_000 });
      try {
        return await withTimeout(run(m, world, scenario), SCENARIO_TIMEOUT_MS + 30_000, `firefox-panel ${scenario.id}`);
      } catch (e) {
        if (process.env.LAB_DEBUG) process.stderr.write(logLines.join(''));
        throw e;
      } finally {
        await close();
      }
    },
    async close() {},
  };
}

async function run(m, world, scenario) {
  // Open the toolbox on the tab, then select the recorder's panel so its page loads.
  const panelId = await installAndOpenPanel(m, EXT);
  // Script in the panel page (its own process): reached through its <browser>'s Marionette actor.
  const inPanel = (src) => panelScript(m, panelId, src);
  await poll('the recorder panel ready', async () => {
    const r = await inPanel('return !!(window.__lab && window.__lab.ready);');
    return !r.notReady && r.value;
  }, 15_000);
  await m.send('Marionette:SetContext', { value: 'content' });
  await m.send('WebDriver:Navigate', { url: world.url(scenario.id) }, 20_000).catch(() => {});
  await poll(`scenario ${scenario.id} done`, async () => {
    const r = await m.send('WebDriver:ExecuteScript', { script: `return ${DONE_EXPR};`, args: [] }, 5000).catch(() => null);
    return r && r.value;
  }, SCENARIO_TIMEOUT_MS, 200);
  await sleep(700); // the last onRequestFinished events and getContent() calls
  await m.send('Marionette:SetContext', { value: 'chrome' });
  const r = await inPanel('return await window.__lab.har();');
  if (r.notReady) throw new Error('the recorder panel went away');
  return JSON.parse(r.value);
}
