/**
 * One pupil's row of the grid as the subject's entry (what PUT …/subjects/:subject/marks takes for the row),
 * checked as it is typed by the record model's own check (checkSubjectEntry: shape, the programme's rule,
 * derived values), each problem put back on the cell it is about; and the derived values that follow from
 * the cells entered so far (semesterAverage, yearAverage of Circular 22 Art. 9 §1b).
 */
import {
  COMMENT_RESULT_LABELS,
  checkSubjectEntry,
  formatScoreEn,
  formatScoreVi,
  primaryResultsSchema,
  type RecordProblem,
  schemaProblems,
  semesterAverage,
  yearAverage,
} from '@hocba/records';
import type { Lang } from '../../words.ts';
import { cellText, parseCell } from './cells.ts';
import { type DerivedKey, type GridShape, type InputColumn, inputColumns } from './columns.ts';
import { type MarksWord, mw } from './words.ts';

/** The text of each input cell of a row, by column key. */
export type Cells = Record<string, string>;

export interface RowCheck {
  /** Every cell empty: the pupil is not assessed yet and the row is not sent. */
  blank: boolean;
  /** The entry to send; null when the row is blank. */
  data: Record<string, unknown> | null;
  /** A message per cell in error (the first problem of the cell), in the page's language. */
  cellErrors: Record<string, string>;
  /** Problems of the row that no one cell holds. */
  rowErrors: string[];
  /** The derived values the cells give so far, as text. */
  derived: Partial<Record<DerivedKey, string>>;
  /** For the gateway's answer: where each ĐĐGtx sent sits among the columns, by semester. */
  regularAt: Record<1 | 2, string[]>;
}

const RULE_WORD: Record<InputColumn['kind'], MarksWord> = {
  score: 'scoreRule',
  testScore: 'testScoreRule',
  level: 'levelRule',
  commentResult: 'commentRule',
  rating: 'ratingRule',
  text: 'textRule',
};

/** A homeroom column's field in the part: "qualities.honesty" → ['qualities', 'honesty']. */
const fieldOf = (key: string) => key.split('.') as [string] | [string, string];

/**
 * The primary homeroom part's own schema, as the gateway checks one part (services/workflow.ts
 * partSchema): the results but the subjects and the principal's approval, derived values optional.
 */
const homeroomSchema = primaryResultsSchema('draft').omit({ subjects: true, principalApproval: true });

/** The cells of a stored entry (what GET /v1/records/:id holds under results.subjects[subject]). */
export function cellsOf(shape: GridShape, entry: unknown, lang: Lang): Cells {
  const e = (entry ?? {}) as Record<string, unknown>;
  const cells: Cells = {};
  for (const col of inputColumns(shape)) {
    let v: unknown;
    if (shape.assessment === 'homeroom') {
      const [a, b] = fieldOf(col.key);
      v = b === undefined ? e[a] : (e[a] as Record<string, unknown> | undefined)?.[b];
      cells[col.key] = cellText(col.kind, v, lang);
      continue;
    }
    const sem = col.semester ? ((e[`semester${col.semester}`] ?? {}) as Record<string, unknown>) : undefined;
    if (shape.assessment === 'primary') v = e[col.key];
    else if (shape.assessment === 'comment') v = e[`semester${col.semester}`];
    else if (col.key.endsWith('mid')) v = sem?.midterm;
    else if (col.key.endsWith('end')) v = sem?.endterm;
    else v = (sem?.regular as unknown[] | undefined)?.[Number(col.key.slice(3)) - 1];
    cells[col.key] = cellText(col.kind, v, lang);
  }
  return cells;
}

/** What of a stored secondary entry the grid has no column for, sent back unchanged. */
export function keptOf(shape: GridShape, entry: unknown): Record<string, unknown> {
  if (shape.assessment === 'homeroom') {
    // Awards, supplementary assessment, decisions: what the grid has no column for is sent back as it was
    // (otherAwards is required by the part, empty when the pupil has none).
    const e = (entry ?? {}) as Record<string, unknown>;
    const columns = new Set(inputColumns(shape).map((c) => fieldOf(c.key)[0]));
    return { otherAwards: [], ...Object.fromEntries(Object.entries(e).filter(([k]) => !columns.has(k))) };
  }
  if (shape.assessment === 'primary' || entry === null || typeof entry !== 'object') return {};
  const { periodsPerYear, topicCluster, comment } = entry as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries({ periodsPerYear, topicCluster, comment }).filter(([, v]) => v !== undefined),
  );
}

const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** The column a problem's JSON Pointer (under the entry) is about; undefined: the row's. */
export function columnOf(shape: GridShape, path: string, cells: Cells, regularAt: RowCheck['regularAt']) {
  const seg = path.split('/').slice(1);
  if (shape.assessment === 'primary') return inputColumns(shape).find((c) => c.key === seg[0])?.key;
  if (shape.assessment === 'homeroom') {
    const cols = inputColumns(shape);
    // A whole group left out points at the group: its first empty cell is what to fill.
    const exact = cols.find((c) => c.key === seg.slice(0, 2).join('.'));
    const group = cols.filter((c) => fieldOf(c.key)[0] === seg[0]);
    return (exact ?? group.find((c) => (cells[c.key] ?? '').trim() === '') ?? group[0])?.key;
  }
  const m = /^semester([12])$/.exec(seg[0] ?? '');
  if (!m) return undefined;
  const n = Number(m[1]) as 1 | 2;
  if (shape.assessment === 'comment') return `s${n}`;
  if (seg[1] === 'midterm') return `s${n}mid`;
  if (seg[1] === 'endterm') return `s${n}end`;
  const regular = Array.from({ length: shape.regularCount }, (_, i) => `s${n}r${i + 1}`);
  if (seg[1] === 'regular' && seg[2] !== undefined) return regularAt[n][Number(seg[2])] ?? regular[0];
  // The count of ĐĐGtx, or a semester left out: the first empty cell of the semester is what to fill.
  return regular.find((k) => (cells[k] ?? '').trim() === '') ?? regular[0] ?? `s${n}mid`;
}

function semesterOf(
  shape: GridShape,
  n: 1 | 2,
  values: Record<string, unknown>,
  regularAt: RowCheck['regularAt'],
) {
  const regular: number[] = [];
  for (let i = 1; i <= shape.regularCount; i++) {
    const v = values[`s${n}r${i}`];
    if (typeof v === 'number') {
      regular.push(v);
      regularAt[n].push(`s${n}r${i}`);
    }
  }
  return defined({
    regular: regular.length > 0 ? regular : undefined,
    midterm: values[`s${n}mid`],
    endterm: values[`s${n}end`],
  });
}

/** A problem in the page's words: a refusal of the shape is worded by what the cell takes. */
export function problemWords(
  p: Pick<RecordProblem, 'message'> & { code: string },
  col: InputColumn | undefined,
  text: string,
  lang: Lang,
): string {
  if (p.code === 'RECORD_SCHEMA' && col)
    return text.trim() === '' ? mw('missing', lang) : mw(RULE_WORD[col.kind], lang);
  return p.message[lang];
}

export function checkRow(
  shape: GridShape,
  cells: Cells,
  kept: Record<string, unknown>,
  lang: Lang,
): RowCheck {
  const cols = inputColumns(shape);
  const out: RowCheck = {
    blank: true,
    data: null,
    cellErrors: {},
    rowErrors: [],
    derived: {},
    regularAt: { 1: [], 2: [] },
  };
  const values: Record<string, unknown> = {};
  for (const col of cols) {
    const text = cells[col.key] ?? '';
    if (text.trim() !== '') out.blank = false;
    const p = parseCell(col.kind, text);
    if (p.ok) values[col.key] = p.value;
    else out.cellErrors[col.key] = `${col.long[lang]}: ${mw(p.reason, lang)}`;
  }
  if (out.blank) return out;

  let data: Record<string, unknown>;
  if (shape.assessment === 'homeroom') {
    data = { ...kept };
    for (const col of cols) {
      const [a, b] = fieldOf(col.key);
      if (b === undefined) data[a] = values[col.key];
      // Each rating group always sent, so that a rating left out is named by its own cell.
      else data[a] = defined({ ...(data[a] as Record<string, unknown> | undefined), [b]: values[col.key] });
    }
    data = defined(data);
    out.data = data;
    const parsed = homeroomSchema.safeParse(data);
    const problems = parsed.success ? [] : schemaProblems(parsed.error, data);
    for (const p of problems) {
      const key = columnOf(shape, p.path, cells, out.regularAt);
      const col = cols.find((c) => c.key === key);
      const words = problemWords(p, col, cells[key ?? ''] ?? '', lang);
      if (!col) out.rowErrors.push(words);
      else out.cellErrors[col.key] ??= `${col.long[lang]}: ${words}`;
    }
    return out;
  }
  if (shape.assessment === 'primary') data = defined(values);
  else if (shape.assessment === 'comment')
    data = defined({ ...kept, assessment: 'comment', semester1: values.s1, semester2: values.s2 });
  else
    data = {
      ...kept,
      assessment: 'score',
      semester1: semesterOf(shape, 1, values, out.regularAt),
      semester2: semesterOf(shape, 2, values, out.regularAt),
    };
  out.data = data;

  const check = checkSubjectEntry(shape.level, shape.grade, shape.subject, data);
  for (const p of check.problems) {
    const key = columnOf(shape, p.path, cells, out.regularAt);
    const col = cols.find((c) => c.key === key);
    const words = problemWords(p, col, cells[key ?? ''] ?? '', lang);
    if (!col) out.rowErrors.push(words);
    else out.cellErrors[col.key] ??= `${col.long[lang]}: ${words}`;
  }
  out.derived = derivedOf(shape, values, out.cellErrors, lang);
  return out;
}

function derivedOf(
  shape: GridShape,
  values: Record<string, unknown>,
  errors: Record<string, string>,
  lang: Lang,
): RowCheck['derived'] {
  const fmt = lang === 'vi' ? formatScoreVi : formatScoreEn;
  if (shape.assessment === 'comment') {
    const s2 = values.s2 as 'DAT' | 'CHUA_DAT' | undefined;
    return s2 && !errors.s2 ? { yearResult: COMMENT_RESULT_LABELS[s2][lang] } : {};
  }
  if (shape.assessment !== 'score') return {};
  // A semester's average once all its cells are filled and none is refused.
  const avg = (n: 1 | 2): number | undefined => {
    const keys = inputColumns(shape)
      .filter((c) => c.semester === n)
      .map((c) => c.key);
    if (keys.some((k) => errors[k] || typeof values[k] !== 'number')) return undefined;
    const regular = keys.filter((k) => /r\d+$/.test(k)).map((k) => values[k] as number);
    return semesterAverage(regular, values[`s${n}mid`] as number, values[`s${n}end`] as number);
  };
  const a1 = avg(1);
  const a2 = avg(2);
  return defined({
    avg1: a1 === undefined ? undefined : fmt(a1),
    avg2: a2 === undefined ? undefined : fmt(a2),
    yearAvg: a1 === undefined || a2 === undefined ? undefined : fmt(yearAverage(a1, a2)),
  }) as RowCheck['derived'];
}
