import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  batches,
  batchMembers,
  classes,
  type Database,
  enrolments,
  HOCBA_SQLSTATE,
  PG_SQLSTATE,
  recordVersions,
  schools,
  sqlState,
  statusEvents,
  userRoles,
  violatedConstraint,
} from '../src/index.ts';
import { BACKENDS, useDatabase } from './backends.ts';
import { batchIn, hash32, lockedVersion, lookupCode, seedWorld, type World } from './fixtures.ts';

/** Runs `action`, expecting the database to refuse it; returns the error. */
async function refused(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the database to refuse this');
}

describe.each(BACKENDS)('records on %s', (backend) => {
  const database = useDatabase(backend);
  let db: Database;
  let world: World;

  beforeAll(async () => {
    db = database().db;
    world = await seedWorld(db);
  });

  it('round-trips a record version: jsonb as JSON, bytea as Uint8Array, instants to the millisecond', async () => {
    // Vietnamese text in NFD and NFC alike: jsonb keeps what it is given, code point for code point.
    const record = {
      name: 'Nguye\u0302\u0303n',
      nfc: 'Nguyễn',
      marks: [8.5, 10],
      nested: { empty: {} },
      ok: null,
    };
    const salt = hash32();
    const leaf = hash32();
    await db.insert(recordVersions).values({
      id: 'rv-roundtrip',
      enrolmentId: await newEnrolment(db, world),
      version: 1,
      state: 'approved',
      record,
      canonicalText: '{"x":1}',
      salt,
      leafHash: leaf,
      lookupCode: lookupCode(),
      effectiveAt: new Date('2026-05-25T08:00:00.123Z'),
    });
    const [row] = await db.select().from(recordVersions).where(eq(recordVersions.id, 'rv-roundtrip'));
    expect(row!.record).toEqual(record);
    expect(row!.canonicalText).toBe('{"x":1}');
    // A plain Uint8Array on both drivers (node-postgres alone would give a Buffer).
    expect(row!.salt!.constructor).toBe(Uint8Array);
    expect(Array.from(row!.salt!)).toEqual(Array.from(salt));
    expect(Array.from(row!.leafHash!)).toEqual(Array.from(leaf));
    expect(row!.effectiveAt!.toISOString()).toBe('2026-05-25T08:00:00.123Z');
    expect(row!.state).toBe('approved');
    expect(row!.createdAt).toBeInstanceOf(Date);
    // The driver sent bytes, not text: the salt matches as a bytea in SQL.
    const bySalt = await db
      .select({ id: recordVersions.id })
      .from(recordVersions)
      .where(sql`${recordVersions.salt} = ${Buffer.from(salt)}`);
    expect(bySalt.map((r) => r.id)).toEqual(['rv-roundtrip']);
  });

  it('refuses what the checks forbid: a later version without predecessor, a short salt', async () => {
    const noPredecessor = await refused(async () =>
      db
        .insert(recordVersions)
        .values({ enrolmentId: await newEnrolment(db, world), version: 2, record: {} }),
    );
    expect(sqlState(noPredecessor)).toBe(PG_SQLSTATE.checkViolation);
    expect(violatedConstraint(noPredecessor)).toBe('record_versions_supersedes');
    const shortSalt = await refused(async () =>
      db.insert(recordVersions).values({
        enrolmentId: await newEnrolment(db, world),
        version: 1,
        record: {},
        salt: new Uint8Array(16),
      }),
    );
    expect(violatedConstraint(shortSalt)).toBe('record_versions_salt_size');
  });

  it('round-trips an inclusion proof as a list of 32-byte hashes', async () => {
    const batch = await batchIn(db, world);
    const v = await lockedVersion(db, { ...world, enrolmentId: await newEnrolment(db, world) });
    const proof = [hash32(), hash32(), hash32()];
    await db
      .insert(batchMembers)
      .values({ batchId: batch.id, recordVersionId: v.id, leafIndex: 0, inclusionProof: proof });
    const [member] = await db.select().from(batchMembers).where(eq(batchMembers.batchId, batch.id));
    expect(member!.inclusionProof.map((h) => Array.from(h))).toEqual(proof.map((h) => Array.from(h)));
    const empty = await lockedVersion(db, { ...world, enrolmentId: await newEnrolment(db, world) });
    await db
      .insert(batchMembers)
      .values({ batchId: batch.id, recordVersionId: empty.id, leafIndex: 1, inclusionProof: [] });
    const [none] = await db.select().from(batchMembers).where(eq(batchMembers.recordVersionId, empty.id));
    expect(none!.inclusionProof).toEqual([]);
  });

  it('keeps a lookup code across the versions of one record, and refuses it to another student', async () => {
    const code = lookupCode();
    const own = await newEnrolment(db, world);
    await db.insert(recordVersions).values({
      id: 'rv-code-1',
      enrolmentId: own,
      version: 1,
      record: {},
      lookupCode: code,
    });
    // The corrected version of the same pupil's record of that year keeps its code (migrations/0005).
    await db.insert(recordVersions).values({
      id: 'rv-code-1b',
      enrolmentId: own,
      version: 2,
      supersedesId: 'rv-code-1',
      record: {},
      lookupCode: code,
    });
    // Another student's record: only the lookup code collides.
    const enrolmentId = await newEnrolment(db, world);
    const error = await refused(() =>
      db.insert(recordVersions).values({
        id: 'rv-code-2',
        enrolmentId,
        version: 1,
        record: {},
        lookupCode: code,
      }),
    );
    expect(sqlState(error)).toBe(PG_SQLSTATE.uniqueViolation);
    expect(violatedConstraint(error)).toBe('record_versions_lookup_code_unique');
    const rows = await db.select().from(recordVersions).where(eq(recordVersions.lookupCode, code));
    expect(rows.map((r) => r.id).sort()).toEqual(['rv-code-1', 'rv-code-1b']);
  });

  it('refuses rows that point at nothing, or at inconsistent parents', async () => {
    const unknownEnrolment = await refused(() =>
      db
        .insert(recordVersions)
        .values({ enrolmentId: '00000000-0000-4000-8000-000000000000', version: 1, record: {} }),
    );
    expect(sqlState(unknownEnrolment)).toBe(PG_SQLSTATE.foreignKeyViolation);
    expect(violatedConstraint(unknownEnrolment)).toBe('record_versions_enrolment_fk');

    // An enrolment's year must be its class's year: the (class, year) key refuses another year.
    const otherProvince = await seedWorld(db);
    const wrongYear = await refused(() =>
      db.insert(enrolments).values({
        studentId: otherProvince.studentId,
        classId: world.classId,
        schoolYear: '2024-2025',
        custodySchoolId: world.schoolId,
      }),
    );
    expect(sqlState(wrongYear)).toBe(PG_SQLSTATE.foreignKeyViolation);
    expect(violatedConstraint(wrongYear)).toBe('enrolments_class_fk');

    // A school's district must lie in the school's province.
    const crossed = await refused(() =>
      db.insert(schools).values({
        code: 'CROSSED',
        name: 'Trường lệch tỉnh',
        level: 'THCS',
        districtId: world.districtId,
        provinceId: otherProvince.provinceId,
      }),
    );
    expect(sqlState(crossed)).toBe(PG_SQLSTATE.foreignKeyViolation);
    expect(violatedConstraint(crossed)).toBe('schools_district_fk');

    // A referenced row cannot be deleted from under its dependants.
    const inUse = await refused(() => db.delete(classes).where(eq(classes.id, world.classId)));
    expect(sqlState(inUse)).toBe(PG_SQLSTATE.foreignKeyViolation);
  });

  it('refuses a role whose scope does not fit it', async () => {
    const error = await refused(() =>
      db
        .insert(userRoles)
        .values({ userId: world.teacherId, role: 'subjectTeacher', classId: world.classId }),
    );
    expect(sqlState(error)).toBe(PG_SQLSTATE.checkViolation);
    expect(violatedConstraint(error)).toBe('user_roles_scope_shape');
    await db
      .insert(userRoles)
      .values({ userId: world.teacherId, role: 'subjectTeacher', classId: world.classId, subject: 'TOAN' });
    const twice = await refused(() =>
      db
        .insert(userRoles)
        .values({ userId: world.teacherId, role: 'subjectTeacher', classId: world.classId, subject: 'TOAN' }),
    );
    expect(violatedConstraint(twice)).toBe('user_roles_grant_key');
  });

  describe('a locked version', () => {
    it('keeps its content: canonical text, salt, leaf and record cannot change', async () => {
      const v = await lockedVersion(db, { ...world, enrolmentId: await newEnrolment(db, world) });
      for (const change of [
        { canonicalText: '{"tampered":true}' },
        { salt: hash32() },
        { leafHash: hash32() },
        { record: { tampered: true } },
        { lookupCode: lookupCode() },
      ]) {
        const error = await refused(() =>
          db.update(recordVersions).set(change).where(eq(recordVersions.id, v.id)),
        );
        expect(sqlState(error)).toBe(HOCBA_SQLSTATE.recordCommitted);
        expect(String((error as { cause?: Error }).cause?.message)).toContain(
          `record version ${v.id} is locked`,
        );
      }
      const deleted = await refused(() => db.delete(recordVersions).where(eq(recordVersions.id, v.id)));
      expect(sqlState(deleted)).toBe(HOCBA_SQLSTATE.recordCommitted);
      const [after] = await db.select().from(recordVersions).where(eq(recordVersions.id, v.id));
      expect(Array.from(after!.salt!)).toEqual(Array.from(v.salt!));
      expect(after!.canonicalText).toBe(v.canonicalText);
    });

    it('can be revoked, and then can never come back', async () => {
      const v = await lockedVersion(db, { ...world, enrolmentId: await newEnrolment(db, world) });
      const [revoked] = await db
        .update(recordVersions)
        .set({ state: 'revoked' })
        .where(eq(recordVersions.id, v.id))
        .returning();
      expect(revoked!.state).toBe('revoked');
      const back = await refused(() =>
        db.update(recordVersions).set({ state: 'locked' }).where(eq(recordVersions.id, v.id)),
      );
      expect(sqlState(back)).toBe(HOCBA_SQLSTATE.recordCommitted);
    });

    it('is superseded by a new version that names it; drafts stay editable', async () => {
      const world2 = { ...world, enrolmentId: await newEnrolment(db, world) };
      const v1 = await lockedVersion(db, world2);
      const [v2] = await db
        .insert(recordVersions)
        .values({ enrolmentId: world2.enrolmentId, version: 2, supersedesId: v1.id, record: { draft: 1 } })
        .returning();
      await db
        .update(recordVersions)
        .set({ record: { draft: 2 } })
        .where(eq(recordVersions.id, v2!.id));
      await db.update(recordVersions).set({ state: 'superseded' }).where(eq(recordVersions.id, v1.id));
      const [old] = await db.select().from(recordVersions).where(eq(recordVersions.id, v1.id));
      expect(old!.state).toBe('superseded');
    });
  });

  describe('a signed batch', () => {
    it('keeps its manifest, root and members; its state moves on and its anchor is written once', async () => {
      const batch = await batchIn(db, world, 'signed');
      const rootChange = await refused(() =>
        db.update(batches).set({ root: hash32() }).where(eq(batches.id, batch.id)),
      );
      expect(sqlState(rootChange)).toBe(HOCBA_SQLSTATE.batchSigned);
      const back = await refused(() =>
        db.update(batches).set({ state: 'assembling' }).where(eq(batches.id, batch.id)),
      );
      expect(sqlState(back)).toBe(HOCBA_SQLSTATE.batchSigned);

      const v = await lockedVersion(db, { ...world, enrolmentId: await newEnrolment(db, world) });
      const added = await refused(() =>
        db
          .insert(batchMembers)
          .values({ batchId: batch.id, recordVersionId: v.id, leafIndex: 0, inclusionProof: [] }),
      );
      expect(sqlState(added)).toBe(HOCBA_SQLSTATE.batchSigned);

      await db
        .update(batches)
        .set({ state: 'anchored', ledgerTxId: `tx-${batch.id}`, blockNumber: 12, anchoredAt: new Date() })
        .where(eq(batches.id, batch.id));
      const reanchor = await refused(() =>
        db.update(batches).set({ ledgerTxId: 'another-tx' }).where(eq(batches.id, batch.id)),
      );
      expect(sqlState(reanchor)).toBe(HOCBA_SQLSTATE.batchSigned);
      await db.update(batches).set({ state: 'accepted' }).where(eq(batches.id, batch.id));
      const deleted = await refused(() => db.delete(batches).where(eq(batches.id, batch.id)));
      expect(sqlState(deleted)).toBe(HOCBA_SQLSTATE.batchSigned);
    });

    it('is revoked one record at a time, naming a member of that batch', async () => {
      const batch = await batchIn(db, world);
      const member = await lockedVersion(db, { ...world, enrolmentId: await newEnrolment(db, world) });
      const stranger = await lockedVersion(db, { ...world, enrolmentId: await newEnrolment(db, world) });
      await db
        .insert(batchMembers)
        .values({ batchId: batch.id, recordVersionId: member.id, leafIndex: 0, inclusionProof: [] });
      const revocation = {
        kind: 'revoke' as const,
        batchId: batch.id,
        reasonCode: 'DATA_ERROR',
        legalBasis: 'Quyết định số 12/QĐ-SGDĐT',
        requestedBy: world.teacherId,
      };
      const notInBatch = await refused(() =>
        db.insert(statusEvents).values({ ...revocation, recordVersionId: stranger.id }),
      );
      expect(sqlState(notInBatch)).toBe(PG_SQLSTATE.foreignKeyViolation);
      expect(violatedConstraint(notInBatch)).toBe('status_events_member_fk');
      const noTarget = await refused(() => db.insert(statusEvents).values(revocation));
      expect(violatedConstraint(noTarget)).toBe('status_events_revoke_target');

      await db.transaction(async (tx) => {
        await tx.insert(statusEvents).values({ ...revocation, recordVersionId: member.id });
        await tx.update(recordVersions).set({ state: 'revoked' }).where(eq(recordVersions.id, member.id));
      });
      const [revoked] = await db.select().from(recordVersions).where(eq(recordVersions.id, member.id));
      expect(revoked!.state).toBe('revoked');
    });

    it('refuses to become signed without what a verifier needs', async () => {
      const batch = await batchIn(db, world);
      const error = await refused(() =>
        db.update(batches).set({ state: 'signed' }).where(eq(batches.id, batch.id)),
      );
      expect(sqlState(error)).toBe(PG_SQLSTATE.checkViolation);
      expect(violatedConstraint(error)).toBe('batches_signed_complete');
    });
  });
});

/** Another enrolment of a new student in the world's class: versions of one student-year share one. */
async function newEnrolment(db: Database, world: World): Promise<string> {
  const other = await seedWorld(db);
  const [e] = await db
    .insert(enrolments)
    .values({
      studentId: other.studentId,
      classId: world.classId,
      schoolYear: '2025-2026',
      custodySchoolId: world.schoolId,
    })
    .returning();
  return e!.id;
}
