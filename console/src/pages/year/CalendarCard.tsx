/** The year's calendar in words: each deadline's day (dd/mm/yyyy) and the days left to it, Vietnam's days. */
import { instantDate, instantText } from '@hocba/records';
import type { Lang } from '../../words.ts';
import type { Calendar, Progress } from './data.ts';
import { type YearWord, yw } from './words.ts';

export function leftText(daysLeft: number, lang: Lang): string {
  if (daysLeft > 0) return yw('leftDays', lang, { n: daysLeft });
  if (daysLeft === 0) return yw('leftToday', lang);
  return yw('leftPast', lang, { n: -daysLeft });
}

export function CalendarCard({
  lang,
  calendar,
  progress,
  canSet,
}: {
  lang: Lang;
  calendar: Calendar | null;
  progress: Progress;
  canSet: boolean;
}) {
  const next = progress.nextDeadline;
  return (
    <section className="card year-calendar" aria-labelledby="year-calendar-title">
      <h3 id="year-calendar-title">{yw('calendarTitle', lang)}</h3>
      {!calendar ? (
        <p data-testid="calendar-not-set">{yw('calendarNotSet', lang)}</p>
      ) : (
        <>
          <p className="next-deadline" data-testid="next-deadline">
            {next
              ? yw('nextDeadline', lang, {
                  what: yw(next.key as YearWord, lang),
                  date: instantDate(next.at)?.[lang] ?? '',
                  left: leftText(next.daysLeft, lang),
                })
              : yw('allPassed', lang)}
          </p>
          <div className="scroll">
            <table className="grid deadlines" data-testid="deadlines">
              <thead>
                <tr>
                  <th scope="col">{yw('deadline', lang)}</th>
                  <th scope="col">{yw('date', lang)}</th>
                  <th scope="col">{yw('daysLeft', lang)}</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">{yw('lockFrom', lang)}</th>
                  <td>{instantDate(calendar.lockFrom)?.[lang]}</td>
                  <td />
                </tr>
                {progress.deadlines.map((d) => (
                  <tr
                    key={d.key}
                    className={d.daysLeft < 0 ? 'past' : next && d.key === next.key ? 'next' : undefined}
                  >
                    <th scope="row">{yw(d.key as YearWord, lang)}</th>
                    <td>{instantDate(d.at)?.[lang]}</td>
                    <td>{leftText(d.daysLeft, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="hint">
            {yw('calendarSetAt', lang, { at: instantText(calendar.setAt)?.[lang] ?? '' })}
          </p>
        </>
      )}
      {canSet && (
        <p>
          <a className="button-link" href={`#/year/calendar/${progress.schoolYear}`}>
            {yw(calendar ? 'changeCalendar' : 'setCalendar', lang)}
          </a>
        </p>
      )}
    </section>
  );
}
