// The SPA sends the ID token instead of the access token.
import { at, bearer, done, exchange, oidcLogin, req } from './lab.js';

const login = await oidcLogin();
const tokens = await exchange(login);
await req('orders', at('api.test', '/v1/orders'), { headers: bearer(tokens.id_token) });
await done();
