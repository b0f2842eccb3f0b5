// The authorization request names a redirect_uri that is not registered: the IdP shows an error page.
import { at, done } from './lab.js';

const q = new URLSearchParams({
  client_id: 'spa',
  response_type: 'code',
  redirect_uri: `${location.origin}/callback`,
  scope: 'openid',
  state: 'lab-state',
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  code_challenge_method: 'S256',
});
location.assign(at('idp.test', `/auth?${q}`));
void done;
