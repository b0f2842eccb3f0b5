// Healthy for why401: CORS blocks or hides requests here, but none of them is an authentication
// failure. An anonymous GET to an endpoint without CORS (no cookie exists for its host, and none
// is sent), and a no-cors POST with the session cookie whose answer nobody reads (not subject to
// the CORS check at all).
import { at, done, req } from './lab.js';

await req('login', '/shared-session/login', { method: 'POST' });
await req('public', at('bad-cors.test', '/plain'));
await req('no-cors post', at('api.app.test', '/collect'), {
  method: 'POST',
  mode: 'no-cors',
  credentials: 'include',
  headers: { 'content-type': 'text/plain' },
  body: 'event=view',
});
await done();
