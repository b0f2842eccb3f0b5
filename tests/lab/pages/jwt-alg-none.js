// An unsigned token (alg "none"), as hand-made in development.
import { at, bearer, done, req, storedToken } from './lab.js';

const token = await storedToken('none');
await req('orders', at('api.test', '/v1/orders'), { headers: bearer(token) });
await done();
