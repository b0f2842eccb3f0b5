// The session works, then the server destroys it after 1.5 s idle; the browser still sends the cookie.
import { done, req, sleep } from './lab.js';

await req('login', '/session/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"alice"}' });
await req('me', '/api/me?attempt=1');
await sleep(2000);
await req('me again', '/api/me?attempt=2');
await done();
