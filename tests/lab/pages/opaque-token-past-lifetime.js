// An opaque access token with expires_in 2 works, and is refused once its lifetime ran out.
import { at, bearer, done, req, sleep } from './lab.js';

const r = await req('token', at('api.test', '/opaque/token'), {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: 'grant_type=client_credentials',
});
const token = r.json?.access_token;
await req('me', at('api.test', '/opaque/me?attempt=1'), { headers: bearer(token) });
await sleep(3000);
await req('me again', at('api.test', '/opaque/me?attempt=2'), { headers: bearer(token) });
await done();
