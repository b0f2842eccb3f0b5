// Unit tests of following DevTools' network: getHAR first, then live entries, then navigation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Capture } from '../../extension/src/capture.js';
import { HAR_SLICE, MID_LOAD_MS, followNetwork } from '../../extension/src/live.js';

const e = (url, at = 0) => ({
  startedDateTime: new Date(Date.UTC(2026, 10, 22, 10, 0, 0, at)).toISOString(),
  request: { method: 'GET', url, headers: [] },
  response: { status: 200, headers: [], content: {} },
});

function stubNetwork({ promiseStyle = false } = {}) {
  const listeners = { finished: [], navigated: [] };
  let harCallback;
  return {
    listeners,
    harCalls: 0,
    onRequestFinished: { addListener: (f) => listeners.finished.push(f) },
    onNavigated: { addListener: (f) => listeners.navigated.push(f) },
    getHAR(cb) {
      this.harCalls += 1;
      if (promiseStyle) return new Promise((resolve) => (harCallback = resolve));
      harCallback = cb;
      return undefined;
    },
    finishHar: (entries) => harCallback({ entries }),
    finish: (x) => listeners.finished.forEach((f) => f(x)),
    navigate: (url) => listeners.navigated.forEach((f) => f(url)),
  };
}

for (const promiseStyle of [false, true]) {
  test(`HAR first, requests finishing meanwhile added once (${promiseStyle ? 'Firefox promise' : 'Chrome callback'})`, async () => {
    const net = stubNetwork({ promiseStyle });
    const cap = new Capture();
    let changed = 0;
    const started = followNetwork(net, cap, { changed: () => changed++, preserve: () => false });
    net.finish(e('https://a.test/2', 2)); // also in the HAR below
    net.finish(e('https://a.test/3', 3)); // only live
    assert.equal(cap.length, 0, 'held until the HAR is in');
    net.finishHar([e('https://a.test/1', 1), e('https://a.test/2', 2)]);
    await started;
    assert.deepEqual(
      cap.entries().map((x) => x.request.url),
      ['https://a.test/1', 'https://a.test/2', 'https://a.test/3'],
    );
    net.finish(e('https://a.test/4', 4));
    assert.equal(cap.length, 4);
    assert.ok(changed > 0);
  });
}

test('a request DevTools hands over after its record on open had it is listed once (Firefox 140, panel opened mid-load)', async () => {
  const net = stubNetwork({ promiseStyle: true });
  const cap = new Capture();
  const started = followNetwork(net, cap, { changed() {}, preserve: () => false });
  net.finishHar([e('https://a.test/', 1), e('https://a.test/api/orders', 2)]);
  await started;
  const fuller = e('https://a.test/api/orders', 2);
  fuller.response = { ...fuller.response, headers: [...(fuller.response.headers || []), { name: 'WWW-Authenticate', value: 'Bearer' }] };
  net.finish(e('https://a.test/', 1));
  net.finish(fuller);
  net.finish(e('https://a.test/api/me', 3));
  assert.deepEqual(cap.entries().map((x) => x.request.url), ['https://a.test/', 'https://a.test/api/orders', 'https://a.test/api/me']);
  assert.ok(cap.entries()[1].response.headers.some((h) => h.name === 'WWW-Authenticate'), 'the fuller record took its place');
  // Only once: a later request with the same start, method and URL is a request of its own.
  net.finish(e('https://a.test/', 1));
  assert.equal(cap.length, 4);
});

test('an unfinished request of the record on open is completed in place when its finished record comes', async () => {
  const net = stubNetwork();
  const cap = new Capture();
  const started = followNetwork(net, cap, { changed() {}, preserve: () => false });
  const unfinished = { ...e('https://a.test/api/slow', 1), response: { status: 0, headers: [], content: {} } };
  net.finishHar([unfinished]);
  await started;
  const revision = cap.revision;
  const finished = e('https://a.test/api/slow', 1);
  finished.response.headers = [{ name: 'Content-Type', value: 'application/json' }];
  net.finish(finished);
  assert.equal(cap.length, 1);
  assert.equal(cap.entries()[0].response.status, 200);
  assert.deepEqual(cap.takePatched(), [0], 'patched into the core, not a reason to analyse everything again');
  assert.equal(cap.revision, revision);
});

test('a request of the record on open that a navigation cleared stays gone when DevTools hands it over again', async () => {
  const net = stubNetwork({ promiseStyle: true });
  const cap = new Capture();
  const started = followNetwork(net, cap, { changed() {}, preserve: () => false });
  net.finishHar([e('https://a.test/old', 1), e('https://a.test/api/old', 2), e('https://a.test/new', 3)]);
  await started;
  net.navigate('https://a.test/new');
  assert.deepEqual(cap.entries().map((x) => x.request.url), ['https://a.test/new']);
  net.finish(e('https://a.test/api/old', 2));
  net.finish(e('https://a.test/new', 3));
  net.finish(e('https://a.test/api/new', 4));
  assert.deepEqual(cap.entries().map((x) => x.request.url), ['https://a.test/new', 'https://a.test/api/new']);
});

test('the record on open says whether the page was loading (Firefox then loses requests)', async () => {
  const at = (ms) => Date.UTC(2026, 10, 22, 10, 0, 0, ms);
  const open = async (entries, now) => {
    const net = stubNetwork();
    const started = followNetwork(net, new Capture(), { changed() {}, preserve: () => false, now: () => now });
    net.finishHar(entries);
    return (await started).midLoad;
  };
  // e(url, ms) starts at at(ms).
  assert.equal(await open([e('https://a.test/', 0), e('https://a.test/api', 100)], at(100) + MID_LOAD_MS - 1), true);
  assert.equal(await open([e('https://a.test/', 0), e('https://a.test/api', 100)], at(100) + MID_LOAD_MS), false);
  assert.equal(await open([], at(0)), false, 'nothing recorded: nothing to lose');
  const unfinished = { ...e('https://a.test/poll', 0), response: { status: 0, headers: [], content: {} } };
  assert.equal(await open([unfinished], at(0) + 60_000), true, 'a request still under way');
});

test('navigation clears unless Preserve log is on', async () => {
  const net = stubNetwork();
  const cap = new Capture();
  let preserve = false;
  const seen = [];
  const started = followNetwork(net, cap, { changed() {}, preserve: () => preserve, navigated: (u) => seen.push(u) });
  net.finishHar([e('https://a.test/1')]);
  await started;
  preserve = true;
  net.navigate('https://a.test/next');
  assert.equal(cap.length, 1);
  preserve = false;
  net.navigate('https://a.test/again');
  assert.equal(cap.length, 0);
  assert.deepEqual(seen, ['https://a.test/next', 'https://a.test/again']);
});

test('once quiet, the capture converges on getHAR: fuller records replace early ones, missed requests are added', async () => {
  const net = stubNetwork();
  const cap = new Capture();
  const timers = [];
  let clock = 0;
  const fake = { now: () => clock, setTimeout: (f) => timers.push(f) && timers.length, clearTimeout: () => {} };
  let changed = 0;
  const started = followNetwork(net, cap, { changed: () => changed++, preserve: () => false, timers: fake, quietMs: 10 });
  net.finishHar([]);
  await started;
  // Chrome hands a redirect hop over before its Set-Cookie arrives.
  const hop = e('https://a.test/login', 1);
  hop.response.status = 302;
  net.finish(hop);
  assert.equal(cap.length, 1);
  const revision = cap.revision;
  const fuller = structuredClone(hop);
  fuller.response.headers = [{ name: 'Set-Cookie', value: 'sid=1; Path=/' }, { name: 'Location', value: '/home' }];
  // Firefox: a request blocked by CORS is only in getHAR.
  const blocked = e('https://api.test/data', 2);
  blocked.response.status = 0;
  assert.equal(timers.length, 1, 'a resync is scheduled after the request finished');
  // Fired before the page was quiet for 10 ms, the timer only waits again.
  clock += 5;
  timers[0]();
  assert.equal(timers.length, 2, 'the rest of the quiet is waited for');
  assert.equal(net.harCalls, 1, 'DevTools is not asked again before the quiet');
  clock += 5;
  timers[1]();
  net.finishHar([fuller, blocked]);
  assert.equal(cap.length, 2);
  assert.deepEqual(cap.entries()[0].response.headers.map((h) => h.name), ['Set-Cookie', 'Location']);
  assert.equal(cap.entries()[1].request.url, 'https://api.test/data');
  assert.ok(cap.revision > revision, 'a replaced entry makes the panel analyse again');
});

test('navigation keeps the new page\'s document when it arrived first (Firefox 140)', async () => {
  const net = stubNetwork();
  const cap = new Capture();
  const started = followNetwork(net, cap, { changed() {}, preserve: () => false });
  net.finishHar([e('https://a.test/old', 1)]);
  await started;
  net.finish(e('https://a.test/new-page', 2));
  net.navigate('https://a.test/new-page');
  assert.deepEqual(cap.entries().map((x) => x.request.url), ['https://a.test/new-page']);
  // A reload: the earlier document of the same URL is not the new page's.
  net.finish(e('https://a.test/api/first', 3));
  net.navigate('https://a.test/new-page');
  assert.deepEqual(cap.entries(), []);
});

test('a large getHAR is taken in slices, the panel answering between them; live requests wait for the end', async () => {
  const net = stubNetwork();
  const cap = new Capture();
  const timers = [];
  const fake = { setTimeout: (f) => timers.push(f) && timers.length, clearTimeout: () => {} };
  const started = followNetwork(net, cap, { changed() {}, preserve: () => false, timers: fake });
  const many = Array.from({ length: 2 * HAR_SLICE + 10 }, (_, i) => e(`https://a.test/${i}`, i));
  net.finishHar(many);
  assert.equal(cap.length, HAR_SLICE, 'the first slice, then the panel gets the thread back');
  net.finish(e('https://a.test/live', 5000));
  const tick = async () => {
    timers.shift()();
    await new Promise((r) => setImmediate(r));
  };
  await tick();
  assert.equal(cap.length, 2 * HAR_SLICE);
  await tick();
  await started;
  assert.equal(cap.length, many.length + 1);
  assert.equal(cap.entries().at(-1).request.url, 'https://a.test/live', 'a request finished meanwhile comes after the record');
  assert.equal(timers.length, 0);
});

test('a record longer than the panel keeps: only its newest entries are taken, and the rest stay gone', async () => {
  const net = stubNetwork();
  const cap = new Capture();
  const timers = [];
  let clock = 0;
  const fake = { now: () => clock, setTimeout: (f) => timers.push(f) && timers.length, clearTimeout: () => {} };
  const started = followNetwork(net, cap, { changed() {}, preserve: () => false, timers: fake, keep: 3, quietMs: 10 });
  const many = Array.from({ length: 10 }, (_, i) => e(`https://a.test/${i}`, i));
  // Finished while getHAR ran: an old one (in the record) and a new one.
  net.finish(many[2]);
  net.finish(e('https://a.test/live', 50));
  net.finishHar(many);
  await started;
  assert.deepEqual(
    cap.entries().map((x) => x.request.url),
    ['https://a.test/7', 'https://a.test/8', 'https://a.test/9', 'https://a.test/live'],
  );
  assert.equal(cap.dropped, 7);
  // Once quiet, DevTools' whole record comes again: what was let go is not taken back; a
  // request DevTools only now has (Firefox: blocked by CORS) is.
  net.finish(e('https://a.test/next', 60));
  clock += 10;
  timers.at(-1)();
  net.finishHar([...many, e('https://a.test/live', 50), e('https://a.test/blocked', 55)]);
  assert.deepEqual(cap.entries().slice(3).map((x) => x.request.url), ['https://a.test/live', 'https://a.test/next', 'https://a.test/blocked']);
});
