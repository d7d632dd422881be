/**
 * The statistics a district office (Phòng) or the province (Sở) reports on the year's học bạ (seed 000
 * Điều 6.1b, 7.3–7.4): per school and grade, how many of the year's records were drawn up, locked, signed,
 * anchored on the ledger, accepted by the district, and revoked; summed per school, per district and in all.
 * A record is counted once, by its current version (a corrected record's superseded version is not). The
 * columns are steps, not exclusive states: an accepted record is also locked, signed and anchored; a revoked
 * one stays counted in the steps it reached. Which remit a caller gets is the policy's, not this module's.
 */
import { type Database, districts } from '@hocba/db';
import { eq, sql } from 'drizzle-orm';
import { ServiceError } from './errors.ts';

export type StatisticsScope =
  | { kind: 'all' }
  | { kind: 'school' | 'district' | 'province'; ids: readonly string[] };

export interface StatisticsQuery {
  scope: StatisticsScope;
  schoolYear: string;
  districtId?: string | undefined;
  schoolId?: string | undefined;
}

/** The counted steps, in the order a record passes them. */
export const COUNTS = ['total', 'locked', 'signed', 'anchored', 'accepted', 'revoked'] as const;
export type Counts = Record<(typeof COUNTS)[number], number>;

export interface GradeRow extends Counts {
  districtId: string;
  districtName: string;
  schoolId: string;
  schoolName: string;
  grade: number;
}

export interface SchoolTotal extends Counts {
  districtId: string;
  districtName: string;
  schoolId: string;
  schoolName: string;
}

export interface DistrictTotal extends Counts {
  districtId: string;
  districtName: string;
  schools: number;
}

export interface Statistics {
  schoolYear: string;
  rows: GradeRow[];
  schools: SchoolTotal[];
  districts: DistrictTotal[];
  totals: Counts;
}

const zero = (): Counts => ({ total: 0, locked: 0, signed: 0, anchored: 0, accepted: 0, revoked: 0 });

function add(into: Counts, from: Counts): void {
  for (const k of COUNTS) into[k] += from[k];
}

// An empty IN list matches nothing; '' is no row's id.
const idList = (ids: readonly string[]) =>
  sql.join(
    (ids.length ? ids : ['']).map((id) => sql`${id}`),
    sql`, `,
  );

function scopeCondition(scope: StatisticsScope) {
  switch (scope.kind) {
    case 'all':
      return sql`TRUE`;
    case 'school':
      return sql`s.id IN (${idList(scope.ids)})`;
    case 'district':
      return sql`s.district_id IN (${idList(scope.ids)})`;
    case 'province':
      return sql`s.province_id IN (${idList(scope.ids)})`;
  }
}

type RawRow = {
  district_id: string;
  district_name: string;
  school_id: string;
  school_name: string;
  grade: number | string;
  total: number | string;
  locked: number | string;
  signed: number | string;
  anchored: number | string;
  accepted: number | string;
  revoked: number | string;
};

/** The year's counts in the scope and the filters, by school and grade, with the sums above them. */
export async function yearStatistics(db: Database, q: StatisticsQuery): Promise<Statistics> {
  // A version sits in one batch; a batch it was recalled from and the replacement both count it once.
  const result = await db.execute<RawRow>(sql`
    WITH accepted AS (
      SELECT DISTINCT batch_id FROM status_events WHERE kind = 'accept' AND anchored_at IS NOT NULL
    ), current AS (
      SELECT rv.id, rv.state, c.grade, c.school_id,
        bool_or(b.id IS NOT NULL) AS in_batch,
        bool_or(b.state <> 'assembling') AS signed,
        bool_or(b.ledger_tx_id IS NOT NULL) AS anchored,
        bool_or(a.batch_id IS NOT NULL) AS accepted
      FROM record_versions rv
      JOIN enrolments e ON e.id = rv.enrolment_id
      JOIN classes c ON c.id = e.class_id
      LEFT JOIN batch_members bm ON bm.record_version_id = rv.id
      LEFT JOIN batches b ON b.id = bm.batch_id
      LEFT JOIN accepted a ON a.batch_id = b.id
      WHERE e.school_year = ${q.schoolYear} AND rv.state <> 'superseded'
      GROUP BY rv.id, rv.state, c.grade, c.school_id
    )
    SELECT s.district_id, d.name AS district_name, s.id AS school_id, s.name AS school_name, r.grade,
      count(*) AS total,
      count(*) FILTER (WHERE r.state IN ('locked', 'revoked') AND r.in_batch) AS locked,
      count(*) FILTER (WHERE r.signed) AS signed,
      count(*) FILTER (WHERE r.anchored) AS anchored,
      count(*) FILTER (WHERE r.accepted) AS accepted,
      count(*) FILTER (WHERE r.state = 'revoked') AS revoked
    FROM current r
    JOIN schools s ON s.id = r.school_id
    JOIN districts d ON d.id = s.district_id
    WHERE ${scopeCondition(q.scope)}
      AND ${q.districtId === undefined ? sql`TRUE` : sql`s.district_id = ${q.districtId}`}
      AND ${q.schoolId === undefined ? sql`TRUE` : sql`s.id = ${q.schoolId}`}
    GROUP BY s.district_id, d.name, s.id, s.name, r.grade
    ORDER BY d.name, s.district_id, s.name, s.id, r.grade
  `);
  const rows: GradeRow[] = result.rows.map((r) => ({
    districtId: r.district_id,
    districtName: r.district_name,
    schoolId: r.school_id,
    schoolName: r.school_name,
    grade: Number(r.grade),
    total: Number(r.total),
    locked: Number(r.locked),
    signed: Number(r.signed),
    anchored: Number(r.anchored),
    accepted: Number(r.accepted),
    revoked: Number(r.revoked),
  }));
  return { schoolYear: q.schoolYear, rows, ...sums(rows) };
}

/** Per school, per district and in all: the rows summed (rows come ordered by district, then school). */
export function sums(rows: readonly GradeRow[]): Pick<Statistics, 'schools' | 'districts' | 'totals'> {
  const schools = new Map<string, SchoolTotal>();
  const districts = new Map<string, DistrictTotal>();
  const totals = zero();
  for (const r of rows) {
    let s = schools.get(r.schoolId);
    if (!s) {
      s = {
        districtId: r.districtId,
        districtName: r.districtName,
        schoolId: r.schoolId,
        schoolName: r.schoolName,
        ...zero(),
      };
      schools.set(r.schoolId, s);
    }
    let d = districts.get(r.districtId);
    if (!d) {
      d = { districtId: r.districtId, districtName: r.districtName, schools: 0, ...zero() };
      districts.set(r.districtId, d);
    }
    add(s, r);
    add(d, r);
    add(totals, r);
  }
  for (const s of schools.values()) districts.get(s.districtId)!.schools++;
  return { schools: [...schools.values()], districts: [...districts.values()], totals };
}

/** A district's place for the policy check of a filter: its id and its province's. */
export async function districtTarget(
  db: Database,
  districtId: string,
): Promise<{ districtId: string; provinceId: string }> {
  const [d] = await db
    .select({ provinceId: districts.provinceId })
    .from(districts)
    .where(eq(districts.id, districtId));
  if (!d)
    throw new ServiceError('DISTRICT_NOT_FOUND', `district ${districtId} does not exist`, { districtId });
  return { districtId, provinceId: d.provinceId };
}
