/**
 * Notifications (issue 14 point 3) on the embedded ledger with the World's fixed clock: what is due is
 * derived from the state the other services change — a batch anchored, a correction requested and checked,
 * an editing window opened, a deadline three days away — stored once per recipient however often the
 * notifier ticks, told only to those whose remit it is, and read through the API by its recipient only.
 */
import { notifications, users } from '@hocba/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CALENDAR } from '../../../test/chaincode/world.ts';
import { type Due, dueNotifications, type NoticeCalendar } from '../../src/services/notifications-due.ts';
import { storeDue } from '../../src/services/notifications-store.ts';
import {
  anchoredBatch,
  type Env,
  FAR_SCHOOL,
  ledgerRead,
  makeEnv,
  SCHOOL,
  type Who,
  YEAR,
} from '../after-lock/helpers.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let env: Env;
beforeAll(async () => {
  env = await makeEnv();
});
afterAll(async () => {
  await env?.close();
});

/** The ledger's calendar, as the app's notifier reads it. */
const calendar = async (schoolYear: string): Promise<NoticeCalendar | undefined> =>
  (await ledgerRead(env, 'calendar:getCalendar', [schoolYear])) as unknown as NoticeCalendar;

/** One pass of the notifier at the World's time: how many notifications were new. */
async function tick(mail = false): Promise<number> {
  const now = env.p.world.now;
  return storeDue(env.s.db, await dueNotifications(env.s.db, { now, calendar }), { now, mail });
}

const stored = (who: Who, kind?: string) =>
  env.s.db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, env.userIds[who]),
        ...(kind ? [eq(notifications.kind, kind as never)] : []),
      ),
    );

const code = (r: { json(): unknown }) => (r.json() as { error?: { code: string } }).error?.code;

describe('a batch waits for its district', () => {
  let batchId: string;
  beforeAll(async () => {
    ({ batchId } = await anchoredBatch(env, 2));
  });

  it("the district's officer is notified once, however often the notifier ticks; the other district's is not", async () => {
    expect(await tick()).toBeGreaterThan(0);
    expect(await tick()).toBe(0);
    const mine = await stored('district1', 'batchAwaitingAcceptance');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ subject: batchId, link: `#/acceptance/${batchId}`, readAt: null });
    expect(mine[0]!.titleVi).toBe(`Lô học bạ của Trường ${SCHOOL} (năm học 2025-2026) chờ tiếp nhận`);
    expect(mine[0]!.titleEn).toContain('awaits acceptance');
    // No pupil's name in the words (the fixture's pupils are "Học sinh <n>").
    expect(mine[0]!.titleVi).not.toContain('Học sinh');
    expect(await stored('district2', 'batchAwaitingAcceptance')).toHaveLength(0);
    expect(await stored('province', 'batchAwaitingAcceptance')).toHaveLength(0);
    expect(await stored('teacher', 'batchAwaitingAcceptance')).toHaveLength(0);
  });

  it('the officer lists, counts and marks their own; another account cannot reach them', async () => {
    const list = await env.call('district1', 'GET', '/v1/notifications?unread=true');
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { id: string; kind: string; title: { vi: string }; read: boolean }[];
    const n = items.find((i) => i.kind === 'batchAwaitingAcceptance')!;
    expect(n.title.vi).toContain('chờ tiếp nhận');
    expect(n.read).toBe(false);
    const before = (await env.call('district1', 'GET', '/v1/notifications/count')).json().unread as number;
    expect(before).toBe(items.length);
    // Another district's officer: not theirs, so not found (and nothing marked).
    const foreign = await env.call('district2', 'POST', `/v1/notifications/${n.id}/read`);
    expect(foreign.statusCode).toBe(404);
    expect(code(foreign)).toBe('NOTIFICATION_NOT_FOUND');
    expect((await env.call('district2', 'GET', '/v1/notifications')).json().items).not.toContainEqual(
      expect.objectContaining({ id: n.id }),
    );
    expect((await env.call('district1', 'GET', '/v1/notifications/count')).json().unread).toBe(before);
    const read = await env.call('district1', 'POST', `/v1/notifications/${n.id}/read`);
    expect(read.statusCode).toBe(200);
    expect((await env.call('district1', 'GET', '/v1/notifications/count')).json().unread).toBe(before - 1);
    const unread = (await env.call('district1', 'GET', '/v1/notifications?unread=true')).json().items;
    expect(unread).not.toContainEqual(expect.objectContaining({ id: n.id }));
    // Reading it again keeps the first reading's time.
    const [first] = await env.s.db.select().from(notifications).where(eq(notifications.id, n.id));
    env.p.world.now = new Date(env.p.world.now.getTime() + 1000);
    await env.call('district1', 'POST', `/v1/notifications/${n.id}/read`);
    const [again] = await env.s.db.select().from(notifications).where(eq(notifications.id, n.id));
    expect(again!.readAt).toEqual(first!.readAt);
  });

  it('pages newest first with a cursor; a forged cursor is a 400', async () => {
    const all = (await env.call('district1', 'GET', '/v1/notifications?limit=100')).json().items as {
      id: string;
      createdAt: string;
    }[];
    const first = await env.call('district1', 'GET', '/v1/notifications?limit=1');
    expect(first.json().items).toHaveLength(1);
    expect(first.json().items[0].id).toBe(all[0]!.id);
    if (all.length > 1) {
      const cursor = first.json().nextCursor as string;
      const second = await env.call('district1', 'GET', `/v1/notifications?limit=1&cursor=${cursor}`);
      expect(second.json().items[0].id).toBe(all[1]!.id);
    }
    const bad = await env.call('district1', 'GET', '/v1/notifications?cursor=bm90LWEtY3Vyc29y');
    expect(bad.statusCode).toBe(400);
    expect(code(bad)).toBe('CURSOR_INVALID');
    expect(code(await env.call('district1', 'POST', '/v1/notifications/nope/read'))).toBe('VALIDATION');
  });

  it('read-all marks every unread one of the caller, and nobody else’s', async () => {
    const others = (await env.call('district2', 'GET', '/v1/notifications/count')).json().unread;
    const r = await env.call('district1', 'POST', '/v1/notifications/read-all');
    expect(r.statusCode).toBe(200);
    expect((await env.call('district1', 'GET', '/v1/notifications/count')).json().unread).toBe(0);
    expect((await env.call('district2', 'GET', '/v1/notifications/count')).json().unread).toBe(others);
  });

  it('no token: 401 (the roles refused are the route matrix’s)', async () => {
    expect((await env.call(null, 'GET', '/v1/notifications')).statusCode).toBe(401);
  });
});

describe('a correction waits for its check, then its approval', () => {
  it('the checker is told, not the one who asked; once checked, the principal is told', async () => {
    const { seats } = await anchoredBatch(env, 1, { valid: true });
    const req = await env.call('principal', 'POST', '/v1/corrections', {
      recordId: seats[0]!.recordId,
      subject: 'TOAN',
      legalBasis: 'Điều 15 QĐ Sở GD&ĐT',
      reason: 'Nhận xét môn Toán ghi nhầm',
    });
    expect(req.statusCode).toBe(201);
    const id = req.json().id as string;
    await tick();
    const toCheck = (await stored('schoolAdmin', 'correctionAwaitingCheck')).filter((n) => n.subject === id);
    expect(toCheck).toHaveLength(1);
    expect(toCheck[0]!.link).toBe(`#/changes/correction/${id}`);
    expect(toCheck[0]!.titleVi).toMatch(/^Đề nghị chỉnh sửa học bạ lớp .+, môn Toán chờ kiểm tra$/);
    expect(await stored('principal', 'correctionAwaitingCheck')).toHaveLength(0);
    expect(await stored('farPrincipal', 'correctionAwaitingCheck')).toHaveLength(0);
    expect(await stored('district1', 'correctionAwaitingCheck')).toHaveLength(0);

    const checked = await env.call('schoolAdmin', 'POST', `/v1/corrections/${id}/check`, {});
    expect(checked.statusCode).toBe(200);
    await tick();
    await tick();
    const toApprove = (await stored('principal', 'correctionAwaitingApproval')).filter(
      (n) => n.subject === id,
    );
    expect(toApprove).toHaveLength(1);
    expect(toApprove[0]!.titleVi).toContain('chờ phê duyệt');
    expect(await stored('schoolAdmin', 'correctionAwaitingApproval')).toHaveLength(0);
  });
});

describe('a recall and a transfer wait', () => {
  it("a recall requested: the province's officers are told once; a transfer requested: the receiving school", async () => {
    const { batchId, seats } = await anchoredBatch(env, 2);
    const asked = await env.call('principal', 'POST', `/v1/batches/${batchId}/recall-request`, {
      reasonCode: 'WRONG_CLASS',
      legalBasis: 'QĐ 9/QĐ-THKĐ',
    });
    expect(asked.statusCode).toBe(201);
    const moved = await env.call('principal', 'POST', '/v1/transfers', {
      studentId: seats[0]!.studentId,
      fromSchoolId: SCHOOL,
      toSchoolId: FAR_SCHOOL,
      reason: 'Chuyển nơi ở',
    });
    expect(moved.statusCode).toBe(201);
    const transferId = moved.json().id as string;
    await tick();
    await tick();
    const recall = (await stored('province', 'recallAwaiting')).filter((n) => n.subject === batchId);
    expect(recall).toHaveLength(1);
    expect(recall[0]!.titleVi).toBe(
      `Đề nghị thu hồi lô học bạ của Trường ${SCHOOL} (năm học 2025-2026) chờ Sở quyết định`,
    );
    expect(await stored('district1', 'recallAwaiting')).toHaveLength(0);
    const transfer = await stored('farPrincipal', 'transferAwaiting');
    expect(transfer).toHaveLength(1);
    expect(transfer[0]).toMatchObject({ subject: transferId, link: `#/changes/transfer/${transferId}` });
    expect(transfer[0]!.titleVi).toBe(`Đề nghị chuyển trường từ Trường ${SCHOOL} chờ nhà trường tiếp nhận`);
    // The sending school's principal asked: not told of their own request.
    expect(await stored('principal', 'transferAwaiting')).toHaveLength(0);
  });
});

describe('an editing window opens', () => {
  const put = (body: object) =>
    env.app.inject({
      method: 'PUT',
      url: '/v1/windows',
      payload: body,
      headers: { authorization: `Bearer ${env.tokens.schoolAdmin}` },
    });

  it("its class's teacher is told once when it opens, not before; teachers of other classes are not", async () => {
    const w = env.p.world;
    const classId = env.s.classId[SCHOOL]!;
    const opensAt = new Date(w.now.getTime() + 3_600_000);
    const set = await put({
      schoolId: SCHOOL,
      schoolYear: YEAR,
      classId,
      frozen: false,
      opensAt: opensAt.toISOString(),
    });
    expect(set.statusCode).toBeLessThan(300);
    await tick();
    expect(await stored('teacher', 'windowOpened')).toHaveLength(0);
    w.now = new Date(opensAt.getTime() + 60_000);
    await tick();
    await tick();
    const opened = await stored('teacher', 'windowOpened');
    expect(opened).toHaveLength(1);
    expect(opened[0]!.titleVi).toMatch(
      /^Đã mở nhập liệu lớp .+ \(năm học 2025-2026\) từ \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/,
    );
    expect(opened[0]!.link).toBe('#/marks');
    // Teachers are told, not the tiers above nor another school's principal.
    expect(await stored('district1', 'windowOpened')).toHaveLength(0);
    expect(await stored('farPrincipal', 'windowOpened')).toHaveLength(0);
    // Frozen again: told that it closed, once.
    await put({ schoolId: SCHOOL, schoolYear: YEAR, classId, frozen: true });
    await tick();
    await tick();
    expect(await stored('teacher', 'windowClosed')).toHaveLength(1);
  });
});

describe('a deadline is near', () => {
  it('three days before the acceptance deadline, district officers are told once; the report deadline not yet', async () => {
    const w = env.p.world;
    w.now = new Date(Date.parse(CALENDAR.acceptanceDeadline) - 3 * 86_400_000 + 3_600_000);
    await tick();
    await tick();
    for (const who of ['district1', 'district2'] as const) {
      const near = await stored(who, 'deadlineNear');
      expect(near).toHaveLength(1);
      expect(near[0]!.titleVi).toBe(
        'Còn 3 ngày đến hạn tiếp nhận học bạ năm học 2025-2026 (30/06/2026 23:59)',
      );
      expect(near[0]!.dueAt?.toISOString()).toBe(CALENDAR.acceptanceDeadline);
    }
    // 10/7 is 13 days away: not yet for the province; a teacher is never told of it.
    expect(await stored('province', 'deadlineNear')).toHaveLength(0);
    expect(await stored('teacher', 'deadlineNear')).toHaveLength(0);
    w.now = new Date(Date.parse(CALENDAR.reportDeadline) - 2 * 86_400_000);
    await tick();
    const report = await stored('province', 'deadlineNear');
    expect(report).toHaveLength(1);
    expect(report[0]!.titleVi).toContain('Còn 2 ngày đến hạn báo cáo Bộ');
  });
});

describe('the address notifications are mailed to', () => {
  it('each person sets and removes their own; a malformed one is refused', async () => {
    const put = (who: Who, payload: object) =>
      env.app.inject({
        method: 'PUT',
        url: '/v1/notifications/email',
        payload,
        headers: { authorization: `Bearer ${env.tokens[who]}` },
      });
    expect((await env.call('district2', 'GET', '/v1/notifications/email')).json()).toEqual({ email: null });
    const set = await put('district2', { email: 'phong2@example.test' });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ email: 'phong2@example.test' });
    expect((await env.call('district2', 'GET', '/v1/notifications/email')).json()).toEqual({
      email: 'phong2@example.test',
    });
    // Only the caller's own account changed.
    const [other] = await env.s.db.select().from(users).where(eq(users.id, env.userIds.district1));
    expect(other!.email).toBeNull();
    const bad = await put('district2', { email: 'not an address' });
    expect(bad.statusCode).toBe(400);
    expect(code(bad)).toBe('VALIDATION');
    expect(code(await put('district2', { email: 'a@b.test', userId: env.userIds.district1 }))).toBe(
      'VALIDATION',
    );
    expect((await put('district2', { email: null })).json()).toEqual({ email: null });
  });
});

describe('storing', () => {
  it('two notifiers storing the same notifications at once store each once', async () => {
    const now = env.p.world.now;
    const due: Due[] = [0, 1, 2].map((i) => ({
      userId: env.userIds.ministry,
      kind: 'deadlineNear',
      subject: `race-${i}`,
      title: { vi: `Thử ${i}`, en: `Test ${i}` },
      link: '#/reports',
    }));
    const counts = await Promise.all([
      storeDue(env.s.db, due, { now, mail: false }),
      storeDue(env.s.db, due, { now, mail: false }),
    ]);
    expect(counts[0]! + counts[1]!).toBe(3);
    expect(await stored('ministry', 'deadlineNear')).toHaveLength(3);
  });

  it('a new notification waits to be mailed only when mail is on and the account has an address', async () => {
    const now = env.p.world.now;
    await env.s.db
      .update(users)
      .set({ email: 'ministry@example.test' })
      .where(eq(users.id, env.userIds.ministry));
    const one = (subject: string): Due[] => [
      {
        userId: env.userIds.ministry,
        kind: 'deadlineNear',
        subject,
        title: { vi: 'a', en: 'a' },
        link: '#/',
      },
      {
        userId: env.userIds.province,
        kind: 'deadlineNear',
        subject,
        title: { vi: 'a', en: 'a' },
        link: '#/',
      },
    ];
    await storeDue(env.s.db, one('mail-off'), { now, mail: false });
    await storeDue(env.s.db, one('mail-on'), { now, mail: true });
    const rows = await env.s.db.select().from(notifications).where(eq(notifications.kind, 'deadlineNear'));
    const state = (who: Who, subject: string) =>
      rows.find((r) => r.userId === env.userIds[who] && r.subject === subject)?.emailState;
    expect(state('ministry', 'mail-off')).toBeNull();
    expect(state('ministry', 'mail-on')).toBe('pending');
    expect(state('province', 'mail-on')).toBeNull();
  });
});
