// An SPA build whose sign-in points at another environment's service, on Fastify with
// @fastify/jwt: the page signs in (200, a token signed with that environment's secret) and calls
// the API with it: 401 `{"code":"FST_JWT_AUTHORIZATION_TOKEN_INVALID","message":"Authorization
// token is invalid: The token signature is invalid."}`, with no WWW-Authenticate.
import { at, bearer, done, req } from './lab.js';

const json = { 'content-type': 'application/json' };
const signed = await req('sign in', at('app.test', '/fastify/other-env/login'), {
  method: 'POST',
  headers: json,
  body: JSON.stringify({ username: 'alice', password: 'Open-Sesame-7' }),
});
await req('profile', at('app.test', '/fastify/api/profile'), { headers: bearer(signed.json?.token) });
await done();
