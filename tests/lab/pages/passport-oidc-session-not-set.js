// A web app on Passport with passport-openidconnect (app.test/poidc/, see servers/oidc_rp.mjs):
// the page sends the user to the app's login, which goes to idp.test and back to the app's
// callback; a sign-in that works would end on the app's profile.
import { at } from './lab.js';

location.assign(at('app.test', '/poidc/login'));
