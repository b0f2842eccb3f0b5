// HTTP Digest the browser answers itself (XMLHttpRequest.open() with a user name and password),
// against a server whose nonces last one second. For the second call, two seconds later, Firefox
// sends the old nonce, gets 401 with stale=true, and sends it again with the new nonce without
// asking anyone (Chromium starts without credentials): the protocol working, not a failure.
import { done, sleep, xhrWithCredentials } from './lab.js';

await xhrWithCredentials('report', '/digest-area/report?call=1', 'alice', 's3cret-42');
await sleep(2000);
await xhrWithCredentials('report again', '/digest-area/report?call=2', 'alice', 's3cret-42');
await done();
