/** The service layer of lock, sign and anchor: plain functions over `db`, `ledger` and `clock`, no Fastify. */
export {
  type AnchorOutcome,
  type AnchorWorker,
  type AnchorWorkerOptions,
  runAnchorWorker,
} from './anchor-worker.ts';
export { type DevSigner, devSigner, loadDevSigner, signWithDevSigner } from './dev-signer.ts';
export { isServiceError, ServiceError, type ServiceErrorCode } from './errors.ts';
export { type Anchor, type LedgerBatch, readLedgerBatch } from './ledger-anchor.ts';
export {
  type Actor,
  DEFAULT_CHANNEL,
  type LockedBatch,
  type LockInput,
  lockBatch,
  prepareManifest,
} from './lock.ts';
export {
  eventsUntilIdle,
  RECONCILER,
  type ReconcileOptions,
  type ReconcileResult,
  reconcileFromEvents,
} from './reconcile.ts';
export {
  type AcceptedSignature,
  type AcceptSignatureOptions,
  acceptSignature,
  SIGNING_SKEW_MS,
  type SigningRequest,
  signingRequest,
} from './sign.ts';
