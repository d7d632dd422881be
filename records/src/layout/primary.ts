/**
 * Circular 27/2020's record (primary): per subject and activity the level reached, the year-end test score
 * where the subject has one, and the teacher's comment; qualities and competencies rated T/Đ/C; the overall
 * result and awards; the comments; the year-end decision in the circular's words.
 */
import { subjectName } from '../curriculum.ts';
import {
  FIELD_LABELS as F,
  GENERAL_COMPETENCY_LABELS,
  type Label,
  OVERALL_RESULT_LABELS,
  PRIMARY_AWARD_LABELS,
  QUALITY_LABELS,
  RATING_LABELS,
  SPECIFIC_COMPETENCY_LABELS,
  SUBJECT_LEVEL_LABELS,
} from '../labels.ts';
import { calendarDate, score } from './format.ts';
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
  MAYBE_HIDDEN,
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

const COLUMNS: readonly LayoutColumn[] = [
  {
    key: 'level',
    label: { vi: 'Mức đạt được', en: 'Level reached' },
    title: { vi: 'T: Hoàn thành tốt; H: Hoàn thành; C: Chưa hoàn thành', en: 'T, H, C' },
    align: 'center',
  },
  {
    key: 'testScore',
    label: { vi: 'Điểm KTĐK', en: 'Test score' },
    title: { vi: 'Điểm bài kiểm tra định kì cuối năm', en: 'Year-end periodic test score' },
    align: 'end',
  },
  { key: 'comment', label: { vi: 'Nhận xét', en: 'Comment' }, align: 'start' },
];

function subjectsTable(r: Reader, rec: Obj, results: Obj): LayoutTableSection {
  const subjects = obj(own(results, 'subjects'));
  const form = formSubjects(own(rec, 'level'), own(rec, 'grade'));
  const rows = subjectRows(Object.keys(subjects), form, r.partial).map(({ code, present }) => {
    const header = subjectName(code);
    if (!present) return { key: code, header, cells: [HIDDEN, HIDDEN, HIDDEN] };
    const s = obj(subjects[code]);
    const tested = form?.find((x) => x.code === code)?.tested;
    const scoreValue = own(s, 'testScore');
    const cells: LayoutValue[] = [
      value(r, own(s, 'level'), coded(SUBJECT_LEVEL_LABELS)),
      // An untested subject has no score: a blank cell, as on the form, not "not shown".
      scoreValue !== undefined || tested === true
        ? value(r, scoreValue, formatted(score))
        : tested === undefined && r.partial
          ? MAYBE_HIDDEN
          : BLANK,
      own(s, 'comment') === undefined
        ? r.partial
          ? MAYBE_HIDDEN
          : BLANK
        : value(r, own(s, 'comment'), written),
    ];
    return { key: code, header, cells };
  });
  return {
    kind: 'table',
    id: 'subjects',
    title: { vi: 'Các môn học và hoạt động giáo dục', en: 'Subjects and educational activities' },
    columns: COLUMNS,
    rows,
    note: {
      vi: 'Mức đạt được: Hoàn thành tốt, Hoàn thành, Chưa hoàn thành. Điểm KTĐK: điểm bài kiểm tra định kì cuối năm (thang 10).',
      en: 'Level: completed well, completed, not completed. Test score: the year-end periodic test, out of 10.',
    },
  };
}

const RATING_COLUMN: readonly LayoutColumn[] = [
  {
    key: 'rating',
    label: { vi: 'Mức đạt được', en: 'Level reached' },
    title: { vi: 'Tốt, Đạt, Cần cố gắng', en: 'Good, satisfactory, needs effort' },
    align: 'center',
  },
];

function ratingTable(
  r: Reader,
  id: 'qualities' | 'generalCompetencies' | 'specificCompetencies',
  names: Readonly<Record<string, Label>>,
  data: unknown,
): LayoutTableSection {
  const o = obj(data);
  return {
    kind: 'table',
    id,
    title: F[id]!,
    columns: RATING_COLUMN,
    rows: Object.entries(names).map(([k, header]) => ({
      key: k,
      header,
      cells: [value(r, own(o, k), coded(RATING_LABELS))],
    })),
  };
}

const primaryAward = (v: unknown): LayoutValue | undefined =>
  v === null ? text({ vi: 'Không', en: 'None' }) : coded(PRIMARY_AWARD_LABELS)(v);

function resultsSection(r: Reader, results: Obj): LayoutSection {
  return {
    kind: 'facts',
    id: 'results',
    title: { vi: 'Kết quả giáo dục và khen thưởng', en: 'Overall result and awards' },
    rows: [
      row(
        'overallResult',
        F.overallResult!,
        value(r, own(results, 'overallResult'), coded(OVERALL_RESULT_LABELS)),
      ),
      row('award', { vi: 'Danh hiệu', en: 'Title' }, value(r, own(results, 'award'), primaryAward)),
      row('otherAwards', F.otherAwards!, value(r, own(results, 'otherAwards'), list)),
    ],
  };
}

function commentsSection(r: Reader, results: Obj): LayoutSection | undefined {
  const paragraphs: LayoutRow[] = [
    ...optionalRow(r, 'qualitiesComment', F.qualitiesComment!, own(results, 'qualitiesComment'), written),
    ...optionalRow(
      r,
      'competenciesComment',
      F.competenciesComment!,
      own(results, 'competenciesComment'),
      written,
    ),
    ...optionalRow(r, 'homeroomComment', F.homeroomComment!, own(results, 'homeroomComment'), written),
  ];
  if (paragraphs.length === 0) return undefined;
  return { kind: 'text', id: 'comments', title: { vi: 'Nhận xét', en: 'Comments' }, paragraphs };
}

const GRADE_DONE = { vi: 'Hoàn thành chương trình lớp học', en: 'Completed the grade’s programme' };
const GRADE_NOT_DONE = {
  vi: 'Chưa hoàn thành chương trình lớp học',
  en: 'Has not completed the grade’s programme',
};

/**
 * A completion row's value: the row's label already says what was completed ("Hoàn thành chương trình lớp
 * học"), so its value is the circular's word alone — "Hoàn thành" or "Chưa hoàn thành" — not the label again.
 */
const doneWord = (v: unknown): LayoutValue | undefined =>
  typeof v === 'boolean'
    ? text(v ? { vi: 'Hoàn thành', en: 'Completed' } : { vi: 'Chưa hoàn thành', en: 'Not completed' })
    : undefined;

/**
 * Art. 11 and 14 in the circular's words: "Hoàn thành chương trình lớp học" (or not), and for grade 5
 * "Hoàn thành chương trình tiểu học"; a pupil who has not completed the grade is promoted or retained by the
 * principal's decision; a supplementary assessment is dated.
 */
export function primaryDecision(r: Reader, grade: unknown, results: Obj): LayoutDecisionSection {
  const completed = own(results, 'gradeCompleted');
  const primaryCompleted = own(results, 'primaryCompleted');
  const decision = own(results, 'promotionDecision');
  const supplementary = own(results, 'supplementary');
  const rows: LayoutRow[] = [row('gradeCompleted', F.gradeCompleted!, value(r, completed, doneWord))];
  if (isObj(supplementary)) {
    const on = calendarDate(own(supplementary, 'assessedAt'));
    const done = own(supplementary, 'completed') === true;
    rows.push(
      row(
        'supplementary',
        F.supplementary!,
        text({
          vi: `${done ? 'Hoàn thành' : 'Chưa hoàn thành'} chương trình lớp học sau đánh giá bổ sung${on ? ` ngày ${on.vi}` : ''}`,
          en: `${done ? 'Completed' : 'Did not complete'} the grade after the supplementary assessment${on ? ` of ${on.en}` : ''}`,
        }),
      ),
    );
  }
  if (decision !== undefined || (completed === false && r.partial)) {
    rows.push(
      row(
        'promotionDecision',
        F.promotionDecision!,
        value(r, decision, (v) =>
          v === 'LEN_LOP'
            ? text({ vi: 'Được lên lớp', en: 'Promoted' })
            : v === 'O_LAI_LOP'
              ? text({ vi: 'Ở lại lớp', en: 'Retained' })
              : undefined,
        ),
      ),
    );
  }
  if (grade === 5 || primaryCompleted !== undefined) {
    rows.push(row('primaryCompleted', F.primaryCompleted!, value(r, primaryCompleted, doneWord)));
  }

  // The one sentence: the level's completion for grade 5, otherwise the grade's, then the promotion.
  let sentence: LayoutValue;
  if (grade === 5 && typeof primaryCompleted === 'boolean')
    sentence = text(
      primaryCompleted
        ? { vi: 'Hoàn thành chương trình tiểu học', en: 'Completed primary education' }
        : { vi: 'Chưa hoàn thành chương trình tiểu học', en: 'Has not completed primary education' },
    );
  else if (typeof completed !== 'boolean') sentence = r.partial ? HIDDEN : NONE;
  else if (completed) {
    sentence =
      grade === 5
        ? text(GRADE_DONE)
        : text({
            vi: 'Hoàn thành chương trình lớp học; được lên lớp',
            en: 'Completed the grade’s programme; promoted',
          });
  } else {
    const d = rows.find((x) => x.key === 'promotionDecision')?.value;
    sentence =
      d?.kind === 'text'
        ? text({
            vi: `Chưa hoàn thành chương trình lớp học; ${d.text.vi.toLowerCase()}`,
            en: `Has not completed the grade’s programme; ${d.text.en.toLowerCase()}`,
          })
        : text(GRADE_NOT_DONE);
  }
  return {
    kind: 'decision',
    id: 'decision',
    title: { vi: 'Kết quả cuối năm', en: 'Year-end decision' },
    decision: sentence,
    rows,
  };
}

export function primarySections(r: Reader, rec: Obj): LayoutSection[] {
  const results = obj(own(rec, 'results'));
  const comments = commentsSection(r, results);
  return [
    subjectsTable(r, rec, results),
    ratingTable(r, 'qualities', QUALITY_LABELS, own(results, 'qualities')),
    ratingTable(r, 'generalCompetencies', GENERAL_COMPETENCY_LABELS, own(results, 'generalCompetencies')),
    ratingTable(r, 'specificCompetencies', SPECIFIC_COMPETENCY_LABELS, own(results, 'specificCompetencies')),
    resultsSection(r, results),
    ...(comments ? [comments] : []),
    primaryDecision(r, own(rec, 'grade'), results),
  ];
}
