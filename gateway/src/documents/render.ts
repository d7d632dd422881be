/**
 * A4 PDF of a học bạ with pdfkit and Noto Serif: the Ministry template's header lines on the first page, the
 * verification panel (the lookup QR code, the lookup code, the content fingerprint and how to check them),
 * the blocks, and on every page a footer with both codes and "Trang x/y" (and, from the second page on, a
 * small QR code: one per page, so that a phone scanning a page never has to choose). The proof bundle is
 * attached inside the file (hocba-bundle.json), so the PDF alone verifies offline.
 *
 * Tables never clip: every cell wraps in its column, and a row that does not fit the rest of a page either
 * moves to the next one (a short row) or is split there (a long comment), under a repeated header row.
 */
import PDFDocument from 'pdfkit';
import { fontFiles } from './fonts.ts';
import { type Bilingual, type Block, BUNDLE_ATTACHMENT, type Column, type PrintDocument } from './model.ts';
import { drawQr } from './qr.ts';

type Doc = PDFKit.PDFDocument;

const PAGE = { width: 595.28, height: 841.89 } as const;
const MARGIN = { left: 50, right: 50, top: 48 } as const;
/** Room kept at the bottom of every page for the footer. */
const FOOTER = 70;
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - FOOTER;
const PAD = 4;
/** A row is split across pages only when at least this much room is left; else it starts the next page. */
const SPLIT_ROOM = 110;
const BODY = 9.5;
/** Tables of many columns (the secondary marks: ten of them). */
const DENSE = 8;
const SMALL = 7.5;
const GREY = '#555555';
const RULE = '#777777';
const SHADE = '#eeeeee';

/** Vietnamese arrives in NFC and NFD alike (DESIGN.md §4.1); one form draws one glyph per letter. */
const nfc = (s: string) => s.normalize('NFC');

/** "dd/mm/yyyy HH:mm" in Asia/Ho_Chi_Minh. */
export function vnDateTime(d: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** The printed form of a code: groups of four joined by hyphens. */
export const grouped = (code: string) => code.match(/.{1,4}/g)?.join('-') ?? code;

interface CellStyle {
  font: 'regular' | 'bold' | 'italic';
  size: number;
  align: 'left' | 'center' | 'right';
}

/** A table cell: its text, and an optional English line under it (headers, labels). */
interface Cell {
  text: string;
  en?: string | undefined;
  style: CellStyle;
}

/** The renderer's state: where the next block starts, and what to repeat after a page break. */
class Pages {
  y: number = MARGIN.top;
  constructor(readonly doc: Doc) {}

  newPage(): void {
    this.doc.addPage();
    this.y = MARGIN.top;
  }

  /** Moves to a new page unless `height` fits on this one. */
  ensure(height: number): void {
    if (this.y + height > BOTTOM) this.newPage();
  }

  cellHeight(cell: Cell, width: number): number {
    const { doc } = this;
    doc.font(cell.style.font).fontSize(cell.style.size);
    let h = cell.text === '' ? 0 : doc.heightOfString(cell.text, { width, align: cell.style.align });
    if (cell.en) {
      doc.font('italic').fontSize(SMALL);
      h += doc.heightOfString(cell.en, { width, align: cell.style.align });
    }
    return Math.max(h, cell.style.size * 1.2);
  }

  rowHeight(cells: Cell[], widths: number[]): number {
    return Math.max(...cells.map((c, i) => this.cellHeight(c, widths[i]! - 2 * PAD))) + 2 * PAD;
  }

  drawRow(cells: Cell[], widths: number[], o: { border: boolean; shade?: boolean }): void {
    const { doc } = this;
    const h = this.rowHeight(cells, widths);
    let x = MARGIN.left;
    for (const [i, cell] of cells.entries()) {
      const w = widths[i]!;
      if (o.shade) doc.rect(x, this.y, w, h).fill(SHADE);
      if (o.border) doc.lineWidth(0.5).rect(x, this.y, w, h).stroke(RULE);
      doc.fillColor('#000000').font(cell.style.font).fontSize(cell.style.size);
      if (cell.text !== '')
        doc.text(cell.text, x + PAD, this.y + PAD, { width: w - 2 * PAD, align: cell.style.align });
      if (cell.en) {
        const above =
          cell.text === ''
            ? 0
            : doc.heightOfString(cell.text, { width: w - 2 * PAD, align: cell.style.align });
        doc
          .font('italic')
          .fontSize(SMALL)
          .fillColor(GREY)
          .text(cell.en, x + PAD, this.y + PAD + above, { width: w - 2 * PAD, align: cell.style.align });
        doc.fillColor('#000000');
      }
      x += w;
    }
    this.y += h;
  }

  /**
   * The longest start of `text` (cut at a space) that fits `height` in `width`, and the rest: a long row is
   * split where the page ends.
   */
  split(cell: Cell, width: number, height: number): [string, string] {
    const { doc } = this;
    doc.font(cell.style.font).fontSize(cell.style.size);
    const words = cell.text.split(/(?<=\s)/);
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      const h = doc.heightOfString(words.slice(0, mid).join(''), { width, align: cell.style.align });
      if (h <= height) lo = mid;
      else hi = mid - 1;
    }
    // At least one word per page, or a single giant word would never be drawn.
    const n = Math.max(lo, 1);
    return [words.slice(0, n).join('').trimEnd(), words.slice(n).join('')];
  }

  /**
   * Draws a table (or a borderless one: a paragraph, the label rows) row by row. `header` is drawn first
   * and again at the top of every page the table continues on.
   */
  table(
    widths: number[],
    rows: Cell[][],
    o: { header?: { cells: Cell[]; widths: number[] }[]; border: boolean },
  ): void {
    const header = o.header ?? [];
    const drawHeader = () => {
      for (const h of header) this.drawRow(h.cells, h.widths, { border: o.border, shade: true });
    };
    const headerHeight = header.reduce((sum, h) => sum + this.rowHeight(h.cells, h.widths), 0);
    const minRow = BODY * 1.2 + 2 * PAD;
    this.ensure(headerHeight + minRow);
    drawHeader();
    for (const row of rows) {
      let pending = row;
      for (;;) {
        const need = this.rowHeight(pending, widths);
        if (this.y + need <= BOTTOM) {
          this.drawRow(pending, widths, { border: o.border });
          break;
        }
        const room = BOTTOM - this.y;
        // A short row moves to the next page whole; a long one (a comment) fills the room left first.
        if (room < Math.max(3 * minRow, SPLIT_ROOM)) {
          this.newPage();
          drawHeader();
          continue;
        }
        // As much of each cell as fits here, the rest on the next page.
        const parts = pending.map((c, i) => this.split(c, widths[i]! - 2 * PAD, room - 2 * PAD - 2));
        this.drawRow(
          pending.map((c, i) => ({ ...c, text: parts[i]![0], en: undefined })),
          widths,
          { border: o.border },
        );
        pending = pending.map((c, i) => ({ ...c, text: parts[i]![1] }));
        this.newPage();
        drawHeader();
      }
    }
  }
}

const widthsOf = (columns: readonly { weight: number }[]): number[] => {
  const total = columns.reduce((s, c) => s + c.weight, 0);
  return columns.map((c) => (CONTENT_WIDTH * c.weight) / total);
};

const body = (align: CellStyle['align'] = 'left'): CellStyle => ({ font: 'regular', size: BODY, align });
const strong = (align: CellStyle['align'] = 'left'): CellStyle => ({ font: 'bold', size: BODY, align });
const label = (l: Bilingual, style: CellStyle): Cell => ({
  text: nfc(l.vi),
  en: l.en === undefined ? undefined : nfc(l.en),
  style,
});

/**
 * Column widths from what the columns hold (the automatic table layout of HTML, in short): each column at
 * least as wide as its longest word, so that no word breaks ("ĐĐGgk", a mark); the room left shared in
 * proportion to how much more each would take to print its longest text on one line. Only a table whose
 * longest words alone overflow the page falls back to the weights.
 */
function autoWidths(doc: Doc, b: Extract<Block, { kind: 'table' }>, size: number): number[] {
  const measure = (text: string, font: 'regular' | 'bold' | 'italic', s: number) => {
    doc.font(font).fontSize(s);
    const lines = nfc(text).split('\n');
    const words = lines.flatMap((l) => l.split(/\s+/));
    return {
      word: Math.max(0, ...words.map((w) => doc.widthOfString(w))),
      line: Math.max(0, ...lines.map((l) => doc.widthOfString(l))),
    };
  };
  const edge = 2 * PAD + 1;
  const min: number[] = [];
  const pref: number[] = [];
  for (const [i, c] of b.columns.entries()) {
    const texts = [
      measure(c.header.vi, 'bold', size),
      ...(c.header.en ? [measure(c.header.en, 'italic', SMALL)] : []),
      ...b.rows.map((r) => measure(r[i] ?? '', i === 0 ? 'bold' : 'regular', size)),
    ];
    min.push(Math.max(...texts.map((t) => t.word)) + edge);
    pref.push(Math.max(...texts.map((t) => t.line)) + edge);
  }
  const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);
  if (sum(min) > CONTENT_WIDTH) return widthsOf(b.columns);
  if (sum(pref) <= CONTENT_WIDTH) return pref.map((w) => w + ((CONTENT_WIDTH - sum(pref)) * w) / sum(pref));
  // Narrow columns (a level, a mark, a subject's name) get their one line; the wide ones share the rest.
  const narrow = pref.map((w) => w <= CONTENT_WIDTH / 4);
  const base = pref.map((w, i) => (narrow[i] ? Math.min(w, Math.max(min[i]!, CONTENT_WIDTH / 6)) : min[i]!));
  const slack = pref.map((w, i) => (narrow[i] ? 0 : w - min[i]!));
  if (sum(base) < CONTENT_WIDTH && sum(slack) > 0)
    return base.map((w, i) => w + ((CONTENT_WIDTH - sum(base)) * slack[i]!) / sum(slack));
  const all = pref.map((w, i) => w - min[i]!);
  return min.map((w, i) => w + ((CONTENT_WIDTH - sum(min)) * all[i]!) / sum(all));
}

/** Values this short print two label–value pairs to a row; a longer one gets the page's width. */
const SHORT_VALUE = 48;

/**
 * Label and value rows as a grid: two pairs a row when every value is short (the identity, the year's facts,
 * ratings), else one pair a row, so that a long value never squeezes.
 */
function fieldGrid(rows: readonly { label: Bilingual; value: string }[]): [number[], Cell[][]] {
  const pair = (r: { label: Bilingual; value: string } | undefined): Cell[] =>
    r
      ? [label(r.label, strong()), { text: nfc(r.value), style: body() }]
      : [
          { text: '', style: body() },
          { text: '', style: body() },
        ];
  if (rows.length < 2 || rows.some((r) => r.value.length > SHORT_VALUE))
    return [widthsOf([{ weight: 2 }, { weight: 3 }]), rows.map((r) => pair(r))];
  const grid: Cell[][] = [];
  for (let i = 0; i < rows.length; i += 2) grid.push([...pair(rows[i]), ...pair(rows[i + 1])]);
  return [widthsOf([{ weight: 1.15 }, { weight: 1.35 }, { weight: 1.15 }, { weight: 1.35 }]), grid];
}

/** The template lines at the top of the first page (the Ministry's học bạ cover). */
function templateHeader(p: Pages, d: PrintDocument): void {
  const { doc } = p;
  const centred = (text: string, font: 'regular' | 'bold' | 'italic', size: number, gap = 2) => {
    doc.font(font).fontSize(size).fillColor('#000000');
    doc.text(nfc(text), MARGIN.left, p.y, { width: CONTENT_WIDTH, align: 'center' });
    p.y += doc.heightOfString(nfc(text), { width: CONTENT_WIDTH }) + gap;
  };
  centred('CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'bold', 12, 1);
  const motto = 'Độc lập – Tự do – Hạnh phúc';
  centred(motto, 'bold', 12.5, 0);
  doc.font('bold').fontSize(12.5);
  const w = doc.widthOfString(motto);
  doc
    .lineWidth(0.8)
    .moveTo(PAGE.width / 2 - w / 2, p.y + 1)
    .lineTo(PAGE.width / 2 + w / 2, p.y + 1)
    .stroke('#000000');
  p.y += 14;
  centred(d.kind === 'full' ? 'HỌC BẠ' : 'TRÍCH SAO HỌC BẠ', 'bold', 24, 0);
  // "Tiểu học — theo Thông tư 27/2020/TT-BGDĐT": the level in capitals, the circular under it.
  if (d.level) {
    const [level, ...basis] = d.level.vi.split(' — ');
    centred((level ?? '').toUpperCase(), 'bold', 13, 1);
    if (basis.length > 0) centred(basis.join(' — '), 'regular', 9.5, 1);
    if (d.level.en) {
      doc.fillColor(GREY);
      centred(d.level.en, 'italic', 8, 0);
      doc.fillColor('#000000');
    }
  }
  p.y += 10;
}

/** The verification panel: the lookup QR code and, beside it, the codes and how to check them. */
function verificationPanel(p: Pages, d: PrintDocument): void {
  const { doc } = p;
  const qr = 118;
  const top = p.y;
  const textX = MARGIN.left + qr + 10;
  const textW = CONTENT_WIDTH - qr - 16;
  drawQr(doc, d.lookupUrl, MARGIN.left + 2, top + 2, qr);
  let y = top + 8;
  const line = (text: string, font: 'regular' | 'bold' | 'italic', size: number, color = '#000000') => {
    doc.font(font).fontSize(size).fillColor(color);
    doc.text(nfc(text), textX, y, { width: textW });
    y += doc.heightOfString(nfc(text), { width: textW }) + 2;
  };
  line(`Mã số tra cứu: ${grouped(d.lookupCode)}`, 'bold', 11);
  line(`Mã nội dung: ${d.fingerprint}`, 'bold', 11);
  line(
    d.kind === 'full'
      ? `Bản đầy đủ, cấp lúc ${vnDateTime(d.issuedAt)} (giờ Việt Nam).`
      : `Trích sao các mục thông tin được chọn, cấp lúc ${vnDateTime(d.issuedAt)} (giờ Việt Nam).`,
    'regular',
    8.5,
  );
  line(
    // The lookup page shows the public part only (no biography), so its content code is another one than a
    // page that shows the pupil's name: only the command recomputes this code, from the attached bundle.
    'Cách kiểm tra tệp: chạy lệnh "hocba verify" với tệp PDF này; lệnh phải hiện đúng mã nội dung trên (tệp có kèm gói minh chứng hocba-bundle.json nên kiểm tra được cả khi không có mạng). ' +
      `Bản in: quét mã QR (hoặc mở ${d.lookupUrl}) và nhập ngày sinh; trang tra cứu không hiện thông tin cá nhân nên mã nội dung của trang có thể khác mã trên: hãy đối chiếu kết quả học tập trên bản in với trang.`,
    'regular',
    8.5,
  );
  line(
    'To check the file: run "hocba verify" on this PDF; it must show the content code above (the proof bundle inside lets it be checked offline). ' +
      'On paper: scan the QR code (or open the address above) and enter the date of birth; the lookup page withholds personal details, so its content code may differ: compare the results printed here with the page.',
    'italic',
    SMALL,
    GREY,
  );
  const bottom = Math.max(top + qr + 4, y + 4);
  doc
    .lineWidth(0.8)
    .rect(MARGIN.left, top, CONTENT_WIDTH, bottom - top)
    .stroke(RULE);
  doc.fillColor('#000000');
  p.y = bottom + 12;
}

function blocks(p: Pages, d: PrintDocument): void {
  const { doc } = p;
  for (const [i, b] of d.blocks.entries()) {
    switch (b.kind) {
      case 'heading': {
        // Keep a heading with the start of what follows it: a table's header rows and first row, or two lines.
        p.ensure(d.blocks[i + 1]?.kind === 'table' ? 120 : 64);
        p.y += 4;
        doc.font('bold').fontSize(11).fillColor('#000000');
        doc.text(nfc(b.text.vi).toUpperCase(), MARGIN.left, p.y, { width: CONTENT_WIDTH });
        p.y += doc.heightOfString(nfc(b.text.vi).toUpperCase(), { width: CONTENT_WIDTH });
        if (b.text.en) {
          doc.font('italic').fontSize(SMALL).fillColor(GREY);
          doc.text(nfc(b.text.en), MARGIN.left, p.y, { width: CONTENT_WIDTH });
          p.y += doc.heightOfString(nfc(b.text.en), { width: CONTENT_WIDTH });
          doc.fillColor('#000000');
        }
        p.y += 3;
        break;
      }
      case 'fields': {
        p.table(...fieldGrid(b.rows), { border: true });
        p.y += 6;
        break;
      }
      case 'table': {
        const size = b.dense ? DENSE : BODY;
        const widths = autoWidths(doc, b, size);
        const header = [];
        if (b.groups) {
          let at = 0;
          const cells: Cell[] = [];
          const spans: number[] = [];
          for (const g of b.groups) {
            cells.push(label(g.label, { font: 'bold', size, align: 'center' }));
            spans.push(widths.slice(at, at + g.span).reduce((sum, w) => sum + w, 0));
            at += g.span;
          }
          header.push({ cells, widths: spans });
        }
        header.push({
          cells: b.columns.map((c) => label(c.header, { font: 'bold', size, align: c.align ?? 'left' })),
          widths,
        });
        p.table(
          widths,
          b.rows.map((r) =>
            b.columns.map((c: Column, i) => ({
              text: nfc(r[i] ?? ''),
              style: { font: i === 0 ? 'bold' : 'regular', size, align: c.align ?? 'left' },
            })),
          ),
          { border: true, header },
        );
        p.y += 6;
        break;
      }
      case 'note': {
        p.table([CONTENT_WIDTH], [[label(b.text, { font: 'italic', size: SMALL + 0.5, align: 'left' })]], {
          border: false,
        });
        p.y += 2;
        break;
      }
      case 'paragraph': {
        const text: Cell = { text: nfc(b.text), style: body() };
        if (b.title) {
          // The title with its text, or with as much of it as starts a split (a long comment).
          const t = label(b.title, strong());
          const first = Math.min(p.rowHeight([text], [CONTENT_WIDTH]), SPLIT_ROOM);
          p.ensure(p.rowHeight([t], [CONTENT_WIDTH]) + first);
          p.drawRow([t], [CONTENT_WIDTH], { border: false });
        }
        p.table([CONTENT_WIDTH], [[text]], { border: false });
        p.y += 4;
        break;
      }
      case 'confirmations':
        confirmations(p, b.items);
        break;
    }
  }
}

/**
 * The confirmation blocks side by side (homeroom teacher, principal): the role in bold, its English under it,
 * then the lines (name, "Đã ký số", signer and time). Never split from one another across a page.
 */
function confirmations(p: Pages, items: { title: Bilingual; lines: string[] }[]): void {
  const { doc } = p;
  const w = CONTENT_WIDTH / Math.max(items.length, 1);
  const cells = items.map((i) => ({
    title: nfc(i.title.vi),
    en: i.title.en === undefined ? '' : nfc(i.title.en),
    lines: i.lines.map(nfc).join('\n'),
  }));
  const heightOf = (c: (typeof cells)[number]) => {
    doc.font('bold').fontSize(BODY + 0.5);
    let h = doc.heightOfString(c.title, { width: w - 2 * PAD, align: 'center' });
    doc.font('italic').fontSize(SMALL);
    if (c.en) h += doc.heightOfString(c.en, { width: w - 2 * PAD, align: 'center' });
    doc.font('regular').fontSize(BODY);
    if (c.lines) h += 4 + doc.heightOfString(c.lines, { width: w - 2 * PAD, align: 'center' });
    return h;
  };
  const height = Math.max(...cells.map(heightOf));
  p.ensure(height + 16);
  p.y += 8;
  for (const [i, c] of cells.entries()) {
    const x = MARGIN.left + i * w + PAD;
    const width = w - 2 * PAD;
    let y = p.y;
    doc
      .font('bold')
      .fontSize(BODY + 0.5)
      .fillColor('#000000')
      .text(c.title, x, y, { width, align: 'center' });
    y += doc.heightOfString(c.title, { width, align: 'center' });
    if (c.en) {
      doc.font('italic').fontSize(SMALL).fillColor(GREY).text(c.en, x, y, { width, align: 'center' });
      y += doc.heightOfString(c.en, { width, align: 'center' });
    }
    if (c.lines) {
      doc
        .font('regular')
        .fontSize(BODY)
        .fillColor('#000000')
        .text(c.lines, x, y + 4, { width, align: 'center' });
    }
  }
  doc.fillColor('#000000');
  p.y += height + 8;
}

/** Footer of every page: a small QR code, the codes, the page number. Drawn once every page exists. */
function footers(doc: Doc, d: PrintDocument): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would make pdfkit start a new page.
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const top = PAGE.height - FOOTER + 12;
    doc
      .lineWidth(0.5)
      .moveTo(MARGIN.left, top - 4)
      .lineTo(PAGE.width - MARGIN.right, top - 4)
      .stroke(RULE);
    // One QR code per page, so a phone never has to choose: the first page has its large one above.
    const first = i === range.start;
    const qr = 48;
    if (!first) drawQr(doc, d.lookupUrl, MARGIN.left - 4, top - 2, qr);
    const x = first ? MARGIN.left : MARGIN.left + qr;
    const w = PAGE.width - MARGIN.right - 70 - x;
    doc.font('regular').fontSize(SMALL).fillColor('#000000');
    doc.text(nfc(`Mã số tra cứu: ${grouped(d.lookupCode)}   ·   Mã nội dung: ${d.fingerprint}`), x, top + 6, {
      width: w,
      lineBreak: true,
    });
    doc
      .font('italic')
      .fillColor(GREY)
      .text(nfc(`Tra cứu và kiểm tra tại / Check at ${d.lookupUrl}`), x, top + 17, { width: w });
    doc
      .font('regular')
      .fontSize(8.5)
      .fillColor('#000000')
      .text(`Trang ${i + 1 - range.start}/${range.count}`, PAGE.width - MARGIN.right - 70, top + 6, {
        width: 70,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = saved;
  }
}

/** The PDF's bytes. */
export async function renderPdf(d: PrintDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN.top, left: MARGIN.left, right: MARGIN.right, bottom: FOOTER },
    bufferPages: true,
    autoFirstPage: true,
    info: {
      // Nothing personal in the metadata: an extract may withhold the name.
      Title: d.kind === 'full' ? 'Học bạ số' : 'Trích sao học bạ số',
      Subject: `Mã số tra cứu ${grouped(d.lookupCode)}; mã nội dung ${d.fingerprint}`,
      Creator: 'hocba',
      CreationDate: d.issuedAt,
    },
    lang: 'vi-VN',
  } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const fonts = fontFiles();
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  doc.registerFont('italic', fonts.italic);

  const p = new Pages(doc);
  templateHeader(p, d);
  verificationPanel(p, d);
  blocks(p, d);
  footers(doc, d);
  doc.file(Buffer.from(d.bundleJson, 'utf8'), {
    name: BUNDLE_ATTACHMENT.name,
    type: BUNDLE_ATTACHMENT.type,
    description: 'Gói minh chứng của học bạ (hocba.bundle/v1) / the proof bundle of this record',
    creationDate: d.issuedAt,
    modifiedDate: d.issuedAt,
  });
  doc.end();
  return done;
}
