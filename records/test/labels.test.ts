/** Every code of the record's vocabularies has its words, and the words are Vietnamese first, never a code. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  COMMENT_RESULT_LABELS,
  CommentResult,
  FIELD_LABELS,
  GENERAL_COMPETENCY_LABELS,
  OVERALL_RESULT_LABELS,
  OverallResult,
  PROMOTION_LABELS,
  Promotion,
  QUALITY_LABELS,
  RATING_LABELS,
  Rating,
  RESULT_LEVEL_LABELS,
  ResultLevel,
  SCHOOL_LEVEL_LABELS,
  SchoolLevel,
  SPECIFIC_COMPETENCY_LABELS,
  SUBJECT_LEVEL_LABELS,
  SubjectLevel,
} from '../src/index.ts';
import { GeneralCompetencies, Qualities, SpecificCompetencies } from '../src/primary.ts';

describe('labels', () => {
  it('name every code of each vocabulary, no more', () => {
    const pairs = [
      [SchoolLevel.options, SCHOOL_LEVEL_LABELS],
      [SubjectLevel.options, SUBJECT_LEVEL_LABELS],
      [Rating.options, RATING_LABELS],
      [OverallResult.options, OVERALL_RESULT_LABELS],
      [ResultLevel.options, RESULT_LEVEL_LABELS],
      [CommentResult.options, COMMENT_RESULT_LABELS],
      [Promotion.options, PROMOTION_LABELS],
    ] as const;
    for (const [codes, labels] of pairs) expect(Object.keys(labels).sort()).toEqual([...codes].sort());
    expectTypeOf<keyof typeof SCHOOL_LEVEL_LABELS>().toEqualTypeOf<SchoolLevel>();
    expectTypeOf<keyof typeof PROMOTION_LABELS>().toEqualTypeOf<Promotion>();
  });

  it('name the qualities and competencies in the order of the schema (the record form’s)', () => {
    expect(Object.keys(QUALITY_LABELS)).toEqual(Object.keys(Qualities.shape));
    expect(Object.keys(GENERAL_COMPETENCY_LABELS)).toEqual(Object.keys(GeneralCompetencies.shape));
    expect(Object.keys(SPECIFIC_COMPETENCY_LABELS)).toEqual(Object.keys(SpecificCompetencies.shape));
  });

  it('are words, not codes', () => {
    for (const l of Object.values(FIELD_LABELS)) {
      expect(l.vi).not.toMatch(/^[a-z]+[A-Z]/);
      expect(l.en.length).toBeGreaterThan(0);
    }
  });
});
