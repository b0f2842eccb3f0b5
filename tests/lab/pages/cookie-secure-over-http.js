// The login answer sets a Secure cookie over plain http: the browser refuses to store it.
import { done, req } from './lab.js';

await req('login', '/secure-session/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"alice"}' });
await req('me', '/secure-session/me');
await done();
