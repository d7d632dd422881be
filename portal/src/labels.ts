/**
 * Names for what a record holds, as the record forms of Circular 27 (primary) and Circular 22 (secondary)
 * print them: the record model's labels (@hocba/records, labels.ts and curriculum.ts), in the shapes the
 * portal's views look them up by.
 */
import {
  COMMENT_RESULT_LABELS,
  FIELD_LABELS,
  GENERAL_COMPETENCY_LABELS,
  OVERALL_RESULT_LABELS,
  PRIMARY_AWARD_LABELS,
  PROMOTION_LABELS,
  QUALITY_LABELS,
  RATING_LABELS,
  RESULT_LEVEL_LABELS,
  SCHOOL_LEVEL_LABELS,
  SECONDARY_AWARD_LABELS,
  SEX_LABELS,
  SPECIFIC_COMPETENCY_LABELS,
  SUBJECT_LEVEL_LABELS,
  SUBJECTS as SUBJECT_NAMES,
} from '@hocba/records';
import type { Label } from './i18n.ts';

export const SUBJECTS: Readonly<Record<string, Label>> = SUBJECT_NAMES;

export const VALUES: Readonly<Record<string, Readonly<Record<string, Label>>>> = {
  subjectLevel: SUBJECT_LEVEL_LABELS,
  rating: RATING_LABELS,
  overall: OVERALL_RESULT_LABELS,
  result: RESULT_LEVEL_LABELS,
  commentResult: COMMENT_RESULT_LABELS,
  promotion: PROMOTION_LABELS,
  // The two circulars share the code HS_XUAT_SAC, with the same words.
  award: { ...PRIMARY_AWARD_LABELS, ...SECONDARY_AWARD_LABELS },
  level: SCHOOL_LEVEL_LABELS,
  sex: SEX_LABELS,
};

export const QUALITIES: Readonly<Record<string, Label>> = QUALITY_LABELS;
export const GENERAL: Readonly<Record<string, Label>> = GENERAL_COMPETENCY_LABELS;
export const SPECIFIC: Readonly<Record<string, Label>> = SPECIFIC_COMPETENCY_LABELS;
export const FIELDS: Readonly<Record<string, Label>> = FIELD_LABELS;
