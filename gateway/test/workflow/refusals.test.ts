/**
 * Every refusal of the workflow routes, each with its status and stable code, and what it leaves behind:
 * wrong role, foreign class, subject or school, closed editing windows, wrong transitions, a record that
 * breaks a circular's rule (the problems name the rule), entries of the wrong shape, unknown ids, bad
 * JSON, oversized bodies, locking unapproved records, invalid CMS (wrong key, altered manifest, garbage),
 * signing twice, edits after lock. No response is a 5xx.
 */
import { randomUUID } from 'node:crypto';
import {
  anchorOutbox,
  batches,
  MEMORY,
  type OpenedDatabase,
  openDatabase,
  recordVersions,
  users,
} from '@hocba/db';
import { certificateFingerprint, fromBase64, signCms } from '@hocba/integrity';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newLookupCode } from '../../src/lookup/code.ts';
import { createDraft } from '../../src/services/workflow.ts';
import { makeApp, makeWorld, type TestApp, type World } from '../app/helper.ts';
import { userToken } from '../auth/fixtures.ts';
import {
  type Call,
  caller,
  enterAll,
  homeroomPart,
  OTHER_SCHOOL,
  type Person,
  SCHOOL,
  type Seeded,
  SUBJECTS,
  seedSchoolYear,
  tokens,
  walk,
  YEAR,
} from './fixtures.ts';

let world: World;
let opened: OpenedDatabase;
let s: Seeded;
let app: TestApp;
let t: Record<Person, string>;
let call: Call;

const code = (r: LightMyRequestResponse) => r.json().error.code as string;

async function draft(token: string, enrolmentId: string): Promise<string> {
  const r = await call(token, 'POST', '/v1/records', { enrolmentId });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().recordId;
}

const stateOf = async (id: string) =>
  (await opened.db.select().from(recordVersions).where(eq(recordVersions.id, id)))[0]!.state;

beforeAll(async () => {
  [world, opened] = await Promise.all([makeWorld(), openDatabase({ dataDir: MEMORY })]);
  s = await seedSchoolYear(opened.db, 4);
  app = await makeApp(world, { db: opened.db, rateLimit: { authMax: 1000, lookupMax: 1000 } });
  t = await tokens(app, s);
  call = caller(app);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await opened?.close();
});

describe('roles and scopes', () => {
  let rec: string;
  let recB: string;
  beforeAll(async () => {
    rec = await draft(t.homeroom, s.enrolments.a[0]!);
    recB = await draft(t.homeroomB, s.enrolments.b[0]!);
  }, 60_000);

  it('refuses a role the policy table does not list for the step: 403 FORBIDDEN', async () => {
    for (const [token, method, url, payload] of [
      [t.maths, 'POST', `/v1/records/${rec}/review`],
      [t.homeroom, 'POST', `/v1/records/${rec}/approve`],
      [t.maths, 'PUT', `/v1/records/${rec}/entries/homeroom`, { data: homeroomPart() }],
      [t.homeroom, 'POST', '/v1/batches', { classId: s.classId.a }],
      [t.maths, 'PUT', '/v1/windows', { schoolId: SCHOOL, schoolYear: YEAR, frozen: true }],
      [t.admin, 'POST', `/v1/records/${rec}/approve`],
      [t.group, 'PUT', `/v1/records/${rec}/entries/TOAN`, { data: SUBJECTS.TOAN }],
    ] as const) {
      const r = await call(token, method, url, payload);
      expect(r.statusCode, `${method} ${url}`).toBe(403);
      expect(code(r)).toBe('FORBIDDEN');
    }
    const none = await app.inject({ method: 'GET', url: `/v1/records/${rec}` });
    expect(none.statusCode).toBe(401);
    expect(code(none)).toBe('UNAUTHENTICATED');
  });

  it('refuses a foreign class, subject or school: 403 OUT_OF_SCOPE, and nothing is written', async () => {
    for (const [token, method, url, payload] of [
      // The maths teacher, another subject of the own class.
      [t.maths, 'PUT', `/v1/records/${rec}/entries/TIENG_VIET`, { data: SUBJECTS.TIENG_VIET }],
      // The homeroom teacher of 5A in 5B.
      [t.homeroom, 'PUT', `/v1/records/${recB}/entries/TOAN`, { data: SUBJECTS.TOAN }],
      [t.homeroomB, 'GET', `/v1/records/${rec}`],
      [t.homeroomB, 'GET', `/v1/classes/${s.classId.a}/records`],
      [t.homeroomC, 'POST', '/v1/records', { enrolmentId: s.enrolments.a[3] }],
      // Another school's principal.
      [t.principalOther, 'POST', `/v1/records/${rec}/approve`],
      [t.principalOther, 'POST', '/v1/batches', { classId: s.classId.a }],
      [t.principalOther, 'POST', '/v1/batches', { schoolId: SCHOOL, schoolYear: YEAR }],
      [t.principalOther, 'PUT', '/v1/windows', { schoolId: SCHOOL, schoolYear: YEAR, frozen: true }],
      // The maths group confirms another subject.
      [t.group, 'POST', `/v1/records/${rec}/confirm`, { subject: 'TIENG_VIET' }],
    ] as const) {
      const r = await call(token, method, url, payload);
      expect(r.statusCode, `${method} ${url}`).toBe(403);
      expect(code(r)).toBe('OUT_OF_SCOPE');
    }
    expect(await stateOf(rec)).toBe('draft');
    const entries = await call(t.homeroom, 'GET', `/v1/records/${rec}`);
    expect(entries.json().entries).toEqual([]);
  });

  it('shows the biography only to those who may read it', async () => {
    const full = await draft(t.homeroom, s.enrolments.a[1]!);
    await walk(call, full, { homeroom: t.homeroom, maths: t.maths });
    const homeroom = await call(t.homeroom, 'GET', `/v1/records/${full}`);
    expect(homeroom.json().record.biography.ethnicity).toBe('Sán Dìu');
    const maths = await call(t.maths, 'GET', `/v1/records/${full}`);
    expect(maths.statusCode).toBe(200);
    expect(maths.json().record).not.toHaveProperty('biography');
    expect(maths.body).not.toContain('Sán Dìu');
    expect(maths.json().record.results.subjects.TOAN.testScore).toBe(10);
    const list = await call(t.principal, 'GET', `/v1/classes/${s.classId.a}/records`);
    expect(list.body).not.toContain('Phạm Ngọc');
  });
});

describe('editing windows', () => {
  let rec: string;
  const put = (body: Record<string, unknown>) =>
    call(t.admin, 'PUT', '/v1/windows', { schoolId: SCHOOL, schoolYear: YEAR, ...body });
  const enter = (token: string, subject: string) =>
    call(token, 'PUT', `/v1/records/${rec}/entries/${subject}`, { data: SUBJECTS[subject] });

  beforeAll(async () => {
    rec = await draft(t.homeroomB, s.enrolments.b[1]!);
  });

  it('a frozen class+subject closes that subject only: 423 EDITING_WINDOW_CLOSED', async () => {
    expect(
      (await put({ classId: s.classId.b, subject: 'TOAN', frozen: true, reason: 'Chốt điểm' })).statusCode,
    ).toBe(200);
    const closed = await enter(t.homeroomB, 'TOAN');
    expect(closed.statusCode).toBe(423);
    expect(code(closed)).toBe('EDITING_WINDOW_CLOSED');
    expect((await enter(t.homeroomB, 'TIENG_VIET')).statusCode).toBe(200);
  });

  it('the most specific window decides: a frozen school, one subject of one class open', async () => {
    expect((await put({ frozen: true })).statusCode).toBe(200);
    expect((await put({ classId: s.classId.b, subject: 'TOAN', frozen: false })).statusCode).toBe(200);
    expect((await enter(t.homeroomB, 'TOAN')).statusCode).toBe(200);
    const other = await enter(t.homeroomB, 'KHOA_HOC');
    expect(other.statusCode).toBe(423);
    // In class 5A nothing but the school's window applies.
    const a = await draft(t.homeroom, s.enrolments.a[2]!);
    const r = await call(t.maths, 'PUT', `/v1/records/${a}/entries/TOAN`, { data: SUBJECTS.TOAN });
    expect(code(r)).toBe('EDITING_WINDOW_CLOSED');
    expect((await put({ frozen: false })).statusCode).toBe(200);
    expect((await enter(t.homeroomB, 'KHOA_HOC')).statusCode).toBe(200);
  });

  it('bounds close an unfrozen window before it opens and after it closes', async () => {
    const now = world.now.getTime();
    const iso = (ms: number) => new Date(now + ms).toISOString();
    await put({ classId: s.classId.b, frozen: false, opensAt: iso(-86_400_000), closesAt: iso(-60_000) });
    expect(code(await enter(t.homeroomB, 'GDTC'))).toBe('EDITING_WINDOW_CLOSED');
    await put({ classId: s.classId.b, frozen: false, opensAt: iso(60_000) });
    expect(code(await enter(t.homeroomB, 'GDTC'))).toBe('EDITING_WINDOW_CLOSED');
    await put({ classId: s.classId.b, frozen: false, opensAt: iso(-60_000), closesAt: iso(60_000) });
    expect((await enter(t.homeroomB, 'GDTC')).statusCode).toBe(200);
    const listed = await call(t.admin, 'GET', `/v1/windows?schoolId=${SCHOOL}&schoolYear=${YEAR}`);
    expect(listed.json().windows).toHaveLength(3);
  });

  it('refuses a window that closes before it opens, a foreign class, and an unknown school', async () => {
    const bad = await put({
      frozen: false,
      opensAt: '2026-06-01T00:00:00.000Z',
      closesAt: '2026-05-01T00:00:00.000Z',
    });
    expect(bad.statusCode).toBe(422);
    expect(code(bad)).toBe('WINDOW_INVALID');
    const foreign = await put({ classId: s.classId.c, frozen: true });
    expect(foreign.statusCode).toBe(404);
    expect(code(foreign)).toBe('CLASS_NOT_FOUND');
    const unknown = await call(t.admin, 'PUT', '/v1/windows', {
      schoolId: 'NOPE',
      schoolYear: YEAR,
      frozen: true,
    });
    expect(code(unknown)).toBe('SCHOOL_NOT_FOUND');
  });

  it('refuses a school year whose second year does not follow the first: 400 VALIDATION, not 500', async () => {
    // Found by the OpenAPI fuzz (seed 1262536951): the pattern let "3792-3602" through to the database's check.
    for (const schoolYear of ['3792-3602', '2026-2026', '2025-2027']) {
      const r = await put({ schoolYear, frozen: true });
      expect(r.statusCode).toBe(400);
      expect(code(r)).toBe('VALIDATION');
      expect(r.json().error.problems).toEqual([expect.objectContaining({ path: '/schoolYear' })]);
    }
  });
});

describe('states, rules and inputs', () => {
  it('refuses a step out of order: 409 RECORD_WRONG_STATE', async () => {
    const rec = await draft(t.homeroom, s.enrolments.a[3]!);
    for (const [token, path, body] of [
      [t.homeroom, 'review', undefined],
      [t.principal, 'approve', undefined],
      [t.group, 'confirm', { subject: 'TOAN' }],
    ] as const) {
      const r = await call(token, 'POST', `/v1/records/${rec}/${path}`, body);
      expect(r.statusCode, path).toBe(409);
      expect(code(r)).toBe('RECORD_WRONG_STATE');
    }
    expect(await stateOf(rec)).toBe('draft');
  });

  it('refuses a record that breaks a circular’s rule, naming the rule; fixed, it moves on', async () => {
    const rec = await draft(t.homeroomB, s.enrolments.b[2]!);
    // HTT results (a test score of 8), but the homeroom teacher enters HTXS and the excellent pupil title.
    await enterAll(
      call,
      rec,
      { homeroom: t.homeroomB },
      { homeroom: homeroomPart({ overallResult: 'HTXS' }) },
    );
    const r = await call(t.homeroomB, 'POST', `/v1/records/${rec}/review`);
    expect(r.statusCode).toBe(422);
    expect(code(r)).toBe('RECORD_INVALID');
    expect(r.json().error.problems).toContainEqual(
      expect.objectContaining({
        in: 'record',
        path: '/results/overallResult',
        code: 'RECORD_RESULT_MISMATCH',
        rule: 'TT27.Art10.1b',
      }),
    );
    expect(await stateOf(rec)).toBe('entered');
    const award = await call(t.homeroomB, 'PUT', `/v1/records/${rec}/entries/homeroom`, {
      data: homeroomPart({ award: 'HS_XUAT_SAC' }),
    });
    expect(award.statusCode).toBe(200);
    const again = await call(t.homeroomB, 'POST', `/v1/records/${rec}/review`);
    expect(again.json().error.problems).toContainEqual(
      expect.objectContaining({
        path: '/results/award',
        code: 'RECORD_AWARD_MISMATCH',
        rule: 'TT27.Art13.1a',
      }),
    );
    await call(t.homeroomB, 'PUT', `/v1/records/${rec}/entries/homeroom`, { data: homeroomPart() });
    expect((await call(t.homeroomB, 'POST', `/v1/records/${rec}/review`)).statusCode).toBe(200);
    // Reviewed: entries are closed until a correction.
    const late = await call(t.homeroomB, 'PUT', `/v1/records/${rec}/entries/TOAN`, { data: SUBJECTS.TOAN });
    expect(code(late)).toBe('RECORD_WRONG_STATE');
  });

  it('refuses entries of the wrong shape or subject, with the offending paths', async () => {
    const rec = (await call(t.homeroom, 'GET', `/v1/classes/${s.classId.a}/records`)).json().records[0]
      .recordId;
    const score = await call(t.maths, 'PUT', `/v1/records/${rec}/entries/TOAN`, {
      data: { level: 'T', testScore: 11, grade: 'A' },
    });
    expect(score.statusCode).toBe(422);
    expect(code(score)).toBe('ENTRY_INVALID');
    const paths = score.json().error.problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['/data/testScore']));
    const physics = await call(t.homeroom, 'PUT', `/v1/records/${rec}/entries/VAT_LI`, {
      data: { level: 'T' },
    });
    expect(physics.statusCode).toBe(422);
    expect(code(physics)).toBe('SUBJECT_NOT_IN_CURRICULUM');
    const lower = await call(t.homeroom, 'PUT', `/v1/records/${rec}/entries/toan`, { data: SUBJECTS.TOAN });
    expect(lower.statusCode).toBe(400);
    expect(code(lower)).toBe('VALIDATION');
  });

  it('answers bad JSON, schema violations and oversized bodies with 4xx codes', async () => {
    const rec = (await call(t.homeroom, 'GET', `/v1/classes/${s.classId.a}/records`)).json().records[0]
      .recordId;
    const url = `/v1/records/${rec}/entries/TIENG_VIET`;
    const headers = { authorization: `Bearer ${t.homeroom}`, 'content-type': 'application/json' };
    const broken = await app.inject({ method: 'PUT', url, headers, payload: '{"data":' });
    expect(broken.statusCode).toBe(400);
    expect(code(broken)).toBe('BAD_JSON');
    // (Fastify's ajv removes unknown properties rather than refusing them.)
    for (const payload of [{ data: 5 }, { data: 'T' }, { data: null }, {}]) {
      const r = await call(t.homeroom, 'PUT', url, payload);
      expect(r.statusCode).toBe(400);
      expect(code(r)).toBe('VALIDATION');
    }
    const huge = await call(t.homeroom, 'PUT', url, { data: { level: 'T', comment: 'x'.repeat(100_000) } });
    expect(huge.statusCode).toBe(413);
    expect(code(huge)).toBe('PAYLOAD_TOO_LARGE');
    const hugeCms = await call(t.principal, 'POST', '/v1/batches/B1/signature', { cms: 'A'.repeat(300_000) });
    expect(code(hugeCms)).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers unknown ids with 404 and their codes, a second draft with 409', async () => {
    for (const [token, method, url, payload, expected] of [
      [t.principal, 'GET', '/v1/records/NOPE', undefined, 'RECORD_NOT_FOUND'],
      [t.homeroom, 'PUT', '/v1/records/NOPE/entries/TOAN', { data: SUBJECTS.TOAN }, 'RECORD_NOT_FOUND'],
      [t.principal, 'POST', '/v1/records/NOPE/approve', undefined, 'RECORD_NOT_FOUND'],
      [t.principal, 'POST', '/v1/records', { enrolmentId: randomUUID() }, 'ENROLMENT_NOT_FOUND'],
      [t.principal, 'GET', '/v1/classes/NOPE/records', undefined, 'CLASS_NOT_FOUND'],
      [t.principal, 'POST', '/v1/batches', { classId: 'NOPE' }, 'CLASS_NOT_FOUND'],
      [t.principal, 'GET', '/v1/batches/NOPE', undefined, 'BATCH_NOT_FOUND'],
      [
        t.principal,
        'GET',
        `/v1/batches/NOPE/signing-request?signer=${'a'.repeat(64)}`,
        undefined,
        'BATCH_NOT_FOUND',
      ],
      [t.principal, 'POST', '/v1/batches/NOPE/signature', { cms: 'AAAA' }, 'BATCH_NOT_FOUND'],
    ] as const) {
      const r = await call(token, method, url, payload);
      expect(r.statusCode, url).toBe(404);
      expect(code(r), url).toBe(expected);
    }
    const twice = await call(t.homeroom, 'POST', '/v1/records', { enrolmentId: s.enrolments.a[0] });
    expect(twice.statusCode).toBe(409);
    expect(code(twice)).toBe('RECORD_EXISTS');
  });

  it('refuses to lock a class while records are pending, and an empty batch', async () => {
    const r = await call(t.principal, 'POST', '/v1/batches', { classId: s.classId.a });
    expect(r.statusCode).toBe(409);
    expect(code(r)).toBe('RECORD_NOT_APPROVED');
    const empty = await call(t.principal, 'POST', '/v1/batches', { classId: s.classId.a, partial: true });
    expect(empty.statusCode).toBe(422);
    expect(code(empty)).toBe('EMPTY_BATCH');
    const neither = await call(t.principal, 'POST', '/v1/batches', { schoolId: SCHOOL });
    expect(code(neither)).toBe('VALIDATION');
    expect(await opened.db.select().from(batches)).toHaveLength(0);
  });

  it('retries a lookup code that is already taken, and issues a fresh one', async () => {
    const taken = (await opened.db.select().from(recordVersions).limit(1))[0]!.lookupCode!;
    const [principal] = await opened.db.select().from(users).where(eq(users.login, s.logins.principalOther));
    const fresh = newLookupCode();
    const codes = [taken, taken, fresh];
    const d = await createDraft(opened.db, {
      enrolmentId: s.enrolments.c[3]!,
      actor: { userId: principal!.id, role: 'principal' },
      at: world.now,
      guard: () => {},
      newCode: () => codes.shift()!,
    });
    expect(d.lookupCode).toBe(fresh);
    expect(codes).toEqual([]);
    const [row] = await opened.db.select().from(recordVersions).where(eq(recordVersions.id, d.recordId));
    expect(row).toMatchObject({ lookupCode: fresh, state: 'draft', version: 1 });
  });
});

describe('signing', () => {
  let batchId: string;
  let bytes: Uint8Array;
  const signer = () => world.schools[OTHER_SCHOOL]!.signer;
  const post = (cms: Uint8Array | string) =>
    call(t.principalOther, 'POST', `/v1/batches/${batchId}/signature`, {
      cms: typeof cms === 'string' ? cms : Buffer.from(cms).toString('base64'),
    });
  const sign = (content: Uint8Array, o: { key?: CryptoKey; cert?: Uint8Array } = {}) =>
    signCms({
      content,
      privateKey: o.key ?? signer().keys.privateKey,
      certificate: o.cert ?? signer().der,
      signingTime: world.now,
    });
  const nothingStored = async () => {
    const [b] = await opened.db.select().from(batches).where(eq(batches.id, batchId));
    expect(b!.state).toBe('assembling');
    expect(b!.cms).toBeNull();
    expect(await opened.db.select().from(anchorOutbox).where(eq(anchorOutbox.batchId, batchId))).toHaveLength(
      0,
    );
  };

  beforeAll(async () => {
    for (const e of s.enrolments.c.slice(0, 2)) {
      const rec = await draft(t.homeroomC, e);
      await walk(call, rec, { homeroom: t.homeroomC, principal: t.principalOther });
    }
    const lock = await call(t.principalOther, 'POST', '/v1/batches', { classId: s.classId.c, partial: true });
    expect(lock.statusCode, lock.body).toBe(201);
    batchId = lock.json().batchId;
  }, 120_000);

  it('refuses a signature before the manifest is prepared, and a signer not registered for the school', async () => {
    const early = await post(await sign(new Uint8Array([1, 2, 3])));
    expect(early.statusCode).toBe(409);
    expect(code(early)).toBe('MANIFEST_NOT_PREPARED');
    const stranger = await world.makeSigner(OTHER_SCHOOL);
    for (const fp of [
      certificateFingerprint(stranger.der),
      certificateFingerprint(world.schools[SCHOOL]!.signer.der),
    ]) {
      const r = await call(t.principalOther, 'GET', `/v1/batches/${batchId}/signing-request?signer=${fp}`);
      expect(r.statusCode).toBe(422);
      expect(code(r)).toBe('CERT_NOT_REGISTERED');
    }
    const malformed = await call(
      t.principalOther,
      'GET',
      `/v1/batches/${batchId}/signing-request?signer=XYZ`,
    );
    expect(code(malformed)).toBe('VALIDATION');
    const foreign = await call(
      t.principal,
      'GET',
      `/v1/batches/${batchId}/signing-request?signer=${'a'.repeat(64)}`,
    );
    expect(code(foreign)).toBe('OUT_OF_SCOPE');
    await nothingStored();
  });

  it('verifies the CMS before storing anything: wrong key, altered manifest, garbage', async () => {
    const fp = certificateFingerprint(signer().der);
    const req = await call(t.principalOther, 'GET', `/v1/batches/${batchId}/signing-request?signer=${fp}`);
    expect(req.statusCode, req.body).toBe(200);
    bytes = fromBase64(req.json().manifestBytes)!;

    const stranger = await world.makeSigner(OTHER_SCHOOL);
    const otherCert = await post(await sign(bytes, { key: stranger.keys.privateKey, cert: stranger.der }));
    expect(otherCert.statusCode).toBe(422);
    expect(code(otherCert)).toBe('SIGNER_MISMATCH');

    // The registered certificate, but a signature value its key did not make.
    const forged = (await sign(bytes)).slice();
    forged[forged.length - 2] = forged[forged.length - 2]! ^ 0x55;
    const wrongKey = await post(forged);
    expect(wrongKey.statusCode).toBe(422);
    expect(code(wrongKey)).toBe('CMS_SIGNATURE_INVALID');

    const altered = bytes.slice();
    altered[altered.length - 3] = altered[altered.length - 3]! ^ 1;
    const alteredSig = await post(await sign(altered));
    expect(alteredSig.statusCode).toBe(422);
    expect(code(alteredSig)).toBe('CMS_DIGEST_MISMATCH');

    const garbage = await post(Buffer.from('not a CMS at all').toString('base64'));
    expect(garbage.statusCode).toBe(422);
    expect(code(garbage)).toBe('CMS_MALFORMED');
    await nothingStored();
  });

  it('accepts the right signature once, enqueues the anchor with it, and refuses signing twice', async () => {
    const ok = await post(await sign(bytes));
    expect(ok.statusCode, ok.body).toBe(200);
    const rows = await opened.db.select().from(anchorOutbox).where(eq(anchorOutbox.batchId, batchId));
    expect(rows.map((r) => [r.action, r.state])).toEqual([['anchorBatch', 'pending']]);
    const twice = await post(await sign(bytes));
    expect(twice.statusCode).toBe(409);
    expect(code(twice)).toBe('BATCH_WRONG_STATE');
    const fp = certificateFingerprint(signer().der);
    const req = await call(t.principalOther, 'GET', `/v1/batches/${batchId}/signing-request?signer=${fp}`);
    expect(code(req)).toBe('BATCH_WRONG_STATE');
    const view = await call(t.principalOther, 'GET', `/v1/batches/${batchId}`);
    expect(view.json()).toMatchObject({ state: 'signed', leafCount: 2, outbox: { state: 'pending' } });
  });

  it('refuses any edit of a locked record', async () => {
    const rec = (await call(t.homeroomC, 'GET', `/v1/classes/${s.classId.c}/records`)).json().records[0]
      .recordId;
    expect(await stateOf(rec)).toBe('locked');
    const edit = await call(t.homeroomC, 'PUT', `/v1/records/${rec}/entries/TOAN`, { data: SUBJECTS.TOAN });
    expect(edit.statusCode).toBe(409);
    expect(code(edit)).toBe('RECORD_LOCKED');
    const review = await call(t.homeroomC, 'POST', `/v1/records/${rec}/review`);
    expect(code(review)).toBe('RECORD_LOCKED');
  });

  it('answers 503 LEDGER_UNAVAILABLE, not a 500, when the ledger cannot be reached', async () => {
    const down = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:7051');
    };
    const offline = await makeApp(world, {
      db: opened.db,
      ledger: {
        submit: down,
        evaluate: down,
        transaction: down,
        events: () => ({}) as never,
        close: async () => {},
      },
      rateLimit: { authMax: 1000 },
    });
    try {
      const fp = certificateFingerprint(signer().der);
      const r = await offline.inject({
        method: 'GET',
        url: `/v1/batches/${batchId}/signing-request?signer=${fp}`,
        // Each app signs its own tokens.
        headers: { authorization: `Bearer ${await userToken(offline, s.logins.principalOther)}` },
      });
      expect(r.statusCode).toBe(503);
      expect(code(r)).toBe('LEDGER_UNAVAILABLE');
    } finally {
      await offline.close();
    }
  });

  it('has no dev-sign route in an app built without a dev signer', async () => {
    const r = await call(t.principalOther, 'POST', `/v1/batches/${batchId}/dev-sign`);
    expect(r.statusCode).toBe(404);
    expect(code(r)).toBe('NOT_FOUND');
  });
});

describe('a school batch', () => {
  it('takes the approved records of every class of the school, and only with partial while others are pending', async () => {
    const rows = async (classId: string) =>
      (await call(t.principal, 'GET', `/v1/classes/${classId}/records`)).json().records as {
        recordId: string | null;
        state: string | null;
      }[];
    const reviewed = [...(await rows(s.classId.a)), ...(await rows(s.classId.b))].filter(
      (r) => r.state === 'reviewed',
    );
    expect(reviewed.length).toBeGreaterThanOrEqual(2);
    for (const r of reviewed) {
      expect((await call(t.principal, 'POST', `/v1/records/${r.recordId}/approve`)).statusCode).toBe(200);
    }
    const whole = { schoolId: SCHOOL, schoolYear: YEAR };
    const pending = await call(t.admin, 'POST', '/v1/batches', whole);
    expect(code(pending)).toBe('RECORD_NOT_APPROVED');
    const r = await call(t.admin, 'POST', '/v1/batches', { ...whole, partial: true });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().leafCount).toBe(reviewed.length);
    const view = await call(t.principal, 'GET', `/v1/batches/${r.json().batchId}`);
    expect(view.json()).toMatchObject({ schoolId: SCHOOL, classId: null, state: 'assembling', anchor: null });
    for (const x of reviewed) expect(await stateOf(x.recordId!)).toBe('locked');
  });
});

describe('the whole file', () => {
  it('never answered with a 5xx', () => {
    expect(app.statuses.length).toBeGreaterThan(50);
    expect(app.statuses.filter((x) => x >= 500)).toEqual([]);
  });
});
