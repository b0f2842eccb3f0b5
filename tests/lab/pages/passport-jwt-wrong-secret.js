// The same mistake as express-jwt-wrong-secret (a token signed with another environment's
// secret), against an API on passport-jwt: Passport answers 401 "Unauthorized" in plain text,
// with no WWW-Authenticate, and nothing in the answer says why.
import { at, bearer, done, req } from './lab.js';

const json = { 'content-type': 'application/json' };
const signed = await req('sign in', at('app.test', '/ejwt/other-env/login'), {
  method: 'POST',
  headers: json,
  body: JSON.stringify({ username: 'alice', password: 'Open-Sesame-7' }),
});
await req('profile', at('app.test', '/pjwt/api/profile'), { headers: bearer(signed.json?.token) });
await done();
