// A session cookie the server does not know (left from another deployment, whose store is gone):
// express-session finds no session for it and the API answers 401
// {"error": "unauthenticated", "message": "Not signed in"}.
// Nothing in the capture says why the cookie was refused.
import { at, done, req } from './lab.js';

document.cookie = 'sid=s%3AoldDeploymentSession.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdef; path=/';
await req('me', at('app.test', '/api/me'));
await done();
