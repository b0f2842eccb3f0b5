// graphql.test: a GraphQL API on Apollo Server (npm `@apollo/server`, mounted on express 5 with
// `@as-integrations/express5`), authenticating as Apollo's documentation shows: the context reads
// the Bearer token (verified with jose against the lab's provider key) and a resolver that needs a
// user throws `GraphQLError` with `extensions.code: "UNAUTHENTICATED"`. Apollo answers such an
// error with HTTP 200, the error in the body's `errors` and `null` in `data`: no 401 anywhere.
// Signing in is a mutation at the same URL (`signIn`, a password in its variables, a token back),
// as GraphQL apps do it.
import express from 'express';
import cors from 'cors';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { GraphQLError } from 'graphql';
import { jwtVerify } from 'jose';
import { mintAccessToken } from './tokens.mjs';

const typeDefs = `#graphql
  type Order { id: ID!, total: Int! }
  type Query { orders: [Order!] }
  type Mutation { signIn(email: String!, password: String!): String }
`;

export const GRAPHQL_USER = { email: 'alice@example.test', password: 'Open-Sesame-7' };

const resolvers = {
  Mutation: {
    signIn: (_parent, { email, password }, ctx) => {
      if (email !== GRAPHQL_USER.email || password !== GRAPHQL_USER.password) {
        throw new GraphQLError('Wrong email or password', { extensions: { code: 'UNAUTHENTICATED' } });
      }
      return ctx.mint();
    },
  },
  Query: {
    orders: (_parent, _args, ctx) => {
      if (!ctx.user) {
        throw new GraphQLError('User is not authenticated', { extensions: { code: 'UNAUTHENTICATED' } });
      }
      return [{ id: '1', total: 42 }];
    },
  },
};

/**
 * @param {object} w the world (its keys, issuer and origins)
 * @returns {Promise<import('express').Express>}
 */
export async function createGraphql(w) {
  // As in production (NODE_ENV=production): no stack trace in the answer, which would name this
  // machine's paths in a checked-in capture.
  const server = new ApolloServer({ typeDefs, resolvers, includeStacktraceInErrorResponses: false });
  await server.start();
  const app = express();
  app.disable('x-powered-by');
  app.use(
    '/graphql',
    cors({ origin: w.origins, credentials: true, allowedHeaders: ['authorization', 'content-type'] }),
    express.json(),
    expressMiddleware(server, {
      context: async ({ req }) => {
        const audience = `http://graphql.test:${w.port}/`;
        const mint = () => mintAccessToken(w.keys, { issuer: w.issuer, audience });
        const m = /^Bearer (\S+)$/.exec(req.get('authorization') || '');
        if (!m) return { user: null, mint };
        try {
          const { payload } = await jwtVerify(m[1], w.keys.jwks, { issuer: w.issuer, audience, algorithms: ['RS256'] });
          return { user: payload.sub, mint };
        } catch {
          return { user: null, mint };
        }
      },
    }),
  );
  app.stop = () => server.stop();
  return app;
}
