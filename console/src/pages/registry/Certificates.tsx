/**
 * Principals' certificates of the province's schools (seed 000 Điều 8.5, 4.3b): those waiting for the
 * province's approval, and the approved ones, each told in words (Chứng thư số của …, do … cấp, hiệu lực từ
 * dd/mm/yyyy đến dd/mm/yyyy, which school sent it, when and who); approving and revoking each have a page of
 * their own that says what the decision does before the button.
 */
import { instantDate } from '@hocba/records';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import { go } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { Radios } from '../../ui/fields.tsx';
import { type Lang, word } from '../../words.ts';
import {
  type CertificateItem,
  type CertStatus,
  certificatesKey,
  fetchCertificates,
  refusalErrors,
  WHILE_WAITING_MS,
} from './data.ts';
import { nameText, REASON_WORDS, rw } from './words.ts';

const day = (iso: string, lang: Lang) => instantDate(iso)?.[lang] ?? '—';

function useCertificates(connection: Connection, status: CertStatus) {
  return useQuery({
    queryKey: certificatesKey(status),
    queryFn: () => fetchCertificates(connection, status),
    // Something queued for the ledger: read again until it is recorded.
    refetchInterval: (q) =>
      q.state.data?.some((c) => c.waiting !== null || !c.onLedger) ? WHILE_WAITING_MS : false,
  });
}

/** One certificate in words. */
function CertificateFacts({ c, lang }: { c: CertificateItem; lang: Lang }) {
  return (
    <>
      <p className="cert-line">
        <strong>{rw('certOf', lang, { holder: nameText(c.subject) })}</strong>,{' '}
        {rw('issuedBy', lang, { issuer: nameText(c.issuer) })},{' '}
        {rw('validFromTo', lang, { from: day(c.notBefore, lang), to: day(c.notAfter, lang) })}.
      </p>
      <p className="cert-school">
        {c.schoolName} ({c.districtName}).{' '}
        {c.registeredBy
          ? rw('sentBy', lang, { date: day(c.registeredAt, lang), who: c.registeredBy })
          : rw('sentOn', lang, { date: day(c.registeredAt, lang) })}
      </p>
      <p className="muted small">
        {rw('serial', lang)}: {c.serialNumber.toUpperCase()}
      </p>
    </>
  );
}

function CertificateList({
  connection,
  lang,
  status,
}: {
  connection: Connection;
  lang: Lang;
  status: 'pending' | 'approved';
}) {
  const certs = useCertificates(connection, status);
  const pending = status === 'pending';
  return (
    <section aria-labelledby={`certs-${status}`}>
      <h3 id={`certs-${status}`}>{rw(pending ? 'pendingTitle' : 'approvedTitle', lang)}</h3>
      {pending && <p className="intro">{rw('pendingIntro', lang)}</p>}
      {certs.isPending ? (
        <p aria-busy="true">{rw('loading', lang)}</p>
      ) : !certs.data ? (
        <p className="notice">{apiMessage(certs.error, lang) ?? word('network', lang)}</p>
      ) : certs.data.length === 0 ? (
        <p>{rw(pending ? 'noPending' : 'noApproved', lang)}</p>
      ) : (
        <ul className="cert-list" data-testid={`certificates-${status}`}>
          {certs.data.map((c) => (
            <li key={c.fingerprint} className="card" data-fingerprint={c.fingerprint}>
              <CertificateFacts c={c} lang={lang} />
              {c.waiting ? (
                <p className="waiting" role="status">
                  {rw(c.waiting === 'approval' ? 'waitingApproval' : 'waitingRevocation', lang)}
                </p>
              ) : !c.onLedger ? (
                <p className="waiting">{rw('notOnLedger', lang)}</p>
              ) : (
                <p className="actions">
                  {pending && (
                    <a className="button" href={`#/registry/certificates/${c.fingerprint}/approve`}>
                      {rw('approve', lang)}
                    </a>
                  )}
                  <a className="button secondary" href={`#/registry/certificates/${c.fingerprint}/revoke`}>
                    {rw('revoke', lang)}
                  </a>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Certificates({ connection, lang }: { connection: Connection; lang: Lang }) {
  return (
    <>
      <CertificateList connection={connection} lang={lang} status="pending" />
      <CertificateList connection={connection} lang={lang} status="approved" />
    </>
  );
}

/** One decision a page: approve, or revoke with a reason. */
export function CertificateDecision({
  connection,
  lang,
  fingerprint,
  decision,
}: {
  connection: Connection;
  lang: Lang;
  fingerprint: string;
  decision: 'approve' | 'revoke';
}) {
  const queries = useQueryClient();
  const pending = useCertificates(connection, 'pending');
  const approved = useCertificates(connection, 'approved');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const act = useMutation({
    mutationFn: async () => {
      const params = { path: { fingerprint } };
      const { data, error } =
        decision === 'approve'
          ? await connection.api.POST('/v1/certificates/{fingerprint}/approve', { params })
          : await connection.api.POST('/v1/certificates/{fingerprint}/revoke', {
              params,
              body: { reasonCode: reason as 'KEY_COMPROMISE' },
            });
      if (!data) throw error;
      return data;
    },
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['registry-certificates'] });
      go(['registry', 'certificates']);
    },
    onError: (e) => setErrors(refusalErrors(e, lang, { '/reasonCode': 'reason' }, word('network', lang))),
  });
  if (pending.isPending || approved.isPending) return <p aria-busy="true">{rw('loading', lang)}</p>;
  const c = [...(pending.data ?? []), ...(approved.data ?? [])].find((x) => x.fingerprint === fingerprint);
  if (!c) return <p className="notice">{rw('certGone', lang)}</p>;

  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    if (decision === 'revoke' && !reason) {
      setErrors([{ field: 'reason-KEY_COMPROMISE', message: rw('reasonMissing', lang) }]);
      return;
    }
    setErrors([]);
    act.mutate();
  };
  const reasonError = errors.find((e) => e.field?.startsWith('reason'))?.message;
  return (
    <section aria-labelledby="decision-title" className="decision">
      <h3 id="decision-title">{rw(decision === 'approve' ? 'approveTitle' : 'revokeTitle', lang)}</h3>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <div className="card">
        <CertificateFacts c={c} lang={lang} />
      </div>
      <p className="what">{rw(decision === 'approve' ? 'approveWhat' : 'revokeWhat', lang)}</p>
      <form noValidate onSubmit={submit}>
        {decision === 'revoke' && (
          <Radios
            id="reason"
            legend={rw('reason', lang)}
            value={reason}
            error={reasonError}
            options={Object.entries(REASON_WORDS).map(([value, w]) => ({ value, label: w[lang] }))}
            onChange={setReason}
          />
        )}
        <p className="actions">
          <button
            type="submit"
            className={decision === 'revoke' ? 'danger' : undefined}
            disabled={act.isPending}
          >
            {act.isPending
              ? rw('sending', lang)
              : rw(decision === 'approve' ? 'approveConfirm' : 'revokeConfirm', lang)}
          </button>
          <a className="button secondary" href="#/registry/certificates">
            {rw('cancel', lang)}
          </a>
        </p>
      </form>
    </section>
  );
}
