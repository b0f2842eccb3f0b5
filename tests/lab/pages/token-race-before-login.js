// The SPA's first API call starts before its token is loaded (no Authorization); an unrelated
// cookie (theme) is sent with it. The same call with the token right after works.
import { bearer, done, req, storedToken } from './lab.js';

document.cookie = 'theme=dark; path=/';
const tokenPromise = storedToken('valid', { aud: `${location.origin}/` });
await req('orders (before the token)', '/api/v2/orders');
const token = await tokenPromise;
await req('orders', '/api/v2/orders?retry=1', { headers: bearer(token) });
await done();
