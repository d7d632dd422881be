/**
 * A batch's acceptance deadline from the ledger's calendar (GET /v1/calendars/:schoolYear) as a countdown
 * in Vietnam's days: "Còn 12 ngày", "Hết hạn hôm nay", "Quá hạn 3 ngày", with its date. While the province
 * has not set the year's calendar (404) — or the route cannot be reached — nothing is counted.
 */
import { instantDate } from '@hocba/records';
import { useQueries } from '@tanstack/react-query';
import type { Connection } from '../../api/client.ts';
import type { Lang } from '../../words.ts';
import { type Calendar, countdown, deadlineOf, fetchCalendar } from './data.ts';
import { aw } from './words.ts';

/** Each year's calendar: a Calendar, null when not set (or unreadable), undefined while it loads. */
export function useCalendars(connection: Connection, years: readonly string[]) {
  const unique = [...new Set(years)].sort();
  const answers = useQueries({
    queries: unique.map((year) => ({
      queryKey: ['calendar', year],
      // The queue shows without a countdown whatever went wrong with the calendar.
      queryFn: () => fetchCalendar(connection, year).catch(() => null),
      staleTime: 5 * 60_000,
    })),
  });
  const byYear = new Map<string, Calendar | null | undefined>();
  unique.forEach((year, i) => {
    byYear.set(year, answers[i]?.data);
  });
  return byYear;
}

export function DeadlineText({
  kind,
  calendar,
  lang,
  now = new Date(),
}: {
  kind: string;
  calendar: Calendar | null | undefined;
  lang: Lang;
  now?: Date;
}) {
  if (!calendar) return <span className="muted">—</span>;
  const deadline = deadlineOf(kind, calendar);
  const c = countdown(deadline, now);
  const text =
    c.kind === 'left'
      ? aw('daysLeft', lang, { n: c.days })
      : c.kind === 'today'
        ? aw('dueToday', lang)
        : aw('overdue', lang, { n: c.days });
  return (
    <span className={`countdown ${c.kind}`} data-testid="countdown">
      <strong>{text}</strong>{' '}
      <span className="muted">
        ({aw('deadlineOn', lang, { date: instantDate(deadline)?.[lang] ?? '—' })})
      </span>
    </span>
  );
}
