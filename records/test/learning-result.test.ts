/** Circular 22 Art. 9 §2 (each level at its boundary and just below) and §3 (the one-subject adjustment). */
import { describe, expect, it } from 'vitest';
import { learningResult } from '../src/index.ts';

const six = (score: number) => Array<number>(6).fill(score);
const pass = ['DAT', 'DAT', 'DAT', 'DAT', 'DAT'] as const;

describe('Art. 9 §2a — Tốt', () => {
  it('every scored subject ≥ 6.5, exactly six ≥ 8.0, comments all Đạt → Tốt', () => {
    expect(learningResult({ scores: [...six(8), 6.5, 6.5], comments: pass })).toEqual({
      level: 'TOT',
      rule: 'TT22.Art9.2a',
    });
  });
  it('one subject at 6.4 → Khá', () => {
    expect(learningResult({ scores: [...six(8), 6.5, 6.4], comments: pass }).level).toBe('KHA');
  });
  it('only five ≥ 8.0 (the sixth 7.9) → Khá', () => {
    expect(learningResult({ scores: [8, 8, 8, 8, 8, 7.9, 6.5, 6.5], comments: pass }).level).toBe('KHA');
  });
});

describe('Art. 9 §2b — Khá', () => {
  it('every scored subject ≥ 5.0, exactly six ≥ 6.5 → Khá', () => {
    expect(learningResult({ scores: [...six(6.5), 5, 5], comments: pass })).toEqual({
      level: 'KHA',
      rule: 'TT22.Art9.2b',
    });
  });
  it('one subject at 4.9 → Đạt', () => {
    expect(learningResult({ scores: [...six(6.5), 5, 4.9], comments: pass }).level).toBe('DAT');
  });
  it('only five ≥ 6.5 → Đạt', () => {
    expect(learningResult({ scores: [6.5, 6.5, 6.5, 6.5, 6.5, 6.4, 5, 5], comments: pass }).level).toBe(
      'DAT',
    );
  });
});

describe('Art. 9 §2c — Đạt', () => {
  it('exactly six ≥ 5.0, the rest 3.5, one comment subject Chưa đạt → Đạt', () => {
    expect(learningResult({ scores: [...six(5), 3.5, 3.5], comments: ['DAT', 'CHUA_DAT'] })).toEqual({
      level: 'DAT',
      rule: 'TT22.Art9.2c',
    });
  });
  it('one subject at 3.4 → Chưa đạt', () => {
    expect(learningResult({ scores: [...six(5), 3.5, 3.4], comments: ['DAT'] })).toEqual({
      level: 'CHUA_DAT',
      rule: 'TT22.Art9.2d',
    });
  });
  it('only five ≥ 5.0 → Chưa đạt', () => {
    expect(learningResult({ scores: [5, 5, 5, 5, 5, 4.9, 4.9, 4.9], comments: [] }).level).toBe('CHUA_DAT');
  });
  it('two comment subjects Chưa đạt → Chưa đạt', () => {
    expect(learningResult({ scores: six(9), comments: ['CHUA_DAT', 'CHUA_DAT'] }).level).toBe('CHUA_DAT');
  });
});

describe('Art. 9 §3 — two or more levels down because of one subject only: raised one level', () => {
  it('Tốt but for one comment subject Chưa đạt: §2 gives Đạt, adjusted to Khá', () => {
    expect(learningResult({ scores: [...six(8), 7, 7], comments: ['CHUA_DAT', 'DAT'] })).toEqual({
      level: 'KHA',
      rule: 'TT22.Art9.3',
      beforeAdjustment: 'DAT',
    });
  });
  it('Tốt but for one subject at 3.0: §2 gives Chưa đạt, adjusted to Đạt', () => {
    expect(learningResult({ scores: [...six(8), 7, 3], comments: pass })).toEqual({
      level: 'DAT',
      rule: 'TT22.Art9.3',
      beforeAdjustment: 'CHUA_DAT',
    });
  });
  it('Khá but for one subject at 3.4: §2 gives Chưa đạt, adjusted to Đạt', () => {
    expect(learningResult({ scores: [...six(6.5), 5, 3.4], comments: pass }).level).toBe('DAT');
  });
  it('one level down only (Tốt but for one 5.0 → Khá) is not adjusted', () => {
    expect(learningResult({ scores: [...six(8), 7, 5], comments: pass })).toEqual({
      level: 'KHA',
      rule: 'TT22.Art9.2b',
    });
  });
  it('two weak subjects are not "one subject only"', () => {
    expect(learningResult({ scores: [...six(8), 3, 3], comments: pass }).level).toBe('CHUA_DAT');
    expect(learningResult({ scores: [...six(8), 7, 3], comments: ['CHUA_DAT'] }).level).toBe('CHUA_DAT');
  });
  it('the count of the higher level must hold without the weak subject', () => {
    // Five ≥ 8.0 and one at 3.0: not "Tốt but for one subject"; "Khá but for one subject" → Đạt.
    expect(learningResult({ scores: [8, 8, 8, 8, 8, 7, 7, 3], comments: pass }).level).toBe('DAT');
    // Only five ≥ 6.5 and one at 3.0: neither → stays Chưa đạt.
    expect(learningResult({ scores: [6.5, 6.5, 6.5, 6.5, 6.5, 6, 6, 3], comments: pass }).level).toBe(
      'CHUA_DAT',
    );
  });
});
