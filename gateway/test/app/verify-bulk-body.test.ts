/**
 * POST /v1/verify/bulk reads its body itself (routes/v1/verify/bulk.ts, bundle-shape.ts; issue 16): plainly
 * well-formed bundles skip zod, bytes without escapes skip the prototype-poisoning scan and the input guard's
 * walk. Here: the guard never says yes where integrity's zod schema says no, and every refusal of before keeps
 * its code and its problems; a body with escapes gets the same reports as without.
 */
import type { OpenedDatabase } from '@hocba/db';
import { ProofBundle } from '@hocba/integrity';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlainProofBundle } from '../../src/routes/v1/verify/bundle-shape.ts';
import { openTestDb, seedVerifier, verifierToken } from '../auth/fixtures.ts';
import { makeApp, makeWorld, type TestApp, type World } from './helper.ts';

const SCHOOL = 'SCH-QN-001';
const students = Array.from({ length: 3 }, (_, i) => ({
  recordId: `REC-${i}`,
  student: { name: `Lê Thị Ánh ${i}`, dateOfBirth: `2014-05-0${i + 1}`, ethnicity: 'Kinh', guardians: [] },
  results: { toan: { level: 'T', score: 8.5 + i }, tiengViet: {} },
  overall: 'HTT',
  note: null,
  boarding: i === 1,
}));

let w: World;
let app: TestApp;
let database: OpenedDatabase;
let bearer: string;
let bundles: ProofBundle[];

const send = (payload: string, contentType = 'application/json') =>
  app.inject({
    method: 'POST',
    url: '/v1/verify/bulk',
    headers: { 'content-type': contentType, authorization: `Bearer ${bearer}` },
    payload,
  });

beforeAll(async () => {
  [w, database] = await Promise.all([makeWorld(), openTestDb()]);
  app = await makeApp(w, { db: database.db, rateLimit: { max: 1000, bulkMax: 1000 } });
  bearer = await verifierToken(app, await seedVerifier(database.db));
  const locked = await w.lockBatch(SCHOOL, students);
  await w.anchor(SCHOOL, locked.args);
  bundles = students.map((_, i) =>
    w.bundleOf(SCHOOL, locked, students, i, i === 0 ? [''] : ['/recordId', '/results']),
  );
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

/** A JSON value to put somewhere in a bundle: what the schema wants, and what it does not. */
const anyJson = fc.oneof(
  fc.constantFrom(null, true, 0, -0, 1.5, -1, 2 ** 53, '', 'x', [], {}, [1], { a: 1 }),
  fc.constantFrom('hocba.bundle/v1', 'a'.repeat(64), 'A'.repeat(64), 'ab==', 'a=b', 'AAAA', '/p'),
  fc.string(),
  fc.double(),
);

/** Sets `value` at a path chosen by `picks` through the bundle's objects and arrays (or deletes there). */
function mutate(b: unknown, picks: number[], value: unknown, remove: boolean, extraKey: string | undefined) {
  const root = structuredClone(b) as Record<string, unknown>;
  let at: Record<string, unknown> = root;
  for (const p of picks) {
    const keys = Object.keys(at);
    if (keys.length === 0) break;
    const k = keys[p % keys.length]!;
    const next = at[k];
    if (typeof next !== 'object' || next === null || p % 3 === 0) {
      if (extraKey !== undefined) at[extraKey] = value;
      else if (remove) delete at[k];
      else at[k] = value;
      return root;
    }
    at = next as Record<string, unknown>;
  }
  if (extraKey !== undefined) at[extraKey] = value;
  return root;
}

describe('isPlainProofBundle', () => {
  it('says yes to genuine bundles, as zod does, to the same value', () => {
    for (const b of bundles) {
      const copy = JSON.parse(JSON.stringify(b));
      expect(isPlainProofBundle(copy)).toBe(true);
      expect(ProofBundle.parse(copy)).toEqual(copy);
    }
  });

  it('never says yes where zod says no, and says the same value where both say yes (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 2),
        fc.array(fc.nat(50), { minLength: 1, maxLength: 6 }),
        anyJson,
        fc.boolean(),
        fc.option(fc.constantFrom('extra', 'pointer', 'version', '__x'), { nil: undefined }),
        (i, picks, value, remove, extraKey) => {
          const m = JSON.parse(JSON.stringify(mutate(bundles[i], picks, value, remove, extraKey)));
          const zod = ProofBundle.safeParse(m);
          if (isPlainProofBundle(m)) {
            expect(zod.success).toBe(true);
            expect(zod.data).toEqual(m);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('POST /v1/verify/bulk, its body read by the route', () => {
  it('answers escaped bytes as plain ones: the same reports', async () => {
    const plain = await send(JSON.stringify({ bundles }));
    expect(plain.statusCode).toBe(200);
    expect(plain.json().reports.map((r: { verdict: string }) => r.verdict)).toEqual([
      'valid',
      'valid',
      'valid',
    ]);
    // Every non-ASCII character escaped: Fastify's own parser reads it, the same bundles.
    const escaped = JSON.stringify({ bundles }).replace(
      /[\u0080-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    expect(escaped).toContain('\\u');
    const again = await send(escaped);
    expect(again.statusCode).toBe(200);
    const strip = (r: { reports: { checkedAt: string }[] }) =>
      r.reports.map((x) => ({ ...x, checkedAt: '' }));
    expect(strip(again.json())).toEqual(strip(plain.json()));
  });

  it('keeps every refusal of before: empty, broken, prototype poisoning, another media type, U+0000, shape', async () => {
    const body = (extra: object) => JSON.stringify({ bundles: [{ ...bundles[1], ...extra }] });
    const cases: [string, string | undefined, number, string, string[]?][] = [
      ['', undefined, 400, 'BAD_JSON'],
      ['{"bundles":', undefined, 400, 'BAD_JSON'],
      [`{"__proto__":{"x":1},"bundles":[]}`, undefined, 400, 'BAD_JSON'],
      [`{"bundles":[],"constructor":{"prototype":{"x":1}}}`, undefined, 400, 'BAD_JSON'],
      [`{"\\u005f_proto__":{"x":1},"bundles":[]}`, undefined, 400, 'BAD_JSON'],
      [JSON.stringify({ bundles }), 'text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      // U+0000 in a value, and in a key: the input guard, before validation, naming where.
      [body({ leaf: 'ab\u0000' }), undefined, 400, 'NUL_CHARACTER', ['/bundles/0/leaf']],
      [body({ 'x\u0000': 1 }), undefined, 400, 'NUL_CHARACTER', ['/bundles/0/x\\u0000']],
      // A literal backslash before "u0000" is no U+0000: zod's refusal of the key.
      [body({ 'x\\u0000': 1 }), undefined, 400, 'VALIDATION'],
      [body({ leaf: 'not hex' }), undefined, 400, 'VALIDATION', ['/bundles/0/leaf']],
      [body({ cms: 'a=b' }), undefined, 400, 'VALIDATION', ['/bundles/0/cms']],
      [JSON.stringify({ bundles: [] }), undefined, 400, 'VALIDATION', ['/bundles']],
      [JSON.stringify({ bundles, more: 1 }), undefined, 400, 'VALIDATION'],
      [JSON.stringify([bundles]), undefined, 400, 'VALIDATION'],
      ['"bundles"', undefined, 400, 'VALIDATION'],
    ];
    for (const [payload, type, status, code, paths] of cases) {
      const r = await send(payload, type);
      expect(r.statusCode, payload.slice(0, 40)).toBe(status);
      expect(r.json().error.code, payload.slice(0, 40)).toBe(code);
      if (paths) expect(r.json().error.problems.map((p: { path: string }) => p.path)).toEqual(paths);
    }
  });
});
