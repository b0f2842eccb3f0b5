// The API's session cookie (SameSite=Lax) is set in a top-level visit to api.test; the SPA on
// app.test then calls the API cross-site with credentials: a Lax cookie is not sent.
import { at, done, req } from './lab.js';

if (!new URLSearchParams(location.search).has('back')) {
  location.assign(at('api.test', `/session/start?return=${encodeURIComponent(location.origin + location.pathname + '?back=1')}`));
} else {
  await req('me', at('api.test', '/session/me'), { credentials: 'include' });
  await done();
}
