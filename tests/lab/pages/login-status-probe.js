// Healthy: on boot the SPA probes /api/session (401 = not signed in, by design), shows the form,
// signs in, and the probe then says 200.
import { done, req } from './lab.js';

await req('session probe', '/api/session');
await req('login', '/session/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"alice"}' });
await req('session probe again', '/api/session?after=login');
await req('me', '/api/me');
await done();
