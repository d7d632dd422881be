/**
 * Where the lock benchmark's records live: a PGlite data directory (the embedded default) or a scratch
 * database on the private Postgres cluster of scripts/postgres.sh. The parent prepares the target; each
 * child process opens it by the same description.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type OpenedDatabase, openDatabase } from '@hocba/db';
import { createScratchDatabase, startTestPostgres } from '@hocba/db/scratch';

/** The one school and class of the benchmark's province. */
export const SCHOOL = 'SCH-BENCH-001';
export const CLASS = 'BENCH-ALL';

export type Backend = 'pglite' | 'postgres';

/** How a child opens the target: a data directory or a URL. */
export type Target = { backend: 'pglite'; dataDir: string } | { backend: 'postgres'; url: string };

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A fresh, empty target, and how to remove it afterwards. */
export async function prepareTarget(backend: Backend): Promise<{ target: Target; remove(): Promise<void> }> {
  if (backend === 'pglite') {
    // Under the repository's git-ignored .data, not /tmp: 300k records take about 1.5 GB.
    const dataDir = mkdtempSync(join(ROOT, '.data', 'bench-lock-'));
    return {
      target: { backend, dataDir },
      remove: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const scratch = await createScratchDatabase(startTestPostgres());
  return { target: { backend, url: scratch.url }, remove: () => scratch.drop() };
}

export function openTarget(t: Target, migrate = false): Promise<OpenedDatabase> {
  return t.backend === 'pglite'
    ? openDatabase({ dataDir: t.dataDir, migrate })
    : openDatabase({ url: t.url, migrate, maxConnections: 2 });
}
