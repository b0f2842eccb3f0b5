// A token endpoint that revokes an access token when its refresh token is used (as GitHub does).
// The app refreshes, but one module keeps the access token it cached before.
import { at, bearer, done, req } from './lab.js';

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const first = await req('token', at('api.test', '/opaque/token?refreshable=1&ttl=600'), { method: 'POST', headers: form, body: 'grant_type=client_credentials' });
const cached = first.json?.access_token;
await req('me', at('api.test', '/opaque/me?attempt=1'), { headers: bearer(cached) });
await req('refresh', at('api.test', '/opaque/token?ttl=600'), {
  method: 'POST',
  headers: form,
  body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(first.json?.refresh_token)}`,
});
await req('me again', at('api.test', '/opaque/me?attempt=2'), { headers: bearer(cached) });
await done();
