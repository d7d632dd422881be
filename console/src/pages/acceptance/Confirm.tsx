/**
 * The confirmation (GOV.UK: one decision on its page, what it will do said in plain words first): the
 * batches to accept, each with its school, class and records, and one button. The gateway's answer per
 * batch is kept for the next page, which follows each acceptance to the ledger.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Connection } from '../../api/client.ts';
import { go, hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { type Lang, word } from '../../words.ts';
import { titleOf } from './BatchCheck.tsx';
import { acceptBatches, refusal } from './data.ts';
import { useVerifications } from './verifications.ts';
import { aw } from './words.ts';

export const resultsKey = (batchIds: readonly string[]) => ['acceptance-results', batchIds.join(',')];

export function Confirm({
  connection,
  lang,
  batchIds,
}: {
  connection: Connection;
  lang: Lang;
  batchIds: string[];
}) {
  const queries = useQueryClient();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const checks = useVerifications(connection, batchIds);
  const accept = useMutation({
    mutationFn: () => acceptBatches(connection, batchIds),
    onSuccess: (results) => {
      queries.setQueryData(resultsKey(batchIds), results);
      void queries.invalidateQueries({ queryKey: ['acceptance-queue'] });
      go(['acceptance', 'done', batchIds.join(',')]);
    },
    onError: (e) => setErrors([{ message: refusal(e, lang) }]),
  });
  const backTo =
    batchIds.length === 1 ? hashOf(['acceptance', 'batch', batchIds[0]!]) : hashOf(['acceptance']);
  return (
    <section aria-labelledby="confirm-title" className="acceptance confirm">
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <h2 id="confirm-title">
        {batchIds.length === 1
          ? aw('confirmTitleOne', lang)
          : aw('confirmTitleMany', lang, { n: batchIds.length })}
      </h2>
      <p>{aw('confirmWhat', lang)}</p>
      <ul className="confirm-list" data-testid="confirm-list">
        {batchIds.map((batchId) => {
          const v = checks.get(batchId)?.data;
          return (
            <li key={batchId}>
              {v ? (
                <>
                  <strong>{titleOf(v, lang)}</strong> — {aw('recordsN', lang, { n: v.recordCount })}
                </>
              ) : (
                '…'
              )}
            </li>
          );
        })}
      </ul>
      <div className="button-row">
        <button
          type="button"
          disabled={accept.isPending}
          onClick={() => accept.mutate()}
          data-testid="confirm-accept"
        >
          {accept.isPending ? aw('confirming', lang) : aw('confirmButton', lang)}
        </button>
        <a href={backTo}>{aw('cancel', lang)}</a>
      </div>
    </section>
  );
}
