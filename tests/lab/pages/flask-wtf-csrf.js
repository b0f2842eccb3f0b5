// A single-page app on Flask, its JSON API protected by Flask-WTF's CSRFProtect, the API on the
// page's own origin: it fetches its CSRF token, then adds a note without the X-CSRFToken header
// (400, "The CSRF token is missing."), with the token mistyped (400, "The CSRF token is
// invalid."), and with the token (201).
import { at, done, req } from './lab.js';

const got = await req('CSRF token', at('app.test', '/flask/csrf'));
const token = got.json?.token || '';
const notes = at('app.test', '/flask/api/notes');
const add = (label, headers) =>
  req(label, notes, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ text: label }) });
await add('add a note, no CSRF header', {});
await add('add a note, token mistyped', { 'x-csrftoken': `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}` });
await add('add a note', { 'x-csrftoken': token });
await done();
