/**
 * One pupil as the homeroom teacher sees them: where the record stands, everything it still lacks (the
 * comment and the parents in the biography too, read here), the two forms, and the review of the record
 * once it is entered, with the gateway's refusal (a rule of the circular the record breaks) in its words.
 */
import { calendarDate, SEX_LABELS } from '@hocba/records';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { type Lang, word } from '../../words.ts';
import { useClassView, usePupilView } from './data.ts';
import { takeFlash } from './flash.ts';
import { Gaps } from './Gaps.tsx';
import { gapsOf } from './missing.ts';
import { refusalItems } from './refusal.ts';
import { hw, RECORD_STATE_WORDS, type Said, said } from './words.ts';

export function PupilPage({
  connection,
  lang,
  classId,
  studentId,
}: {
  connection: Connection;
  lang: Lang;
  classId: string;
  studentId: string;
}) {
  const queries = useQueryClient();
  const cls = useClassView(connection, classId);
  const pupil = cls.data?.pupils.find((p) => p.studentId === studentId);
  const view = usePupilView(connection, classId, pupil);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [notice, setNotice] = useState<Said | null>(() => takeFlash());

  const review = useMutation({
    mutationFn: async (recordId: string) => {
      const { data, error } = await connection.api.POST('/v1/records/{recordId}/review', {
        params: { path: { recordId } },
      });
      if (!data) throw error;
      return data;
    },
    // The notice comes with the new state, not before it.
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['homeroom'] });
      setErrors([]);
      setNotice(said('reviewed'));
    },
    onError: (e) => {
      setNotice(null);
      setErrors(refusalItems(e, lang));
    },
  });

  const back = (
    <a className="hr-back" href={hashOf(['homeroom', classId])}>
      {hw('backToClass', lang)}
    </a>
  );
  if (cls.isPending || (pupil && view.isPending)) return <p aria-busy="true">…</p>;
  const failed = cls.error ?? view.error;
  if (failed || !cls.data || !pupil || !view.data) {
    return (
      <>
        {back}
        <ErrorSummary
          title={word('errorSummaryTitle', lang)}
          errors={[{ message: apiMessage(failed, lang) ?? word('network', lang) }]}
        />
      </>
    );
  }
  const c = cls.data;
  const { results, biography } = view.data;
  const gaps = gapsOf({
    level: c.level,
    grade: c.grade,
    state: pupil.state,
    entered: pupil.entered,
    homeroomComment: (results.homeroomComment as string | undefined) ?? null,
    guardians: biography.biography.guardians.length,
  });
  const entering = pupil.state === 'draft' || pupil.state === 'entered';
  const b = biography.biography;
  return (
    <section aria-labelledby="hr-pupil-title">
      {back}
      <h2 id="hr-pupil-title">{b.fullName}</h2>
      {notice && (
        <p className="notice" role="status" data-testid="hr-notice">
          {notice[lang]}
        </p>
      )}
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <dl className="facts hr-facts">
        <dt>{hw('classTitle', lang)}</dt>
        <dd>
          {c.className} ({c.schoolYear})
        </dd>
        <dt>{hw('studentCode', lang)}</dt>
        <dd>{biography.studentCode}</dd>
        <dt>{hw('dateOfBirth', lang)}</dt>
        <dd>{calendarDate(b.dateOfBirth)?.[lang] ?? '—'}</dd>
        <dt>{hw('sex', lang)}</dt>
        <dd>{SEX_LABELS[b.sex as 'male' | 'female']?.[lang] ?? '—'}</dd>
        <dt>{hw('state', lang)}</dt>
        <dd data-testid="hr-state">
          {pupil.state === null ? hw('noRecord', lang) : (RECORD_STATE_WORDS[pupil.state]?.[lang] ?? '—')}
        </dd>
      </dl>
      <h3>{hw('whatIsMissing', lang)}</h3>
      <div data-testid="hr-gaps">
        <Gaps gaps={gaps} level={c.level} lang={lang} />
      </div>
      <div className="actions" style={{ marginTop: '1rem' }}>
        {entering && pupil.recordId && (
          <a className="button" href={hashOf(['homeroom', classId, studentId, 'assessment'])}>
            {pupil.entered.includes('homeroom') ? hw('editAssessment', lang) : hw('enterAssessment', lang)}
          </a>
        )}
        <a className="button hr-secondary" href={hashOf(['homeroom', classId, studentId, 'biography'])}>
          {hw('editBiography', lang)}
        </a>
      </div>
      {!entering && pupil.state !== null && <p className="hint">{hw('notEditable', lang)}</p>}
      {entering && (
        <section className="card" aria-labelledby="hr-review-one" style={{ marginTop: '1.5rem' }}>
          <h3 id="hr-review-one">{hw('reviewPupil', lang)}</h3>
          {pupil.state === 'entered' ? (
            <>
              <p className="hint">{hw('reviewPupilHint', lang)}</p>
              <button
                type="button"
                disabled={review.isPending}
                onClick={() => review.mutate(pupil.recordId!)}
              >
                {review.isPending ? hw('reviewing', lang) : hw('reviewPupil', lang)}
              </button>
            </>
          ) : (
            <p data-testid="hr-cannot-review">{hw('cannotReview', lang)}</p>
          )}
        </section>
      )}
    </section>
  );
}
