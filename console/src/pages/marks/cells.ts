/**
 * A cell's text as a teacher types or pastes it, read into the value the record holds — and back. Only the
 * reading is here (decimal comma, the forms' abbreviations, a level written in full); whether the value is
 * allowed (0–10, one decimal, an integer test score…) is the record model's to say (entry.ts).
 */
import type { Lang } from '../../words.ts';
import type { CellKind } from './columns.ts';

export type Parsed =
  | { ok: true; value: number | string | undefined }
  | { ok: false; reason: 'notANumber' | 'levelRule' | 'commentRule' | 'ratingRule' };

/** Upper case, no Vietnamese accents (Đ as D), no spaces: "Hoàn thành tốt" → "HOANTHANHTOT". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'D').replace(/\s+/g, '').toUpperCase();
}

const LEVELS: Record<string, string> = {
  T: 'T',
  HTT: 'T',
  HOANTHANHTOT: 'T',
  H: 'H',
  HT: 'H',
  HOANTHANH: 'H',
  C: 'C',
  CHT: 'C',
  CHUAHOANTHANH: 'C',
};
const COMMENT_RESULTS: Record<string, string> = {
  D: 'DAT',
  DAT: 'DAT',
  CD: 'CHUA_DAT',
  CHUADAT: 'CHUA_DAT',
};

/** Tốt, Đạt, Cần cố gắng (Circular 27 Art. 8 §2), as letters or words. */
const RATINGS: Record<string, string> = {
  T: 'T',
  TOT: 'T',
  D: 'D',
  DAT: 'D',
  C: 'C',
  CCG: 'C',
  CANCOGANG: 'C',
};

/** A number as Vietnamese or English writes it: "8,5" and "8.5" alike; nothing else around it. */
const NUMBER = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;

export function parseCell(kind: CellKind, text: string): Parsed {
  const t = text.trim();
  if (t === '') return { ok: true, value: undefined };
  switch (kind) {
    case 'score':
    case 'testScore':
      return NUMBER.test(t)
        ? { ok: true, value: Number(t.replace(',', '.')) }
        : { ok: false, reason: 'notANumber' };
    case 'level': {
      const v = LEVELS[fold(t)];
      return v ? { ok: true, value: v } : { ok: false, reason: 'levelRule' };
    }
    case 'commentResult': {
      const v = COMMENT_RESULTS[fold(t)];
      return v ? { ok: true, value: v } : { ok: false, reason: 'commentRule' };
    }
    case 'rating': {
      const v = RATINGS[fold(t)];
      return v ? { ok: true, value: v } : { ok: false, reason: 'ratingRule' };
    }
    case 'text':
      // A comment is kept as written (the record refuses stray spaces; the teacher sees why).
      return { ok: true, value: text };
  }
}

/** A score as the page's language writes it: 8,5 in Vietnamese, 8.5 in English; whole numbers bare. */
export function scoreText(n: number, lang: Lang): string {
  const s = String(n);
  return lang === 'vi' ? s.replace('.', ',') : s;
}

/** A stored value as the text of its cell: the forms' abbreviations (T/H/C, Đ/CĐ) for codes. */
export function cellText(kind: CellKind, value: unknown, lang: Lang): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return scoreText(value, lang);
  if (kind === 'rating') return value === 'D' ? 'Đ' : String(value);
  if (kind === 'commentResult') return value === 'DAT' ? 'Đ' : value === 'CHUA_DAT' ? 'CĐ' : String(value);
  return String(value);
}
