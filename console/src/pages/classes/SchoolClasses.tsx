/**
 * The school's classes as its principal follows them (issue 13): where each class's records stand, and what
 * is next — lock a class once every record is approved, sign its batch with the principal's `.p12`, then
 * watch it reach the ledger (the page asks again every second while a batch waits for the ledger).
 */
import { instantText } from '@hocba/records';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { BATCH_STATE_WORDS, type Lang, NOT_YET_STATES, word } from '../../words.ts';
import { SignBatch } from './SignBatch.tsx';

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
  const key = ['school-classes', schoolId];
  const overview = useQuery({
    queryKey: key,
    queryFn: async () => {
      const { data, error } = await connection.api.GET('/v1/schools/{schoolId}/classes', {
        params: { path: { schoolId } },
      });
      if (!data) throw error;
      return data;
    },
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
  return (
    <section aria-labelledby="classes-title">
      <h2 id="classes-title">{w('classesTitle')}</h2>
      {schoolYear && (
        <p className="intro">
          {w('schoolYear')} {schoolYear}
        </p>
      )}
      <ErrorSummary title={w('errorSummaryTitle')} errors={errors} />
      {signing && (
        <SignBatch
          connection={connection}
          lang={lang}
          batchId={signing.batchId}
          className={signing.className}
          onDone={() => {
            setSigning(null);
            void queries.invalidateQueries({ queryKey: key });
          }}
        />
      )}
      {classes.length === 0 ? (
        <p>{w('noClasses')}</p>
      ) : (
        <div className="scroll">
          <table className="grid">
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
                const notYet = NOT_YET_STATES.reduce((n, s) => n + (c.records[s] ?? 0), 0);
                const approved = c.records.approved ?? 0;
                const open = c.batch && ['assembling', 'signed'].includes(c.batch.state);
                return (
                  <tr key={c.classId} data-testid={`class-${c.name}`}>
                    <th scope="row">{c.name}</th>
                    <td>{c.homeroomTeacher ?? '—'}</td>
                    <td className="num">{c.pupils}</td>
                    <td className="num">{notYet}</td>
                    <td className="num">{approved}</td>
                    <td className="num">{c.records.locked ?? 0}</td>
                    <td data-testid="batch-state">
                      {c.batch ? (
                        <>
                          {BATCH_STATE_WORDS[c.batch.state]?.[lang] ?? '—'}
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
                      ) : !open && approved > 0 && notYet === 0 ? (
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
