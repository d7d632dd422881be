/**
 * Protection against a doctored printout: a học bạ PDF prints, as text on its pages, the fingerprint of what
 * its pages show (records' layoutFingerprint, "Mã nội dung: XXXX-XXXX-XXXX-XXXX"), computed from the very
 * bundle it carries. The CLI lays the attached bundle out with records' layout model, recomputes the
 * fingerprint and compares it with every one printed on the pages:
 * - all printed ones equal the recomputed one → pass;
 * - one differs → fail: the pages were made from another content than the attachment (an edited PDF, or an
 *   attachment swapped under pages of another record);
 * - none printed → unknown: the visible text cannot be tied to the attachment.
 * What it cannot see: pages edited while the printed fingerprint was left as it was. The fingerprint then
 * still names the attachment's content, which a reader compares with the lookup page (or the CLI's report of
 * the attachment), not with the edited page.
 */
import type { Localized, Outcome } from '@hocba/integrity';
import { layoutFingerprint, layoutHocBa, recordFromFields } from '@hocba/records';

export interface VisibleCheck {
  outcome: Outcome;
  code: 'OK' | 'LAYOUT_FINGERPRINT_MISMATCH' | 'LAYOUT_FINGERPRINT_ABSENT';
  message: Localized;
  details?: { computed: string; printed: string[] };
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

/** The fingerprint of the page the bundle's record lays out to (the same call the PDF and the portal make). */
export function bundleFingerprint(bundle: unknown): string {
  const d = (bundle as { disclosure?: { fields?: unknown; hidden?: unknown } } | null)?.disclosure;
  const fields = Array.isArray(d?.fields)
    ? (d.fields as { pointer?: unknown; value?: unknown }[]).filter(
        (f): f is { pointer: string; value: unknown } => typeof f?.pointer === 'string',
      )
    : [];
  const hiddenFields = Array.isArray(d?.hidden) ? d.hidden.length : 0;
  return layoutFingerprint(layoutHocBa(recordFromFields(fields), { hiddenFields }));
}

export function checkVisibleContent(bundle: unknown, pages: readonly string[]): VisibleCheck {
  const computed = bundleFingerprint(bundle);
  const printed = printedFingerprints(pages);
  if (!printed.length)
    return {
      outcome: 'unknown',
      code: 'LAYOUT_FINGERPRINT_ABSENT',
      message: {
        vi: `Trang PDF không in mã nội dung nên không đối chiếu được nội dung hiển thị với tệp đính kèm (mã nội dung của tệp đính kèm: ${computed}).`,
        en: `The PDF's pages print no content fingerprint, so what they show cannot be tied to the attachment (the attachment's fingerprint: ${computed}).`,
      },
      details: { computed, printed },
    };
  if (printed.some((p) => p !== computed))
    return {
      outcome: 'fail',
      code: 'LAYOUT_FINGERPRINT_MISMATCH',
      message: {
        vi: `Mã nội dung in trên trang (${printed.join(', ')}) khác mã tính từ tệp đính kèm (${computed}): nội dung hiển thị đã bị sửa hoặc không phải của học bạ đính kèm.`,
        en: `The content fingerprint printed on the pages (${printed.join(', ')}) differs from the attachment's (${computed}): what the pages show was edited or is not the attached record.`,
      },
      details: { computed, printed },
    };
  return {
    outcome: 'pass',
    code: 'OK',
    message: {
      vi: `Mã nội dung in trên trang khớp với học bạ đính kèm (${computed}).`,
      en: `The content fingerprint printed on the pages matches the attached record (${computed}).`,
    },
    details: { computed, printed },
  };
}
