/**
 * POST /v1/verify/bundle reads a body once per distinct bytes (routes/v1/verify/bundle.ts, known-bodies.ts;
 * issue 16), and the report memo keys immutable inputs once (verify-cache.ts): the same bytes again skip the
 * parse and zod and get the same report; other bytes (even the same JSON spaced otherwise) are read and
 * validated afresh; a bad body is refused every time with the same code and problems, never remembered.
 */
import type { OpenedDatabase } from '@hocba/db';
import type { AnchorView, ProofBundle } from '@hocba/integrity';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { KnownBodies } from '../../src/routes/v1/verify/known-bodies.ts';
import { immutable, ReportCache } from '../../src/verify-cache.ts';
import { openTestDb } from '../auth/fixtures.ts';
import { makeApp, makeWorld, type TestApp, type World } from './helper.ts';

const SCHOOL = 'SCH-QN-001';
const students = Array.from({ length: 3 }, (_, i) => ({
  recordId: `REC-${i}`,
  student: { name: `Trần Văn ${i}`, dateOfBirth: `2014-03-0${i + 1}`, ethnicity: 'Kinh' },
  results: { toan: { level: 'T', score: 8 + (i % 2) } },
  overall: 'HTT',
}));

describe('KnownBodies', () => {
  it('keys bytes by SHA-256, keeps the most recently used, and knows what it handed out', () => {
    const k = new KnownBodies<{ n: number }>(2);
    const key = (s: string) => KnownBodies.key(Buffer.from(s));
    expect(key('{"a":1}')).toBe(key('{"a":1}'));
    expect(key('{"a":1}')).not.toBe(key('{"a": 1}'));
    const [a, b, c] = [{ n: 1 }, { n: 2 }, { n: 3 }];
    k.set('a', a);
    k.set('b', b);
    expect(k.get('a')).toBe(a); // a is now the most recent
    k.set('c', c);
    expect([k.get('a'), k.get('b'), k.get('c')]).toEqual([a, undefined, c]);
    // Evicted or not, a value it handed out was validated.
    expect([k.has(a), k.has(b), k.has({ n: 1 }), k.has(null)]).toEqual([true, true, false, false]);
    const off = new KnownBodies<object>(0);
    off.set('a', a);
    expect(off.get('a')).toBeUndefined();
  });
});

describe('the report memo’s key', () => {
  const anchor = { found: false, batchId: 'B-1' } as AnchorView;
  it('is computed once for the same immutable inputs, and again when any of them is another object', () => {
    const cache = new ReportCache(10);
    const spy = vi.spyOn(ReportCache, 'key');
    try {
      const bundle = immutable({ version: 'x', leaf: 'ab' });
      const trust = immutable([new Uint8Array([1, 2])]);
      const view = immutable({ ...anchor });
      const k1 = cache.keyOf({ bundle, anchor: view, trustAnchors: trust });
      const k2 = cache.keyOf({ bundle, anchor: view, trustAnchors: trust });
      expect(k2).toBe(k1);
      expect(spy).toHaveBeenCalledTimes(1);
      // Another view of the ledger (an event dropped the old one): keyed anew.
      const revoked = immutable({ ...anchor, batchId: 'B-2' });
      expect(cache.keyOf({ bundle, anchor: revoked, trustAnchors: trust })).not.toBe(k1);
      expect(spy).toHaveBeenCalledTimes(2);
      // Inputs not marked immutable are keyed every time, to the same key for the same content.
      const plain = { version: 'x', leaf: 'ab' };
      expect(cache.keyOf({ bundle: plain, anchor: view, trustAnchors: trust })).toBe(k1);
      expect(cache.keyOf({ bundle: plain, anchor: view, trustAnchors: trust })).toBe(k1);
      expect(spy).toHaveBeenCalledTimes(4);
      expect(Object.isFrozen(bundle) && Object.isFrozen(trust)).toBe(true);
      expect(() => {
        (bundle as { leaf: string }).leaf = 'cd';
      }).toThrow(TypeError);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('POST /v1/verify/bundle, a body read once per distinct bytes', () => {
  let w: World;
  let app: TestApp;
  let database: OpenedDatabase;
  let bundle: ProofBundle;
  const send = (payload: string, contentType = 'application/json') =>
    app.inject({
      method: 'POST',
      url: '/v1/verify/bundle',
      headers: { 'content-type': contentType },
      payload,
    });

  beforeAll(async () => {
    [w, database] = await Promise.all([makeWorld(), openTestDb()]);
    app = await makeApp(w, { db: database.db, rateLimit: { max: 1000 } });
    const locked = await w.lockBatch(SCHOOL, students);
    await w.anchor(SCHOOL, locked.args);
    bundle = w.bundleOf(SCHOOL, locked, students, 0, ['/recordId', '/results', '/overall']);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('validates bytes seen before only once, and answers them the same report', async () => {
    const { ProofBundle: schema } = await import('@hocba/integrity');
    const parse = vi.spyOn(schema, 'safeParse');
    try {
      const bytes = JSON.stringify(bundle);
      const first = await send(bytes);
      expect(first.statusCode).toBe(200);
      expect(first.json().report.verdict).toBe('valid');
      // The route's validation, and integrity's own reading of the bundle as it computes the report.
      const calls = parse.mock.calls.length;
      expect(calls).toBeGreaterThanOrEqual(1);
      const again = await send(bytes);
      expect(again.statusCode).toBe(200);
      expect(parse).toHaveBeenCalledTimes(calls);
      const strip = (r: { report: { checkedAt: string } }) => ({ ...r.report, checkedAt: '' });
      expect(strip(again.json())).toEqual(strip(first.json()));
      // The same JSON in other bytes: read and validated afresh (the report itself is the memo's), the same answer.
      const spaced = await send(JSON.stringify(bundle, null, 1));
      expect(spaced.statusCode).toBe(200);
      expect(parse).toHaveBeenCalledTimes(calls + 1);
      expect(strip(spaced.json())).toEqual(strip(first.json()));
    } finally {
      parse.mockRestore();
    }
  });

  it('refuses a bad body every time with the same code and problems, and never remembers it', async () => {
    const bad = JSON.stringify({ ...bundle, leaf: 'not hex', extra: 1 });
    const [a, b] = [await send(bad), await send(bad)];
    for (const r of [a, b]) {
      expect(r.statusCode).toBe(400);
      expect(r.json().error.code).toBe('VALIDATION');
    }
    expect(b.json().error).toEqual(a.json().error);
    expect(a.json().error.problems.map((p: { path: string }) => p.path)).toEqual(
      expect.arrayContaining(['/leaf']),
    );
  });

  it('keeps the app’s refusals: empty, broken, prototype poisoning, another media type, U+0000', async () => {
    const cases: [string, string | undefined, number, string][] = [
      ['', undefined, 400, 'BAD_JSON'],
      ['{"version":', undefined, 400, 'BAD_JSON'],
      [`{"__proto__":{"x":1},"version":"hocba.bundle/v1"}`, undefined, 400, 'BAD_JSON'],
      [`{"constructor":{"prototype":{"x":1}}}`, undefined, 400, 'BAD_JSON'],
      [JSON.stringify(bundle), 'text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      // U+0000 in a value (the input guard, before validation).
      [JSON.stringify({ ...bundle, leaf: 'ab\u0000' }), undefined, 400, 'NUL_CHARACTER'],
    ];
    for (const [payload, type, status, code] of cases) {
      // Twice: a refusal is not remembered either.
      for (let i = 0; i < 2; i++) {
        const r = await send(payload, type);
        expect(r.statusCode, payload.slice(0, 30)).toBe(status);
        expect(r.json().error.code).toBe(code);
      }
    }
  });
});
