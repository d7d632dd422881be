/**
 * What the outbox worker and the reconciler share: deciding whether a batch the ledger holds is ours (the
 * same manifest and CMS hashes as our stored batch), its anchor's coordinates, and recording it in the
 * database.
 */
import { anchorOutbox, appendAudit, batches, type Executor } from '@hocba/db';
import { sha256, toHex } from '@hocba/integrity';
import { and, eq, ne } from 'drizzle-orm';
import type { chaincode, LedgerClient } from '../ledger/index.ts';

export interface Anchor {
  txId: string;
  blockNumber: number | null;
  anchoredAt: Date;
}

/** True when the ledger's batch commits to exactly our manifest and our CMS. */
export function isOurs(
  ours: { manifestText: string | null; cms: Uint8Array | null },
  theirs: Pick<chaincode.Batch, 'manifestHash' | 'cmsHash'>,
): boolean {
  if (ours.manifestText === null || ours.cms === null) return false;
  return (
    theirs.manifestHash === toHex(sha256(new TextEncoder().encode(ours.manifestText))) &&
    theirs.cmsHash === toHex(sha256(ours.cms))
  );
}

/** The anchor as the ledger records it: its transaction, that transaction's block, its timestamp. */
export async function anchorOf(
  ledger: LedgerClient,
  doc: Pick<chaincode.Batch, 'anchorTxId' | 'anchoredAt'>,
): Promise<Anchor> {
  const tx = await ledger.transaction(doc.anchorTxId);
  return { txId: doc.anchorTxId, blockNumber: tx?.blockNumber ?? null, anchoredAt: new Date(doc.anchoredAt) };
}

export type AnchorSource = 'submitted' | 'foundOnLedger' | 'reconciled';

/**
 * Moves a signed batch to `anchored` with the ledger's coordinates and audits it; in the caller's
 * transaction. Recording the same anchor twice is harmless ('already'); a batch anchored under another
 * transaction, or in another state, is a conflict the caller must not paper over.
 */
export async function recordAnchored(
  tx: Executor,
  batchId: string,
  anchor: Anchor,
  o: { source: AnchorSource; at: Date },
): Promise<'recorded' | 'already'> {
  const updated = await tx
    .update(batches)
    .set({
      state: 'anchored',
      ledgerTxId: anchor.txId,
      blockNumber: anchor.blockNumber,
      anchoredAt: anchor.anchoredAt,
    })
    .where(and(eq(batches.id, batchId), eq(batches.state, 'signed')))
    .returning({ id: batches.id, schoolId: batches.schoolId });
  if (updated.length === 0) {
    const [b] = await tx
      .select({ state: batches.state, ledgerTxId: batches.ledgerTxId })
      .from(batches)
      .where(eq(batches.id, batchId));
    if (b?.ledgerTxId === anchor.txId) return 'already';
    throw new Error(
      `batch ${batchId} is ${b?.state ?? 'missing'} (transaction ${b?.ledgerTxId ?? 'none'}); cannot record anchor ${anchor.txId}`,
    );
  }
  await appendAudit(tx, {
    action: 'batch.anchor',
    entityType: 'batch',
    entityId: batchId,
    at: o.at,
    details: {
      // The audit route shows an entry to those whose remit holds this school.
      schoolId: updated[0]!.schoolId,
      txId: anchor.txId,
      blockNumber: anchor.blockNumber,
      anchoredAt: anchor.anchoredAt.toISOString(),
      source: o.source,
    },
  });
  return 'recorded';
}

/**
 * Settles a batch's anchoring row without a claim (the reconciler): the ledger has the anchor, whatever
 * the row's state. A worker holding the row loses its fencing and its own settlement becomes a no-op.
 */
export async function settleAnchorRow(tx: Executor, batchId: string, txId: string, now: Date): Promise<void> {
  await tx
    .update(anchorOutbox)
    .set({ state: 'done', ledgerTxId: txId, doneAt: now, lastError: null })
    .where(
      and(
        eq(anchorOutbox.batchId, batchId),
        eq(anchorOutbox.action, 'anchorBatch'),
        ne(anchorOutbox.state, 'done'),
      ),
    );
}
