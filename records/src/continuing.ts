/**
 * Continuing education (giáo dục thường xuyên, GDTX) at upper-secondary level — the variant of the
 * secondary record for learners (học viên) of a GDTX centre, such as the one of seed 001.
 *
 * What we are sure of, and what we are not. DESIGN.md names Circular 43/2021 for assessing GDTX learners;
 * we did not have its text. We model it as Circular 22/2021 — the same record shape, averages, learning and
 * conduct results, promotion and award thresholds — with these differences, each recalled, not verified:
 * - Subjects follow the GDTX upper-secondary programme: compulsory Literature, Mathematics, History and
 *   National defence and security education, with experiential/career activities and local education;
 *   four electives out of Geography, Economics and law, Physics, Chemistry, Biology, Technology and
 *   Informatics (no Music or Fine arts); Foreign language 1 is optional; no Physical education.
 * - There are no learning-topic clusters (chuyên đề học tập), so no extra regular score.
 * - Titles read "Học viên Xuất sắc" / "Học viên Giỏi"; the codes stay HS_XUAT_SAC / HS_GIOI.
 * If Circular 43 differs elsewhere (e.g. in the absence rule, or in assessing conduct of adult learners),
 * this module is where the difference belongs.
 */
import { type GradeCurriculum, secondarySubjectRule } from './curriculum.ts';

const { scored, byComment } = secondarySubjectRule;

export function continuingCurriculum(grade: number): GradeCurriculum | undefined {
  if (grade < 10 || grade > 12) return undefined;
  return {
    level: 'GDTX',
    grade,
    rule: 'CTGDTX.subjects',
    subjects: [
      scored('NGU_VAN', 105),
      scored('TOAN', 105),
      scored('LICH_SU', 52),
      scored('GDQP_AN', 35),
      byComment('HDTN_HN'),
      byComment('GD_DIA_PHUONG'),
      scored('DIA_LI', 70, 'elective'),
      scored('GD_KT_PL', 70, 'elective'),
      scored('VAT_LI', 70, 'elective'),
      scored('HOA_HOC', 70, 'elective'),
      scored('SINH_HOC', 70, 'elective'),
      scored('CONG_NGHE', 70, 'elective'),
      scored('TIN_HOC', 70, 'elective'),
      scored('NGOAI_NGU_1', 105, 'optional'),
    ],
    electives: { count: 4, rule: 'CTGDTX.subjects' },
  };
}
