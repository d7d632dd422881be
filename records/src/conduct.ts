/**
 * Kết quả rèn luyện cả năm from the two semesters (Circular 22/2021 Art. 8 §3). The semester results are
 * the homeroom teacher's judgement (Art. 8 §2) and are entered; the year result follows from them:
 * a) Tốt: HK II Tốt and HK I at least Khá;
 * b) Khá: HK II Khá and HK I at least Đạt; or HK II Đạt and HK I Tốt; or HK II Tốt and HK I Đạt/Chưa đạt;
 * c) Đạt: HK II Đạt and HK I Khá/Đạt/Chưa đạt; or HK II Khá and HK I Chưa đạt;
 * d) Chưa đạt: every other case (HK II Chưa đạt).
 */
import type { ResultLevel } from './levels.ts';

const YEAR: Readonly<Record<ResultLevel, Readonly<Record<ResultLevel, ResultLevel>>>> = {
  // semester II → semester I → year
  TOT: { TOT: 'TOT', KHA: 'TOT', DAT: 'KHA', CHUA_DAT: 'KHA' },
  KHA: { TOT: 'KHA', KHA: 'KHA', DAT: 'KHA', CHUA_DAT: 'DAT' },
  DAT: { TOT: 'KHA', KHA: 'DAT', DAT: 'DAT', CHUA_DAT: 'DAT' },
  CHUA_DAT: { TOT: 'CHUA_DAT', KHA: 'CHUA_DAT', DAT: 'CHUA_DAT', CHUA_DAT: 'CHUA_DAT' },
};

export const yearConduct = (semester1: ResultLevel, semester2: ResultLevel): ResultLevel =>
  YEAR[semester2][semester1];
