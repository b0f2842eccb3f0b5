// Signed in with scope "read" only; creating an order needs "write" (RFC 6750 insufficient_scope).
import { at, bearer, done, exchange, oidcLogin, req } from './lab.js';

const login = await oidcLogin({ scope: 'openid offline_access read' });
const tokens = await exchange(login);
await req('list orders', at('api.test', '/v1/orders'), { headers: bearer(tokens.access_token) });
await req('create order', at('api.test', '/v1/orders'), {
  method: 'POST',
  headers: { ...bearer(tokens.access_token), 'content-type': 'application/json' },
  body: '{"item":1}',
});
await done();
