/**
 * The list benchmark (issue 14 point 4): the oversight lists over 10⁵ batches answer in < 200 ms p99, over
 * HTTP, on PGlite and on Postgres. The gateway runs in a child process (lists/server.ts) over a province
 * seeded by set-based SQL (lists/seed.ts); this process sends each route's requests in turn on keep-alive
 * connections, as a district officer (one district of 20: ~5 000 batches) and as the province officer (all
 * of them), and times each answer to its last byte. Routes: GET /v1/batches (first page, a filtered page,
 * a page after a cursor 90% deep), the counts and the four waiting lists of /v1/oversight. Baseline, in the
 * same run against the same server: GET /health (no token, no query), before and after the routes.
 *
 *   npx tsx bench/src/lists.ts [--batches 100000] [--records 100000] [--requests 200] [--connections 1]
 *                              [--db pglite,postgres]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createScratchDatabase, startTestPostgres } from '@hocba/db/scratch';
import { READY } from './gateway/ready.ts';
import type { ListsReady } from './lists/server.ts';
import { fixed, int, loadAverage, table, writeJson } from './table.ts';

export const LISTS_GOAL = { p99MsBelow: 200 } as const;

const USAGE = `usage: npx tsx bench/src/lists.ts [--batches N] [--records N] [--requests N] [--connections N] [--db D]
  --batches      batches in the province (default 100000)
  --records      record versions (default 100000; corrections 1/50 of them, transfers 1/100)
  --requests     timed requests per route and caller (default 200, after 10 untimed)
  --connections  requests in flight at once (default 1: one officer's calls in turn)
  --db           pglite, postgres, or both comma-separated (default pglite,postgres)
Writes bench/results/lists-<time>.json and lists-latest.json.`;

type Db = 'pglite' | 'postgres';
interface Options {
  batches: number;
  records: number;
  requests: number;
  connections: number;
  dbs: Db[];
}

function parseArgs(argv: readonly string[]): Options | 'help' {
  const o: Options = {
    batches: 100_000,
    records: 100_000,
    requests: 200,
    connections: 1,
    dbs: ['pglite', 'postgres'],
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const v = inline ?? argv[i + 1];
    if (flag === '--help' || flag === '-h') return 'help';
    if (inline === undefined) i++;
    if (flag === '--db') {
      const dbs = (v ?? '').split(',');
      if (!dbs.every((d) => d === 'pglite' || d === 'postgres')) throw new Error(`--db: ${v}\n${USAGE}`);
      o.dbs = [...new Set(dbs as Db[])];
      continue;
    }
    const n = Number(v);
    if (!['--batches', '--records', '--requests', '--connections'].includes(flag))
      throw new Error(`unknown option ${flag}\n${USAGE}`);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer`);
    o[flag.slice(2) as 'batches' | 'records' | 'requests' | 'connections'] = n;
  }
  return o;
}

/** Starts the server child and resolves with its ready line. */
function startServer(
  o: Options,
  env: Record<string, string>,
): Promise<{ proc: ChildProcess; ready: ListsReady }> {
  const file = fileURLToPath(new URL('./lists/server.ts', import.meta.url));
  const proc = spawn(process.execPath, ['--import', 'tsx', file, String(o.batches), String(o.records)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: '', ...env },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let ready = false;
    proc.on('error', reject);
    proc.on(
      'exit',
      (code) => ready || reject(new Error(`lists/server.ts exited with ${code} before it was ready`)),
    );
    // Decoded as a stream: a UTF-8 character split between two chunks stays whole.
    proc.stdout!.setEncoding('utf8');
    proc.stdout!.on('data', (d: string) => {
      if (ready) return; // read and dropped: the child never blocks on a full pipe
      out += d;
      const at = out.indexOf(READY);
      const nl = at >= 0 ? out.indexOf('\n', at) : -1;
      if (nl < 0) return;
      ready = true;
      resolve({ proc, ready: JSON.parse(out.slice(at + READY.length, nl)) as ListsReady });
    });
  });
}

export interface RouteRun {
  route: string;
  as: 'district' | 'province' | 'none';
  path: string;
  requests: number;
  failed: number;
  /** Of the last answer: its size, and the total the list or counts say they cover. */
  bytes: number;
  total: number | null;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  /** p99 over the baseline's p99 (the mean of its runs before and after). */
  p99OverBaseline: number | null;
  goalMet: boolean | null;
}

const at = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

/** `requests` timed calls of one path (after 10 untimed), `connections` at a time. */
async function measure(
  base: string,
  route: string,
  as: RouteRun['as'],
  path: string,
  token: string | undefined,
  o: Options,
): Promise<RouteRun> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  let failed = 0;
  let bytes = 0;
  let total: number | null = null;
  const one = async (): Promise<number> => {
    const t0 = performance.now();
    const res = await fetch(`${base}${path}`, { headers });
    const body = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200) {
      failed++;
      if (failed === 1) console.error(`[lists] ${as} ${path}: ${res.status} ${body.slice(0, 300)}`);
    }
    bytes = body.length;
    const t = (JSON.parse(body) as { total?: unknown }).total;
    total = typeof t === 'number' ? t : null;
    return ms;
  };
  for (let i = 0; i < 10; i++) await one();
  const times: number[] = [];
  let left = o.requests;
  await Promise.all(
    Array.from({ length: o.connections }, async () => {
      while (left-- > 0) times.push(await one());
    }),
  );
  times.sort((a, b) => a - b);
  return {
    route,
    as,
    path,
    requests: times.length,
    failed,
    bytes,
    total,
    p50Ms: at(times, 0.5),
    p95Ms: at(times, 0.95),
    p99Ms: at(times, 0.99),
    maxMs: times.at(-1)!,
    meanMs: times.reduce((a, b) => a + b, 0) / times.length,
    p99OverBaseline: null,
    goalMet: null,
  };
}

export interface DbRun {
  db: Db;
  loadAvgAtStart: number[];
  seedMs: number;
  batches: number;
  districtBatches: number;
  baseline: { before: RouteRun; after: RouteRun; p99Ms: number };
  routes: RouteRun[];
  allMet: boolean;
}

const YEAR = '2025-2026';

async function runOn(o: Options, db: Db, log: (m: string) => void): Promise<DbRun> {
  const loadAvgAtStart = loadAverage();
  log(
    `lists: seeding ${int(o.batches)} batches and ${int(o.records)} records on ${db}, starting the gateway`,
  );
  const scratch = db === 'postgres' ? await createScratchDatabase(startTestPostgres()) : undefined;
  const server = await startServer(o, scratch ? { HOCBA_BENCH_DATABASE_URL: scratch.url } : {});
  try {
    const r = server.ready;
    log(
      `lists: ${db} seeded in ${fixed(r.seedMs / 1000, 1)} s; ${int(r.counts.districtBatches)} batches in district D3`,
    );
    const base = `http://127.0.0.1:${r.port}`;
    const health = () => measure(base, 'GET /health (baseline)', 'none', '/health', undefined, o);
    const before = await health();
    const routes: RouteRun[] = [];
    for (const as of ['district', 'province'] as const) {
      const targets: [string, string][] = [
        ['GET /v1/batches: first page', '/v1/batches?limit=50'],
        ['GET /v1/batches: filtered', `/v1/batches?status=anchored&schoolYear=${YEAR}&limit=50`],
        ['GET /v1/batches: deep cursor', `/v1/batches?limit=50&cursor=${r.deepCursor[as]}`],
        ['GET /v1/oversight/batch-counts by status', '/v1/oversight/batch-counts?groupBy=status'],
        [
          'GET /v1/oversight/batch-counts by school',
          `/v1/oversight/batch-counts?groupBy=school&schoolYear=${YEAR}`,
        ],
        ['GET /v1/oversight/record-counts by school', '/v1/oversight/record-counts?groupBy=school'],
        ['GET /v1/oversight/waiting acceptance', '/v1/oversight/waiting?kind=acceptance'],
        ['GET /v1/oversight/waiting correction', '/v1/oversight/waiting?kind=correction'],
        ['GET /v1/oversight/waiting transfer', '/v1/oversight/waiting?kind=transfer'],
        ['GET /v1/oversight/waiting recall', '/v1/oversight/waiting?kind=recall'],
      ];
      for (const [route, path] of targets) {
        const run = await measure(base, route, as, path, r.tokens[as], o);
        log(
          `lists: ${db} ${as.padEnd(8)} ${route.padEnd(42)} p50 ${fixed(run.p50Ms, 1)} p95 ${fixed(run.p95Ms, 1)} p99 ${fixed(run.p99Ms, 1)} ms`,
        );
        routes.push(run);
      }
    }
    const after = await health();
    const baseP99 = (before.p99Ms + after.p99Ms) / 2;
    for (const run of routes) {
      run.p99OverBaseline = baseP99 > 0 ? run.p99Ms / baseP99 : null;
      run.goalMet = run.p99Ms < LISTS_GOAL.p99MsBelow && run.failed === 0;
    }
    return {
      db,
      loadAvgAtStart,
      seedMs: r.seedMs,
      batches: r.counts.batches,
      districtBatches: r.counts.districtBatches,
      baseline: { before, after, p99Ms: baseP99 },
      routes,
      allMet: routes.every((x) => x.goalMet),
    };
  } finally {
    const exited = new Promise((resolve) => server.proc.once('exit', resolve));
    server.proc.kill();
    if (scratch) await exited.then(() => scratch.drop());
  }
}

export function formatLists(o: Options, runs: DbRun[]): string {
  const lines: string[] = [];
  for (const r of runs) {
    const row = (x: RouteRun) => [
      x.route,
      x.as,
      x.total === null ? '' : int(x.total),
      fixed(x.p50Ms, 1),
      fixed(x.p95Ms, 1),
      fixed(x.p99Ms, 1),
      fixed(x.maxMs, 1),
      x.p99OverBaseline === null ? '' : `${fixed(x.p99OverBaseline, 1)}×`,
      String(x.failed),
      x.goalMet === null ? '' : x.goalMet ? 'met' : 'MISSED',
    ];
    lines.push(
      `list routes over HTTP (gateway on ${r.db}; ${int(r.batches)} batches, ${int(r.districtBatches)} in the district ` +
        `officer's district; ${o.requests} requests per row, ${o.connections} in flight; seeded in ` +
        `${fixed(r.seedMs / 1000, 1)} s; load average at start ${r.loadAvgAtStart.join(' ')})`,
      table(
        [
          'route',
          'as',
          'total',
          'p50 ms',
          'p95 ms',
          'p99 ms',
          'max ms',
          '×base p99',
          'failed',
          `p99 < ${LISTS_GOAL.p99MsBelow} ms`,
        ],
        [row(r.baseline.before), ...r.routes.map(row), row(r.baseline.after)],
      ),
      `  ${r.db}: ${r.routes.filter((x) => x.goalMet).length} of ${r.routes.length} routes meet p99 < ${LISTS_GOAL.p99MsBelow} ms` +
        ` (${r.allMet ? 'met' : 'MISSED'}); baseline GET /health p99 ${fixed(r.baseline.p99Ms, 2)} ms`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  let o: ReturnType<typeof parseArgs>;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  if (o === 'help') {
    console.log(USAGE);
    return;
  }
  const t0 = performance.now();
  const log = (m: string) =>
    console.error(`[bench ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${m}`);
  const started = new Date();
  const runs: DbRun[] = [];
  for (const db of o.dbs) runs.push(await runOn(o, db, log));
  console.log(formatLists(o, runs));
  const files = writeJson('lists', started, {
    started: started.toISOString(),
    options: o,
    goal: LISTS_GOAL,
    byDb: Object.fromEntries(runs.map((r) => [r.db, r])),
    allMet: runs.every((r) => r.allMet),
  });
  log(`results: ${files.join(', ')}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
