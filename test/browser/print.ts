/**
 * What printing a page gives: Chromium's own print (page.pdf, A4, the page's print stylesheet), its page
 * count and text read back with poppler (pdfinfo, pdftotext), and each page rendered to PNG (pdftoppm) to be
 * looked at.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from './chromium.ts';

export interface Printout {
  pages: number;
  text: string;
  pdf: string;
  pngs: string[];
}

export async function printPage(page: Page, name: string): Promise<Printout> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const pdf = join(ARTIFACTS, `${name}.pdf`);
  // preferCSSPageSize: the stylesheet's @page (A4) decides, as in a browser's print dialog.
  writeFileSync(pdf, await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }));
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  for (const f of readdirSync(ARTIFACTS)) if (f.startsWith(`${name}-page`)) rmSync(join(ARTIFACTS, f));
  execFileSync('pdftoppm', ['-png', '-r', '70', pdf, join(ARTIFACTS, `${name}-page`)]);
  const pngs = readdirSync(ARTIFACTS)
    .filter((f) => f.startsWith(`${name}-page`) && f.endsWith('.png'))
    .map((f) => join(ARTIFACTS, f));
  return { pages, text, pdf, pngs };
}
