// app.test's /fastify/: an API on Fastify 5 with @fastify/jwt 10 (over fast-jwt), set up as its
// README shows: an `authenticate` hook that calls `request.jwtVerify()` and sends the error it
// throws, which Fastify answers as JSON (`{"statusCode":401,"code":"FST_JWT_…","error":
// "Unauthorized","message":"Authorization token is invalid: The token signature is invalid."}`,
// "Authorization token expired", "No Authorization was found in request.headers"), with no
// WWW-Authenticate.
// Sign-in is a JSON POST of a user name and a password; the token comes back in the body:
//   /fastify/login            signed with the API's secret, for an hour;
//   /fastify/short/login      the same, for two seconds;
//   /fastify/other-env/login  signed with another environment's secret.
import http from 'node:http';
import Fastify from 'fastify';
import fastifyJwt from '@fastify/jwt';
import jwt from 'jsonwebtoken';
import { NODE_JWT_USER } from './node_jwt.mjs';

const API_SECRET = 'lab-fastify-secret-production-5d1e';
const OTHER_ENV_SECRET = 'lab-fastify-secret-staging-c09b';

/** @returns {Promise<{ handle: (req, res) => void, close: () => Promise<void> }>} */
export async function createFastifyJwt() {
  let handle = null;
  const app = Fastify({
    // Fastify answers through the lab's one server (world.mjs), not a port of its own.
    serverFactory: (handler) => {
      handle = handler;
      return http.createServer(handler);
    },
  });
  app.register(fastifyJwt, { secret: API_SECRET });
  app.decorate('authenticate', async (request, reply) => {
    try {
      await request.jwtVerify();
    } catch (err) {
      reply.send(err);
    }
  });
  const signIn = (sign) => async (request, reply) => {
    const { username, password } = request.body ?? {};
    if (username !== NODE_JWT_USER.username || password !== NODE_JWT_USER.password) {
      return reply.code(401).send({ message: 'Invalid username or password' });
    }
    return { token: sign(username) };
  };
  app.post('/fastify/login', signIn((sub) => app.jwt.sign({ sub }, { expiresIn: '1h' })));
  app.post('/fastify/short/login', signIn((sub) => app.jwt.sign({ sub }, { expiresIn: '2s' })));
  app.post('/fastify/other-env/login', signIn((sub) => jwt.sign({ sub }, OTHER_ENV_SECRET, { expiresIn: '1h' })));
  app.get('/fastify/api/profile', { onRequest: [app.authenticate] }, async (request) => ({ user: request.user.sub }));
  await app.ready();
  return { handle, close: () => app.close().catch(() => {}) };
}
