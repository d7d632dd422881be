/**
 * The public verify API through `inject`: reports for valid, tampered, revoked and unanchored records,
 * bulk in order, and a stable 4xx code for every kind of bad input — never a 5xx, never a name in the log.
 */
import type { OpenedDatabase } from '@hocba/db';
import type { ProofBundle } from '@hocba/integrity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedLedgerClient } from '../../src/ledger/index.ts';
import { openTestDb, seedVerifier, verifierToken } from '../auth/fixtures.ts';
import { makeApp, makeWorld, type TestApp, type World } from './helper.ts';

const NAME = 'Hoàng Thị Lan';
const students = Array.from({ length: 9 }, (_, i) => ({
  recordId: `REC-${i}`,
  student: { name: `${NAME} ${i}`, dateOfBirth: `2014-02-1${i}`, ethnicity: 'Kinh' },
  results: { toan: { level: 'T', score: 9 }, tiengViet: { level: 'H', score: 7 - (i % 2) } },
  overall: 'HTT',
}));
const SCHOOL = 'SCH-QN-001';
const ORGS = ['DoetMSP', 'District1MSP'];

let w: World;
let app: TestApp;
let database: OpenedDatabase;
/** Bulk verify is for verifier clients: a client-credentials token. */
let bearer: string;
let anchored: Awaited<ReturnType<typeof lockAndAnchor>>;

async function lockAndAnchor(anchor = true) {
  const locked = await w.lockBatch(SCHOOL, students);
  if (anchor) await w.anchor(SCHOOL, locked.args);
  // Full disclosure: the student's name travels in the bundle, so the log test means something.
  const bundleFor = (i: number): ProofBundle =>
    w.bundleOf(SCHOOL, locked, students, i, ['/recordId', '/student', '/results', '/overall']);
  return { ...locked, bundleFor };
}

function tampered(b: ProofBundle): ProofBundle {
  const t = structuredClone(b);
  const score = t.disclosure.fields.find((f) => f.pointer === '/results/toan/score')!;
  (score as { value: unknown }).value = 10;
  return t;
}

const post = (url: string, payload: unknown) =>
  app.inject({
    method: 'POST',
    url,
    payload: payload as object,
    ...(url.endsWith('/bulk') && { headers: { authorization: `Bearer ${bearer}` } }),
  });
const failing = (r: { steps: { outcome: string; step: string; code: string }[] }) =>
  r.steps.filter((s) => s.outcome === 'fail').map((s) => `${s.step}:${s.code}`);

beforeAll(async () => {
  [w, database] = await Promise.all([makeWorld(), openTestDb()]);
  app = await makeApp(w, { db: database.db, rateLimit: { max: 1000, bulkMax: 1000 } });
  bearer = await verifierToken(app, await seedVerifier(database.db));
  anchored = await lockAndAnchor();
  await w.submit(
    'batch:grantPermission',
    [anchored.manifest.batchId, 'revoke', '2026-12-31T00:00:00Z', 'QĐ 5/QĐ-SGDĐT'],
    w.ids.province!,
    ORGS,
  );
  await w.submit(
    'batch:revokeRecord',
    [anchored.manifest.batchId, '6', 'CORRECTION', 'QĐ 6/QĐ-THKĐ'],
    w.schools[SCHOOL]!.principal,
    ORGS,
  );
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('POST /v1/verify/bundle', () => {
  it('reports a valid record with each step passed', async () => {
    const res = await post('/v1/verify/bundle', anchored.bundleFor(4));
    expect(res.statusCode).toBe(200);
    const { report } = res.json();
    expect(report.verdict).toBe('valid');
    expect(report.steps.map((s: { step: string }) => s.step)).toEqual([
      'integrity',
      'inclusion',
      'anchor',
      'signature',
      'signer',
      'status',
    ]);
    expect(
      report.steps.every(
        (s: { outcome: string; message: { vi: string } }) => s.outcome === 'pass' && s.message.vi,
      ),
    ).toBe(true);
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('answers 200 for a tampered record: invalid, failing at integrity', async () => {
    const res = await post('/v1/verify/bundle', tampered(anchored.bundleFor(2)));
    expect(res.statusCode).toBe(200);
    expect(res.json().report.verdict).toBe('invalid');
    expect(failing(res.json().report)).toEqual(['integrity:INTEGRITY_LEAF_MISMATCH']);
  });

  it('reports a revoked record as STATUS_REVOKED', async () => {
    const res = await post('/v1/verify/bundle', anchored.bundleFor(6));
    expect(res.statusCode).toBe(200);
    expect(failing(res.json().report)).toEqual(['status:STATUS_REVOKED']);
  });

  it('reports a batch the ledger does not have as ANCHOR_NOT_FOUND', async () => {
    const unanchored = await lockAndAnchor(false);
    const res = await post('/v1/verify/bundle', unanchored.bundleFor(0));
    expect(res.statusCode).toBe(200);
    expect(res.json().report.steps.find((s: { step: string }) => s.step === 'anchor')).toMatchObject({
      outcome: 'fail',
      code: 'ANCHOR_NOT_FOUND',
    });
  });
});

describe('bad input', () => {
  it('malformed JSON → 400 BAD_JSON', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/verify/bundle',
      headers: { 'content-type': 'application/json' },
      payload: '{"version": "hocba.bundle/v1", ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'BAD_JSON',
      message: { vi: expect.any(String), en: expect.any(String) },
    });
  });

  it('a bundle missing fields → 400 VALIDATION listing the paths', async () => {
    const { leaf: _l, inclusion, ...rest } = anchored.bundleFor(1);
    const res = await post('/v1/verify/bundle', { ...rest, inclusion: { ...inclusion, leafIndex: -1 } });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('VALIDATION');
    expect(error.problems.map((p: { path: string }) => p.path).sort()).toEqual([
      '/inclusion/leafIndex',
      '/leaf',
    ]);
  });

  it('an oversized body → 413 PAYLOAD_TOO_LARGE', async () => {
    const big = { ...anchored.bundleFor(1), manifest: { padding: 'x'.repeat(1100 * 1024) } };
    const res = await post('/v1/verify/bundle', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a body that is not JSON → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/verify/bundle',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('an unknown route → 404 NOT_FOUND', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });
});

describe('POST /v1/verify/bulk', () => {
  it('returns the reports in the order of the bundles', async () => {
    const res = await post('/v1/verify/bulk', {
      bundles: [anchored.bundleFor(4), tampered(anchored.bundleFor(3)), anchored.bundleFor(6)],
    });
    expect(res.statusCode).toBe(200);
    const { reports } = res.json();
    expect(reports.map((r: { verdict: string }) => r.verdict)).toEqual(['valid', 'invalid', 'invalid']);
    expect(failing(reports[1])).toEqual(['integrity:INTEGRITY_LEAF_MISMATCH']);
    expect(failing(reports[2])).toEqual(['status:STATUS_REVOKED']);
  });

  it('reads the records of one batch in one ledger query; a leaf past the batch is not found, the others answered', async () => {
    // A fresh app (empty caches) over a client that counts the ledger's queries.
    const reads: string[] = [];
    const inner = new EmbeddedLedgerClient(w.ledger);
    const counted = await makeApp(w, {
      db: database.db,
      rateLimit: { max: 1000, bulkMax: 1000 },
      ledger: {
        submit: (fn, args, o) => inner.submit(fn, args, o),
        evaluate: (fn, args, id) => {
          reads.push(fn);
          return inner.evaluate(fn, args, id);
        },
        transaction: (txId) => inner.transaction(txId),
        events: (from, o) => inner.events(from, o),
        height: () => inner.height(),
        close: async () => {},
      },
    });
    try {
      const token = await verifierToken(counted, await seedVerifier(database.db));
      const bulk = (bundles: ProofBundle[]) =>
        counted.inject({
          method: 'POST',
          url: '/v1/verify/bulk',
          payload: { bundles },
          headers: { authorization: `Bearer ${token}` },
        });
      const mine = [0, 1, 2, 4, 5, 6].map((i) => anchored.bundleFor(i));
      const res = await bulk(mine);
      expect(res.statusCode).toBe(200);
      expect(res.json().reports.map((r: { verdict: string }) => r.verdict)).toEqual([
        'valid',
        'valid',
        'valid',
        'valid',
        'valid',
        'invalid',
      ]);
      expect(failing(res.json().reports[5])).toEqual(['status:STATUS_REVOKED']);
      expect(reads.filter((f) => f.startsWith('batch:'))).toEqual(['batch:getRecordViews']);
      // The same reports as one bundle at a time (getRecordView each), checkedAt aside.
      for (const [i, b] of mine.entries()) {
        const one = (await post('/v1/verify/bundle', b)).json().report;
        expect({ ...res.json().reports[i], checkedAt: one.checkedAt }).toEqual(one);
      }
      // A leaf index past the batch's size refuses the batch's query: each record is then read alone.
      const stray = {
        ...anchored.bundleFor(7),
        inclusion: { ...anchored.bundleFor(7).inclusion, leafIndex: 99 },
      };
      reads.length = 0;
      const mixed = await bulk([stray, anchored.bundleFor(8)]);
      expect(mixed.statusCode).toBe(200);
      const [bad, good] = mixed.json().reports;
      expect(bad.steps.find((x: { step: string }) => x.step === 'anchor').code).toBe('ANCHOR_NOT_FOUND');
      expect(good.verdict).toBe('valid');
      expect(reads.filter((f) => f.startsWith('batch:')).sort()).toEqual([
        'batch:getRecordView',
        'batch:getRecordView',
        'batch:getRecordViews',
      ]);
    } finally {
      await counted.close();
    }
  });

  it('refuses more than 1 000 bundles with 400 TOO_MANY', async () => {
    const one = anchored.bundleFor(0);
    const res = await post('/v1/verify/bulk', { bundles: Array.from({ length: 1001 }, () => one) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('TOO_MANY');
  });

  it('says which bundle of a bulk call is malformed', async () => {
    const { cms: _c, ...noCms } = anchored.bundleFor(0);
    const res = await post('/v1/verify/bulk', { bundles: [anchored.bundleFor(0), noCms] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems).toEqual([
      expect.objectContaining({ in: 'body', path: '/bundles/1/cms' }),
    ]);
  });
});

describe('the service around the routes', () => {
  it('GET /health says the ledger is reachable', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', ledger: 'reachable' });
  });

  it('serves an OpenAPI 3.1 document listing the routes at /docs/json', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/health', '/v1/verify/bundle', '/v1/verify/bulk']),
    );
    expect(doc.paths['/v1/verify/bundle'].post.responses).toHaveProperty('200');
  });

  it('rate-limits: the (limit+1)-th request → 429 RATE_LIMITED', async () => {
    const limited = await makeApp(w, {
      db: database.db,
      rateLimit: { max: 3, bulkMax: 3, timeWindow: 60_000 },
    });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await limited.inject({
          method: 'POST',
          url: '/v1/verify/bundle',
          payload: anchored.bundleFor(0),
        });
        codes.push(r.statusCode);
        if (i === 3) expect(r.json().error.code).toBe('RATE_LIMITED');
      }
      expect(codes).toEqual([200, 200, 200, 429]);
      expect(limited.statuses.every((s) => s < 500)).toBe(true);
    } finally {
      await limited.close();
    }
  });

  it('logs each lookup by batch, leaf and verdict, with request ids and no personal data', () => {
    const lines = app.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    const lookups = lines.filter((l) => l.msg === 'verify');
    expect(lookups.length).toBeGreaterThan(5);
    for (const l of lookups) {
      expect(l).toMatchObject({
        batchId: expect.any(String),
        leafIndex: expect.any(Number),
        verdict: expect.any(String),
      });
      expect(l.reqId).toBeTruthy();
    }
    const text = app.logs.join('\n');
    expect(text).not.toContain('Hoàng');
    expect(text).not.toContain('Lan ');
    expect(text).not.toContain('2014-02-1');
  });

  it('never answered with a 5xx', () => {
    expect(app.statuses.length).toBeGreaterThan(10);
    expect(app.statuses.filter((s) => s >= 500)).toEqual([]);
  });
});
