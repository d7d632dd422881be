/**
 * The world the route-level authorization matrix runs over: one app (the Fastify instance itself, for its
 * token service and its list of routes) over the embedded ledger's province and one PGlite database with
 * the World's schools — school A (SCH-QN-001, district1), SCHOOL2 (same district) and school B
 * (SCH-QN-003, district2) — and the objects of school A in the states the routes act on: records in draft,
 * entered, reviewed and approved, an enrolment with no record yet, an assembling batch, a locked, signed and
 * anchored batch, a correction request, a transfer to A, and the year's report. Everything is made by the
 * services, as the workflow and after-lock tests do; the users exist so that what the routes write names
 * a real account.
 */
import { randomBytes } from 'node:crypto';
import { certificates, enrolments, recordVersions, studentBiographies, students, userRoles } from '@hocba/db';
import { certificateFingerprint, derToPem, describeCertificate } from '@hocba/integrity';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import type { Principal, Role, Scope, ScopeColumn } from '../../src/auth/principal.ts';
import { ROLE_SCOPES, ROLES } from '../../src/auth/principal.ts';
import { requestCorrection } from '../../src/services/corrections.ts';
import { devSigner, lockBatch, runOutboxWorker, signWithDevSigner } from '../../src/services/index.ts';
import { submitReport } from '../../src/services/reports.ts';
import { requestTransfer } from '../../src/services/transfers.ts';
import { worldIdentities } from '../app/helper.ts';
import {
  type Province,
  type Seeded,
  seededDatabase,
  seedVersions,
  startProvince,
  workerParties,
  YEAR,
} from '../services/fixtures.ts';
import { seedUser, seedVerifier } from './fixtures.ts';

export { YEAR };
export const SCHOOL_A = 'SCH-QN-001';
/** Same district as A: the sending school of the transfer to A. */
export const SCHOOL2 = 'SCH-QN-002';
/** Another district. */
export const SCHOOL_B = 'SCH-QN-003';
export const FOREIGN_PROVINCE = 'HN';

/** The objects of school A the request builders target. */
export interface Objects {
  classA: string;
  /** Records of class A by state. */
  draft: string;
  entered: string;
  reviewed: string;
  approved: string;
  /** An enrolment of class A with no record yet. */
  bareEnrolment: string;
  /** An assembling batch of A (manifest prepared for A's registered signer). */
  assembling: string;
  signer: string;
  /** A locked, signed and anchored batch of A and its members (m0: the holder's; m1, m2: after-lock). */
  anchored: string;
  members: [string, string, string];
  /** The student of m0: the holder, and the subject of the transfer-records read. */
  studentA: string;
  /** A student of A with no transfer yet (for a transfer request out of A). */
  movingStudent: string;
  /** A correction request on m2, requested. */
  correction: string;
  /** A transfer from SCHOOL2 to A, requested. */
  transferToA: string;
  /** An account of A's staff (deputy principal of A) and that grant: the account routes' object. */
  staffA: string;
  staffGrant: string;
  /** An account with no grant yet, for A's principal to assign as deputy. */
  plainUser: string;
}

/** Scope values on A's side and on the foreign side, per column. */
export type Side = Record<ScopeColumn, string>;

export interface Matrix {
  app: FastifyInstance;
  province: Province;
  seeded: Seeded;
  o: Objects;
  own: Side;
  foreign: Side;
  /** A user (or verifier client) per role, whose id a token carries as `sub`. */
  subs: Record<Role, string>;
  token(role: Role, grants: Scope[]): Promise<string>;
  close(): Promise<void>;
}

/** The grant of `role` taking each of its columns from `pick(column)`. */
export function grantOf(role: Role, pick: (c: ScopeColumn) => string): Scope {
  return Object.fromEntries(ROLE_SCOPES[role].map((c) => [c, pick(c)]));
}

async function studentOf(db: Seeded['db'], recordId: string): Promise<string> {
  const [row] = await db
    .select({ studentId: enrolments.studentId })
    .from(recordVersions)
    .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
    .where(eq(recordVersions.id, recordId));
  return row!.studentId;
}

async function withBiography(db: Seeded['db'], studentId: string, i: number): Promise<void> {
  await db.insert(studentBiographies).values({
    studentId,
    fullName: `Học sinh ${i}`,
    dateOfBirth: `2015-0${1 + (i % 9)}-1${i % 10}`,
    sex: 'female',
    birthplace: 'Hạ Long',
    ethnicity: 'Kinh',
  });
}

/** `databaseUrl`: a real Postgres (a scratch database) instead of PGlite in memory. */
export async function makeMatrix(o: { databaseUrl?: string } = {}): Promise<Matrix> {
  const [province, seeded] = await Promise.all([startProvince(), seededDatabase(o.databaseUrl)]);
  const { world } = province;
  const { db } = seeded;
  const classA = seeded.classId[SCHOOL_A]!;
  const signerOf = (schoolId: string) => world.schools[schoolId]!.signer;
  const app = await buildApp({
    ledger: province.ledger,
    ledgerReader: world.ids.auditor!,
    identities: worldIdentities(world),
    clock: () => world.now,
    db,
    logger: false,
    rateLimit: { max: 100_000, bulkMax: 100_000, authMax: 100_000, lookupMax: 100_000 },
    devSigner: (schoolId) =>
      devSigner({
        certificate: signerOf(schoolId).der,
        privateKey: signerOf(schoolId).keys.privateKey,
        clock: () => world.now,
      }),
  });

  // The users: one per role, holding A's grant (the tokens carry whichever grant a cell needs).
  const anchoredIds = await seedVersions(db, SCHOOL_A, classA, 3);
  const studentA = await studentOf(db, anchoredIds[0]!);
  const own: Side = {
    provinceId: 'QN',
    districtId: 'district1',
    schoolId: SCHOOL_A,
    classId: classA,
    subject: 'TOAN',
    studentId: studentA,
  };
  const [foreignStudent] = await db
    .insert(students)
    .values({ nationalId: `0${Array.from(randomBytes(11), (b) => b % 10).join('')}`, studentCode: 'HS-B' })
    .returning();
  const foreign: Side = {
    provinceId: FOREIGN_PROVINCE,
    districtId: 'district2',
    schoolId: SCHOOL_B,
    classId: seeded.classId[SCHOOL_B]!,
    subject: 'TIENG_VIET',
    studentId: foreignStudent!.id,
  };
  const subs = {} as Record<Role, string>;
  for (const role of ROLES) {
    subs[role] =
      role === 'verifier'
        ? (await seedVerifier(db)).id
        : await seedUser(db, {
            login: `matrix-${role}`,
            grants: [{ role, ...grantOf(role, (c) => own[c]) }],
          });
  }
  const actor = (role: Role) => ({ userId: subs[role], role });
  const staffA = await seedUser(db, {
    login: 'matrix-staff-a',
    grants: [{ role: 'deputyPrincipal', schoolId: SCHOOL_A }],
  });
  const [staffGrant] = await db.select().from(userRoles).where(eq(userRoles.userId, staffA));
  const plainUser = await seedUser(db, { login: 'matrix-plain', grants: [] });

  // Records of class A in each state of the workflow.
  const inState = async (state: 'draft' | 'entered' | 'reviewed' | 'approved') => {
    const [id] = await seedVersions(db, SCHOOL_A, classA, 1, state === 'approved' ? 'approved' : 'reviewed');
    if (state === 'draft' || state === 'entered')
      await db.update(recordVersions).set({ state }).where(eq(recordVersions.id, id!));
    return id!;
  };
  const draft = await inState('draft');
  const entered = await inState('entered');
  const reviewed = await inState('reviewed');
  const approved = await inState('approved');
  // Their biographies, which review and approval require.
  for (const [i, id] of [entered, reviewed, approved].entries())
    await withBiography(db, await studentOf(db, id), 10 + i);
  const [bare] = await db
    .insert(students)
    .values({ nationalId: `0${Array.from(randomBytes(11), (b) => b % 10).join('')}`, studentCode: 'HS-bare' })
    .returning();
  const [bareEnrolment] = await db
    .insert(enrolments)
    .values({ studentId: bare!.id, classId: classA, schoolYear: YEAR, custodySchoolId: SCHOOL_A })
    .returning();

  // The anchored batch: biographies first (the holder's record and the record reads show them).
  for (const [i, id] of anchoredIds.entries()) await withBiography(db, await studentOf(db, id), i);
  // A class batch: it is its class's too, which the teachers' `class` relation compares.
  const signer = certificateFingerprint(signerOf(SCHOOL_A).der);
  // A's principal certificate as the school registered it, awaiting approval: the certificates routes' object.
  const described = describeCertificate(signerOf(SCHOOL_A).der);
  await db.insert(certificates).values({
    fingerprint: signer,
    purpose: 'batchSigner',
    schoolId: SCHOOL_A,
    subject: described.subject,
    pem: derToPem(signerOf(SCHOOL_A).der, 'CERTIFICATE'),
    notBefore: described.notBefore,
    notAfter: described.notAfter,
    status: 'requested',
  });
  const ago = (seconds: number) => new Date(world.now.getTime() - seconds * 1000);
  const locked = await lockBatch(db, {
    schoolId: SCHOOL_A,
    schoolYear: YEAR,
    classId: classA,
    recordVersionIds: anchoredIds,
    kind: 'regular',
    lockedAt: ago(60),
    signerCertFingerprint: signer,
  });
  await signWithDevSigner(
    db,
    locked.batchId,
    devSigner({
      certificate: signerOf(SCHOOL_A).der,
      privateKey: signerOf(SCHOOL_A).keys.privateKey,
      clock: () => ago(30),
    }),
    { trustAnchors: [world.root.der], registeredCertificate: signerOf(SCHOOL_A).der, now: world.now },
  );
  const worker = runOutboxWorker({ db, ledger: province.ledger, ...workerParties(world) });
  const ticks = await worker.tick();
  if (ticks.some((t) => t.outcome !== 'submitted'))
    throw new Error(`matrix fixture: anchoring failed ${JSON.stringify(ticks)}`);

  // An assembling batch of two more approved records, its manifest prepared for A's signer.
  const assembling = await lockBatch(db, {
    schoolId: SCHOOL_A,
    schoolYear: YEAR,
    recordVersionIds: await seedVersions(db, SCHOOL_A, classA, 2),
    kind: 'regular',
    classId: classA,
    lockedAt: ago(60),
    signerCertFingerprint: signer,
  });

  const [movingRecord] = await seedVersions(db, SCHOOL_A, classA, 1);
  const [incoming] = await seedVersions(db, SCHOOL2, seeded.classId[SCHOOL2]!, 1);
  const transfer = await requestTransfer(db, {
    studentId: await studentOf(db, incoming!),
    fromSchoolId: SCHOOL2,
    toSchoolId: SCHOOL_A,
    actor: actor('principal'),
    now: world.now,
  });
  const correction = await requestCorrection(db, {
    recordVersionId: anchoredIds[2]!,
    subject: 'TOAN',
    legalBasis: 'Điều 15 Thông tư 27/2020',
    reason: 'Nhập sai điểm môn Toán',
    actor: actor('principal'),
    now: world.now,
  });
  await submitReport(db, { schoolYear: YEAR, actor: actor('provinceOfficer'), now: world.now });

  return {
    app,
    province,
    seeded,
    own,
    foreign,
    subs,
    o: {
      classA,
      draft,
      entered,
      reviewed,
      approved,
      bareEnrolment: bareEnrolment!.id,
      assembling: assembling.batchId,
      signer,
      anchored: locked.batchId,
      members: anchoredIds as [string, string, string],
      studentA,
      movingStudent: await studentOf(db, movingRecord!),
      correction: correction.id,
      transferToA: transfer.id,
      staffA,
      staffGrant: staffGrant!.id,
      plainUser,
    },
    async token(role, grants) {
      const p: Omit<Principal, 'jti'> = { sub: subs[role], role, scope: grants };
      return (await app.tokens.issue(p)).accessToken;
    },
    async close() {
      await app.close();
      await seeded.close();
    },
  };
}
