/**
 * Authentication and the first step of authorization, for every route at once. Each route declares in
 * its config the permission it needs (`config: { permission: 'verify.bulk' }`) or `'public'`; one
 * onRequest hook reads the bearer token (401 UNAUTHENTICATED when missing, malformed, tampered or
 * expired), sets `request.user`, and refuses a role the policy table does not list for that permission
 * (403 FORBIDDEN). The scope check needs the object, so the route makes it with `authorize()`. A route
 * that declares nothing is refused (fail closed), and a test walks `fastify.routePermissions` so that
 * none ships without a declaration.
 *
 * Register it before any plugin that adds routes: its onRoute hook must see them all.
 */

import type { Database } from '@hocba/db';
import fp from 'fastify-plugin';
import { authorizeRole, isPermission, type RoutePermission } from '../../auth/policy.ts';
import type { Principal } from '../../auth/principal.ts';
import { checkStanding } from '../../auth/standing.ts';
import { createTokenService, type TokenOptions, type TokenService } from '../../auth/tokens.ts';
import { ApiError } from '../../http-errors.ts';

export interface AuthPluginOptions extends TokenOptions {
  /**
   * The accounts' database, to refuse a token whose account was disabled or whose grants changed since it
   * was issued (auth/standing.ts). A function: the database plugin registers after this one.
   */
  db?: () => Database;
  /**
   * URL prefixes whose routes, added by third-party plugins that cannot declare a permission, are public
   * (the OpenAPI pages; `*` is CORS's preflight route).
   */
  publicPrefixes?: readonly string[];
}

export interface RoutePermissionEntry {
  method: string;
  url: string;
  permission: RoutePermission | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route needs: a permission of the policy table, or 'public'. */
    permission?: RoutePermission;
  }
  interface FastifyInstance {
    tokens: TokenService;
    /** Every route and the permission it declared, as registered. */
    routePermissions: RoutePermissionEntry[];
  }
  interface FastifyRequest {
    /** The caller, on routes that are not public. */
    user: Principal | null;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

export default fp<AuthPluginOptions>(
  async (fastify, o) => {
    const tokens = createTokenService(o);
    if (tokens.ephemeral)
      fastify.log.warn('JWT signing key is ephemeral (no JWT_PRIVATE_KEY): tokens die with this process');
    fastify.decorate('tokens', tokens);
    fastify.decorateRequest('user', null);

    const routes: RoutePermissionEntry[] = [];
    fastify.decorate('routePermissions', routes);
    const publicPrefixes = o.publicPrefixes ?? [];
    fastify.addHook('onRoute', (route) => {
      const config = (route.config ?? {}) as { permission?: RoutePermission };
      if (config.permission === undefined && publicPrefixes.some((p) => route.url.startsWith(p))) {
        route.config = { ...config, permission: 'public' };
      }
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        routes.push({ method, url: route.url, permission: (route.config as typeof config)?.permission });
      }
    });

    fastify.addHook('onRequest', async (request, reply) => {
      // No route matched: the not-found handler answers, there is nothing to protect.
      if (request.is404) return;
      const permission = request.routeOptions.config.permission;
      if (permission === 'public') return;
      if (!isPermission(permission)) {
        request.log.error({ url: request.routeOptions.url }, 'route declares no permission');
        throw new ApiError('FORBIDDEN');
      }
      const m = BEARER.exec(request.headers.authorization ?? '');
      try {
        if (!m) throw new ApiError('UNAUTHENTICATED');
        request.user = await tokens.verify(m[1]!);
        if (o.db) await checkStanding(o.db(), request.user);
      } catch (e) {
        request.log.info({ reason: (e as { reason?: string }).reason ?? 'no bearer token' }, 'token refused');
        // RFC 6750 §3: the scheme the caller should use.
        reply.header('www-authenticate', 'Bearer');
        throw e;
      }
      authorizeRole(request.user, permission);
    });
  },
  { name: 'auth', fastify: '5.x' },
);
