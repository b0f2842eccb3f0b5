// app.test's /eoc/: web apps that sign their users in at idp.test with Auth0's
// express-openid-connect 3.4 (over openid-client 6), set up as its README shows, and nothing of
// the lab's own in between. Each app's `/login` stores the login's state, nonce (and PKCE
// verifier) in a transaction cookie, `auth_verification`, and redirects to the provider; its
// `/callback` reads that cookie back. Without it, the SDK throws, and with no error handler of
// the app's, Express's development page answers (its status and the error's stack in a <pre>).
//   /eoc/strict/    the app's session cookie hardened to `SameSite=Strict`, with the code flow
//                   (the provider redirects back with a GET): the transaction cookie is Strict
//                   too, and the redirect back from idp.test is cross-site;
//   /eoc/strict-form/ the same, signing in at a provider that asks for the password on a page
//                   of its own (a form the user submits): the navigation back starts there;
//   /eoc/no-legacy/ the SDK's default response mode, `form_post` (the provider's page POSTs the
//                   code back), with `legacySameSiteCookie: false`: the transaction cookie is
//                   only `SameSite=None; Secure`, set over http;
//   /eoc/default/   `form_post` with the SDK's other defaults, over http: beside that cookie, the
//                   fallback `_auth_verification` without SameSite.
//   /poidc/         the same provider from Passport with passport-openidconnect (see passportApp).
// After a sign-in, each app redirects to `returnTo` (the scenario's page) and answers
// `/eoc/<app>/profile` with the signed-in user, or 401 without a session.
import http from 'node:http';
import express from 'express';
import session from 'express-session';
import { auth } from 'express-openid-connect';
import { Passport } from 'passport';
import OpenIDConnectStrategy from 'passport-openidconnect';

export const RP_CLIENT = { id: 'webapp', secret: 'lab-webapp-secret-2b8e41c7d9' };
/** A Passport app's client: passport-openidconnect sends its secret in the body. */
export const RP_PASSPORT_CLIENT = { id: 'passport-web', secret: 'lab-passport-secret-91c3e7', authMethod: 'client_secret_post' };
/** The same app, for a provider that asks for the password on a page of its own (idp.mjs). */
export const RP_FORM_CLIENT = { id: 'webapp-form', secret: 'lab-webapp-form-secret-6f0a2d', loginForm: true };
export const RP_APPS = ['strict', 'strict-form', 'no-legacy', 'default'];

/**
 * `fetch` for the SDK's calls to the provider: Node resolves no lab hostname, so a request to
 * idp.test goes to this server's address with the provider's Host.
 * @param {number} port the lab server's port
 */
function loopbackFetch(port) {
  return (url, options = {}) =>
    new Promise((resolve, reject) => {
      const u = new URL(url);
      const headers = Object.fromEntries(new Headers(options.headers));
      headers.host = u.host;
      const req = http.request(
        { host: '127.0.0.1', port: u.port || port, path: u.pathname + u.search, method: options.method || 'GET', headers },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const h = new Headers();
            for (const [k, v] of Object.entries(res.headers)) for (const one of [v].flat()) h.append(k, one);
            const body = [204, 304].includes(res.statusCode) ? null : Buffer.concat(chunks);
            resolve(new Response(body, { status: res.statusCode, headers: h }));
          });
        },
      );
      req.on('error', reject);
      if (options.signal) options.signal.addEventListener('abort', () => req.destroy(new Error('aborted')));
      if (options.body != null) req.write(typeof options.body === 'string' ? options.body : Buffer.from(options.body.toString()));
      req.end();
    });
}

/** The web clients the provider must know for these apps, with their redirect URIs. */
export function rpClients(origin) {
  const uris = (apps) => apps.map((name) => `${origin}/eoc/${name}/callback`);
  return [
    { ...RP_CLIENT, redirectUris: uris(RP_APPS.filter((a) => a !== 'strict-form')) },
    { ...RP_FORM_CLIENT, redirectUris: uris(['strict-form']) },
    { ...RP_PASSPORT_CLIENT, redirectUris: [`${origin}/poidc/callback`] },
  ];
}

/** @param {object} w the lab world (see apps.mjs) */
export function createOidcRp(w) {
  const app = express();
  app.disable('x-powered-by');
  const common = {
    issuerBaseURL: w.issuer,
    clientID: RP_CLIENT.id,
    secret: 'lab-eoc-session-secret-5d1c0a93e7f24b68',
    authRequired: false,
    customFetch: loopbackFetch(w.port),
    // The scenario page passes the page to come back to (`/eoc/<app>/login?returnTo=...`).
    routes: { login: false },
  };
  // The code flow (the provider registers implicit-flow callbacks on https only), as the README's
  // example for an app that calls an API has it: the code is redirected back (GET) or, in the
  // SDK's default response mode, posted back by the provider's page (`form_post`).
  const codeFlow = (mode) => ({ clientSecret: RP_CLIENT.secret, authorizationParams: { response_type: 'code', response_mode: mode, scope: 'openid' } });
  const configs = {
    strict: { ...codeFlow('query'), session: { cookie: { sameSite: 'Strict' } } },
    'strict-form': {
      ...codeFlow('query'),
      clientID: RP_FORM_CLIENT.id,
      clientSecret: RP_FORM_CLIENT.secret,
      session: { cookie: { sameSite: 'Strict' } },
    },
    'no-legacy': { ...codeFlow('form_post'), legacySameSiteCookie: false },
    default: codeFlow('form_post'),
  };
  for (const name of RP_APPS) {
    const base = `/eoc/${name}`;
    const sub = express.Router();
    sub.use(auth({ ...common, ...configs[name], baseURL: `${w.origin}${base}/` }));
    sub.get('/login', (req, res) => res.oidc.login({ returnTo: String(req.query.returnTo || `${base}/profile`) }));
    sub.get('/profile', (req, res) => {
      if (!req.oidc.isAuthenticated()) return res.status(401).json({ error: 'not signed in' });
      res.json({ user: req.oidc.user?.sub ?? null });
    });
    app.use(base, sub);
  }
  app.use('/poidc', passportApp(w));
  return app;
}

/**
 * `/poidc/`: Passport 0.7 with passport-openidconnect 0.1, which keeps the sign-in's state in the
 * session (express-session 1.19), set up with the cookie its README recommends for production,
 * `secure: true`, and served over http, as in development or behind a proxy the app was not told
 * of (`trust proxy`): express-session then sets no cookie at all. The callback finds no session,
 * and Passport answers 403 "Forbidden", its words ("Unable to verify authorization request
 * state.") kept for a failure message the app does not show. The token endpoint is never reached.
 */
function passportApp(w) {
  const app = express.Router();
  const passport = new Passport();
  passport.use(
    new OpenIDConnectStrategy(
      {
        issuer: w.issuer,
        authorizationURL: `${w.issuer}/auth`,
        tokenURL: `${w.issuer}/token`,
        userInfoURL: `${w.issuer}/me`,
        clientID: RP_PASSPORT_CLIENT.id,
        clientSecret: RP_PASSPORT_CLIENT.secret,
        callbackURL: `${w.origin}/poidc/callback`,
        scope: ['openid'],
      },
      (issuer, profile, done) => done(null, { id: profile.id }),
    ),
  );
  passport.serializeUser((user, done) => done(null, user));
  passport.deserializeUser((user, done) => done(null, user));
  app.use(session({ secret: 'lab-poidc-session-secret-3a9f', resave: false, saveUninitialized: false, cookie: { secure: true } }));
  app.use(passport.authenticate('session'));
  app.get('/login', passport.authenticate('openidconnect'));
  app.get('/callback', passport.authenticate('openidconnect', { failureMessage: true }), (req, res) => res.redirect('/poidc/profile'));
  app.get('/profile', (req, res) => (req.user ? res.json({ user: req.user.id }) : res.status(401).json({ error: 'not signed in' })));
  return app;
}
