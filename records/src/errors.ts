/**
 * What is wrong with a record, said so that a teacher can fix it and a program can branch on it: a stable
 * `code`, the `rule` (an id into RULES, i.e. an article of a circular), the JSON Pointer of the field, the
 * value the rules expect and the value entered, and a message in Vietnamese and English.
 */
import type { RuleId } from './rules.ts';

export type RecordErrorCode =
  /** The input is not a record: wrong type, missing or unknown field, value out of range. */
  | 'RECORD_SCHEMA'
  /** The grade is not taught at the record's level (TH 1–5, THCS 6–9, THPT/GDTX 10–12). */
  | 'RECORD_GRADE_LEVEL_MISMATCH'
  /** A subject or activity the programme requires for this grade is absent. */
  | 'RECORD_SUBJECT_MISSING'
  /** A subject the programme does not have in this grade. */
  | 'RECORD_SUBJECT_UNEXPECTED'
  /** Wrong number of elective subjects or learning-topic clusters (THPT). */
  | 'RECORD_ELECTIVE_COUNT'
  /** A learning-topic cluster on a subject that has none. */
  | 'RECORD_TOPIC_CLUSTER_INVALID'
  /** Scores for a comment-assessed subject or the reverse; a test score where none is taken or missing. */
  | 'RECORD_ASSESSMENT_KIND_MISMATCH'
  /** Number of regular scores (ĐĐGtx) in a semester differs from what the subject's periods require. */
  | 'RECORD_SCORE_COUNT_MISMATCH'
  /** A semester or year average differs from the one computed from the scores. */
  | 'RECORD_AVERAGE_MISMATCH'
  /** A result (subject, learning, conduct, overall) differs from the one the rules give. */
  | 'RECORD_RESULT_MISMATCH'
  /** The promotion decision differs from the one the rules give. */
  | 'RECORD_PROMOTION_MISMATCH'
  /** Grade or primary-school completion differs from the one the rules give, or is misplaced. */
  | 'RECORD_COMPLETION_MISMATCH'
  /** An award the student is not eligible for, or a missing award the rules give. */
  | 'RECORD_AWARD_MISMATCH'
  /** A re-assessment that is not allowed, or covers a subject that did not fail. */
  | 'RECORD_REASSESSMENT_INVALID'
  /** Summer conduct training recorded for a student whose year conduct did not fail. */
  | 'RECORD_SUMMER_TRAINING_UNEXPECTED';

/** Plain data (JSON-safe), so that it can go into an HTTP error body as it is. */
export interface RecordProblem {
  readonly code: RecordErrorCode;
  readonly rule: RuleId;
  /** RFC 6901 JSON Pointer into the record; "" is the whole record. */
  readonly path: string;
  readonly expected?: unknown;
  readonly entered?: unknown;
  readonly message: { readonly vi: string; readonly en: string };
}

/** Thrown by validateRecord and deriveRecord; carries every problem found, the first one up front. */
export class RecordRuleError extends Error {
  override readonly name = 'RecordRuleError';
  readonly problems: readonly RecordProblem[];

  constructor(problems: readonly RecordProblem[]) {
    const first = problems[0];
    if (first === undefined) throw new TypeError('RecordRuleError needs at least one problem');
    const more = problems.length > 1 ? ` (+${problems.length - 1})` : '';
    super(`${first.code} at "${first.path}": ${first.message.vi} / ${first.message.en}${more}`);
    this.problems = problems;
  }

  get code(): RecordErrorCode {
    return this.problems[0]!.code;
  }
  get rule(): RuleId {
    return this.problems[0]!.rule;
  }
  get path(): string {
    return this.problems[0]!.path;
  }
  get expected(): unknown {
    return this.problems[0]!.expected;
  }
  get entered(): unknown {
    return this.problems[0]!.entered;
  }
  /** The first problem's message in both languages (Error.message is the one-line form). */
  get localized(): { readonly vi: string; readonly en: string } {
    return this.problems[0]!.message;
  }
}

export function isRecordRuleError(e: unknown): e is RecordRuleError {
  return e instanceof RecordRuleError;
}

/** RFC 6901: "~" → "~0", "/" → "~1". */
export function pointer(...segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

export function problem(
  code: RecordErrorCode,
  rule: RuleId,
  path: string,
  values: { expected?: unknown; entered?: unknown },
  vi: string,
  en: string,
): RecordProblem {
  return {
    code,
    rule,
    path,
    ...('expected' in values ? { expected: values.expected } : {}),
    ...('entered' in values ? { entered: values.entered } : {}),
    message: { vi, en },
  };
}

/** An entered or expected value as a person reads it in a problem's message. */
export const show = (v: unknown): string =>
  v === undefined ? '(trống / empty)' : v === null ? '(không có / none)' : String(v);
