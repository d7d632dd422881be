/** validateRecord / checkRecord / deriveRecord: every error code, with its rule and path. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  checkRecord,
  deriveRecord,
  isRecordRuleError,
  RecordRuleError,
  RecordSchema,
  RULES,
  validateRecord,
} from '../src/index.ts';
import { asRecord, codes, FIXTURES, fixture, type Json, only } from './helpers.ts';

describe('fixtures', () => {
  it.each(FIXTURES)('%s is a valid record', (name) => {
    const r = fixture(name);
    expect(checkRecord(r)).toEqual([]);
    expect(validateRecord(r)).toEqual(r);
  });
});

describe('RECORD_SCHEMA', () => {
  it('lists every bad field with its JSON Pointer', () => {
    const r = fixture('thcs-grade8');
    r.nationalId = '12345';
    r.schoolYear = '2025-2027';
    r.results.subjects.TOAN.semester1.midterm = 11;
    r.results.subjects.TOAN.semester1.regular[0] = 7.25;
    r.results.conduct.semester1 = 'GIOI';
    r.unknownField = 1;
    const found = checkRecord(r);
    expect(found.every((p) => p.code === 'RECORD_SCHEMA' && p.rule === 'schema')).toBe(true);
    expect(found.map((p) => p.path).sort()).toEqual(
      [
        '/nationalId',
        '/schoolYear',
        '/results/subjects/TOAN/semester1/midterm',
        '/results/subjects/TOAN/semester1/regular/0',
        '/results/conduct/semester1',
        '/unknownField',
      ].sort(),
    );
    const score = found.find((p) => p.path.endsWith('regular/0'))!;
    expect(score).toMatchObject({ entered: 7.25 });
    expect(score.message.vi).toContain('thập phân');
    expect(score.message.en).toContain('decimal');
  });

  it('a missing derived value is a schema problem for validate, and filled by derive', () => {
    const r = fixture('thcs-grade8');
    delete r.results.subjects.TOAN.yearAverage;
    expect(codes(r)).toEqual([['RECORD_SCHEMA', '/results/subjects/TOAN/yearAverage']]);
    expect(checkRecord(deriveRecord(r))).toEqual([]);
  });

  it('never echoes biography values (sensitive data)', () => {
    const r = fixture('primary-grade5');
    r.biography.dateOfBirth = '14/03/2015';
    const p = only(r);
    expect(p).toMatchObject({ code: 'RECORD_SCHEMA', path: '/biography/dateOfBirth' });
    expect(p).not.toHaveProperty('entered');
    expect(JSON.stringify(p)).not.toContain('14/03/2015');
  });

  it('versions: a later version names the one it supersedes, and only it does', () => {
    const r = fixture('thpt-grade11');
    r.version = 2;
    expect(codes(r)).toEqual([['RECORD_SCHEMA', '/supersedes']]);
    r.supersedes = 'DN-THPT-LEQUYDON-2025-1142-v1';
    r.recordId = 'DN-THPT-LEQUYDON-2025-1142-v2';
    expect(checkRecord(r)).toEqual([]);
  });

  it('a seal is the school’s signature', () => {
    const r = fixture('thcs-grade8');
    r.signatures[0].kind = 'seal';
    expect(codes(r)).toEqual([['RECORD_SCHEMA', '/signatures/0/kind']]);
  });

  it('an unknown level or a record of another shape', () => {
    expect(codes({ ...fixture('thcs-grade8'), level: 'DH' })).toEqual([['RECORD_SCHEMA', '/level']]);
    expect(codes('học bạ')[0]).toEqual(['RECORD_SCHEMA', '']);
  });
});

describe('rule codes', () => {
  it('RECORD_GRADE_LEVEL_MISMATCH: grade 10 is not lower secondary', () => {
    const r = fixture('thcs-grade8');
    r.grade = 10;
    expect(only(r)).toMatchObject({
      code: 'RECORD_GRADE_LEVEL_MISMATCH',
      rule: 'hocba.gradeLevel',
      path: '/grade',
      expected: [6, 7, 8, 9],
      entered: 10,
    });
  });

  it('RECORD_SUBJECT_MISSING / RECORD_SUBJECT_UNEXPECTED', () => {
    const r = fixture('thcs-grade8');
    delete r.results.subjects.KHTN;
    r.results.subjects.VAT_LI = r.results.subjects.TOAN;
    expect(codes(deriveRecord(r))).toEqual([
      ['RECORD_SUBJECT_MISSING', '/results/subjects/KHTN'],
      ['RECORD_SUBJECT_UNEXPECTED', '/results/subjects/VAT_LI'],
    ]);
  });

  it('optional subjects may be present: ethnic-minority language in THCS', () => {
    const r = fixture('thcs-grade8');
    r.results.subjects.TIENG_DTTS = r.results.subjects.TOAN;
    expect(checkRecord(deriveRecord(r))).toEqual([]);
  });

  it('RECORD_ELECTIVE_COUNT: THPT takes exactly four electives and three topic clusters', () => {
    const r = fixture('thpt-grade11');
    r.results.subjects.SINH_HOC = r.results.subjects.HOA_HOC;
    expect(only(deriveRecord(r))).toMatchObject({
      code: 'RECORD_ELECTIVE_COUNT',
      rule: 'CT2018.THPT.electives',
      path: '/results/subjects',
      expected: 4,
      entered: 5,
    });
    const s = fixture('thpt-grade11');
    s.results.subjects.NGU_VAN.topicCluster = false;
    s.results.subjects.NGU_VAN.semester1.regular.pop();
    s.results.subjects.NGU_VAN.semester2.regular.pop();
    expect(only(deriveRecord(s))).toMatchObject({
      code: 'RECORD_ELECTIVE_COUNT',
      rule: 'CT2018.THPT.topics',
      expected: 3,
      entered: 2,
    });
  });

  it('RECORD_TOPIC_CLUSTER_INVALID: Foreign language 1 has no topic cluster', () => {
    const r = fixture('thpt-grade11');
    r.results.subjects.NGOAI_NGU_1.topicCluster = true;
    expect(codes(r)).toContainEqual([
      'RECORD_TOPIC_CLUSTER_INVALID',
      '/results/subjects/NGOAI_NGU_1/topicCluster',
    ]);
  });

  it('RECORD_ASSESSMENT_KIND_MISMATCH: scores for PE (comment only, Art. 5 §3a)', () => {
    const r = fixture('thcs-grade8');
    r.results.subjects.GDTC = r.results.subjects.TIN_HOC;
    expect(only(deriveRecord(r))).toMatchObject({
      code: 'RECORD_ASSESSMENT_KIND_MISMATCH',
      rule: 'TT22.Art5.3a',
      path: '/results/subjects/GDTC/assessment',
      expected: 'comment',
      entered: 'score',
    });
  });

  it('RECORD_ASSESSMENT_KIND_MISMATCH: primary test scores where there is a test, and only there', () => {
    const r = fixture('primary-grade5');
    delete r.results.subjects.KHOA_HOC.testScore;
    r.results.subjects.DAO_DUC.testScore = 9;
    expect(codes(deriveRecord(r))).toEqual([
      ['RECORD_ASSESSMENT_KIND_MISMATCH', '/results/subjects/KHOA_HOC/testScore'],
      ['RECORD_ASSESSMENT_KIND_MISMATCH', '/results/subjects/DAO_DUC/testScore'],
    ]);
  });

  it('RECORD_SCORE_COUNT_MISMATCH: Mathematics (140 periods) needs 4 regular scores, Civic education (35) 2', () => {
    const r = fixture('thcs-grade8');
    r.results.subjects.TOAN.semester2.regular.pop();
    r.results.subjects.GDCD.semester1.regular.push(9);
    expect(checkRecord(deriveRecord(r))).toMatchObject([
      { code: 'RECORD_SCORE_COUNT_MISMATCH', path: '/results/subjects/TOAN/semester2/regular', expected: 4 },
      {
        code: 'RECORD_SCORE_COUNT_MISMATCH',
        rule: 'TT22.Art6.2b',
        path: '/results/subjects/GDCD/semester1/regular',
        expected: 2,
        entered: 3,
      },
    ]);
  });

  it('RECORD_SCORE_COUNT_MISMATCH follows the school plan’s periods when the record states them', () => {
    const r = fixture('thcs-grade8');
    r.results.subjects.GDCD.periodsPerYear = 70; // → 3 regular scores
    expect(codes(r)).toEqual([
      ['RECORD_SCORE_COUNT_MISMATCH', '/results/subjects/GDCD/semester1/regular'],
      ['RECORD_SCORE_COUNT_MISMATCH', '/results/subjects/GDCD/semester2/regular'],
    ]);
  });

  it('RECORD_AVERAGE_MISMATCH: semester and year averages, each at its path', () => {
    const r = fixture('thcs-grade8');
    expect(r.results.subjects.NGU_VAN.semester1.average).toBe(7.3); // (7+8+6.5+7.5 + 2·7 + 3·7.5)/9
    r.results.subjects.NGU_VAN.semester1.average = 7.2;
    r.results.subjects.KHTN.yearAverage += 0.1;
    const [a, b] = checkRecord(r);
    expect(a).toMatchObject({
      code: 'RECORD_AVERAGE_MISMATCH',
      rule: 'TT22.Art9.1b',
      path: '/results/subjects/NGU_VAN/semester1/average',
      expected: 7.3,
      entered: 7.2,
    });
    expect(a!.message.vi).toBe('Điểm trung bình môn Ngữ văn học kì I phải là 7,3 (đã nhập 7,2).');
    expect(a!.message.en).toBe('The semester I average of Literature should be 7.3 (entered 7.2).');
    expect(b).toMatchObject({ code: 'RECORD_AVERAGE_MISMATCH', path: '/results/subjects/KHTN/yearAverage' });
  });

  it('RECORD_RESULT_MISMATCH: learning (Art. 9 §2), conduct (Art. 8 §3), comment subject year (Art. 9 §1a)', () => {
    const r = fixture('thcs-grade8');
    r.results.learning.year = 'TOT';
    r.results.conduct.year = 'KHA';
    r.results.subjects.GDTC.year = 'CHUA_DAT';
    expect(checkRecord(r)).toMatchObject([
      { code: 'RECORD_RESULT_MISMATCH', rule: 'TT22.Art9.1a', path: '/results/subjects/GDTC/year' },
      {
        code: 'RECORD_RESULT_MISMATCH',
        rule: 'TT22.Art9.2b',
        path: '/results/learning/year',
        expected: 'KHA',
      },
      { code: 'RECORD_RESULT_MISMATCH', rule: 'TT22.Art8.3', path: '/results/conduct/year', expected: 'TOT' },
    ]);
  });

  it('RECORD_AWARD_MISMATCH: Học sinh Xuất sắc needs six year averages ≥ 9.0 (Art. 15 §1a)', () => {
    const r = fixture('thpt-grade11');
    expect(r.results.award).toBe('HS_XUAT_SAC');
    const nines = Object.values(r.results.subjects as Record<string, Json>).filter(
      (s: Json) => (s.yearAverage ?? 0) >= 9,
    );
    expect(nines.length).toBeGreaterThanOrEqual(6);
    r.results.award = 'HS_GIOI';
    expect(only(r)).toMatchObject({
      code: 'RECORD_AWARD_MISMATCH',
      rule: 'TT22.Art15.1a',
      expected: 'HS_XUAT_SAC',
    });

    const k = fixture('thcs-grade8'); // conduct Tốt, learning Khá: no title
    k.results.award = 'HS_GIOI';
    expect(only(k)).toMatchObject({ code: 'RECORD_AWARD_MISMATCH', rule: 'TT22.Art15.1b', expected: null });
  });

  it('RECORD_AWARD_MISMATCH boundary: five subjects ≥ 9.0 is Học sinh Giỏi, not Xuất sắc', () => {
    const r = fixture('thpt-grade11');
    const high = Object.entries(r.results.subjects as Record<string, Json>).filter(
      ([, s]) => (s.yearAverage ?? 0) >= 9,
    );
    // Bring all but five of them to 8.5 everywhere.
    for (const [code] of high.slice(5)) {
      const s = r.results.subjects[code];
      for (const sem of [s.semester1, s.semester2]) {
        sem.regular = sem.regular.map(() => 8.5);
        sem.midterm = 8.5;
        sem.endterm = 8.5;
      }
    }
    const d = asRecord(deriveRecord(r));
    expect(d.results.learning.year).toBe('TOT');
    expect(d.results.award).toBe('HS_GIOI');
  });

  it('RECORD_REASSESSMENT_INVALID: not for a passed year; only failed subjects; the right kind of result', () => {
    const pass = fixture('thcs-grade8');
    pass.results.reassessment = {
      assessedAt: '2026-07-20',
      subjects: { TOAN: { score: 9 } },
      learningResult: 'KHA',
    };
    expect(codes(pass)).toEqual([['RECORD_REASSESSMENT_INVALID', '/results/reassessment']]);

    const g = fixture('gdtx-grade10');
    g.results.reassessment.subjects.LICH_SU = { score: 8 };
    g.results.reassessment.subjects.NGU_VAN = { result: 'DAT' };
    expect(codes(deriveRecord(g))).toEqual([
      ['RECORD_REASSESSMENT_INVALID', '/results/reassessment/subjects/LICH_SU'],
      ['RECORD_REASSESSMENT_INVALID', '/results/reassessment/subjects/NGU_VAN'],
    ]);
    g.results.reassessment.subjects = {};
    expect(codes(deriveRecord(g))).toEqual([
      ['RECORD_REASSESSMENT_INVALID', '/results/reassessment/subjects'],
    ]);
  });

  it('RECORD_REASSESSMENT_INVALID: not for a student retained for absences', () => {
    const g = fixture('gdtx-grade10');
    g.results.absences.withoutPermission = 40;
    expect(codes(deriveRecord(g))).toEqual([['RECORD_REASSESSMENT_INVALID', '/results/reassessment']]);
  });

  it('RECORD_RESULT_MISMATCH after re-assessment', () => {
    const g = fixture('gdtx-grade10');
    g.results.reassessment.learningResult = 'KHA';
    expect(only(g)).toMatchObject({
      code: 'RECORD_RESULT_MISMATCH',
      path: '/results/reassessment/learningResult',
      expected: 'DAT',
    });
  });

  it('RECORD_SUMMER_TRAINING_UNEXPECTED: conduct was not Chưa đạt', () => {
    const r = fixture('thcs-grade8');
    r.results.summerTraining = { assessedAt: '2026-08-10', conduct: 'DAT' };
    expect(only(r)).toMatchObject({
      code: 'RECORD_SUMMER_TRAINING_UNEXPECTED',
      rule: 'TT22.Art13',
      path: '/results/summerTraining',
    });
  });

  it('RECORD_PROMOTION_MISMATCH and RECORD_COMPLETION_MISMATCH are covered in promotion and primary tests', () => {
    expect(codes(fixture('thcs-grade8'))).toEqual([]);
  });
});

describe('validateRecord throws RecordRuleError', () => {
  it('with every problem, the first one up front, message in both languages', () => {
    const r = fixture('thcs-grade8');
    r.results.promotion = 'O_LAI_LOP';
    r.results.award = 'HS_GIOI';
    let caught: unknown;
    try {
      validateRecord(r);
    } catch (e) {
      caught = e;
    }
    expect(isRecordRuleError(caught)).toBe(true);
    const e = caught as RecordRuleError;
    expect(e.problems).toHaveLength(2);
    expect(e).toMatchObject({
      code: 'RECORD_PROMOTION_MISMATCH',
      rule: 'TT22.Art12',
      path: '/results/promotion',
      expected: 'LEN_LOP',
      entered: 'O_LAI_LOP',
    });
    expect(e.localized.vi).toContain('Được lên lớp');
    expect(e.message).toContain('RECORD_PROMOTION_MISMATCH');
    expect(e.message).toContain('(+1)');
  });

  it('every rule a problem names is in the citation table', () => {
    const r = fixture('thpt-grade11');
    r.grade = 9;
    r.results.subjects.SINH_HOC = r.results.subjects.HOA_HOC;
    for (const p of checkRecord(deriveRecord(r))) expect(RULES).toHaveProperty([p.rule]);
  });
});

describe('deriveRecord', () => {
  it('fills every derived value of a draft and replaces wrong ones', () => {
    const r = fixture('thpt-grade11');
    const expected = fixture('thpt-grade11');
    delete r.results.learning;
    delete r.results.promotion;
    r.results.award = null;
    r.results.subjects.TOAN.semester1.average = 1;
    expect(deriveRecord(r)).toEqual(expected);
  });

  it('rejects what is not even a draft', () => {
    expect(() => deriveRecord({ level: 'THCS' })).toThrow(RecordRuleError);
  });
});

describe('JSON Schema', () => {
  it('the record schema converts for OpenAPI (refinements are checked by zod only)', () => {
    const schema = z.toJSONSchema(RecordSchema, { unrepresentable: 'any' });
    expect(schema).toHaveProperty('oneOf');
    expect(JSON.stringify(schema)).toContain('"nationalId"');
  });
});
