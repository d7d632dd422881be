/**
 * What the file page reads from a học bạ PDF, in the browser: the proof bundle attached as the embedded file
 * `hocba-bundle.json` and the content codes printed on its pages. This module and pdfjs-dist are loaded only
 * when a PDF is chosen (file-page.ts imports it dynamically), so the lookup page's first load does not carry
 * them. pdfjs's worker is a file of its own that Vite emits (`?url`), served from /assets/ like the page's
 * scripts, which the gateway's CSP (script-src 'self') allows.
 */
import { layoutFingerprint, layoutHocBa, recordFromFields } from '@hocba/records';
import { GlobalWorkerOptions, getDocument } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { h } from './dom.ts';
import { lang } from './i18n.ts';

GlobalWorkerOptions.workerSrc = workerUrl;

/** The embedded file that carries the proof bundle (gateway/src/documents attaches it under this name). */
export const BUNDLE_ATTACHMENT = 'hocba-bundle.json';

export type PdfRead =
  | { ok: true; bundleText: string; printed: string[] }
  | { ok: false; reason: 'not-pdf' | 'no-attachment' };

/**
 * "Mã nội dung: XXXX-XXXX-XXXX-XXXX" as the PDF prints it, tolerating the spaces text extraction puts
 * between glyph runs. Only the labelled code: the lookup code (five groups) is never taken for it.
 */
const LABELLED = /Mã\s*nội\s*dung\s*:?\s*((?:[0-9A-Z]\s*){4}(?:-\s*(?:[0-9A-Z]\s*){4}){3})/g;

/** Every content code printed on the pages, once each. */
export function printedFingerprints(pages: readonly string[]): string[] {
  const found = pages.flatMap((p) =>
    [...p.normalize('NFC').matchAll(LABELLED)].map((m) => m[1]!.replace(/\s+/g, '')),
  );
  return [...new Set(found)];
}

interface Attachment {
  filename?: string;
  content?: Uint8Array;
}

export async function readPdf(bytes: Uint8Array): Promise<PdfRead> {
  let pdf: Awaited<ReturnType<typeof getDocument>['promise']>;
  try {
    // The file's scripts and fonts are never run: only its attachments and text are read.
    pdf = await getDocument({
      data: bytes,
      verbosity: 0,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      enableXfa: false,
    }).promise;
  } catch {
    return { ok: false, reason: 'not-pdf' };
  }
  try {
    const attachments = ((await pdf.getAttachments()) ?? {}) as Record<string, Attachment>;
    const found = Object.entries(attachments).find(
      ([key, a]) => key === BUNDLE_ATTACHMENT || a.filename === BUNDLE_ATTACHMENT,
    )?.[1];
    if (!found?.content) return { ok: false, reason: 'no-attachment' };
    const pages: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      pages.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' '));
    }
    return {
      ok: true,
      bundleText: new TextDecoder().decode(found.content),
      printed: printedFingerprints(pages),
    };
  } catch {
    return { ok: false, reason: 'not-pdf' };
  } finally {
    await pdf.destroy();
  }
}

/** The words said of a PDF only, loaded with this module rather than with the page. */
const WORDS = {
  pdfNoAttachment: {
    vi: 'Tệp PDF này không đính kèm gói minh chứng (hocba-bundle.json), nên không thể xác minh. Hãy xin nhà trường hoặc học sinh bản PDF tải từ hệ thống học bạ số, hoặc tra cứu bằng mã tra cứu in trên bản in.',
    en: 'This PDF has no proof bundle attached (hocba-bundle.json), so it cannot be verified. Ask the school or the student for the PDF downloaded from the digital học bạ system, or look it up with the lookup code printed on it.',
  },
  pdfUnreadable: {
    vi: 'Không đọc được tệp PDF này (tệp hỏng hoặc không phải PDF).',
    en: 'This PDF cannot be read (the file is damaged or not a PDF).',
  },
  pdfAttachmentNotJson: {
    vi: 'Gói minh chứng đính kèm trong PDF không phải JSON hợp lệ.',
    en: 'The proof bundle attached to the PDF is not valid JSON.',
  },
  pdfVisiblePass: {
    vi: 'Mã nội dung in trên các trang PDF ({code}) đúng bằng mã tính từ gói minh chứng đính kèm. Trang này chỉ so mã, không so từng dòng chữ in: hãy đối chiếu các trang in với nội dung hiển thị dưới đây, hoặc dùng lệnh hocba verify (lệnh này so từng dòng).',
    en: 'The content code printed on the PDF’s pages ({code}) is the one computed from its attached proof bundle. This page compares the code only, not each printed line: compare the printed pages with the content shown below, or run hocba verify (which compares each line).',
  },
  pdfVisibleFail: {
    vi: 'Không đạt: mã nội dung in trên trang PDF ({printed}) khác mã tính từ gói minh chứng đính kèm ({code}). Các trang in đã bị sửa hoặc gói đính kèm là của nội dung khác; chỉ tin nội dung hiển thị dưới đây (từ gói đã xác minh), không tin các trang in.',
    en: 'Failed: the content code printed on the PDF ({printed}) differs from the one computed from its attached proof bundle ({code}). The pages were edited or the attachment belongs to another content; trust the content shown below (from the verified bundle), not the printed pages.',
  },
  pdfVisibleNone: {
    vi: 'Các trang PDF không in mã nội dung, nên không thể đối chiếu trang in với gói minh chứng đính kèm; chỉ tin nội dung hiển thị dưới đây.',
    en: 'The PDF’s pages print no content code, so they cannot be compared with the attached proof bundle; trust only the content shown below.',
  },
} as const;

export const pdfWord = (key: keyof typeof WORDS) => WORDS[key][lang()];

/**
 * A PDF's pages against its attachment: the content codes printed on the pages and the one laid out from the
 * attached bundle's fields (the same call the PDF and `hocba verify` make). Equal → pass; one differs → the
 * pages show another content than the attachment; none printed → the pages cannot be tied to it.
 */
export function visibleCheck(bundle: unknown, printed: readonly string[]): HTMLElement {
  const d = (bundle as { disclosure?: { fields?: unknown; hidden?: unknown } } | null)?.disclosure;
  const fields = Array.isArray(d?.fields)
    ? (d.fields as { pointer?: unknown; value?: unknown }[]).filter(
        (f): f is { pointer: string; value: unknown } => typeof f?.pointer === 'string',
      )
    : [];
  const computed = layoutFingerprint(
    layoutHocBa(recordFromFields(fields), { hiddenFields: Array.isArray(d?.hidden) ? d.hidden.length : 0 }),
  );
  const outcome = printed.length === 0 ? 'unknown' : printed.every((p) => p === computed) ? 'pass' : 'fail';
  const other = printed.find((p) => p !== computed) ?? '';
  return h(
    'p',
    {
      class: outcome === 'fail' ? 'error pdf-visible' : 'note pdf-visible',
      role: outcome === 'fail' ? 'alert' : null,
      'data-testid': 'pdf-visible',
      'data-outcome': outcome,
    },
    outcome === 'pass'
      ? pdfWord('pdfVisiblePass').replace('{code}', computed)
      : outcome === 'fail'
        ? pdfWord('pdfVisibleFail').replace('{printed}', other).replace('{code}', computed)
        : pdfWord('pdfVisibleNone'),
  );
}
