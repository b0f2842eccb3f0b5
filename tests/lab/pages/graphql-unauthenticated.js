// A GraphQL API (Apollo Server) refuses a request in its own way: HTTP 200, the refusal in the
// body's `errors` (`extensions.code: "UNAUTHENTICATED"`). The page queries before it has a token,
// then with a fresh one (data), then with the token it kept in storage, which expired an hour ago.
import { at, bearer, done, req, storedToken } from './lab.js';

const url = at('graphql.test', '/graphql');
const aud = at('graphql.test', '/');
const orders = (label, headers) =>
  req(label, url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ operationName: 'Orders', query: 'query Orders { orders { id total } }', variables: {} }),
  });

await orders('orders before sign-in', {});
await orders('orders', bearer(await storedToken('valid', { aud })));
await orders('orders, stored token', bearer(await storedToken('expired', { aud })));
await done();
