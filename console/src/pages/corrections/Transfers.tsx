/**
 * Transfers (chuyển trường): the sending school names the pupil as a person knows them — mã định danh and
 * date of birth, or class and full name — and the receiving school; the receiving school takes the pupil
 * in or refuses. The gateway resolves the pupil; nobody types an internal id.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { apiMessage, type Connection, isApiError } from '../../api/client.ts';
import { go, hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import {
  DateFields,
  type DateParts,
  isEmptyDate,
  isoDateOf,
  NO_DATE,
  Radios,
  SelectField,
  TextAreaField,
  TextField,
} from '../../ui/fields.tsx';
import { type Lang, word } from '../../words.ts';
import { useTransfers } from './data.ts';
import { dateText, TRANSFER_STATE_WORDS, t } from './words.ts';

const dateOrNone = (d: DateParts) => {
  const iso = isoDateOf(d);
  return iso === 'missing' || iso === 'invalid' ? undefined : iso;
};

const back = (lang: Lang) => (
  <p>
    <a href={hashOf(['changes'])}>{t('backToList', lang)}</a>
  </p>
);

/** Where a refusal of the gateway belongs: a pupil not found is about how the pupil was named. */
function refusalField(body: unknown, by: string): string | undefined {
  if (!isApiError(body)) return undefined;
  const code = body.error.code;
  if (
    code === 'STUDENT_NOT_FOUND' ||
    code === 'PUPIL_AMBIGUOUS' ||
    code === 'NOT_IN_CUSTODY' ||
    code === 'ALREADY_REQUESTED'
  )
    return by === 'nationalId' ? 'national-id' : 'class-name';
  if (code === 'SCHOOL_NOT_FOUND' || code === 'TRANSFER_SAME_SCHOOL') return 'to-school';
  return undefined;
}

export function TransferRequest({
  connection,
  lang,
  schoolId,
}: {
  connection: Connection;
  lang: Lang;
  schoolId: string;
}) {
  const [by, setBy] = useState('');
  const [nationalId, setNationalId] = useState('');
  const [dob, setDob] = useState<DateParts>(NO_DATE);
  const [className, setClassName] = useState('');
  const [fullName, setFullName] = useState('');
  const [toSchoolId, setToSchoolId] = useState('');
  const [effective, setEffective] = useState<DateParts>(NO_DATE);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const schools = useQuery({
    queryKey: ['changes-destinations', schoolId],
    queryFn: async () => {
      const { data, error } = await connection.api.GET('/v1/transfers/schools', {
        params: { query: { schoolId } },
      });
      if (!data) throw error;
      return data.items;
    },
  });
  const errorOf = (id: string) => errors.find((e) => e.field === id)?.message;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldError[] = [];
    const birth = dateOrNone(dob);
    const on = dateOrNone(effective);
    if (!by) found.push({ field: 'by-nationalId', message: t('nameByMissing', lang) });
    if (by === 'nationalId') {
      if (!/^\d{12}$/.test(nationalId.trim()))
        found.push({ field: 'national-id', message: t('nationalIdMissing', lang) });
      if (!birth) found.push({ field: 'dob-day', message: t('dobMissing', lang) });
    }
    if (by === 'class') {
      if (!className.trim()) found.push({ field: 'class-name', message: t('classNameMissing', lang) });
      if (!fullName.trim()) found.push({ field: 'full-name', message: t('fullNameMissing', lang) });
    }
    if (!toSchoolId) found.push({ field: 'to-school', message: t('receivingSchoolMissing', lang) });
    if (!isEmptyDate(effective) && !on)
      found.push({ field: 'effective-day', message: t('effectiveOnInvalid', lang) });
    setErrors(found);
    if (found.length > 0) return;
    setBusy(true);
    const pupil =
      by === 'nationalId'
        ? { nationalId: nationalId.trim(), dateOfBirth: birth! }
        : { className: className.trim(), fullName: fullName.trim() };
    const { data, error } = await connection.api
      .POST('/v1/transfers/', {
        body: {
          ...pupil,
          fromSchoolId: schoolId,
          toSchoolId,
          ...(on && { effectiveOn: on }),
          ...(reason.trim() && { reason: reason.trim() }),
        },
      })
      .catch(() => ({ data: undefined, error: undefined }));
    setBusy(false);
    if (data) {
      go(['changes', 'transfer', data.id]);
      return;
    }
    const field = refusalField(error, by);
    setErrors([{ ...(field && { field }), message: apiMessage(error, lang) ?? word('network', lang) }]);
  }

  return (
    <form onSubmit={submit} noValidate className="changes-form" aria-labelledby="transfer-title">
      {back(lang)}
      <h2 id="transfer-title">{t('transferTitle', lang)}</h2>
      <p className="intro">{t('transferIntro', lang)}</p>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <div className="card">
        <Radios
          id="by"
          legend={t('nameBy', lang)}
          value={by}
          error={errorOf('by-nationalId')}
          options={[
            { value: 'nationalId', label: t('byNationalId', lang) },
            { value: 'class', label: t('byClass', lang) },
          ]}
          onChange={setBy}
        />
        {by === 'nationalId' && (
          <>
            <TextField
              id="national-id"
              label={t('nationalId', lang)}
              hint={t('nationalIdHint', lang)}
              inputMode="numeric"
              value={nationalId}
              error={errorOf('national-id')}
              onChange={setNationalId}
            />
            <DateFields
              id="dob"
              legend={t('dateOfBirth', lang)}
              lang={lang}
              value={dob}
              error={errorOf('dob-day')}
              onChange={setDob}
            />
          </>
        )}
        {by === 'class' && (
          <>
            <TextField
              id="class-name"
              label={t('className', lang)}
              hint={t('classNameHint', lang)}
              value={className}
              error={errorOf('class-name')}
              onChange={setClassName}
            />
            <TextField
              id="full-name"
              label={t('fullName', lang)}
              value={fullName}
              error={errorOf('full-name')}
              onChange={setFullName}
            />
          </>
        )}
        <SelectField
          id="to-school"
          label={t('receivingSchool', lang)}
          placeholder={t('choose', lang)}
          value={toSchoolId}
          options={(schools.data ?? []).map((s) => ({ value: s.schoolId, label: s.name }))}
          error={errorOf('to-school')}
          onChange={setToSchoolId}
        />
        <DateFields
          id="effective"
          legend={t('effectiveOn', lang)}
          hint={t('effectiveOnHint', lang)}
          lang={lang}
          value={effective}
          error={errorOf('effective-day')}
          onChange={setEffective}
        />
        <TextAreaField
          id="transfer-reason"
          label={t('transferReason', lang)}
          value={reason}
          onChange={setReason}
        />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? t('sending', lang) : t('sendTransfer', lang)}
          </button>
        </div>
      </div>
    </form>
  );
}

export function TransferDetail({
  connection,
  lang,
  schoolId,
  id,
}: {
  connection: Connection;
  lang: Lang;
  schoolId: string;
  id: string;
}) {
  const queries = useQueryClient();
  const list = useTransfers(connection, schoolId, true);
  const [choice, setChoice] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const x = list.data?.find((r) => r.id === id);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!choice) {
      setErrors([{ field: 'take-accept', message: t('acceptMissing', lang) }]);
      return;
    }
    setBusy(true);
    const { data, error } = await connection.api
      .POST('/v1/transfers/{id}/decision', {
        params: { path: { id } },
        body: { accept: choice === 'accept' },
      })
      .catch(() => ({ data: undefined, error: undefined }));
    setBusy(false);
    if (data) {
      setErrors([]);
      await queries.invalidateQueries({ queryKey: ['changes-transfers', schoolId] });
    } else setErrors([{ message: apiMessage(error, lang) ?? word('network', lang) }]);
  }

  if (list.isPending) return <p aria-busy="true">…</p>;
  if (list.isError || !x)
    return (
      <>
        {back(lang)}
        <ErrorSummary
          title={word('errorSummaryTitle', lang)}
          errors={[
            {
              message: list.isError
                ? (apiMessage(list.error, lang) ?? word('network', lang))
                : t('notFound', lang),
            },
          ]}
        />
      </>
    );
  return (
    <section aria-labelledby="transfer-page-title" className="changes">
      {back(lang)}
      <h2 id="transfer-page-title">
        {t('transferPageTitle', lang)} — {x.fullName}
      </h2>
      <p className={`state state-${x.state}`} data-testid="state">
        {TRANSFER_STATE_WORDS[x.state]?.[lang] ?? '—'}
      </p>
      {x.state === 'completed' && <p className="notice">{t('takenIn', lang)}</p>}
      <dl className="facts changes-facts">
        <dt>{t('pupil', lang)}</dt>
        <dd>{x.fullName}</dd>
        <dt>{t('dateOfBirth', lang)}</dt>
        <dd>{dateText(x.dateOfBirth)}</dd>
        <dt>{t('studentCode', lang)}</dt>
        <dd>{x.studentCode}</dd>
        <dt>{t('fromSchool', lang)}</dt>
        <dd>{x.fromSchool}</dd>
        <dt>{t('toSchool', lang)}</dt>
        <dd>{x.toSchool}</dd>
        <dt>{t('effectiveOn', lang)}</dt>
        <dd>{dateText(x.effectiveOn)}</dd>
        {x.reason && (
          <>
            <dt>{t('transferReasonFact', lang)}</dt>
            <dd>{x.reason}</dd>
          </>
        )}
      </dl>
      {x.direction === 'in' && x.state === 'requested' && (
        <form onSubmit={submit} noValidate className="card" aria-labelledby="take-title">
          <h3 id="take-title">{t('takeInTitle', lang)}</h3>
          <p className="hint">{t('takeInIntro', lang)}</p>
          <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
          <Radios
            id="take"
            legend={t('takeInLegend', lang)}
            value={choice}
            error={errors.find((e) => e.field === 'take-accept')?.message}
            options={[
              { value: 'accept', label: t('accept', lang) },
              { value: 'reject', label: t('reject', lang) },
            ]}
            onChange={setChoice}
          />
          <div className="actions">
            <button type="submit" disabled={busy}>
              {busy ? t('sending', lang) : t('sendDecision', lang)}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
