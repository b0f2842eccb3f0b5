// A single-page app on Django (REST framework's SessionAuthentication) signs in and reads its notes
// through a reverse proxy that names the upstream in Host (nginx's proxy_pass without
// `proxy_set_header Host $host`), served under /proxied/django/. Reads pass; adding a note with a
// good session and the current CSRF token is refused: Django compares the browser's Origin with
// the Host it was given (403, "CSRF Failed: Origin checking failed - http://app.test:… does not
// match any trusted origins."). The same POST straight to Django works.
import { at, done, req } from './lab.js';

const csrfCookie = () => (document.cookie.match(/(?:^|; )csrftoken=([^;]*)/) || [])[1] || '';
const json = (headers = {}) => ({ 'content-type': 'application/json', ...headers });

await req('CSRF cookie', at('app.test', '/django/csrf'));
await req('sign in', at('app.test', '/django/login'), {
  method: 'POST',
  headers: json({ 'x-csrftoken': csrfCookie() }),
  body: JSON.stringify({ username: 'dana', password: 'Correct-Horse-7' }),
});
await req('notes, through the proxy', at('app.test', '/proxied/django/api/notes'));
const note = (label, path) =>
  req(label, at('app.test', path), { method: 'POST', headers: json({ 'x-csrftoken': csrfCookie() }), body: JSON.stringify({ text: label }) });
await note('add a note, through the proxy', '/proxied/django/api/notes');
await note('add a note, straight to Django', '/django/api/notes');
await done();
