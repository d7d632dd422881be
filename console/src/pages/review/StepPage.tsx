/**
 * The one decision of this area (GOV.UK: one thing a page, what it will do said first): the records that
 * will be confirmed or approved, listed before anything is sent; then each sent in turn (one request a
 * record, as the gateway's workflow takes them), with the progress, and what the gateway refused in its own
 * words. Afterwards the class and the principal's classes page (#/classes, where the class is locked) are
 * read again.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { word } from '../../words.ts';
import { type ScreenProps, subjectText } from './common.ts';
import { keys, type PupilRow, useClassRecords, useWaiting } from './data.ts';
import { rw, stateWord } from './words.ts';

interface Outcome {
  row: PupilRow;
  ok: boolean;
  message?: string;
}

export function StepPage({
  connection,
  lang,
  step,
  schoolId,
  classId,
  recordId,
}: ScreenProps & { classId: string; recordId?: string | undefined }) {
  const queries = useQueryClient();
  const cls = useClassRecords(connection, classId);
  const { waiting, pending } = useWaiting(connection, step, cls.data?.pupils);
  // What was decided on, kept while the lists are read again underneath.
  const [run, setRun] = useState<{ rows: PupilRow[]; outcomes: Outcome[]; done: boolean } | null>(null);

  const className = cls.data?.className ?? '';
  const back = (
    <p>
      <a href={hashOf(['review', classId])}>{rw('backToClass', lang, { class: className })}</a>
    </p>
  );
  if (cls.isPending || (pending && !run)) return <p aria-busy="true">…</p>;
  if (!cls.data || !step)
    return (
      <>
        {back}
        <ErrorSummary
          title={word('errorSummaryTitle', lang)}
          errors={[{ message: apiMessage(cls.error, lang) ?? rw('deputyNote', lang) }]}
        />
      </>
    );

  const subject = step.kind === 'confirm' ? subjectText(step.subject, lang) : '';
  const rows = run?.rows ?? waiting.filter((p) => recordId === undefined || p.recordId === recordId);
  const n = rows.length;
  const title =
    step.kind === 'approve'
      ? rw('approveTitle', lang, { class: className })
      : rw('confirmTitle', lang, { class: className, subject });

  async function go() {
    const chosen = rows;
    const outcomes: Outcome[] = [];
    setRun({ rows: chosen, outcomes, done: false });
    for (const row of chosen) {
      const path = { params: { path: { recordId: row.recordId! } } };
      const answer =
        step!.kind === 'approve'
          ? await connection.api.POST('/v1/records/{recordId}/approve', path)
          : await connection.api.POST('/v1/records/{recordId}/confirm', {
              ...path,
              body: { subject: step!.subject },
            });
      const message = answer.data ? undefined : (apiMessage(answer.error, lang) ?? word('network', lang));
      outcomes.push({ row, ok: answer.data !== undefined, ...(message && { message }) });
      setRun({ rows: chosen, outcomes: [...outcomes], done: false });
    }
    // Read the class again first, so that the outcome says where a refused record stands now.
    await Promise.all([
      queries.invalidateQueries({ queryKey: keys.classRecords(classId) }),
      queries.invalidateQueries({ queryKey: keys.overview(schoolId) }),
      ...chosen.map((r) => queries.invalidateQueries({ queryKey: keys.record(r.recordId!) })),
    ]).catch(() => undefined);
    setRun({ rows: chosen, outcomes, done: true });
  }

  if (run?.done) {
    const ok = run.outcomes.filter((o) => o.ok).length;
    const refused = run.outcomes.filter((o) => !o.ok);
    return (
      <section aria-labelledby="step-title">
        {back}
        <h2 id="step-title">{title}</h2>
        <ErrorSummary
          title={rw('refused', lang)}
          errors={refused.map((o) => ({
            message: rw('refusedFor', lang, { name: o.row.fullName, message: o.message ?? '' }),
          }))}
        />
        <p className="notice" role="status" data-testid="step-done">
          {step.kind === 'approve'
            ? rw('doneApproved', lang, { ok, n: run.rows.length, class: className })
            : rw('doneConfirmed', lang, { ok, n: run.rows.length, class: className, subject })}
        </p>
        <Outcomes
          outcomes={run.outcomes}
          lang={lang}
          approve={step.kind === 'approve'}
          now={cls.data.pupils}
        />
        <div className="actions review-next">
          {step.kind === 'approve' && ok > 0 && (
            <a className="button" href={hashOf(['classes'])}>
              {rw('nextLock', lang)}
            </a>
          )}
          <a className="button secondary" href={hashOf(['review', classId])}>
            {rw('backToClass', lang, { class: className })}
          </a>
        </div>
      </section>
    );
  }

  const busy = run !== null;
  return (
    <section aria-labelledby="step-title" className="card review-step">
      {back}
      <h2 id="step-title">{title}</h2>
      {n === 0 ? (
        <p className="notice">{rw('nothingToDo', lang)}</p>
      ) : (
        <>
          <p>
            {step.kind === 'approve'
              ? rw('approveExplain', lang, { n })
              : rw('confirmExplain', lang, { n, subject })}
          </p>
          <ol className="review-list" data-testid="step-list">
            {rows.map((r) => (
              <li key={r.enrolmentId}>{r.fullName}</li>
            ))}
          </ol>
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => void go()} data-testid="step-go">
              {busy
                ? rw('working', lang, { done: run.outcomes.length, n })
                : step.kind === 'approve'
                  ? rw('approveNow', lang, { n })
                  : rw('confirmNow', lang, { n })}
            </button>
            {!busy && (
              <a className="button secondary" href={hashOf(['review', classId])}>
                {rw('cancel', lang)}
              </a>
            )}
          </div>
          {busy && (
            <p className="hint" role="status">
              {rw('working', lang, { done: run.outcomes.length, n })}
            </p>
          )}
        </>
      )}
    </section>
  );
}

function Outcomes({
  outcomes,
  lang,
  approve,
  now,
}: {
  outcomes: Outcome[];
  lang: ScreenProps['lang'];
  approve: boolean;
  /** The class as read again after the run: where a refused record stands now. */
  now: readonly PupilRow[] | undefined;
}) {
  return (
    <table className="grid stack">
      <thead>
        <tr>
          <th scope="col">{rw('pupil', lang)}</th>
          <th scope="col">{rw('result', lang)}</th>
        </tr>
      </thead>
      <tbody>
        {outcomes.map((o) => {
          const state = now?.find((p) => p.recordId === o.row.recordId)?.state;
          return (
            <tr key={o.row.enrolmentId} data-testid="outcome" className={o.ok ? undefined : 'refused'}>
              <th scope="row">{o.row.fullName}</th>
              <td data-label={rw('result', lang)}>
                {o.ok ? (
                  rw(approve ? 'resultOk' : 'resultConfirmed', lang)
                ) : (
                  <>
                    {o.message}
                    {state && ` ${rw('stateNow', lang, { state: stateWord(state, lang) })}`}
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
