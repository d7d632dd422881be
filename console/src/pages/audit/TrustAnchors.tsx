/**
 * The Ministry's trust anchors (root CAs on the ledger; DESIGN.md §4.5): each with its name, issuer,
 * validity in words and whether it is trusted; the Ministry's auditor registers one from a .cer/.pem file
 * and retires one on a page of its own (RetireAnchor). Writes go through the outbox to the ledger, so the
 * list is read again every second until the ledger shows what was sent.
 */
import { instantDate } from '@hocba/records';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { FieldMessages } from '../../ui/fields.tsx';
import { type Lang, word } from '../../words.ts';
import { AnchorFileError, anchorPem, dnText, fingerprintText } from './anchor-file.ts';
import { tw } from './words.ts';

export const ANCHORS_KEY = ['trust-anchors'];
const day = (iso: string | undefined, lang: Lang) => (iso ? (instantDate(iso)?.[lang] ?? '—') : '—');

export interface Anchor {
  fingerprint: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  status: 'active' | 'retired';
  retiredAt?: string;
  reason?: string;
}

/** Whether the ledger's list shows what was awaited. */
const shows = (list: readonly Anchor[] | undefined, w: LedgerWait) =>
  list?.some((a) => a.fingerprint === w.fingerprint && a.status === w.until) ?? false;

/** The anchors on the ledger; read again every second while one awaited is not there yet. */
export function useAnchors(connection: Connection, awaited?: LedgerWait) {
  return useQuery({
    queryKey: ANCHORS_KEY,
    refetchInterval: (q) => (awaited && !shows(q.state.data, awaited) ? 1000 : false),
    queryFn: async () => {
      const { data, error } = await connection.api.GET('/v1/trust-anchors');
      if (!data) throw error;
      return data.items as Anchor[];
    },
  });
}

/** What the ledger has yet to show: an anchor sent to be registered, or one sent to be retired. */
export interface LedgerWait {
  fingerprint: string;
  until: 'active' | 'retired';
}

function validity(a: Anchor, lang: Lang, now: number): string {
  const span = tw('validFromTo', lang, { from: day(a.notBefore, lang), to: day(a.notAfter, lang) });
  if (Date.parse(a.notAfter) < now) return `${span} (${tw('expired', lang)})`;
  if (Date.parse(a.notBefore) > now) return `${span} (${tw('notYet', lang)})`;
  return span;
}

export function AnchorFacts({ anchor: a, lang }: { anchor: Anchor; lang: Lang }) {
  return (
    <dl className="facts">
      <div className="fact">
        <dt>{tw('subject', lang)}</dt>
        <dd>{dnText(a.subject)}</dd>
      </div>
      <div className="fact">
        <dt>{tw('issuer', lang)}</dt>
        <dd>{dnText(a.issuer)}</dd>
      </div>
      <div className="fact">
        <dt>{tw('validity', lang)}</dt>
        <dd>{validity(a, lang, Date.now())}</dd>
      </div>
      <div className="fact">
        <dt>{tw('fingerprint', lang)}</dt>
        <dd className="fingerprint">{fingerprintText(a.fingerprint)}</dd>
      </div>
    </dl>
  );
}

export function TrustAnchors({
  connection,
  lang,
  canManage,
  awaited: initial,
}: {
  connection: Connection;
  lang: Lang;
  canManage: boolean;
  /** Set when arriving from a retirement just sent. */
  awaited?: LedgerWait | undefined;
}) {
  const queries = useQueryClient();
  const [awaited, setAwaited] = useState<LedgerWait | undefined>(initial);
  const anchors = useAnchors(connection, awaited);
  const arrived = awaited !== undefined && shows(anchors.data, awaited);
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [inputKey, setInputKey] = useState(0);

  const send = useMutation({
    mutationFn: async (f: File) => {
      let certificate: string;
      try {
        certificate = anchorPem(new Uint8Array(await f.arrayBuffer()));
      } catch (e) {
        if (e instanceof AnchorFileError) throw { file: true };
        throw e;
      }
      const { data, error } = await connection.api.POST('/v1/trust-anchors', { body: { certificate } });
      if (!data) throw error;
      return data;
    },
    onSuccess: (r) => {
      setErrors([]);
      setFile(null);
      setInputKey((k) => k + 1);
      setAwaited({ fingerprint: r.fingerprint, until: 'active' });
      return queries.invalidateQueries({ queryKey: ANCHORS_KEY });
    },
    onError: (e) => {
      const message = (e as { file?: boolean }).file
        ? tw('certFileUnreadable', lang)
        : (apiMessage(e, lang) ?? word('network', lang));
      setErrors([{ field: 'anchor-file', message }]);
    },
  });

  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    if (!file) {
      setErrors([{ field: 'anchor-file', message: tw('certFileMissing', lang) }]);
      return;
    }
    send.mutate(file);
  };
  const fileError = errors.find((e) => e.field === 'anchor-file')?.message;

  return (
    <section aria-labelledby="anchors-title">
      <h2 id="anchors-title">{tw('tabAnchors', lang)}</h2>
      <p className="intro">{tw('anchorsIntro', lang)}</p>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      {awaited && (
        <p className="notice" role="status" data-testid="anchor-notice">
          {awaited.until === 'active' ? tw('queued', lang) : tw('retireQueued', lang)}
          {!arrived && <> {tw('waitingLedger', lang)}</>}
        </p>
      )}
      {anchors.isPending ? (
        <p aria-busy="true">{tw('loading', lang)}</p>
      ) : !anchors.data ? (
        <p className="notice">{apiMessage(anchors.error, lang) ?? word('network', lang)}</p>
      ) : anchors.data.length === 0 ? (
        <p>{tw('noAnchors', lang)}</p>
      ) : (
        <ul className="anchors" data-testid="trust-anchors">
          {anchors.data.map((a) => (
            <li
              key={a.fingerprint}
              className="card anchor"
              data-status={a.status}
              data-fingerprint={a.fingerprint}
            >
              <p className={`anchor-status status-${a.status}`}>
                <strong>{tw(a.status, lang)}</strong>
              </p>
              <AnchorFacts anchor={a} lang={lang} />
              {a.status === 'retired' && (
                <p className="anchor-retired">
                  {tw('retiredOn', lang, { date: day(a.retiredAt, lang), reason: a.reason ?? '—' })}
                </p>
              )}
              {canManage && a.status === 'active' && (
                <a className="button secondary" href={hashOf(['audit', 'anchors', a.fingerprint, 'retire'])}>
                  {tw('retire', lang)}
                  <span className="visually-hidden">: {dnText(a.subject)}</span>
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
      {canManage ? (
        <>
          <h3>{tw('registerTitle', lang)}</h3>
          <form noValidate onSubmit={submit}>
            <div className={fileError ? 'field field-error' : 'field'}>
              <label htmlFor="anchor-file">{tw('certFile', lang)}</label>
              <FieldMessages id="anchor-file" hint={tw('certFileHint', lang)} error={fileError} />
              <input
                key={inputKey}
                id="anchor-file"
                type="file"
                accept=".cer,.crt,.der,.pem"
                aria-describedby={fileError ? 'anchor-file-hint anchor-file-error' : 'anchor-file-hint'}
                aria-invalid={fileError ? true : undefined}
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              />
            </div>
            <button type="submit" disabled={send.isPending}>
              {send.isPending ? tw('sending', lang) : tw('register', lang)}
            </button>
          </form>
        </>
      ) : (
        <p className="hint">{tw('onlyMinistry', lang)}</p>
      )}
    </section>
  );
}
