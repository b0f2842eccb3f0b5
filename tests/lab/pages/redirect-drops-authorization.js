// api.test/v1/legacy/orders redirects to api2.test: browsers drop Authorization on a
// cross-origin redirect (Fetch standard), so the second hop arrives without the token.
import { at, bearer, done, req, storedToken } from './lab.js';

const token = await storedToken();
await req('orders', at('api.test', '/v1/legacy/orders'), { headers: bearer(token) });
await done();
