/**
 * Two-step external signing (DESIGN.md §4.4): the principal's token or remote-signing service fetches the
 * exact manifest bytes (and their digest, which is what a token actually signs), makes a detached CMS and
 * posts it back. The CMS is verified with integrity/ — over those bytes, by the certificate the manifest
 * names, chaining to a trust anchor at signing time — before anything is stored, so that no batch is ever
 * `signed` with a signature the ledger would refuse for a reason we could have seen. Then one transaction
 * stores it, moves the batch to `signed` and enqueues its anchoring: the state change and the outbox row
 * commit together or not at all.
 */
import { appendAudit, batches, type Database, enqueueOutbox } from '@hocba/db';
import {
  certificateFingerprint,
  constantTimeEqual,
  type Manifest,
  parseManifest,
  sha256,
  toBase64,
  toHex,
  utf8,
  verifyCmsSignature,
  verifySignerCertificate,
} from '@hocba/integrity';
import { eq } from 'drizzle-orm';
import { ServiceError } from './errors.ts';
import type { Actor } from './lock.ts';

/** Clock skew tolerated between the signer's machine and ours (the chaincode allows the same). */
export const SIGNING_SKEW_MS = 5 * 60 * 1000;

export interface SigningRequest {
  batchId: string;
  /** The JCS manifest bytes, base64: exactly what the CMS must cover (detached). */
  manifestBytes: string;
  /** SHA-256 of those bytes, hex: the CMS message-digest attribute. */
  digest: string;
  manifest: Manifest;
}

type BatchRow = typeof batches.$inferSelect;

async function assemblingBatch(db: Database, batchId: string): Promise<BatchRow & { manifestText: string }> {
  const [batch] = await db.select().from(batches).where(eq(batches.id, batchId));
  if (!batch) throw new ServiceError('BATCH_NOT_FOUND', `batch ${batchId} does not exist`, { batchId });
  if (batch.state !== 'assembling') {
    throw new ServiceError('BATCH_WRONG_STATE', `batch ${batchId} is ${batch.state}, not assembling`, {
      batchId,
      state: batch.state,
    });
  }
  if (batch.manifestText === null) {
    throw new ServiceError(
      'MANIFEST_NOT_PREPARED',
      `batch ${batchId} has no manifest yet: prepare it for a signer first`,
      { batchId },
    );
  }
  return batch as BatchRow & { manifestText: string };
}

export async function signingRequest(db: Database, batchId: string): Promise<SigningRequest> {
  const batch = await assemblingBatch(db, batchId);
  const bytes = utf8(batch.manifestText);
  return {
    batchId,
    manifestBytes: toBase64(bytes),
    digest: toHex(sha256(bytes)),
    // parseManifest also re-checks that the stored text is canonical.
    manifest: parseManifest(bytes),
  };
}

export interface AcceptSignatureOptions {
  /** DER of the root CAs registered on chain (readTrustAnchors). */
  trustAnchors: Uint8Array[];
  /** DER of the certificate registered for the school, when known: the signer must be exactly it. */
  registeredCertificate?: Uint8Array | undefined;
  actor?: Actor | undefined;
  /** Now, for the signing-time check and the audit entry (default: the system clock). */
  now?: Date | undefined;
}

export interface AcceptedSignature {
  batchId: string;
  signerCert: string;
  signingTime: Date;
  outboxId: number;
}

/**
 * Verifies `cmsDer` and, only if it holds, stores it and enqueues the anchoring. Refusals keep
 * integrity's codes (CMS_*, CERT_*); ours are SIGNER_MISMATCH, CERT_NOT_REGISTERED, SIGNING_TIME_INVALID,
 * BATCH_WRONG_STATE and MANIFEST_CHANGED.
 */
export async function acceptSignature(
  db: Database,
  batchId: string,
  cmsDer: Uint8Array,
  o: AcceptSignatureOptions,
): Promise<AcceptedSignature> {
  const batch = await assemblingBatch(db, batchId);
  const bytes = utf8(batch.manifestText);
  const manifest = parseManifest(bytes);
  const now = o.now ?? new Date();

  const sig = await verifyCmsSignature({
    content: bytes,
    cms: cmsDer,
    ...(o.registeredCertificate && { certificates: [o.registeredCertificate] }),
  });
  const signerCert = certificateFingerprint(sig.signerCertificate);
  if (signerCert !== manifest.signerCert) {
    throw new ServiceError(
      'SIGNER_MISMATCH',
      `the signature was made with certificate ${signerCert}, the manifest names ${manifest.signerCert}`,
      { batchId, signerCert, manifestSignerCert: manifest.signerCert },
    );
  }
  if (o.registeredCertificate && !constantTimeEqual(sig.signerCertificate, o.registeredCertificate)) {
    throw new ServiceError(
      'CERT_NOT_REGISTERED',
      `certificate ${signerCert} is not the one registered for school ${batch.schoolId}`,
      { batchId, signerCert },
    );
  }
  // signing-time is the signer's own claim; the chaincode refuses one outside [lock, anchor], so do we.
  const signedAt = sig.signingTime.getTime();
  if (signedAt < batch.lockedAt!.getTime() - SIGNING_SKEW_MS || signedAt > now.getTime() + SIGNING_SKEW_MS) {
    throw new ServiceError(
      'SIGNING_TIME_INVALID',
      `signing time ${sig.signingTime.toISOString()} is not between locking and now`,
      { batchId, signingTime: sig.signingTime.toISOString() },
    );
  }
  await verifySignerCertificate({
    signerCertificate: sig.signerCertificate,
    intermediates: sig.certificates,
    trustAnchors: o.trustAnchors,
    at: sig.signingTime,
  });

  return db.transaction(async (tx) => {
    // Re-read under a row lock: the manifest may have been prepared again (another signer) or the batch
    // signed by a concurrent request since it was verified above.
    const [current] = await tx.select().from(batches).where(eq(batches.id, batchId)).for('update');
    if (current?.state !== 'assembling') {
      throw new ServiceError('BATCH_WRONG_STATE', `batch ${batchId} is ${current?.state}, not assembling`, {
        batchId,
        state: current?.state ?? null,
      });
    }
    if (current.manifestText !== batch.manifestText) {
      throw new ServiceError(
        'MANIFEST_CHANGED',
        `the manifest of batch ${batchId} changed while the signature was checked`,
        { batchId },
      );
    }
    await tx.update(batches).set({ state: 'signed', cms: cmsDer }).where(eq(batches.id, batchId));
    const { row } = await enqueueOutbox(tx, {
      action: 'anchorBatch',
      batchId,
      payload: { schoolId: batch.schoolId, manifestHash: toHex(sha256(bytes)) },
      notBefore: now,
    });
    await appendAudit(tx, {
      action: 'batch.sign',
      entityType: 'batch',
      entityId: batchId,
      actorUserId: o.actor?.userId ?? null,
      actorRole: o.actor?.role ?? null,
      at: now,
      details: {
        schoolId: batch.schoolId,
        signerCert,
        signingTime: sig.signingTime.toISOString(),
        cmsHash: toHex(sha256(cmsDer)),
        outboxId: row.id,
      },
    });
    return { batchId, signerCert, signingTime: sig.signingTime, outboxId: row.id };
  });
}
