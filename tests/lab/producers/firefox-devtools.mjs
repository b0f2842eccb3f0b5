// Firefox's DevTools from the outside, through Marionette: open the toolbox on the selected tab
// with an extension's panel shown, and run a script inside that panel page (it lives in its own
// process, in a <browser> that `contentDocument` and WebDriver:SwitchToFrame do not reach; its
// Marionette actor does). Shared by the lab's firefox-panel producer and the panel's e2e test.

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
export function inPanel(m, panelId, src) {
  return inChrome(
    m,
    `const [panelId, src] = arguments;
     let b = null;
     const search = (doc) => {
       if (!doc || b) return;
       b = doc.querySelector("browser#webext-panels-browser");
       if (!b) for (const f of doc.querySelectorAll("iframe")) { try { search(f.contentDocument); } catch {} }
     };
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
