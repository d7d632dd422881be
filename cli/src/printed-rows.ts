/**
 * The rows a học bạ PDF prints for a layout, as the strings the renderer draws for each row, in its drawing
 * order (gateway/src/documents: from-layout.ts turns the layout into blocks, render.ts draws a row's cells
 * left to right, a label's English line right under its Vietnamese one). Only the record's content is listed:
 * the identity rows, each year's own facts, every section's rows (table rows, facts, comments, the decision).
 * Headings, the year's school/class/grade lines, confirmations and notes are not (see README, What is checked).
 */
import type { HocBaLayout, LayoutRow, LayoutSection, LayoutTableSection, LayoutValue } from '@hocba/records';

export interface PrintedRow {
  /** What the row is, for a message: the subject, the label. */
  name: string;
  /** The strings drawn for the row, in order (empty ones are not drawn and are left out). */
  cells: string[];
  /** A table row: the words of the header rows its table repeats at the top of a page it continues on. */
  repeated?: ReadonlySet<string>;
}

/**
 * A value as the PDF prints it: its words and a differing detail in brackets. The same rule as the
 * renderer's valueText (gateway/src/documents/from-layout.ts); the CLI does not depend on the gateway.
 */
export function printedValue(v: LayoutValue): string {
  if (v.kind === 'text' && v.detail && v.detail.vi !== v.text.vi) return `${v.text.vi} (${v.detail.vi})`;
  return v.text.vi;
}

const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

function row(name: string, parts: readonly string[]): PrintedRow {
  return { name: norm(name), cells: parts.map(norm).filter((c) => c !== '') };
}

/** A label and its value: the label's Vietnamese, its English under it, then the value's cell. */
const pair = (r: LayoutRow) => row(r.label.vi, [r.label.vi, r.label.en, printedValue(r.value)]);

/**
 * The words of a table's header rows: the column groups and the columns, each in both languages (and the
 * renderer's own first column, "Môn học / Subject"). Only these may stand between a split row's slices.
 */
function headerWords(s: LayoutTableSection): ReadonlySet<string> {
  const labels = [
    { vi: 'Môn học', en: 'Subject' },
    ...s.columns.flatMap((c) => [c.label, ...(c.group ? [c.group] : [])]),
  ];
  return new Set(labels.flatMap((l) => norm(`${l.vi} ${l.en}`).split(' ')));
}

function sectionRows(s: LayoutSection): PrintedRow[] {
  switch (s.kind) {
    case 'table':
      // The renderer prints a one-column table of short ratings as label and value pairs (label with its
      // English), any other table as rows of its header's Vietnamese and the cells.
      if (s.columns.length === 1 && s.rows.every((r) => r.cells[0] && printedValue(r.cells[0]).length <= 20))
        return s.rows.map((r) =>
          row(r.header.vi, [r.header.vi, r.header.en, r.cells[0] ? printedValue(r.cells[0]) : '']),
        );
      return s.rows.map((r) => ({
        ...row(r.header.vi, [r.header.vi, ...r.cells.map(printedValue)]),
        repeated: headerWords(s),
      }));
    case 'facts':
      return s.rows.map(pair);
    case 'text':
      return s.paragraphs.map(pair);
    case 'decision':
      return [row(s.title.vi, [s.title.vi, s.title.en, printedValue(s.decision)]), ...s.rows.map(pair)];
  }
}

/** Every content row of the layout, in the order the PDF prints them. */
export function printedRows(layout: HocBaLayout): PrintedRow[] {
  return [
    ...layout.identity.map(pair),
    ...layout.years.flatMap((y) => [...y.facts.map(pair), ...y.sections.flatMap(sectionRows)]),
  ].filter((r) => r.cells.length > 0);
}
