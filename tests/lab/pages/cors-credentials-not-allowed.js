// A GET with the site-wide session cookie (credentials: 'include') to an API whose CORS names the
// origin but not credentials: the server answers 200, without Access-Control-Allow-Credentials,
// and the browser hides the answer from the page. No preflight: a GET with a cookie is a simple
// request.
import { at, done, req } from './lab.js';

await req('login', '/shared-session/login', { method: 'POST' });
await req('profile', at('api.app.test', '/v3/profile'), { credentials: 'include' });
await done();
