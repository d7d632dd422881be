/**
 * The workflow's sign-offs in the confirmation blocks of a record still in progress (the console's review):
 * "Đã rà soát", "Đã xác nhận", "Đã phê duyệt" with the person's name and the day in Vietnam; never a
 * signature before lock; a locked or partial record's blocks unchanged by them.
 */
import { describe, expect, it } from 'vitest';
import { layoutHocBa, type WorkflowSignOff } from '../src/index.ts';
import { fixture } from './helpers.ts';
import { printedTexts, vi } from './layout-helpers.ts';

/** The primary fixture as a record in the workflow: not locked, no signatures, no approval yet. */
function inProgress() {
  const { signatures: _s, ...r } = fixture('primary-grade5');
  const { principalApproval: _a, ...results } = r.results;
  return { ...r, results };
}

const ctx = { schoolName: 'Trường Tiểu học Kim Đồng', className: '5A', homeroomTeacherName: 'Vũ Thị Lan' };
const review: WorkflowSignOff = {
  role: 'homeroomTeacher',
  name: 'Trần Thị Bích',
  at: '2026-12-06T17:30:00.000Z',
};
const confirms: WorkflowSignOff[] = [
  { role: 'subjectGroup', name: 'Lê Văn Tổ', subject: 'TOAN', at: '2026-12-07T02:00:00.000Z' },
  { role: 'subjectGroup', name: 'Lê Văn Tổ', subject: 'TIENG_VIET', at: '2026-12-08T02:00:00.000Z' },
  { role: 'subjectGroup', name: 'Phạm Thu', subject: 'KHOA_HOC', at: '2026-12-07T03:00:00.000Z' },
];
const approval: WorkflowSignOff = {
  role: 'principal',
  name: 'Nguyễn Thị Hạnh',
  at: '2026-12-09T01:00:00.000Z',
};

const blocks = (signOffs: readonly WorkflowSignOff[], c: object = ctx) =>
  layoutHocBa(inProgress(), { ...c, signOffs }).confirmations[0]!;

describe('sign-offs of a record in progress', () => {
  it('shows the review with who did it and the day in Vietnam (across midnight), the approval as not yet', () => {
    const [homeroom, principal, ...more] = blocks([review]);
    expect(more).toEqual([]);
    expect(homeroom).toEqual({
      role: 'homeroomTeacher',
      title: { vi: 'Giáo viên chủ nhiệm', en: 'Homeroom teacher' },
      name: { kind: 'text', text: { vi: 'Trần Thị Bích', en: 'Trần Thị Bích' } },
      date: { kind: 'text', text: { vi: 'Rà soát ngày 07/12/2026', en: 'Reviewed on 07/12/2026' } },
      signature: { state: 'confirmed', text: { vi: 'Đã rà soát', en: 'Reviewed' } },
    });
    expect(principal?.role).toBe('principal');
    expect(principal?.signature).toEqual({
      state: 'unsigned',
      text: { vi: 'Chưa phê duyệt', en: 'Not approved yet' },
    });
    expect(principal?.date).toBeUndefined();
  });

  it('one block per subject group’s confirmer, naming the subjects in words, dated by the last one', () => {
    const [, first, second, principal] = blocks([review, ...confirms]);
    expect(first).toMatchObject({
      role: 'subjectGroup',
      title: { vi: 'Tổ chuyên môn' },
      name: { text: { vi: 'Lê Văn Tổ' } },
      date: { text: { vi: 'Xác nhận ngày 08/12/2026' } },
      signature: { state: 'confirmed', text: { vi: 'Đã xác nhận: Toán, Tiếng Việt' } },
    });
    expect(second).toMatchObject({
      name: { text: { vi: 'Phạm Thu' } },
      signature: { text: { vi: 'Đã xác nhận: Khoa học', en: 'Confirmed: Science' } },
    });
    expect(principal?.role).toBe('principal');
  });

  it('shows the approval with the principal’s name and day; nothing is "signed" before lock', () => {
    const l = layoutHocBa(inProgress(), { ...ctx, signOffs: [review, ...confirms, approval] });
    const principal = l.confirmations[0]!.at(-1)!;
    expect(principal).toMatchObject({
      name: { text: { vi: 'Nguyễn Thị Hạnh' } },
      date: { text: { vi: 'Phê duyệt ngày 09/12/2026' } },
      signature: { state: 'confirmed', text: { vi: 'Đã phê duyệt' } },
    });
    expect(l.confirmations[0]!.every((c) => c.signature.state !== 'signed')).toBe(true);
    const words = printedTexts(l)
      .filter((t) => t.at.startsWith('/confirmations/'))
      .map((t) => t.text);
    expect(words).toContain('Đã phê duyệt');
    expect(words.filter((t) => /ký|Chưa xác nhận|Chưa có tên|signed/i.test(t))).toEqual([]);
  });

  it('names from the context, then in words, when a done step has none; a step not done yet says so', () => {
    const [homeroom] = blocks([{ role: 'homeroomTeacher', at: '2026-12-06T01:00:00.000Z' }]);
    expect(vi(homeroom!.name)).toBe('Vũ Thị Lan');
    const [bare, principal] = blocks([{ role: 'homeroomTeacher', name: ' ', at: 'not a time' }], {});
    expect(vi(bare!.name)).toBe('Chưa có tên trong dữ liệu tra cứu');
    expect(bare?.date).toBeUndefined();
    // Not approved yet and no name known: the line is left blank, not "no name in the lookup data".
    expect(principal!.name).toEqual({ kind: 'empty', text: { vi: '', en: '' } });
    expect(blocks([])[0]?.signature.text.vi).toBe('Chưa rà soát');
  });

  it('an approval the record carries counts when the workflow has none', () => {
    const l = layoutHocBa({ ...fixture('primary-grade5'), signatures: [] }, { signOffs: [review] });
    expect(l.confirmations[0]!.at(-1)).toMatchObject({
      name: { text: { vi: 'Nguyễn Văn Khải' } },
      date: { text: { vi: 'Phê duyệt ngày 25/05/2026' } },
      signature: { state: 'confirmed', text: { vi: 'Đã phê duyệt' } },
    });
  });

  it('leaves a locked record, a partial one and one with the batch signature as they were', () => {
    const all = [review, ...confirms, approval];
    const locked = { ...fixture('thcs-grade8'), effectiveAt: '2026-05-30T10:00:00.000Z' };
    expect(layoutHocBa(locked, { ...ctx, signOffs: all })).toEqual(layoutHocBa(locked, ctx));
    const partial = { ...ctx, hiddenFields: 3 };
    expect(layoutHocBa(inProgress(), { ...partial, signOffs: all })).toEqual(
      layoutHocBa(inProgress(), partial),
    );
    const signed = { ...ctx, signature: { signer: 'Nguyễn Thị Hạnh', signedAt: '2026-05-25T03:29:22.319Z' } };
    const primary = fixture('primary-grade5');
    expect(layoutHocBa(primary, { ...signed, signOffs: all })).toEqual(layoutHocBa(primary, signed));
    // Without sign-offs, a record in progress reads as before.
    expect(layoutHocBa(inProgress(), ctx).confirmations[0]![0]?.signature.text.vi).toBe('Chưa xác nhận');
  });
});
