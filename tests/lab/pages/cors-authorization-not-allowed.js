// The preflight answer lists only Content-Type in Access-Control-Allow-Headers: Authorization is refused.
import { at, bearer, done, req, storedToken } from './lab.js';

const token = await storedToken();
await req('orders', at('bad-cors.test', '/no-authz/orders'), { headers: bearer(token), credentials: 'include' });
await done();
