/** The service layer of lock, sign and anchor: plain functions over `db`, `ledger` and `clock`, no Fastify. */

// What a lock commits each version with (the benchmarks time it alone).
export { commitWith, LOCK_SALT_SCHEME } from '../salts.ts';
export { acceptBatch } from './acceptance.ts';
export {
  type BatchView,
  batchView,
  type LockScopeInput,
  lockScope,
  registeredSigner,
} from './batch-workflow.ts';
export {
  checkCorrection,
  decideCorrection,
  lockCorrection,
  lockReplacement,
  requestCorrection,
} from './corrections.ts';
export { type DevSigner, devSigner, loadDevSigner, signWithDevSigner } from './dev-signer.ts';
export { isServiceError, ServiceError, type ServiceErrorCode } from './errors.ts';
export type { Anchor } from './ledger-anchor.ts';
export {
  type Actor,
  DEFAULT_CHANNEL,
  LOCK_CHUNK,
  type LockedBatch,
  type LockInput,
  type LockPhases,
  lockBatch,
  lockBatchInChunks,
  newLockPhases,
  prepareManifest,
} from './lock.ts';
export { lockWorkerCount } from './lock-pool.ts';
export {
  OUTBOX_WORKER_ACTIONS,
  type OutboxOutcome,
  type OutboxWorker,
  type OutboxWorkerOptions,
  runOutboxWorker,
  settleCorrections,
  settleReplacements,
} from './outbox-worker.ts';
export { grantPermission, type UserActor } from './permissions.ts';
export { batchPlace, classPlace, recordPlace, schoolPlace, schoolTarget } from './places.ts';
export { recallBatch, requestRecall } from './recall.ts';
export {
  eventsUntilIdle,
  RECONCILER,
  type ReconcileOptions,
  type ReconcileResult,
  reconcileFromEvents,
} from './reconcile.ts';
export { acknowledgeReport, reportRoot, submitReport } from './reports.ts';
export { requestRevocation } from './revocation.ts';
export {
  type AcceptedSignature,
  type AcceptSignatureOptions,
  acceptSignature,
  SIGNING_SKEW_MS,
  type SigningRequest,
  signingRequest,
} from './sign.ts';
export { decideTransfer, requestTransfer, studentRecords } from './transfers.ts';
export {
  assertWindowOpen,
  decidingWindow,
  type EntryScope,
  isOpen,
  listWindows,
  setWindow,
  type WindowInput,
} from './windows.ts';
export {
  approveRecord,
  assembleRecord,
  classRecords,
  confirmSubject,
  createDraft,
  EntryError,
  enterPart,
  type Guard,
  HOMEROOM,
  readRecord,
  reviewRecord,
  type Who,
} from './workflow.ts';
