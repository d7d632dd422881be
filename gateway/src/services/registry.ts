/**
 * The province's registry (issue 14; DESIGN.md §5): its districts and schools, registered and moved on the
 * ledger (registry:registerDistrict / registerSchool / moveSchool, the province's identity). A request
 * queues the ledger write in the outbox, audited, in one transaction; the database row follows the ledger:
 * the worker inserts the district or school, or changes the school's district, in the transaction that
 * records the commit (outbox-worker.ts) — so the database and the ledger agree once the worker ran, and a
 * write the ledger refuses leaves the database as it was. Until then the request shows as pending.
 */
import {
  anchorOutbox,
  appendAudit,
  type Database,
  districts,
  type Executor,
  enqueueOutbox,
  type OutboxAction,
  provinces,
  schools,
} from '@hocba/db';
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { PROVINCE_MSP } from '../ledger/index.ts';
import { ServiceError } from './errors.ts';
import type { UserActor } from './permissions.ts';

export type ProvinceRow = typeof provinces.$inferSelect;
export type DistrictRow = typeof districts.$inferSelect;
type SchoolLevel = (typeof schools.$inferSelect)['level'];

/**
 * The province that runs this gateway and its ledger (the one whose MSP is the province's; else the only
 * one there is). PROVINCE_NOT_FOUND when the database holds none.
 */
export async function networkProvince(exec: Executor): Promise<ProvinceRow> {
  const rows = await exec.select().from(provinces).orderBy(asc(provinces.id));
  const p = rows.find((r) => r.mspId === PROVINCE_MSP) ?? (rows.length === 1 ? rows[0] : undefined);
  if (!p) throw new ServiceError('PROVINCE_NOT_FOUND', 'this gateway runs no province yet', {});
  return p;
}

/** The MSP of one district of the province: the chaincode-level policy needs a district's endorsement. */
export async function anyDistrictMsp(exec: Executor, provinceId: string): Promise<string> {
  const [d] = await exec
    .select({ mspId: districts.mspId })
    .from(districts)
    .where(and(eq(districts.provinceId, provinceId), isNotNull(districts.mspId)))
    .orderBy(asc(districts.id))
    .limit(1);
  if (!d?.mspId)
    throw new ServiceError('DISTRICT_NOT_FOUND', 'the province has no district on the ledger', {});
  return d.mspId;
}

export async function districtRow(exec: Executor, districtId: string): Promise<DistrictRow> {
  const [d] = await exec.select().from(districts).where(eq(districts.id, districtId));
  if (!d?.mspId) {
    throw new ServiceError('DISTRICT_NOT_FOUND', `district ${districtId} is not registered`, { districtId });
  }
  return d;
}

const REGISTRY_ACTIONS = [
  'registerDistrict',
  'registerSchool',
  'moveSchool',
] as const satisfies OutboxAction[];

/** The registry requests not yet recorded: queued, being submitted, or refused by the ledger. */
export async function pendingRegistry(exec: Executor) {
  const rows = await exec
    .select()
    .from(anchorOutbox)
    .where(
      and(
        inArray(anchorOutbox.action, [...REGISTRY_ACTIONS]),
        inArray(anchorOutbox.state, ['pending', 'submitting', 'failed']),
      ),
    )
    .orderBy(asc(anchorOutbox.id));
  return rows.map((r) => ({
    outboxId: r.id,
    action: r.action,
    state: r.state,
    error: r.lastError,
    payload: r.payload as Record<string, string>,
  }));
}

/** A live (not failed, not done) registry request about `subject`, if any. */
async function liveRequest(exec: Executor, action: OutboxAction, subject: string) {
  const rows = await exec
    .select({ id: anchorOutbox.id, key: anchorOutbox.key })
    .from(anchorOutbox)
    .where(and(eq(anchorOutbox.action, action), inArray(anchorOutbox.state, ['pending', 'submitting'])));
  return rows.find((r) => r.key.startsWith(`${action}:${subject}:`));
}

interface Queued {
  outboxId: number;
  queued: boolean;
}

async function queue(
  tx: Executor,
  o: { action: OutboxAction; subject: string; payload: Record<string, string>; actor: UserActor; now: Date },
  audit: { action: string; entityType: string; details: Record<string, string | number> },
): Promise<Queued> {
  const live = await liveRequest(tx, o.action, o.subject);
  if (live) return { outboxId: live.id, queued: false };
  const { row } = await enqueueOutbox(tx, {
    action: o.action,
    // A subject may be asked again after a refusal: each request is its own row.
    key: `${o.action}:${o.subject}:${crypto.randomUUID()}`,
    payload: o.payload,
    notBefore: o.now,
  });
  await appendAudit(tx, {
    action: audit.action,
    entityType: audit.entityType,
    entityId: o.subject,
    actorUserId: o.actor.userId,
    actorRole: o.actor.role,
    at: o.now,
    details: { outboxId: row.id, ...audit.details },
  });
  return { outboxId: row.id, queued: true };
}

export async function registerDistrict(
  db: Database,
  input: { districtId: string; name: string; mspId: string; actor: UserActor; now: Date },
): Promise<Queued> {
  return db.transaction(async (tx) => {
    const province = await networkProvince(tx);
    const [exists] = await tx
      .select({ id: districts.id })
      .from(districts)
      .where(eq(districts.id, input.districtId));
    if (exists) {
      throw new ServiceError('DISTRICT_EXISTS', `district ${input.districtId} exists`, {
        districtId: input.districtId,
      });
    }
    return queue(
      tx,
      {
        action: 'registerDistrict',
        subject: input.districtId,
        payload: {
          districtId: input.districtId,
          name: input.name,
          mspId: input.mspId,
          provinceId: province.id,
        },
        actor: input.actor,
        now: input.now,
      },
      {
        action: 'district.register',
        entityType: 'district',
        details: { provinceId: province.id, mspId: input.mspId },
      },
    );
  });
}

export async function registerSchool(
  db: Database,
  input: {
    schoolId: string;
    name: string;
    level: SchoolLevel;
    districtId: string;
    actor: UserActor;
    now: Date;
  },
): Promise<Queued> {
  return db.transaction(async (tx) => {
    const district = await districtRow(tx, input.districtId);
    const [exists] = await tx.select({ id: schools.id }).from(schools).where(eq(schools.id, input.schoolId));
    if (exists) {
      throw new ServiceError('SCHOOL_EXISTS', `school ${input.schoolId} exists`, {
        schoolId: input.schoolId,
      });
    }
    return queue(
      tx,
      {
        action: 'registerSchool',
        subject: input.schoolId,
        payload: {
          schoolId: input.schoolId,
          name: input.name,
          level: input.level,
          districtId: district.id,
          districtMsp: district.mspId!,
          provinceId: district.provinceId,
        },
        actor: input.actor,
        now: input.now,
      },
      {
        action: 'school.register',
        entityType: 'school',
        details: { schoolId: input.schoolId, districtId: district.id, level: input.level },
      },
    );
  });
}

/** Moves a school to another district of the province: endorsed by its district now and the province. */
export async function moveSchool(
  db: Database,
  input: { schoolId: string; districtId: string; actor: UserActor; now: Date },
): Promise<Queued> {
  return db.transaction(async (tx) => {
    const [school] = await tx.select().from(schools).where(eq(schools.id, input.schoolId));
    if (!school) {
      throw new ServiceError('SCHOOL_NOT_FOUND', `school ${input.schoolId} does not exist`, {
        schoolId: input.schoolId,
      });
    }
    if (school.districtId === input.districtId) {
      throw new ServiceError(
        'SCHOOL_SAME_DISTRICT',
        `school ${school.id} is in ${input.districtId} already`,
        {
          schoolId: school.id,
          districtId: input.districtId,
        },
      );
    }
    const from = await districtRow(tx, school.districtId);
    const to = await districtRow(tx, input.districtId);
    if (to.provinceId !== school.provinceId) {
      throw new ServiceError('DISTRICT_NOT_FOUND', `district ${to.id} is not of the school's province`, {
        districtId: to.id,
      });
    }
    return queue(
      tx,
      {
        action: 'moveSchool',
        subject: school.id,
        payload: {
          schoolId: school.id,
          fromDistrictId: from.id,
          fromMsp: from.mspId!,
          districtId: to.id,
          toMsp: to.mspId!,
        },
        actor: input.actor,
        now: input.now,
      },
      {
        action: 'school.move',
        entityType: 'school',
        details: { schoolId: school.id, fromDistrictId: from.id, districtId: to.id },
      },
    );
  });
}

export interface DistrictView {
  districtId: string;
  code: string;
  name: string;
  mspId: string | null;
  schools: { schoolId: string; name: string; level: SchoolLevel }[];
}

/** The province's districts with their schools, by id. */
export async function listDistricts(exec: Executor, provinceId: string): Promise<DistrictView[]> {
  const ds = await exec
    .select()
    .from(districts)
    .where(eq(districts.provinceId, provinceId))
    .orderBy(asc(districts.id));
  const ss = await exec
    .select()
    .from(schools)
    .where(eq(schools.provinceId, provinceId))
    .orderBy(asc(schools.id));
  return ds.map((d) => ({
    districtId: d.id,
    code: d.code,
    name: d.name,
    mspId: d.mspId,
    schools: ss
      .filter((s) => s.districtId === d.id)
      .map((s) => ({ schoolId: s.id, name: s.name, level: s.level })),
  }));
}

/** The database side of a registry write the ledger committed (the worker's settling transaction). */
export const recordRegistry = {
  async registerDistrict(tx: Executor, p: Record<string, unknown>): Promise<void> {
    await tx
      .insert(districts)
      .values({
        id: String(p.districtId),
        provinceId: String(p.provinceId),
        code: String(p.districtId),
        name: String(p.name),
        body: 'Phòng GD&ĐT',
        mspId: String(p.mspId),
      })
      .onConflictDoNothing();
  },
  async registerSchool(tx: Executor, p: Record<string, unknown>): Promise<void> {
    await tx
      .insert(schools)
      .values({
        id: String(p.schoolId),
        code: String(p.schoolId),
        name: String(p.name),
        level: p.level as SchoolLevel,
        districtId: String(p.districtId),
        provinceId: String(p.provinceId),
      })
      .onConflictDoNothing();
  },
  async moveSchool(tx: Executor, p: Record<string, unknown>): Promise<void> {
    await tx
      .update(schools)
      .set({ districtId: String(p.districtId) })
      .where(eq(schools.id, String(p.schoolId)));
  },
};
