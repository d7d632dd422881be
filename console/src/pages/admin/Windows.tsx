/**
 * Editing windows (khóa / mở): which parts of the school year are open for entry now, and a form that opens
 * (optionally between two moments) or freezes entry for the whole school, a class, a subject, or one
 * subject of one class. Moments are typed as day/month/year and hour/minute in Vietnam's time.
 */
import { instantText } from '@hocba/records';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { SelectField, TextField } from '../../ui/fields.tsx';
import { type Lang, word } from '../../words.ts';
import { MomentField } from './MomentField.tsx';
import { refusal } from './refusal.ts';
import {
  classWord,
  type SchoolClass,
  subjectsOfGrade,
  subjectsOfSchool,
  subjectWord,
  useSchoolClasses,
} from './school-data.ts';
import { type MomentFields, momentOf, NO_MOMENT } from './vietnam-time.ts';
import { aw } from './words.ts';

/** The homeroom teacher's part of a record, as the gateway names it (services/workflow.ts HOMEROOM). */
const HOMEROOM = 'homeroom';

function scopeText(
  w: { classId: string | null; subject: string | null },
  classes: readonly SchoolClass[],
  lang: Lang,
): string {
  const parts = [
    w.classId !== null ? classWord(classes, w.classId, lang) : undefined,
    w.subject === HOMEROOM
      ? aw('homeroomPart', lang)
      : w.subject !== null
        ? subjectWord(w.subject, lang)
        : undefined,
  ].filter((x): x is string => x !== undefined);
  if (parts.length === 0) return aw('wholeSchool', lang);
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const when = (iso: string | null, lang: Lang) =>
  iso ? (instantText(iso)?.[lang] ?? '—') : aw('noBound', lang);

export function Windows({
  connection,
  lang,
  schoolId,
}: {
  connection: Connection;
  lang: Lang;
  schoolId: string;
}) {
  const queries = useQueryClient();
  const classes = useSchoolClasses(connection, schoolId);
  const schoolYear = classes.data?.schoolYear ?? null;
  const key = ['admin-windows', schoolId, schoolYear];
  const windows = useQuery({
    queryKey: key,
    enabled: schoolYear !== null,
    queryFn: async () => {
      const { data, error } = await connection.api.GET('/v1/windows/', {
        params: { query: { schoolId, schoolYear: schoolYear! } },
      });
      if (!data) throw error;
      return data.windows;
    },
  });
  const [classId, setClassId] = useState('');
  const [subject, setSubject] = useState('');
  const [action, setAction] = useState<'' | 'open' | 'freeze'>('');
  const [opens, setOpens] = useState<MomentFields>(NO_MOMENT);
  const [closes, setCloses] = useState<MomentFields>(NO_MOMENT);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: async (body: {
      schoolId: string;
      schoolYear: string;
      classId?: string;
      subject?: string;
      frozen: boolean;
      opensAt?: string;
      closesAt?: string;
      reason?: string;
    }) => {
      const { data, error } = await connection.api.PUT('/v1/windows/', { body });
      if (!data) throw error;
      return data;
    },
    onSuccess: () => {
      setErrors([]);
      setSaved(true);
      setOpens(NO_MOMENT);
      setCloses(NO_MOMENT);
      setReason('');
      return queries.invalidateQueries({ queryKey: key });
    },
    onError: (e) =>
      setErrors(
        refusal(
          e,
          lang,
          { '/opensAt': 'window-opens-day', '/closesAt': 'window-closes-day', '/classId': 'window-class' },
          { WINDOW_INVALID: 'window-closes-day', CLASS_NOT_FOUND: 'window-class' },
        ),
      ),
  });

  if (classes.isPending || (schoolYear !== null && windows.isPending))
    return <p aria-busy="true">{aw('loading', lang)}</p>;
  if (!classes.data || (schoolYear !== null && !windows.data))
    return (
      <ErrorSummary
        title={word('errorSummaryTitle', lang)}
        errors={[{ message: apiMessage(classes.error ?? windows.error, lang) ?? word('network', lang) }]}
      />
    );
  const list = classes.data.classes;
  const chosen = list.find((c) => c.classId === classId);
  const subjects = chosen ? subjectsOfGrade(chosen.grade, lang) : subjectsOfSchool(list, lang);
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const reasonLabel = aw('reasonShort', lang);

  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    setSaved(false);
    const found: FieldError[] = [];
    if (action === '') found.push({ field: 'window-action-0', message: aw('actionMissing', lang) });
    const opensAt = action === 'open' ? momentOf(opens) : undefined;
    const closesAt = action === 'open' ? momentOf(closes) : undefined;
    if (opensAt === null)
      found.push({
        field: 'window-opens-day',
        message: aw('dateInvalid', lang, { what: aw('opensAt', lang) }),
      });
    if (closesAt === null)
      found.push({
        field: 'window-closes-day',
        message: aw('dateInvalid', lang, { what: aw('closesAt', lang) }),
      });
    if (opensAt && closesAt && opensAt >= closesAt)
      found.push({ field: 'window-closes-day', message: aw('dateOrder', lang) });
    setErrors(found);
    if (found.length > 0 || schoolYear === null) return;
    save.mutate({
      schoolId,
      schoolYear,
      frozen: action === 'freeze',
      ...(classId && { classId }),
      ...(subject && { subject }),
      ...(opensAt && { opensAt }),
      ...(closesAt && { closesAt }),
      ...(reason.trim() && { reason: reason.trim() }),
    });
  };

  const actionError = errorOf('window-action-0');
  return (
    <section aria-labelledby="windows-title">
      <h2 id="windows-title">{aw('windowsTitle', lang)}</h2>
      {schoolYear && (
        <p className="intro">
          {word('schoolYear', lang)} {schoolYear}
        </p>
      )}
      <p className="intro">{aw('windowsIntro', lang)}</p>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      {saved && (
        <p className="notice" role="status">
          {aw('done', lang)}
        </p>
      )}
      {!windows.data || windows.data.length === 0 ? (
        <p data-testid="no-windows">{aw('noWindows', lang)}</p>
      ) : (
        <div className="scroll admin-scroll">
          <table className="grid admin-windows stack" data-testid="windows">
            <thead>
              <tr>
                <th scope="col">{aw('scope', lang)}</th>
                <th scope="col">{aw('state', lang)}</th>
                <th scope="col">{aw('opensAt', lang)}</th>
                <th scope="col">{aw('closesAt', lang)}</th>
                <th scope="col">{reasonLabel}</th>
              </tr>
            </thead>
            <tbody>
              {windows.data.map((w) => (
                <tr key={w.id}>
                  <th scope="row">{scopeText(w, list, lang)}</th>
                  <td data-label={aw('state', lang)}>{w.frozen ? aw('frozen', lang) : aw('open', lang)}</td>
                  <td className="when" data-label={aw('opensAt', lang)}>
                    {when(w.opensAt, lang)}
                  </td>
                  <td className="when" data-label={aw('closesAt', lang)}>
                    {when(w.closesAt, lang)}
                  </td>
                  <td data-label={reasonLabel}>{w.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{aw('windowFormTitle', lang)}</h3>
      <form noValidate onSubmit={submit} className="admin-form">
        <SelectField
          id="window-class"
          label={aw('class', lang)}
          value={classId}
          onChange={(v) => {
            setClassId(v);
            setSubject('');
          }}
          options={list.map((c) => ({ value: c.classId, label: c.name }))}
          placeholder={aw('wholeSchool', lang)}
          error={errorOf('window-class')}
        />
        <SelectField
          id="window-subject"
          label={aw('subject', lang)}
          value={subject}
          onChange={setSubject}
          options={[
            ...subjects.map((s) => ({ value: s.code, label: s.name })),
            { value: HOMEROOM, label: aw('homeroomPart', lang) },
          ]}
          placeholder={aw('allSubjects', lang)}
        />
        <fieldset className={actionError ? 'field field-error' : 'field'}>
          <legend>{aw('action', lang)}</legend>
          {actionError && (
            <p className="error-message" id="window-action-error">
              {actionError}
            </p>
          )}
          <ul className="choices">
            {(['open', 'freeze'] as const).map((a, i) => (
              <li key={a}>
                <input
                  type="radio"
                  id={`window-action-${i}`}
                  name="window-action"
                  checked={action === a}
                  aria-describedby={`window-action-${i}-hint`}
                  onChange={() => setAction(a)}
                />
                <label htmlFor={`window-action-${i}`}>{aw(a === 'open' ? 'doOpen' : 'doFreeze', lang)}</label>
                <p className="hint" id={`window-action-${i}-hint`}>
                  {aw(a === 'open' ? 'doOpenHint' : 'doFreezeHint', lang)}
                </p>
              </li>
            ))}
          </ul>
        </fieldset>
        {action === 'open' && (
          <>
            <MomentField
              id="window-opens"
              legend={aw('opensAt', lang)}
              value={opens}
              onChange={setOpens}
              error={errorOf('window-opens-day')}
              lang={lang}
            />
            <MomentField
              id="window-closes"
              legend={aw('closesAt', lang)}
              value={closes}
              onChange={setCloses}
              error={errorOf('window-closes-day')}
              lang={lang}
            />
          </>
        )}
        <TextField
          id="window-reason"
          label={aw('reason', lang)}
          hint={aw('reasonHint', lang)}
          value={reason}
          onChange={setReason}
        />
        <button type="submit" disabled={save.isPending || schoolYear === null}>
          {save.isPending ? aw('saving', lang) : aw('save', lang)}
        </button>
      </form>
    </section>
  );
}
