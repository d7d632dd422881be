/**
 * The pupil's biography (sơ yếu lý lịch), kept up to date by the homeroom teacher (seed 000 Điều 9.1) with
 * PUT /v1/students/{id}/biography: the date of birth as three fields, the sex as two choices, the parents
 * or guardians (up to four). Personal data (Decree 13/2023): read and written here only, never cached
 * beyond the page. The gateway's own refusals link to the field they name.
 */
import { GUARDIAN_RELATION_LABELS, SEX_LABELS } from '@hocba/records';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { type Connection, isApiError } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import {
  DateFields,
  type DateParts,
  datePartsOf,
  isoDateOf,
  SelectField,
  TextField,
} from '../../ui/fields.tsx';
import { type Lang, word } from '../../words.ts';
import { useClassView, usePupilView } from './data.ts';
import { problemText, refusalItems } from './refusal.ts';
import { BIOGRAPHY_FIELD_WORDS, hw, type Said, said } from './words.ts';

interface Guardian {
  relation: string;
  fullName: string;
  occupation: string;
  phone: string;
}
interface Form {
  fullName: string;
  dob: DateParts;
  sex: string;
  birthplace: string;
  ethnicity: string;
  nationality: string;
  guardians: Guardian[];
}

const MAX_GUARDIANS = 4;
/** Where a gateway problem's path points in this form. */
function fieldOfPath(path: string): string | undefined {
  if (path === '/dateOfBirth') return 'dob-day';
  const g = /^\/guardians\/(\d+)\/(relation|fullName|occupation|phone)$/.exec(path);
  if (g) return `g${g[1]}-${g[2]}`;
  const f = /^\/(fullName|birthplace|ethnicity|nationality)$/.exec(path);
  if (f) return f[1];
  if (path === '/sex') return 'sex-male';
  return undefined;
}

function check(f: Form, lang: Lang, today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!f.fullName.trim()) errors.push({ field: 'fullName', message: hw('fullNameMissing', lang) });
  const iso = isoDateOf(f.dob);
  if (iso === 'missing') errors.push({ field: 'dob-day', message: hw('dobMissing', lang) });
  else if (iso === 'invalid') errors.push({ field: 'dob-day', message: hw('dobInvalid', lang) });
  else if (iso >= today) errors.push({ field: 'dob-day', message: hw('dobFuture', lang) });
  if (!f.birthplace.trim()) errors.push({ field: 'birthplace', message: hw('birthplaceMissing', lang) });
  if (!f.ethnicity.trim()) errors.push({ field: 'ethnicity', message: hw('ethnicityMissing', lang) });
  f.guardians.forEach((g, i) => {
    if (!g.fullName.trim())
      errors.push({ field: `g${i}-fullName`, message: hw('guardianNameMissing', lang, { n: i + 1 }) });
    if (g.phone.trim() && !/^\+?[0-9]{8,15}$/.test(g.phone.replace(/[\s.]/g, '')))
      errors.push({ field: `g${i}-phone`, message: hw('phoneInvalid', lang, { n: i + 1 }) });
  });
  return errors;
}

/** Collapses inner runs of spaces, as a name is written. */
const clean = (s: string) => s.trim().replace(/\s+/g, ' ');

export function BiographyForm({
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
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [notice, setNotice] = useState<Said | null>(null);
  useEffect(() => {
    if (!view.data || form !== null) return;
    const b = view.data.biography.biography;
    setForm({
      fullName: b.fullName,
      dob: datePartsOf(b.dateOfBirth),
      sex: b.sex,
      birthplace: b.birthplace,
      ethnicity: b.ethnicity,
      nationality: b.nationality ?? '',
      guardians: b.guardians.map((g) => ({
        relation: g.relation ?? 'guardian',
        fullName: g.fullName ?? '',
        occupation: g.occupation ?? '',
        phone: g.phone ?? '',
      })),
    });
  }, [view.data, form]);

  const save = useMutation({
    mutationFn: async (f: Form) => {
      const { data, error } = await connection.api.PUT('/v1/students/{studentId}/biography', {
        params: { path: { studentId } },
        body: {
          fullName: clean(f.fullName),
          dateOfBirth: isoDateOf(f.dob),
          sex: f.sex as 'male' | 'female',
          birthplace: clean(f.birthplace),
          ethnicity: clean(f.ethnicity),
          ...(f.nationality.trim() && { nationality: clean(f.nationality) }),
          guardians: f.guardians.map((g) => ({
            relation: g.relation as 'father' | 'mother' | 'guardian',
            fullName: clean(g.fullName),
            ...(g.occupation.trim() && { occupation: clean(g.occupation) }),
            ...(g.phone.trim() && { phone: g.phone.replace(/[\s.]/g, '') }),
          })),
        },
      });
      if (!data) throw error;
      return data;
    },
    // The notice comes once the pupil's pages have the new biography.
    onSuccess: async (out) => {
      await queries.invalidateQueries({ queryKey: ['homeroom'] });
      setErrors([]);
      setNotice(
        out.changedFields.length === 0
          ? said('biographyUnchanged')
          : said('biographySaved', {
              fields: {
                vi: out.changedFields.map((f) => BIOGRAPHY_FIELD_WORDS[f]?.vi ?? f).join(', '),
                en: out.changedFields.map((f) => BIOGRAPHY_FIELD_WORDS[f]?.en ?? f).join(', '),
              },
            }),
      );
    },
    onError: (e) => {
      setNotice(null);
      const problems = isApiError(e) ? (e.error.problems ?? []) : [];
      if (problems.length === 0) return setErrors(refusalItems(e, lang));
      setErrors(
        problems.map((p) => {
          const field = fieldOfPath(p.path);
          return { ...(field && { field }), message: problemText(p.message, lang) };
        }),
      );
    },
  });

  const back = (
    <a className="hr-back" href={hashOf(['homeroom', classId, studentId])}>
      {hw('backToPupil', lang)}
    </a>
  );
  if (cls.isPending || view.isPending || form === null) return <p aria-busy="true">…</p>;
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const set =
    <K extends keyof Form>(key: K) =>
    (v: Form[K]) =>
      setForm({ ...form, [key]: v });
  const setGuardian = (i: number, key: keyof Guardian) => (v: string) =>
    setForm({ ...form, guardians: form.guardians.map((g, j) => (j === i ? { ...g, [key]: v } : g)) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Today in Vietnam: a date of birth must come before it.
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const found = check(form, lang, today);
    setErrors(found);
    setNotice(null);
    if (found.length === 0) save.mutate(form);
  };
  const text = (id: 'fullName' | 'birthplace' | 'ethnicity' | 'nationality', label: string, wide = true) => (
    <TextField
      id={id}
      label={label}
      value={form[id]}
      onChange={set(id)}
      error={errorOf(id)}
      className={wide ? undefined : 'hr-short'}
      autoComplete="off"
    />
  );
  const relations = Object.entries(GUARDIAN_RELATION_LABELS).map(([value, l]) => ({ value, label: l[lang] }));

  return (
    <section aria-labelledby="hr-bio-title">
      {back}
      <h2 id="hr-bio-title">
        {hw('biography', lang)}: {view.data!.biography.biography.fullName}
      </h2>
      {notice && (
        <p className="notice" role="status" data-testid="hr-notice">
          {notice[lang]}
        </p>
      )}
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <form onSubmit={submit} noValidate className="hr-bio">
        {text('fullName', hw('fullName', lang))}
        <DateFields
          id="dob"
          legend={hw('dateOfBirth', lang)}
          hint={hw('dobHint', lang)}
          value={form.dob}
          onChange={set('dob')}
          error={errorOf('dob-day')}
          lang={lang}
        />
        <fieldset className="field hr-plain">
          <legend>{hw('sex', lang)}</legend>
          <div className="hr-radios">
            {(['male', 'female'] as const).map((s) => (
              <label key={s} htmlFor={`sex-${s}`}>
                <input
                  type="radio"
                  id={`sex-${s}`}
                  name="sex"
                  value={s}
                  checked={form.sex === s}
                  onChange={() => set('sex')(s)}
                />
                {SEX_LABELS[s][lang]}
              </label>
            ))}
          </div>
        </fieldset>
        {text('birthplace', hw('birthplace', lang))}
        {text('ethnicity', hw('ethnicity', lang))}
        {text('nationality', `${hw('nationality', lang)} ${hw('optional', lang)}`)}
        <h3>{hw('guardians', lang)}</h3>
        {form.guardians.map((g, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: guardians have no id; the position is who they are here
          <fieldset className="hr-group" key={i}>
            <legend>{hw('guardian', lang, { n: i + 1 })}</legend>
            <SelectField
              id={`g${i}-relation`}
              label={hw('relation', lang)}
              value={g.relation}
              options={relations}
              placeholder="—"
              onChange={setGuardian(i, 'relation')}
              error={errorOf(`g${i}-relation`)}
            />
            <TextField
              autoComplete="off"
              id={`g${i}-fullName`}
              label={hw('guardianName', lang)}
              value={g.fullName}
              onChange={setGuardian(i, 'fullName')}
              error={errorOf(`g${i}-fullName`)}
            />
            <TextField
              autoComplete="off"
              id={`g${i}-occupation`}
              label={`${hw('occupation', lang)} ${hw('optional', lang)}`}
              value={g.occupation}
              onChange={setGuardian(i, 'occupation')}
              error={errorOf(`g${i}-occupation`)}
            />
            <TextField
              className="hr-short"
              autoComplete="off"
              id={`g${i}-phone`}
              label={`${hw('phone', lang)} ${hw('optional', lang)}`}
              value={g.phone}
              onChange={setGuardian(i, 'phone')}
              error={errorOf(`g${i}-phone`)}
              inputMode="tel"
            />
            <button
              type="button"
              className="secondary"
              onClick={() => setForm({ ...form, guardians: form.guardians.filter((_, j) => j !== i) })}
            >
              {hw('removeGuardian', lang, { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        {form.guardians.length < MAX_GUARDIANS && (
          <p>
            <button
              type="button"
              className="secondary"
              onClick={() =>
                setForm({
                  ...form,
                  guardians: [
                    ...form.guardians,
                    { relation: 'mother', fullName: '', occupation: '', phone: '' },
                  ],
                })
              }
            >
              {hw('addGuardian', lang)}
            </button>
          </p>
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
