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

/** At most this many hosts besides the inspected page's own are put in one consent prompt. */
export const MAX_CONSENT_HOSTS = 4;

/**
 * The origins to ask for: the inspected page and the hosts its failing requests went to, and
 * nothing else. A cross-site API's cookies are exactly the ones that go missing (SameSite).
 * The page decides which hosts it fails on, so a hostile page could pad the prompt with hundreds
 * of hosts and have a hurried "Allow" grant them all: the prompt names the inspected page and the
 * `max` hosts with the most failures (ties by name) and counts the rest in `omitted`.
 * @param {string} inspectedUrl
 * @param {string[]} failingUrls one per failing request (repeats count as more failures)
 * @returns {{origins: string[], omitted: number}}
 */
export function consentOrigins(inspectedUrl, failingUrls, max = MAX_CONSENT_HOSTS) {
  const own = originPattern(inspectedUrl);
  const counts = new Map();
  for (const url of failingUrls) {
    const p = originPattern(url);
    if (p && p !== own) counts.set(p, (counts.get(p) || 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([p]) => p);
  const chosen = ranked.slice(0, max);
  if (own) chosen.push(own);
  return { origins: chosen.sort(), omitted: ranked.length - Math.min(ranked.length, max) };
}

/** Whether `url` is covered by one of the `origins` match patterns of `consentOrigins`. */
export function coveredBy(origins, url) {
  const p = originPattern(url);
  return p !== null && origins.includes(p);
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
