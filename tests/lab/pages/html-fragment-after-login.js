// Healthy: after signing in, the SPA loads an HTML fragment that contains password fields (a
// "change password" form). Nothing failed; it is not a login page.
import { done, req } from './lab.js';

await req('login', '/session/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"alice"}' });
await req('me', '/api/me');
await req('fragment', '/fragments/change-password.html');
await done();
