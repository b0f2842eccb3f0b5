// HTTP Basic the browser answers itself, with a typo in the password given to
// XMLHttpRequest.open(): the browser sends the credentials once, and the server's second 401
// reaches the page.
import { done, xhrWithCredentials } from './lab.js';

await xhrWithCredentials('report', '/basic-area/report', 'alice', 's3cret-24');
await done();
