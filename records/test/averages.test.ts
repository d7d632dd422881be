/** Circular 22 Art. 9 §1b: semester and year averages, by hand. */
import { describe, expect, it } from 'vitest';
import { semesterAverage, yearAverage } from '../src/index.ts';

describe('ĐTBmhk = (ΣĐĐGtx + 2·ĐĐGgk + 3·ĐĐGck)/(n + 5)', () => {
  it('four regular scores: (7 + 8 + 6.5 + 7.5 + 2·7 + 3·7.5)/9 = 65.5/9 = 7.277… → 7.3', () => {
    expect(semesterAverage([7, 8, 6.5, 7.5], 7, 7.5)).toBe(7.3);
  });

  it('two regular scores: (8 + 9 + 2·8 + 3·8.5)/7 = 58.5/7 = 8.357… → 8.4', () => {
    expect(semesterAverage([8, 9], 8, 8.5)).toBe(8.4);
  });

  it('three regular scores hit .x5 exactly and round half up: 49.2/8 = 6.15 → 6.2 (floating point says 6.1)', () => {
    // 7 + 7.5 + 5 + 2·5.7 + 3·6.1 = 49.2; in doubles the quotient is 6.1499999…
    expect((7 + 7.5 + 5 + 2 * 5.7 + 3 * 6.1) / 8).toBeLessThan(6.15);
    expect(semesterAverage([7, 7.5, 5], 5.7, 6.1)).toBe(6.2);
  });

  it('.x5 with three regular scores, more: 43.6/8 = 5.45 → 5.5; 66/8 = 8.25 → 8.3', () => {
    expect(semesterAverage([6, 0, 8], 0.4, 9.6)).toBe(5.5);
    expect(semesterAverage([8, 8, 8], 6, 10)).toBe(8.3);
  });

  it('just under a half rounds down: 49.1/8 = 6.1375 → 6.1', () => {
    expect(semesterAverage([7, 7.5, 4.9], 5.7, 6.1)).toBe(6.1);
  });

  it('five regular scores (a THPT subject with its topic cluster): 72.5/10 = 7.25 → 7.3', () => {
    expect(semesterAverage([7, 7, 7, 7.5, 7.5], 7, 7.5)).toBe(7.3);
    expect(semesterAverage([7, 7, 7, 7, 7.5], 7, 7.5)).toBe(7.2);
  });

  it('stays on the scale: all zeros → 0, all tens → 10', () => {
    expect(semesterAverage([0, 0, 0, 0], 0, 0)).toBe(0);
    expect(semesterAverage([10, 10, 10, 10], 10, 10)).toBe(10);
  });
});

describe('ĐTBmcn = (ĐTBmhkI + 2·ĐTBmhkII)/3', () => {
  it('(6.8 + 2·7.4)/3 = 21.6/3 = 7.2', () => {
    expect(yearAverage(6.8, 7.4)).toBe(7.2);
  });

  it('rounds to the nearest tenth: 23.2/3 = 7.733… → 7.7; 23.3/3 = 7.766… → 7.8', () => {
    expect(yearAverage(7, 8.1)).toBe(7.7);
    expect(yearAverage(7.1, 8.1)).toBe(7.8);
  });

  it('semester II weighs double: (9 + 2·5)/3 = 6.333… → 6.3 but (5 + 2·9)/3 = 7.666… → 7.7', () => {
    expect(yearAverage(9, 5)).toBe(6.3);
    expect(yearAverage(5, 9)).toBe(7.7);
  });

  it('never meets a tie: (t1 + 2·t2) tenths over 3 cannot end in .5', () => {
    for (let a = 0; a <= 100; a++) {
      for (let b = 0; b <= 100; b++) expect(((a + 2 * b) * 2) % 6).not.toBe(3);
    }
  });
});
