/**
 * The test Postgres server: its URL, and one throw-away database per test file (src/scratch.ts, which the
 * benchmarks use too); what the global set-up provides to the test files.
 */
export { createScratchDatabase, startTestPostgres } from '../src/scratch.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    hocbaTestPostgresUrl: string;
    /** Why the global set-up could not start the cluster (then no URL is provided). */
    hocbaTestPostgresError: string;
  }
}
