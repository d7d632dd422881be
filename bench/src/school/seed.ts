/**
 * The school bench's database: the demo province as `npm start` seeds it (schools, staff logins, one class
 * batch of the primary school anchored — its anchor also opens the ledger's connections), then the THCS
 * school of the dev PKI filled up to `pupils` pupils, each enrolled in a class of at most 45 of their grade
 * (6–9) with version 1 of a realistic record (src/records.ts, about 90 fields), approved. One more pupil,
 * alone in a class of their own, is the one-record batch of the baseline. Set-based inserts: the seeding is
 * not what is timed.
 */
import { classes, type Database, enrolments, recordVersions, students } from '@hocba/db';
import { type DevProvince, newLookupCode, seedDevProvince } from '@hocba/gateway';
import { and, count, eq } from 'drizzle-orm';
import { type HocbaRecord, makeRecord } from '../records.ts';

/** The dev PKI's THCS school (Trường THCS Chu Văn An) and its principal's demo login. */
export const SCHOOL = 'SCH-QN-002';
export const PRINCIPAL = 'hieutruong.chuvanan';
const CLASS_SIZE = 45;
const CHUNK = 400;

export interface SeededSchool {
  schoolId: string;
  schoolYear: string;
  /** Approved versions of the school (the demo's and ours) outside the baseline's class. */
  approved: number;
  classes: number;
  /** The class of the one-record batch. */
  baselineClassId: string;
  seedMs: number;
}

/** THCS records of the synthetic population, in order, until `n` (the generator mixes THCS and THPT). */
function thcsRecords(seed: number, n: number): HocbaRecord[] {
  const out: HocbaRecord[] = [];
  for (let i = 0; out.length < n; i++) {
    const r = makeRecord(seed, i);
    if (r.level === 'THCS') out.push(r);
  }
  return out;
}

async function approvedOfSchool(db: Database, schoolId: string, schoolYear: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(recordVersions)
    .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
    .where(
      and(
        eq(enrolments.custodySchoolId, schoolId),
        eq(enrolments.schoolYear, schoolYear),
        eq(recordVersions.state, 'approved'),
      ),
    );
  return row!.n;
}

export async function seedSchool(
  db: Database,
  p: DevProvince,
  o: { pupils: number; seed: number },
): Promise<SeededSchool> {
  const t0 = performance.now();
  const demo = await seedDevProvince(db, p);
  if (demo.anchor?.outcome !== 'submitted')
    throw new Error(`the demo batch was not anchored: ${JSON.stringify(demo.anchor)}`);
  const { schoolYear } = p;
  const year = schoolYear.slice(0, 4);
  const already = await approvedOfSchool(db, SCHOOL, schoolYear);
  const add = Math.max(0, o.pupils - already);
  // One more: the baseline's pupil.
  const records = thcsRecords(o.seed, add + 1);
  const baseline = records.pop()!;

  // Classes by grade, at most CLASS_SIZE each, named after the demo's (6A exists: ours start at B).
  const byGrade = new Map<number, HocbaRecord[]>();
  for (const r of records) byGrade.set(r.grade, [...(byGrade.get(r.grade) ?? []), r]);
  const classOf = new Map<HocbaRecord, string>();
  const classRows: (typeof classes.$inferInsert)[] = [];
  for (const [grade, rs] of byGrade) {
    for (let k = 0; k * CLASS_SIZE < rs.length; k++) {
      const name = `${grade}${String.fromCharCode(66 + k)}`;
      const id = `${SCHOOL}-${year}-${name}`;
      classRows.push({ id, schoolId: SCHOOL, schoolYear, grade, name });
      for (const r of rs.slice(k * CLASS_SIZE, (k + 1) * CLASS_SIZE)) classOf.set(r, id);
    }
  }
  const baselineClassId = `${SCHOOL}-${year}-BENCH1`;
  classRows.push({
    id: baselineClassId,
    schoolId: SCHOOL,
    schoolYear,
    grade: baseline.grade,
    name: 'BENCH1',
  });
  classOf.set(baseline, baselineClassId);
  await db.insert(classes).values(classRows);

  const all = [...records, baseline];
  for (let i = 0; i < all.length; i += CHUNK) {
    const chunk = all.slice(i, i + CHUNK);
    // Identity numbers unique by construction (the generator's may repeat).
    const ids = chunk.map((_, j) => ({
      nationalId: `0229${String(i + j).padStart(8, '0')}`,
      studentCode: `HS22-B${String(i + j).padStart(5, '0')}`,
    }));
    const st = await db.insert(students).values(ids).returning({ id: students.id });
    const en = await db
      .insert(enrolments)
      .values(
        chunk.map((r, j) => ({
          studentId: st[j]!.id,
          classId: classOf.get(r)!,
          schoolYear,
          custodySchoolId: SCHOOL,
        })),
      )
      .returning({ id: enrolments.id });
    await db.insert(recordVersions).values(
      chunk.map((r, j) => {
        const { student, supersedes: _s, ...rest } = r;
        const recordId = `${SCHOOL}-${year}-B${String(i + j).padStart(5, '0')}-v1`;
        // The realistic record in the version's envelope, as gateway/src/seed and bench/src/gateway do.
        const record = {
          ...rest,
          recordId,
          lookupCode: newLookupCode(),
          nationalId: ids[j]!.nationalId,
          studentCode: ids[j]!.studentCode,
          provinceCode: '22',
          schoolCode: SCHOOL,
          schoolYear,
          classId: classOf.get(r)!,
          version: 1,
          biography: student,
        };
        return {
          id: recordId,
          enrolmentId: en[j]!.id,
          version: 1,
          state: 'approved' as const,
          record: record as unknown as Record<string, unknown>,
        };
      }),
    );
  }
  return {
    schoolId: SCHOOL,
    schoolYear,
    approved: (await approvedOfSchool(db, SCHOOL, schoolYear)) - 1,
    classes:
      (
        await db
          .select({ n: count() })
          .from(classes)
          .where(and(eq(classes.schoolId, SCHOOL), eq(classes.schoolYear, schoolYear)))
      )[0]!.n - 1,
    baselineClassId,
    seedMs: performance.now() - t0,
  };
}

/** The records a lock of the school (no class) takes: every approved version but the baseline's. */
export async function schoolRecordsForBaseline(db: Database, schoolYear: string) {
  return db
    .select({ record: recordVersions.record })
    .from(recordVersions)
    .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
    .where(
      and(
        eq(enrolments.custodySchoolId, SCHOOL),
        eq(enrolments.schoolYear, schoolYear),
        eq(recordVersions.state, 'approved'),
      ),
    );
}
