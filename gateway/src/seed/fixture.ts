/**
 * A province in the database for measurements and tests (the benchmarks, the service and cross-part tests),
 * smaller than the demo seed (index.ts): the places (Quảng Ninh, its two districts, the given schools with
 * one grade-5 class each), `n` pupils of a class with version 1 of their record, and a batch locked and
 * signed by a dev signer, its outbox row pending. Synthetic data only: random identity numbers, the demo
 * seed's invented pupils (people.ts).
 */
import { randomBytes } from 'node:crypto';
import {
  classes,
  type Database,
  districts,
  enrolments,
  provinces,
  recordVersions,
  schools,
  students,
} from '@hocba/db';
import { DEV_DISTRICTS, DEV_PROVINCE } from '../dev-province.ts';
import { newLookupCode } from '../lookup/code.ts';
import { type DevSigner, signWithDevSigner } from '../services/dev-signer.ts';
import { type LockedBatch, lockBatch } from '../services/lock.ts';
import { demoPupil, HOMEROOM_COMMENTS } from './people.ts';
import { demoRecord } from './records.ts';

export const FIXTURE_PROVINCE_ID = 'QN';

export interface FixtureSchool {
  schoolId: string;
  districtId: string;
  /** Default TH (primary): the grade-5 class is a primary school's. */
  level?: (typeof schools.$inferInsert)['level'];
}

/** The province, its districts and `schools`, each with class `5A-<schoolId>`; the class ids by school. */
export async function seedFixturePlaces(
  db: Database,
  o: { schoolYear: string; schools: readonly FixtureSchool[] },
): Promise<Record<string, string>> {
  await db.insert(provinces).values({ id: FIXTURE_PROVINCE_ID, ...DEV_PROVINCE });
  await db.insert(districts).values(
    DEV_DISTRICTS.map((d, i) => ({
      id: d.districtId,
      provinceId: FIXTURE_PROVINCE_ID,
      code: String(i + 1).padStart(2, '0'),
      name: d.name,
      mspId: d.mspId,
    })),
  );
  const classId: Record<string, string> = {};
  for (const { schoolId: id, districtId, level } of o.schools) {
    await db.insert(schools).values({
      id,
      code: id,
      name: `Trường ${id}`,
      level: level ?? 'TH',
      districtId,
      provinceId: FIXTURE_PROVINCE_ID,
    });
    classId[id] = `5A-${id}`;
    await db
      .insert(classes)
      .values({ id: classId[id], schoolId: id, schoolYear: o.schoolYear, grade: 5, name: '5A' });
  }
  return classId;
}

const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');

/**
 * A record of the model (Circular 27, grade 5), as the workflow would have made it, its homeroom comment in
 * NFD on purpose: what is committed is the NFC form (DESIGN §4.1).
 */
function fixtureRecord(input: Parameters<typeof demoRecord>[0]) {
  const record = demoRecord(input);
  if (record.level !== 'TH') return record;
  return {
    ...record,
    results: { ...record.results, homeroomComment: input.homeroomComment.normalize('NFD') },
  };
}

/** `n` pupils of a school's class, each with version 1 of their record in `state`; the versions' ids. */
export async function seedFixtureVersions(
  db: Database,
  o: {
    schoolId: string;
    classId: string;
    schoolYear: string;
    n: number;
    state?: 'approved' | 'reviewed';
  },
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < o.n; i++) {
    const [student] = await db
      .insert(students)
      .values({ nationalId: `0${digits(11)}`, studentCode: `HS${digits(6)}` })
      .returning();
    const [enrolment] = await db
      .insert(enrolments)
      .values({
        studentId: student!.id,
        classId: o.classId,
        schoolYear: o.schoolYear,
        custodySchoolId: o.schoolId,
      })
      .returning();
    const recordId = `REC-${randomBytes(6).toString('hex')}`;
    await db.insert(recordVersions).values({
      id: recordId,
      enrolmentId: enrolment!.id,
      version: 1,
      state: o.state ?? 'approved',
      record: fixtureRecord({
        recordId,
        lookupCode: newLookupCode(),
        nationalId: student!.nationalId,
        studentCode: student!.studentCode!,
        provinceCode: DEV_PROVINCE.code,
        schoolCode: o.schoolId,
        schoolYear: o.schoolYear,
        level: 'TH',
        grade: 5,
        classId: o.classId,
        biography: demoPupil(i, 5, Number(o.schoolYear.slice(0, 4))),
        n: i,
        homeroomComment: HOMEROOM_COMMENTS[i % HOMEROOM_COMMENTS.length]!,
      }),
    });
    ids.push(recordId);
  }
  return ids;
}

/**
 * Locks approved versions of a school into a regular batch (a minute before `now`) and signs it with
 * `signer`, whose clock should read before `now`: state `signed`, its outbox row pending.
 */
export async function lockAndSignFixture(
  db: Database,
  o: {
    schoolId: string;
    schoolYear: string;
    recordVersionIds: string[];
    signer: DevSigner;
    trustAnchors: Uint8Array[];
    now: Date;
    batchId?: string;
  },
): Promise<LockedBatch> {
  const locked = await lockBatch(db, {
    schoolId: o.schoolId,
    schoolYear: o.schoolYear,
    recordVersionIds: o.recordVersionIds,
    kind: 'regular',
    lockedAt: new Date(o.now.getTime() - 60_000),
    signerCertFingerprint: o.signer.fingerprint,
    ...(o.batchId && { batchId: o.batchId }),
  });
  await signWithDevSigner(db, locked.batchId, o.signer, {
    trustAnchors: o.trustAnchors,
    registeredCertificate: o.signer.certificate,
    now: o.now,
  });
  return locked;
}
