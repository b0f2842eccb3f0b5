// A page calls a Django REST framework view that takes TokenAuthentication only. After signing in
// (which answers the user's key), it sends the key as most APIs take a token,
// `Authorization: Bearer <key>` (REST framework's TokenAuthentication reads only its keyword,
// `Token`: 401 with `WWW-Authenticate: Token`, "Authentication credentials were not provided."),
// then with the keyword and a mistyped key (401, "Invalid token."), then as the REST framework
// documents it (200).
import { at, done, req } from './lab.js';

const csrfCookie = () => (document.cookie.match(/(?:^|; )csrftoken=([^;]*)/) || [])[1] || '';
await req('CSRF cookie', at('app.test', '/django/csrf'));
const signed = await req('sign in', at('app.test', '/django/login'), {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-csrftoken': csrfCookie() },
  body: JSON.stringify({ username: 'dana', password: 'Correct-Horse-7' }),
});
const key = signed.json?.token || '';
const notes = at('app.test', '/django/api/token-notes');
await req('notes, Bearer', notes, { headers: { authorization: `Bearer ${key}` } });
await req('notes, key mistyped', notes, { headers: { authorization: `Token ${key.slice(0, -1)}0` } });
await req('notes', notes, { headers: { authorization: `Token ${key}` } });
await done();
