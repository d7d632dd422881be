/**
 * GET /v1/oversight/waiting (issue 14 point 1): each kind appears when it starts waiting and leaves when the
 * one who must act does (the district accepts, the province allows the recall, the school checks and the
 * principal decides a correction, the receiving school decides a transfer), each visible only in its remit,
 * oldest first, with a keyset page that stays put while more items arrive; bad cursors refused.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  anchoredBatch,
  type Env,
  FAR_SCHOOL,
  makeEnv,
  SCHOOL,
  SCHOOL2,
  type Seat,
  type Who,
} from '../after-lock/helpers.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let env: Env;

interface Item {
  kind: string;
  id: string;
  step: string;
  waitingFor: { roles: string[]; vi: string; en: string };
  since: string;
  waitingDays: number;
  schoolId: string;
  districtId: string;
  batchId: string | null;
  recordId: string | null;
  className: string | null;
  fromSchoolId: string | null;
  fromSchoolName: string | null;
}
interface Page {
  kind: string;
  items: Item[];
  total: number;
  nextCursor: string | null;
}

async function waiting(who: Who, query: string): Promise<Page> {
  const res = await env.call(who, 'GET', `/v1/oversight/waiting?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
}
/**
 * The World's clock stands still (the ledger stamps every anchor with it): moved a minute before each
 * anchor, so that the batches wait since distinct instants, in the order they were made.
 */
async function anchoredLater(n: number, o: { schoolId?: string; valid?: boolean } = {}) {
  env.p.world.now = new Date(env.p.world.now.getTime() + 60_000);
  return anchoredBatch(env, n, o);
}
const ids = (p: Page) => p.items.map((i) => i.id);
const code = (res: { json(): unknown }) => (res.json() as { error?: { code: string } }).error?.code;

beforeAll(async () => {
  env = await makeEnv();
});

afterAll(async () => {
  await env?.close();
});

describe('acceptance: anchored batches wait for their district', () => {
  let mine: { batchId: string; seats: Seat[] };
  let far: { batchId: string; seats: Seat[] };
  beforeAll(async () => {
    mine = await anchoredLater(2);
    far = await anchoredLater(1, { schoolId: FAR_SCHOOL });
  });

  it('appears for its district only, with who acts and since when; leaves once accepted', async () => {
    const d1 = await waiting('district1', 'kind=acceptance');
    expect(ids(d1)).toEqual([mine.batchId]);
    expect(d1.total).toBe(1);
    const item = d1.items[0]!;
    expect(item).toMatchObject({
      kind: 'acceptance',
      step: 'acceptance',
      schoolId: SCHOOL,
      districtId: 'district1',
      batchId: mine.batchId,
      // A school batch (the fixture locks the school's records): no class to name.
      className: null,
      waitingDays: 0,
      waitingFor: { roles: ['districtOfficer'] },
    });
    expect(item.waitingFor.vi).toContain('Phòng GD&ĐT');
    const batch = (await env.call('district1', 'GET', `/v1/batches/${mine.batchId}`)).json();
    expect(item.since).toBe(batch.anchor.anchoredAt);
    // Another district never sees it, even when it asks for that school.
    expect(ids(await waiting('district2', 'kind=acceptance'))).toEqual([far.batchId]);
    expect(await waiting('district2', `kind=acceptance&schoolId=${SCHOOL}`)).toMatchObject({
      items: [],
      total: 0,
    });
    expect(ids(await waiting('province', 'kind=acceptance'))).toEqual([mine.batchId, far.batchId]);
    expect(ids(await waiting('farPrincipal', 'kind=acceptance'))).toEqual([far.batchId]);

    const accepted = await env.call('district1', 'POST', `/v1/batches/${mine.batchId}/accept`, {});
    expect(accepted.statusCode).toBe(202);
    // Gone at once (the district has acted), and on the ledger after the worker's pass.
    expect(await waiting('district1', 'kind=acceptance')).toMatchObject({ items: [], total: 0 });
    expect(await env.worker.tick()).toMatchObject([{ action: 'acceptBatch', outcome: 'submitted' }]);
    expect(await waiting('district1', 'kind=acceptance')).toMatchObject({ items: [], total: 0 });
    expect(ids(await waiting('ministry', 'kind=acceptance'))).toEqual([far.batchId]);
  });
});

describe('recall: a request waits for the province', () => {
  it('appears once the school asks; leaves once the province allows it', async () => {
    const c = await anchoredLater(1);
    expect(await waiting('province', 'kind=recall')).toMatchObject({ items: [], total: 0 });
    const body = { reasonCode: 'WRONG_CLASS', legalBasis: 'QĐ 9/QĐ-THKĐ' };
    const asked = await env.call('principal', 'POST', `/v1/batches/${c.batchId}/recall-request`, body);
    expect(asked.statusCode).toBe(201);
    const p = await waiting('province', 'kind=recall');
    expect(ids(p)).toEqual([c.batchId]);
    expect(p.items[0]).toMatchObject({
      step: 'recallPermission',
      waitingFor: { roles: ['provinceOfficer'] },
      batchId: c.batchId,
    });
    expect(ids(await waiting('principal', 'kind=recall'))).toEqual([c.batchId]);
    expect(await waiting('district2', 'kind=recall')).toMatchObject({ total: 0 });
    expect(await waiting('farPrincipal', 'kind=recall')).toMatchObject({ total: 0 });

    const granted = await env.call('province', 'POST', '/v1/permissions', {
      batchId: c.batchId,
      action: 'recall',
      until: '2026-12-31T00:00:00.000Z',
      legalBasis: 'QĐ 12/QĐ-SGDĐT',
    });
    expect(granted.statusCode, granted.body).toBe(202);
    // On the ledger too (and the outbox empty again for the next anchors).
    expect(await env.worker.tick()).toMatchObject([{ action: 'grantPermission', outcome: 'submitted' }]);
    expect(await waiting('province', 'kind=recall')).toMatchObject({ items: [], total: 0 });
  });
});

describe('correction: waits for its check, then for the principal', () => {
  it('moves from check to approval, then leaves when decided', async () => {
    const d = await anchoredLater(1, { valid: true });
    const recordId = d.seats[0]!.recordId;
    const req = await env.call('principal', 'POST', '/v1/corrections', {
      recordId,
      subject: 'TOAN',
      legalBasis: 'Điều 15 QĐ Sở GD&ĐT',
      reason: 'Nhận xét môn Toán ghi nhầm',
    });
    expect(req.statusCode).toBe(201);
    const id = req.json().id as string;
    const asked = await waiting('schoolAdmin', 'kind=correction');
    expect(ids(asked)).toEqual([id]);
    expect(asked.items[0]).toMatchObject({
      step: 'correctionCheck',
      recordId,
      schoolId: SCHOOL,
      className: '5A',
      waitingFor: { roles: ['subjectGroup', 'schoolAdmin', 'principal'] },
    });
    expect(await waiting('farPrincipal', 'kind=correction')).toMatchObject({ total: 0 });
    expect(await waiting('district2', 'kind=correction')).toMatchObject({ total: 0 });

    env.p.world.now = new Date(env.p.world.now.getTime() + 3 * 86_400_000);
    const checked = await env.call('schoolAdmin', 'POST', `/v1/corrections/${id}/check`, { note: 'Đúng' });
    expect(checked.statusCode).toBe(200);
    const check = (await waiting('district1', 'kind=correction')).items[0]!;
    expect(check).toMatchObject({ id, step: 'correctionApprove', waitingFor: { roles: ['principal'] } });
    expect(check.since).toBe(checked.json().checkedAt);
    expect(check.waitingDays).toBe(0);

    const decided = await env.call('principal', 'POST', `/v1/corrections/${id}/decision`, {
      approve: false,
      note: 'Không đủ căn cứ',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(await waiting('province', 'kind=correction')).toMatchObject({ items: [], total: 0 });
  });
});

describe('transfer: waits for the receiving school', () => {
  it('is the receiving school’s (and its district’s) to see; leaves when it decides', async () => {
    const t = await anchoredLater(1);
    const res = await env.call('principal', 'POST', '/v1/transfers', {
      studentId: t.seats[0]!.studentId,
      fromSchoolId: SCHOOL,
      toSchoolId: FAR_SCHOOL,
      reason: 'Chuyển nơi ở',
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as string;
    const theirs = await waiting('farPrincipal', 'kind=transfer');
    expect(ids(theirs)).toEqual([id]);
    expect(theirs.items[0]).toMatchObject({
      step: 'transferDecision',
      schoolId: FAR_SCHOOL,
      districtId: 'district2',
      fromSchoolId: SCHOOL,
      waitingFor: { roles: ['principal', 'schoolAdmin'] },
    });
    expect(theirs.items[0]!.fromSchoolName).toBeTruthy();
    expect(ids(await waiting('district2', 'kind=transfer'))).toEqual([id]);
    // The sending school and its district do not act on it.
    expect(await waiting('principal', 'kind=transfer')).toMatchObject({ total: 0 });
    expect(await waiting('district1', 'kind=transfer')).toMatchObject({ total: 0 });

    const ok = await env.call('farPrincipal', 'POST', `/v1/transfers/${id}/decision`, { accept: true });
    expect(ok.statusCode).toBe(200);
    expect(await waiting('ministry', 'kind=transfer')).toMatchObject({ items: [], total: 0 });
  });
});

describe('paging', () => {
  it('a keyset page stays put while newer items arrive; the last page ends the list', async () => {
    // At the district's other school, which no other test here anchors at.
    const at = { schoolId: SCHOOL2 };
    const q = `kind=acceptance&schoolId=${SCHOOL2}&limit=2`;
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.push((await anchoredLater(1, at)).batchId);
    const first = await waiting('district1', q);
    expect(first.total).toBe(3);
    expect(ids(first)).toEqual(made.slice(0, 2));
    expect(first.nextCursor).toEqual(expect.any(String));
    // A batch anchored between two pages comes after the others: the next page is unchanged by it.
    const late = (await anchoredLater(1, at)).batchId;
    const second = await waiting('district1', `${q}&cursor=${first.nextCursor}`);
    expect(ids(second)).toEqual([made[2], late]);
    expect(second.total).toBe(4);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not make, one of another kind, and a query without a kind', async () => {
    // A well-formed cursor whose id cannot be a correction's (a uuid).
    const batchCursor = Buffer.from(JSON.stringify([new Date().toISOString(), 'B-1'])).toString('base64url');
    expect(
      (await env.call('district1', 'GET', `/v1/oversight/waiting?kind=acceptance&cursor=${batchCursor}`))
        .statusCode,
    ).toBe(200);
    const other = await env.call(
      'district1',
      'GET',
      `/v1/oversight/waiting?kind=correction&cursor=${batchCursor}`,
    );
    expect([other.statusCode, code(other)]).toEqual([400, 'CURSOR_INVALID']);
    const junk = await env.call('district1', 'GET', '/v1/oversight/waiting?kind=acceptance&cursor=bm9wZQ');
    expect([junk.statusCode, code(junk)]).toEqual([400, 'CURSOR_INVALID']);
    const none = await env.call('district1', 'GET', '/v1/oversight/waiting');
    expect([none.statusCode, code(none)]).toEqual([400, 'VALIDATION']);
    const teacher = await env.call('teacher', 'GET', '/v1/oversight/waiting?kind=acceptance');
    expect([teacher.statusCode, code(teacher)]).toEqual([403, 'FORBIDDEN']);
  });
});
