/**
 * The queue: the district's batches on the ledger and not yet accepted (GET /v1/batches/?status=anchored,
 * oldest first, a page at a time), each with its school, class, records, who signed it, when it reached the
 * ledger, its deadline countdown and the outcome of its check (a page's checks read in one request,
 * verifications.ts). Batches whose check passed can be ticked and accepted together, after a confirmation page.
 */
import { instantText } from '@hocba/records';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Connection } from '../../api/client.ts';
import { go, hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { type Lang, word } from '../../words.ts';
import { DeadlineText, useCalendars } from './Deadline.tsx';
import { fetchQueue, type QueueItem, refusal, type Verification } from './data.ts';
import { SignerName } from './SignerName.tsx';
import { useVerifications } from './verifications.ts';
import { aw } from './words.ts';

const CHECKBOX_GROUP = 'queue-choose';

export function Queue({ connection, lang }: { connection: Connection; lang: Lang }) {
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [errors, setErrors] = useState<FieldError[]>([]);
  const queue = useInfiniteQuery({
    queryKey: ['acceptance-queue'],
    queryFn: ({ pageParam }) => fetchQueue(connection, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items: QueueItem[] = queue.data?.pages.flatMap((p) => p.items) ?? [];
  const calendars = useCalendars(
    connection,
    items.map((i) => i.schoolYear),
  );
  const checks = useVerifications(
    connection,
    items.map((i) => i.batchId),
  );

  if (queue.isPending) return <p aria-busy="true">…</p>;
  if (queue.isError) {
    return (
      <section aria-labelledby="queue-title">
        <h2 id="queue-title">{aw('queueTitle', lang)}</h2>
        <ErrorSummary
          title={word('errorSummaryTitle', lang)}
          errors={[{ message: refusal(queue.error, lang) }]}
        />
      </section>
    );
  }
  const total = queue.data.pages[0]?.total ?? 0;
  const missingYears = [...calendars.entries()].filter(([, c]) => c === null).map(([y]) => y);
  const toggle = (batchId: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(batchId);
    else next.delete(batchId);
    setChosen(next);
    if (next.size > 0) setErrors([]);
  };
  const acceptChosen = () => {
    const ids = items.map((i) => i.batchId).filter((id) => chosen.has(id));
    if (ids.length === 0) {
      setErrors([{ field: `${CHECKBOX_GROUP}-0`, message: aw('chooseFirst', lang) }]);
      return;
    }
    go(['acceptance', 'confirm', ids.join(',')]);
  };

  return (
    <section aria-labelledby="queue-title" className="acceptance">
      <p className="sub-nav">
        <a href={hashOf(['acceptance', 'schools'])}>{aw('schoolsLink', lang)}</a>
      </p>
      <h2 id="queue-title">{aw('queueTitle', lang)}</h2>
      <p className="intro">{aw('queueIntro', lang)}</p>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      {missingYears.map((year) => (
        <p key={year} className="verdict warn" data-testid="calendar-missing">
          {aw('calendarMissing', lang, { year })}
        </p>
      ))}
      {items.length === 0 ? (
        <p className="card" data-testid="queue-empty">
          {aw('queueEmpty', lang)}
        </p>
      ) : (
        <>
          <p data-testid="queue-count">{aw('queueCount', lang, { n: total })}</p>
          <div className="scroll table-box">
            <table className="grid queue" data-testid="queue">
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">{aw('colChoose', lang)}</span>
                  </th>
                  <th scope="col">{aw('colSchool', lang)}</th>
                  <th scope="col">{aw('colClass', lang)}</th>
                  <th scope="col" className="num">
                    {aw('colRecords', lang)}
                  </th>
                  <th scope="col">{aw('colSigned', lang)}</th>
                  <th scope="col">{aw('colAnchored', lang)}</th>
                  <th scope="col">{aw('colDeadline', lang)}</th>
                  <th scope="col">{aw('colCheck', lang)}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item, i) => (
                  <Row
                    key={item.batchId}
                    item={item}
                    index={i}
                    lang={lang}
                    check={checks.get(item.batchId)?.data}
                    checkFailed={checks.get(item.batchId)?.isError ?? false}
                    chosen={chosen.has(item.batchId)}
                    onToggle={(on) => toggle(item.batchId, on)}
                    calendar={calendars.get(item.schoolYear)}
                  />
                ))}
              </tbody>
            </table>
          </div>
          {queue.hasNextPage && (
            <p>
              <button
                type="button"
                className="secondary"
                disabled={queue.isFetchingNextPage}
                onClick={() => void queue.fetchNextPage()}
              >
                {aw('more', lang)}
              </button>
            </p>
          )}
          <p>
            <button type="button" onClick={acceptChosen} data-testid="accept-chosen">
              {chosen.size === 0
                ? aw('acceptNoneChosen', lang)
                : aw('acceptChosen', lang, { n: chosen.size })}
            </button>
          </p>
        </>
      )}
    </section>
  );
}

function Row({
  item,
  index,
  lang,
  check,
  checkFailed,
  chosen,
  onToggle,
  calendar,
}: {
  item: QueueItem;
  index: number;
  lang: Lang;
  check: Verification | undefined;
  checkFailed: boolean;
  chosen: boolean;
  onToggle: (on: boolean) => void;
  calendar: Parameters<typeof DeadlineText>[0]['calendar'];
}) {
  const name = item.className ?? aw('wholeSchool', lang);
  const what = `${name}, ${item.schoolName}`;
  const label = aw('chooseBatch', lang, { name: what });
  const verdict = check
    ? check.acceptable
      ? { cls: 'ok', text: aw('checkOk', lang) }
      : { cls: 'bad', text: aw('checkBad', lang) }
    : checkFailed
      ? { cls: 'bad', text: aw('checkBad', lang) }
      : { cls: 'pending', text: aw('checking', lang) };
  return (
    <tr data-batch={item.batchId}>
      <td className="choose">
        <input
          type="checkbox"
          id={`${CHECKBOX_GROUP}-${index}`}
          aria-label={label}
          checked={chosen}
          // Only a batch whose every check passed can be accepted.
          disabled={!check?.acceptable}
          onChange={(e) => onToggle(e.currentTarget.checked)}
        />
      </td>
      <td>{item.schoolName}</td>
      <td>{name}</td>
      <td className="num">{item.recordCount ?? '—'}</td>
      <td>{check ? <SignerName v={check} lang={lang} /> : '…'}</td>
      <td>{instantText(item.anchoredAt)?.[lang] ?? '—'}</td>
      <td>
        <DeadlineText kind={item.kind} calendar={calendar} lang={lang} />
      </td>
      <td>
        <span className={`check ${verdict.cls}`}>{verdict.text}</span>
        <br />
        <a href={hashOf(['acceptance', 'batch', item.batchId])}>
          {aw('open', lang)}
          <span className="visually-hidden">: {what}</span>
        </a>
      </td>
    </tr>
  );
}
