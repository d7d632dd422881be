/**
 * What the PDF renderer draws: a học bạ (or an extract) as a list of printable blocks — headings, label and
 * value rows, tables, paragraphs, confirmation blocks — every text already worded for the reader. The
 * records' layout model is turned into this by from-layout.ts; the renderer (render.ts) knows nothing of
 * circulars, only of A4 pages, wrapping and page breaks.
 */

/** A label in both languages: Vietnamese is printed first, English after it, smaller. */
export interface Bilingual {
  vi: string;
  en?: string | undefined;
}

export interface Column {
  header: Bilingual;
  /** Relative width: the columns share the page's width in proportion. */
  weight: number;
  align?: 'left' | 'center' | 'right';
}

export type Block =
  | { kind: 'heading'; text: Bilingual }
  | { kind: 'fields'; rows: { label: Bilingual; value: string }[] }
  | {
      kind: 'table';
      columns: Column[];
      /** An upper header line over runs of columns ("Học kì I" over ĐĐGtx … ĐTBmhk); spans add up to the columns. */
      groups?: { label: Bilingual; span: number }[];
      rows: string[][];
      /** Many columns: a smaller type, so that every one fits the page's width. */
      dense?: boolean;
    }
  | { kind: 'paragraph'; title?: Bilingual; text: string }
  /** A sentence in small type: an abbreviation spelt out, what "không hiển thị" means. */
  | { kind: 'note'; text: Bilingual }
  | { kind: 'confirmations'; items: { title: Bilingual; lines: string[] }[] };

export type DocumentKind = 'full' | 'extract';

export interface PrintDocument {
  kind: DocumentKind;
  /**
   * The level and the circular it follows ("Tiểu học — theo Thông tư 27/2020/TT-BGDĐT"), under "HỌC BẠ"; none
   * when the extract does not disclose the level.
   */
  level?: Bilingual | undefined;
  /** The canonical lookup code (printed grouped by four) and the URL its QR code opens. */
  lookupCode: string;
  lookupUrl: string;
  /** The content fingerprint of what the pages show ("Mã nội dung"), as records' layoutFingerprint gives it. */
  fingerprint: string;
  issuedAt: Date;
  blocks: Block[];
  /** The proof bundle, attached as hocba-bundle.json: the exact JSON the verify API accepts. */
  bundleJson: string;
}

/** The attachment's name and type: the CLI (`hocba verify file.pdf`) looks for exactly this name. */
export const BUNDLE_ATTACHMENT = { name: 'hocba-bundle.json', type: 'application/json' } as const;
