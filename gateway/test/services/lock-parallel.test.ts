/**
 * The lock's parallel path (issue 16): worker threads commit the chunks, COPY writes the versions and the
 * members, a flat tree gives the proofs. On PGlite and on a real Postgres (scripts/postgres.sh): the same
 * rows, root and proofs as the calling thread's path, and a refusal met in a worker leaves nothing behind.
 */
import {
  batches,
  batchMembers,
  type Database,
  openDatabase,
  recordVersions,
  verifyAuditChain,
} from '@hocba/db';
import { canonicalize, commitRecord, MerkleTree, toHex, verifyInclusion } from '@hocba/integrity';
import { asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, startTestPostgres } from '../../../db/test/postgres.ts';
import { aesCtrSalts, LOCK_SALT_SCHEME } from '../../src/salts.ts';
import { seedFixturePlaces } from '../../src/seed/fixture.ts';
import { type LockInput, lockBatchInChunks } from '../../src/services/lock.ts';
import { counts, SCHOOL, type Seeded, seededDatabase, seedVersions, YEAR } from './fixtures.ts';

const LOCKED_AT = new Date('2026-05-20T02:59:00.000Z');

class RolledBack extends Error {}

/** The stored outcome of a lock: what must not depend on the path taken. */
async function stored(db: Database, batchId: string) {
  const rows = await db
    .select({ m: batchMembers, v: recordVersions })
    .from(batchMembers)
    .innerJoin(recordVersions, eq(recordVersions.id, batchMembers.recordVersionId))
    .where(eq(batchMembers.batchId, batchId))
    .orderBy(asc(batchMembers.leafIndex));
  const [batch] = await db.select().from(batches).where(eq(batches.id, batchId));
  return {
    root: toHex(batch!.root!),
    leafCount: batch!.leafCount,
    members: rows.map(({ m, v }) => ({
      id: m.recordVersionId,
      leafIndex: m.leafIndex,
      proof: toHex(Buffer.concat(m.inclusionProof)),
      state: v.state,
      canonicalText: v.canonicalText,
      record: v.record,
      salt: toHex(v.salt!),
      saltScheme: v.saltScheme,
      leaf: toHex(v.leafHash!),
      lookupCode: v.lookupCode,
      effectiveAt: v.effectiveAt?.toISOString(),
    })),
  };
}

const backends: [string, () => Promise<{ s: Seeded; drop?: () => Promise<void> }>][] = [
  ['PGlite', async () => ({ s: await seededDatabase() })],
  [
    'Postgres',
    async () => {
      const scratch = await createScratchDatabase(startTestPostgres());
      const opened = await openDatabase({ url: scratch.url });
      const classId = await seedFixturePlaces(opened.db, {
        schoolYear: YEAR,
        schools: [{ schoolId: SCHOOL, districtId: 'district1' }],
      });
      return { s: { ...opened, classId }, drop: scratch.drop };
    },
  ],
];

describe.each(backends)('the parallel lock on %s', (_name, open) => {
  let s: Seeded;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ s, drop } = await open());
  }, 300_000);
  afterAll(async () => {
    await s?.close();
    await drop?.();
  });

  const input = (ids: string[]): LockInput => ({
    schoolId: SCHOOL,
    schoolYear: YEAR,
    recordVersionIds: ids,
    kind: 'regular',
    lockedAt: LOCKED_AT,
    batchId: 'B-PARALLEL',
  });

  it('two workers over several chunks store the same rows, root and proofs as the calling thread', async () => {
    const ids = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, 11);
    // Text COPY must carry what its format escapes (tab, newline, backslash) unchanged.
    const [first] = await s.db.select().from(recordVersions).where(eq(recordVersions.id, ids[3]!));
    await s.db
      .update(recordVersions)
      .set({ record: { ...first!.record, note: 'tab\there\nnew line \\ back\\slash \r end' } })
      .where(eq(recordVersions.id, ids[3]!));
    // Salts drawn beforehand (as an import may): both paths then commit the same bytes.
    await s.db
      .update(recordVersions)
      .set({ salt: new Uint8Array(32).fill(7) })
      .where(inArray(recordVersions.id, ids));

    let parallel: Awaited<ReturnType<typeof stored>> | undefined;
    await s.db
      .transaction(async (tx) => {
        const locked = await lockBatchInChunks(tx as unknown as Database, input(ids), 3, { workers: 2 });
        expect(locked.leafCount).toBe(11);
        parallel = await stored(tx as unknown as Database, locked.batchId);
        throw new RolledBack();
      })
      .catch((e: unknown) => {
        if (!(e instanceof RolledBack)) throw e;
      });
    const sequential = await lockBatchInChunks(s.db, input(ids), 1000, { workers: 0 });
    const after = await stored(s.db, sequential.batchId);
    expect(parallel).toEqual(after);
    expect(after.root).toBe(sequential.root);
    expect(after.members.map((m) => m.id)).toEqual([...ids].sort());

    // And both are what integrity's reference computes from the stored rows (noble hashes, its tree).
    const leaves = after.members.map((m) => {
      expect(m.state).toBe('locked');
      expect(m.canonicalText).toBe(canonicalize(m.record));
      expect(m.saltScheme).toBe(LOCK_SALT_SCHEME);
      // integrity's default (noble) hashes, the lock's salt derivation.
      const leaf = commitRecord(
        JSON.parse(m.canonicalText!),
        new Uint8Array(32).fill(7),
        undefined,
        aesCtrSalts,
      ).leaf;
      expect(toHex(leaf)).toBe(m.leaf);
      return leaf;
    });
    expect(after.members.find((m) => m.id === ids[3])!.canonicalText).toContain(
      '"note":"tab\\there\\nnew line \\\\ back\\\\slash \\r end"',
    );
    const tree = new MerkleTree(leaves);
    expect(toHex(tree.root())).toBe(after.root);
    for (const m of after.members) {
      expect(m.proof).toBe(toHex(Buffer.concat(tree.inclusionProof(m.leafIndex))));
      expect(() =>
        verifyInclusion(m.leafIndex, 11, leaves[m.leafIndex]!, tree.inclusionProof(m.leafIndex), tree.root()),
      ).not.toThrow();
    }
    expect(await verifyAuditChain(s.db)).toMatchObject({ ok: true });
  });

  it('a refusal met in a worker rolls the whole lock back, and the next lock succeeds', async () => {
    const ids = (await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, 9)).sort();
    // The 8th in leaf order (the third chunk of three): two chunks are written back before it is met.
    await s.db
      .update(recordVersions)
      .set({ record: 'not an object' as unknown as Record<string, unknown> })
      .where(eq(recordVersions.id, ids[7]!));
    const before = await counts(s.db);
    await expect(
      lockBatchInChunks(s.db, { ...input(ids), batchId: 'B-REFUSED' }, 3, { workers: 2 }),
    ).rejects.toMatchObject({
      name: 'ServiceError',
      code: 'RECORD_NOT_OBJECT',
      details: { recordVersionId: ids[7] },
    });
    expect(await counts(s.db)).toEqual(before);
    const untouched = await s.db.select().from(recordVersions).where(inArray(recordVersions.id, ids));
    expect(
      untouched.every((v) => v.state === 'approved' && v.leafHash === null && v.canonicalText === null),
    ).toBe(true);

    const rest = ids.filter((id) => id !== ids[7]);
    const locked = await lockBatchInChunks(s.db, { ...input(rest), batchId: 'B-AFTER' }, 3, { workers: 2 });
    expect((await stored(s.db, locked.batchId)).members).toHaveLength(8);
  });
});
