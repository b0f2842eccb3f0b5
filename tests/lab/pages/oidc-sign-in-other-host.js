// A web app on express-openid-connect (app.test/eoc/default/, see servers/oidc_rp.mjs), opened
// under a second name, www.app.test: the sign-in starts there and the provider sends the browser
// back to app.test, the name the app's redirect URI uses. A sign-in that works would come back
// here (?back=1) and ask for the profile.
import { at, done, req } from './lab.js';

if (!new URLSearchParams(location.search).has('back')) {
  const returnTo = `${location.pathname}?back=1`;
  location.assign(at('www.app.test', `/eoc/default/login?returnTo=${encodeURIComponent(returnTo)}`));
} else {
  await req('profile', '/eoc/default/profile');
  await done();
}
