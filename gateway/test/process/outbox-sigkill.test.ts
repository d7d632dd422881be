/**
 * The outbox under a real crash (issue 6 point 9), with the real server process on a temporary data
 * directory and the embedded ledger, on PGlite (in that directory) and on Postgres (scripts/postgres.sh's
 * private cluster): the scenario of crash.ts, the anchors counted in the persisted blocks. The PGlite run
 * also shows a restart keeping state and `--fresh` starting over; boot refusals are checked on their own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@hocba/db';
import { afterAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, startTestPostgres } from '../../../db/test/postgres.ts';
import { crashScenario } from './crash.ts';
import { anchorTransactions, killLeftovers, spawnServer, stopServer, waitReady } from './server.ts';

/** The anchoring transactions of a batch in the embedded ledger's block file. */
const anchorsIn = (dir: string) => async (batchId: string) =>
  anchorTransactions(join(dir, 'ledger'), batchId).map((t) => t.txId);

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  killLeftovers();
  for (const c of cleanups.reverse()) await c();
});

describe('a gateway SIGKILLed between the ledger commit and its own', () => {
  it('on PGlite: restarts to exactly one anchor and a consistent database; --fresh starts over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hocba-sigkill-pglite-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const env = { HOCBA_DATA_DIR: dir, ANCHOR_INTERVAL_MS: '200' };
    const { first, pending } = await crashScenario(
      env,
      () => openDatabase({ dataDir: join(dir, 'pglite') }),
      anchorsIn(dir),
    );

    // --fresh: a new province, a new demo batch; the old anchors are gone with the old ledger.
    const run = spawnServer(env, ['--fresh']);
    const fresh = await waitReady(run);
    expect(fresh.seededNow).toBe(true);
    expect(fresh.lookupCode).not.toBe(first.lookupCode);
    expect(await stopServer(run)).toEqual({ code: 0, signal: null });
    expect(await anchorsIn(dir)(pending.batchId)).toHaveLength(0);
  }, 300_000);

  it('on Postgres: restarts to exactly one anchor and a consistent database', async () => {
    const base = startTestPostgres();
    const scratch = await createScratchDatabase(base);
    const dir = mkdtempSync(join(tmpdir(), 'hocba-sigkill-pg-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    cleanups.push(() => scratch.drop());
    const env = { HOCBA_DATA_DIR: dir, ANCHOR_INTERVAL_MS: '200', DATABASE_URL: scratch.url };
    await crashScenario(env, () => openDatabase({ url: scratch.url }), anchorsIn(dir));
  }, 300_000);
});

describe('boot refusals', () => {
  it('refuses LEDGER=fabric without a network, saying what to run, not a stack trace', async () => {
    const run = spawnServer({
      LEDGER: 'fabric',
      HOCBA_DATA_DIR: join(tmpdir(), 'hocba-unused'),
      HOCBA_FABRIC_DIR: join(tmpdir(), 'hocba-no-network'),
    });
    expect(await run.exited).toEqual({ code: 2, signal: null });
    expect(run.output()).toContain('FABRIC_NOT_RUNNING');
    expect(run.output()).toContain('npm run network:up');
    expect(run.output()).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('refuses the fault switch outside tests', async () => {
    const run = spawnServer({
      HOCBA_FAULT: 'kill-after-ledger-commit',
      HOCBA_DATA_DIR: join(tmpdir(), 'hocba-unused'),
    });
    expect(await run.exited).toEqual({ code: 2, signal: null });
    expect(run.output()).toContain('FAULT_OUTSIDE_TEST');
  }, 60_000);
});
