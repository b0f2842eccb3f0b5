// app.test's /ejwt/, /pjwt/ and /o2b/: APIs on the Node.js middlewares most Express APIs check
// their JWTs with, set up as their READMEs show, and nothing of the lab's own in between:
//   /ejwt/  express-jwt 8 (auth0/express-jwt, over jsonwebtoken 9) with an HS256 secret, and no
//           error handler of the app's: a refused token reaches Express's own, which answers 401
//           with its development page (the error's stack in a <pre>: "UnauthorizedError: invalid
//           signature", "UnauthorizedError: jwt expired") and no WWW-Authenticate;
//   /pjwt/  passport-jwt 4 (Passport 0.7) with the same secret: Passport answers any refusal
//           401 "Unauthorized", in plain text, and says nothing of why;
//   /o2b/   express-oauth2-jwt-bearer 1.10 (Auth0's SDK for APIs, over jose 4) with a key set
//           the API was given by URL: its refusals are RFC 6750 challenges, `error="invalid_token"`
//           with jose's words in `error_description`, under Express's page.
// Sign-in is a JSON POST of a user name and a password; the token comes back in the body:
//   /ejwt/login            signed with the API's secret, for an hour;
//   /ejwt/short/login      the same, for two seconds;
//   /ejwt/other-env/login  signed with another environment's secret (a staging sign-in service
//                          an SPA build was pointed at, or one whose JWT_SECRET differs).
// /o2b/stored-token hands out the token an SPA holds after the provider rotated its signing key:
// signed with the new key ("lab-key-2"), while the key set the API was configured with
// (/o2b/pinned-jwks.json) holds only the old one ("lab-key-1").
import express from 'express';
import jwt from 'jsonwebtoken';
import { expressjwt } from 'express-jwt';
import passport from 'passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import { auth } from 'express-oauth2-jwt-bearer';
import { SignJWT, generateKeyPair } from 'jose';

export const NODE_JWT_USER = { username: 'alice', password: 'Open-Sesame-7' };
const API_SECRET = 'lab-api-secret-production-0f3a9c';
const OTHER_ENV_SECRET = 'lab-api-secret-staging-77b2e1';

/** @param {object} w the lab world (see apps.mjs) */
export async function createNodeJwt(w) {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json());
  const profile = (req, res) => res.json({ user: req.auth?.sub ?? req.user?.sub ?? null });

  const signIn = (secret, expiresIn) => (req, res) => {
    const { username, password } = req.body ?? {};
    if (username !== NODE_JWT_USER.username || password !== NODE_JWT_USER.password) {
      return res.status(401).json({ message: 'Invalid username or password' });
    }
    res.json({ token: jwt.sign({ sub: username }, secret, { expiresIn }) });
  };
  app.post('/ejwt/login', signIn(API_SECRET, '1h'));
  app.post('/ejwt/short/login', signIn(API_SECRET, 2));
  app.post('/ejwt/other-env/login', signIn(OTHER_ENV_SECRET, '1h'));

  app.get('/ejwt/api/profile', expressjwt({ secret: API_SECRET, algorithms: ['HS256'] }), profile);

  passport.use(
    new JwtStrategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: API_SECRET }, (payload, done) =>
      done(null, { sub: payload.sub }),
    ),
  );
  app.use('/pjwt', passport.initialize());
  app.get('/pjwt/api/profile', passport.authenticate('jwt', { session: false }), profile);

  // The provider's new signing key; the API still has the old key set.
  const rotated = await generateKeyPair('RS256');
  const audience = `http://app.test:${w.port}/o2b/`;
  app.get('/o2b/pinned-jwks.json', (req, res) => res.json({ keys: [w.keys.publicJwk] }));
  app.get('/o2b/stored-token', async (req, res) => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ sub: 'alice', client_id: 'spa', scope: 'read write' })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'lab-key-2' })
      .setIssuer(w.issuer)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(rotated.privateKey);
    res.json({ access_token: token });
  });
  const checkJwt = auth({
    issuer: w.issuer,
    // By address: Node resolves no lab hostname (world.mjs routes 127.0.0.1's /o2b/ here).
    jwksUri: `http://127.0.0.1:${w.port}/o2b/pinned-jwks.json`,
    audience,
    tokenSigningAlg: 'RS256',
  });
  app.get('/o2b/api/profile', checkJwt, profile);
  return app;
}
