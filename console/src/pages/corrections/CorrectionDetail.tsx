/**
 * One correction request: who it is about, the changes side by side (the field as the học bạ names it, the
 * locked value, the corrected one — in words, from the gateway), and the step that waits for the signed-in
 * role: the check (Art. 15 step 3) or the principal's approval or refusal (step 4).
 */
import { instantDate } from '@hocba/records';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import type { Session } from '../../session.ts';
import { hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { Radios, TextAreaField } from '../../ui/fields.tsx';
import { type Lang, word } from '../../words.ts';
import { useCorrections } from './data.ts';
import { CorrectionBatchStep } from './LockCorrection.tsx';
import { partText, waitsFor } from './Overview.tsx';
import { CORRECTION_STATE_WORDS, t } from './words.ts';

type Detail = NonNullable<Awaited<ReturnType<typeof fetchCorrection>>>;

async function fetchCorrection(connection: Connection, id: string) {
  const { data, error } = await connection.api.GET('/v1/corrections/{id}', { params: { path: { id } } });
  if (!data) throw error;
  return data;
}

export function DiffTable({ changes, lang }: { changes: Detail['changes']; lang: Lang }) {
  return (
    <div className="scroll">
      <table className="grid diff-table" data-testid="diff-table">
        <caption>{t('changes', lang)}</caption>
        <thead>
          <tr>
            <th scope="col">{t('field', lang)}</th>
            <th scope="col">{t('lockedValue', lang)}</th>
            <th scope="col">{t('correctedValue', lang)}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.pointer}>
              <th scope="row">{c.label[lang]}</th>
              <td className="was">{c.fromText[lang]}</td>
              <td className="now">{c.toText[lang]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CheckForm(props: { connection: Connection; lang: Lang; id: string; onDone: () => void }) {
  const { lang } = props;
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    const { data, error } = await props.connection.api
      .POST('/v1/corrections/{id}/check', {
        params: { path: { id: props.id } },
        body: note.trim() ? { note: note.trim() } : {},
      })
      .catch(() => ({ data: undefined, error: undefined }));
    setBusy(false);
    if (data) props.onDone();
    else setErrors([{ message: apiMessage(error, lang) ?? word('network', lang) }]);
  }
  return (
    <form onSubmit={submit} noValidate className="card" aria-labelledby="check-title">
      <h3 id="check-title">{t('checkTitle', lang)}</h3>
      <p className="hint">{t('checkIntro', lang)}</p>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <TextAreaField id="check-note" label={t('note', lang)} value={note} onChange={setNote} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? t('sending', lang) : t('confirmCheck', lang)}
        </button>
      </div>
    </form>
  );
}

function DecisionForm(props: { connection: Connection; lang: Lang; id: string; onDone: () => void }) {
  const { lang } = props;
  const [choice, setChoice] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldError[] = [];
    if (!choice) found.push({ field: 'decision-approve', message: t('decisionMissing', lang) });
    if (choice === 'refuse' && !note.trim())
      found.push({ field: 'decision-note', message: t('refuseNoteMissing', lang) });
    setErrors(found);
    if (found.length > 0) return;
    setBusy(true);
    const { data, error } = await props.connection.api
      .POST('/v1/corrections/{id}/decision', {
        params: { path: { id: props.id } },
        body: { approve: choice === 'approve', ...(note.trim() && { note: note.trim() }) },
      })
      .catch(() => ({ data: undefined, error: undefined }));
    setBusy(false);
    if (data) props.onDone();
    else setErrors([{ message: apiMessage(error, lang) ?? word('network', lang) }]);
  }
  const errorOf = (id: string) => errors.find((e) => e.field === id)?.message;
  return (
    <form onSubmit={submit} noValidate className="card" aria-labelledby="decision-title">
      <h3 id="decision-title">{t('decisionTitle', lang)}</h3>
      <p className="hint">{t('decisionIntro', lang)}</p>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <Radios
        id="decision"
        legend={t('decisionLegend', lang)}
        value={choice}
        error={errorOf('decision-approve')}
        options={[
          { value: 'approve', label: t('approve', lang) },
          { value: 'refuse', label: t('refuse', lang) },
        ]}
        onChange={setChoice}
      />
      <TextAreaField
        id="decision-note"
        label={choice === 'refuse' ? t('refuseNote', lang) : t('note', lang)}
        value={note}
        error={errorOf('decision-note')}
        onChange={setNote}
      />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? t('sending', lang) : t('sendDecision', lang)}
        </button>
      </div>
    </form>
  );
}

export function CorrectionDetail({
  connection,
  lang,
  session,
  schoolId,
  id,
}: {
  connection: Connection;
  lang: Lang;
  session: Session;
  schoolId: string;
  id: string;
}) {
  const queries = useQueryClient();
  const detail = useQuery({
    queryKey: ['changes-correction', id],
    queryFn: () => fetchCorrection(connection, id),
  });
  // Who it is about and who asked: the school's list names them (the request itself holds ids).
  const list = useCorrections(connection, schoolId, session);
  const item = list.data?.find((c) => c.id === id);
  const refresh = () =>
    Promise.all([
      queries.invalidateQueries({ queryKey: ['changes-correction', id] }),
      queries.invalidateQueries({ queryKey: ['changes-corrections'] }),
    ]);

  const back = (
    <p>
      <a href={hashOf(['changes'])}>{t('backToList', lang)}</a>
    </p>
  );
  if (detail.isPending) return <p aria-busy="true">…</p>;
  if (detail.isError || !detail.data)
    return (
      <>
        {back}
        <ErrorSummary
          title={word('errorSummaryTitle', lang)}
          errors={[{ message: apiMessage(detail.error, lang) ?? word('network', lang) }]}
        />
      </>
    );
  const c = detail.data;
  const waits = waitsFor(c.state, session.role);
  return (
    <section aria-labelledby="correction-title" className="changes">
      {back}
      <h2 id="correction-title">
        {t('correctionTitle', lang)}
        {item && ` — ${item.fullName}, ${t('className', lang).toLowerCase()} ${item.className}`}
      </h2>
      <p className={`state state-${c.state}`} data-testid="state">
        {CORRECTION_STATE_WORDS[c.state]?.[lang] ?? '—'}
      </p>
      {c.state === 'applied' && c.newVersionId && (
        <CorrectionBatchStep
          connection={connection}
          lang={lang}
          role={session.role}
          newVersionId={c.newVersionId}
          decidedAt={c.decidedAt}
        />
      )}
      <DiffTable changes={c.changes} lang={lang} />
      <dl className="facts changes-facts">
        {item && (
          <>
            <dt>{t('schoolYear', lang)}</dt>
            <dd>{item.schoolYear}</dd>
            <dt>{t('requestedBy', lang)}</dt>
            <dd>
              {item.requestedBy}, {instantDate(item.requestedAt)?.[lang] ?? '—'}
            </dd>
          </>
        )}
        <dt>{t('part', lang)}</dt>
        <dd>{partText(c.subject, lang)}</dd>
        <dt>{t('legalBasis', lang)}</dt>
        <dd>{c.legalBasis}</dd>
        <dt>{t('reason', lang)}</dt>
        <dd>{c.reason}</dd>
        {c.checkedAt && (
          <>
            <dt>{t('checkedOn', lang)}</dt>
            <dd>{instantDate(c.checkedAt)?.[lang]}</dd>
          </>
        )}
        {c.decidedAt && (
          <>
            <dt>{t('decidedOn', lang)}</dt>
            <dd>{instantDate(c.decidedAt)?.[lang]}</dd>
          </>
        )}
        {c.decisionNote && (
          <>
            <dt>{t('decisionNote', lang)}</dt>
            <dd>{c.decisionNote}</dd>
          </>
        )}
      </dl>
      {waits && c.state === 'requested' && (
        <CheckForm connection={connection} lang={lang} id={id} onDone={refresh} />
      )}
      {waits && c.state === 'checked' && (
        <DecisionForm connection={connection} lang={lang} id={id} onDone={refresh} />
      )}
    </section>
  );
}
