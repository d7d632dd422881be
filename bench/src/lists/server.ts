/**
 * Child process of the list benchmark (bench/src/lists.ts): the gateway (buildApp, logging as in production,
 * written nowhere) over a database holding a province of `batches` batches (seed.ts), PGlite in memory or
 * the Postgres at HOCBA_BENCH_DATABASE_URL; the embedded development ledger only because the app needs one
 * (no list reads it). Listens on 127.0.0.1 and prints one JSON line: the port, an access token of a district
 * officer (district D3) and of the province officer, and for each of them a cursor deep into their batch
 * list (90% of the way). Runs until killed.
 *
 *   server.ts <batches> <records>
 */
import '../gateway/quiet-chaincode.ts';
import { performance } from 'node:perf_hooks';
import { MEMORY, openDatabase, userRoles, users } from '@hocba/db';
import { buildApp, hashSecret, startEmbeddedProvince } from '@hocba/gateway';
import { encodeCursor } from '@hocba/gateway/services/batch-list';
import { sql } from 'drizzle-orm';
import { READY } from '../gateway/ready.ts';
import { seedLists } from './seed.ts';

export interface ListsReady {
  port: number;
  seedMs: number;
  tokens: { district: string; province: string };
  deepCursor: { district: string; province: string };
  counts: { batches: number; districtBatches: number };
}

const PASSWORD = 'bench-lists-2026-mật-khẩu';
export const DISTRICT = 'D3';

async function main(batches: number, records: number): Promise<ListsReady> {
  const url = process.env.HOCBA_BENCH_DATABASE_URL;
  const [p, { db }] = await Promise.all([
    startEmbeddedProvince(),
    openDatabase(url ? { url } : { url: undefined, dataDir: MEMORY }),
  ]);
  const hash = await hashSecret(PASSWORD, { ln: 10, r: 8, p: 1 });
  const [requester, district, province] = await db
    .insert(users)
    .values(
      ['bench-school', 'bench-district', 'bench-province'].map((login) => ({
        login,
        passwordHash: hash,
        displayName: login,
      })),
    )
    .returning({ id: users.id });
  const t0 = performance.now();
  await seedLists(
    db,
    { batches, records, corrections: Math.ceil(records / 50), transfers: Math.ceil(records / 100) },
    requester!.id,
  );
  const seedMs = performance.now() - t0;
  await db.insert(userRoles).values([
    { userId: district!.id, role: 'districtOfficer', districtId: DISTRICT },
    { userId: province!.id, role: 'provinceOfficer', provinceId: 'P1' },
  ]);

  const app = await buildApp({
    ledger: p.ledger,
    ledgerReader: p.reader,
    identities: p.identities,
    db,
    logger: { level: 'info', stream: { write: () => {} } },
    rateLimit: { max: 1e9, bulkMax: 1e9, lookupMax: 1e9, authMax: 1e9 },
    // A run outlasts the default access token (a run on a loaded machine took 18 minutes on PGlite).
    auth: { ttlSeconds: 6 * 3600 },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const login = async (name: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { login: name, password: PASSWORD },
    });
    if (res.statusCode !== 200) throw new Error(`login ${name}: ${res.statusCode} ${res.body}`);
    return (res.json() as { accessToken: string }).accessToken;
  };
  // The row 90% of the way down each caller's list (newest first): the cursor a deep page starts after.
  const deep = async (where: ReturnType<typeof sql>) => {
    const { rows } = await db.execute<{ created_at: string | Date; id: string; n: string | number }>(sql`
      WITH mine AS (SELECT b.created_at, b.id FROM batches b JOIN schools s ON s.id = b.school_id WHERE ${where})
      SELECT created_at, id, (SELECT count(*) FROM mine) AS n FROM mine
      ORDER BY created_at DESC, id DESC OFFSET (SELECT floor(count(*) * 0.9) FROM mine) LIMIT 1`);
    const row = rows[0]!;
    return { cursor: encodeCursor({ createdAt: new Date(row.created_at), id: row.id }), n: Number(row.n) };
  };
  const d = await deep(sql`s.district_id = ${DISTRICT}`);
  const all = await deep(sql`s.province_id = 'P1'`);
  return {
    port: address.port,
    seedMs,
    tokens: { district: await login('bench-district'), province: await login('bench-province') },
    deepCursor: { district: d.cursor, province: all.cursor },
    counts: { batches: all.n, districtBatches: d.n },
  };
}

main(Number(process.argv[2] ?? 100_000), Number(process.argv[3] ?? 100_000)).then(
  (r) => console.log(`${READY}${JSON.stringify(r)}`),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
