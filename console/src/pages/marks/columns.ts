/**
 * The grid's columns for one subject in one grade, as the circular asks for them: Circular 27 (primary) a
 * level and, for a tested subject, the year-end test score (Art. 7 §1b); Circular 22 (secondary) ĐĐGtx as
 * many as the subject's periods require (Art. 6 §2b), ĐĐGgk, ĐĐGck and the derived ĐTBmhk per semester and
 * ĐTBmcn (Art. 9 §1b), or Đ/CĐ per semester for a subject assessed by comment (Art. 5 §3a). The programme's
 * facts come from @hocba/records (curriculumFor, regularScoreCount); nothing of the rules is restated here.
 */
import {
  curriculumFor,
  GENERAL_COMPETENCY_LABELS,
  type Label,
  QUALITY_LABELS,
  regularScoreCount,
  type SchoolLevel,
  SPECIFIC_COMPETENCY_LABELS,
} from '@hocba/records';

/** What a typed cell holds: it decides how text is read (cells.ts) and how a refusal is worded. */
export type CellKind = 'score' | 'testScore' | 'level' | 'commentResult' | 'rating' | 'text';

/** The grid of the homeroom part is addressed as this "subject" (the gateway's HOMEROOM entry). */
export const HOMEROOM = 'homeroom';

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
  /** The homeroom grid: the group the column belongs to (qualities, competencies, comments). */
  group?: Label;
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
  assessment: 'primary' | 'score' | 'comment' | 'homeroom';
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

const GROUPS = {
  qualities: { vi: 'Phẩm chất chủ yếu', en: 'Core qualities' },
  generalCompetencies: { vi: 'Năng lực chung', en: 'General competencies' },
  specificCompetencies: { vi: 'Năng lực đặc thù', en: 'Specific competencies' },
  comments: { vi: 'Nhận xét', en: 'Comments' },
} as const satisfies Record<string, Label>;

/**
 * The grid of the homeroom part of a primary class (Circular 27 Art. 6–8): the five qualities, three
 * general and seven specific competencies, each rated T/Đ/C, and the comments. A column's key is the
 * field's path in the part ("qualities.honesty"), so a problem's pointer finds its cell. Undefined for a
 * secondary class (conduct and absences: not built yet).
 */
export function homeroomShape(level: SchoolLevel, grade: number): GridShape | undefined {
  if (level !== 'TH') return undefined;
  const ratings = (group: keyof typeof GROUPS, labels: Record<string, Label>): InputColumn[] =>
    Object.entries(labels).map(([k, label]) => ({
      input: true,
      key: `${group}.${k}`,
      kind: 'rating',
      label,
      long: { vi: `${GROUPS[group].vi}: ${label.vi}`, en: `${GROUPS[group].en}: ${label.en}` },
      group: GROUPS[group],
    }));
  const comment = (key: string, label: Label): InputColumn => ({
    input: true,
    key,
    kind: 'text',
    label,
    long: { vi: `Nhận xét ${label.vi.toLowerCase()}`, en: `Comment on ${label.en.toLowerCase()}` },
    group: GROUPS.comments,
  });
  return {
    level,
    grade,
    subject: HOMEROOM,
    assessment: 'homeroom',
    regularCount: 0,
    columns: [
      ...ratings('qualities', QUALITY_LABELS),
      ...ratings('generalCompetencies', GENERAL_COMPETENCY_LABELS),
      ...ratings('specificCompetencies', SPECIFIC_COMPETENCY_LABELS),
      comment('qualitiesComment', { vi: 'Phẩm chất', en: 'Qualities' }),
      comment('competenciesComment', { vi: 'Năng lực', en: 'Competencies' }),
      comment('homeroomComment', { vi: 'Chung của GVCN', en: 'Homeroom teacher, overall' }),
    ],
  };
}
