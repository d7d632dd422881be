/**
 * The principal's certificate, registered by the school and approved by the province (seed 000 Điều 8.5,
 * 4.3b; DESIGN.md §4.5). Registration checks that the certificate can sign at all — valid now, a signing key
 * usage, a path to a trust anchor the Ministry registered on the ledger (integrity's verifySignerCertificate,
 * whose CERT_* codes the refusal keeps) — stores it `requested` and queues registerCertificate in the same
 * transaction; approval queues approveCertificate. The outbox worker submits both, exactly once
 * (outbox-worker.ts), and records the ledger's answer: the registration's transaction, then `active`.
 * The ledger is the authority the chaincode checks when a batch is anchored; this table is the gateway's copy.
 */
import {
  anchorOutbox,
  appendAudit,
  certificates,
  type Database,
  districts,
  type Executor,
  enqueueOutbox,
  schools,
  users,
} from '@hocba/db';
import {
  type CertificateDescription,
  derToPem,
  describeCertificate,
  pemToDer,
  verifySignerCertificate,
} from '@hocba/integrity';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { ServiceError } from './errors.ts';
import type { UserActor } from './permissions.ts';

export type CertificateRow = typeof certificates.$inferSelect;

/** The ledger's copy of a certificate, as far as the gateway reads it (chaincode CertificateRecord). */
export interface LedgerCertificate {
  status: 'pending' | 'approved' | 'revoked';
  registeredAt?: string | undefined;
  approvedAt?: string | undefined;
}

export interface RegisterCertificateInput {
  schoolId: string;
  /** DER of the certificate, then of its intermediates (if the school sends them). */
  der: Uint8Array;
  intermediates: Uint8Array[];
  /** DER of the root CAs registered on the ledger. */
  trustAnchors: Uint8Array[];
  actor: UserActor;
  now: Date;
}

const registerKey = (fingerprint: string) => `registerCertificate:${fingerprint}`;
const approveKey = (fingerprint: string) => `approveCertificate:${fingerprint}`;

/**
 * Refuses (IntegrityError CERT_*) a certificate that cannot sign now; then stores it and queues its
 * registration, returning the row and the outbox row's id.
 */
export async function registerCertificate(
  db: Database,
  input: RegisterCertificateInput,
): Promise<{ row: CertificateRow; outboxId: number }> {
  const d = describeCertificate(input.der);
  await verifySignerCertificate({
    signerCertificate: input.der,
    intermediates: input.intermediates,
    trustAnchors: input.trustAnchors,
    at: input.now,
  });
  return db.transaction(async (tx) => {
    const [exists] = await tx
      .select({ schoolId: certificates.schoolId })
      .from(certificates)
      .where(eq(certificates.fingerprint, d.fingerprint));
    if (exists) {
      throw new ServiceError('CERTIFICATE_EXISTS', `certificate ${d.fingerprint} is registered`, {
        fingerprint: d.fingerprint,
      });
    }
    const certificatePem = derToPem(input.der, 'CERTIFICATE');
    const [row] = await tx
      .insert(certificates)
      .values({
        fingerprint: d.fingerprint,
        purpose: 'batchSigner',
        schoolId: input.schoolId,
        subject: d.subject,
        pem: certificatePem,
        notBefore: d.notBefore,
        notAfter: d.notAfter,
        status: 'requested',
        registeredBy: input.actor.userId,
      })
      .returning();
    const { row: outbox } = await enqueueOutbox(tx, {
      action: 'registerCertificate',
      key: registerKey(d.fingerprint),
      payload: { schoolId: input.schoolId, fingerprint: d.fingerprint, certificatePem },
      // Due at the request's time (the service's clock), not the database's.
      notBefore: input.now,
    });
    await appendAudit(tx, {
      action: 'certificate.register',
      entityType: 'certificate',
      entityId: d.fingerprint,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      at: input.now,
      details: { schoolId: input.schoolId, subject: d.subject, serialNumber: d.serialNumber },
    });
    return { row: row!, outboxId: outbox.id };
  });
}

export async function getCertificate(db: Executor, fingerprint: string): Promise<CertificateRow> {
  const [row] = await db.select().from(certificates).where(eq(certificates.fingerprint, fingerprint));
  if (!row?.schoolId) {
    throw new ServiceError('CERTIFICATE_NOT_FOUND', `no school certificate ${fingerprint}`, { fingerprint });
  }
  return row;
}

export function listCertificates(db: Database, schoolId: string): Promise<CertificateRow[]> {
  return db
    .select()
    .from(certificates)
    .where(eq(certificates.schoolId, schoolId))
    .orderBy(asc(certificates.createdAt), asc(certificates.fingerprint));
}

/** Whether the registration is on the ledger: recorded by the worker (with or without its transaction). */
async function registeredOnLedger(tx: Executor, row: CertificateRow): Promise<boolean> {
  if (row.ledgerTxId !== null) return true;
  const [queued] = await tx
    .select({ state: anchorOutbox.state })
    .from(anchorOutbox)
    .where(eq(anchorOutbox.key, registerKey(row.fingerprint)));
  return queued?.state === 'done';
}

/**
 * The province's approval: queues approveCertificate once the registration is on the ledger. Asking again
 * while it is queued answers the same queued row (`queued: false`).
 */
export async function approveCertificate(
  db: Database,
  input: { fingerprint: string; actor: UserActor; now: Date },
): Promise<{ row: CertificateRow; outboxId: number; queued: boolean }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(certificates)
      .where(eq(certificates.fingerprint, input.fingerprint))
      .for('update');
    if (!row?.schoolId) {
      throw new ServiceError('CERTIFICATE_NOT_FOUND', `no school certificate ${input.fingerprint}`, {
        fingerprint: input.fingerprint,
      });
    }
    if (row.status !== 'requested') {
      throw new ServiceError('CERTIFICATE_WRONG_STATE', `certificate ${row.fingerprint} is ${row.status}`, {
        fingerprint: row.fingerprint,
        status: row.status,
      });
    }
    if (!(await registeredOnLedger(tx, row))) {
      throw new ServiceError(
        'CERTIFICATE_NOT_ON_LEDGER',
        `the registration of certificate ${row.fingerprint} is not on the ledger yet`,
        { fingerprint: row.fingerprint },
      );
    }
    const { row: outbox, created } = await enqueueOutbox(tx, {
      action: 'approveCertificate',
      key: approveKey(row.fingerprint),
      payload: { schoolId: row.schoolId, fingerprint: row.fingerprint, approvedBy: input.actor.userId },
      notBefore: input.now,
    });
    if (created) {
      await appendAudit(tx, {
        action: 'certificate.approve',
        entityType: 'certificate',
        entityId: row.fingerprint,
        actorUserId: input.actor.userId,
        actorRole: input.actor.role,
        at: input.now,
        details: { schoolId: row.schoolId, outboxId: outbox.id },
      });
    }
    return { row, outboxId: outbox.id, queued: created };
  });
}

/** The database's status as the ledger's says it: approved → active, revoked → revoked. */
const SYNCED = { approved: 'active', revoked: 'revoked' } as const;

/**
 * Brings the row's status to what the ledger says (the worker records it too; a reader may see the ledger
 * first, e.g. an approval made outside this gateway). Returns the row as it now stands.
 */
export async function syncStatus(
  db: Database,
  row: CertificateRow,
  onLedger: LedgerCertificate | null,
): Promise<CertificateRow> {
  const want = onLedger && onLedger.status !== 'pending' ? SYNCED[onLedger.status] : undefined;
  if (want === undefined || row.status === want) return row;
  const [updated] = await db
    .update(certificates)
    .set({ status: want })
    .where(and(eq(certificates.fingerprint, row.fingerprint), eq(certificates.status, row.status)))
    .returning();
  return updated ?? row;
}

export interface CertificateView {
  fingerprint: string;
  schoolId: string;
  purpose: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** requested | active | rejected | revoked (the database's, synced with the ledger's). */
  status: string;
  pem: string;
  /** What the ledger holds: null while the registration is not on it. */
  ledger: { status: string; registeredAt: string | null; approvedAt: string | null } | null;
}

export function certificateView(row: CertificateRow, onLedger: LedgerCertificate | null): CertificateView {
  const d: CertificateDescription = describeCertificate(pemToDer(row.pem, 'CERTIFICATE')[0]!);
  return {
    fingerprint: row.fingerprint,
    schoolId: row.schoolId!,
    purpose: row.purpose,
    subject: d.subject,
    issuer: d.issuer,
    serialNumber: d.serialNumber,
    notBefore: d.notBefore.toISOString(),
    notAfter: d.notAfter.toISOString(),
    status: row.status,
    pem: row.pem,
    ledger: onLedger && {
      status: onLedger.status,
      registeredAt: onLedger.registeredAt ?? null,
      approvedAt: onLedger.approvedAt ?? null,
    },
  };
}

/**
 * Why the province revokes a principal's certificate (issue 14; the ledger keeps the code): the key was
 * compromised, the principal left the post, a new certificate replaces it, the school closed.
 */
export const REVOCATION_REASONS = [
  'KEY_COMPROMISE',
  'AFFILIATION_CHANGED',
  'SUPERSEDED',
  'CESSATION_OF_OPERATION',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

const revokeKey = (fingerprint: string) => `revokeCertificate:${fingerprint}`;

/**
 * The province's revocation (seed 000 Điều 4.3b; chaincode revokeCertificate): from now on the certificate's
 * signatures no longer count. Queued once the registration is on the ledger; asked again while queued, the
 * same row (`queued: false`). The worker makes the row `revoked` when the ledger has it.
 */
export async function revokeCertificate(
  db: Database,
  input: { fingerprint: string; reasonCode: RevocationReason; actor: UserActor; now: Date },
): Promise<{ row: CertificateRow; outboxId: number; queued: boolean }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(certificates)
      .where(eq(certificates.fingerprint, input.fingerprint))
      .for('update');
    if (!row?.schoolId) {
      throw new ServiceError('CERTIFICATE_NOT_FOUND', `no school certificate ${input.fingerprint}`, {
        fingerprint: input.fingerprint,
      });
    }
    if (row.status === 'revoked' || row.status === 'rejected') {
      throw new ServiceError('CERTIFICATE_WRONG_STATE', `certificate ${row.fingerprint} is ${row.status}`, {
        fingerprint: row.fingerprint,
        status: row.status,
      });
    }
    // An approved certificate is on the ledger (the demo's set-up approves its own without the outbox).
    if (row.status !== 'active' && !(await registeredOnLedger(tx, row))) {
      throw new ServiceError(
        'CERTIFICATE_NOT_ON_LEDGER',
        `the registration of certificate ${row.fingerprint} is not on the ledger yet`,
        { fingerprint: row.fingerprint },
      );
    }
    const [place] = await tx
      .select({ mspId: districts.mspId })
      .from(schools)
      .innerJoin(districts, eq(districts.id, schools.districtId))
      .where(eq(schools.id, row.schoolId));
    const { row: outbox, created } = await enqueueOutbox(tx, {
      action: 'revokeCertificate',
      key: revokeKey(row.fingerprint),
      payload: {
        schoolId: row.schoolId,
        fingerprint: row.fingerprint,
        revokedFrom: input.now.toISOString(),
        reasonCode: input.reasonCode,
        districtMsp: place?.mspId ?? '',
      },
      notBefore: input.now,
    });
    if (created) {
      await appendAudit(tx, {
        action: 'certificate.revoke',
        entityType: 'certificate',
        entityId: row.fingerprint,
        actorUserId: input.actor.userId,
        actorRole: input.actor.role,
        at: input.now,
        details: { schoolId: row.schoolId, outboxId: outbox.id, reasonCode: input.reasonCode },
      });
    }
    return { row, outboxId: outbox.id, queued: created };
  });
}

/** The API's names of a certificate's state and the database's. */
export const LIST_STATUS = { pending: 'requested', approved: 'active', revoked: 'revoked' } as const;
export type ListStatus = keyof typeof LIST_STATUS;

export interface ProvinceCertificate {
  row: CertificateRow;
  schoolName: string;
  districtId: string;
  districtName: string;
  registeredByName: string | null;
  /** The registration is on the ledger (the province may approve or revoke it). */
  onLedger: boolean;
  /** An approval or a revocation queued and not yet recorded. */
  waiting: 'approval' | 'revocation' | null;
}

/** The certificates of the province's schools in one state, oldest registration first. */
export async function listProvinceCertificates(
  db: Database,
  q: { provinceId: string; status: ListStatus },
): Promise<ProvinceCertificate[]> {
  const rows = await db
    .select({
      row: certificates,
      schoolName: schools.name,
      districtId: districts.id,
      districtName: districts.name,
      registeredByName: users.displayName,
    })
    .from(certificates)
    .innerJoin(schools, eq(schools.id, certificates.schoolId))
    .innerJoin(districts, eq(districts.id, schools.districtId))
    .leftJoin(users, eq(users.id, certificates.registeredBy))
    .where(and(eq(schools.provinceId, q.provinceId), eq(certificates.status, LIST_STATUS[q.status])))
    .orderBy(asc(certificates.createdAt), asc(certificates.fingerprint));
  if (rows.length === 0) return [];
  const fps = rows.map((r) => r.row.fingerprint);
  const keys = fps.flatMap((f) => [registerKey(f), approveKey(f), revokeKey(f)]);
  const queue = await db
    .select({ key: anchorOutbox.key, state: anchorOutbox.state })
    .from(anchorOutbox)
    .where(inArray(anchorOutbox.key, keys));
  const state = new Map(queue.map((r) => [r.key, r.state]));
  const live = (k: string) => state.get(k) === 'pending' || state.get(k) === 'submitting';
  return rows.map((r) => {
    const f = r.row.fingerprint;
    return {
      ...r,
      // Approved or revoked means on the ledger (the demo's set-up registers certificates without the outbox).
      onLedger:
        r.row.status !== 'requested' || r.row.ledgerTxId !== null || state.get(registerKey(f)) === 'done',
      waiting: live(revokeKey(f)) ? 'revocation' : live(approveKey(f)) ? 'approval' : null,
    };
  });
}
