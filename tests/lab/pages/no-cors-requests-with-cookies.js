// Healthy: a page loads things from api.app.test that carry the site-wide cookie and are not
// subject to CORS, so their answers have no Access-Control-* header and nothing is blocked: an
// image, a classic script, a beacon, a no-cors fetch, and a WebSocket.
import { at, done, req, sleep } from './lab.js';

await req('login', '/shared-session/login', { method: 'POST' });

const load = (el, attr, url) =>
  new Promise((resolve) => {
    el.onload = () => resolve('loaded');
    el.onerror = () => resolve('error');
    el[attr] = url;
    if (el.tagName === 'SCRIPT') document.head.append(el);
  });
await load(new Image(), 'src', at('api.app.test', '/px.gif'));
await load(document.createElement('script'), 'src', at('api.app.test', '/widget.js'));
navigator.sendBeacon(at('api.app.test', '/collect'), 'event=view');
await req('no-cors ping', at('api.app.test', '/ping'), { mode: 'no-cors', credentials: 'include' });
await new Promise((resolve) => {
  const ws = new WebSocket(at('api.app.test', '/ws').replace(/^http/, 'ws'));
  ws.onmessage = () => ws.close();
  ws.onclose = resolve;
  ws.onerror = resolve;
  setTimeout(resolve, 3000);
});
await sleep(300);
await done();
