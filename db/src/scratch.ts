/**
 * The project's private Postgres cluster (scripts/postgres.sh) and throw-away databases in it, for the
 * Postgres tests and the benchmarks' Postgres runs (`@hocba/db/scratch`). Development tooling: production
 * opens its database from DATABASE_URL.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const SCRIPT = fileURLToPath(new URL('../../scripts/postgres.sh', import.meta.url));

/** Starts (or finds) the private cluster and returns the URL of its `hocba_test` database. */
export function startTestPostgres(): string {
  const external = process.env.HOCBA_TEST_DATABASE_URL;
  if (external) return external;
  return execFileSync('bash', [SCRIPT, 'start'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 300_000,
  }).trim();
}

/** Creates a fresh database next to `baseUrl`'s; returns its URL and how to drop it. */
export async function createScratchDatabase(
  baseUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `hocba_test_${randomBytes(6).toString('hex')}`;
  await admin(baseUrl, `CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE: a test that failed half-way may have left a connection open.
    drop: () => admin(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function admin(baseUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
