/**
 * The gateway benchmark (issue 6 point 10, issue 16): the public verify endpoints under autocannon on
 * loopback, beside a bare Fastify route in the same run, same connections, same duration. Goals (issue 16):
 * GET /v1/verify/:lookupCode and POST /v1/verify/bundle each ≥ 40% of the bare route's requests per second,
 * p99 < 20 ms; POST /v1/verify/bulk with 1,000 bundles < 1 s a call.
 *
 * The gateway and the bare instance each run in their own child process (src/gateway/server.ts, bare.ts);
 * autocannon runs here, so the load generator does not share the servers' event loops. Each pair is
 * measured bare → verify → bare, and the verify figures are compared with the mean of the two bare runs
 * (the machine is shared: drift during the pair shows as a difference between the two bare runs). The
 * gateway's verify caches (plugins/app/ledger-cache.ts) start empty; each row says how often they answered
 * (hits / lookups of the cache during that run), and the bulk row gives the first call (caches cold) apart,
 * with the gateway's CPU time for it (a figure the shared machine's load inflates less than the wall time).
 *
 * Ledgers: the embedded one (in the gateway's process), and with `--ledger fabric` the bench's own Fabric
 * network (.data/fabric-bench, ports +10000, as src/school.ts and src/anchor.ts use it), reset at the start
 * and stopped at the end; the gateway enrols its identities with the network's CAs (startFabricProvince).
 *
 *   npx tsx bench/src/gateway-verify.ts [--duration 10] [--connections 10] [--records 20] [--bulk 1000]
 *                                       [--db pglite,postgres] [--ledger embedded,fabric]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScratchDatabase, startTestPostgres } from '@hocba/db/scratch';
import autocannon, { type Request, type Result } from 'autocannon';
import { READY } from './gateway/ready.ts';
import type { CacheCounters, ServerReady, ServerStats } from './gateway/server.ts';
import { fixed, int, loadAverage, table, writeJson } from './table.ts';

export const VERIFY_GOALS = { rpsShareOfBareAtLeast: 0.4, p99MsBelow: 20, bulkMsBelow: 1000 } as const;

const ROOT = resolve(import.meta.dirname, '../..');
const NETWORK = join(ROOT, 'network/fabric/scripts/network.sh');

export const VERIFY_USAGE = `usage: npx tsx bench/src/gateway-verify.ts [--duration S] [--connections N] [--records N] [--bulk N] [--db D] [--ledger L]
  --duration     seconds per autocannon run (default 10; 9 runs, plus 2 s of warm-up per target)
  --connections  concurrent connections (default 10; the bulk rows use 1: one institution's calls in turn)
  --records      records looked up in turn by GET /v1/verify/:code (default 20)
  --bulk         bundles per POST /v1/verify/bulk call, one per record of the batch (default 1000, at most 1000)
  --db           the gateway's database, or a comma-separated list run one after the other: pglite (in
                 process, the embedded default) or postgres (a scratch database on the private cluster of
                 scripts/postgres.sh); default pglite
  --ledger       embedded (in process, the default), fabric (the bench's own network in .data/fabric-bench,
                 ports +10000: reset, started, stopped at the end), or both, comma-separated
Writes bench/results/gateway-verify-latest.json: byLedger.<ledger>.<db>.{pairs, bulk} (byDb.<db>: the
embedded ledger's, the shape before) and summary.{lookup, bundle, bulk1000}.<db> (embedded) and
summary.fabric.{lookup, bundle, bulk1000}.<db> (ratio to bare, p99, per-call time, first call, its CPU time).`;

export type Db = 'pglite' | 'postgres';
export type Ledger = 'embedded' | 'fabric';

export interface VerifyOptions {
  duration: number;
  connections: number;
  records: number;
  bulk: number;
  dbs: Db[];
  ledgers: Ledger[];
}

export function parseVerifyArgs(argv: readonly string[]): VerifyOptions | 'help' {
  const o: VerifyOptions = {
    duration: 10,
    connections: 10,
    records: 20,
    bulk: 1000,
    dbs: ['pglite'],
    ledgers: ['embedded'],
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const v = inline ?? argv[i + 1];
    const n = Number(v);
    if (flag === '--help' || flag === '-h') return 'help';
    if (flag === '--db') {
      const dbs = (v ?? '').split(',');
      if (!dbs.every((d) => d === 'pglite' || d === 'postgres'))
        throw new Error(`--db is pglite, postgres or both (comma-separated)\n${VERIFY_USAGE}`);
      o.dbs = [...new Set(dbs as Db[])];
      if (inline === undefined) i++;
      continue;
    }
    if (flag === '--ledger') {
      const ledgers = (v ?? '').split(',');
      if (!ledgers.every((l) => l === 'embedded' || l === 'fabric'))
        throw new Error(`--ledger is embedded, fabric or both (comma-separated)\n${VERIFY_USAGE}`);
      o.ledgers = [...new Set(ledgers as Ledger[])];
      if (inline === undefined) i++;
      continue;
    }
    if (!['--duration', '--connections', '--records', '--bulk'].includes(flag))
      throw new Error(`unknown option ${flag}\n${VERIFY_USAGE}`);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer`);
    if (flag === '--bulk' && n > 1000) throw new Error('--bulk is at most 1000 (the route’s limit)');
    if (inline === undefined) i++;
    o[flag.slice(2) as 'duration' | 'connections' | 'records' | 'bulk'] = n;
  }
  return o;
}

/** Starts a child server and resolves with its first stdout line (JSON). */
export function startChild<T>(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ proc: ChildProcess; ready: T }> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const proc = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: '', ...env },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let ready = false;
    proc.on('error', reject);
    proc.on('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    // Decoded as a stream: a UTF-8 character split between two chunks must not become U+FFFD (it did:
    // 2–5 of the thousand bundles arrived with a Vietnamese letter broken, and failed their check).
    proc.stdout!.setEncoding('utf8');
    proc.stdout!.on('data', (d: string) => {
      if (ready) return; // read and dropped, so that the child never blocks on a full pipe
      out += d;
      const at = out.indexOf(READY);
      const nl = at >= 0 ? out.indexOf('\n', at) : -1;
      if (nl >= 0) {
        ready = true;
        resolve({ proc, ready: JSON.parse(out.slice(at + READY.length, nl)) as T });
      }
      // Only the tail matters; the rest (chaincode or pino output) is dropped.
      else if (at < 0) out = out.slice(-READY.length);
    });
  });
}

export interface Run {
  target: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  non2xx: number;
  errors: number;
}

function summary(target: string, r: Result): Run {
  return {
    target,
    rps: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

export interface Pair {
  endpoint: string;
  bareBefore: Run;
  verify: Run;
  bareAfter: Run;
  /** verify rps / mean bare rps. */
  rpsRatio: number;
  /** Of the verify run: hits / (hits + misses) of the caches it used. */
  cacheHitRatio: Record<string, number | null>;
  goalsMet: { rps: boolean; p99: boolean };
}

export interface BulkResult {
  bundles: number;
  /** The first call, on caches a restart left empty (every report computed, every view read). */
  firstCallMs: number;
  /** The gateway process's CPU time (user + system) during the first call. */
  firstCallCpuMs: number;
  bareBefore: Run;
  verify: Run;
  bareAfter: Run;
  /** Mean time of a call (1 connection: calls one after another). */
  msPerCall: number;
  bundlesPerSecond: number;
  bareMsPerCall: number;
  cacheHitRatio: Record<string, number | null>;
  goalsMet: { ms: boolean };
}

export interface DbResult {
  db: Db;
  ledger: Ledger;
  loadAvgAtStart: number[];
  responseBytes: { lookup: number; bundle: number; bulk: number };
  pairs: Pair[];
  bulk: BulkResult;
}

/** The goal rows of one ledger, by database (what bench/src/summary.ts reads). */
export interface LedgerSummary {
  lookup: Partial<Record<Db, { rpsRatio: number; p99Ms: number; rps: number; cacheHitRatio: number | null }>>;
  bundle: Partial<Record<Db, { rpsRatio: number; p99Ms: number; rps: number; cacheHitRatio: number | null }>>;
  bulk1000: Partial<
    Record<
      Db,
      {
        bundles: number;
        msPerCall: number;
        p99Ms: number;
        bundlesPerSecond: number;
        firstCallMs: number;
        firstCallCpuMs: number;
        bareMsPerCall: number;
        cacheHitRatio: number | null;
      }
    >
  >;
}

export interface VerifyResult {
  options: VerifyOptions;
  /** The embedded ledger's runs (the shape before --ledger). */
  byDb: Partial<Record<Db, DbResult>>;
  byLedger: Partial<Record<Ledger, Partial<Record<Db, DbResult>>>>;
  /** The goal rows, by database: the embedded ledger's here, Fabric's under `fabric`. */
  summary: LedgerSummary & { fabric?: LedgerSummary };
}

const ratio = (hits: number, misses: number) => (hits + misses === 0 ? null : hits / (hits + misses));

/** Hit ratios of each cache between two snapshots. */
function hitRatios(a: CacheCounters, b: CacheCounters): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const k of Object.keys(a) as (keyof CacheCounters)[])
    out[k] = ratio(b[k].hits - a[k].hits, b[k].misses - a[k].misses);
  return out;
}

export async function runVerifyOn(
  o: VerifyOptions,
  db: Db,
  log: (m: string) => void,
  ledger: Ledger = 'embedded',
): Promise<DbResult> {
  const loadAvgAtStart = loadAverage();
  log(
    `verify: building the gateway over an anchored batch of ${Math.max(o.records, o.bulk)} records on ${db}, ${ledger} ledger`,
  );
  const scratch = db === 'postgres' ? await createScratchDatabase(startTestPostgres()) : undefined;
  const gw = await startChild<ServerReady>('./gateway/server.ts', [String(o.records), String(o.bulk)], {
    ...(scratch && { HOCBA_BENCH_DATABASE_URL: scratch.url }),
    ...(ledger === 'fabric' && { HOCBA_BENCH_LEDGER: 'fabric', ...fabricEnv() }),
  });
  const bodiesFile = join(tmpdir(), `hocba-bench-bare-${process.pid}.json`);
  let bare: { proc: ChildProcess; ready: { port: number } } | undefined;
  try {
    const base = `http://127.0.0.1:${gw.ready.port}`;
    const stats = async () =>
      (await (await fetch(`http://127.0.0.1:${gw.ready.statsPort}/`)).json()) as ServerStats;
    const counters = async () => (await stats()).caches;
    const json = { 'content-type': 'application/json' };
    const bulkHeaders = { ...json, authorization: `Bearer ${gw.ready.bulkToken}` };
    const bulkBody = JSON.stringify({ bundles: gw.ready.bulk.slice(0, o.bulk) });
    // The first bulk call, before anything else reads the ledger: the caches are empty.
    const cpu0 = (await stats()).cpuUs;
    const t0 = performance.now();
    const firstBulk = await fetch(`${base}/v1/verify/bulk`, {
      method: 'POST',
      headers: bulkHeaders,
      body: bulkBody,
    });
    const bulkAnswer = await firstBulk.text();
    const firstCallMs = performance.now() - t0;
    const firstCallCpuMs = ((await stats()).cpuUs - cpu0) / 1000;
    if (firstBulk.status !== 200)
      throw new Error(`POST /v1/verify/bulk: ${firstBulk.status} ${bulkAnswer.slice(0, 300)}`);
    // Every bundle is a genuine record's: a report that is not `valid` means the bench measured broken inputs.
    const verdicts = (JSON.parse(bulkAnswer) as { reports: { verdict: string }[] }).reports.map(
      (r) => r.verdict,
    );
    const notValid = verdicts.filter((v) => v !== 'valid').length;
    if (verdicts.length !== o.bulk || notValid > 0)
      throw new Error(`POST /v1/verify/bulk: ${notValid} of ${verdicts.length} reports not valid`);
    log(
      `verify: first POST /v1/verify/bulk of ${o.bulk} bundles (empty caches) ${fixed(firstCallMs, 0)} ms, ` +
        `gateway CPU ${fixed(firstCallCpuMs, 0)} ms`,
    );
    // The bare route answers bodies of the same size as the gateway's answers.
    const lookupBody = await (await fetch(`${base}${gw.ready.lookupPaths[0]}`)).text();
    const bundleBody = JSON.stringify(gw.ready.bundle);
    const postBody = await (
      await fetch(`${base}/v1/verify/bundle`, { method: 'POST', headers: json, body: bundleBody })
    ).text();
    writeFileSync(
      bodiesFile,
      JSON.stringify({
        get: JSON.parse(lookupBody),
        post: JSON.parse(postBody),
        bulk: JSON.parse(bulkAnswer),
      }),
    );
    bare = await startChild<{ port: number }>('./gateway/bare.ts', [bodiesFile]);
    const bareBase = `http://127.0.0.1:${bare.ready.port}`;

    const paths = gw.ready.lookupPaths;
    let next = 0;
    const targets = {
      'GET /v1/verify/:lookupCode': {
        url: base,
        // Each request looks up the next record: not one cached answer.
        requests: [
          { method: 'GET', setupRequest: (r: Request) => ({ ...r, path: paths[next++ % paths.length]! }) },
        ],
      },
      'GET bare': { url: `${bareBase}/bare` },
      'POST /v1/verify/bundle': {
        url: `${base}/v1/verify/bundle`,
        method: 'POST',
        headers: json,
        body: bundleBody,
      },
      'POST bare': { url: `${bareBase}/bare`, method: 'POST', headers: json, body: bundleBody },
      'POST /v1/verify/bulk': {
        url: `${base}/v1/verify/bulk`,
        method: 'POST',
        headers: bulkHeaders,
        body: bulkBody,
        connections: 1,
      },
      'POST bare-bulk': {
        url: `${bareBase}/bare-bulk`,
        method: 'POST',
        headers: json,
        body: bulkBody,
        connections: 1,
      },
    } as const;
    const run = async (name: keyof typeof targets, duration = o.duration): Promise<Run> => {
      const r = await autocannon({ connections: o.connections, ...targets[name], duration });
      const s = summary(name, r);
      log(
        `verify: ${name.padEnd(27)} ${fixed(s.rps, 0).padStart(7)} req/s  p50 ${s.p50Ms} ms  p99 ${s.p99Ms} ms`,
      );
      return s;
    };
    for (const name of Object.keys(targets) as (keyof typeof targets)[]) await run(name, 2); // warm-up
    const measured = async (endpoint: keyof typeof targets, bareName: keyof typeof targets) => {
      const bareBefore = await run(bareName);
      const before = await counters();
      const verify = await run(endpoint);
      const cacheHitRatio = hitRatios(before, await counters());
      const bareAfter = await run(bareName);
      return { bareBefore, verify, bareAfter, cacheHitRatio };
    };
    const pairs: Pair[] = [];
    for (const [endpoint, bareName] of [
      ['GET /v1/verify/:lookupCode', 'GET bare'],
      ['POST /v1/verify/bundle', 'POST bare'],
    ] as const) {
      const m = await measured(endpoint, bareName);
      const rpsRatio = m.verify.rps / ((m.bareBefore.rps + m.bareAfter.rps) / 2);
      pairs.push({
        endpoint,
        ...m,
        rpsRatio,
        goalsMet: {
          rps:
            rpsRatio >= VERIFY_GOALS.rpsShareOfBareAtLeast && m.verify.non2xx === 0 && m.verify.errors === 0,
          p99: m.verify.p99Ms < VERIFY_GOALS.p99MsBelow,
        },
      });
    }
    const b = await measured('POST /v1/verify/bulk', 'POST bare-bulk');
    const msPerCall = b.verify.rps > 0 ? 1000 / b.verify.rps : Number.POSITIVE_INFINITY;
    const bareRps = (b.bareBefore.rps + b.bareAfter.rps) / 2;
    const bulk: BulkResult = {
      bundles: o.bulk,
      firstCallMs,
      firstCallCpuMs,
      ...b,
      msPerCall,
      bundlesPerSecond: b.verify.rps * o.bulk,
      bareMsPerCall: bareRps > 0 ? 1000 / bareRps : Number.POSITIVE_INFINITY,
      goalsMet: {
        ms: msPerCall < VERIFY_GOALS.bulkMsBelow && b.verify.non2xx === 0 && b.verify.errors === 0,
      },
    };
    return {
      db,
      ledger,
      loadAvgAtStart,
      responseBytes: { lookup: lookupBody.length, bundle: postBody.length, bulk: bulkAnswer.length },
      pairs,
      bulk,
    };
  } finally {
    const exited = new Promise((resolve) => gw.proc.once('exit', resolve));
    gw.proc.kill();
    bare?.proc.kill();
    rmSync(bodiesFile, { force: true });
    // Its connections must be gone before the scratch database can be dropped.
    if (scratch) await exited.then(() => scratch.drop());
  }
}

export function fabricEnv(): Record<string, string> {
  return {
    HOCBA_FABRIC_DIR: process.env.HOCBA_FABRIC_DIR ?? join(ROOT, '.data/fabric-bench'),
    HOCBA_FABRIC_PORT_OFFSET: process.env.HOCBA_FABRIC_PORT_OFFSET ?? '10000',
  };
}

/** The bench's Fabric network (network/fabric/scripts/network.sh in its own folder and ports). */
export const network = (cmd: 'reset' | 'up' | 'down') =>
  execFileSync('bash', [NETWORK, cmd], {
    env: { ...process.env, ...fabricEnv() },
    stdio: ['ignore', 'ignore', 'inherit'],
  });

function summarize(runs: Partial<Record<Db, DbResult>>): LedgerSummary {
  const out: LedgerSummary = { lookup: {}, bundle: {}, bulk1000: {} };
  for (const r of Object.values(runs)) {
    const row = (p: Pair, cache: string) => ({
      rpsRatio: p.rpsRatio,
      p99Ms: p.verify.p99Ms,
      rps: p.verify.rps,
      cacheHitRatio: p.cacheHitRatio[cache] ?? null,
    });
    out.lookup[r.db] = row(r.pairs[0]!, 'lookups');
    out.bundle[r.db] = row(r.pairs[1]!, 'reports');
    out.bulk1000[r.db] = {
      bundles: r.bulk.bundles,
      msPerCall: r.bulk.msPerCall,
      p99Ms: r.bulk.verify.p99Ms,
      bundlesPerSecond: r.bulk.bundlesPerSecond,
      firstCallMs: r.bulk.firstCallMs,
      firstCallCpuMs: r.bulk.firstCallCpuMs,
      bareMsPerCall: r.bulk.bareMsPerCall,
      cacheHitRatio: r.bulk.cacheHitRatio.reports ?? null,
    };
  }
  return out;
}

export async function runVerify(o: VerifyOptions, log: (m: string) => void): Promise<VerifyResult> {
  const byLedger: VerifyResult['byLedger'] = {};
  for (const ledger of o.ledgers) {
    const runs: Partial<Record<Db, DbResult>> = {};
    byLedger[ledger] = runs;
    if (ledger === 'fabric') {
      log(`verify: a fresh Fabric network in ${fabricEnv().HOCBA_FABRIC_DIR}`);
      network('reset');
      network('up');
    }
    try {
      for (const db of o.dbs) runs[db] = await runVerifyOn(o, db, log, ledger);
    } finally {
      if (ledger === 'fabric') network('down');
    }
  }
  const embedded = byLedger.embedded ?? {};
  return {
    options: o,
    byDb: embedded,
    byLedger,
    summary: { ...summarize(embedded), ...(byLedger.fabric && { fabric: summarize(byLedger.fabric) }) },
  };
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${fixed(x * 100, 1)}%`);

export function formatVerify(result: VerifyResult): string {
  const g = VERIFY_GOALS;
  const lines: string[] = [];
  for (const r of Object.values(result.byLedger).flatMap((runs) => Object.values(runs ?? {}))) {
    const rows: string[][] = [];
    const runs = [
      ...r.pairs.flatMap((p) => [p.bareBefore, p.verify, p.bareAfter]),
      r.bulk.bareBefore,
      r.bulk.verify,
      r.bulk.bareAfter,
    ];
    for (const x of runs) {
      rows.push([
        x.target,
        fixed(x.rps, 0),
        String(x.p50Ms),
        String(x.p99Ms),
        String(x.maxMs),
        int(x.requests),
        String(x.non2xx + x.errors),
      ]);
    }
    const o = result.options;
    lines.push(
      `verify endpoints under autocannon (gateway on ${r.db}, ${r.ledger} ledger; loopback, ${o.connections} connections (bulk: 1), ${o.duration} s per run; ` +
        `answers ${int(r.responseBytes.lookup)} B (lookup), ${int(r.responseBytes.bundle)} B (bundle report), ` +
        `${int(r.responseBytes.bulk)} B (bulk of ${r.bulk.bundles}); load average at start ${r.loadAvgAtStart.join(' ')})`,
      table(['target', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'requests', 'non-2xx/errors'], rows),
    );
    for (const p of r.pairs) {
      const hits = Object.entries(p.cacheHitRatio)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => `${k} ${pct(v)}`)
        .join(', ');
      lines.push(
        `  ${p.endpoint} (${r.db}, ${r.ledger}): ${fixed(p.rpsRatio * 100, 0)}% of bare req/s (goal ≥ ${g.rpsShareOfBareAtLeast * 100}%: ` +
          `${p.goalsMet.rps ? 'met' : 'MISSED'}), p99 ${p.verify.p99Ms} ms (goal < ${g.p99MsBelow} ms: ` +
          `${p.goalsMet.p99 ? 'met' : 'MISSED'}); cache hits: ${hits || 'none used'}`,
      );
    }
    const b = r.bulk;
    lines.push(
      `  POST /v1/verify/bulk × ${b.bundles} (${r.db}, ${r.ledger}): ${fixed(b.msPerCall, 0)} ms a call, ${int(b.bundlesPerSecond)} bundles/s ` +
        `(goal < ${g.bulkMsBelow} ms: ${b.goalsMet.ms ? 'met' : 'MISSED'}); bare ${fixed(b.bareMsPerCall, 0)} ms a call ` +
        `(${fixed((b.bareMsPerCall / b.msPerCall) * 100, 0)}% of bare); first call on empty caches ${fixed(b.firstCallMs, 0)} ms ` +
        `(goal < ${g.bulkMsBelow} ms: ${b.firstCallMs < g.bulkMsBelow ? 'met' : 'MISSED'}; gateway CPU ${fixed(b.firstCallCpuMs, 0)} ms); ` +
        `report memo hits ${pct(b.cacheHitRatio.reports)}`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  let o: ReturnType<typeof parseVerifyArgs>;
  try {
    o = parseVerifyArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  if (o === 'help') {
    console.log(VERIFY_USAGE);
    return;
  }
  const t0 = performance.now();
  const log = (m: string) =>
    console.error(`[bench ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${m}`);
  const started = new Date();
  const result = await runVerify(o, log);
  console.log(formatVerify(result));
  const files = writeJson('gateway-verify', started, { started: started.toISOString(), ...result });
  log(`results: ${files.join(', ')}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
