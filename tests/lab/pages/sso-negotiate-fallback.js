// Healthy: the SPA tries single sign-on first (401 WWW-Authenticate: Negotiate; no Kerberos
// ticket here), falls back to the sign-in form as designed, and signs in.
import { done, req } from './lab.js';

await req('sso probe', '/sso/negotiate');
await req('login', '/session/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"alice"}' });
await req('me', '/api/me');
await done();
