// Over https: api.test sets its session cookie with SameSite=None; Secure during a top-level
// visit; the SPA on app.test then calls api.test with credentials: 'include'. The cookie allows
// cross-site use; whether the browser sends it is its third-party cookie policy.
import { at, done, req } from './lab.js';

if (!new URLSearchParams(location.search).has('back')) {
  location.assign(at('api.test', `/session/start-cross-site?return=${encodeURIComponent(location.origin + location.pathname + '?back=1')}`));
} else {
  await req('me', at('api.test', '/session/me-cross-site'), { credentials: 'include' });
  await done();
}
