// HTTP Basic the browser answers itself, with a typo in the password given to
// XMLHttpRequest.open(): the browser sends the credentials once, and the server's second 401
// reaches the page.
import { done } from './lab.js';

await new Promise((resolve) => {
  const x = new XMLHttpRequest();
  x.open('GET', '/basic-area/report', true, 'alice', 's3cret-24');
  x.onloadend = () => resolve(x.status);
  x.send();
});
await done();
