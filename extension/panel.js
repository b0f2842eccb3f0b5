// The why401 DevTools panel: follows the inspected page's network record, feeds the analysis
// engine entry by entry, and shows the shared renderer's report next to the panel's own view of
// the capture (preflights linked to their requests, blocked requests, cookie jar).
// Untrusted text (URLs, headers, cookie names) only through text nodes: see src/dom.js.

import { Capture, debounce, isBlocked, isPreflight, looksFailed, pairPreflights } from './src/capture.js';
import { EngineRestarting, wasmBytes } from './src/core.js';
import { EngineStale, loadWorkerEngine } from './src/remote.js';
import { compareCookies } from './src/cookies.js';
import { addStylesheet, h, replace, setAttr, setText } from './src/dom.js';
import { RequestTable } from './src/table.js';
import { download, exportName } from './src/export.js';
import { loadCatalog, pickLang } from './src/i18n.js';
import { followNetwork } from './src/live.js';
import { consentOrigins, coveredBy, hasConsent, readCookieJars, requestConsent } from './src/permissions.js';
import { ChromeReasons } from './src/deep.js';
import { DEEP_EVENT, DEEP_PORT, DEEP_STARTED, DEEP_STOPPED, msg } from './src/messages.js';

const api = globalThis.chrome;
const $ = (id) => document.getElementById(id);

/** Resource types the capture list leaves out: they never carry authentication on their own. */
const STATIC_TYPES = new Set(['image', 'stylesheet', 'font', 'media', 'script', 'manifest', 'texttrack']);

const state = {
  lang: pickLang(api.i18n.getUILanguage()),
  t: (k) => k,
  theme: api.devtools.panels.themeName === 'dark' ? 'dark' : 'light',
  engine: null,
  engineError: null,
  inspectedUrl: '',
  consent: 'unknown', // 'unknown' | 'granted' | 'denied' | 'unavailable'
  jars: new Map(), // request URL -> {rows} | {error}
  jarsPending: false,
  fedRevision: 0,
  lastReport: null, // the last report drawn, and when (a backlog redraws it while feeding)
  lastReportAt: 0,
  lastFullMs: 0, // what that full analysis cost
  provisional: new Map(), // entry -> causes from the quick analysis, until the next full one
  readingHar: true, // DevTools' record of the requests before the panel opened is still coming
  midLoadNotice: '', // the notice that requests may be missing (Firefox, opened mid-load)
};
const capture = new Capture();

// Deep mode: Chrome's own reasons, read through chrome.debugger while the user wants them.
const deep = {
  reasons: new ChromeReasons(),
  port: null,
  status: 'off', // 'off' | 'starting' | 'on' | 'error'
  error: '',
};
// For the end-to-end test and for a curious user in the panel's console.
globalThis.__why401Deep = deep;

/** More ready entries than this at once are a backlog (the panel opened on a busy page). */
const BACKLOG = 2000;
/** A backlog is fed to the core in tasks of about this many milliseconds. */
const FEED_SLICE_MS = 25;
/** While a backlog is fed, the report is redrawn at most this often. */
const CATCHUP_DRAW_MS = 1000;
/**
 * The panel keeps the newest this many requests: a long session on a busy page (a page polling
 * for an hour) stays within bounded memory (about 8 KB a request) and each full analysis within a
 * bounded cost. Older ones are let go a tenth at a time, and the status line says how many;
 * DevTools' own Network panel still has them. The end-to-end test lowers it.
 */
const MAX_ENTRIES = 25_000;
const maxEntries = () => globalThis.__why401MaxEntries ?? MAX_ENTRIES;

// Many requests finishing together cause one analysis, ~100 ms after the last one, and under
// steady traffic one at least every 250 ms (issue: no redraw until the page went quiet).
const scheduleRender = debounce(() => update(), 100, globalThis, 250);

function applyTheme() {
  document.documentElement.dataset.theme = state.theme;
}

async function applyLang(lang) {
  state.lang = lang;
  state.t = await loadCatalog(lang, (p) => api.runtime.getURL(p));
  document.documentElement.lang = lang;
  $('lang').value = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = state.t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-title]')) el.title = state.t(el.dataset.i18nTitle);
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = state.t(el.dataset.i18nPlaceholder);
  if (table) table.setLang(state.t);
  resetEngine();
}

/** A new session in the current language, refed with everything captured. */
function resetEngine() {
  state.lastReport = null;
  if (state.engine) state.engine.reset({ lang: state.lang });
}

function onCleared() {
  resetEngine();
  state.jars.clear();
}

// What each redraw cost, for the busy-page benchmark (benches/panel.mjs) and a curious user in
// the panel's console: counts and times only, never captured data. Times are the panel's main
// thread's, except `analysisMs` and `quickAnalysisMs`: the worker's (src/engine-worker.js).
const perf = {
  redraws: 0,
  feedMs: 0,
  analysisMs: 0,
  drawMs: 0,
  quick: 0,
  quickMs: 0,
  quickAnalysisMs: 0,
  listsMs: 0,
  last: [],
  wasmBytes: () => (state.engine ? state.engine.wasmBytes() : wasmBytes()),
};
// When each refused request reached the panel and became ready (its body read): times only.
perf.engineTiming = () => (state.engine ? state.engine.timing : null);
perf.captured = () => capture.items.length;
perf.compacted = () => (state.engine ? state.engine.compacted() : null);
const arrivalOf = (i) => [i.entry.request.url.split('/').pop(), i.arrived, i.readyAt];
perf.arrivals = () => [...perf.droppedArrivals, ...capture.items.filter((i) => looksFailed(i.entry)).map(arrivalOf)];
// Failures the panel showed and then let go (a long session, keepBounded): the benchmark counts
// every failure shown so far. Bounded like `last`.
perf.droppedFailures = 0;
perf.droppedArrivals = [];
perf.letGo = (items, failures) => {
  perf.droppedFailures += failures;
  perf.droppedArrivals.push(...items.filter((i) => looksFailed(i.entry)).map(arrivalOf));
  if (perf.droppedArrivals.length > 20000) perf.droppedArrivals.splice(0, 10000);
};
globalThis.__why401Perf = perf;

/**
 * Above this cost (ms) of a full analysis, a failure is first shown from a quick analysis
 * (Session.quickCauses: the entries about authentication and the newest QUICK_WINDOW), marked
 * provisional until the next full analysis; and full analyses are spaced so that they take at
 * most 1/FULL_SPACING of the panel's time (a long session on a busy page).
 */
const QUICK_ABOVE_MS = 30;
/** The threshold, which the end-to-end test lowers to take the quick path on a small page. */
const quickAbove = () => globalThis.__why401QuickAboveMs ?? QUICK_ABOVE_MS;
const QUICK_WINDOW = 100;
// 10, not 4: a quick analysis waits in the worker behind a full one. Measured at 300
// requests/s (three interleaved runs each), 10 took the panel's own share of a badge's latency
// from 106-125 to 77-108 ms (p50) and from 312-756 to 309-346 ms (p95); a provisional cause is
// confirmed within about a second instead of a third of one.
const FULL_SPACING = 10;

/** A full analysis is under way in the worker; `fullAgain`: another was asked for meanwhile. */
let fullRunning = false;
let fullAgain = false;
/**
 * A failure came that no quick analysis shows (full analyses are cheap): the next full one waits
 * at most one analysis' time, not FULL_SPACING's ten (which space the healthy traffic's), or its
 * badge would wait up to ten analyses' time. Measured at 300 requests/s for 30 s (four runs):
 * badge p95 222-283 ms with the spacing, the panel's own share of it 206-257 ms.
 */
let failureWaiting = false;

/** Feeds new ready entries to the engine and redraws (a full analysis, when due). */
function update() {
  if (!perf.firstUpdate) perf.firstUpdate = Date.now();
  // One full analysis at a time: the worker would only queue a second behind the first.
  if (fullRunning) {
    fullAgain = true;
    return;
  }
  const wait = state.lastReportAt + fullSpacing() - Date.now();
  if (wait > 0 && state.lastReport && capture.revision === state.fedRevision && state.engine) {
    // Not due yet: failures meanwhile take the quick path (quickUpdate); a backlog is still fed.
    if (feedReady()) globalThis.setTimeout(update, 0);
    setText($('summary'), summary(state.engine.length, state.lastReport.failures.length));
    scheduleFull(wait);
    return;
  }
  fullRunning = true;
  drawReport().finally(() => {
    fullRunning = false;
    perf.redraws += 1;
    if (fullAgain) {
      fullAgain = false;
      if (failureWaiting) scheduleRender.soon();
      else scheduleRender();
    }
  });
}

/** How long after the last full analysis the next may start (ms). */
function fullSpacing() {
  // A page where most requests fail still leaves the worker half its time.
  return (failureWaiting ? 1 : FULL_SPACING) * state.lastFullMs;
}

let fullTimer = null;
function scheduleFull(ms) {
  if (fullTimer !== null) return;
  fullTimer = setTimeout(() => {
    fullTimer = null;
    update();
  }, ms);
}

// A failure on a busy page: shown within a frame from the quick analysis.
const scheduleQuick = debounce(() => quickUpdate(), 16, globalThis, 16);

/** A quick analysis is under way in the worker; `quickAgain`: a failure came meanwhile. */
let quickRunning = false;
let quickAgain = false;

async function quickUpdate() {
  if (!state.engine || !state.lastReport || state.lastFullMs <= quickAbove() || state.fedRevision !== capture.revision) {
    update();
    return;
  }
  if (quickRunning) {
    quickAgain = true;
    return;
  }
  quickRunning = true;
  let spent = 0;
  try {
    const f0 = performance.now();
    feedReady();
    spent += performance.now() - f0;
    const worker = state.engine.timing.worker;
    const before = worker.quick || 0;
    const causes = await state.engine.quickCauses(state.lastReport.input.entries, QUICK_WINDOW);
    perf.quickAnalysisMs += (worker.quick || 0) - before;
    state.provisional = new Map(causes);
  } catch (e) {
    // The full analysis says what went wrong; until then the last report stands.
    state.provisional = new Map();
    if (!(e instanceof EngineRestarting) && !(e instanceof EngineStale)) console.error('why401: quick analysis failed', e);
  } finally {
    quickRunning = false;
  }
  if (quickAgain) {
    quickAgain = false;
    scheduleQuick();
  }
  // Cleared or reset meanwhile: the next full drawing shows the new session.
  if (!state.lastReport || state.fedRevision !== capture.revision) return;
  const t0 = performance.now();
  const report = withProvisional(state.lastReport);
  perf.last.push([Date.now(), report.failures.length + perf.droppedFailures, state.engine.length, capture.items.length]);
  drawLists(report, true);
  perf.quick += 1;
  perf.quickMs += spent + performance.now() - t0;
  scheduleFull(Math.max(16, state.lastReportAt + fullSpacing() - Date.now()));
}

/** The last full report plus the failures the quick analysis found since (provisional). */
function withProvisional(report) {
  const extra = [...state.provisional]
    .filter(([i]) => i >= report.input.entries)
    .map(([entry, causes]) => ({ entry, causes, provisional: true }));
  return extra.length ? { ...report, failures: [...report.failures, ...extra] } : report;
}

/**
 * Lets go of the oldest requests once the capture holds more than maxEntries(): in the capture,
 * in the core's session (the same ones: nothing is analysed again) and in what the panel drew.
 */
function keepBounded() {
  const max = maxEntries();
  if (capture.length <= max) return;
  // A tenth at a time: the session moves its buffer once a step, not once a request.
  const want = capture.length - max + Math.floor(max / 10);
  const shown = withProvisional(state.lastReport || { input: { entries: 0 }, failures: [] }).failures;
  perf.letGo(capture.items.slice(0, want), shown.filter((f) => f.entry < want).length);
  const n = capture.dropFirst(want);
  // Entries not fed yet were dropped from the capture alone.
  state.engine.dropFirst(Math.min(n, state.engine.length));
  const kept = (i) => i >= n;
  state.provisional = new Map([...state.provisional].filter(([i]) => kept(i)).map(([i, causes]) => [i - n, causes]));
  const r = state.lastReport;
  if (r) {
    // Until the next full analysis, the last report under the new numbers (what it says about
    // a dropped entry goes with it).
    const shifted = (pointer) => {
      const m = /^\/log\/entries\/(\d+)(.*)$/.exec(pointer || '');
      if (!m) return pointer;
      return kept(Number(m[1])) ? `/log/entries/${Number(m[1]) - n}${m[2]}` : null;
    };
    const issues = r.input.parse_issues.map((i) => ({ ...i, pointer: shifted(i.pointer) })).filter((i) => i.pointer !== null);
    state.lastReport = {
      ...r,
      input: { ...r.input, entries: Math.max(0, r.input.entries - n), parse_issues: issues },
      failures: r.failures.filter((f) => kept(f.entry)).map((f) => ({ ...f, entry: f.entry - n })),
    };
  }
  rowCache.revision = -1;
  if (table) table.renumber(n);
}

/** Feeds the entries that became ready since the last call; returns whether some are left. */
function feedReady() {
  keepBounded();
  const f0 = performance.now();
  // A backlog (the panel opened on a busy page, a language change) is fed in slices, so the
  // panel answers between them; the report is redrawn at most every CATCHUP_DRAW_MS meanwhile.
  const ready = capture.readyFrom(state.engine.length);
  let fed = 0;
  // Steady traffic brings tens of entries per redraw: all are fed; only a backlog is sliced.
  const sliced = ready.length > BACKLOG;
  while (fed < ready.length && (!sliced || fed === 0 || performance.now() - f0 < FEED_SLICE_MS)) {
    const slice = ready.slice(fed, fed + 100);
    const first = state.engine.length;
    // The worker answers with the entries its session compacted: the panel's copy is lightened
    // too (a busy page's healthy requests), unless the session was reset meanwhile.
    state.engine.add(slice).then(
      (compacted) => {
        for (const [i, text] of compacted) capture.lighten(i, text, slice[i - first]);
      },
      () => {
        // Stale, or an error the next analysis reports.
      },
    );
    fed += slice.length;
  }
  for (const i of capture.takePatched()) state.engine.replace(i, capture.items[i].entry);
  perf.feedMs += performance.now() - f0;
  return fed < ready.length;
}

async function drawReport() {
  const { t } = state;
  let report = null;
  if (state.engine) {
    // The capture was cleared (navigation, Clear) or an entry was replaced by DevTools' fuller
    // record since the last feed: start the session over.
    // Chrome's reasons that arrived since (deep mode) go onto their entries first.
    if (deep.reasons.found.length) capture.annotate((e) => deep.reasons.fieldsFor(e));
    if (state.fedRevision !== capture.revision) {
      resetEngine();
      state.fedRevision = capture.revision;
    }
    try {
      const behind = feedReady();
      if (behind) globalThis.setTimeout(update, 0);
      if (behind && state.lastReport && Date.now() - state.lastReportAt < CATCHUP_DRAW_MS) {
        // Only the count moves until the next full redraw: the lists cost O(entries).
        setText($('summary'), summary(state.engine.length, state.lastReport.failures.length));
        return;
      }
      const drawn = state.engine.timing.draw;
      // The analysis asked for now covers every failure fed so far.
      failureWaiting = false;
      report = await state.engine.render($('report'), { lang: state.lang, theme: state.theme, mode: 'detail', selected: table.selected });
      perf.drawMs += state.engine.timing.draw - drawn;
      state.lastReport = report;
      state.lastReportAt = Date.now();
      // What the analysis cost the worker: full analyses are spaced by it (FULL_SPACING).
      state.lastFullMs = state.engine.lastViewMs;
      // The worker analysed the session as it was when asked: failures fed since keep their
      // provisional causes until a full analysis covers them (no badge comes and goes).
      const covered = report.input.entries;
      state.provisional = new Map([...state.provisional].filter(([i]) => i >= covered));
      report = withProvisional(report);
      perf.analysisMs += state.lastFullMs;
      // The last redraws: when, and how many failures they showed (bounded).
      perf.last.push([Date.now(), report.failures.length + perf.droppedFailures, state.engine.length, capture.items.length]);
      if (perf.last.length > 20000) perf.last.splice(0, 10000);
      showNotice(state.engineError ? t('engineUnavailable', state.engineError) : '');
    } catch (e) {
      report = null;
      if (e instanceof EngineStale) {
        // Reset while it was analysed (Clear, navigation): the next drawing shows the new session.
        scheduleRender();
        return;
      }
      if (e instanceof EngineRestarting) {
        // A bug in the core panicked on one request: the engine restarts without it and
        // redraws (onRestarted); the report then lists it as left out.
        const last = e.skip[e.skip.length - 1];
        showNotice(t('engineRestarting', String(last && last.entry != null ? last.entry : '?')));
      } else {
        // Kept in the panel's console too: the stack is what a bug report needs.
        console.error('why401: analysis or rendering failed', e);
        showNotice(t('engineUnavailable', String((e && e.message) || e)));
      }
    }
  }
  const l0 = performance.now();
  drawLists(report);
  perf.drawMs += performance.now() - l0;
}

/** The request list, summary, export buttons and cookie prompt, for `report` (null: none). */
function drawLists(report, quick = false) {
  const { t } = state;
  const l0 = performance.now();
  const entries = capture.entries();
  renderRequests(entries, report, quick);
  const failures = report ? report.failures : [];
  setText($('summary'), summary(entries.length, failures.length));
  for (const id of ['export-md', 'export-json', 'export-har']) $(id).disabled = !report || entries.length === 0;
  updateConsent(entries, failures);
  perf.listsMs += performance.now() - l0;
}

/** The status line: how many requests and failures, or how far reading DevTools' record got. */
function summary(entries, failures) {
  // 25,000 rather than 25000: a busy page's counts run to tens of thousands.
  const n = (x) => x.toLocaleString(state.lang === 'ja' ? 'ja-JP' : 'en-US');
  if (state.readingHar) return state.t('readingHar', n(entries));
  return capture.dropped ? state.t('summaryDropped', n(entries), n(failures), n(capture.dropped)) : state.t('summary', n(entries), n(failures));
}

function showNotice(text) {
  $('notice').hidden = !text;
  setText($('notice'), text || '');
}

function statusText(entry) {
  const res = entry.response || {};
  return isBlocked(entry) || !res.status ? '—' : String(res.status);
}

/** The request table (src/table.js); made in main(), once the strings are loaded. */
let table = null;

/**
 * Rows of the request table, one per captured request except static resources no finding
 * concerns (images, styles, fonts and scripts never carry authentication on their own).
 * A row is rebuilt only when something it shows changed (`key`).
 */
const rowCache = { revision: -1, rows: new Map(), list: null, listUpTo: 0 };

function rowsFor(entries, report, quick = false) {
  if (rowCache.revision !== capture.revision) {
    rowCache.rows.clear();
    rowCache.list = null;
    rowCache.revision = capture.revision;
  }
  const causes = new Map((report ? report.failures : []).map((f) => [f.entry, f.causes]));
  // The quick path (a failure on a busy page): the rows of the last full drawing stand; only
  // the entries since are added, without preflight pairing, which the next full drawing does.
  if (quick && rowCache.list && rowCache.listUpTo <= entries.length) {
    const rows = rowCache.list.slice();
    const quickCx = { causes, skipped: new Set(), pairs: UNPAIRED, preflightOf: UNPAIRED };
    for (let i = rowCache.listUpTo; i < entries.length; i++) {
      const e = entries[i];
      const failing = causes.has(i) || isBlocked(e);
      if (STATIC_TYPES.has(e._resourceType) && !failing) continue;
      rows.push(rowFor(e, i, quickCx, failing, false, causes.has(i)));
    }
    return rows;
  }
  const provisional = new Set((report ? report.failures : []).filter((f) => f.provisional).map((f) => f.entry));
  // Entries a panic made the engine leave out: never shown as healthy.
  const skipped = new Set(
    (report ? report.input.parse_issues : [])
      .filter((i) => i.kind === 'skipped' && i.pointer)
      .map((i) => Number(i.pointer.split('/').pop())),
  );
  const pairs = pairPreflights(entries);
  const preflightOf = new Map([...pairs].map(([pre, req]) => [req, pre]));
  const analysed = report ? report.input.entries : 0;
  const cx = { causes, skipped, pairs, preflightOf };
  const rows = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const failing = causes.has(i) || isBlocked(e) || skipped.has(i);
    const important = failing || (pairs.has(i) && (causes.has(pairs.get(i)) || isBlocked(entries[pairs.get(i)])));
    if (STATIC_TYPES.has(e._resourceType) && !important) continue;
    rows.push(rowFor(e, i, cx, important, i < analysed, provisional.has(i)));
  }
  rowCache.list = rows;
  rowCache.listUpTo = entries.length;
  return rows;
}

/** A row's causes when it has none (one array for all of them). */
const NO_CAUSES = Object.freeze([]);

/** One row of the request table (plain data: src/table.js draws it). */
let rowVersion = 0;
/** The pairing a quick drawing passes: none worked out yet (the next full drawing does). */
const UNPAIRED = new Map();

/** Entry `i`'s row; `cx`: what the drawing worked out for all rows (causes, pairing). */
function rowFor(e, i, { causes, skipped, pairs, preflightOf }, important, analysed, provisional) {
  const { t } = state;
  const own = causes.get(i) || NO_CAUSES;
  const failing = causes.has(i);
  // What a row shows depends on its entry object (replaced when its body arrives or it is
  // lightened) and on these few facts: compared one by one, so that an unchanged row costs no
  // array or object to collect and, unless it has causes, no string building (a busy page holds
  // tens of thousands of rows, and each of its redraws asks for every one).
  const causeText = own.length ? own.join(' ') : '';
  const cached = rowCache.rows.get(i);
  // In the order of `facts` below.
  const f = cached && cached.entry === e ? cached.facts : null;
  const skip = skipped.has(i);
  const unpaired = pairs === UNPAIRED;
  const pairedWith = pairs.get(i);
  const preflight = preflightOf.get(i);
  if (
    f &&
    f[0] === state.lang &&
    f[1] === analysed &&
    f[2] === provisional &&
    f[3] === causeText &&
    f[4] === failing &&
    f[5] === important &&
    f[6] === skip &&
    f[7] === unpaired &&
    f[8] === pairedWith &&
    f[9] === preflight
  ) {
    return cached;
  }
  const facts = [state.lang, analysed, provisional, causeText, failing, important, skip, unpaired, pairedWith, preflight];
  const isPre = isPreflight(e);
  const key = ++rowVersion;
  // From the quick analysis: shown at once, confirmed (or corrected) by the next full one.
  const badges = own.map((rule) => ({ kind: provisional ? 'cause provisional' : 'cause', text: rule }));
  if (provisional) badges.push({ kind: 'pending', text: t('provisional') });
  if (failing && !own.length) badges.push({ kind: 'cause', text: t('failing') });
  if (isBlocked(e)) badges.push({ kind: 'blocked', text: t('blocked', e.response._error) });
  if (skipped.has(i)) badges.push({ kind: 'skipped', text: t('skippedEntry') });
  // A quick drawing has not paired preflights yet: it says nothing rather than "not seen".
  if (isPre && pairs !== UNPAIRED) {
    badges.push(pairs.has(i) ? { kind: 'link', text: t('preflightFor', String(pairs.get(i))), target: pairs.get(i) } : { kind: '', text: t('preflightUnpaired') });
  }
  if (preflightOf.has(i)) badges.push({ kind: 'link', text: t('preflightOf', String(preflightOf.get(i))), target: preflightOf.get(i) });
  // An entry the report has not analysed yet (a backlog being fed) is not called healthy.
  if (!failing && !isBlocked(e) && analysed && !isPre && !skipped.has(i)) badges.push({ kind: 'ok', text: t('healthy') });
  const status = statusText(e);
  // The URL as shown (redacted by the core), its name and domain, and the text the filter box
  // searches are made when first asked for: with failures only shown (the default), a busy
  // page's tens of thousands of healthy rows never need them.
  let shown = null;
  const names = () => {
    if (shown) return shown;
    const url = shownUrl(e.request.url);
    shown = { url, name: url, domain: '' };
    try {
      const u = new URL(url);
      shown.domain = u.host;
      shown.name = `${u.pathname.split('/').filter(Boolean).pop() || u.host}${u.search}`;
    } catch {
      // Not a URL: the row shows it whole.
    }
    shown.search = [shown.name, url, e.request.method, status, ...badges.map((b) => b.text)].join(' ').toLowerCase();
    return shown;
  };
  const row = {
    key,
    entry: e,
    facts,
    index: i,
    get name() {
      return names().name;
    },
    get url() {
      return names().url;
    },
    get domain() {
      return names().domain;
    },
    get search() {
      return names().search;
    },
    method: e.request.method,
    status,
    statusNum: Number(status) || 0,
    causes: own,
    badges,
    time: e.time,
    important,
    health: failing ? 'failing' : isBlocked(e) ? 'blocked' : skipped.has(i) ? 'skipped' : analysed ? 'ok' : 'pending',
  };
  rowCache.rows.set(i, row);
  return row;
}

/** Draws the request table and keeps a request selected: the first failure until the user picks. */
function renderRequests(entries, report, quick = false) {
  const { t } = state;
  table.setRows(rowsFor(entries, report, quick));
  setText($('table-count'), t('tableCount', String(table.shown.length), String(table.rows.length)));
  $('empty').hidden = entries.length > 0 || state.readingHar;
  if (table.selected === null || table.selected >= entries.length) {
    const first = table.shown.find((r) => r.health === 'failing' || r.health === 'blocked');
    if (first) table.select(first.index, { scroll: true });
  }
  showSelected();
  renderCookies(entries, report);
}

/** The diagnosis pane follows the table's selection; a new selection is shown from its top. */
let shownEntry = null;
function showSelected() {
  const i = table.selected;
  $('copy-path').hidden = i === null;
  if (i === null || !state.engine) return;
  if (i !== shownEntry) $('diagnosis').scrollTop = 0;
  shownEntry = i;
  state.engine.select(i).catch(() => {
    // A restarting engine or a reset session: the next redraw selects again.
  });
}

/**
 * Neither browser lets an extension select a request in the Network panel (Chrome's
 * `panels.openResource` shows a fetched URL in Sources; Firefox has no such call, bug 1548467).
 * The next best: the selected request's path, to paste into the Network panel's filter box.
 * It comes from the redacted URL (a path can hold a credential too: `;jsessionid=…`, a sign-in
 * link's token) and stops before the first redacted part, so it still matches in the filter.
 */
function copyPath() {
  const e = table.selected !== null && capture.entries()[table.selected];
  if (!e) return;
  let origin;
  try {
    origin = new URL(e.request.url).origin;
  } catch {
    return;
  }
  const shown = shownUrl(e.request.url);
  const rest = shown.startsWith(origin) ? shown.slice(origin.length) : '';
  const path = rest.split(/[?#]/)[0].split('•')[0];
  if (path) document.dispatchEvent(new CustomEvent('why401-copy', { detail: path, cancelable: true }));
}

/** A captured URL as the panel shows it: tokens in its query, fragment or user info redacted. */
function shownUrl(url) {
  try {
    if (state.engine) return state.engine.redactUrl(url);
  } catch {
    // A restarting engine: fall through to the cautious form.
  }
  // Before the core is loaded: no query, fragment or user info at all.
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search || u.hash ? '?…' : ''}`;
  } catch {
    return '(…)';
  }
}

// ---- Cookies (opt-in) -------------------------------------------------------------------

/** One URL per failing request, repeats kept (they rank the hosts of the consent prompt). */
function failingUrls(entries, failures) {
  return failures.map((f) => entries[f.entry] && entries[f.entry].request.url).filter(Boolean);
}

function updateConsent(entries, failures) {
  const { t } = state;
  const all = failingUrls(entries, failures);
  const { origins, omitted } = consentOrigins(state.inspectedUrl, all);
  // Jars are read only for the hosts the prompt covers.
  const urls = [...new Set(all)].filter((u) => coveredBy(origins, u));
  const show = all.length > 0 && state.consent !== 'granted';
  $('consent').hidden = !show;
  if (show) {
    const hosts = origins.map((o) => new URL(o.replace('/*', '/')).hostname).join(', ');
    const button = $('consent-button');
    setText(button, omitted ? t('consentButtonMore', hosts, omitted) : t('consentButton', hosts));
    button.hidden = state.consent === 'unavailable';
    setText(
      $('consent-text'),
      state.consent === 'denied' ? t('consentDenied') : state.consent === 'unavailable' ? t('consentUnavailable') : t('consentExplain'),
    );
    // A narrow panel shows only the button: the explanation goes with it.
    setAttr(button, 'title', $('consent-text').textContent);
    // Bound at render time so the click handler can call permissions.request synchronously.
    button.onclick = () => {
      requestConsent(api, origins).then((answer) => {
        state.consent = answer;
        if (answer === 'granted') loadJars(urls);
        else scheduleRender();
      });
    };
  }
  if (state.consent === 'granted') loadJars(urls);
}

async function checkConsent() {
  // The prompt names the hosts of failing requests (updateConsent): only those matter here, and
  // a page that made 20,000 requests has few of them.
  const failing = capture.entries().filter(looksFailed);
  const { origins } = consentOrigins(state.inspectedUrl, failing.map((e) => e.request.url));
  if (origins.length && (await hasConsent(api, origins))) state.consent = 'granted';
}

async function loadJars(urls) {
  const missing = urls.filter((u) => !state.jars.has(u));
  if (!missing.length || state.jarsPending) return;
  state.jarsPending = true;
  const result = await readCookieJars(api, missing);
  state.jarsPending = false;
  for (const u of missing) state.jars.set(u, result.ok ? { rows: result.jars[u] || [] } : { error: result.message });
  scheduleRender();
}

function renderCookies(entries, report) {
  const { t } = state;
  const blocks = [];
  if (state.consent === 'granted' && report) {
    for (const f of report.failures) {
      const e = entries[f.entry];
      const jar = e && state.jars.get(e.request.url);
      if (!jar) continue;
      blocks.push(h('h2', {}, t('cookiesTitle', `#${f.entry} ${shownUrl(e.request.url)}`)));
      if (jar.error) {
        blocks.push(h('p', { class: 'notice' }, t('cookieError', jar.error)));
        continue;
      }
      const rows = compareCookies(e, jar.rows);
      const state_ = { sent: t('cookieSent'), 'not-sent': t('cookieNotSent'), 'sent-not-in-jar': t('cookieGone') };
      const yes = (b) => (b === undefined ? '' : b ? '✓' : '');
      blocks.push(
        h(
          'table',
          { class: 'cookies' },
          h('tr', {}, ['colName', 'colState', 'colDomain', 'colPath', 'colExpires', 'colSecure', 'colHttpOnly', 'colSameSite', 'colPartitioned'].map((k) => h('th', {}, t(k)))),
          rows.map((r) =>
            h(
              'tr',
              { class: r.state },
              h('td', {}, r.name),
              h('td', {}, state_[r.state]),
              h('td', {}, r.domain || ''),
              h('td', {}, r.path || ''),
              h('td', {}, r.state === 'sent-not-in-jar' ? '' : r.expires || t('session')),
              h('td', {}, yes(r.secure)),
              h('td', {}, yes(r.httpOnly)),
              h('td', {}, r.sameSite || ''),
              h('td', {}, yes(r.partitioned)),
            ),
          ),
        ),
      );
    }
  }
  replace($('cookies'), blocks);
}

// ---- Deep mode --------------------------------------------------------------------------

/** The Chrome deep-mode edition only: its manifest holds `debugger` (granted at install). */
function deepAvailable() {
  const m = api.runtime.getManifest ? api.runtime.getManifest() : {};
  return (m.permissions || []).includes('debugger');
}

function renderDeep() {
  const { t } = state;
  const button = $('deep');
  button.hidden = !deepAvailable();
  button.textContent = t(deep.port ? 'deepStop' : 'deepStart');
  button.setAttribute('aria-pressed', String(deep.status === 'on'));
  const note = $('deep-note');
  const text = { starting: t('deepStarting'), on: t('deepOn'), error: t('deepError', deep.error) }[deep.status];
  note.hidden = !text;
  note.textContent = text || '';
  document.documentElement.dataset.deep = deep.status;
}

function onDeepClick() {
  if (deep.port) stopDeep();
  else startDeep();
}

function startDeep() {
  const port = api.runtime.connect({ name: DEEP_PORT });
  deep.port = port;
  deep.status = 'starting';
  renderDeep();
  port.onMessage.addListener((m) => {
    if (!m || deep.port !== port) return;
    if (m.type === DEEP_STARTED) {
      deep.status = 'on';
      renderDeep();
    } else if (m.type === DEEP_EVENT) {
      if (deep.reasons.add(m.method, m.params)) scheduleRender();
    } else if (m.type === DEEP_STOPPED) {
      deep.port = null;
      port.disconnect();
      // The user closed Chrome's infobar ("canceled_by_user"): simply off.
      deep.status = m.reason === 'canceled_by_user' ? 'off' : 'error';
      deep.error = String(m.reason || '');
      renderDeep();
    }
  });
  port.onDisconnect.addListener(() => {
    if (deep.port !== port) return;
    deep.port = null;
    deep.status = 'off';
    renderDeep();
  });
  port.postMessage(msg.deepStart(api.devtools.inspectedWindow.tabId));
}

/** Detaches: the background ends the debugging session when the port closes. */
function stopDeep() {
  const port = deep.port;
  deep.port = null;
  if (port) port.disconnect();
  deep.status = 'off';
  renderDeep();
}

// ---- Copy --------------------------------------------------------------------------------

/**
 * The renderer's "copy as curl / fetch" buttons hand the text over in a `why401-copy` event. A
 * DevTools panel has no clipboard permission, so the text goes through a hidden textarea and
 * the copy command, within the click (the user's gesture). Set as a value, never as markup.
 */
function copyText(e) {
  e.preventDefault();
  const area = document.createElement('textarea');
  area.value = String(e.detail || '');
  area.readOnly = true;
  area.className = 'offscreen';
  document.body.append(area);
  area.select();
  try {
    document.execCommand('copy');
  } finally {
    area.remove();
  }
}

// ---- Start ------------------------------------------------------------------------------

/** Filter box, failures-only switch, keyboard between the table and the diagnosis. */
function wireTable() {
  table = new RequestTable($('request-table'), {
    t: state.t,
    onSelect: showSelected,
    // Enter on a row: the keyboard goes to the diagnosis, as Enter opens a request in DevTools.
    onOpen: () => $('report').focus({ preventScroll: true }),
    storage: globalThis.localStorage,
  });
  // The checkboxes may have been changed before the table existed (a test, a quick user).
  table.filter = { text: $('filter').value, failuresOnly: $('failures-only').checked };
  const count = () => {
    $('table-count').textContent = state.t('tableCount', String(table.shown.length), String(table.rows.length));
  };
  $('filter').addEventListener('input', (ev) => {
    table.setFilter({ text: ev.target.value });
    count();
  });
  $('failures-only').addEventListener('change', (ev) => {
    table.setFilter({ failuresOnly: ev.target.checked });
    count();
  });
  $('report').tabIndex = -1;
  $('report').addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape') return;
    // Chrome's DevTools forwards Escape from an extension panel to itself, where it toggles the
    // console drawer, and the drawer takes the keyboard. Here Escape means "back to the table",
    // so it stops at the report; on the table it still reaches DevTools.
    ev.preventDefault();
    ev.stopPropagation();
    table.focus();
  });
  $('copy-path').addEventListener('click', copyPath);
  // Ctrl+F (Cmd+F) filters the table, as in DevTools' Network panel. Chrome's DevTools would
  // take it first (its extension API forwards it from the panel's document and opens a search
  // bar of its own that finds nothing here), so the panel catches it on the way down.
  window.addEventListener(
    'keydown',
    (ev) => {
      if ((ev.ctrlKey || ev.metaKey) && !ev.altKey && !ev.shiftKey && ev.key.toLowerCase() === 'f') {
        ev.preventDefault();
        ev.stopPropagation();
        $('filter').focus();
        $('filter').select();
      }
    },
    { capture: true },
  );
}

function wireToolbar() {
  document.addEventListener('why401-copy', copyText);
  $('clear').addEventListener('click', () => {
    capture.clear();
    onCleared();
    scheduleRender();
  });
  $('lang').addEventListener('change', (ev) => applyLang(ev.target.value).then(() => {
    renderDeep();
    scheduleRender();
  }));
  $('deep').addEventListener('click', onDeepClick);
  // The worker makes the file; it is saved once it arrives.
  const exportWith = (kind, ext, mime, make) => () => {
    if (!state.engine) return;
    make().then(
      (text) => download(document, exportName(kind, ext), text, mime),
      (e) => showNotice(state.t('engineUnavailable', String((e && e.message) || e))),
    );
  };
  // The export menu closes once a format is chosen.
  $('export-menu').addEventListener('click', (ev) => {
    if (ev.target.closest('button')) $('export-menu').open = false;
  });
  $('export-md').addEventListener('click', exportWith('report', 'md', 'text/markdown', () => state.engine.markdown()));
  $('export-json').addEventListener('click', exportWith('report', 'json', 'application/json', () => state.engine.json()));
  $('export-har').addEventListener('click', exportWith('sanitized', 'har', 'application/json', () => state.engine.sanitizedHar()));
  if (api.devtools.panels.onThemeChanged) {
    // Chrome 99+ only; Firefox has no theme change event.
    api.devtools.panels.onThemeChanged.addListener((name) => {
      state.theme = name === 'dark' ? 'dark' : 'light';
      applyTheme();
      scheduleRender();
    });
  }
}

function readInspectedUrl() {
  return new Promise((resolve) => {
    // Evaluated in the inspected page; reads a property, sends nothing.
    api.devtools.inspectedWindow.eval('location.href', (result) => resolve(typeof result === 'string' ? result : ''));
  });
}

async function main() {
  perf.started = Date.now();
  applyTheme();
  wireToolbar();
  const engineReady = loadWorkerEngine().then(
    (engine) => {
      state.engine = engine;
      engine.onRestarted = scheduleRender;
      // The renderer's styles come with the package (CSP: no inline styles).
      addStylesheet(document, 'pkg/why401.css');
    },
    (e) => {
      state.engineError = String((e && e.message) || e);
    },
  );
  await applyLang(state.lang);
  wireTable();
  renderDeep();
  await engineReady;
  resetEngine();
  if (state.engineError) showNotice(state.t('engineUnavailable', state.engineError));
  // Drawn at once: on a busy page DevTools takes seconds to hand over what it recorded, and the
  // panel answers meanwhile (it is read in slices, and analysed in the worker).
  scheduleRender();
  state.inspectedUrl = await readInspectedUrl();
  const opened = await followNetwork(api.devtools.network, capture, {
    // A request that failed is drawn at once; healthy traffic waits for the next batch.
    changed: (e) => {
      // The benchmark's baseline: requests are received (and their arrival noted) but
      // nothing is analysed or drawn, to measure what DevTools' delivery alone costs.
      if (globalThis.__why401Idle) return;
      if (!e || !looksFailed(e)) scheduleRender();
      else if (state.lastFullMs > quickAbove()) scheduleQuick();
      else {
        failureWaiting = true;
        scheduleRender.soon();
      }
    },
    preserve: () => $('preserve').checked,
    keep: maxEntries(),
    navigated: (url) => {
      state.inspectedUrl = url;
      // A load the panel followed from its start: nothing was lost.
      if (state.midLoadNotice && $('notice').textContent === state.midLoadNotice) showNotice('');
      state.midLoadNotice = '';
      if (!$('preserve').checked) onCleared();
    },
  });
  // Firefox loses requests that finish while the panel starts listening (live.js, MID_LOAD_MS):
  // a diagnosis that leans on a request not being there would be wrong. Say so.
  if (opened && opened.midLoad && location.protocol === 'moz-extension:' && !state.engineError) {
    showNotice((state.midLoadNotice = state.t('openedMidLoad')));
  }
  perf.harIn = Date.now();
  state.readingHar = false;
  // The first draw does not wait for the permission check.
  scheduleRender();
  await checkConsent();
  perf.consentIn = Date.now();
  scheduleRender();
}

main();
