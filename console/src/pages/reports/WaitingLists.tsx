/** What keeps the year from being reported in full, each list with its count, in a reader's words. */
import { instantText } from '@hocba/records';
import type { Lang } from '../../words.ts';
import { n, type Preview } from './data.ts';
import { TableBox } from './TableBox.tsx';
import { type ReportWord, rw } from './words.ts';

type Batch = Preview['waiting']['notSigned'][number];

const when = (iso: string | null, lang: Lang) => (iso ? (instantText(iso)?.[lang] ?? '—') : '—');

function BatchTable({
  id,
  title,
  batches,
  lang,
  at,
}: {
  id: string;
  title: ReportWord;
  batches: Batch[];
  lang: Lang;
  at: 'lockedAt' | 'anchoredAt';
}) {
  if (batches.length === 0) return null;
  return (
    <>
      <h3 id={id}>{rw(title, lang, { n: batches.length })}</h3>
      <TableBox label={rw('tableLabel', lang, { name: rw(title, lang, { n: batches.length }) })}>
        <table className="grid" data-testid={id}>
          <thead>
            <tr>
              <th scope="col">{rw('colDistrict', lang)}</th>
              <th scope="col">{rw('colSchool', lang)}</th>
              <th scope="col">{rw('colClass', lang)}</th>
              <th scope="col" className="num">
                {rw('colRecords', lang)}
              </th>
              <th scope="col">{rw(at === 'lockedAt' ? 'colLockedAt' : 'colAnchoredAt', lang)}</th>
            </tr>
          </thead>
          <tbody>
            {batches.map((b) => (
              <tr key={b.batchId}>
                <td>{b.districtName}</td>
                <td>{b.schoolName}</td>
                <td>{b.className ?? rw('wholeSchool', lang)}</td>
                <td className="num">{n(b.records, lang)}</td>
                <td>{when(b[at], lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
    </>
  );
}

export function WaitingLists({ preview, lang }: { preview: Preview; lang: Lang }) {
  const w = preview.waiting;
  const none = w.notLocked.length + w.notSigned.length + w.notAnchored.length + w.notAccepted.length === 0;
  return (
    <section className="card" aria-labelledby="waiting-title">
      <h2 id="waiting-title">{rw('waitingTitle', lang)}</h2>
      {none && <p>{rw('waitingNone', lang)}</p>}
      {w.notLocked.length > 0 && (
        <>
          <h3 id="not-locked">{rw('notLocked', lang, { n: w.notLocked.length })}</h3>
          <TableBox
            label={rw('tableLabel', lang, { name: rw('notLocked', lang, { n: w.notLocked.length }) })}
          >
            <table className="grid" data-testid="not-locked">
              <thead>
                <tr>
                  <th scope="col">{rw('colDistrict', lang)}</th>
                  <th scope="col">{rw('colSchool', lang)}</th>
                  <th scope="col">{rw('colClasses', lang)}</th>
                </tr>
              </thead>
              <tbody>
                {w.notLocked.map((s) => (
                  <tr key={s.schoolId}>
                    <td>{s.districtName}</td>
                    <td>{s.schoolName}</td>
                    <td>{s.classes.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableBox>
        </>
      )}
      <BatchTable id="not-signed" title="notSigned" batches={w.notSigned} lang={lang} at="lockedAt" />
      <BatchTable id="not-anchored" title="notAnchored" batches={w.notAnchored} lang={lang} at="lockedAt" />
      <BatchTable id="not-accepted" title="notAccepted" batches={w.notAccepted} lang={lang} at="anchoredAt" />
    </section>
  );
}
