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
import Fastify, { type FastifyInstance } from 'fastify';
import type { LedgerClient, LedgerIdentity } from './ledger/index.ts';
import { loggerOptions } from './logging.ts';
import errors from './plugins/app/errors.ts';
import verifier from './plugins/app/verifier.ts';
import cors from './plugins/external/cors.ts';
import helmet from './plugins/external/helmet.ts';
import ledger from './plugins/external/ledger.ts';
import rateLimit from './plugins/external/rate-limit.ts';
import swagger from './plugins/external/swagger.ts';
import health from './routes/health.ts';
import verify from './routes/v1/verify/index.ts';

export interface AppOptions {
  ledger: LedgerClient;
  /** The gateway's read-only ledger identity, for the public verify routes. */
  ledgerReader: LedgerIdentity;
  channel?: string;
  /** Fastify's logger option (pino options, e.g. a level and a stream); redaction is always added. */
  logger?: boolean | Record<string, unknown>;
  /** Per client IP and window: `max` for single verifications, `bulkMax` for bulk calls. */
  rateLimit?: { max?: number; bulkMax?: number; timeWindow?: number | string };
  /** Origins allowed to call the API from a browser (the portal, when served elsewhere). */
  corsOrigins?: readonly string[];
  /** The time reports are made at (default: now). */
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
  await app.register(cors, { origins: o.corsOrigins ?? [] });
  await app.register(rateLimit);
  await app.register(swagger);
  await app.register(ledger, { ledger: o.ledger, reader: o.ledgerReader, channel: o.channel ?? 'hocba' });

  await app.register(errors);
  await app.register(verifier, { clock: o.clock ?? (() => new Date()), concurrency: 16 });

  await app.register(health);
  await app.register(verify, {
    prefix: '/v1/verify',
    rateLimit: {
      max: o.rateLimit?.max ?? 60,
      bulkMax: o.rateLimit?.bulkMax ?? 10,
      timeWindow: o.rateLimit?.timeWindow ?? '1 minute',
    },
    bodyLimit: { bundle: 1024 * 1024, bulk: 16 * 1024 * 1024 },
  });

  await app.ready();
  return app;
}
