/**
 * The gateway's refusal of a save (MARKS_INVALID: nothing written, every row's problems listed) put back on
 * the grid: each problem's row is an index into the rows sent, its path a JSON Pointer under the row
 * (/data/… for a field of the entry, /recordId for the record itself), its message "code: vi / en".
 */
import { isApiError } from '../../api/client.ts';
import type { Lang } from '../../words.ts';
import { type GridShape, inputColumns } from './columns.ts';
import { type Cells, columnOf, problemWords, type RowCheck } from './entry.ts';
import { closedWhy } from './words.ts';

export interface ServerProblem {
  enrolmentId: string;
  /** The cell's column; undefined: the row's. */
  key?: string | undefined;
  message: string;
  /** The record's state when the refusal is that it takes no more entries (RECORD_WRONG_STATE). */
  state?: string | undefined;
}

export interface SentRow {
  enrolmentId: string;
  cells: Cells;
  check: RowCheck;
}

interface WireProblem {
  path: string;
  message: string;
  code?: string;
  row?: number;
}

/** The message in one language, without the student code before it or the field's pointer after it. */
export function wordsOf(message: string, lang: Lang): string {
  const cut = message.indexOf(' / ');
  let m = cut < 0 ? message : lang === 'vi' ? message.slice(0, cut) : message.slice(cut + 3);
  if (lang === 'vi') m = m.replace(/^\S+: /, '');
  return m.replace(/\s\((\/[^)]*)\)$/, '').trim();
}

/** The problems of a MARKS_INVALID answer by pupil and cell; undefined when the answer is another refusal. */
export function rowProblems(
  body: unknown,
  sent: readonly SentRow[],
  shape: GridShape,
  lang: Lang,
): ServerProblem[] | undefined {
  if (!isApiError(body) || body.error.code !== 'MARKS_INVALID') return undefined;
  const cols = inputColumns(shape);
  return ((body.error.problems ?? []) as WireProblem[]).flatMap((p) => {
    const m = /^\/rows\/(\d+)(\/.*)?$/.exec(p.path);
    const row = sent[p.row ?? Number(m?.[1] ?? -1)];
    if (!row) return [];
    const under = m?.[2] ?? '';
    const key = under.startsWith('/data')
      ? columnOf(shape, under.slice(5), row.cells, row.check.regularAt)
      : undefined;
    const col = cols.find((c) => c.key === key);
    const state = /trạng thái (\w+)/.exec(p.message)?.[1];
    let words: string;
    if (p.code === 'RECORD_WRONG_STATE' && state) words = closedWhy(state, lang);
    else {
      const said = {
        code: p.code ?? '',
        message: { vi: wordsOf(p.message, 'vi'), en: wordsOf(p.message, 'en') },
      };
      const w = problemWords(said, col, key ? (row.cells[key] ?? '') : '', lang);
      words = col ? `${col.long[lang]}: ${w}` : w;
    }
    return [
      {
        enrolmentId: row.enrolmentId,
        key: col?.key,
        message: words,
        state: p.code === 'RECORD_WRONG_STATE' ? state : undefined,
      },
    ];
  });
}
