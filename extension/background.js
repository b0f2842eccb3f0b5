// Background service worker (Chrome) / event page (Firefox). It exists only to serve the panel
// what DevTools panels may not reach themselves: the cookie jar, behind the optional `cookies`
// permission. It keeps no state and makes no network request.
// No top-level await: MV3 service workers reject it
// (https://github.com/w3c/ServiceWorker/issues/1407).

import { CONSENT_CHECK, COOKIES_GET, DEEP_PORT, DEEP_START, ErrorCode, msg } from './src/messages.js';
import { cookieView } from './src/cookies.js';
import { EVENTS } from './src/deep.js';

const api = globalThis.chrome;

function isHttpUrl(u) {
  try {
    const p = new URL(u).protocol;
    return p === 'http:' || p === 'https:';
  } catch {
    return false;
  }
}

async function granted(origins) {
  return api.permissions.contains({ permissions: ['cookies'], origins });
}

async function readJar(url) {
  // Partitioned (CHIPS) cookies are returned only when a partition key is given; `{}` asks for
  // all partitions (Chrome 119+, https://developer.chrome.com/docs/extensions/reference/api/cookies#type-CookiePartitionKey).
  let cookies = await api.cookies.getAll({ url });
  try {
    const partitioned = await api.cookies.getAll({ url, partitionKey: {} });
    const key = (c) => `${c.name}|${c.domain}|${c.path}|${c.partitionKey ? JSON.stringify(c.partitionKey) : ''}`;
    const have = new Set(cookies.map(key));
    cookies = cookies.concat(partitioned.filter((c) => !have.has(key(c))));
  } catch {
    // Older Chrome or Firefox: unpartitioned cookies only.
  }
  return cookies.map(cookieView);
}

/** Answers one panel message; exported for the unit tests. */
export async function handleMessage(message, sender) {
  // Only our own extension pages may ask (a content script could not, we have none, but be sure).
  if (!message || typeof message.type !== 'string' || (sender && sender.id && sender.id !== api.runtime.id)) {
    return msg.error(ErrorCode.BAD_MESSAGE, 'unexpected message');
  }
  switch (message.type) {
    case CONSENT_CHECK: {
      const origins = Array.isArray(message.origins) ? message.origins.map(String) : [];
      try {
        return msg.consentResult(origins.length > 0 && (await granted(origins)));
      } catch {
        return msg.consentResult(false);
      }
    }
    case COOKIES_GET: {
      const urls = Array.isArray(message.urls) ? message.urls.filter(isHttpUrl) : [];
      if (!api.cookies || typeof api.cookies.getAll !== 'function') {
        return msg.error(ErrorCode.NO_PERMISSION, 'the cookies permission is not granted');
      }
      const jars = {};
      try {
        for (const url of urls) jars[url] = await readJar(url);
      } catch (e) {
        // Chrome throws when the host permission for that URL is missing.
        return msg.error(ErrorCode.NO_PERMISSION, String((e && e.message) || e));
      }
      return msg.cookiesResult(jars);
    }
    default:
      return msg.error(ErrorCode.BAD_MESSAGE, `unknown message type ${message.type}`);
  }
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Answer through sendResponse and `return true` (keep the channel open): that is the async
  // form both Chrome and Firefox accept; a returned promise is not understood by every Chrome
  // version (https://developer.chrome.com/docs/extensions/develop/concepts/messaging#responses).
  handleMessage(message, sender).then(sendResponse);
  return true;
});

// Deep mode: the panel opens a port and asks to attach chrome.debugger to the inspected tab
// (behind the optional `debugger` permission, requested from a click in the panel). Protocol
// events that carry Chrome's reasons go to the panel; closing the port (Stop, or the panel
// closing with DevTools) detaches, which also removes Chrome's "started debugging" infobar.
/** Serves one deep-mode port; exported for the unit tests. */
export function serveDeepPort(port, dbg = api.debugger) {
  let target = null;
  const onEvent = (source, method, params) => {
    if (target && source.tabId === target.tabId && EVENTS.has(method)) port.postMessage(msg.deepEvent(method, params));
  };
  const onDetach = (source, reason) => {
    if (target && source.tabId === target.tabId) {
      target = null;
      port.postMessage(msg.deepStopped(String(reason)));
    }
  };
  port.onMessage.addListener(async (m) => {
    if (!m || m.type !== DEEP_START || typeof m.tabId !== 'number' || target) return;
    if (!dbg || typeof dbg.attach !== 'function') {
      port.postMessage(msg.deepStopped('unavailable'));
      return;
    }
    try {
      await dbg.attach({ tabId: m.tabId }, '1.3');
      target = { tabId: m.tabId };
      dbg.onEvent.addListener(onEvent);
      dbg.onDetach.addListener(onDetach);
      await dbg.sendCommand(target, 'Network.enable', {});
      port.postMessage(msg.deepStarted());
    } catch (e) {
      target = null;
      port.postMessage(msg.deepStopped(String((e && e.message) || e)));
    }
  });
  port.onDisconnect.addListener(() => {
    const t = target;
    target = null;
    if (dbg && dbg.onEvent) dbg.onEvent.removeListener(onEvent);
    if (dbg && dbg.onDetach) dbg.onDetach.removeListener(onDetach);
    if (t) Promise.resolve(dbg.detach(t)).catch(() => {});
  });
}

if (api.runtime.onConnect) {
  api.runtime.onConnect.addListener((port) => {
    if (port.name === DEEP_PORT && (!port.sender || !port.sender.id || port.sender.id === api.runtime.id)) serveDeepPort(port);
  });
}
