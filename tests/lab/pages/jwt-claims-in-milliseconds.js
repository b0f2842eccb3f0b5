// The issuer's code wrote Date.now() (milliseconds) where RFC 7519 wants seconds. With iat, nbf
// and exp in milliseconds, the API (jose) finds nbf far in the future and refuses the token; with
// only exp in milliseconds, the token is accepted and never expires.
import { at, bearer, done, req, storedToken } from './lab.js';

const all = await storedToken('millis');
await req('orders', at('api.test', '/v1/orders?minted=all-in-ms'), { headers: bearer(all) });
const expOnly = await storedToken('millis-exp');
await req('orders', at('api.test', '/v1/orders?minted=exp-in-ms'), { headers: bearer(expOnly) });
await done();
