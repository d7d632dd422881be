import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  anchorOutbox,
  batches,
  claimOutbox,
  type Database,
  DbError,
  enqueueOutbox,
  markOutboxDone,
  markOutboxFailed,
  markOutboxRetry,
  PG_SQLSTATE,
  sqlState,
} from '../src/index.ts';
import { BACKENDS, useDatabase } from './backends.ts';
import { batchIn, hash32, seedWorld, type World } from './fixtures.ts';

const T0 = new Date('2026-06-20T08:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe.each(BACKENDS)('anchoring outbox on %s', (backend) => {
  const database = useDatabase(backend);
  let db: Database;
  let world: World;

  beforeAll(async () => {
    db = database().db;
    world = await seedWorld(db);
  });

  /** Empties the queue between tests (the outbox is not append-only: rows are work items). */
  async function drain(): Promise<void> {
    await db.delete(anchorOutbox);
  }

  it('enqueues once per key: enqueuing again returns the existing row', async () => {
    await drain();
    const batch = await batchIn(db, world);
    const first = await enqueueOutbox(db, { action: 'anchorBatch', batchId: batch.id, payload: { n: 1 } });
    const again = await enqueueOutbox(db, { action: 'anchorBatch', batchId: batch.id, payload: { n: 2 } });
    expect(first.created).toBe(true);
    expect(first.row.key).toBe(`anchorBatch:${batch.id}`);
    expect(again).toMatchObject({ created: false, row: { id: first.row.id, payload: { n: 1 } } });
    // The same batch-level action under another key is a bug the database refuses.
    const other = await enqueueOutbox(db, {
      action: 'anchorBatch',
      batchId: batch.id,
      key: 'other',
      payload: {},
    }).catch((e: unknown) => e);
    expect(sqlState(other)).toBe(PG_SQLSTATE.uniqueViolation);
    await expect(enqueueOutbox(db, { action: 'reportYear', payload: {} })).rejects.toBeInstanceOf(DbError);
  });

  it('two claimers running at once never get the same row', async () => {
    await drain();
    for (let i = 0; i < 40; i++) {
      await enqueueOutbox(db, { action: 'reportYear', key: `report:${i}`, payload: { i }, notBefore: T0 });
    }
    // Eight workers, two rounds each, five rows a claim: 80 places for 40 rows.
    const claims = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const mine = await claimOutbox(db, at(1), 5);
        return [...mine, ...(await claimOutbox(db, at(1), 5))];
      }),
    );
    const ids = claims.flat().map((r) => r.id);
    expect(ids.length).toBe(40);
    expect(new Set(ids).size).toBe(40);
    expect(claims.flat().every((r) => r.state === 'submitting' && r.attempts === 1)).toBe(true);
    expect(await claimOutbox(db, at(2), 5)).toEqual([]);
  });

  if (backend === 'postgres') {
    // Needs two connections at once, which PGlite (one connection) cannot have: there the claims above
    // are serialized, and this case does not arise.
    it('skips rows another claimer holds locked, without waiting for it', async () => {
      await drain();
      for (let i = 0; i < 6; i++) {
        await enqueueOutbox(db, { action: 'reportYear', key: `held:${i}`, payload: {}, notBefore: T0 });
      }
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let first: number[] = [];
      let claimedInside!: () => void;
      const inside = new Promise<void>((resolve) => {
        claimedInside = resolve;
      });
      const holder = db.transaction(async (tx) => {
        first = (await claimOutbox(tx, at(1), 3)).map((r) => r.id);
        claimedInside();
        await held; // keeps the three rows locked, uncommitted
      });
      await inside;
      const second = (await claimOutbox(db, at(1), 6)).map((r) => r.id);
      release();
      await holder;
      expect(first).toHaveLength(3);
      expect(second).toHaveLength(3);
      expect(second.filter((id) => first.includes(id))).toEqual([]);
    });
  }

  it('retries after the backoff, takes over an expired lease, and fences the claimer who lost it', async () => {
    await drain();
    await enqueueOutbox(db, { action: 'reportYear', key: 'lease', payload: {}, notBefore: T0 });
    const [claim] = await claimOutbox(db, at(0), 1, { leaseMs: 10_000 });
    expect(claim).toMatchObject({ state: 'submitting', attempts: 1 });

    expect(await markOutboxRetry(db, claim!, { error: 'UNAVAILABLE', retryAt: at(30) })).toBe(true);
    expect(await claimOutbox(db, at(29), 1)).toEqual([]);
    const [retried] = await claimOutbox(db, at(30), 1, { leaseMs: 10_000 });
    expect(retried).toMatchObject({ id: claim!.id, attempts: 2, lastError: 'UNAVAILABLE' });

    // The worker holding attempt 2 dies; its lease ends at 40 s and another worker takes the row.
    expect(await claimOutbox(db, at(39), 1)).toEqual([]);
    const [takenOver] = await claimOutbox(db, at(40), 1);
    expect(takenOver).toMatchObject({ id: claim!.id, attempts: 3 });
    // The first worker wakes up: its claim is no longer the row's.
    expect(await markOutboxDone(db, retried!, { ledgerTxId: 'tx-late', now: at(41) })).toBe(false);
    expect(await markOutboxDone(db, takenOver!, { ledgerTxId: 'tx-1', now: at(41) })).toBe(true);
    const [row] = await db.select().from(anchorOutbox).where(eq(anchorOutbox.id, claim!.id));
    expect(row).toMatchObject({ state: 'done', ledgerTxId: 'tx-1', attempts: 3 });
    expect(await claimOutbox(db, at(1000), 1)).toEqual([]);

    await enqueueOutbox(db, { action: 'reportYear', key: 'refused', payload: {}, notBefore: T0 });
    const [refused] = await claimOutbox(db, at(1000), 1);
    expect(await markOutboxFailed(db, refused!, { error: 'BATCH_EXISTS' })).toBe(true);
    expect(await claimOutbox(db, at(100_000), 1)).toEqual([]);
  });

  describe('a batch state change and its outbox row', () => {
    const signed = () => ({
      state: 'signed' as const,
      manifestText: '{"schema":"hocba.manifest/v1"}',
      manifestHash: hash32(),
      cms: new Uint8Array([0x30, 0x80]),
      root: hash32(),
      leafCount: 1,
      signerCertFingerprint: 'cd'.repeat(32),
      lockedAt: T0,
    });

    it('commit together', async () => {
      const batch = await batchIn(db, world);
      await db.transaction(async (tx) => {
        await tx.update(batches).set(signed()).where(eq(batches.id, batch.id));
        await enqueueOutbox(tx, { action: 'anchorBatch', batchId: batch.id, payload: { batchId: batch.id } });
      });
      const [b] = await db.select().from(batches).where(eq(batches.id, batch.id));
      const rows = await db.select().from(anchorOutbox).where(eq(anchorOutbox.batchId, batch.id));
      expect(b!.state).toBe('signed');
      expect(rows.map((r) => r.action)).toEqual(['anchorBatch']);
    });

    it('or not at all, when the transaction throws after both writes', async () => {
      const batch = await batchIn(db, world);
      await expect(
        db.transaction(async (tx) => {
          await tx.update(batches).set(signed()).where(eq(batches.id, batch.id));
          await enqueueOutbox(tx, { action: 'anchorBatch', batchId: batch.id, payload: {} });
          throw new Error('the gateway fell over');
        }),
      ).rejects.toThrow('the gateway fell over');
      const [b] = await db.select().from(batches).where(eq(batches.id, batch.id));
      const rows = await db.select().from(anchorOutbox).where(eq(anchorOutbox.batchId, batch.id));
      expect(b!.state).toBe('assembling');
      expect(rows).toEqual([]);
    });

    it('or not at all, when the outbox insert fails', async () => {
      const batch = await batchIn(db, world);
      const error = await db
        .transaction(async (tx) => {
          await tx.update(batches).set(signed()).where(eq(batches.id, batch.id));
          // A status event that does not exist: the foreign key refuses the row.
          await enqueueOutbox(tx, {
            action: 'revokeRecord',
            batchId: batch.id,
            statusEventId: '00000000-0000-4000-8000-000000000000',
            payload: {},
          });
        })
        .catch((e: unknown) => e);
      expect(sqlState(error)).toBe(PG_SQLSTATE.foreignKeyViolation);
      const [b] = await db.select().from(batches).where(eq(batches.id, batch.id));
      expect(b!.state).toBe('assembling');
    });
  });
});
