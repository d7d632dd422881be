/**
 * The outbox worker (DESIGN.md §7): one loop that submits every ledger write the services queue in the
 * transaction of their state change — a signed batch's anchor, the province's permissions, revocations,
 * recalls, district acceptances, the yearly report and its acknowledgement, a school's certificate and the
 * province's approval of it, the province's registry (calendar, districts and schools, a certificate's
 * revocation) and the Ministry's trust anchors — each with the identity
 * LedgerIdentities names for it, and records the ledger's answer together with the state change the fact
 * brings (batch → anchored, record → revoked, batch → recalled / accepted, report submitted /
 * acknowledged), in one transaction with the row's settlement. ACTIONS below says, per action, how.
 *
 * Each tick claims due rows (FOR UPDATE SKIP LOCKED, as a lease: db/src/outbox.ts) and handles them one at
 * a time per school (actions on one school write its head key, so parallel ones would conflict), up to
 * `concurrency` schools at once.
 *
 * Exactly once: before submitting, and again when the chaincode refuses a duplicate (ALREADY_EXISTS,
 * WRONG_STATE), the worker reads the ledger for the fact (the batch under our id, the revocation of that
 * leaf, the batch's recall or acceptance, a report of that root, the report's acknowledgement) and, when
 * it is there, records it instead of submitting again — a row replayed after a crash or a lost lease
 * never submits twice. A batch under our id that does not commit to OUR manifest and CMS is a conflict for
 * a person (ANCHOR_CONFLICT). A permission has no ledger read; granting the same permission again rewrites
 * the same fact. A worker that dies mid-row leaves it `submitting`; when its lease ends another worker
 * takes it and goes through the same path.
 *
 * Failures by their kind (LedgerError.kind): a refusal (NOT_PERMITTED, WINDOW_CLOSED, CMS_*, ACCESS_DENIED…)
 * fails the row at once with the ledger's code, audited, and leaves the database as it was (a batch stays
 * `signed`, visible for a person to act on); a conflict, an unavailable network or a policy the
 * endorsements did not meet is retried with exponential backoff up to `maxAttempts`.
 *
 * Each tick also settles replacements: a replacement batch the ledger has anchored makes the batch it
 * supersedes `replaced` and that batch's locked versions `superseded` (corrections.ts); and corrections: a
 * correction batch the ledger has anchored makes exactly the versions it corrects `superseded`.
 */
import {
  appendAudit,
  batches,
  batchMembers,
  certificates,
  claimOutbox,
  type Database,
  type Executor,
  markOutboxDone,
  markOutboxFailed,
  markOutboxRetry,
  type OutboxAction,
  type OutboxRow,
  recordVersions,
  statusEvents,
  yearReports,
} from '@hocba/db';
import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  chaincode,
  endorsers,
  type LedgerClient,
  LedgerError,
  type LedgerIdentities,
  type LedgerIdentity,
  type SubmitOptions,
  type Submitted,
} from '../ledger/index.ts';
import { isOurs, recordAnchored } from './ledger-anchor.ts';
import { recordRegistry } from './registry.ts';
import { workerLoop } from './worker-loop.ts';

/** Refusals that may mean "already done": look on the ledger before failing. */
const MAYBE_DONE = new Set(['ALREADY_EXISTS', 'WRONG_STATE']);

export interface OutboxWorkerOptions {
  db: Database;
  ledger: LedgerClient;
  /** Who submits each action, and who endorses it (ledger/identities.ts); `reader` looks for facts. */
  identities: LedgerIdentities;
  clock?: () => Date;
  /** Attempts before a transient failure becomes permanent (default 8). */
  maxAttempts?: number;
  /** Rows claimed per tick (default 10, and at least twice `concurrency`). */
  batchSize?: number;
  /**
   * Rows in flight at once (default 1). Never two of one school: a school's actions write its head key, so
   * two at once would conflict; a school's rows go one after another, in order. On Fabric an anchor waits
   * ~0.3 s for its block, mostly idle: schools in parallel multiply the throughput.
   */
  concurrency?: number;
  /** How long a claim is ours before another worker may take the row (default 60 s). */
  leaseMs?: number;
  /** Backoff after the n-th failed attempt: min(maxMs, baseMs · 2^(n−1)). Defaults 1 s and 5 min. */
  backoff?: { baseMs: number; maxMs: number };
  /**
   * Test seams: `beforeRecordAnchored` runs inside the transaction that records an anchor the ledger has
   * (throw to abort it, or kill the process there: HOCBA_FAULT=kill-after-ledger-commit).
   */
  hooks?: { beforeRecordAnchored?(batchId: string): void | Promise<void> };
  /** Errors of the background loop (start()); tick() callers see outcomes instead. */
  onError?(error: unknown): void;
}

export type OutboxOutcome = {
  outboxId: number;
  action: string;
  batchId: string | null;
} /** Submitted now and recorded. */ & (
  | { outcome: 'submitted'; txId: string }
  /** The fact was already on the ledger (an earlier attempt committed): recorded, nothing submitted. */
  | { outcome: 'recovered'; txId: string | null }
  | { outcome: 'retry'; code: string; retryAt: Date }
  | { outcome: 'failed'; code: string }
  /** Settled without the ledger (the reconciler recorded the anchor already): nothing submitted. */
  | { outcome: 'skipped'; reason: string }
  /**
   * Our own bookkeeping failed after the ledger answered (the database went away, the lease was taken
   * over): the row is left to its lease, as if the process had died, and the next claim recovers it.
   */
  | { outcome: 'interrupted'; error: string }
);

export interface OutboxWorker {
  /** One pass: settles anchored replacements, then handles the due rows one by one. */
  tick(): Promise<OutboxOutcome[]>;
  /** Ticks every `intervalMs` until stop(). */
  start(intervalMs?: number): void;
  /** A row was just queued: tick now rather than after the pause. */
  nudge(): void;
  stop(): Promise<void>;
}

type Payload = Record<string, unknown>;
const str = (p: Payload, k: string): string => {
  const v = p[k];
  if (typeof v !== 'string' && typeof v !== 'number') throw new Error(`outbox payload lacks ${k}`);
  return String(v);
};

/** What the ledger says happened: its transaction (when readable) and the fact's own fields. */
interface Fact {
  txId: string | null;
  doc: Record<string, unknown>;
}

interface Committed {
  txId: string | null;
  blockNumber: number | null;
  fact: Fact | undefined;
  source: 'submitted' | 'foundOnLedger';
}

/** A refusal of ours, not the ledger's: the row fails with this code. */
class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Action {
  /**
   * The row's subject as the database holds it, added to the payload (a batch's manifest and CMS); or the
   * end of the row: recorded already (under that transaction), or not in a state to submit.
   */
  load?(db: Database, row: OutboxRow): Promise<{ payload: Payload } | { recorded: string } | Refusal>;
  /** Who submits and who endorses. */
  as(ids: LedgerIdentities, p: Payload): SubmitOptions;
  submit(ledger: LedgerClient, as: SubmitOptions, p: Payload): Promise<Submitted<unknown>>;
  /** The fact on the ledger, if it is there already (throws a Refusal when another one is). */
  find?(ledger: LedgerClient, reader: LedgerIdentity, p: Payload): Promise<Fact | undefined>;
  /**
   * Nothing can be on the ledger before our first attempt (the batch id is ours): the first attempt
   * submits without looking, a replay looks first. Otherwise every attempt looks first.
   */
  firstAttemptSubmits?: true;
  /** The database side of the fact, in the settling transaction. */
  record(tx: Executor, row: OutboxRow, c: Committed, at: Date): Promise<void>;
  /** The audit entry of the fact, and `${audit}Refused` of its refusal. */
  audit: string;
  /** record() appends the fact's audit entry itself (recordAnchored, which the reconciler shares). */
  recordAudits?: true;
  /**
   * The chaincode has no read for the fact (a district): its ALREADY_EXISTS after our own earlier attempt
   * is taken as that attempt having committed. Only the gateway registers districts, under ids it checked.
   */
  duplicateMeansDone?: true;
}

/** Records the ledger's coordinates on the row's status event. */
async function settleEvent(tx: Executor, row: OutboxRow, c: Committed, at: Date): Promise<void> {
  if (row.statusEventId === null) return;
  await tx
    .update(statusEvents)
    .set({ ledgerTxId: c.txId, blockNumber: c.blockNumber, anchoredAt: at })
    .where(eq(statusEvents.id, row.statusEventId));
}

/** A report's batches waiting for their district's acceptance (none in a row queued before there were). */
const waitingOf = (p: Payload): string[] => (p.waitingBatchIds as string[] | undefined) ?? [];

/** `who` acts, endorsed by the province and the district of the row's school (its head key's policy). */
const forSchool =
  (who: (ids: LedgerIdentities, p: Payload) => LedgerIdentity) =>
  (ids: LedgerIdentities, p: Payload): SubmitOptions => ({
    identity: who(ids, p),
    endorsingOrgs: ids.endorsersForSchool(str(p, 'schoolId')),
  });

/** The province acts, endorsed by the province and the district the payload names (its MSP). */
const asProvince =
  (mspKey: string) =>
  (ids: LedgerIdentities, p: Payload): SubmitOptions => ({
    identity: ids.province,
    endorsingOrgs: endorsers({ districtMsp: str(p, mspKey) }),
  });

/** The Ministry acts: its head key's policy is the Ministry AND the province (and a district, the chaincode's). */
const asMinistry = (ids: LedgerIdentities, p: Payload): SubmitOptions => ({
  identity: ids.ministry,
  endorsingOrgs: endorsers({ districtMsp: str(p, 'districtMsp'), ministry: true }),
});

/** The calendar's windows as the payload holds them (services/calendar.ts). */
const windowsOf = (p: Payload): chaincode.CalendarWindows => ({
  lockFrom: str(p, 'lockFrom'),
  lockUntil: str(p, 'lockUntil'),
  acceptanceDeadline: str(p, 'acceptanceDeadline'),
  reportDeadline: str(p, 'reportDeadline'),
  supplementaryDeadline: str(p, 'supplementaryDeadline'),
  replacementFrom: str(p, 'replacementFrom'),
  replacementUntil: str(p, 'replacementUntil'),
});

/** Nothing to record in the database beyond the outbox row and the audit entry. */
const recordNothing = async () => {};

/** A ledger read that answers NOT_FOUND means "not there". */
async function unlessNotFound<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (e) {
    if (e instanceof LedgerError && e.code === 'NOT_FOUND') return undefined;
    throw e;
  }
}

const ACTIONS: Partial<Record<OutboxAction, Action>> = {
  anchorBatch: {
    async load(db, row) {
      const [batch] =
        row.batchId === null ? [] : await db.select().from(batches).where(eq(batches.id, row.batchId));
      if (!batch) return new Refusal('BATCH_NOT_FOUND', `batch ${row.batchId} does not exist`);
      if (batch.state !== 'signed') {
        // Anchored already (the reconciler saw its event): settle the row, submit nothing.
        if (batch.ledgerTxId !== null) return { recorded: batch.ledgerTxId };
        return new Refusal('BATCH_WRONG_STATE', `batch ${batch.id} is ${batch.state}, not signed`);
      }
      const { manifestText, cms } = batch;
      return { payload: { ...row.payload, batchId: batch.id, schoolId: batch.schoolId, manifestText, cms } };
    },
    // The school's principal anchors (the chaincode authorizes that role), endorsed by its district.
    as: forSchool((ids, p) => ids.principal(str(p, 'schoolId'))),
    submit: (ledger, as, p) =>
      chaincode.anchorBatch(ledger, as, { manifestText: str(p, 'manifestText'), cms: p.cms as Uint8Array }),
    async find(ledger, reader, p) {
      const doc = await unlessNotFound(chaincode.getBatch(ledger, reader, str(p, 'batchId')));
      if (!doc) return undefined;
      const ours = { manifestText: str(p, 'manifestText'), cms: p.cms as Uint8Array };
      if (!isOurs(ours, doc)) {
        throw new Refusal(
          'ANCHOR_CONFLICT',
          `the ledger holds another batch ${doc.batchId} (transaction ${doc.anchorTxId}) than the one we signed`,
        );
      }
      return { txId: doc.anchorTxId, doc };
    },
    async record(tx, row, c, at) {
      // The ledger's own timestamp of the anchor (its batch, when it could be read back), so that the
      // database and the ledger say the same.
      const ledgerAt = c.fact?.doc.anchoredAt;
      const anchoredAt = typeof ledgerAt === 'string' ? new Date(ledgerAt) : at;
      await recordAnchored(
        tx,
        row.batchId!,
        { txId: c.txId!, blockNumber: c.blockNumber, anchoredAt },
        { source: c.source, at },
      );
    },
    audit: 'batch.anchor',
    recordAudits: true,
    firstAttemptSubmits: true,
  },
  grantPermission: {
    as: forSchool((ids) => ids.province),
    submit: (ledger, as, p) =>
      chaincode.grantPermission(ledger, as, {
        batchId: str(p, 'batchId'),
        action: str(p, 'action') as chaincode.Permission['action'],
        until: str(p, 'until'),
        legalBasis: str(p, 'legalBasis'),
      }),
    record: settleEvent,
    audit: 'ledger.grantPermission',
  },
  revokeRecord: {
    as: forSchool((ids, p) => ids.principal(str(p, 'schoolId'))),
    submit: (ledger, as, p) =>
      chaincode.revokeRecord(ledger, as, {
        batchId: str(p, 'batchId'),
        leafIndex: Number(str(p, 'leafIndex')),
        reasonCode: str(p, 'reasonCode'),
        legalBasis: str(p, 'legalBasis'),
      }),
    async find(ledger, reader, p) {
      const s = await chaincode.getRecordStatus(
        ledger,
        reader,
        str(p, 'batchId'),
        Number(str(p, 'leafIndex')),
      );
      return s.revocation ? { txId: s.revocation.txId, doc: s.revocation } : undefined;
    },
    async record(tx, row, c, at) {
      await settleEvent(tx, row, c, at);
      const id = str(row.payload, 'recordVersionId');
      await tx
        .update(recordVersions)
        .set({ state: 'revoked' })
        .where(and(eq(recordVersions.id, id), eq(recordVersions.state, 'locked')));
    },
    audit: 'ledger.revokeRecord',
  },
  recallBatch: {
    as: forSchool((ids, p) => ids.principal(str(p, 'schoolId'))),
    submit: (ledger, as, p) =>
      chaincode.recallBatch(ledger, as, {
        batchId: str(p, 'batchId'),
        reasonCode: str(p, 'reasonCode'),
        legalBasis: str(p, 'legalBasis'),
      }),
    async find(ledger, reader, p) {
      const b = await chaincode.getBatch(ledger, reader, str(p, 'batchId'));
      return b.recall ? { txId: b.recall.txId, doc: b.recall } : undefined;
    },
    async record(tx, row, c, at) {
      await settleEvent(tx, row, c, at);
      await tx
        .update(batches)
        .set({ state: 'recalled' })
        .where(
          and(
            eq(batches.id, str(row.payload, 'batchId')),
            inArray(batches.state, ['anchored', 'accepted', 'reported', 'recallRequested']),
          ),
        );
    },
    audit: 'ledger.recallBatch',
  },
  acceptBatch: {
    // A district's act: its officer, endorsed by the school's district and the province.
    as: forSchool((ids, p) => ids.districtOfficer(str(p, 'districtId'))),
    submit: (ledger, as, p) => chaincode.acceptBatch(ledger, as, str(p, 'batchId')),
    async find(ledger, reader, p) {
      const b = await chaincode.getBatch(ledger, reader, str(p, 'batchId'));
      if (!b.acceptedAt) return undefined;
      const tx = b.history.find((h) => h.state === 'accepted');
      return { txId: tx?.txId ?? null, doc: { acceptedAt: b.acceptedAt } };
    },
    async record(tx, row, c, at) {
      await settleEvent(tx, row, c, at);
      await tx
        .update(batches)
        .set({ state: 'accepted' })
        .where(and(eq(batches.id, str(row.payload, 'batchId')), eq(batches.state, 'anchored')));
    },
    audit: 'ledger.acceptBatch',
  },
  submitYearReport: {
    // Any school's district endorses with the province (the chaincode-level policy).
    as: forSchool((ids) => ids.province),
    submit: (ledger, as, p) =>
      chaincode.submitYearReport(ledger, as, {
        schoolYear: str(p, 'schoolYear'),
        batchIds: p.batchIds as string[],
        root: str(p, 'root'),
        waitingBatchIds: waitingOf(p),
      }),
    async find(ledger, reader, p) {
      const reports = await chaincode.listYearReports(ledger, reader, str(p, 'schoolYear'));
      const ids = p.batchIds as string[];
      // The same batches may be reported again once a waiting one is accepted: the waiting list tells.
      const waiting = JSON.stringify(waitingOf(p));
      const r = reports.find(
        (x) => x.root === p.root && x.count === ids.length && JSON.stringify(x.waitingBatchIds) === waiting,
      );
      return r ? { txId: r.txId, doc: r } : undefined;
    },
    async record(tx, row, c, at) {
      const doc = c.fact?.doc as { onTime?: boolean; submittedAt?: string } | undefined;
      await tx
        .update(yearReports)
        .set({
          ledgerTxId: c.txId,
          blockNumber: c.blockNumber,
          submittedAt: doc?.submittedAt ? new Date(doc.submittedAt) : at,
          onTime: doc?.onTime ?? null,
        })
        .where(eq(yearReports.id, str(row.payload, 'reportId')));
      // As the chaincode does: the batches reported as accepted are now reported; the waiting ones are not.
      const waiting = new Set(waitingOf(row.payload));
      const ids = (row.payload.batchIds as string[]).filter((id) => !waiting.has(id));
      await tx
        .update(batches)
        .set({ state: 'reported' })
        .where(and(inArray(batches.id, ids), eq(batches.state, 'accepted')));
    },
    audit: 'ledger.submitYearReport',
  },
  acknowledgeYearReport: {
    // The Ministry's act: endorsed by the Ministry too (its head key).
    as: (ids, p) => ({
      identity: ids.ministry,
      endorsingOrgs: ids.endorsersForSchool(str(p, 'schoolId'), { ministry: true }),
    }),
    submit: (ledger, as, p) =>
      chaincode.acknowledgeYearReport(ledger, as, {
        schoolYear: str(p, 'schoolYear'),
        seq: Number(str(p, 'seq')),
      }),
    async find(ledger, reader, p) {
      const reports = await chaincode.listYearReports(ledger, reader, str(p, 'schoolYear'));
      const r = reports.find((x) => x.seq === Number(p.seq));
      // The acknowledgement's transaction is not kept in the report: the block is unknown on recovery.
      return r?.acknowledgedAt ? { txId: null, doc: r } : undefined;
    },
    async record(tx, row, c, at) {
      const doc = c.fact?.doc as { acknowledgedAt?: string } | undefined;
      await tx
        .update(yearReports)
        .set({
          acknowledgedAt: doc?.acknowledgedAt ? new Date(doc.acknowledgedAt) : at,
          ackLedgerTxId: c.txId,
          ackBlockNumber: c.blockNumber,
        })
        .where(eq(yearReports.id, str(row.payload, 'reportId')));
    },
    audit: 'ledger.acknowledgeYearReport',
  },
  registerCertificate: {
    // The school's act (seed 000 Điều 8.5): its principal's identity, endorsed by its district.
    as: forSchool((ids, p) => ids.principal(str(p, 'schoolId'))),
    submit: (ledger, as, p) =>
      chaincode.registerCertificate(ledger, as, {
        schoolId: str(p, 'schoolId'),
        certificatePem: str(p, 'certificatePem'),
      }),
    async find(ledger, reader, p) {
      const doc = await unlessNotFound(chaincode.getCertificate(ledger, reader, str(p, 'fingerprint')));
      if (!doc) return undefined;
      if (doc.schoolId !== str(p, 'schoolId')) {
        throw new Refusal(
          'CERTIFICATE_CONFLICT',
          `the ledger holds certificate ${doc.fingerprint} for school ${doc.schoolId}, not ${str(p, 'schoolId')}`,
        );
      }
      // The registration's transaction is not kept in the record: unknown on recovery.
      return { txId: null, doc: doc as unknown as Record<string, unknown> };
    },
    async record(tx, row, c) {
      const status = c.fact?.doc.status === 'approved' ? { status: 'active' as const } : {};
      await tx
        .update(certificates)
        .set({ ledgerTxId: c.txId, ...status })
        .where(eq(certificates.fingerprint, str(row.payload, 'fingerprint')));
    },
    audit: 'ledger.registerCertificate',
  },
  approveCertificate: {
    // The province's act (seed 000 Điều 4.3b), endorsed by the school's district (its head key).
    as: forSchool((ids) => ids.province),
    submit: (ledger, as, p) => chaincode.approveCertificate(ledger, as, str(p, 'fingerprint')),
    async find(ledger, reader, p) {
      const doc = await unlessNotFound(chaincode.getCertificate(ledger, reader, str(p, 'fingerprint')));
      return doc?.status === 'approved'
        ? { txId: null, doc: doc as unknown as Record<string, unknown> }
        : undefined;
    },
    async record(tx, row) {
      await tx
        .update(certificates)
        .set({ status: 'active', approvedBy: str(row.payload, 'approvedBy') })
        .where(
          and(
            eq(certificates.fingerprint, str(row.payload, 'fingerprint')),
            eq(certificates.status, 'requested'),
          ),
        );
    },
    audit: 'ledger.approveCertificate',
  },
  setCalendar: {
    // The province's act (seed 000 Điều 4.3); the chaincode-level policy wants a district too.
    as: asProvince('districtMsp'),
    submit: (ledger, as, p) =>
      chaincode.setCalendar(ledger, as, { schoolYear: str(p, 'schoolYear'), ...windowsOf(p) }),
    async find(ledger, reader, p) {
      const c = await unlessNotFound(chaincode.getCalendar(ledger, reader, str(p, 'schoolYear')));
      const want = windowsOf(p);
      const same = c && (Object.keys(want) as (keyof typeof want)[]).every((k) => c[k] === want[k]);
      // The calendar does not keep its transaction: unknown on recovery.
      return same ? { txId: null, doc: c as unknown as Record<string, unknown> } : undefined;
    },
    record: recordNothing,
    audit: 'ledger.setCalendar',
  },
  revokeCertificate: {
    // The province's act (seed 000 Điều 4.3b), endorsed by the school's district (its head key).
    as: asProvince('districtMsp'),
    submit: (ledger, as, p) =>
      chaincode.revokeCertificate(ledger, as, {
        fingerprint: str(p, 'fingerprint'),
        revokedFrom: str(p, 'revokedFrom'),
        reasonCode: str(p, 'reasonCode'),
      }),
    async find(ledger, reader, p) {
      const doc = await unlessNotFound(chaincode.getCertificate(ledger, reader, str(p, 'fingerprint')));
      return doc?.status === 'revoked'
        ? { txId: null, doc: doc as unknown as Record<string, unknown> }
        : undefined;
    },
    async record(tx, row) {
      await tx
        .update(certificates)
        .set({ status: 'revoked' })
        .where(eq(certificates.fingerprint, str(row.payload, 'fingerprint')));
    },
    audit: 'ledger.revokeCertificate',
  },
  registerDistrict: {
    as: asProvince('mspId'),
    submit: (ledger, as, p) =>
      chaincode.registerDistrict(ledger, as, {
        districtId: str(p, 'districtId'),
        name: str(p, 'name'),
        mspId: str(p, 'mspId'),
      }),
    duplicateMeansDone: true,
    record: (tx, row) => recordRegistry.registerDistrict(tx, row.payload),
    audit: 'ledger.registerDistrict',
  },
  registerSchool: {
    as: asProvince('districtMsp'),
    submit: (ledger, as, p) =>
      chaincode.registerSchool(ledger, as, {
        schoolId: str(p, 'schoolId'),
        name: str(p, 'name'),
        level: str(p, 'level') as chaincode.School['level'],
        districtId: str(p, 'districtId'),
      }),
    async find(ledger, reader, p) {
      const doc = await unlessNotFound(chaincode.getSchool(ledger, reader, str(p, 'schoolId')));
      if (!doc) return undefined;
      if (doc.districtId !== str(p, 'districtId') && doc.movedAt === undefined) {
        throw new Refusal(
          'SCHOOL_CONFLICT',
          `the ledger holds school ${doc.schoolId} in ${doc.districtId}, not ${str(p, 'districtId')}`,
        );
      }
      return { txId: null, doc: doc as unknown as Record<string, unknown> };
    },
    record: (tx, row) => recordRegistry.registerSchool(tx, row.payload),
    audit: 'ledger.registerSchool',
  },
  moveSchool: {
    // The head key's policy in force: the old district AND the province; the new one's from then on.
    as: asProvince('fromMsp'),
    submit: (ledger, as, p) =>
      chaincode.moveSchool(ledger, as, { schoolId: str(p, 'schoolId'), newDistrictId: str(p, 'districtId') }),
    async find(ledger, reader, p) {
      const doc = await unlessNotFound(chaincode.getSchool(ledger, reader, str(p, 'schoolId')));
      return doc?.districtId === str(p, 'districtId')
        ? { txId: null, doc: doc as unknown as Record<string, unknown> }
        : undefined;
    },
    record: (tx, row) => recordRegistry.moveSchool(tx, row.payload),
    audit: 'ledger.moveSchool',
  },
  registerTrustAnchor: {
    as: asMinistry,
    submit: (ledger, as, p) => chaincode.registerTrustAnchor(ledger, as, str(p, 'certificatePem')),
    async find(ledger, reader, p) {
      const all = await chaincode.listTrustAnchors(ledger, reader);
      const a = all.find((x) => x.fingerprint === str(p, 'fingerprint') && x.status === 'active');
      return a ? { txId: null, doc: a as unknown as Record<string, unknown> } : undefined;
    },
    record: recordNothing,
    audit: 'ledger.registerTrustAnchor',
  },
  retireTrustAnchor: {
    as: asMinistry,
    submit: (ledger, as, p) =>
      chaincode.retireTrustAnchor(ledger, as, {
        fingerprint: str(p, 'fingerprint'),
        reason: str(p, 'reason'),
      }),
    async find(ledger, reader, p) {
      const all = await chaincode.listTrustAnchors(ledger, reader);
      const a = all.find((x) => x.fingerprint === str(p, 'fingerprint') && x.status === 'retired');
      return a ? { txId: null, doc: a as unknown as Record<string, unknown> } : undefined;
    },
    record: recordNothing,
    audit: 'ledger.retireTrustAnchor',
  },
};

/** The actions the worker submits (the outbox's other actions have no ledger transaction yet). */
export const OUTBOX_WORKER_ACTIONS = Object.keys(ACTIONS) as OutboxAction[];

/** The entity an outbox row's audit entry names. */
function entityOf(row: OutboxRow): { entityType: string; entityId: string | null } {
  if (row.action === 'submitYearReport' || row.action === 'acknowledgeYearReport')
    return { entityType: 'yearReport', entityId: String(row.payload.reportId ?? '') || null };
  if (
    row.action === 'registerCertificate' ||
    row.action === 'approveCertificate' ||
    row.action === 'revokeCertificate'
  )
    return { entityType: 'certificate', entityId: String(row.payload.fingerprint ?? '') || null };
  if (row.action === 'registerTrustAnchor' || row.action === 'retireTrustAnchor')
    return { entityType: 'trustAnchor', entityId: String(row.payload.fingerprint ?? '') || null };
  if (row.action === 'setCalendar')
    return { entityType: 'calendar', entityId: String(row.payload.schoolYear ?? '') || null };
  if (row.action === 'registerDistrict')
    return { entityType: 'district', entityId: String(row.payload.districtId ?? '') || null };
  if (row.action === 'registerSchool' || row.action === 'moveSchool')
    return { entityType: 'school', entityId: String(row.payload.schoolId ?? '') || null };
  if (row.action === 'revokeRecord')
    return { entityType: 'record', entityId: String(row.payload.recordVersionId ?? '') || null };
  return { entityType: 'batch', entityId: row.batchId };
}

/**
 * A replacement batch that the ledger has anchored makes the batch it supersedes `replaced` and the
 * versions locked in it `superseded` (revoked ones stay revoked). Returns the batches settled.
 */
export async function settleReplacements(db: Database, at: Date): Promise<string[]> {
  const due = await db
    .select({
      eventId: statusEvents.id,
      oldBatchId: statusEvents.batchId,
      newBatchId: batches.id,
      txId: batches.ledgerTxId,
      blockNumber: batches.blockNumber,
      anchoredAt: batches.anchoredAt,
      schoolId: batches.schoolId,
    })
    .from(statusEvents)
    .innerJoin(batches, eq(batches.id, statusEvents.replacementBatchId))
    .where(
      and(eq(statusEvents.kind, 'replace'), isNull(statusEvents.ledgerTxId), isNotNull(batches.ledgerTxId)),
    );
  const settled: string[] = [];
  for (const r of due) {
    await db.transaction(async (tx) => {
      await tx.update(batches).set({ state: 'replaced' }).where(eq(batches.id, r.oldBatchId));
      const members = tx
        .select({ id: batchMembers.recordVersionId })
        .from(batchMembers)
        .where(eq(batchMembers.batchId, r.oldBatchId));
      const superseded = await tx
        .update(recordVersions)
        .set({ state: 'superseded' })
        .where(and(inArray(recordVersions.id, members), eq(recordVersions.state, 'locked')))
        .returning({ id: recordVersions.id });
      await tx
        .update(statusEvents)
        .set({ ledgerTxId: r.txId, blockNumber: r.blockNumber, anchoredAt: r.anchoredAt })
        .where(eq(statusEvents.id, r.eventId));
      await appendAudit(tx, {
        action: 'batch.replaced',
        entityType: 'batch',
        entityId: r.oldBatchId,
        at,
        details: {
          schoolId: r.schoolId,
          replacementBatchId: r.newBatchId,
          txId: r.txId,
          superseded: superseded.length,
        },
      });
    });
    settled.push(r.oldBatchId);
  }
  return settled;
}

/**
 * A correction batch that the ledger has anchored makes the versions it corrects `superseded` — those and
 * no other: their classmates stay locked (the chaincode did the same on the ledger). Returns the
 * correction batches settled.
 */
export async function settleCorrections(db: Database, at: Date): Promise<string[]> {
  const prev = alias(recordVersions, 'prev');
  const due = await db
    .select({ batchId: batches.id, schoolId: batches.schoolId, txId: batches.ledgerTxId, prevId: prev.id })
    .from(batches)
    .innerJoin(batchMembers, eq(batchMembers.batchId, batches.id))
    .innerJoin(recordVersions, eq(recordVersions.id, batchMembers.recordVersionId))
    .innerJoin(prev, eq(prev.id, recordVersions.supersedesId))
    .where(and(eq(batches.kind, 'correction'), isNotNull(batches.ledgerTxId), eq(prev.state, 'locked')));
  const byBatch = new Map<string, { schoolId: string; txId: string | null; ids: string[] }>();
  for (const r of due) {
    const b = byBatch.get(r.batchId) ?? { schoolId: r.schoolId, txId: r.txId, ids: [] };
    b.ids.push(r.prevId);
    byBatch.set(r.batchId, b);
  }
  for (const [batchId, b] of byBatch) {
    await db.transaction(async (tx) => {
      const superseded = await tx
        .update(recordVersions)
        .set({ state: 'superseded' })
        .where(and(inArray(recordVersions.id, b.ids), eq(recordVersions.state, 'locked')))
        .returning({ id: recordVersions.id });
      await appendAudit(tx, {
        action: 'batch.corrected',
        entityType: 'batch',
        entityId: batchId,
        at,
        details: { schoolId: b.schoolId, txId: b.txId, superseded: superseded.length },
      });
    });
  }
  return [...byBatch.keys()];
}

export function runOutboxWorker(o: OutboxWorkerOptions): OutboxWorker {
  const clock = o.clock ?? (() => new Date());
  const maxAttempts = o.maxAttempts ?? 8;
  const backoff = o.backoff ?? { baseMs: 1000, maxMs: 5 * 60_000 };
  const { db, ledger, identities } = o;
  const reader = identities.reader;

  async function fail(row: OutboxRow, audit: string, code: string, message: string): Promise<OutboxOutcome> {
    const error = message.startsWith(`${code}:`) ? message : `${code}: ${message}`;
    await db.transaction(async (tx) => {
      if (!(await markOutboxFailed(tx, row, { error }))) return;
      await appendAudit(tx, {
        action: `${audit}Refused`,
        ...entityOf(row),
        at: clock(),
        details: {
          outboxId: row.id,
          code,
          attempts: row.attempts,
          ...(typeof row.payload.schoolId === 'string' && { schoolId: row.payload.schoolId }),
        },
      });
    });
    return { outboxId: row.id, action: row.action, batchId: row.batchId, outcome: 'failed', code };
  }

  async function retryOrFail(row: OutboxRow, audit: string, e: unknown): Promise<OutboxOutcome> {
    const code = e instanceof LedgerError ? e.code : 'LEDGER_UNREACHABLE';
    const message = e instanceof Error ? e.message : String(e);
    if (row.attempts >= maxAttempts)
      return fail(row, audit, code, `gave up after ${row.attempts} attempts: ${message}`);
    const delay = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (row.attempts - 1));
    const retryAt = new Date(clock().getTime() + delay);
    await markOutboxRetry(db, row, { error: `${code}: ${message}`, retryAt });
    return { outboxId: row.id, action: row.action, batchId: row.batchId, outcome: 'retry', code, retryAt };
  }

  /** A refusal fails the row; anything else — a conflict, the network, a policy, not a LedgerError — is retried. */
  const failOrRetry = (row: OutboxRow, audit: string, e: unknown): Promise<OutboxOutcome> => {
    if (e instanceof Refusal) return fail(row, audit, e.code, e.message);
    if (e instanceof LedgerError && e.kind === 'refused') return fail(row, audit, e.code, e.message);
    return retryOrFail(row, audit, e);
  };

  async function blockOf(txId: string | null): Promise<number | null> {
    if (txId === null) return null;
    return (await ledger.transaction(txId))?.blockNumber ?? null;
  }

  const found = async (fact: Fact): Promise<Committed> => ({
    txId: fact.txId,
    blockNumber: await blockOf(fact.txId),
    fact,
    source: 'foundOnLedger',
  });

  async function handle(row: OutboxRow): Promise<OutboxOutcome> {
    const base = { outboxId: row.id, action: row.action, batchId: row.batchId };
    const action = ACTIONS[row.action];
    if (!action)
      return fail(row, `ledger.${row.action}`, 'ACTION_NOT_HANDLED', `no ledger action ${row.action}`);
    const loaded = action.load ? await action.load(db, row) : { payload: row.payload };
    if (loaded instanceof Refusal) return fail(row, action.audit, loaded.code, loaded.message);
    if ('recorded' in loaded) {
      await markOutboxDone(db, row, { ledgerTxId: loaded.recorded, now: clock() });
      return { ...base, outcome: 'skipped', reason: 'ALREADY_RECORDED' };
    }
    const p = loaded.payload;

    let committed: Committed;
    try {
      const look = !(action.firstAttemptSubmits && row.attempts === 1);
      const already = look ? await action.find?.(ledger, reader, p) : undefined;
      if (already) committed = await found(already);
      else {
        let as: SubmitOptions;
        try {
          as = action.as(identities, p);
        } catch (e) {
          return fail(row, action.audit, 'NO_IDENTITY', e instanceof Error ? e.message : String(e));
        }
        try {
          const c = await action.submit(ledger, as, p);
          // The fact as the ledger stores it (its own timestamps), else what the contract answered.
          const fact = await action.find?.(ledger, reader, p).catch(() => undefined);
          committed = {
            txId: c.txId,
            blockNumber: c.blockNumber,
            fact: fact ?? { txId: c.txId, doc: c.value as Record<string, unknown> },
            source: 'submitted',
          };
        } catch (e) {
          const duplicate = e instanceof LedgerError && e.code === 'ALREADY_EXISTS';
          if (action.duplicateMeansDone && duplicate && row.attempts > 1) {
            committed = { txId: null, blockNumber: null, fact: undefined, source: 'foundOnLedger' };
          } else {
            if (!(e instanceof LedgerError && e.kind === 'refused' && MAYBE_DONE.has(e.code) && action.find))
              throw e;
            const fact = await action.find(ledger, reader, p);
            if (!fact) return fail(row, action.audit, e.code, e.message);
            committed = await found(fact);
          }
        }
      }
    } catch (e) {
      return failOrRetry(row, action.audit, e);
    }

    try {
      await db.transaction(async (tx) => {
        const at = clock();
        if (row.action === 'anchorBatch') await o.hooks?.beforeRecordAnchored?.(row.batchId!);
        await action.record(tx, row, committed, at);
        if (!(await markOutboxDone(tx, row, { ledgerTxId: committed.txId, now: at }))) {
          // Our lease was taken over: roll back, the new owner records it.
          throw new Error(`outbox row ${row.id} is no longer ours`);
        }
        if (action.recordAudits) return;
        await appendAudit(tx, {
          action: action.audit,
          ...entityOf(row),
          at,
          details: {
            outboxId: row.id,
            txId: committed.txId,
            blockNumber: committed.blockNumber,
            source: committed.source,
            ...(typeof p.schoolId === 'string' && { schoolId: p.schoolId }),
          },
        });
      });
    } catch (e) {
      return { ...base, outcome: 'interrupted', error: e instanceof Error ? e.message : String(e) };
    }
    return committed.source === 'submitted'
      ? { ...base, outcome: 'submitted', txId: committed.txId! }
      : { ...base, outcome: 'recovered', txId: committed.txId };
  }

  async function handleSafely(row: OutboxRow): Promise<OutboxOutcome> {
    try {
      return await handle(row);
    } catch (e) {
      return {
        outboxId: row.id,
        action: row.action,
        batchId: row.batchId,
        outcome: 'interrupted',
        error: e instanceof Error ? e.message : String(e),
      };
    }
  }

  const concurrency = Math.max(1, o.concurrency ?? 1);
  async function tick(): Promise<OutboxOutcome[]> {
    await settleReplacements(db, clock());
    await settleCorrections(db, clock());
    const rows = await claimOutbox(db, clock(), Math.max(o.batchSize ?? 10, 2 * concurrency), {
      leaseMs: o.leaseMs ?? 60_000,
      // Rows of actions with no ledger transaction yet are left alone, not held for a lease.
      actions: OUTBOX_WORKER_ACTIONS,
    });
    const outcomes: OutboxOutcome[] = [];
    if (concurrency === 1) {
      for (const row of rows) outcomes.push(await handleSafely(row));
      return outcomes;
    }
    // One lane per school, its rows in order; up to `concurrency` lanes at once.
    const lanes = new Map<string, OutboxRow[]>();
    for (const row of rows) {
      const school = typeof row.payload.schoolId === 'string' ? row.payload.schoolId : '';
      lanes.set(school, [...(lanes.get(school) ?? []), row]);
    }
    const waiting = [...lanes.values()];
    const runLane = async () => {
      for (let lane = waiting.shift(); lane; lane = waiting.shift())
        for (const row of lane) outcomes.push(await handleSafely(row));
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, waiting.length) }, runLane));
    return outcomes.sort((a, b) => a.outboxId - b.outboxId);
  }

  return { tick, ...workerLoop(tick, o.onError) };
}
