/**
 * Child process 2 of the lock benchmark: the gateway's side alone. Opens the seeded target, reads the ids
 * of the approved versions (the lock's input) and runs lockBatch over all of them, timing it and sampling
 * the resident set size every 25 ms; the process's peak RSS (getrusage) is read at the end, so it covers
 * the lock and nothing of the seeding. Checks what was stored. Prints one JSON line (RunResult).
 */

import { readFileSync } from 'node:fs';
import { batches, batchMembers, recordVersions } from '@hocba/db';
import {
  lockBatch as current,
  LOCK_CHUNK,
  type LockPhases,
  lockBatchInChunks,
  lockWorkerCount,
  newLockPhases,
} from '@hocba/gateway';
import { count, eq, sql } from 'drizzle-orm';
import { collectGarbage } from '../measure.ts';
import { SCHOOL_YEAR } from '../records.ts';
import { openTarget, SCHOOL, type Target } from './target.ts';

export interface RunResult {
  /** The lockBatch measured: `current` (the gateway's) or HOCBA_BENCH_LOCK_IMPL's path. */
  impl: string;
  /** Worker threads the current lock uses (LOCK_WORKERS, else the cores); null for another impl. */
  workers: number | null;
  lockMs: number;
  leafCount: number;
  /** Peak RSS of this process (getrusage maxrss), MB: opening the database, reading the ids, the lock. */
  peakRssMB: number;
  /** Highest sampled RSS while lockBatch ran, MB. */
  sampledPeakRssMB: number;
  /** RSS just before lockBatch (database open, ids read), MB. */
  rssBeforeMB: number;
  checks: { membersStored: boolean; versionsLocked: boolean; batchRoot: boolean };
  /** The main thread's wall-clock ms per phase of the lock (the current lock only; null for another impl). */
  phases: LockPhases | null;
  /** Postgres: its backends' CPU ms per phase (the current lock only; null for another impl and PGlite). */
  databaseCpuPhases: LockPhases | null;
  /** CPU ms during the lock: this process (main thread and workers) and the database's backends (Postgres). */
  cpuMs: { process: number; database: number | null };
}

/**
 * Postgres: a clock of the CPU ms this database's backends have used (/proc/<pid>/schedstat, ns on CPU; the
 * server runs on this machine). The backends are those open before the lock: its transaction takes one of
 * them (the ids were just read through the same pool).
 */
async function backendCpuClock(
  db: Awaited<ReturnType<typeof openTarget>>['db'],
  target: Target,
): Promise<(() => number) | null> {
  if (target.backend !== 'postgres') return null;
  // Client backends only: an autovacuum worker (after the seeding) is listed too, and exits any time.
  const { rows } = await db.execute<{ pid: number }>(
    sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`,
  );
  const files = rows.map(({ pid }) => `/proc/${pid}/schedstat`);
  // A backend that has gone (an idle pool connection closed) keeps the CPU it had used.
  const last = new Map<string, number>();
  const cpuOf = (f: string) => {
    try {
      last.set(f, Number(readFileSync(f, 'utf8').split(' ')[0]) / 1e6);
    } catch (e) {
      if (!last.has(f)) throw e;
    }
    return last.get(f)!;
  };
  const now = () => files.reduce((t, f) => t + cpuOf(f), 0);
  try {
    now();
    return now;
  } catch {
    return null; // another machine's server, or no /proc
  }
}

const mb = (b: number): number => Math.round(b / 1048576);

async function main(target: Target): Promise<RunResult> {
  const { db, close } = await openTarget(target);
  const ids = (
    await db.execute<{ id: string }>(sql`SELECT id FROM ${recordVersions} WHERE state = 'approved'`)
  ).rows.map((r) => r.id);
  collectGarbage();
  const rssBefore = process.memoryUsage.rss();
  let sampled = rssBefore;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage.rss());
  }, 25);
  // HOCBA_BENCH_LOCK_IMPL: another implementation of lockBatch's signature (a before/after comparison).
  const impl = process.env.HOCBA_BENCH_LOCK_IMPL;
  const lockBatch: typeof current = impl ? (await import(impl)).lockBatch : current;
  const phases = impl ? null : newLockPhases();
  const input = {
    schoolId: SCHOOL,
    schoolYear: SCHOOL_YEAR,
    recordVersionIds: ids,
    kind: 'regular' as const,
    lockedAt: new Date(),
    batchId: 'BENCH-BATCH-1',
  };
  const dbClock = await backendCpuClock(db, target);
  const databaseCpuPhases = phases && dbClock ? newLockPhases() : null;
  const dbCpu0 = dbClock?.();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const locked = phases
    ? await lockBatchInChunks(db, input, LOCK_CHUNK, {
        phases,
        ...(dbClock && databaseCpuPhases && { clock: { now: dbClock, phases: databaseCpuPhases } }),
      })
    : await lockBatch(db, input);
  const lockMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const dbCpu1 = dbClock?.();
  clearInterval(timer);
  sampled = Math.max(sampled, process.memoryUsage.rss());
  const peak = mb(process.resourceUsage().maxRSS * 1024);

  const [members] = await db
    .select({ n: count() })
    .from(batchMembers)
    .where(eq(batchMembers.batchId, locked.batchId));
  const [lockedVersions] = await db
    .select({ n: count() })
    .from(recordVersions)
    .where(eq(recordVersions.state, 'locked'));
  const [batch] = await db.select({ leafCount: batches.leafCount }).from(batches);
  await close();
  return {
    impl: impl ?? 'current',
    workers: impl ? null : lockWorkerCount(),
    lockMs,
    leafCount: locked.leafCount,
    peakRssMB: peak,
    sampledPeakRssMB: mb(sampled),
    rssBeforeMB: mb(rssBefore),
    checks: {
      membersStored: members!.n === ids.length,
      versionsLocked: lockedVersions!.n === ids.length,
      batchRoot: batch?.leafCount === ids.length && locked.root.length === 64,
    },
    phases,
    databaseCpuPhases,
    cpuMs: {
      process: (cpu.user + cpu.system) / 1000,
      database: dbCpu0 === undefined || dbCpu1 === undefined ? null : dbCpu1 - dbCpu0,
    },
  };
}

main(JSON.parse(process.argv[2]!) as Target).then(
  (r) => console.log(JSON.stringify(r)),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
