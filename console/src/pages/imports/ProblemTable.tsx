/** A bad file's problems, one a line: the sheet's row and column (letter and header), the cell, the rule broken. */
import type { Lang } from '../../words.ts';
import type { Problem } from './data.ts';
import { iw } from './words.ts';

/** A record rule's message may end with the field's JSON pointer ("… (/testScore)"): the cell says which. */
const readable = (message: string) => message.replace(/\s*\(\/[\w/.-]*\)\s*$/, '');

export function ProblemTable({ lang, problems }: { lang: Lang; problems: readonly Problem[] }) {
  return (
    <div className="scroll imp-scroll">
      <table className="grid imp-table imp-problems">
        <thead>
          <tr>
            <th scope="col" className="num">
              {iw('row', lang)}
            </th>
            <th scope="col">{iw('column', lang)}</th>
            <th scope="col">{iw('value', lang)}</th>
            <th scope="col">{iw('rule', lang)}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            // Two problems may share a cell (a key of row and column alone would repeat).
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed for the job's life.
            <tr key={i}>
              <td className="num" data-label={iw('row', lang)}>
                {p.row === 0 ? iw('wholeFile', lang) : p.row}
              </td>
              <td data-label={iw('column', lang)}>
                {[p.column, p.header].filter((x) => x !== '').join(' — ')}
              </td>
              <td className="imp-value" data-label={iw('value', lang)}>
                {p.value === '' ? <span className="hint">{iw('emptyCell', lang)}</span> : p.value}
              </td>
              <td data-label={iw('rule', lang)}>{readable(p.message[lang])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
