/**
 * The province's yearly report to the Ministry (seed 000 Art. 4 §3e: by 10/7; supplementary by 15/8): an
 * RFC 9162 root over the year's batch roots in anchoring order. Each new report of a year must extend the
 * previous one (its batch list is a prefix), so consistency between two reports is provable with an
 * RFC 9162 consistency proof. The Ministry acknowledges a report.
 *
 * The districts accept their schools' batches first (§3c, by 30/6). A report names which of its batches
 * are still waiting for that acceptance; every other batch it lists it calls accepted, and a report that
 * calls a batch accepted which its district has not accepted is refused (BATCH_NOT_ACCEPTED). A batch
 * reported as waiting that was accepted meanwhile is not refused: the report was made before, and the next
 * (supplementary) report says it is accepted.
 */
import { fromHex, leafHash, MerkleTree, toHex, utf8 } from '@hocba/integrity';
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { authorize } from '../access.ts';
import * as arg from '../args.ts';
import { refuse } from '../errors.ts';
import { type Batch, INDEX, KEY, type YearReport } from '../model.ts';
import { allByPartialKey, compositeKey, mustGet, putJson, txIso, txTime } from '../state.ts';
import { HocbaContract } from './base.ts';
import { getCalendar } from './calendar.ts';

const seqKey = (n: number) => String(n).padStart(6, '0');

/** The report root: RFC 9162 tree whose leaf data are the batch roots (32 bytes each). */
export function reportRoot(batchRoots: string[]): string {
  return toHex(new MerkleTree(batchRoots.map((r) => leafHash(fromHex(r)!))).root());
}

@Info({ title: 'report', description: "The province's yearly report and the Ministry's acknowledgement" })
export class ReportContract extends HocbaContract {
  constructor() {
    super('report');
  }

  @Transaction()
  @Returns('string')
  async submitYearReport(
    ctx: Context,
    schoolYear: string,
    batchIdsJson: string,
    root: string,
    waitingJson: string,
  ): Promise<string> {
    authorize(ctx, 'submitYearReport');
    arg.schoolYear(schoolYear);
    const batchIds = arg.json<unknown>(batchIdsJson, 'batch ids');
    if (!Array.isArray(batchIds) || batchIds.length === 0 || !batchIds.every((b) => typeof b === 'string')) {
      refuse('INVALID_ARGUMENT', 'batch ids must be a non-empty JSON array of strings');
    }
    const ids = batchIds as string[];
    const waitingIds = arg.json<unknown>(waitingJson, 'waiting batch ids');
    if (!Array.isArray(waitingIds) || !waitingIds.every((b) => typeof b === 'string')) {
      refuse('INVALID_ARGUMENT', 'waiting batch ids must be a JSON array of strings');
    }
    const waiting = new Set(waitingIds as string[]);
    if (waiting.size !== (waitingIds as string[]).length)
      refuse('REPORT_MISMATCH', 'a batch is waiting twice');
    const foreign = [...waiting].filter((id) => !ids.includes(id));
    if (foreign.length)
      refuse('REPORT_MISMATCH', `waiting but not listed: ${foreign.slice(0, 5).join(', ')}`);
    const log = await allByPartialKey<{ batchId: string; root: string }>(ctx, INDEX.yearLog, [schoolYear]);
    const rootOf = new Map(log.map((e) => [e.batchId, e.root]));
    if (new Set(ids).size !== ids.length) refuse('REPORT_MISMATCH', 'a batch is listed twice');
    const unknown = ids.filter((id) => !rootOf.has(id));
    if (unknown.length)
      refuse('REPORT_MISMATCH', `not anchored in ${schoolYear}: ${unknown.slice(0, 5).join(', ')}`);
    if (ids.length !== log.length)
      refuse(
        'REPORT_MISMATCH',
        `${log.length} batches are anchored in ${schoolYear}, the report lists ${ids.length}`,
      );

    const previous = await this.latest(ctx, schoolYear);
    if (previous?.batchIds.some((id, i) => ids[i] !== id)) {
      refuse('REPORT_MISMATCH', `the report must extend report ${previous.seq} of ${schoolYear}`);
    }
    const computed = reportRoot(ids.map((id) => rootOf.get(id)!));
    if (computed !== root) refuse('REPORT_MISMATCH', `the root of these batches is ${computed}, not ${root}`);

    // What the report calls accepted must have been accepted by its district (acceptedAt stays through a
    // later recall or replacement: it was accepted then).
    const listed = new Map<string, Batch>();
    const unaccepted: string[] = [];
    for (const id of ids) {
      const batch = await mustGet<Batch>(ctx, KEY.batch(id), `batch ${id}`);
      listed.set(id, batch);
      if (!waiting.has(id) && !batch.acceptedAt) unaccepted.push(id);
    }
    if (unaccepted.length)
      refuse(
        'BATCH_NOT_ACCEPTED',
        `not accepted by their district, so not reportable as accepted: ${unaccepted.slice(0, 5).join(', ')}`,
      );

    const cal = await getCalendar(ctx, schoolYear);
    const seq = (previous?.seq ?? 0) + 1;
    const deadline = seq === 1 ? cal.reportDeadline : cal.supplementaryDeadline;
    const report: YearReport = {
      schoolYear,
      seq,
      root,
      count: ids.length,
      batchIds: ids,
      waitingBatchIds: ids.filter((id) => waiting.has(id)),
      submittedAt: txIso(ctx),
      onTime: txTime(ctx).getTime() <= Date.parse(deadline),
      txId: ctx.stub.getTxID(),
    };
    await putJson(ctx, compositeKey(ctx, INDEX.yearReport, [schoolYear, seqKey(seq)]), report);
    // The batches reported as accepted are now reported (DESIGN.md §7); a waiting one stays as it is, also
    // one reported as waiting in an earlier report and as accepted in this one.
    const reported: string[] = [];
    for (const [id, batch] of listed) {
      if (!waiting.has(id) && batch.state === 'accepted') {
        await putJson(ctx, KEY.batch(id), { ...batch, state: 'reported' });
        reported.push(id);
      }
    }
    const summary = { schoolYear, seq, root, count: ids.length, waiting: report.waitingBatchIds.length };
    // The batches whose state changed travel in the event: a verification report shows a batch's state.
    ctx.stub.setEvent('YearReportSubmitted', utf8(JSON.stringify({ ...summary, reported })));
    return JSON.stringify({ ...summary, onTime: report.onTime });
  }

  @Transaction()
  @Returns('string')
  async acknowledgeYearReport(ctx: Context, schoolYear: string, seq: string): Promise<string> {
    authorize(ctx, 'acknowledgeYearReport');
    const key = compositeKey(ctx, INDEX.yearReport, [schoolYear, seqKey(arg.nonNegativeInt(seq, 'seq'))]);
    const report = await mustGet<YearReport>(ctx, key, `report ${seq} of ${schoolYear}`);
    if (report.acknowledgedAt) refuse('WRONG_STATE', 'the report is already acknowledged');
    const acknowledged = { ...report, acknowledgedAt: txIso(ctx) };
    await putJson(ctx, key, acknowledged);
    await this.touchMinistry(ctx);
    ctx.stub.setEvent('YearReportAcknowledged', utf8(JSON.stringify({ schoolYear, seq: report.seq })));
    return JSON.stringify({ schoolYear, seq: report.seq, acknowledgedAt: acknowledged.acknowledgedAt });
  }

  @Transaction(false)
  @Returns('string')
  async listYearReports(ctx: Context, schoolYear: string): Promise<string> {
    authorize(ctx, 'read');
    return JSON.stringify(await allByPartialKey<YearReport>(ctx, INDEX.yearReport, [schoolYear]));
  }

  private async latest(ctx: Context, schoolYear: string): Promise<YearReport | undefined> {
    return (await allByPartialKey<YearReport>(ctx, INDEX.yearReport, [schoolYear])).at(-1);
  }
}
