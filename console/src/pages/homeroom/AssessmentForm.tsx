/**
 * The homeroom teacher's part of one record (PUT /v1/records/{id}/entries/homeroom): in primary the five
 * qualities and ten competencies rated Tốt/Đạt/Cần cố gắng with their comments (Circular 27); in secondary
 * the conduct of each semester and the sessions absent with and without leave (Circular 22); the homeroom
 * comment in both. What was entered before and is not on this form (awards, a supplementary assessment)
 * is sent back unchanged. Checked here first, then by the gateway, whose problems link to their fields.
 */
import {
  GENERAL_COMPETENCY_LABELS,
  QUALITY_LABELS,
  RATING_LABELS,
  RESULT_LEVEL_LABELS,
  SPECIFIC_COMPETENCY_LABELS,
} from '@hocba/records';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { type Connection, isApiError } from '../../api/client.ts';
import { go, hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { SelectField, TextAreaField, TextField } from '../../ui/fields.tsx';
import { type Lang, word } from '../../words.ts';
import { useClassView, usePupilView } from './data.ts';
import { setFlash } from './flash.ts';
import { HOMEROOM } from './missing.ts';
import { problemText, refusalItems } from './refusal.ts';
import { hw, said } from './words.ts';

type Labels = Readonly<Record<string, { vi: string; en: string }>>;
const RATED: readonly [
  group: string,
  labels: Labels,
  title: 'qualities' | 'generalCompetencies' | 'specificCompetencies',
][] = [
  ['qualities', QUALITY_LABELS, 'qualities'],
  ['generalCompetencies', GENERAL_COMPETENCY_LABELS, 'generalCompetencies'],
  ['specificCompetencies', SPECIFIC_COMPETENCY_LABELS, 'specificCompetencies'],
];
const COMMENTS_TH = [
  ['qualitiesComment', 2000],
  ['competenciesComment', 2000],
  ['homeroomComment', 4000],
] as const;
const SEMESTERS = ['semester1', 'semester2'] as const;
const ABSENCES = ['withPermission', 'withoutPermission'] as const;

/** A field's id from its path in the entry's data: `/qualities/honesty` → `hr-qualities-honesty`. */
export const fieldId = (path: string) => `hr${path.replace(/\//g, '-')}`;

type Values = Record<string, string>;

function valuesOf(results: Record<string, unknown>, primary: boolean): Values {
  const v: Values = {};
  const at = (group: string, key: string) =>
    String((results[group] as Record<string, unknown> | undefined)?.[key] ?? '');
  if (primary) {
    for (const [group, labels] of RATED)
      for (const key of Object.keys(labels)) v[`/${group}/${key}`] = at(group, key);
    for (const [key] of COMMENTS_TH) v[`/${key}`] = String(results[key] ?? '');
  } else {
    for (const s of SEMESTERS) v[`/conduct/${s}`] = at('conduct', s);
    for (const a of ABSENCES) v[`/absences/${a}`] = at('absences', a);
    v['/homeroomComment'] = String(results.homeroomComment ?? '');
  }
  return v;
}

/** The entry to send: what was there before (but the subjects and anything derived), with the form laid on. */
function entryOf(
  results: Record<string, unknown>,
  values: Values,
  primary: boolean,
): Record<string, unknown> {
  const { subjects: _s, principalApproval: _p, ...before } = results;
  const data: Record<string, unknown> = { otherAwards: [], ...before };
  const group = (name: string, keys: readonly string[], as: (x: string) => unknown = (x) => x) =>
    Object.fromEntries(keys.map((k) => [k, as(values[`/${name}/${k}`]!.trim())]));
  if (primary) {
    for (const [name, labels] of RATED) data[name] = group(name, Object.keys(labels));
    for (const [key] of COMMENTS_TH) data[key] = values[`/${key}`]!.trim();
  } else {
    data.conduct = { ...(before.conduct as object | undefined), ...group('conduct', SEMESTERS) };
    // The year's conduct follows from the semesters (Circular 22 Art. 8 §3): the gateway derives it.
    delete (data.conduct as Record<string, unknown>).year;
    data.absences = group('absences', ABSENCES, Number);
    data.homeroomComment = values['/homeroomComment']!.trim();
  }
  for (const key of ['homeroomComment', 'qualitiesComment', 'competenciesComment'])
    if (data[key] === '') delete data[key];
  return data;
}

function check(values: Values, primary: boolean, lang: Lang): FieldError[] {
  const errors: FieldError[] = [];
  if (primary) {
    for (const [group, labels] of RATED)
      for (const [key, label] of Object.entries(labels))
        if (!values[`/${group}/${key}`])
          errors.push({
            field: fieldId(`/${group}/${key}`),
            message: hw('ratingMissing', lang, { name: label[lang] }),
          });
    for (const [key, max] of COMMENTS_TH)
      if (values[`/${key}`]!.trim().length > max)
        errors.push({
          field: fieldId(`/${key}`),
          message: hw('commentTooLong', lang, { name: hw(key, lang), n: max }),
        });
  } else {
    for (const s of SEMESTERS)
      if (!values[`/conduct/${s}`])
        errors.push({
          field: fieldId(`/conduct/${s}`),
          message: hw('conductMissing', lang, { name: hw(s, lang) }),
        });
    for (const a of ABSENCES) {
      const n = values[`/absences/${a}`]!.trim();
      if (!/^\d{1,3}$/.test(n) || Number(n) > 400)
        errors.push({
          field: fieldId(`/absences/${a}`),
          message: hw('absencesInvalid', lang, { name: hw(a, lang) }),
        });
    }
    if (values['/homeroomComment']!.trim().length > 4000)
      errors.push({
        field: fieldId('/homeroomComment'),
        message: hw('commentTooLong', lang, { name: hw('homeroomComment', lang), n: 4000 }),
      });
  }
  return errors;
}

export function AssessmentForm({
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
  const primary = cls.data?.level === 'TH';
  const [values, setValues] = useState<Values | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  useEffect(() => {
    if (view.data && values === null) setValues(valuesOf(view.data.results, primary));
  }, [view.data, values, primary]);

  const save = useMutation({
    mutationFn: async (data: Record<string, unknown>) => {
      const { data: out, error } = await connection.api.PUT('/v1/records/{recordId}/entries/{part}', {
        params: { path: { recordId: pupil!.recordId!, part: HOMEROOM } },
        body: { data },
      });
      if (!out) throw error;
      return out;
    },
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['homeroom'] });
      setFlash(said('saved'));
      go(['homeroom', classId, studentId]);
    },
    onError: (e) => {
      // The entry's problems name their field under /data: link each to it.
      const problems = isApiError(e) ? (e.error.problems ?? []) : [];
      if (problems.length === 0) return setErrors(refusalItems(e, lang));
      setErrors(
        problems.map((p) => {
          const id = fieldId(p.path.replace(/^\/data/, ''));
          return {
            ...(document.getElementById(id) && { field: id }),
            message: problemText(p.message, lang),
          };
        }),
      );
    },
  });

  const back = (
    <a className="hr-back" href={hashOf(['homeroom', classId, studentId])}>
      {hw('backToPupil', lang)}
    </a>
  );
  if (cls.isPending || view.isPending || values === null) return <p aria-busy="true">…</p>;
  if (!pupil?.recordId || !view.data || !['draft', 'entered'].includes(pupil.state ?? '')) {
    return (
      <>
        {back}
        <p>{pupil?.recordId ? hw('notEditable', lang) : hw('noRecord', lang)}</p>
      </>
    );
  }
  const results = view.data.results;
  const errorOf = (path: string) => errors.find((e) => e.field === fieldId(path))?.message;
  const set = (path: string) => (v: string) => setValues({ ...values, [path]: v });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = check(values, primary, lang);
    setErrors(found);
    if (found.length === 0) save.mutate(entryOf(results, values, primary));
  };
  const select = (
    path: string,
    label: string,
    options: { value: string; label: string }[],
    placeholder: string,
  ) => (
    <SelectField
      key={path}
      id={fieldId(path)}
      label={label}
      value={values[path]!}
      options={options}
      placeholder={placeholder}
      onChange={set(path)}
      error={errorOf(path)}
    />
  );
  const comment = (key: string, max: number) => (
    <TextAreaField
      key={key}
      id={fieldId(`/${key}`)}
      label={hw(key as 'homeroomComment', lang)}
      hint={hw('commentHint', lang, { n: max })}
      value={values[`/${key}`]!}
      onChange={set(`/${key}`)}
      error={errorOf(`/${key}`)}
      rows={key === 'homeroomComment' ? 4 : 3}
    />
  );
  const ratings = Object.entries(RATING_LABELS).map(([value, l]) => ({ value, label: l[lang] }));
  const levels = Object.entries(RESULT_LEVEL_LABELS).map(([value, l]) => ({ value, label: l[lang] }));

  return (
    <section aria-labelledby="hr-form-title">
      {back}
      <h2 id="hr-form-title">
        {hw('assessment', lang)}: {view.data.biography.biography.fullName}
      </h2>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <form onSubmit={submit} noValidate>
        {primary ? (
          <>
            {RATED.map(([group, labels, title]) => (
              <fieldset className="hr-group" key={group}>
                <legend>{hw(title, lang)}</legend>
                <p className="hint">{hw('ratingHint', lang)}</p>
                <div className="hr-ratings">
                  {Object.entries(labels).map(([key, l]) =>
                    select(`/${group}/${key}`, l[lang], ratings, hw('chooseRating', lang)),
                  )}
                </div>
              </fieldset>
            ))}
            {COMMENTS_TH.map(([key, max]) => comment(key, max))}
          </>
        ) : (
          <>
            <fieldset className="hr-group">
              <legend>{hw('conduct', lang)}</legend>
              <p className="hint">{hw('conductHint', lang)}</p>
              <div className="hr-ratings">
                {SEMESTERS.map((s) => select(`/conduct/${s}`, hw(s, lang), levels, hw('chooseRating', lang)))}
              </div>
            </fieldset>
            <fieldset className="hr-group">
              <legend>{hw('absences', lang)}</legend>
              <p className="hint">{hw('absencesHint', lang)}</p>
              <div className="hr-ratings">
                {ABSENCES.map((a) => (
                  <TextField
                    key={a}
                    className="hr-short"
                    autoComplete="off"
                    id={fieldId(`/absences/${a}`)}
                    label={hw(a, lang)}
                    value={values[`/absences/${a}`]!}
                    onChange={set(`/absences/${a}`)}
                    error={errorOf(`/absences/${a}`)}
                    inputMode="numeric"
                  />
                ))}
              </div>
            </fieldset>
            {comment('homeroomComment', 4000)}
          </>
        )}
        <div className="actions">
          <button type="submit" disabled={save.isPending}>
            {save.isPending ? hw('saving', lang) : hw('save', lang)}
          </button>
        </div>
      </form>
    </section>
  );
}
