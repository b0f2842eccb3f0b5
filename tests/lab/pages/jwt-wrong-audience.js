// Signed in for billing.test's API (resource indicator), then calls api.test with that token.
import { at, bearer, done, exchange, oidcLogin, req } from './lab.js';

const login = await oidcLogin({ resource: at('billing.test', '/') });
const tokens = await exchange(login);
await req('orders', at('api.test', '/v1/orders'), { headers: bearer(tokens.access_token) });
await done();
