/** Circular 27: overall result (each level and the case just below), awards, completion. */
import { describe, expect, it } from 'vitest';
import { checkRecord, deriveRecord, overallResult } from '../src/index.ts';
import { asRecord, codes, fixture, only } from './helpers.ts';

type Subjects = Parameters<typeof overallResult>[0];
const allT = {
  qualities: { patriotism: 'T', kindness: 'T', diligence: 'T', honesty: 'T', responsibility: 'T' },
  generalCompetencies: {
    selfDirectedLearning: 'T',
    communicationAndCollaboration: 'T',
    problemSolvingAndCreativity: 'T',
  },
  specificCompetencies: {
    language: 'T',
    numeracy: 'T',
    science: 'T',
    technology: 'T',
    informatics: 'T',
    aesthetics: 'T',
    physical: 'T',
  },
} as const;
const withRating = (group: keyof typeof allT, key: string, value: 'T' | 'D' | 'C') => ({
  ...allT,
  [group]: { ...allT[group], [key]: value },
});
const subjects = (tv: number, toan: number, other: 'T' | 'H' | 'C' = 'T'): Subjects => ({
  TIENG_VIET: { level: 'T', testScore: tv },
  TOAN: { level: 'T', testScore: toan },
  DAO_DUC: { level: other },
  GDTC: { level: 'T' },
});

describe('overall result (Art. 10 §1)', () => {
  it('HTXS: everything T and every test ≥ 9', () => {
    expect(overallResult(subjects(9, 10), allT)).toEqual({ result: 'HTXS', rule: 'TT27.Art10.1a' });
  });
  it('a test at 8 → HTT', () => {
    expect(overallResult(subjects(8, 10), allT)).toEqual({ result: 'HTT', rule: 'TT27.Art10.1b' });
  });
  it('HTT at its boundary: tests 7 → HTT; a test at 6 → HT', () => {
    expect(overallResult(subjects(7, 7), allT).result).toBe('HTT');
    expect(overallResult(subjects(6, 10), allT)).toEqual({ result: 'HT', rule: 'TT27.Art10.1c' });
  });
  it('one subject H, or one quality or competency Đ, rules out HTXS and HTT whatever the scores', () => {
    expect(overallResult(subjects(10, 10, 'H'), allT).result).toBe('HT');
    expect(overallResult(subjects(10, 10), withRating('qualities', 'honesty', 'D')).result).toBe('HT');
    expect(overallResult(subjects(10, 10), withRating('specificCompetencies', 'physical', 'D')).result).toBe(
      'HT',
    );
  });
  it('HT at its boundary: tests 5 → HT; a test at 4 → CHT', () => {
    expect(overallResult(subjects(5, 5, 'H'), withRating('qualities', 'kindness', 'D')).result).toBe('HT');
    expect(overallResult(subjects(4, 10), allT)).toEqual({ result: 'CHT', rule: 'TT27.Art10.1d' });
  });
  it('a subject C or a rating C (Cần cố gắng) → CHT', () => {
    expect(overallResult(subjects(10, 10, 'C'), allT).result).toBe('CHT');
    expect(
      overallResult(subjects(10, 10), withRating('generalCompetencies', 'selfDirectedLearning', 'C')).result,
    ).toBe('CHT');
  });
});

describe('the grade-5 fixture', () => {
  it('is HTT (English test at 8), Học sinh Tiêu biểu, grade and primary school completed', () => {
    const r = fixture('primary-grade5');
    expect(r.results).toMatchObject({
      overallResult: 'HTT',
      award: 'HS_TIEU_BIEU',
      gradeCompleted: true,
      primaryCompleted: true,
    });
  });

  it('with the English test at 9 it is HTXS and the title becomes Học sinh Xuất sắc', () => {
    const r = fixture('primary-grade5');
    r.results.subjects.NGOAI_NGU_1.testScore = 9;
    expect(deriveRecord(r).results).toMatchObject({ overallResult: 'HTXS', award: 'HS_XUAT_SAC' });
    // Both derived values now disagree with what was entered, each reported at its own path.
    expect(codes(r)).toEqual([
      ['RECORD_RESULT_MISMATCH', '/results/overallResult'],
      ['RECORD_AWARD_MISMATCH', '/results/award'],
    ]);
  });
});

describe('awards (Art. 13 §1)', () => {
  it('HTXS without the title Học sinh Xuất sắc is a mismatch', () => {
    const r = fixture('primary-grade5');
    r.results.subjects.NGOAI_NGU_1.testScore = 9;
    const d = asRecord(deriveRecord(r));
    d.results.award = null;
    expect(only(d)).toMatchObject({
      code: 'RECORD_AWARD_MISMATCH',
      rule: 'TT27.Art13.1a',
      expected: 'HS_XUAT_SAC',
      entered: null,
    });
  });
  it('Học sinh Tiêu biểu needs HTT: with HT it is refused', () => {
    const r = fixture('primary-grade5');
    r.results.subjects.DAO_DUC.level = 'H';
    const d = asRecord(deriveRecord(r)); // derive drops the title it cannot keep
    expect(d.results).toMatchObject({ overallResult: 'HT', award: null });
    d.results.award = 'HS_TIEU_BIEU';
    expect(only(d)).toMatchObject({ code: 'RECORD_AWARD_MISMATCH', rule: 'TT27.Art13.1b', expected: null });
  });
  it('HTT with no title is fine: Học sinh Tiêu biểu is a judgement, never required', () => {
    const r = fixture('primary-grade5');
    r.results.award = null;
    expect(checkRecord(r)).toEqual([]);
  });
});

describe('completion (Art. 11)', () => {
  const failing = () => {
    const r = fixture('primary-grade5');
    r.results.subjects.TOAN = { level: 'C', testScore: 4, comment: 'Cần luyện thêm phép chia.' };
    return r;
  };

  it('CHT: grade not completed, primary not completed, the principal must decide', () => {
    const r = failing();
    delete r.results.award;
    const d = asRecord(deriveRecord(r));
    expect(d.results).toMatchObject({ overallResult: 'CHT', gradeCompleted: false, primaryCompleted: false });
    expect(only(d)).toMatchObject({ code: 'RECORD_PROMOTION_MISMATCH', path: '/results/promotionDecision' });
    d.results.promotionDecision = 'O_LAI_LOP';
    expect(checkRecord(d)).toEqual([]);
  });

  it('a supplementary assessment can complete the grade', () => {
    const r = failing();
    r.results.supplementary = { completed: true, assessedAt: '2026-08-10' };
    const d = asRecord(deriveRecord(r));
    expect(d.results).toMatchObject({ overallResult: 'CHT', gradeCompleted: true, primaryCompleted: true });
  });

  it('a supplementary assessment of a pupil who completed is refused', () => {
    const r = fixture('primary-grade5');
    r.results.supplementary = { completed: true, assessedAt: '2026-08-10' };
    expect(only(r)).toMatchObject({ code: 'RECORD_COMPLETION_MISMATCH', path: '/results/supplementary' });
  });

  it('primary completion is stated in grade 5 only', () => {
    const r = fixture('primary-grade5');
    delete r.results.primaryCompleted;
    expect(only(r)).toMatchObject({
      code: 'RECORD_COMPLETION_MISMATCH',
      rule: 'TT27.Art11.4',
      expected: true,
    });
  });
});
