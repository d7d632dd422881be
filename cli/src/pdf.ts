/**
 * What the CLI reads from a học bạ PDF with pdfjs-dist: the proof bundle attached as an embedded file
 * (`hocba-bundle.json`) and the visible text of every page (for the printed rows and content fingerprint). Nothing is
 * rendered; fonts and scripts of the file are never run.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { CliError } from './errors.ts';

/** The embedded file that carries the proof bundle (the PDF generator attaches it under this name). */
export const BUNDLE_ATTACHMENT = 'hocba-bundle.json';

export interface PdfContents {
  /** The attachment's bytes, if the PDF has one of that name. */
  bundle?: Uint8Array;
  /** The text of each page, its pieces joined by single spaces. */
  pages: string[];
}

interface Attachment {
  filename?: string;
  content?: Uint8Array;
}

export async function readPdf(bytes: Uint8Array): Promise<PdfContents> {
  let pdf: Awaited<ReturnType<typeof getDocument>['promise']>;
  try {
    pdf = await getDocument({
      // pdfjs takes ownership of (detaches) the buffer it is given.
      data: new Uint8Array(bytes),
      verbosity: 0,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: true,
    }).promise;
  } catch (e) {
    throw new CliError('NOT_A_PDF', (e as Error)?.message, { cause: e });
  }
  try {
    const attachments = ((await pdf.getAttachments()) ?? {}) as Record<string, Attachment>;
    const found = Object.entries(attachments).find(
      ([key, a]) => key === BUNDLE_ATTACHMENT || a.filename === BUNDLE_ATTACHMENT,
    )?.[1];
    const pages: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      pages.push(
        content.items
          .map((i) => ('str' in i ? i.str : ''))
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim(),
      );
    }
    return { ...(found?.content && { bundle: found.content }), pages };
  } catch (e) {
    throw new CliError('NOT_A_PDF', (e as Error)?.message, { cause: e });
  } finally {
    await pdf.destroy();
  }
}
