/**
 * A province for the service tests: the embedded ledger of test/chaincode/world.ts (three schools with
 * approved principal certificates, a calendar, the test root CA) and a PGlite database in memory seeded
 * with the same schools and, on demand, students with approved record versions (gateway/src/seed/fixture.ts,
 * which the benchmarks use too).
 */
import {
  anchorOutbox,
  auditLog,
  batches,
  batchMembers,
  type Database,
  MEMORY,
  type OpenedDatabase,
  openDatabase,
} from '@hocba/db';
import { World, YEAR } from '../../../test/chaincode/world.ts';
import {
  EmbeddedLedgerClient,
  type LedgerIdentities,
  type LedgerIdentity,
  staticIdentities,
} from '../../src/ledger/index.ts';
import { lockAndSignFixture, seedFixturePlaces, seedFixtureVersions } from '../../src/seed/fixture.ts';
import { devSigner, type LockedBatch, type OutboxWorkerOptions } from '../../src/services/index.ts';

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

/**
 * A fresh database with the World's province, districts, schools and one grade-5 class per school: PGlite in
 * memory, or the Postgres at `url`.
 */
export async function seededDatabase(url?: string): Promise<Seeded> {
  const opened = await openDatabase(url ? { url } : { url: undefined, dataDir: MEMORY });
  const classId = await seedFixturePlaces(opened.db, {
    schoolYear: YEAR,
    schools: [
      { schoolId: 'SCH-QN-001', districtId: 'district1' },
      { schoolId: 'SCH-QN-002', districtId: 'district1' },
      { schoolId: 'SCH-QN-003', districtId: 'district2' },
    ],
  });
  return { ...opened, classId };
}

/** `n` students of a school's class, each with version 1 of their record in `state` (approved by default). */
export function seedVersions(
  db: Database,
  schoolId: string,
  classId: string,
  n: number,
  state: 'approved' | 'reviewed' = 'approved',
): Promise<string[]> {
  return seedFixtureVersions(db, { schoolId, classId, schoolYear: YEAR, n, state });
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
export function lockAndSign(
  db: Database,
  world: World,
  schoolId: string,
  recordVersionIds: string[],
  batchId?: string,
): Promise<LockedBatch> {
  const signer = world.schools[schoolId]!.signer;
  return lockAndSignFixture(db, {
    schoolId,
    schoolYear: YEAR,
    recordVersionIds,
    signer: devSigner({
      certificate: signer.der,
      privateKey: signer.keys.privateKey,
      clock: () => new Date(world.now.getTime() - 30_000),
    }),
    trustAnchors: [world.root.der],
    now: world.now,
    ...(batchId && { batchId }),
  });
}
