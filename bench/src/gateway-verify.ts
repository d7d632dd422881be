/**
 * The gateway benchmark (issue 6 point 10): the public verify endpoints under autocannon on loopback, beside
 * a bare Fastify route in the same run, same connections, same duration. Goals: each verify endpoint ≥ 40%
 * of the bare route's requests per second, p99 < 50 ms.
 *
 * The gateway and the bare instance each run in their own child process (src/gateway/server.ts, bare.ts);
 * autocannon runs here, so the load generator does not share the servers' event loops. Each pair is
 * measured bare → verify → bare, and the verify figures are compared with the mean of the two bare runs
 * (the machine is shared: drift during the pair shows as a difference between the two bare runs).
 *
 *   npx tsx bench/src/gateway-verify.ts [--duration 10] [--connections 10] [--records 20] [--db pglite]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScratchDatabase, startTestPostgres } from '@hocba/db/scratch';
import autocannon, { type Request, type Result } from 'autocannon';
import { READY } from './gateway/ready.ts';
import type { ServerReady } from './gateway/server.ts';
import { fixed, int, loadAverage, table, writeJson } from './table.ts';

export const VERIFY_GOALS = { rpsShareOfBareAtLeast: 0.4, p99MsBelow: 50 } as const;

export const VERIFY_USAGE = `usage: npx tsx bench/src/gateway-verify.ts [--duration S] [--connections N] [--records N] [--db D]
  --duration     seconds per autocannon run (default 10; 6 runs, plus 2 s of warm-up per target)
  --connections  concurrent connections (default 10)
  --records      records in the anchored batch, looked up in turn (default 20)
  --db           the gateway's database: pglite (in process, the embedded default) or postgres (a scratch
                 database on the private cluster of scripts/postgres.sh); default pglite`;

export interface VerifyOptions {
  duration: number;
  connections: number;
  records: number;
  db: 'pglite' | 'postgres';
}

export function parseVerifyArgs(argv: readonly string[]): VerifyOptions | 'help' {
  const o: VerifyOptions = { duration: 10, connections: 10, records: 20, db: 'pglite' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const v = inline ?? argv[i + 1];
    const n = Number(v);
    if (flag === '--help' || flag === '-h') return 'help';
    if (flag === '--db') {
      if (v !== 'pglite' && v !== 'postgres') throw new Error(`--db is pglite or postgres\n${VERIFY_USAGE}`);
      o.db = v;
      if (inline === undefined) i++;
      continue;
    }
    if (!['--duration', '--connections', '--records'].includes(flag))
      throw new Error(`unknown option ${flag}\n${VERIFY_USAGE}`);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer`);
    if (inline === undefined) i++;
    o[flag.slice(2) as 'duration' | 'connections' | 'records'] = n;
  }
  return o;
}

/** Starts a child server and resolves with its first stdout line (JSON). */
function startChild<T>(
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
    proc.stdout!.on('data', (d: Buffer) => {
      if (ready) return; // read and dropped, so that the child never blocks on a full pipe
      out += d.toString();
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
  goalsMet: { rps: boolean; p99: boolean };
}

export interface VerifyResult {
  options: VerifyOptions;
  loadAvgAtStart: number[];
  responseBytes: { lookup: number; bundle: number };
  pairs: Pair[];
}

export async function runVerify(o: VerifyOptions, log: (m: string) => void): Promise<VerifyResult> {
  const loadAvgAtStart = loadAverage();
  log(`verify: building the gateway over an anchored batch of ${o.records} records on ${o.db}`);
  const scratch = o.db === 'postgres' ? await createScratchDatabase(startTestPostgres()) : undefined;
  const gw = await startChild<ServerReady>(
    './gateway/server.ts',
    [String(o.records)],
    scratch ? { HOCBA_BENCH_DATABASE_URL: scratch.url } : {},
  );
  const bodiesFile = join(tmpdir(), `hocba-bench-bare-${process.pid}.json`);
  let bare: { proc: ChildProcess; ready: { port: number } } | undefined;
  try {
    const base = `http://127.0.0.1:${gw.ready.port}`;
    // The bare route answers bodies of the same size as the gateway's answers.
    const lookupBody = await (await fetch(`${base}${gw.ready.lookupPaths[0]}`)).text();
    const bundleBody = JSON.stringify(gw.ready.bundle);
    const postBody = await (
      await fetch(`${base}/v1/verify/bundle`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: bundleBody,
      })
    ).text();
    writeFileSync(bodiesFile, JSON.stringify({ get: JSON.parse(lookupBody), post: JSON.parse(postBody) }));
    bare = await startChild<{ port: number }>('./gateway/bare.ts', [bodiesFile]);
    const bareBase = `http://127.0.0.1:${bare.ready.port}`;

    const paths = gw.ready.lookupPaths;
    let next = 0;
    const json = { 'content-type': 'application/json' };
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
    } as const;
    const run = async (name: keyof typeof targets, duration = o.duration): Promise<Run> => {
      const r = await autocannon({ ...targets[name], connections: o.connections, duration });
      const s = summary(name, r);
      log(
        `verify: ${name.padEnd(27)} ${fixed(s.rps, 0).padStart(7)} req/s  p50 ${s.p50Ms} ms  p99 ${s.p99Ms} ms`,
      );
      return s;
    };
    for (const name of Object.keys(targets) as (keyof typeof targets)[]) await run(name, 2); // warm-up
    const pairs: Pair[] = [];
    for (const [endpoint, bareName] of [
      ['GET /v1/verify/:lookupCode', 'GET bare'],
      ['POST /v1/verify/bundle', 'POST bare'],
    ] as const) {
      const bareBefore = await run(bareName);
      const verify = await run(endpoint);
      const bareAfter = await run(bareName);
      const rpsRatio = verify.rps / ((bareBefore.rps + bareAfter.rps) / 2);
      pairs.push({
        endpoint,
        bareBefore,
        verify,
        bareAfter,
        rpsRatio,
        goalsMet: {
          rps: rpsRatio >= VERIFY_GOALS.rpsShareOfBareAtLeast && verify.non2xx === 0 && verify.errors === 0,
          p99: verify.p99Ms < VERIFY_GOALS.p99MsBelow,
        },
      });
    }
    return {
      options: o,
      loadAvgAtStart,
      responseBytes: { lookup: lookupBody.length, bundle: postBody.length },
      pairs,
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

export function formatVerify(r: VerifyResult): string {
  const g = VERIFY_GOALS;
  const rows: string[][] = [];
  for (const p of r.pairs) {
    for (const x of [p.bareBefore, p.verify, p.bareAfter]) {
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
  }
  const lines = [
    `verify endpoints under autocannon (gateway on ${r.options.db}; loopback, ${r.options.connections} connections, ${r.options.duration} s per run; ` +
      `answers ${int(r.responseBytes.lookup)} B (lookup), ${int(r.responseBytes.bundle)} B (bundle report); ` +
      `load average at start ${r.loadAvgAtStart.join(' ')})`,
    table(['target', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'requests', 'non-2xx/errors'], rows),
  ];
  for (const p of r.pairs) {
    lines.push(
      `  ${p.endpoint}: ${fixed(p.rpsRatio * 100, 0)}% of bare req/s (goal ≥ ${g.rpsShareOfBareAtLeast * 100}%: ` +
        `${p.goalsMet.rps ? 'met' : 'MISSED'}), p99 ${p.verify.p99Ms} ms (goal < ${g.p99MsBelow} ms: ` +
        `${p.goalsMet.p99 ? 'met' : 'MISSED'})`,
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
