/**
 * The class at a glance: each pupil, where their record stands and what it still lacks, a filter for those
 * with something missing, and the review of every complete record of the class at once — or, while some
 * record still lacks a part, what blocks it.
 */
import { calendarDate } from '@hocba/records';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { type Lang, word } from '../../words.ts';
import { type ClassPupil, useClassView } from './data.ts';
import { Gaps } from './Gaps.tsx';
import { blocksReview, gapsOf, gapText } from './missing.ts';
import { refusalItems } from './refusal.ts';
import { hw, RECORD_STATE_WORDS, type Said, said } from './words.ts';

export function ClassOverview({
  connection,
  lang,
  classId,
}: {
  connection: Connection;
  lang: Lang;
  classId: string;
}) {
  const queries = useQueryClient();
  const view = useClassView(connection, classId);
  const [onlyMissing, setOnlyMissing] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [notice, setNotice] = useState<Said | null>(null);
  const refresh = () => queries.invalidateQueries({ queryKey: ['homeroom'] });

  const create = useMutation({
    mutationFn: async () => {
      const { data, error } = await connection.api.POST('/v1/classes/{classId}/records', {
        params: { path: { classId } },
      });
      if (!data) throw error;
      return data;
    },
    onSuccess: () => {
      setErrors([]);
      return refresh();
    },
    onError: (e) => setErrors([{ message: apiMessage(e, lang) ?? word('network', lang) }]),
  });

  const review = useMutation({
    mutationFn: async (pupils: ClassPupil[]) => {
      // One at a time: each review row-locks its record and validates it whole.
      const refused: FieldError[] = [];
      let done = 0;
      for (const p of pupils) {
        const { data, error } = await connection.api.POST('/v1/records/{recordId}/review', {
          params: { path: { recordId: p.recordId! } },
        });
        if (data) done++;
        else
          refused.push({
            // The summary's link moves to the pupil's row in the list.
            field: `hr-p-${p.studentId}`,
            message: `${p.fullName}: ${refusalItems(error, lang)
              .map((i) => i.message)
              .join('; ')}`,
          });
      }
      return { done, refused };
    },
    onSuccess: async ({ done, refused }) => {
      await refresh();
      setErrors(refused);
      setNotice(done > 0 ? said('reviewedCount', { n: done }) : null);
    },
    onError: () => setErrors([{ message: word('network', lang) }]),
  });

  if (view.isPending) return <p aria-busy="true">…</p>;
  if (view.isError) {
    return (
      <ErrorSummary
        title={word('errorSummaryTitle', lang)}
        errors={[{ message: apiMessage(view.error, lang) ?? word('network', lang) }]}
      />
    );
  }
  const c = view.data;
  const rows = c.pupils.map((p) => ({
    pupil: p,
    gaps: gapsOf({ level: c.level, grade: c.grade, state: p.state, entered: p.entered }),
  }));
  const shown = onlyMissing ? rows.filter((r) => r.gaps.length > 0) : rows;
  const blocked = rows.filter((r) => blocksReview(r.gaps));
  const ready = rows.filter((r) => r.pupil.state === 'entered' && r.gaps.length === 0).map((r) => r.pupil);
  const withoutRecord = rows.some((r) => r.pupil.state === null);

  return (
    <section aria-labelledby="hr-class-title">
      <h2 id="hr-class-title">
        {hw('classTitle', lang)} {c.className}
      </h2>
      <p className="intro">
        {hw('schoolYear', lang)} {c.schoolYear}
      </p>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      {notice && (
        <p className="notice" role="status" data-testid="hr-notice">
          {notice[lang]}
        </p>
      )}
      {withoutRecord && (
        <p>
          <button type="button" disabled={create.isPending} onClick={() => create.mutate()}>
            {create.isPending ? hw('creating', lang) : hw('createRecords', lang)}
          </button>
        </p>
      )}
      {c.pupils.length === 0 ? (
        <p>{hw('noPupils', lang)}</p>
      ) : (
        <>
          <label className="hr-check">
            <input
              type="checkbox"
              checked={onlyMissing}
              onChange={(e) => setOnlyMissing(e.target.checked)}
              aria-controls="hr-pupils"
            />
            {hw('onlyMissing', lang)}
          </label>
          <p className="hint" role="status" data-testid="hr-count">
            {hw('countShown', lang, { n: shown.length, total: rows.length })}
          </p>
          {shown.length === 0 ? (
            <p>{hw('noneMissing', lang)}</p>
          ) : (
            <div className="scroll">
              <table className="grid hr-table" id="hr-pupils">
                <thead>
                  <tr>
                    <th scope="col">{hw('pupil', lang)}</th>
                    <th scope="col">{hw('dateOfBirth', lang)}</th>
                    <th scope="col">{hw('state', lang)}</th>
                    <th scope="col">{hw('missing', lang)}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map(({ pupil: p, gaps }) => (
                    <tr key={p.enrolmentId} data-testid={`pupil-${p.studentCode}`}>
                      <th scope="row">
                        <a id={`hr-p-${p.studentId}`} href={hashOf(['homeroom', classId, p.studentId])}>
                          {p.fullName}
                        </a>
                      </th>
                      <td className="hr-date" data-label={hw('dateOfBirth', lang)}>
                        {calendarDate(p.dateOfBirth)?.[lang] ?? '—'}
                      </td>
                      <td data-testid="state" data-label={hw('state', lang)}>
                        {p.state === null
                          ? hw('noRecord', lang)
                          : (RECORD_STATE_WORDS[p.state]?.[lang] ?? '—')}
                      </td>
                      <td data-testid="missing" data-label={hw('missing', lang)}>
                        <Gaps gaps={gaps} level={c.level} lang={lang} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      <section className="card hr-review" aria-labelledby="hr-review-title" data-testid="hr-review-class">
        <h3 id="hr-review-title">{hw('reviewClassTitle', lang)}</h3>
        <p>{hw('reviewClassIntro', lang)}</p>
        {blocked.length > 0 ? (
          <>
            <p>{hw('reviewBlocked', lang)}</p>
            <ul data-testid="hr-blockers">
              {blocked.map(({ pupil: p, gaps }) => (
                <li key={p.enrolmentId}>
                  <a href={hashOf(['homeroom', classId, p.studentId])}>{p.fullName}</a>:{' '}
                  {gaps
                    .filter((g) => g.blocks)
                    .map((g) => gapText(g, c.level, lang))
                    .join('; ')}
                </li>
              ))}
            </ul>
          </>
        ) : ready.length === 0 ? (
          <p>{hw('nothingToReview', lang)}</p>
        ) : (
          <button type="button" disabled={review.isPending} onClick={() => review.mutate(ready)}>
            {review.isPending ? hw('reviewing', lang) : hw('reviewClass', lang, { n: ready.length })}
          </button>
        )}
      </section>
    </section>
  );
}
