/**
 * One batch from lock to the district's acceptance (issue 13): where it is now, its four steps each with
 * when and by whom (the audit log, GET /v1/audit?entityType=batch), the ledger's block and transaction
 * (shortened for reading, whole on hover and when copied), what was asked after the ledger (status events),
 * and — while it waits for the principal — the three ways to sign. Times are dd/mm/yyyy HH:mm in Vietnam.
 */
import { instantText } from '@hocba/records';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Connection } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { BATCH_STATE_WORDS, type Lang, roleWord, word } from '../../words.ts';
import {
  type BatchAnswer,
  batchKey,
  fetchBatch,
  fetchSchoolClasses,
  refusal,
  schoolClassesKey,
  shortId,
} from './batch-data.ts';
import { SignPanel } from './SignPanel.tsx';
import { AUDIT_ACTION_WORDS, bw, STATUS_EVENT_WORDS } from './words.ts';

const time = (iso: string | null | undefined, lang: Lang) => (iso && instantText(iso)?.[lang]) || '—';

/** The states past each step (DESIGN.md §7): a step is done once the batch is in one of them. */
const PAST_SIGN = ['signed', 'anchored', 'accepted', 'reported', 'recallRequested', 'recalled', 'replaced'];
const PAST_ACCEPT = ['accepted', 'reported'];

export function BatchPage({
  connection,
  lang,
  schoolId,
  batchId,
  canSign,
}: {
  connection: Connection;
  lang: Lang;
  schoolId: string;
  batchId: string;
  canSign: boolean;
}) {
  const queries = useQueryClient();
  const batch = useQuery({
    queryKey: batchKey(batchId),
    queryFn: () => fetchBatch(connection, batchId),
    // While the batch waits for the ledger, ask again every second; once on it, now and then for the
    // district's acceptance (another person's step, which may come while the page is open).
    refetchInterval: (q) =>
      q.state.data?.state === 'signed' ? 1000 : q.state.data?.state === 'anchored' ? 5000 : false,
  });
  const classes = useQuery({
    queryKey: schoolClassesKey(schoolId),
    queryFn: () => fetchSchoolClasses(connection, schoolId),
  });
  const state = batch.data?.state;
  // The classes' table shows each batch's state: once this one moves on, that table is out of date.
  useEffect(() => {
    if (state !== undefined) void queries.invalidateQueries({ queryKey: schoolClassesKey(schoolId) });
  }, [state, schoolId, queries]);
  const history = useQuery({
    // Read again whenever the batch moves on.
    queryKey: ['batch-history', batchId, state],
    enabled: state !== undefined,
    queryFn: async () => {
      const { data, error } = await connection.api.GET('/v1/audit/', {
        params: { query: { entityType: 'batch', entityId: batchId, limit: 100 } },
      });
      if (!data) throw error;
      return data.items;
    },
  });
  const events = useQuery({
    queryKey: ['batch-events', batchId, state],
    enabled: state !== undefined && PAST_SIGN.includes(state),
    queryFn: async () => {
      const { data, error } = await connection.api.GET('/v1/batches/{batchId}/status-events', {
        params: { path: { batchId } },
      });
      if (!data) throw error;
      return data.items;
    },
  });

  if (batch.isPending) return <p aria-busy="true">…</p>;
  if (batch.isError || !batch.data) {
    return (
      <section aria-labelledby="batch-title">
        <h2 id="batch-title">{bw('batchTitleSchool', lang)}</h2>
        <ErrorSummary
          title={word('errorSummaryTitle', lang)}
          errors={[{ message: refusal(batch.error, lang) }]}
        />
        <p>
          <a href={hashOf(['classes'])}>{bw('backToClasses', lang)}</a>
        </p>
      </section>
    );
  }
  const b = batch.data;
  const className = classes.data?.classes.find((c) => c.classId === b.classId)?.name;
  const title = className ? bw('batchTitle', lang, { name: className }) : bw('batchTitleSchool', lang);
  const entries = history.data ?? [];
  const last = (action: string) => entries.filter((e) => e.action === action).at(-1);
  const whoOf = (e: (typeof entries)[number] | undefined) =>
    !e
      ? '—'
      : e.actor
        ? [e.actor.displayName, e.actor.role && roleWord(e.actor.role, lang)].filter(Boolean).join(', ')
        : bw('system', lang);
  const after = (events.data ?? []).filter((e) => e.kind !== 'permission' || e.ledgerTxId !== null);

  return (
    <section aria-labelledby="batch-title" className="batch-page">
      <p>
        <a href={hashOf(['classes'])}>{bw('backToClasses', lang)}</a>
      </p>
      <h2 id="batch-title">{title}</h2>
      <dl className="facts batch-facts">
        <dt>{bw('nowState', lang)}</dt>
        <dd data-testid="batch-now">
          <strong>{BATCH_STATE_WORDS[b.state]?.[lang] ?? '—'}</strong>
        </dd>
        <dt>{bw('schoolYear', lang)}</dt>
        <dd>{b.schoolYear}</dd>
        <dt>{bw('records', lang)}</dt>
        <dd>{b.leafCount ?? '—'}</dd>
      </dl>
      <LedgerWait b={b} lang={lang} />

      {canSign && b.state === 'assembling' && (
        <SignPanel
          connection={connection}
          lang={lang}
          schoolId={schoolId}
          batchId={batchId}
          className={className ?? ''}
          onDone={() => {
            void queries.invalidateQueries({ queryKey: batchKey(batchId) });
            void queries.invalidateQueries({ queryKey: schoolClassesKey(schoolId) });
          }}
        />
      )}

      <h3>{bw('stepsTitle', lang)}</h3>
      <ol className="steps batch-steps" data-testid="batch-steps">
        <Step
          n={1}
          title={bw('stepLock', lang)}
          done={b.lockedAt !== null}
          current={false}
          lang={lang}
          facts={[
            [bw('at', lang), time(b.lockedAt, lang)],
            [bw('by', lang), whoOf(last('batch.lock'))],
          ]}
        />
        <Step
          n={2}
          title={bw('stepSign', lang)}
          done={PAST_SIGN.includes(b.state)}
          current={b.state === 'assembling'}
          lang={lang}
          facts={
            PAST_SIGN.includes(b.state)
              ? [
                  [bw('at', lang), time(last('batch.sign')?.at, lang)],
                  [bw('by', lang), whoOf(last('batch.sign'))],
                ]
              : []
          }
        />
        <Step
          n={3}
          title={bw('stepAnchor', lang)}
          done={b.anchor !== null}
          current={b.state === 'signed'}
          lang={lang}
          facts={
            b.anchor
              ? [
                  [bw('at', lang), time(b.anchor.anchoredAt, lang)],
                  [bw('block', lang), b.anchor.blockNumber === null ? '—' : String(b.anchor.blockNumber)],
                  [bw('transaction', lang), <TxId key="tx" id={b.anchor.txId} lang={lang} />],
                  [bw('by', lang), bw('system', lang)],
                ]
              : []
          }
        />
        <Step
          n={4}
          title={bw('stepAccept', lang)}
          done={PAST_ACCEPT.includes(b.state)}
          current={b.state === 'anchored'}
          lang={lang}
          facts={
            PAST_ACCEPT.includes(b.state)
              ? [
                  [bw('at', lang), time(last('batch.accept')?.at, lang)],
                  [bw('by', lang), whoOf(last('batch.accept'))],
                ]
              : []
          }
        />
      </ol>

      {after.length > 0 && (
        <>
          <h3>{bw('afterTitle', lang)}</h3>
          <ul data-testid="status-events">
            {after.map((e) => (
              <li key={e.id}>
                {time(e.createdAt, lang)} — {STATUS_EVENT_WORDS[e.kind]?.[lang] ?? bw('otherAction', lang)} (
                {e.blockNumber !== null ? bw('onLedger', lang, { block: e.blockNumber }) : bw('queued', lang)}
                )
              </li>
            ))}
          </ul>
        </>
      )}

      <h3 id="history-title">{bw('historyTitle', lang)}</h3>
      {history.isError ? (
        <p>{refusal(history.error, lang)}</p>
      ) : entries.length === 0 ? (
        <p>{history.isPending ? '…' : bw('noHistory', lang)}</p>
      ) : (
        <div className="scroll">
          <table className="grid batch-history" aria-labelledby="history-title" data-testid="batch-history">
            <thead>
              <tr>
                <th scope="col">{bw('when', lang)}</th>
                <th scope="col">{bw('what', lang)}</th>
                <th scope="col">{bw('who', lang)}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.seq}>
                  <td className="when">{time(e.at, lang)}</td>
                  <td>{AUDIT_ACTION_WORDS[e.action]?.[lang] ?? bw('otherAction', lang)}</td>
                  <td>{whoOf(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Step({
  n,
  title,
  done,
  current,
  lang,
  facts,
}: {
  n: number;
  title: string;
  done: boolean;
  current: boolean;
  lang: Lang;
  facts: [string, React.ReactNode][];
}) {
  const status = done ? bw('done', lang) : current ? bw('current', lang) : bw('later', lang);
  return (
    <li
      className={`step ${done ? 'pass' : current ? 'unknown' : 'later'}`}
      aria-current={current ? 'step' : undefined}
    >
      <span className="icon" aria-hidden="true">
        {done ? '✓' : n}
      </span>
      <div>
        <h4>
          {title} — <span className="outcome">{status}</span>
        </h4>
        {facts.length > 0 && (
          <dl className="facts">
            {facts.map(([k, v]) => (
              <div key={k} className="fact">
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </li>
  );
}

/** The transaction id shortened for reading; the whole id on hover and in the copy. */
function TxId({ id, lang }: { id: string; lang: Lang }) {
  const [copied, setCopied] = useState(false);
  return (
    <span className="txid">
      <code title={id} data-testid="tx-id">
        {shortId(id)}
      </code>{' '}
      {/* The clipboard needs a secure page (https or this machine); elsewhere the id is copied by hand. */}
      {typeof navigator.clipboard?.writeText === 'function' && (
        <button
          type="button"
          className="secondary small"
          onClick={() =>
            void navigator.clipboard.writeText(id).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? bw('copied', lang) : bw('copy', lang)}
          <span className="visually-hidden"> {bw('copyTxHidden', lang)}</span>
        </button>
      )}
    </span>
  );
}

/** A signed batch the ledger has not taken yet: the worker's retries, or its refusal, in words. */
function LedgerWait({ b, lang }: { b: BatchAnswer; lang: Lang }) {
  if (b.state !== 'signed' || !b.outbox) return null;
  if (b.outbox.state === 'failed') return <p className="notice error">{bw('refused', lang)}</p>;
  if (b.outbox.attempts > 0 && b.outbox.lastErrorCode)
    return <p className="notice">{bw('retrying', lang, { n: b.outbox.attempts })}</p>;
  return (
    <p className="notice" role="status">
      {word('signedWaiting', lang)}
    </p>
  );
}
