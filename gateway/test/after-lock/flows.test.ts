/**
 * After lock, end to end through `inject`, on PGlite and the embedded ledger, with the outbox worker run
 * by tick(): revocation with the province's permission, recall, district acceptance before its
 * deadline, correction → new version → replacement batch signed and anchored, the yearly report and its
 * acknowledgement (and a supplementary one), a transfer of custody, and the audit log — each refusal with
 * its code, the ledger's facts read back, the public lookup showing revoked / recalled / superseded, and
 * never a 5xx.
 */
import {
  batches,
  correctionRequests,
  enrolments,
  recordVersions,
  statusEvents,
  verifyAuditChain,
  yearReports,
} from '@hocba/db';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lockBatch } from '../../src/services/index.ts';
import {
  anchoredBatch,
  type Env,
  FAR_SCHOOL,
  fingerprintOf,
  ledgerRead,
  makeEnv,
  SCHOOL,
  type Seat,
  sign,
  validRecord,
  YEAR,
} from './helpers.ts';

// A World, a database, eight logins and many ledger round trips: slower than a unit test on a shared machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let env: Env;
const UNTIL = '2026-12-31T16:59:59.000Z';
const BASIS = 'QĐ 12/QĐ-SGDĐT';

const lookup = (seat: Seat) => env.call(null, 'GET', `/v1/verify/${seat.code}?dob=${seat.dob}`);
const failing = (r: { steps: { outcome: string; step: string; code: string }[] }) =>
  r.steps.filter((x) => x.outcome !== 'pass').map((x) => `${x.step}:${x.code}`);
const code = (res: { json(): unknown }) => (res.json() as { error: { code: string } }).error.code;
const grant = (batchId: string, action: string) =>
  env.call('province', 'POST', '/v1/permissions', { batchId, action, until: UNTIL, legalBasis: BASIS });
async function tick(expected: Record<string, number>) {
  const outcomes = await env.worker.tick();
  const got: Record<string, number> = {};
  for (const o of outcomes) got[`${o.action}:${o.outcome}`] = (got[`${o.action}:${o.outcome}`] ?? 0) + 1;
  expect(got).toEqual(expected);
  return outcomes;
}

beforeAll(async () => {
  env = await makeEnv();
});
afterAll(async () => {
  // Whatever happened above: no request was answered with a 5xx.
  expect(env?.app.statuses.filter((s) => s >= 500) ?? []).toEqual([]);
  await env?.close();
});

describe('revocation of one record', () => {
  let a: { batchId: string; seats: Seat[] };
  beforeAll(async () => {
    a = await anchoredBatch(env, 3);
  });
  const revoke = (
    who: Parameters<Env['call']>[0],
    recordId: string,
    body: unknown = { reasonCode: 'DATA_ERROR', legalBasis: 'QĐ 7/QĐ-THKĐ' },
  ) => env.call(who, 'POST', `/v1/records/${recordId}/revoke`, body);

  it('refuses without the province’s permission, with a code a person can act on', async () => {
    const res = await revoke('principal', a.seats[0]!.recordId);
    expect(res.statusCode).toBe(422);
    expect(code(res)).toBe('NOT_PERMITTED');
    expect(res.json().error.message.vi).toMatch(/Sở GD&ĐT chưa cho phép/);
  });

  it('refuses the wrong role, the wrong school, an unknown record and a bad reason code', async () => {
    const id = a.seats[0]!.recordId;
    expect(code(await revoke('teacher', id))).toBe('FORBIDDEN');
    expect(code(await revoke('farPrincipal', id))).toBe('OUT_OF_SCOPE');
    expect(code(await revoke('principal', 'REC-nope'))).toBe('RECORD_NOT_FOUND');
    const bad = await revoke('principal', id, { reasonCode: 'lower case', legalBasis: 'QĐ 7' });
    expect([bad.statusCode, code(bad)]).toEqual([400, 'VALIDATION']);
    expect((await revoke(null, id)).statusCode).toBe(401);
  });

  it('the province grants through the outbox; only a province officer, only for a known batch', async () => {
    const asPrincipal = await env.call('principal', 'POST', '/v1/permissions', {
      batchId: a.batchId,
      action: 'revoke',
      until: UNTIL,
      legalBasis: BASIS,
    });
    expect(code(asPrincipal)).toBe('FORBIDDEN');
    expect((await grant(a.batchId, 'revoke')).statusCode).toBe(202);
    expect(code(await grant('B-nope', 'revoke'))).toBe('BATCH_NOT_FOUND');
    const past = await env.call('province', 'POST', '/v1/permissions', {
      batchId: a.batchId,
      action: 'revoke',
      until: '2020-01-01T00:00:00Z',
      legalBasis: BASIS,
    });
    expect([past.statusCode, code(past)]).toEqual([422, 'PERMISSION_INVALID']);
    for (const bad of [
      { batchId: a.batchId, action: 'revoke', until: 'tomorrow', legalBasis: BASIS },
      { batchId: a.batchId, action: 'delete', until: UNTIL, legalBasis: BASIS },
      { batchId: a.batchId, action: 'revoke', until: UNTIL, legalBasis: '' },
      { batchId: '../etc', action: 'revoke', until: UNTIL, legalBasis: BASIS },
    ]) {
      const res = await env.call('province', 'POST', '/v1/permissions', bad);
      expect([res.statusCode, code(res)], JSON.stringify(bad)).toEqual([400, 'VALIDATION']);
    }
    expect(code(await env.call('principal', 'POST', '/v1/corrections/not-a-uuid/check', {}))).toBe(
      'VALIDATION',
    );
    expect(code(await env.call('ministry', 'POST', `/v1/reports/${YEAR}/x/acknowledge`))).toBe('VALIDATION');
    // Queued, not yet on the ledger: the school is still refused.
    expect(code(await revoke('principal', a.seats[0]!.recordId))).toBe('NOT_PERMITTED');
    await tick({ 'grantPermission:submitted': 1 });
  });

  it('revokes once the permission is on the ledger: ledger fact, record state, lookup', async () => {
    const seat = a.seats[0]!;
    const res = await revoke('principal', seat.recordId);
    expect(res.statusCode).toBe(202);
    const { leafIndex, statusEventId } = res.json();
    expect(code(await revoke('principal', seat.recordId))).toBe('ALREADY_REQUESTED');
    // Not revoked until the ledger says so.
    let [v] = await env.s.db.select().from(recordVersions).where(eq(recordVersions.id, seat.recordId));
    expect(v!.state).toBe('locked');

    const [o] = await tick({ 'revokeRecord:submitted': 1 });
    [v] = await env.s.db.select().from(recordVersions).where(eq(recordVersions.id, seat.recordId));
    expect(v!.state).toBe('revoked');
    const status = await ledgerRead(env, 'batch:getRecordStatus', [a.batchId, String(leafIndex)]);
    expect(status).toMatchObject({ revoked: true, revocation: { reasonCode: 'DATA_ERROR' } });
    expect((status.revocation as { txId: string }).txId).toBe((o as { txId: string }).txId);
    const [event] = await env.s.db.select().from(statusEvents).where(eq(statusEvents.id, statusEventId));
    expect(event!.ledgerTxId).toBe((o as { txId: string }).txId);
    expect(event!.blockNumber).toBeGreaterThan(0);

    const look = await lookup(seat);
    expect(look.statusCode).toBe(200);
    expect(look.json().report.verdict).toBe('invalid');
    expect(failing(look.json().report)).toEqual(['status:STATUS_REVOKED']);
    // The others of the batch are untouched.
    expect((await lookup(a.seats[1]!)).json().report.verdict).toBe('valid');
    expect(code(await revoke('principal', seat.recordId))).toBe('RECORD_NOT_LOCKED');
    const events = (await env.call('district1', 'GET', `/v1/batches/${a.batchId}/status-events`)).json()
      .items;
    expect(events.map((e: { kind: string; queue: { state: string } }) => [e.kind, e.queue.state])).toEqual([
      ['permission', 'done'],
      ['revoke', 'done'],
    ]);
    expect(events[1]).toMatchObject({ recordId: seat.recordId, ledgerTxId: event!.ledgerTxId });
  });
});

describe('district acceptance', () => {
  let b: { batchId: string; seats: Seat[] };
  beforeAll(async () => {
    b = await anchoredBatch(env, 2);
  });
  const accept = (who: Parameters<Env['call']>[0], batchId = b.batchId) =>
    env.call(who, 'POST', `/v1/batches/${batchId}/accept`, {});

  it('only the officer of the school’s district accepts', async () => {
    expect(code(await accept('district2'))).toBe('OUT_OF_SCOPE');
    expect(code(await accept('principal'))).toBe('FORBIDDEN');
    expect(code(await accept('district1', 'B-nope'))).toBe('BATCH_NOT_FOUND');
  });

  it('accepts before 30/6: the batch is accepted on the ledger and in the database', async () => {
    const res = await accept('district1');
    expect(res.statusCode).toBe(202);
    expect(res.json().deadline).toBe('2026-06-30T16:59:59.000Z');
    expect(code(await accept('district1'))).toBe('ALREADY_REQUESTED');
    await tick({ 'acceptBatch:submitted': 1 });
    const onLedger = await ledgerRead(env, 'batch:getBatch', [b.batchId]);
    expect(onLedger.state).toBe('accepted');
    const [row] = await env.s.db.select().from(batches).where(eq(batches.id, b.batchId));
    expect(row!.state).toBe('accepted');
  });

  it('after the deadline: 422 WINDOW_CLOSED, nothing queued', async () => {
    const late = await anchoredBatch(env, 1);
    const now = env.p.world.now;
    env.p.world.now = new Date('2026-07-01T01:00:00.000Z');
    try {
      const res = await accept('district1', late.batchId);
      expect([res.statusCode, code(res)]).toEqual([422, 'WINDOW_CLOSED']);
      expect(await env.worker.tick()).toEqual([]);
    } finally {
      env.p.world.now = now;
    }
  });

  it('a queued acceptance the ledger refuses after the deadline fails its row; the batch stays anchored', async () => {
    const late = await anchoredBatch(env, 1);
    expect((await accept('district1', late.batchId)).statusCode).toBe(202);
    const now = env.p.world.now;
    env.p.world.now = new Date('2026-07-01T01:00:00.000Z');
    try {
      const [o] = await tick({ 'acceptBatch:failed': 1 });
      expect(o).toMatchObject({ code: 'WINDOW_CLOSED' });
    } finally {
      env.p.world.now = now;
    }
    const [row] = await env.s.db.select().from(batches).where(eq(batches.id, late.batchId));
    expect(row!.state).toBe('anchored');
    expect((await ledgerRead(env, 'batch:getBatch', [late.batchId])).state).toBe('anchored');
    // The school and the district can see why.
    const events = await env.call('principal', 'GET', `/v1/batches/${late.batchId}/status-events`);
    expect(events.statusCode).toBe(200);
    expect(events.json().items).toEqual([
      expect.objectContaining({
        kind: 'accept',
        ledgerTxId: null,
        queue: { state: 'failed', attempts: 1, errorCode: 'WINDOW_CLOSED' },
      }),
    ]);
    expect(code(await env.call('farPrincipal', 'GET', `/v1/batches/${late.batchId}/status-events`))).toBe(
      'OUT_OF_SCOPE',
    );
  });
});

describe('recall of a batch', () => {
  let c: { batchId: string; seats: Seat[] };
  const body = { reasonCode: 'WRONG_CLASS', legalBasis: 'QĐ 9/QĐ-THKĐ' };
  beforeAll(async () => {
    c = await anchoredBatch(env, 2);
  });

  it('the school asks, the province grants, the school recalls: recalled on the ledger and in lookups', async () => {
    expect(
      code(await env.call('farPrincipal', 'POST', `/v1/batches/${c.batchId}/recall-request`, body)),
    ).toBe('OUT_OF_SCOPE');
    const asked = await env.call('principal', 'POST', `/v1/batches/${c.batchId}/recall-request`, body);
    expect(asked.statusCode).toBe(201);
    expect(code(await env.call('principal', 'POST', `/v1/batches/${c.batchId}/recall-request`, body))).toBe(
      'ALREADY_REQUESTED',
    );
    let [row] = await env.s.db.select().from(batches).where(eq(batches.id, c.batchId));
    expect(row!.state).toBe('recallRequested');

    expect(code(await env.call('principal', 'POST', `/v1/batches/${c.batchId}/recall`, body))).toBe(
      'NOT_PERMITTED',
    );
    expect((await grant(c.batchId, 'recall')).statusCode).toBe(202);
    await tick({ 'grantPermission:submitted': 1 });
    const res = await env.call('principal', 'POST', `/v1/batches/${c.batchId}/recall`, body);
    expect(res.statusCode).toBe(202);
    await tick({ 'recallBatch:submitted': 1 });

    [row] = await env.s.db.select().from(batches).where(eq(batches.id, c.batchId));
    expect(row!.state).toBe('recalled');
    const onLedger = await ledgerRead(env, 'batch:getBatch', [c.batchId]);
    expect(onLedger).toMatchObject({ state: 'recalled', recall: { reasonCode: 'WRONG_CLASS' } });
    const look = await lookup(c.seats[0]!);
    expect(failing(look.json().report)).toEqual(['status:STATUS_RECALLED']);
    expect(code(await env.call('principal', 'POST', `/v1/batches/${c.batchId}/recall`, body))).toBe(
      'BATCH_WRONG_STATE',
    );
  });
});

describe('correction → new version → replacement batch', () => {
  let d: { batchId: string; seats: Seat[] };
  let correctionId: string;
  let newVersionId: string;
  beforeAll(async () => {
    d = await anchoredBatch(env, 2, { valid: true });
  });
  // The locked record's content (anchoredBatch: the fixture at this school) with the maths comment corrected.
  const corrected = () => {
    const r: Record<string, unknown> = { ...validRecord(), schoolCode: SCHOOL };
    const results = r.results as { subjects: Record<string, { comment: string }> };
    results.subjects.TOAN!.comment = 'Tính toán nhanh, chính xác (đã chỉnh sửa theo QĐ 15).';
    return r;
  };

  it('request → check → approval, each step by its role, in order', async () => {
    const recordId = d.seats[0]!.recordId;
    const req = {
      recordId,
      subject: 'TOAN',
      legalBasis: 'Điều 15 QĐ Sở GD&ĐT',
      reason: 'Nhận xét môn Toán ghi nhầm',
    };
    expect(code(await env.call('farPrincipal', 'POST', '/v1/corrections', req))).toBe('OUT_OF_SCOPE');
    expect(code(await env.call('district1', 'POST', '/v1/corrections', req))).toBe('FORBIDDEN');
    expect(
      code(await env.call('principal', 'POST', '/v1/corrections', { ...req, recordId: 'REC-nope' })),
    ).toBe('RECORD_NOT_FOUND');
    const res = await env.call('principal', 'POST', '/v1/corrections', req);
    expect(res.statusCode).toBe(201);
    correctionId = res.json().id;
    expect(res.json().state).toBe('requested');
    expect(code(await env.call('principal', 'POST', '/v1/corrections', req))).toBe('CORRECTION_OPEN');

    const decide = (body: unknown) =>
      env.call('principal', 'POST', `/v1/corrections/${correctionId}/decision`, body);
    expect(code(await decide({ approve: true, record: corrected() }))).toBe('CORRECTION_WRONG_STATE');
    expect(code(await env.call('teacher', 'POST', `/v1/corrections/${correctionId}/check`, {}))).toBe(
      'FORBIDDEN',
    );
    const checked = await env.call('schoolAdmin', 'POST', `/v1/corrections/${correctionId}/check`, {
      note: 'Đúng',
    });
    expect([checked.statusCode, checked.json().state]).toEqual([200, 'checked']);
    expect(
      code(
        await env.call('schoolAdmin', 'POST', `/v1/corrections/${correctionId}/decision`, { approve: true }),
      ),
    ).toBe('FORBIDDEN');

    // A corrected record that breaks the rules: every problem at its path.
    const broken = corrected();
    (broken.results as { subjects: Record<string, { testScore: number }> }).subjects.TOAN!.testScore = 11;
    const invalid = await decide({ approve: true, record: broken });
    expect([invalid.statusCode, code(invalid)]).toEqual([422, 'RECORD_INVALID']);
    expect(invalid.json().error.problems.map((p: { path: string }) => p.path)).toContain(
      '/record/results/subjects/TOAN/testScore',
    );
    expect(
      code(
        await env.call('principal', 'POST', '/v1/corrections/00000000-0000-4000-8000-000000000000/decision', {
          approve: false,
        }),
      ),
    ).toBe('CORRECTION_NOT_FOUND');

    // Only what was requested may change: not who the record is about, not another subject.
    const otherStudent = { ...corrected(), nationalId: '079215000999' };
    const moved = await decide({ approve: true, record: otherStudent });
    expect([moved.statusCode, code(moved)]).toEqual([422, 'CORRECTION_OUT_OF_SCOPE']);
    const otherSubject = corrected();
    const subjects = (otherSubject.results as { subjects: Record<string, { comment?: string }> }).subjects;
    const other = Object.keys(subjects).find((k) => k !== 'TOAN')!;
    subjects[other]!.comment = 'Sửa ngoài phạm vi đề nghị.';
    const widened = await decide({ approve: true, record: otherSubject });
    expect([widened.statusCode, code(widened)]).toEqual([422, 'CORRECTION_OUT_OF_SCOPE']);

    const ok = await decide({ approve: true, record: corrected(), note: 'Phê duyệt' });
    expect([ok.statusCode, ok.json().state]).toEqual([200, 'applied']);
    newVersionId = ok.json().newVersionId;
    const [v2] = await env.s.db.select().from(recordVersions).where(eq(recordVersions.id, newVersionId));
    expect(v2).toMatchObject({ version: 2, supersedesId: recordId, state: 'approved' });
    // The code names the pupil's record of the year: the corrected version keeps it.
    expect(v2!.lookupCode).toBe(d.seats[0]!.code);
    expect(v2!.record).toMatchObject({ recordId: newVersionId, version: 2, supersedes: recordId });
    const [c] = await env.s.db
      .select()
      .from(correctionRequests)
      .where(eq(correctionRequests.id, correctionId));
    expect(c).toMatchObject({ state: 'applied', newVersionId });
  });

  it('the replacement batch needs the province’s permission, carries every member, is signed and anchored', async () => {
    // The printout's bundle, as it was before the replacement.
    const oldBundle = (await lookup(d.seats[0]!)).json().bundle;
    const replace = () =>
      env.call('principal', 'POST', `/v1/batches/${d.batchId}/replace`, {
        signerCertFingerprint: fingerprintOf(env),
      });
    expect(code(await replace())).toBe('NOT_PERMITTED');
    expect((await grant(d.batchId, 'replace')).statusCode).toBe(202);
    await tick({ 'grantPermission:submitted': 1 });

    const res = await replace();
    expect(res.statusCode).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({
      supersedes: d.batchId,
      corrected: 1,
      carriedOver: 1,
      revokedLeftOut: 0,
      leafCount: 2,
    });
    expect(code(await replace())).toBe('REPLACEMENT_PENDING');

    await sign(env, r.batchId);
    await env.anchorAll();
    // The worker's next pass settles the replacement the ledger has anchored.
    await tick({});
    const old = await ledgerRead(env, 'batch:getBatch', [d.batchId]);
    expect(old).toMatchObject({ state: 'replaced', supersededBy: r.batchId });
    const [oldRow] = await env.s.db.select().from(batches).where(eq(batches.id, d.batchId));
    expect(oldRow!.state).toBe('replaced');
    const olds = await env.s.db
      .select({ state: recordVersions.state })
      .from(recordVersions)
      .where(eq(recordVersions.id, d.seats[0]!.recordId));
    expect(olds[0]!.state).toBe('superseded');

    // The old bundle shows superseded, naming the replacement; the code answers the new version.
    const look = await env.call(null, 'POST', '/v1/verify/bundle', oldBundle);
    expect(failing(look.json().report)).toEqual(['status:STATUS_SUPERSEDED']);
    expect(JSON.stringify(look.json().report)).toContain(r.batchId);
    const successors = await env.s.db
      .select()
      .from(recordVersions)
      .where(and(eq(recordVersions.state, 'locked')));
    const mine = successors.filter(
      (v) => v.supersedesId === d.seats[0]!.recordId || v.supersedesId === d.seats[1]!.recordId,
    );
    expect(mine).toHaveLength(2);
    for (const v of mine) {
      const seat = d.seats.find((s) => s.recordId === v.supersedesId)!;
      expect(v.lookupCode).toBe(seat.code);
      const res2 = await lookup(seat);
      expect(res2.json().report.verdict).toBe('valid');
      expect(res2.json().bundle.manifest).toMatchObject({ kind: 'replacement', supersedes: d.batchId });
    }
    expect(mine.find((v) => v.id === newVersionId)!.record).toMatchObject({
      results: { subjects: { TOAN: { comment: expect.stringContaining('đã chỉnh sửa') } } },
    });
  });
});

describe('correction of one pupil of a class: a correction batch, the classmates untouched', () => {
  const DECISION = 'QĐ 27/QĐ-THKĐ';
  let d: { batchId: string; seats: Seat[] };
  beforeAll(async () => {
    d = await anchoredBatch(env, 4, { valid: true });
  });
  const corrected = () => {
    const r: Record<string, unknown> = { ...validRecord(), schoolCode: SCHOOL };
    const results = r.results as { subjects: Record<string, { comment: string }> };
    results.subjects.TOAN!.comment = 'Tính toán nhanh, chính xác (điều chỉnh theo QĐ 27).';
    return r;
  };

  it('every classmate’s code still answers valid; A’s code answers the new version; A’s old bundle says corrected, when and under which decision', async () => {
    const A = d.seats[0]!;
    const before = await lookup(A);
    expect(before.json().report.verdict).toBe('valid');
    const oldBundle = before.json().bundle;
    const leafOfA = oldBundle.inclusion.leafIndex as number;

    const req = await env.call('principal', 'POST', '/v1/corrections', {
      recordId: A.recordId,
      subject: 'TOAN',
      legalBasis: DECISION,
      reason: 'Nhận xét môn Toán ghi nhầm',
    });
    expect(req.statusCode).toBe(201);
    const id = req.json().id;
    expect((await env.call('schoolAdmin', 'POST', `/v1/corrections/${id}/check`, {})).statusCode).toBe(200);
    const ok = await env.call('principal', 'POST', `/v1/corrections/${id}/decision`, {
      approve: true,
      record: corrected(),
    });
    expect(ok.json().state).toBe('applied');
    const newVersionId = ok.json().newVersionId as string;

    // Re-signing: a correction batch of A's new version only, no province permission needed.
    const correct = () =>
      env.call('principal', 'POST', `/v1/batches/${d.batchId}/correct`, {
        signerCertFingerprint: fingerprintOf(env),
      });
    expect(code(await env.call('teacher', 'POST', `/v1/batches/${d.batchId}/correct`, {}))).toBe('FORBIDDEN');
    const res = await correct();
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({ leafCount: 1, corrects: [A.recordId], state: 'assembling' });
    expect(code(await correct())).toBe('EMPTY_BATCH');
    // Locked but not yet on the ledger: the code still answers the anchored version, valid.
    expect((await lookup(A)).json().bundle.manifest.batchId).toBe(d.batchId);

    await sign(env, c.batchId);
    await env.anchorAll();
    await tick({});

    // The ledger: exactly A's record superseded, under the decision; the old batch itself in force.
    const status = await ledgerRead(env, 'batch:getRecordStatus', [d.batchId, String(leafOfA)]);
    expect(status).toMatchObject({
      state: 'anchored',
      correction: { legalBasis: DECISION, by: { batchId: c.batchId, leafIndex: 0 } },
    });
    const states = await env.s.db
      .select({ id: recordVersions.id, state: recordVersions.state })
      .from(recordVersions)
      .where(inArray(recordVersions.id, [...d.seats.map((s) => s.recordId), newVersionId]));
    expect(Object.fromEntries(states.map((v) => [v.id, v.state]))).toEqual({
      [A.recordId]: 'superseded',
      [newVersionId]: 'locked',
      ...Object.fromEntries(d.seats.slice(1).map((s) => [s.recordId, 'locked'])),
    });

    // Every classmate: the same code, the same batch, valid.
    for (const seat of d.seats.slice(1)) {
      const r = (await lookup(seat)).json();
      expect([r.report.verdict, r.bundle.manifest.batchId, r.record.lookupCode]).toEqual([
        'valid',
        d.batchId,
        seat.code,
      ]);
    }
    // A's code answers the new version, saying it is a correction, when and under which decision.
    const now = (await lookup(A)).json();
    expect(now.report.verdict).toBe('valid');
    expect(now.record).toMatchObject({ recordId: newVersionId, version: 2, lookupCode: A.code });
    expect(now.bundle.manifest).toMatchObject({
      kind: 'correction',
      corrects: [{ batchId: d.batchId, leafIndex: leafOfA, legalBasis: DECISION }],
    });
    expect(now.correction).toMatchObject({ supersedes: A.recordId, legalBasis: DECISION });
    expect(Date.parse(now.correction.at)).not.toBeNaN();
    expect(now.replacement).toBeUndefined();

    // A's old printout, checked by its bundle: superseded by the correction, when, under which decision.
    const old = (await env.call(null, 'POST', '/v1/verify/bundle', oldBundle)).json().report;
    expect(failing(old)).toEqual(['status:STATUS_CORRECTED']);
    const step = old.steps.find((s: { step: string }) => s.step === 'status');
    expect(step.details).toMatchObject({
      legalBasis: DECISION,
      at: (status.correction as { at: string }).at,
      correctedBy: { batchId: c.batchId, leafIndex: 0 },
    });
    expect(step.message.vi).toMatch(/đã được điều chỉnh ngày \d{2}\/\d{2}\/\d{4} theo QĐ 27\/QĐ-THKĐ/);
  });

  it('refuses while a whole-batch replacement is pending (the correction goes into it), and a batch not on the ledger', async () => {
    const e = await anchoredBatch(env, 2, { valid: true });
    const req = await env.call('principal', 'POST', '/v1/corrections', {
      recordId: e.seats[0]!.recordId,
      subject: 'TOAN',
      legalBasis: DECISION,
      reason: 'Nhận xét môn Toán ghi nhầm',
    });
    const id = req.json().id;
    await env.call('schoolAdmin', 'POST', `/v1/corrections/${id}/check`, {});
    const ok = await env.call('principal', 'POST', `/v1/corrections/${id}/decision`, {
      approve: true,
      record: corrected(),
    });
    expect(ok.json().state).toBe('applied');
    expect((await grant(e.batchId, 'replace')).statusCode).toBe(202);
    await tick({ 'grantPermission:submitted': 1 });
    const r = await env.call('principal', 'POST', `/v1/batches/${e.batchId}/replace`, {});
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ corrected: 1, carriedOver: 1 });
    const correct = (batchId: string) => env.call('principal', 'POST', `/v1/batches/${batchId}/correct`, {});
    expect(code(await correct(e.batchId))).toBe('REPLACEMENT_PENDING');
    expect(code(await correct(r.json().batchId))).toBe('BATCH_NOT_ANCHORED');
    expect(code(await correct('00000000-0000-4000-8000-000000000000'))).toBe('BATCH_NOT_FOUND');
  });
});

describe('transfer of a student to another school', () => {
  let t: { batchId: string; seats: Seat[] };
  let transferId: string;
  beforeAll(async () => {
    t = await anchoredBatch(env, 1);
  });

  it('the sending school requests, the receiving school accepts: custody moves', async () => {
    const studentId = t.seats[0]!.studentId;
    const body = { studentId, fromSchoolId: SCHOOL, toSchoolId: FAR_SCHOOL, reason: 'Chuyển nơi ở' };
    expect(code(await env.call('farPrincipal', 'POST', '/v1/transfers', body))).toBe('OUT_OF_SCOPE');
    expect(code(await env.call('principal', 'POST', '/v1/transfers', { ...body, toSchoolId: SCHOOL }))).toBe(
      'TRANSFER_SAME_SCHOOL',
    );
    expect(
      code(await env.call('principal', 'POST', '/v1/transfers', { ...body, toSchoolId: 'SCH-NOPE' })),
    ).toBe('SCHOOL_NOT_FOUND');
    expect(
      code(
        await env.call('principal', 'POST', '/v1/transfers', {
          ...body,
          studentId: '00000000-0000-4000-8000-000000000000',
        }),
      ),
    ).toBe('STUDENT_NOT_FOUND');
    const res = await env.call('principal', 'POST', '/v1/transfers', body);
    expect(res.statusCode).toBe(201);
    transferId = res.json().id;
    expect(code(await env.call('principal', 'POST', '/v1/transfers', body))).toBe('ALREADY_REQUESTED');

    expect(
      code(await env.call('principal', 'POST', `/v1/transfers/${transferId}/decision`, { accept: true })),
    ).toBe('OUT_OF_SCOPE');
    const ok = await env.call('farPrincipal', 'POST', `/v1/transfers/${transferId}/decision`, {
      accept: true,
    });
    expect([ok.statusCode, ok.json().state, ok.json().enrolmentsMoved]).toEqual([200, 'completed', 1]);
    expect(
      code(await env.call('farPrincipal', 'POST', `/v1/transfers/${transferId}/decision`, { accept: true })),
    ).toBe('TRANSFER_WRONG_STATE');
    expect(
      code(
        await env.call(
          'farPrincipal',
          'POST',
          '/v1/transfers/00000000-0000-4000-8000-000000000000/decision',
          { accept: true },
        ),
      ),
    ).toBe('TRANSFER_NOT_FOUND');
    const [e] = await env.s.db.select().from(enrolments).where(eq(enrolments.studentId, studentId));
    expect(e!.custodySchoolId).toBe(FAR_SCHOOL);
  });

  it('the receiving school reads the earlier records; the sender no longer reads or edits them', async () => {
    const seat = t.seats[0]!;
    const url = `/v1/transfers/students/${seat.studentId}/records`;
    const mine = await env.call('farPrincipal', 'GET', url);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items).toEqual([
      expect.objectContaining({
        recordId: seat.recordId,
        state: 'locked',
        custodySchoolId: FAR_SCHOOL,
        batchId: t.batchId,
      }),
    ]);
    expect(code(await env.call('principal', 'GET', url))).toBe('OUT_OF_SCOPE');
    expect(
      code(
        await env.call('principal', 'POST', '/v1/corrections', {
          recordId: seat.recordId,
          legalBasis: 'Điều 15',
          reason: 'thử',
        }),
      ),
    ).toBe('OUT_OF_SCOPE');
    // The sending school can no longer lock anything of the student.
    const [e] = await env.s.db.select().from(enrolments).where(eq(enrolments.studentId, seat.studentId));
    const [v] = await env.s.db
      .insert(recordVersions)
      .values({
        id: `REC-T-${Date.now()}`,
        enrolmentId: e!.id,
        version: 9,
        supersedesId: seat.recordId,
        state: 'approved',
        record: {},
      })
      .returning();
    await expect(
      lockBatch(env.s.db, {
        schoolId: SCHOOL,
        schoolYear: YEAR,
        recordVersionIds: [v!.id],
        kind: 'regular',
        lockedAt: env.p.world.now,
      }),
    ).rejects.toMatchObject({ code: 'WRONG_SCHOOL' });
  });

  it('the old school’s locked record stays valid and provable', async () => {
    const look = await lookup(t.seats[0]!);
    expect(look.statusCode).toBe(200);
    expect(look.json().report.verdict).toBe('valid');
    expect(look.json().bundle.manifest.schoolId).toBe(SCHOOL);
  });
});

describe('the yearly report and the Ministry’s acknowledgement', () => {
  it('reports the year’s anchored batches in anchoring order; the Ministry acknowledges; a supplementary one follows', async () => {
    expect(code(await env.call('ministry', 'POST', '/v1/reports', { schoolYear: YEAR }))).toBe('FORBIDDEN');
    expect(code(await env.call('province', 'POST', '/v1/reports', { schoolYear: '2030-2031' }))).toBe(
      'REPORT_EMPTY',
    );
    const res = await env.call('province', 'POST', '/v1/reports', { schoolYear: YEAR });
    expect(res.statusCode).toBe(202);
    const r = res.json();
    expect(r.seq).toBe(1);
    // Seed 000 Art. 4 §3c–e: a batch its district has not accepted is reported as waiting, not accepted
    // (the ledger is the judge of which were accepted).
    const unaccepted: string[] = [];
    for (const id of r.batchIds as string[])
      if (!(await ledgerRead(env, 'batch:getBatch', [id])).acceptedAt) unaccepted.push(id);
    expect(unaccepted.length).toBeGreaterThan(0);
    expect(unaccepted.length).toBeLessThan(r.batchIds.length);
    expect(r.waitingBatchIds).toEqual(unaccepted);
    expect(code(await env.call('province', 'POST', '/v1/reports', { schoolYear: YEAR }))).toBe(
      'REPORT_PENDING',
    );
    expect(code(await env.call('ministry', 'POST', `/v1/reports/${YEAR}/1/acknowledge`))).toBe(
      'REPORT_NOT_ON_LEDGER',
    );
    await tick({ 'submitYearReport:submitted': 1 });

    const onLedger = (await env.p.world.evaluate('report:listYearReports', [YEAR])) as {
      seq: number;
      root: string;
      batchIds: string[];
      onTime: boolean;
    }[];
    expect(onLedger).toHaveLength(1);
    expect(onLedger[0]).toMatchObject({
      seq: 1,
      root: r.root,
      batchIds: r.batchIds,
      waitingBatchIds: unaccepted,
      onTime: true,
    });
    const [row] = await env.s.db.select().from(yearReports).where(eq(yearReports.id, r.reportId));
    expect(row!.ledgerTxId).not.toBeNull();
    expect(row!.onTime).toBe(true);
    expect(row!.waitingBatchIds).toEqual(unaccepted);
    // Accepted batches became reported, as on the ledger; the waiting ones did not.
    const reported = await env.s.db.select().from(batches).where(eq(batches.state, 'reported'));
    expect(reported.length).toBeGreaterThan(0);
    expect(reported.filter((b) => unaccepted.includes(b.id))).toEqual([]);
    expect(code(await env.call('province', 'POST', '/v1/reports', { schoolYear: YEAR }))).toBe(
      'REPORT_UNCHANGED',
    );

    expect(code(await env.call('province', 'POST', `/v1/reports/${YEAR}/1/acknowledge`))).toBe('FORBIDDEN');
    expect(code(await env.call('ministry', 'POST', `/v1/reports/${YEAR}/9/acknowledge`))).toBe(
      'REPORT_NOT_FOUND',
    );
    expect((await env.call('ministry', 'POST', `/v1/reports/${YEAR}/1/acknowledge`)).statusCode).toBe(202);
    expect(code(await env.call('ministry', 'POST', `/v1/reports/${YEAR}/1/acknowledge`))).toBe(
      'ALREADY_REQUESTED',
    );
    await tick({ 'acknowledgeYearReport:submitted': 1 });
    const acked = (await env.p.world.evaluate('report:listYearReports', [YEAR])) as {
      acknowledgedAt?: string;
    }[];
    expect(acked[0]!.acknowledgedAt).toBeTruthy();
    const [ackRow] = await env.s.db.select().from(yearReports).where(eq(yearReports.id, r.reportId));
    expect(ackRow!.acknowledgedAt).not.toBeNull();
    expect(ackRow!.ackLedgerTxId).not.toBeNull();

    // A batch anchored after the report (later: the ledger's year log is in anchoring-time order, and
    // the World's clock stands still unless moved): the supplementary report extends the first.
    env.p.world.now = new Date(env.p.world.now.getTime() + 3600_000);
    await anchoredBatch(env, 1);
    const sup = await env.call('province', 'POST', '/v1/reports', { schoolYear: YEAR });
    expect(sup.statusCode).toBe(202);
    expect(sup.json().seq).toBe(2);
    expect(sup.json().batchIds.slice(0, r.batchIds.length)).toEqual(r.batchIds);
    const added = sup.json().batchIds.at(-1) as string;
    expect(sup.json().waitingBatchIds).toEqual([...unaccepted, added]);
    await tick({ 'submitYearReport:submitted': 1 });
    const both = (await env.p.world.evaluate('report:listYearReports', [YEAR])) as {
      seq: number;
      onTime: boolean;
    }[];
    expect(both.map((x) => [x.seq, x.onTime])).toEqual([
      [1, true],
      [2, true],
    ]);

    // Its district accepts the new batch: nothing new is anchored, yet a third report may say so.
    expect(code(await env.call('province', 'POST', '/v1/reports', { schoolYear: YEAR }))).toBe(
      'REPORT_UNCHANGED',
    );
    expect((await env.call('district1', 'POST', `/v1/batches/${added}/accept`, {})).statusCode).toBe(202);
    await tick({ 'acceptBatch:submitted': 1 });
    const third = await env.call('province', 'POST', '/v1/reports', { schoolYear: YEAR });
    expect(third.statusCode).toBe(202);
    expect(third.json()).toMatchObject({
      seq: 3,
      batchIds: sup.json().batchIds,
      waitingBatchIds: unaccepted,
    });
    await tick({ 'submitYearReport:submitted': 1 });
    expect((await ledgerRead(env, 'batch:getBatch', [added])).state).toBe('reported');
    const [addedRow] = await env.s.db.select().from(batches).where(eq(batches.id, added));
    expect(addedRow!.state).toBe('reported');
  });
});

describe('the audit log', () => {
  it('holds every step with who, when, what and why, and its chain verifies', async () => {
    const chain = await verifyAuditChain(env.s.db);
    expect(chain.ok).toBe(true);
    const all = await env.call('ministry', 'GET', '/v1/audit?limit=500');
    expect(all.statusCode).toBe(200);
    const items = all.json().items as {
      action: string;
      actorUserId: string | null;
      reason: string | null;
      at: string;
    }[];
    const actions = new Set(items.map((i) => i.action));
    for (const a of [
      'batch.grantPermission',
      'record.revokeRequest',
      'ledger.revokeRecord',
      'batch.accept',
      'ledger.acceptBatch',
      'ledger.acceptBatchRefused',
      'batch.recallRequest',
      'batch.recall',
      'ledger.recallBatch',
      'correction.request',
      'correction.check',
      'correction.approve',
      'batch.replace',
      'batch.replaced',
      'transfer.request',
      'transfer.accept',
      'report.submit',
      'ledger.submitYearReport',
      'report.acknowledge',
      'ledger.acknowledgeYearReport',
    ]) {
      expect(actions, a).toContain(a);
    }
    const revokeRequest = items.find((i) => i.action === 'record.revokeRequest')!;
    expect(revokeRequest.actorUserId).toBe(env.userIds.principal);
    expect(revokeRequest.reason).toBe('QĐ 7/QĐ-THKĐ');
    // No personal data: no names or dates of birth anywhere in what was logged.
    expect(JSON.stringify(items)).not.toMatch(/Học sinh|2015-0/);
  });

  it('is filtered by scope', async () => {
    const school = (await env.call('principal', 'GET', '/v1/audit?limit=500')).json().items as {
      details: { schoolId?: string };
    }[];
    expect(school.length).toBeGreaterThan(0);
    expect(school.every((i) => i.details.schoolId === SCHOOL)).toBe(true);
    const far = (await env.call('district2', 'GET', '/v1/audit?limit=500')).json().items as {
      details: { schoolId?: string };
    }[];
    expect(far.every((i) => i.details.schoolId === FAR_SCHOOL)).toBe(true);
    expect(far.some((i) => i.details.schoolId === FAR_SCHOOL)).toBe(true);
    expect(code(await env.call('teacher', 'GET', '/v1/audit'))).toBe('FORBIDDEN');
    const page = await env.call('ministry', 'GET', '/v1/audit?limit=2');
    expect(page.json().items).toHaveLength(2);
    expect(page.json().nextAfterSeq).toBe(page.json().items[1].seq);
    expect(code(await env.call('ministry', 'GET', '/v1/audit?limit=0'))).toBe('VALIDATION');
  });
});
