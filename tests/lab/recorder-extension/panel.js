// The lab's recorder panel: what a DevTools extension receives, kept unsanitized.
// - onRequestFinished: every request that finishes while the panel is open; text bodies up to
//   16 KB are read with getContent() (the why401 panel reads bodies too, for fewer entries).
// - getHAR(): DevTools' whole network log (with "Preserve log" on, across navigations).
// window.__lab.har() returns getHAR()'s log with the bodies merged in (JSON text); the lab
// reads it through CDP (Chromium) or Marionette (Firefox).
const api = globalThis.browser || globalThis.chrome;
const network = api.devtools.network;
const MAX_BODY = 16 * 1024;
const finished = []; // { entry, body: Promise<{text, encoding}|null> }

/** Bodies worth keeping: text answers (JSON, HTML, plain text), not scripts or styles. */
function wantBody(e) {
  const c = (e.response && e.response.content) || {};
  const mime = String(c.mimeType || '');
  if (!e.response || !e.response.status) return false;
  if (typeof c.size === 'number' && c.size > MAX_BODY) return false;
  return /json|html|text\/plain|xml|x-www-form-urlencoded/i.test(mime);
}

/** getContent() is callback-style in Chrome and promise-style in Firefox; bounded either way. */
function readContent(req) {
  return new Promise((resolve) => {
    let done = false;
    const finish = (text, encoding) => {
      if (done) return;
      done = true;
      resolve(typeof text === 'string' && text.length <= MAX_BODY ? { text, encoding: encoding || undefined } : null);
    };
    setTimeout(() => finish(null), 3000);
    try {
      const ret = req.getContent((content, encoding) => finish(content, encoding));
      if (ret && typeof ret.then === 'function') ret.then((v) => (Array.isArray(v) ? finish(v[0]) : finish(v)), () => finish(null));
    } catch {
      finish(null);
    }
  });
}

/** A plain JSON copy of a DevTools entry (Chrome's has a getContent method). */
function plain(e) {
  return JSON.parse(JSON.stringify(e));
}

network.onRequestFinished.addListener((req) => {
  const entry = plain(req);
  finished.push({ entry, body: wantBody(entry) ? readContent(req) : Promise.resolve(null) });
  document.getElementById('count').textContent = String(finished.length);
});

function getHAR() {
  return new Promise((resolve) => {
    let done = false;
    const finish = (h) => {
      if (!done) resolve(h);
      done = true;
    };
    setTimeout(() => finish(null), 5000);
    const ret = network.getHAR(finish);
    if (ret && typeof ret.then === 'function') ret.then(finish, () => finish(null));
  });
}

const key = (e) => `${e.startedDateTime}|${e.request.method}|${e.request.url}`;
const loose = (e) => `${e.request.method}|${e.request.url}`;

window.__lab = {
  ready: true,
  count: () => finished.length,
  /** getHAR()'s log with bodies from getContent(); entries only onRequestFinished saw go last. */
  async har() {
    const har = (await getHAR()) || { entries: [] };
    const bodies = await Promise.all(finished.map((f) => f.body));
    const items = finished.map((f, i) => ({ entry: f.entry, body: bodies[i], used: false }));
    const take = (match) => {
      const it = items.find((x) => !x.used && match(x));
      if (it) it.used = true;
      return it;
    };
    let unseen = 0; // getHAR entries that never reached onRequestFinished (Firefox: CORS-blocked)
    const entries = (har.entries || []).map((raw) => {
      const e = plain(raw);
      const it = take((x) => key(x.entry) === key(e)) || take((x) => loose(x.entry) === loose(e));
      if (!it) unseen++;
      const body = it && it.body;
      if (body && e.response && e.response.content && typeof e.response.content.text !== 'string') {
        e.response.content.text = body.text;
        if (body.encoding) e.response.content.encoding = body.encoding;
      }
      return e;
    });
    const extra = items.filter((x) => !x.used).map((x) => {
      const e = x.entry;
      if (x.body && e.response && e.response.content && typeof e.response.content.text !== 'string') e.response.content.text = x.body.text;
      return e;
    });
    const log = plain({ ...har, entries: undefined });
    return JSON.stringify({
      log: {
        version: log.version || '1.2',
        creator: log.creator,
        ...(log.browser ? { browser: log.browser } : {}),
        pages: log.pages || [],
        entries: [...entries, ...extra],
        comment: `recorded by tests/lab/recorder-extension: getHAR() gave ${entries.length} entries, ${unseen} of them never reached onRequestFinished; ${extra.length} entries only onRequestFinished saw (appended)`,
      },
    });
  },
};
