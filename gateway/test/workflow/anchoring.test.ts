/**
 * The outbox plugin (AppOptions `outbox`) anchoring: the outbox worker with the app's ledger identities, its
 * retries with backoff when the ledger cannot be reached, the `hooks` passed through (a crash between the
 * ledger's commit and ours), the reconciler recording that anchor from the ledger's events, idempotency
 * by batch id (the same batch is never anchored twice), and a clean stop when the app closes.
 */
import { anchorOutbox, batches } from '@hocba/db';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppOptions, buildApp } from '../../src/app.ts';
import { type LedgerClient, LedgerError } from '../../src/ledger/index.ts';
import { worldIdentities } from '../app/helper.ts';
import {
  lockAndSign,
  type Province,
  SCHOOL,
  type Seeded,
  seededDatabase,
  seedVersions,
  startProvince,
} from '../services/fixtures.ts';

let p: Province;
let s: Seeded;

/** The province's ledger, failing the next `failures` submissions as an unreachable network would. */
function flaky(inner: LedgerClient, state: { failures: number; submits: number }): LedgerClient {
  return {
    submit: async (fn, args, o) => {
      state.submits++;
      if (state.failures > 0) {
        state.failures--;
        throw new LedgerError('UNAVAILABLE', 'connection refused', { kind: 'unavailable' });
      }
      return inner.submit(fn, args, o);
    },
    evaluate: (fn, args, id) => inner.evaluate(fn, args, id),
    transaction: (txId) => inner.transaction(txId),
    events: (from) => inner.events(from),
    close: async () => {},
  };
}

async function app(ledger: LedgerClient, outbox: AppOptions['outbox']): Promise<FastifyInstance> {
  return buildApp({
    ledger,
    ledgerReader: p.world.ids.auditor!,
    identities: worldIdentities(p.world),
    db: s.db,
    clock: () => p.world.now,
    logger: false,
    ...(outbox && { outbox }),
  });
}

const batchRow = async (id: string) => (await s.db.select().from(batches).where(eq(batches.id, id)))[0]!;
const outboxRow = async (id: string) =>
  (await s.db.select().from(anchorOutbox).where(eq(anchorOutbox.batchId, id)))[0]!;

beforeAll(async () => {
  [p, s] = await Promise.all([startProvince(), seededDatabase()]);
}, 120_000);
afterAll(async () => {
  await s?.close();
});

describe('the outbox plugin, anchoring', () => {
  it('retries an unreachable ledger with backoff, then anchors exactly once', async () => {
    const ids = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, 2);
    const { batchId } = await lockAndSign(s.db, p.world, SCHOOL, ids);
    const state = { failures: 2, submits: 0 };
    // A long interval: the passes below are the test's own.
    const a = await app(flaky(p.ledger, state), {
      intervalMs: 3_600_000,
      backoff: { baseMs: 10_000, maxMs: 60_000 },
    });
    try {
      // The start-up pass has met the first failure.
      await expect.poll(() => state.submits).toBe(1);
      await expect.poll(async () => (await outboxRow(batchId)).state).toBe('pending');
      const first = await outboxRow(batchId);
      expect(first.attempts).toBe(1);
      expect(first.lastError).toMatch(/^UNAVAILABLE/);
      expect(first.nextAttemptAt.getTime()).toBe(p.world.now.getTime() + 10_000);
      // Not due yet: nothing is claimed.
      expect(await a.outbox.tick()).toEqual([]);
      p.world.now = new Date(p.world.now.getTime() + 10_000);
      const second = await a.outbox.tick();
      expect(second).toMatchObject([{ batchId, outcome: 'retry', code: 'UNAVAILABLE' }]);
      // Twice the delay after the second failure.
      expect((await outboxRow(batchId)).nextAttemptAt.getTime()).toBe(p.world.now.getTime() + 20_000);
      p.world.now = new Date(p.world.now.getTime() + 20_000);
      const third = await a.outbox.tick();
      expect(third).toMatchObject([{ batchId, outcome: 'submitted' }]);
      expect((await batchRow(batchId)).state).toBe('anchored');
      expect(await a.outbox.tick()).toEqual([]);
      expect(state.submits).toBe(3);
    } finally {
      await a.close();
    }
  });

  it('passes the hooks through: a crash after the ledger commits is recovered by the reconciler', async () => {
    const ids = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, 1);
    const { batchId } = await lockAndSign(s.db, p.world, SCHOOL, ids);
    let crashes = 0;
    const a = await app(p.ledger, {
      intervalMs: 3_600_000,
      hooks: {
        beforeRecordAnchored: () => {
          crashes++;
          throw new Error('killed mid-anchor');
        },
      },
    });
    try {
      await expect.poll(() => crashes).toBe(1);
      // On the ledger, not in our database: the recording transaction was aborted.
      const onLedger = await p.world.evaluate('batch:getBatch', [batchId]);
      expect(onLedger.batchId).toBe(batchId);
      expect((await batchRow(batchId)).state).toBe('signed');
      const r = await a.outbox.reconcile();
      expect(r.reconciled).toContain(batchId);
      const row = await batchRow(batchId);
      expect(row).toMatchObject({ state: 'anchored', ledgerTxId: onLedger.anchorTxId });
      expect((await outboxRow(batchId)).state).toBe('done');
      // Reconciling again changes nothing.
      expect((await a.outbox.reconcile()).reconciled).toEqual([]);
    } finally {
      await a.close();
    }
  });

  it('stops with the app: a batch signed after close stays signed', async () => {
    const a = await app(p.ledger, { intervalMs: 20 });
    await a.close();
    const ids = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, 1);
    const { batchId } = await lockAndSign(s.db, p.world, SCHOOL, ids);
    await new Promise((r) => setTimeout(r, 200));
    expect((await batchRow(batchId)).state).toBe('signed');
    expect((await outboxRow(batchId)).state).toBe('pending');
  });

  it('refuses to start without the identities it submits with', async () => {
    await expect(
      buildApp({
        ledger: p.ledger,
        ledgerReader: p.world.ids.auditor!,
        db: s.db,
        logger: false,
        outbox: {},
      }),
    ).rejects.toThrow(/identities/);
  });
});
