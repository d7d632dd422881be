/**
 * Vitest global setup of the `db` project: starts the private Postgres cluster (scripts/postgres.sh: installs
 * Debian's package if missing, reuses a running cluster) and hands its URL to the test files. The cluster
 * is left running: `start` is idempotent, and `scripts/postgres.sh stop` ends it.
 * HOCBA_TEST_DATABASE_URL points the tests at another server instead.
 *
 * A cluster that cannot start fails the Postgres tests with the reason, not the whole project: a set-up that
 * throws would stop the PGlite half of every file too, and report no test at all.
 */
import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './postgres.ts';

export default function setup(project: TestProject): void {
  try {
    project.provide('hocbaTestPostgresUrl', startTestPostgres());
  } catch (error) {
    project.provide('hocbaTestPostgresError', error instanceof Error ? error.message : String(error));
  }
}
