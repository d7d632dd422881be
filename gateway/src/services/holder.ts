/**
 * The holder's side of the lookup (issue 7 point 4, DESIGN.md §4.2): a student or guardian lists their own
 * committed records and downloads a bundle that discloses only the fields they pick — hiding the ethnicity,
 * say, or the marks — which still verifies, since the hidden fields stay as hashes in the disclosure.
 *
 * Scope is the caller's: the records are those of the students their grants name; a record of another
 * student is refused by the one policy table (`records.own.read`). Each download is audited (who, which
 * record, how many fields; never which values).
 */
import {
  appendAudit,
  batches,
  batchMembers,
  classes,
  type Database,
  enrolments,
  recordVersions,
  schools,
} from '@hocba/db';
import { flattenFields, isIntegrityError, type JsonValue, type ProofBundle } from '@hocba/integrity';
import { SENSITIVE_POINTERS } from '@hocba/records';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Principal } from '../auth/principal.ts';
import { type CertificateSource, LOOKUP_STATES, lookupBundle, toLookupRow } from '../lookup/service.ts';

export interface OwnRecord {
  recordId: string;
  version: number;
  state: (typeof LOOKUP_STATES)[number];
  schoolYear: string;
  /** The name of the school the record was kept in (its class's school), for the card's title. */
  schoolName?: string;
  /** The whole record: it is the holder's own. */
  record: Record<string, JsonValue>;
  /** Every field's pointer, and whether it is sensitive (hidden from a public lookup). */
  fields: { pointer: string; sensitive: boolean }[];
  /** false while the record's batch is not signed: nothing to download yet. */
  signed: boolean;
}

const isUnder = (pointer: string, prefix: string) => pointer === prefix || pointer.startsWith(`${prefix}/`);

/** The students the caller's grants name (a student: themselves; a guardian: their children). */
export const ownStudents = (user: Principal): string[] =>
  user.scope.map((g) => g.studentId).filter((s): s is string => typeof s === 'string');

const columns = {
  id: recordVersions.id,
  version: recordVersions.version,
  state: recordVersions.state,
  schoolYear: enrolments.schoolYear,
  studentId: enrolments.studentId,
  canonicalText: recordVersions.canonicalText,
  salt: recordVersions.salt,
  saltScheme: recordVersions.saltScheme,
  leafHash: recordVersions.leafHash,
  batchId: batches.id,
  leafIndex: batchMembers.leafIndex,
  inclusionProof: batchMembers.inclusionProof,
  leafCount: batches.leafCount,
  manifestText: batches.manifestText,
  cms: batches.cms,
  signerCertFingerprint: batches.signerCertFingerprint,
  schoolName: schools.name,
};

function committedVersions(db: Database) {
  return (
    db
      .select(columns)
      .from(recordVersions)
      .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
      // The class the record was kept in and its school, as the public lookup names them.
      .leftJoin(classes, eq(classes.id, enrolments.classId))
      .leftJoin(schools, eq(schools.id, classes.schoolId))
      .leftJoin(batchMembers, eq(batchMembers.recordVersionId, recordVersions.id))
      .leftJoin(batches, eq(batches.id, batchMembers.batchId))
      .$dynamic()
  );
}

/** The committed records of the caller's students, newest school year and version first. */
export async function listOwnRecords(db: Database, user: Principal): Promise<OwnRecord[]> {
  const students = ownStudents(user);
  if (students.length === 0) return [];
  const rows = await committedVersions(db)
    .where(and(inArray(enrolments.studentId, students), inArray(recordVersions.state, [...LOOKUP_STATES])))
    .orderBy(desc(enrolments.schoolYear), desc(recordVersions.version), desc(batches.lockedAt));
  const seen = new Set<string>();
  const out: OwnRecord[] = [];
  for (const r of rows) {
    // One entry per version: its latest batch.
    if (seen.has(r.id) || r.canonicalText === null) continue;
    seen.add(r.id);
    const record = JSON.parse(r.canonicalText) as Record<string, JsonValue>;
    out.push({
      recordId: r.id,
      version: r.version,
      state: r.state as OwnRecord['state'],
      schoolYear: r.schoolYear,
      ...(r.schoolName && { schoolName: r.schoolName }),
      record,
      fields: flattenFields(record).map((f) => ({
        pointer: f.pointer,
        sensitive: SENSITIVE_POINTERS.some((p) => isUnder(f.pointer, p)),
      })),
      signed: r.manifestText !== null && r.cms !== null,
    });
  }
  return out;
}

/** Why a disclosure was refused. */
export type DisclosureRefusal =
  | { kind: 'notFound' }
  | { kind: 'notSigned' }
  | { kind: 'unknownPointer'; pointer: string };

export interface DisclosureInput {
  recordId: string;
  pointers: readonly string[];
  /** Checks the caller may read this student's record (throws otherwise). */
  authorize: (studentId: string) => void;
  fromLedger: CertificateSource;
  actor: { userId: string; role: Principal['role'] };
}

/**
 * The bundle of one of the caller's committed records disclosing exactly the fields at or under `pointers`
 * (an empty list hides every field: the bundle then proves only that such a record exists).
 */
export async function discloseOwnRecord(
  db: Database,
  input: DisclosureInput,
): Promise<{ bundle: ProofBundle } | { refused: DisclosureRefusal }> {
  const [r] = await committedVersions(db)
    .where(and(eq(recordVersions.id, input.recordId), inArray(recordVersions.state, [...LOOKUP_STATES])))
    .orderBy(desc(batches.lockedAt))
    .limit(1);
  if (!r) return { refused: { kind: 'notFound' } };
  input.authorize(r.studentId);
  const row = toLookupRow(r);
  if (!row?.batch || r.manifestText === null || r.cms === null) return { refused: { kind: 'notSigned' } };
  let bundle: ProofBundle;
  try {
    ({ bundle } = await lookupBundle(db, row, input.fromLedger, input.pointers));
  } catch (e) {
    if (isIntegrityError(e) && e.code === 'DISCLOSURE_UNKNOWN_POINTER')
      return { refused: { kind: 'unknownPointer', pointer: String(e.details?.pointer ?? '') } };
    throw e;
  }
  await appendAudit(db, {
    action: 'record.disclose',
    entityType: 'record',
    entityId: r.id,
    actorUserId: input.actor.userId,
    actorRole: input.actor.role,
    details: {
      batchId: row.batch.id,
      disclosedFields: bundle.disclosure.fields.length,
      hiddenFields: bundle.disclosure.hidden.length,
    },
  });
  return { bundle };
}
