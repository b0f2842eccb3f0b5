// An API gateway passes on the 407 of its own egress proxy: the browser talks to no proxy, yet
// the answer says "Proxy Authentication Required".
import { at, bearer, done, req, storedToken } from './lab.js';

const token = await storedToken('valid');
await req('orders', at('proxy.test', '/egress/v1/orders'), { headers: bearer(token) });
await done();
