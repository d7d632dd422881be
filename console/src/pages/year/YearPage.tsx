/**
 * The year at a glance (issue 14) for the province, a district and the Ministry: the calendar in words with
 * days left, the districts and their schools with what is late, and the season's charts. `#/year` is the
 * current school year, `#/year/<2025-2026>` another, `#/year/calendar/<year>` the province's calendar form.
 */
import { useQuery } from '@tanstack/react-query';
import { apiMessage } from '../../api/client.ts';
import type { PageProps } from '../../shell/page.ts';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { word } from '../../words.ts';
import { CalendarCard } from './CalendarCard.tsx';
import { CalendarForm } from './CalendarForm.tsx';
import { Charts } from './Charts.tsx';
import {
  type Calendar,
  calendarKey,
  fetchCalendar,
  fetchProgress,
  fetchTimeline,
  progressKey,
  timelineKey,
} from './data.ts';
import { Overview } from './Overview.tsx';
import { yw } from './words.ts';
import './year.css';

const YEAR = /^\d{4}-\d{4}$/;

/** The Vietnamese day (YYYY-MM-DD) of an instant; Vietnam keeps UTC+7 all year. */
const vnDate = (instant: string | undefined) =>
  instant ? new Date(Date.parse(instant) + 7 * 3_600_000).toISOString().slice(0, 10) : undefined;

/** The charts run to today, or to the supplementary deadline once the season is over. */
function seasonEnd(today: string, cal: Calendar | null): string {
  const end = vnDate(cal?.supplementaryDeadline);
  return end && end < today ? end : today;
}

export default function YearPage({ connection, lang, session, rest }: PageProps) {
  const isProvince = session.role === 'provinceOfficer';
  if (rest[0] === 'calendar' && isProvince && YEAR.test(rest[1] ?? ''))
    return <CalendarForm connection={connection} lang={lang} schoolYear={rest[1]!} />;
  const asked = YEAR.test(rest[0] ?? '') ? rest[0] : undefined;
  return <YearOverview {...{ connection, lang, session, rest }} asked={asked} canSet={isProvince} />;
}

function YearOverview({
  connection,
  lang,
  session,
  asked,
  canSet,
}: Omit<PageProps, 'rest'> & { asked: string | undefined; canSet: boolean }) {
  const progress = useQuery({
    queryKey: progressKey(asked),
    queryFn: () => fetchProgress(connection, asked),
  });
  const schoolYear = progress.data?.schoolYear;
  const timeline = useQuery({
    queryKey: timelineKey(schoolYear ?? ''),
    queryFn: () => fetchTimeline(connection, schoolYear!),
    enabled: schoolYear !== undefined,
  });
  // The progress carries the calendar; the form's writes refresh this key too.
  const calendar = useQuery({
    queryKey: calendarKey(schoolYear ?? ''),
    queryFn: () => fetchCalendar(connection, schoolYear!),
    enabled: schoolYear !== undefined,
    initialData: progress.data?.calendar,
  });

  if (progress.isPending) return <p aria-busy="true">…</p>;
  if (progress.isError || !progress.data)
    return (
      <ErrorSummary
        title={word('errorSummaryTitle', lang)}
        errors={[{ message: apiMessage(progress.error, lang) ?? word('network', lang) }]}
      />
    );
  const p = progress.data;
  const cal = calendar.data ?? p.calendar;
  const start = Number(p.schoolYear.slice(0, 4));
  const years = [start - 1, start, start + 1].map((y) => `${y}-${y + 1}`);
  return (
    <div className="year-page">
      <h2>{yw('title', lang, { year: p.schoolYear })}</h2>
      <p className="intro">{yw('intro', lang)}</p>
      <nav className="year-switch" aria-label={yw('schoolYear', lang)}>
        {yw('schoolYear', lang)}:{' '}
        {years.map((y) => (
          <a key={y} href={`#/year/${y}`} aria-current={y === p.schoolYear ? 'page' : undefined}>
            {y}
          </a>
        ))}
      </nav>
      <CalendarCard lang={lang} calendar={cal} progress={p} canSet={canSet} />
      <Overview
        key={p.schoolYear}
        progress={p}
        lang={lang}
        single={session.role === 'districtOfficer' || p.districts.length === 1}
      />
      {timeline.data && (
        <Charts days={timeline.data} lang={lang} from={vnDate(cal?.lockFrom)} to={seasonEnd(p.today, cal)} />
      )}
    </div>
  );
}
