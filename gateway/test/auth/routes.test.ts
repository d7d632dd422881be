/**
 * Every route declares its permission, and the auth hook enforces it: the public verify routes stay open,
 * bulk verify needs a verifier token (401 without one, 403 FORBIDDEN for another role, 200 for the
 * verifier).
 */
import type { OpenedDatabase } from '@hocba/db';
import type { ProofBundle } from '@hocba/integrity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { isPermission } from '../../src/auth/policy.ts';
import { EmbeddedLedgerClient, type LedgerClient } from '../../src/ledger/index.ts';
import { makeApp, makeWorld, type TestApp, type World } from '../app/helper.ts';
import {
  type Geo,
  openTestDb,
  seedGeo,
  seedUser,
  seedVerifier,
  userToken,
  verifierToken,
} from './fixtures.ts';

let w: World;
let database: OpenedDatabase;
let geo: Geo;
let app: TestApp;
let bundle: ProofBundle;
const SCHOOL = 'SCH-QN-001';

beforeAll(async () => {
  [w, database] = await Promise.all([makeWorld(), openTestDb()]);
  geo = await seedGeo(database.db);
  app = await makeApp(w, { db: database.db, rateLimit: { authMax: 1000, bulkMax: 1000 } });
  await seedUser(database.db, { login: 'hs.an', grants: [{ role: 'student', studentId: geo.studentId }] });
  const record = { recordId: 'REC-0', student: { name: 'Trần Văn An' }, overall: 'HTT' };
  const locked = await w.lockBatch(SCHOOL, [record]);
  await w.anchor(SCHOOL, locked.args);
  bundle = w.bundleOf(SCHOOL, locked, [record], 0, ['/recordId', '/overall']);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('route permissions', () => {
  it('every route declares a permission from the policy table, or public', async () => {
    const client = new EmbeddedLedgerClient(w.ledger);
    // The world's ledger outlives these apps: closing them must not close it.
    const unclosable: LedgerClient = {
      submit: client.submit.bind(client),
      evaluate: client.evaluate.bind(client),
      transaction: client.transaction.bind(client),
      events: client.events.bind(client),
      close: async () => {},
    };
    const built = await buildApp({
      ledger: unclosable,
      ledgerReader: w.ids.auditor!,
      db: database.db,
      logger: false,
    });
    try {
      const routes = built.routePermissions;
      expect(routes.length).toBeGreaterThan(5);
      const undeclared = routes
        .filter((r) => r.permission !== 'public' && !isPermission(r.permission))
        .map((r) => `${r.method} ${r.url}`);
      expect(undeclared).toEqual([]);
      // The entries are Fastify's routes, not a list kept by hand.
      // (CORS registers its preflight catch-all with a constraint, which hasRoute does not match.)
      for (const r of routes.filter((x) => x.url !== '*'))
        expect(built.hasRoute({ method: r.method, url: r.url }), r.url).toBe(true);
      // Routes Fastify derives from a declared one (HEAD, a trailing slash) and CORS's preflight pass.
      const cors = await buildApp({
        ledger: unclosable,
        ledgerReader: w.ids.auditor!,
        db: database.db,
        logger: false,
        corsOrigins: ['https://portal.example'],
      });
      try {
        for (const req of [
          { method: 'GET', url: '/docs/' },
          { method: 'HEAD', url: '/health' },
          {
            method: 'OPTIONS',
            url: '/v1/verify/bundle',
            headers: { origin: 'https://portal.example', 'access-control-request-method': 'POST' },
          },
        ] as const) {
          const res = await cors.inject(req);
          expect(res.statusCode, `${req.method} ${req.url}`).toBeLessThan(400);
        }
      } finally {
        await cors.close();
      }
      const declared = Object.fromEntries(routes.map((r) => [`${r.method} ${r.url}`, r.permission]));
      expect(declared).toMatchObject({
        'GET /health': 'public',
        'POST /v1/auth/login': 'public',
        'POST /v1/auth/token': 'public',
        'POST /v1/verify/bundle': 'public',
        'POST /v1/verify/bulk': 'verify.bulk',
        'GET /docs/json': 'public',
        'OPTIONS *': 'public',
      });
    } finally {
      await built.close();
    }
  });
});

describe('POST /v1/verify/bulk needs a verifier token', () => {
  const bulk = (authorization?: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/verify/bulk',
      payload: { bundles: [bundle] },
      ...(authorization && { headers: { authorization } }),
    });

  it('without a token → 401 UNAUTHENTICATED', async () => {
    const res = await bulk();
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('with a student’s token → 403 FORBIDDEN', async () => {
    const res = await bulk(`Bearer ${await userToken(app, 'hs.an')}`);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
  });

  it('with a verifier token → 200 and the reports', async () => {
    const res = await bulk(`Bearer ${await verifierToken(app, await seedVerifier(database.db))}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().reports.map((r: { verdict: string }) => r.verdict)).toEqual(['valid']);
  });

  it('while POST /v1/verify/bundle stays public', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/verify/bundle', payload: bundle });
    expect(res.statusCode).toBe(200);
    expect(res.json().report.verdict).toBe('valid');
  });
});
