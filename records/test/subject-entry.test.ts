import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSubjectEntry } from '../src/index.ts';

const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as {
    results: { subjects: Record<string, Record<string, unknown>> };
  };
const thcs = load('thcs-grade8.json').results.subjects;
const primary = load('primary-grade5.json').results.subjects;

const codes = (r: ReturnType<typeof checkSubjectEntry>) =>
  r.problems.map((p) => `${p.code} ${p.rule} ${p.path}`);

describe('checkSubjectEntry, secondary (Circular 22)', () => {
  it('accepts a fixture subject and answers its averages (Art. 9 §1b)', () => {
    const r = checkSubjectEntry('THCS', 8, 'TOAN', thcs.TOAN);
    expect(r.problems).toEqual([]);
    expect(r.derived).toEqual({
      assessment: 'score',
      semester1Average: 8.2,
      semester2Average: 8.7,
      yearAverage: 8.5,
    });
  });

  it('derives the averages of a draft that leaves them out', () => {
    const { yearAverage: _y, ...rest } = thcs.TOAN as Record<string, unknown>;
    const r = checkSubjectEntry('THCS', 8, 'TOAN', rest);
    expect(r.problems).toEqual([]);
    expect(r.derived).toMatchObject({ yearAverage: 8.5 });
  });

  it('names a wrong entered average with its rule and its path under the entry', () => {
    const r = checkSubjectEntry('THCS', 8, 'TOAN', { ...thcs.TOAN, yearAverage: 9 });
    expect(codes(r)).toEqual(['RECORD_AVERAGE_MISMATCH TT22.Art9.1b /yearAverage']);
    expect(r.problems[0]!.message.vi).toContain('8,5');
  });

  it('counts the regular scores a semester needs (Art. 6 §2b)', () => {
    const { yearAverage: _y, semester1, ...rest } = thcs.TOAN as Record<string, Record<string, unknown>>;
    const { average: _a, ...s1 } = semester1!;
    const short = { ...rest, semester1: { ...s1, regular: [8, 9] } };
    const r = checkSubjectEntry('THCS', 8, 'TOAN', short);
    expect(codes(r)).toEqual(['RECORD_SCORE_COUNT_MISMATCH TT22.Art6.2b /semester1/regular']);
  });

  it('refuses scores for a comment-assessed subject (Art. 5 §3a)', () => {
    const r = checkSubjectEntry('THCS', 8, 'GDTC', thcs.TOAN);
    expect(codes(r)).toContain('RECORD_ASSESSMENT_KIND_MISMATCH TT22.Art5.3a /assessment');
  });

  it('gives the year result of a comment subject from semester II (Art. 9 §1a)', () => {
    const r = checkSubjectEntry('THCS', 8, 'GDTC', {
      assessment: 'comment',
      semester1: 'DAT',
      semester2: 'CHUA_DAT',
    });
    expect(r.problems).toEqual([]);
    expect(r.derived).toEqual({ assessment: 'comment', year: 'CHUA_DAT' });
    const wrong = checkSubjectEntry('THCS', 8, 'GDTC', {
      assessment: 'comment',
      semester1: 'DAT',
      semester2: 'CHUA_DAT',
      year: 'DAT',
    });
    expect(codes(wrong)).toEqual(['RECORD_RESULT_MISMATCH TT22.Art9.1a /year']);
  });

  it('lists schema problems (a score above 10, two decimals) and derives nothing', () => {
    const s = thcs.TOAN as { semester2: Record<string, unknown> };
    const r = checkSubjectEntry('THCS', 8, 'TOAN', {
      ...thcs.TOAN,
      semester2: { ...s.semester2, midterm: 11, endterm: 8.25 },
    });
    expect(r.derived).toBeNull();
    expect(r.problems.map((p) => p.path).sort()).toEqual(['/semester2/endterm', '/semester2/midterm']);
  });

  it('names a subject the grade does not have', () => {
    const r = checkSubjectEntry('THCS', 8, 'VAT_LI', thcs.TOAN);
    expect(r.problems.map((p) => p.code)).toContain('RECORD_SUBJECT_UNEXPECTED');
  });
});

describe('checkSubjectEntry, primary (Circular 27)', () => {
  it('accepts a fixture subject', () => {
    expect(checkSubjectEntry('TH', 5, 'TOAN', primary.TOAN)).toEqual({
      problems: [],
      derived: { assessment: 'level' },
    });
  });

  it('asks for the test score of a tested subject and refuses one for an untested subject (Art. 7 §1b)', () => {
    const { testScore: _t, ...noScore } = primary.TOAN as Record<string, unknown>;
    expect(codes(checkSubjectEntry('TH', 5, 'TOAN', noScore))).toEqual([
      'RECORD_ASSESSMENT_KIND_MISMATCH TT27.Art7.1b /testScore',
    ]);
    expect(codes(checkSubjectEntry('TH', 5, 'DAO_DUC', { level: 'T', testScore: 9 }))).toEqual([
      'RECORD_ASSESSMENT_KIND_MISMATCH TT27.Art7.1b /testScore',
    ]);
  });

  it('refuses a level outside T/H/C and a score of 0', () => {
    const r = checkSubjectEntry('TH', 5, 'TOAN', { level: 'A', testScore: 0 });
    expect(r.problems.map((p) => p.path).sort()).toEqual(['/level', '/testScore']);
  });
});
