/**
 * The report memo (verify-cache.ts): a report is reused only for the very same bundle, trust anchors and
 * ledger view, restamped with the time of the request; and through the app, a record verified (and
 * memoized) as valid is reported revoked as soon as the ledger says so — the status is never cached.
 */
import { batches, batchMembers, recordVersions } from '@hocba/db';
import type { AnchorView, VerificationReport } from '@hocba/integrity';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupBundle } from '../../src/lookup/service.ts';
import { runOutboxWorker } from '../../src/services/index.ts';
import { ReportCache } from '../../src/verify-cache.ts';
import {
  lockAndSign,
  type Province,
  SCHOOL,
  type Seeded,
  seededDatabase,
  seedVersions,
  startProvince,
  workerParties,
} from '../services/fixtures.ts';
import { makeApp, type TestApp } from './helper.ts';

const view = (over: Partial<AnchorView> = {}): AnchorView => ({
  found: true,
  channel: 'hocba',
  batchId: 'B-1',
  schoolId: SCHOOL,
  root: 'ab'.repeat(32),
  manifestHash: 'cd'.repeat(32),
  cmsHash: 'ef'.repeat(32),
  txId: 'tx-1',
  anchoredAt: '2026-06-01T00:00:00.000Z',
  state: 'anchored',
  ...over,
});

/** A compute function that counts its calls and stamps `now` as verifyBundle does. */
function counter(now: Date, verdict: VerificationReport['verdict'] = 'valid') {
  const calls = { n: 0 };
  const compute = async (): Promise<VerificationReport> => {
    calls.n++;
    return { verdict, steps: [], checkedAt: now.toISOString() };
  };
  return { calls, compute };
}

describe('ReportCache', () => {
  const bundle = { leaf: '00'.repeat(32), disclosure: { fields: [], hidden: [] } };
  const anchors = [new Uint8Array([1, 2, 3])];
  const t1 = new Date('2026-07-01T00:00:00.000Z');
  const t2 = new Date('2026-07-02T00:00:00.000Z');

  it('computes once for the same inputs and restamps the remembered report', async () => {
    const cache = new ReportCache(10);
    const c = counter(t1);
    const a = await cache.report({ bundle, trustAnchors: anchors, anchor: view() }, t1, c.compute);
    const b = await cache.report(
      { bundle: structuredClone(bundle), trustAnchors: [new Uint8Array([1, 2, 3])], anchor: view() },
      t2,
      c.compute,
    );
    expect(c.calls.n).toBe(1);
    expect(a.checkedAt).toBe(t1.toISOString());
    expect(b).toEqual({ ...a, checkedAt: t2.toISOString() });
    expect(cache.stats()).toEqual({ hits: 1, misses: 1, size: 1 });
  });

  it('computes again when the ledger view, the trust anchors or the bundle differ', async () => {
    const cache = new ReportCache(10);
    const c = counter(t1);
    const base = { bundle, trustAnchors: anchors, anchor: view() };
    await cache.report(base, t1, c.compute);
    await cache.report(
      { ...base, anchor: view({ revocation: { reasonCode: 'CORRECTION', legalBasis: 'QĐ 6', at: 'x' } }) },
      t1,
      c.compute,
    );
    await cache.report({ ...base, anchor: view({ state: 'recalled' }) }, t1, c.compute);
    await cache.report({ ...base, trustAnchors: [new Uint8Array([1, 2, 4])] }, t1, c.compute);
    await cache.report({ ...base, trustAnchors: [] }, t1, c.compute);
    await cache.report({ ...base, bundle: { ...bundle, leaf: '01'.repeat(32) } }, t1, c.compute);
    await cache.report({ ...base, anchor: { found: false, batchId: 'B-1' } }, t1, c.compute);
    expect(c.calls.n).toBe(7);
    await cache.report(base, t1, c.compute);
    expect(c.calls.n).toBe(7);
  });

  it('keeps at most its capacity, dropping the least recently used; capacity 0 keeps nothing', async () => {
    const cache = new ReportCache(2);
    const c = counter(t1);
    const at = (i: number) => ({ bundle: { i }, trustAnchors: anchors, anchor: view() });
    await cache.report(at(1), t1, c.compute);
    await cache.report(at(2), t1, c.compute);
    await cache.report(at(1), t1, c.compute); // 1 is now the most recent
    await cache.report(at(3), t1, c.compute); // drops 2
    expect(cache.stats().size).toBe(2);
    await cache.report(at(1), t1, c.compute);
    expect(c.calls.n).toBe(3);
    await cache.report(at(2), t1, c.compute);
    expect(c.calls.n).toBe(4);

    const none = new ReportCache(0);
    const d = counter(t1);
    await none.report(at(1), t1, d.compute);
    await none.report(at(1), t1, d.compute);
    expect(d.calls.n).toBe(2);
  });

  it('a caller cannot change the remembered report: the computed one and a remembered one are both frozen', async () => {
    const cache = new ReportCache(10);
    const compute = async (): Promise<VerificationReport> => ({
      verdict: 'valid',
      steps: [{ step: 'integrity', outcome: 'pass', code: 'OK', message: { vi: 'a', en: 'a' } }],
      checkedAt: t1.toISOString(),
    });
    const inputs = { bundle, trustAnchors: anchors, anchor: view() };
    const first = await cache.report(inputs, t1, compute);
    expect(first.checkedAt).toBe(t1.toISOString());
    // Not copied for the memo (issue 16: a thousand copies in a bulk call): frozen before it is handed out.
    expect(() => {
      first.steps[0]!.outcome = 'fail';
    }).toThrow(TypeError);
    first.checkedAt = 'changed';
    const again = await cache.report(inputs, t2, compute);
    expect(again.steps[0]!.outcome).toBe('pass');
    expect(() => {
      again.steps.length = 0;
    }).toThrow(TypeError);
    expect(() => {
      again.steps[0]!.outcome = 'fail';
    }).toThrow(TypeError);
    again.checkedAt = 'changed';
    const third = await cache.report(inputs, t2, compute);
    expect(third.steps).toHaveLength(1);
    expect(third.steps[0]!.outcome).toBe('pass');
    expect(third.checkedAt).toBe(t2.toISOString());
  });
});

describe('the memo behind POST /v1/verify/bundle', () => {
  const ORGS = ['DoetMSP', 'District1MSP'];
  let p: Province;
  let s: Seeded;
  let app: TestApp;
  let batchId: string;

  beforeAll(async () => {
    [p, s] = await Promise.all([startProvince(), seededDatabase()]);
    const ids = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, 2);
    batchId = (await lockAndSign(s.db, p.world, SCHOOL, ids)).batchId;
    const [outcome] = await runOutboxWorker({ db: s.db, ledger: p.ledger, ...workerParties(p.world) }).tick();
    expect(outcome).toMatchObject({ batchId, outcome: 'submitted' });
    app = await makeApp(p.world, { db: s.db, rateLimit: { max: 1000, lookupMax: 1000 } });
  }, 120_000);
  /** The bundle of a member as the lookup builds it (lookup/service.ts), from the stored rows. */
  async function bundleOf(batch: string, leafIndex: number) {
    const [row] = await s.db
      .select({ version: recordVersions, member: batchMembers, batch: batches })
      .from(batchMembers)
      .innerJoin(recordVersions, eq(recordVersions.id, batchMembers.recordVersionId))
      .innerJoin(batches, eq(batches.id, batchMembers.batchId))
      .where(and(eq(batchMembers.batchId, batch), eq(batchMembers.leafIndex, leafIndex)));
    const { version, member, batch: b } = row!;
    const answer = await lookupBundle(
      s.db,
      {
        recordVersionId: version.id,
        canonicalText: version.canonicalText!,
        salt: version.salt!,
        saltScheme: version.saltScheme,
        leafHash: version.leafHash!,
        batch: {
          id: b.id,
          leafIndex: member.leafIndex,
          inclusionProof: member.inclusionProof,
          leafCount: b.leafCount!,
          manifestText: b.manifestText,
          cms: b.cms,
          signerCertFingerprint: b.signerCertFingerprint,
        },
      },
      async () => undefined,
    );
    return answer.bundle;
  }

  afterAll(async () => {
    await app?.close();
    await s?.close();
  });

  it('reports a memoized valid record revoked as soon as the ledger revokes it', async () => {
    const bundle = await bundleOf(batchId, 1);
    const post = () => app.inject({ method: 'POST', url: '/v1/verify/bundle', payload: bundle });
    const first = (await post()).json().report;
    const second = (await post()).json().report;
    expect(first.verdict).toBe('valid');
    expect(second.steps).toEqual(first.steps);

    await p.world.submit(
      'batch:grantPermission',
      [batchId, 'revoke', '2026-12-31T00:00:00Z', 'QĐ 5/QĐ-SGDĐT'],
      p.world.ids.province!,
      ORGS,
    );
    await p.world.submit(
      'batch:revokeRecord',
      [batchId, '1', 'CORRECTION', 'QĐ 6/QĐ-THKĐ'],
      p.world.schools[SCHOOL]!.principal,
      ORGS,
    );
    const after = (await post()).json().report;
    expect(after.verdict).toBe('invalid');
    expect(
      after.steps
        .filter((x: { outcome: string }) => x.outcome !== 'pass')
        .map((x: { code: string }) => x.code),
    ).toEqual(['STATUS_REVOKED']);
    expect(app.statuses.every((c) => c === 200)).toBe(true);
  });
});
