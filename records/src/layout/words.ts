/** The layout's fixed words, Vietnamese first: what a reader sees where a value is not a value. */
import type { Label } from '../labels.ts';
import type { LayoutValue } from './model.ts';

export const HIDDEN: LayoutValue = {
  kind: 'hidden',
  text: { vi: 'Không hiển thị', en: 'Not shown' },
};
export const NONE: LayoutValue = { kind: 'empty', text: { vi: '—', en: '—' } };
/** A cell the form leaves blank (no test score for an untested subject, no marks for a comment subject). */
export const BLANK: LayoutValue = { kind: 'empty', text: { vi: '', en: '' } };

export const text = (t: Label, detail?: Label): LayoutValue =>
  detail === undefined ? { kind: 'text', text: t } : { kind: 'text', text: t, detail };

export const same = (s: string): Label => ({ vi: s, en: s });

export const YES: Label = { vi: 'Có', en: 'Yes' };
export const NO: Label = { vi: 'Không', en: 'No' };

/** Read but not understood (a code this version does not know): said so, the raw value only as a detail. */
export const unreadable = (raw: unknown): LayoutValue => ({
  kind: 'text',
  text: { vi: 'Giá trị không đọc được', en: 'Unreadable value' },
  detail: same(typeof raw === 'string' || typeof raw === 'number' ? String(raw) : typeof raw),
});
