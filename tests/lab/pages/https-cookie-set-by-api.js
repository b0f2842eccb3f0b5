// Over https: the SPA on app.test signs in with a call to api.test (credentials: 'include'),
// whose answer sets the session cookie with SameSite=None; Secure but without Partitioned, then
// calls api.test again. The cookie is a third-party cookie from the start: a browser that
// blocks them (Chromium here) never stores it; Firefox's Total Cookie Protection keeps it for
// app.test, and sends it.
import { at, done, req } from './lab.js';

const partitioned = new URLSearchParams(location.search).has('partitioned') || location.pathname.endsWith('-partitioned');
const q = partitioned ? '?partitioned=1' : '';
await req('sign in', at('api.test', `/session/start-from-page${q}`), { method: 'POST', credentials: 'include' });
await req('me', at('api.test', `/session/me-from-page${q}`), { credentials: 'include' });
await done();
