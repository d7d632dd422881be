/**
 * Child process 2 of the lock benchmark: the gateway's side alone. Opens the seeded target, reads the ids
 * of the approved versions (the lock's input) and runs lockBatch over all of them, timing it and sampling
 * the resident set size every 25 ms; the process's peak RSS (getrusage) is read at the end, so it covers
 * the lock and nothing of the seeding. Checks what was stored. Prints one JSON line (RunResult).
 */
import { batches, batchMembers, recordVersions } from '@hocba/db';
import { lockBatch as current, lockWorkerCount } from '@hocba/gateway';
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
  const t0 = performance.now();
  // HOCBA_BENCH_LOCK_IMPL: another implementation of lockBatch's signature (a before/after comparison).
  const impl = process.env.HOCBA_BENCH_LOCK_IMPL;
  const lockBatch: typeof current = impl ? (await import(impl)).lockBatch : current;
  const locked = await lockBatch(db, {
    schoolId: SCHOOL,
    schoolYear: SCHOOL_YEAR,
    recordVersionIds: ids,
    kind: 'regular',
    lockedAt: new Date(),
    batchId: 'BENCH-BATCH-1',
  });
  const lockMs = performance.now() - t0;
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
  };
}

main(JSON.parse(process.argv[2]!) as Target).then(
  (r) => console.log(JSON.stringify(r)),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
