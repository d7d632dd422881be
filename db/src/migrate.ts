/**
 * Applies migrations/ — the same SQL files on both drivers — recording them in drizzle.__drizzle_migrations,
 * so that reopening a database applies only what is new.
 */
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { Pool } from 'pg';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

/** Any fixed number: serializes migrating processes (two gateways starting at once) on one database. */
const MIGRATION_LOCK = 7_305_711_049;

export async function migratePostgres(pool: Pool): Promise<void> {
  // A session-level lock needs one connection for the whole run, so migrate on a dedicated client.
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** PGlite is one connection in one process: nothing to serialize. Its driver loads with it (open.ts). */
export async function migrateEmbedded(client: PGlite): Promise<void> {
  const [{ drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_DIR });
}
