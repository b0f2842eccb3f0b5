// The server redirects /v2/items to /v2/items/ for every method, preflights included.
import { at, bearer, done, req, storedToken } from './lab.js';

const token = await storedToken();
await req('items', at('bad-cors.test', '/v2/items'), { headers: bearer(token), credentials: 'include' });
await done();
