/**
 * The province's yearly report (seed 000 Điều 4 khoản 3e): what a report sent now would hold, per district,
 * in words and numbers; what still waits (schools not locked, batches not signed, not anchored, not
 * accepted); the button that leads to the confirmation; and the year's reports sent so far.
 */
import { useQuery } from '@tanstack/react-query';
import type { Connection } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import type { Lang } from '../../words.ts';
import { fetchPreview, n, type Preview, previewKey, refusal } from './data.ts';
import { ReportList } from './ReportList.tsx';
import { TableBox } from './TableBox.tsx';
import { WaitingLists } from './WaitingLists.tsx';
import { rw } from './words.ts';

export function nextSentence(p: Preview, lang: Lang): string {
  const vars = {
    n: p.next.seq - 1,
    batches: n(p.next.batches, lang),
    records: n(p.next.records, lang),
    waiting: n(p.next.waitingAcceptance, lang),
  };
  if (p.next.batches === 0) return rw('nothingAnchored', lang);
  if (p.next.pending) return rw('pending', lang);
  if (p.next.unchanged) return rw('unchanged', lang);
  return rw(p.next.seq === 1 ? 'nextMain' : 'nextSupplementary', lang, vars);
}

export const canSubmit = (p: Preview) => p.next.batches > 0 && !p.next.pending && !p.next.unchanged;

export function YearReport({ connection, lang, year }: { connection: Connection; lang: Lang; year: string }) {
  const preview = useQuery({ queryKey: previewKey(year), queryFn: () => fetchPreview(connection, year) });
  const p = preview.data;
  return (
    <>
      <section className="card" aria-labelledby="preview-title">
        <h2 id="preview-title">{rw('previewTitle', lang, { year })}</h2>
        <p className="hint">{rw('previewIntro', lang)}</p>
        {preview.isPending && <p>{rw('loading', lang)}</p>}
        {preview.isError && <p className="notice">{refusal(preview.error, lang)}</p>}
        {p && (
          <>
            <p className="notice" data-testid="next-report">
              {nextSentence(p, lang)}
            </p>
            {p.districts.length > 0 && (
              <TableBox label={rw('tableLabel', lang, { name: rw('colDistrict', lang) })}>
                <table className="grid" data-testid="preview-districts">
                  <thead>
                    <tr>
                      <th scope="col">{rw('colDistrict', lang)}</th>
                      <th scope="col" className="num">
                        {rw('colBatches', lang)}
                      </th>
                      <th scope="col" className="num">
                        {rw('colRecords', lang)}
                      </th>
                      <th scope="col" className="num">
                        {rw('colWaitingAcceptance', lang)}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.districts.map((d) => (
                      <tr key={d.districtId}>
                        <th scope="row">{d.districtName}</th>
                        <td className="num">{n(d.batches, lang)}</td>
                        <td className="num">{n(d.records, lang)}</td>
                        <td className="num">{n(d.waitingAcceptance, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">{rw('total', lang)}</th>
                      <td className="num">{n(p.next.batches, lang)}</td>
                      <td className="num">{n(p.next.records, lang)}</td>
                      <td className="num">{n(p.next.waitingAcceptance, lang)}</td>
                    </tr>
                  </tfoot>
                </table>
              </TableBox>
            )}
            {canSubmit(p) && (
              <p>
                <a className="button" href={hashOf(['reports', 'submit', year])}>
                  {rw(p.next.seq === 1 ? 'submit' : 'submitSupplementary', lang)}
                </a>
              </p>
            )}
          </>
        )}
      </section>
      {p && <WaitingLists preview={p} lang={lang} />}
      <ReportList connection={connection} lang={lang} year={year} canAcknowledge={false} />
    </>
  );
}
