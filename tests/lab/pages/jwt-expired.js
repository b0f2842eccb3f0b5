// The access token in storage expired an hour ago.
import { at, bearer, done, req, storedToken } from './lab.js';

const token = await storedToken('expired');
await req('orders', at('api.test', '/v1/orders'), { headers: bearer(token) });
await done();
