// Healthy control: sign in at the IdP, call the API with the access token, use a cookie session.
import { at, bearer, done, exchange, oidcLogin, req } from './lab.js';

const login = await oidcLogin();
const tokens = await exchange(login);
await req('orders', at('api.test', '/v1/orders'), { headers: bearer(tokens.access_token) });
await req('session login', '/session/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"alice"}' });
await req('me', '/api/me');
await done();
