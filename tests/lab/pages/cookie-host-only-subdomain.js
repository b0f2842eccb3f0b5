// app.test's session cookie has no Domain attribute (host-only): api.app.test never gets it.
import { at, done, req } from './lab.js';

await req('login', '/session/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"alice"}' });
await req('me', '/api/me');
await req('profile', at('api.app.test', '/v1/profile'), { credentials: 'include' });
await done();
