import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareCookies, cookieView, sentCookieNames } from '../../extension/src/cookies.js';

const req = (cookies, header) => ({
  request: { cookies, headers: header ? [{ name: 'Cookie', value: header }] : [] },
});

test('sent cookie names come from request.cookies, else from the Cookie header', () => {
  assert.deepEqual([...sentCookieNames(req([{ name: 'a', value: '1' }]))], ['a']);
  assert.deepEqual([...sentCookieNames(req([], 'a=1; b=2;c'))], ['a', 'b', 'c']);
});

test('"exists but was not sent" comes first, then gone, then sent', () => {
  const jar = [
    cookieView({ name: 'sid', domain: 'api.test', path: '/', sameSite: 'lax', httpOnly: true }),
    cookieView({ name: 'theme', domain: 'api.test', path: '/' }),
  ];
  const rows = compareCookies(req([{ name: 'theme' }, { name: 'old' }]), jar);
  assert.deepEqual(
    rows.map((r) => [r.name, r.state]),
    [
      ['sid', 'not-sent'],
      ['old', 'sent-not-in-jar'],
      ['theme', 'sent'],
    ],
  );
  assert.equal(rows[0].sameSite, 'lax');
  assert.equal(rows[0].expires, null);
});
