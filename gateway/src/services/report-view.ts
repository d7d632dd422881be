/**
 * What the province and the Ministry read about the yearly report (seed 000 Art. 4 §3e) before and after it
 * is sent: the year's reports as the database holds them (written by reports.ts and the outbox worker when
 * the ledger recorded them), and a preview of what a report submitted now would hold and what is still
 * waiting — classes not locked, batches not signed, signed but not anchored, anchored but not accepted by
 * their district (§3c) — so the province sees it before it submits.
 */
import type { Database } from '@hocba/db';
import { type SQL, sql } from 'drizzle-orm';

/** Where a report's ledger transaction is: queued for the worker, on the ledger, or refused by it. */
export type LedgerState = 'queued' | 'submitted' | 'failed';
export type AckState = 'none' | 'queued' | 'acknowledged' | 'failed';

export interface DistrictPart {
  districtId: string;
  districtName: string;
  batches: number;
  records: number;
  /** Of those batches, the ones their district has not accepted on the ledger yet. */
  waitingAcceptance: number;
}

export interface ReportView {
  reportId: string;
  schoolYear: string;
  seq: number;
  provinceId: string | null;
  provinceName: string | null;
  root: string;
  batches: number;
  records: number;
  waitingAcceptance: number;
  districts: DistrictPart[];
  submittedBy: string | null;
  createdAt: string;
  state: LedgerState;
  submittedAt: string | null;
  ledgerTxId: string | null;
  blockNumber: number | null;
  onTime: boolean | null;
  ackState: AckState;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  ackLedgerTxId: string | null;
  ackBlockNumber: number | null;
}

/** null: everywhere (the Ministry); otherwise the provinces of the caller's grants. */
export type ProvinceScope = readonly string[] | null;

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());
const num = (v: number | string | null): number | null => (v === null ? null : Number(v));
const inList = (column: SQL, ids: readonly string[]) =>
  sql`${column} IN (${sql.join(
    (ids.length ? ids : ['']).map((id) => sql`${id}`),
    sql`, `,
  )})`;

/** The accept events the ledger recorded (the worker settled them), by batch. */
const ACCEPTED = sql`SELECT DISTINCT batch_id FROM status_events WHERE kind = 'accept' AND anchored_at IS NOT NULL`;

type ReportRow = {
  id: string;
  school_year: string;
  seq: number;
  root: string;
  batch_ids: string[];
  waiting_batch_ids: string[];
  submitted_by: string | null;
  created_at: Date | string;
  ledger_tx_id: string | null;
  block_number: number | string | null;
  submitted_at: Date | string | null;
  on_time: boolean | null;
  acknowledged_by: string | null;
  acknowledged_at: Date | string | null;
  ack_ledger_tx_id: string | null;
  ack_block_number: number | string | null;
  submit_state: string | null;
  ack_state: string | null;
  province_id: string | null;
  province_name: string | null;
};

/** The year's reports, oldest first, of the provinces in scope. */
export async function listReports(
  db: Database,
  q: { schoolYear: string; provinces: ProvinceScope },
): Promise<ReportView[]> {
  const result = await db.execute<ReportRow>(sql`
    SELECT r.id, r.school_year, r.seq, r.root, r.batch_ids, r.waiting_batch_ids,
      su.display_name AS submitted_by, r.created_at, r.ledger_tx_id, r.block_number, r.submitted_at, r.on_time,
      au.display_name AS acknowledged_by, r.acknowledged_at, r.ack_ledger_tx_id, r.ack_block_number,
      so.state AS submit_state, ao.state AS ack_state, p.id AS province_id, p.name AS province_name
    FROM year_reports r
    LEFT JOIN users su ON su.id = r.submitted_by
    LEFT JOIN users au ON au.id = r.acknowledged_by
    LEFT JOIN anchor_outbox so ON so.key = 'submitYearReport:' || r.school_year || ':' || r.seq
    LEFT JOIN anchor_outbox ao ON ao.key = 'acknowledgeYearReport:' || r.school_year || ':' || r.seq
    LEFT JOIN batches fb ON fb.id = r.batch_ids->>0
    LEFT JOIN schools fs ON fs.id = fb.school_id
    LEFT JOIN provinces p ON p.id = fs.province_id
    WHERE r.school_year = ${q.schoolYear}
      AND ${q.provinces === null ? sql`TRUE` : inList(sql`fs.province_id`, q.provinces)}
    ORDER BY r.seq
  `);
  const reports = result.rows;
  const parts = await districtParts(
    db,
    reports.flatMap((r) => r.batch_ids),
  );
  return reports.map((r) => {
    const waiting = new Set(r.waiting_batch_ids);
    const districts = new Map<string, DistrictPart>();
    for (const id of r.batch_ids) {
      const b = parts.get(id);
      if (!b) continue;
      let d = districts.get(b.districtId);
      if (!d) {
        d = {
          districtId: b.districtId,
          districtName: b.districtName,
          batches: 0,
          records: 0,
          waitingAcceptance: 0,
        };
        districts.set(b.districtId, d);
      }
      d.batches++;
      d.records += b.records;
      if (waiting.has(id)) d.waitingAcceptance++;
    }
    const ds = [...districts.values()].sort((a, b) => a.districtName.localeCompare(b.districtName, 'vi'));
    return {
      reportId: r.id,
      schoolYear: r.school_year,
      seq: Number(r.seq),
      provinceId: r.province_id,
      provinceName: r.province_name,
      root: r.root,
      batches: r.batch_ids.length,
      records: ds.reduce((n, d) => n + d.records, 0),
      waitingAcceptance: r.waiting_batch_ids.length,
      districts: ds,
      submittedBy: r.submitted_by,
      createdAt: iso(r.created_at)!,
      state: r.ledger_tx_id !== null ? 'submitted' : r.submit_state === 'failed' ? 'failed' : 'queued',
      submittedAt: iso(r.submitted_at),
      ledgerTxId: r.ledger_tx_id,
      blockNumber: num(r.block_number),
      onTime: r.on_time,
      ackState:
        r.acknowledged_at !== null
          ? 'acknowledged'
          : r.ack_state === 'failed'
            ? 'failed'
            : r.acknowledged_by !== null || r.ack_state !== null
              ? 'queued'
              : 'none',
      acknowledgedBy: r.acknowledged_by,
      acknowledgedAt: iso(r.acknowledged_at),
      ackLedgerTxId: r.ack_ledger_tx_id,
      ackBlockNumber: num(r.ack_block_number),
    };
  });
}

interface BatchPart {
  districtId: string;
  districtName: string;
  records: number;
}

async function districtParts(db: Database, ids: readonly string[]): Promise<Map<string, BatchPart>> {
  if (ids.length === 0) return new Map();
  const result = await db.execute<{
    id: string;
    district_id: string;
    district_name: string;
    leaf_count: number | null;
  }>(sql`
    SELECT b.id, s.district_id, d.name AS district_name, b.leaf_count
    FROM batches b JOIN schools s ON s.id = b.school_id JOIN districts d ON d.id = s.district_id
    WHERE ${inList(sql`b.id`, [...new Set(ids)])}
  `);
  return new Map(
    result.rows.map((r) => [
      r.id,
      { districtId: r.district_id, districtName: r.district_name, records: Number(r.leaf_count ?? 0) },
    ]),
  );
}

/** A batch still on its way to the report. */
export interface WaitingBatch {
  batchId: string;
  schoolId: string;
  schoolName: string;
  districtName: string;
  className: string | null;
  records: number;
  lockedAt: string | null;
  anchoredAt: string | null;
}

/** A school with classes of the year not locked yet: nothing locked, or records still before lock. */
export interface UnlockedSchool {
  schoolId: string;
  schoolName: string;
  districtName: string;
  classes: string[];
}

export interface ReportPreview {
  schoolYear: string;
  /** The report a submission now would make: 1 the report, 2… supplementary. */
  next: {
    seq: number;
    batches: number;
    records: number;
    waitingAcceptance: number;
    /** Nothing anchored or accepted since the last report: the gateway would refuse (REPORT_UNCHANGED). */
    unchanged: boolean;
    /** The last report is still queued for the ledger: the gateway would refuse (REPORT_PENDING). */
    pending: boolean;
  };
  districts: DistrictPart[];
  waiting: {
    notLocked: UnlockedSchool[];
    notSigned: WaitingBatch[];
    notAnchored: WaitingBatch[];
    notAccepted: WaitingBatch[];
  };
}

type BatchRow = {
  id: string;
  school_id: string;
  school_name: string;
  district_id: string;
  district_name: string;
  class_name: string | null;
  state: string;
  leaf_count: number | null;
  locked_at: Date | string | null;
  anchored_at: Date | string | null;
  ledger_tx_id: string | null;
  accepted: boolean;
};

/** What a report of the province's year submitted now would hold, and what is still waiting. */
export async function reportPreview(
  db: Database,
  q: { schoolYear: string; provinces: ProvinceScope },
): Promise<ReportPreview> {
  const inScope = (col: SQL) => (q.provinces === null ? sql`TRUE` : inList(col, q.provinces));
  const batchRows = await db.execute<BatchRow>(sql`
    SELECT b.id, b.school_id, s.name AS school_name, s.district_id, d.name AS district_name,
      c.name AS class_name, b.state, b.leaf_count, b.locked_at, b.anchored_at, b.ledger_tx_id,
      (a.batch_id IS NOT NULL) AS accepted
    FROM batches b
    JOIN schools s ON s.id = b.school_id
    JOIN districts d ON d.id = s.district_id
    LEFT JOIN classes c ON c.id = b.class_id
    LEFT JOIN (${ACCEPTED}) a ON a.batch_id = b.id
    WHERE b.school_year = ${q.schoolYear} AND ${inScope(sql`s.province_id`)}
    ORDER BY d.name, s.name, c.name NULLS FIRST, b.id
  `);
  const unlocked = await db.execute<{
    school_id: string;
    school_name: string;
    district_name: string;
    class_name: string;
  }>(sql`
    SELECT s.id AS school_id, s.name AS school_name, d.name AS district_name, c.name AS class_name
    FROM classes c
    JOIN schools s ON s.id = c.school_id
    JOIN districts d ON d.id = s.district_id
    WHERE c.school_year = ${q.schoolYear} AND ${inScope(sql`s.province_id`)}
      AND (
        -- Nothing of the class committed yet, or a first version still before lock (a correction's new
        -- version is the correction's business, not the year's lock).
        NOT EXISTS (
          SELECT 1 FROM record_versions rv JOIN enrolments e ON e.id = rv.enrolment_id
          WHERE e.class_id = c.id AND rv.state IN ('locked', 'revoked', 'superseded')
        )
        OR EXISTS (
          SELECT 1 FROM record_versions rv JOIN enrolments e ON e.id = rv.enrolment_id
          WHERE e.class_id = c.id AND rv.version = 1
            AND rv.state NOT IN ('locked', 'revoked', 'superseded')
        )
      )
    ORDER BY d.name, s.name, c.name
  `);
  const last = await db.execute<{
    seq: number;
    batch_count: number;
    waiting: number;
    on_ledger: boolean;
    failed: boolean;
  }>(sql`
    SELECT r.seq, r.batch_count, jsonb_array_length(r.waiting_batch_ids) AS waiting,
      (r.ledger_tx_id IS NOT NULL) AS on_ledger, (o.state = 'failed') AS failed
    FROM year_reports r
    LEFT JOIN anchor_outbox o ON o.key = 'submitYearReport:' || r.school_year || ':' || r.seq
    WHERE r.school_year = ${q.schoolYear}
    ORDER BY r.seq DESC
  `);

  const toWaiting = (b: BatchRow): WaitingBatch => ({
    batchId: b.id,
    schoolId: b.school_id,
    schoolName: b.school_name,
    districtName: b.district_name,
    className: b.class_name,
    records: Number(b.leaf_count ?? 0),
    lockedAt: iso(b.locked_at),
    anchoredAt: iso(b.anchored_at),
  });
  const anchored = batchRows.rows.filter((b) => b.ledger_tx_id !== null);
  const districts = new Map<string, DistrictPart>();
  for (const b of anchored) {
    let d = districts.get(b.district_id);
    if (!d) {
      d = {
        districtId: b.district_id,
        districtName: b.district_name,
        batches: 0,
        records: 0,
        waitingAcceptance: 0,
      };
      districts.set(b.district_id, d);
    }
    d.batches++;
    d.records += Number(b.leaf_count ?? 0);
    if (!b.accepted) d.waitingAcceptance++;
  }
  const schools = new Map<string, UnlockedSchool>();
  for (const c of unlocked.rows) {
    let s = schools.get(c.school_id);
    if (!s) {
      s = { schoolId: c.school_id, schoolName: c.school_name, districtName: c.district_name, classes: [] };
      schools.set(c.school_id, s);
    }
    s.classes.push(c.class_name);
  }
  // As submitReport decides: the last report on the ledger (a refused one frees its number).
  const reports = last.rows.filter((r) => !r.failed);
  const pending = reports[0] !== undefined && !reports[0].on_ledger;
  const previous = reports.find((r) => r.on_ledger);
  const waitingAcceptance = anchored.filter((b) => !b.accepted).length;
  return {
    schoolYear: q.schoolYear,
    next: {
      seq: (previous ? Number(previous.seq) : 0) + 1,
      batches: anchored.length,
      records: anchored.reduce((n, b) => n + Number(b.leaf_count ?? 0), 0),
      waitingAcceptance,
      unchanged:
        previous !== undefined &&
        Number(previous.batch_count) >= anchored.length &&
        waitingAcceptance >= Number(previous.waiting),
      pending,
    },
    districts: [...districts.values()],
    waiting: {
      notLocked: [...schools.values()],
      notSigned: batchRows.rows.filter((b) => b.state === 'assembling').map(toWaiting),
      notAnchored: batchRows.rows
        .filter((b) => b.state !== 'assembling' && b.ledger_tx_id === null)
        .map(toWaiting),
      notAccepted: anchored.filter((b) => !b.accepted).map(toWaiting),
    },
  };
}

/** What the ledger's year log says of a report (chaincode report:listYearReports), as far as it is read here. */
export interface LedgerReportFacts {
  seq: number;
  submittedAt?: string | null | undefined;
  onTime?: boolean | null | undefined;
  acknowledgedAt?: string | null | undefined;
}

/** Whether a report lacks a fact the ledger may hold: recorded but its time or verdict unknown, or an
 * acknowledgement the worker has not recorded yet. */
export const lacksLedgerFact = (r: ReportView) =>
  (r.state === 'submitted' && (r.onTime === null || r.submittedAt === null)) || r.ackState === 'queued';

/**
 * The reports with the ledger's facts where the database lacks them (the worker records them after the
 * ledger; until then, or after a recovery that could not learn them, the ledger is the source). The
 * database's facts, where present, are kept: they are the ones the worker read from the same transaction.
 */
export function withLedgerFacts(
  reports: readonly ReportView[],
  ledger: readonly LedgerReportFacts[],
): ReportView[] {
  const bySeq = new Map(ledger.map((l) => [l.seq, l]));
  return reports.map((r) => {
    const l = bySeq.get(r.seq);
    if (!l || r.state !== 'submitted') return r;
    const out = { ...r };
    if (out.submittedAt === null && l.submittedAt) out.submittedAt = l.submittedAt;
    if (out.onTime === null && typeof l.onTime === 'boolean') out.onTime = l.onTime;
    if (out.acknowledgedAt === null && l.acknowledgedAt) {
      out.acknowledgedAt = l.acknowledgedAt;
      out.ackState = 'acknowledged';
    }
    return out;
  });
}
