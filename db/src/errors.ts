/**
 * Error codes: the SQLSTATEs our triggers raise (class HB, project-defined), the standard ones the
 * gateway maps to 4xx, and DbError for refusals made in TypeScript before reaching SQL.
 */

/** SQLSTATEs raised by the triggers of migrations/0001_*.sql and later. */
export const HOCBA_SQLSTATE = {
  /** UPDATE, DELETE or TRUNCATE of audit_log. */
  auditAppendOnly: 'HB001',
  /** A change to a locked (or revoked, superseded) record version's content, or its deletion. */
  recordCommitted: 'HB002',
  /** A change to what a signed batch committed to: manifest, CMS, root, members; or its deletion. */
  batchSigned: 'HB003',
  /** UPDATE, DELETE or TRUNCATE of access_log (migrations/0006). */
  accessAppendOnly: 'HB004',
  /** UPDATE, DELETE or TRUNCATE of document_issues (migrations/0008). */
  documentIssuesAppendOnly: 'HB005',
} as const;

/** Standard SQLSTATEs the gateway will meet (PostgreSQL Appendix A). */
export const PG_SQLSTATE = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  notNullViolation: '23502',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

interface PgLikeError {
  code?: unknown;
  constraint?: unknown;
  cause?: unknown;
}

/** The SQLSTATE of an error from either driver; Drizzle wraps the driver's error in `cause`. */
export function sqlState(error: unknown): string | undefined {
  return findPgError(error)?.code as string | undefined;
}

/** The constraint a violation names (e.g. record_versions_lookup_code_unique), when the driver says. */
export function violatedConstraint(error: unknown): string | undefined {
  const c = findPgError(error)?.constraint;
  return typeof c === 'string' ? c : undefined;
}

function findPgError(error: unknown): PgLikeError | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const candidate = e as PgLikeError;
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    e = candidate.cause;
  }
  return undefined;
}

export type DbErrorCode = 'AUDIT_PERSONAL_DATA' | 'OUTBOX_KEY_MISSING';

export class DbError extends Error {
  override readonly name = 'DbError';
  constructor(
    readonly code: DbErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
