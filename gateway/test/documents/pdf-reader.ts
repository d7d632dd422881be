/**
 * Reading an issued PDF the way its readers do, with tools independent of the one that wrote it: poppler's
 * pdftoppm renders a page to PNG (written to test/artifacts/documents/, git-ignored, to be looked at), jsQR
 * decodes the QR code from those pixels, and pdfjs-dist (the CLI's reader) gives the attachments and the
 * text.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsQRModule from 'jsqr';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PNG } from 'pngjs';

export const ARTIFACTS = fileURLToPath(new URL('../../../test/artifacts/documents/', import.meta.url));

/** Writes the PDF beside its renders; its path. */
export function savePdf(pdf: Uint8Array, name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.pdf`);
  writeFileSync(path, pdf);
  return path;
}

/** Renders page `page` of the saved PDF with pdftoppm at `dpi`; the PNG's path. */
export function renderPage(pdfPath: string, name: string, page = 1, dpi = 60): string {
  const prefix = join(ARTIFACTS, `${name}-p${page}-${dpi}dpi`);
  execFileSync('pdftoppm', [
    '-r',
    String(dpi),
    '-png',
    '-f',
    String(page),
    '-l',
    String(page),
    '-singlefile',
    pdfPath,
    prefix,
  ]);
  return `${prefix}.png`;
}

// jsqr is CommonJS whose typings describe an ES default export.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

/** The text of the QR code jsQR finds in a PNG, or undefined when it finds none. */
export function decodeQr(pngPath: string): string | undefined {
  const png = PNG.sync.read(readFileSync(pngPath));
  const found = jsQR(
    new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
    png.width,
    png.height,
  );
  return found?.data;
}

export interface ReadPdf {
  pages: number;
  /** Each page's text, items joined by spaces (pdfjs splits lines into items), as the PDF maps its glyphs. */
  pageTexts: string[];
  /** The embedded files by name, as bytes. */
  attachments: Record<string, { content: Uint8Array; filename: string }>;
}

export async function readPdf(pdf: Uint8Array): Promise<ReadPdf> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const pageTexts: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      pageTexts.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
    }
    const attachments = ((await doc.getAttachments()) ?? {}) as ReadPdf['attachments'];
    return { pages: doc.numPages, pageTexts, attachments };
  } finally {
    await doc.destroy();
  }
}

/** The bundle attached as hocba-bundle.json, parsed. */
export function attachedBundle(read: ReadPdf): unknown {
  const file = read.attachments['hocba-bundle.json'];
  if (!file)
    throw new Error(`no hocba-bundle.json among ${Object.keys(read.attachments).join(', ') || 'none'}`);
  return JSON.parse(new TextDecoder().decode(file.content));
}

/** Whitespace collapsed: pdfjs may split a line into items anywhere, and a wrapped line at any space. */
export const squeeze = (s: string) => s.replace(/\s+/g, ' ').trim();
