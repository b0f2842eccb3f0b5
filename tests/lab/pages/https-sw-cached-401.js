// Over https: the page's service worker answers the API's calls from its Cache Storage where it
// can, and stores every answer, 401s included. The page calls before it has a token (401, now
// stored), then with a valid token: the worker answers from its cache, and the server never sees
// the token.
import { at, bearer, done, req, storedToken } from './lab.js';

await navigator.serviceWorker.register('/lab-sw.js?cache=1', { scope: '/' });
if (!navigator.serviceWorker.controller) {
  await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
}
await req('before sign-in', at('api.test', '/v1/orders'));
const token = await storedToken('valid');
await req('orders', at('api.test', '/v1/orders'), { headers: bearer(token) });
await done();
