// An SPA build whose sign-in points at another environment's service: it signs tokens with that
// environment's secret, and the API (express-jwt, HS256) verifies with its own. The page signs
// in (200, a token) and calls the API with it: 401 from Express's own error handler, its
// development page reading "UnauthorizedError: invalid signature", with no WWW-Authenticate.
import { at, bearer, done, req } from './lab.js';

const json = { 'content-type': 'application/json' };
const signed = await req('sign in', at('app.test', '/ejwt/other-env/login'), {
  method: 'POST',
  headers: json,
  body: JSON.stringify({ username: 'alice', password: 'Open-Sesame-7' }),
});
await req('profile', at('app.test', '/ejwt/api/profile'), { headers: bearer(signed.json?.token) });
await done();
