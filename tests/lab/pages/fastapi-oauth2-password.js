// A single-page app on FastAPI, signed into as FastAPI's security tutorial teaches (the OAuth2
// password flow: a form with username and password to /token, a Bearer JWT back). The user
// mistypes the password (401 "Incorrect username or password"), signs in, then the page calls
// /users/me before its code attaches the token (401 "Not authenticated"), with the token read from
// a variable still unset (`Bearer undefined`: 401 "Could not validate credentials"), and with the
// token (200). Every 401 carries FastAPI's bare `WWW-Authenticate: Bearer`.
import { at, bearer, done, req } from './lab.js';

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const signIn = (label, password) =>
  req(label, at('app.test', '/fastapi/token'), { method: 'POST', headers: form, body: new URLSearchParams({ username: 'dana', password }).toString() });
await signIn('sign in, password mistyped', 'Correct-Horse-8');
const signed = await signIn('sign in', 'Correct-Horse-7');
const token = signed.json?.access_token;
const me = at('app.test', '/fastapi/users/me');
await req('me, no token yet', me);
let unset;
await req('me, token variable unset', me, { headers: bearer(unset) });
await req('me', me, { headers: bearer(token) });
await done();
