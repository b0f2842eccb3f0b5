// The issuer's clock runs five minutes fast: its token's nbf (= iat, as Entra ID writes it) is
// after the request, and the API (jose, no clock tolerance) answers that the nbf check failed.
import { at, bearer, done, req, storedToken } from './lab.js';

const token = await storedToken('ahead');
await req('orders', at('api.test', '/v1/orders'), { headers: bearer(token) });
await done();
