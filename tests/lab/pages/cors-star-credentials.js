// `cors()` defaults answer `Access-Control-Allow-Origin: *`; the app calls with credentials.
import { at, bearer, done, req, storedToken } from './lab.js';

const token = await storedToken();
await req('orders', at('bad-cors.test', '/star/orders'), { headers: bearer(token), credentials: 'include' });
await done();
