/**
 * The batch steps the HTTP workflow adds around lock.ts and sign.ts: which versions a class or school
 * batch takes, the signer's registration on the ledger, and what a batch looks like to its readers.
 *
 * A class (or school) batch is the whole class: while any of its current versions is not yet approved the
 * lock is refused, naming them, unless the caller asks for the approved ones only (`partial`, e.g. a
 * pupil still awaiting a supplementary assessment). lockBatch itself checks each version again under its
 * row lock.
 */
import {
  anchorOutbox,
  batches,
  type Database,
  enrolments,
  type RecordState,
  recordVersions,
} from '@hocba/db';
import { certificateFingerprint, pemToDer, toHex } from '@hocba/integrity';
import { and, eq, inArray } from 'drizzle-orm';
import { chaincode, type LedgerClient, LedgerError, type LedgerIdentity } from '../ledger/index.ts';
import { ServiceError } from './errors.ts';
import { type Actor, type LockedBatch, lockBatch } from './lock.ts';

/** Versions on their way to lock: a batch of the class must wait for them (or leave them out). */
const PENDING: readonly RecordState[] = ['draft', 'entered', 'reviewed', 'confirmed'];

export interface LockScopeInput {
  schoolId: string;
  schoolYear: string;
  classId?: string | undefined;
  /** Lock the approved versions only, leaving the pending ones for a later batch. */
  partial?: boolean | undefined;
  kind?: 'regular' | 'supplementary' | undefined;
  batchId?: string | undefined;
  lockedAt: Date;
  actor: Actor;
}

export async function lockScope(db: Database, input: LockScopeInput): Promise<LockedBatch> {
  const rows = await db
    .select({ id: recordVersions.id, state: recordVersions.state })
    .from(recordVersions)
    .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
    .where(
      and(
        eq(enrolments.custodySchoolId, input.schoolId),
        eq(enrolments.schoolYear, input.schoolYear),
        input.classId === undefined ? undefined : eq(enrolments.classId, input.classId),
        inArray(recordVersions.state, [...PENDING, 'approved']),
      ),
    );
  const pending = rows.filter((r) => r.state !== 'approved');
  if (pending.length > 0 && !input.partial) {
    throw new ServiceError(
      'RECORD_NOT_APPROVED',
      `${pending.length} record(s) of this batch are not approved yet`,
      { recordVersionIds: pending.map((r) => r.id).sort(), states: pending.map((r) => r.state) },
    );
  }
  const approved = rows.filter((r) => r.state === 'approved').map((r) => r.id);
  return lockBatch(db, {
    schoolId: input.schoolId,
    schoolYear: input.schoolYear,
    classId: input.classId,
    recordVersionIds: approved,
    kind: input.kind ?? 'regular',
    batchId: input.batchId,
    lockedAt: input.lockedAt,
    actor: input.actor,
  });
}

/**
 * The signer's certificate as the ledger's registry holds it: registered for the batch's school and
 * approved by the province (DESIGN.md §4.5), else CERT_NOT_REGISTERED. Returns its DER.
 */
export async function registeredSigner(
  ledger: LedgerClient,
  reader: LedgerIdentity,
  fingerprint: string,
  schoolId: string,
): Promise<Uint8Array> {
  let doc: Partial<chaincode.CertificateRecord>;
  try {
    doc = await chaincode.getCertificate(ledger, reader, fingerprint);
  } catch (e) {
    if (e instanceof LedgerError && (e.code === 'NOT_FOUND' || e.code === 'INVALID_ARGUMENT')) doc = {};
    else throw e;
  }
  const der = doc.certificatePem ? pemToDer(doc.certificatePem, 'CERTIFICATE')[0] : undefined;
  if (
    !der ||
    doc.schoolId !== schoolId ||
    doc.status !== 'approved' ||
    certificateFingerprint(der) !== fingerprint
  ) {
    throw new ServiceError(
      'CERT_NOT_REGISTERED',
      `certificate ${fingerprint} is not registered and approved for school ${schoolId}`,
      { fingerprint, schoolId, status: doc.status ?? null },
    );
  }
  return der;
}

export interface BatchView {
  batchId: string;
  schoolId: string;
  schoolYear: string;
  classId: string | null;
  kind: string;
  supersedes: string | null;
  state: string;
  root: string | null;
  leafCount: number | null;
  lockedAt: string | null;
  signerCert: string | null;
  manifestHash: string | null;
  anchor: { txId: string; blockNumber: number | null; anchoredAt: string | null } | null;
  /** The anchoring row: where the outbox worker is with it (the error's code only, never its text). */
  outbox: { state: string; attempts: number; nextAttemptAt: string; lastErrorCode: string | null } | null;
}

/**
 * Where a batch is with its signing, as the two signing steps read it before acting: its state, the
 * manifest prepared and the signer it names. Undefined when there is no such batch: the step's own service
 * (prepareManifest, signingRequest, acceptSignature) refuses it with BATCH_NOT_FOUND.
 */
export async function batchSigning(
  db: Database,
  batchId: string,
): Promise<
  Pick<typeof batches.$inferSelect, 'state' | 'manifestText' | 'signerCertFingerprint'> | undefined
> {
  const [b] = await db
    .select({
      state: batches.state,
      manifestText: batches.manifestText,
      signerCertFingerprint: batches.signerCertFingerprint,
    })
    .from(batches)
    .where(eq(batches.id, batchId));
  return b;
}

export async function batchView(db: Database, batchId: string): Promise<BatchView> {
  const [b] = await db.select().from(batches).where(eq(batches.id, batchId));
  if (!b) throw new ServiceError('BATCH_NOT_FOUND', `batch ${batchId} does not exist`, { batchId });
  const [row] = await db
    .select()
    .from(anchorOutbox)
    .where(and(eq(anchorOutbox.batchId, batchId), eq(anchorOutbox.action, 'anchorBatch')));
  return {
    batchId: b.id,
    schoolId: b.schoolId,
    schoolYear: b.schoolYear,
    classId: b.classId,
    kind: b.kind,
    supersedes: b.supersedesId,
    state: b.state,
    root: b.root ? toHex(b.root) : null,
    leafCount: b.leafCount,
    lockedAt: b.lockedAt?.toISOString() ?? null,
    signerCert: b.signerCertFingerprint,
    manifestHash: b.manifestHash ? toHex(b.manifestHash) : null,
    anchor:
      b.ledgerTxId === null
        ? null
        : { txId: b.ledgerTxId, blockNumber: b.blockNumber, anchoredAt: b.anchoredAt?.toISOString() ?? null },
    outbox: row
      ? {
          state: row.state,
          attempts: row.attempts,
          nextAttemptAt: row.nextAttemptAt.toISOString(),
          lastErrorCode: row.lastError?.split(':')[0] ?? null,
        }
      : null,
  };
}
