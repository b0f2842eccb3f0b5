// Unit tests of the consent flow and of the panel <-> background messages, with chrome.* stubbed.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { COOKIES_GET, CONSENT_CHECK, ERROR, msg } from '../../extension/src/messages.js';
import { consentOrigins, coveredBy, hasConsent, originPattern, readCookieJars, requestConsent } from '../../extension/src/permissions.js';

test('consent is asked for the inspected site and the hosts of failing requests only', () => {
  assert.equal(originPattern('https://api.test:8443/v1?x=1'), 'https://api.test/*');
  assert.equal(originPattern('chrome://settings'), null);
  assert.equal(originPattern('not a url'), null);
  assert.deepEqual(consentOrigins('http://app.test:1234/page', ['http://api.test:1234/v1/profile', 'http://app.test:1234/api/me']), {
    origins: ['http://api.test/*', 'http://app.test/*'],
    omitted: 0,
  });
});

test('a page cannot pad the consent prompt: the inspected site and the 4 hosts failing most', () => {
  const padded = Array.from({ length: 300 }, (_, i) => `https://h${i}.evil.test/x`);
  const failing = [...padded, 'https://api.test/a', 'https://api.test/b', 'https://api.test/c', 'https://auth.test/t', 'https://auth.test/t'];
  const { origins, omitted } = consentOrigins('https://app.test/', failing);
  assert.deepEqual(origins, ['https://api.test/*', 'https://app.test/*', 'https://auth.test/*', 'https://h0.evil.test/*', 'https://h1.evil.test/*']);
  assert.equal(omitted, 298);
  assert.equal(coveredBy(origins, 'https://api.test:8443/z'), true);
  assert.equal(coveredBy(origins, 'https://h2.evil.test/x'), false);
  // The inspected site's own failures do not take one of the 4 places.
  assert.deepEqual(consentOrigins('https://app.test/', ['https://app.test/api']), { origins: ['https://app.test/*'], omitted: 0 });
});

test('requestConsent asks for cookies + those origins, synchronously', async () => {
  const calls = [];
  const api = { permissions: { request: (p) => (calls.push(p), Promise.resolve(true)) } };
  const pending = requestConsent(api, ['https://app.test/*']);
  // The request happened before any await: the click's user gesture is still active.
  assert.deepEqual(calls, [{ permissions: ['cookies'], origins: ['https://app.test/*'] }]);
  assert.equal(await pending, 'granted');
});

test('requestConsent: refused, rejected, and unavailable (Firefox DevTools panels)', async () => {
  assert.equal(await requestConsent({ permissions: { request: async () => false } }, ['x']), 'denied');
  assert.equal(await requestConsent({ permissions: { request: () => Promise.reject(new Error('gesture')) } }, ['x']), 'denied');
  assert.equal(await requestConsent({}, ['x']), 'unavailable');
  assert.equal(
    await requestConsent({ permissions: { request: () => { throw new Error('no'); } } }, ['x']),
    'unavailable',
  );
});

test('panel side: typed messages to the background and their answers', async () => {
  const sent = [];
  const api = (reply) => ({ runtime: { sendMessage: async (m) => (sent.push(m), reply) } });
  assert.equal(await hasConsent(api(msg.consentResult(true)), ['https://a.test/*']), true);
  assert.equal(await hasConsent(api(msg.consentResult(false)), ['https://a.test/*']), false);
  assert.equal(await hasConsent(api(msg.consentResult(true)), []), false, 'no origins: no question');
  assert.deepEqual(sent[0], { type: CONSENT_CHECK, origins: ['https://a.test/*'] });
  const jars = { 'https://a.test/x': [{ name: 'sid' }] };
  assert.deepEqual(await readCookieJars(api(msg.cookiesResult(jars)), ['https://a.test/x']), { ok: true, jars });
  assert.deepEqual(sent.at(-1), { type: COOKIES_GET, urls: ['https://a.test/x'] });
  assert.deepEqual(await readCookieJars(api(msg.error('no-permission', 'nope')), []), { ok: false, code: 'no-permission', message: 'nope' });
  assert.equal((await readCookieJars(api(undefined), [])).ok, false);
  const throwing = { runtime: { sendMessage: async () => { throw new Error('Receiving end does not exist'); } } };
  assert.deepEqual(await readCookieJars(throwing, []), { ok: false, code: 'failed', message: 'Receiving end does not exist' });
});

// ---- background.js with a stubbed chrome ------------------------------------------------

let handleMessage;
let listener;
const chromeStub = {
  runtime: { id: 'ext-id', onMessage: { addListener: (f) => (listener = f) } },
  permissions: { contains: async ({ permissions, origins }) => permissions[0] === 'cookies' && origins.every((o) => o.includes('app.test')) },
  cookies: {
    async getAll({ url, partitionKey }) {
      if (url.includes('forbidden.test')) throw new Error('No host permissions for cookies at url');
      const base = [
        { name: 'sid', domain: 'app.test', path: '/', secure: false, httpOnly: true, sameSite: 'lax', hostOnly: true, session: true },
        { name: 'pref', domain: '.app.test', path: '/', secure: true, httpOnly: false, sameSite: 'no_restriction', expirationDate: 1_900_000_000 },
      ];
      return partitionKey ? [...base, { name: 'chip', domain: 'app.test', path: '/', secure: true, sameSite: 'no_restriction', partitionKey: { topLevelSite: 'https://top.test' } }] : base;
    },
  },
};

before(async () => {
  globalThis.chrome = chromeStub;
  ({ handleMessage } = await import('../../extension/background.js'));
});

test('background: consent check and cookie jar, values never included', async () => {
  assert.deepEqual(await handleMessage(msg.consentCheck(['http://app.test/*']), { id: 'ext-id' }), msg.consentResult(true));
  assert.deepEqual(await handleMessage(msg.consentCheck(['http://api.test/*']), { id: 'ext-id' }), msg.consentResult(false));
  const reply = await handleMessage(msg.cookiesGet(['http://app.test/x', 'javascript:alert(1)']), { id: 'ext-id' });
  assert.equal(reply.type, msg.cookiesResult({}).type);
  assert.deepEqual(Object.keys(reply.jars), ['http://app.test/x']);
  const jar = reply.jars['http://app.test/x'];
  assert.deepEqual(jar.map((c) => c.name), ['sid', 'pref', 'chip']);
  assert.equal(jar[1].expires, new Date(1_900_000_000_000).toISOString());
  assert.equal(jar[0].expires, null);
  assert.equal(jar[2].partitioned, true);
  assert.ok(jar.every((c) => !('value' in c)));
});

test('background: missing host permission, unknown types and foreign senders are errors', async () => {
  const denied = await handleMessage(msg.cookiesGet(['http://forbidden.test/']), { id: 'ext-id' });
  assert.equal(denied.type, ERROR);
  assert.equal(denied.code, 'no-permission');
  assert.equal((await handleMessage({ type: 'nope' }, { id: 'ext-id' })).code, 'bad-message');
  assert.equal((await handleMessage(null, { id: 'ext-id' })).code, 'bad-message');
  assert.equal((await handleMessage(msg.consentCheck(['http://app.test/*']), { id: 'someone-else' })).code, 'bad-message');
});

test('background: the listener answers asynchronously through sendResponse', async () => {
  const answer = new Promise((resolve) => assert.equal(listener(msg.consentCheck(['http://app.test/*']), { id: 'ext-id' }, resolve), true));
  assert.deepEqual(await answer, msg.consentResult(true));
});

test('background: without the cookies permission granted, chrome.cookies is absent', async () => {
  const saved = chromeStub.cookies;
  delete chromeStub.cookies;
  try {
    assert.equal((await handleMessage(msg.cookiesGet(['http://app.test/']), { id: 'ext-id' })).code, 'no-permission');
  } finally {
    chromeStub.cookies = saved;
  }
});

// ---- deep mode in the background: attach on request, forward reasons, detach on close ----

function fakePort() {
  const listeners = { message: [], disconnect: [] };
  return {
    sent: [],
    postMessage(m) {
      this.sent.push(m);
    },
    onMessage: { addListener: (f) => listeners.message.push(f) },
    onDisconnect: { addListener: (f) => listeners.disconnect.push(f) },
    send: async (m) => {
      for (const f of listeners.message) await f(m);
    },
    close: () => listeners.disconnect.forEach((f) => f()),
  };
}

function fakeDebugger({ failAttach = false } = {}) {
  const ev = [];
  const det = [];
  return {
    calls: [],
    async attach(target, version) {
      this.calls.push(['attach', target.tabId, version]);
      if (failAttach) throw new Error('Another debugger is already attached to the tab');
    },
    async sendCommand(target, method) {
      this.calls.push(['send', target.tabId, method]);
    },
    async detach(target) {
      this.calls.push(['detach', target.tabId]);
    },
    onEvent: { addListener: (f) => ev.push(f), removeListener: (f) => ev.splice(ev.indexOf(f), 1) },
    onDetach: { addListener: (f) => det.push(f), removeListener: (f) => det.splice(det.indexOf(f), 1) },
    fire: (tabId, method, params) => ev.forEach((f) => f({ tabId }, method, params)),
    cancel: (tabId) => det.forEach((f) => f({ tabId }, 'canceled_by_user')),
    listeners: () => ev.length + det.length,
  };
}

test('deep mode: attaches to the inspected tab only, forwards reason events, detaches when the panel goes', async () => {
  const { serveDeepPort } = await import('../../extension/background.js');
  const { DEEP_START } = await import('../../extension/src/messages.js');
  const port = fakePort();
  const dbg = fakeDebugger();
  serveDeepPort(port, dbg);
  await port.send({ type: DEEP_START, tabId: 42 });
  assert.deepEqual(dbg.calls, [['attach', 42, '1.3'], ['send', 42, 'Network.enable']]);
  assert.equal(port.sent.at(-1).type, 'why401/deep.started');
  dbg.fire(42, 'Network.loadingFailed', { requestId: '1', corsErrorStatus: { corsError: 'MissingAllowOriginHeader' } });
  dbg.fire(42, 'Network.dataReceived', { requestId: '1' }); // not a reason: not forwarded
  dbg.fire(7, 'Network.loadingFailed', { requestId: '9' }); // another tab: not forwarded
  const events = port.sent.filter((m) => m.type === 'why401/deep.event');
  assert.equal(events.length, 1);
  assert.equal(events[0].method, 'Network.loadingFailed');
  port.close();
  assert.deepEqual(dbg.calls.at(-1), ['detach', 42]);
  assert.equal(dbg.listeners(), 0, 'listeners removed');
});

test('deep mode: a failed attach and a cancelled infobar are reported to the panel', async () => {
  const { serveDeepPort } = await import('../../extension/background.js');
  const failing = fakePort();
  serveDeepPort(failing, fakeDebugger({ failAttach: true }));
  await failing.send({ type: 'why401/deep.start', tabId: 1 });
  assert.match(failing.sent.at(-1).reason, /already attached/);
  const port = fakePort();
  const dbg = fakeDebugger();
  serveDeepPort(port, dbg);
  await port.send({ type: 'why401/deep.start', tabId: 5 });
  dbg.cancel(5);
  assert.deepEqual(port.sent.at(-1), { type: 'why401/deep.stopped', reason: 'canceled_by_user' });
  port.close();
  assert.ok(!dbg.calls.some((c) => c[0] === 'detach'), 'nothing left to detach');
  // Without the API (Firefox): unavailable.
  const none = fakePort();
  serveDeepPort(none, undefined);
  await none.send({ type: 'why401/deep.start', tabId: 1 });
  assert.equal(none.sent.at(-1).reason, 'unavailable');
});
