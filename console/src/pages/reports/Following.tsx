/**
 * A report sent, or acknowledged, followed to the ledger: the year's reports read every second until this
 * one's ledger transaction is recorded (its block) or refused. A reload keeps the address, so the page
 * still tells where the act is.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Connection } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import type { Lang } from '../../words.ts';
import { fetchReports, previewKey, type Report, reportsKey } from './data.ts';
import { ackLine, ledgerLine } from './ReportList.tsx';
import { rw } from './words.ts';

const settled = (r: Report | undefined, what: 'submit' | 'acknowledge') =>
  !!r &&
  (what === 'submit' ? r.state !== 'queued' : r.ackState === 'acknowledged' || r.ackState === 'failed');

export function Following({
  connection,
  lang,
  year,
  seq,
  what,
}: {
  connection: Connection;
  lang: Lang;
  year: string;
  seq: number;
  what: 'submit' | 'acknowledge';
}) {
  const reports = useQuery({
    queryKey: reportsKey(year),
    queryFn: () => fetchReports(connection, year),
    refetchInterval: (q) =>
      settled(
        q.state.data?.find((r) => r.seq === seq),
        what,
      )
        ? false
        : 1000,
  });
  const r = reports.data?.find((x) => x.seq === seq);
  // Once the ledger has answered, what a next report would hold has changed too.
  const queries = useQueryClient();
  const done = settled(r, what);
  useEffect(() => {
    if (done) void queries.invalidateQueries({ queryKey: previewKey(year) });
  }, [done, queries, year]);
  const line = r ? (what === 'submit' ? ledgerLine(r, lang) : ackLine(r, lang)) : rw('loading', lang);
  const ok = r && (what === 'submit' ? r.state === 'submitted' : r.ackState === 'acknowledged');
  const failed = r && (what === 'submit' ? r.state === 'failed' : r.ackState === 'failed');
  return (
    <section className="card reports following" aria-labelledby="follow-title">
      <h2 id="follow-title">
        {rw(what === 'submit' ? 'followTitle' : 'ackFollowTitle', lang, { n: seq, year })}
      </h2>
      <p className={`status ${ok ? 'pass' : failed ? 'fail' : ''}`} role="status" data-testid="following">
        {line}
      </p>
      <p>
        <a href={hashOf(['reports', what === 'submit' ? 'year' : 'list', year])}>
          {rw(what === 'submit' ? 'backToReport' : 'backToList', lang)}
        </a>
      </p>
    </section>
  );
}
