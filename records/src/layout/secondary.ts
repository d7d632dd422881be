/**
 * Circular 22/2021's record (lower and upper secondary; continuing education in the same shape): per subject
 * the regular, mid-term and end-term scores and the averages of each semester and of the year, or Đạt/Chưa đạt
 * for a subject assessed by comment; learning and conduct results; absences; awards; the homeroom comment; the
 * year-end decision (promotion, re-assessment, summer training) in the circular's words.
 */
import { subjectName } from '../curriculum.ts';
import {
  COMMENT_RESULT_LABELS,
  CONTINUING_AWARD_LABELS,
  FIELD_LABELS as F,
  type Label,
  RESULT_LEVEL_LABELS,
  SECONDARY_AWARD_LABELS,
} from '../labels.ts';
import { average, calendarDate, join, score, sessions } from './format.ts';
import type {
  LayoutColumn,
  LayoutDecisionSection,
  LayoutRow,
  LayoutSection,
  LayoutTableSection,
  LayoutValue,
} from './model.ts';
import { formSubjects, subjectRows } from './order.ts';
import {
  coded,
  formatted,
  isObj,
  list,
  type Obj,
  obj,
  optionalRow,
  own,
  type Reader,
  row,
  value,
  written,
} from './read.ts';
import { BLANK, HIDDEN, NONE, text } from './words.ts';

const S1: Label = { vi: 'Học kì I', en: 'Semester I' };
const S2: Label = { vi: 'Học kì II', en: 'Semester II' };
const YEAR: Label = { vi: 'Cả năm', en: 'Year' };

const semesterColumns = (key: 's1' | 's2', group: Label): LayoutColumn[] => [
  {
    key: `${key}.regular`,
    group,
    label: { vi: 'ĐĐGtx', en: 'Regular' },
    title: { vi: 'Điểm đánh giá thường xuyên', en: 'Regular assessment scores' },
    align: 'start',
  },
  {
    key: `${key}.midterm`,
    group,
    label: { vi: 'ĐĐGgk', en: 'Mid-term' },
    title: { vi: 'Điểm đánh giá giữa kì', en: 'Mid-term assessment score' },
    align: 'end',
  },
  {
    key: `${key}.endterm`,
    group,
    label: { vi: 'ĐĐGck', en: 'End-term' },
    title: { vi: 'Điểm đánh giá cuối kì', en: 'End-of-term assessment score' },
    align: 'end',
  },
  {
    key: `${key}.average`,
    group,
    label: { vi: 'ĐTBmhk', en: 'Average' },
    title: {
      vi: 'Điểm trung bình môn học kì, hoặc Đạt/Chưa đạt với môn đánh giá bằng nhận xét',
      en: 'Semester average, or pass/not yet for a subject assessed by comment',
    },
    align: 'end',
  },
];

const YEAR_COLUMN: LayoutColumn = {
  key: 'year',
  group: YEAR,
  label: { vi: 'ĐTBmcn', en: 'Average' },
  title: {
    vi: 'Điểm trung bình môn cả năm, hoặc Đạt/Chưa đạt với môn đánh giá bằng nhận xét',
    en: 'Year average, or pass/not yet for a subject assessed by comment',
  },
  align: 'end',
};
const COMMENT_COLUMN: LayoutColumn = {
  key: 'comment',
  label: { vi: 'Nhận xét', en: 'Comment' },
  align: 'start',
};

/** The regular scores, "7; 8; 6,5"; some of them withheld (holes of a partial array) → the cell is hidden. */
const scores = (v: unknown): LayoutValue | undefined => {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const all = Array.from(v);
  if (all.some((x) => x === undefined)) return HIDDEN;
  return all.every((x) => typeof x === 'number' && Number.isFinite(x))
    ? text(join(all.map((x) => score(x)!)))
    : undefined;
};

function scoredCells(r: Reader, s: Obj): LayoutValue[] {
  const semester = (k: 'semester1' | 'semester2') => {
    const o = obj(own(s, k));
    const v = own(s, k);
    if (v !== undefined && !isObj(v)) return [HIDDEN, HIDDEN, HIDDEN, HIDDEN];
    return [
      value(r, own(o, 'regular'), scores),
      value(r, own(o, 'midterm'), formatted(score)),
      value(r, own(o, 'endterm'), formatted(score)),
      value(r, own(o, 'average'), formatted(average)),
    ];
  };
  return [
    ...semester('semester1'),
    ...semester('semester2'),
    value(r, own(s, 'yearAverage'), formatted(average)),
  ];
}

function commentCells(r: Reader, s: Obj): LayoutValue[] {
  const result = coded(COMMENT_RESULT_LABELS);
  return [
    BLANK,
    BLANK,
    BLANK,
    value(r, own(s, 'semester1'), result),
    BLANK,
    BLANK,
    BLANK,
    value(r, own(s, 'semester2'), result),
    value(r, own(s, 'year'), result),
  ];
}

function subjectsTable(r: Reader, rec: Obj, results: Obj): LayoutTableSection {
  const subjects = obj(own(results, 'subjects'));
  const form = formSubjects(own(rec, 'level'), own(rec, 'grade'));
  const withComments = Object.values(subjects).some((s) => isObj(s) && own(s, 'comment') !== undefined);
  const columns = [
    ...semesterColumns('s1', S1),
    ...semesterColumns('s2', S2),
    YEAR_COLUMN,
    ...(withComments ? [COMMENT_COLUMN] : []),
  ];
  const rows = subjectRows(Object.keys(subjects), form, r.partial).map(({ code, present }) => {
    const header = subjectName(code);
    if (!present) return { key: code, header, cells: columns.map(() => HIDDEN) };
    const s = obj(subjects[code]);
    // The record says how the subject was assessed; the programme says it when that field was withheld.
    const kind = own(s, 'assessment') ?? form?.find((x) => x.code === code)?.assessment;
    const cells =
      kind === 'comment'
        ? commentCells(r, s)
        : kind === 'score'
          ? scoredCells(r, s)
          : columns.slice(0, 9).map(() => HIDDEN);
    if (withComments) {
      const c = own(s, 'comment');
      cells.push(c === undefined ? (r.partial ? HIDDEN : BLANK) : value(r, c, written));
    }
    return { key: code, header, cells };
  });
  return {
    kind: 'table',
    id: 'subjects',
    title: { vi: 'Kết quả học tập các môn học', en: 'Results by subject' },
    columns,
    rows,
    note: {
      vi: 'ĐĐGtx: điểm đánh giá thường xuyên; ĐĐGgk: điểm đánh giá giữa kì; ĐĐGck: điểm đánh giá cuối kì; ĐTBmhk: điểm trung bình môn học kì; ĐTBmcn: điểm trung bình môn cả năm. Môn đánh giá bằng nhận xét ghi Đạt hoặc Chưa đạt.',
      en: 'Regular, mid-term and end-term assessment scores; semester and year averages, out of 10. Subjects assessed by comment read pass or not yet passed.',
    },
  };
}

function periodsTable(r: Reader, results: Obj): LayoutTableSection {
  const periodRow = (key: 'learning' | 'conduct') => {
    const v = own(results, key);
    const o = obj(v);
    const level = coded(RESULT_LEVEL_LABELS);
    return {
      key,
      header: F[key]!,
      cells: (['semester1', 'semester2', 'year'] as const).map((k) => value(r, own(o, k), level)),
    };
  };
  return {
    kind: 'table',
    id: 'results',
    title: { vi: 'Kết quả học tập và rèn luyện', en: 'Learning and conduct results' },
    columns: [
      { key: 'semester1', label: S1, align: 'center' },
      { key: 'semester2', label: S2, align: 'center' },
      { key: 'year', label: YEAR, align: 'center' },
    ],
    rows: [periodRow('learning'), periodRow('conduct')],
    note: { vi: 'Mức: Tốt, Khá, Đạt, Chưa đạt.', en: 'Levels: good, fairly good, pass, not yet passed.' },
  };
}

function attendance(r: Reader, results: Obj): LayoutSection {
  const a = obj(own(results, 'absences'));
  const w = own(a, 'withPermission');
  const wo = own(a, 'withoutPermission');
  const rows = [
    row(
      'withPermission',
      { vi: 'Nghỉ có phép', en: 'Absent with permission' },
      value(r, w, formatted(sessions)),
    ),
    row(
      'withoutPermission',
      { vi: 'Nghỉ không phép', en: 'Absent without permission' },
      value(r, wo, formatted(sessions)),
    ),
  ];
  if (typeof w === 'number' && typeof wo === 'number') {
    rows.push(
      row(
        'total',
        { vi: 'Tổng số buổi nghỉ', en: 'Sessions absent in all' },
        value(r, w + wo, formatted(sessions)),
      ),
    );
  }
  return {
    kind: 'facts',
    id: 'attendance',
    title: { vi: 'Số buổi nghỉ học trong năm học', en: 'Absences in the school year' },
    rows,
  };
}

function awards(r: Reader, rec: Obj, results: Obj): LayoutSection {
  const labels = own(rec, 'level') === 'GDTX' ? CONTINUING_AWARD_LABELS : SECONDARY_AWARD_LABELS;
  const award = (v: unknown) => (v === null ? text({ vi: 'Không', en: 'None' }) : coded(labels)(v));
  return {
    kind: 'facts',
    id: 'awards',
    title: { vi: 'Khen thưởng', en: 'Awards' },
    rows: [
      row('award', { vi: 'Danh hiệu', en: 'Title' }, value(r, own(results, 'award'), award)),
      row('otherAwards', F.otherAwards!, value(r, own(results, 'otherAwards'), list)),
    ],
  };
}

/** The level a last grade completes, in the words of the record forms. */
const LEVEL_COMPLETION: Readonly<Record<string, { grade: number; words: Label }>> = {
  THCS: {
    grade: 9,
    words: { vi: 'Hoàn thành chương trình trung học cơ sở', en: 'Completed lower secondary education' },
  },
  THPT: {
    grade: 12,
    words: { vi: 'Hoàn thành chương trình trung học phổ thông', en: 'Completed upper secondary education' },
  },
  GDTX: {
    grade: 12,
    words: {
      vi: 'Hoàn thành chương trình giáo dục thường xuyên cấp trung học phổ thông',
      en: 'Completed the continuing-education upper secondary programme',
    },
  },
};

/**
 * Art. 12–14 in the circular's words: "Được lên lớp", "Kiểm tra lại", "Rèn luyện trong kì nghỉ hè",
 * "Không được lên lớp"; in the last grade of a level, "Hoàn thành chương trình trung học cơ sở" (phổ thông).
 * Graduation (công nhận tốt nghiệp THCS, the THPT examination) is a separate decision the record does not
 * hold: it is never claimed here.
 */
export function secondaryDecision(
  r: Reader,
  level: unknown,
  grade: unknown,
  results: Obj,
): LayoutDecisionSection {
  const last = typeof level === 'string' ? LEVEL_COMPLETION[level] : undefined;
  const finalGrade = last !== undefined && grade === last.grade;
  const promotion = (v: unknown): LayoutValue | undefined => {
    switch (v) {
      case 'LEN_LOP':
        return text(finalGrade ? last!.words : { vi: 'Được lên lớp', en: 'Promoted to the next grade' });
      case 'KIEM_TRA_LAI':
        return text({
          vi: 'Kiểm tra lại các môn học chưa đạt',
          en: 'To be re-assessed in the failed subjects',
        });
      case 'REN_LUYEN_HE':
        return text({ vi: 'Rèn luyện trong kì nghỉ hè', en: 'Conduct training during the summer' });
      case 'O_LAI_LOP':
        return text(
          finalGrade
            ? {
                vi: 'Chưa hoàn thành chương trình lớp học; ở lại lớp',
                en: 'Has not completed the grade; retained',
              }
            : { vi: 'Không được lên lớp (ở lại lớp)', en: 'Not promoted (retained)' },
        );
      default:
        return undefined;
    }
  };
  const decision = value(r, own(results, 'promotion'), promotion);
  const rows: LayoutRow[] = [
    row('promotion', finalGrade ? { vi: 'Kết quả cuối cấp', en: 'End of level' } : F.promotion!, decision),
  ];

  const re = own(results, 'reassessment');
  if (isObj(re)) {
    const on = calendarDate(own(re, 'assessedAt'));
    const entered = obj(own(re, 'subjects'));
    const form = formSubjects(level, grade);
    const subjects = subjectRows(Object.keys(entered), form, false).map(({ code }) => {
      const o = obj(entered[code]);
      const name = subjectName(code);
      const s = score(own(o, 'score'));
      const c = COMMENT_RESULT_LABELS[own(o, 'result') as 'DAT'] as Label | undefined;
      const what = s ?? c ?? { vi: 'không hiển thị', en: 'not shown' };
      return { vi: `${name.vi} ${what.vi}`, en: `${name.en} ${what.en}` };
    });
    rows.push(
      row(
        'reassessment',
        { vi: `Kiểm tra lại${on ? ` (ngày ${on.vi})` : ''}`, en: `Re-assessment${on ? ` (${on.en})` : ''}` },
        subjects.length > 0 ? text(join(subjects)) : r.partial ? HIDDEN : NONE,
      ),
      row(
        'reassessment.learning',
        { vi: 'Kết quả học tập cả năm sau kiểm tra lại', en: 'Year learning result after re-assessment' },
        value(r, own(re, 'learningResult'), coded(RESULT_LEVEL_LABELS)),
      ),
    );
  }
  const summer = own(results, 'summerTraining');
  if (isObj(summer)) {
    const on = calendarDate(own(summer, 'assessedAt'));
    rows.push(
      row(
        'summerTraining',
        {
          vi: `Rèn luyện trong hè${on ? ` (ngày ${on.vi})` : ''}`,
          en: `Summer conduct training${on ? ` (${on.en})` : ''}`,
        },
        value(r, own(summer, 'conduct'), coded(COMMENT_RESULT_LABELS)),
      ),
    );
  }
  return {
    kind: 'decision',
    id: 'decision',
    title: { vi: 'Kết quả cuối năm', en: 'Year-end decision' },
    decision,
    rows,
  };
}

export function secondarySections(r: Reader, rec: Obj): LayoutSection[] {
  const results = obj(own(rec, 'results'));
  const comment = optionalRow(
    r,
    'homeroomComment',
    F.homeroomComment!,
    own(results, 'homeroomComment'),
    written,
  );
  return [
    subjectsTable(r, rec, results),
    periodsTable(r, results),
    attendance(r, results),
    awards(r, rec, results),
    ...(comment.length > 0
      ? [
          {
            kind: 'text',
            id: 'comments',
            title: { vi: 'Nhận xét', en: 'Comments' },
            paragraphs: comment,
          } as const,
        ]
      : []),
    secondaryDecision(r, own(rec, 'level'), own(rec, 'grade'), results),
  ];
}
