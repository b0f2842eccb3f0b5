// A valid access token in three malformed Authorization headers, as client code gets them wrong:
// the scheme twice (an interceptor adds "Bearer " to a value that has it), no scheme at all, and
// the token in quotes (JSON.stringify of a string). The API (RFC 6750 middleware, then jose)
// answers 400 invalid_request ("Format is Authorization: Bearer [token]") to the first two and
// 401 invalid_token ("JWS Protected Header is invalid") to the third.
import { at, done, req, storedToken } from './lab.js';

const token = await storedToken();
await req('double', at('api.test', '/v1/orders?form=double-scheme'), { headers: { authorization: `Bearer Bearer ${token}` } });
await req('bare', at('api.test', '/v1/orders?form=no-scheme'), { headers: { authorization: token } });
await req('quoted', at('api.test', '/v1/orders?form=quoted'), { headers: { authorization: `Bearer ${JSON.stringify(token)}` } });
await done();
