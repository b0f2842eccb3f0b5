// idp.test: a real OpenID provider (npm oidc-provider) for the lab's OAuth scenarios.
// Authorization code + PKCE for a public SPA client, refresh-token rotation, JWT access tokens
// per resource (RFC 8707 resource indicators), and a confidential client for invalid_client.
// The login and consent steps are answered automatically by /interaction/:uid (user "alice"),
// so a browser goes through the real redirects without a human.
import Provider from 'oidc-provider';

/**
 * @param {object} o
 * @param {string} o.issuer e.g. http://idp.test:PORT
 * @param {object} o.privateJwk RS256 signing key (the resource servers verify with its public half)
 * @param {string[]} o.redirectUris the SPA's registered callbacks
 * @param {string[]} o.origins origins allowed to call the token endpoint (CORS)
 * @param {(resource: string) => boolean} o.knownResource which resource indicators exist
 * @param {object[]} [o.webClients] confidential web apps that sign in with the code flow, the code
 *   redirected or posted back (`form_post`): express-openid-connect's apps (oidc_rp.mjs). Not an
 *   ID token alone: oidc-provider registers implicit-flow callbacks on https only
 */
export function createIdp({ issuer, privateJwk, redirectUris, origins, knownResource, webClients = [] }) {
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'spa',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: redirectUris,
      },
      {
        client_id: 'reports-backend',
        client_secret: 'correct-horse-battery-staple',
        token_endpoint_auth_method: 'client_secret_post',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      },
      ...webClients.map(({ id, secret, redirectUris: uris, authMethod = 'client_secret_basic' }) => ({
        client_id: id,
        client_secret: secret,
        token_endpoint_auth_method: authMethod,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: uris,
      })),
    ],
    jwks: { keys: [privateJwk] },
    scopes: ['openid', 'offline_access', 'read', 'write'],
    claims: { openid: ['sub'], email: ['email'] },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, email: `${sub}@example.test` }) }),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => oneOf,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resource) => {
          if (!knownResource(resource)) throw new Provider.errors.InvalidTarget();
          return { scope: 'read write', audience: resource, accessTokenFormat: 'jwt', accessTokenTTL: 600, jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    // Public clients get a new refresh token on each use; reusing an old one is invalid_grant
    // (and revokes the grant: OAuth 2.0 Security BCP §4.14.2).
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    clientBasedCORS: (_ctx, origin) => origins.includes(origin),
    cookies: { keys: ['lab-cookie-key'] },
    // PKCE for the public clients (the SPA); a confidential web app may go without, as
    // passport-openidconnect 0.1 does (express-openid-connect sends it anyway).
    pkce: { required: (_ctx, client) => client.tokenEndpointAuthMethod === 'none' },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, RefreshToken: 3600, Interaction: 600, Session: 3600, Grant: 3600, ClientCredentials: 600 },
    renderError: async (ctx, out) => {
      // A plain HTML error page (what users see at the authorization endpoint).
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>oops! something went wrong</title><h1>oops! something went wrong</h1><pre>${Object.entries(out)
        .map(([k, v]) => `${k}: ${String(v).replace(/[<>&]/g, '')}`)
        .join('\n')}</pre>`;
    },
  });
  provider.proxy = false;

  /**
   * The interaction route: logs alice in, then grants what the client asked for. For the web
   * clients marked `loginForm`, the login is a page with a form the user submits (here a script
   * submits it at once), as a provider's sign-in page is: the navigation back to the client then
   * starts on the provider's page, not on the client's.
   */
  async function interaction(req, res) {
    const details = await provider.interactionDetails(req, res);
    const { prompt, params, session } = details;
    if (prompt.name === 'login' && formClients.has(params.client_id) && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(
        `<!doctype html><title>Sign in</title><form method="post" action="/interaction/${details.uid}/login">` +
          '<input name="login" value="alice"><input type="password" name="password" value="lab-password">' +
          '<button>Sign in</button></form><script>document.forms[0].submit()</script>',
      );
    }
    if (prompt.name === 'login') {
      return provider.interactionFinished(req, res, { login: { accountId: 'alice' } }, { mergeWithLastSubmission: false });
    }
    const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const d = prompt.details;
    if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
    if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(d.missingResourceScopes || {})) grant.addResourceScope(indicator, scopes.join(' '));
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  const formClients = new Set(webClients.filter((c) => c.loginForm).map((c) => c.id));
  const handler = provider.callback();
  return (req, res) => {
    const m = /^\/interaction\/([^/?]+)/.exec(req.url);
    if (m && (req.method === 'GET' || (req.method === 'POST' && req.url.endsWith('/login')))) {
      interaction(req, res).catch((e) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e && e.message));
      });
      return;
    }
    handler(req, res);
  };
}
