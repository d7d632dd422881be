/**
 * The gateway application: builds Fastify with the plugins in the order fastify/demo uses — external
 * (security headers, CORS, rate limit, OpenAPI, ledger), then the app's own (error handling, verifier
 * service), then the routes by URL prefix. The server (server.ts) and the tests both build it here;
 * the tests only ever call it through `inject`.
 *
 * Plugins are imported explicitly rather than autoloaded: the imports are typechecked and work the same
 * under tsx, vitest and a future bundle, with no loader detection.
 */
import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database, OpenOptions } from '@hocba/db';
import Fastify, { type FastifyInstance } from 'fastify';
import type { LedgerClient, LedgerIdentities, LedgerIdentity } from './ledger/index.ts';
import { loggerOptions } from './logging.ts';
import auth from './plugins/app/auth.ts';
import errors from './plugins/app/errors.ts';
import verifier from './plugins/app/verifier.ts';
import cors from './plugins/external/cors.ts';
import db from './plugins/external/db.ts';
import helmet from './plugins/external/helmet.ts';
import ledger from './plugins/external/ledger.ts';
import rateLimit from './plugins/external/rate-limit.ts';
import swagger from './plugins/external/swagger.ts';
import health from './routes/health.ts';
import authRoutes from './routes/v1/auth/index.ts';
import verify from './routes/v1/verify/index.ts';

export interface AppOptions {
  ledger: LedgerClient;
  /** The gateway's read-only ledger identity, for the public verify routes. */
  ledgerReader: LedgerIdentity;
  /** The identities the gateway submits with (ledger/identities.ts); none: a read-only gateway. */
  identities?: LedgerIdentities;
  channel?: string;
  /** Fastify's logger option (pino options, e.g. a level and a stream); redaction is always added. */
  logger?: boolean | Record<string, unknown>;
  /**
   * Per client IP and window: `max` for single verifications, `bulkMax` for bulk calls, `authMax` for
   * login and token requests, `lookupMax` for the public lookup by code and date of birth.
   */
  rateLimit?: {
    max?: number;
    bulkMax?: number;
    authMax?: number;
    lookupMax?: number;
    timeWindow?: number | string;
  };
  /** An open database the caller owns (tests share one); else one is opened with `database`. */
  db?: Database;
  /** How to open the database (default: DATABASE_URL, else PGlite in memory). */
  database?: OpenOptions;
  /** Access tokens: the Ed25519 key (PKCS#8 PEM; none: ephemeral), issuer, audience, lifetime, clock. */
  auth?: AuthOptions;
  /** Origins allowed to call the API from a browser (the portal, when served elsewhere). */
  corsOrigins?: readonly string[];
  /** The time reports are made at (default: now). */
  clock?: () => Date;
}

export interface AuthOptions {
  privateKeyPem?: string | undefined;
  issuer?: string;
  audience?: string;
  ttlSeconds?: number;
  /** The time tokens are issued and checked at (default: now; not the report clock). */
  clock?: () => Date;
}

export async function buildApp(o: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(o.logger),
    genReqId: () => randomUUID(),
    // The default global limit; the verify routes set their own.
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // The API speaks JSON only: anything else is 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain');

  await app.register(helmet);
  // Before any plugin that adds routes (CORS adds the preflight one), so that it sees every route.
  await app.register(auth, {
    privateKeyPem: o.auth?.privateKeyPem,
    issuer: o.auth?.issuer ?? 'hocba-gateway',
    audience: o.auth?.audience ?? 'hocba',
    ttlSeconds: o.auth?.ttlSeconds ?? 15 * 60,
    clock: o.auth?.clock ?? (() => new Date()),
    // Routes of third-party plugins: the OpenAPI pages, and CORS's preflight catch-all (`OPTIONS *`).
    publicPrefixes: ['/docs', '*'],
  });
  await app.register(cors, { origins: o.corsOrigins ?? [] });
  await app.register(rateLimit);
  await app.register(db, { db: o.db, open: o.database });
  await app.register(swagger);
  await app.register(ledger, {
    ledger: o.ledger,
    reader: o.ledgerReader,
    channel: o.channel ?? 'hocba',
    identities: o.identities,
  });

  await app.register(errors);
  await app.register(verifier, { clock: o.clock ?? (() => new Date()), concurrency: 16 });

  await app.register(health);
  await app.register(authRoutes, {
    prefix: '/v1/auth',
    rateLimit: { max: o.rateLimit?.authMax ?? 10, timeWindow: o.rateLimit?.timeWindow ?? '1 minute' },
    clock: o.auth?.clock ?? (() => new Date()),
  });
  await app.register(verify, {
    prefix: '/v1/verify',
    rateLimit: {
      max: o.rateLimit?.max ?? 60,
      bulkMax: o.rateLimit?.bulkMax ?? 10,
      lookupMax: o.rateLimit?.lookupMax ?? 10,
      timeWindow: o.rateLimit?.timeWindow ?? '1 minute',
    },
    bodyLimit: { bundle: 1024 * 1024, bulk: 16 * 1024 * 1024 },
  });

  await app.ready();
  return app;
}
