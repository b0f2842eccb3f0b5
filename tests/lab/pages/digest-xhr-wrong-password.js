// HTTP Digest the browser answers itself, with a typo in the password given to
// XMLHttpRequest.open(): the browser answers the challenge once, and the server's second 401
// reaches the page.
import { done, xhrWithCredentials } from './lab.js';

await xhrWithCredentials('report', '/digest-area/report', 'alice', 's3cret-24');
await done();
