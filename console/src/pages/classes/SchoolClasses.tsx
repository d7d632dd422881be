/**
 * The school's classes as its principal follows them (issue 13): where each class's records stand, and what
 * is next — lock a class once every record is approved, or every such class at once (LockSchool.tsx), sign
 * its batch one of three ways (SignPanel.tsx), then watch it reach the ledger (the page asks again every
 * second while a batch waits for the ledger). A batch's state links to its page (BatchPage.tsx).
 */
import { instantText } from '@hocba/records';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { BATCH_STATE_WORDS, type Lang, word } from '../../words.ts';
import { canLock, fetchSchoolClasses, isOpen, notYetOf, schoolClassesKey } from './batch-data.ts';
import { LockSchool } from './LockSchool.tsx';
import { SignPanel } from './SignPanel.tsx';
import { bw } from './words.ts';

export function SchoolClasses({
  connection,
  lang,
  schoolId,
  canLockAndSign,
}: {
  connection: Connection;
  lang: Lang;
  schoolId: string;
  canLockAndSign: boolean;
}) {
  const w = (k: Parameters<typeof word>[0]) => word(k, lang);
  const queries = useQueryClient();
  const [signing, setSigning] = useState<{ batchId: string; className: string } | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [lockingSchool, setLockingSchool] = useState(false);
  const key = schoolClassesKey(schoolId);
  const overview = useQuery({
    queryKey: key,
    queryFn: () => fetchSchoolClasses(connection, schoolId),
    // While a batch waits for the ledger, ask again every second.
    refetchInterval: (q) => (q.state.data?.classes.some((c) => c.batch?.state === 'signed') ? 1000 : false),
  });
  const lock = useMutation({
    mutationFn: async (classId: string) => {
      const { data, error } = await connection.api.POST('/v1/batches/', { body: { classId } });
      if (!data) throw error;
      return data;
    },
    onSuccess: () => {
      setErrors([]);
      return queries.invalidateQueries({ queryKey: key });
    },
    onError: (e) => setErrors([{ message: apiMessage(e, lang) ?? w('network') }]),
  });

  if (overview.isPending) return <p aria-busy="true">…</p>;
  if (overview.isError || !overview.data) {
    const e = overview.error;
    return (
      <ErrorSummary
        title={w('errorSummaryTitle')}
        errors={[{ message: apiMessage(e, lang) ?? w('network') }]}
      />
    );
  }
  const { classes, schoolYear } = overview.data;
  const lockable = classes.filter(canLock);
  const leftOut = classes.filter((c) => !isOpen(c) && notYetOf(c) > 0);
  return (
    <section aria-labelledby="classes-title">
      <h2 id="classes-title">{w('classesTitle')}</h2>
      {schoolYear && (
        <p className="intro">
          {w('schoolYear')} {schoolYear}
        </p>
      )}
      <ErrorSummary title={w('errorSummaryTitle')} errors={errors} />
      {canLockAndSign && lockable.length > 0 && !lockingSchool && !signing && (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setLockingSchool(true)}>
            {bw('lockSchoolCount', lang, { n: lockable.length })}
          </button>
        </div>
      )}
      {lockingSchool && (
        <LockSchool
          connection={connection}
          lang={lang}
          toLock={lockable}
          leftOut={leftOut}
          onLocked={() => void queries.invalidateQueries({ queryKey: key })}
          onClose={() => setLockingSchool(false)}
        />
      )}
      {signing && (
        <SignPanel
          connection={connection}
          lang={lang}
          schoolId={schoolId}
          batchId={signing.batchId}
          className={signing.className}
          onDone={() => {
            setSigning(null);
            void queries.invalidateQueries({ queryKey: key });
          }}
          onCancel={() => setSigning(null)}
        />
      )}
      {classes.length === 0 ? (
        <p>{w('noClasses')}</p>
      ) : (
        <div className="scroll">
          <table className="grid classes-table">
            <thead>
              <tr>
                <th scope="col">{w('className')}</th>
                <th scope="col">{w('homeroom')}</th>
                <th scope="col" className="num">
                  {w('pupils')}
                </th>
                <th scope="col" className="num">
                  {w('notYet')}
                </th>
                <th scope="col" className="num">
                  {w('approved')}
                </th>
                <th scope="col" className="num">
                  {w('locked')}
                </th>
                <th scope="col">{w('batch')}</th>
                <th scope="col">{w('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {classes.map((c) => {
                const notYet = notYetOf(c);
                return (
                  <tr key={c.classId} data-testid={`class-${c.name}`}>
                    <th scope="row">{c.name}</th>
                    <td>{c.homeroomTeacher ?? '—'}</td>
                    <td className="num">{c.pupils}</td>
                    <td className="num">{notYet}</td>
                    <td className="num">{c.records.approved ?? 0}</td>
                    <td className="num">{c.records.locked ?? 0}</td>
                    <td data-testid="batch-state">
                      {c.batch ? (
                        <>
                          <a
                            href={hashOf(['classes', 'batch', c.batch.batchId])}
                            aria-label={`${BATCH_STATE_WORDS[c.batch.state]?.[lang] ?? '—'} — ${bw('viewBatchOf', lang, { name: c.name })}`}
                          >
                            {BATCH_STATE_WORDS[c.batch.state]?.[lang] ?? '—'}
                          </a>
                          {c.batch.blockNumber !== null && (
                            <span className="hint">
                              {' '}
                              ({w('block')} {c.batch.blockNumber}
                              {c.batch.anchoredAt && `, ${instantText(c.batch.anchoredAt)?.[lang] ?? ''}`})
                            </span>
                          )}
                        </>
                      ) : (
                        w('noBatch')
                      )}
                    </td>
                    <td>
                      {!canLockAndSign ? null : c.batch?.state === 'assembling' ? (
                        <button
                          type="button"
                          onClick={() => setSigning({ batchId: c.batch!.batchId, className: c.name })}
                        >
                          {w('signBatch')} {c.name}
                        </button>
                      ) : canLock(c) ? (
                        <button
                          type="button"
                          disabled={lock.isPending}
                          onClick={() => lock.mutate(c.classId)}
                        >
                          {lock.isPending && lock.variables === c.classId
                            ? w('locking')
                            : `${w('lockClass')} ${c.name}`}
                        </button>
                      ) : notYet > 0 ? (
                        <span className="hint">{w('waitingApproval')}</span>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
