/**
 * The reconciliation's scope resolved to its tiers (so that the route can check the caller's remit), and
 * the past runs read back: newest first, each with its findings named as a person finds them (school and
 * class by name, the record by its place in the batch).
 */
import {
  batches,
  classes,
  districts,
  type Executor,
  provinces,
  type ReconciliationScope,
  reconciliationFindings,
  reconciliationRuns,
  schools,
} from '@hocba/db';
import { and, asc, desc, eq, lt, or, type SQL, sql } from 'drizzle-orm';
import { ServiceError } from './errors.ts';

export interface ScopeRequest {
  provinceId?: string | undefined;
  districtId?: string | undefined;
  schoolId?: string | undefined;
  schoolYear?: string | undefined;
}

/**
 * The scope with every tier above the narrowest one asked for filled in from the database; a school or
 * district that does not exist, or that is not within the province or district also named, is refused.
 */
export async function resolveScope(db: Executor, q: ScopeRequest): Promise<ReconciliationScope> {
  const year = q.schoolYear === undefined ? {} : { schoolYear: q.schoolYear };
  if (q.schoolId !== undefined) {
    const [s] = await db
      .select({ provinceId: schools.provinceId, districtId: schools.districtId })
      .from(schools)
      .where(eq(schools.id, q.schoolId));
    if (!s || (q.districtId !== undefined && s.districtId !== q.districtId))
      throw new ServiceError('SCHOOL_NOT_FOUND', `no school ${q.schoolId} in that district`);
    if (q.provinceId !== undefined && s.provinceId !== q.provinceId)
      throw new ServiceError('SCHOOL_NOT_FOUND', `no school ${q.schoolId} in that province`);
    return { provinceId: s.provinceId, districtId: s.districtId, schoolId: q.schoolId, ...year };
  }
  if (q.districtId !== undefined) {
    const [d] = await db
      .select({ provinceId: districts.provinceId })
      .from(districts)
      .where(eq(districts.id, q.districtId));
    if (!d || (q.provinceId !== undefined && d.provinceId !== q.provinceId))
      throw new ServiceError('DISTRICT_NOT_FOUND', `no district ${q.districtId}`);
    return { provinceId: d.provinceId, districtId: q.districtId, ...year };
  }
  if (q.provinceId !== undefined) {
    const [p] = await db.select({ id: provinces.id }).from(provinces).where(eq(provinces.id, q.provinceId));
    if (!p) throw new ServiceError('PROVINCE_NOT_FOUND', `no province ${q.provinceId}`);
    return { provinceId: q.provinceId, ...year };
  }
  return { ...year };
}

export interface RunView {
  id: string;
  scope: ReconciliationScope & { provinceName?: string; districtName?: string; schoolName?: string };
  state: 'running' | 'done' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  checked: { batches: number; records: number };
  findingCount: number;
  error: string | null;
}

export interface FindingView {
  seq: number;
  kind: string;
  schoolId?: string;
  schoolName?: string;
  batchId?: string;
  classId?: string;
  className?: string;
  recordId?: string;
  leafIndex?: number;
  expected?: string;
  actual?: string;
  message: { vi: string; en: string };
}

type RunRow = typeof reconciliationRuns.$inferSelect;

/** The names of a run's scope, for a person reading the list. */
async function scopeNames(db: Executor, scope: ReconciliationScope): Promise<RunView['scope']> {
  const out: RunView['scope'] = { ...scope };
  if (scope.provinceId !== undefined) {
    const [p] = await db
      .select({ name: provinces.name })
      .from(provinces)
      .where(eq(provinces.id, scope.provinceId));
    if (p) out.provinceName = p.name;
  }
  if (scope.districtId !== undefined) {
    const [d] = await db
      .select({ name: districts.name })
      .from(districts)
      .where(eq(districts.id, scope.districtId));
    if (d) out.districtName = d.name;
  }
  if (scope.schoolId !== undefined) {
    const [s] = await db.select({ name: schools.name }).from(schools).where(eq(schools.id, scope.schoolId));
    if (s) out.schoolName = s.name;
  }
  return out;
}

async function runView(db: Executor, r: RunRow): Promise<RunView> {
  return {
    id: r.id,
    scope: await scopeNames(db, r.scope),
    state: r.state,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    checked: { batches: r.checkedBatches, records: r.checkedRecords },
    findingCount: r.findingCount,
    error: r.error,
  };
}

/** Past runs, newest first, a page at a time; a province's officer sees only runs within their province. */
/**
 * A running run whose heartbeat is older than this was interrupted (its gateway killed or restarted): far
 * longer than the run's own beat (audit-reconciliation.ts, every 10 s and after each batch).
 */
export const RECONCILIATION_STALE_MS = 2 * 60_000;

/**
 * Closes, as failed with INTERRUPTED, the runs whose heartbeat stopped: done when runs are read, so that
 * nobody waits for ever on a run no gateway is working on. Findings already stored stay with the run.
 */
export async function closeInterruptedRuns(db: Executor, now: Date): Promise<number> {
  const stale = new Date(now.getTime() - RECONCILIATION_STALE_MS);
  const closed = await db
    .update(reconciliationRuns)
    .set({ state: 'failed', finishedAt: now, error: 'INTERRUPTED' })
    .where(
      and(
        eq(reconciliationRuns.state, 'running'),
        lt(sql`coalesce(${reconciliationRuns.heartbeatAt}, ${reconciliationRuns.startedAt})`, stale),
      ),
    )
    .returning({ id: reconciliationRuns.id });
  return closed.length;
}

export async function listRuns(
  db: Executor,
  q: { provinceId?: string; limit: number; before?: { startedAt: Date; id: string } },
): Promise<{ items: RunView[]; next: { startedAt: string; id: string } | null }> {
  const filters: (SQL | undefined)[] = [
    q.provinceId === undefined
      ? undefined
      : sql`${reconciliationRuns.scope}->>'provinceId' = ${q.provinceId}`,
    q.before === undefined
      ? undefined
      : or(
          lt(reconciliationRuns.startedAt, q.before.startedAt),
          and(eq(reconciliationRuns.startedAt, q.before.startedAt), lt(reconciliationRuns.id, q.before.id)),
        ),
  ];
  const rows = await db
    .select()
    .from(reconciliationRuns)
    .where(and(...filters))
    .orderBy(desc(reconciliationRuns.startedAt), desc(reconciliationRuns.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const items = await Promise.all(page.map((r) => runView(db, r)));
  const last = page.at(-1);
  return {
    items,
    next: rows.length > q.limit && last ? { startedAt: last.startedAt.toISOString(), id: last.id } : null,
  };
}

/** A run with up to `limit` of its findings in the order found; undefined when there is no such run. */
export async function getRun(
  db: Executor,
  id: string,
  limit: number,
): Promise<(RunView & { findings: FindingView[] }) | undefined> {
  const [r] = await db.select().from(reconciliationRuns).where(eq(reconciliationRuns.id, id));
  if (!r) return undefined;
  const rows = await db
    .select({ f: reconciliationFindings, schoolName: schools.name, className: classes.name })
    .from(reconciliationFindings)
    .leftJoin(schools, eq(schools.id, reconciliationFindings.schoolId))
    .leftJoin(classes, eq(classes.id, reconciliationFindings.classId))
    .where(eq(reconciliationFindings.runId, id))
    .orderBy(asc(reconciliationFindings.seq))
    .limit(limit);
  const findings = rows.map(({ f, schoolName, className }) => {
    const v: FindingView = { seq: f.seq, kind: f.kind, message: { vi: f.messageVi, en: f.messageEn } };
    if (f.schoolId !== null) v.schoolId = f.schoolId;
    if (schoolName !== null) v.schoolName = schoolName;
    if (f.batchId !== null) v.batchId = f.batchId;
    if (f.classId !== null) v.classId = f.classId;
    if (className !== null) v.className = className;
    if (f.recordId !== null) v.recordId = f.recordId;
    if (f.leafIndex !== null) v.leafIndex = f.leafIndex;
    if (f.expected !== null) v.expected = f.expected;
    if (f.actual !== null) v.actual = f.actual;
    return v;
  });
  return { ...(await runView(db, r)), findings };
}

export interface ScopeChoices {
  schoolYears: string[];
  provinces: {
    provinceId: string;
    name: string;
    districts: { districtId: string; name: string; schools: { schoolId: string; name: string }[] }[];
  }[];
}

/**
 * What a scope can be chosen from, by name: the provinces (one for a province's officer), their districts
 * and schools, and the school years that have batches, newest first.
 */
export async function scopeChoices(db: Executor, provinceId?: string): Promise<ScopeChoices> {
  const inProvince = (c: typeof schools.provinceId | typeof provinces.id) =>
    provinceId === undefined ? undefined : eq(c, provinceId);
  const [ps, ds, ss, years] = await Promise.all([
    db
      .select({ id: provinces.id, name: provinces.name })
      .from(provinces)
      .where(inProvince(provinces.id))
      .orderBy(asc(provinces.name)),
    db
      .select({ id: districts.id, provinceId: districts.provinceId, name: districts.name })
      .from(districts)
      .where(provinceId === undefined ? undefined : eq(districts.provinceId, provinceId))
      .orderBy(asc(districts.name)),
    db
      .select({ id: schools.id, districtId: schools.districtId, name: schools.name })
      .from(schools)
      .where(inProvince(schools.provinceId))
      .orderBy(asc(schools.name)),
    db
      .selectDistinct({ schoolYear: batches.schoolYear })
      .from(batches)
      .innerJoin(schools, eq(schools.id, batches.schoolId))
      .where(inProvince(schools.provinceId))
      .orderBy(desc(batches.schoolYear)),
  ]);
  return {
    schoolYears: years.map((y) => y.schoolYear),
    provinces: ps.map((p) => ({
      provinceId: p.id,
      name: p.name,
      districts: ds
        .filter((d) => d.provinceId === p.id)
        .map((d) => ({
          districtId: d.id,
          name: d.name,
          schools: ss.filter((s) => s.districtId === d.id).map((s) => ({ schoolId: s.id, name: s.name })),
        })),
    })),
  };
}
