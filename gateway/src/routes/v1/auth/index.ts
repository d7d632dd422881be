/**
 * Logging in (issue 6, point 3): POST /v1/auth/login for people (login, password, and the role to act
 * in when the account holds several), POST /v1/auth/token for verifier clients (OAuth 2.0 client
 * credentials, RFC 6749 §4.4, as JSON). Both answer a short-lived EdDSA access token; a person's login also
 * a refresh token (auth/refresh.ts): POST /v1/auth/refresh rotates it for the next access token, POST
 * /v1/auth/logout revokes it (issue 12, point 5).
 *
 * Guessing is limited per login name (auth/login-throttle.ts: 429 LOGIN_LOCKED with Retry-After), since a
 * school's staff share one address; the per-address limit is only a ceiling a whole school stays under.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authenticateClient, authenticateUser, type Caller } from '../../../auth/accounts.ts';
import {
  LoginThrottle,
  type LoginThrottleOptions,
  loginLocked,
  secondsUntil,
} from '../../../auth/login-throttle.ts';
import { ROLES, SCOPE_COLUMNS } from '../../../auth/principal.ts';
import {
  type IssuedRefresh,
  logout,
  openFamily,
  REFRESH_TOKEN_PATTERN,
  RefreshRefused,
  rotate,
} from '../../../auth/refresh.ts';
import { ApiError } from '../../../http-errors.ts';
import { errorResponses } from '../../schemas.ts';

export interface AuthRoutesOptions {
  rateLimit: { max: number; timeWindow: number | string };
  /** Wrong passwords per login name (or client id) and window. */
  loginFailures: LoginThrottleOptions;
  /** A login's refresh tokens live this long at most. */
  refreshTtlSeconds: number;
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

const RefreshToken = Type.String({
  pattern: REFRESH_TOKEN_PATTERN,
  maxLength: 80,
  description: 'Mã làm mới phiên (dùng một lần) / Refresh token (single use: each refresh answers a new one)',
});

const LoginResponse = Type.Object({
  accessToken: Type.String(),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'giây / seconds' }),
  refreshToken: RefreshToken,
  refreshExpiresIn: Type.Integer({
    description: 'giây đến khi phải đăng nhập lại / seconds until a new login is needed',
  }),
  role: Type.String(),
  scope: Type.Array(Grant),
});

const RefreshBody = Type.Object({ refreshToken: RefreshToken }, { additionalProperties: false });

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

/** What a login and a refresh both answer: the access token, the refresh token, who the caller acts as. */
const sessionAnswer = (caller: Caller, accessToken: string, expiresIn: number, refresh: IssuedRefresh) => ({
  accessToken,
  tokenType: 'Bearer' as const,
  expiresIn,
  ...refresh,
  role: caller.role,
  scope: caller.scope,
});

const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (fastify, o) => {
  const config = { permission: 'public' as const, rateLimit: o.rateLimit };
  const throttle = new LoginThrottle(o.loginFailures);

  /** Runs a credential check unless the name is locked; counts its wrong-credential answers. */
  async function throttled<T>(
    key: string,
    now: Date,
    reply: { header(name: string, value: number): unknown },
    check: () => Promise<T>,
  ): Promise<T> {
    const retryAt = throttle.retryAt(key, now);
    if (retryAt) {
      reply.header('retry-after', secondsUntil(retryAt, now));
      throw loginLocked(retryAt, now);
    }
    try {
      const result = await check();
      throttle.succeed(key);
      return result;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'INVALID_CREDENTIALS') throttle.fail(key, now);
      throw e;
    }
  }

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
      const now = o.clock();
      const key = LoginThrottle.key('user', request.body.login);
      const caller = await throttled(key, now, reply, () => authenticateUser(fastify.db, request.body, now));
      const { accessToken, expiresIn } = await fastify.tokens.issue(caller);
      const refresh = await openFamily(fastify.db, {
        userId: caller.sub,
        role: caller.role,
        now,
        ttlSeconds: o.refreshTtlSeconds,
      });
      // Who logged in, never with what.
      request.log.info({ sub: caller.sub, role: caller.role }, 'login');
      reply.header('cache-control', 'no-store');
      return sessionAnswer(caller, accessToken, expiresIn, refresh);
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
      const now = o.clock();
      const key = LoginThrottle.key('client', client_id);
      const caller = await throttled(key, now, reply, () =>
        authenticateClient(fastify.db, client_id, client_secret, now),
      );
      const { accessToken, expiresIn } = await fastify.tokens.issue(caller);
      request.log.info({ sub: caller.sub, role: caller.role }, 'client token');
      reply.header('cache-control', 'no-store');
      return { access_token: accessToken, token_type: 'Bearer' as const, expires_in: expiresIn };
    },
  );

  fastify.post(
    '/refresh',
    {
      config,
      schema: {
        tags: ['auth'],
        summary: 'Làm mới phiên đăng nhập / Rotate a refresh token for a new access token',
        description:
          'Mỗi mã làm mới chỉ dùng được một lần; dùng lại mã cũ sẽ hủy mọi phiên của lần đăng nhập đó. / ' +
          'Each refresh token works once and is answered with the next one; presenting a used one revokes every token of that login.',
        body: RefreshBody,
        response: { 200: LoginResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      let rotated: Awaited<ReturnType<typeof rotate>>;
      try {
        rotated = await rotate(fastify.db, request.body.refreshToken, o.clock());
      } catch (e) {
        if (e instanceof RefreshRefused) {
          const level = e.code === 'REFRESH_TOKEN_REUSED' ? 'warn' : 'info';
          request.log[level]({ code: e.code, family: e.familyId }, 'refresh refused');
        }
        throw e;
      }
      const { caller, refresh, familyId } = rotated;
      const { accessToken, expiresIn } = await fastify.tokens.issue(caller);
      request.log.info({ sub: caller.sub, role: caller.role, family: familyId }, 'refresh');
      return sessionAnswer(caller, accessToken, expiresIn, refresh);
    },
  );

  fastify.post(
    '/logout',
    {
      config,
      schema: {
        tags: ['auth'],
        summary: 'Đăng xuất / Log out: revoke the refresh token and the rest of its login',
        description:
          'Luôn trả 204, kể cả khi mã đã hết hiệu lực. / Always 204, also for a token that was already revoked or unknown. ' +
          'Access tokens already issued stay valid until they expire (at most 15 minutes).',
        body: RefreshBody,
        response: { 204: Type.Null({ description: 'Đã đăng xuất / Logged out' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const family = await logout(fastify.db, request.body.refreshToken, o.clock());
      request.log.info({ family: family ?? null }, 'logout');
      return reply.code(204).send(null);
    },
  );
};

export default authRoutes;
