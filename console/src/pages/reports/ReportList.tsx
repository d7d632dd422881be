/**
 * The year's reports, each with what it holds (batches, records, per district), who sent it and when, its
 * place on the ledger, and the Ministry's acknowledgement; for the Ministry, the button that leads to the
 * acknowledgement's confirmation.
 */
import { instantDate, instantText } from '@hocba/records';
import { useQuery } from '@tanstack/react-query';
import type { Connection } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import type { Lang } from '../../words.ts';
import { DistrictTable } from './DistrictTable.tsx';
import { fetchReports, n, type Report, refusal, reportsKey } from './data.ts';
import { rw } from './words.ts';

export const reportName = (r: Pick<Report, 'seq'>, lang: Lang) =>
  r.seq === 1 ? rw('main', lang) : rw('supplementary', lang, { n: r.seq - 1 });

export function ledgerLine(r: Report, lang: Lang): string {
  if (r.state === 'submitted') {
    const base = rw('submitted', lang, { block: r.blockNumber ?? '—' });
    return r.onTime === null ? base : `${base} (${rw(r.onTime ? 'onTime' : 'late', lang)})`;
  }
  return rw(r.state === 'failed' ? 'ledgerRefused' : 'queued', lang);
}

export function ackLine(r: Report, lang: Lang): string {
  switch (r.ackState) {
    case 'acknowledged': {
      const text = rw('ackDone', lang, {
        date: (r.acknowledgedAt && instantDate(r.acknowledgedAt)?.[lang]) || '—',
        name: r.acknowledgedBy ?? '—',
      });
      return r.ackBlockNumber === null
        ? text
        : `${text}, ${rw('ackBlock', lang, { block: r.ackBlockNumber })}`;
    }
    case 'queued':
      return rw('ackQueued', lang);
    case 'failed':
      return rw('ackFailed', lang);
    default:
      return rw('ackNone', lang);
  }
}

function ReportCard({ r, lang, canAcknowledge }: { r: Report; lang: Lang; canAcknowledge: boolean }) {
  return (
    <article className="report" data-testid={`report-${r.seq}`} aria-labelledby={`report-${r.seq}-title`}>
      <h3 id={`report-${r.seq}-title`}>
        {reportName(r, lang)}
        {r.provinceName ? ` — ${r.provinceName}` : ''}
      </h3>
      <dl className="facts">
        <dt>{rw('factHolds', lang)}</dt>
        <dd>
          {rw('holds', lang, {
            batches: n(r.batches, lang),
            records: n(r.records, lang),
            waiting: n(r.waitingAcceptance, lang),
          })}
        </dd>
        <dt>{rw('factSent', lang)}</dt>
        <dd>
          {rw('sentBy', lang, {
            name: r.submittedBy ?? '—',
            date: instantText(r.submittedAt ?? r.createdAt)?.[lang] ?? '—',
          })}
        </dd>
        <dt>{rw('factLedger', lang)}</dt>
        <dd className={r.state === 'submitted' ? 'pass' : r.state === 'failed' ? 'fail' : ''}>
          {ledgerLine(r, lang)}
        </dd>
        <dt>{rw('root', lang)}</dt>
        <dd>
          <code title={r.root}>{`${r.root.slice(0, 8)}…${r.root.slice(-8)}`}</code>
        </dd>
        <dt>{rw('factMinistry', lang)}</dt>
        <dd className={r.ackState === 'acknowledged' ? 'pass' : r.ackState === 'failed' ? 'fail' : ''}>
          {ackLine(r, lang)}
        </dd>
      </dl>
      {r.districts.length > 0 && (
        <DistrictTable
          label={rw('tableLabel', lang, { name: reportName(r, lang) })}
          districts={r.districts}
          lang={lang}
        />
      )}
      {canAcknowledge && r.state === 'submitted' && (r.ackState === 'none' || r.ackState === 'failed') && (
        <p>
          <a className="button" href={hashOf(['reports', 'acknowledge', r.schoolYear, String(r.seq)])}>
            {rw('acknowledge', lang)}
          </a>
        </p>
      )}
    </article>
  );
}

export function ReportList({
  connection,
  lang,
  year,
  canAcknowledge,
}: {
  connection: Connection;
  lang: Lang;
  year: string;
  canAcknowledge: boolean;
}) {
  const reports = useQuery({ queryKey: reportsKey(year), queryFn: () => fetchReports(connection, year) });
  return (
    <section className="card" aria-labelledby="reports-title">
      <h2 id="reports-title">{rw('listTitle', lang, { year })}</h2>
      {reports.isPending && <p>{rw('loading', lang)}</p>}
      {reports.isError && <p className="notice">{refusal(reports.error, lang)}</p>}
      {reports.data?.length === 0 && <p>{rw('listEmpty', lang)}</p>}
      {reports.data?.map((r) => (
        <ReportCard key={r.reportId} r={r} lang={lang} canAcknowledge={canAcknowledge} />
      ))}
    </section>
  );
}
