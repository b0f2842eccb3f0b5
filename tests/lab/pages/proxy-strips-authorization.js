// nginx in front of the API sets `proxy_set_header Authorization ""`: the token never arrives.
import { at, bearer, done, req, storedToken } from './lab.js';

const token = await storedToken();
await req('orders', at('proxy.test', '/strip/v1/orders'), { headers: bearer(token) });
await done();
