/**
 * The Ministry's trust anchors (DESIGN.md §5; chaincode trust.ts): the root CAs a principal's certificate
 * must chain to. The ledger holds them; the Ministry registers and retires them (trust:registerTrustAnchor /
 * retireTrustAnchor, the Ministry's identity endorsed by the Ministry, the province and a district). A
 * request is checked against what the ledger holds now, then queued in the outbox with its audit entry in
 * one transaction; the worker submits it exactly once. Readers — /trust-anchors.json, the verifier, the
 * certificate registration — read the active anchors from the ledger, so a retired one stops being trusted
 * as soon as its retirement commits.
 */
import { appendAudit, type Database, enqueueOutbox } from '@hocba/db';
import { derToPem, describeCertificate, pemToDer } from '@hocba/integrity';
import type { chaincode } from '../ledger/index.ts';
import { ServiceError } from './errors.ts';
import type { UserActor } from './permissions.ts';
import { anyDistrictMsp, networkProvince } from './registry.ts';

type LedgerAnchor = chaincode.TrustAnchor;

export interface TrustAnchorView {
  fingerprint: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  status: 'active' | 'retired';
  registeredAt: string;
  retiredAt?: string;
  reason?: string;
}

export function trustAnchorView(a: LedgerAnchor): TrustAnchorView {
  const d = describeCertificate(pemToDer(a.certificatePem, 'CERTIFICATE')[0]!);
  return {
    fingerprint: a.fingerprint,
    subject: a.subject,
    issuer: d.issuer,
    notBefore: d.notBefore.toISOString(),
    notAfter: d.notAfter.toISOString(),
    status: a.status,
    registeredAt: a.registeredAt,
    ...(a.retiredAt !== undefined && { retiredAt: a.retiredAt }),
    ...(a.reason !== undefined && { reason: a.reason }),
  };
}

/** One root CA's certificate, valid now and self-issued; TRUST_ANCHOR_INVALID otherwise. */
function rootOf(pem: string, now: Date): { der: Uint8Array; fingerprint: string } {
  let ders: Uint8Array[] = [];
  try {
    ders = pemToDer(pem, 'CERTIFICATE');
  } catch {
    // Unreadable: the same refusal as no certificate.
  }
  if (ders.length !== 1) {
    throw new ServiceError('TRUST_ANCHOR_INVALID', 'give exactly one PEM certificate', {});
  }
  let d: ReturnType<typeof describeCertificate>;
  try {
    d = describeCertificate(ders[0]!);
  } catch {
    throw new ServiceError('TRUST_ANCHOR_INVALID', 'the certificate cannot be read', {});
  }
  if (d.subject !== d.issuer) {
    throw new ServiceError('TRUST_ANCHOR_INVALID', 'a trust anchor is a root CA: its issuer is its subject', {
      fingerprint: d.fingerprint,
    });
  }
  if (now < d.notBefore || now > d.notAfter) {
    throw new ServiceError('TRUST_ANCHOR_INVALID', 'the certificate is not valid now', {
      fingerprint: d.fingerprint,
    });
  }
  return { der: ders[0]!, fingerprint: d.fingerprint };
}

/** Queues the registration of a root CA (refused when the ledger has it active already). */
export async function registerTrustAnchor(
  db: Database,
  input: { pem: string; onLedger: LedgerAnchor[]; actor: UserActor; now: Date },
): Promise<{ fingerprint: string; outboxId: number; queued: boolean }> {
  const { der, fingerprint } = rootOf(input.pem, input.now);
  if (input.onLedger.some((a) => a.fingerprint === fingerprint && a.status === 'active')) {
    throw new ServiceError('TRUST_ANCHOR_EXISTS', `trust anchor ${fingerprint} is registered`, {
      fingerprint,
    });
  }
  return db.transaction(async (tx) => {
    const province = await networkProvince(tx);
    const districtMsp = await anyDistrictMsp(tx, province.id);
    // One registration per anchor and per ledger state: a retired anchor may be registered again.
    const retired = input.onLedger.find((a) => a.fingerprint === fingerprint)?.retiredAt ?? 'new';
    const { row, created } = await enqueueOutbox(tx, {
      action: 'registerTrustAnchor',
      key: `registerTrustAnchor:${fingerprint}:${retired}`,
      payload: { fingerprint, certificatePem: derToPem(der, 'CERTIFICATE'), districtMsp },
      notBefore: input.now,
    });
    if (created) {
      await appendAudit(tx, {
        action: 'trustAnchor.register',
        entityType: 'trustAnchor',
        entityId: fingerprint,
        actorUserId: input.actor.userId,
        actorRole: input.actor.role,
        at: input.now,
        details: { outboxId: row.id },
      });
    }
    return { fingerprint, outboxId: row.id, queued: created };
  });
}

/** Queues the retirement of an active anchor (404 unknown to the ledger, 409 retired already). */
export async function retireTrustAnchor(
  db: Database,
  input: { fingerprint: string; reason: string; onLedger: LedgerAnchor[]; actor: UserActor; now: Date },
): Promise<{ outboxId: number; queued: boolean }> {
  const { fingerprint } = input;
  const anchor = input.onLedger.find((a) => a.fingerprint === fingerprint);
  if (!anchor) {
    throw new ServiceError('TRUST_ANCHOR_NOT_FOUND', `no trust anchor ${fingerprint}`, { fingerprint });
  }
  if (anchor.status !== 'active') {
    throw new ServiceError('TRUST_ANCHOR_WRONG_STATE', `trust anchor ${fingerprint} is retired`, {
      fingerprint,
    });
  }
  return db.transaction(async (tx) => {
    const province = await networkProvince(tx);
    const districtMsp = await anyDistrictMsp(tx, province.id);
    const { row, created } = await enqueueOutbox(tx, {
      action: 'retireTrustAnchor',
      // The registration this retires: its time on the ledger.
      key: `retireTrustAnchor:${fingerprint}:${anchor.registeredAt}`,
      payload: { fingerprint, reason: input.reason, districtMsp },
      notBefore: input.now,
    });
    if (created) {
      await appendAudit(tx, {
        action: 'trustAnchor.retire',
        entityType: 'trustAnchor',
        entityId: fingerprint,
        actorUserId: input.actor.userId,
        actorRole: input.actor.role,
        at: input.now,
        // Why a root stops being trusted is what an auditor reads the log for.
        reason: input.reason,
        details: { outboxId: row.id },
      });
    }
    return { outboxId: row.id, queued: created };
  });
}
