/** Reading a layout's printed words back, for the layout tests. */
import type { HocBaLayout, LayoutSection, LayoutValue } from '../src/index.ts';

/** Properties that name things for programs (keys, kinds, states), never printed. */
const NOT_PRINTED = new Set(['key', 'kind', 'id', 'role', 'state', 'form', 'completeness', 'align']);

/** Every string of the layout a renderer may print, with where it is. */
export function printedTexts(layout: HocBaLayout): { at: string; text: string }[] {
  const out: { at: string; text: string }[] = [];
  const walk = (x: unknown, at: string) => {
    if (typeof x === 'string') out.push({ at, text: x });
    else if (Array.isArray(x)) for (const [i, y] of x.entries()) walk(y, `${at}/${i}`);
    else if (typeof x === 'object' && x !== null)
      for (const [k, v] of Object.entries(x)) if (!NOT_PRINTED.has(k)) walk(v, `${at}/${k}`);
  };
  walk(layout, '');
  return out;
}

export const section = (l: HocBaLayout, id: string): LayoutSection => {
  const s = l.years[0]!.sections.find((x) => x.id === id);
  if (!s) throw new Error(`no section ${id}: ${l.years[0]!.sections.map((x) => x.id).join(', ')}`);
  return s;
};

export const vi = (v: LayoutValue | undefined) => v?.text.vi;

/** The value of a labelled row of a facts, text or decision section. */
export function rowValue(l: HocBaLayout, id: string, key: string): LayoutValue | undefined {
  const s = section(l, id);
  const rows = s.kind === 'facts' || s.kind === 'decision' ? s.rows : s.kind === 'text' ? s.paragraphs : [];
  return rows.find((r) => r.key === key)?.value;
}

/** A table's row as the Vietnamese texts of its cells, by the row's key. */
export function tableRow(l: HocBaLayout, id: string, key: string): string[] | undefined {
  const s = section(l, id);
  if (s.kind !== 'table') throw new Error(`${id} is not a table`);
  return s.rows.find((r) => r.key === key)?.cells.map((c) => c.text.vi);
}
