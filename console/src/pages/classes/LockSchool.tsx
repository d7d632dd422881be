/**
 * Lock the whole school (issue 13): every class whose records are all approved, one class batch after
 * another. The gateway locks a class in one request and says nothing until it is done, so the progress
 * shown is honest per class: how many are locked, which one is being locked, each one's outcome. Stopping
 * takes effect after the class being locked; a class that fails does not stop the others.
 */
import { useRef, useState } from 'react';
import type { Connection } from '../../api/client.ts';
import type { Lang } from '../../words.ts';
import { type ClassRow, notYetOf, refusal } from './batch-data.ts';
import { bw } from './words.ts';

type Outcome =
  | { state: 'waiting' }
  | { state: 'locked'; leafCount: number }
  | { state: 'failed'; why: string };

export function LockSchool({
  connection,
  lang,
  toLock,
  leftOut,
  onLocked,
  onClose,
}: {
  connection: Connection;
  lang: Lang;
  /** The classes to lock (every record approved, no batch on its way). */
  toLock: ClassRow[];
  /** Classes with records not yet approved: named, not locked. */
  leftOut: ClassRow[];
  /** Called after each class is locked (the table shows it at once). */
  onLocked: () => void;
  onClose: () => void;
}) {
  // The list is fixed when the principal confirms: the table may change under it as classes lock.
  const [plan, setPlan] = useState<ClassRow[] | null>(null);
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [now, setNow] = useState<string | null>(null);
  const [finished, setFinished] = useState<'done' | 'stopped' | null>(null);
  const stop = useRef(false);

  async function run(classes: ClassRow[]) {
    setPlan(classes);
    setOutcomes(Object.fromEntries(classes.map((c) => [c.classId, { state: 'waiting' } as Outcome])));
    stop.current = false;
    for (const c of classes) {
      if (stop.current) {
        setNow(null);
        setFinished('stopped');
        return;
      }
      setNow(c.name);
      const { data, error } = await connection.api.POST('/v1/batches/', { body: { classId: c.classId } });
      const outcome: Outcome = data
        ? { state: 'locked', leafCount: data.leafCount }
        : { state: 'failed', why: refusal(error, lang) };
      setOutcomes((o) => ({ ...o, [c.classId]: outcome }));
      if (data) onLocked();
    }
    setNow(null);
    setFinished('done');
  }

  const total = plan?.length ?? toLock.length;
  const done = Object.values(outcomes).filter((o) => o.state !== 'waiting').length;
  return (
    <section className="card lock-school" aria-labelledby="lock-school-title" data-testid="lock-school">
      <h3 id="lock-school-title">{bw('lockSchool', lang)}</h3>
      {!plan ? (
        <>
          <p>{bw('lockSchoolIntro', lang)}</p>
          <p>
            {bw('willLock', lang, { n: toLock.length })}{' '}
            <strong>{toLock.map((c) => c.name).join(', ')}</strong>
          </p>
          {leftOut.length > 0 && (
            <>
              <p>{bw('willNotLock', lang)}</p>
              <ul>
                {leftOut.map((c) => (
                  <li key={c.classId}>
                    {c.name}: {bw('notYetCount', lang, { n: notYetOf(c) })}
                  </li>
                ))}
              </ul>
            </>
          )}
          <div className="actions">
            <button type="button" onClick={() => void run(toLock)}>
              {bw('lockNClasses', lang, { n: toLock.length })}
            </button>
            <button type="button" className="secondary" onClick={onClose}>
              {bw('close', lang)}
            </button>
          </div>
        </>
      ) : (
        <>
          <label htmlFor="lock-progress">{bw('progressLabel', lang)}</label>
          <progress id="lock-progress" max={total} value={done} />
          <p role="status" data-testid="lock-progress">
            {bw('progress', lang, { done, total })}
            {now && `, ${bw('progressNow', lang, { name: now })}`}
          </p>
          <ul className="lock-outcomes">
            {plan.map((c) => {
              const o = outcomes[c.classId] ?? { state: 'waiting' };
              return (
                <li key={c.classId} className={`lock-${o.state}`} data-testid={`lock-${c.name}`}>
                  {o.state === 'locked'
                    ? bw('lockedClass', lang, { name: c.name, n: o.leafCount })
                    : o.state === 'failed'
                      ? bw('lockFailed', lang, { name: c.name, why: o.why })
                      : bw('lockWaiting', lang, { name: c.name })}
                </li>
              );
            })}
          </ul>
          {finished && <p>{finished === 'done' ? bw('lockDone', lang) : bw('lockStopped', lang)}</p>}
          <div className="actions">
            {finished ? (
              <button type="button" className="secondary" onClick={onClose}>
                {bw('close', lang)}
              </button>
            ) : (
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  stop.current = true;
                }}
              >
                {bw('stopAfter', lang)}
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
