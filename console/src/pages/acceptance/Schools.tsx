/**
 * The district's schools and how far their classes are this year: locked, signed, on the ledger, accepted
 * (GET /v1/schools/:id/classes per school). The schools are those of the remit that hold records
 * (engineer H's GET /v1/oversight/record-counts by school) or have a batch (GET /v1/batches/): a school
 * with no record at all is not listed.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import type { Connection } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { type Lang, word } from '../../words.ts';
import { refusal } from './data.ts';
import { aw } from './words.ts';

const MAX_PAGES = 10;

/** The schools of the remit that hold records (GET /v1/oversight/record-counts by school), by name. */
async function schoolsWithRecords(connection: Connection) {
  const { data, error } = await connection.api.GET('/v1/oversight/record-counts', {
    params: { query: { groupBy: 'school' } },
  });
  if (!data) throw error;
  return data.items.map((i) => ({ schoolId: i.key, name: i.name ?? i.key }));
}

/** The schools that have a batch in the caller's remit (GET /v1/batches/, every state). */
async function schoolsWithBatches(connection: Connection) {
  const schools = new Map<string, string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { data, error } = await connection.api.GET('/v1/batches/', {
      params: { query: { limit: 200, ...(cursor && { cursor }) } },
    });
    if (!data) throw error;
    for (const b of data.items) schools.set(b.schoolId, b.schoolName);
    if (!data.nextCursor) break;
    cursor = data.nextCursor;
  }
  return [...schools].map(([schoolId, name]) => ({ schoolId, name }));
}

/** Every school with records or a batch, by name. */
async function districtSchools(connection: Connection) {
  const [withRecords, withBatches] = await Promise.all([
    schoolsWithRecords(connection).catch(() => []),
    schoolsWithBatches(connection),
  ]);
  const all = new Map([...withBatches, ...withRecords].map((s) => [s.schoolId, s.name]));
  return [...all]
    .map(([schoolId, name]) => ({ schoolId, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

async function classesOf(connection: Connection, schoolId: string) {
  const { data, error } = await connection.api.GET('/v1/schools/{schoolId}/classes', {
    params: { path: { schoolId } },
  });
  if (!data) throw error;
  return data;
}

const ACCEPTED = ['accepted', 'reported'];

export function Schools({ connection, lang }: { connection: Connection; lang: Lang }) {
  const schools = useQuery({ queryKey: ['acceptance-schools'], queryFn: () => districtSchools(connection) });
  const list = schools.data ?? [];
  const progress = useQueries({
    queries: list.map((s) => ({
      queryKey: ['school-classes', s.schoolId],
      queryFn: () => classesOf(connection, s.schoolId),
    })),
  });
  const year = progress.find((p) => p.data?.schoolYear)?.data?.schoolYear ?? '—';
  return (
    <section aria-labelledby="schools-title" className="acceptance schools">
      <p className="sub-nav">
        <a href={hashOf(['acceptance'])}>{aw('queueLink', lang)}</a>
      </p>
      <h2 id="schools-title">{aw('schoolsTitle', lang)}</h2>
      <p className="intro">{aw('schoolsIntro', lang, { year })}</p>
      {schools.isPending ? (
        <p aria-busy="true">…</p>
      ) : schools.isError ? (
        <ErrorSummary
          title={word('errorSummaryTitle', lang)}
          errors={[{ message: refusal(schools.error, lang) }]}
        />
      ) : list.length === 0 ? (
        <p className="card">{aw('schoolsEmpty', lang)}</p>
      ) : (
        <div className="scroll table-box">
          <table className="grid progress" data-testid="schools">
            <thead>
              <tr>
                <th scope="col">{aw('colSchool', lang)}</th>
                <th scope="col" className="num">
                  {aw('colClasses', lang)}
                </th>
                <th scope="col" className="num">
                  {aw('colLocked', lang)}
                </th>
                <th scope="col" className="num">
                  {aw('colSignedN', lang)}
                </th>
                <th scope="col" className="num">
                  {aw('colAnchoredN', lang)}
                </th>
                <th scope="col" className="num">
                  {aw('colAcceptedN', lang)}
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((s, i) => {
                const classes = progress[i]?.data?.classes;
                const n = (f: (c: NonNullable<typeof classes>[number]) => boolean) =>
                  classes ? classes.filter(f).length : '…';
                return (
                  <tr key={s.schoolId} data-school={s.schoolId}>
                    <th scope="row">{s.name}</th>
                    <td className="num">{classes ? classes.length : '…'}</td>
                    <td className="num">{n((c) => !!c.batch)}</td>
                    <td className="num">{n((c) => !!c.batch && c.batch.state !== 'assembling')}</td>
                    <td className="num">{n((c) => !!c.batch?.ledgerTxId)}</td>
                    <td className="num">{n((c) => !!c.batch && ACCEPTED.includes(c.batch.state))}</td>
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
