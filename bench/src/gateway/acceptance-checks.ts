/**
 * The district's acceptance queue, one page of it: the checks of 50 anchored batches, as the console asked
 * for them before (GET /v1/batches/:batchId/verification per row, six at a time as a browser sends them) and
 * as it asks now (one POST /v1/batches/verification). The gateway over the development province on the
 * embedded ledger (as `npm start`) or the bench's own Fabric network (--ledger fabric: .data/fabric-bench,
 * reset, started and stopped here, as gateway-verify.ts does), PGlite in memory or Postgres (--db postgres: a
 * scratch database), a district officer signed in. The two ways alternate, each round checking afresh (the
 * batch check caches nothing); the ratio of their medians is the figure. Also says how many ledger reads each
 * made.
 *
 *   npx tsx bench/src/gateway/acceptance-checks.ts [--db pglite|postgres] [--ledger embedded|fabric]
 *                                                  [--batches 50] [--records 30] [--rounds 7]
 */
import './quiet-chaincode.ts';
import { MEMORY, openDatabase, userRoles, users } from '@hocba/db';
import { createScratchDatabase, startTestPostgres } from '@hocba/db/scratch';
import {
  buildApp,
  hashSecret,
  loadDevSigner,
  lockAndSignFixture,
  runOutboxWorker,
  seedFixturePlaces,
  seedFixtureVersions,
  startEmbeddedProvince,
  startFabricProvince,
} from '@hocba/gateway';
import { loadProfile } from '@hocba/gateway/fabric';
import type { LedgerClient } from '@hocba/gateway/ledger';
import { fabricEnv, network } from '../gateway-verify.ts';
import { loadAverage } from '../table.ts';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
}
const dbKind = option('db', 'pglite');
const ledgerKind = option('ledger', 'embedded');
const BATCHES = Number(option('batches', '50'));
const RECORDS = Number(option('records', '30'));
const ROUNDS = Number(option('rounds', '7'));
/** Requests a browser sends at once to one host (HTTP/1.1). */
const BROWSER_CONNECTIONS = 6;

const scratch = dbKind === 'postgres' ? await createScratchDatabase(startTestPostgres()) : undefined;
if (ledgerKind === 'fabric') {
  Object.assign(process.env, fabricEnv());
  network('reset');
  network('up');
}
const [p, { db, close }] = await Promise.all([
  ledgerKind === 'fabric'
    ? startFabricProvince({ profile: loadProfile(process.env.HOCBA_FABRIC_DIR!) })
    : startEmbeddedProvince(),
  openDatabase(scratch ? { url: scratch.url } : { url: undefined, dataDir: MEMORY }),
]);
/** Every ledger read the app makes, by chaincode function. */
const reads = new Map<string, number>();
const counting: LedgerClient = {
  submit: (fn, args, o) => p.ledger.submit(fn, args, o),
  evaluate: (fn, args, id) => {
    reads.set(fn, (reads.get(fn) ?? 0) + 1);
    return p.ledger.evaluate(fn, args, id);
  },
  transaction: (txId) => {
    reads.set('transaction', (reads.get('transaction') ?? 0) + 1);
    return p.ledger.transaction(txId);
  },
  events: (from, o) => p.ledger.events(from, o),
  height: () => p.ledger.height!(),
  close: async () => {},
};

// 50 batches of the first school (its district's queue), each locked, signed and anchored.
const clock = () => new Date();
const school = p.schools[0]!;
const classId = (await seedFixturePlaces(db, { schoolYear: p.schoolYear, schools: p.schools }))[
  school.schoolId
]!;
const signer = await loadDevSigner(school.schoolId, {
  pkiDir: p.pkiDir,
  clock: () => new Date(Date.now() - 30_000),
});
const batchIds: string[] = [];
for (let b = 0; b < BATCHES; b++) {
  const ids = await seedFixtureVersions(db, {
    schoolId: school.schoolId,
    classId,
    schoolYear: p.schoolYear,
    n: RECORDS,
  });
  const locked = await lockAndSignFixture(db, {
    schoolId: school.schoolId,
    schoolYear: p.schoolYear,
    recordVersionIds: ids,
    signer,
    trustAnchors: p.trustAnchors,
    now: clock(),
  });
  batchIds.push(locked.batchId);
}
const worker = runOutboxWorker({ db, ledger: p.ledger, identities: p.identities, clock });
for (let anchored = 0; anchored < BATCHES; ) {
  const done = await worker.tick();
  if (done.length === 0) throw new Error(`${anchored} of ${BATCHES} batches anchored, then nothing to do`);
  anchored += done.filter((o) => o.outcome === 'submitted').length;
}

const PASSWORD = 'bench-acceptance-password';
const [officer] = await db
  .insert(users)
  .values({
    login: 'bench-district',
    passwordHash: await hashSecret(PASSWORD, { ln: 10, r: 8, p: 1 }),
    displayName: 'Cán bộ Phòng (benchmark)',
    active: true,
  })
  .returning();
await db
  .insert(userRoles)
  .values({ userId: officer!.id, role: 'districtOfficer', districtId: school.districtId });

const app = await buildApp({
  db,
  ledger: counting,
  ledgerReader: p.reader,
  identities: p.identities,
  clock,
  logger: { level: 'info', stream: { write: () => {} } },
  rateLimit: { max: 1e9, bulkMax: 1e9, lookupMax: 1e9, authMax: 1e9 },
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (address === null || typeof address === 'string') throw new Error('no TCP address');
const base = `http://127.0.0.1:${address.port}`;
const login = await fetch(`${base}/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ login: 'bench-district', password: PASSWORD }),
});
if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
const headers = {
  authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`,
  'content-type': 'application/json',
};

interface Checked {
  batchId: string;
  acceptable: boolean;
}
/** The page's checks, one request per batch, BROWSER_CONNECTIONS at a time. */
async function oneByOne(): Promise<Checked[]> {
  const out: Checked[] = new Array(batchIds.length);
  let next = 0;
  const lane = async () => {
    while (next < batchIds.length) {
      const i = next++;
      const r = await fetch(`${base}/v1/batches/${batchIds[i]}/verification`, { headers });
      if (r.status !== 200) throw new Error(`GET verification: ${r.status}`);
      out[i] = (await r.json()) as Checked;
    }
  };
  await Promise.all(Array.from({ length: BROWSER_CONNECTIONS }, lane));
  return out;
}
/** The page's checks in one request. */
async function together(): Promise<Checked[]> {
  const r = await fetch(`${base}/v1/batches/verification`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ batchIds }),
  });
  if (r.status !== 200) throw new Error(`POST verification: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { items: Checked[] }).items;
}

const ways = { oneByOne, together } as const;
const times: Record<keyof typeof ways, number[]> = { oneByOne: [], together: [] };
const readsBy: Record<string, Record<string, number>> = {};
const load0 = loadAverage();
for (let round = 0; round < ROUNDS + 1; round++) {
  for (const name of round % 2 === 0
    ? (['oneByOne', 'together'] as const)
    : (['together', 'oneByOne'] as const)) {
    reads.clear();
    const t0 = performance.now();
    const checked = await ways[name]();
    const ms = performance.now() - t0;
    if (checked.length !== BATCHES || !checked.every((c, i) => c.acceptable && c.batchId === batchIds[i]))
      throw new Error(`${name}: not every batch checked acceptable, in order`);
    // The first round warms both ways (module code, the database's caches) and is not counted.
    if (round > 0) times[name].push(ms);
    readsBy[name] = Object.fromEntries(reads);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const result = {
  db: dbKind,
  ledger: ledgerKind,
  batches: BATCHES,
  recordsPerBatch: RECORDS,
  rounds: ROUNDS,
  oneByOneMs: Math.round(median(times.oneByOne)),
  togetherMs: Math.round(median(times.together)),
  ratio: Math.round((median(times.oneByOne) / median(times.together)) * 100) / 100,
  ledgerReads: readsBy,
  loadAverage: [load0, loadAverage()],
};
console.log(JSON.stringify(result));
await app.close();
await close();
if (scratch) await scratch.drop();
if (ledgerKind === 'fabric') network('down');
process.exit(0);
