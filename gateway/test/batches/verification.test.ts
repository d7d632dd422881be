/**
 * GET /v1/batches/:batchId/verification, POST /v1/batches/verification and POST /v1/batches/accept (issue 14,
 * the district's acceptance):
 * a good batch passes every check with its signer's certificate and the ledger's anchor; a batch whose
 * manifest hash, members or state the database changed behind the gateway's back fails the check that
 * sees it, and is not acceptable; a batch not yet signed or anchored says so; the remit (another district
 * 403, a school's principal 403, an unknown batch 404); checking many answers each as the single check and
 * reads what they share from the ledger once; accepting many queues each acceptance, refuses
 * per batch with its code, and refuses the whole request before queuing anything when one batch is
 * another district's.
 */
import { batches, batchMembers, statusEvents } from '@hocba/db';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LedgerClient } from '../../src/ledger/index.ts';
import { VERIFY_MANY_MAX } from '../../src/routes/v1/batches/verification.ts';
import { verifyBatches } from '../../src/services/batch-verification.ts';
import { lockBatch } from '../../src/services/index.ts';
import {
  anchoredBatch,
  type Env,
  FAR_SCHOOL,
  ledgerRead,
  makeEnv,
  SCHOOL,
  YEAR,
} from '../after-lock/helpers.ts';
import { seedVersions } from '../services/fixtures.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let env: Env;
const code = (res: { json(): unknown }) => (res.json() as { error: { code: string } }).error.code;

interface Verification {
  batchId: string;
  schoolName: string;
  className: string | null;
  state: string;
  recordCount: number;
  leafCount: number | null;
  ok: boolean;
  acceptable: boolean;
  checks: { name: string; outcome: string; code?: string }[];
  signer: { registration: string; subject: string; serialNumber: string; signingTime: string | null } | null;
  anchor: { txId: string; blockNumber: number | null; anchoredAt: string; ledgerState: string } | null;
  comparison: { field: string; database: string | null; ledger: string | null; match: boolean }[];
}
const verification = async (batchId: string, who: Parameters<Env['call']>[0] = 'district1') => {
  const res = await env.call(who, 'GET', `/v1/batches/${batchId}/verification`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Verification;
};
/** A change made behind the gateway's back: with the triggers that refuse it switched off, as a superuser can. */
async function behindBack(
  f: (tx: Parameters<Parameters<Env['s']['db']['transaction']>[0]>[0]) => Promise<unknown>,
) {
  await env.s.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    await f(tx);
  });
}
const failed = (v: Verification) =>
  v.checks.filter((c) => c.outcome !== 'pass').map((c) => `${c.name}:${c.outcome}:${c.code}`);

beforeAll(async () => {
  env = await makeEnv();
});
afterAll(async () => {
  await env?.close();
});

describe('verification', () => {
  it('a good batch passes every check, with its signer and its anchor read back from the ledger', async () => {
    const { batchId } = await anchoredBatch(env, 2);
    const v = await verification(batchId);
    expect(failed(v)).toEqual([]);
    expect(v).toMatchObject({ ok: true, acceptable: true, state: 'anchored', recordCount: 2, leafCount: 2 });
    expect(v.checks.map((c) => c.name)).toEqual(['manifest', 'signature', 'signer', 'anchor', 'records']);
    expect(v.signer).toMatchObject({ registration: 'approved' });
    expect(v.signer!.serialNumber).toMatch(/^[0-9a-f]+$/);
    const onLedger = await ledgerRead(env, 'batch:getBatch', [batchId]);
    expect(v.anchor).toMatchObject({ txId: onLedger.anchorTxId, ledgerState: 'anchored' });
    expect(v.anchor!.blockNumber).toEqual(expect.any(Number));
    expect(v.comparison.map((c) => c.field)).toEqual([
      'root',
      'manifestHash',
      'cmsHash',
      'state',
      'txId',
      'blockNumber',
    ]);
    expect(v.comparison.every((c) => c.match && c.database !== null)).toBe(true);
    // The province and the Ministry read it too.
    expect((await verification(batchId, 'province')).ok).toBe(true);
    expect((await verification(batchId, 'ministry')).ok).toBe(true);
  });

  it('a manifest hash changed in the database fails the manifest and the anchor checks', async () => {
    const { batchId } = await anchoredBatch(env, 1);
    await behindBack((tx) =>
      tx
        .update(batches)
        .set({ manifestHash: new Uint8Array(32).fill(7) })
        .where(eq(batches.id, batchId)),
    );
    const v = await verification(batchId);
    expect(failed(v)).toEqual([
      'manifest:fail:MANIFEST_HASH_MISMATCH',
      'anchor:fail:LEDGER_MANIFESTHASH_MISMATCH',
    ]);
    expect(v).toMatchObject({ ok: false, acceptable: false });
    expect(v.comparison.find((c) => c.field === 'manifestHash')).toMatchObject({
      database: '07'.repeat(32),
      match: false,
    });
  });

  it('a member removed from the database fails the records check', async () => {
    const { batchId } = await anchoredBatch(env, 2);
    await behindBack((tx) =>
      tx.delete(batchMembers).where(and(eq(batchMembers.batchId, batchId), eq(batchMembers.leafIndex, 1))),
    );
    const v = await verification(batchId);
    expect(failed(v)).toEqual(['records:fail:RECORD_COUNT_MISMATCH']);
    expect(v).toMatchObject({ recordCount: 1, leafCount: 2, acceptable: false });
  });

  it('a state changed in the database differs from the ledger’s', async () => {
    const { batchId } = await anchoredBatch(env, 1);
    await behindBack((tx) => tx.update(batches).set({ state: 'accepted' }).where(eq(batches.id, batchId)));
    const v = await verification(batchId);
    expect(failed(v)).toEqual(['anchor:fail:LEDGER_STATE_MISMATCH']);
    expect(v.comparison.find((c) => c.field === 'state')).toMatchObject({
      database: 'accepted',
      ledger: 'anchored',
    });
  });

  it('a batch locked but not signed: no signature, not on the ledger', async () => {
    const ids = await seedVersions(env.s.db, SCHOOL, env.s.classId[SCHOOL]!, 1);
    const locked = await lockBatch(env.s.db, {
      schoolId: SCHOOL,
      schoolYear: YEAR,
      recordVersionIds: ids,
      kind: 'regular',
      lockedAt: env.p.world.now,
    });
    const v = await verification(locked.batchId);
    expect(failed(v)).toEqual([
      'manifest:fail:MANIFEST_NOT_PREPARED',
      'signature:fail:NOT_SIGNED',
      'signer:unknown:PREVIOUS_STEP_FAILED',
      'anchor:fail:NOT_ON_LEDGER',
    ]);
    expect(v).toMatchObject({ state: 'assembling', anchor: null, signer: null, acceptable: false });
  });

  it('is read within the remit only', async () => {
    const { batchId } = await anchoredBatch(env, 1);
    expect(code(await env.call('district2', 'GET', `/v1/batches/${batchId}/verification`))).toBe(
      'OUT_OF_SCOPE',
    );
    expect(code(await env.call('principal', 'GET', `/v1/batches/${batchId}/verification`))).toBe('FORBIDDEN');
    expect(code(await env.call(null, 'GET', `/v1/batches/${batchId}/verification`))).toBe('UNAUTHENTICATED');
    const nope = await env.call('district1', 'GET', '/v1/batches/B-nope/verification');
    expect([nope.statusCode, code(nope)]).toEqual([404, 'BATCH_NOT_FOUND']);
  });
});

describe('several batches checked at once', () => {
  const verifyMany = (who: Parameters<Env['call']>[0], payload: unknown) =>
    env.call(who, 'POST', '/v1/batches/verification', payload);
  /** The answer without the time it was made at, which two checks never share. */
  const timeless = ({ checkedAt: _, ...v }: Verification & { checkedAt?: string }) => v;

  it('answers each batch as its single check does, in the order sent', async () => {
    const a = await anchoredBatch(env, 1);
    const b = await anchoredBatch(env, 2);
    // One that fails: a member removed behind the gateway's back.
    const c = await anchoredBatch(env, 2);
    await behindBack((tx) =>
      tx.delete(batchMembers).where(and(eq(batchMembers.batchId, c.batchId), eq(batchMembers.leafIndex, 1))),
    );
    const ids = [c.batchId, a.batchId, b.batchId];
    const res = await verifyMany('district1', { batchIds: ids });
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json() as { items: Verification[] }).items;
    expect(items.map((v) => v.batchId)).toEqual(ids);
    for (const v of items) expect(timeless(v)).toEqual(timeless(await verification(v.batchId)));
    expect(items.map((v) => v.acceptable)).toEqual([false, true, true]);
    expect(failed(items[0]!)).toEqual(['records:fail:RECORD_COUNT_MISMATCH']);
  });

  it('reads the trust anchors and each signer’s registration from the ledger once for all of them', async () => {
    const batchIds = [
      (await anchoredBatch(env, 1)).batchId,
      (await anchoredBatch(env, 1)).batchId,
      (await anchoredBatch(env, 1, { schoolId: FAR_SCHOOL })).batchId,
    ];
    const ledger = env.p.ledger;
    const reads: string[] = [];
    const counting = new Proxy(ledger, {
      get(target, key) {
        const v = Reflect.get(target, key, target) as unknown;
        if (key === 'evaluate')
          return (...args: Parameters<LedgerClient['evaluate']>) => {
            reads.push(args[0]);
            return ledger.evaluate(...args);
          };
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    // The identity the app reads the ledger with (app/helper.ts).
    const reader = env.p.world.ids.auditor!;
    const all = await verifyBatches(env.s.db, batchIds, { ledger: counting, reader, now: env.p.world.now });
    expect(all.map((v) => v.ok)).toEqual([true, true, true]);
    const count = (fn: string) => reads.filter((r) => r === fn).length;
    // Two schools' principals: two certificates.
    expect(new Set(all.map((v) => v.signer!.fingerprint)).size).toBe(2);
    expect([
      count('trust:listTrustAnchors'),
      count('registry:getCertificate'),
      count('batch:getBatch'),
    ]).toEqual([1, 2, 3]);
  });

  it('is read within the remit only: one batch outside it refuses the whole request', async () => {
    const own = await anchoredBatch(env, 1);
    const far = await anchoredBatch(env, 1, { schoolId: FAR_SCHOOL });
    const both = { batchIds: [own.batchId, far.batchId] };
    expect(code(await verifyMany('district1', both))).toBe('OUT_OF_SCOPE');
    expect((await verifyMany('province', both)).statusCode).toBe(200);
    expect(code(await verifyMany('principal', { batchIds: [own.batchId] }))).toBe('FORBIDDEN');
    expect(code(await verifyMany(null, { batchIds: [own.batchId] }))).toBe('UNAUTHENTICATED');
    const unknown = await verifyMany('district1', { batchIds: [own.batchId, 'B-nope'] });
    expect([unknown.statusCode, code(unknown)]).toEqual([404, 'BATCH_NOT_FOUND']);
  });

  it('refuses a body that is not a list of 1 to 50 distinct batch ids', async () => {
    const tooMany = Array.from({ length: VERIFY_MANY_MAX + 1 }, (_, i) => `B-${i}`);
    for (const payload of [
      { batchIds: [] },
      { batchIds: ['a', 'a'] },
      { batchIds: tooMany },
      {},
      { batchIds: ['x'], more: 1 },
    ]) {
      const res = await verifyMany('district1', payload);
      expect([res.statusCode, code(res)]).toEqual([400, 'VALIDATION']);
    }
  });
});

describe('accept many', () => {
  const acceptMany = (who: Parameters<Env['call']>[0], batchIds: string[]) =>
    env.call(who, 'POST', '/v1/batches/accept', { batchIds });
  const acceptEvents = async (batchId: string) =>
    env.s.db
      .select()
      .from(statusEvents)
      .where(and(eq(statusEvents.batchId, batchId), eq(statusEvents.kind, 'accept')));

  it('one batch of another district refuses the whole request; nothing is queued', async () => {
    const own = await anchoredBatch(env, 1);
    const far = await anchoredBatch(env, 1, { schoolId: FAR_SCHOOL });
    const res = await acceptMany('district1', [own.batchId, far.batchId]);
    expect([res.statusCode, code(res)]).toEqual([403, 'OUT_OF_SCOPE']);
    expect(await acceptEvents(own.batchId)).toEqual([]);
    expect(await env.worker.tick()).toEqual([]);
    const unknown = await acceptMany('district1', [own.batchId, 'B-nope']);
    expect([unknown.statusCode, code(unknown)]).toEqual([404, 'BATCH_NOT_FOUND']);
    expect(await acceptEvents(own.batchId)).toEqual([]);
    expect(code(await acceptMany('principal', [own.batchId]))).toBe('FORBIDDEN');
  });

  it('queues each acceptance, refuses each batch that cannot be accepted with its code, then the ledger accepts', async () => {
    const a = await anchoredBatch(env, 1);
    const b = await anchoredBatch(env, 1);
    const ids = await seedVersions(env.s.db, SCHOOL, env.s.classId[SCHOOL]!, 1);
    const assembling = await lockBatch(env.s.db, {
      schoolId: SCHOOL,
      schoolYear: YEAR,
      recordVersionIds: ids,
      kind: 'regular',
      lockedAt: env.p.world.now,
    });
    const res = await acceptMany('district1', [a.batchId, assembling.batchId, b.batchId]);
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json().results as { batchId: string; outcome: string; code?: string }[];
    expect(results.map((r) => [r.batchId, r.outcome, r.code])).toEqual([
      [a.batchId, 'queued', undefined],
      [assembling.batchId, 'refused', 'BATCH_NOT_ANCHORED'],
      [b.batchId, 'queued', undefined],
    ]);
    expect(results[1]).toMatchObject({ message: { vi: expect.any(String), en: expect.any(String) } });
    // Again: each is already asked for.
    const again = (await acceptMany('district1', [a.batchId, b.batchId])).json().results as {
      code: string;
    }[];
    expect(again.map((r) => r.code)).toEqual(['ALREADY_REQUESTED', 'ALREADY_REQUESTED']);

    const outcomes = await env.worker.tick();
    expect(outcomes.map((o) => `${o.action}:${o.outcome}`)).toEqual([
      'acceptBatch:submitted',
      'acceptBatch:submitted',
    ]);
    for (const id of [a.batchId, b.batchId]) {
      expect((await ledgerRead(env, 'batch:getBatch', [id])).state).toBe('accepted');
      const v = await verification(id);
      expect(v).toMatchObject({ state: 'accepted', ok: true, acceptable: false });
      expect(v.anchor!.ledgerState).toBe('accepted');
    }
  });

  it('past the deadline: each refused WINDOW_CLOSED', async () => {
    const late = await anchoredBatch(env, 1);
    const now = env.p.world.now;
    env.p.world.now = new Date('2026-07-01T01:00:00.000Z');
    try {
      const res = await acceptMany('district1', [late.batchId]);
      expect(res.json().results).toEqual([
        expect.objectContaining({ batchId: late.batchId, outcome: 'refused', code: 'WINDOW_CLOSED' }),
      ]);
      expect(await env.worker.tick()).toEqual([]);
    } finally {
      env.p.world.now = now;
    }
  });

  it('refuses a body that is not a list of batch ids', async () => {
    for (const payload of [{ batchIds: [] }, { batchIds: ['a', 'a'] }, {}, { batchIds: ['x'], more: 1 }]) {
      const res = await env.call('district1', 'POST', '/v1/batches/accept', payload);
      expect([res.statusCode, code(res)]).toEqual([400, 'VALIDATION']);
    }
  });
});
