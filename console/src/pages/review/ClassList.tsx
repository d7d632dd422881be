/** The school's classes with how many records wait for confirmation or approval, counts per state in words. */
import { apiMessage } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { word } from '../../words.ts';
import { type ScreenProps, subjectText } from './common.ts';
import { useOverview, WAITING_STATES } from './data.ts';
import { rw, STATE_SHORT } from './words.ts';

const ORDER = ['draft', 'entered', 'reviewed', 'confirmed', 'approved', 'locked', 'revoked', 'superseded'];

export function ClassList({ connection, lang, step, schoolId }: ScreenProps) {
  const overview = useOverview(connection, schoolId);
  if (overview.isPending) return <p aria-busy="true">…</p>;
  if (!overview.data)
    return (
      <ErrorSummary
        title={word('errorSummaryTitle', lang)}
        errors={[{ message: apiMessage(overview.error, lang) ?? word('network', lang) }]}
      />
    );
  const { classes, schoolYear } = overview.data;
  const intro =
    step?.kind === 'approve'
      ? rw('introApprove', lang)
      : step?.kind === 'confirm'
        ? rw('introConfirm', lang, { subject: subjectText(step.subject, lang) })
        : rw('introRead', lang);
  return (
    <section aria-labelledby="review-title">
      <h2 id="review-title">{rw('listTitle', lang)}</h2>
      <p className="intro">
        {intro}
        {schoolYear && ` ${word('schoolYear', lang)} ${schoolYear}.`}
      </p>
      {classes.length === 0 ? (
        <p>{rw('noClasses', lang)}</p>
      ) : (
        <div className="scroll">
          <table className="grid stack">
            <thead>
              <tr>
                <th scope="col">{rw('className', lang)}</th>
                <th scope="col">{rw('homeroom', lang)}</th>
                <th scope="col" className="num">
                  {rw('waiting', lang)}
                </th>
                <th scope="col">{rw('stateCounts', lang)}</th>
              </tr>
            </thead>
            <tbody>
              {classes.map((c) => {
                const counts = c.records as Record<string, number>;
                const waiting = WAITING_STATES.reduce((n, s) => n + (counts[s] ?? 0), 0);
                const parts = ORDER.filter((s) => (counts[s] ?? 0) > 0).map(
                  (s) => `${counts[s]} ${STATE_SHORT[s]![lang]}`,
                );
                return (
                  <tr key={c.classId} data-testid={`review-class-${c.name}`}>
                    <th scope="row">
                      <a href={hashOf(['review', c.classId])}>{c.name}</a>
                    </th>
                    <td data-label={rw('homeroom', lang)}>{c.homeroomTeacher ?? '—'}</td>
                    <td className="num" data-testid="waiting" data-label={rw('waiting', lang)}>
                      {waiting > 0 ? <strong>{waiting}</strong> : 0}
                    </td>
                    <td data-testid="counts" data-label={rw('stateCounts', lang)}>
                      {parts.length ? parts.join(', ') : rw('noRecords', lang)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
