/**
 * Subject averages of Circular 22/2021 Art. 9 §1b, computed exactly.
 *
 * Every score is "an integer or a decimal taken to the first decimal place after rounding" (Art. 5 §3b),
 * so it is a whole number of tenths. Working in tenths with integer arithmetic rounds half up at exactly
 * .x5 — binary floating point would turn (8 + 8.5)/2 style boundaries into 8.2499… and round them down.
 */

/** A score in tenths (8.3 → 83); undefined when it is not a multiple of 0.1. */
export function toTenths(score: number): number | undefined {
  const t = Math.round(score * 10);
  return Math.abs(score * 10 - t) < 1e-9 ? t : undefined;
}

export const fromTenths = (tenths: number): number => tenths / 10;

/** Whether a number has at most one decimal place (Art. 5 §3b). */
export const hasOneDecimal = (score: number): boolean => toTenths(score) !== undefined;

/** numerator/denominator rounded half up, for non-negative integers. */
function divideHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/**
 * ĐTBmhk = (TĐĐGtx + 2·ĐĐGgk + 3·ĐĐGck) / (số ĐĐGtx + 5), to one decimal (Art. 9 §1b).
 * Scores are on the 10-point scale; the result is too.
 */
export function semesterAverage(regular: readonly number[], midterm: number, endterm: number): number {
  const tenths = (s: number) => toTenths(s) ?? Math.round(s * 10);
  const sum = regular.reduce((acc, s) => acc + tenths(s), 0) + 2 * tenths(midterm) + 3 * tenths(endterm);
  return fromTenths(divideHalfUp(sum, regular.length + 5));
}

/** ĐTBmcn = (ĐTBmhkI + 2·ĐTBmhkII) / 3, to one decimal, from the rounded semester averages (Art. 9 §1b). */
export function yearAverage(semester1: number, semester2: number): number {
  const t1 = toTenths(semester1) ?? Math.round(semester1 * 10);
  const t2 = toTenths(semester2) ?? Math.round(semester2 * 10);
  return fromTenths(divideHalfUp(t1 + 2 * t2, 3));
}

/** Vietnamese writes a decimal comma: 8,3. */
export const formatScoreVi = (score: number): string => score.toFixed(1).replace('.', ',');
export const formatScoreEn = (score: number): string => score.toFixed(1);
