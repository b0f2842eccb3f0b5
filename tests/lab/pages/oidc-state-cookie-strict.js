// A web app on express-openid-connect (app.test/eoc/strict/, see servers/oidc_rp.mjs): the page
// sends the user to the app's login, which goes to idp.test and back to the app's callback; a
// sign-in that works comes back here (?back=1) and asks for the profile with the new session.
import { at, done, req } from './lab.js';

if (!new URLSearchParams(location.search).has('back')) {
  const returnTo = `${location.pathname}?back=1`;
  location.assign(at('app.test', `/eoc/strict/login?returnTo=${encodeURIComponent(returnTo)}`));
} else {
  await req('profile', '/eoc/strict/profile');
  await done();
}
