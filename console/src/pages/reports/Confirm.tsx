/**
 * The two decisions of the area, each on its own page (GOV.UK: what it will do said in plain words first,
 * then one button): the province sends the year's report; the Ministry acknowledges one. The gateway's
 * refusal is shown in its words in the error summary; on success the page follows the act to the ledger.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Connection } from '../../api/client.ts';
import { go, hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { type Lang, word } from '../../words.ts';
import {
  acknowledgeReport,
  fetchPreview,
  fetchReports,
  n,
  previewKey,
  refusal,
  reportsKey,
  submitReport,
} from './data.ts';
import { reportName } from './ReportList.tsx';
import { rw } from './words.ts';
import { canSubmit, nextSentence } from './YearReport.tsx';

interface Props {
  connection: Connection;
  lang: Lang;
  year: string;
}

export function SubmitConfirm({ connection, lang, year }: Props) {
  const queries = useQueryClient();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const preview = useQuery({ queryKey: previewKey(year), queryFn: () => fetchPreview(connection, year) });
  const send = useMutation({
    mutationFn: () => submitReport(connection, year),
    onSuccess: (r) => {
      void queries.invalidateQueries({ queryKey: previewKey(year) });
      void queries.invalidateQueries({ queryKey: reportsKey(year) });
      go(['reports', 'sent', year, String(r.seq)]);
    },
    onError: (e) => setErrors([{ message: refusal(e, lang) }]),
  });
  const p = preview.data;
  const supplementary = (p?.next.seq ?? 1) > 1;
  return (
    <section className="card reports confirm" aria-labelledby="confirm-title">
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <h2 id="confirm-title">
        {rw(supplementary ? 'confirmSupplementaryTitle' : 'confirmTitle', lang, { year })}
      </h2>
      {preview.isPending && <p>{rw('loading', lang)}</p>}
      {preview.isError && <p className="notice">{refusal(preview.error, lang)}</p>}
      {p && (
        <>
          <p>
            {rw('confirmWhat', lang, { batches: n(p.next.batches, lang), records: n(p.next.records, lang) })}
          </p>
          {p.next.waitingAcceptance > 0 && (
            <p>{rw('confirmWaiting', lang, { n: n(p.next.waitingAcceptance, lang) })}</p>
          )}
          {!canSubmit(p) && <p className="notice">{nextSentence(p, lang)}</p>}
        </>
      )}
      <div className="actions">
        <button type="button" disabled={!p || !canSubmit(p) || send.isPending} onClick={() => send.mutate()}>
          {send.isPending ? rw('sending', lang) : rw('confirmSubmit', lang)}
        </button>
        <a href={hashOf(['reports', 'year', year])}>{rw('cancel', lang)}</a>
      </div>
    </section>
  );
}

export function AckConfirm({ connection, lang, year, seq }: Props & { seq: number }) {
  const queries = useQueryClient();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const reports = useQuery({ queryKey: reportsKey(year), queryFn: () => fetchReports(connection, year) });
  const r = reports.data?.find((x) => x.seq === seq);
  const ack = useMutation({
    mutationFn: () => acknowledgeReport(connection, year, seq),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: reportsKey(year) });
      go(['reports', 'acknowledged', year, String(seq)]);
    },
    onError: (e) => setErrors([{ message: refusal(e, lang) }]),
  });
  return (
    <section className="card reports confirm" aria-labelledby="ack-title">
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <h2 id="ack-title">{rw('ackConfirmTitle', lang)}</h2>
      {reports.isPending && <p>{rw('loading', lang)}</p>}
      {reports.data && !r && <p className="notice">{rw('notFound', lang)}</p>}
      {r && (
        <p>
          <strong>
            {reportName(r, lang)} {year}
            {r.provinceName ? ` — ${r.provinceName}` : ''}
          </strong>
          :{' '}
          {rw('holds', lang, {
            batches: n(r.batches, lang),
            records: n(r.records, lang),
            waiting: n(r.waitingAcceptance, lang),
          })}
          .
        </p>
      )}
      <p>{rw('ackConfirmWhat', lang)}</p>
      <div className="actions">
        <button type="button" disabled={!r || ack.isPending} onClick={() => ack.mutate()}>
          {ack.isPending ? rw('sending', lang) : rw('ackConfirm', lang)}
        </button>
        <a href={hashOf(['reports', 'list', year])}>{rw('cancel', lang)}</a>
      </div>
    </section>
  );
}
