/**
 * Every db test runs on both backends: PGlite in memory (the embedded default) and the real Postgres of
 * scripts/postgres.sh, each test file in its own fresh database so that files never collide.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { MEMORY, type OpenedDatabase, type OpenOptions, openDatabase } from '../src/index.ts';
import { createScratchDatabase, startTestPostgres } from './postgres.ts';

export type BackendName = 'pglite' | 'postgres';
export const BACKENDS: BackendName[] = ['pglite', 'postgres'];

/** A database for one test file; `reopen` opens the same data again (migrations run again). */
export interface TestDatabase extends OpenedDatabase {
  reopen(): Promise<OpenedDatabase>;
}

function postgresBaseUrl(): string {
  // Provided by db/test/global-setup.ts; started here when the project runs without it.
  const setupError = inject('hocbaTestPostgresError');
  if (setupError) throw new Error(`the test Postgres did not start: ${setupError}`);
  return inject('hocbaTestPostgresUrl') ?? startTestPostgres();
}

/**
 * Opens a fresh database before the file's tests and removes it after. `persistent` PGlite goes to a
 * temporary directory instead of memory, so that it can be reopened.
 */
export function useDatabase(
  backend: BackendName,
  options: { persistent?: boolean } = {},
): () => TestDatabase {
  let current: TestDatabase | undefined;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    let openOptions: OpenOptions;
    if (backend === 'postgres') {
      const scratch = await createScratchDatabase(postgresBaseUrl());
      cleanups.push(scratch.drop);
      openOptions = { url: scratch.url };
    } else if (options.persistent) {
      const dir = await mkdtemp(join(tmpdir(), 'hocba-pglite-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      openOptions = { dataDir: dir };
    } else {
      openOptions = { dataDir: MEMORY };
    }
    const opened = await openDatabase(openOptions);
    cleanups.push(opened.close);
    current = {
      ...opened,
      reopen: async () => {
        const again = await openDatabase(openOptions);
        cleanups.push(again.close);
        return again;
      },
    };
  });

  afterAll(async () => {
    // Close connections before dropping what they point at.
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  return () => {
    if (!current) throw new Error('the test database is opened in beforeAll');
    return current;
  };
}
