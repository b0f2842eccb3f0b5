// The profile is read with the site-wide session cookie and works; the same call again with a
// header of its own (a trace id) is stopped at its preflight, which allows only Content-Type.
// The record of the stopped call lacks its cookie: it must not read as "the cookie was missing".
import { at, done, req } from './lab.js';

await req('login', '/shared-session/login', { method: 'POST' });
await req('profile', at('api.app.test', '/v4/profile'), { credentials: 'include' });
await req('profile traced', at('api.app.test', '/v4/profile?traced=1'), { credentials: 'include', headers: { 'x-trace-id': 'a1b2c3d4' } });
await done();
