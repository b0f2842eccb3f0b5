// Puts the cookie jar beside the cookies a failing request actually sent, so "the session cookie
// exists but was not sent" is visible. Pure data: the panel renders the rows.

import { header } from './capture.js';

/** The subset of `chrome.cookies.Cookie` the panel shows; values are never kept. */
export function cookieView(c) {
  return {
    name: c.name,
    domain: c.domain,
    path: c.path,
    // Session cookies have no expirationDate.
    expires: typeof c.expirationDate === 'number' ? new Date(c.expirationDate * 1000).toISOString() : null,
    secure: Boolean(c.secure),
    httpOnly: Boolean(c.httpOnly),
    // Chrome: "no_restriction" | "lax" | "strict" | "unspecified"; Firefox adds none of these names.
    sameSite: c.sameSite || 'unspecified',
    partitioned: Boolean(c.partitionKey),
    hostOnly: Boolean(c.hostOnly),
  };
}

/** Names of the cookies the request sent, from `request.cookies[]` or else the Cookie header. */
export function sentCookieNames(entry) {
  const req = entry.request || {};
  const names = new Set((req.cookies || []).map((c) => c.name));
  if (!names.size) {
    const h = header(req.headers, 'Cookie');
    if (h) {
      for (const part of h.split(';')) {
        const name = part.split('=')[0].trim();
        if (name) names.add(name);
      }
    }
  }
  return names;
}

/**
 * One row per cookie name: in the jar and sent, in the jar but not sent, or sent but no longer
 * in the jar (deleted or expired since).
 * @param {object} entry HAR entry of the failing request.
 * @param {object[]} jar CookieViews for the request URL.
 */
export function compareCookies(entry, jar) {
  const sent = sentCookieNames(entry);
  const rows = [];
  const seen = new Set();
  for (const c of jar) {
    seen.add(c.name);
    rows.push({ ...c, state: sent.has(c.name) ? 'sent' : 'not-sent' });
  }
  for (const name of sent) {
    if (!seen.has(name)) rows.push({ name, state: 'sent-not-in-jar' });
  }
  const order = { 'not-sent': 0, 'sent-not-in-jar': 1, sent: 2 };
  rows.sort((a, b) => order[a.state] - order[b.state] || a.name.localeCompare(b.name));
  return rows;
}
