// Authentication middleware runs before CORS: the preflight (which never carries credentials)
// is answered 401, so the browser never sends the real request.
import { at, bearer, done, req, storedToken } from './lab.js';

const token = await storedToken();
await req('orders', at('bad-cors.test', '/auth-first/orders'), { headers: bearer(token) });
await done();
