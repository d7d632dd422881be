/** Subjects per grade of the 2018 programme and the regular-score counts of Circular 22 Art. 6 §2b. */
import { describe, expect, it } from 'vitest';
import { curriculumFor, regularScoreCount } from '../src/index.ts';

const codesOf = (level: 'TH' | 'THCS' | 'THPT' | 'GDTX', grade: number, kind?: string) =>
  curriculumFor(level, grade)
    ?.subjects.filter((s) => kind === undefined || s.kind === kind)
    .map((s) => s.code);

describe('primary', () => {
  it('grade 1: Vietnamese and Mathematics tested; foreign language optional and untested', () => {
    const c = curriculumFor('TH', 1)!;
    expect(c.subjects.filter((s) => s.tested).map((s) => s.code)).toEqual(['TIENG_VIET', 'TOAN']);
    expect(c.subjects.find((s) => s.code === 'NGOAI_NGU_1')).toMatchObject({
      kind: 'optional',
      tested: false,
    });
    expect(codesOf('TH', 1, 'compulsory')).toContain('TN_XH');
  });
  it('grade 3: foreign language and informatics-technology become compulsory and tested', () => {
    const tested = curriculumFor('TH', 3)!
      .subjects.filter((s) => s.tested)
      .map((s) => s.code);
    expect(tested).toEqual(['TIENG_VIET', 'TOAN', 'NGOAI_NGU_1', 'TIN_HOC_CN']);
  });
  it('grades 4–5: history-geography and science replace nature-and-society, tested', () => {
    const c = curriculumFor('TH', 5)!;
    expect(
      c.subjects
        .filter((s) => s.tested)
        .map((s) => s.code)
        .sort(),
    ).toEqual(['KHOA_HOC', 'LS_DL', 'NGOAI_NGU_1', 'TIENG_VIET', 'TIN_HOC_CN', 'TOAN'].sort());
    expect(codesOf('TH', 5)).not.toContain('TN_XH');
  });
});

describe('secondary', () => {
  it('THCS: eight scored subjects and five comment-assessed ones (Circular 22 Art. 5 §3a)', () => {
    const c = curriculumFor('THCS', 8)!;
    const compulsory = c.subjects.filter((s) => s.kind === 'compulsory');
    expect(compulsory.filter((s) => s.assessment === 'score')).toHaveLength(8);
    expect(compulsory.filter((s) => s.assessment === 'comment').map((s) => s.code)).toEqual([
      'GDTC',
      'AM_NHAC',
      'MI_THUAT',
      'HDTN_HN',
      'GD_DIA_PHUONG',
    ]);
  });
  it('THPT: nine electives of which a student takes four, and three topic clusters', () => {
    const c = curriculumFor('THPT', 11)!;
    expect(c.subjects.filter((s) => s.kind === 'elective')).toHaveLength(9);
    expect(c.electives?.count).toBe(4);
    expect(c.topicClusters?.count).toBe(3);
    expect(c.subjects.find((s) => s.code === 'GDQP_AN')).toMatchObject({
      assessment: 'score',
      periodsPerYear: 35,
    });
  });
  it('GDTX: seven electives (no music, fine arts or PE), no topic clusters', () => {
    const c = curriculumFor('GDTX', 10)!;
    expect(c.subjects.filter((s) => s.kind === 'elective')).toHaveLength(7);
    expect(codesOf('GDTX', 10)).not.toContain('GDTC');
    expect(c.topicClusters).toBeUndefined();
  });
  it('a grade outside the level has no curriculum', () => {
    expect(curriculumFor('THCS', 10)).toBeUndefined();
    expect(curriculumFor('TH', 6)).toBeUndefined();
    expect(curriculumFor('GDTX', 9)).toBeUndefined();
  });
});

describe('regular scores a semester (Art. 6 §2b)', () => {
  it.each([
    [35, 2],
    [36, 3],
    [52, 3],
    [70, 3],
    [71, 4],
    [105, 4],
    [140, 4],
  ])('%i periods a year → %i', (periods, n) => {
    expect(regularScoreCount(periods)).toBe(n);
  });
  it('a learning-topic cluster adds one', () => {
    expect(regularScoreCount(105, true)).toBe(5);
    expect(regularScoreCount(70, true)).toBe(4);
  });
});
