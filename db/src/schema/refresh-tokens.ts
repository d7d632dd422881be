/**
 * Refresh tokens (migrations/0007): the secret is never stored, only its SHA-256. A login opens a family;
 * each refresh rotates the presented row (rotatedAt) and adds the next one to the family. A rotated row
 * presented again means the token was copied: the gateway revokes the whole family.
 */
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { tstz, uuidId } from './columns.ts';
import { role } from './enums.ts';
import { users } from './users.ts';

export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuidId().primaryKey(),
    familyId: uuid('family_id').notNull(),
    userId: uuid('user_id').notNull(),
    /** The role the login chose: a refresh issues an access token for the same role. */
    role: role('role').notNull(),
    /** Hex SHA-256 of the secret part of the token. */
    tokenHash: text('token_hash').notNull(),
    issuedAt: tstz('issued_at').notNull(),
    /** When the family's login happened: grants changed after it revoke the family. */
    familyIssuedAt: tstz('family_issued_at').notNull(),
    /** The family's bounded lifetime: rotation never extends it. */
    expiresAt: tstz('expires_at').notNull(),
    rotatedAt: tstz('rotated_at'),
    revokedAt: tstz('revoked_at'),
    revokedReason: text('revoked_reason'),
  },
  (t) => [
    foreignKey({ name: 'refresh_tokens_user_fk', columns: [t.userId], foreignColumns: [users.id] }).onDelete(
      'cascade',
    ),
    check('refresh_tokens_hash_format', sql`${t.tokenHash} ~ '^[0-9a-f]{64}$'`),
    index('refresh_tokens_family_idx').on(t.familyId),
    index('refresh_tokens_user_idx').on(t.userId).where(sql`${t.revokedAt} IS NULL`),
  ],
);
