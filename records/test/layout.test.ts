/**
 * The layout of each circular's form: subjects in the form's order, the circular's columns, the year-end
 * decision in the circular's words, values in words and Vietnamese formats, names instead of codes, withheld
 * fields marked, the status and the confirmations from the context.
 */
import { describe, expect, it } from 'vitest';
import {
  formatLookupCode,
  instantText,
  layoutFingerprint,
  layoutHocBa,
  lookupCodeOf,
  recordFromFields,
  SUBJECT_LEVEL_LABELS,
  withoutSensitive,
} from '../src/index.ts';
import { fixture } from './helpers.ts';
import { printedTexts, rowValue, section, tableRow, vi } from './layout-helpers.ts';

const subjectKeys = (l: ReturnType<typeof layoutHocBa>) => {
  const s = section(l, 'subjects');
  return s.kind === 'table' ? s.rows.map((r) => r.key) : [];
};

/** The record's subjects in another key order: the layout must not follow the JSON's order. */
function shuffledSubjects(r: ReturnType<typeof fixture>) {
  const entries = Object.entries(r.results.subjects).reverse();
  return { ...r, results: { ...r.results, subjects: Object.fromEntries(entries) } };
}

describe('Circular 27 (primary)', () => {
  it('lists the subjects in the form’s order, whatever the record’s key order', () => {
    const expected = [
      'TIENG_VIET',
      'TOAN',
      'DAO_DUC',
      'NGOAI_NGU_1',
      'LS_DL',
      'KHOA_HOC',
      'TIN_HOC_CN',
      'GDTC',
      'AM_NHAC',
      'MI_THUAT',
      'HDTN',
    ];
    expect(subjectKeys(layoutHocBa(fixture('primary-grade5')))).toEqual(expected);
    expect(subjectKeys(layoutHocBa(shuffledSubjects(fixture('primary-grade5'))))).toEqual(expected);
  });

  it('has the circular’s columns: level, year-end test score (blank where there is none), comment', () => {
    const l = layoutHocBa(fixture('primary-grade5'));
    const s = section(l, 'subjects');
    expect(s.kind === 'table' && s.columns.map((c) => c.label.vi)).toEqual([
      'Mức đạt được',
      'Điểm KTĐK',
      'Nhận xét',
    ]);
    expect(tableRow(l, 'subjects', 'TOAN')).toEqual([
      'Hoàn thành tốt',
      '10',
      'Tính toán nhanh, giải toán có lời văn chính xác.',
    ]);
    expect(tableRow(l, 'subjects', 'GDTC')?.[1]).toBe('');
    expect(tableRow(l, 'qualities', 'honesty')).toEqual(['Tốt']);
    expect(rowValue(l, 'results', 'overallResult')?.text.vi).toBe('Hoàn thành tốt');
  });

  it('says the year-end decision in the circular’s words: primary completion in grade 5', () => {
    const l = layoutHocBa(fixture('primary-grade5'));
    const d = section(l, 'decision');
    expect(d.kind === 'decision' && d.decision.text.vi).toBe('Hoàn thành chương trình tiểu học');
    // The rows' label says what was completed; their value is the circular's word, not the label again.
    expect(vi(rowValue(l, 'decision', 'gradeCompleted'))).toBe('Hoàn thành');
    expect(vi(rowValue(l, 'decision', 'primaryCompleted'))).toBe('Hoàn thành');
    if (d.kind !== 'decision') throw new Error('no decision section');
    for (const r of d.rows) expect(r.value.kind === 'text' && r.value.text.vi).not.toBe(r.label.vi);
  });

  it('grade completion and promotion below grade 5; the principal’s decision when not completed', () => {
    const r = fixture('primary-grade5');
    r.grade = 3;
    delete r.results.primaryCompleted;
    const d = section(layoutHocBa(r), 'decision');
    expect(d.kind === 'decision' && d.decision.text.vi).toBe('Hoàn thành chương trình lớp học; được lên lớp');
    expect(d.kind === 'decision' && d.rows.map((x) => x.key)).toEqual(['gradeCompleted']);

    r.results.gradeCompleted = false;
    r.results.promotionDecision = 'O_LAI_LOP';
    const retained = section(layoutHocBa(r), 'decision');
    expect(retained.kind === 'decision' && retained.decision.text.vi).toBe(
      'Chưa hoàn thành chương trình lớp học; ở lại lớp',
    );
    expect(vi(rowValue(layoutHocBa(r), 'decision', 'gradeCompleted'))).toBe('Chưa hoàn thành');
    r.results.supplementary = { completed: false, assessedAt: '2026-08-10' };
    expect(vi(rowValue(layoutHocBa(r), 'decision', 'supplementary'))).toBe(
      'Chưa hoàn thành chương trình lớp học sau đánh giá bổ sung ngày 10/08/2026',
    );
  });

  it('a grade-5 pupil who has not completed primary is said so', () => {
    const r = fixture('primary-grade5');
    r.results.gradeCompleted = false;
    r.results.primaryCompleted = false;
    const d = section(layoutHocBa(r), 'decision');
    expect(d.kind === 'decision' && d.decision.text.vi).toBe('Chưa hoàn thành chương trình tiểu học');
    expect(vi(rowValue(layoutHocBa(r), 'decision', 'primaryCompleted'))).toBe('Chưa hoàn thành');
  });
});

describe('Circular 22 (secondary) and GDTX', () => {
  it('lists the subjects in the programme’s order with the circular’s columns per semester and year', () => {
    const l = layoutHocBa(shuffledSubjects(fixture('thcs-grade8')));
    expect(subjectKeys(l).slice(0, 4)).toEqual(['NGU_VAN', 'TOAN', 'NGOAI_NGU_1', 'GDCD']);
    const s = section(l, 'subjects');
    expect(s.kind === 'table' && s.columns.map((c) => `${c.group?.vi} ${c.label.vi}`)).toEqual([
      'Học kì I ĐĐGtx',
      'Học kì I ĐĐGgk',
      'Học kì I ĐĐGck',
      'Học kì I ĐTBmhk',
      'Học kì II ĐĐGtx',
      'Học kì II ĐĐGgk',
      'Học kì II ĐĐGck',
      'Học kì II ĐTBmhk',
      'Cả năm ĐTBmcn',
    ]);
    expect(tableRow(l, 'subjects', 'NGU_VAN')).toEqual([
      '7; 8; 6,5; 7,5',
      '7',
      '7,5',
      '7,3',
      '8; 7,5; 7; 8',
      '7,5',
      '8',
      '7,7',
      '7,6',
    ]);
    // Assessed by comment: Đạt/Chưa đạt in the average columns, the score columns blank.
    expect(tableRow(l, 'subjects', 'GDTC')).toEqual(['', '', '', 'Đạt', '', '', '', 'Đạt', 'Đạt']);
  });

  it('learning and conduct per semester and year; absences in words, never as keys', () => {
    const l = layoutHocBa(fixture('thcs-grade8'));
    expect(tableRow(l, 'results', 'conduct')).toEqual(['Khá', 'Tốt', 'Tốt']);
    const a = section(l, 'attendance');
    expect(a.kind === 'facts' && a.rows.map((r) => `${r.label.vi}: ${r.value.text.vi}`)).toEqual([
      'Nghỉ có phép: 3 buổi',
      'Nghỉ không phép: 1 buổi',
      'Tổng số buổi nghỉ: 4 buổi',
    ]);
  });

  const decision = (level: string, grade: number, promotion: string) => {
    const r = fixture(level === 'GDTX' ? 'gdtx-grade10' : level === 'THPT' ? 'thpt-grade11' : 'thcs-grade8');
    r.level = level;
    r.grade = grade;
    r.results.promotion = promotion;
    const d = section(layoutHocBa(r), 'decision');
    return d.kind === 'decision' ? d.decision.text.vi : undefined;
  };

  it('says the promotion in the circular’s words, and the level’s completion in its last grade', () => {
    expect(decision('THCS', 8, 'LEN_LOP')).toBe('Được lên lớp');
    expect(decision('THCS', 9, 'LEN_LOP')).toBe('Hoàn thành chương trình trung học cơ sở');
    expect(decision('THPT', 11, 'LEN_LOP')).toBe('Được lên lớp');
    expect(decision('THPT', 12, 'LEN_LOP')).toBe('Hoàn thành chương trình trung học phổ thông');
    expect(decision('GDTX', 12, 'LEN_LOP')).toBe(
      'Hoàn thành chương trình giáo dục thường xuyên cấp trung học phổ thông',
    );
    expect(decision('THCS', 7, 'KIEM_TRA_LAI')).toBe('Kiểm tra lại các môn học chưa đạt');
    expect(decision('THCS', 7, 'REN_LUYEN_HE')).toBe('Rèn luyện trong kì nghỉ hè');
    expect(decision('THCS', 7, 'O_LAI_LOP')).toBe('Không được lên lớp (ở lại lớp)');
    expect(decision('THCS', 9, 'O_LAI_LOP')).toBe('Chưa hoàn thành chương trình lớp học; ở lại lớp');
  });

  it('the re-assessment with its date and new results; GDTX titles for learners', () => {
    const r = fixture('gdtx-grade10');
    const l = layoutHocBa(r);
    const d = section(l, 'decision');
    expect(d.kind === 'decision' && d.rows.map((x) => [x.label.vi, x.value.text.vi])).toContainEqual([
      'Kiểm tra lại (ngày 20/07/2026)',
      'Toán 5,5',
    ]);
    r.results.award = 'HS_GIOI';
    expect(vi(rowValue(layoutHocBa(r), 'awards', 'award'))).toBe('Học viên Giỏi');
    expect(layoutHocBa(r).subtitle.vi).toMatch(/^Giáo dục thường xuyên/);
  });
});

describe('names, dates, status and confirmations', () => {
  const ctx = {
    schoolName: 'Trường Tiểu học Kim Đồng',
    className: '5A',
    homeroomTeacherName: 'Vũ Thị Lan Hương',
    principalName: 'Nguyễn Thị Hạnh',
    signature: { signer: 'Nguyễn Thị Hạnh', signedAt: '2026-05-25T03:29:22.319Z' },
  };

  it('names the school and the class, the codes only as details; unknown names in words', () => {
    const y = layoutHocBa(fixture('primary-grade5'), ctx).years[0]!;
    expect(y.school).toEqual({
      kind: 'text',
      text: { vi: 'Trường Tiểu học Kim Đồng', en: 'Trường Tiểu học Kim Đồng' },
      detail: { vi: 'TH-HALONG-01', en: 'TH-HALONG-01' },
    });
    expect(vi(y.className)).toBe('5A');
    const bare = layoutHocBa(fixture('primary-grade5')).years[0]!;
    expect(vi(bare.school)).toBe('Chưa có tên trong dữ liệu tra cứu');
    expect(bare.school.kind === 'text' && bare.school.detail?.vi).toBe('TH-HALONG-01');
  });

  it('signs the principal’s block with the batch signature: "Đã ký số", the signer, the time in Vietnam', () => {
    const [homeroom, principal] = layoutHocBa(fixture('primary-grade5'), ctx).confirmations[0]!;
    expect(principal).toMatchObject({
      role: 'principal',
      name: { text: { vi: 'Nguyễn Thị Hạnh' } },
      signature: { state: 'signed', text: { vi: 'Đã ký số' }, signedAt: { vi: '25/05/2026 10:29' } },
    });
    expect(homeroom?.name.text.vi).toBe('Vũ Thị Lan Hương');
    expect(homeroom?.signature.state).toBe('signed');
  });

  it('without a batch signature, a locked record’s blocks say what is known, never "—"', () => {
    const r = fixture('thcs-grade8');
    r.signatures = [];
    r.effectiveAt = '2026-05-30T10:00:00.000Z';
    const [homeroom, principal] = layoutHocBa(r).confirmations[0]!;
    expect(homeroom?.signature.state).toBe('confirmed');
    expect(principal?.signature.state).toBe('confirmed');
    expect(homeroom?.name.text.vi).toBe('Chưa có tên trong dữ liệu tra cứu');
    expect(vi(layoutHocBa(r).years[0]!.facts.find((f) => f.key === 'effectiveAt')?.value)).toBe(
      '30/05/2026 17:00',
    );
  });

  it('times are Vietnam’s, across midnight; calendar dates as dd/mm/yyyy', () => {
    expect(instantText('2026-12-06T17:30:00.000Z')?.vi).toBe('07/12/2026 00:30');
    expect(instantText('2026-12-06T03:29:22.319Z')?.vi).toBe('06/12/2026 10:29');
    expect(instantText('not a time')).toBeUndefined();
    const l = layoutHocBa(fixture('primary-grade5'));
    expect(vi(l.identity.find((r) => r.key === 'dateOfBirth')?.value)).toBe('14/03/2015');
  });

  it('states a revocation with the date and the reason in words; an unknown reason with its code aside', () => {
    const s = layoutHocBa(fixture('primary-grade5'), {
      status: {
        state: 'revoked',
        reasonCode: 'FRAUD',
        at: '2026-12-06T03:29:22.319Z',
        legalBasis: 'QĐ 6/QĐ-THKĐ',
      },
    }).status!;
    expect(s.text.vi).toBe('Học bạ đã bị thu hồi ngày 06/12/2026');
    expect(s.rows.map((r) => [r.label.vi, r.value.text.vi])).toEqual([
      ['Lý do', 'Gian lận trong đánh giá'],
      ['Căn cứ', 'QĐ 6/QĐ-THKĐ'],
    ]);
    const other = layoutHocBa(fixture('primary-grade5'), { status: { state: 'recalled', reasonCode: 'X_Y' } })
      .status!;
    expect(other.rows[0]?.value).toEqual({
      kind: 'text',
      text: { vi: 'Lý do khác', en: 'Other reason' },
      detail: { vi: 'X_Y', en: 'X_Y' },
    });
  });

  it('prints the lookup code in groups of four and counts "mục thông tin"', () => {
    const l = layoutHocBa(fixture('primary-grade5'), { lookupCode: '7kq2m9xh4trb8wnc5' });
    expect(l.lookupCode).toBe('7kq2m9xh4trb8wnc5'); // not a checked code: printed as given
    expect(l.fields.text.vi).toMatch(/^Hiển thị đủ \d+ mục thông tin$/);
    expect(printedTexts(l).some((t) => /\btrường thông tin\b/i.test(t.text))).toBe(false);
  });
});

describe('a partial record (a disclosure)', () => {
  it('marks the withheld biography "Không hiển thị" and prints none of it', () => {
    const full = fixture('primary-grade5');
    const l = layoutHocBa(withoutSensitive(full), { hiddenFields: 14 });
    expect(l.completeness).toBe('partial');
    for (const key of [
      'fullName',
      'dateOfBirth',
      'sex',
      'birthplace',
      'ethnicity',
      'nationalId',
      'studentCode',
    ])
      expect(l.identity.find((r) => r.key === key)?.value.kind, key).toBe('hidden');
    const texts = printedTexts(l).map((t) => t.text);
    expect(texts).not.toContain(full.biography.fullName);
    expect(texts.some((t) => t.includes('2015'))).toBe(false);
    expect(l.fields.hidden).toBe(14);
    expect(l.fields.text.vi).toMatch(/^Hiển thị \d+\/\d+ mục thông tin; 14 mục không hiển thị/);
  });

  it('keeps the form’s compulsory subjects, marking those withheld; rebuilds from disclosed fields', () => {
    const r = fixture('thcs-grade8');
    const fields = [
      { pointer: '/level', value: 'THCS' },
      { pointer: '/grade', value: 8 },
      { pointer: '/results/subjects/TOAN/assessment', value: 'score' },
      { pointer: '/results/subjects/TOAN/yearAverage', value: r.results.subjects.TOAN.yearAverage },
      { pointer: '/results/subjects/TOAN/semester1/regular/1', value: 9 },
    ];
    const l = layoutHocBa(recordFromFields(fields), { hiddenFields: 300 });
    expect(subjectKeys(l)[0]).toBe('NGU_VAN');
    expect(tableRow(l, 'subjects', 'NGU_VAN')?.every((c) => c === 'Không hiển thị')).toBe(true);
    const toan = tableRow(l, 'subjects', 'TOAN')!;
    expect(toan[0]).toBe('Không hiển thị'); // one regular score of four: the cell is withheld
    expect(toan[8]).toBe('8,5');
    const d = section(l, 'decision');
    expect(d.kind === 'decision' && d.decision.kind).toBe('hidden');
  });

  it('shows the subjects an extract discloses without the level or the grade, by their shape', () => {
    const primary = layoutHocBa(
      recordFromFields([{ pointer: '/results/subjects/TIENG_VIET/level', value: 'H' }]),
      { hiddenFields: 60 },
    );
    expect(primary.form).toBe('TT27');
    expect(tableRow(primary, 'subjects', 'TIENG_VIET')?.[0]).toBe(SUBJECT_LEVEL_LABELS.H.vi);
    const secondary = layoutHocBa(
      recordFromFields([{ pointer: '/results/subjects/TOAN/assessment', value: 'score' }]),
      { hiddenFields: 300 },
    );
    expect(secondary.form).toBe('TT22');
    expect(tableRow(secondary, 'subjects', 'TOAN')).toBeDefined();
  });

  it('does not say "not yet" of steps whose record of them was withheld', () => {
    const r = fixture('thcs-grade8');
    const { effectiveAt: _e, signatures: _s, ...rest } = { ...r, effectiveAt: '2026-05-30T10:00:00.000Z' };
    const [homeroom, principal] = layoutHocBa(rest, { hiddenFields: 3 }).confirmations[0]!;
    expect(homeroom?.signature).toEqual({
      state: 'unsigned',
      text: { vi: 'Không hiển thị', en: 'Not shown' },
    });
    expect(principal?.signature.text.vi).toBe('Không hiển thị');
    // The same record whole and unlocked is a draft: nobody has signed it yet.
    expect(layoutHocBa({ ...rest, signatures: [] }).confirmations[0]![0]?.signature.text.vi).toBe(
      'Chưa xác nhận',
    );
  });

  it('recordFromFields rebuilds arrays and escaped keys, and skips prototype keys', () => {
    const rec = recordFromFields([
      { pointer: '/a~1b/0', value: 1 },
      { pointer: '/a~1b/1', value: 2 },
      { pointer: '/x~0y', value: 'z' },
      { pointer: '/__proto__/polluted', value: true },
      { pointer: '', value: 'root ignored' },
    ]);
    expect(rec).toEqual({ 'a/b': [1, 2], 'x~y': 'z' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('status and form edge cases', () => {
  it('a superseded record names its replacement: a lookup code printed in groups of four, else as given', () => {
    const code = lookupCodeOf(Array.from({ length: 19 }, (_, i) => i));
    const s = layoutHocBa(fixture('thcs-grade8'), {
      status: { state: 'superseded', at: '2026-06-01T00:00:00.000Z', by: code.toLowerCase() },
    }).status!;
    expect(s.text.vi).toBe('Học bạ đã được thay thế ngày 01/06/2026');
    expect(s.rows.map((r) => [r.label.vi, r.value.text.vi])).toEqual([
      ['Bản thay thế', formatLookupCode(code)],
    ]);
    const byId = layoutHocBa(fixture('thcs-grade8'), { status: { state: 'corrected', by: 'R-2' } }).status!;
    expect(byId.text.vi).toBe('Học bạ đã được điều chỉnh');
    expect(byId.rows[0]?.value.text.vi).toBe('R-2');
  });

  it('a record without level or grade is laid out by the shape of its results; nothing at all is "unknown"', () => {
    expect(layoutHocBa({ results: { qualities: {} } }).form).toBe('TT27');
    expect(layoutHocBa({ results: { absences: {} } }).form).toBe('TT22');
    const none = layoutHocBa({});
    expect(none.form).toBe('unknown');
    expect(none.years[0]!.sections).toEqual([]);
    expect(none.fields.shown).toBe(0);
  });
});

describe('the fingerprint across encodings', () => {
  it('is the same for a comment in NFD (as typed on some systems) and in NFC (as committed)', () => {
    const nfc = fixture('primary-grade5');
    const nfd = fixture('primary-grade5');
    nfd.results.homeroomComment = nfc.results.homeroomComment.normalize('NFD');
    expect(nfd.results.homeroomComment).not.toBe(nfc.results.homeroomComment);
    expect(layoutFingerprint(layoutHocBa(nfd))).toBe(layoutFingerprint(layoutHocBa(nfc)));
  });
});
