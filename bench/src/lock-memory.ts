/**
 * Where a lock's memory goes (issue 16): lockBatch over every approved version of an already seeded target
 * (what bench/src/lock/seed.ts leaves: a scratch Postgres database or a PGlite directory), with
 * process.memoryUsage() sampled every 25 ms — RSS, the main thread's heap (total and used), external and
 * array buffers, and its young generation — before the lock, at the sampled RSS peak and as maxima, with
 * the peak RSS of all threads (getrusage). bench/src/lock.ts gives the lock's time and verdict; this gives
 * the breakdown behind its RSS.
 *
 *   npx tsx bench/src/lock-memory.ts '{"backend":"postgres","url":"postgres://…/db"}'
 *   npx tsx bench/src/lock-memory.ts '{"backend":"pglite","dataDir":"/abs/dir"}'
 *
 * The lock changes the target (its versions become locked): run it on a copy (for Postgres,
 * `CREATE DATABASE copy TEMPLATE seeded`). Prints one JSON line; figures in MB.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { recordVersions } from '@hocba/db';
import { lockBatch, lockWorkerCount } from '@hocba/gateway';
import { sql } from 'drizzle-orm';
import { openTarget, SCHOOL, type Target } from './lock/target.ts';
import { SCHOOL_YEAR } from './records.ts';

const mb = (b: number): number => Math.round(b / 1048576);
/** process.memoryUsage() and the main thread's young generation (new space, committed). */
const usage = (): Record<string, number> => ({
  ...Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, mb(v)])),
  newSpace: mb(getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0),
});

async function main(target: Target) {
  const { db, close } = await openTarget(target);
  const ids = (
    await db.execute<{ id: string }>(sql`SELECT id FROM ${recordVersions} WHERE state = 'approved'`)
  ).rows.map((r) => r.id);
  const before = usage();
  const maxima: Record<string, number> = { ...before };
  let atPeak = before;
  const timer = setInterval(() => {
    const now = usage();
    for (const [k, v] of Object.entries(now)) maxima[k] = Math.max(maxima[k] ?? 0, v);
    if (now.rss! >= atPeak.rss!) atPeak = now;
  }, 25);
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const locked = await lockBatch(db, {
    schoolId: SCHOOL,
    schoolYear: SCHOOL_YEAR,
    recordVersionIds: ids,
    kind: 'regular',
    lockedAt: new Date(),
    batchId: 'BENCH-MEMORY-1',
  });
  const lockMs = Math.round(performance.now() - t0);
  const { user, system } = process.cpuUsage(cpu);
  clearInterval(timer);
  const after = usage();
  await close();
  return {
    records: ids.length,
    leafCount: locked.leafCount,
    workers: lockWorkerCount(),
    lockMs,
    cpuMs: Math.round((user + system) / 1000),
    peakRssAllThreadsMB: mb(process.resourceUsage().maxRSS * 1024),
    before,
    atPeak,
    maxima,
    after,
    loadAverage: (await import('node:os')).loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

main(JSON.parse(process.argv[2]!) as Target).then(
  (r) => console.log(JSON.stringify(r)),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
