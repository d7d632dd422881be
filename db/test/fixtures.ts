/** Minimal rows the tests build on: one province, district, school, class, teacher, student, enrolment. */
import { randomBytes } from 'node:crypto';
import {
  batches,
  classes,
  type Database,
  districts,
  enrolments,
  provinces,
  recordVersions,
  schools,
  studentBiographies,
  students,
  users,
} from '../src/index.ts';

const tag = () => randomBytes(4).toString('hex');

export interface World {
  provinceId: string;
  districtId: string;
  schoolId: string;
  classId: string;
  teacherId: string;
  studentId: string;
  enrolmentId: string;
}

export async function seedWorld(db: Database): Promise<World> {
  const t = tag();
  const [province] = await db
    .insert(provinces)
    .values({ code: `P${t}`, name: 'Tỉnh Quảng Ninh' })
    .returning();
  const [district] = await db
    .insert(districts)
    .values({ provinceId: province!.id, code: `D${t}`, name: 'Phòng GD&ĐT Hạ Long', body: 'Phòng GD&ĐT' })
    .returning();
  const [school] = await db
    .insert(schools)
    .values({
      code: `S${t}`,
      name: 'Trường Tiểu học Lê Văn Tám',
      level: 'TH',
      districtId: district!.id,
      provinceId: province!.id,
    })
    .returning();
  const [teacher] = await db
    .insert(users)
    .values({
      login: `gv.${t}`,
      passwordHash: '$scrypt$ln=15,r=8,p=1$c2FsdA$aGFzaA',
      displayName: 'Nguyễn Thị Lan',
    })
    .returning();
  const [klass] = await db
    .insert(classes)
    .values({
      schoolId: school!.id,
      schoolYear: '2025-2026',
      grade: 5,
      name: `5A-${t}`,
      homeroomTeacherId: teacher!.id,
    })
    .returning();
  const [student] = await db
    .insert(students)
    .values({ nationalId: `0${randomDigits(11)}`, studentCode: `HS${t}` })
    .returning();
  await db.insert(studentBiographies).values({
    studentId: student!.id,
    fullName: 'Trần Văn An',
    dateOfBirth: '2015-09-02',
    sex: 'male',
    birthplace: 'Hạ Long, Quảng Ninh',
    ethnicity: 'Kinh',
    guardians: [{ relation: 'mother', fullName: 'Phạm Thị Hoa' }],
  });
  const [enrolment] = await db
    .insert(enrolments)
    .values({
      studentId: student!.id,
      classId: klass!.id,
      schoolYear: '2025-2026',
      custodySchoolId: school!.id,
    })
    .returning();
  return {
    provinceId: province!.id,
    districtId: district!.id,
    schoolId: school!.id,
    classId: klass!.id,
    teacherId: teacher!.id,
    studentId: student!.id,
    enrolmentId: enrolment!.id,
  };
}

function randomDigits(n: number): string {
  return Array.from(randomBytes(n), (b) => String(b % 10)).join('');
}

export const hash32 = (): Uint8Array => new Uint8Array(randomBytes(32));

export function lookupCode(): string {
  return randomBytes(12).toString('hex').toUpperCase();
}

/** A locked version 1 of the world's record. */
export async function lockedVersion(db: Database, world: World, version = 1, supersedesId?: string) {
  const record = { schema: 'hocba.record/v1', grade: 5, note: 'Hoàn thành tốt' };
  const [row] = await db
    .insert(recordVersions)
    .values({
      enrolmentId: world.enrolmentId,
      version,
      supersedesId: supersedesId ?? null,
      state: 'locked',
      record,
      canonicalText: JSON.stringify(record),
      salt: hash32(),
      leafHash: hash32(),
      lookupCode: lookupCode(),
      effectiveAt: new Date('2026-05-25T08:00:00.000Z'),
    })
    .returning();
  return row!;
}

/** A batch of the world's school in the given state; past assembling it carries a manifest and a CMS. */
export async function batchIn(db: Database, world: World, state: 'assembling' | 'signed' = 'assembling') {
  const signed =
    state === 'signed'
      ? {
          manifestText: '{"schema":"hocba.manifest/v1"}',
          manifestHash: hash32(),
          cms: new Uint8Array([0x30, 0x82, 0x01, 0x00]),
          root: hash32(),
          leafCount: 1,
          signerCertFingerprint: 'ab'.repeat(32),
          lockedAt: new Date('2026-05-25T08:00:00.000Z'),
        }
      : {};
  const [row] = await db
    .insert(batches)
    .values({
      schoolId: world.schoolId,
      schoolYear: '2025-2026',
      classId: world.classId,
      kind: 'regular',
      state,
      ...signed,
    })
    .returning();
  return row!;
}
