/**
 * The province's calendar of a school year (seed 000 Điều 4.3: districts accept by 30/6, the province
 * reports by 10/7, supplementary by 15/8): its windows checked before they are queued for the ledger, so
 * that the officer hears at once what the chaincode would refuse later (chaincode calendar.ts: the same
 * order), and queued as calendar:setCalendar in the outbox, audited, in one transaction.
 */
import { appendAudit, type Database, enqueueOutbox } from '@hocba/db';
import type { CalendarWindows } from '../ledger/index.ts';
import type { UserActor } from './permissions.ts';
import { anyDistrictMsp, networkProvince } from './registry.ts';

/** The windows in the order the chaincode requires them (each not after the next one of its pair). */
export const CALENDAR_WINDOWS = [
  'lockFrom',
  'lockUntil',
  'acceptanceDeadline',
  'reportDeadline',
  'supplementaryDeadline',
  'replacementFrom',
  'replacementUntil',
] as const satisfies readonly (keyof CalendarWindows)[];

/** Pairs that must be in order: [earlier, later]. */
const ORDER: readonly [keyof CalendarWindows, keyof CalendarWindows][] = [
  ['lockFrom', 'lockUntil'],
  ['lockUntil', 'acceptanceDeadline'],
  ['acceptanceDeadline', 'reportDeadline'],
  ['reportDeadline', 'supplementaryDeadline'],
  ['replacementFrom', 'replacementUntil'],
];

/** How a person names each window (the error messages, the console). */
export const WINDOW_WORDS: Readonly<Record<keyof CalendarWindows, { vi: string; en: string }>> = {
  lockFrom: { vi: 'Mở chốt dữ liệu', en: 'Locking opens' },
  lockUntil: { vi: 'Hạn chốt dữ liệu', en: 'Locking closes' },
  acceptanceDeadline: { vi: 'Hạn Phòng GD&ĐT tiếp nhận', en: 'District acceptance deadline' },
  reportDeadline: { vi: 'Hạn Sở báo cáo Bộ', en: 'Report deadline' },
  supplementaryDeadline: { vi: 'Hạn báo cáo bổ sung', en: 'Supplementary deadline' },
  replacementFrom: { vi: 'Mở báo cáo thay thế', en: 'Replacements open' },
  replacementUntil: { vi: 'Hạn báo cáo thay thế', en: 'Replacements close' },
};

export interface CalendarProblem {
  field: keyof CalendarWindows;
  message: string;
}

const dayText = (d: Date) =>
  new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(d);

/**
 * What is wrong with the windows of `schoolYear` (none: they may be set): each must be a time inside the
 * school year's span (1/8 of its first year to 31/12 of its second, Vietnam time), and each pair in order.
 */
export function calendarProblems(schoolYear: string, w: CalendarWindows): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const [first, second] = schoolYear.split('-').map(Number) as [number, number];
  if (second !== first + 1) {
    return [
      {
        field: 'lockFrom',
        message: `Năm học ${schoolYear} không hợp lệ (năm sau phải liền năm trước) / the school year must be two consecutive years`,
      },
    ];
  }
  // 1/8 00:00 and 31/12 24:00 in Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
  const from = Date.UTC(first, 7, 1) - 7 * 3_600_000;
  const until = Date.UTC(second + 1, 0, 1) - 7 * 3_600_000;
  const at: Partial<Record<keyof CalendarWindows, number>> = {};
  for (const name of CALENDAR_WINDOWS) {
    const t = Date.parse(w[name]);
    const words = WINDOW_WORDS[name];
    if (Number.isNaN(t)) {
      problems.push({
        field: name,
        message: `${words.vi}: không phải ngày giờ hợp lệ / ${words.en}: not a valid time`,
      });
      continue;
    }
    if (t < from || t >= until) {
      problems.push({
        field: name,
        message: `${words.vi} phải trong năm học ${schoolYear} (01/08/${first}–31/12/${second}) / ${words.en} must fall within the school year`,
      });
      continue;
    }
    at[name] = t;
  }
  for (const [a, b] of ORDER) {
    const ta = at[a];
    const tb = at[b];
    if (ta === undefined || tb === undefined || ta <= tb) continue;
    problems.push({
      field: b,
      message: `${WINDOW_WORDS[b].vi} (${dayText(new Date(tb))}) không được trước ${WINDOW_WORDS[a].vi.toLowerCase()} (${dayText(new Date(ta))}) / ${WINDOW_WORDS[b].en} must not be before ${WINDOW_WORDS[a].en.toLowerCase()}`,
    });
  }
  return problems;
}

/** The windows alone, as ISO instants (what the chaincode stores), whatever else the object holds. */
export function normalizedWindows(w: CalendarWindows): CalendarWindows {
  const out = {} as CalendarWindows;
  for (const name of CALENDAR_WINDOWS) out[name] = new Date(w[name]).toISOString();
  return out;
}

/**
 * Queues the calendar of `schoolYear` for the ledger (calendar:setCalendar, the province's identity) and
 * audits it. Each call is a new act of the province (it may set the year again): a new outbox row.
 */
export async function setCalendar(
  db: Database,
  input: { schoolYear: string; windows: CalendarWindows; actor: UserActor; now: Date },
): Promise<{ outboxId: number; queued: boolean }> {
  const windows = normalizedWindows(input.windows);
  return db.transaction(async (tx) => {
    const province = await networkProvince(tx);
    const districtMsp = await anyDistrictMsp(tx, province.id);
    const { row, created } = await enqueueOutbox(tx, {
      action: 'setCalendar',
      key: `setCalendar:${input.schoolYear}:${crypto.randomUUID()}`,
      payload: { schoolYear: input.schoolYear, ...windows, districtMsp },
      notBefore: input.now,
    });
    await appendAudit(tx, {
      action: 'calendar.set',
      entityType: 'calendar',
      entityId: input.schoolYear,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      at: input.now,
      details: { outboxId: row.id, provinceId: province.id, ...windows },
    });
    return { outboxId: row.id, queued: created };
  });
}
