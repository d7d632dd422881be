/**
 * A school's classes of one school year as its principal follows them (issue 13, the console's overview):
 * each class with its homeroom teacher, how many pupils, where their records stand (the newest version of
 * each pupil's record, by state) and the class's newest batch — so that the principal sees what is still
 * missing before locking, and where a locked class is on its way to the ledger.
 */
import { type Database, RECORD_STATES, type RecordState } from '@hocba/db';
import { sql } from 'drizzle-orm';

export interface ClassBatch {
  batchId: string;
  state: string;
  kind: string;
  leafCount: number | null;
  lockedAt: Date | null;
  anchoredAt: Date | null;
  blockNumber: number | null;
  ledgerTxId: string | null;
}

export interface ClassOverview {
  classId: string;
  name: string;
  grade: number;
  homeroomTeacher: string | null;
  pupils: number;
  /** Pupils whose newest record version is in each state (every state present, 0 when none). */
  records: Record<RecordState, number>;
  /** The class's newest batch; absent before its first lock. */
  batch?: ClassBatch;
}

/** The school years the school has classes in, newest first. */
export async function schoolYearsOf(db: Database, schoolId: string): Promise<string[]> {
  const rows = await db.execute<{ school_year: string }>(
    sql`SELECT DISTINCT school_year FROM classes WHERE school_id = ${schoolId} ORDER BY school_year DESC`,
  );
  return rows.rows.map((r) => r.school_year);
}

export async function schoolClasses(
  db: Database,
  schoolId: string,
  schoolYear: string,
): Promise<ClassOverview[]> {
  const [classRows, counts, batchRows] = await Promise.all([
    db.execute<{ id: string; name: string; grade: number; homeroom: string | null; pupils: number }>(sql`
      SELECT c.id, c.name, c.grade, u.display_name AS homeroom,
             (SELECT count(*)::int FROM enrolments e WHERE e.class_id = c.id) AS pupils
      FROM classes c LEFT JOIN users u ON u.id = c.homeroom_teacher_id
      WHERE c.school_id = ${schoolId} AND c.school_year = ${schoolYear}
      ORDER BY c.grade, c.name`),
    db.execute<{ class_id: string; state: RecordState; n: number }>(sql`
      SELECT e.class_id, v.state, count(*)::int AS n
      FROM (SELECT DISTINCT ON (enrolment_id) enrolment_id, state FROM record_versions
            ORDER BY enrolment_id, version DESC) v
      JOIN enrolments e ON e.id = v.enrolment_id
      JOIN classes c ON c.id = e.class_id
      WHERE c.school_id = ${schoolId} AND c.school_year = ${schoolYear}
      GROUP BY e.class_id, v.state`),
    db.execute<{
      class_id: string;
      id: string;
      state: string;
      kind: string;
      leaf_count: number | null;
      locked_at: string | Date | null;
      anchored_at: string | Date | null;
      block_number: string | number | null;
      ledger_tx_id: string | null;
    }>(sql`
      SELECT DISTINCT ON (class_id) class_id, id, state, kind, leaf_count, locked_at, anchored_at, block_number,
             ledger_tx_id
      FROM batches
      WHERE school_id = ${schoolId} AND school_year = ${schoolYear} AND class_id IS NOT NULL
      ORDER BY class_id, created_at DESC`),
  ]);
  const date = (v: string | Date | null) => (v === null ? null : new Date(v));
  const batchOf = new Map(
    batchRows.rows.map((b) => [
      b.class_id,
      {
        batchId: b.id,
        state: b.state,
        kind: b.kind,
        leafCount: b.leaf_count,
        lockedAt: date(b.locked_at),
        anchoredAt: date(b.anchored_at),
        blockNumber: b.block_number === null ? null : Number(b.block_number),
        ledgerTxId: b.ledger_tx_id,
      } satisfies ClassBatch,
    ]),
  );
  return classRows.rows.map((c) => {
    const records = Object.fromEntries(RECORD_STATES.map((s) => [s, 0])) as Record<RecordState, number>;
    for (const n of counts.rows) if (n.class_id === c.id) records[n.state] = n.n;
    const batch = batchOf.get(c.id);
    return {
      classId: c.id,
      name: c.name,
      grade: Number(c.grade),
      homeroomTeacher: c.homeroom,
      pupils: Number(c.pupils),
      records,
      ...(batch && { batch }),
    };
  });
}
