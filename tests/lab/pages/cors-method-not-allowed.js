// Signing out of a site-wide cookie session: DELETE to api.app.test with credentials: 'include'.
// The API's CORS allows only GET and POST, so the preflight's answer does not list DELETE and
// the browser never sends the request. It carries a cookie only: no Authorization, no JSON body.
import { at, done, req } from './lab.js';

await req('login', '/shared-session/login', { method: 'POST' });
await req('sign out', at('api.app.test', '/v2/sessions/current'), { method: 'DELETE', credentials: 'include' });
await done();
