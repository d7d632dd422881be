/**
 * The reconciliation's test body, run on PGlite and on Postgres (tampering.pglite.test.ts,
 * tampering.postgres.test.ts): the demo province seeded on the embedded ledger (Kim Đồng 5A locked, signed
 * and anchored), then each tampering of issue 14 made directly in the database, behind the gateway's back,
 * with the triggers that would refuse it switched off (session_replication_role = replica, as a superuser
 * tampering would) — inside a transaction that is rolled back afterwards, so that each case starts from the
 * untouched year. Each must be found with the right kind, and nothing else.
 */
import '../app/quiet-chaincode.ts';
import {
  batches,
  batchMembers,
  type Database,
  reconciliationFindings,
  reconciliationRuns,
  recordVersions,
  type Transaction,
} from '@hocba/db';
import { canonicalize } from '@hocba/integrity';
import { asc, eq, sql } from 'drizzle-orm';
import { TransactionRollbackError } from 'drizzle-orm/errors';
import { expect } from 'vitest';
import type { DevProvince } from '../../src/dev-province.ts';
import { runReconciliation } from '../../src/services/audit-reconciliation.ts';

export interface Tampered {
  kinds: string[];
  findings: (typeof reconciliationFindings.$inferSelect)[];
  run: typeof reconciliationRuns.$inferSelect;
}

/** The anchored batch of the seed and its members in leaf order. */
export async function anchoredBatch(db: Database | Transaction) {
  const [b] = await db.select().from(batches).where(eq(batches.state, 'anchored'));
  if (!b) throw new Error('the seed anchored no batch');
  const members = await db
    .select()
    .from(batchMembers)
    .where(eq(batchMembers.batchId, b.id))
    .orderBy(asc(batchMembers.leafIndex));
  return { batch: b, members };
}

/** The first number under a key naming a score: one mark of the record, raised by one (or lowered). */
export function changeOneMark(record: unknown): { changed: unknown; pointer: string } {
  const copy = structuredClone(record) as Record<string, unknown>;
  const walk = (node: unknown, path: string): string | undefined => {
    if (node === null || typeof node !== 'object') return undefined;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (typeof v === 'number' && /score|ĐĐG|dd|mark/i.test(k)) {
        (node as Record<string, unknown>)[k] = v >= 10 ? v - 1 : v + 1;
        return `${path}/${k}`;
      }
      const found = walk(v, `${path}/${k}`);
      if (found) return found;
    }
    return undefined;
  };
  const pointer = walk(copy, '');
  if (!pointer) throw new Error('no mark in the record');
  return { changed: copy, pointer };
}

/** Runs the reconciliation after `tamper` (triggers off), reads what it found, and rolls everything back. */
export async function reconcileAfter(
  db: Database,
  dev: DevProvince,
  tamper: (tx: Transaction) => Promise<void>,
): Promise<Tampered> {
  let out: Tampered | undefined;
  try {
    await db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tamper(tx);
      await tx.execute(sql`SET LOCAL session_replication_role = origin`);
      const summary = await runReconciliation(
        { db: tx, ledger: dev.ledger, identity: dev.reader, clock: () => new Date() },
        { scope: { schoolYear: dev.schoolYear }, actor: { userId: null, role: 'ministryAuditor' } },
      );
      const findings = await tx
        .select()
        .from(reconciliationFindings)
        .where(eq(reconciliationFindings.runId, summary.id))
        .orderBy(asc(reconciliationFindings.seq));
      const [run] = await tx.select().from(reconciliationRuns).where(eq(reconciliationRuns.id, summary.id));
      out = { kinds: findings.map((f) => f.kind), findings, run: run! };
      tx.rollback();
    });
  } catch (e) {
    if (!(e instanceof TransactionRollbackError)) throw e;
  }
  return out!;
}

/** The cases, each a tampering and what must be found: the same on both databases. */
export async function tamperingCases(db: Database, dev: DevProvince): Promise<void> {
  const { batch, members } = await anchoredBatch(db);
  const leafCount = batch.leafCount!;
  expect(members).toHaveLength(leafCount);

  // Untouched: every batch and record checked, nothing found (a reconciliation that always finds would fail).
  const clean = await reconcileAfter(db, dev, async () => {});
  expect(clean.kinds).toEqual([]);
  expect(clean.run).toMatchObject({
    state: 'done',
    checkedBatches: 1,
    checkedRecords: leafCount,
    findingCount: 0,
  });

  // A changed mark: the locked text and the record shown both changed, the leaf left as it was.
  const target = members[2]!;
  const changedMark = await reconcileAfter(db, dev, async (tx) => {
    const [v] = await tx.select().from(recordVersions).where(eq(recordVersions.id, target.recordVersionId));
    const { changed } = changeOneMark(JSON.parse(v!.canonicalText!));
    await tx
      .update(recordVersions)
      .set({ canonicalText: canonicalize(changed), record: changed as Record<string, unknown> })
      .where(eq(recordVersions.id, target.recordVersionId));
  });
  expect(changedMark.kinds).toEqual(['RECORD_CHANGED']);
  expect(changedMark.findings[0]).toMatchObject({
    batchId: batch.id,
    recordId: target.recordVersionId,
    leafIndex: 2,
    classId: batch.classId,
  });
  expect(changedMark.findings[0]!.messageVi).toContain(
    'Học bạ thứ 3 của lô học bạ lớp 5A của Trường Tiểu học Kim Đồng',
  );

  // Only the content staff see changed (the locked text untouched): still a change.
  const shown = await reconcileAfter(db, dev, async (tx) => {
    const [v] = await tx.select().from(recordVersions).where(eq(recordVersions.id, target.recordVersionId));
    const { changed } = changeOneMark(v!.record);
    await tx
      .update(recordVersions)
      .set({ record: changed as Record<string, unknown> })
      .where(eq(recordVersions.id, target.recordVersionId));
  });
  expect(shown.kinds).toEqual(['RECORD_CHANGED']);

  // A deleted record: its version removed, the batch's member left pointing at nothing.
  const deleted = await reconcileAfter(db, dev, async (tx) => {
    await tx.delete(recordVersions).where(eq(recordVersions.id, members[1]!.recordVersionId));
  });
  expect(deleted.kinds).toEqual(['RECORD_MISSING']);
  expect(deleted.findings[0]).toMatchObject({ leafIndex: 1, recordId: members[1]!.recordVersionId });

  // A member row deleted: a gap in the tree's leaves, and its locked version now in no batch — both said.
  const gap = await reconcileAfter(db, dev, async (tx) => {
    await tx.execute(sql`DELETE FROM batch_members WHERE batch_id = ${batch.id} AND leaf_index = 0`);
  });
  expect(gap.kinds).toEqual(['RECORD_MISSING', 'RECORD_ADDED']);
  expect(gap.findings[0]).toMatchObject({ leafIndex: 0 });
  expect(gap.findings[1]).toMatchObject({ recordId: members[0]!.recordVersionId, leafIndex: null });

  // A changed status: the batch marked accepted in the database, the ledger still says anchored.
  const status = await reconcileAfter(db, dev, async (tx) => {
    await tx.update(batches).set({ state: 'accepted' }).where(eq(batches.id, batch.id));
  });
  expect(status.kinds).toEqual(['STATUS_MISMATCH']);
  expect(status.findings[0]).toMatchObject({ batchId: batch.id, expected: 'anchored', actual: 'accepted' });

  // A record marked revoked in the database that the ledger never revoked.
  const revoked = await reconcileAfter(db, dev, async (tx) => {
    await tx
      .update(recordVersions)
      .set({ state: 'revoked' })
      .where(eq(recordVersions.id, target.recordVersionId));
  });
  expect(revoked.kinds).toEqual(['STATUS_MISMATCH']);
  expect(revoked.findings[0]).toMatchObject({ leafIndex: 2, expected: 'locked', actual: 'revoked' });

  // A row added after lock: a new locked version put into the batch beyond its anchored leaves.
  const added = await reconcileAfter(db, dev, async (tx) => {
    const [v] = await tx.select().from(recordVersions).where(eq(recordVersions.id, target.recordVersionId));
    const id = 'added-after-lock-1';
    await tx.insert(recordVersions).values({ ...v!, id, version: 2, supersedesId: v!.id });
    await tx.insert(batchMembers).values({
      batchId: batch.id,
      recordVersionId: id,
      leafIndex: leafCount,
      inclusionProof: target.inclusionProof,
    });
  });
  expect(added.kinds).toEqual(['RECORD_ADDED']);
  expect(added.findings[0]).toMatchObject({ leafIndex: leafCount, recordId: 'added-after-lock-1' });

  // An anchored batch missing in the database: the ledger lists it for the school, the database lost it.
  const missing = await reconcileAfter(db, dev, async (tx) => {
    await tx.delete(batches).where(eq(batches.id, batch.id));
  });
  expect(missing.kinds).toEqual(['BATCH_MISSING_IN_DB']);
  expect(missing.findings[0]).toMatchObject({ batchId: batch.id, schoolId: batch.schoolId });

  // Each case rolled back: the year is whole again.
  const after = await reconcileAfter(db, dev, async () => {});
  expect(after.kinds).toEqual([]);
}
