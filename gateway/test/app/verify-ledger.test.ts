/**
 * GET /v1/verify/ledger/:batchId/:leafIndex through `inject`: the ledger's facts of one record, from which a
 * client computes the same report as the server (valid, revoked), with no token and nothing personal; a
 * stable 4xx for an unknown batch and a bad leaf index, never a 5xx.
 */
import { type AnchorView, pemToDer, verifyBundle } from '@hocba/integrity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, makeWorld, type TestApp, type World } from './helper.ts';

const NAME = 'Trần Văn Bình';
const students = Array.from({ length: 5 }, (_, i) => ({
  recordId: `REC-L-${i}`,
  student: { name: `${NAME} ${i}`, dateOfBirth: `2014-03-0${i + 1}` },
  results: { toan: { level: 'T', score: 9 } },
}));
const SCHOOL = 'SCH-QN-001';
const ORGS = ['DoetMSP', 'District1MSP'];

let w: World;
let app: TestApp;
let locked: Awaited<ReturnType<World['lockBatch']>>;
let batchId: string;

const get = (url: string) => app.inject({ method: 'GET', url });
const bundleFor = (i: number) =>
  w.bundleOf(SCHOOL, locked, students, i, ['/recordId', '/student', '/results']);
/** The report a client computes from the answer, as the CLI and the portal do. */
const reportFrom = (i: number, facts: { anchor: AnchorView; trustAnchors: string[] }) =>
  verifyBundle(bundleFor(i), {
    anchor: facts.anchor,
    trustAnchors: facts.trustAnchors.flatMap((p) => pemToDer(p, 'CERTIFICATE')),
    now: w.now,
  });

beforeAll(async () => {
  w = await makeWorld();
  app = await makeApp(w, { rateLimit: { max: 1000 } });
  locked = await w.lockBatch(SCHOOL, students);
  batchId = locked.manifest.batchId;
  await w.anchor(SCHOOL, locked.args);
  await w.submit(
    'batch:grantPermission',
    [batchId, 'revoke', '2026-12-31T00:00:00Z', 'QĐ 5/QĐ-SGDĐT'],
    w.ids.province!,
    ORGS,
  );
  await w.submit(
    'batch:revokeRecord',
    [batchId, '3', 'FRAUD', 'QĐ 6/QĐ-THKĐ'],
    w.schools[SCHOOL]!.principal,
    ORGS,
  );
});

afterAll(async () => {
  await app?.close();
  // No answer of this file may be a server error.
  expect(app.statuses.filter((s) => s >= 500)).toEqual([]);
});

describe('GET /v1/verify/ledger/:batchId/:leafIndex', () => {
  it('answers the anchor and the trust anchors, without a token, from which the record verifies valid', async () => {
    const res = await get(`/v1/verify/ledger/${batchId}/1`);
    expect(res.statusCode).toBe(200);
    const { ledger } = res.json();
    expect(Object.keys(res.json())).toEqual(['ledger']);
    expect(ledger.anchor).toMatchObject({
      found: true,
      batchId,
      schoolId: SCHOOL,
      root: locked.manifest.root,
      state: 'anchored',
      blockNumber: expect.any(Number),
      txId: expect.any(String),
    });
    expect(ledger.anchor.revocation).toBeUndefined();
    expect(ledger.trustAnchors).toHaveLength(1);
    expect(ledger.trustAnchors[0]).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect((await reportFrom(1, ledger)).verdict).toBe('valid');
  });

  it('says a revoked record is revoked, with the reason and legal basis, and the client reports it so', async () => {
    const res = await get(`/v1/verify/ledger/${batchId}/3`);
    expect(res.statusCode).toBe(200);
    const { ledger } = res.json();
    expect(ledger.anchor.revocation).toMatchObject({ reasonCode: 'FRAUD', legalBasis: 'QĐ 6/QĐ-THKĐ' });
    const report = await reportFrom(3, ledger);
    expect(report.verdict).toBe('invalid');
    expect(report.steps.find((s) => s.step === 'status')).toMatchObject({
      outcome: 'fail',
      code: 'STATUS_REVOKED',
    });
    // The facts are of this record: its neighbour's are not revoked.
    expect((await get(`/v1/verify/ledger/${batchId}/4`)).json().ledger.anchor.revocation).toBeUndefined();
  });

  it('holds nothing personal: no name, no date of birth, no record id', async () => {
    const text = (await get(`/v1/verify/ledger/${batchId}/0`)).body;
    expect(text).not.toContain(NAME);
    expect(text).not.toContain('2014-03-01');
    expect(text).not.toContain('REC-L-0');
  });

  it('an unknown batch → 404 BATCH_NOT_FOUND', async () => {
    const res = await get('/v1/verify/ledger/B-NO-SUCH-BATCH/0');
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({
      code: 'BATCH_NOT_FOUND',
      message: { vi: expect.any(String), en: expect.any(String) },
    });
  });

  it.each([
    ['not a number', 'x'],
    ['negative', '-1'],
    ['a fraction', '1.5'],
    ['too large', '10000000'],
  ])('a leaf index that is %s → 400 VALIDATION at /leafIndex', async (_what, leaf) => {
    const res = await get(`/v1/verify/ledger/${batchId}/${leaf}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION');
    expect(res.json().error.problems).toEqual([
      expect.objectContaining({ in: 'params', path: '/leafIndex' }),
    ]);
  });

  it('a leaf index past the batch’s last record → 400 VALIDATION at /leafIndex', async () => {
    const res = await get(`/v1/verify/ledger/${batchId}/${students.length}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'VALIDATION',
      problems: [{ in: 'params', path: '/leafIndex', message: expect.any(String) }],
    });
  });

  it('a batch id that is not an identifier → 400 VALIDATION at /batchId', async () => {
    const res = await get('/v1/verify/ledger/-bad~id/0');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems).toEqual([expect.objectContaining({ in: 'params', path: '/batchId' })]);
  });
});
