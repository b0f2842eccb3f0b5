// A valid token sent with the `JWT` prefix (django-rest-framework-jwt's default) to an API that
// takes only Bearer: RFC 6750's 400 invalid_request with a Bearer challenge.
import { at, done, req, storedToken } from './lab.js';

const token = await storedToken('valid');
await req('orders', at('api.test', '/v1/orders'), { headers: { authorization: `JWT ${token}` } });
await done();
