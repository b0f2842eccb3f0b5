// A single-page app on a Django back end (Django REST framework's SessionAuthentication), the API
// on the page's own origin: it asks for the notes before signing in (403, "Authentication
// credentials were not provided."), fetches the CSRF cookie, signs in once without the CSRF header
// (Django's CsrfViewMiddleware: 403, its HTML page) and once with it; reads the notes; then adds a
// note without the header (403, "CSRF Failed: CSRF token missing."), with the token it read before
// signing in (Django rotates the token at sign-in: 403, "CSRF Failed: CSRF token from the
// 'X-Csrftoken' HTTP header incorrect."), with the cookie's token under Rails' header name
// X-CSRF-Token (Django reads X-CSRFToken: 403, "CSRF Failed: CSRF token missing."), and with the
// cookie's token in X-CSRFToken (201).
import { at, done, req } from './lab.js';

const csrfCookie = () => (document.cookie.match(/(?:^|; )csrftoken=([^;]*)/) || [])[1] || '';
const json = (headers = {}) => ({ 'content-type': 'application/json', ...headers });
const login = { username: 'dana', password: 'Correct-Horse-7' };

await req('notes before sign-in', at('app.test', '/django/api/notes'));
await req('CSRF cookie', at('app.test', '/django/csrf'));
const before = csrfCookie();
await req('sign in, no CSRF header', at('app.test', '/django/login'), { method: 'POST', headers: json(), body: JSON.stringify(login) });
await req('sign in', at('app.test', '/django/login'), { method: 'POST', headers: json({ 'x-csrftoken': before }), body: JSON.stringify(login) });
await req('notes', at('app.test', '/django/api/notes'));
await req('add a note, no CSRF header', at('app.test', '/django/api/notes'), { method: 'POST', headers: json(), body: JSON.stringify({ text: 'one' }) });
await req('add a note, token from before sign-in', at('app.test', '/django/api/notes'), {
  method: 'POST',
  headers: json({ 'x-csrftoken': before }),
  body: JSON.stringify({ text: 'two' }),
});
await req('add a note, token under another header name', at('app.test', '/django/api/notes'), {
  method: 'POST',
  headers: json({ 'x-csrf-token': csrfCookie() }),
  body: JSON.stringify({ text: 'three' }),
});
await req('add a note', at('app.test', '/django/api/notes'), { method: 'POST', headers: json({ 'x-csrftoken': csrfCookie() }), body: JSON.stringify({ text: 'three' }) });
await done();
