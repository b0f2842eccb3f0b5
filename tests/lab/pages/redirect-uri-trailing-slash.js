// The app signs in once with its registered redirect_uri and exchanges the code; a second
// sign-in (another button, another build of the app) sends the same URL with a trailing slash:
// oidc-provider refuses it with its error page (400), comparing redirect URIs exactly.
import { at, done, exchange, oidcLogin, redirectUri } from './lab.js';

const login = await oidcLogin();
await exchange(login);
const q = new URLSearchParams({
  client_id: 'spa',
  response_type: 'code',
  redirect_uri: `${redirectUri()}/`,
  scope: 'openid',
  state: 'lab-state-2',
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  code_challenge_method: 'S256',
});
location.assign(at('idp.test', `/auth?${q}`));
void done;
