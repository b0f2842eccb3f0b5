// Over https: app.test's page frames a widget of api.test's own, which calls its API with
// credentials: 'include'. The page holds a Storage Access permission for api.test (the producer
// grants it, as a user's earlier "allow" would), but nothing turns it on: the browser sends
// `Sec-Fetch-Storage-Access: inactive` and leaves api.test's cookie, stored during a top-level
// visit, at home. The scenarios that import this page change one thing, by their name:
// `-retry`: the API asks the browser to turn the permission on (`Activate-Storage-Access: retry`);
// `-no-cookie`: no top-level visit (no cookie), and the widget turns the permission on itself;
// `-unused`: no top-level visit either, and nothing turns the permission on.
import { at, done } from './lab.js';

const retry = location.pathname.endsWith('-retry');
const noCookie = location.pathname.endsWith('-no-cookie');
const unused = location.pathname.endsWith('-unused');
if (!noCookie && !unused && !new URLSearchParams(location.search).has('back')) {
  location.assign(at('api.test', `/session/start-cross-site?return=${encodeURIComponent(location.origin + location.pathname + '?back=1')}`));
} else {
  const answered = new Promise((resolve) => addEventListener('message', (e) => resolve(e.data), { once: true }));
  const frame = document.createElement('iframe');
  frame.src = at('api.test', `/session/widget${retry ? '?retry=1' : noCookie ? '?activate=1' : ''}`);
  document.body.append(frame);
  const { widget } = await answered;
  document.getElementById('log').textContent += `widget: ${widget}\n`;
  await done();
}
