/**
 * A province for the service tests: the embedded ledger of test/chaincode/world.ts (three schools with
 * approved principal certificates, a calendar, the test root CA) and a PGlite database in memory seeded
 * with the same schools and, on demand, students with approved record versions.
 */
import { randomBytes } from 'node:crypto';
import {
  anchorOutbox,
  auditLog,
  batches,
  batchMembers,
  classes,
  type Database,
  districts,
  enrolments,
  MEMORY,
  type OpenedDatabase,
  openDatabase,
  provinces,
  recordVersions,
  schools,
  students,
} from '@hocba/db';
import { certificateFingerprint } from '@hocba/integrity';
import { World, YEAR } from '../../../test/chaincode/world.ts';
import {
  EmbeddedLedgerClient,
  type LedgerIdentities,
  type LedgerIdentity,
  staticIdentities,
} from '../../src/ledger/index.ts';
import {
  devSigner,
  type LockedBatch,
  lockBatch,
  type OutboxWorkerOptions,
  signWithDevSigner,
} from '../../src/services/index.ts';

export { World, YEAR };
export const SCHOOL = 'SCH-QN-001';
export const OTHER_SCHOOL = 'SCH-QN-003';

export interface Province {
  world: World;
  ledger: EmbeddedLedgerClient;
}

export async function startProvince(): Promise<Province> {
  const world = await World.create();
  return { world, ledger: new EmbeddedLedgerClient(world.ledger) };
}

export interface Seeded extends OpenedDatabase {
  classId: Record<string, string>;
}

/** A fresh database with the World's province, districts, schools and one grade-5 class per school. */
/** The database of the fixtures: PGlite in memory, or the Postgres at `url` (the benchmarks use both). */
export async function seededDatabase(url?: string): Promise<Seeded> {
  const opened = await openDatabase(url ? { url } : { url: undefined, dataDir: MEMORY });
  const { db } = opened;
  await db.insert(provinces).values({ id: 'QN', code: '22', name: 'Quảng Ninh', mspId: 'DoetMSP' });
  await db.insert(districts).values([
    { id: 'district1', provinceId: 'QN', code: '01', name: 'Phòng GD&ĐT Hạ Long', mspId: 'District1MSP' },
    { id: 'district2', provinceId: 'QN', code: '02', name: 'Phòng GD&ĐT Cẩm Phả', mspId: 'District2MSP' },
  ]);
  const classId: Record<string, string> = {};
  for (const [id, districtId] of [
    ['SCH-QN-001', 'district1'],
    ['SCH-QN-002', 'district1'],
    ['SCH-QN-003', 'district2'],
  ] as const) {
    await db
      .insert(schools)
      .values({ id, code: id, name: `Trường ${id}`, level: 'TH', districtId, provinceId: 'QN' });
    classId[id] = `5A-${id}`;
    await db
      .insert(classes)
      .values({ id: classId[id], schoolId: id, schoolYear: YEAR, grade: 5, name: '5A' });
  }
  return { ...opened, classId };
}

const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');

/** `n` students of a school's class, each with version 1 of their record in `state` (approved by default). */
export async function seedVersions(
  db: Database,
  schoolId: string,
  classId: string,
  n: number,
  state: 'approved' | 'reviewed' = 'approved',
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const [student] = await db
      .insert(students)
      .values({ nationalId: `0${digits(11)}`, studentCode: `HS${digits(6)}` })
      .returning();
    const [enrolment] = await db
      .insert(enrolments)
      .values({ studentId: student!.id, classId, schoolYear: YEAR, custodySchoolId: schoolId })
      .returning();
    const recordId = `REC-${randomBytes(6).toString('hex')}`;
    const lookupCode = randomBytes(12).toString('hex').toUpperCase();
    await db.insert(recordVersions).values({
      id: recordId,
      enrolmentId: enrolment!.id,
      version: 1,
      state,
      record: {
        schema: 'hocba.record/v1',
        recordId,
        lookupCode,
        schoolCode: schoolId,
        schoolYear: YEAR,
        grade: 5,
        classId,
        version: 1,
        // Synthetic marks; NFD text on purpose: the canonical form is NFC.
        results: {
          TOAN: { level: 'T', score: 7 + (i % 3) },
          TIENG_VIET: { level: 'H', comment: 'Tiến bộ'.normalize('NFD') },
        },
        overall: 'HTT',
      },
    });
    ids.push(recordId);
  }
  return ids;
}

/** Row counts of what a lock or a signature writes: to show that a refusal wrote nothing. */
export async function counts(db: Database) {
  return {
    batches: (await db.select().from(batches)).length,
    members: (await db.select().from(batchMembers)).length,
    audit: (await db.select().from(auditLog)).length,
    outbox: (await db.select().from(anchorOutbox)).length,
  };
}

/** What worldIdentities needs of a World: this one, or the chaincode suite's World on either ledger. */
export interface WorldParties {
  ids: Record<string, LedgerIdentity>;
  schools: Record<string, { schoolId: string; districtId: string; principal: LedgerIdentity }>;
}

/** The identities the gateway submits with, over a World's province (its auditor reads). */
export function worldIdentities(w: WorldParties): LedgerIdentities {
  const schools = Object.values(w.schools);
  return staticIdentities({
    reader: w.ids.auditor!,
    province: w.ids.province!,
    ministry: w.ids.ministry!,
    principals: Object.fromEntries(schools.map((s) => [s.schoolId, s.principal])),
    districtOfficers: { district1: w.ids.district1!, district2: w.ids.district2! },
    districtMsps: { district1: 'District1MSP', district2: 'District2MSP' },
    schoolDistricts: Object.fromEntries(schools.map((s) => [s.schoolId, s.districtId])),
  });
}

/** The outbox worker's collaborators for the World: its identities and its clock. */
export function workerParties(world: World): Pick<OutboxWorkerOptions, 'identities' | 'clock'> {
  return { identities: worldIdentities(world), clock: () => world.now };
}

/**
 * Locks approved versions of `schoolId` into a batch (locked a minute before the World's now) and signs it
 * with the school's dev signer (thirty seconds before): state `signed`, its outbox row pending.
 */
export async function lockAndSign(
  db: Database,
  world: World,
  schoolId: string,
  recordVersionIds: string[],
  batchId?: string,
): Promise<LockedBatch> {
  const ago = (seconds: number) => new Date(world.now.getTime() - seconds * 1000);
  const signer = world.schools[schoolId]!.signer;
  const locked = await lockBatch(db, {
    schoolId,
    schoolYear: YEAR,
    recordVersionIds,
    kind: 'regular',
    lockedAt: ago(60),
    signerCertFingerprint: certificateFingerprint(signer.der),
    ...(batchId && { batchId }),
  });
  const dev = devSigner({
    certificate: signer.der,
    privateKey: signer.keys.privateKey,
    clock: () => ago(30),
  });
  await signWithDevSigner(db, locked.batchId, dev, {
    trustAnchors: [world.root.der],
    registeredCertificate: signer.der,
    now: world.now,
  });
  return locked;
}
