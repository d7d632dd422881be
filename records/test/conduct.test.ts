/** Circular 22 Art. 8 §3: the year conduct result from the two semesters, every combination. */
import { describe, expect, it } from 'vitest';
import { type ResultLevel, yearConduct } from '../src/index.ts';

// [semester I, semester II, year]
const TABLE: [ResultLevel, ResultLevel, ResultLevel][] = [
  // a) Tốt: HK II Tốt, HK I at least Khá
  ['TOT', 'TOT', 'TOT'],
  ['KHA', 'TOT', 'TOT'],
  // b) Khá
  ['TOT', 'KHA', 'KHA'],
  ['KHA', 'KHA', 'KHA'],
  ['DAT', 'KHA', 'KHA'],
  ['TOT', 'DAT', 'KHA'],
  ['DAT', 'TOT', 'KHA'],
  ['CHUA_DAT', 'TOT', 'KHA'],
  // c) Đạt
  ['KHA', 'DAT', 'DAT'],
  ['DAT', 'DAT', 'DAT'],
  ['CHUA_DAT', 'DAT', 'DAT'],
  ['CHUA_DAT', 'KHA', 'DAT'],
  // d) Chưa đạt
  ['TOT', 'CHUA_DAT', 'CHUA_DAT'],
  ['KHA', 'CHUA_DAT', 'CHUA_DAT'],
  ['DAT', 'CHUA_DAT', 'CHUA_DAT'],
  ['CHUA_DAT', 'CHUA_DAT', 'CHUA_DAT'],
];

describe('Art. 8 §3 year conduct', () => {
  it.each(TABLE)('HK I %s, HK II %s → %s', (s1, s2, year) => {
    expect(yearConduct(s1, s2)).toBe(year);
  });
  it('covers all 16 combinations', () => {
    expect(new Set(TABLE.map(([a, b]) => `${a}/${b}`)).size).toBe(16);
  });
});
