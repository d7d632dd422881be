/**
 * Lưu vết: the append-only, hash-chained audit log. Every row's `hash` is SHA-256(prevHash ‖ canonical
 * entry) (src/audit.ts), so an edit, a deletion or a reordering shows at the first row it touches.
 * A trigger (migrations/0001) refuses UPDATE, DELETE and TRUNCATE. `details` must hold no personal data:
 * identifiers of entities, codes and counts only.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { bytea, byteLength, tstz } from './columns.ts';
import { role } from './enums.ts';
import { users, verifierClients } from './users.ts';

export const auditLog = pgTable(
  'audit_log',
  {
    /** 1, 2, 3… without gaps: appendAudit assigns it under a lock. */
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: tstz('at').notNull(),
    /** Null for the system (the outbox worker) and for anonymous public lookups. */
    actorUserId: uuid('actor_user_id'),
    actorClientId: uuid('actor_client_id'),
    actorRole: role('actor_role'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    reason: text('reason'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    prevHash: bytea('prev_hash').notNull(),
    hash: bytea('hash').notNull().unique(),
  },
  (t) => [
    check('audit_log_seq_positive', sql`${t.seq} >= 1`),
    check('audit_log_prev_hash_size', byteLength(t.prevHash, 32)),
    check('audit_log_hash_size', byteLength(t.hash, 32)),
    foreignKey({ name: 'audit_log_actor_user_fk', columns: [t.actorUserId], foreignColumns: [users.id] }),
    foreignKey({
      name: 'audit_log_actor_client_fk',
      columns: [t.actorClientId],
      foreignColumns: [verifierClients.id],
    }),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_actor_user_idx').on(t.actorUserId),
    index('audit_log_at_idx').on(t.at),
  ],
);
