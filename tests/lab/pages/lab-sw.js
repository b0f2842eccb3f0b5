// The service worker of https-sw-attaches-token: takes over the page at once, and sends the
// page's calls to api.test again with the token it holds (from the lab's stored-token route, as
// an auth library's worker keeps it) in `Authorization`.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

let token;
self.addEventListener('fetch', (event) => {
  if (new URL(event.request.url).hostname !== 'api.test') return;
  event.respondWith(
    (async () => {
      token ??= (await (await fetch('/lab/stored-token?kind=expired')).json()).access_token;
      const headers = new Headers(event.request.headers);
      headers.set('Authorization', `Bearer ${token}`);
      return fetch(event.request.url, { method: event.request.method, headers, mode: 'cors', credentials: 'omit' });
    })(),
  );
});
