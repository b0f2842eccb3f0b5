// Deep mode: Chrome's protocol events become documented fields on the matching HAR entries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChromeReasons, EVENTS, MAX_REQUESTS } from '../../extension/src/deep.js';
import { Capture } from '../../extension/src/capture.js';

const T0 = Date.parse('2026-03-02T10:00:00.000Z') / 1000;

function sent(r, id, url, method = 'GET', t = T0) {
  r.add('Network.requestWillBeSent', { requestId: id, request: { url, method }, wallTime: t });
}

test('a CORS failure, blocked request cookies and refused Set-Cookie lines become fields', () => {
  const r = new ChromeReasons();
  sent(r, '1', 'https://api.test/v1/orders');
  assert.equal(r.add('Network.loadingFailed', { requestId: '1', errorText: 'net::ERR_FAILED', corsErrorStatus: { corsError: 'HeaderDisallowedByPreflightResponse', failedParameter: 'authorization' } }), true);
  sent(r, '2', 'https://api.test/me', 'GET', T0 + 5);
  r.add('Network.requestWillBeSentExtraInfo', {
    requestId: '2',
    associatedCookies: [
      { cookie: { name: 'sid', value: 'SECRET-VALUE' }, blockedReasons: ['ThirdPartyPhaseout'] },
      { cookie: { name: 'lang', value: 'en' }, blockedReasons: [] },
    ],
  });
  sent(r, '3', 'https://api.test/session', 'POST', T0 + 1);
  r.add('Network.responseReceivedExtraInfo', {
    requestId: '3',
    blockedCookies: [{ blockedReasons: ['UserPreferences'], cookieLine: 'sid=SECRET-LINE; Secure; SameSite=None' }],
    cookiePartitionKey: { topLevelSite: 'https://app.test', hasCrossSiteAncestor: false },
  });
  const at = (s) => new Date((T0 + s) * 1000).toISOString();
  assert.deepEqual(r.fieldsFor({ startedDateTime: at(0), request: { url: 'https://api.test/v1/orders', method: 'GET' } }), {
    _corsError: { corsError: 'HeaderDisallowedByPreflightResponse', failedParameter: 'authorization' },
  });
  assert.deepEqual(r.fieldsFor({ startedDateTime: at(5), request: { url: 'https://api.test/me', method: 'GET' } }), {
    _blockedRequestCookies: [{ name: 'sid', blockedReasons: ['ThirdPartyPhaseout'] }],
  });
  const set = r.fieldsFor({ startedDateTime: at(1), request: { url: 'https://api.test/session', method: 'POST' } });
  assert.deepEqual(set._blockedResponseCookies, [{ name: 'sid', blockedReasons: ['UserPreferences'] }]);
  assert.equal(set._cookiePartitionKey.topLevelSite, 'https://app.test');
  // No cookie value or line is kept.
  assert.doesNotMatch(JSON.stringify(r.found), /SECRET/);
  // Another method, another URL or another time: no match.
  assert.equal(r.fieldsFor({ startedDateTime: at(0), request: { url: 'https://api.test/v1/orders', method: 'POST' } }), null);
  assert.equal(r.fieldsFor({ startedDateTime: at(600), request: { url: 'https://api.test/v1/orders', method: 'GET' } }), null);
});

test('a redirect is a new hop: reasons go to the hop being loaded', () => {
  const r = new ChromeReasons();
  sent(r, '7', 'https://a.test/start');
  sent(r, '7', 'https://b.test/next');
  r.add('Network.loadingFailed', { requestId: '7', corsErrorStatus: { corsError: 'PreflightDisallowedRedirect' } });
  assert.equal(r.fieldsFor({ request: { url: 'https://a.test/start', method: 'GET' } }), null);
  assert.equal(r.fieldsFor({ request: { url: 'https://b.test/next', method: 'GET' } })._corsError.corsError, 'PreflightDisallowedRedirect');
});

test('events without reasons and unknown requests add nothing; memory is bounded', () => {
  const r = new ChromeReasons();
  assert.equal(r.add('Network.loadingFailed', { requestId: 'x', errorText: 'net::ERR_ABORTED' }), false);
  assert.equal(r.add('Network.requestWillBeSentExtraInfo', { requestId: 'nope', associatedCookies: [{ cookie: { name: 'a' }, blockedReasons: ['SecureOnly'] }] }), false);
  assert.equal(r.add('Network.responseReceived', { requestId: 'x' }), false);
  // A partition key alone is no reason (every response has one).
  sent(r, 'p', 'https://a.test/p');
  assert.equal(r.add('Network.responseReceivedExtraInfo', { requestId: 'p', cookiePartitionKey: { topLevelSite: 'https://a.test' } }), false);
  for (let i = 0; i < MAX_REQUESTS + 10; i++) {
    sent(r, String(i), `https://a.test/${i}`);
    r.add('Network.loadingFailed', { requestId: String(i), corsErrorStatus: { corsError: 'MissingAllowOriginHeader' } });
  }
  assert.equal(r.current.size, MAX_REQUESTS);
  assert.equal(r.found.length, MAX_REQUESTS, 'reasons kept are bounded too');
  assert.equal(r.byKey.size, MAX_REQUESTS);
  assert.equal(r.fieldsFor({ request: { url: 'https://a.test/0', method: 'GET' } }), null, 'the oldest was forgotten');
  assert.ok(r.fieldsFor({ request: { url: `https://a.test/${MAX_REQUESTS + 9}`, method: 'GET' } }));
  assert.ok(EVENTS.has('Network.loadingFailed') && !EVENTS.has('Network.dataReceived'));
});

test('the capture takes the fields once and says when it changed', () => {
  const c = new Capture();
  c.add({ startedDateTime: '2026-03-02T10:00:00.000Z', request: { url: 'https://api.test/v1/orders', method: 'GET', headers: [] }, response: { status: 0, headers: [], _error: 'net::ERR_FAILED' } });
  const rev = c.revision;
  const fields = { _corsError: { corsError: 'MissingAllowOriginHeader', failedParameter: '' } };
  assert.equal(c.annotate(() => fields), true);
  assert.equal(c.revision, rev + 1);
  assert.equal(c.entries()[0]._corsError.corsError, 'MissingAllowOriginHeader');
  assert.equal(c.annotate(() => fields), false, 'the same fields again change nothing');
  assert.equal(c.revision, rev + 1);
});
