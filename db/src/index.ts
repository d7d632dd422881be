/**
 * @hocba/db: the Drizzle schema, its SQL migrations, and the helpers the gateway shares — the audit chain
 * and the anchoring outbox. Open the database with openDatabase(); tables are exported by name and as
 * `schema`.
 */
export {
  AUDIT_GENESIS_HASH,
  type AuditChainReport,
  type AuditEntryInput,
  type AuditRow,
  appendAudit,
  auditEntryHash,
  type CanonicalAuditEntry,
  canonicalAuditEntry,
  verifyAuditChain,
} from './audit.ts';
export {
  DbError,
  type DbErrorCode,
  HOCBA_SQLSTATE,
  PG_SQLSTATE,
  sqlState,
  violatedConstraint,
} from './errors.ts';
export { MIGRATIONS_DIR } from './migrate.ts';
export { DEFAULT_DATA_DIR, MEMORY, type OpenedDatabase, type OpenOptions, openDatabase } from './open.ts';
export {
  type Claim,
  type ClaimOptions,
  claimOutbox,
  enqueueOutbox,
  markOutboxDone,
  markOutboxFailed,
  markOutboxRetry,
  type OutboxEntryInput,
  type OutboxRow,
} from './outbox.ts';
export * as schema from './schema/index.ts';
export * from './schema/index.ts';
export { inTransaction } from './transaction.ts';
export type { Database, Dialect, Executor, QueryResultHKT, Schema, Transaction } from './types.ts';
