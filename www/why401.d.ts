// The JavaScript API of why401's WebAssembly build (src/wasm/), with the report typed
// (report.d.ts). wasm-bindgen also writes pkg/why401.d.ts; this file adds the shapes
// that cross as plain objects. Import from './pkg/why401.js'.
import type { Report } from './report';
export type * from './report';

/** `{nowMs, lang, leewaySecs, showSecrets, rules, linkKey}`; all optional. `nowMs` defaults to Date.now(). */
export interface Options {
  /** "Now" in Unix milliseconds, used only when an entry has no start time. */
  nowMs?: number;
  /** `en`, `ja`, or a browser language tag such as `ja-JP`. */
  lang?: string;
  /** Clock-skew tolerance for time-based checks (default 60). */
  leewaySecs?: number;
  /** Show credentials in clear (redacted by default). */
  showSecrets?: boolean;
  /** Run only these rule ids. */
  rules?: string[];
  /**
   * Fingerprint secrets with this key instead of one drawn at random for the session, to link
   * reports or files (`printf %s "$TOKEN" | openssl dgst -sha256 -hmac KEY`).
   */
  linkKey?: string;
}

/** Errors thrown by the API are `Error`s with `name === 'Why401Error'` and a readable message. */
export interface Why401Error extends Error {
  name: 'Why401Error';
}

/** Loads the wasm (relative to the module); call once before anything else. */
export default function init(input?: unknown): Promise<unknown>;
export function initSync(input: { module: BufferSource | WebAssembly.Module }): unknown;

/** The same report as `why401 --format json`. Throws a Why401Error for unreadable input. */
export function analyze(bytes: Uint8Array, options?: Options): Report;
/** An interface word of the catalog (`ui_open_file`, `summary`, …). */
export function uiText(lang: string, key: string): string;
/** `en` or `ja` for a browser language tag. */
export function pickLang(tag: string): 'en' | 'ja';
/** "3 authentication failures in 120 entries" in `lang`, with its plural rules. */
export function reportCounts(lang: string, failures: number, entries: number): string;
/** A URL with user info, sensitive query, fragment and path parameters redacted (no fingerprints). */
export function redactUrl(url: string): string;
export function version(): string;

/** A sanitized HAR and its receipt. */
export interface Sanitized {
  /** HAR JSON with secrets replaced by `REDACTED-<keyed fingerprint>` (a key drawn for this file; `REDACTED-hidden` for short values). */
  har: string;
  /** One replacement a line: kind and JSON pointer; never a secret. */
  receipt: string;
  items: { pointer: string; kind: string }[];
  /** What of the capture is not in the copy: read only up to a break, or an entry that could not be read. */
  omitted: (
    | { kind: 'partial'; entries_read: number; error: string }
    | { kind: 'entry'; pointer: string; error: string }
  )[];
}

/** What the shared renderer draws: the report and the entries it lists (details: see EntryView). */
export interface View {
  lang: 'en' | 'ja';
  report: Report;
  entries: EntryView[];
  totalEntries: number;
}

export interface EntryView {
  index: number;
  method: string;
  url: string;
  host: string;
  status: number | null;
  started: string | null;
  startedMs: number | null;
  timeMs: number | null;
  failing: boolean;
  /** The selected entry's in `viewFor`; null in `view` (the renderer asks: `why401-details`). */
  details: EntryDetails | null;
}

/** What the detail view shows of the request itself, redacted. */
export interface EntryDetails {
  requestHeaders: { name: string; value: string }[];
  responseHeaders: { name: string; value: string }[];
  curl: string;
  /** The same request as a `fetch()` call for the console ('' when it cannot be one). */
  fetch: string;
}

/** Incremental analysis: the DevTools panel adds entries as they arrive, the page a whole file. */
export class Session {
  constructor(options?: Options);
  setOptions(options?: Options): void;
  /** One HAR entry as JSON text (e.g. from `chrome.devtools.network.onRequestFinished`); returns its index. */
  addEntry(entryJson: string): number;
  /** Every entry of a HAR file; returns how many were added (a truncated file keeps what precedes the cut). */
  addHar(bytes: Uint8Array): number;
  clear(): void;
  len(): number;
  isEmpty(): boolean;
  report(): Report;
  /** The report and the listed entries, without details (one analysis). */
  view(): View;
  /** `view()` as JSON text, to hand to a renderer in another thread (`setViewJson`). */
  viewJson(): string;
  /** One entry's details, redacted (reads only that entry after a `view`). */
  details(entryIndex: number): EntryDetails;
  markdown(): string;
  /** Pretty JSON, byte for byte what the CLI prints. */
  json(): string;
  sanitizedHar(): Sanitized;
  /** A redacted curl command for `log.entries[entryIndex]`. */
  curl(entryIndex: number): string;
  free(): void;
}

/**
 * The one renderer (page and panel). Takes over `container`. Events (bubbling, on the container):
 * `why401-select` (detail: entry index), `why401-copy` (detail: curl text; call
 * preventDefault() to copy it yourself, otherwise navigator.clipboard is tried) and
 * `why401-details` (detail: entry index; the request shown has no details in the view: call
 * preventDefault() and later `setDetails`, otherwise none are shown).
 * Theme: set `data-theme="light|dark"` on <html>; otherwise prefers-color-scheme. Styles: pkg/why401.css.
 */
export class Renderer {
  constructor(container: Element, options?: { lang?: string });
  setView(view: View): void;
  /** `setView` of a view given as JSON text (`Session.viewJson()`). */
  setViewJson(json: string): void;
  /** Of the view shown: how many requests failed, and how many entries were read. */
  counts(): { failures: number; entries: number };
  setLang(lang: string): void;
  clear(): void;
  select(entryIndex: number): void;
  selected(): number | undefined;
  /** An entry's details, as asked for by `why401-details`. */
  setDetails(entryIndex: number, details: EntryDetails): void;
  free(): void;
}
