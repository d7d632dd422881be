/**
 * The demo province in the database, consistent with the development province on the ledger
 * (dev-province.ts): Quảng Ninh, its two districts, the dev PKI's three schools (one TH, one THCS, one
 * THPT), one class per grade of each school's level with a few pupils each (biographies, guardians, an
 * approved record version valid under the record schemas), staff accounts for every role and a verifier
 * client. Then one class batch goes through the real life of a batch: locked (lockBatch), signed by the
 * principal's dev signer (signWithDevSigner: the CMS is verified before it is stored, the anchoring is
 * enqueued) and anchored by the outbox worker — so that its lookup codes verify `valid`.
 *
 * Runs once: a database that has a province already is left alone (`seeded: false`). Demo credentials
 * are fixed and printed by the server; they are for a development machine only.
 */
import {
  appendAudit,
  batches,
  batchMembers,
  certificates,
  classes,
  type Database,
  districts,
  editingWindows,
  enrolments,
  provinces,
  type Role,
  recordVersions,
  schools,
  studentBiographies,
  students,
  userRoles,
  users,
  verifierClients,
} from '@hocba/db';
import { derToPem, describeCertificate } from '@hocba/integrity';
import { GRADES_OF_LEVEL } from '@hocba/records';
import { and, asc, eq } from 'drizzle-orm';
import { hashSecret } from '../auth/passwords.ts';
import type { ScopeColumn } from '../auth/principal.ts';
import { DEV_DISTRICTS, DEV_PROVINCE, type DevProvince } from '../dev-province.ts';
import type { LedgerClient, LedgerIdentities, SchoolSpec } from '../ledger/index.ts';
import { newLookupCode } from '../lookup/code.ts';
import {
  type DevSigner,
  loadDevSigner,
  lockBatch,
  type OutboxOutcome,
  type OutboxWorkerOptions,
  runOutboxWorker,
  signWithDevSigner,
} from '../services/index.ts';
import { demoPupil, HOMEROOM_COMMENTS } from './people.ts';
import { demoRecord } from './records.ts';

/** Demo only: every staff account's password, printed at start. */
export const DEMO_PASSWORD = 'hocba-demo-2026';
/** Demo only: the verifier client's secret. */
export const DEMO_CLIENT = { clientId: 'dh-ha-long', secret: 'hocba-demo-verifier-2026' } as const;
export const PUPILS_PER_CLASS = 4;
/** The class whose batch the seed locks, signs and anchors: the primary school's grade 5. */
export const ANCHORED_CLASS = { grade: 5, name: '5A' } as const;
/**
 * The class a newcomer fills in from the console: the primary school's second grade-5 class, with its
 * teacher and no pupils; demo-files.ts writes its class list and marks sheet for the import.
 */
export const EMPTY_CLASS = { grade: 5, name: '5B' } as const;
/** The subjects a primary homeroom teacher teaches in the class (the others have specialist teachers). */
export const HOMEROOM_SUBJECTS = ['TIENG_VIET', 'TOAN', 'DAO_DUC', 'KHOA_HOC', 'LS_DL', 'HDTN'] as const;

export interface SeedProvince {
  id: string;
  code: string;
  name: string;
  mspId: string;
  districts: readonly { districtId: string; name: string; mspId: string }[];
  schools: readonly SchoolSpec[];
}

export interface SeedOptions {
  db: Database;
  ledger: LedgerClient;
  identities: LedgerIdentities;
  province: SeedProvince;
  schoolYear: string;
  /** The principal's signer of each school (dev PKI). */
  signerFor(schoolId: string): Promise<DevSigner>;
  /** DER of the root CAs registered on the ledger. */
  trustAnchors: Uint8Array[];
  now?: Date;
  /** Anchor the locked batch by a tick of the outbox worker (default true). */
  anchor?: boolean;
  /** Passed to the worker (tests). */
  worker?: Pick<OutboxWorkerOptions, 'hooks'>;
}

export interface DemoLogin {
  login: string;
  displayName: string;
  role: Role;
  /** The grant, as people read it ("SCH-QN-001 / 5A / TOAN"). */
  scope: string;
}

export interface SeedResult {
  seeded: boolean;
  /** Rows written (when seeded). */
  counts?: { schools: number; classes: number; students: number; users: number };
  /** The worker's outcome for the anchored batch (when seeded and anchored). */
  anchor?: OutboxOutcome;
}

type Grant = Partial<Record<ScopeColumn, string>>;
interface Staff {
  login: string;
  displayName: string;
  role: Role;
  grant: Grant;
  /** Further grants of the same person (a primary homeroom teacher also teaches subjects of the class). */
  also?: { role: Role; grant: Grant }[];
}

const yearStartOf = (schoolYear: string) => Number(schoolYear.slice(0, 4));
export const classIdOf = (schoolId: string, schoolYear: string, name: string) =>
  `${schoolId}-${schoolYear.slice(0, 4)}-${name}`;

/** The staff of the demo province: one account per role (and a principal per school). */
function staffOf(p: SeedProvince, schoolYear: string): Staff[] {
  const [th, thcs, thpt] = p.schools;
  const cls = classIdOf(th!.schoolId, schoolYear, ANCHORED_CLASS.name);
  const empty = classIdOf(th!.schoolId, schoolYear, EMPTY_CLASS.name);
  const [d1, d2] = p.districts;
  return [
    {
      login: 'hieutruong.kimdong',
      displayName: 'Nguyễn Văn Khải',
      role: 'principal',
      grant: { schoolId: th!.schoolId },
    },
    {
      login: 'hieutruong.chuvanan',
      displayName: 'Đinh Thị Phương Thảo',
      role: 'principal',
      grant: { schoolId: thcs!.schoolId },
    },
    {
      login: 'hieutruong.hongai',
      displayName: 'Trần Quang Minh',
      role: 'principal',
      grant: { schoolId: thpt!.schoolId },
    },
    {
      login: 'vanthu.kimdong',
      displayName: 'Lê Thị Hạnh',
      role: 'schoolAdmin',
      grant: { schoolId: th!.schoolId },
    },
    {
      login: 'gvcn.5a.kimdong',
      displayName: 'Vũ Thị Lan Hương',
      role: 'homeroomTeacher',
      grant: { classId: cls },
      // She teaches Tiếng Việt in her class too: she signs in choosing one of her two roles.
      also: [{ role: 'subjectTeacher', grant: { classId: cls, subject: 'TIENG_VIET' } }],
    },
    {
      login: 'gvcn.5b.kimdong',
      displayName: 'Lương Thị Bích Ngọc',
      role: 'homeroomTeacher',
      grant: { classId: empty },
      // A primary homeroom teacher teaches most subjects of her class (and chooses a role as she signs in).
      also: HOMEROOM_SUBJECTS.map((subject) => ({
        role: 'subjectTeacher' as const,
        grant: { classId: empty, subject },
      })),
    },
    {
      login: 'gv.toan.kimdong',
      displayName: 'Đỗ Thị Thu Hà',
      role: 'subjectTeacher',
      grant: { classId: cls, subject: 'TOAN' },
    },
    {
      login: 'phong.halong',
      displayName: 'Phạm Văn Đông',
      role: 'districtOfficer',
      grant: { districtId: d1!.districtId },
    },
    {
      login: 'phong.campha',
      displayName: 'Hoàng Thị Yến',
      role: 'districtOfficer',
      grant: { districtId: d2!.districtId },
    },
    {
      login: 'so.quangninh',
      displayName: 'Bùi Đức Thắng',
      role: 'provinceOfficer',
      grant: { provinceId: p.id },
    },
    { login: 'thanhtra.bo', displayName: 'Ngô Thị Thanh', role: 'ministryAuditor', grant: {} },
  ];
}

/** The student account: the first pupil of the anchored class. */
const STUDENT_LOGIN = 'hs.kimdong.5a.01';

const describeGrant = (g: Grant) =>
  Object.values(g)
    .filter((v): v is string => typeof v === 'string')
    .join(' / ') || 'toàn quốc / nationwide';

/** Every demo login with its role and scope, as the server prints them. */
export function demoLogins(p: SeedProvince, schoolYear: string): DemoLogin[] {
  return [
    ...staffOf(p, schoolYear).map((s) => ({
      login: s.login,
      displayName: s.displayName,
      role: s.role,
      scope: describeGrant(s.grant),
    })),
    {
      login: STUDENT_LOGIN,
      displayName: demoPupil(0, ANCHORED_CLASS.grade, yearStartOf(schoolYear)).fullName,
      role: 'student',
      scope: 'học sinh của mình / own records',
    },
    {
      login: DEMO_CLIENT.clientId,
      displayName: 'Trường Đại học Hạ Long (demo)',
      role: 'verifier',
      scope: 'client credentials',
    },
  ];
}

/** True when the database holds a province already (the seed then does nothing). */
export async function isSeeded(db: Database): Promise<boolean> {
  return (await db.select({ id: provinces.id }).from(provinces).limit(1)).length > 0;
}

export async function seedDemoProvince(o: SeedOptions): Promise<SeedResult> {
  const { db, province: p, schoolYear } = o;
  const now = o.now ?? new Date();
  if (await isSeeded(db)) return { seeded: false };

  const staff = staffOf(p, schoolYear);
  // scrypt is the slow part of the seed (~0.2 s a hash, on purpose). Every demo account has the same,
  // printed password, so one hash serves them all: a salt per account would hide nothing here.
  const [passwordHash, clientHash] = await Promise.all([
    hashSecret(DEMO_PASSWORD),
    hashSecret(DEMO_CLIENT.secret),
  ]);
  const signers = new Map<string, DevSigner>();
  for (const s of p.schools) signers.set(s.schoolId, await o.signerFor(s.schoolId));

  const written = await db.transaction(async (tx) => {
    // Another start may be seeding the same database at this moment: the province's key decides.
    const [inserted] = await tx
      .insert(provinces)
      .values({ id: p.id, code: p.code, name: p.name, mspId: p.mspId })
      .onConflictDoNothing()
      .returning({ id: provinces.id });
    if (!inserted) return undefined;
    await tx.insert(districts).values(
      p.districts.map((d, i) => ({
        id: d.districtId,
        provinceId: p.id,
        code: String(i + 1).padStart(2, '0'),
        name: d.name,
        body: 'Phòng GD&ĐT',
        mspId: d.mspId,
      })),
    );
    await tx.insert(schools).values(
      p.schools.map((s) => ({
        id: s.schoolId,
        code: s.schoolId,
        name: s.name,
        level: s.level,
        districtId: s.districtId,
        provinceId: p.id,
      })),
    );
    // The principals' signing certificates, registered and approved on the ledger by dev-province.ts.
    for (const s of p.schools) {
      const signer = signers.get(s.schoolId)!;
      const d = describeCertificate(signer.certificate);
      await tx.insert(certificates).values({
        fingerprint: signer.fingerprint,
        purpose: 'batchSigner',
        schoolId: s.schoolId,
        subject: d.subject,
        pem: derToPem(signer.certificate, 'CERTIFICATE'),
        notBefore: d.notBefore,
        notAfter: d.notAfter,
        status: 'active',
      });
    }

    const userIds = new Map<string, string>();
    for (const s of staff) {
      const [u] = await tx
        .insert(users)
        .values({ login: s.login, passwordHash, displayName: s.displayName })
        .returning({ id: users.id });
      userIds.set(s.login, u!.id);
    }
    await tx.insert(verifierClients).values({
      clientId: DEMO_CLIENT.clientId,
      secretHash: clientHash,
      name: 'Trường Đại học Hạ Long (demo)',
    });

    const yearStart = yearStartOf(schoolYear);
    let k = 0;
    let classCount = 0;
    let studentId0: string | undefined;
    for (const s of p.schools) {
      for (const grade of GRADES_OF_LEVEL[s.level]) {
        const name = `${grade}A`;
        const classId = classIdOf(s.schoolId, schoolYear, name);
        const anchored = s === p.schools[0] && grade === ANCHORED_CLASS.grade;
        await tx.insert(classes).values({
          id: classId,
          schoolId: s.schoolId,
          schoolYear,
          grade,
          name,
          homeroomTeacherId: anchored ? userIds.get('gvcn.5a.kimdong')! : null,
        });
        classCount++;
        for (let n = 0; n < PUPILS_PER_CLASS; n++, k++) {
          const biography = demoPupil(k, grade, yearStart);
          const nationalId = `0${p.code}${biography.sex === 'male' ? 2 : 3}${biography.dateOfBirth.slice(2, 4)}${String(100_000 + k).slice(1)}1`;
          const studentCode = `HS${p.code}-${String(10_000 + k).slice(1)}`;
          const [student] = await tx.insert(students).values({ nationalId, studentCode }).returning();
          if (anchored && n === 0) studentId0 = student!.id;
          await tx.insert(studentBiographies).values({
            studentId: student!.id,
            fullName: biography.fullName,
            dateOfBirth: biography.dateOfBirth,
            sex: biography.sex,
            birthplace: biography.birthplace,
            ethnicity: biography.ethnicity,
            nationality: biography.nationality ?? null,
            guardians: biography.guardians.map((g) => ({
              relation: g.relation,
              fullName: g.fullName,
              ...(g.occupation !== undefined && { occupation: g.occupation }),
            })),
          });
          const [enrolment] = await tx
            .insert(enrolments)
            .values({
              studentId: student!.id,
              classId,
              schoolYear,
              custodySchoolId: s.schoolId,
              enrolledOn: `${yearStart}-09-05`,
            })
            .returning();
          const recordId = `${classId}-${String(n + 1).padStart(2, '0')}-v1`;
          const record = demoRecord({
            recordId,
            lookupCode: newLookupCode(),
            nationalId,
            studentCode,
            provinceCode: p.code,
            schoolCode: s.schoolId,
            schoolYear,
            level: s.level,
            grade,
            classId,
            biography,
            n: k,
            homeroomComment: HOMEROOM_COMMENTS[k % HOMEROOM_COMMENTS.length]!,
          });
          await tx.insert(recordVersions).values({
            id: recordId,
            enrolmentId: enrolment!.id,
            version: 1,
            // Approved (principal's approval, Circular 27/22): ready to be locked.
            state: 'approved',
            record: record as unknown as Record<string, unknown>,
          });
        }
      }
    }
    // The newcomer's class: empty, its homeroom teacher named, entry open for the school year.
    await tx.insert(classes).values({
      id: classIdOf(p.schools[0]!.schoolId, schoolYear, EMPTY_CLASS.name),
      schoolId: p.schools[0]!.schoolId,
      schoolYear,
      grade: EMPTY_CLASS.grade,
      name: EMPTY_CLASS.name,
      homeroomTeacherId: userIds.get('gvcn.5b.kimdong')!,
    });
    classCount++;
    // No row means open too; this one says so where the school admin looks (GET /v1/windows).
    await tx.insert(editingWindows).values({
      schoolId: p.schools[0]!.schoolId,
      schoolYear,
      frozen: false,
      changedBy: userIds.get('vanthu.kimdong')!,
      reason: 'Mở nhập kết quả năm học (demo) / entry open for the school year (demo)',
    });
    // Grants after the classes they may name.
    await tx.insert(userRoles).values(
      staff.flatMap((s) =>
        [{ role: s.role, grant: s.grant }, ...(s.also ?? [])].map((g) => ({
          userId: userIds.get(s.login)!,
          role: g.role,
          ...g.grant,
        })),
      ),
    );
    const [student] = await tx
      .insert(users)
      .values({
        login: STUDENT_LOGIN,
        passwordHash,
        displayName: demoPupil(0, ANCHORED_CLASS.grade, yearStart).fullName,
      })
      .returning({ id: users.id });
    await tx.insert(userRoles).values({ userId: student!.id, role: 'student', studentId: studentId0! });

    const counts = { schools: p.schools.length, classes: classCount, students: k, users: staff.length + 1 };
    await appendAudit(tx, {
      action: 'seed.demoProvince',
      entityType: 'province',
      entityId: p.id,
      at: now,
      reason: 'demo province for development (npm start)',
      details: { ...counts, schoolYear },
    });
    return { counts, principalId: userIds.get('hieutruong.kimdong')! };
  });
  if (!written) return { seeded: false };

  // One class batch through the real services: lock, sign with the principal's dev signer, anchor.
  const school = p.schools[0]!;
  const classId = classIdOf(school.schoolId, schoolYear, ANCHORED_CLASS.name);
  const members = await db
    .select({ id: recordVersions.id })
    .from(recordVersions)
    .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
    .where(eq(enrolments.classId, classId))
    .orderBy(asc(recordVersions.id));
  const signer = signers.get(school.schoolId)!;
  const actor = { userId: written.principalId, role: 'principal' as const };
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
  // A random tail: a database seeded again beside a kept ledger must not collide with an older anchor.
  const batchId = `B-${classId}-${newLookupCode().slice(0, 6)}`;
  await lockBatch(db, {
    schoolId: school.schoolId,
    schoolYear,
    classId,
    recordVersionIds: members.map((m) => m.id),
    kind: 'regular',
    lockedAt: ago(60),
    batchId,
    signerCertFingerprint: signer.fingerprint,
    actor,
  });
  await signWithDevSigner(db, batchId, signer, {
    trustAnchors: o.trustAnchors,
    registeredCertificate: signer.certificate,
    actor,
    now,
  });
  const result: SeedResult = { seeded: true, counts: written.counts };
  if (o.anchor === false) return result;
  const worker = runOutboxWorker({
    db,
    ledger: o.ledger,
    identities: o.identities,
    clock: () => now,
    ...o.worker,
  });
  const outcome = (await worker.tick()).find((x) => x.batchId === batchId);
  return outcome ? { ...result, anchor: outcome } : result;
}

export interface DemoSample {
  batchId: string;
  state: string;
  lookupCode: string;
  dateOfBirth: string;
}

/** One record of the anchored demo batch to try the lookup with: its code and the pupil's date of birth. */
export async function demoSample(db: Database): Promise<DemoSample | undefined> {
  const [row] = await db
    .select({
      batchId: batches.id,
      state: batches.state,
      lookupCode: recordVersions.lookupCode,
      dateOfBirth: studentBiographies.dateOfBirth,
    })
    .from(batches)
    .innerJoin(batchMembers, eq(batchMembers.batchId, batches.id))
    .innerJoin(recordVersions, eq(recordVersions.id, batchMembers.recordVersionId))
    .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
    .innerJoin(studentBiographies, eq(studentBiographies.studentId, enrolments.studentId))
    .where(and(eq(batches.kind, 'regular'), eq(batchMembers.leafIndex, 0)))
    .orderBy(asc(batches.createdAt))
    .limit(1);
  if (!row?.lookupCode) return undefined;
  return { ...row, lookupCode: row.lookupCode };
}

/** The seed's view of the development province (dev-province.ts): same ids, names and levels. */
export function provinceOf(dev: DevProvince): SeedProvince {
  return {
    id: 'QN',
    code: DEV_PROVINCE.code,
    name: DEV_PROVINCE.name,
    mspId: DEV_PROVINCE.mspId,
    districts: DEV_DISTRICTS,
    schools: dev.schools,
  };
}

/** Seeds the database beside a development province, its dev PKI signing for the principals. */
export function seedDevProvince(
  db: Database,
  dev: DevProvince,
  o: Pick<SeedOptions, 'now' | 'anchor' | 'worker'> = {},
): Promise<SeedResult> {
  return seedDemoProvince({
    db,
    ledger: dev.ledger,
    identities: dev.identities,
    province: provinceOf(dev),
    schoolYear: dev.schoolYear,
    signerFor: (schoolId) => loadDevSigner(schoolId, { pkiDir: dev.pkiDir }),
    trustAnchors: dev.trustAnchors,
    ...o,
  });
}
