// A stand-in for the wasm package with the contract's shape (extension/src/core.js), for the
// glue's tests: entries with status 401 fail; an entry marked `_plain` is compacted.

export function fakePkg() {
  const log = [];
  class Session {
    constructor(opts) {
      this.opts = opts;
      this.entries = [];
      log.push(['new', opts]);
    }
    addEntry(json) {
      // Stand-in for the core's compaction: an entry marked `_plain` is kept short.
      const e = JSON.parse(json);
      this.entries.push(e._plain ? { request: e.request, response: { status: e.response.status }, _why401Compacted: true } : e);
    }
    compacted() {
      return this.entries.filter((e) => e._why401Compacted).length;
    }
    dropFirst(n) {
      // As the core: the oldest go, entries left out after a panic are renumbered.
      const k = Math.min(n, this.entries.length);
      this.entries.splice(0, k);
      this.opts = { ...this.opts, skip: (this.opts.skip || []).filter((s) => s.entry === null || s.entry >= k).map((s) => (s.entry === null ? s : { ...s, entry: s.entry - k })) };
      log.push(['drop', k]);
      return k;
    }
    entryText(i) {
      return JSON.stringify(this.entries[i]);
    }
    report() {
      return { failures: this.entries.map((e, i) => ({ entry: i, causes: [] })).filter((f) => this.entries[f.entry].response.status === 401) };
    }
    markdown() {
      return '# why401';
    }
    json() {
      return '{}';
    }
    view() {
      return { entries: this.entries.length };
    }
    sanitizedHar() {
      return '{"log":{}}';
    }
    free() {
      log.push(['free']);
    }
  }
  return {
    log,
    default: async () => log.push(['init']),
    Session,
  };
}
