// A GraphQL API (Apollo Server) refuses a request in its own way: HTTP 200, the refusal in the
// body's `errors` (`extensions.code: "UNAUTHENTICATED"`). The page queries before it has a token,
// signs in with a mutation at the same URL (a password in its variables, a token back), queries
// with that token (data), then with the token it kept in storage, which expired an hour ago.
import { at, bearer, done, req, storedToken } from './lab.js';

const url = at('graphql.test', '/graphql');
const aud = at('graphql.test', '/');
const graphql = (label, headers, operationName, query, variables = {}) =>
  req(label, url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ operationName, query, variables }),
  });
const orders = (label, headers) => graphql(label, headers, 'Orders', 'query Orders { orders { id total } }');

await orders('orders before sign-in', {});
const signedIn = await graphql('sign in', {}, 'SignIn', 'mutation SignIn($email: String!, $password: String!) { signIn(email: $email, password: $password) }', {
  email: 'alice@example.test',
  password: 'Open-Sesame-7',
});
const token = signedIn.json?.data?.signIn;
// Without a token the rest would be another scenario: stop, so that the recording fails.
if (!token) throw new Error(`sign-in gave no token: ${signedIn.body ?? signedIn.error}`);
await orders('orders', bearer(token));
await orders('orders, stored token', bearer(await storedToken('expired', { aud })));
await done();
