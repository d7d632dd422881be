/**
 * What is due to be notified now (seed 000 Điều 11.1; issue 14 point 3), derived from the state the other
 * services change — nobody calls the notifier. Each source answers the notifications it would store,
 * recipient by recipient, each named by a stable `subject`, so that storing them again is a no-op
 * (notifications-store.ts). Reads only.
 *
 * Who is told (their remit, as the policy table gives them the action):
 * - a batch anchored and not yet accepted → the officers of its school's district (`batches.accept`);
 * - a correction requested → who may check it (its school's principal and admin, the subject group of its
 *   subject), not the one who asked; a correction checked → its school's principal (`corrections.approve`);
 * - a recall requested → the province's officers (`batches.recall`);
 * - a transfer requested → the receiving school's principal and admin (`transfers.manage`);
 * - an editing window opened or closed → the teachers whose entry it decides (`records.enter`);
 * - the calendar's lock window opened or closed → the schools' principals and admins (`batches.lock`);
 * - the acceptance deadline within `deadlineDays` → district officers; the report deadline → province officers.
 * Windows and the lock window are told only within `lookbackDays` of their moment: a gateway started
 * for the first time does not announce every window of past years.
 */
import {
  batches,
  classes,
  correctionRequests,
  type Database,
  editingWindows,
  enrolments,
  type NotificationKind,
  recordVersions,
  schools,
  transfers,
  userRoles,
  users,
} from '@hocba/db';
import { instantText, subjectName } from '@hocba/records';
import { and, eq, gte, inArray, lte, ne, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';

export interface Words {
  vi: string;
  en: string;
}

export interface Due {
  userId: string;
  kind: NotificationKind;
  subject: string;
  title: Words;
  /** The console's hash address where the recipient acts. */
  link: string;
  dueAt?: Date;
}

/** The calendar fields the notifier reads (the ledger's `calendar:getCalendar`). */
export interface NoticeCalendar {
  lockFrom: string;
  lockUntil: string;
  acceptanceDeadline: string;
  reportDeadline: string;
}

export interface DueOptions {
  now: Date;
  /** The school year's calendar, or undefined when the province has not set it. */
  calendar(schoolYear: string): Promise<NoticeCalendar | undefined>;
  /** A deadline this close is announced (default 7 days). */
  deadlineDays?: number;
  /** Window changes older than this are not announced (default 7 days). */
  lookbackDays?: number;
}

const DAY = 86_400_000;
const when = (d: Date | string): string => instantText(d)?.vi ?? String(d);

/** "lớp 5A — TH Kim Đồng" / "class 5A — TH Kim Đồng", or the school's alone for a school batch. */
function batchWords(className: string | null, schoolName: string): Words {
  return className === null
    ? { vi: `của ${schoolName}`, en: `of ${schoolName}` }
    : { vi: `lớp ${className} — ${schoolName}`, en: `class ${className} — ${schoolName}` };
}

/** Active accounts holding `role` (optionally narrowed), with the grant's columns. */
const active = and(eq(users.id, userRoles.userId), eq(users.active, true));

export async function batchesAwaitingAcceptance(db: Database): Promise<Due[]> {
  const rows = await db
    .select({
      batchId: batches.id,
      schoolYear: batches.schoolYear,
      className: classes.name,
      schoolName: schools.name,
      userId: userRoles.userId,
    })
    .from(batches)
    .innerJoin(schools, eq(schools.id, batches.schoolId))
    .leftJoin(classes, eq(classes.id, batches.classId))
    .innerJoin(
      userRoles,
      and(eq(userRoles.role, 'districtOfficer'), eq(userRoles.districtId, schools.districtId)),
    )
    .innerJoin(users, active)
    .where(eq(batches.state, 'anchored'));
  return rows.map((r) => {
    const b = batchWords(r.className, r.schoolName);
    return {
      userId: r.userId,
      kind: 'batchAwaitingAcceptance',
      subject: r.batchId,
      title: {
        vi: `Lô học bạ ${b.vi} (năm học ${r.schoolYear}) chờ tiếp nhận`,
        en: `The batch of records ${b.en} (${r.schoolYear}) awaits acceptance`,
      },
      link: `#/acceptance/${encodeURIComponent(r.batchId)}`,
    };
  });
}

export async function correctionsWaiting(db: Database): Promise<Due[]> {
  const rows = await db
    .select({
      id: correctionRequests.id,
      state: correctionRequests.state,
      subject: correctionRequests.subject,
      requestedBy: correctionRequests.requestedBy,
      className: classes.name,
      schoolId: enrolments.custodySchoolId,
    })
    .from(correctionRequests)
    .innerJoin(recordVersions, eq(recordVersions.id, correctionRequests.recordVersionId))
    .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
    .innerJoin(classes, eq(classes.id, enrolments.classId))
    .where(inArray(correctionRequests.state, ['requested', 'checked']));
  if (rows.length === 0) return [];
  const schoolIds = [...new Set(rows.map((r) => r.schoolId))];
  const staff = await db
    .select({
      userId: userRoles.userId,
      role: userRoles.role,
      schoolId: userRoles.schoolId,
      subject: userRoles.subject,
    })
    .from(userRoles)
    .innerJoin(users, active)
    .where(
      and(
        inArray(userRoles.role, ['principal', 'schoolAdmin', 'subjectGroup']),
        inArray(userRoles.schoolId, schoolIds),
      ),
    );
  const due: Due[] = [];
  for (const r of rows) {
    const checking = r.state === 'requested';
    const part = r.subject === null ? { vi: '', en: '' } : subjectName(r.subject);
    const about = {
      vi: `lớp ${r.className}${r.subject === null ? '' : `, môn ${part.vi}`}`,
      en: `class ${r.className}${r.subject === null ? '' : `, ${part.en}`}`,
    };
    const title = checking
      ? {
          vi: `Đề nghị chỉnh sửa học bạ ${about.vi} chờ kiểm tra`,
          en: `A correction request (${about.en}) awaits checking`,
        }
      : {
          vi: `Đề nghị chỉnh sửa học bạ ${about.vi} đã kiểm tra, chờ phê duyệt`,
          en: `A correction request (${about.en}) was checked and awaits approval`,
        };
    const recipients = staff.filter(
      (s) =>
        s.schoolId === r.schoolId &&
        (checking
          ? s.userId !== r.requestedBy &&
            (s.role !== 'subjectGroup' || (r.subject !== null && s.subject === r.subject))
          : s.role === 'principal'),
    );
    for (const userId of new Set(recipients.map((s) => s.userId))) {
      due.push({
        userId,
        kind: checking ? 'correctionAwaitingCheck' : 'correctionAwaitingApproval',
        subject: r.id,
        title,
        link: `#/changes/correction/${r.id}`,
      });
    }
  }
  return due;
}

export async function recallsWaiting(db: Database): Promise<Due[]> {
  const rows = await db
    .select({
      batchId: batches.id,
      schoolYear: batches.schoolYear,
      className: classes.name,
      schoolName: schools.name,
      userId: userRoles.userId,
    })
    .from(batches)
    .innerJoin(schools, eq(schools.id, batches.schoolId))
    .leftJoin(classes, eq(classes.id, batches.classId))
    .innerJoin(
      userRoles,
      and(eq(userRoles.role, 'provinceOfficer'), eq(userRoles.provinceId, schools.provinceId)),
    )
    .innerJoin(users, active)
    .where(eq(batches.state, 'recallRequested'));
  return rows.map((r) => {
    const b = batchWords(r.className, r.schoolName);
    return {
      userId: r.userId,
      kind: 'recallAwaiting',
      subject: r.batchId,
      title: {
        vi: `Đề nghị thu hồi lô học bạ ${b.vi} (năm học ${r.schoolYear}) chờ Sở quyết định`,
        en: `A recall of the batch ${b.en} (${r.schoolYear}) awaits the province's decision`,
      },
      link: '#/registry',
    };
  });
}

export async function transfersWaiting(db: Database): Promise<Due[]> {
  const from = alias(schools, 'from_school');
  const rows = await db
    .select({ id: transfers.id, fromName: from.name, userId: userRoles.userId })
    .from(transfers)
    .innerJoin(from, eq(from.id, transfers.fromSchoolId))
    .innerJoin(
      userRoles,
      and(
        inArray(userRoles.role, ['principal', 'schoolAdmin']),
        eq(userRoles.schoolId, transfers.toSchoolId),
      ),
    )
    .innerJoin(users, active)
    .where(and(eq(transfers.state, 'requested'), ne(userRoles.userId, transfers.requestedBy)));
  const seen = new Set<string>();
  return rows.flatMap((r) => {
    if (seen.has(`${r.userId} ${r.id}`)) return [];
    seen.add(`${r.userId} ${r.id}`);
    return [
      {
        userId: r.userId,
        kind: 'transferAwaiting' as const,
        subject: r.id,
        title: {
          vi: `Đề nghị chuyển trường từ ${r.fromName} chờ nhà trường tiếp nhận`,
          en: `A transfer from ${r.fromName} awaits the school's decision`,
        },
        link: `#/changes/transfer/${r.id}`,
      },
    ];
  });
}

type WindowRow = typeof editingWindows.$inferSelect;

/** The window's state now and since when; undefined while it waits for its opening moment. */
export function windowMoment(w: WindowRow, now: Date): { open: boolean; since: Date } | undefined {
  if (w.frozen) return { open: false, since: w.updatedAt };
  if (w.opensAt && now < w.opensAt) return undefined;
  if (w.closesAt && now >= w.closesAt) return { open: false, since: w.closesAt };
  const since = w.opensAt && w.opensAt > w.updatedAt ? w.opensAt : w.updatedAt;
  return { open: true, since };
}

const specificity = (w: Pick<WindowRow, 'classId' | 'subject'>) =>
  (w.classId !== null ? 2 : 0) + (w.subject !== null ? 1 : 0);

export async function windowChanges(db: Database, now: Date, lookbackDays: number): Promise<Due[]> {
  const from = new Date(now.getTime() - lookbackDays * DAY);
  const changed = await db
    .select()
    .from(editingWindows)
    .where(
      or(
        gte(editingWindows.updatedAt, from),
        and(gte(editingWindows.opensAt, from), lte(editingWindows.opensAt, now)),
        and(gte(editingWindows.closesAt, from), lte(editingWindows.closesAt, now)),
      ),
    );
  const due: Due[] = [];
  for (const w of changed) {
    const m = windowMoment(w, now);
    if (!m || m.since < from) continue;
    // Every window of the same school and year: a more specific one decides for some teachers instead.
    const siblings = await db
      .select()
      .from(editingWindows)
      .where(and(eq(editingWindows.schoolId, w.schoolId), eq(editingWindows.schoolYear, w.schoolYear)));
    const teachers = await db
      .select({
        userId: userRoles.userId,
        role: userRoles.role,
        classId: userRoles.classId,
        subject: userRoles.subject,
        className: classes.name,
      })
      .from(userRoles)
      .innerJoin(users, active)
      .innerJoin(classes, eq(classes.id, userRoles.classId))
      .where(
        and(
          inArray(userRoles.role, ['subjectTeacher', 'homeroomTeacher']),
          eq(classes.schoolId, w.schoolId),
          eq(classes.schoolYear, w.schoolYear),
          ...(w.classId === null ? [] : [eq(userRoles.classId, w.classId)]),
        ),
      );
    for (const t of teachers) {
      // A homeroom teacher's own part is not a subject: only windows of every subject decide it.
      const subject = t.role === 'subjectTeacher' ? t.subject : null;
      if (w.subject !== null && w.subject !== subject) continue;
      const deciding = siblings
        .filter(
          (s) =>
            (s.classId === null || s.classId === t.classId) &&
            (s.subject === null || (subject !== null && s.subject === subject)),
        )
        .sort((a, b) => specificity(b) - specificity(a))[0];
      if (deciding?.id !== w.id) continue;
      const part =
        w.subject === null
          ? { vi: `lớp ${t.className}`, en: `class ${t.className}` }
          : {
              vi: `lớp ${t.className}, môn ${subjectName(w.subject).vi}`,
              en: `class ${t.className}, ${subjectName(w.subject).en}`,
            };
      due.push({
        userId: t.userId,
        kind: m.open ? 'windowOpened' : 'windowClosed',
        subject: `${w.id}@${m.since.toISOString()}`,
        title: m.open
          ? {
              vi: `Đã mở nhập liệu ${part.vi} (năm học ${w.schoolYear}) từ ${when(m.since)}`,
              en: `Data entry is open for ${part.en} (${w.schoolYear}) since ${when(m.since)}`,
            }
          : {
              vi: `Đã khóa nhập liệu ${part.vi} (năm học ${w.schoolYear}) từ ${when(m.since)}`,
              en: `Data entry is closed for ${part.en} (${w.schoolYear}) since ${when(m.since)}`,
            },
        link: '#/marks',
      });
    }
  }
  // One per (teacher, window): a teacher of two subjects of one class is told once.
  const seen = new Set<string>();
  return due.filter((d) => {
    const k = `${d.userId} ${d.subject}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Accounts holding one of `roles`, each once. */
async function holders(
  db: Database,
  roles: ('principal' | 'schoolAdmin' | 'districtOfficer' | 'provinceOfficer')[],
) {
  const rows = await db
    .selectDistinct({ userId: userRoles.userId })
    .from(userRoles)
    .innerJoin(users, active)
    .where(inArray(userRoles.role, roles));
  return rows.map((r) => r.userId);
}

export async function calendarNotices(
  db: Database,
  o: Required<Pick<DueOptions, 'now' | 'calendar' | 'deadlineDays' | 'lookbackDays'>>,
): Promise<Due[]> {
  const years = await db.selectDistinct({ schoolYear: classes.schoolYear }).from(classes);
  const due: Due[] = [];
  const now = o.now.getTime();
  const recent = (t: number) => t <= now && t >= now - o.lookbackDays * DAY;
  for (const { schoolYear } of years) {
    const cal = await o.calendar(schoolYear);
    if (!cal) continue;
    const lockFrom = Date.parse(cal.lockFrom);
    const lockUntil = Date.parse(cal.lockUntil);
    const lock: Omit<Due, 'userId'>[] = [];
    if (recent(lockFrom) && now < lockUntil) {
      lock.push({
        kind: 'lockOpened',
        subject: `${schoolYear}@${cal.lockFrom}`,
        title: {
          vi: `Đã đến thời gian chốt học bạ năm học ${schoolYear}, đến ${when(cal.lockUntil)}`,
          en: `The lock window of ${schoolYear} is open, until ${when(cal.lockUntil)}`,
        },
        link: '#/classes',
        dueAt: new Date(lockUntil),
      });
    }
    if (recent(lockUntil)) {
      lock.push({
        kind: 'lockClosed',
        subject: `${schoolYear}@${cal.lockUntil}`,
        title: {
          vi: `Đã hết thời gian chốt học bạ năm học ${schoolYear} (${when(cal.lockUntil)})`,
          en: `The lock window of ${schoolYear} closed (${when(cal.lockUntil)})`,
        },
        link: '#/classes',
      });
    }
    if (lock.length > 0) {
      for (const userId of await holders(db, ['principal', 'schoolAdmin']))
        for (const l of lock) due.push({ ...l, userId });
    }
    const deadlines = [
      {
        at: cal.acceptanceDeadline,
        role: 'districtOfficer' as const,
        name: 'acceptanceDeadline',
        what: { vi: 'hạn tiếp nhận học bạ', en: 'the acceptance deadline' },
        link: '#/acceptance',
      },
      {
        at: cal.reportDeadline,
        role: 'provinceOfficer' as const,
        name: 'reportDeadline',
        what: { vi: 'hạn báo cáo Bộ', en: 'the report deadline' },
        link: '#/reports',
      },
    ];
    for (const d of deadlines) {
      const at = Date.parse(d.at);
      if (!(at > now && at - now <= o.deadlineDays * DAY)) continue;
      const days = Math.ceil((at - now) / DAY);
      for (const userId of await holders(db, [d.role])) {
        due.push({
          userId,
          kind: 'deadlineNear',
          subject: `${schoolYear}:${d.name}@${d.at}`,
          title: {
            vi: `Còn ${days} ngày đến ${d.what.vi} năm học ${schoolYear} (${when(d.at)})`,
            en: `${days} day${days === 1 ? '' : 's'} left until ${d.what.en} of ${schoolYear} (${when(d.at)})`,
          },
          link: d.link,
          dueAt: new Date(at),
        });
      }
    }
  }
  return due;
}

/** Everything due now, from every source. */
export async function dueNotifications(db: Database, o: DueOptions): Promise<Due[]> {
  const deadlineDays = o.deadlineDays ?? 7;
  const lookbackDays = o.lookbackDays ?? 7;
  const parts = await Promise.all([
    batchesAwaitingAcceptance(db),
    correctionsWaiting(db),
    recallsWaiting(db),
    transfersWaiting(db),
    windowChanges(db, o.now, lookbackDays),
    calendarNotices(db, { now: o.now, calendar: o.calendar, deadlineDays, lookbackDays }),
  ]);
  return parts.flat();
}
