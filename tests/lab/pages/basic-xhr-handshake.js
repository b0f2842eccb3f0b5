// HTTP Basic the browser answers itself: XMLHttpRequest.open() with a user name and password.
// The browser sends the request without credentials, gets the 401 challenge, and sends it again
// with them: a 401 that is part of the protocol, not a failure.
import { done, sleep } from './lab.js';

const xhr = (url) =>
  new Promise((resolve) => {
    const x = new XMLHttpRequest();
    x.open('GET', url, true, 'alice', 's3cret-42');
    x.onloadend = () => resolve(x.status);
    x.send();
  });
await xhr('/basic-area/report');
await sleep(100);
await done();
