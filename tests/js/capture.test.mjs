// Unit tests of the panel's capture logic: preflight pairing, body-fetch selection, debounce,
// and the ordering guarantee between the capture and the core's entry indexes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Capture, bodyReason, debounce, isBlocked, isPreflight, looksFailed, pairPreflights, plainEntry } from '../../extension/src/capture.js';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
function entry({ method = 'GET', url = 'https://api.test/v1/x', status = 200, at = 0, headers = [], resHeaders = [], type = 'fetch', error, mime = 'application/json', ...rest }) {
  return {
    startedDateTime: new Date(T0 + at).toISOString(),
    _resourceType: type,
    request: { method, url, headers, cookies: [] },
    response: { status, headers: resHeaders, content: { mimeType: mime, size: 10 }, ...(error ? { _error: error } : {}) },
    ...rest,
  };
}
const preflight = (url, at, method = 'GET', hdrs = 'authorization') =>
  entry({
    method: 'OPTIONS',
    url,
    at,
    status: 401,
    type: 'preflight',
    headers: [
      { name: 'Access-Control-Request-Method', value: method },
      { name: 'Access-Control-Request-Headers', value: hdrs },
    ],
  });
const auth = [{ name: 'Authorization', value: 'Bearer x' }];

test('preflights are recognised by Chrome marks or by OPTIONS + Access-Control-Request-Method', () => {
  assert.ok(isPreflight(preflight('https://api.test/a', 0)));
  assert.ok(isPreflight({ ...entry({ method: 'OPTIONS' }), _resourceType: undefined, _initiator: { type: 'preflight' } }));
  const fromOtherTool = preflight('https://api.test/a', 0);
  delete fromOtherTool._resourceType;
  assert.ok(isPreflight(fromOtherTool));
  assert.ok(!isPreflight(entry({ method: 'OPTIONS' })));
});

test('a preflight pairs with the blocked request it was sent for (issue 4)', () => {
  const entries = [
    entry({ url: 'https://app.test/', type: 'document', mime: 'text/html' }),
    preflight('https://api.test/v1/profile', 10),
    entry({ url: 'https://api.test/v1/profile', at: 12, status: 0, error: 'net::ERR_FAILED', headers: auth }),
  ];
  assert.ok(isBlocked(entries[2]));
  assert.deepEqual([...pairPreflights(entries)], [[1, 2]]);
});

test('pairing checks method, announced headers, URL and time, and uses each request once', () => {
  const entries = [
    preflight('https://api.test/a', 0, 'PUT'),
    entry({ url: 'https://api.test/a', at: 5, headers: auth }), // GET: wrong method
    entry({ method: 'PUT', url: 'https://api.test/a', at: 6 }), // lacks Authorization
    entry({ method: 'PUT', url: 'https://api.test/b', at: 7, headers: auth }), // other URL
    entry({ method: 'PUT', url: 'https://api.test/a', at: 60_000, headers: auth }), // too late
    entry({ method: 'PUT', url: 'https://api.test/a', at: 8, headers: auth }), // the one
    preflight('https://api.test/a', 9, 'PUT'),
    entry({ method: 'PUT', url: 'https://api.test/a', at: 11, headers: auth }), // the second one's
  ];
  assert.deepEqual([...pairPreflights(entries)], [
    [0, 5],
    [6, 7],
  ]);
});

test('pairing a page that polls one URL through preflights costs work linear in its entries', () => {
  // `n` preflight + request pairs to one URL, a second apart: each preflight has tens of
  // same-URL requests within the window. Entries read are counted, not time.
  const poll = (n) => {
    const entries = [];
    for (let k = 0; k < n; k++) {
      entries.push(preflight('https://api.test/poll', k * 1000));
      entries.push(entry({ url: 'https://api.test/poll', at: k * 1000 + 2, headers: auth }));
    }
    let reads = 0;
    const counted = new Proxy(entries, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const pairs = pairPreflights(counted);
    assert.equal(pairs.size, n);
    assert.ok([...pairs].every(([pre, req]) => req === pre + 1), 'each preflight with the request right after it');
    return reads;
  };
  const small = poll(500);
  const large = poll(2000);
  assert.ok(large <= 5 * small, `4x the pairs read ${large} entries, ${small} for 1x`);
});

test('pairing reads the start times of requests to preflighted URLs only (it runs at every redraw)', () => {
  const reads = [];
  const counted = (e, i) =>
    Object.defineProperty({ ...e }, 'startedDateTime', {
      get() {
        reads.push(i);
        return e.startedDateTime;
      },
    });
  const busy = Array.from({ length: 50 }, (_, k) => entry({ url: `https://api.test/item/${k}`, at: k }));
  assert.equal(pairPreflights(busy.map(counted)).size, 0);
  assert.deepEqual(reads, [], 'a page without preflights: no start time read');
  const withOne = [...busy, preflight('https://api.test/item/7', 100, 'GET', ''), entry({ url: 'https://api.test/item/7', at: 101 })];
  assert.deepEqual([...pairPreflights(withOne.map(counted))], [[50, 51]]);
  assert.deepEqual(
    [...new Set(reads)].sort((a, b) => a - b),
    [7, 50, 51],
    'only the preflight and the requests to its URL',
  );
});

test('a preflight whose request is not in the capture stays unpaired', () => {
  assert.equal(pairPreflights([preflight('https://api.test/a', 0)]).size, 0);
});

test('bodies are read only for auth failures, token endpoints and HTML answers to API calls', () => {
  assert.equal(bodyReason(entry({ status: 401 })), 'auth-failure');
  assert.equal(bodyReason(entry({ status: 403 })), 'auth-failure');
  assert.equal(bodyReason(entry({ method: 'POST', url: 'https://id.test/oauth2/token' })), 'token-endpoint');
  assert.equal(bodyReason(entry({ method: 'POST', url: 'https://id.test/realms/x/protocol/openid-connect/token' })), 'token-endpoint');
  const form = entry({ method: 'POST', url: 'https://id.test/auth' });
  form.request.postData = { mimeType: 'application/x-www-form-urlencoded', text: 'grant_type=refresh_token&refresh_token=x' };
  assert.equal(bodyReason(form), 'token-endpoint');
  assert.equal(bodyReason(entry({ mime: 'text/html' })), 'html-for-api-call');
  // Not needed: healthy JSON, documents, images, preflights, blocked requests, huge bodies.
  assert.equal(bodyReason(entry({})), null);
  assert.equal(bodyReason(entry({ type: 'document', mime: 'text/html' })), null);
  assert.equal(bodyReason(entry({ type: 'image', mime: 'image/png' })), null);
  assert.equal(bodyReason(preflight('https://api.test/a', 0)), null);
  assert.equal(bodyReason(entry({ status: 0, error: 'net::ERR_FAILED' })), null);
  const huge = entry({ status: 401 });
  huge.response.content.size = 10 * 1024 * 1024;
  assert.equal(bodyReason(huge), null);
  const already = entry({ status: 401 });
  already.response.content.text = '{}';
  assert.equal(bodyReason(already), null);
});

/** Timers on a clock of their own: `advance` runs what falls due, in time order, including
 * timers set meanwhile (a debounce waits again for the rest of its quiet). */
function fakeTimers() {
  let now = 0;
  let next = 1;
  const pending = new Map();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      pending.set(next, { fn, at: now + ms });
      return next++;
    },
    clearTimeout(id) {
      pending.delete(id);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let first = null;
        for (const [id, t] of pending) if (t.at <= end && (first === null || t.at < pending.get(first).at)) first = id;
        if (first === null) break;
        const t = pending.get(first);
        pending.delete(first);
        now = Math.max(now, t.at);
        t.fn();
      }
      now = end;
    },
    pending: () => pending.size,
  };
}

test('debounce: a burst of finished requests causes one analysis, 100 ms after the last', () => {
  const timers = fakeTimers();
  let calls = 0;
  const d = debounce(() => calls++, 100, timers);
  for (let i = 0; i < 20; i++) {
    d();
    timers.advance(30);
  }
  assert.equal(calls, 0);
  assert.ok(d.pending());
  timers.advance(100);
  assert.equal(calls, 1);
  d();
  d.cancel();
  timers.advance(1000);
  assert.equal(calls, 1);
});

test('debounce: a call only notes the time; one timer waits, and runs fn exactly ms after the last call', () => {
  const timers = fakeTimers();
  let set = 0;
  let cleared = 0;
  const counted = {
    now: timers.now,
    setTimeout: (fn, ms) => (set++, timers.setTimeout(fn, ms)),
    clearTimeout: (id) => (cleared++, timers.clearTimeout(id)),
  };
  const at = [];
  const d = debounce(() => at.push(timers.now()), 100, counted);
  // A call every millisecond for a second: a thousand calls, one burst.
  for (let t = 0; t < 1000; t++) {
    d();
    timers.advance(1);
  }
  assert.deepEqual(at, [], 'never quiet for 100 ms');
  // The timer fired about every 100 ms and waited again: a handful of timers, not a thousand.
  assert.ok(set <= 12, `${set} timers set for 1000 calls`);
  assert.equal(cleared, 0);
  timers.advance(98);
  assert.deepEqual(at, [], 'not before the quiet is over');
  timers.advance(1);
  assert.deepEqual(at, [1099], 'ran 100 ms after the last call (at 999)');
  assert.equal(timers.pending(), 0);
});

test('debounce with a maximum wait: steady traffic still redraws every maxWait', () => {
  const timers = fakeTimers();
  const at = [];
  let t = 0;
  const d = debounce(() => at.push(t), 100, timers, 250);
  // A request every 30 ms for 1 s: never quiet for 100 ms.
  for (; t < 1000; t += 30) {
    d();
    timers.advance(30);
  }
  // One redraw per 250 ms (the first call of each burst starts the clock), none lost.
  assert.ok(at.length >= 3 && at.length <= 4, JSON.stringify(at));
  for (let i = 1; i < at.length; i++) assert.ok(at[i] - at[i - 1] <= 270, JSON.stringify(at));
  timers.advance(200);
  assert.equal(d.pending(), false, 'the tail of the burst was drawn too');
});

function devtoolsEntry(e, body) {
  // Chrome puts getContent on the prototype of each HAR entry it hands out.
  return Object.assign(Object.create({ getContent: (cb) => cb(body, undefined) }), e);
}

test('an entry waiting for its body goes to the core at once and is patched when the body arrives', async () => {
  const cap = new Capture();
  let release;
  const slow = () => new Promise((r) => (release = r));
  const p0 = cap.add(devtoolsEntry(entry({ status: 401 }), '{"error":"invalid_token"}'), slow);
  cap.add(devtoolsEntry(entry({ url: 'https://api.test/ok' })));
  assert.equal(cap.length, 2);
  // Nothing waits for the body: both entries are ready, in order, the first without its body.
  const early = cap.readyFrom(0);
  assert.equal(early.length, 2);
  assert.equal(early[0].response.content.text, undefined);
  assert.equal(early[1].request.url, 'https://api.test/ok');
  assert.deepEqual(cap.takePatched(), []);
  release({ text: '{"error":"invalid_token"}' });
  await p0;
  assert.deepEqual(cap.takePatched(), [0], 'the patched entry is named once');
  assert.deepEqual(cap.takePatched(), []);
  const ready = cap.readyFrom(0);
  assert.equal(ready[0].response.content.text, '{"error":"invalid_token"}');
  assert.equal(cap.readyFrom(1).length, 1);
  // Entries are plain data for JSON.stringify: no getContent.
  assert.equal('getContent' in ready[0], false);
});

test('a body arriving after Clear does not resurrect the old entry', async () => {
  const cap = new Capture();
  let release;
  const p = cap.add(devtoolsEntry(entry({ status: 401 })), () => new Promise((r) => (release = r)));
  cap.clear();
  cap.add(devtoolsEntry(entry({ url: 'https://api.test/next' })));
  release({ text: 'late' });
  await p;
  assert.equal(cap.length, 1);
  assert.deepEqual(cap.takePatched(), []);
  assert.equal(cap.entries()[0].request.url, 'https://api.test/next');
});

test('plainEntry drops own getContent (Firefox puts it on the object)', () => {
  const e = { ...entry({}), getContent: () => {} };
  assert.equal('getContent' in plainEntry(e), false);
});

test('bodies are read where a rule may need them: OAuth POSTs and small credentialed JSON answers', async () => {
  const { bodyReason } = await import('../../extension/src/capture.js');
  const entry = (method, url, headers, status, mimeType, postText, size = 100) => ({
    request: { method, url, headers, ...(postText ? { postData: { mimeType: 'application/x-www-form-urlencoded', text: postText } } : {}) },
    response: { status, headers: [], content: { mimeType, size } },
  });
  // GitHub answers a bad code with 200 at a URL no heuristic names a token endpoint.
  assert.equal(bodyReason(entry('POST', 'https://github.test/login/oauth/access_token', [], 200, 'application/json', 'client_id=a&code=b')), 'token-endpoint');
  assert.equal(bodyReason(entry('POST', 'https://idp.test/exchange', [], 200, 'application/json', 'client_id=a&code=b')), 'oauth-post');
  const auth = [{ name: 'Authorization', value: 'Bearer x' }];
  assert.equal(bodyReason(entry('POST', 'https://slack.test/api/chat.postMessage', auth, 200, 'application/json')), 'credentialed-json');
  assert.equal(bodyReason(entry('GET', 'https://api.test/big', auth, 200, 'application/json', null, 500_000)), null, 'large bodies stay unread');
  assert.equal(bodyReason(entry('GET', 'https://api.test/public', [], 200, 'application/json')), null, 'no credential, nothing to judge');
});

test('debounce.soon: a failure is drawn within soonMs even under steady traffic', () => {
  const timers = fakeTimers();
  const at = [];
  let t = 0;
  const d = debounce(() => at.push(t), 100, timers, 250, 16);
  // Healthy traffic every 10 ms; one failure at 105 ms.
  for (; t < 400; t += 5) {
    if (t === 105) d.soon();
    else if (t % 10 === 0) d();
    timers.advance(5);
  }
  const first = at.find((x) => x >= 105);
  assert.ok(first !== undefined && first - 105 <= 20, `failure drawn at ${first} (draws: ${JSON.stringify(at)})`);
  // The maximum wait still holds for healthy traffic around it.
  for (let i = 1; i < at.length; i++) assert.ok(at[i] - at[i - 1] <= 270, JSON.stringify(at));
});

test('lighten: a plain entry keeps the compact form and its request headers, nothing else', () => {
  const cap = new Capture();
  cap.add(entry({ url: 'https://api.test/items' }));
  const compact = JSON.stringify({
    startedDateTime: '2026-01-01T00:00:00Z',
    request: { method: 'GET', url: 'https://api.test/items', headers: [] },
    response: { status: 200, headers: [], content: { mimeType: 'application/json' } },
    _why401Compacted: true,
  });
  const fed = cap.items[0].entry;
  const headers = fed.request.headers;
  cap.lighten(0, compact, { ...fed });
  assert.equal(cap.entries()[0], fed, 'an entry replaced since it was fed is left alone');
  cap.lighten(0, compact, fed);
  const e = cap.entries()[0];
  assert.equal(e._why401Compacted, true);
  assert.deepEqual(e.request.headers, headers, 'request headers kept for preflight pairing');
  assert.equal(e.response.content.text, undefined);
  cap.lighten(0, '{not json', cap.entries()[0]);
  assert.equal(cap.entries()[0]._why401Compacted, true, 'lightened once');
  cap.lighten(5, compact, fed); // no such entry: nothing happens
  assert.equal(cap.length, 1);
});

test('a lightened entry is not replaced by getHAR\'s copy of the same record', async () => {
  const { reconcile } = await import('../../extension/src/live.js');
  const cap = new Capture();
  const full = entry({ url: 'https://api.test/items', headers: [{ name: 'Accept', value: '*/*' }], resHeaders: [{ name: 'Server', value: 'x' }, { name: 'Date', value: 'now' }] });
  cap.add(full);
  cap.lighten(0, JSON.stringify({ ...full, response: { status: 200, headers: [], content: {} }, _why401Compacted: true }), cap.entries()[0]);
  const revision = cap.revision;
  assert.equal(reconcile(cap, [full]), 0);
  assert.equal(cap.revision, revision, 'no reset of the whole session');
  // A record with more in it than the original still replaces it.
  const fuller = { ...full, response: { ...full.response, headers: [...full.response.headers, { name: 'Set-Cookie', value: 'a=b' }] } };
  assert.equal(reconcile(cap, [fuller]), 1);
});

test('a request handed over unfinished, then finished, is one entry: the finished record takes its place', async () => {
  const cap = new Capture();
  const at = '2026-12-01T02:58:35.000Z';
  const unfinished = {
    startedDateTime: at,
    request: { method: 'GET', url: 'https://api.test/x', headers: [] },
    response: { status: 0, statusText: '', headers: [], content: { size: 0, mimeType: 'x-unknown' }, _error: null },
  };
  const finished = {
    startedDateTime: at,
    request: { method: 'GET', url: 'https://api.test/x', headers: [] },
    response: { status: 401, headers: [{ name: 'WWW-Authenticate', value: 'Bearer error="invalid_token"' }], content: { size: 2, mimeType: 'application/json' } },
    getContent: (cb) => cb('{}', ''),
  };
  const other = { ...structuredClone(unfinished), startedDateTime: '2026-12-01T02:58:36.000Z' };
  await cap.add(unfinished);
  await cap.add(other);
  assert.equal(cap.length, 2);
  assert.deepEqual(cap.takePatched(), []);
  const read = async () => ({ text: '{"error":"invalid_token"}' });
  await cap.add(finished, read);
  assert.equal(cap.length, 2, 'not listed a second time');
  assert.equal(cap.items[0].entry.response.status, 401);
  assert.equal(cap.items[0].entry.response.content.text, '{"error":"invalid_token"}', 'its body read as for any failure');
  assert.deepEqual(cap.takePatched(), [0], 'the core gets the finished record in the same place');
  assert.equal(cap.lastAdded, cap.items[0]);
  // A finished record of a request never seen unfinished is a new entry; a blocked one is never
  // "unfinished" (it has its error).
  const blocked = { ...structuredClone(unfinished), startedDateTime: '2026-12-01T02:58:37.000Z' };
  blocked.response._error = 'net::ERR_FAILED';
  await cap.add(blocked);
  await cap.add({ request: finished.request, response: { status: 200, headers: [{ name: 'A', value: 'b' }] }, startedDateTime: '2026-12-01T02:58:37.000Z' });
  assert.equal(cap.length, 4);
});

test('dropFirst lets the oldest entries go: the rest numbered on, bodies patched under their new number', async () => {
  const cap = new Capture();
  let release;
  const slow = () => new Promise((r) => (release = r));
  for (let i = 0; i < 3; i++) cap.add(devtoolsEntry(entry({ url: `https://api.test/${i}`, at: i })));
  const pending = cap.add(devtoolsEntry(entry({ url: 'https://api.test/late', status: 401, at: 3 }), '{}'), slow);
  // Handed over unfinished: the finished record would take its place.
  const unfinished = entry({ url: 'https://api.test/0', status: 0, at: 0 });
  cap.items[0] = { entry: unfinished, ready: true };
  cap.unfinished.set('k', cap.items[0]);
  cap.patched.push(1, 3);
  const revision = cap.revision;
  assert.equal(cap.dropFirst(2), 2);
  assert.equal(cap.length, 2);
  assert.deepEqual(cap.entries().map((e) => e.request.url), ['https://api.test/2', 'https://api.test/late']);
  assert.equal(cap.revision, revision, 'the core drops the same entries: nothing to analyse again');
  assert.deepEqual(cap.takePatched(), [1], 'a patch of a dropped entry goes with it');
  assert.equal(cap.unfinished.size, 0);
  release({ text: '{"error":"invalid_token"}' });
  await pending;
  assert.deepEqual(cap.takePatched(), [1], 'its body came under its new number');
  assert.equal(cap.dropped, 2);
  assert.ok(cap.wasDropped(entry({ at: 1 })), 'started no later than the dropped ones');
  assert.ok(!cap.wasDropped(entry({ at: 2 })));
  assert.equal(cap.dropFirst(10), 2);
  assert.equal(cap.dropFirst(1), 0);
  cap.clear();
  assert.equal(cap.dropped, 0);
  assert.ok(!cap.wasDropped(entry({ at: 1 })), 'a cleared capture has dropped nothing');
});

test('a failure is shown at once; a request Chromium gave up on under a flood of requests is not one', () => {
  assert.ok(looksFailed(entry({ status: 401 })));
  assert.ok(looksFailed(entry({ status: 0, error: 'net::ERR_FAILED' })), 'blocked by CORS');
  assert.ok(looksFailed(entry({ status: 0 })));
  assert.ok(!looksFailed(entry({ status: 200 })));
  assert.ok(!looksFailed(entry({ status: 0, error: 'net::ERR_INSUFFICIENT_RESOURCES' })));
});
