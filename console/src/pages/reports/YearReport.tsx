/**
 * The province's yearly report (seed 000 Điều 4 khoản 3e): what a report sent now would hold, per district,
 * in words and numbers; what still waits (schools not locked, batches not signed, not anchored, not
 * accepted); the button that leads to the confirmation; and the year's reports sent so far.
 */
import { useQuery } from '@tanstack/react-query';
import type { Connection } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import type { Lang } from '../../words.ts';
import { DistrictTable } from './DistrictTable.tsx';
import { fetchPreview, n, type Preview, previewKey, refusal } from './data.ts';
import { ReportList } from './ReportList.tsx';
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
              <DistrictTable
                label={rw('tableLabel', lang, { name: rw('colDistrict', lang) })}
                districts={p.districts}
                total={p.next}
                testId="preview-districts"
                lang={lang}
              />
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
