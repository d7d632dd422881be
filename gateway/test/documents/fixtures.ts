/**
 * The province the document tests issue PDFs in: the embedded ledger's World and a PGlite database with its
 * schools, and in school A (SCH-QN-001, "Trường Tiểu học Kim Đồng" here) records of the model, locked, signed
 * and anchored: a primary one (Circular 27, grade 5), a secondary one (Circular 22, grade 8) and a primary
 * one with long comments on every subject (page breaks); beside them an approved record (not locked) and a
 * locked one whose batch is not anchored. Users: A's principal, B's principal, the primary pupil and a
 * subject teacher of A.
 */
import { randomBytes } from 'node:crypto';
import { classes, enrolments, recordVersions, schools, students } from '@hocba/db';
import { eq } from 'drizzle-orm';
import { DEV_PROVINCE } from '../../src/dev-province.ts';
import { newLookupCode } from '../../src/lookup/code.ts';
import { demoPupil } from '../../src/seed/people.ts';
import { demoRecord } from '../../src/seed/records.ts';
import { lockBatch, runOutboxWorker } from '../../src/services/index.ts';
import { makeApp, type TestApp } from '../app/helper.ts';
import { seedUser, userToken } from '../auth/fixtures.ts';
import {
  lockAndSign,
  OTHER_SCHOOL,
  type Province,
  SCHOOL,
  type Seeded,
  seededDatabase,
  seedVersions,
  startProvince,
  workerParties,
  YEAR,
} from '../services/fixtures.ts';

export { SCHOOL, YEAR };
export const SCHOOL_NAME = 'Trường Tiểu học Kim Đồng';
export const PUBLIC_URL = 'https://tracuu.hocba.example.vn';
/** The long-comment record's comment of every subject: some 1,900 characters, in NFD on purpose. */
export const LONG_COMMENT = `${'Em nắm vững kiến thức, kĩ năng của môn học; tích cực, chủ động trong các hoạt động; biết hợp tác với bạn bè và trình bày ý kiến rõ ràng, mạch lạc. '.repeat(13)}Cần phát huy.`;

export interface DocumentWorld {
  p: Province;
  s: Seeded;
  app: TestApp;
  ids: {
    primary: string;
    secondary: string;
    long: string;
    approved: string;
    unanchored: string;
    /** Anchored, then revoked by the test that needs it. */
    revoked: string;
  };
  tokens: Record<
    'principal' | 'otherPrincipal' | 'pupil' | 'teacher' | 'otherPupil' | 'revokedPupil',
    string
  >;
  /** The primary pupil's full name as the record holds it (NFC). */
  pupilName: string;
  close(): Promise<void>;
}

const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');

/** A pupil of a new grade-8 class of `schoolId` with an approved Circular 22 record; its id. */
async function secondaryRecord(s: Seeded, schoolId: string): Promise<string> {
  const classId = `8A-${schoolId}`;
  await s.db.insert(classes).values({ id: classId, schoolId, schoolYear: YEAR, grade: 8, name: '8A' });
  const [student] = await s.db
    .insert(students)
    .values({ nationalId: `0${digits(11)}`, studentCode: `HS${digits(6)}` })
    .returning();
  const [enrolment] = await s.db
    .insert(enrolments)
    .values({ studentId: student!.id, classId, schoolYear: YEAR, custodySchoolId: schoolId })
    .returning();
  const recordId = `REC-8A-${randomBytes(4).toString('hex')}`;
  await s.db.insert(recordVersions).values({
    id: recordId,
    enrolmentId: enrolment!.id,
    version: 1,
    state: 'approved',
    record: demoRecord({
      recordId,
      lookupCode: newLookupCode(),
      nationalId: student!.nationalId,
      studentCode: student!.studentCode!,
      provinceCode: DEV_PROVINCE.code,
      schoolCode: schoolId,
      schoolYear: YEAR,
      level: 'THCS',
      grade: 8,
      classId,
      biography: demoPupil(3, 8, Number(YEAR.slice(0, 4))),
      n: 3,
      homeroomComment: 'Em ngoan, lễ phép, có ý thức tự giác trong học tập và rèn luyện.',
    }) as unknown as Record<string, unknown>,
  });
  return recordId;
}

/** Long comments on every subject of a primary record (and a long homeroom comment). */
async function lengthen(s: Seeded, recordId: string): Promise<void> {
  const [v] = await s.db.select().from(recordVersions).where(eq(recordVersions.id, recordId));
  const record = v!.record as { results: { subjects: Record<string, object>; homeroomComment?: string } };
  const subjects = Object.fromEntries(
    Object.entries(record.results.subjects).map(([code, r]) => [
      code,
      { ...r, comment: LONG_COMMENT.normalize('NFD') },
    ]),
  );
  await s.db
    .update(recordVersions)
    .set({
      record: {
        ...record,
        results: { ...record.results, subjects, homeroomComment: LONG_COMMENT.repeat(2).slice(0, 3900) },
      },
    })
    .where(eq(recordVersions.id, recordId));
}

const studentOf = async (s: Seeded, recordId: string) => {
  const [row] = await s.db
    .select({ studentId: enrolments.studentId })
    .from(recordVersions)
    .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
    .where(eq(recordVersions.id, recordId));
  return row!.studentId;
};

export async function documentWorld(): Promise<DocumentWorld> {
  const [p, s] = await Promise.all([startProvince(), seededDatabase()]);
  await s.db.update(schools).set({ name: SCHOOL_NAME }).where(eq(schools.id, SCHOOL));
  const classA = s.classId[SCHOOL]!;
  const [primary, long, approved, unanchored, otherPupilRecord, revoked] = await seedVersions(
    s.db,
    SCHOOL,
    classA,
    6,
  );
  await lengthen(s, long!);
  const secondary = await secondaryRecord(s, SCHOOL);
  await lockAndSign(s.db, p.world, SCHOOL, [primary!, long!, secondary, otherPupilRecord!, revoked!]);
  await runOutboxWorker({ db: s.db, ledger: p.ledger, ...workerParties(p.world) }).tick();
  // Locked, but its batch neither signed nor anchored.
  await lockBatch(s.db, {
    schoolId: SCHOOL,
    schoolYear: YEAR,
    recordVersionIds: [unanchored!],
    kind: 'regular',
    lockedAt: new Date(p.world.now.getTime() - 60_000),
  });

  await seedUser(s.db, { login: 'ht-a', grants: [{ role: 'principal', schoolId: SCHOOL }] });
  await seedUser(s.db, { login: 'ht-b', grants: [{ role: 'principal', schoolId: OTHER_SCHOOL }] });
  await seedUser(s.db, {
    login: 'hs-a',
    grants: [{ role: 'student', studentId: await studentOf(s, primary!) }],
  });
  await seedUser(s.db, {
    login: 'hs-other',
    grants: [{ role: 'student', studentId: await studentOf(s, otherPupilRecord!) }],
  });
  await seedUser(s.db, {
    login: 'hs-revoked',
    grants: [{ role: 'student', studentId: await studentOf(s, revoked!) }],
  });
  await seedUser(s.db, {
    login: 'gv-a',
    grants: [{ role: 'subjectTeacher', classId: classA, subject: 'TOAN' }],
  });
  const app = await makeApp(p.world, {
    db: s.db,
    publicUrl: PUBLIC_URL,
    rateLimit: { max: 1000, authMax: 1000 },
  });
  const [v] = await s.db.select().from(recordVersions).where(eq(recordVersions.id, primary!));
  return {
    p,
    s,
    app,
    ids: {
      primary: primary!,
      secondary,
      long: long!,
      approved: approved!,
      unanchored: unanchored!,
      revoked: revoked!,
    },
    tokens: {
      principal: await userToken(app, 'ht-a'),
      otherPrincipal: await userToken(app, 'ht-b'),
      pupil: await userToken(app, 'hs-a'),
      otherPupil: await userToken(app, 'hs-other'),
      teacher: await userToken(app, 'gv-a'),
      revokedPupil: await userToken(app, 'hs-revoked'),
    },
    pupilName: (v!.record as { biography: { fullName: string } }).biography.fullName.normalize('NFC'),
    async close() {
      await app.close();
      await s.close();
    },
  };
}
