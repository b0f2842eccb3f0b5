// Consent for reading cookies: the optional `cookies` API permission plus host permission for
// the sites the inspected page talked to, requested at runtime from a click in the panel,
// never at install time. Without consent the panel works from the network entries alone.

import { CONSENT_RESULT, COOKIES_RESULT, ERROR, msg } from './messages.js';

/** `https://api.test:8443/x?y` -> `https://api.test:8443/*` (a match pattern for one origin). */
export function originPattern(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  // Match patterns take no port (https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns):
  // the permission covers the host on every port, which is what cookies do too (RFC 6265 §8.5).
  return `${u.protocol}//${u.hostname}/*`;
}

/**
 * The origins to ask for: the inspected page and the hosts its failing requests went to, and
 * nothing else. A cross-site API's cookies are exactly the ones that go missing (SameSite).
 */
export function consentOrigins(inspectedUrl, failingUrls) {
  const set = new Set();
  for (const url of [inspectedUrl, ...failingUrls]) {
    const p = originPattern(url);
    if (p) set.add(p);
  }
  return [...set].sort();
}

/** What `chrome.permissions.request` needs for reading cookies of these origins. */
export function cookiePermissions(origins) {
  return { permissions: ['cookies'], origins };
}

/**
 * Asks the user, from a click handler. Must be called synchronously inside the gesture: any
 * `await` before it makes Chrome reject the request ("This function must be called during a
 * user gesture", https://developer.chrome.com/docs/extensions/reference/api/permissions#method-request).
 * Firefox offers no `permissions` API to DevTools panels; there the user grants it in
 * about:addons (https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/user_interface/devtools_panels).
 * @returns {Promise<'granted'|'denied'|'unavailable'>}
 */
export function requestConsent(api, origins) {
  if (!api.permissions || typeof api.permissions.request !== 'function') {
    return Promise.resolve('unavailable');
  }
  let p;
  try {
    p = api.permissions.request(cookiePermissions(origins));
  } catch {
    return Promise.resolve('unavailable');
  }
  return Promise.resolve(p).then(
    (ok) => (ok ? 'granted' : 'denied'),
    () => 'denied',
  );
}

/** Asks the background whether consent is held (no prompt). */
export async function hasConsent(api, origins) {
  if (!origins.length) return false;
  try {
    const reply = await api.runtime.sendMessage(msg.consentCheck(origins));
    return Boolean(reply && reply.type === CONSENT_RESULT && reply.granted);
  } catch {
    return false;
  }
}

/**
 * Reads the cookie jar for these URLs through the background.
 * @returns {Promise<{ok: true, jars: object}|{ok: false, code: string, message: string}>}
 */
export async function readCookieJars(api, urls) {
  let reply;
  try {
    reply = await api.runtime.sendMessage(msg.cookiesGet(urls));
  } catch (e) {
    return { ok: false, code: 'failed', message: String((e && e.message) || e) };
  }
  if (reply && reply.type === COOKIES_RESULT) return { ok: true, jars: reply.jars };
  if (reply && reply.type === ERROR) return { ok: false, code: reply.code, message: reply.message };
  return { ok: false, code: 'failed', message: 'no answer from the background' };
}
