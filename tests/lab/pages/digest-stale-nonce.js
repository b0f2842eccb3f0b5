// HTTP Digest the browser answers itself (XMLHttpRequest.open() with a user name and password),
// against a server whose nonces last one second. The second call, two seconds later, reuses the
// old nonce; the server answers 401 with stale=true, and the browser sends it again with the new
// nonce without asking anyone: the protocol working, not a failure.
import { done, sleep } from './lab.js';

const xhr = (url) =>
  new Promise((resolve) => {
    const x = new XMLHttpRequest();
    x.open('GET', url, true, 'alice', 's3cret-42');
    x.onloadend = () => resolve(x.status);
    x.send();
  });
await xhr('/digest-area/report?call=1');
await sleep(2000);
await xhr('/digest-area/report?call=2');
await done();
