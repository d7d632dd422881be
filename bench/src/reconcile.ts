/**
 * The audit reconciliation's cost (issue 14): a seeded year — the demo province plus a lower-secondary
 * school of N pupils (default 2 000) locked, signed and anchored as one batch through the gateway's HTTP
 * path (src/school/path.ts) — then POST /v1/reconciliations over the year as the Ministry's auditor, a few
 * times: wall time, batches and records compared, findings (0: nothing was tampered with), and the
 * process's peak RSS (bounded: batches and members are read in pages, findings written as found).
 * Embedded ledger, PGlite in memory. Standalone, not in npm run bench.
 *
 *   npx tsx bench/src/reconcile.ts [--pupils 2000] [--runs 3]
 */
import './gateway/quiet-chaincode.ts';
import { randomBytes } from 'node:crypto';
import { MEMORY, openDatabase } from '@hocba/db';
import { buildApp, DEMO_PASSWORD, loadEnv, startEmbeddedProvince } from '@hocba/gateway';
import { Client, loadPrincipal, probeLedger, runPath } from './school/path.ts';
import { PRINCIPAL, SCHOOL, seedSchool } from './school/seed.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const pupils = arg('pupils', 2000);
const runs = arg('runs', 3);
const log = (m: string) => process.stderr.write(`[reconcile] ${m}\n`);

const env = loadEnv();
const p = await startEmbeddedProvince();
const opened = await openDatabase({ url: undefined, dataDir: MEMORY });
const seeded = await seedSchool(opened.db, p, { pupils, seed: 2025 });
log(`${seeded.approved} approved records seeded in ${Math.round(seeded.seedMs)} ms`);
const probe = probeLedger(p.ledger);
const app = await buildApp({
  ledger: probe.ledger,
  ledgerReader: p.reader,
  identities: p.identities,
  db: opened.db,
  logger: false,
  rateLimit: { max: 1e9, bulkMax: 1e9, lookupMax: 1e9, authMax: 1e9 },
  outbox: { intervalMs: env.ANCHOR_INTERVAL_MS, concurrency: env.OUTBOX_CONCURRENCY },
});
try {
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const principal = new Client(base);
  await principal.login(PRINCIPAL, DEMO_PASSWORD);
  const path = await runPath(principal, {
    lock: { schoolId: SCHOOL, schoolYear: seeded.schoolYear },
    batchId: `B-${SCHOOL}-REC-${randomBytes(3).toString('hex')}`,
    principal: await loadPrincipal(p.pkiDir, SCHOOL),
    signer: 'token',
    probe,
    pollMs: 50,
    timeoutMs: 300_000,
  });
  log(`school batch of ${path.leafCount} records anchored in ${Math.round(path.totalMs)} ms`);
  const auditor = new Client(base);
  await auditor.login('thanhtra.bo', DEMO_PASSWORD);
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const out: { ms: number; batches: number; records: number; findings: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await auditor.ok<{ checked: { batches: number; records: number }; findingCount: number }>(
      'POST',
      '/v1/reconciliations',
      { schoolYear: seeded.schoolYear },
      200,
    );
    const ms = performance.now() - t;
    out.push({ ms: Math.round(ms), ...r.checked, findings: r.findingCount });
    log(
      `run ${i + 1}: ${r.checked.batches} batches, ${r.checked.records} records, ${r.findingCount} findings in ${Math.round(ms)} ms`,
    );
  }
  clearInterval(timer);
  const best = Math.min(...out.map((o) => o.ms));
  const records = out[0]!.records;
  console.log(
    JSON.stringify(
      {
        pupils,
        runs: out,
        bestMs: best,
        perRecordMs: Number((best / records).toFixed(3)),
        rssBeforeMB: Math.round(rssBefore / 2 ** 20),
        peakRssMB: Math.round(peak / 2 ** 20),
        loadAverage: (await import('node:os')).loadavg().map((x) => Number(x.toFixed(1))),
      },
      null,
      2,
    ),
  );
} finally {
  await app.close();
  await opened.close();
}
