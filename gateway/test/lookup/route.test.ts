/**
 * GET /v1/verify/:lookupCode through `inject`, on PGlite and the embedded ledger: a locked, signed and
 * anchored record found by its code and date of birth; one answer for an unknown code and a wrong date
 * (no oracle); 400 for a malformed code; an unanchored record reported as such; revocation on the ledger
 * seen in the report; the answered bundle re-verified by POST /v1/verify/bundle; its own rate limit; and
 * logs without the code or the date of birth.
 */
import { batches, enrolments, recordVersions, studentBiographies } from '@hocba/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedLedgerClient, type LedgerClient } from '../../src/ledger/index.ts';
import { formatLookupCode, newLookupCode } from '../../src/lookup/code.ts';
import { HOMEROOM_COMMENTS } from '../../src/seed/people.ts';
import { runOutboxWorker } from '../../src/services/index.ts';
import { makeApp, type TestApp } from '../app/helper.ts';
import {
  lockAndSign,
  type Province,
  SCHOOL,
  type Seeded,
  seededDatabase,
  seedVersions,
  startProvince,
  workerParties,
} from '../services/fixtures.ts';

const ORGS = ['DoetMSP', 'District1MSP'];
const ETHNICITY = 'Sán Dìu';
const NAME = 'Lý Thị Mai';

interface Seat {
  code: string;
  dob: string;
}

let p: Province;
let s: Seeded;
let app: TestApp;
let anchored: { batchId: string; seats: Seat[] };
let unanchored: { batchId: string; seats: Seat[] };

const _ago = (seconds: number) => new Date(p.world.now.getTime() - seconds * 1000);

/**
 * `n` approved versions with their own lookup codes, a biography in the record (to be hidden) and in the
 * biography table (the date compared), locked and signed; anchored when asked.
 */
async function batch(n: number, anchor: boolean) {
  const ids = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, n);
  const seats: Seat[] = [];
  for (const [i, id] of ids.entries()) {
    const [v] = await s.db.select().from(recordVersions).where(eq(recordVersions.id, id));
    const [e] = await s.db.select().from(enrolments).where(eq(enrolments.id, v!.enrolmentId));
    const code = newLookupCode();
    const dob = `2015-0${1 + (i % 9)}-1${i % 10}`;
    const biography = {
      fullName: `${NAME} ${i}`,
      dateOfBirth: dob,
      sex: 'female',
      birthplace: 'Hạ Long, Quảng Ninh',
      ethnicity: ETHNICITY,
      guardians: [{ relation: 'mother', fullName: 'Lý Thị Hoa' }],
    };
    await s.db
      .update(recordVersions)
      .set({ lookupCode: code, record: { ...v!.record, lookupCode: code, biography } })
      .where(eq(recordVersions.id, id));
    await s.db.insert(studentBiographies).values({
      studentId: e!.studentId,
      fullName: biography.fullName,
      dateOfBirth: dob,
      sex: 'female',
      birthplace: biography.birthplace,
      ethnicity: ETHNICITY,
    });
    seats.push({ code, dob });
  }
  const locked = await lockAndSign(s.db, p.world, SCHOOL, ids);
  if (anchor) {
    const [outcome] = await runOutboxWorker({ db: s.db, ledger: p.ledger, ...workerParties(p.world) }).tick();
    expect(outcome).toMatchObject({ batchId: locked.batchId, outcome: 'submitted' });
  }
  // Seats in leaf order: lockBatch sorts the versions by id.
  const leafOf = new Map(locked.members.map((m) => [m.recordVersionId, m.leafIndex]));
  const ordered = ids.map((id, i) => ({ leaf: leafOf.get(id)!, seat: seats[i]! }));
  ordered.sort((a, b) => a.leaf - b.leaf);
  return { batchId: locked.batchId, seats: ordered.map((o) => o.seat) };
}

const lookup = (code: string, dob: string, a: TestApp = app) =>
  a.inject({ method: 'GET', url: `/v1/verify/${encodeURIComponent(code)}?dob=${dob}` });
const failing = (r: { steps: { outcome: string; step: string; code: string }[] }) =>
  r.steps.filter((x) => x.outcome !== 'pass').map((x) => `${x.step}:${x.code}`);

beforeAll(async () => {
  [p, s] = await Promise.all([startProvince(), seededDatabase()]);
  anchored = await batch(4, true);
  unanchored = await batch(2, false);
  app = await makeApp(p.world, { db: s.db, rateLimit: { max: 1000, bulkMax: 1000, lookupMax: 1000 } });
});
afterAll(async () => {
  await app?.close();
  await s?.close();
});

describe('GET /v1/verify/:lookupCode', () => {
  it('takes the anchor’s block from the database, never asking the ledger for the transaction', async () => {
    const ledger = new EmbeddedLedgerClient(p.world.ledger);
    let asked = 0;
    const counting: LedgerClient = Object.create(ledger, {
      transaction: {
        value: (txId: string) => {
          asked++;
          return ledger.transaction(txId);
        },
      },
      // The ledger is the file's; closing this app must not close it.
      close: { value: async () => {} },
    });
    const own = await makeApp(p.world, {
      db: s.db,
      ledger: counting,
      rateLimit: { max: 100, bulkMax: 100, lookupMax: 100 },
    });
    try {
      const { code, dob } = anchored.seats[2]!;
      const res = await lookup(code, dob, own);
      expect(res.json().report.verdict).toBe('valid');
      const [row] = await s.db.select().from(batches).where(eq(batches.id, anchored.batchId));
      const anchor = res.json().report.steps.find((x: { step: string }) => x.step === 'anchor');
      expect(anchor.details.blockNumber).toBe(row!.blockNumber);
      expect(asked).toBe(0);
    } finally {
      await own.close();
    }
  });

  it('finds a locked, signed and anchored record by code and date of birth: valid, without the biography', async () => {
    const { code, dob } = anchored.seats[1]!;
    const res = await lookup(formatLookupCode(code), dob);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.report.verdict).toBe('valid');
    expect(failing(body.report)).toEqual([]);
    expect(body.record).toMatchObject({ lookupCode: code, schoolCode: SCHOOL, level: 'TH', grade: 5 });
    // Stored in NFD (seed/fixture.ts), answered as committed: NFC.
    const comment: string = body.record.results.homeroomComment;
    expect(HOMEROOM_COMMENTS.map((c) => c.normalize('NFC'))).toContain(comment);
    expect(body.record).not.toHaveProperty('biography');
    expect(body.bundle.inclusion.leafIndex).toBe(1);
    expect(body.bundle.manifest.batchId).toBe(anchored.batchId);
    expect(body.bundle.certificates).toHaveLength(1);
    // The biography is committed (hidden hashes) but never shown.
    expect(body.bundle.disclosure.hidden.length).toBeGreaterThan(0);
    expect(
      body.bundle.disclosure.fields.some((f: { pointer: string }) => f.pointer.startsWith('/biography')),
    ).toBe(false);
    for (const secret of [ETHNICITY, NAME, 'Hạ Long', 'Lý Thị Hoa', dob, 'dateOfBirth', 'ethnicity'])
      expect(res.body).not.toContain(secret);
  });

  it('reads the code as people type it: lower case, spaces, I/L for 1 and O for 0', async () => {
    const { code, dob } = anchored.seats[0]!;
    const typed = formatLookupCode(code)
      .toLowerCase()
      .replaceAll('1', 'l')
      .replaceAll('0', 'o')
      .replaceAll('-', ' ');
    const res = await lookup(typed, dob);
    expect(res.statusCode).toBe(200);
    expect(res.json().record.lookupCode).toBe(code);
  });

  it('answers an unknown code and a wrong date of birth with the same 404', async () => {
    const { code, dob } = anchored.seats[2]!;
    const wrongDate = await lookup(code, dob === '2001-01-01' ? '2001-01-02' : '2001-01-01');
    const otherSeatsDate = await lookup(code, anchored.seats[3]!.dob);
    const unknown = await lookup(newLookupCode(), dob);
    for (const r of [wrongDate, otherSeatsDate, unknown]) {
      expect(r.statusCode).toBe(404);
      expect(r.json().error.code).toBe('RECORD_NOT_FOUND');
    }
    expect(wrongDate.body).toBe(unknown.body);
    expect(otherSeatsDate.body).toBe(unknown.body);
    expect(wrongDate.headers['content-length']).toBe(unknown.headers['content-length']);
  });

  it('never finds a version that is not committed (a draft or approved record with a valid code)', async () => {
    const [id] = await seedVersions(s.db, SCHOOL, s.classId[SCHOOL]!, 1);
    const [v] = await s.db.select().from(recordVersions).where(eq(recordVersions.id, id!));
    const [e] = await s.db.select().from(enrolments).where(eq(enrolments.id, v!.enrolmentId));
    const code = newLookupCode();
    await s.db.update(recordVersions).set({ lookupCode: code }).where(eq(recordVersions.id, id!));
    await s.db.insert(studentBiographies).values({
      studentId: e!.studentId,
      fullName: NAME,
      dateOfBirth: '2015-03-03',
      sex: 'female',
      birthplace: 'Uông Bí',
      ethnicity: ETHNICITY,
    });
    const res = await lookup(code, '2015-03-03');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('RECORD_NOT_FOUND');
  });

  it('refuses a malformed code with 400 LOOKUP_CODE_INVALID, and a malformed date with 400 VALIDATION', async () => {
    const { code, dob } = anchored.seats[0]!;
    const typo = code.slice(0, 3) + (code[3] === 'A' ? 'B' : 'A') + code.slice(4);
    const swapped = code[5] === code[6] ? undefined : code.slice(0, 5) + code[6] + code[5] + code.slice(7);
    for (const bad of [
      typo,
      ...(swapped ? [swapped] : []),
      code.slice(1),
      'bundle',
      `${code}U`,
      'ÐÊ'.repeat(10),
    ]) {
      const res = await lookup(bad, dob);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBe('LOOKUP_CODE_INVALID');
    }
    for (const badDate of ['15-03-2015', '2015-3-3', '']) {
      const res = await lookup(code, badDate);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION');
    }
    const missing = await app.inject({ method: 'GET', url: `/v1/verify/${code}` });
    expect(missing.statusCode).toBe(400);
  });

  it('reports a record of a batch not yet anchored as such, without hiding it', async () => {
    const { code, dob } = unanchored.seats[0]!;
    const res = await lookup(code, dob);
    expect(res.statusCode).toBe(200);
    const { report } = res.json();
    expect(report.verdict).not.toBe('valid');
    const anchor = report.steps.find((x: { step: string }) => x.step === 'anchor');
    expect(anchor.outcome).not.toBe('pass');
    expect(anchor.code).toMatch(/ANCHOR/);
  });

  it('the bundle it answers re-verifies through POST /v1/verify/bundle with the same report', async () => {
    for (const seat of [anchored.seats[3]!, unanchored.seats[1]!]) {
      const res = await lookup(seat.code, seat.dob);
      const { bundle, report } = res.json();
      const again = await app.inject({ method: 'POST', url: '/v1/verify/bundle', payload: bundle });
      expect(again.statusCode).toBe(200);
      expect(again.json().report.verdict).toBe(report.verdict);
      expect(again.json().report.steps).toEqual(report.steps);
    }
  });

  it('shows a revocation made on the ledger as STATUS_REVOKED', async () => {
    await p.world.submit(
      'batch:grantPermission',
      [anchored.batchId, 'revoke', '2026-12-31T00:00:00Z', 'QĐ 5/QĐ-SGDĐT'],
      p.world.ids.province!,
      ORGS,
    );
    await p.world.submit(
      'batch:revokeRecord',
      [anchored.batchId, '2', 'CORRECTION', 'QĐ 6/QĐ-THKĐ'],
      p.world.schools[SCHOOL]!.principal,
      ORGS,
    );
    const { code, dob } = anchored.seats[2]!;
    const res = await lookup(code, dob);
    expect(res.statusCode).toBe(200);
    expect(res.json().report.verdict).toBe('invalid');
    expect(failing(res.json().report)).toEqual(['status:STATUS_REVOKED']);
    // The other records of the batch are untouched.
    const other = await lookup(anchored.seats[0]!.code, anchored.seats[0]!.dob);
    expect(other.json().report.verdict).toBe('valid');
  });

  it('has its own, stricter rate limit than POST /v1/verify/bundle', async () => {
    const strict = await makeApp(p.world, { db: s.db, rateLimit: { max: 100, lookupMax: 3 } });
    try {
      const { code, dob } = anchored.seats[0]!;
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await lookup(code, dob, strict)).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await lookup(newLookupCode(), '2000-01-01', strict);
      expect(limited.json().error.code).toBe('RATE_LIMITED');
      const bundle = (await lookup(code, dob)).json().bundle;
      const other = await strict.inject({ method: 'POST', url: '/v1/verify/bundle', payload: bundle });
      expect(other.statusCode).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('logs lookups by batch, leaf and verdict, never with the code or the date of birth; never a 5xx', () => {
    const lines = app.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    const found = lines.filter((l) => l.msg === 'lookup' && 'verdict' in l);
    expect(found.length).toBeGreaterThan(0);
    for (const l of found) {
      expect(Object.keys(l)).toEqual(expect.arrayContaining(['batchId', 'leafIndex', 'verdict', 'reqId']));
      expect(l).not.toHaveProperty('lookupCode');
    }
    expect(lines.some((l) => l.msg === 'lookup' && l.outcome === 'notFound')).toBe(true);
    const requests = lines.filter((l) =>
      (l.req as { route?: string } | undefined)?.route?.includes('lookupCode'),
    );
    expect(requests.length).toBeGreaterThan(0);
    const text = app.logs.join('\n');
    for (const seat of [...anchored.seats, ...unanchored.seats]) {
      expect(text).not.toContain(seat.code);
      expect(text).not.toContain(formatLookupCode(seat.code));
      expect(text.toLowerCase()).not.toContain(
        formatLookupCode(seat.code).toLowerCase().replaceAll('-', ' '),
      );
      expect(text).not.toContain(seat.dob);
    }
    for (const secret of [ETHNICITY, NAME]) expect(text).not.toContain(secret);
    expect(app.statuses.filter((x) => x >= 500)).toEqual([]);
  });
});
