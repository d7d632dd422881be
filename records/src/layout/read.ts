/**
 * Reading a record that may be partial (only the disclosed fields, rebuilt from their pointers) or not quite a
 * record at all: every access is checked, and an absent field becomes "không hiển thị" when fields were
 * withheld, "—" (or no row, for an optional part) when the record is whole.
 */
import type { Label } from '../labels.ts';
import type { LayoutRow, LayoutValue } from './model.ts';
import { HIDDEN, NONE, text, unreadable } from './words.ts';

export type Obj = Readonly<Record<string, unknown>>;

export const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
export const obj = (x: unknown): Obj => (isObj(x) ? x : {});
export const own = (o: Obj, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

/** An optional part that a partial record may have withheld. */
export const MAYBE_HIDDEN: LayoutValue = {
  kind: 'hidden',
  text: { vi: 'Không hiển thị (nếu có)', en: 'Not shown (if any)' },
};

export interface Reader {
  /** Some fields were not disclosed. */
  readonly partial: boolean;
}

/** A required field: its words, or why there are none. */
export function value(r: Reader, v: unknown, show: (v: unknown) => LayoutValue | undefined): LayoutValue {
  if (v === undefined) return r.partial ? HIDDEN : NONE;
  return show(v) ?? unreadable(v);
}

/** Words from a table of labels (a code of a vocabulary). */
export const coded =
  (table: Readonly<Record<string, Label>>) =>
  (v: unknown): LayoutValue | undefined =>
    typeof v === 'string' && Object.hasOwn(table, v) ? { kind: 'text', text: table[v]! } : undefined;

/** Plain text a person wrote (names, comments, places). */
export const written = (v: unknown): LayoutValue | undefined =>
  typeof v === 'string' && v.length > 0 ? { kind: 'text', text: { vi: v, en: v } } : undefined;

/** Words from a formatter that returns undefined for what it cannot read. */
export const formatted =
  (f: (v: unknown) => Label | undefined) =>
  (v: unknown): LayoutValue | undefined => {
    const t = f(v);
    return t && { kind: 'text', text: t };
  };

export const row = (key: string, label: Label, v: LayoutValue): LayoutRow => ({ key, label, value: v });

/** A row for an optional field: present → shown; absent → no row (whole record) or "if any" (partial). */
export function optionalRow(
  r: Reader,
  key: string,
  label: Label,
  v: unknown,
  show: (v: unknown) => LayoutValue | undefined,
): LayoutRow[] {
  if (v === undefined) return r.partial ? [row(key, label, MAYBE_HIDDEN)] : [];
  return [row(key, label, show(v) ?? unreadable(v))];
}

/** A list of texts (other awards): "—" when empty; withheld items (holes of a partial array) → hidden. */
export function list(v: unknown): LayoutValue | undefined {
  if (!Array.isArray(v)) return undefined;
  const all = Array.from(v);
  if (all.some((x) => x === undefined)) return HIDDEN;
  if (!all.every((x) => typeof x === 'string')) return undefined;
  return all.length === 0 ? NONE : text({ vi: all.join('; '), en: all.join('; ') });
}
