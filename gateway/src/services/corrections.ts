/**
 * Correction after lock (seed 001 Art. 15; DESIGN.md §4.6, §7): request with legal basis and reason →
 * check → approval (or rejection) → a new record version → re-signing → a correction batch. The locked
 * version is never edited: approval writes version n+1 (its own record id, the SAME lookup code — the code
 * names the pupil's record of that year, not a version — `supersedes` the locked one, the corrected content
 * validated by the record rules) in state `approved`, and the request becomes `applied` — Art. 15 step 5's
 * update — in the same transaction.
 *
 * Re-signing (lockCorrection) locks a correction batch of the corrected versions only: its manifest names,
 * per leaf, the record (batch, leaf) it supersedes and the decision (the request's legal basis). The
 * ledger then marks exactly those records superseded; their classmates in the old batch stay valid, with
 * their codes. The corrected versions' predecessors become `superseded` when the ledger has anchored it
 * (outbox-worker.ts, settleCorrections). It is the school's own procedure: no province permission.
 *
 * Whole-batch replacement (lockReplacement) stays for recall-and-replace: it needs the province's `replace`
 * permission on the ledger and carries a new version of EVERY member of the superseded batch that is still
 * locked — the corrected ones, and for the others a carry-over version with the same content and code —
 * since once the old batch is replaced its untouched records would otherwise have nothing valid to show.
 * Revoked members are left out: revocation is final. The old batch becomes `replaced` and its versions
 * `superseded` when the ledger has anchored the replacement (outbox-worker.ts, settleReplacements).
 */
import { randomUUID } from 'node:crypto';
import {
  appendAudit,
  batches,
  batchMembers,
  correctionRequests,
  type Database,
  type Executor,
  enrolments,
  recordVersions,
  statusEvents,
} from '@hocba/db';
import { canonicalize } from '@hocba/integrity';
import { validateRecord } from '@hocba/records';
import { and, eq, inArray } from 'drizzle-orm';
import { newLookupCode } from '../lookup/code.ts';
import {
  applyChanges,
  type CorrectionChange,
  diffRecords,
  type LabelledChange,
  labelChange,
} from './correction-diff.ts';
import { ServiceError } from './errors.ts';
import { type LockedBatch, lockBatch } from './lock.ts';
import {
  batchPlace,
  LIVE_ON_LEDGER,
  requireAnchored,
  requirePermission,
  type UserActor,
} from './permissions.ts';

type CorrectionRow = typeof correctionRequests.$inferSelect;
type VersionRow = typeof recordVersions.$inferSelect;

/** States in which a request is still being handled: a second one for the same record waits. */
const OPEN = ['requested', 'checked', 'approved'] as const;
/** A batch that may be replaced: on the ledger, not replaced yet. */
const REPLACEABLE = ['anchored', 'accepted', 'reported', 'recallRequested', 'recalled'];

/** The version and where it is held (for the route's scope check). */
export async function versionPlace(
  db: Database,
  recordVersionId: string,
): Promise<{ version: VersionRow; custodySchoolId: string; classId: string }> {
  const [row] = await db
    .select({
      version: recordVersions,
      custodySchoolId: enrolments.custodySchoolId,
      classId: enrolments.classId,
    })
    .from(recordVersions)
    .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
    .where(eq(recordVersions.id, recordVersionId));
  if (!row) throw new ServiceError('RECORD_NOT_FOUND', `no record ${recordVersionId}`, { recordVersionId });
  return row;
}

export async function getCorrection(db: Database, id: string): Promise<CorrectionRow> {
  const [row] = await db.select().from(correctionRequests).where(eq(correctionRequests.id, id));
  if (!row)
    throw new ServiceError('CORRECTION_NOT_FOUND', `no correction request ${id}`, { correctionId: id });
  return row;
}

export interface CorrectionRequestInput {
  recordVersionId: string;
  /** The subject the correction concerns; omitted: the record as a whole. */
  subject?: string | undefined;
  /**
   * The changed fields (correction-diff.ts): checked at once against the locked version (stale `from`,
   * scope, the record rules) and applied to it at approval. Omitted: the approval carries them instead.
   */
  changes?: readonly CorrectionChange[] | undefined;
  legalBasis: string;
  reason: string;
  actor: UserActor;
  now: Date;
}

export async function requestCorrection(db: Database, input: CorrectionRequestInput): Promise<CorrectionRow> {
  return db.transaction(async (tx) => {
    const [v] = await tx
      .select({ version: recordVersions, schoolId: enrolments.custodySchoolId })
      .from(recordVersions)
      .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
      .where(eq(recordVersions.id, input.recordVersionId))
      .for('update', { of: recordVersions });
    if (!v) throw new ServiceError('RECORD_NOT_FOUND', `no record ${input.recordVersionId}`);
    if (v.version.state !== 'locked') {
      throw new ServiceError('RECORD_NOT_LOCKED', `record ${v.version.id} is ${v.version.state}`, {
        recordVersionId: v.version.id,
        state: v.version.state,
      });
    }
    const open = await tx
      .select({ id: correctionRequests.id })
      .from(correctionRequests)
      .where(
        and(
          eq(correctionRequests.recordVersionId, v.version.id),
          inArray(correctionRequests.state, [...OPEN]),
        ),
      );
    if (open.length > 0) {
      throw new ServiceError('CORRECTION_OPEN', `record ${v.version.id} has an open correction`, {
        correctionId: open[0]!.id,
      });
    }
    // A diff is checked now, so that the checker and approver see only changes that can be applied.
    if (input.changes) correctedContent(v.version, input.changes, input.subject ?? null);
    const [row] = await tx
      .insert(correctionRequests)
      .values({
        recordVersionId: v.version.id,
        subject: input.subject ?? null,
        changes: input.changes ? [...input.changes] : null,
        requestedBy: input.actor.userId,
        legalBasis: input.legalBasis,
        reason: input.reason,
      })
      .returning();
    await appendAudit(tx, {
      action: 'correction.request',
      entityType: 'correction',
      entityId: row!.id,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      reason: input.legalBasis,
      at: input.now,
      details: { schoolId: v.schoolId, recordVersionId: v.version.id, subject: input.subject ?? null },
    });
    return row!;
  });
}

async function transition(
  db: Database,
  id: string,
  from: CorrectionRow['state'],
  f: (
    tx: Parameters<Parameters<Database['transaction']>[0]>[0],
    row: CorrectionRow,
  ) => Promise<CorrectionRow>,
): Promise<CorrectionRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(correctionRequests)
      .where(eq(correctionRequests.id, id))
      .for('update');
    if (!row)
      throw new ServiceError('CORRECTION_NOT_FOUND', `no correction request ${id}`, { correctionId: id });
    if (row.state !== from) {
      throw new ServiceError('CORRECTION_WRONG_STATE', `correction ${id} is ${row.state}, not ${from}`, {
        correctionId: id,
        state: row.state,
      });
    }
    return f(tx, row);
  });
}

/** Step 3: the check (thẩm định). */
export function checkCorrection(
  db: Database,
  input: { id: string; note?: string | undefined; actor: UserActor; now: Date; schoolId: string },
): Promise<CorrectionRow> {
  return transition(db, input.id, 'requested', async (tx, row) => {
    const [updated] = await tx
      .update(correctionRequests)
      .set({ state: 'checked', checkedBy: input.actor.userId, checkedAt: input.now })
      .where(eq(correctionRequests.id, row.id))
      .returning();
    await appendAudit(tx, {
      action: 'correction.check',
      entityType: 'correction',
      entityId: row.id,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      reason: input.note ?? null,
      at: input.now,
      details: { schoolId: input.schoolId, recordVersionId: row.recordVersionId },
    });
    return updated!;
  });
}

export interface DecideInput {
  id: string;
  approve: boolean;
  note?: string | undefined;
  /**
   * The corrected record, or its changed fields, to approve a request made without changes (the older
   * form); a request with changes is approved as it stands. The envelope's id, version and code are set here.
   */
  record?: unknown;
  changes?: readonly CorrectionChange[] | undefined;
  actor: UserActor;
  now: Date;
  schoolId: string;
}

/** Step 4 (and 5's update): approval makes version n+1; rejection closes the request. */
export function decideCorrection(db: Database, input: DecideInput): Promise<CorrectionRow> {
  return transition(db, input.id, 'checked', async (tx, row) => {
    if (!input.approve) {
      const [updated] = await tx
        .update(correctionRequests)
        .set({
          state: 'rejected',
          approverId: input.actor.userId,
          decidedAt: input.now,
          decisionNote: input.note ?? null,
        })
        .where(eq(correctionRequests.id, row.id))
        .returning();
      await appendAudit(tx, {
        action: 'correction.reject',
        entityType: 'correction',
        entityId: row.id,
        actorUserId: input.actor.userId,
        actorRole: input.actor.role,
        reason: input.note ?? null,
        at: input.now,
        details: { schoolId: input.schoolId, recordVersionId: row.recordVersionId },
      });
      return updated!;
    }
    const [old] = await tx
      .select()
      .from(recordVersions)
      .where(eq(recordVersions.id, row.recordVersionId))
      .for('update');
    if (old?.state !== 'locked') {
      throw new ServiceError(
        'RECORD_NOT_LOCKED',
        `record ${row.recordVersionId} is ${old?.state ?? 'gone'}`,
        {
          recordVersionId: row.recordVersionId,
        },
      );
    }
    const next = approvedContent(old, row, input);
    await tx.insert(recordVersions).values({
      id: next.id,
      enrolmentId: old.enrolmentId,
      version: old.version + 1,
      supersedesId: old.id,
      state: 'approved',
      record: next.record,
      lookupCode: next.lookupCode,
      createdBy: input.actor.userId,
    });
    const [updated] = await tx
      .update(correctionRequests)
      .set({
        state: 'applied',
        approverId: input.actor.userId,
        decidedAt: input.now,
        decisionNote: input.note ?? null,
        newVersionId: next.id,
      })
      .where(eq(correctionRequests.id, row.id))
      .returning();
    await appendAudit(tx, {
      action: 'correction.approve',
      entityType: 'correction',
      entityId: row.id,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      reason: input.note ?? row.legalBasis,
      at: input.now,
      details: {
        schoolId: input.schoolId,
        recordVersionId: old.id,
        newVersionId: next.id,
        version: old.version + 1,
      },
    });
    return updated!;
  });
}

/**
 * The content of version n+1 that the approval makes: the request's changes applied to the locked version;
 * for a request without changes, the approval's own changes or its whole corrected record.
 */
function approvedContent(old: VersionRow, row: CorrectionRow, input: DecideInput) {
  if (row.changes !== null || input.changes !== undefined) {
    if (row.changes !== null && (input.record !== undefined || input.changes !== undefined)) {
      throw new ServiceError(
        'CORRECTION_DIFF_INVALID',
        'the request carries its changes: approve it as it stands, without a record or changes',
        { problems: [{ pointer: '', reason: 'the request carries its changes' }] },
      );
    }
    return correctedContent(old, row.changes ?? input.changes!, row.subject);
  }
  if (input.record === null || typeof input.record !== 'object' || Array.isArray(input.record)) {
    throw new ServiceError('RECORD_NOT_OBJECT', 'approval needs the corrected record as a JSON object');
  }
  outOfScope(old.record, input.record as Record<string, unknown>, row.subject);
  const next = successorContent(old, input.record as Record<string, unknown>);
  // Throws RecordRuleError listing every problem: the route answers RECORD_INVALID with them.
  validateRecord(next.record);
  return next;
}

/** The locked version with `changes` applied, in scope and valid by the record rules, under n+1's envelope. */
function correctedContent(old: VersionRow, changes: readonly CorrectionChange[], subject: string | null) {
  const content = applyChanges(old.record, changes);
  outOfScope(old.record, content, subject);
  const next = successorContent(old, content);
  validateRecord(next.record);
  return next;
}

/**
 * What a correction changes, each field with its label and both values in words: the request's changes,
 * or for one approved with a whole record, the fields that differ between the two versions.
 */
export async function correctionChanges(db: Database, row: CorrectionRow): Promise<LabelledChange[]> {
  if (row.changes !== null) return row.changes.map(labelChange);
  if (row.newVersionId === null) return [];
  const versions = await db
    .select({ id: recordVersions.id, record: recordVersions.record })
    .from(recordVersions)
    .where(inArray(recordVersions.id, [row.recordVersionId, row.newVersionId]));
  const of = (id: string) => versions.find((v) => v.id === id)?.record;
  return diffRecords(of(row.recordVersionId), of(row.newVersionId)).map(labelChange);
}

/** Who the record is about and where it was made: no correction changes these (a new record would). */
const IDENTITY = [
  'schema',
  'nationalId',
  'studentCode',
  'provinceCode',
  'schoolCode',
  'level',
  'schoolYear',
  'grade',
  'classId',
] as const;

const same = (a: unknown, b: unknown) => canonicalize(a ?? null) === canonicalize(b ?? null);

/**
 * A correction corrects what it was requested for: never the record's identity, and when the request
 * names a subject, neither another subject's results nor the biography (derived values may follow the
 * subject: the record rules recompute and check them). Refuses with the pointers that changed.
 */
function outOfScope(
  old: Record<string, unknown>,
  next: Record<string, unknown>,
  subject: string | null,
): void {
  const changed: string[] = IDENTITY.filter((k) => !same(old[k], next[k])).map((k) => `/${k}`);
  if (subject !== null) {
    if (!same(old.biography, next.biography)) changed.push('/biography');
    const subjectsOf = (r: Record<string, unknown>) =>
      ((r.results as { subjects?: Record<string, unknown> } | undefined)?.subjects ?? {}) as Record<
        string,
        unknown
      >;
    const [before, after] = [subjectsOf(old), subjectsOf(next)];
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (k !== subject && !same(before[k], after[k])) changed.push(`/results/subjects/${k}`);
    }
  }
  if (changed.length > 0) {
    throw new ServiceError(
      'CORRECTION_OUT_OF_SCOPE',
      `the corrected record changes ${changed.join(', ')}, outside what was requested`,
      { changed, subject },
    );
  }
}

/**
 * Version n+1's envelope over `content`: its own id, naming the version it supersedes, and the lookup code of
 * the pupil's record of that year (kept: a printed code must keep answering, with the newest version).
 */
function successorContent(
  old: VersionRow,
  content: Record<string, unknown>,
): { id: string; lookupCode: string; record: Record<string, unknown> } {
  const id = `REC-${randomUUID()}`;
  // A version locked before codes were kept always has one (record_versions_committed_complete).
  const lookupCode = old.lookupCode ?? newLookupCode();
  const { effectiveAt: _e, ...rest } = content;
  return {
    id,
    lookupCode,
    record: { ...rest, recordId: id, version: old.version + 1, supersedes: old.id, lookupCode },
  };
}

export interface ReplacementInput {
  /** The batch to replace. */
  batchId: string;
  actor: UserActor;
  now: Date;
  /** The principal's certificate, when known: the manifest is prepared at once for signing. */
  signerCertFingerprint?: string | undefined;
}

export interface ReplacementLocked extends LockedBatch {
  supersedes: string;
  corrected: number;
  carriedOver: number;
  revokedLeftOut: number;
}

/** A batch with a replacement locked and not yet anchored takes no second replacement or correction. */
async function refusePendingReplacement(tx: Executor, batchId: string): Promise<void> {
  const [pending] = await tx
    .select({ id: batches.id })
    .from(batches)
    .where(eq(batches.supersedesId, batchId));
  if (pending) {
    throw new ServiceError('REPLACEMENT_PENDING', `batch ${batchId} already has replacement ${pending.id}`, {
      batchId,
      replacementBatchId: pending.id,
    });
  }
}

/** Locks the replacement batch: corrected versions and carry-overs of the other locked members. */
export async function lockReplacement(db: Database, input: ReplacementInput): Promise<ReplacementLocked> {
  return db.transaction(async (tx) => {
    const { batch: old } = await batchPlace(tx, input.batchId, true);
    requireAnchored(old);
    await refusePendingReplacement(tx, old.id);
    if (!REPLACEABLE.includes(old.state)) {
      throw new ServiceError('BATCH_WRONG_STATE', `batch ${old.id} is ${old.state}`, {
        batchId: old.id,
        state: old.state,
      });
    }
    const permission = await requirePermission(tx, old.id, 'replace', input.now);
    const members = await tx
      .select({ version: recordVersions })
      .from(batchMembers)
      .innerJoin(recordVersions, eq(recordVersions.id, batchMembers.recordVersionId))
      .where(eq(batchMembers.batchId, old.id));
    const locked = members.map((m) => m.version).filter((v) => v.state === 'locked');
    const successors = locked.length
      ? await tx
          .select()
          .from(recordVersions)
          .where(
            and(
              inArray(
                recordVersions.supersedesId,
                locked.map((v) => v.id),
              ),
              eq(recordVersions.state, 'approved'),
            ),
          )
      : [];
    const successorOf = new Map(successors.map((s) => [s.supersedesId!, s.id]));
    const ids: string[] = [];
    let carriedOver = 0;
    for (const v of locked) {
      const corrected = successorOf.get(v.id);
      if (corrected) {
        ids.push(corrected);
        continue;
      }
      // The committed content, as locked (canonical text), under a new envelope.
      const content = JSON.parse(v.canonicalText!) as Record<string, unknown>;
      const next = successorContent(v, content);
      await tx.insert(recordVersions).values({
        id: next.id,
        enrolmentId: v.enrolmentId,
        version: v.version + 1,
        supersedesId: v.id,
        state: 'approved',
        record: next.record,
        lookupCode: next.lookupCode,
        createdBy: input.actor.userId,
      });
      ids.push(next.id);
      carriedOver++;
    }
    // lockBatch on our transaction (a savepoint): versions, batch and event commit together.
    const lockedBatch = await lockBatch(tx as unknown as Database, {
      schoolId: old.schoolId,
      schoolYear: old.schoolYear,
      classId: old.classId ?? undefined,
      recordVersionIds: ids,
      kind: 'replacement',
      supersedes: old.id,
      lockedAt: input.now,
      signerCertFingerprint: input.signerCertFingerprint,
      actor: input.actor,
    });
    await tx.insert(statusEvents).values({
      kind: 'replace',
      batchId: old.id,
      replacementBatchId: lockedBatch.batchId,
      reasonCode: 'REPLACED',
      legalBasis: permission.legalBasis,
      requestedBy: input.actor.userId,
      approvedBy: permission.approvedBy,
      approvedAt: permission.approvedAt,
    });
    const result = {
      ...lockedBatch,
      supersedes: old.id,
      corrected: ids.length - carriedOver,
      carriedOver,
      revokedLeftOut: members.length - locked.length,
    };
    await appendAudit(tx, {
      action: 'batch.replace',
      entityType: 'batch',
      entityId: old.id,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      reason: permission.legalBasis,
      at: input.now,
      details: {
        schoolId: old.schoolId,
        replacementBatchId: lockedBatch.batchId,
        corrected: result.corrected,
        carriedOver,
        revokedLeftOut: result.revokedLeftOut,
      },
    });
    return result;
  });
}

export interface CorrectionBatchInput {
  /** The anchored batch whose records were corrected. */
  batchId: string;
  actor: UserActor;
  now: Date;
  /** The principal's certificate, when known: the manifest is prepared at once for signing. */
  signerCertFingerprint?: string | undefined;
}

export interface CorrectionLocked extends LockedBatch {
  /** The records superseded, in leaf order: the old versions this batch corrects. */
  corrects: string[];
}

/**
 * Locks a correction batch (DESIGN.md §4.6): the approved corrected versions of the batch's locked records,
 * and only those. EMPTY_BATCH when no correction of the batch awaits re-signing.
 */
export async function lockCorrection(db: Database, input: CorrectionBatchInput): Promise<CorrectionLocked> {
  return db.transaction(async (tx) => {
    const { batch: old } = await batchPlace(tx, input.batchId, true);
    requireAnchored(old);
    if (!(LIVE_ON_LEDGER as readonly string[]).includes(old.state)) {
      throw new ServiceError('BATCH_WRONG_STATE', `batch ${old.id} is ${old.state}`, {
        batchId: old.id,
        state: old.state,
      });
    }
    // A pending replacement will supersede the whole batch: the corrections go into it instead.
    await refusePendingReplacement(tx, old.id);
    const successors = await tx
      .select({ id: recordVersions.id, supersedesId: recordVersions.supersedesId })
      .from(batchMembers)
      .innerJoin(recordVersions, eq(recordVersions.supersedesId, batchMembers.recordVersionId))
      .innerJoin(correctionRequests, eq(correctionRequests.newVersionId, recordVersions.id))
      .where(and(eq(batchMembers.batchId, old.id), eq(recordVersions.state, 'approved')));
    if (successors.length === 0) {
      throw new ServiceError('EMPTY_BATCH', `batch ${old.id} has no approved correction to re-sign`, {
        batchId: old.id,
      });
    }
    // lockBatch on our transaction (a savepoint); its manifest names what each leaf corrects.
    const locked = await lockBatch(tx as unknown as Database, {
      schoolId: old.schoolId,
      schoolYear: old.schoolYear,
      classId: old.classId ?? undefined,
      recordVersionIds: successors.map((v) => v.id),
      kind: 'correction',
      lockedAt: input.now,
      signerCertFingerprint: input.signerCertFingerprint,
      actor: input.actor,
    });
    const supersedesOf = new Map(successors.map((v) => [v.id, v.supersedesId!]));
    const corrects = locked.members.map((m) => supersedesOf.get(m.recordVersionId)!);
    await appendAudit(tx, {
      action: 'batch.correct',
      entityType: 'batch',
      entityId: old.id,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      at: input.now,
      details: { schoolId: old.schoolId, correctionBatchId: locked.batchId, corrected: corrects.length },
    });
    return { ...locked, corrects };
  });
}
