/** Circular 22 Art. 12–14: promotion, with the 45-session rule, re-assessment and summer training. */
import { describe, expect, it } from 'vitest';
import { deriveRecord, promotion } from '../src/index.ts';
import { asRecord, fixture, only } from './helpers.ts';

describe('promotion()', () => {
  const ok = { conductYear: 'KHA', learningYear: 'DAT' } as const;

  it('45 sessions absent: promoted; 46: retained (Art. 12)', () => {
    expect(promotion({ ...ok, absentSessions: 45 })).toEqual({ decision: 'LEN_LOP', rule: 'TT22.Art12' });
    expect(promotion({ ...ok, absentSessions: 46 })).toEqual({ decision: 'O_LAI_LOP', rule: 'TT22.Art12' });
  });

  it('more than 45 sessions retains even a good student, and no catching up is offered', () => {
    expect(promotion({ conductYear: 'TOT', learningYear: 'TOT', absentSessions: 60 }).decision).toBe(
      'O_LAI_LOP',
    );
    expect(
      promotion({ conductYear: 'CHUA_DAT', learningYear: 'CHUA_DAT', absentSessions: 46 }).decision,
    ).toBe('O_LAI_LOP');
  });

  it('learning Chưa đạt: re-assessment pending, then promoted or retained by its result (Art. 14)', () => {
    const failed = { conductYear: 'TOT', learningYear: 'CHUA_DAT', absentSessions: 0 } as const;
    expect(promotion(failed)).toEqual({ decision: 'KIEM_TRA_LAI', rule: 'TT22.Art14' });
    expect(promotion({ ...failed, learningAfterReassessment: 'DAT' }).decision).toBe('LEN_LOP');
    expect(promotion({ ...failed, learningAfterReassessment: 'CHUA_DAT' })).toEqual({
      decision: 'O_LAI_LOP',
      rule: 'TT22.Art14',
    });
  });

  it('conduct Chưa đạt: summer training pending, then promoted or retained by its result (Art. 13)', () => {
    const failed = { conductYear: 'CHUA_DAT', learningYear: 'KHA', absentSessions: 3 } as const;
    expect(promotion(failed)).toEqual({ decision: 'REN_LUYEN_HE', rule: 'TT22.Art13' });
    expect(promotion({ ...failed, summerConduct: 'DAT' }).decision).toBe('LEN_LOP');
    expect(promotion({ ...failed, summerConduct: 'CHUA_DAT' })).toEqual({
      decision: 'O_LAI_LOP',
      rule: 'TT22.Art13',
    });
  });

  it('both failed: summer training first, then re-assessment', () => {
    const both = { conductYear: 'CHUA_DAT', learningYear: 'CHUA_DAT', absentSessions: 10 } as const;
    expect(promotion(both).decision).toBe('REN_LUYEN_HE');
    expect(promotion({ ...both, summerConduct: 'DAT' }).decision).toBe('KIEM_TRA_LAI');
    expect(promotion({ ...both, summerConduct: 'DAT', learningAfterReassessment: 'DAT' }).decision).toBe(
      'LEN_LOP',
    );
    expect(promotion({ ...both, summerConduct: 'CHUA_DAT' }).decision).toBe('O_LAI_LOP');
  });
});

describe('promotion in a record', () => {
  it('absences with and without permission add up: 40 + 5 = 45 promoted, 40 + 6 = 46 retained', () => {
    const r = fixture('thcs-grade8');
    r.results.absences = { withPermission: 40, withoutPermission: 5 };
    expect(deriveRecord(r).results).toMatchObject({ promotion: 'LEN_LOP' });

    r.results.absences = { withPermission: 40, withoutPermission: 6 };
    const p = only(r); // entered LEN_LOP, the rules say O_LAI_LOP
    expect(p).toMatchObject({
      code: 'RECORD_PROMOTION_MISMATCH',
      rule: 'TT22.Art12',
      path: '/results/promotion',
      expected: 'O_LAI_LOP',
      entered: 'LEN_LOP',
    });
    expect(p.message.vi).toContain('46 buổi');
    expect(p.message.en).toContain('46 sessions');
  });

  it('the GDTX fixture: Chưa đạt, re-assessed in Mathematics (3.2 → 5.5), then Đạt and promoted', () => {
    const r = fixture('gdtx-grade10');
    expect(r.results.learning.year).toBe('CHUA_DAT');
    expect(r.results.subjects.TOAN.yearAverage).toBe(3.2);
    expect(r.results.reassessment).toMatchObject({
      subjects: { TOAN: { score: 5.5 } },
      learningResult: 'DAT',
    });
    expect(r.results.promotion).toBe('LEN_LOP');

    delete r.results.reassessment;
    expect(deriveRecord(r).results).toMatchObject({ promotion: 'KIEM_TRA_LAI' });
  });

  it('summer training recorded: Chưa đạt conduct, then Đạt after the summer → promoted', () => {
    const r = fixture('thcs-grade8');
    r.results.conduct = { semester1: 'DAT', semester2: 'CHUA_DAT' };
    const pending = asRecord(deriveRecord(r));
    expect(pending.results.conduct.year).toBe('CHUA_DAT');
    expect(pending.results.promotion).toBe('REN_LUYEN_HE');
    pending.results.summerTraining = { assessedAt: '2026-08-10', conduct: 'DAT' };
    expect(deriveRecord(pending).results).toMatchObject({ promotion: 'LEN_LOP' });
  });
});
