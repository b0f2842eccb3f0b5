// Unit tests of following DevTools' network: getHAR first, then live entries, then navigation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Capture } from '../../extension/src/capture.js';
import { followNetwork } from '../../extension/src/live.js';

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
    onRequestFinished: { addListener: (f) => listeners.finished.push(f) },
    onNavigated: { addListener: (f) => listeners.navigated.push(f) },
    getHAR(cb) {
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
