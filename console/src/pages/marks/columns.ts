/**
 * The grid's columns for one subject in one grade, as the circular asks for them: Circular 27 (primary) a
 * level and, for a tested subject, the year-end test score (Art. 7 §1b); Circular 22 (secondary) ĐĐGtx as
 * many as the subject's periods require (Art. 6 §2b), ĐĐGgk, ĐĐGck and the derived ĐTBmhk per semester and
 * ĐTBmcn (Art. 9 §1b), or Đ/CĐ per semester for a subject assessed by comment (Art. 5 §3a). The programme's
 * facts come from @hocba/records (curriculumFor, regularScoreCount); nothing of the rules is restated here.
 */
import { curriculumFor, type Label, regularScoreCount, type SchoolLevel } from '@hocba/records';

/** What a typed cell holds: it decides how text is read (cells.ts) and how a refusal is worded. */
export type CellKind = 'score' | 'testScore' | 'level' | 'commentResult' | 'text';

export interface InputColumn {
  input: true;
  key: string;
  kind: CellKind;
  /** The header as the circular abbreviates it. */
  label: Label;
  /** The column named in full, for a screen reader and for an error's words. */
  long: Label;
  /** Semester I or II, for the header row above. */
  semester?: 1 | 2;
}

export type DerivedKey = 'avg1' | 'avg2' | 'yearAvg' | 'yearResult';

export interface DerivedColumn {
  input: false;
  key: DerivedKey;
  label: Label;
  long: Label;
  semester?: 1 | 2;
}

export type Column = InputColumn | DerivedColumn;

export interface GridShape {
  level: SchoolLevel;
  grade: number;
  subject: string;
  assessment: 'primary' | 'score' | 'comment';
  /** Secondary scored subjects: ĐĐGtx columns per semester. */
  regularCount: number;
  columns: Column[];
}

const SEM: Record<1 | 2, Label> = {
  1: { vi: 'học kì I', en: 'semester I' },
  2: { vi: 'học kì II', en: 'semester II' },
};

function scoredSemester(n: 1 | 2, regular: number): Column[] {
  const s = SEM[n];
  const cols: Column[] = [];
  for (let i = 1; i <= regular; i++)
    cols.push({
      input: true,
      key: `s${n}r${i}`,
      kind: 'score',
      semester: n,
      label: { vi: `TX${i}`, en: `R${i}` },
      long: { vi: `ĐĐGtx ${i} ${s.vi}`, en: `regular ${i}, ${s.en}` },
    });
  cols.push(
    {
      input: true,
      key: `s${n}mid`,
      kind: 'score',
      semester: n,
      label: { vi: 'GK', en: 'Mid' },
      long: { vi: `ĐĐGgk ${s.vi}`, en: `mid-term, ${s.en}` },
    },
    {
      input: true,
      key: `s${n}end`,
      kind: 'score',
      semester: n,
      label: { vi: 'CK', en: 'End' },
      long: { vi: `ĐĐGck ${s.vi}`, en: `end of term, ${s.en}` },
    },
    {
      input: false,
      key: n === 1 ? 'avg1' : 'avg2',
      semester: n,
      label: { vi: 'ĐTB', en: 'Avg' },
      long: { vi: `ĐTBmhk ${s.vi}`, en: `average, ${s.en}` },
    },
  );
  return cols;
}

/** The grid of one subject of one grade; undefined when the grade's programme does not have the subject. */
export function gridShape(
  level: SchoolLevel,
  grade: number,
  subject: string,
  /** THPT: some pupil takes the subject's learning-topic cluster, which counts as one more ĐĐGtx. */
  withTopicCluster = false,
): GridShape | undefined {
  const rule = curriculumFor(level, grade)?.subjects.find((s) => s.code === subject);
  if (!rule) return undefined;
  const base = { level, grade, subject };
  if (level === 'TH') {
    const columns: Column[] = [
      {
        input: true,
        key: 'level',
        kind: 'level',
        label: { vi: 'Mức đạt được', en: 'Level' },
        long: { vi: 'Mức đạt được', en: 'Level' },
      },
    ];
    if (rule.tested)
      columns.push({
        input: true,
        key: 'testScore',
        kind: 'testScore',
        label: { vi: 'Điểm KTĐK', en: 'Test' },
        long: { vi: 'Điểm kiểm tra định kì cuối năm', en: 'Year-end test score' },
      });
    columns.push({
      input: true,
      key: 'comment',
      kind: 'text',
      label: { vi: 'Nhận xét', en: 'Comment' },
      long: { vi: 'Nhận xét', en: 'Comment' },
    });
    return { ...base, assessment: 'primary', regularCount: 0, columns };
  }
  if (rule.assessment === 'comment') {
    const result = (n: 1 | 2): Column => ({
      input: true,
      key: `s${n}`,
      kind: 'commentResult',
      semester: n,
      label: { vi: n === 1 ? 'HK I' : 'HK II', en: n === 1 ? 'Sem. I' : 'Sem. II' },
      long: { vi: `Kết quả ${SEM[n].vi}`, en: `Result, ${SEM[n].en}` },
    });
    return {
      ...base,
      assessment: 'comment',
      regularCount: 0,
      columns: [
        result(1),
        result(2),
        {
          input: false,
          key: 'yearResult',
          label: { vi: 'Cả năm', en: 'Year' },
          long: { vi: 'Kết quả cả năm', en: 'Year result' },
        },
      ],
    };
  }
  const regular = regularScoreCount(
    rule.periodsPerYear ?? 35,
    withTopicCluster && rule.topicCluster === true,
  );
  return {
    ...base,
    assessment: 'score',
    regularCount: regular,
    columns: [
      ...scoredSemester(1, regular),
      ...scoredSemester(2, regular),
      {
        input: false,
        key: 'yearAvg',
        label: { vi: 'ĐTBmcn', en: 'Year' },
        long: { vi: 'ĐTBmcn (cả năm)', en: 'year average' },
      },
    ],
  };
}

export const inputColumns = (shape: GridShape): InputColumn[] =>
  shape.columns.filter((c): c is InputColumn => c.input);
