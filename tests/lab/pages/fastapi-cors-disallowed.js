// The page (app.test) signs in to FastAPI on its own origin and calls the same API on another
// origin (api.test) with its Bearer token, under Starlette's CORS middleware configured as two
// common mistakes leave it: no `allow_headers` (the preflight for Authorization answered 400
// "Disallowed CORS headers") and only another dev server's origin allowed (400 "Disallowed CORS
// origin"); then where it is configured right (200).
import { at, bearer, done, req } from './lab.js';

const signed = await req('sign in', at('app.test', '/fastapi/token'), {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: 'username=dana&password=Correct-Horse-7',
});
const auth = bearer(signed.json?.access_token);
await req('me, no allow_headers', at('api.test', '/fastapi/cors-headers/users/me'), { headers: auth });
await req('me, another origin allowed', at('api.test', '/fastapi/cors-origin/users/me'), { headers: auth });
await req('me, configured', at('api.test', '/fastapi/cors-ok/users/me'), { headers: auth });
await done();
