// Deep mode ("Capture Chrome's reasons"): what Chrome itself knows about a blocked request
// or cookie, read from the DevTools protocol through chrome.debugger while the panel asks for
// it, and attached to the matching HAR entries as documented `_`-prefixed fields:
//
//   _corsError               {corsError, failedParameter}   Network.loadingFailed.corsErrorStatus
//   _blockedRequestCookies   [{name, blockedReasons}]       Network.requestWillBeSentExtraInfo.associatedCookies
//   _blockedResponseCookies  [{name, blockedReasons}]       Network.responseReceivedExtraInfo.blockedCookies
//   _exemptedCookies         [{name, exemptionReason}]      Network.responseReceivedExtraInfo.exemptedCookies
//   _cookiePartitionKey      {topLevelSite, hasCrossSiteAncestor}
//
// The core reads the first three (src/har/model.rs); an exported HAR keeps them all, so the
// page and the CLI give the same answer later. No cookie value or cookie line is kept.
// Pure logic over protocol events: no `chrome.*` here, so node --test covers it.

/** The protocol events deep mode listens to (the background forwards only these). */
export const EVENTS = new Set([
  'Network.requestWillBeSent',
  'Network.requestWillBeSentExtraInfo',
  'Network.responseReceivedExtraInfo',
  'Network.loadingFailed',
]);

/** Requests remembered at most (a busy page makes thousands; the oldest are forgotten). */
export const MAX_REQUESTS = 5000;

/** An entry and a protocol request match when they started this close (ms). */
export const MATCH_WINDOW_MS = 60_000;

function names(list, reasonsOf) {
  return (Array.isArray(list) ? list : [])
    .map((c) => ({
      name: String((c.cookie && c.cookie.name) || c.name || cookieName(c.cookieLine) || ''),
      blockedReasons: reasonsOf(c).map(String),
    }))
    .filter((c) => c.blockedReasons.length > 0);
}

/** `sid=abc; Path=/` -> `sid` (the value is never kept). */
function cookieName(line) {
  if (typeof line !== 'string') return '';
  const eq = line.indexOf('=');
  return (eq < 0 ? line.split(';')[0] : line.slice(0, eq)).trim();
}

/** Chrome's reasons, per request, as protocol events arrive. */
export class ChromeReasons {
  constructor() {
    /** requestId -> the hop being loaded (a redirect starts a new hop under the same id) */
    this.current = new Map();
    /** hops that got a reason, in arrival order */
    this.found = [];
    /** `METHOD url` -> those hops, so matching an entry costs its own URL's hops only */
    this.byKey = new Map();
    this.revision = 0;
  }

  clear() {
    this.current.clear();
    this.found = [];
    this.byKey.clear();
    this.revision++;
  }

  /** Takes one protocol event; returns whether a reason was added. */
  add(method, params) {
    if (!params || typeof params.requestId !== 'string') return false;
    const id = params.requestId;
    switch (method) {
      case 'Network.requestWillBeSent': {
        const req = params.request || {};
        const wall = typeof params.wallTime === 'number' ? params.wallTime * 1000 : Date.now();
        this.current.delete(id); // a redirect: a new hop
        this.current.set(id, { url: String(req.url || ''), method: String(req.method || 'GET'), time: wall, fields: {} });
        if (this.current.size > MAX_REQUESTS) this.current.delete(this.current.keys().next().value);
        return false;
      }
      case 'Network.requestWillBeSentExtraInfo': {
        const blocked = names(params.associatedCookies, (c) => c.blockedReasons || []);
        return blocked.length > 0 && this.note(id, { _blockedRequestCookies: blocked });
      }
      case 'Network.responseReceivedExtraInfo': {
        const fields = {};
        const blocked = names(params.blockedCookies, (c) => c.blockedReasons || []);
        if (blocked.length) fields._blockedResponseCookies = blocked;
        const exempted = (Array.isArray(params.exemptedCookies) ? params.exemptedCookies : [])
          .map((c) => ({ name: String((c.cookie && c.cookie.name) || cookieName(c.cookieLine)), exemptionReason: String(c.exemptionReason || '') }))
          .filter((c) => c.exemptionReason);
        if (exempted.length) fields._exemptedCookies = exempted;
        // The partition key says where a blocked or exempted cookie lives; alone (every
        // response has one) it is no reason and would make every request a "found" one.
        if (Object.keys(fields).length && params.cookiePartitionKey && typeof params.cookiePartitionKey === 'object') {
          const k = params.cookiePartitionKey;
          fields._cookiePartitionKey = { topLevelSite: String(k.topLevelSite || ''), hasCrossSiteAncestor: Boolean(k.hasCrossSiteAncestor) };
        }
        return Object.keys(fields).length > 0 && this.note(id, fields);
      }
      case 'Network.loadingFailed': {
        const s = params.corsErrorStatus;
        if (!s || !s.corsError) return false;
        return this.note(id, { _corsError: { corsError: String(s.corsError), failedParameter: String(s.failedParameter || '') } });
      }
      default:
        return false;
    }
  }

  note(id, fields) {
    const hop = this.current.get(id);
    if (!hop) return false;
    if (!Object.keys(hop.fields).length) {
      this.found.push(hop);
      const key = `${hop.method} ${hop.url}`;
      if (!this.byKey.has(key)) this.byKey.set(key, []);
      this.byKey.get(key).push(hop);
      if (this.found.length > MAX_REQUESTS) {
        const old = this.found.shift();
        const list = this.byKey.get(`${old.method} ${old.url}`);
        list.splice(list.indexOf(old), 1);
        if (!list.length) this.byKey.delete(`${old.method} ${old.url}`);
      }
    }
    Object.assign(hop.fields, fields);
    this.revision++;
    return true;
  }

  /**
   * The fields for one HAR entry: the hop with the same URL and method that started
   * closest to it (within MATCH_WINDOW_MS), or null.
   */
  fieldsFor(entry) {
    const req = (entry && entry.request) || {};
    const started = Date.parse(entry && entry.startedDateTime);
    let best = null;
    for (const hop of this.byKey.get(`${req.method} ${req.url}`) || []) {
      const gap = Number.isFinite(started) ? Math.abs(hop.time - started) : 0;
      if (gap > MATCH_WINDOW_MS) continue;
      if (!best || gap < best.gap) best = { gap, hop };
    }
    return best ? best.hop.fields : null;
  }
}
