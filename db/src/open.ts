/**
 * One entry point to the database: node-postgres on a real Postgres when a URL is given, else PGlite (the
 * embedded default) in a data directory. Same schema, same migrations, applied at open.
 *
 * PGlite is imported when a PGlite database is opened, not before: a gateway on Postgres never loads it
 * (+44 MB resident under tsx, issue 16).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { migrateEmbedded, migratePostgres } from './migrate.ts';
import * as schema from './schema/index.ts';
import type { Database, Dialect } from './types.ts';

export const DEFAULT_DATA_DIR = '.data/pglite';
/** PGlite's in-memory data directory: for tests. */
export const MEMORY = 'memory://';

export interface OpenOptions {
  /** postgres://… → node-postgres. */
  url?: string | undefined;
  /** PGlite data directory (relative to the working directory) or `memory://`. Default `.data/pglite`. */
  dataDir?: string | undefined;
  /** Apply pending migrations at open (default true). */
  migrate?: boolean | undefined;
  /** node-postgres pool size (default 10). */
  maxConnections?: number | undefined;
}

export interface OpenedDatabase {
  db: Database;
  dialect: Dialect;
  /** Ends the pool or closes PGlite; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Which backend: an explicit `url` wins; then an explicit `dataDir` (a caller asking for PGlite gets it
 * even where DATABASE_URL is set); then DATABASE_URL; then PGlite in the default directory.
 */
export async function openDatabase(options: OpenOptions = {}): Promise<OpenedDatabase> {
  const url = options.url ?? (options.dataDir === undefined ? process.env.DATABASE_URL : undefined);
  return url ? openPostgres(url, options) : openPglite(options.dataDir ?? DEFAULT_DATA_DIR, options);
}

async function openPostgres(url: string, options: OpenOptions): Promise<OpenedDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  // An idle client that loses its server (a restart) must not crash the process: the next query fails.
  pool.on('error', () => {});
  try {
    if (options.migrate !== false) await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const db: Database = drizzlePg(pool, { schema });
  return { db, dialect: 'postgres', close: once(() => pool.end()) };
}

async function openPglite(dataDir: string, options: OpenOptions): Promise<OpenedDatabase> {
  const isMemory = dataDir.startsWith(MEMORY);
  const location = isMemory ? dataDir : resolve(dataDir);
  if (!isMemory) mkdirSync(location, { recursive: true });
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
  ]);
  const client = new PGlite(location);
  try {
    await client.waitReady;
    if (options.migrate !== false) await migrateEmbedded(client);
  } catch (error) {
    await client.close();
    throw error;
  }
  const db: Database = drizzlePglite(client, { schema });
  return { db, dialect: 'pglite', close: once(() => client.close()) };
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= fn();
    return done;
  };
}
