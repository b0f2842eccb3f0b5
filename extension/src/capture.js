// The panel's record of the inspected page's traffic: which entries DevTools gave us, which
// bodies a rule needs, how preflights pair with the requests they were sent for, and when to
// re-analyse. Pure logic over HAR entry objects: no `chrome.*` here, so node --test covers it.

/** Statuses that mean "authentication or authorization failed" (and the common vendor ones). */
const AUTH_FAILURE_STATUSES = new Set([401, 403, 407, 419, 440]);

/** Bodies larger than this are never read: no rule needs a megabyte of text. */
export const MAX_BODY_BYTES = 512 * 1024;

/** Header value by case-insensitive name, or undefined. */
export function header(headers, name) {
  const lower = name.toLowerCase();
  const h = (headers || []).find((x) => String(x.name).toLowerCase() === lower);
  return h ? String(h.value) : undefined;
}

/** Whether an entry is a CORS preflight (Chrome marks them; other HAR writers only send OPTIONS). */
export function isPreflight(entry) {
  if (entry._resourceType === 'preflight') return true;
  if (entry._initiator && entry._initiator.type === 'preflight') return true;
  const req = entry.request || {};
  return req.method === 'OPTIONS' && header(req.headers, 'Access-Control-Request-Method') !== undefined;
}

/**
 * Whether an entry never got a response: Chrome writes status 0 and `response._error`
 * (e.g. `net::ERR_FAILED` after a failed preflight, `net::ERR_BLOCKED_BY_CLIENT`).
 */
export function isBlocked(entry) {
  const res = entry.response || {};
  return (res.status === 0 || res.status === undefined || res.status === -1) && Boolean(res._error);
}

/**
 * A finished request the user will want to see now: refused, failed or blocked. Not one that
 * Chromium itself gave up on under a flood of requests (`net::ERR_INSUFFICIENT_RESOURCES`): it
 * never reached a server, nothing about authentication is in it, and at a thousand requests a
 * second there are thousands of them (each one would take the quick path). It is listed with
 * the next batch.
 */
export function looksFailed(entry) {
  const res = entry.response || {};
  if (res._error === 'net::ERR_INSUFFICIENT_RESOURCES') return false;
  const status = res.status || 0;
  return status === 0 || status >= 400 || isBlocked(entry);
}

/** Whether the request carried a credential (Authorization, Cookie, an API-key header). */
export function hasCredentials(entry) {
  const hs = (entry.request && entry.request.headers) || [];
  return hs.some((h) => /^(authorization|cookie|x-api-key|api-key|apikey|x-auth-token|x-access-token)$/i.test(String(h.name)));
}

function isApiCall(entry) {
  const type = entry._resourceType;
  if (type === 'fetch' || type === 'xhr') return true;
  // Firefox's entries carry no _resourceType: judge by what was asked for and sent.
  const accept = header(entry.request && entry.request.headers, 'Accept') || '';
  if (/json/i.test(accept)) return true;
  return type === undefined && hasCredentials(entry) && header(entry.request.headers, 'Sec-Fetch-Mode') !== 'navigate';
}

/** OAuth parameters in a request body: a token request, whatever its URL. */
const OAUTH_BODY = /(^|&|"|\s)(grant_type|code|client_id|refresh_token|device_code|code_verifier)(=|"\s*:)/;

/** Small bodies are read from credentialed 2xx JSON answers: errors hide there (Slack, GitHub). */
export const SMALL_BODY_BYTES = 16 * 1024;

/** Heuristic for OAuth/OIDC token endpoints (RFC 6749 §3.2) whose JSON answers rules read. */
export function isTokenEndpoint(entry) {
  const req = entry.request || {};
  let path = '';
  try {
    path = new URL(req.url).pathname;
  } catch {
    return false;
  }
  if (/(^|\/)(oauth2?\/)?(access_)?token$|\/connect\/token$|\/protocol\/openid-connect\/token$/i.test(path)) return true;
  const body = (req.postData && req.postData.text) || '';
  return req.method === 'POST' && /(^|&)grant_type=/.test(body);
}

/**
 * Which entries' bodies the analysis needs, so the panel calls `getContent()` only for those:
 * token endpoint responses, authentication failures, and HTML answers to API calls (a login page
 * served to a fetch). Everything else stays unread.
 * @returns {string|null} the reason (for the debug view and the tests), or null.
 */
export function bodyReason(entry) {
  const res = entry.response || {};
  const content = res.content || {};
  if (isBlocked(entry) || isPreflight(entry)) return null;
  if (typeof content.size === 'number' && content.size > MAX_BODY_BYTES) return null;
  if (typeof content.text === 'string') return null; // Already there (getHAR sometimes includes it).
  if (AUTH_FAILURE_STATUSES.has(res.status)) return 'auth-failure';
  if (isTokenEndpoint(entry)) return 'token-endpoint';
  const mime = content.mimeType || header(res.headers, 'Content-Type') || '';
  if (/text\/html/i.test(mime) && isApiCall(entry)) return 'html-for-api-call';
  const req = entry.request || {};
  const body = (req.postData && req.postData.text) || '';
  // A GitHub-style token endpoint answers `{"error": "bad_verification_code"}` with 200.
  if (req.method === 'POST' && /json/i.test(mime) && OAUTH_BODY.test(body)) return 'oauth-post';
  // A Slack-style API answers `{"ok": false, "error": "invalid_auth"}` with 200.
  const small = typeof content.size !== 'number' || content.size <= SMALL_BODY_BYTES;
  if (res.status >= 200 && res.status < 300 && /json/i.test(mime) && small && hasCredentials(entry)) return 'credentialed-json';
  return null;
}

function startMs(entry) {
  const t = Date.parse(entry.startedDateTime);
  return Number.isNaN(t) ? 0 : t;
}

/** How far apart a preflight and its request may start and still be paired. */
export const PAIRING_WINDOW_MS = 30_000;

/**
 * Pairs each preflight with the request it was sent for. HAR entries carry no request ids, so
 * the pairing uses what the preflight announces: same URL, `Access-Control-Request-Method` equal
 * to the request's method, every name in `Access-Control-Request-Headers` present on the request,
 * and the request starting at or after the preflight (the nearest one wins; each is used once).
 * A request blocked by its failed preflight (status 0 + `_error`) still pairs: that is the point.
 * @param {object[]} entries HAR entries in capture order.
 * @returns {Map<number, number>} preflight index -> request index (and the reverse is easy).
 */
export function pairPreflights(entries) {
  // The requests a preflight may be for, by URL, in order of start: each preflight looks only
  // at those of its URL starting within the window (a page can send thousands of preflights).
  // The panel pairs at every redraw of a busy page: only the URLs some preflight was for are
  // looked at (and their start times read), and a page without preflights costs one pass.
  const preflights = [];
  const byUrl = new Map();
  entries.forEach((e, i) => {
    if (isPreflight(e)) {
      preflights.push(i);
      byUrl.set(e.request.url, []);
    }
  });
  if (!preflights.length) return new Map();
  entries.forEach((e, i) => {
    const list = byUrl.get(e.request.url);
    if (list && !isPreflight(e)) list.push({ at: startMs(e), index: i });
  });
  for (const list of byUrl.values()) list.sort((a, b) => a.at - b.at || a.index - b.index);
  const pairs = new Map();
  const used = new Set();
  for (const i of preflights) {
    const pre = entries[i];
    const candidates = byUrl.get(pre.request.url);
    const wantMethod = (header(pre.request.headers, 'Access-Control-Request-Method') || '').toUpperCase();
    const wantHeaders = (header(pre.request.headers, 'Access-Control-Request-Headers') || '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
    const t0 = startMs(pre);
    // A preflight starts first; allow a little clock noise between the two records.
    let lo = 0;
    let hi = candidates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (candidates[mid].at - t0 < -50) lo = mid + 1;
      else hi = mid;
    }
    let best = -1;
    let bestDt = Infinity;
    for (let k = lo; k < candidates.length && candidates[k].at - t0 <= PAIRING_WINDOW_MS; k++) {
      // Later ones are only farther.
      if (candidates[k].at - t0 > bestDt) break;
      const j = candidates[k].index;
      if (used.has(j)) continue;
      const req = entries[j];
      if (wantMethod && req.request.method.toUpperCase() !== wantMethod) continue;
      // Blocked requests have provisional headers only, but Chrome keeps the ones the page set.
      const names = new Set((req.request.headers || []).map((h) => String(h.name).toLowerCase()));
      if (!wantHeaders.every((n) => names.has(n))) continue;
      // The nearest wins; between two as near, the one captured first.
      const dt = Math.abs(candidates[k].at - t0);
      if (dt < bestDt || (dt === bestDt && j < best)) {
        best = j;
        bestDt = dt;
      }
    }
    if (best >= 0) {
      pairs.set(i, best);
      used.add(best);
    }
  }
  return pairs;
}

/**
 * Runs `fn` once a burst of calls has been quiet for `ms`, and at the latest `maxWait` after the
 * first call of the burst: under steady traffic (a page that polls, streams, retries) the panel
 * still redraws on a schedule instead of only when the page goes quiet.
 *
 * A call only notes the time. One timer waits for the quiet; when it fires before the quiet is
 * over (calls came meanwhile), it waits again for the rest. Every finished request makes two or
 * three calls; clearing and setting a timer in each took 3.3 µs a call in Firefox's panel page,
 * noting the time 1 µs. `timers.now` is the clock (`performance.now` by default; the tests' fake
 * timers bring theirs).
 */
export function debounce(fn, ms, timers = globalThis, maxWait = Infinity, soonMs = 16) {
  const now = typeof timers.now === 'function' ? () => timers.now() : () => performance.now();
  let idle = null;
  let due = 0;
  let cap = null;
  let soon = null;
  let lastArgs = [];
  const clear = () => {
    if (idle !== null) timers.clearTimeout(idle);
    if (cap !== null) timers.clearTimeout(cap);
    if (soon !== null) timers.clearTimeout(soon);
    idle = null;
    cap = null;
    soon = null;
  };
  const flush = () => {
    clear();
    fn(...lastArgs);
  };
  const wake = () => {
    idle = null;
    const left = due - now();
    // Under a millisecond left is quiet enough (timers and clock need not agree to the tick).
    if (left >= 1) idle = timers.setTimeout(wake, left);
    else flush();
  };
  const debounced = (...args) => {
    lastArgs = args;
    due = now() + ms;
    if (idle === null) idle = timers.setTimeout(wake, ms);
    if (cap === null && Number.isFinite(maxWait)) cap = timers.setTimeout(flush, maxWait);
  };
  /** Like a call, but runs within `soonMs` whatever the traffic (a failure to show). */
  debounced.soon = (...args) => {
    debounced(...args);
    if (soon === null) soon = timers.setTimeout(flush, soonMs);
  };
  debounced.cancel = clear;
  debounced.pending = () => idle !== null;
  return debounced;
}

/** Identity of a HAR entry across getHAR and onRequestFinished (entries carry no request id). */
export function entryKey(e) {
  const r = e.request || {};
  return `${e.startedDateTime}|${r.method}|${r.url}`;
}

/**
 * Whether an entry is DevTools' record of a request that had not finished: status 0, no error,
 * no response header. Chromium under load hands such records over (in getHAR, and to
 * `onRequestFinished`) and the finished record of the same request seconds later.
 */
export function isUnfinished(entry) {
  const res = entry.response || {};
  return !res.status && !res._error && !(res.headers || []).length;
}

/** How many header lines and cookies an entry has: a fuller record of a request has more. */
export function richness(e) {
  const req = e.request || {};
  const res = e.response || {};
  return (req.headers || []).length + (req.cookies || []).length + (res.headers || []).length + (res.cookies || []).length;
}

/**
 * Strips what a HAR entry object from DevTools has beyond JSON (Chrome's `getContent` method),
 * so it can be serialized for the core.
 */
export function plainEntry(entry) {
  const { getContent, ...rest } = entry; // eslint-disable-line no-unused-vars
  return rest;
}

/**
 * Reads a body through DevTools' `getContent`, which is callback-style in Chrome
 * (`(content, encoding)`) and promise-style in Firefox (`[content, mimeType]`); see
 * https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/devtools/network/onRequestFinished
 */
export function readContent(entry, timeoutMs = 2000) {
  return new Promise((resolve) => {
    let done = false;
    const finish = (text, encoding) => {
      if (done) return;
      done = true;
      resolve(typeof text === 'string' ? { text, encoding: encoding || undefined } : null);
    };
    setTimeout(() => finish(null), timeoutMs);
    try {
      const ret = entry.getContent((content, encoding) => finish(content, encoding));
      if (ret && typeof ret.then === 'function') {
        ret.then((v) => (Array.isArray(v) ? finish(v[0]) : finish(v)), () => finish(null));
      }
    } catch {
      finish(null);
    }
  });
}

/** How recently a document must have arrived to count as the new page's, on navigation. */
export const NEW_PAGE_MS = 1000;

/**
 * The ordered list of captured entries, in the order the core numbers them. An entry whose body
 * is being read goes to the core at once without it (a refused request is shown without waiting
 * for DevTools to hand over its body, which takes up to a second on a busy page); when the body
 * arrives the entry is patched and its index queued in `takePatched()`, so the panel replaces it
 * in the core.
 */
export class Capture {
  constructor() {
    this.clear();
  }

  clear() {
    /** @type {{entry: object, ready: boolean, bodyReason: string|null}[]} */
    this.items = [];
    /** Indexes of entries whose body arrived after they went to the core. */
    this.patched = [];
    /** Unfinished records (`isUnfinished`) by `entryKey`: the finished one takes their place. */
    this.unfinished = new Map();
    /** The item the last `add` made or completed. */
    this.lastAdded = null;
    /** How many of the oldest entries were let go (`dropFirst`, `passOver`) since the last clear. */
    this.dropped = 0;
    /** The newest start (ms) among them: DevTools' record is reconciled only after it. */
    this.droppedUntil = -Infinity;
    this.generation = (this.generation || 0) + 1;
    this.revision = (this.revision || 0) + 1;
  }

  /**
   * Keeps only the entries from the newest one for `url` on (the new page's document and what
   * it loaded): Firefox 140 delivers the new document before `onNavigated`, so clearing
   * everything would drop the new page's first requests.
   */
  clearBefore(url, now = Date.now()) {
    // Only a document that arrived just now, as the last entry, belongs to the new page: an
    // earlier entry for the same URL is a previous load of it (a reload).
    const last = this.items[this.items.length - 1];
    const isNew = last && last.entry.request && last.entry.request.url === url && now - (last.arrived || 0) < NEW_PAGE_MS;
    const kept = isNew ? [last] : [];
    this.clear();
    this.items = kept;
    if (isNew && isUnfinished(last.entry)) this.unfinished.set(entryKey(last.entry), last);
  }

  /**
   * Replaces entry `index` with a fuller record of the same request (getHAR after the page went
   * quiet: Chrome hands redirect hops to extensions before their Set-Cookie and Cookie headers
   * arrive). Bumps `revision`, so the panel analyses the whole capture again.
   */
  replace(index, devtoolsEntry, read = readContent) {
    const old = this.items[index];
    if (!old) return Promise.resolve();
    const entry = plainEntry(devtoolsEntry);
    // Keep a body already read: getHAR entries do not carry it.
    const oldText = old.entry.response && old.entry.response.content && old.entry.response.content.text;
    if (typeof oldText === 'string' && entry.response) {
      entry.response = { ...entry.response, content: { ...(entry.response.content || {}), text: oldText } };
    }
    const reason = typeof devtoolsEntry.getContent === 'function' ? bodyReason(entry) : null;
    const item = { entry, ready: reason === null, bodyReason: reason };
    this.items[index] = item;
    this.revision++;
    const key = entryKey(old.entry);
    if (this.unfinished.get(key) === old) this.unfinished.delete(key);
    if (isUnfinished(entry)) this.unfinished.set(entryKey(entry), item);
    if (item.ready) return Promise.resolve();
    const generation = this.generation;
    return read(devtoolsEntry).then((body) => {
      if (generation !== this.generation) return;
      if (body) {
        const content = { ...(entry.response.content || {}), text: body.text };
        if (body.encoding) content.encoding = body.encoding;
        item.entry = { ...entry, response: { ...entry.response, content } };
      }
      item.ready = true;
      this.revision++;
    });
  }

  /**
   * Lets go of the oldest `count` entries (a long session on a busy page is kept to a bounded
   * window): entry `count` becomes entry 0. `revision` does not change: the core's session drops
   * the same entries (Session.dropFirst), nothing needs analysing again. Returns how many went.
   */
  dropFirst(count) {
    const n = Math.max(0, Math.min(count, this.items.length));
    if (n === 0) return 0;
    const gone = this.items.splice(0, n);
    this.passOver(gone.map((it) => it.entry));
    this.patched = this.patched.filter((i) => i >= n).map((i) => i - n);
    if (this.unfinished.size) {
      const went = new Set(gone);
      for (const [key, item] of this.unfinished) if (went.has(item)) this.unfinished.delete(key);
    }
    return n;
  }

  /** Counts `entries` as let go without keeping them (the oldest of DevTools' record on open). */
  passOver(entries) {
    this.dropped += entries.length;
    for (const e of entries) {
      const t = Date.parse(e && e.startedDateTime);
      if (t > this.droppedUntil) this.droppedUntil = t;
    }
  }

  /** Whether `entry` (not in the capture) is one of those let go: it started no later than they. */
  wasDropped(entry) {
    return this.dropped > 0 && Date.parse(entry && entry.startedDateTime) <= this.droppedUntil;
  }

  get length() {
    return this.items.length;
  }

  /** Entries as plain objects, in order. */
  entries() {
    return this.items.map((it) => it.entry);
  }

  /**
   * Adds one entry from getHAR or onRequestFinished; reads its body first when a rule needs it.
   * @param {object} devtoolsEntry entry as DevTools delivered it (may have getContent).
   * @param {(entry: object) => Promise<{text: string, encoding?: string}|null>} read body reader.
   * @returns {Promise<void>} settles when the entry is ready.
   */
  add(devtoolsEntry, read = readContent) {
    const entry = plainEntry(devtoolsEntry);
    const reason = typeof devtoolsEntry.getContent === 'function' ? bodyReason(entry) : null;
    const now = Date.now();
    // The finished record of a request first handed over unfinished takes that one's place
    // (and is patched into the core there), instead of being listed a second time.
    const key = this.unfinished.size ? entryKey(entry) : null;
    const earlier = key !== null ? this.unfinished.get(key) : undefined;
    let item;
    if (earlier && !isUnfinished(entry)) {
      this.unfinished.delete(key);
      item = earlier;
      Object.assign(item, { entry, bodyReason: reason, bodyPending: reason !== null, readyAt: now, light: false });
      const index = this.items.lastIndexOf(item);
      if (index >= 0) this.patched.push(index);
    } else {
      item = { entry, ready: true, bodyReason: reason, bodyPending: reason !== null, arrived: now, readyAt: now };
      this.items.push(item);
      if (isUnfinished(entry)) this.unfinished.set(entryKey(entry), item);
    }
    this.lastAdded = item;
    if (!item.bodyPending) return Promise.resolve();
    return read(devtoolsEntry).then((body) => {
      item.bodyPending = false;
      if (!body) return;
      const content = { ...(entry.response.content || {}), text: body.text };
      if (body.encoding) content.encoding = body.encoding;
      item.entry = { ...entry, response: { ...entry.response, content } };
      item.readyAt = Date.now();
      // Found from the end: bodies are read for the few refused requests, usually recent ones.
      // An entry no longer listed (Clear, a navigation) is not patched.
      const index = this.items.lastIndexOf(item);
      if (index >= 0) this.patched.push(index);
    });
  }

  /**
   * Swaps entry `index` for the compact form the core holds of it (`compactJson`: nothing about
   * authentication in it, see the core's `compact`), keeping its request headers, which the
   * panel pairs preflights by. Fed to the core again (after Clear or a language change), it
   * gives the same analysis. A busy page then costs the panel little memory. `fed` is the entry
   * the core compacted: if the entry was replaced since (its body arrived, a fuller record from
   * getHAR), it is left alone.
   */
  lighten(index, compactJson, fed) {
    const item = this.items[index];
    if (!item || item.bodyPending || item.light || item.entry !== fed) return;
    let light;
    try {
      light = JSON.parse(compactJson);
    } catch {
      return;
    }
    // How complete the record was: getHAR's copy of the same request is not "fuller" than
    // what was lightened (live.js `reconcile`).
    item.richness = richness(item.entry);
    light.request.headers = (item.entry.request && item.entry.request.headers) || [];
    item.entry = light;
    item.light = true;
  }

  /** Indexes of entries patched with their body since the last call (each once). */
  takePatched() {
    const out = [...new Set(this.patched)];
    this.patched = [];
    return out;
  }


  /**
   * Adds fields to entries (deep mode's Chrome reasons): `fieldsFor(entry)` returns the
   * fields for an entry or null. Bumps `revision` when any entry changed, so the panel
   * analyses the capture again.
   * @returns {boolean} whether anything changed
   */
  annotate(fieldsFor) {
    let changed = false;
    for (const item of this.items) {
      const fields = fieldsFor(item.entry);
      if (!fields) continue;
      const key = JSON.stringify(fields);
      if (item.annotated === key) continue;
      item.entry = { ...item.entry, ...fields };
      item.annotated = key;
      changed = true;
    }
    if (changed) this.revision++;
    return changed;
  }

  /** Entries from index `from` up to the first one still waiting for its body. */
  readyFrom(from) {
    const out = [];
    for (let i = from; i < this.items.length && this.items[i].ready; i++) out.push(this.items[i].entry);
    return out;
  }
}
