/**
 * The example records (fixtures/*.json, reused by the gateway's seed): their derived values re-checked by
 * hand here, so that the fixtures are not only consistent with the code but with the circulars.
 */
import { canonicalize } from '@hocba/integrity';
import { describe, expect, it } from 'vitest';
import { SENSITIVE_POINTERS, validateRecord, withoutSensitive } from '../src/index.ts';
import { FIXTURES, fixture, type Json } from './helpers.ts';

describe('THCS grade 8 — Trần Quốc Bảo', () => {
  const r = fixture('thcs-grade8');
  const s = r.results.subjects;

  it('Mathematics: (8+9+8.5+7 + 2·8 + 3·8.5)/9 = 74/9 → 8.2; (9+8.5+9+8 + 2·8.5 + 3·9)/9 = 78.5/9 → 8.7; (8.2 + 2·8.7)/3 = 8.53 → 8.5', () => {
    expect([s.TOAN.semester1.average, s.TOAN.semester2.average, s.TOAN.yearAverage]).toEqual([8.2, 8.7, 8.5]);
  });

  it('Civic education has 35 periods, so two regular scores a semester', () => {
    expect(s.GDCD.semester1.regular).toHaveLength(2);
  });

  it('learning Khá: year averages all ≥ 6.5 but only four ≥ 8.0; semester I Khá with exactly six ≥ 6.5', () => {
    const year = Object.values(s as Record<string, Json>).flatMap((x: Json) =>
      x.yearAverage === undefined ? [] : [x.yearAverage],
    );
    expect(year).toEqual([7.6, 8.5, 6.7, 8.7, 6.7, 7.8, 8.4, 8.8]);
    expect(year.filter((v) => v >= 8).length).toBe(4);
    const s1 = Object.values(s as Record<string, Json>).flatMap((x: Json) =>
      x.semester1.average === undefined ? [] : [x.semester1.average],
    );
    expect(s1.filter((v) => v >= 6.5).length).toBe(6);
    expect(r.results.learning).toEqual({ semester1: 'KHA', semester2: 'KHA', year: 'KHA' });
  });

  it('conduct: Khá then Tốt gives Tốt for the year (Art. 8 §3a); promoted; no title (learning not Tốt)', () => {
    expect(r.results.conduct).toEqual({ semester1: 'KHA', semester2: 'TOT', year: 'TOT' });
    expect(r.results.promotion).toBe('LEN_LOP');
    expect(r.results.award).toBeNull();
  });
});

describe('THPT grade 11 — Lê Hoàng Phương Linh', () => {
  const r = fixture('thpt-grade11');
  const s = r.results.subjects;

  it('Literature carries a topic cluster: five regular scores; 83.5/10 = 8.35 rounds half up to 8.4', () => {
    expect(s.NGU_VAN.topicCluster).toBe(true);
    expect(s.NGU_VAN.semester1.regular).toHaveLength(5);
    expect(s.NGU_VAN.semester1.average).toBe(8.4);
    expect(s.NGU_VAN.semester2.average).toBe(8.7); // 87/10
    expect(s.NGU_VAN.yearAverage).toBe(8.6); // (8.4 + 17.4)/3
  });

  it('four electives, three topic clusters', () => {
    const electives = [
      'DIA_LI',
      'GD_KT_PL',
      'VAT_LI',
      'HOA_HOC',
      'SINH_HOC',
      'CONG_NGHE',
      'TIN_HOC',
      'AM_NHAC',
      'MI_THUAT',
    ];
    expect(Object.keys(s).filter((c) => electives.includes(c))).toHaveLength(4);
    expect(Object.values(s as Record<string, Json>).filter((x: Json) => x.topicCluster)).toHaveLength(3);
  });

  it('Học sinh Xuất sắc with exactly six year averages ≥ 9.0 (Art. 15 §1a)', () => {
    const nines = Object.entries(s as Record<string, Json>)
      .filter(([, x]) => (x.yearAverage ?? 0) >= 9)
      .map(([c]) => c);
    expect(nines).toEqual(['TOAN', 'NGOAI_NGU_1', 'GDQP_AN', 'VAT_LI', 'HOA_HOC', 'TIN_HOC']);
    expect(r.results).toMatchObject({
      learning: { year: 'TOT' },
      conduct: { year: 'TOT' },
      award: 'HS_XUAT_SAC',
    });
  });
});

describe('GDTX grade 10 — Đoàn Văn Hiếu (continuing education)', () => {
  const r = fixture('gdtx-grade10');

  it('Chưa đạt: Mathematics 3.2 < 3.5 and Literature 4.7, two weak subjects so no Art. 9 §3 adjustment', () => {
    expect(r.results.subjects.TOAN.yearAverage).toBe(3.2);
    expect(r.results.subjects.NGU_VAN.yearAverage).toBe(4.7);
    expect(r.results.learning.year).toBe('CHUA_DAT');
  });

  it('after re-assessing Mathematics at 5.5: seven subjects ≥ 5.0, none below 3.5 → Đạt, promoted', () => {
    expect(r.results.reassessment.learningResult).toBe('DAT');
    expect(r.results.promotion).toBe('LEN_LOP');
  });
});

describe('primary grade 5 — Phạm Ngọc Bảo Châu', () => {
  it('all subjects T, all ratings T, lowest test 8 → HTT (Art. 10 §1b), primary school completed', () => {
    const r = fixture('primary-grade5');
    const tests = Object.values(r.results.subjects as Record<string, Json>).flatMap((x: Json) =>
      x.testScore === undefined ? [] : [x.testScore],
    );
    expect(Math.min(...tests)).toBe(8);
    expect(r.results).toMatchObject({ overallResult: 'HTT', gradeCompleted: true, primaryCompleted: true });
  });
});

describe('every fixture', () => {
  it.each(FIXTURES)('%s: valid, plain JSON, Vietnamese name, biography apart and removable', (name) => {
    const r = fixture(name);
    const v = validateRecord(r);
    expect(canonicalize(v)).toBe(canonicalize(JSON.parse(JSON.stringify(r))));
    expect(r.biography.fullName).toMatch(/[À-ỹ]/u);
    expect(SENSITIVE_POINTERS).toEqual(['/nationalId', '/studentCode', '/biography']);
    for (const k of ['biography', 'nationalId', 'studentCode'])
      expect(withoutSensitive(v)).not.toHaveProperty(k);
  });

  it('the same record with names in NFD canonicalizes to the same bytes', () => {
    const r = fixture('thcs-grade8');
    const nfd = structuredClone(r);
    nfd.biography.fullName = r.biography.fullName.normalize('NFD');
    expect(nfd.biography.fullName).not.toBe(r.biography.fullName);
    expect(canonicalize(validateRecord(nfd))).toBe(canonicalize(r));
  });
});
