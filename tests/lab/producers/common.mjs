// What every producer shares: Chromium's flags, the "scenario finished" test, and how a HAR is
// written (pretty JSON in recording order; oversized bodies dropped so fixtures stay small).
import fs from 'node:fs';
import path from 'node:path';

export const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-features=Translate,OptimizationHints,MediaRouter,HttpsUpgrades,HttpsFirstBalancedModeAutoEnable',
  // Every lab hostname is loopback: app.test, api.test, idp.test, proxy.test, ...
  '--host-resolver-rules=MAP *.test 127.0.0.1',
  // The https scenarios' certificate is made for each run (servers/nginx.mjs).
  '--ignore-certificate-errors',
];

/** How long one scenario may take in the browser before the producer gives up on it. */
export const SCENARIO_TIMEOUT_MS = 20_000;

/**
 * Evaluated in the page: the scenario script said done, or the browser ended on the IdP's
 * error page (scenarios that end with a navigation away from app.test).
 */
// A scenario is over when its page says so, or when the browser rests on an error page: the
// provider's (its title says "oops"), or a web app's on app.test where its sign-in callback
// failed (Express's own page, titled "Error", or Passport's plain "Forbidden" at /callback).
export const DONE_EXPR = `(() => window.__labDone === true || (document.readyState === 'complete' && ((location.hostname === 'idp.test' && /oops/.test(document.title)) || (location.hostname === 'app.test' && (document.title === 'Error' || /[/]callback$/.test(location.pathname))))))()`;

const MAX_BODY = 16 * 1024;

/** Writes a HAR as pretty JSON; response bodies over 16 KB are dropped (size is kept). */
export function writeHar(file, har) {
  for (const e of har.log.entries) {
    const c = e.response && e.response.content;
    if (c && typeof c.text === 'string' && c.text.length > MAX_BODY) {
      delete c.text;
      delete c.encoding;
      c.comment = `body (${c.size ?? '?'} bytes) dropped by tests/lab to keep fixtures small`;
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(har, null, 2) + '\n');
}

/**
 * Shows an extension's DevTools panel in a real DevTools front end (a puppeteer page of
 * devtools://devtools/bundled/devtools_app.html): waits until DevTools has created its tab
 * (`chrome-extension://<id><title>`), then selects it. The panel page exists only once shown.
 */
export async function showDevToolsPanel(devtools, tabId, poll) {
  await poll(`the ${tabId} tab in DevTools`, () =>
    devtools.evaluate(async (tid) => {
      const UI = await import('./ui/legacy/legacy.js');
      return UI.InspectorView.InspectorView.instance().tabbedPane.tabIds().includes(tid);
    }, tabId),
  );
  await devtools.evaluate(async (tid) => {
    const UI = await import('./ui/legacy/legacy.js');
    await UI.InspectorView.InspectorView.instance().showPanel(tid);
  }, tabId);
}

/**
 * Launches headless Chromium (new headless: extensions and a real DevTools window need it)
 * with the extension in `ext` loaded and DevTools opening for every tab.
 */
export function launchWithDevTools(puppeteer, { ext, userDataDir, protocolTimeout }) {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: false,
    ignoreDefaultArgs: ['--disable-extensions'],
    defaultViewport: null,
    handleDevToolsAsPage: true,
    ...(protocolTimeout ? { protocolTimeout } : {}),
    args: [
      '--headless=new',
      '--auto-open-devtools-for-tabs',
      ...CHROMIUM_ARGS,
      `--user-data-dir=${userDataDir}`,
      `--disable-extensions-except=${ext}`,
      `--load-extension=${ext}`,
      '--window-size=1400,900',
    ],
  });
}

/**
 * Grants what a scenario's `permissions` list (`{ name, origin, embeddedOrigin }`, lab hosts)
 * through CDP's `Browser.setPermission`, as a user's earlier "allow" would have. `session` is a
 * CDP session on the browser, kept attached while the scenario runs: Chromium drops a client's
 * permission overrides when it detaches. `browserContextId`: the scenario's context (none: the
 * default one).
 */
export async function grantPermissions(session, world, scenario, browserContextId) {
  const origin = (host) => (scenario.scheme === 'https' ? `https://${host}:${world.tlsPort}` : `http://${host}:${world.port}`);
  for (const p of scenario.permissions || []) {
    await session.send('Browser.setPermission', {
      permission: { name: p.name },
      setting: 'granted',
      origin: origin(p.origin),
      ...(p.embeddedOrigin ? { embeddedOrigin: origin(p.embeddedOrigin) } : {}),
      ...(browserContextId ? { browserContextId } : {}),
    });
  }
}
