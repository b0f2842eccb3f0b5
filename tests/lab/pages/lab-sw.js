// The service worker of https-sw-attaches-token: takes over the page at once, and sends the
// page's calls to api.test again with the token it holds (from the lab's stored-token route, as
// an auth library's worker keeps it) in `Authorization`.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

// Loaded as `/lab-sw.js?cache=1` (https-sw-cached-401): the worker instead answers the API's
// calls from its Cache Storage where it can, storing every answer it gets, 401s included (what a
// cache-first route without a status filter does).
const cacheFirst = new URL(self.location.href).searchParams.has('cache');

let token;
self.addEventListener('fetch', (event) => {
  if (new URL(event.request.url).hostname !== 'api.test') return;
  if (cacheFirst) {
    event.respondWith(
      (async () => {
        const cache = await caches.open('api');
        const hit = await cache.match(event.request);
        if (hit) return hit;
        const answer = await fetch(event.request);
        await cache.put(event.request, answer.clone());
        return answer;
      })(),
    );
    return;
  }
  event.respondWith(
    (async () => {
      token ??= (await (await fetch('/lab/stored-token?kind=expired')).json()).access_token;
      const headers = new Headers(event.request.headers);
      headers.set('Authorization', `Bearer ${token}`);
      return fetch(event.request.url, { method: event.request.method, headers, mode: 'cors', credentials: 'omit' });
    })(),
  );
});
