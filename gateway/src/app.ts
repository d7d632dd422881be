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
import { reportingSubmits } from './ledger/changes.ts';
import type { LedgerClient, LedgerIdentities, LedgerIdentity } from './ledger/index.ts';
import { LedgerCaches } from './ledger-cache.ts';
import { GatewayLogController, loggerOptions } from './logging.ts';
import accessLog, { type AccessLogPluginOptions } from './plugins/app/access-log.ts';
import auth from './plugins/app/auth.ts';
import errors, { frameworkErrors } from './plugins/app/errors.ts';
import inputGuard from './plugins/app/input-guard.ts';
import ledgerCache from './plugins/app/ledger-cache.ts';
import notifier, { type NotificationOptions } from './plugins/app/notifications.ts';
import outbox, { type OutboxOptions } from './plugins/app/outbox.ts';
import verifier from './plugins/app/verifier.ts';
import schoolConsole from './plugins/external/console.ts';
import cors from './plugins/external/cors.ts';
import db from './plugins/external/db.ts';
import helmet from './plugins/external/helmet.ts';
import ledger from './plugins/external/ledger.ts';
import portal from './plugins/external/portal.ts';
import rateLimit from './plugins/external/rate-limit.ts';
import swagger from './plugins/external/swagger.ts';
import health from './routes/health.ts';
import accessLogRoutes from './routes/v1/access-log/index.ts';
import auditRoutes from './routes/v1/audit/index.ts';
import authRoutes from './routes/v1/auth/index.ts';
import batchRoutes, { type DevSignerSource } from './routes/v1/batches/index.ts';
import certificateRoutes from './routes/v1/certificates/index.ts';
import classRoutes from './routes/v1/classes/index.ts';
import correctionRoutes from './routes/v1/corrections/index.ts';
import holderDocuments from './routes/v1/holder/documents.ts';
import holder from './routes/v1/holder/index.ts';
import importRoutes from './routes/v1/imports/index.ts';
import notificationRoutes from './routes/v1/notifications/index.ts';
import oversightRoutes from './routes/v1/oversight/index.ts';
import permissionRoutes from './routes/v1/permissions/index.ts';
import progressRoutes from './routes/v1/progress/index.ts';
import pupilRoutes from './routes/v1/pupils/index.ts';
import reconciliationRoutes from './routes/v1/reconciliations/index.ts';
import documentRoutes from './routes/v1/records/documents.ts';
import recordRoutes from './routes/v1/records/index.ts';
import registryRoutes from './routes/v1/registry/index.ts';
import reportRoutes from './routes/v1/reports/index.ts';
import schoolClassRoutes from './routes/v1/school-classes/index.ts';
import statisticsRoutes from './routes/v1/statistics/index.ts';
import statusRoutes from './routes/v1/status/index.ts';
import transferRoutes from './routes/v1/transfers/index.ts';
import trustAnchorRoutes from './routes/v1/trust-anchors/index.ts';
import userRoutes from './routes/v1/users/index.ts';
import verify from './routes/v1/verify/index.ts';
import windowRoutes from './routes/v1/windows/index.ts';

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
   * login, token and refresh requests, `lookupMax` for the public lookup by code and date of birth.
   * Per login name: `loginFailureMax` wrong passwords within `loginFailureWindowMs`.
   */
  rateLimit?: {
    max?: number;
    bulkMax?: number;
    authMax?: number;
    loginFailureMax?: number;
    loginFailureWindowMs?: number;
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
  /** The built portal to serve at `/` (default: portal/dist). */
  portalRoot?: string;
  /** The built console to serve at `/console/` (default: console/dist). */
  consoleRoot?: string;
  /**
   * The development signer of a school's principal (services/dev-signer.ts): adds
   * POST /v1/batches/:batchId/dev-sign. Never in production, where no signing key reaches the gateway.
   */
  devSigner?: DevSignerSource;
  /**
   * Run the outbox worker (anchors, permissions, revocations, recalls, acceptances, reports) and the
   * reconciler in the background (needs `identities`).
   */
  outbox?: OutboxOptions;
  /** Run the notifier (and its mail sender when SMTP is configured) in the background (issue 14 point 3). */
  notifications?: NotificationOptions;
  /** The access log's batching (services/access-log.ts) and clock (default: now). */
  accessLog?: AccessLogPluginOptions;
  /** The public base URL printed in PDFs' lookup QR codes (default http://127.0.0.1:3000; env PUBLIC_URL). */
  publicUrl?: string;
  /**
   * The verify path's caches (plugins/app/ledger-cache.ts): entries live until a ledger event names their
   * batch, `maxAgeMs` at most (default 5 min; 0 turns them off); `lookupEntries` answers of the public
   * lookup (default 2,000), `viewEntries` ledger views of records (default 100,000).
   */
  verifyCache?: { maxAgeMs?: number; lookupEntries?: number; viewEntries?: number };
}

export interface AuthOptions {
  privateKeyPem?: string | undefined;
  issuer?: string;
  audience?: string;
  ttlSeconds?: number;
  /** A login's refresh tokens live this long at most, rotation included (default 12 hours). */
  refreshTtlSeconds?: number;
  /** The time tokens are issued and checked at (default: now; not the report clock). */
  clock?: () => Date;
}

export async function buildApp(o: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(o.logger),
    genReqId: () => randomUUID(),
    // The verify routes write one line a request of their own (routes/v1/verify/log-line.ts).
    logController: new GatewayLogController(),
    // The default global limit; the verify routes set their own.
    bodyLimit: 1024 * 1024,
    // removeAdditional off: a property the schema does not know (a typo, a field of another route) is a
    // 400 VALIDATION naming it, not silently dropped.
    ajv: { customOptions: { allErrors: true, removeAdditional: false } },
    // The router's refusals (a path parameter over 100 characters, a bad URL) in the documented shape.
    frameworkErrors,
    // Opening the database is a plugin: PGlite's first open (its WASM, loaded on demand, and every
    // migration) takes seconds, more than Fastify's 10 s default on a loaded machine.
    pluginTimeout: 120_000,
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
    // Routes of third-party plugins: the OpenAPI pages, CORS's preflight catch-all (`OPTIONS *`), the portal's
    // static assets.
    publicPrefixes: ['/docs', '*', '/assets/', '/console/assets/'],
    // The database plugin registers later; requests only come once the app is ready.
    db: () => app.db,
  });
  await app.register(cors, { origins: o.corsOrigins ?? [] });
  await app.register(rateLimit);
  await app.register(db, { db: o.db, open: o.database });
  await app.register(swagger);
  // Every write this gateway commits drops what it changes from the verify caches at once, before its event.
  const caches = new LedgerCaches({ maxAgeMs: o.verifyCache?.maxAgeMs ?? 5 * 60_000 });
  await app.register(ledger, {
    ledger: reportingSubmits(o.ledger, (change) => caches.apply(change)),
    reader: o.ledgerReader,
    channel: o.channel ?? 'hocba',
    identities: o.identities,
  });

  await app.register(errors);
  // Before the routes: text the database cannot hold (U+0000) is refused for every one of them.
  await app.register(inputGuard);
  await app.register(ledgerCache, {
    caches,
    capacity: { views: o.verifyCache?.viewEntries ?? 100_000, lookups: o.verifyCache?.lookupEntries ?? 2000 },
  });
  await app.register(verifier, { clock: o.clock ?? (() => new Date()), concurrency: 16 });
  // Before the routes: every read of record content is logged (issue 12 point 7).
  await app.register(accessLog, o.accessLog ?? {});

  await app.register(health);
  await app.register(authRoutes, {
    prefix: '/v1/auth',
    // Per address: a whole school behind one NAT. Guessing is stopped per login name (loginFailures).
    rateLimit: { max: o.rateLimit?.authMax ?? 600, timeWindow: o.rateLimit?.timeWindow ?? '1 minute' },
    loginFailures: {
      maxFailures: o.rateLimit?.loginFailureMax ?? 5,
      windowMs: o.rateLimit?.loginFailureWindowMs ?? 15 * 60_000,
    },
    refreshTtlSeconds: o.auth?.refreshTtlSeconds ?? 12 * 3600,
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
  await app.register(holder, { prefix: '/v1/me' });
  // The record workflow: entry, review, approval, editing windows, lock, signing (issue 6 point 4).
  const workflowClock = o.clock ?? (() => new Date());
  await app.register(recordRoutes, { prefix: '/v1/records', clock: workflowClock, bodyLimit: 64 * 1024 });
  // The học bạ as a PDF, for the school and for the holder (issue 15 point 2).
  const publicUrl = o.publicUrl ?? 'http://127.0.0.1:3000';
  await app.register(documentRoutes, { prefix: '/v1/records', clock: workflowClock, publicUrl });
  await app.register(holderDocuments, { prefix: '/v1/me', clock: workflowClock, publicUrl });
  await app.register(classRoutes, { prefix: '/v1/classes', clock: workflowClock });
  await app.register(windowRoutes, { prefix: '/v1/windows', clock: workflowClock });
  await app.register(batchRoutes, {
    prefix: '/v1/batches',
    clock: workflowClock,
    channel: o.channel ?? 'hocba',
    devSigner: o.devSigner,
  });
  // After lock (issue 6 point 5): status changes, corrections, transfers, reports, the audit log.
  await app.register(statusRoutes, { prefix: '/v1', clock: workflowClock });
  await app.register(permissionRoutes, { prefix: '/v1/permissions', clock: workflowClock });
  await app.register(correctionRoutes, { prefix: '/v1/corrections', clock: workflowClock });
  await app.register(certificateRoutes, { prefix: '/v1', clock: workflowClock });
  await app.register(transferRoutes, { prefix: '/v1/transfers', clock: workflowClock });
  await app.register(reportRoutes, { prefix: '/v1/reports', clock: workflowClock });
  await app.register(auditRoutes, { prefix: '/v1/audit' });
  await app.register(accessLogRoutes, { prefix: '/v1/access-log' });
  await app.register(userRoutes, { prefix: '/v1', clock: workflowClock });
  await app.register(schoolClassRoutes, { prefix: '/v1' });
  // Pupils, class lists and imports from schools' Excel files (issue 13).
  await app.register(pupilRoutes, { prefix: '/v1', clock: workflowClock });
  await app.register(importRoutes, {
    prefix: '/v1/imports',
    clock: workflowClock,
    bodyLimit: 12 * 1024 * 1024,
  });
  // The oversight console's API (issue 14): districts, the province, the Ministry.
  await app.register(oversightRoutes, { prefix: '/v1', clock: workflowClock });
  await app.register(progressRoutes, { prefix: '/v1', clock: workflowClock });
  await app.register(registryRoutes, { prefix: '/v1', clock: workflowClock });
  await app.register(statisticsRoutes, { prefix: '/v1', clock: workflowClock });
  await app.register(reconciliationRoutes, { prefix: '/v1', clock: workflowClock });
  await app.register(trustAnchorRoutes, { prefix: '/v1', clock: workflowClock });
  await app.register(notificationRoutes, { prefix: '/v1', clock: workflowClock });
  if (o.outbox) await app.register(outbox, { ...o.outbox, clock: workflowClock });
  if (o.notifications) await app.register(notifier, { ...o.notifications, clock: workflowClock });
  // The lookup portal at `/` and `/{lookupCode}` (portal/dist).
  await app.register(portal, o.portalRoot === undefined ? {} : { root: o.portalRoot });
  // The school console at `/console/` (console/dist).
  await app.register(schoolConsole, o.consoleRoot === undefined ? {} : { root: o.consoleRoot });

  await app.ready();
  return app;
}
