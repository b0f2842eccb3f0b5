// A first call before sign-in gets 401, which nginx caches (its key ignores Authorization);
// the call with a valid token then gets the cached 401 (X-Cache-Status: HIT).
import { at, bearer, done, req, storedToken } from './lab.js';

await req('orders before login', at('proxy.test', '/cached/v1/orders?attempt=1'));
const token = await storedToken();
await req('orders', at('proxy.test', '/cached/v1/orders?attempt=2'), { headers: bearer(token) });
await done();
