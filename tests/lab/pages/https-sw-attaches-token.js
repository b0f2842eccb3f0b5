// Over https: the page's service worker attaches the access token to the API's calls (what an
// auth library's worker, or a PWA's, does); the page's own fetch carries none. The token the
// worker holds expired an hour ago, and the API answers 401. A HAR then holds the call twice:
// as the page made it (no Authorization, answered by the worker) and as the worker sent it.
import { at, done, req } from './lab.js';

await navigator.serviceWorker.register('/lab-sw.js', { scope: '/' });
if (!navigator.serviceWorker.controller) {
  await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
}
await req('orders', at('api.test', '/v1/orders'));
await done();
