// Starts the lab's servers on loopback and stops them: one Node HTTP server on 127.0.0.1 that
// dispatches by Host header to the express apps and the OpenID provider, plus nginx.
// Browsers reach the hostnames through --host-resolver-rules (Chromium) or
// network.dns.forceResolve (Firefox); nothing leaves the machine.
import http from 'node:http';
import { createApps, createUpgrade } from './apps.mjs';
import { createIdp } from './idp.mjs';
import { startNginx } from './nginx.mjs';
import { startCognito } from './cognito.mjs';
import { startFirebase } from './firebase.mjs';
import { startPythonApps } from './python.mjs';
import { createGraphql } from './graphql.mjs';
import { createNodeJwt } from './node_jwt.mjs';
import { createFastifyJwt } from './fastify_jwt.mjs';
import { createOidcRp, rpClients } from './oidc_rp.mjs';
import { createKeys } from './tokens.mjs';
import { freePort } from '../lib/util.mjs';

/**
 * @param {object} o
 * @param {string[]} o.scenarioIds scenario pages (their URLs are the SPA's registered redirect_uris)
 * @param {(line: string) => void} [o.log]
 */
/**
 * @param {boolean} [o.cognito] start cognito-idp.test (moto) too: a scenario recorded needs it
 * @param {boolean} [o.firebase] start firebase.test (the Firebase Auth emulator) and fb-api.test (an API
 *   that verifies its tokens with the Admin SDK) too: likewise
 * @param {boolean} [o.python] start Django (with the REST framework), Flask (with Flask-WTF) and FastAPI behind app.test/django/,
 *   /flask/ and /fastapi/ (and api.test/fastapi/) too: likewise
 */
export async function startWorld({ scenarioIds, httpsIds = [], cognito = false, firebase = false, python = false, log = () => {} }) {
  const port = await freePort();
  const nginxPort = await freePort();
  // nginx terminates TLS (HTTP/2) for the Node server's hosts on this port: scenarios marked
  // `"scheme": "https"` run there, as most real sites do (Sec-Fetch-*, HTTP/2 pseudo-headers).
  const tlsPort = await freePort();
  const issuer = `http://idp.test:${port}`;
  const origin = `http://app.test:${port}`;
  const origins = [origin, `https://app.test:${tlsPort}`];
  const keys = await createKeys();
  const w = { port, nginxPort, tlsPort, issuer, origin, origins, keys };
  // Amazon Cognito's API (moto) on a port of its own, fronted by this server as cognito-idp.test.
  const moto = cognito ? await startCognito({ log: (s) => log(`moto: ${s}`) }) : null;
  w.cognito = moto && { port: moto.port, clientId: moto.clientId };
  // Firebase Authentication (Google's emulator) on a port of its own, fronted as firebase.test.
  const fire = firebase ? await startFirebase({ log: (s) => log(`firebase: ${s}`) }) : null;
  // Django with the REST framework (runserver), Flask with Flask-WTF and FastAPI (uvicorn), on
  // ports of their own, behind app.test's /django/, /flask/ and /fastapi/, and api.test's /fastapi/.
  const py = python ? await startPythonApps({ origin, log: (s) => log(`python: ${s}`) }) : null;
  const apps = createApps(w);
  // graphql.test: Apollo Server (started before the first request reaches it).
  apps['graphql.test'] = await createGraphql(w);
  // app.test's /ejwt/, /pjwt/ and /o2b/: express-jwt, passport-jwt and Auth0's
  // express-oauth2-jwt-bearer, as their READMEs set them up (node_jwt.mjs).
  const nodeJwt = await createNodeJwt(w);
  // app.test's /fastify/: Fastify with @fastify/jwt (fastify_jwt.mjs).
  const fastifyJwt = await createFastifyJwt();
  // app.test's /eoc/: web apps that sign in at idp.test with express-openid-connect (oidc_rp.mjs).
  const oidcRp = createOidcRp(w);
  const idp = createIdp({
    issuer,
    privateJwk: keys.privateJwk,
    redirectUris: scenarioIds.map((id) => `${origin}/s/${id}`),
    origins: [origin],
    knownResource: (r) => /^http:\/\/(api|billing)\.test:\d+\/$/.test(r),
    webClients: rpClients(origin),
  });
  const server = http.createServer((req, res) => {
    const host = String(req.headers.host || '').replace(/:\d+$/, '');
    if (host === 'idp.test') return idp(req, res);
    if (host === 'cognito-idp.test' && moto) return moto.front(req, res);
    if (host === 'firebase.test' && fire) return fire.front(req, res);
    if (host === 'fb-api.test' && fire) return fire.api(req, res);
    if (host === 'app.test' && py && /^\/((proxied\/)?django|flask|fastapi)\//.test(req.url)) return py.front(req, res);
    if (host === 'api.test' && py && req.url.startsWith('/fastapi/')) return py.front(req, res);
    if (host === 'app.test' && /^\/(ejwt|pjwt|o2b)\//.test(req.url)) return nodeJwt(req, res);
    if (host === 'app.test' && req.url.startsWith('/fastify/')) return fastifyJwt.handle(req, res);
    // www.app.test: the same web apps under a second name (a sign-in started there comes back
    // to app.test, the name the apps' redirect URIs use).
    if ((host === 'app.test' || host === 'www.app.test') && /^\/(eoc|poidc)\//.test(req.url)) return oidcRp(req, res);
    // The key set express-oauth2-jwt-bearer fetches from Node (where app.test does not resolve).
    if (host === '127.0.0.1' && req.url.startsWith('/o2b/')) return nodeJwt(req, res);
    const app = apps[host];
    if (app) return app(req, res);
    res.writeHead(421, { 'content-type': 'text/plain' }).end(`no such lab host: ${host}\n`);
  });
  const upgraded = new Set();
  const upgrade = createUpgrade();
  server.on('upgrade', (req, socket) => {
    upgraded.add(socket);
    socket.on('close', () => upgraded.delete(socket));
    upgrade(req, socket);
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  let nginx = null;
  const world = {
    port,
    nginxPort,
    issuer,
    origin,
    tlsPort,
    url: (id) => (httpsIds.includes(id) ? `https://app.test:${tlsPort}/s/${id}` : `${origin}/s/${id}`),
    /**
     * nginx restarted with an empty cache, the Firebase user enabled again with its password
     * (and the project's settings as `scenario` asks), and Django's sessions ended, so every
     * recording starts from the same state.
     */
    async fresh(scenario) {
      if (fire) await fire.reset(scenario);
      if (py) await py.reset();
      if (nginx) await nginx.stop();
      nginx = await startNginx({ port: nginxPort, tlsPort, upstreamPort: port, appOrigin: origin, log: (s) => log(`nginx: ${s}`) });
    },
    async stop() {
      if (nginx) await nginx.stop();
      nginx = null;
      if (moto) await moto.stop();
      if (fire) await fire.stop();
      if (py) await py.stop();
      await apps['graphql.test'].stop();
      await fastifyJwt.close();
      server.closeAllConnections?.();
      for (const socket of upgraded) socket.destroy();
      await new Promise((r) => server.close(r));
    },
  };
  await world.fresh();
  return world;
}
