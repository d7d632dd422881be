/**
 * Refusals of the service layer, each with a stable code (routes map codes to 4xx in one table, as they do
 * for integrity's IntegrityError and the ledger's LedgerError, whose codes pass through unchanged).
 * `details` carries identifiers and counts only, never personal data: it may reach logs and responses.
 */
export type ServiceErrorCode =
  // lock
  | 'EMPTY_BATCH'
  | 'DUPLICATE_RECORD'
  | 'RECORD_NOT_FOUND'
  | 'RECORD_NOT_APPROVED'
  | 'WRONG_SCHOOL'
  | 'WRONG_SCHOOL_YEAR'
  | 'WRONG_CLASS'
  | 'LOOKUP_CODE_MISSING'
  | 'LOOKUP_CODE_TAKEN'
  | 'RECORD_NOT_OBJECT'
  | 'SUPERSEDES_INVALID'
  // batches, manifest and signing
  | 'BATCH_NOT_FOUND'
  | 'BATCH_WRONG_STATE'
  | 'MANIFEST_NOT_PREPARED'
  | 'MANIFEST_CHANGED'
  | 'SIGNER_MISMATCH'
  | 'CERT_NOT_REGISTERED'
  | 'SIGNING_TIME_INVALID';

export class ServiceError<C extends ServiceErrorCode = ServiceErrorCode> extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly code: C,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(`${code}: ${message}`);
  }
}

export function isServiceError(e: unknown): e is ServiceError {
  return e instanceof ServiceError;
}
