// Follows DevTools' network record: what was captured before the panel opened (getHAR), then
// every request as it finishes (onRequestFinished), and page loads (onNavigated).
// `network` is `chrome.devtools.network`; tests pass a stub.

import { debounce, entryKey, isUnfinished, readContent, richness } from './capture.js';

export { entryKey };

/** How long the page must be quiet before the panel re-reads DevTools' own HAR. */
export const QUIET_MS = 1500;

/**
 * A record whose newest request started this recently (ms) when the panel opened, or that has
 * a request still unfinished, was read while the page was loading. Firefox (ESR 140) then
 * loses the requests that finish while the panel starts listening: neither onRequestFinished
 * nor a later getHAR has them (seen, with the events logged, in 6 runs of the Firefox e2e
 * scenario while it loaded its page as the panel opened; 7 of 13 runs failed, 6 inspected).
 */
export const MID_LOAD_MS = 2000;

/**
 * DevTools' record of a busy page (tens of thousands of entries) is taken in slices of this
 * many entries, the panel answering between them.
 */
export const HAR_SLICE = 500;


/**
 * Reconciles the capture with a fresh getHAR: entries DevTools completed after handing them
 * over (Chrome's redirect hops gain Set-Cookie/Cookie later) are replaced by the fuller
 * record, and entries that never reached onRequestFinished (Firefox: requests blocked by
 * CORS) are added, unless they are older than what the panel let go of (Capture.dropFirst).
 * Returns how many entries changed.
 */
export function reconcile(capture, harEntries, read = readContent) {
  const index = new Map(capture.entries().map((e, i) => [entryKey(e), i]));
  let changed = 0;
  for (const e of harEntries || []) {
    const i = index.get(entryKey(e));
    if (i === undefined) {
      // DevTools keeps what the panel let go of (a long session): it stays gone.
      if (capture.wasDropped(e)) continue;
      capture.add(e, read);
      changed++;
    } else if (fuller(capture, i, e, read)) {
      changed++;
    }
  }
  return changed;
}

/** Replaces entry `i` by `e`, another record of the same request, if `e` has more in it. */
function fuller(capture, i, e, read) {
  if (richness(e) <= (capture.items[i].richness ?? richness(capture.items[i].entry))) return false;
  capture.replace(i, e, read);
  return true;
}


/**
 * Wires the capture to DevTools.
 * @param {object} network chrome.devtools.network
 * @param {import('./capture.js').Capture} capture
 * @param {object} hooks
 * @param {(entry?: object) => void} hooks.changed called after entries were added (with the
 *   entry that finished) or cleared (debounce it).
 * @param {() => boolean} hooks.preserve whether to keep entries across navigations.
 * @param {(url: string) => void} [hooks.navigated] called on every navigation.
 * @param {(e: object) => Promise<object|null>} [hooks.read] body reader.
 * @param {number} [hooks.keep] how many of DevTools' record to take on open (the newest).
 * @param {() => number} [hooks.now] the clock (tests).
 * @returns {Promise<{midLoad: boolean}>} settles once the initial HAR is in; `midLoad`: it was
 *   read while the page was loading (see MID_LOAD_MS).
 */
export function followNetwork(network, capture, hooks) {
  const read = hooks.read || readContent;
  // Listen first, so nothing finishing while getHAR runs is lost; hold those events until the
  // HAR is in, then skip the ones it already contained.
  let buffered = [];
  // Shown at once; an entry whose body is read is shown again when the body is in.
  const add = (e) => {
    const done = capture.add(e, read);
    const item = capture.lastAdded;
    hooks.changed(e);
    return item && item.bodyPending ? done.then(() => hooks.changed(e)) : done;
  };
  const timers = hooks.timers || globalThis;
  // Once the page is quiet, converge on what DevTools itself recorded (see `reconcile`).
  const resync = () => {
    recorded = null;
    const onHar = (har) => {
      if (reconcile(capture, (har && har.entries) || [], read) > 0) hooks.changed();
    };
    try {
      const ret = network.getHAR(onHar);
      if (ret && typeof ret.then === 'function') ret.then(onHar, () => {});
    } catch {
      // DevTools closing: nothing to converge on.
    }
  };
  // Re-armed by every request that finishes: a call notes the time, one timer waits (`debounce`).
  const scheduleResync = debounce(resync, hooks.quietMs ?? QUIET_MS, timers);
  // Keys of DevTools' record as read on open. Firefox hands over a request that finished while
  // the panel was starting after getHAR already had it: it is not listed twice. If it is no
  // longer listed (a navigation cleared it, or it was let go), it stays gone.
  let recorded = null;
  const again = (e) => {
    const key = entryKey(e);
    for (let i = capture.items.length - 1; i >= 0; i--) {
      if (entryKey(capture.items[i].entry) === key) return fuller(capture, i, e, read);
    }
    return false;
  };
  network.onRequestFinished.addListener((e) => {
    if (buffered) buffered.push(e);
    else {
      const key = recorded && recorded.size ? entryKey(e) : null;
      // An unfinished record's finished one takes its place in `add` (a patch, not a reload).
      if (key !== null && recorded.delete(key) && !capture.unfinished.has(key)) again(e);
      else add(e);
      hooks.changed();
      scheduleResync();
    }
  });
  network.onNavigated.addListener((url) => {
    if (hooks.navigated) hooks.navigated(url);
    if (!hooks.preserve()) {
      capture.clearBefore(url);
      hooks.changed();
    }
  });
  return new Promise((resolve) => {
    // Chrome: callback; Firefox: also returns a promise (either way exactly one call of done).
    let done = false;
    const onHar = async (har) => {
      if (done) return;
      done = true;
      const entries = (har && har.entries) || [];
      const seen = new Set();
      // A record longer than the panel keeps: only its newest entries are taken.
      const from = Math.max(0, entries.length - (hooks.keep ?? Infinity));
      for (let i = 0; i < from; i++) seen.add(entryKey(entries[i]));
      capture.passOver(entries.slice(0, from));
      for (let i = from; i < entries.length; i++) {
        if (i > from && (i - from) % HAR_SLICE === 0) await new Promise((next) => timers.setTimeout(next, 0));
        seen.add(entryKey(entries[i]));
        add(entries[i]);
      }
      const late = buffered.filter((e) => !seen.has(entryKey(e)));
      buffered = null;
      recorded = seen;
      for (const e of late) add(e);
      hooks.changed();
      const newest = entries.reduce((t, e) => Math.max(t, Date.parse(e && e.startedDateTime) || -Infinity), -Infinity);
      const now = (hooks.now || Date.now)();
      resolve({ midLoad: now - newest < MID_LOAD_MS || entries.some((e) => e && isUnfinished(e)) });
    };
    const ret = network.getHAR(onHar);
    if (ret && typeof ret.then === 'function') ret.then(onHar, () => onHar(null));
  });
}
