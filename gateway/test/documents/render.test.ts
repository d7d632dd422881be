/**
 * The renderer alone (gateway/src/documents/render.ts), read back with pdfjs-dist: text given in NFD is
 * drawn in NFC (one glyph per Vietnamese letter, as the font covers them); a table longer than a page
 * continues under its repeated header with every row present; a row taller than a whole page is split, none
 * of its words lost; every page says "Trang x/y" and carries both codes; the bundle is attached under its
 * exact name and type.
 */
import { describe, expect, it } from 'vitest';
import type { Block, PrintDocument } from '../../src/documents/model.ts';
import { renderPdf } from '../../src/documents/render.ts';
import { type ReadPdf, readPdf, renderPage, savePdf } from './pdf-reader.ts';

const NAME = 'Nguyễn Thị Ánh Tuyết — Đặng Hữu Phước';

const doc = (blocks: Block[], bundleJson = '{"schema":"hocba.bundle/v1"}'): PrintDocument => ({
  kind: 'full',
  level: { vi: 'Tiểu học — theo Thông tư 27/2020/TT-BGDĐT', en: 'Primary — Circular 27/2020/TT-BGDĐT' },
  lookupCode: 'HB7K3MQ9ABCDEFGH1234',
  lookupUrl: 'https://tracuu.example.vn/HB7K3MQ9ABCDEFGH1234',
  fingerprint: '7K3M-Q9TX-B2DF-H8RW',
  issuedAt: new Date('2026-05-25T08:00:00.000Z'),
  blocks,
  bundleJson,
});

const text = (r: ReadPdf) => r.pageTexts.join(' ').replace(/\s+/g, ' ');
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe('the renderer', () => {
  it('draws NFD text as NFC, and the template lines, both codes and the page count', async () => {
    const pdf = await renderPdf(
      doc([
        { kind: 'heading', text: { vi: 'Sơ yếu lý lịch học sinh', en: 'The pupil' } },
        {
          kind: 'fields',
          rows: [{ label: { vi: 'Họ và tên', en: 'Full name' }, value: NAME.normalize('NFD') }],
        },
      ]),
    );
    const read = await readPdf(pdf);
    const t = text(read);
    expect(t).toContain(NAME);
    expect(t).not.toContain(NAME.normalize('NFD'));
    for (const line of [
      'CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập – Tự do – Hạnh phúc',
      'HỌC BẠ',
      'TIỂU HỌC',
    ])
      expect(t).toContain(line);
    expect(t).toContain('HB7K-3MQ9-ABCD-EFGH-1234');
    expect(t).toContain('Mã nội dung: 7K3M-Q9TX-B2DF-H8RW');
    expect(t).toContain('Trang 1/1');
    expect(read.attachments['hocba-bundle.json']?.filename).toBe('hocba-bundle.json');
    expect(new TextDecoder().decode(read.attachments['hocba-bundle.json']!.content)).toBe(
      '{"schema":"hocba.bundle/v1"}',
    );
  });

  it('continues a long table on the next pages under its repeated header, every row present', async () => {
    const rows = Array.from({ length: 90 }, (_, i) => [
      `Môn thứ ${i + 1}`,
      'Hoàn thành tốt',
      String((i % 10) + 1),
    ]);
    const pdf = await renderPdf(
      doc([
        {
          kind: 'table',
          columns: [
            { header: { vi: 'Môn học', en: 'Subject' }, weight: 3 },
            { header: { vi: 'Mức đạt được', en: 'Level' }, weight: 2, align: 'center' },
            { header: { vi: 'Điểm KTĐK', en: 'Test' }, weight: 1, align: 'right' },
          ],
          rows,
        },
      ]),
    );
    const path = savePdf(pdf, 'render-long-table');
    renderPage(path, 'render-long-table', 2, 80);
    const read = await readPdf(pdf);
    expect(read.pages).toBeGreaterThanOrEqual(3);
    for (const r of rows) expect(text(read)).toContain(`${r[0]} `);
    // The header on every page the table runs over, which is every page here.
    for (const [i, page] of read.pageTexts.entries()) {
      expect(page, `page ${i + 1}`).toContain('Mức đạt được');
      expect(page, `page ${i + 1}`).toContain(`Trang ${i + 1}/${read.pages}`);
      expect(page.replace(/\s+/g, ''), `page ${i + 1}`).toContain('HB7K-3MQ9-ABCD-EFGH-1234');
    }
  });

  it('splits a row taller than a page between pages without losing a word', async () => {
    const sentence = 'Em tiến bộ rõ rệt trong học tập và rèn luyện.';
    const long = Array.from({ length: 260 }, (_, i) => `${sentence} (${i + 1})`).join(' ');
    const pdf = await renderPdf(
      doc([
        {
          kind: 'table',
          columns: [
            { header: { vi: 'Môn học' }, weight: 1 },
            { header: { vi: 'Nhận xét' }, weight: 3 },
          ],
          rows: [['Tiếng Việt', long]],
        },
      ]),
    );
    savePdf(pdf, 'render-tall-row');
    const read = await readPdf(pdf);
    expect(read.pages).toBeGreaterThanOrEqual(2);
    const t = text(read);
    for (let i = 1; i <= 260; i++) expect(t).toContain(`(${i})`);
    // Sentences cut by a page end are read across the footer and the repeated header: count their two ends.
    const content = t.replace(
      / Mã số tra cứu: \S+ · Mã nội dung: \S+ Tra cứu và kiểm tra tại \/ Check at \S+ Trang \d+\/\d+ Môn học Nhận xét/g,
      '',
    );
    expect(count(content, sentence)).toBe(260);
  });
});
