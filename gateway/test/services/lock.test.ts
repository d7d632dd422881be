import { batches, batchMembers, HOCBA_SQLSTATE, recordVersions, sqlState, verifyAuditChain } from '@hocba/db';
import {
  canonicalize,
  commitRecord,
  MerkleTree,
  parseManifest,
  toHex,
  utf8,
  verifyInclusion,
} from '@hocba/integrity';
import { asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aesCtrSalts, commitWith, LOCK_SALT_SCHEME } from '../../src/salts.ts';
import { lockBatch, prepareManifest } from '../../src/services/index.ts';
import { lockBatchInChunks } from '../../src/services/lock.ts';
import { counts, OTHER_SCHOOL, SCHOOL, type Seeded, seededDatabase, seedVersions, YEAR } from './fixtures.ts';

const LOCKED_AT = new Date('2026-05-20T02:59:00.000Z');
const FINGERPRINT = 'ab'.repeat(32);

// One database for the file: every assertion is about the test's own rows, or relative counts.
let s: Seeded;
beforeAll(async () => {
  s = await seededDatabase();
});
afterAll(async () => {
  await s.close();
});

describe('lockBatch', () => {
  it('commits approved versions into a tree whose root and proofs recompute from the stored rows', async () => {
    const ids = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, 7);
    const locked = await lockBatch(s.db, {
      schoolId: SCHOOL,
      schoolYear: YEAR,
      classId: s.classId[SCHOOL],
      recordVersionIds: [...ids].reverse(),
      kind: 'regular',
      lockedAt: LOCKED_AT,
    });
    expect(locked.leafCount).toBe(7);
    // Leaf order is by record id, whatever order the request gave.
    expect(locked.members.map((m) => m.recordVersionId)).toEqual([...ids].sort());

    const [batch] = await s.db.select().from(batches).where(eq(batches.id, locked.batchId));
    expect(batch).toMatchObject({ state: 'assembling', leafCount: 7, schoolId: SCHOOL, lockedAt: LOCKED_AT });
    const members = await s.db
      .select({ m: batchMembers, v: recordVersions })
      .from(batchMembers)
      .innerJoin(recordVersions, eq(recordVersions.id, batchMembers.recordVersionId))
      .where(eq(batchMembers.batchId, locked.batchId))
      .orderBy(asc(batchMembers.leafIndex));
    const leaves = members.map(({ v }) => {
      expect(v.state).toBe('locked');
      expect(v.effectiveAt).toEqual(LOCKED_AT);
      expect(v.salt).toHaveLength(32);
      // The stored canonical text is the JCS of the stored record, and the leaf commits to it.
      expect(v.canonicalText).toBe(canonicalize(v.record));
      // The fixture stores the comment in NFD; the canonical text holds it in NFC.
      const comment = (v.record as { results: { homeroomComment: string } }).results.homeroomComment;
      expect(comment).not.toBe(comment.normalize('NFC'));
      expect(v.canonicalText).toContain(comment.normalize('NFC'));
      const record = JSON.parse(v.canonicalText!) as Record<string, unknown>;
      expect(record.effectiveAt).toBe(LOCKED_AT.toISOString());
      expect(v.lookupCode).toBe(record.lookupCode);
      // Salted by the lock's scheme (salts.ts), stored beside the salt.
      expect(v.saltScheme).toBe(LOCK_SALT_SCHEME);
      const leaf = commitWith(v.saltScheme, record, v.salt!).leaf;
      expect(toHex(leaf)).toBe(toHex(v.leafHash!));
      return leaf;
    });
    const root = new MerkleTree(leaves).root();
    expect(toHex(root)).toBe(locked.root);
    expect(toHex(batch!.root!)).toBe(locked.root);
    for (const { m } of members) {
      expect(() =>
        verifyInclusion(m.leafIndex, 7, leaves[m.leafIndex]!, m.inclusionProof, batch!.root!),
      ).not.toThrow();
    }
    expect(await verifyAuditChain(s.db)).toMatchObject({ ok: true });
  });

  it('prepares the manifest in the same transaction when the signer is known, and again until signed', async () => {
    const ids = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, 3);
    const locked = await lockBatch(s.db, {
      schoolId: SCHOOL,
      schoolYear: YEAR,
      recordVersionIds: ids,
      kind: 'regular',
      lockedAt: LOCKED_AT,
      batchId: 'B-TEST-1',
      signerCertFingerprint: FINGERPRINT,
    });
    expect(locked.manifest).toMatchObject({
      batchId: 'B-TEST-1',
      schoolId: SCHOOL,
      schoolYear: YEAR,
      kind: 'regular',
      leafCount: 3,
      root: locked.root,
      lockedAt: LOCKED_AT.toISOString(),
      signerCert: FINGERPRINT,
      channel: 'hocba',
    });
    const again = await prepareManifest(s.db, 'B-TEST-1', 'cd'.repeat(32));
    const [batch] = await s.db.select().from(batches).where(eq(batches.id, 'B-TEST-1'));
    expect(parseManifest(utf8(batch!.manifestText!))).toEqual(again);
    expect(batch!.signerCertFingerprint).toBe('cd'.repeat(32));
    await expect(prepareManifest(s.db, 'B-TEST-1', 'not-a-fingerprint')).rejects.toMatchObject({
      code: 'MANIFEST_INVALID',
    });
    await expect(prepareManifest(s.db, 'B-NONE', FINGERPRINT)).rejects.toMatchObject({
      code: 'BATCH_NOT_FOUND',
    });
  });

  it('refuses a version that is not approved, and writes nothing at all', async () => {
    const approved = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, 3);
    const [reviewed] = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, 1, 'reviewed');
    const before = await counts(s.db);
    await expect(
      lockBatch(s.db, {
        schoolId: SCHOOL,
        schoolYear: YEAR,
        // With the manifest asked for too: the whole lock is one transaction, refused as a whole.
        recordVersionIds: [...approved, reviewed!],
        kind: 'regular',
        lockedAt: LOCKED_AT,
        signerCertFingerprint: FINGERPRINT,
      }),
    ).rejects.toMatchObject({ code: 'RECORD_NOT_APPROVED', details: { recordVersionId: reviewed } });
    expect(await counts(s.db)).toEqual(before);
    const versions = await s.db.select().from(recordVersions).where(inArray(recordVersions.id, approved));
    expect(versions.every((v) => v.state === 'approved' && v.salt === null && v.leafHash === null)).toBe(
      true,
    );
  });

  it('refuses versions of another school, another year or class, unknown, repeated or none', async () => {
    const mine = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, 2);
    const theirs = await seedVersions(s.db, OTHER_SCHOOL, s.classId[OTHER_SCHOOL]!, 1);
    const lock = (over: Partial<Parameters<typeof lockBatch>[1]>) =>
      lockBatch(s.db, {
        schoolId: SCHOOL,
        schoolYear: YEAR,
        recordVersionIds: mine,
        kind: 'regular',
        lockedAt: LOCKED_AT,
        ...over,
      });
    const before = await counts(s.db);
    await expect(lock({ recordVersionIds: [...mine, ...theirs] })).rejects.toMatchObject({
      code: 'WRONG_SCHOOL',
    });
    await expect(lock({ schoolYear: '2024-2025' })).rejects.toMatchObject({ code: 'WRONG_SCHOOL_YEAR' });
    await expect(lock({ classId: s.classId[OTHER_SCHOOL] })).rejects.toMatchObject({ code: 'WRONG_CLASS' });
    await expect(lock({ recordVersionIds: [...mine, 'REC-NOPE'] })).rejects.toMatchObject({
      code: 'RECORD_NOT_FOUND',
      details: { recordVersionIds: ['REC-NOPE'] },
    });
    await expect(lock({ recordVersionIds: [mine[0]!, mine[0]!] })).rejects.toMatchObject({
      code: 'DUPLICATE_RECORD',
    });
    await expect(lock({ recordVersionIds: [] })).rejects.toMatchObject({ code: 'EMPTY_BATCH' });
    await expect(lock({ kind: 'replacement' })).rejects.toMatchObject({ code: 'SUPERSEDES_INVALID' });
    await expect(lock({ kind: 'replacement', supersedes: 'B-NONE' })).rejects.toMatchObject({
      code: 'SUPERSEDES_INVALID',
    });
    expect(await counts(s.db)).toEqual(before);
  });

  it('refuses a lookup code already taken by another version, and one that is missing', async () => {
    const [a, b, c] = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, 3);
    await lockBatch(s.db, {
      schoolId: SCHOOL,
      schoolYear: YEAR,
      recordVersionIds: [a!],
      kind: 'regular',
      lockedAt: LOCKED_AT,
    });
    const [locked] = await s.db.select().from(recordVersions).where(eq(recordVersions.id, a!));
    const [other] = await s.db.select().from(recordVersions).where(eq(recordVersions.id, b!));
    await s.db
      .update(recordVersions)
      .set({ record: { ...other!.record, lookupCode: locked!.lookupCode } })
      .where(eq(recordVersions.id, b!));
    const { lookupCode: _none, ...noCode } = other!.record;
    await s.db.update(recordVersions).set({ record: noCode }).where(eq(recordVersions.id, c!));
    const before = await counts(s.db);
    const lock = (id: string) =>
      lockBatch(s.db, {
        schoolId: SCHOOL,
        schoolYear: YEAR,
        recordVersionIds: [id],
        kind: 'regular',
        lockedAt: LOCKED_AT,
      });
    await expect(lock(b!)).rejects.toMatchObject({ code: 'LOOKUP_CODE_TAKEN' });
    await expect(lock(c!)).rejects.toMatchObject({ code: 'LOOKUP_CODE_MISSING' });
    expect(await counts(s.db)).toEqual(before);
  });

  it('cannot lock a version twice, and a locked version’s content cannot change (trigger HB002)', async () => {
    const ids = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, 2);
    const input = {
      schoolId: SCHOOL,
      schoolYear: YEAR,
      recordVersionIds: ids,
      kind: 'regular' as const,
      lockedAt: LOCKED_AT,
    };
    await lockBatch(s.db, input);
    await expect(lockBatch(s.db, input)).rejects.toMatchObject({ code: 'RECORD_NOT_APPROVED' });
    const edit = await s.db
      .update(recordVersions)
      .set({ record: { overall: 'HTXS' } })
      .where(eq(recordVersions.id, ids[0]!))
      .catch((e: unknown) => e);
    expect(sqlState(edit)).toBe(HOCBA_SQLSTATE.recordCommitted);
    const backToApproved = await s.db
      .update(recordVersions)
      .set({ state: 'approved' })
      .where(eq(recordVersions.id, ids[0]!))
      .catch((e: unknown) => e);
    expect(sqlState(backToApproved)).toBe(HOCBA_SQLSTATE.recordCommitted);
  });

  it('streams a batch over several chunks: the same tree, proofs and rows as in one, refusals still whole', async () => {
    const ids = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, 7);
    const input = {
      schoolId: SCHOOL,
      schoolYear: YEAR,
      recordVersionIds: ids,
      kind: 'regular' as const,
      lockedAt: LOCKED_AT,
    };
    // Unknown ids in two different chunks are reported together; a refused version in the last chunk
    // leaves the versions of the earlier chunks untouched.
    const before = await counts(s.db);
    await expect(
      lockBatchInChunks(s.db, { ...input, recordVersionIds: ['REC-NOPE-0', ...ids, 'REC-~NOPE'] }, 2),
    ).rejects.toMatchObject({
      code: 'RECORD_NOT_FOUND',
      details: { recordVersionIds: ['REC-NOPE-0', 'REC-~NOPE'] },
    });
    const [reviewed] = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, 1, 'reviewed');
    await expect(
      lockBatchInChunks(s.db, { ...input, recordVersionIds: [...ids, `${reviewed}`] }, 2),
    ).rejects.toMatchObject({ code: 'RECORD_NOT_APPROVED', details: { recordVersionId: reviewed } });
    expect(await counts(s.db)).toEqual(before);
    const untouched = await s.db.select().from(recordVersions).where(inArray(recordVersions.id, ids));
    expect(untouched.every((v) => v.state === 'approved' && v.leafHash === null)).toBe(true);

    const locked = await lockBatchInChunks(s.db, input, 2);
    expect(locked.members.map((m) => m.recordVersionId)).toEqual([...ids].sort());
    const rows = await s.db
      .select({ m: batchMembers, v: recordVersions })
      .from(batchMembers)
      .innerJoin(recordVersions, eq(recordVersions.id, batchMembers.recordVersionId))
      .where(eq(batchMembers.batchId, locked.batchId))
      .orderBy(asc(batchMembers.leafIndex));
    expect(rows).toHaveLength(7);
    // Recomputed with integrity's default hash (and the lock's salt scheme): the node:crypto leaves are the
    // same bytes.
    const leaves = rows.map(({ v }) => {
      expect(v.state).toBe('locked');
      expect(v.canonicalText).toBe(canonicalize(v.record));
      expect(v.saltScheme).toBe('aes-256-ctr');
      const leaf = commitRecord(JSON.parse(v.canonicalText!), v.salt!, undefined, aesCtrSalts).leaf;
      expect(toHex(leaf)).toBe(toHex(v.leafHash!));
      return leaf;
    });
    const root = new MerkleTree(leaves).root();
    expect(toHex(root)).toBe(locked.root);
    for (const { m } of rows) {
      expect(toHex(Buffer.concat(m.inclusionProof))).toBe(
        toHex(Buffer.concat(new MerkleTree(leaves).inclusionProof(m.leafIndex))),
      );
      expect(() =>
        verifyInclusion(m.leafIndex, 7, leaves[m.leafIndex]!, m.inclusionProof, root),
      ).not.toThrow();
    }
    await expect(lockBatchInChunks(s.db, input, 0)).rejects.toThrow(RangeError);
  });
});
