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
  | 'CORRECTION_OUT_OF_SCOPE'
  | 'SUPERSEDES_INVALID'
  // batches, manifest and signing
  | 'BATCH_NOT_FOUND'
  | 'BATCH_WRONG_STATE'
  | 'MANIFEST_NOT_PREPARED'
  | 'MANIFEST_CHANGED'
  | 'SIGNER_MISMATCH'
  | 'CERT_NOT_REGISTERED'
  | 'SIGNING_TIME_INVALID'
  // record workflow (workflow.ts, windows.ts, batch-workflow.ts)
  | 'ENROLMENT_NOT_FOUND'
  | 'CLASS_NOT_FOUND'
  | 'SCHOOL_NOT_FOUND'
  | 'RECORD_EXISTS'
  | 'BIOGRAPHY_MISSING'
  | 'RECORD_WRONG_STATE'
  | 'RECORD_LOCKED'
  | 'RECORD_INVALID'
  | 'ENTRY_INVALID'
  | 'ENTRY_MISSING'
  | 'ENTRY_ALREADY_CONFIRMED'
  | 'SUBJECT_NOT_IN_CURRICULUM'
  | 'MARKS_INVALID'
  | 'EDITING_WINDOW_CLOSED'
  | 'WINDOW_INVALID'
  | 'SIGNATURE_INVALID'
  // after lock (permissions, revocation, recall, acceptance, corrections, transfers, reports)
  | 'BATCH_NOT_ANCHORED'
  | 'NOT_PERMITTED'
  | 'PERMISSION_INVALID'
  | 'RECORD_NOT_LOCKED'
  | 'ALREADY_REQUESTED'
  | 'WINDOW_CLOSED'
  | 'CORRECTION_NOT_FOUND'
  | 'CORRECTION_WRONG_STATE'
  | 'CORRECTION_OPEN'
  | 'REPLACEMENT_PENDING'
  | 'CORRECTION_STALE'
  | 'CORRECTION_DIFF_INVALID'
  // the principal's certificate (certificates.ts)
  | 'CERTIFICATE_NOT_FOUND'
  | 'CERTIFICATE_EXISTS'
  | 'CERTIFICATE_WRONG_STATE'
  | 'CERTIFICATE_NOT_ON_LEDGER'
  | 'CERTIFICATE_UNREADABLE'
  | 'STUDENT_NOT_FOUND'
  | 'NOT_IN_CUSTODY'
  | 'TRANSFER_NOT_FOUND'
  | 'TRANSFER_WRONG_STATE'
  | 'TRANSFER_SAME_SCHOOL'
  | 'REPORT_NOT_FOUND'
  | 'REPORT_PENDING'
  | 'REPORT_EMPTY'
  | 'REPORT_UNCHANGED'
  | 'REPORT_NOT_ON_LEDGER'
  // accounts and grants (accounts-admin.ts)
  | 'LOGIN_TAKEN'
  | 'USER_NOT_FOUND'
  | 'ROLE_NOT_GRANTABLE'
  | 'SELF_GRANT'
  | 'SELF_DISABLE'
  | 'GRANT_EXISTS'
  | 'GRANT_NOT_FOUND'
  | 'DISTRICT_NOT_FOUND'
  | 'PROVINCE_NOT_FOUND'
  // the province's registry and the Ministry's trust anchors (registry.ts, calendar.ts, trust-anchors.ts)
  | 'CALENDAR_INVALID'
  | 'DISTRICT_EXISTS'
  | 'SCHOOL_EXISTS'
  | 'SCHOOL_SAME_DISTRICT'
  | 'TRUST_ANCHOR_INVALID'
  | 'TRUST_ANCHOR_EXISTS'
  | 'TRUST_ANCHOR_NOT_FOUND'
  | 'TRUST_ANCHOR_WRONG_STATE'
  // pupils and imports (pupils.ts, imports/)
  | 'ENROLMENT_EXISTS'
  | 'ENROLLED_ELSEWHERE'
  | 'PUPIL_IDENTITY_MISMATCH'
  | 'PUPIL_AMBIGUOUS'
  | 'IMPORT_NOT_FOUND'
  | 'IMPORT_WRONG_STATE'
  | 'IMPORT_HAS_PROBLEMS'
  | 'IMPORT_FILE_INVALID'
  | 'IMPORT_FILE_TOO_LARGE';

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
