// Fastify with @fastify/jwt and tokens that live two seconds: the page signs in, calls the API
// (200), calls it again with the same token three seconds later (401 `{"code":
// "FST_JWT_AUTHORIZATION_TOKEN_EXPIRED","message":"Authorization token expired"}`), signs in
// again and calls it with the new token (200).
import { at, bearer, done, req, sleep } from './lab.js';

const json = { 'content-type': 'application/json' };
const signIn = (label) =>
  req(label, at('app.test', '/fastify/short/login'), {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ username: 'alice', password: 'Open-Sesame-7' }),
  });
const first = await signIn('sign in');
const profile = at('app.test', '/fastify/api/profile');
await req('profile', profile, { headers: bearer(first.json?.token) });
await sleep(3000);
await req('profile, token expired', profile, { headers: bearer(first.json?.token) });
const again = await signIn('sign in again');
await req('profile, new token', profile, { headers: bearer(again.json?.token) });
await done();
