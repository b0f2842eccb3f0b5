// An SPA on an express-jwt API whose code calls the API before its token is attached: first with
// no Authorization header (401, Express's development page reading "UnauthorizedError: No
// authorization token was found"), then with the token read from a variable still unset
// (`Bearer undefined`: "UnauthorizedError: jwt malformed"); it signs in and calls again with the
// token (200).
import { at, bearer, done, req } from './lab.js';

const profile = at('app.test', '/ejwt/api/profile');
await req('profile, no token yet', profile);
let unset;
await req('profile, token variable unset', profile, { headers: bearer(unset) });
const signed = await req('sign in', at('app.test', '/ejwt/login'), {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'alice', password: 'Open-Sesame-7' }),
});
await req('profile', profile, { headers: bearer(signed.json?.token) });
await done();
