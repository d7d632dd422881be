/**
 * Each acceptance followed to the ledger: the gateway's answer (queued, or refused with its words), then
 * the batch's acceptance event asked for every second until the ledger has it (its block) or refused it.
 * After a reload the answers are gone; the events alone still tell where each batch is.
 */
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Connection } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import type { Lang } from '../../words.ts';
import { titleOf } from './BatchCheck.tsx';
import { resultsKey } from './Confirm.tsx';
import { type AcceptResult, fetchVerification, verificationKey } from './data.ts';
import { aw } from './words.ts';

async function acceptEvent(connection: Connection, batchId: string) {
  const { data, error } = await connection.api.GET('/v1/batches/{batchId}/status-events', {
    params: { path: { batchId } },
  });
  if (!data) throw error;
  return data.items.filter((e) => e.kind === 'accept').at(-1) ?? null;
}
type AcceptEvent = Awaited<ReturnType<typeof acceptEvent>>;

const settled = (e: AcceptEvent | undefined) => !!e && (e.ledgerTxId !== null || e.queue?.state === 'failed');

export function Following({
  connection,
  lang,
  batchIds,
}: {
  connection: Connection;
  lang: Lang;
  batchIds: string[];
}) {
  const queries = useQueryClient();
  const results = queries.getQueryData<AcceptResult[]>(resultsKey(batchIds));
  const names = useQueries({
    queries: batchIds.map((batchId) => ({
      queryKey: verificationKey(batchId),
      queryFn: () => fetchVerification(connection, batchId),
      staleTime: 60_000,
    })),
  });
  const events = useQueries({
    queries: batchIds.map((batchId) => ({
      queryKey: ['acceptance-event', batchId],
      queryFn: () => acceptEvent(connection, batchId),
      refetchInterval: (q: { state: { data?: AcceptEvent | undefined } }) =>
        settled(q.state.data) ? false : 1000,
    })),
  });
  // Once the ledger has answered, the batch's check (its state) is out of date.
  const settledIds = batchIds.filter((_, i) => settled(events[i]?.data)).join(',');
  useEffect(() => {
    for (const id of settledIds.split(',').filter(Boolean)) {
      void queries.invalidateQueries({ queryKey: verificationKey(id) });
    }
    if (settledIds) void queries.invalidateQueries({ queryKey: ['acceptance-queue'] });
  }, [settledIds, queries]);
  return (
    <section aria-labelledby="done-title" className="acceptance following">
      <h2 id="done-title">{aw('doneTitle', lang)}</h2>
      <p className="intro">{aw('doneIntro', lang)}</p>
      <ul className="steps" data-testid="following">
        {batchIds.map((batchId, i) => {
          const answer = results?.find((r) => r.batchId === batchId);
          const event = events[i]?.data;
          const v = names[i]?.data;
          let cls: 'pass' | 'fail' | 'unknown' = 'unknown';
          let text = aw('queued', lang);
          if (answer?.outcome === 'refused') {
            cls = 'fail';
            text = `${aw('refused', lang)}: ${answer.message[lang]}`;
          } else if (event?.ledgerTxId) {
            cls = 'pass';
            text = `${aw('accepted', lang)} — ${aw('acceptedAt', lang, { block: event.blockNumber ?? '—' })}`;
          } else if (event?.queue?.state === 'failed') {
            cls = 'fail';
            text = aw('ledgerRefused', lang);
          }
          return (
            <li key={batchId} className={`step ${cls}`} data-batch={batchId} data-outcome={cls}>
              <span className="icon" aria-hidden="true">
                {cls === 'pass' ? '✓' : cls === 'fail' ? '✗' : '…'}
              </span>
              <div>
                <h3 className="step-title">
                  <a href={hashOf(['acceptance', 'batch', batchId])}>{v ? titleOf(v, lang) : '…'}</a>
                </h3>
                <p className="outcome" role="status">
                  {text}
                </p>
              </div>
            </li>
          );
        })}
      </ul>
      <p>
        <a href={hashOf(['acceptance'])}>{aw('backToQueue', lang)}</a>
      </p>
    </section>
  );
}
