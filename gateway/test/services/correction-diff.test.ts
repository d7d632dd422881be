import { describe, expect, it } from 'vitest';
import { applyChanges, changeLabel, diffRecords, labelChange } from '../../src/services/correction-diff.ts';
import { ServiceError } from '../../src/services/errors.ts';

const locked = () => ({
  recordId: 'REC-1',
  version: 1,
  biography: { fullName: 'Nguyễn Văn An' },
  results: {
    subjects: {
      TOAN: { yearAverage: 6.5, semester1: { regular: [7, 8], average: 6.2 }, comment: 'Khá' },
      NGU_VAN: { yearAverage: 8 },
    },
    qualities: { diligence: 'T' },
  },
});

/** The refusal's code and the pointers it names. */
function refusal(f: () => unknown): { code: string; pointers: string[] } {
  try {
    f();
  } catch (e) {
    if (!(e instanceof ServiceError)) throw e;
    const d = e.details as { pointers?: string[]; problems?: { pointer: string }[] };
    return { code: e.code, pointers: d.pointers ?? d.problems?.map((p) => p.pointer) ?? [] };
  }
  throw new Error('not refused');
}

describe('applyChanges', () => {
  it('replaces, adds and removes fields, and array elements, leaving the locked record untouched', () => {
    const before = locked();
    const after = applyChanges(before, [
      { pointer: '/results/subjects/TOAN/yearAverage', from: 6.5, to: 7 },
      { pointer: '/results/subjects/TOAN/semester1/regular/1', from: 8, to: 9 },
      { pointer: '/results/subjects/TOAN/semester1/regular/2', to: 10 },
      { pointer: '/results/subjects/TOAN/testScore', to: 8 },
      { pointer: '/results/subjects/TOAN/comment', from: 'Khá' },
    ]);
    expect(after.results).toEqual({
      subjects: {
        TOAN: { yearAverage: 7, semester1: { regular: [7, 9, 10], average: 6.2 }, testScore: 8 },
        NGU_VAN: { yearAverage: 8 },
      },
      qualities: { diligence: 'T' },
    });
    expect(before).toEqual(locked());
  });

  it('a top-level field: the parent is the record itself; ~1 names a key with a slash', () => {
    const after = applyChanges({ a: 1, 'x/y': 2 }, [
      { pointer: '/a', from: 1, to: 3 },
      { pointer: '/x~1y', from: 2, to: 4 },
    ]);
    expect(after).toEqual({ a: 3, 'x/y': 4 });
  });

  it('refuses a stale `from` (another value, or a field said absent that is there), naming every one', () => {
    expect(
      refusal(() =>
        applyChanges(locked(), [
          { pointer: '/results/subjects/TOAN/yearAverage', from: 6, to: 7 },
          { pointer: '/results/subjects/NGU_VAN/yearAverage', to: 9 },
          { pointer: '/results/subjects/TOAN/testScore', from: 5, to: 8 },
          { pointer: '/results/qualities/diligence', from: 'T', to: 'D' },
        ]),
      ),
    ).toEqual({
      code: 'CORRECTION_STALE',
      pointers: [
        '/results/subjects/TOAN/yearAverage',
        '/results/subjects/NGU_VAN/yearAverage',
        '/results/subjects/TOAN/testScore',
      ],
    });
  });

  it('reaches own fields only: __proto__ is a field name, never the prototype', () => {
    const after = applyChanges(JSON.parse('{"a":{}}') as Record<string, unknown>, [
      { pointer: '/a/__proto__', to: { polluted: true } },
    ]);
    expect(Object.hasOwn(after.a as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(refusal(() => applyChanges({ a: {} }, [{ pointer: '/a/constructor/x', to: 1 }])).code).toBe(
      'CORRECTION_DIFF_INVALID',
    );
  });

  it.each([
    ['no leading slash', [{ pointer: 'results', to: 1 }]],
    ['a bad escape', [{ pointer: '/a~2b', to: 1 }]],
    ['the envelope', [{ pointer: '/recordId', from: 'REC-1', to: 'REC-2' }]],
    ['neither side', [{ pointer: '/results/qualities/diligence' }]],
    [
      'repeated',
      [
        { pointer: '/results/qualities/diligence', from: 'T', to: 'D' },
        { pointer: '/results/qualities/diligence', from: 'T', to: 'C' },
      ],
    ],
    [
      'nested in another',
      [
        { pointer: '/results/qualities', from: { diligence: 'T' }, to: {} },
        { pointer: '/results/qualities/diligence', from: 'T', to: 'D' },
      ],
    ],
    ['a missing parent', [{ pointer: '/results/nothing/here', to: 1 }]],
    ['an array element removed', [{ pointer: '/results/subjects/TOAN/semester1/regular/0', from: 7 }]],
    ['an array index past the end', [{ pointer: '/results/subjects/TOAN/semester1/regular/5', to: 1 }]],
    ['a lone surrogate', [{ pointer: '/results/subjects/TOAN/comment', from: 'Khá', to: '\ud800' }]],
  ])('refuses %s as CORRECTION_DIFF_INVALID', (_what, changes) => {
    expect(refusal(() => applyChanges(locked(), changes)).code).toBe('CORRECTION_DIFF_INVALID');
  });
});

describe('words', () => {
  it('labels a field as the record forms name it, values as a person reads them', () => {
    expect(labelChange({ pointer: '/results/subjects/TOAN/yearAverage', from: 6.5, to: 7 }).text).toEqual({
      vi: 'Toán — ĐTBmcn: 6,5 → 7,0',
      en: 'Mathematics — Year average: 6.5 → 7.0',
    });
    expect(changeLabel('/results/subjects/TOAN/semester1/regular/1')).toEqual({
      vi: 'Toán — Học kì I — ĐĐGtx 2',
      en: 'Mathematics — Semester I — Regular 2',
    });
    expect(changeLabel('/results/qualities/diligence').vi).toBe('Phẩm chất chủ yếu — Chăm chỉ');
    expect(changeLabel('/biography/fullName').vi).toBe('Sơ yếu lý lịch — Họ và tên');
    expect(labelChange({ pointer: '/results/subjects/TOAN/testScore', to: 8 }).text.vi).toBe(
      'Toán — Điểm KTĐK: — → 8',
    );
    // Codes in the record's words, by the field or its parent.
    expect(labelChange({ pointer: '/results/subjects/TOAN/level', from: 'H', to: 'T' }).text).toEqual({
      vi: 'Toán — Mức đạt được: Hoàn thành → Hoàn thành tốt',
      en: 'Mathematics — Level reached: completed → completed well',
    });
    // Each side apart, for the console's side-by-side diff.
    const level = labelChange({ pointer: '/results/subjects/TOAN/level', from: 'H', to: 'T' });
    expect([level.fromText.vi, level.toText.vi]).toEqual(['Hoàn thành', 'Hoàn thành tốt']);
    expect(labelChange({ pointer: '/results/subjects/TOAN/testScore', to: 8 }).fromText.vi).toBe('—');
    expect(labelChange({ pointer: '/results/qualities/diligence', from: 'D', to: 'T' }).text.vi).toBe(
      'Phẩm chất chủ yếu — Chăm chỉ: Đạt → Tốt',
    );
    expect(labelChange({ pointer: '/results/conduct/year', from: 'KHA', to: 'TOT' }).text.vi).toBe(
      'Kết quả rèn luyện — Cả năm: Khá → Tốt',
    );
    expect(
      labelChange({ pointer: '/results/subjects/GDTC/result', from: 'CHUA_DAT', to: 'DAT' }).text.vi,
    ).toBe('Giáo dục thể chất — Kết quả đánh giá: Chưa đạt → Đạt');
    // A code the field does not know stays as it is.
    expect(labelChange({ pointer: '/results/subjects/TOAN/level', from: 'X', to: 'T' }).text.vi).toBe(
      'Toán — Mức đạt được: X → Hoàn thành tốt',
    );
    expect(labelChange({ pointer: '/results/primaryCompleted', from: false, to: true }).text.vi).toBe(
      'Hoàn thành chương trình tiểu học: Không → Có',
    );
  });
});

describe('diffRecords', () => {
  it('lists the changed scalar fields (and arrays whose length changed), not the envelope', () => {
    const after = applyChanges(locked(), [
      { pointer: '/results/subjects/TOAN/yearAverage', from: 6.5, to: 7 },
      { pointer: '/results/subjects/TOAN/semester1/regular/2', to: 9 },
    ]);
    expect(diffRecords(locked(), { ...after, recordId: 'REC-2', version: 2 })).toEqual([
      { pointer: '/results/subjects/TOAN/yearAverage', from: 6.5, to: 7 },
      { pointer: '/results/subjects/TOAN/semester1/regular', from: [7, 8], to: [7, 8, 9] },
    ]);
  });
});
