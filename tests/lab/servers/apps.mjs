// The lab's express applications, one per hostname (all on one loopback port; the Host header
// picks the app). They behave like common real deployments, including their usual mistakes:
//   app.test       the SPA's origin: scenario pages, a cookie-session API (express-session),
//                  an API that redirects unauthenticated fetches to an HTML login page
//   api.test       resource server: JWTs verified with jose (issuer idp.test), RFC 6750
//                  challenges, CORS done right (npm cors, credentials, Authorization allowed)
//   api2.test      the same API's new host (api.test/v1/legacy/* redirects there)
//   api.app.test   a same-site subdomain API that expects app.test's session cookie; paths
//                  with CORS that allows only GET and POST, CORS without credentials, and
//                  resources loaded without CORS (image, script, beacon, WebSocket)
//   bad-cors.test  CORS done wrong: auth before CORS, `*` with credentials, Authorization not
//                  allowed, a preflight redirected to add a trailing slash
//   gh.test        a GitHub-style OAuth token endpoint: errors come back with HTTP 200
//   internal.test  the upstream behind nginx's auth_basic (no CORS, no auth of its own)
import express from 'express';
import session from 'express-session';
import cors from 'cors';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { jwtVerify } from 'jose';
import { mintAccessToken } from './tokens.mjs';

const PAGES = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'pages');

/** RFC 6750 resource-server middleware (what express-jwt / passport-http-bearer do). */
function requireBearer({ jwks, issuer, audience, scope, now }) {
  const deny = (res, status, params, body) => {
    res.set('WWW-Authenticate', `Bearer realm="api"${params}`);
    res.status(status).json(body);
  };
  return async (req, res, next) => {
    const h = req.get('authorization');
    if (!h) return deny(res, 401, '', { error: 'unauthorized', message: 'No authorization token was found' });
    const m = /^Bearer ([^\s]+)$/.exec(h);
    if (!m) return deny(res, 400, ', error="invalid_request"', { error: 'invalid_request', message: 'Format is Authorization: Bearer [token]' });
    let payload;
    try {
      ({ payload } = await jwtVerify(m[1], jwks, { issuer, audience, algorithms: ['RS256'], currentDate: now?.() }));
    } catch (e) {
      const why = String(e.message).replace(/["\\]/g, "'");
      return deny(res, 401, `, error="invalid_token", error_description="${why}"`, { error: 'invalid_token', message: why });
    }
    if (scope && !String(payload.scope || '').split(' ').includes(scope)) {
      return deny(res, 403, `, error="insufficient_scope", scope="${scope}"`, { error: 'insufficient_scope', message: `requires scope ${scope}` });
    }
    req.auth = payload;
    next();
  };
}

const noStore = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/**
 * @param {object} w the lab world: { port, nginxPort, tlsPort, issuer, keys, origin (app.test's
 *   http origin), origins (app.test over http and over https, through nginx), idpHandler }
 * @returns {Record<string, import('express').Express>} hostname -> app
 */
/** The page's data attributes for cognito-idp.test (`cognito.mjs`), when it runs. */
const cognitoData = (w) => (w.cognito ? ` data-cognito-client="${w.cognito.clientId}"` : '');

export function createApps(w) {
  const api = (host) => `http://${host}:${w.port}/`;
  const verify = (audience, scope) => requireBearer({ jwks: w.keys.jwks, issuer: w.issuer, audience, scope });
  const rightCors = cors({ origin: w.origins, credentials: true, allowedHeaders: ['authorization', 'content-type'], exposedHeaders: ['www-authenticate'] });
  const orders = (req, res) => res.json({ orders: [{ id: 1, total: 42 }], for: req.auth?.sub ?? null });

  // --- app.test -------------------------------------------------------------------------
  const app = express();
  app.disable('x-powered-by');
  app.use(noStore);
  app.get('/s/:id', (req, res) => {
    const id = req.params.id.replace(/[^a-z0-9-]/g, '');
    res.type('html').send(
      `<!doctype html><html data-port="${w.port}" data-nginx="${w.nginxPort}" data-tls="${w.tlsPort}"${cognitoData(w)}><meta charset="utf-8">` +
        `<link rel="icon" href="data:,"><title>lab: ${id}</title><h1>${id}</h1><pre id="log"></pre>` +
        `<script type="module" src="/pages/${id}.js"></script></html>`,
    );
  });
  app.get('/pages/:file', (req, res) => {
    const file = path.join(PAGES, path.basename(req.params.file));
    if (!fs.existsSync(file)) return res.status(404).end();
    res.type('text/javascript').send(fs.readFileSync(file));
  });
  // A service worker for the whole site (https-sw-attaches-token): served from the root, so its
  // scope may be `/`.
  app.get('/lab-sw.js', (req, res) => res.type('text/javascript').send(fs.readFileSync(path.join(PAGES, 'lab-sw.js'))));
  // A token the SPA "had in storage" (see tokens.mjs): the lab's stand-in for yesterday's login.
  app.get('/lab/stored-token', async (req, res) => {
    const kind = String(req.query.kind || 'valid');
    const audience = String(req.query.aud || api('api.test'));
    res.json({ access_token: await mintAccessToken(w.keys, { issuer: w.issuer, audience, kind, scope: String(req.query.scope || 'read write') }) });
  });
  // Cookie sessions (express-session, MemoryStore, cookie "sid": HttpOnly, host-only, no SameSite).
  const IDLE_MS = 1500;
  app.use(
    session({ name: 'sid', secret: 'lab-session-secret', resave: false, saveUninitialized: false, cookie: { httpOnly: true, sameSite: 'lax' } }),
  );
  app.use(express.json());
  app.post('/session/login', (req, res) => {
    req.session.user = 'alice';
    req.session.seen = Date.now();
    res.json({ ok: true });
  });
  // A server-side idle timeout (the cookie stays; the session behind it is destroyed).
  const needSession = (req, res, next) => {
    const s = req.session;
    if (s?.user && Date.now() - s.seen > IDLE_MS) {
      return s.destroy(() => res.status(401).json({ error: 'session_expired', message: 'Your session has expired. Please sign in again.' }));
    }
    if (!s?.user) return res.status(401).json({ error: 'unauthenticated', message: 'Not signed in' });
    s.seen = Date.now();
    next();
  };
  app.get('/api/me', needSession, (req, res) => res.json({ user: req.session.user }));
  // A login-status probe: the SPA asks on boot whether a session exists; 401 means "show the
  // sign-in form" (a designed answer, not a failure).
  app.get('/api/session', (req, res) => {
    if (!req.session?.user) return res.status(401).json({ authenticated: false });
    res.json({ authenticated: true, user: req.session.user });
  });
  // An SSO probe: Kerberos/SPNEGO first (401 Negotiate); browsers without a ticket fall back to
  // the sign-in form, as designed.
  app.get('/sso/negotiate', (req, res) => {
    res.set('WWW-Authenticate', 'Negotiate');
    res.status(401).type('html').send('<!doctype html><title>SSO</title><p>Single sign-on is not available; use the form.</p>');
  });
  // The same API on the SPA's own origin (a BFF path), Bearer tokens with aud app.test.
  app.get('/api/v2/orders', verify(w.origins.map((o) => `${o}/`)), orders);
  // Login redirect: unauthenticated API calls get the sign-in page (Spring Security / passport style).
  app.get('/api/account', (req, res) => {
    if (req.session?.user) return res.json({ user: req.session.user });
    res.redirect(302, `/login?next=${encodeURIComponent(req.originalUrl)}`);
  });
  // An HTML fragment with a password field that a signed-in SPA loads on purpose (not a login page).
  app.get('/fragments/change-password.html', needSession, (req, res) =>
    res.type('html').send('<form class="change-password"><input type="password" name="current"><input type="password" name="new"><button>Change</button></form>'),
  );
  // A server-rendered sign-in form (what Rails, Django or Spring's form login do): a wrong
  // password answers 401 with the form again and a message. The page tells the lab it is over.
  app.post('/account/login', express.urlencoded({ extended: false }), (req, res) => {
    const ok = req.body.username === 'alice' && req.body.password === 's3cret-42';
    if (ok) return res.redirect(303, '/s/control');
    res
      .status(401)
      .type('html')
      .send(
        `<!doctype html><title>Sign in</title><p class="error">Invalid username or password.</p>` +
          `<form method="post" action="/account/login"><input name="username"><input type="password" name="password"><button>Sign in</button></form>` +
          `<script>setTimeout(() => (window.__labDone = true), 150)</script>`,
      );
  });
  // HTTP authentication the browser answers itself (XMLHttpRequest.open with a user name and
  // password): Basic, and Digest (RFC 7616, MD5, qop=auth) whose nonces last one second; a
  // request with the right password and an old nonce gets stale=true, as Apache's
  // AuthDigestNonceLifetime does.
  const AREA_USER = 'alice';
  const AREA_PASSWORD = 's3cret-42';
  app.get('/basic-area/report', (req, res) => {
    const m = /^Basic (\S+)$/.exec(req.get('authorization') || '');
    const [user, password] = m ? Buffer.from(m[1], 'base64').toString().split(':') : [];
    if (user !== AREA_USER || password !== AREA_PASSWORD) {
      res.set('WWW-Authenticate', 'Basic realm="reports", charset="UTF-8"');
      return res.status(401).type('text').send('Unauthorized');
    }
    res.json({ report: 'q3' });
  });
  const nonces = new Map();
  const md5 = (text) => crypto.createHash('md5').update(text).digest('hex');
  const digestChallenge = (res, stale) => {
    const nonce = crypto.randomBytes(16).toString('hex');
    nonces.set(nonce, Date.now() + 1000);
    res.set('WWW-Authenticate', `Digest realm="reports", qop="auth", algorithm=MD5, nonce="${nonce}", opaque="lab"${stale ? ', stale=true' : ''}`);
    res.status(401).type('text').send('Unauthorized');
  };
  app.get('/digest-area/report', (req, res) => {
    const h = req.get('authorization') || '';
    if (!/^Digest /i.test(h)) return digestChallenge(res, false);
    const p = Object.fromEntries([...h.slice(7).matchAll(/(\w+)=(?:"([^"]*)"|([^\s,]+))/g)].map((m) => [m[1], m[2] ?? m[3]]));
    const ha1 = md5(`${p.username}:reports:${AREA_PASSWORD}`);
    const ha2 = md5(`${req.method}:${p.uri}`);
    if (p.username !== AREA_USER || p.response !== md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`)) return digestChallenge(res, false);
    if (!(nonces.get(p.nonce) > Date.now())) return digestChallenge(res, true);
    res.json({ report: 'q3' });
  });
  app.get('/login', (req, res) =>
    res
      .type('html')
      .send(`<!doctype html><title>Sign in</title><form method="post" action="/login"><input name="username"><input type="password" name="password"><button>Sign in</button></form>`),
  );
  // A cookie set the way some frameworks do behind TLS-terminating proxies: Secure even over http.
  app.post('/secure-session/login', (req, res) => {
    res.cookie('app_session', 'c2Vzc2lvbi1hbGljZS0xMjM0NQ', { httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
    res.json({ ok: true });
  });
  // A session cookie for the whole site (Domain=app.test), so that api.app.test gets it too.
  app.post('/shared-session/login', (req, res) => {
    res.cookie('shared_sid', `s-${crypto.randomBytes(8).toString('hex')}`, { httpOnly: true, sameSite: 'lax', domain: 'app.test', path: '/' });
    res.json({ ok: true });
  });
  app.get('/secure-session/me', (req, res) => {
    if (!/(^|;\s*)app_session=/.test(req.get('cookie') || '')) return res.status(401).json({ error: 'unauthenticated', message: 'No session cookie' });
    res.json({ user: 'alice' });
  });

  // --- api.test -------------------------------------------------------------------------
  const apiApp = express();
  apiApp.disable('x-powered-by');
  apiApp.use(noStore);
  // An API-key endpoint (x-api-key, as API gateways and many SaaS APIs do); its own CORS policy,
  // mounted before the API's general one.
  const keyCors = cors({ origin: w.origins, allowedHeaders: ['x-api-key', 'content-type'] });
  apiApp.options('/v1/reports', keyCors);
  apiApp.get('/v1/reports', keyCors, (req, res) => {
    if (req.get('x-api-key') !== 'lab_live_6f1c2b9e8d7a4c3b2a1f0e9d8c7b6a5f') return res.status(401).json({ message: 'Invalid API key' });
    res.json({ reports: ['q3'] });
  });
  apiApp.use(rightCors);
  apiApp.use(express.json());
  apiApp.get('/v1/orders', verify(api('api.test')), orders);
  // A server whose clock runs ten minutes ahead of the browser's (its Date header and its token
  // checks agree with each other): a token with five minutes to go by the browser's clock has
  // expired by the server's.
  const SKEW_MS = 10 * 60 * 1000;
  apiApp.get(
    '/skewed/v1/orders',
    (req, res, next) => {
      res.set('Date', new Date(Date.now() + SKEW_MS).toUTCString());
      next();
    },
    requireBearer({ jwks: w.keys.jwks, issuer: w.issuer, audience: api('api.test'), now: () => new Date(Date.now() + SKEW_MS) }),
    orders,
  );
  apiApp.post('/v1/orders', verify(api('api.test'), 'write'), (req, res) => res.status(201).json({ id: 2 }));
  // The API moved: old paths redirect to the new host (browsers drop Authorization on that hop).
  apiApp.get('/v1/legacy/orders', (req, res) => res.redirect(302, `http://api2.test:${w.port}/v1/orders`));
  // Cookie sessions on the API host itself, set from a top-level navigation (SameSite=Lax) or
  // from a cross-site fetch (SameSite=None without Secure).
  const apiSessions = new Set();
  apiApp.get('/session/start', (req, res) => {
    const sid = `s${apiSessions.size + 1}-lax`;
    apiSessions.add(sid);
    res.cookie('api_sid', sid, { httpOnly: true, sameSite: 'lax', path: '/' });
    res.redirect(302, String(req.query.return || '/'));
  });
  apiApp.post('/session/none', (req, res) => {
    const sid = `s${apiSessions.size + 1}-none`;
    apiSessions.add(sid);
    res.cookie('api_sid', sid, { httpOnly: true, sameSite: 'none', path: '/' });
    res.json({ ok: true });
  });
  // A cross-site session cookie done by the book (SameSite=None; Secure), set in a top-level
  // visit over https: whether a cross-site fetch from app.test then carries it is the browser's
  // third-party cookie policy (Firefox's Total Cookie Protection partitions it away).
  apiApp.get('/session/start-cross-site', (req, res) => {
    const sid = `s${apiSessions.size + 1}-none-secure`;
    apiSessions.add(sid);
    res.cookie('api_xs', sid, { httpOnly: true, sameSite: 'none', secure: true, path: '/' });
    res.redirect(302, String(req.query.return || '/'));
  });
  apiApp.get('/session/me-cross-site', (req, res) => {
    const m = /(?:^|;\s*)api_xs=([^;]+)/.exec(req.get('cookie') || '');
    if (!m || !apiSessions.has(m[1])) return res.status(401).json({ error: 'unauthenticated', message: 'No session' });
    res.json({ user: 'alice' });
  });
  // The same session cookie set by the API's answer to a call from the page (a third-party
  // context): as is, or with `Partitioned` (CHIPS) under `?partitioned=1`, which a browser that
  // blocks third-party cookies still keeps, for the page's site.
  const fromPage = (req) => (req.query.partitioned ? 'api_xp' : 'api_xf');
  apiApp.post('/session/start-from-page', (req, res) => {
    const sid = `s${apiSessions.size + 1}-from-page`;
    apiSessions.add(sid);
    res.cookie(fromPage(req), sid, { httpOnly: true, sameSite: 'none', secure: true, path: '/', partitioned: Boolean(req.query.partitioned) });
    res.json({ ok: true });
  });
  apiApp.get('/session/me-from-page', (req, res) => {
    const m = new RegExp(`(?:^|;\\s*)${fromPage(req)}=([^;]+)`).exec(req.get('cookie') || '');
    if (!m || !apiSessions.has(m[1])) return res.status(401).json({ error: 'unauthenticated', message: 'No session' });
    res.json({ user: 'alice' });
  });
  // A widget of api.test's own, framed by app.test's page, that calls its API with its cookie
  // (api_xs above). The producer grants app.test a Storage Access permission for api.test, as a
  // user's earlier "allow" would; until the widget turns it on, the browser sends
  // `Sec-Fetch-Storage-Access: inactive` and leaves the cookie home. `?activate=1`: the widget
  // calls `document.requestStorageAccess()` first (`active`). `?retry=1`: the API asks for it
  // (`Activate-Storage-Access: retry`, the Storage Access Headers proposal) on a call without it.
  apiApp.get('/session/widget', (req, res) => {
    const activate = req.query.activate ? 'await document.requestStorageAccess().catch(() => {});' : '';
    const retry = req.query.retry ? '?retry=1' : '';
    res.type('html').send(
      '<!doctype html><meta charset="utf-8"><title>api.test widget</title><script type="module">' +
        activate +
        `const r = await fetch('/session/me-storage-access${retry}', { credentials: 'include' });` +
        'parent.postMessage({ widget: r.status }, "*");' +
        '</script>',
    );
  });
  apiApp.get('/session/me-storage-access', (req, res) => {
    const m = /(?:^|;\s*)api_xs=([^;]+)/.exec(req.get('cookie') || '');
    if (m && apiSessions.has(m[1])) return res.json({ user: 'alice' });
    if (req.query.retry && req.get('sec-fetch-storage-access') === 'inactive') {
      // The widget's origin (nginx passes the Host without its port).
      res.set('Activate-Storage-Access', `retry; allowed-origin="https://api.test:${w.tlsPort}"`);
    }
    res.status(401).json({ error: 'unauthenticated', message: 'No session' });
  });
  apiApp.get('/session/me', (req, res) => {
    const m = /(?:^|;\s*)api_sid=([^;]+)/.exec(req.get('cookie') || '');
    if (!m || !apiSessions.has(m[1])) return res.status(401).json({ error: 'unauthenticated', message: 'No session' });
    res.json({ user: 'alice' });
  });
  // Opaque access tokens with a short lifetime, checked against the server's own store (what
  // an API with its own token table, or an introspecting gateway, does). Nothing in the token
  // says when it expires: only the token response's expires_in does.
  // With `?refreshable=1` a refresh token comes too; using it revokes the access token issued
  // with it, as GitHub does for its expiring user tokens.
  const opaque = new Map();
  const refreshes = new Map();
  apiApp.post('/opaque/token', express.urlencoded({ extended: false }), (req, res) => {
    let refreshable = req.query.refreshable === '1';
    if (req.body.grant_type === 'refresh_token') {
      const previous = refreshes.get(req.body.refresh_token);
      if (!previous) return res.status(400).json({ error: 'invalid_grant' });
      refreshes.delete(req.body.refresh_token);
      opaque.delete(previous);
      refreshable = true;
    } else if (req.body.grant_type !== 'client_credentials') {
      return res.status(400).json({ error: 'unsupported_grant_type' });
    }
    const token = `op_${crypto.randomBytes(16).toString('hex')}`;
    const expiresIn = Number(req.query.ttl) || 2;
    opaque.set(token, Date.now() + expiresIn * 1000);
    const body = { access_token: token, token_type: 'Bearer', expires_in: expiresIn };
    if (refreshable) {
      body.refresh_token = `opr_${crypto.randomBytes(16).toString('hex')}`;
      refreshes.set(body.refresh_token, token);
    }
    res.json(body);
  });
  apiApp.get('/opaque/me', (req, res) => {
    const m = /^Bearer (\S+)$/.exec(req.get('authorization') || '');
    const until = m && opaque.get(m[1]);
    if (!until || until < Date.now()) {
      res.set('WWW-Authenticate', 'Bearer realm="api", error="invalid_token"');
      return res.status(401).json({ error: 'invalid_token' });
    }
    res.json({ user: 'service-account' });
  });
  // The upstream of nginx's /strip/ and /cached/ locations (Host: api.test).
  apiApp.get('/public/status', (req, res) => res.json({ status: 'ok' }));

  // --- api2.test (the API's new home; accepts api.test's tokens) ------------------------------
  const api2 = express();
  api2.disable('x-powered-by');
  api2.use(noStore);
  api2.use(cors({ origin: true, credentials: true, allowedHeaders: ['authorization', 'content-type'] }));
  api2.get('/v1/orders', verify(api('api.test')), orders);

  // --- api.app.test (same site as app.test; expects app.test's session) -----------------------
  const sub = express();
  sub.disable('x-powered-by');
  sub.use(noStore);
  const sharedSession = (req, res, next) =>
    /(?:^|;\s*)shared_sid=/.test(req.get('cookie') || '') ? next() : res.status(401).json({ error: 'unauthenticated', message: 'No session cookie' });
  // Requests a page sends without CORS (no Access-Control-* headers here): an image, a classic
  // script, a beacon, a no-cors fetch, and a WebSocket (see createUpgrade below).
  sub.get('/px.gif', (req, res) => res.type('gif').send(Buffer.from('R0lGODlhAQABAAAAACwAAAAAAQABAAA=', 'base64')));
  sub.get('/widget.js', (req, res) => res.type('text/javascript').send('window.__widget = true;\n'));
  sub.post('/collect', (req, res) => res.status(204).end());
  sub.get('/ping', (req, res) => res.status(204).end());
  // CORS that allows only GET and POST (npm cors' `methods`): a DELETE's preflight fails.
  sub.use('/v2', cors({ origin: w.origins, credentials: true, methods: ['GET', 'POST'] }));
  sub.delete('/v2/sessions/current', sharedSession, (req, res) => res.status(204).end());
  // CORS without `credentials: true`: the answer to a request that sent cookies lacks
  // Access-Control-Allow-Credentials, and the browser hides it from the page.
  sub.use('/v3', cors({ origin: w.origins }));
  sub.get('/v3/profile', sharedSession, (req, res) => res.json({ user: 'alice' }));
  // CORS with credentials that allows only Content-Type among request headers: a call that adds
  // a header of its own (a trace id) is stopped at its preflight.
  sub.use('/v4', cors({ origin: w.origins, credentials: true, allowedHeaders: ['content-type'] }));
  sub.get('/v4/profile', sharedSession, (req, res) => res.json({ user: 'alice' }));
  sub.use(cors({ origin: w.origins, credentials: true }));
  sub.get('/v1/profile', (req, res) => {
    if (!/(?:^|;\s*)sid=/.test(req.get('cookie') || '')) return res.status(401).json({ error: 'unauthenticated', message: 'No session cookie' });
    res.json({ user: 'alice' });
  });

  // --- bad-cors.test ----------------------------------------------------------------------------
  const bad = express();
  bad.disable('x-powered-by');
  bad.use(noStore);
  // 1. Authentication middleware mounted before CORS: the preflight (no credentials) gets 401.
  bad.use('/auth-first', verify(api('api.test')), cors({ origin: w.origins, credentials: true }), orders);
  // 2. `cors()` defaults (Access-Control-Allow-Origin: *) on an API called with credentials.
  bad.use('/star', cors(), verify(api('api.test')), orders);
  // 3. Credentials allowed but only Content-Type in Access-Control-Allow-Headers.
  bad.use('/no-authz', cors({ origin: w.origins, credentials: true, allowedHeaders: ['content-type'] }), verify(api('api.test')), orders);
  // 5. No CORS at all: a public endpoint never meant for browsers of other sites.
  bad.get('/plain', (req, res) => res.json({ ok: true }));
  // 4. A trailing-slash redirect that also applies to OPTIONS (preflights may not redirect).
  bad.all('/v2/items', (req, res) => res.redirect(301, '/v2/items/'));
  bad.use('/v2/items/', cors({ origin: w.origins, credentials: true, allowedHeaders: ['authorization'] }), verify(api('api.test')), orders);

  // --- gh.test: GitHub's token endpoint behaviour ----------------------------------------------
  const gh = express();
  gh.disable('x-powered-by');
  gh.use(cors({ origin: w.origins }));
  gh.use(express.urlencoded({ extended: false }));
  gh.use(express.json());
  gh.post('/login/oauth/access_token', (req, res) => {
    // GitHub answers 200 with an error object (https://docs.github.com/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors).
    res.json({
      error: 'bad_verification_code',
      error_description: 'The code passed is incorrect or expired.',
      error_uri: 'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code',
    });
  });

  // --- internal.test: what nginx's auth_basic protects ------------------------------------------
  const internal = express();
  internal.disable('x-powered-by');
  internal.get('/report', (req, res) => res.json({ report: 'q3', rows: 3 }));

  return { 'app.test': app, 'api.test': apiApp, 'api2.test': api2, 'api.app.test': sub, 'bad-cors.test': bad, 'gh.test': gh, 'internal.test': internal };
}

/**
 * WebSocket handshakes (the lab's only upgrade): `ws://api.app.test/ws` answers 101, sends one
 * text frame and closes when the page does. Handshakes carry Origin and cookies, and no
 * Access-Control-* header comes back: WebSockets are not subject to CORS.
 * @returns {(req: import('node:http').IncomingMessage, socket: import('node:net').Socket) => void}
 */
export function createUpgrade() {
  return (req, socket) => {
    socket.on('error', () => {});
    const host = String(req.headers.host || '').replace(/:\d+$/, '');
    const key = req.headers['sec-websocket-key'];
    if (host !== 'api.app.test' || req.url !== '/ws' || !key) return socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
    const accept = crypto.createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    const hello = Buffer.from('{"hello":"alice"}');
    socket.write(Buffer.concat([Buffer.from([0x81, hello.length]), hello]));
    // A close frame from the page (opcode 8) is answered with one, then the socket ends.
    socket.on('data', (buf) => buf.length && (buf[0] & 0x0f) === 8 && socket.end(Buffer.from([0x88, 0])));
  };
}
