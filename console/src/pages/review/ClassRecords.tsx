/** One class's pupils and where each record stands; the role's step for all the waiting ones in one go. */
import { calendarDate } from '@hocba/records';
import { apiMessage } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { word } from '../../words.ts';
import { type ScreenProps, subjectText } from './common.ts';
import { useClassRecords, useWaiting } from './data.ts';
import { rw, stateWord } from './words.ts';

export function ClassRecords({ connection, lang, step, classId }: ScreenProps & { classId: string }) {
  const cls = useClassRecords(connection, classId);
  const { waiting, pending } = useWaiting(connection, step, cls.data?.pupils);
  if (cls.isPending) return <p aria-busy="true">…</p>;
  if (!cls.data)
    return (
      <>
        <p>
          <a href={hashOf(['review'])}>{rw('backToClasses', lang)}</a>
        </p>
        <ErrorSummary
          title={word('errorSummaryTitle', lang)}
          errors={[{ message: apiMessage(cls.error, lang) ?? word('network', lang) }]}
        />
      </>
    );
  const { className, pupils } = cls.data;
  const waitingIds = new Set(waiting.map((p) => p.recordId));
  const n = waiting.length;
  return (
    <section aria-labelledby="class-title">
      <p>
        <a href={hashOf(['review'])}>{rw('backToClasses', lang)}</a>
      </p>
      <h2 id="class-title">{rw('classTitle', lang, { class: className })}</h2>
      {step === null ? (
        <p className="notice">{rw('deputyNote', lang)}</p>
      ) : pending ? (
        <p aria-busy="true">…</p>
      ) : n === 0 ? (
        <p className="notice" data-testid="nothing-waiting">
          {rw('nothingWaiting', lang)}
        </p>
      ) : (
        <p>
          <a className="button" href={hashOf(['review', classId, 'step'])} data-testid="step-all">
            {step.kind === 'approve'
              ? rw('approveAll', lang, { n })
              : rw('confirmAll', lang, { n, subject: subjectText(step.subject, lang) })}
          </a>
        </p>
      )}
      <div className="scroll">
        <table className="grid stack review-pupils">
          <thead>
            <tr>
              <th scope="col" className="num">
                {rw('no', lang)}
              </th>
              <th scope="col">{rw('pupil', lang)}</th>
              <th scope="col">{rw('dob', lang)}</th>
              <th scope="col">{rw('state', lang)}</th>
              <th scope="col">{rw('record', lang)}</th>
            </tr>
          </thead>
          <tbody>
            {pupils.map((p) => (
              <tr
                key={p.enrolmentId}
                data-testid="pupil"
                className={p.recordId && waitingIds.has(p.recordId) ? 'waiting' : undefined}
              >
                <td className="num" data-label={rw('no', lang)}>
                  {p.no}
                </td>
                <th scope="row">{p.fullName}</th>
                <td data-label={rw('dob', lang)}>{calendarDate(p.dateOfBirth)?.[lang] ?? '—'}</td>
                <td data-testid="state" data-label={rw('state', lang)}>
                  {stateWord(p.state, lang)}
                </td>
                <td>
                  {p.recordId ? (
                    <a
                      href={hashOf(['review', classId, p.recordId])}
                      aria-label={rw('viewOf', lang, { name: p.fullName })}
                    >
                      {rw('view', lang)}
                    </a>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
