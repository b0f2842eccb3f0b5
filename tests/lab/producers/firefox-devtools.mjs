// Firefox's DevTools from the outside, through Marionette: open the toolbox on the selected tab
// with an extension's panel shown, and run a script inside that panel page (it lives in its own
// process, in a <browser> that `contentDocument` and WebDriver:SwitchToFrame do not reach; its
// Marionette actor does). Shared by the lab's firefox-panel producer and the panel's e2e test.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectMarionette } from './marionette.mjs';
import { poll, startProcess, stopProcess, withTimeout } from '../lib/util.mjs';

/** Marionette scripts are function bodies; this one may await (the returned promise is awaited). */
export const asyncBody = (src) => `return (async function () { ${src} }).apply(this, arguments);`;

/** Runs `src` (a function body) in the chrome (browser UI) context. */
export const inChrome = (m, src, args = []) => m.send('WebDriver:ExecuteScript', { script: asyncBody(src), args }, 30_000).then((r) => r.value);

/** Opens the toolbox on the tab and selects the panel of extension `geckoId`; returns the panel's tool id. */
export function openPanel(m, geckoId) {
  return inChrome(
    m,
    `const [geckoId] = arguments;
     const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs");
     const { gDevTools } = require("devtools/client/framework/devtools");
     const tb = await gDevTools.showToolboxForTab(gBrowser.selectedTab, { toolId: "netmonitor" });
     const t0 = Date.now();
     let def;
     while (!(def = tb.getAdditionalTools().find((d) => d.extensionId === geckoId)) && Date.now() - t0 < 15000) {
       await new Promise((r) => setTimeout(r, 100));
     }
     if (!def) throw new Error("the panel of " + geckoId + " was not registered: " + JSON.stringify(tb.getAdditionalTools().map((d) => [d.id, d.extensionId])));
     await tb.selectTool(def.id);
     return def.id;`,
    [geckoId],
  );
}

/**
 * Runs `src` (a function body that may await) in the panel page of tool `panelId`.
 * Resolves to `{value}`, or `{notReady: true}` while the panel page is not loaded.
 */
/** Chrome-context script: `search(doc)` sets `b` to the extension panel's <browser> under `doc`. */
const FIND_PANEL_BROWSER = `let b = null;
     const search = (doc) => {
       if (!doc || b) return;
       b = doc.querySelector("browser#webext-panels-browser");
       if (!b) for (const f of doc.querySelectorAll("iframe")) { try { search(f.contentDocument); } catch {} }
     };`;

/**
 * Gives the keyboard to the extension panel shown in the selected tab's toolbox: real key
 * presses (WebDriver:PerformActions in the chrome context) then reach the panel's page.
 */
export function focusPanel(m) {
  return inChrome(
    m,
    `${FIND_PANEL_BROWSER}
     const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs");
     const { gDevTools } = require("devtools/client/framework/devtools");
     search(gDevTools.getToolboxForTab(gBrowser.selectedTab)?.doc);
     if (!b) throw new Error("no extension panel in the toolbox");
     b.focus();
     return true;`,
  );
}

export function inPanel(m, panelId, src) {
  return inChrome(
    m,
    `const [panelId, src] = arguments;
     ${FIND_PANEL_BROWSER}
     search(document.querySelector("#toolbox-panel-iframe-" + CSS.escape(panelId))?.contentDocument || document);
     if (!b) {
       // The toolbox lives in a frame of its own: look in its document.
       const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs");
       const { gDevTools } = require("devtools/client/framework/devtools");
       const tb = gDevTools.getToolboxForTab ? gDevTools.getToolboxForTab(gBrowser.selectedTab) : null;
       if (tb) search(tb.doc);
     }
     if (!b || !b.browsingContext || !b.browsingContext.currentWindowGlobal) return { notReady: true };
     const actor = b.browsingContext.currentWindowGlobal.getActor("MarionetteCommands");
     return { value: await actor.executeScript(src, [], { timeout: 20000 }) };`,
    [panelId, asyncBody(src)],
  );
}

/**
 * Starts headless Firefox with Marionette on a fresh profile holding `userJs` (its prefs) and
 * connects. Returns `{m, close}`; `close()` quits Firefox, waits for it and removes the profile.
 * `log` receives Firefox's output (the lab keeps it for LAB_DEBUG).
 */
export async function launchFirefox({ firefox, userJs, width = 1280, height = 900, log, portTimeoutMs = 30_000 }) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'why401-firefox-'));
  fs.writeFileSync(path.join(profile, 'user.js'), userJs + '\n');
  const proc = startProcess(firefox, ['-headless', '-marionette', '-remote-allow-system-access', '-no-remote', '-new-instance', '-profile', profile], {
    env: { MOZ_HEADLESS_WIDTH: String(width), MOZ_HEADLESS_HEIGHT: String(height) },
    ...(log ? { log } : {}),
  });
  let m = null;
  const close = async () => {
    if (m) {
      await m.send('Marionette:Quit', { flags: ['eForceQuit'] }, 5000).catch(() => {});
      m.close();
    }
    await withTimeout(new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r))), 5000, 'firefox exit').catch(() => {});
    await stopProcess(proc);
    fs.rmSync(profile, { recursive: true, force: true });
  };
  try {
    const portFile = path.join(profile, 'MarionetteActivePort');
    const port = await poll('MarionetteActivePort', () => fs.existsSync(portFile) && Number(fs.readFileSync(portFile, 'utf8').trim()), portTimeoutMs);
    m = await connectMarionette(port);
    return { m, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** A new session; installs the extension in `ext` for this run and shows its panel. Returns the panel's tool id. */
export async function installAndOpenPanel(m, ext) {
  // The lab's https scenarios use a certificate made for the run (tests/lab/servers/nginx.mjs).
  // Marionette reads the capabilities flat (geckodriver merges alwaysMatch/firstMatch before it).
  await m.send('WebDriver:NewSession', { acceptInsecureCerts: true });
  const installed = await m.send('Addon:Install', { path: ext, temporary: true });
  const geckoId = typeof installed === 'string' ? installed : installed.value || installed.addon;
  await m.send('Marionette:SetContext', { value: 'chrome' });
  return openPanel(m, geckoId);
}
