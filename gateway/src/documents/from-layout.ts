/**
 * From records' layout model (the same HocBaLayout the portal renders) to the PDF's printable blocks: the
 * identity rows, each school year's facts and sections (subjects and ratings tables in the circular's order
 * and columns, facts, comments, the year-end decision), the confirmation blocks and the notes. No value is
 * formatted or looked up here: the layout has already worded each one; this only places them on A4.
 */
import type {
  HocBaLayout,
  Label,
  LayoutConfirmation,
  LayoutRow,
  LayoutSection,
  LayoutTableSection,
  LayoutValue,
} from '@hocba/records';
import type { Bilingual, Block, Column } from './model.ts';

/** A value as printed: its words, and its detail (a code beside a name) in brackets. */
export function valueText(v: LayoutValue): string {
  if (v.kind === 'text' && v.detail && v.detail.vi !== v.text.vi) return `${v.text.vi} (${v.detail.vi})`;
  return v.text.vi;
}

const fields = (rows: readonly LayoutRow[]): Block => ({
  kind: 'fields',
  rows: rows.map((r) => ({ label: r.label, value: valueText(r.value) })),
});

const ALIGN = { start: 'left', center: 'center', end: 'right' } as const;

/**
 * A column's share of the width from what it holds: a comment takes room, a mark little. Bounded so that
 * no column becomes too narrow for its header.
 */
function weight(texts: readonly string[], min: number, max: number): number {
  const longest = Math.max(0, ...texts.map((t) => t.length));
  return Math.min(max, Math.max(min, longest / 9));
}

function table(s: LayoutTableSection): Block[] {
  // One column of short ratings (qualities, competencies): label and value pairs, two to a line.
  if (s.columns.length === 1 && s.rows.every((r) => r.cells[0] && valueText(r.cells[0]).length <= 20)) {
    const out: Block[] = [
      {
        kind: 'fields',
        rows: s.rows.map((r) => ({ label: r.header, value: r.cells[0] ? valueText(r.cells[0]) : '' })),
      },
    ];
    if (s.note) out.push({ kind: 'note', text: s.note });
    return out;
  }
  const rows = s.rows.map((r) => [r.header.vi, ...r.cells.map(valueText)]);
  const first: Column = {
    header: s.id === 'subjects' ? { vi: 'Môn học', en: 'Subject' } : { vi: '' },
    weight: weight(
      rows.map((r) => r[0]!),
      1.6,
      3.2,
    ),
  };
  const columns: Column[] = [
    first,
    ...s.columns.map((c, i) => ({
      header: c.label,
      weight: weight([c.label.vi, ...rows.map((r) => r[i + 1]!)], 1, 5),
      align: ALIGN[c.align],
    })),
  ];
  // The upper header line: runs of columns under one group ("Học kì I"), the subject column under none.
  let groups: { label: Bilingual; span: number }[] | undefined;
  if (s.columns.some((c) => c.group)) {
    groups = [{ label: { vi: '' }, span: 1 }];
    for (const c of s.columns) {
      const last = groups.at(-1)!;
      if (groups.length > 1 && last.label.vi === (c.group?.vi ?? '')) last.span++;
      else groups.push({ label: c.group ?? { vi: '' }, span: 1 });
    }
  }
  const out: Block[] = [
    { kind: 'table', columns, rows, ...(groups && { groups }), ...(columns.length > 6 && { dense: true }) },
  ];
  if (s.note) out.push({ kind: 'note', text: s.note });
  return out;
}

function section(s: LayoutSection): Block[] {
  const heading: Block = { kind: 'heading', text: s.title };
  switch (s.kind) {
    case 'table':
      return [heading, ...table(s)];
    case 'facts':
      return [heading, fields(s.rows)];
    case 'text':
      return [
        heading,
        ...s.paragraphs.map((p): Block => ({ kind: 'paragraph', title: p.label, text: valueText(p.value) })),
      ];
    case 'decision':
      return [heading, fields([{ key: 'decision', label: s.title, value: s.decision }, ...s.rows])];
  }
}

function confirmation(c: LayoutConfirmation): { title: Label; lines: string[] } {
  const sig = c.signature;
  return {
    title: c.title,
    lines: [
      valueText(c.name),
      ...(c.date ? [valueText(c.date)] : []),
      sig.text.vi,
      ...(sig.signer ? [sig.signer.vi] : []),
      ...(sig.signedAt ? [sig.signedAt.vi] : []),
    ],
  };
}

/** The printable blocks of a layout, in the order of the học bạ form. */
export function layoutBlocks(layout: HocBaLayout): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', text: { vi: 'Sơ yếu lý lịch học sinh', en: 'The pupil' } },
    fields(layout.identity),
  ];
  for (const [i, y] of layout.years.entries()) {
    blocks.push(
      {
        kind: 'heading',
        text: { vi: `Năm học ${valueText(y.schoolYear)}`, en: `School year ${y.schoolYear.text.en}` },
      },
      fields([
        { key: 'school', label: { vi: 'Trường', en: 'School' }, value: y.school },
        { key: 'class', label: { vi: 'Lớp', en: 'Class' }, value: y.className },
        { key: 'grade', label: { vi: 'Khối lớp', en: 'Grade' }, value: y.grade },
        ...y.facts,
      ]),
      ...y.sections.flatMap(section),
    );
    const confirmations = layout.confirmations[i] ?? [];
    if (confirmations.length > 0)
      blocks.push({ kind: 'confirmations', items: confirmations.map(confirmation) });
  }
  blocks.push(
    { kind: 'note', text: layout.fields.text },
    ...layout.notes.map((n): Block => ({ kind: 'note', text: n })),
  );
  return blocks;
}
