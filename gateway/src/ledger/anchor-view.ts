/**
 * Reads what the ledger says about records into integrity's AnchorView, the input of the verification
 * report's anchor, signer and status steps: one record with one query (getRecordView), or many records of
 * one batch with one query (getRecordViews), plus the anchoring transaction's block. Only read-only
 * queries; a batch the ledger does not know is reported as not found rather than as an error.
 */
import type { AnchorView } from '@hocba/integrity';
import * as chaincode from './chaincode.ts';
import { type LedgerClient, LedgerError, type LedgerIdentity } from './client.ts';

const fact = (f: { reasonCode: string; legalBasis: string; at: string }) => ({
  reasonCode: f.reasonCode,
  legalBasis: f.legalBasis,
  at: f.at,
});

/**
 * The block of a committed transaction never changes: callers that read many views may keep them here
 * (txId → block number) and skip that query. Bounded by the caller.
 */
export type BlockMemo = Map<string, number>;

export interface AnchorViewOptions {
  memo?: BlockMemo;
  /**
   * The block of an anchoring transaction as the database recorded it when the anchor committed: the
   * ledger is asked (a scan of the query system chaincode on Fabric) only for a transaction it does not know.
   */
  knownBlock?(txId: string): Promise<number | undefined>;
}

export async function readAnchorView(
  ledger: LedgerClient,
  identity: LedgerIdentity,
  channel: string,
  batchId: string,
  leafIndex: number,
  o: AnchorViewOptions = {},
): Promise<AnchorView> {
  let view: chaincode.RecordView;
  try {
    view = await chaincode.getRecordView(ledger, identity, batchId, leafIndex);
  } catch (e) {
    if (e instanceof LedgerError && e.code === 'NOT_FOUND') return { found: false, batchId };
    throw e;
  }
  const blockNumber = await blockOf(ledger, view.batch.anchorTxId, o);
  return anchorView(channel, view.batch, view.status, view.certificate, blockNumber);
}

/**
 * The views of many records of one batch (at most 1 000), in the order of `leafIndexes`, with one ledger
 * query: what readAnchorView answers for each of them.
 */
export async function readAnchorViews(
  ledger: LedgerClient,
  identity: LedgerIdentity,
  channel: string,
  batchId: string,
  leafIndexes: readonly number[],
  o: AnchorViewOptions = {},
): Promise<AnchorView[]> {
  let views: chaincode.RecordViews;
  try {
    views = await chaincode.getRecordViews(ledger, identity, batchId, leafIndexes);
  } catch (e) {
    if (e instanceof LedgerError && e.code === 'NOT_FOUND')
      return leafIndexes.map(() => ({ found: false, batchId }));
    throw e;
  }
  const blockNumber = await blockOf(ledger, views.batch.anchorTxId, o);
  return views.statuses.map((s) => anchorView(channel, views.batch, s, views.certificate, blockNumber));
}

async function blockOf(ledger: LedgerClient, txId: string, o: AnchorViewOptions) {
  let blockNumber = o.memo?.get(txId) ?? (await o.knownBlock?.(txId));
  if (blockNumber === undefined) blockNumber = (await ledger.transaction(txId))?.blockNumber;
  if (blockNumber !== undefined) o.memo?.set(txId, blockNumber);
  return blockNumber;
}

function anchorView(
  channel: string,
  batch: chaincode.Batch,
  status: chaincode.RecordStatus,
  certificate: chaincode.CertificateRecord | undefined,
  blockNumber: number | undefined,
): AnchorView {
  return {
    found: true,
    channel,
    batchId: batch.batchId,
    schoolId: batch.schoolId,
    root: batch.root,
    manifestHash: batch.manifestHash,
    cmsHash: batch.cmsHash,
    txId: batch.anchorTxId,
    anchoredAt: batch.anchoredAt,
    state: batch.state,
    ...(blockNumber !== undefined && { blockNumber }),
    ...(status.supersededBy && { supersededBy: status.supersededBy }),
    // Record-level: this record superseded by a correction, and where its corrected version is.
    ...(status.correction && {
      correction: {
        ...fact(status.correction),
        batchId: status.correction.by.batchId,
        leafIndex: status.correction.by.leafIndex,
      },
    }),
    ...(status.recall && { recall: fact(status.recall) }),
    ...(status.revocation && { revocation: fact(status.revocation) }),
    ...(certificate && {
      signer: {
        fingerprint: certificate.fingerprint,
        schoolId: certificate.schoolId,
        status: certificate.status,
        ...(certificate.revokedFrom && { revokedFrom: certificate.revokedFrom }),
      },
    }),
  };
}

/** The active trust anchors registered on chain, as DER, for the report's signer step. */
export async function readTrustAnchors(ledger: LedgerClient, identity: LedgerIdentity): Promise<string[]> {
  const anchors = await chaincode.listTrustAnchors(ledger, identity);
  return anchors.filter((a) => a.status === 'active').map((a) => a.certificatePem);
}

/** The PEM of a certificate registered on chain (the signer's, when the database has no copy), if any. */
export async function readCertificatePem(
  ledger: LedgerClient,
  identity: LedgerIdentity,
  fingerprint: string,
): Promise<string | undefined> {
  try {
    return (await chaincode.getCertificate(ledger, identity, fingerprint)).certificatePem;
  } catch (e) {
    if (e instanceof LedgerError && e.code === 'NOT_FOUND') return undefined;
    throw e;
  }
}
