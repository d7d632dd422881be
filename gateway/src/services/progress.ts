/**
 * Progress of a school year against the province's calendar (issue 14; seed 000 Điều 4 khoản 3: districts
 * accept by 30/6, the province reports by 10/7, supplementary assessments by 15/8). Per school, with two
 * grouped queries over the caller's remit (never a query per school): its classes and how far each class's
 * batch has gone (locked, signed, anchored, accepted) and its records locked; then each school's state and
 * what is late, judged by the calendar read from the ledger and a "now" the caller passes in (the route's
 * clock), in Vietnam's days. Districts are the sums of their schools.
 *
 * A class counts as locked when a regular or replacement batch of the year holds it (its own class batch, or
 * a school batch of its school) and that batch was not recalled or replaced; supplementary and correction
 * batches do not make a class's year. Which scope a role gets is the policy's (auth/policy.ts).
 */
import type { Database } from '@hocba/db';
import { type SQL, sql } from 'drizzle-orm';

export type ProgressScope = { kind: 'all' } | { kind: 'district' | 'province'; ids: readonly string[] };

/** What the progress reads of the ledger's calendar (ISO instants). */
export interface ProgressCalendar {
  lockFrom: string;
  lockUntil: string;
  acceptanceDeadline: string;
  reportDeadline: string;
  supplementaryDeadline: string;
}

export const SCHOOL_STATES = [
  'notStarted',
  'locking',
  'waitingSignature',
  'waitingAcceptance',
  'accepted',
] as const;
export type SchoolState = (typeof SCHOOL_STATES)[number];

/** What can be late: locking after lockUntil, signing (and so anchoring) after lockUntil, acceptance after 30/6. */
export const LATE_KINDS = ['lock', 'signature', 'acceptance'] as const;
export type LateKind = (typeof LATE_KINDS)[number];

export const DEADLINE_KEYS = [
  'lockUntil',
  'acceptanceDeadline',
  'reportDeadline',
  'supplementaryDeadline',
] as const;
export type DeadlineKey = (typeof DEADLINE_KEYS)[number];

export interface Counts {
  classes: number;
  classesLocked: number;
  classesSigned: number;
  classesAnchored: number;
  classesAccepted: number;
  /** Enrolments of the year's classes: the records there should be. */
  records: number;
  recordsLocked: number;
}

export interface Late {
  kind: LateKind;
  /** Whole days past the deadline, by Vietnam's calendar (1 = the day after). */
  days: number;
  /** Classes still missing that step. */
  classes: number;
}

export interface SchoolProgress {
  schoolId: string;
  name: string;
  code: string;
  districtId: string;
  counts: Counts;
  state: SchoolState;
  late: Late[];
}

export interface DistrictProgress {
  districtId: string;
  name: string;
  counts: Counts;
  /** How many of its schools are in each state. */
  schools: Record<SchoolState, number> & { total: number };
  /** How many of its schools are late at each step, and the most days any of them is late. */
  late: { kind: LateKind; schools: number; days: number }[];
}

export interface Deadline {
  key: DeadlineKey;
  at: string;
  /** Vietnam's days from today to the deadline's day: 0 = today, negative = passed. */
  daysLeft: number;
}

export interface ProgressQuery {
  scope: ProgressScope;
  schoolYear: string;
  districtId?: string | undefined;
  /** Only schools in this state; `notLocked`: not every class locked yet (notStarted or locking). */
  state?: SchoolState | 'notLocked' | undefined;
  /** Only schools late at some step. */
  lateOnly?: boolean | undefined;
}

export interface Progress {
  schoolYear: string;
  /** Today in Vietnam (YYYY-MM-DD). */
  today: string;
  deadlines: Deadline[];
  nextDeadline: Deadline | null;
  totals: Counts;
  districts: DistrictProgress[];
  schools: SchoolProgress[];
}

// Vietnam keeps UTC+7 all year (no daylight saving): a fixed offset, so no time-zone database is needed
// (PGlite's may lack one), in SQL and here alike.
const VN_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** The Vietnamese calendar day of an instant, as days since 1970-01-01. */
export const vnDay = (t: Date | string): number =>
  Math.floor((new Date(t).getTime() + VN_OFFSET_MS) / DAY_MS);

/** YYYY-MM-DD of the Vietnamese day of an instant. */
export const vnDate = (t: Date | string): string => new Date(vnDay(t) * DAY_MS).toISOString().slice(0, 10);

/** The school year a date falls in: from September (Vietnam's time) on, the year that starts then. */
export function schoolYearOf(now: Date): string {
  const d = new Date(now.getTime() + VN_OFFSET_MS);
  const start = d.getUTCMonth() >= 8 ? d.getUTCFullYear() : d.getUTCFullYear() - 1;
  return `${start}-${start + 1}`;
}

const idList = (ids: readonly string[]) =>
  sql.join(
    (ids.length ? ids : ['']).map((id) => sql`${id}`),
    sql`, `,
  );

function schoolScope(q: ProgressQuery): SQL {
  const parts: SQL[] = [sql`TRUE`];
  if (q.scope.kind === 'district') parts.push(sql`s.district_id IN (${idList(q.scope.ids)})`);
  if (q.scope.kind === 'province') parts.push(sql`s.province_id IN (${idList(q.scope.ids)})`);
  if (q.districtId !== undefined) parts.push(sql`s.district_id = ${q.districtId}`);
  return sql.join(parts, sql` AND `);
}

function districtScope(q: ProgressQuery): SQL {
  const parts: SQL[] = [sql`TRUE`];
  if (q.scope.kind === 'district') parts.push(sql`d.id IN (${idList(q.scope.ids)})`);
  if (q.scope.kind === 'province') parts.push(sql`d.province_id IN (${idList(q.scope.ids)})`);
  if (q.districtId !== undefined) parts.push(sql`d.id = ${q.districtId}`);
  return sql.join(parts, sql` AND `);
}

// The batches that make a class's year: not supplementary or correction batches, not recalled or replaced.
const YEAR_BATCH = sql`b.kind IN ('regular', 'replacement') AND b.state NOT IN ('recalled', 'replaced')`;
const SIGNED = sql`b.state IN ('signed', 'anchored', 'accepted', 'reported', 'recallRequested')`;
const ANCHORED = sql`b.state IN ('anchored', 'accepted', 'reported', 'recallRequested')`;
const ACCEPTED = sql`b.state IN ('accepted', 'reported')`;

type SchoolRow = {
  school_id: string;
  name: string;
  code: string;
  district_id: string;
  classes: number;
  classes_locked: number;
  classes_signed: number;
  classes_anchored: number;
  classes_accepted: number;
  records: number;
  records_locked: number;
};

async function schoolRows(db: Database, q: ProgressQuery): Promise<SchoolRow[]> {
  const { rows } = await db.execute<SchoolRow>(sql`
    WITH sc AS (
      SELECT s.id, s.name, s.code, s.district_id FROM schools s WHERE ${schoolScope(q)}
    ),
    cl AS (
      SELECT c.id, c.school_id FROM classes c JOIN sc ON sc.id = c.school_id
      WHERE c.school_year = ${q.schoolYear}
    ),
    per_class AS (
      SELECT cl.id, cl.school_id,
        bool_or(b.id IS NOT NULL) AS locked,
        coalesce(bool_or(${SIGNED}), false) AS signed,
        coalesce(bool_or(${ANCHORED}), false) AS anchored,
        coalesce(bool_or(${ACCEPTED}), false) AS accepted
      FROM cl LEFT JOIN batches b
        ON b.school_year = ${q.schoolYear} AND ${YEAR_BATCH}
        AND (b.class_id = cl.id OR (b.class_id IS NULL AND b.school_id = cl.school_id))
      GROUP BY cl.id, cl.school_id
    ),
    per_school AS (
      SELECT school_id,
        count(*)::int AS classes,
        (count(*) FILTER (WHERE locked))::int AS classes_locked,
        (count(*) FILTER (WHERE signed))::int AS classes_signed,
        (count(*) FILTER (WHERE anchored))::int AS classes_anchored,
        (count(*) FILTER (WHERE accepted))::int AS classes_accepted
      FROM per_class GROUP BY school_id
    ),
    -- Records locked: enrolments with a committed version (a correction's new version counts once).
    locked_enrolments AS (
      SELECT DISTINCT rv.enrolment_id FROM record_versions rv
      WHERE rv.state IN ('locked', 'revoked', 'superseded')
    ),
    recs AS (
      SELECT cl.school_id, count(*)::int AS records, count(le.enrolment_id)::int AS records_locked
      FROM cl JOIN enrolments e ON e.class_id = cl.id AND e.school_year = ${q.schoolYear}
      LEFT JOIN locked_enrolments le ON le.enrolment_id = e.id
      GROUP BY cl.school_id
    )
    SELECT sc.id AS school_id, sc.name, sc.code, sc.district_id,
      coalesce(ps.classes, 0)::int AS classes,
      coalesce(ps.classes_locked, 0)::int AS classes_locked,
      coalesce(ps.classes_signed, 0)::int AS classes_signed,
      coalesce(ps.classes_anchored, 0)::int AS classes_anchored,
      coalesce(ps.classes_accepted, 0)::int AS classes_accepted,
      coalesce(r.records, 0)::int AS records,
      coalesce(r.records_locked, 0)::int AS records_locked
    FROM sc LEFT JOIN per_school ps ON ps.school_id = sc.id LEFT JOIN recs r ON r.school_id = sc.id
    ORDER BY sc.district_id, sc.name, sc.id
  `);
  return rows;
}

async function districtRows(db: Database, q: ProgressQuery): Promise<{ id: string; name: string }[]> {
  const { rows } = await db.execute<{ id: string; name: string }>(
    sql`SELECT d.id, d.name FROM districts d WHERE ${districtScope(q)} ORDER BY d.name, d.id`,
  );
  return rows;
}

const zero = (): Counts => ({
  classes: 0,
  classesLocked: 0,
  classesSigned: 0,
  classesAnchored: 0,
  classesAccepted: 0,
  records: 0,
  recordsLocked: 0,
});

function add(to: Counts, c: Counts): void {
  for (const k of Object.keys(to) as (keyof Counts)[]) to[k] += c[k];
}

/** Where a school stands: the first step that not all its classes have passed. */
export function schoolState(c: Counts): SchoolState {
  if (c.classes === 0 || (c.classesLocked === 0 && c.recordsLocked === 0)) return 'notStarted';
  if (c.classesLocked < c.classes) return 'locking';
  if (c.classesAnchored < c.classes) return 'waitingSignature';
  if (c.classesAccepted < c.classes) return 'waitingAcceptance';
  return 'accepted';
}

/** Days late by Vietnam's calendar; past the deadline's instant is late, on its own day counted as 1. */
function daysPast(now: Date, deadline: string): number {
  return Math.max(1, vnDay(now) - vnDay(deadline));
}

/** What a school has not done by a deadline that has passed. */
export function lateness(c: Counts, cal: ProgressCalendar | null, now: Date): Late[] {
  if (!cal || c.classes === 0) return [];
  const out: Late[] = [];
  const t = now.getTime();
  if (t > Date.parse(cal.lockUntil)) {
    if (c.classesLocked < c.classes)
      out.push({ kind: 'lock', days: daysPast(now, cal.lockUntil), classes: c.classes - c.classesLocked });
    // Anchoring needs the lock window open: a locked class not anchored by then is late too.
    if (c.classesAnchored < c.classesLocked)
      out.push({
        kind: 'signature',
        days: daysPast(now, cal.lockUntil),
        classes: c.classesLocked - c.classesAnchored,
      });
  }
  if (t > Date.parse(cal.acceptanceDeadline) && c.classesAccepted < c.classes)
    out.push({
      kind: 'acceptance',
      days: daysPast(now, cal.acceptanceDeadline),
      classes: c.classes - c.classesAccepted,
    });
  return out;
}

export function deadlinesOf(cal: ProgressCalendar | null, now: Date): Deadline[] {
  if (!cal) return [];
  const today = vnDay(now);
  return DEADLINE_KEYS.map((key) => ({ key, at: cal[key], daysLeft: vnDay(cal[key]) - today }));
}

function matches(s: SchoolProgress, q: ProgressQuery): boolean {
  if (q.lateOnly && s.late.length === 0) return false;
  if (q.state === undefined) return true;
  if (q.state === 'notLocked') return s.state === 'notStarted' || s.state === 'locking';
  return s.state === q.state;
}

/** The year's progress in the scope, judged at `now` by `calendar` (null: not set, nothing is late). */
export async function readProgress(
  db: Database,
  q: ProgressQuery,
  calendar: ProgressCalendar | null,
  now: Date,
): Promise<Progress> {
  const [rows, districtList] = await Promise.all([schoolRows(db, q), districtRows(db, q)]);
  const all: SchoolProgress[] = rows.map((r) => {
    const counts: Counts = {
      classes: Number(r.classes),
      classesLocked: Number(r.classes_locked),
      classesSigned: Number(r.classes_signed),
      classesAnchored: Number(r.classes_anchored),
      classesAccepted: Number(r.classes_accepted),
      records: Number(r.records),
      recordsLocked: Number(r.records_locked),
    };
    return {
      schoolId: r.school_id,
      name: r.name,
      code: r.code,
      districtId: r.district_id,
      counts,
      state: schoolState(counts),
      late: lateness(counts, calendar, now),
    };
  });
  const totals = zero();
  const byDistrict = new Map<string, DistrictProgress>(
    districtList.map((d) => [
      d.id,
      {
        districtId: d.id,
        name: d.name,
        counts: zero(),
        schools: {
          total: 0,
          notStarted: 0,
          locking: 0,
          waitingSignature: 0,
          waitingAcceptance: 0,
          accepted: 0,
        },
        late: [],
      },
    ]),
  );
  // Districts and totals sum every school in scope, whatever the school filter shows.
  for (const s of all) {
    add(totals, s.counts);
    const d = byDistrict.get(s.districtId);
    if (!d) continue;
    add(d.counts, s.counts);
    d.schools.total += 1;
    d.schools[s.state] += 1;
    for (const l of s.late) {
      const seen = d.late.find((x) => x.kind === l.kind);
      if (seen) {
        seen.schools += 1;
        seen.days = Math.max(seen.days, l.days);
      } else d.late.push({ kind: l.kind, schools: 1, days: l.days });
    }
  }
  for (const d of byDistrict.values())
    d.late.sort((a, b) => LATE_KINDS.indexOf(a.kind) - LATE_KINDS.indexOf(b.kind));
  const deadlines = deadlinesOf(calendar, now);
  return {
    schoolYear: q.schoolYear,
    today: vnDate(now),
    deadlines,
    nextDeadline: deadlines.find((d) => d.daysLeft >= 0) ?? null,
    totals,
    districts: [...byDistrict.values()],
    schools: all.filter((s) => matches(s, q)),
  };
}

export interface TimelineDay {
  /** The Vietnamese day, YYYY-MM-DD. */
  date: string;
  recordsLocked: number;
  batchesSigned: number;
  batchesAnchored: number;
  batchesAccepted: number;
}

/**
 * Per Vietnamese day, what happened in the scope: records locked (first versions: a correction is not a
 * new lock), batches signed (the audit log's batch.sign), anchored, and accepted (the acceptance committed
 * on the ledger). Days with nothing are left out; the chart fills them.
 */
export async function readTimeline(db: Database, q: ProgressQuery): Promise<TimelineDay[]> {
  const day = (col: SQL) => sql`to_char((${col} AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM-DD')`;
  const { rows } = await db.execute<{ date: string; kind: string; n: number }>(sql`
    WITH sc AS (SELECT s.id FROM schools s WHERE ${schoolScope(q)}),
    yb AS (
      SELECT b.id, b.anchored_at FROM batches b JOIN sc ON sc.id = b.school_id
      WHERE b.school_year = ${q.schoolYear} AND b.kind IN ('regular', 'replacement', 'supplementary')
    ),
    events AS (
      SELECT ${day(sql`rv.effective_at`)} AS date, 'locked' AS kind
      FROM record_versions rv
      JOIN enrolments e ON e.id = rv.enrolment_id
      JOIN classes c ON c.id = e.class_id
      JOIN sc ON sc.id = c.school_id
      WHERE e.school_year = ${q.schoolYear} AND rv.supersedes_id IS NULL
        AND rv.state IN ('locked', 'revoked', 'superseded') AND rv.effective_at IS NOT NULL
      UNION ALL
      SELECT ${day(sql`a.at`)}, 'signed' FROM audit_log a JOIN yb ON yb.id = a.entity_id
      WHERE a.action = 'batch.sign' AND a.entity_type = 'batch'
      UNION ALL
      SELECT ${day(sql`yb.anchored_at`)}, 'anchored' FROM yb WHERE yb.anchored_at IS NOT NULL
      UNION ALL
      SELECT ${day(sql`se.anchored_at`)}, 'accepted' FROM status_events se JOIN yb ON yb.id = se.batch_id
      WHERE se.kind = 'accept' AND se.anchored_at IS NOT NULL
    )
    SELECT date, kind, count(*)::int AS n FROM events GROUP BY date, kind ORDER BY date
  `);
  const days = new Map<string, TimelineDay>();
  const field = {
    locked: 'recordsLocked',
    signed: 'batchesSigned',
    anchored: 'batchesAnchored',
    accepted: 'batchesAccepted',
  } as const;
  for (const r of rows) {
    let d = days.get(r.date);
    if (!d) {
      d = { date: r.date, recordsLocked: 0, batchesSigned: 0, batchesAnchored: 0, batchesAccepted: 0 };
      days.set(r.date, d);
    }
    const f = field[r.kind as keyof typeof field];
    if (f) d[f] += Number(r.n);
  }
  return [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
}
