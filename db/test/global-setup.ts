/**
 * Vitest global setup of the `db` project: starts the private Postgres cluster (scripts/postgres.sh: installs
 * Debian's package if missing, reuses a running cluster) and hands its URL to the test files. The cluster
 * is left running: `start` is idempotent, and `scripts/postgres.sh stop` ends it.
 * HOCBA_TEST_DATABASE_URL points the tests at another server instead.
 */
import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './postgres.ts';

export default function setup(project: TestProject): void {
  project.provide('hocbaTestPostgresUrl', startTestPostgres());
}
