/**
 * Child process of the gateway benchmark: the gateway (@hocba/gateway buildApp) over the development
 * province on the embedded ledger (startEmbeddedProvince, as `npm start` runs it: the dev PKI that
 * scripts/setup.sh makes) and a PGlite database in memory, with one batch of realistic records
 * (src/records.ts, the biography among them, hidden by the lookup) locked, signed by the principal's dev
 * signer and anchored, rate limits raised out of the way. Listens on 127.0.0.1 and prints one JSON line: the
 * port, the lookup paths (code and date of birth of each record), one proof bundle for
 * POST /v1/verify/bundle, `bulk` bundles (one per record) and a verifier client's token for
 * POST /v1/verify/bulk, and the port of a side server answering the verify caches' counters and the
 * process's CPU time (GET /). HOCBA_BENCH_LEDGER=fabric: the province on the bench's Fabric network
 * (HOCBA_FABRIC_DIR, HOCBA_FABRIC_PORT_OFFSET; the parent starts and stops it) instead of the embedded ledger.
 * The bundles are made by a first app that is then closed: the measured app starts with empty caches, as
 * after a restart. Runs until killed.
 *
 *   server.ts <records looked up> <records in the batch, one bulk bundle each>
 */
// Before anything loads fabric-contract-api, which would log each transaction on stdout.
import './quiet-chaincode.ts';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Session } from 'node:inspector';
import {
  enrolments,
  MEMORY,
  openDatabase,
  recordVersions,
  studentBiographies,
  verifierClients,
} from '@hocba/db';
import {
  buildApp,
  hashSecret,
  loadDevSigner,
  lockAndSignFixture,
  newLookupCode,
  runOutboxWorker,
  seedFixturePlaces,
  seedFixtureVersions,
  startEmbeddedProvince,
  startFabricProvince,
} from '@hocba/gateway';
import { loadProfile } from '@hocba/gateway/fabric';
import type { LedgerClient } from '@hocba/gateway/ledger';
import { eq } from 'drizzle-orm';
import { makeRecord } from '../records.ts';
import { READY } from './ready.ts';

export interface ServerReady {
  port: number;
  lookupPaths: string[];
  bundle: unknown;
  bulk: unknown[];
  /** A verifier client's access token (verify.bulk). */
  bulkToken: string;
  /** GET http://127.0.0.1:<statsPort>/ answers CacheCounters. */
  statsPort: number;
}

/** Hits and misses of each verify cache, as the app counts them. */
export interface CacheCounters {
  lookups: { hits: number; misses: number };
  views: { hits: number; misses: number };
  trust: { hits: number; misses: number };
  reports: { hits: number; misses: number };
}

/** What the side server answers: the caches' counters and the process's CPU time so far (µs). */
export interface ServerStats {
  caches: CacheCounters;
  cpuUs: number;
}

/** The ledger client for an app that may be closed while the ledger stays open (the first app). */
const unclosable = (c: LedgerClient): LedgerClient => ({
  submit: (fn, args, o) => c.submit(fn, args, o),
  evaluate: (fn, args, id) => c.evaluate(fn, args, id),
  transaction: (txId) => c.transaction(txId),
  events: (from, o) => c.events(from, o),
  height: () => c.height!(),
  close: async () => {},
});

async function main(lookups: number, records: number): Promise<ServerReady> {
  // A Postgres URL from the parent (gateway-verify.ts --db postgres), else PGlite in memory; the bench's
  // Fabric network (HOCBA_FABRIC_DIR, started by the parent) with HOCBA_BENCH_LEDGER=fabric.
  const url = process.env.HOCBA_BENCH_DATABASE_URL;
  const fabricDir = process.env.HOCBA_BENCH_LEDGER === 'fabric' ? process.env.HOCBA_FABRIC_DIR : undefined;
  const [p, { db }] = await Promise.all([
    fabricDir ? startFabricProvince({ profile: loadProfile(fabricDir) }) : startEmbeddedProvince(),
    openDatabase(url ? { url } : { url: undefined, dataDir: MEMORY }),
  ]);
  const clock = () => new Date();
  const school = p.schools[0]!.schoolId;
  const classId = (await seedFixturePlaces(db, { schoolYear: p.schoolYear, schools: p.schools }))[school]!;
  const ids = await seedFixtureVersions(db, {
    schoolId: school,
    classId,
    schoolYear: p.schoolYear,
    n: records,
  });
  const seats = new Map<string, { code: string; dob: string }>();
  for (const [i, id] of ids.entries()) {
    const [v] = await db.select().from(recordVersions).where(eq(recordVersions.id, id));
    const [e] = await db.select().from(enrolments).where(eq(enrolments.id, v!.enrolmentId));
    const { student, supersedes: _s, ...rest } = makeRecord(2025, i);
    const code = newLookupCode();
    // The realistic record, in the version's envelope; its student part is the (sensitive) biography.
    const record = {
      ...rest,
      recordId: id,
      lookupCode: code,
      schoolCode: school,
      schoolYear: p.schoolYear,
      classId,
      version: 1,
      biography: student,
    };
    await db.update(recordVersions).set({ lookupCode: code, record }).where(eq(recordVersions.id, id));
    await db.insert(studentBiographies).values({
      studentId: e!.studentId,
      fullName: student.name,
      dateOfBirth: student.dateOfBirth,
      sex: student.sex === 'Nữ' ? 'female' : 'male',
      birthplace: student.birthplace,
      ethnicity: student.ethnicity,
    });
    seats.set(id, { code, dob: student.dateOfBirth });
  }
  // Locked a minute ago, signed thirty seconds ago: inside the dev province's lock window (around today).
  const signer = await loadDevSigner(school, {
    pkiDir: p.pkiDir,
    clock: () => new Date(Date.now() - 30_000),
  });
  await lockAndSignFixture(db, {
    schoolId: school,
    schoolYear: p.schoolYear,
    recordVersionIds: ids,
    signer,
    trustAnchors: p.trustAnchors,
    now: clock(),
  });
  const [outcome] = await runOutboxWorker({ db, ledger: p.ledger, identities: p.identities, clock }).tick();
  if (outcome?.outcome !== 'submitted')
    throw new Error(`the batch was not anchored: ${JSON.stringify(outcome)}`);

  const client = { clientId: 'bench-verifier', secret: randomBytes(24).toString('base64url') };
  await db.insert(verifierClients).values({
    clientId: client.clientId,
    secretHash: await hashSecret(client.secret, { ln: 10, r: 8, p: 1 }),
    name: 'Benchmark verifier',
    active: true,
  });
  const options = {
    ledgerReader: p.reader,
    identities: p.identities,
    clock,
    db,
    // Logging as in production (JSON lines, redaction), written nowhere: its cost is part of the route's.
    logger: { level: 'info', stream: { write: () => {} } },
    rateLimit: { max: 1e9, bulkMax: 1e9, lookupMax: 1e9, authMax: 1e9 },
  };
  const allPaths = [...seats.values()].map((x) => `/v1/verify/${x.code}?dob=${x.dob}`);
  // The bundles, as the lookup answers them, from a first app (its caches go with it).
  const maker = await buildApp({ ...options, ledger: unclosable(p.ledger) });
  const bulk: unknown[] = [];
  for (let i = 0; i < allPaths.length; i += 25) {
    const answers = await Promise.all(
      allPaths.slice(i, i + 25).map((url) => maker.inject({ method: 'GET', url })),
    );
    for (const a of answers) {
      if (a.statusCode !== 200 || a.json().report.verdict !== 'valid')
        throw new Error(`the lookup does not answer a valid record: ${a.statusCode} ${a.body.slice(0, 300)}`);
      bulk.push(a.json().bundle);
    }
  }
  await maker.close();

  const app = await buildApp({ ...options, ledger: p.ledger });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const token = await app.inject({
    method: 'POST',
    url: '/v1/auth/token',
    payload: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret },
  });
  if (token.statusCode !== 200) throw new Error(`no verifier token: ${token.statusCode} ${token.body}`);
  const counters = (): CacheCounters => {
    const c = app.verifyCaches;
    const pick = (s: { hits: number; misses: number }) => ({ hits: s.hits, misses: s.misses });
    return {
      lookups: pick(c.lookups.stats()),
      views: pick(c.views.stats()),
      trust: pick(c.trust.stats()),
      reports: pick(app.verifier.cacheStats()),
    };
  };
  const stats = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    const cpu = process.cpuUsage();
    res.end(JSON.stringify({ caches: counters(), cpuUs: cpu.user + cpu.system } satisfies ServerStats));
  });
  await new Promise<void>((resolve) => stats.listen(0, '127.0.0.1', resolve));
  const statsAddress = stats.address();
  if (statsAddress === null || typeof statsAddress === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    lookupPaths: allPaths.slice(0, lookups),
    bundle: bulk[0],
    bulk,
    bulkToken: (token.json() as { access_token: string }).access_token,
    statsPort: statsAddress.port,
  };
}

/**
 * HOCBA_BENCH_CPU_PROF=<file>: a V8 CPU profile of the measured app from the moment it is ready (the set-up
 * left out) until the process is told to stop (SIGTERM), written as a .cpuprofile (Chrome's DevTools reads it).
 */
async function profileUntilStopped(file: string): Promise<void> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (err, r) => (err ? reject(err) : resolve(r))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  process.once('SIGTERM', () => {
    post('Profiler.stop').then(
      (r) => {
        writeFileSync(file, JSON.stringify((r as { profile: unknown }).profile));
        process.exit(0);
      },
      () => process.exit(1),
    );
  });
}

const lookups = Number(process.argv[2] ?? 20);
main(lookups, Math.max(lookups, Number(process.argv[3] ?? lookups))).then(
  async (r) => {
    if (process.env.HOCBA_BENCH_CPU_PROF) await profileUntilStopped(process.env.HOCBA_BENCH_CPU_PROF);
    console.log(`${READY}${JSON.stringify(r)}`);
  },
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
