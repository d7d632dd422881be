/**
 * Logging in (issue 6, point 3): POST /v1/auth/login for people (login, password, and the role to act
 * in when the account holds several), POST /v1/auth/token for verifier clients (OAuth 2.0 client
 * credentials, RFC 6749 §4.4, as JSON). Both answer a short-lived EdDSA access token; both are public and
 * rate-limited per client IP, since they are where passwords get guessed.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authenticateClient, authenticateUser } from '../../../auth/accounts.ts';
import { ROLES, SCOPE_COLUMNS } from '../../../auth/principal.ts';
import { errorResponses } from '../../schemas.ts';

export interface AuthRoutesOptions {
  rateLimit: { max: number; timeWindow: number | string };
  clock: () => Date;
}

const Grant = Type.Object(Object.fromEntries(SCOPE_COLUMNS.map((c) => [c, Type.Optional(Type.String())])), {
  additionalProperties: false,
});

const LoginBody = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 128 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    role: Type.Optional(Type.String({ enum: [...ROLES], description: 'Vai trò / the role to act in' })),
  },
  { additionalProperties: false },
);

const LoginResponse = Type.Object({
  accessToken: Type.String(),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'giây / seconds' }),
  role: Type.String(),
  scope: Type.Array(Grant),
});

const TokenBody = Type.Object(
  {
    grant_type: Type.Literal('client_credentials'),
    client_id: Type.String({ minLength: 1, maxLength: 128 }),
    client_secret: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
});

const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (fastify, o) => {
  const config = { permission: 'public' as const, rateLimit: o.rateLimit };

  fastify.post(
    '/login',
    {
      config,
      schema: {
        tags: ['auth'],
        summary: 'Đăng nhập / Log in',
        body: LoginBody,
        response: { 200: LoginResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const caller = await authenticateUser(fastify.db, request.body, o.clock());
      const { accessToken, expiresIn } = await fastify.tokens.issue(caller);
      // Who logged in, never with what.
      request.log.info({ sub: caller.sub, role: caller.role }, 'login');
      reply.header('cache-control', 'no-store');
      return { accessToken, tokenType: 'Bearer' as const, expiresIn, role: caller.role, scope: caller.scope };
    },
  );

  fastify.post(
    '/token',
    {
      config,
      schema: {
        tags: ['auth'],
        summary: 'Mã truy cập cho đơn vị xác minh / Client-credentials token for verifiers',
        body: TokenBody,
        response: { 200: TokenResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { client_id, client_secret } = request.body;
      const caller = await authenticateClient(fastify.db, client_id, client_secret, o.clock());
      const { accessToken, expiresIn } = await fastify.tokens.issue(caller);
      request.log.info({ sub: caller.sub, role: caller.role }, 'client token');
      reply.header('cache-control', 'no-store');
      return { access_token: accessToken, token_type: 'Bearer' as const, expires_in: expiresIn };
    },
  );
};

export default authRoutes;
