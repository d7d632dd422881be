/**
 * Revocation of one locked record by the principal (seed 000 Art. 6 §c: with the province's permission on
 * the ledger), as GOV.UK asks for a decision that cannot be undone: the record and the reason first, then a
 * page that says what revoking means (the public lookup will say the record is revoked), then the request.
 */
import { STATUS_REASON_LABELS } from '@hocba/records';
import { type FormEvent, useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import type { Session } from '../../session.ts';
import { hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { Radios, TextField } from '../../ui/fields.tsx';
import { type Lang, word } from '../../words.ts';
import type { LockedPupil } from './data.ts';
import { type Picked, RecordPicker } from './RecordPicker.tsx';
import { dateText, REVOKE_REASONS, t } from './words.ts';

export function Revoke({
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
  const [step, setStep] = useState<'form' | 'confirm' | 'done'>('form');
  const [picked, setPicked] = useState<Picked>({ classId: '', recordId: '' });
  const [pupil, setPupil] = useState<{ p: LockedPupil; className: string } | undefined>();
  const [reasonCode, setReasonCode] = useState('');
  const [legalBasis, setLegalBasis] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const errorOf = (id: string) => errors.find((e) => e.field === id)?.message;
  const reasonWords = (code: string) => STATUS_REASON_LABELS[code]?.[lang] ?? '—';

  function next(e: FormEvent) {
    e.preventDefault();
    const found: FieldError[] = [];
    if (!picked.classId) found.push({ field: 'pick-class', message: t('chooseClassMissing', lang) });
    else if (!picked.recordId) found.push({ field: 'pick-pupil', message: t('choosePupilMissing', lang) });
    if (!reasonCode)
      found.push({ field: `revoke-reason-${REVOKE_REASONS[0]}`, message: t('revokeReasonMissing', lang) });
    if (legalBasis.trim().length < 3)
      found.push({ field: 'revoke-basis', message: t('legalBasisMissing', lang) });
    setErrors(found);
    if (found.length === 0) setStep('confirm');
  }

  async function revoke(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    const { data, error } = await connection.api
      .POST('/v1/records/{recordId}/revoke', {
        params: { path: { recordId: picked.recordId } },
        body: { reasonCode, legalBasis: legalBasis.trim() },
      })
      .catch(() => ({ data: undefined, error: undefined }));
    setBusy(false);
    if (data) {
      setErrors([]);
      setStep('done');
    } else setErrors([{ message: apiMessage(error, lang) ?? word('network', lang) }]);
  }

  const who = pupil && (
    <dl className="facts changes-facts">
      <dt>{t('pupil', lang)}</dt>
      <dd>{pupil.p.fullName}</dd>
      <dt>{t('dateOfBirth', lang)}</dt>
      <dd>{dateText(pupil.p.dateOfBirth)}</dd>
      <dt>{t('className', lang)}</dt>
      <dd>{pupil.className}</dd>
      <dt>{t('revokeReason', lang)}</dt>
      <dd>{reasonWords(reasonCode)}</dd>
      <dt>{t('legalBasis', lang)}</dt>
      <dd>{legalBasis.trim()}</dd>
    </dl>
  );

  if (step === 'done')
    return (
      <section aria-labelledby="revoked-title" className="changes">
        <h2 id="revoked-title">{t('revokedTitle', lang)}</h2>
        <p className="notice" data-testid="revoked">
          {t('revokedBody', lang)}
        </p>
        {who}
        <p>
          <a href={hashOf(['changes'])}>{t('backToList', lang)}</a>
        </p>
      </section>
    );

  if (step === 'confirm')
    return (
      <form onSubmit={revoke} noValidate className="changes-form" aria-labelledby="confirm-title">
        <h2 id="confirm-title">{t('confirmTitle', lang)}</h2>
        <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
        {who}
        <p className="warning-text">{t('confirmMeans', lang)}</p>
        <div className="actions">
          <button type="submit" className="warning" disabled={busy}>
            {busy ? t('sending', lang) : t('confirmRevoke', lang)}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setErrors([]);
              setStep('form');
            }}
          >
            {t('back', lang)}
          </button>
        </div>
      </form>
    );

  return (
    <form onSubmit={next} noValidate className="changes-form" aria-labelledby="revoke-title">
      <p>
        <a href={hashOf(['changes'])}>{t('backToList', lang)}</a>
      </p>
      <h2 id="revoke-title">{t('revokeTitle', lang)}</h2>
      <p className="intro">{t('revokeIntro', lang)}</p>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <div className="card">
        <RecordPicker
          connection={connection}
          session={session}
          schoolId={schoolId}
          lang={lang}
          value={picked}
          errors={{ classId: errorOf('pick-class'), recordId: errorOf('pick-pupil') }}
          onChange={(v, p, className) => {
            setPicked(v);
            setPupil(p && className ? { p, className } : undefined);
          }}
        />
        <Radios
          id="revoke-reason"
          legend={t('revokeReason', lang)}
          value={reasonCode}
          error={errorOf(`revoke-reason-${REVOKE_REASONS[0]}`)}
          options={REVOKE_REASONS.map((code) => ({ value: code, label: reasonWords(code) }))}
          onChange={setReasonCode}
        />
        <TextField
          id="revoke-basis"
          label={t('legalBasis', lang)}
          hint={t('revokeLegalHint', lang)}
          value={legalBasis}
          error={errorOf('revoke-basis')}
          onChange={setLegalBasis}
        />
        <div className="actions">
          <button type="submit">{t('continue', lang)}</button>
        </div>
      </div>
    </form>
  );
}
