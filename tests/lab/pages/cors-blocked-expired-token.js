// Two things wrong at once: the preflight answer does not allow Authorization, and the token in
// storage expired an hour ago. The browser never sends the request, so no server judged the token.
import { at, bearer, done, req, storedToken } from './lab.js';

const token = await storedToken('expired');
await req('orders', at('bad-cors.test', '/no-authz/orders'), { headers: bearer(token), credentials: 'include' });
await done();
