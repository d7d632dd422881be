/**
 * The first POST /v1/verify/bulk call alone (issue 16: a university uploads its bundles once, so the call on
 * empty caches is the honest measure), on a fresh gateway child per run: wall time and the gateway's CPU
 * time of that one call, with the load average. HOCBA_BENCH_CPU_PROF_DIR=<dir>: a V8 CPU profile of each
 * run's call (the set-up left out), written there as first-bulk-<db>-<run>.cpuprofile.
 * HOCBA_BENCH_GATEWAY_NODE_OPTIONS: NODE_OPTIONS of the gateway child only.
 *
 *   npx tsx bench/src/gateway/first-bulk.ts [--db pglite|postgres] [--runs 3] [--bulk 1000]
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createScratchDatabase, startTestPostgres } from '@hocba/db/scratch';
import { startChild } from '../gateway-verify.ts';
import { loadAverage } from '../table.ts';
import type { ServerReady, ServerStats } from './server.ts';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
}

async function firstCall(db: string, bulk: number, profile: string | undefined) {
  const scratch = db === 'postgres' ? await createScratchDatabase(startTestPostgres()) : undefined;
  const gw = await startChild<ServerReady>('./gateway/server.ts', ['1', String(bulk)], {
    ...(scratch && { HOCBA_BENCH_DATABASE_URL: scratch.url }),
    ...(profile && { HOCBA_BENCH_CPU_PROF: profile }),
    // V8 options for the gateway alone (e.g. --max-semi-space-size=64, to see what its GC costs).
    ...(process.env.HOCBA_BENCH_GATEWAY_NODE_OPTIONS && {
      NODE_OPTIONS: process.env.HOCBA_BENCH_GATEWAY_NODE_OPTIONS,
    }),
  });
  const exited = new Promise((r) => gw.proc.once('exit', r));
  try {
    const stats = async () =>
      (await (await fetch(`http://127.0.0.1:${gw.ready.statsPort}/`)).json()) as ServerStats;
    const body = JSON.stringify({ bundles: gw.ready.bulk.slice(0, bulk) });
    const load = loadAverage();
    const cpu0 = (await stats()).cpuUs;
    const t0 = performance.now();
    const r = await fetch(`http://127.0.0.1:${gw.ready.port}/v1/verify/bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gw.ready.bulkToken}` },
      body,
    });
    const text = await r.text();
    const ms = performance.now() - t0;
    const cpuMs = ((await stats()).cpuUs - cpu0) / 1000;
    const reports = (JSON.parse(text) as { reports?: { verdict: string }[] }).reports ?? [];
    const valid = reports.filter((x) => x.verdict === 'valid').length;
    if (r.status !== 200 || valid !== bulk) throw new Error(`${r.status}: ${valid} of ${bulk} valid`);
    return { ms, cpuMs, load };
  } finally {
    gw.proc.kill('SIGTERM');
    await exited;
    if (scratch) await scratch.drop();
  }
}

const db = option('db', 'pglite');
const runs = Number(option('runs', '3'));
const bulk = Number(option('bulk', '1000'));
const dir = process.env.HOCBA_BENCH_CPU_PROF_DIR;
if (dir) mkdirSync(dir, { recursive: true });
for (let i = 0; i < runs; i++) {
  const profile = dir ? resolve(join(dir, `first-bulk-${db}-${i}.cpuprofile`)) : undefined;
  const { ms, cpuMs, load } = await firstCall(db, bulk, profile);
  console.log(
    `first bulk ${bulk} on ${db}: ${ms.toFixed(0)} ms, gateway CPU ${cpuMs.toFixed(0)} ms; load ${load.join(' ')}`,
  );
}
