// The provider rotated its signing key: the SPA's token is signed with the new key (kid
// "lab-key-2"), and the API (Auth0's express-oauth2-jwt-bearer) was configured with a key set
// that holds only the old one ("lab-key-1"). 401 with `WWW-Authenticate: Bearer realm="api",
// error="invalid_token", error_description="no applicable key found in the JSON Web Key Set"`.
import { at, bearer, done, req } from './lab.js';

const stored = await req('stored token', at('app.test', '/o2b/stored-token'));
await req('profile', at('app.test', '/o2b/api/profile'), { headers: bearer(stored.json?.access_token) });
await done();
