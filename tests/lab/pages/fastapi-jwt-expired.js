// FastAPI's tutorial API with tokens that live two seconds: the page signs in, calls /users/me
// (200), calls it again with the same token three seconds later (401 "Could not validate
// credentials", FastAPI's words for any token PyJWT refuses, under a bare
// `WWW-Authenticate: Bearer`), signs in again and calls it with the new token (200).
import { at, bearer, done, req, sleep } from './lab.js';

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const signIn = (label) =>
  req(label, at('app.test', '/fastapi/short/token'), { method: 'POST', headers: form, body: 'username=dana&password=Correct-Horse-7' });
const first = await signIn('sign in');
const me = at('app.test', '/fastapi/short/users/me');
await req('me', me, { headers: bearer(first.json?.access_token) });
await sleep(3000);
await req('me, token expired', me, { headers: bearer(first.json?.access_token) });
const again = await signIn('sign in again');
await req('me, new token', me, { headers: bearer(again.json?.access_token) });
await done();
