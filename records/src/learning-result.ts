/**
 * Kết quả học tập of a semester or of the year (Circular 22/2021 Art. 9 §2 and §3), from the subject
 * results of that period: the averages (ĐTBmhk or ĐTBmcn) of the scored subjects and the Đạt/Chưa đạt of
 * the comment-assessed ones. The same thresholds serve the semester and the year.
 */
import { toTenths } from './averages.ts';
import { type CommentResult, levelOfRank, type ResultLevel, rank } from './levels.ts';
import type { RuleId } from './rules.ts';

export interface PeriodResults {
  /** Averages of the scored subjects, on the 10-point scale. */
  readonly scores: readonly number[];
  /** Results of the comment-assessed subjects. */
  readonly comments: readonly CommentResult[];
}

/** Thresholds in tenths, named after the clause they come from. */
const T = {
  good: { floor: 65, high: 80 }, // §2a: every scored subject ≥ 6.5, at least 6 ≥ 8.0
  fair: { floor: 50, high: 65 }, // §2b: every scored subject ≥ 5.0, at least 6 ≥ 6.5
  pass: { floor: 35, high: 50 }, // §2c: none below 3.5, at least 6 ≥ 5.0
  count: 6,
} as const;

const tenths = (s: number) => toTenths(s) ?? Math.round(s * 10);
const atLeast = (scores: readonly number[], t: number) => scores.filter((s) => s >= t).length;

/** Art. 9 §2 without the adjustment: a) Tốt, b) Khá, c) Đạt, d) Chưa đạt. */
export function levelByThresholds(period: PeriodResults): ResultLevel {
  const scores = period.scores.map(tenths);
  const failed = period.comments.filter((c) => c === 'CHUA_DAT').length;
  const lowest = Math.min(Number.POSITIVE_INFINITY, ...scores);
  if (failed === 0 && lowest >= T.good.floor && atLeast(scores, T.good.high) >= T.count) return 'TOT';
  if (failed === 0 && lowest >= T.fair.floor && atLeast(scores, T.fair.high) >= T.count) return 'KHA';
  if (failed <= 1 && lowest >= T.pass.floor && atLeast(scores, T.pass.high) >= T.count) return 'DAT';
  return 'CHUA_DAT';
}

/**
 * Art. 9 §3: "if the result is two or more levels below the level of §2a or §2b only because of the
 * result of one single subject, it is raised to the adjacent level".
 *
 * Our reading, since the circular gives no procedure: the result is kept below level L (Tốt or Khá) by
 * one subject only when exactly one subject misses L's per-subject bar (a scored subject below 6.5 for
 * Tốt / 5.0 for Khá, or a comment-assessed subject Chưa đạt) and the "at least 6 subjects" count of L is
 * met without it. Equivalently: lifting that one subject to L's bar would give L. The raise is one level
 * from the computed result (e.g. Tốt but for one Chưa đạt comment subject: Đạt → Khá).
 */
export function onlyOneSubjectBelow(period: PeriodResults, level: 'TOT' | 'KHA'): boolean {
  const bar = level === 'TOT' ? T.good : T.fair;
  const scores = period.scores.map(tenths);
  const below =
    scores.filter((s) => s < bar.floor).length + period.comments.filter((c) => c === 'CHUA_DAT').length;
  return below === 1 && atLeast(scores, bar.high) >= T.count;
}

export interface LearningResult {
  readonly level: ResultLevel;
  /** The clause that decided it, for the error a mismatch produces. */
  readonly rule: RuleId;
  /** Set when §3 raised the level: the level §2 alone gave. */
  readonly beforeAdjustment?: ResultLevel;
}

const CLAUSE: Readonly<Record<ResultLevel, RuleId>> = {
  TOT: 'TT22.Art9.2a',
  KHA: 'TT22.Art9.2b',
  DAT: 'TT22.Art9.2c',
  CHUA_DAT: 'TT22.Art9.2d',
};

export function learningResult(period: PeriodResults): LearningResult {
  const level = levelByThresholds(period);
  const raise = (['TOT', 'KHA'] as const).some(
    (target) => rank(level) - rank(target) >= 2 && onlyOneSubjectBelow(period, target),
  );
  if (!raise) return { level, rule: CLAUSE[level] };
  return { level: levelOfRank(rank(level) - 1), rule: 'TT22.Art9.3', beforeAdjustment: level };
}
