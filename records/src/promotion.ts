/**
 * Xét lên lớp (Circular 22/2021 Art. 12–14): the decision as it stands when the record is written.
 *
 * Art. 12 §1: promoted when the year conduct result (after summer training, if any) and the year learning
 * result (after re-assessment, if any) are at least Đạt, and the student was absent no more than 45
 * sessions (buổi — the circular counts sessions, not days — with or without permission, in one stretch
 * or several). More than 45 sessions: retained, whatever else (Art. 12 §2).
 * Art. 13 (recalled): a year conduct result of Chưa đạt means summer conduct training, judged Đạt or
 * Chưa đạt at its end. Art. 14 (recalled): a year learning result of Chưa đạt means re-assessment.
 *
 * Order while both are pending: summer training first (REN_LUYEN_HE), since a student whose conduct stays
 * Chưa đạt is retained whatever the re-assessment gives. The circular does not spell out this order.
 */
import type { CommentResult, Promotion, ResultLevel } from './levels.ts';
import type { RuleId } from './rules.ts';

export const MAX_ABSENT_SESSIONS = 45;

export interface PromotionInput {
  readonly conductYear: ResultLevel;
  readonly learningYear: ResultLevel;
  readonly absentSessions: number;
  /** The conduct judgement at the end of summer training, when it has happened. */
  readonly summerConduct?: CommentResult | undefined;
  /** The learning result recomputed after re-assessment, when it has happened. */
  readonly learningAfterReassessment?: ResultLevel | undefined;
}

type Outcome = 'pass' | 'fail' | 'pending';

function outcome(year: ResultLevel, after: ResultLevel | CommentResult | undefined): Outcome {
  if (year !== 'CHUA_DAT') return 'pass';
  if (after === undefined) return 'pending';
  return after === 'CHUA_DAT' ? 'fail' : 'pass';
}

export function promotion(i: PromotionInput): { decision: Promotion; rule: RuleId } {
  if (i.absentSessions > MAX_ABSENT_SESSIONS) return { decision: 'O_LAI_LOP', rule: 'TT22.Art12' };
  const conduct = outcome(i.conductYear, i.summerConduct);
  const learning = outcome(i.learningYear, i.learningAfterReassessment);
  if (conduct === 'fail') return { decision: 'O_LAI_LOP', rule: 'TT22.Art13' };
  if (conduct === 'pending') return { decision: 'REN_LUYEN_HE', rule: 'TT22.Art13' };
  if (learning === 'fail') return { decision: 'O_LAI_LOP', rule: 'TT22.Art14' };
  if (learning === 'pending') return { decision: 'KIEM_TRA_LAI', rule: 'TT22.Art14' };
  return { decision: 'LEN_LOP', rule: 'TT22.Art12' };
}

/** May a student be re-assessed / sent to summer training at all? Not when retained for absences. */
export const mayCatchUp = (absentSessions: number): boolean => absentSessions <= MAX_ABSENT_SESSIONS;
