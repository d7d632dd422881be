/**
 * Accounts. Hashing passwords and client secrets (scrypt or argon2, in their PHC string form) is the
 * gateway's job; the database only keeps the hash. Roles and their scopes are in roles.ts.
 */
import { sql } from 'drizzle-orm';
import { boolean, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, tstz, updatedAt, uuidId } from './columns.ts';

export const users = pgTable(
  'users',
  {
    id: uuidId().primaryKey(),
    login: text('login').notNull(),
    /** PHC string ($scrypt$… or $argon2id$…): the algorithm and its parameters travel with the hash. */
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    /** Where notifications are mailed (migrations/0015); null: the console only. */
    email: text('email'),
    active: boolean('active').notNull().default(true),
    lastLoginAt: tstz('last_login_at'),
    /**
     * When a grant of this account was last added or removed: access tokens issued before it no longer
     * carry what the account holds, and the gateway refuses them (the holder logs in again).
     */
    grantsChangedAt: tstz('grants_changed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  // Logins compare case-insensitively: "GV.Lan" and "gv.lan" are one account.
  (t) => [uniqueIndex('users_login_key').on(sql`lower(${t.login})`)],
);

/** Institutions that verify in bulk through the API with client credentials (role `verifier`). */
export const verifierClients = pgTable('verifier_clients', {
  id: uuidId().primaryKey(),
  clientId: text('client_id').notNull().unique(),
  /** PHC string of the client secret. */
  secretHash: text('secret_hash').notNull(),
  /** The institution, as it should appear in the audit log. */
  name: text('name').notNull(),
  active: boolean('active').notNull().default(true),
  lastUsedAt: tstz('last_used_at'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
