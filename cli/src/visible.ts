/**
 * Protection against a doctored printout. A học bạ PDF prints the attached record's content and, on its
 * pages, the fingerprint of that content (records' layoutFingerprint, "Mã nội dung: XXXX-XXXX-XXXX-XXXX").
 * The CLI lays the attached bundle out with records' layout model and checks two things:
 * - every content row of the layout (printed-rows.ts: identity rows, each year's facts, table rows, facts,
 *   comments, the decision) is printed, in order, as it should be (page-match.ts); a row that differs fails,
 *   named with its page and what is printed instead;
 * - every fingerprint printed equals the one recomputed from the attachment; one that differs fails; none
 *   printed is unknown (the page does not say which content it claims to show).
 * What it does not see: text added to a page (only the expected rows are looked for), and the parts that are
 * not rows: headings, the year's school, class and grade lines, confirmation blocks, notes.
 */
import type { Localized, Outcome } from '@hocba/integrity';
import { type HocBaLayout, layoutFingerprint, layoutHocBa, recordFromFields } from '@hocba/records';
import { explainMiss, findRow, type Position, pageContent } from './page-match.ts';
import { printedRows } from './printed-rows.ts';

export interface VisibleCheck {
  outcome: Outcome;
  code: 'OK' | 'PRINTED_ROW_MISMATCH' | 'LAYOUT_FINGERPRINT_MISMATCH' | 'LAYOUT_FINGERPRINT_ABSENT';
  message: Localized;
  details?: {
    computed: string;
    printed: string[];
    /** How many content rows were compared with the pages. */
    rowsChecked: number;
    /** The rows not printed as the attachment has them. */
    rowsDiffering: RowMismatch[];
  };
}

export interface RowMismatch {
  /** 1-based page where the row's name is printed; absent when it is printed nowhere. */
  page?: number;
  row: string;
  /** The words printed where the differing cell should be, and the attachment's. */
  printed?: string;
  expected?: string;
  message: Localized;
}

/**
 * The fingerprint after its label, as the PDF prints it ("Mã nội dung: XXXX-XXXX-XXXX-XXXX"), tolerating the
 * spaces a PDF's text extraction puts between glyph runs.
 */
const LABELLED = /Mã\s*nội\s*dung\s*:?\s*((?:[0-9A-Z]\s*){4}(?:-\s*(?:[0-9A-Z]\s*){4}){3})/g;
/**
 * Or on its own: exactly four groups of four symbols (Crockford base32), not part of a longer code — the
 * lookup code is printed in five groups and never matches.
 */
const BARE = /(?<![0-9A-Z-])[0-9A-Z]{4}(?:-[0-9A-Z]{4}){3}(?![0-9A-Z-])/g;

/** Every fingerprint printed on the pages. */
export function printedFingerprints(pages: readonly string[]): string[] {
  const found = pages.flatMap((page) => {
    const text = page.normalize('NFC');
    return [
      ...[...text.matchAll(LABELLED)].map((m) => m[1]!.replace(/\s+/g, '')),
      ...(text.match(BARE) ?? []),
    ];
  });
  return [...new Set(found)];
}

/** The layout of the bundle's record (the same call the PDF and the portal make). */
export function bundleLayout(bundle: unknown): HocBaLayout {
  const d = (bundle as { disclosure?: { fields?: unknown; hidden?: unknown } } | null)?.disclosure;
  const fields = Array.isArray(d?.fields)
    ? (d.fields as { pointer?: unknown; value?: unknown }[]).filter(
        (f): f is { pointer: string; value: unknown } => typeof f?.pointer === 'string',
      )
    : [];
  const hiddenFields = Array.isArray(d?.hidden) ? d.hidden.length : 0;
  return layoutHocBa(recordFromFields(fields), { hiddenFields });
}

/** The fingerprint of the page the bundle's record lays out to. */
export const bundleFingerprint = (bundle: unknown): string => layoutFingerprint(bundleLayout(bundle));

/** The layout's content rows against the pages' text, in order; the rows that are not printed as laid out. */
export function compareRows(
  layout: HocBaLayout,
  rawPages: readonly string[],
): {
  checked: number;
  differing: RowMismatch[];
} {
  const pages = rawPages.map(pageContent);
  const rows = printedRows(layout);
  const differing: RowMismatch[] = [];
  let from: Position = { index: 0, at: 0 };
  for (const r of rows) {
    const found = findRow(pages, r.cells, from, r.repeated);
    if (found) {
      from = found.end;
      continue;
    }
    const why = explainMiss(pages, r.cells, from);
    if (why.index === undefined) {
      differing.push({
        row: r.name,
        expected: r.cells.join(' '),
        message: {
          vi: `Dòng ${r.name}: không có trên trang (tệp đính kèm: ${r.cells.join(' ')})`,
          en: `Row ${r.name}: not on the pages (the attachment: ${r.cells.join(' ')})`,
        },
      });
      continue;
    }
    const page = why.index + 1;
    const printed = why.printed || '…';
    const expected = why.expected || r.cells.slice(1).join(' ');
    differing.push({
      page,
      row: r.name,
      printed,
      expected,
      message: {
        vi: `Trang ${page}, dòng ${r.name}: in ${printed}, tệp đính kèm ${expected}`,
        en: `Page ${page}, row ${r.name}: printed ${printed}, the attachment ${expected}`,
      },
    });
  }
  return { checked: rows.length, differing };
}

export function checkVisibleContent(bundle: unknown, pages: readonly string[]): VisibleCheck {
  const layout = bundleLayout(bundle);
  const computed = layoutFingerprint(layout);
  const printed = printedFingerprints(pages);
  const rows = compareRows(layout, pages);
  const details = { computed, printed, rowsChecked: rows.checked, rowsDiffering: rows.differing };
  if (rows.differing.length) {
    const shown = rows.differing.slice(0, 5);
    const more = rows.differing.length - shown.length;
    return {
      outcome: 'fail',
      code: 'PRINTED_ROW_MISMATCH',
      message: {
        vi: `Nội dung in trên trang khác học bạ đính kèm ở ${rows.differing.length}/${rows.checked} dòng: ${shown.map((m) => m.message.vi).join('; ')}${more ? `; và ${more} dòng khác` : ''}.`,
        en: `The printed content differs from the attached record in ${rows.differing.length} of ${rows.checked} rows: ${shown.map((m) => m.message.en).join('; ')}${more ? `; and ${more} more` : ''}.`,
      },
      details,
    };
  }
  if (printed.some((p) => p !== computed))
    return {
      outcome: 'fail',
      code: 'LAYOUT_FINGERPRINT_MISMATCH',
      message: {
        vi: `Mã nội dung in trên trang (${printed.join(', ')}) khác mã tính từ tệp đính kèm (${computed}): trang in không phải của học bạ đính kèm hoặc đã bị sửa.`,
        en: `The content fingerprint printed on the pages (${printed.join(', ')}) differs from the attachment's (${computed}): the pages are not of the attached record, or were edited.`,
      },
      details,
    };
  if (!printed.length)
    return {
      outcome: 'unknown',
      code: 'LAYOUT_FINGERPRINT_ABSENT',
      message: {
        vi: `${rows.checked} dòng nội dung in khớp tệp đính kèm, nhưng trang không in mã nội dung (mã của tệp đính kèm: ${computed}).`,
        en: `The ${rows.checked} content rows printed match the attachment, but the pages print no content fingerprint (the attachment's: ${computed}).`,
      },
      details,
    };
  return {
    outcome: 'pass',
    code: 'OK',
    message: {
      vi: `${rows.checked} dòng nội dung in (lý lịch, kết quả, nhận xét, quyết định) khớp học bạ đính kèm; mã nội dung in trên trang khớp (${computed}).`,
      en: `The ${rows.checked} printed content rows (identity, results, comments, decision) match the attached record; the printed content fingerprint matches (${computed}).`,
    },
    details,
  };
}
