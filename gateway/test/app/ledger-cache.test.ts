/**
 * The verify caches kept until the ledger says otherwise (ledger-cache.ts, plugins/app/ledger-cache.ts,
 * ledger/changes.ts; issue 16): what each event and each own submission drops; entries stored only while the
 * follower is live and never after an invalidation they raced with; and through the app on the embedded
 * ledger, a lookup answered without reading the ledger, then a revocation, a recall, a signer's certificate
 * revoked and a trust anchor retired — each made by another client straight on the ledger, not through this
 * gateway — seen by the next lookup within a second; and after a restart, the revoked status.
 */

import { enrolments, recordVersions, studentBiographies } from '@hocba/db';
import { certificateFingerprint } from '@hocba/integrity';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  changeOfEvent,
  changeOfSubmit,
  type LedgerChange,
  reportingSubmits,
} from '../../src/ledger/changes.ts';
import { EmbeddedLedgerClient, type LedgerClient } from '../../src/ledger/index.ts';
import { LedgerCaches } from '../../src/ledger-cache.ts';
import { cachedAnswer, toCacheEntry } from '../../src/lookup/answer-cache.ts';
import { newLookupCode } from '../../src/lookup/code.ts';
import { runOutboxWorker } from '../../src/services/index.ts';
import {
  lockAndSign,
  OTHER_SCHOOL,
  type Province,
  SCHOOL,
  type Seeded,
  seededDatabase,
  seedVersions,
  startProvince,
  workerParties,
} from '../services/fixtures.ts';
import { makeApp, type TestApp } from './helper.ts';

const bytes = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));

describe('what a ledger change drops', () => {
  it('names the batches of each status event, and everything for certificates, trust anchors and doubt', () => {
    expect(changeOfEvent('RecordRevoked', bytes({ batchId: 'B-1', leafIndex: 2 }))).toEqual({
      kind: 'batches',
      batchIds: ['B-1'],
    });
    expect(changeOfEvent('BatchRecalled', bytes({ batchId: 'B-1' }))).toEqual({
      kind: 'batches',
      batchIds: ['B-1'],
    });
    expect(
      changeOfEvent(
        'BatchAnchored',
        bytes({ batchId: 'B-3', supersedes: 'B-1', corrects: [{ batchId: 'B-2', leafIndex: 0 }] }),
      ),
    ).toEqual({ kind: 'batches', batchIds: ['B-3', 'B-1', 'B-2'] });
    expect(changeOfEvent('YearReportSubmitted', bytes({ seq: 1, reported: ['B-1', 'B-4'] }))).toEqual({
      kind: 'batches',
      batchIds: ['B-1', 'B-4'],
    });
    // A report from a chaincode that did not name its batches: every batch may have changed.
    expect(changeOfEvent('YearReportSubmitted', bytes({ seq: 1 }))).toEqual({ kind: 'all' });
    for (const name of [
      'CertificateRevoked',
      'CertificateApproved',
      'TrustAnchorRetired',
      'TrustAnchorRegistered',
    ])
      expect(changeOfEvent(name, bytes({ fingerprint: 'ab' })), name).toEqual({ kind: 'all' });
    expect(changeOfEvent('SomethingNew', bytes({ batchId: 'B-1' }))).toEqual({ kind: 'all' });
    expect(changeOfEvent('RecordRevoked', new TextEncoder().encode('not json'))).toEqual({ kind: 'all' });
    expect(changeOfEvent('RecordRevoked', bytes({ batchId: 7 }))).toEqual({ kind: 'all' });
    expect(changeOfEvent('SchoolMoved', bytes({ schoolId: 'S' }))).toEqual({ kind: 'none' });
  });

  it('reads this gateway’s own submissions the same way', () => {
    expect(changeOfSubmit('batch:revokeRecord', ['B-1', '2', 'R', 'QĐ'])).toEqual({
      kind: 'batches',
      batchIds: ['B-1'],
    });
    expect(
      changeOfSubmit('batch:anchorBatch', [JSON.stringify({ batchId: 'B-2', supersedes: 'B-1' }), 'x']),
    ).toEqual({ kind: 'batches', batchIds: ['B-2', 'B-1'] });
    expect(changeOfSubmit('batch:anchorBatch', ['{broken', 'x'])).toEqual({ kind: 'all' });
    expect(changeOfSubmit('report:submitYearReport', ['2025-2026', '["B-1","B-2"]', 'r', '[]'])).toEqual({
      kind: 'batches',
      batchIds: ['B-1', 'B-2'],
    });
    expect(changeOfSubmit('registry:revokeCertificate', ['ab', 'x', 'y'])).toEqual({ kind: 'all' });
    expect(changeOfSubmit('batch:grantPermission', ['B-1', 'revoke', 'x', 'y'])).toEqual({ kind: 'none' });
  });

  it('reports a submission once it has committed, and also when it failed (it may have)', async () => {
    const seen: LedgerChange[] = [];
    let fail = false;
    const fake = {
      submit: async () => {
        // Not yet reported while the ledger has not answered.
        expect(seen).toHaveLength(fail ? 1 : 0);
        if (fail) throw new Error('timeout');
        return { txId: 't', blockNumber: 1, result: '' };
      },
    } as unknown as LedgerClient;
    const ledger = reportingSubmits(fake, (c) => seen.push(c));
    const as = { identity: { mspId: 'x', certificate: '' }, endorsingOrgs: ['x'] };
    await ledger.submit('batch:recallBatch', ['B-9', 'R', 'QĐ'], as);
    expect(seen).toEqual([{ kind: 'batches', batchIds: ['B-9'] }]);
    fail = true;
    await expect(ledger.submit('batch:revokeRecord', ['B-8', '0', 'R', 'QĐ'], as)).rejects.toThrow('timeout');
    expect(seen.at(-1)).toEqual({ kind: 'batches', batchIds: ['B-8'] });
  });
});

describe('LedgerCaches', () => {
  it('stores only while live, drops by batch, and refuses a read that raced with an invalidation', () => {
    let t = 0;
    const caches = new LedgerCaches({ maxAgeMs: 1000, now: () => t });
    const c = caches.cache<string>(10);
    c.set('a', 'A', ['B-1'], caches.token());
    expect(c.get('a')).toBeUndefined(); // not live: nothing kept
    caches.setLive(true);
    c.set('a', 'A', ['B-1'], caches.token());
    c.set('b', 'B', ['B-2'], caches.token());
    expect([c.get('a'), c.get('b')]).toEqual(['A', 'B']);
    caches.apply({ kind: 'batches', batchIds: ['B-1'] });
    expect([c.get('a'), c.get('b')]).toEqual([undefined, 'B']);
    // Read before an invalidation of its batch, stored after it: refused; one of another batch is not.
    const token = caches.token();
    caches.apply({ kind: 'batches', batchIds: ['B-7'] });
    c.set('a', 'A', ['B-1'], token);
    expect(c.get('a')).toBe('A');
    const token2 = caches.token();
    caches.apply({ kind: 'batches', batchIds: ['B-1'] });
    c.set('a', 'stale', ['B-1'], token2);
    expect(c.get('a')).toBeUndefined();
    const token3 = caches.token();
    caches.apply({ kind: 'all' });
    c.set('b', 'stale', ['B-2'], token3);
    expect(c.get('b')).toBeUndefined();
    c.set('b', 'B', ['B-2'], caches.token());
    caches.apply({ kind: 'none' });
    c.set('a', 'A', ['B-1'], caches.token());
    expect(c.get('a')).toBe('A');
    // The safety max-age.
    t = 1001;
    expect(c.get('a')).toBeUndefined();
    c.set('a', 'A', ['B-1'], caches.token());
    caches.apply({ kind: 'all' });
    expect([c.get('a'), c.get('b')]).toEqual([undefined, undefined]);
    c.set('a', 'A', ['B-1'], caches.token());
    caches.setLive(false); // a broken stream: all gone
    caches.setLive(true);
    expect(c.get('a')).toBeUndefined();
    expect(c.stats()).toMatchObject({ size: 0 });
  });

  it('keeps at most its capacity, the oldest out; maxAge 0 keeps nothing', () => {
    const caches = new LedgerCaches({ maxAgeMs: 60_000 });
    caches.setLive(true);
    const c = caches.cache<number>(2);
    for (const [i, k] of ['a', 'b', 'c'].entries()) c.set(k, i, ['B'], caches.token());
    expect([c.get('a'), c.get('b'), c.get('c')]).toEqual([undefined, 1, 2]);
    const off = new LedgerCaches({ maxAgeMs: 0 });
    off.setLive(true);
    const d = off.cache<number>(10);
    d.set('a', 1, [], off.token());
    expect(d.get('a')).toBeUndefined();
  });
});

describe('a cached lookup answer', () => {
  it('is the same JSON bytes restamped with the time of the request, for the same date of birth only', () => {
    const answer = {
      record: { note: '"checkedAt":"2026-01-01T00:00:00.000Z"' },
      report: { verdict: 'valid' as const, steps: [], checkedAt: '2026-01-01T00:00:00.000Z' },
    };
    const entry = toCacheEntry(answer, {
      dob: '2015-03-04',
      batchId: 'B-1',
      leafIndex: 0,
      schoolId: 'S',
      codeHash: new Uint8Array(32),
    });
    const now = new Date('2026-07-08T09:10:11.000Z');
    const bytes = cachedAnswer(entry, '2015-03-04', now);
    expect(Buffer.isBuffer(bytes)).toBe(true);
    expect(JSON.parse(bytes!.toString('utf8'))).toEqual({
      ...answer,
      report: { ...answer.report, checkedAt: now.toISOString() },
    });
    expect(cachedAnswer(entry, '2015-03-05', now)).toBeUndefined();
    expect(cachedAnswer(undefined, '2015-03-04', now)).toBeUndefined();
    expect(entry.verdict).toBe('valid');
  });
});

describe('through the app, on the embedded ledger', () => {
  const ORGS = ['DoetMSP', 'District1MSP'];
  let p: Province;
  let s: Seeded;
  let app: TestApp;
  /** Ledger queries the app made, by function. */
  const reads = new Map<string, number>();
  const readsOf = (fn: string) => reads.get(fn) ?? 0;
  const seats: Record<string, { batchId: string; code: string; dob: string }[]> = {};

  /** The app's client over the shared ledger, counting queries; closing it leaves the ledger open. */
  function counting(inner: LedgerClient): LedgerClient {
    return {
      submit: (fn, args, o) => inner.submit(fn, args, o),
      evaluate: (fn, args, id) => {
        reads.set(fn, readsOf(fn) + 1);
        return inner.evaluate(fn, args, id);
      },
      transaction: (txId) => inner.transaction(txId),
      events: (from, o) => inner.events(from, o),
      height: () => inner.height!(),
      close: async () => {},
    };
  }
  const open = () =>
    makeApp(p.world, {
      db: s.db,
      ledger: counting(new EmbeddedLedgerClient(p.world.ledger)),
      rateLimit: { max: 10_000, lookupMax: 10_000 },
    });

  /** `n` records of a school with codes and dates of birth, locked, signed and anchored. */
  async function anchoredBatch(name: string, schoolId: string, n: number) {
    const ids = await seedVersions(s.db, schoolId, s.classId[schoolId]!, n);
    const out: { batchId: string; code: string; dob: string }[] = [];
    const { batchId } = await (async () => {
      for (const [i, id] of ids.entries()) {
        const [v] = await s.db.select().from(recordVersions).where(eq(recordVersions.id, id));
        const [e] = await s.db.select().from(enrolments).where(eq(enrolments.id, v!.enrolmentId));
        const code = newLookupCode();
        const dob = `2015-0${1 + i}-0${1 + i}`;
        await s.db
          .update(recordVersions)
          .set({ lookupCode: code, record: { ...v!.record, lookupCode: code } })
          .where(eq(recordVersions.id, id));
        await s.db.insert(studentBiographies).values({
          studentId: e!.studentId,
          fullName: `Hoàng Văn Nam ${i}`,
          dateOfBirth: dob,
          sex: 'male',
          birthplace: 'Cẩm Phả',
          ethnicity: 'Kinh',
        });
        out.push({ batchId: '', code, dob });
      }
      return lockAndSign(s.db, p.world, schoolId, ids);
    })();
    const [outcome] = await runOutboxWorker({ db: s.db, ledger: p.ledger, ...workerParties(p.world) }).tick();
    expect(outcome).toMatchObject({ batchId, outcome: 'submitted' });
    seats[name] = out.map((x) => ({ ...x, batchId }));
  }

  const lookup = (seat: { code: string; dob: string }, a = app) =>
    a.inject({ method: 'GET', url: `/v1/verify/${seat.code}?dob=${seat.dob}` });
  const verdict = async (seat: { code: string; dob: string }, a = app) =>
    (await lookup(seat, a)).json().report.verdict;

  /** Polls the lookup until it is no longer valid; the time that took. */
  async function msUntilInvalid(seat: { code: string; dob: string }): Promise<number> {
    const t0 = performance.now();
    while (performance.now() - t0 < 5000) {
      if ((await verdict(seat)) !== 'valid') return performance.now() - t0;
      await new Promise((r) => setTimeout(r, 10));
    }
    return Number.POSITIVE_INFINITY;
  }

  beforeAll(async () => {
    [p, s] = await Promise.all([startProvince(), seededDatabase()]);
    await anchoredBatch('a', SCHOOL, 2);
    await anchoredBatch('b', SCHOOL, 2);
    await anchoredBatch('c', OTHER_SCHOOL, 2);
    app = await open();
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await s?.close();
  });

  it('answers a lookup again from the cache, without reading the ledger or re-checking', async () => {
    const seat = seats.a![0]!;
    const first = await lookup(seat);
    expect(first.json().report.verdict).toBe('valid');
    const viewsRead = readsOf('batch:getRecordView');
    const anchorsRead = readsOf('trust:listTrustAnchors');
    expect(viewsRead).toBeGreaterThan(0);
    const again = await lookup(seat);
    expect(again.statusCode).toBe(200);
    expect(readsOf('batch:getRecordView')).toBe(viewsRead);
    expect(readsOf('trust:listTrustAnchors')).toBe(anchorsRead);
    expect(app.logs.filter((l) => l.includes('"cached":true'))).toHaveLength(1);
    const { checkedAt: _a, ...one } = first.json().report;
    const { checkedAt: _b, ...two } = again.json().report;
    expect(two).toEqual(one);
    expect({ ...again.json(), report: undefined }).toEqual({ ...first.json(), report: undefined });
    // A wrong date of birth is still one 404, cached or not.
    const wrong = await lookup({ code: seat.code, dob: '2000-01-01' });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().error.code).toBe('RECORD_NOT_FOUND');
    // Its classmate reads the trust anchors from the cache, and its own view once.
    await lookup(seats.a![1]!);
    expect(readsOf('trust:listTrustAnchors')).toBe(anchorsRead);
    expect(readsOf('batch:getRecordView')).toBe(viewsRead + 1);
    // So does POST /v1/verify/bundle with the answered bundle.
    const post = await app.inject({ method: 'POST', url: '/v1/verify/bundle', payload: first.json().bundle });
    expect(post.json().report.verdict).toBe('valid');
    expect(readsOf('batch:getRecordView')).toBe(viewsRead + 1);
  });

  it('sees a revocation made straight on the ledger by another client within a second; the classmate stays cached', async () => {
    for (const seat of seats.a!) expect(await verdict(seat)).toBe('valid');
    const before = readsOf('batch:getRecordView');
    const { batchId } = seats.a![1]!;
    // Its leaf, as its bundle says (the batch's order is the lock's, not the seats').
    const leaf = (await lookup(seats.a![1]!)).json().bundle.inclusion.leafIndex as number;
    await p.world.submit(
      'batch:grantPermission',
      [batchId, 'revoke', '2026-12-31T00:00:00Z', 'QĐ 5/QĐ-SGDĐT'],
      p.world.ids.province!,
      ORGS,
    );
    await p.world.submit(
      'batch:revokeRecord',
      [batchId, String(leaf), 'CORRECTION', 'QĐ 6/QĐ-THKĐ'],
      p.world.schools[SCHOOL]!.principal,
      ORGS,
    );
    expect(await msUntilInvalid(seats.a![1]!)).toBeLessThan(1000);
    expect(await verdict(seats.a![0]!)).toBe('valid');
    const res = (await lookup(seats.a![1]!)).json().report;
    expect(res.steps.find((x: { step: string }) => x.step === 'status').code).toBe('STATUS_REVOKED');
    // The event dropped its batch's entries only: the other batch's record is answered without a read.
    await verdict(seats.b![0]!);
    const reads0 = readsOf('batch:getRecordView');
    expect(await verdict(seats.b![0]!)).toBe('valid');
    expect(readsOf('batch:getRecordView')).toBe(reads0);
    expect(reads0).toBeGreaterThan(before);
  });

  it('sees a recall within a second', async () => {
    const seat = seats.b![0]!;
    expect(await verdict(seat)).toBe('valid');
    await p.world.submit(
      'batch:grantPermission',
      [seat.batchId, 'recall', '2026-12-31T00:00:00Z', 'QĐ 5/QĐ-SGDĐT'],
      p.world.ids.province!,
      ORGS,
    );
    await p.world.submit(
      'batch:recallBatch',
      [seat.batchId, 'WRONG_DATA', 'QĐ 30/QĐ-THKĐ'],
      p.world.schools[SCHOOL]!.principal,
      ORGS,
    );
    expect(await msUntilInvalid(seat)).toBeLessThan(1000);
  });

  it('sees the signer’s certificate revoked within a second', async () => {
    const seat = seats.a![0]!;
    expect(await verdict(seat)).toBe('valid');
    const fp = certificateFingerprint(p.world.schools[SCHOOL]!.signer.der);
    await p.world.submit(
      'registry:revokeCertificate',
      [fp, '2020-01-01T00:00:00.000Z', 'KEY_COMPROMISE'],
      p.world.ids.province!,
      ORGS,
    );
    expect(await msUntilInvalid(seat)).toBeLessThan(1000);
  });

  it('sees a trust anchor retired within a second', async () => {
    const seat = seats.c![0]!;
    expect(await verdict(seat)).toBe('valid');
    await p.world.submit(
      'trust:retireTrustAnchor',
      [certificateFingerprint(p.world.root.der), 'rotation'],
      p.world.ids.ministry!,
      ['MoetMSP', 'DoetMSP', 'District1MSP'],
    );
    expect(await msUntilInvalid(seat)).toBeLessThan(1000);
  });

  it('after a restart (a new app over the same database and ledger) starts empty and shows the revocation', async () => {
    await app.close();
    const before = readsOf('batch:getRecordView');
    app = await open();
    const res = (await lookup(seats.a![1]!)).json().report;
    expect(res.verdict).toBe('invalid');
    expect(res.steps.find((x: { step: string }) => x.step === 'status').code).toBe('STATUS_REVOKED');
    expect(readsOf('batch:getRecordView')).toBe(before + 1);
  });
});
