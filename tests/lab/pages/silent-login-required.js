// A silent sign-in (prompt=none) while the user has no session at the IdP: oidc-provider
// redirects back with error=login_required instead of a code.
import { at, done, redirectUri } from './lab.js';

const p = new URLSearchParams(location.search);
if (p.has('error') || p.has('code')) {
  await done();
} else {
  const q = new URLSearchParams({
    client_id: 'spa',
    response_type: 'code',
    redirect_uri: redirectUri(),
    scope: 'openid',
    state: 'lab-state',
    prompt: 'none',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  });
  location.assign(at('idp.test', `/auth?${q}`));
}
