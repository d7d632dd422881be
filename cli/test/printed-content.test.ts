/**
 * The seventh check against PDFs drawn by the real renderer (gateway/src/documents): the pages' text must
 * print every content row of the attached record. An issued PDF passes (also one whose long comments split
 * rows across pages); the same pages drawn from a tampered layout under the original attachment and
 * fingerprint fail, naming the page and the row; a PDF whose printed fingerprint was changed fails.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DocumentWorld, documentWorld } from '@hocba/gateway/testing/documents/fixtures.ts';
import { layoutBlocks, renderPdf } from '@hocba/gateway/testing/documents/renderer.ts';
import type { HocBaLayout, LayoutSection, LayoutValue } from '@hocba/records';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../src/pdf.ts';
import { bundleLayout, checkVisibleContent } from '../src/visible.ts';
import { hocba, write } from './fixtures.ts';

let w: DocumentWorld;
let dir: string;

beforeAll(async () => {
  w = await documentWorld();
  dir = await mkdtemp(join(tmpdir(), 'hocba-cli-printed-'));
});
afterAll(async () => {
  await w?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function issued(recordId: string): Promise<Buffer> {
  const res = await w.app.inject({
    method: 'POST',
    url: `/v1/records/${recordId}/documents`,
    headers: { authorization: `Bearer ${w.tokens.principal}` },
    payload: { kind: 'full' },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.rawPayload;
}

async function contents(pdf: Uint8Array) {
  const read = await readPdf(pdf);
  const bundle = JSON.parse(new TextDecoder().decode(read.bundle)) as unknown;
  return { bundle, pages: read.pages };
}

/** The layout with one cell of the subjects table changed to `text`. */
function withCell(layout: HocBaLayout, row: number, cell: number, text: string): HocBaLayout {
  const edit = (s: LayoutSection): LayoutSection => {
    if (s.kind !== 'table' || s.id !== 'subjects') return s;
    const rows = s.rows.map((r, i) =>
      i !== row
        ? r
        : {
            ...r,
            cells: r.cells.map(
              (c, j): LayoutValue => (j === cell ? { kind: 'text', text: { vi: text, en: text } } : c),
            ),
          },
    );
    return { ...s, rows };
  };
  return { ...layout, years: layout.years.map((y) => ({ ...y, sections: y.sections.map(edit) })) };
}

/** The pages drawn from `layout`, under the original PDF's attachment and printed fingerprint. */
function redraw(layout: HocBaLayout, bundle: unknown, fingerprint: string): Promise<Buffer> {
  return renderPdf({
    kind: 'full',
    level: layout.subtitle,
    lookupCode: 'HB7K3MQ9ABCDEFGH1234',
    lookupUrl: 'https://tracuu.example.vn/HB7K3MQ9ABCDEFGH1234',
    fingerprint,
    issuedAt: new Date('2026-05-25T08:00:00.000Z'),
    blocks: layoutBlocks(layout),
    bundleJson: JSON.stringify(bundle),
  });
}

describe('the printed content of PDFs drawn by the renderer', () => {
  it('an issued PDF prints every content row of its attachment (short and long records)', async () => {
    for (const id of [w.ids.primary, w.ids.secondary, w.ids.long]) {
      const { bundle, pages } = await contents(await issued(id));
      const check = checkVisibleContent(bundle, pages);
      expect(check.details?.rowsDiffering, id).toEqual([]);
      expect(check).toMatchObject({ outcome: 'pass', code: 'OK' });
      expect(check.details!.rowsChecked).toBeGreaterThan(10);
    }
  });

  it('a mark edited on the page under the original attachment and fingerprint fails, naming page and row', async () => {
    const original = await issued(w.ids.secondary);
    const { bundle, pages } = await contents(original);
    const check = checkVisibleContent(bundle, pages);
    const layout = bundleLayout(bundle);
    const subjects = layout.years[0]!.sections.find((s) => s.kind === 'table' && s.id === 'subjects');
    if (subjects?.kind !== 'table') throw new Error('no subjects table');
    // A numeric cell of the first row: a mark.
    const row = subjects.rows[0]!;
    const cell = row.cells.findIndex((c) => c.kind === 'text' && /^\d+([.,]\d+)?$/.test(c.text.vi));
    expect(cell).toBeGreaterThanOrEqual(0);
    const was = row.cells[cell]!.text.vi;
    const forged = was === '10' ? '9' : '10';
    const pdf = await redraw(withCell(layout, 0, cell, forged), bundle, check.details!.computed);
    const tampered = await contents(pdf);
    const result = checkVisibleContent(tampered.bundle, tampered.pages);
    expect(result).toMatchObject({ outcome: 'fail', code: 'PRINTED_ROW_MISMATCH' });
    expect(result.details!.rowsDiffering).toHaveLength(1);
    expect(result.details!.rowsDiffering[0]).toMatchObject({
      row: row.header.vi,
      printed: forged,
      expected: was,
    });
    expect(result.message.vi).toContain(`dòng ${row.header.vi}: in ${forged}, tệp đính kèm ${was}`);
    // The same pages redrawn from the untouched layout pass: the redrawing is not what fails.
    const same = await contents(await redraw(layout, bundle, check.details!.computed));
    expect(checkVisibleContent(same.bundle, same.pages)).toMatchObject({ outcome: 'pass' });

    // The bin says so, exit 1.
    const file = await write(dir, 'tampered.pdf', pdf);
    const run = await hocba('verify', file, '--json');
    expect(run.code, run.stderr).toBe(1);
    const out = JSON.parse(run.stdout) as { visible: { code: string; message: { vi: string } } };
    expect(out.visible.code).toBe('PRINTED_ROW_MISMATCH');
    expect(out.visible.message.vi).toMatch(/Trang \d+, dòng /);
  });

  it('a word of a long comment edited in a row split across pages fails, naming the row', async () => {
    const { bundle, pages } = await contents(await issued(w.ids.long));
    const computed = checkVisibleContent(bundle, pages).details!.computed;
    const layout = bundleLayout(bundle);
    const subjects = layout.years[0]!.sections.find((s) => s.kind === 'table' && s.id === 'subjects');
    if (subjects?.kind !== 'table') throw new Error('no subjects table');
    const row = subjects.rows[1]!;
    const cell = row.cells.length - 1;
    // The comment's last words, printed on the row's second page.
    const comment = row.cells[cell]!.text.vi;
    expect(comment.endsWith('Cần phát huy.')).toBe(true);
    const forged = comment.replace(/Cần phát huy\.$/, 'Cần cố gắng.');
    const pdf = await contents(await redraw(withCell(layout, 1, cell, forged), bundle, computed));
    expect(pdf.pages.length).toBeGreaterThan(2);
    const result = checkVisibleContent(pdf.bundle, pdf.pages);
    expect(result).toMatchObject({ outcome: 'fail', code: 'PRINTED_ROW_MISMATCH' });
    expect(result.details!.rowsDiffering.map((d) => d.row)).toEqual([row.header.vi]);
  });

  it('a PDF whose printed fingerprint was edited fails', async () => {
    const { bundle, pages } = await contents(await issued(w.ids.primary));
    const check = checkVisibleContent(bundle, pages);
    const other =
      check.details!.computed === '0000-1111-2222-3333' ? '4444-5555-6666-7777' : '0000-1111-2222-3333';
    const edited = await contents(await redraw(bundleLayout(bundle), bundle, other));
    expect(checkVisibleContent(edited.bundle, edited.pages)).toMatchObject({
      outcome: 'fail',
      code: 'LAYOUT_FINGERPRINT_MISMATCH',
      details: { printed: [other], rowsDiffering: [] },
    });
  });
});
