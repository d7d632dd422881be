/**
 * The lock benchmark (issue 6 point 10): N synthetic approved record versions inserted, then lockBatch end
 * to end (canonicalize, salt, hash, tree, proofs, store) on PGlite (a data directory) and on Postgres (the
 * private cluster of scripts/postgres.sh). Goals: < 60 s for 300 000 records, gateway RSS < 300 MB.
 *
 * Per backend, two child processes: one seeds the target and measures the baseline (canonicalize +
 * commitRecord on a sample of the same records, in the same run); the other is the gateway's side alone —
 * it runs lockBatch, and its peak RSS is the lock's. Ratios lock / baseline hold on a noisy machine.
 *
 *   npx tsx bench/src/lock.ts [--records 30000] [--full] [--db pglite,postgres] [--seed N] [--sample N]
 *
 * Environment: LOCK_WORKERS (the lock's worker threads, as the gateway reads it), HOCBA_BENCH_LOCK_IMPL
 * (another module's lockBatch: a before/after comparison; a file inside the checkout, so that its package
 * imports resolve), HOCBA_BENCH_LOCK_HEAP_MB (the children's V8 heap cap), HOCBA_BENCH_LOCK_CPU_PROF=<dir>
 * (V8 CPU profiles of the lock's child, one file per thread).
 *
 * The current lock also reports its main thread's time per phase (check, read, waiting for the workers,
 * the COPY, the UPDATE, the tree, the members…) and the CPU of the gateway's process and of Postgres's
 * backends during the lock: the split says where the time goes (RunResult.phases, cpuMs).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LockPhases } from '@hocba/gateway';
import type { RunResult } from './lock/run.ts';
import type { SeedResult } from './lock/seed.ts';
import { type Backend, prepareTarget } from './lock/target.ts';
import { fixed, int, loadAverage, table, writeJson } from './table.ts';

export const LOCK_GOALS = { recordsForGoal: 300_000, lockSecondsAtMost: 60, rssMBAtMost: 300 } as const;

export const LOCK_USAGE = `usage: npx tsx bench/src/lock.ts [--records N] [--full] [--db pglite,postgres] [--seed N] [--sample N]
  --records  approved versions to lock (default 30000; the goal is stated for 300000)
  --full     300000 records
  --db       backends, comma-separated (default pglite,postgres)
  --seed     seed of the synthetic records (default 2025)
  --sample   records of the baseline (canonicalize + leaf, no database); default 5000`;

export interface LockOptions {
  records: number;
  backends: Backend[];
  seed: number;
  sample: number;
}

export function parseLockArgs(argv: readonly string[]): LockOptions | 'help' {
  const o: LockOptions = { records: 30_000, backends: ['pglite', 'postgres'], seed: 2025, sample: 5_000 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const count = (s: string): number => {
      const n = Number(s.replace(/_/g, ''));
      if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag}: "${s}" is not a positive integer`);
      return n;
    };
    switch (flag) {
      case '--records':
        o.records = count(value());
        break;
      case '--full':
        o.records = LOCK_GOALS.recordsForGoal;
        break;
      case '--db': {
        const dbs = value().split(',');
        for (const d of dbs) if (d !== 'pglite' && d !== 'postgres') throw new Error(`--db: unknown ${d}`);
        o.backends = dbs as Backend[];
        break;
      }
      case '--seed':
        o.seed = count(value());
        break;
      case '--sample':
        o.sample = count(value());
        break;
      case '--help':
      case '-h':
        return 'help';
      default:
        throw new Error(`unknown option ${flag}\n${LOCK_USAGE}`);
    }
  }
  return o;
}

/** Runs a child script (tsx) with a JSON argument; its last stdout line is its JSON result. */
function child<T>(script: string, arg: unknown): Promise<T> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  return new Promise((resolve, reject) => {
    // HOCBA_BENCH_LOCK_HEAP_MB caps the children's V8 heap: what the lock needs live, not what a lazy GC keeps.
    const heap = process.env.HOCBA_BENCH_LOCK_HEAP_MB;
    const flags = ['--import', 'tsx', '--expose-gc', ...(heap ? [`--max-old-space-size=${heap}`] : [])];
    // HOCBA_BENCH_LOCK_CPU_PROF=<dir>: a V8 CPU profile of the lock's child (each thread its own file).
    const prof = process.env.HOCBA_BENCH_LOCK_CPU_PROF;
    if (prof && script.endsWith('run.ts')) flags.push('--cpu-prof', `--cpu-prof-dir=${prof}`);
    const p = spawn(process.execPath, [...flags, file, JSON.stringify(arg)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let out = '';
    // Decoded as a stream: a UTF-8 character split between two chunks stays whole.
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (d: string) => {
      out += d;
    });
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${script} exited with ${code}`));
      const last = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no result: ${out.slice(-500)}`));
      }
    });
  });
}

export interface LockResult {
  backend: Backend;
  records: number;
  loadAvgAtStart: number[];
  seed: SeedResult;
  run: RunResult;
  /** lockBatch's wall-clock µs per record. */
  perRecordUs: number;
  /** lockBatch's µs per record / the baseline's (canonicalize + node:crypto leaf). */
  lockOverBaseline: number;
  /** Seconds 300k records would take at the measured per-record rate (= lockMs when N is 300k). */
  projectedSecondsFor300k: number;
}

export async function runLock(o: LockOptions, log: (m: string) => void): Promise<LockResult[]> {
  const out: LockResult[] = [];
  for (const backend of o.backends) {
    const loadAvgAtStart = loadAverage();
    log(`lock: preparing ${backend}`);
    const { target, remove } = await prepareTarget(backend);
    try {
      log(`lock: seeding ${int(o.records)} approved versions on ${backend}`);
      const seed = await child<SeedResult>('./lock/seed.ts', {
        target,
        records: o.records,
        seed: o.seed,
        baselineSample: o.sample,
      });
      log(`lock: seeded in ${fixed(seed.seedMs / 1000, 1)} s; lockBatch on ${backend}`);
      const run = await child<RunResult>('./lock/run.ts', target);
      log(`lock: ${backend} locked in ${fixed(run.lockMs / 1000, 1)} s, peak RSS ${run.peakRssMB} MB`);
      const perRecordUs = (run.lockMs * 1000) / o.records;
      out.push({
        backend,
        records: o.records,
        loadAvgAtStart,
        seed,
        run,
        perRecordUs,
        lockOverBaseline: perRecordUs / seed.baseline.nodeUs,
        projectedSecondsFor300k: (perRecordUs * LOCK_GOALS.recordsForGoal) / 1e6,
      });
    } finally {
      await remove();
    }
  }
  return out;
}

/** The phases of lock.ts's LockPhases, in the order they run, with their column heads. */
const PHASE_COLUMNS: [keyof LockPhases, string][] = [
  ['startWorkers', 'workers'],
  ['check', 'check'],
  ['read', 'read'],
  ['waitCommit', 'wait'],
  ['copyCommits', 'copy'],
  ['update', 'update'],
  ['tree', 'tree'],
  ['members', 'members'],
  ['batchRow', 'batch'],
];

export function formatLock(results: LockResult[]): string {
  const g = LOCK_GOALS;
  const rows = results.map((r) => {
    const per = (r.run.lockMs * 1000) / r.records;
    const checks = Object.values(r.run.checks).every(Boolean) ? 'ok' : 'FAILED';
    return [
      r.backend,
      int(r.records),
      fixed(r.seed.seedMs / 1000, 1),
      fixed(r.run.lockMs / 1000, 1),
      fixed(per, 0),
      fixed(r.seed.baseline.nobleUs, 0),
      fixed(r.seed.baseline.nodeUs, 0),
      `${fixed(r.lockOverBaseline, 2)}×`,
      fixed(r.projectedSecondsFor300k, 0),
      String(r.run.peakRssMB),
      String(r.run.rssBeforeMB),
      String(r.run.peakRssMB - r.run.rssBeforeMB),
      checks,
      r.run.workers === null ? r.run.impl.split('/').at(-1)! : String(r.run.workers),
      r.loadAvgAtStart.map((x) => x.toFixed(2)).join(' '),
    ];
  });
  const lines = [
    'lockBatch end to end (canonicalize, salt, leaf, tree, proofs, store) — baseline: canonicalize + leaf of the same records, no database',
    table(
      [
        'db',
        'records',
        'seed s',
        'lock s',
        'µs/rec',
        'base noble µs',
        'base node µs',
        'lock/base',
        '→300k s',
        'peak RSS MB',
        'RSS before MB',
        'lock +MB',
        'checks',
        'workers',
        'load at start',
      ],
      rows,
    ),
  ];
  const split = results.filter((r) => r.run.phases);
  if (split.length > 0) {
    const rows: string[][] = [];
    for (const r of split) {
      const us = (ms: number) => fixed((ms * 1000) / r.records, 0);
      const row = (what: string, phases: LockPhases, total: number, cpu: number | null) => [
        r.backend,
        what,
        ...PHASE_COLUMNS.map(([k]) => us(phases[k])),
        us(PHASE_COLUMNS.reduce((t, [k]) => t + phases[k], 0)),
        us(total),
        cpu === null ? '–' : us(cpu),
      ];
      rows.push(row('main thread, wall', r.run.phases!, r.run.lockMs, r.run.cpuMs.process));
      const db = r.run.databaseCpuPhases;
      if (db) rows.push(row('Postgres, CPU', db, r.run.cpuMs.database ?? Number.NaN, null));
    }
    lines.push(
      '',
      "Where the lock's time goes, µs per record in each phase: the main thread's wall clock (the phases follow",
      "one another; the workers' hashing overlaps them, `wait` is what it costs beyond them) and the CPU of",
      "Postgres's backends in the same phases; `CPU` is the gateway process's (main thread + workers; PGlite's too)",
      table(['db', 'clock', ...PHASE_COLUMNS.map(([, head]) => head), 'sum', 'lock', 'CPU'], rows),
    );
  }
  for (const r of results) {
    const full = r.records >= g.recordsForGoal;
    const time = full ? r.run.lockMs / 1000 : r.projectedSecondsFor300k;
    lines.push(
      `  ${r.backend}: ${full ? '' : 'projected '}300k lock ${fixed(time, 0)} s (goal < ${g.lockSecondsAtMost} s: ` +
        `${time < g.lockSecondsAtMost ? 'met' : 'MISSED'}); peak RSS ${r.run.peakRssMB} MB at ${int(r.records)} ` +
        `records (goal < ${g.rssMBAtMost} MB at 300k: ` +
        // Memory grows with the batch: below 300k only a miss is a verdict.
        `${r.run.peakRssMB >= g.rssMBAtMost ? 'MISSED' : full ? 'met' : 'not measured, run --full'})`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  let o: ReturnType<typeof parseLockArgs>;
  try {
    o = parseLockArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  if (o === 'help') {
    console.log(LOCK_USAGE);
    return;
  }
  const t0 = performance.now();
  const log = (m: string) =>
    console.error(`[bench ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${m}`);
  const started = new Date();
  const results = await runLock(o, log);
  console.log(formatLock(results));
  const files = writeJson('lock', started, { started: started.toISOString(), options: o, results });
  log(`results: ${files.join(', ')}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
