/** One pupil's record laid out as the học bạ, with the role's step for it when the record waits for it. */
import { apiMessage } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { word } from '../../words.ts';
import { type ScreenProps, subjectText } from './common.ts';
import { confirmedFor, useClassRecords, useOverview, useRecord, WAITING_STATES } from './data.ts';
import { HocBa } from './HocBa.tsx';
import { StepsDone } from './StepsDone.tsx';
import { rw, stateWord } from './words.ts';

export function RecordPage({
  connection,
  lang,
  step,
  schoolId,
  classId,
  recordId,
}: ScreenProps & { classId: string; recordId: string }) {
  const rec = useRecord(connection, recordId);
  const cls = useClassRecords(connection, classId);
  const overview = useOverview(connection, schoolId);
  const pupil = cls.data?.pupils.find((p) => p.recordId === recordId);
  const className = cls.data?.className;
  const back = (
    <p>
      <a href={hashOf(['review', classId])}>{rw('backToClass', lang, { class: className ?? '' })}</a>
    </p>
  );
  if (rec.isPending || cls.isPending) return <p aria-busy="true">…</p>;
  if (!rec.data)
    return (
      <>
        {back}
        <ErrorSummary
          title={word('errorSummaryTitle', lang)}
          errors={[{ message: apiMessage(rec.error, lang) ?? word('network', lang) }]}
        />
      </>
    );
  const r = rec.data;
  const schoolName = overview.data?.schoolName;
  const homeroom = overview.data?.classes.find((c) => c.classId === classId)?.homeroomTeacher ?? undefined;
  const waits = WAITING_STATES.includes(r.state);
  let action: React.ReactNode = null;
  if (step?.kind === 'approve' && waits) {
    action = rw('approveOne', lang);
  } else if (step?.kind === 'confirm' && waits && r.entries.some((e) => e.subject === step.subject)) {
    action = confirmedFor(r, step.subject)
      ? null
      : rw('confirmOne', lang, { subject: subjectText(step.subject, lang) });
  }
  const confirmedNote =
    step?.kind === 'confirm' && confirmedFor(r, step.subject)
      ? rw('confirmedAlready', lang, { subject: subjectText(step.subject, lang) })
      : null;
  return (
    <section aria-labelledby="record-title" className="review-record">
      {back}
      <h2 id="record-title">{rw('recordTitle', lang, { name: pupil?.fullName ?? '—' })}</h2>
      <p>
        {rw('state', lang)}: <strong data-testid="record-state">{stateWord(r.state, lang)}</strong>
      </p>
      {confirmedNote && <p className="notice">{confirmedNote}</p>}
      {action ? (
        <p>
          <a className="button" href={hashOf(['review', classId, 'step', recordId])} data-testid="step-one">
            {action}
          </a>
        </p>
      ) : step?.kind === 'approve' && !waits ? (
        <p className="hint">{rw('notWaiting', lang, { state: stateWord(r.state, lang) })}</p>
      ) : null}
      <StepsDone signatures={r.signatures} lang={lang} />
      <HocBa
        record={r.record}
        signatures={r.signatures}
        lang={lang}
        context={{
          ...(schoolName && { schoolName }),
          ...(className && { className }),
          ...(homeroom && { homeroomTeacherName: homeroom }),
        }}
      />
    </section>
  );
}
