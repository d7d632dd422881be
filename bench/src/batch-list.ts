/**
 * GET /v1/batches's query (services/batch-list.ts) over 10⁵ batches on PGlite (issue 14 point 4: list routes
 * with 10⁵ batches answer in < 200 ms p99): a district's first page, a later page by cursor, a state filter,
 * the Ministry's whole list. The query alone (page and total), not the HTTP route; not in `npm run bench` yet.
 *   npx tsx bench/src/batch-list.ts [batches=100000] [runs=50]
 */
import { performance } from 'node:perf_hooks';
import { MEMORY, openDatabase } from '@hocba/db';
import { type BatchListQuery, listBatches } from '@hocba/gateway/services/batch-list';
import { sql } from 'drizzle-orm';

const N = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.argv[3] ?? 50);
const { db, close } = await openDatabase({ dataDir: MEMORY });
await db.execute(sql`INSERT INTO provinces (id, code, name) VALUES ('P1', '01', 'Tỉnh')`);
await db.execute(sql`INSERT INTO districts (id, province_id, code, name)
  SELECT 'D' || d, 'P1', 'D' || d, 'Phòng ' || d FROM generate_series(1, 20) d`);
await db.execute(sql`INSERT INTO schools (id, code, name, level, district_id, province_id)
  SELECT 'S' || s, 'S' || s, 'Trường ' || s, 'TH', 'D' || (s % 20 + 1), 'P1' FROM generate_series(1, 1000) s`);
const t0 = performance.now();
await db.execute(sql`INSERT INTO batches (id, school_id, school_year, kind, state, leaf_count, locked_at, created_at)
  SELECT 'B' || lpad(b::text, 7, '0'), 'S' || (b % 1000 + 1), '2025-2026', 'regular', 'assembling', 30,
         now() - (b || ' seconds')::interval, now() - (b || ' seconds')::interval
  FROM generate_series(1, ${N}) b`);
await db.execute(sql`ANALYZE batches`);
console.log(`seeded ${N} batches in ${Math.round(performance.now() - t0)} ms`);

async function time(name: string, q: () => BatchListQuery) {
  const ms: number[] = [];
  let total = 0;
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    total = (await listBatches(db, q())).total;
    ms.push(performance.now() - s);
  }
  ms.sort((a, b) => a - b);
  const at = (p: number) => ms[Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)]!.toFixed(1);
  console.log(`${name}: total ${total}, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms (${RUNS} runs)`);
}
const base = { order: 'desc', limit: 50 } as const;
const district = { kind: 'district', ids: ['D3'] } as const;
const first = await listBatches(db, { ...base, scope: district });
await time('district, first page', () => ({ ...base, scope: district }));
await time('district, page after a cursor', () => ({
  ...base,
  scope: district,
  after: first.next ?? undefined,
}));
await time('district, status=anchored (none)', () => ({ ...base, scope: district, status: 'anchored' }));
await time('ministry, all, first page', () => ({ ...base, scope: { kind: 'all' } }));
await time('school, first page', () => ({ ...base, scope: { kind: 'school', ids: ['S7'] } }));
await close();
