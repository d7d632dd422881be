/**
 * `#/reconcile/run/<id>`: one run's result — "Đã đối chiếu 2 lô, 70 học bạ — 1 sai lệch" — and each finding
 * in words: what kind, which school and class, which record by its place in the batch, what differs and
 * what to do (the gateway's sentence); the hashes only under "technical details".
 */
import { instantText } from '@hocba/records';
import { useQuery } from '@tanstack/react-query';
import type { Connection } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { type Lang, word } from '../../words.ts';
import { type FindingItem, fetchRun, refusal } from './data.ts';
import { scopeText } from './scope-text.ts';
import { KIND_WORDS, rw } from './words.ts';

function Finding({ f, lang }: { f: FindingItem; lang: Lang }) {
  const where = [
    f.schoolName,
    f.className && rw('classOf', lang, { name: f.className }),
    f.leafIndex !== undefined && rw('whichRecord', lang, { n: f.leafIndex + 1 }),
  ].filter(Boolean);
  return (
    <li className="finding" data-testid="finding" data-kind={f.kind}>
      <h3>{KIND_WORDS[f.kind]?.[lang] ?? f.kind}</h3>
      {where.length > 0 && (
        <p className="where">
          <span className="visually-hidden">{rw('where', lang)}: </span>
          {where.join(' · ')}
        </p>
      )}
      <p>{f.message[lang]}</p>
      {(f.expected !== undefined || f.actual !== undefined) && (
        <details>
          <summary>{rw('technical', lang)}</summary>
          <dl className="hashes">
            {f.expected !== undefined && (
              <>
                <dt>{rw('ledgerSays', lang)}</dt>
                <dd>{f.expected}</dd>
              </>
            )}
            {f.actual !== undefined && (
              <>
                <dt>{rw('dbSays', lang)}</dt>
                <dd>{f.actual}</dd>
              </>
            )}
          </dl>
        </details>
      )}
    </li>
  );
}

/** Why a run stopped, in words: its stored code (INTERRUPTED, a ledger code, INTERNAL) is not for people. */
function failureWhy(code: string | null, lang: Lang): string {
  if (code === 'INTERRUPTED') return rw('whyInterrupted', lang);
  if (code === null || code === 'INTERNAL') return rw('whyInternal', lang);
  return rw('whyLedger', lang);
}

export function RunResult({ connection, lang, id }: { connection: Connection; lang: Lang; id: string }) {
  const run = useQuery({
    queryKey: ['reconciliation', id],
    queryFn: () => fetchRun(connection, id),
    refetchInterval: (q) => (q.state.data?.state === 'running' ? 1000 : false),
  });
  const back = (
    <p>
      <a href={hashOf(['reconcile'])}>{rw('back', lang)}</a>
    </p>
  );
  if (run.isPending) return <p aria-busy="true">{rw('loading', lang)}</p>;
  if (run.isError) {
    return (
      <section className="card">
        <ErrorSummary
          title={word('errorSummaryTitle', lang)}
          errors={[{ message: refusal(run.error, lang) }]}
        />
        {back}
      </section>
    );
  }
  const r = run.data;
  const counts = { batches: r.checked.batches, records: r.checked.records, findings: r.findingCount };
  const clean = r.findingCount === 0 && r.state === 'done';
  return (
    <section aria-labelledby="result-title" className="card reconcile-result">
      {back}
      <h2 id="result-title" data-testid="reconcile-summary">
        {clean ? rw('summaryClean', lang, counts) : rw('summary', lang, counts)}
      </h2>
      <p>
        {rw('runAt', lang, {
          start: instantText(r.startedAt)?.[lang] ?? '',
          end: (r.finishedAt && instantText(r.finishedAt)?.[lang]) || '—',
          scope: scopeText(r.scope, lang),
        })}
      </p>
      {r.state === 'failed' && (
        <p className="verdict bad" data-testid="run-failed">
          {rw('runFailed', lang, { why: failureWhy(r.error, lang) })}
        </p>
      )}
      {clean ? (
        <p className="verdict ok" data-testid="reconcile-clean">
          {rw('cleanExplain', lang)}
        </p>
      ) : (
        r.findings.length > 0 && (
          <>
            <h3>{rw('findingsTitle', lang)}</h3>
            {r.findings.length < r.findingCount && (
              <p>{rw('findingsMore', lang, { shown: r.findings.length, total: r.findingCount })}</p>
            )}
            <ol className="findings">
              {r.findings.map((f) => (
                <Finding key={f.seq} f={f} lang={lang} />
              ))}
            </ol>
          </>
        )
      )}
    </section>
  );
}
