// HTTP Basic the browser answers itself: XMLHttpRequest.open() with a user name and password.
// The browser sends the request without credentials, gets the 401 challenge, and sends it again
// with them: a 401 that is part of the protocol, not a failure.
import { done, xhrWithCredentials } from './lab.js';

await xhrWithCredentials('report', '/basic-area/report', 'alice', 's3cret-42');
await done();
