/**
 * Counts for the tiers above the school (issue 14 point 1): batches grouped by state, school, district, kind
 * or year, and record versions grouped by school or district, each group with its counts per lifecycle
 * state (DESIGN.md §7), within the caller's remit (oversight-remit.ts). One GROUP BY per call: the database
 * counts, the gateway only folds the (group, state) rows into one item per group.
 */
import {
  BATCH_STATES,
  type BatchState,
  batches,
  classes,
  type Database,
  districts,
  enrolments,
  RECORD_STATES,
  type RecordState,
  recordVersions,
  schools,
} from '@hocba/db';
import { and, count, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { BatchKind } from './batch-list.ts';
import { type PlaceFilter, placeConditions } from './oversight-remit.ts';

export const BATCH_GROUPS = ['status', 'school', 'district', 'kind', 'year'] as const;
export type BatchGroup = (typeof BATCH_GROUPS)[number];
export const RECORD_GROUPS = ['school', 'district', 'status'] as const;
export type RecordGroup = (typeof RECORD_GROUPS)[number];

export interface CountGroup<S extends string> {
  /** The group's value: a state, a school or district id, a kind, a school year. */
  key: string;
  /** The school's or district's name; null for the other groupings. */
  name: string | null;
  total: number;
  byStatus: Partial<Record<S, number>>;
}

export interface Counts<S extends string> {
  items: CountGroup<S>[];
  total: number;
}

export interface BatchCountQuery extends PlaceFilter {
  groupBy: BatchGroup;
  schoolYear?: string | undefined;
  kind?: BatchKind | undefined;
}

export interface RecordCountQuery extends PlaceFilter {
  groupBy: RecordGroup;
  schoolYear?: string | undefined;
}

interface Row {
  key: string;
  name: string | null;
  state: string;
  n: number;
}

/** (group, state) rows → one item per group, in `order` (states in lifecycle order, else by key). */
function fold<S extends string>(rows: Row[], states: readonly S[], byState: boolean): Counts<S> {
  const groups = new Map<string, CountGroup<S>>();
  let total = 0;
  for (const r of rows) {
    let g = groups.get(r.key);
    if (!g) {
      g = { key: r.key, name: r.name, total: 0, byStatus: {} };
      groups.set(r.key, g);
    }
    g.total += r.n;
    g.byStatus[r.state as S] = (g.byStatus[r.state as S] ?? 0) + r.n;
    total += r.n;
  }
  const rank = (k: string) => states.indexOf(k as S);
  const items = [...groups.values()].sort((a, b) =>
    byState ? rank(a.key) - rank(b.key) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
  return { items, total };
}

/** The group's key and name columns for a grouping by place; the district's name needs its row. */
function placeKey(group: 'school' | 'district'): { key: SQL<string>; name: SQL<string | null> } {
  return group === 'school'
    ? { key: sql<string>`${schools.id}`, name: sql<string | null>`${schools.name}` }
    : { key: sql<string>`${schools.districtId}`, name: sql<string | null>`${districts.name}` };
}

// Postgres refuses a constant in GROUP BY: the name is grouped only when it is a place's.
const groupKeys = (g: { key: SQL; name: SQL }, group: string): SQL[] =>
  group === 'school' || group === 'district' ? [g.key, g.name] : [g.key];

/** Batches in the remit and the filters, counted per group and state. */
export async function countBatches(db: Database, q: BatchCountQuery): Promise<Counts<BatchState>> {
  const g =
    q.groupBy === 'school' || q.groupBy === 'district'
      ? placeKey(q.groupBy)
      : {
          key:
            q.groupBy === 'status'
              ? sql<string>`${batches.state}::text`
              : q.groupBy === 'kind'
                ? sql<string>`${batches.kind}::text`
                : sql<string>`${batches.schoolYear}`,
          name: sql<string | null>`NULL::text`,
        };
  const rows = await db
    .select({ key: g.key, name: g.name, state: sql<string>`${batches.state}::text`, n: count() })
    .from(batches)
    .innerJoin(schools, eq(schools.id, batches.schoolId))
    .leftJoin(districts, eq(districts.id, schools.districtId))
    .where(
      and(
        ...placeConditions(q),
        q.schoolYear === undefined ? undefined : eq(batches.schoolYear, q.schoolYear),
        q.kind === undefined ? undefined : eq(batches.kind, q.kind),
      ),
    )
    .groupBy(...groupKeys(g, q.groupBy), batches.state);
  return fold(rows, BATCH_STATES, q.groupBy === 'status');
}

/**
 * Record versions in the remit and the filters (the school of their class), counted per group and state.
 * Counted per class first, over the classes of the remit, then summed per group: the join to the class's
 * school and district is then made once a class, not once a record (10⁵ records: bench/src/lists.ts).
 */
export async function countRecords(db: Database, q: RecordCountQuery): Promise<Counts<RecordState>> {
  const place = placeConditions(q).filter((c) => c !== undefined);
  const perClass = db
    .select({
      classId: enrolments.classId,
      state: sql<string>`${recordVersions.state}::text`.as('state'),
      n: count().as('n'),
    })
    .from(recordVersions)
    .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
    .where(
      and(
        place.length === 0
          ? undefined
          : inArray(
              enrolments.classId,
              db
                .select({ id: classes.id })
                .from(classes)
                .innerJoin(schools, eq(schools.id, classes.schoolId))
                .where(and(...place)),
            ),
        q.schoolYear === undefined ? undefined : eq(enrolments.schoolYear, q.schoolYear),
      ),
    )
    .groupBy(enrolments.classId, recordVersions.state)
    .as('per_class');
  const g =
    q.groupBy === 'status'
      ? { key: sql<string>`${perClass.state}`, name: sql<string | null>`NULL::text` }
      : placeKey(q.groupBy);
  const rows = await db
    .select({
      key: g.key,
      name: g.name,
      state: sql<string>`${perClass.state}`,
      n: sql<number>`sum(${perClass.n})`.mapWith(Number),
    })
    .from(perClass)
    .innerJoin(classes, eq(classes.id, perClass.classId))
    .innerJoin(schools, eq(schools.id, classes.schoolId))
    .leftJoin(districts, eq(districts.id, schools.districtId))
    .groupBy(...groupKeys(g, q.groupBy), perClass.state);
  return fold(rows, RECORD_STATES, q.groupBy === 'status');
}
