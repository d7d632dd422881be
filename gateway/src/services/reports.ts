/**
 * The province's yearly report to the Ministry (seed 000 Art. 4 §3e: by 10/7; supplementary by 15/8) and
 * the Ministry's acknowledgement, as report.ts on the ledger defines them: the year's anchored batch ids in
 * anchoring order (the ledger's year log: anchoredAt, then batch id) and the RFC 9162 root over their
 * roots. Each report of a year extends the previous one; `seq` 1 is the report, later ones supplementary.
 * The ledger says whether it came on time (onTime): a late report is recorded, not refused, as the
 * chaincode does.
 *
 * The districts accept their schools' batches before the province reports (§3c, by 30/6): a listed batch
 * whose acceptance the ledger has not recorded is reported as waiting (`waitingBatchIds`), never as
 * accepted — the chaincode refuses that (BATCH_NOT_ACCEPTED). Once such a batch is accepted, a new
 * (supplementary) report may say so even if no batch was anchored since.
 */
import {
  anchorOutbox,
  appendAudit,
  batches,
  type Database,
  type Executor,
  enqueueOutbox,
  statusEvents,
  yearReports,
} from '@hocba/db';
import { leafHash, MerkleTree, toHex } from '@hocba/integrity';
import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { ServiceError } from './errors.ts';
import type { UserActor } from './permissions.ts';

/** The report root: RFC 9162 tree whose leaf data are the batch roots (as chaincode report.ts). */
export function reportRoot(batchRoots: readonly Uint8Array[]): string {
  return toHex(new MerkleTree(batchRoots.map((r) => leafHash(r))).root());
}

/** Advisory lock class of the yearly reports (any fixed number, distinct from the audit chain's). */
const REPORT_LOCK = 7305;

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The batches among `ids` whose district's acceptance the ledger has not recorded yet, in `ids`' order. An
 * acceptance counts once the outbox worker recorded its ledger transaction (settled: anchoredAt), so what
 * the report calls accepted is accepted on the ledger.
 */
export async function waitingForAcceptance(exec: Executor, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await exec
    .select({ batchId: statusEvents.batchId })
    .from(statusEvents)
    .where(
      and(
        eq(statusEvents.kind, 'accept'),
        isNotNull(statusEvents.anchoredAt),
        inArray(statusEvents.batchId, [...ids]),
      ),
    );
  const accepted = new Set(rows.map((r) => r.batchId));
  return ids.filter((id) => !accepted.has(id));
}

export interface SubmitReportInput {
  schoolYear: string;
  actor: UserActor;
  now: Date;
}

export interface ReportQueued {
  reportId: string;
  schoolYear: string;
  seq: number;
  root: string;
  batchIds: string[];
  /** The listed batches still waiting for their district's acceptance: reported as waiting. */
  waitingBatchIds: string[];
  outboxId: number;
}

export async function submitReport(db: Database, input: SubmitReportInput): Promise<ReportQueued> {
  return db.transaction(async (tx) => {
    // One report of a year at a time: a second request waits, then sees the first (REPORT_PENDING).
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${REPORT_LOCK}, hashtext(${input.schoolYear}))`);
    const [latest] = await tx
      .select()
      .from(yearReports)
      .where(eq(yearReports.schoolYear, input.schoolYear))
      .orderBy(desc(yearReports.seq))
      .limit(1);
    let previous = latest;
    if (latest && latest.ledgerTxId === null) {
      const [row] = await tx
        .select({ state: anchorOutbox.state })
        .from(anchorOutbox)
        .where(eq(anchorOutbox.key, submitKey(latest.schoolYear, latest.seq)));
      if (row?.state !== 'failed') {
        throw new ServiceError('REPORT_PENDING', `report ${latest.seq} of ${input.schoolYear} is pending`, {
          schoolYear: input.schoolYear,
          seq: latest.seq,
        });
      }
      // The ledger refused it: it never became a report, and its number is free again.
      await tx.delete(yearReports).where(eq(yearReports.id, latest.id));
      [previous] = await tx
        .select()
        .from(yearReports)
        .where(and(eq(yearReports.schoolYear, input.schoolYear), isNotNull(yearReports.ledgerTxId)))
        .orderBy(desc(yearReports.seq))
        .limit(1);
    }
    const anchored = await tx
      .select({
        id: batches.id,
        root: batches.root,
        anchoredAt: batches.anchoredAt,
        schoolId: batches.schoolId,
      })
      .from(batches)
      .where(and(eq(batches.schoolYear, input.schoolYear), isNotNull(batches.ledgerTxId)));
    // The ledger's order (yearLog key: ISO time, then id in code-unit order), not the database collation's.
    anchored.sort((a, b) => a.anchoredAt!.getTime() - b.anchoredAt!.getTime() || byCodeUnits(a.id, b.id));
    if (anchored.length === 0) {
      throw new ServiceError('REPORT_EMPTY', `no batch of ${input.schoolYear} is anchored`, {
        schoolYear: input.schoolYear,
      });
    }
    const batchIds = anchored.map((b) => b.id);
    const waitingBatchIds = await waitingForAcceptance(tx, batchIds);
    if (
      previous &&
      previous.batchCount >= anchored.length &&
      waitingBatchIds.length >= previous.waitingBatchIds.length
    ) {
      throw new ServiceError(
        'REPORT_UNCHANGED',
        `no batch anchored or accepted since report ${previous.seq}`,
        { schoolYear: input.schoolYear, seq: previous.seq },
      );
    }
    const root = reportRoot(anchored.map((b) => b.root!));
    const seq = (previous?.seq ?? 0) + 1;
    const [report] = await tx
      .insert(yearReports)
      .values({
        schoolYear: input.schoolYear,
        seq,
        root,
        batchIds,
        batchCount: batchIds.length,
        waitingBatchIds,
        submittedBy: input.actor.userId,
      })
      .returning({ id: yearReports.id });
    const { row } = await enqueueOutbox(tx, {
      // Due at once by the service's clock (the worker claims by the same clock).
      notBefore: input.now,
      action: 'submitYearReport',
      key: submitKey(input.schoolYear, seq),
      payload: {
        reportId: report!.id,
        schoolYear: input.schoolYear,
        seq,
        batchIds,
        root,
        waitingBatchIds,
        // Any school's district endorses with the province (the chaincode-level policy).
        schoolId: anchored[0]!.schoolId,
      },
    });
    await appendAudit(tx, {
      action: 'report.submit',
      entityType: 'yearReport',
      entityId: report!.id,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      at: input.now,
      details: {
        schoolYear: input.schoolYear,
        seq,
        count: batchIds.length,
        waiting: waitingBatchIds.length,
        root,
      },
    });
    return {
      reportId: report!.id,
      schoolYear: input.schoolYear,
      seq,
      root,
      batchIds,
      waitingBatchIds,
      outboxId: row.id,
    };
  });
}

export const submitKey = (schoolYear: string, seq: number) => `submitYearReport:${schoolYear}:${seq}`;
export const acknowledgeKey = (schoolYear: string, seq: number) =>
  `acknowledgeYearReport:${schoolYear}:${seq}`;

export interface AcknowledgeInput {
  schoolYear: string;
  seq: number;
  actor: UserActor;
  now: Date;
}

export async function acknowledgeReport(
  db: Database,
  input: AcknowledgeInput,
): Promise<{ reportId: string; outboxId: number }> {
  return db.transaction(async (tx) => {
    const [report] = await tx
      .select()
      .from(yearReports)
      .where(and(eq(yearReports.schoolYear, input.schoolYear), eq(yearReports.seq, input.seq)))
      .for('update');
    if (!report) {
      throw new ServiceError('REPORT_NOT_FOUND', `no report ${input.seq} of ${input.schoolYear}`, {
        schoolYear: input.schoolYear,
        seq: input.seq,
      });
    }
    if (report.ledgerTxId === null) {
      throw new ServiceError('REPORT_NOT_ON_LEDGER', `report ${input.seq} is not on the ledger yet`, {
        reportId: report.id,
      });
    }
    if (report.acknowledgedBy !== null) {
      throw new ServiceError('ALREADY_REQUESTED', `report ${input.seq} is already acknowledged`, {
        reportId: report.id,
      });
    }
    // acknowledgedBy: who asked; acknowledgedAt: when the ledger recorded it (the worker).
    await tx
      .update(yearReports)
      .set({ acknowledgedBy: input.actor.userId })
      .where(eq(yearReports.id, report.id));
    const [first] = await tx
      .select({ schoolId: batches.schoolId })
      .from(batches)
      .where(eq(batches.id, report.batchIds[0]!));
    const { row } = await enqueueOutbox(tx, {
      // Due at once by the service's clock (the worker claims by the same clock).
      notBefore: input.now,
      action: 'acknowledgeYearReport',
      key: acknowledgeKey(report.schoolYear, report.seq),
      payload: {
        reportId: report.id,
        schoolYear: report.schoolYear,
        seq: report.seq,
        schoolId: first!.schoolId,
      },
    });
    await appendAudit(tx, {
      action: 'report.acknowledge',
      entityType: 'yearReport',
      entityId: report.id,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      at: input.now,
      details: { schoolYear: report.schoolYear, seq: report.seq },
    });
    return { reportId: report.id, outboxId: row.id };
  });
}
