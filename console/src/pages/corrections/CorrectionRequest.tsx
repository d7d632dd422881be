/**
 * A correction request (seed 001 Art. 15 step 2): the record, the part, the changed values side by side
 * with the locked ones, the legal basis and the reason. Only the fields changed are sent, as the diff the
 * gateway takes ({pointer, from, to}); the gateway checks them against the locked version and the rules.
 */
import { PROMOTION_LABELS } from '@hocba/records';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { apiMessage, type Connection, isApiError } from '../../api/client.ts';
import type { Session } from '../../session.ts';
import { go, hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { SelectField, TextAreaField, TextField } from '../../ui/fields.tsx';
import { type Lang, word } from '../../words.ts';
import { followUps } from './follow-ups.ts';
import { type Picked, RecordPicker } from './RecordPicker.tsx';
import {
  type EditField,
  fieldsOf,
  HOMEROOM,
  inputText,
  optionsOf,
  parseValue,
  partLabel,
  subjectsOf,
  valueWords,
} from './record-fields.ts';
import { t } from './words.ts';

type Change = { pointer: string; from?: unknown; to?: unknown };

/** The gateway's problems placed on the fields they are about (a change by its index, else the form). */
export function problemsOf(
  body: unknown,
  lang: Lang,
  fieldIdOf: (i: number) => string | undefined,
): FieldError[] {
  if (!isApiError(body)) return [{ message: word('network', lang) }];
  const top = body.error.message[lang];
  const problems = body.error.problems ?? [];
  const placed = problems.flatMap((p) => {
    const m = /^\/changes\/(\d+)$/.exec(p.path);
    const field = m ? fieldIdOf(Number(m[1])) : undefined;
    return field ? [{ field, message: top }] : [];
  });
  // A rule the corrected record breaks: the rule's own words (the gateway writes "CODE: vi / en").
  const rules = problems
    .filter((p) => p.in === 'record')
    .map((p) => {
      const [vi, en] = p.message.replace(/^[A-Z_]+: /, '').split(' / ');
      return { message: (lang === 'vi' ? vi : (en ?? vi)) ?? top };
    });
  return placed.length + rules.length > 0 ? [...placed, ...rules] : [{ message: top }];
}

function FieldRow(props: {
  field: EditField;
  id: string;
  value: string;
  lang: Lang;
  error?: string | undefined;
  onChange: (v: string) => void;
}) {
  const { field, lang } = props;
  const name = `${field.label[lang]} — ${t('correctedValue', lang)}`;
  const changed = props.value.trim() !== inputText(field.from, lang);
  return (
    <tr className={changed ? 'changed' : undefined}>
      <th scope="row">{field.label[lang]}</th>
      <td>{valueWords(field, lang)}</td>
      <td className={props.error ? 'field-error' : undefined}>
        {props.error && (
          <p className="error-message" id={`${props.id}-error`}>
            {props.error}
          </p>
        )}
        {field.kind === 'level' || field.kind === 'rating' ? (
          <select
            id={props.id}
            aria-label={name}
            value={props.value}
            onChange={(e) => props.onChange(e.target.value)}
          >
            {optionsOf(field.kind, lang).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ) : field.kind === 'text' ? (
          <textarea
            id={props.id}
            aria-label={name}
            rows={2}
            value={props.value}
            aria-invalid={props.error ? true : undefined}
            aria-describedby={props.error ? `${props.id}-error` : undefined}
            onChange={(e) => props.onChange(e.target.value)}
          />
        ) : (
          <input
            id={props.id}
            aria-label={name}
            type="text"
            inputMode="decimal"
            className={props.error ? 'score input-error' : 'score'}
            value={props.value}
            aria-invalid={props.error ? true : undefined}
            aria-describedby={props.error ? `${props.id}-error` : undefined}
            onChange={(e) => props.onChange(e.target.value)}
          />
        )}
      </td>
    </tr>
  );
}

export function CorrectionRequest({
  connection,
  lang,
  session,
  schoolId,
}: {
  connection: Connection;
  lang: Lang;
  session: Session;
  schoolId: string;
}) {
  const [picked, setPicked] = useState<Picked>({ classId: '', recordId: '' });
  const [part, setPart] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [legalBasis, setLegalBasis] = useState('');
  const [reason, setReason] = useState('');
  const [promotion, setPromotion] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const record = useQuery({
    queryKey: ['changes-record', picked.recordId],
    enabled: picked.recordId !== '',
    queryFn: async () => {
      const { data, error } = await connection.api.GET('/v1/records/{recordId}', {
        params: { path: { recordId: picked.recordId } },
      });
      if (!data) throw error;
      return data.record as unknown;
    },
  });
  // A subject teacher corrects their own subject (the gateway's corrections.request scope).
  const ownSubjects = session.scope.map((s) => s.subject).filter((s): s is string => !!s);
  const parts = record.data
    ? [
        ...subjectsOf(record.data).filter(
          (s) => session.role !== 'subjectTeacher' || ownSubjects.includes(s),
        ),
        ...(session.role === 'subjectTeacher' ? [] : [HOMEROOM]),
      ]
    : [];
  const fields = record.data && part ? fieldsOf(record.data, part) : [];
  const idOf = (i: number) => `fix-${i}`;
  const inputOf = (f: EditField) => values[f.pointer] ?? inputText(f.from, lang);
  const errorOf = (id: string) => errors.find((e) => e.field === id)?.message;

  function diff(): { changes: Change[]; fieldIds: string[]; bad: FieldError[] } {
    const changes: Change[] = [];
    const fieldIds: string[] = [];
    const bad: FieldError[] = [];
    fields.forEach((f, i) => {
      const text = inputOf(f);
      if (text.trim() === inputText(f.from, lang)) return;
      const parsed = parseValue(f, text);
      if ('error' in parsed) {
        bad.push({ field: idOf(i), message: `${f.label[lang]}: ${t(parsed.error, lang)}` });
        return;
      }
      changes.push({
        pointer: f.pointer,
        ...(f.from !== undefined && { from: f.from }),
        ...(parsed.value !== undefined && { to: parsed.value }),
      });
      fieldIds.push(idOf(i));
    });
    return { changes, fieldIds, bad };
  }

  // The circular's derived values that follow from what was changed, shown and sent with it.
  const typed = diff();
  const follow =
    record.data !== undefined && typed.bad.length === 0 ? followUps(record.data, typed.changes) : [];
  // A pupil who no longer completes the grade needs the principal's decision (Circular 27 Art. 11 §3).
  const needsDecision =
    follow.some((f) => f.pointer === '/results/gradeCompleted' && f.to === false) &&
    (record.data as { results?: { promotionDecision?: unknown } }).results?.promotionDecision === undefined;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldError[] = [];
    if (!picked.classId) found.push({ field: 'pick-class', message: t('chooseClassMissing', lang) });
    else if (!picked.recordId) found.push({ field: 'pick-pupil', message: t('choosePupilMissing', lang) });
    else if (!part) found.push({ field: 'part', message: t('choosePart', lang) });
    const { changes, fieldIds, bad } = diff();
    found.push(...bad);
    if (part && bad.length === 0 && changes.length === 0)
      found.push({ field: idOf(0), message: t('nothingChanged', lang) });
    if (needsDecision && !promotion) found.push({ field: 'promotion', message: t('promotionMissing', lang) });
    if (legalBasis.trim().length < 3)
      found.push({ field: 'legal-basis', message: t('legalBasisMissing', lang) });
    if (reason.trim().length < 3) found.push({ field: 'reason', message: t('reasonMissing', lang) });
    setErrors(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const { data, error } = await connection.api.POST('/v1/corrections/', {
        body: {
          recordId: picked.recordId,
          legalBasis: legalBasis.trim(),
          reason: reason.trim(),
          ...(part !== HOMEROOM && { subject: part }),
          changes: [
            ...changes,
            ...follow.map(({ pointer, from, to }) => ({ pointer, from, to })),
            ...(needsDecision ? [{ pointer: '/results/promotionDecision', to: promotion }] : []),
          ],
        },
      });
      if (data) go(['changes', 'correction', data.id]);
      else setErrors(problemsOf(error, lang, (i) => fieldIds[i]));
    } catch {
      setErrors([{ message: word('network', lang) }]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="changes-form" aria-labelledby="request-title">
      <p>
        <a href={hashOf(['changes'])}>{t('backToList', lang)}</a>
      </p>
      <h2 id="request-title">{t('requestTitle', lang)}</h2>
      <p className="intro">{t('requestIntro', lang)}</p>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <div className="card">
        <RecordPicker
          connection={connection}
          session={session}
          schoolId={schoolId}
          lang={lang}
          value={picked}
          errors={{ classId: errorOf('pick-class'), recordId: errorOf('pick-pupil') }}
          onChange={(v) => {
            setPicked(v);
            setPart('');
            setValues({});
          }}
        />
        {record.isError && (
          <p className="error-message">{apiMessage(record.error, lang) ?? word('network', lang)}</p>
        )}
        {record.data !== undefined && (
          <SelectField
            id="part"
            label={t('choosePart', lang)}
            placeholder={t('choose', lang)}
            value={part}
            options={parts.map((p) => ({ value: p, label: partLabel(p, lang) }))}
            error={errorOf('part')}
            onChange={(p) => {
              setPart(p);
              setValues({});
            }}
          />
        )}
      </div>
      {fields.length > 0 && (
        <div className="scroll">
          <table className="grid diff-table" data-testid="edit-table">
            <caption>{partLabel(part, lang)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('field', lang)}</th>
                <th scope="col">{t('lockedValue', lang)}</th>
                <th scope="col">{t('correctedValue', lang)}</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((f, i) => (
                <FieldRow
                  key={f.pointer}
                  field={f}
                  id={idOf(i)}
                  lang={lang}
                  value={inputOf(f)}
                  error={errorOf(idOf(i))}
                  onChange={(v) => setValues((old) => ({ ...old, [f.pointer]: v }))}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {follow.length > 0 && (
        <div className="scroll">
          <table className="grid diff-table" data-testid="follow-table">
            <caption>{t('followUps', lang)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('field', lang)}</th>
                <th scope="col">{t('lockedValue', lang)}</th>
                <th scope="col">{t('correctedValue', lang)}</th>
              </tr>
            </thead>
            <tbody>
              {follow.map((f) => (
                <tr key={f.pointer}>
                  <th scope="row">{f.label[lang]}</th>
                  <td className="was">{f.fromText[lang]}</td>
                  <td className="now">{f.toText[lang]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {needsDecision && (
        <div className="card">
          <SelectField
            id="promotion"
            label={t('promotion', lang)}
            hint={t('promotionHint', lang)}
            placeholder={t('choose', lang)}
            value={promotion}
            options={(['LEN_LOP', 'O_LAI_LOP'] as const).map((v) => ({
              value: v,
              label: PROMOTION_LABELS[v][lang],
            }))}
            error={errorOf('promotion')}
            onChange={setPromotion}
          />
        </div>
      )}
      <div className="card">
        <TextField
          id="legal-basis"
          label={t('legalBasis', lang)}
          hint={t('legalBasisHint', lang)}
          value={legalBasis}
          error={errorOf('legal-basis')}
          onChange={setLegalBasis}
        />
        <TextAreaField
          id="reason"
          label={t('reason', lang)}
          hint={t('reasonHint', lang)}
          value={reason}
          error={errorOf('reason')}
          onChange={setReason}
        />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? t('sending', lang) : t('sendRequest', lang)}
          </button>
        </div>
      </div>
    </form>
  );
}
