/**
 * The layout's fingerprint (mã kiểm tra nội dung): a short printable hash of what the page shows of the record,
 * e.g. "7K3M-Q9TX-B2DF-H8RW", that the PDF prints, the portal shows and the CLI recomputes from the proof bundle
 * inside a PDF, to compare with the text on the page.
 *
 * What it covers, exactly: `layoutLines(layout)` — the form (TT27/TT22/GDTX), the pupil's identity rows, and
 * for each school year its school year, grade, record facts (level, version, effective time, record id) and
 * every section: titles, column headers, each row's header and every cell, in Vietnamese, each value with its
 * kind (shown, "không hiển thị", empty) and its detail. All of it comes from the record alone.
 *
 * What it does not cover: anything the context adds — the school's and the class's names, the confirmation
 * blocks (names and signature details), the live status (valid, revoked, superseded), the lookup code, the
 * field count and the notes. So the same record gives the same fingerprint whatever the renderer knows, and a
 * status change (a revocation after printing) does not change it: the status is checked online, not printed.
 *
 * To recompute it from a bundle, lay the bundle's record out with the same `hiddenFields` (the number of
 * hidden field hashes of its disclosure): a partial record's page marks its withheld fields, and those marks
 * are part of what is shown. A change of the layout's words is a change of format: bump FORMAT with it, so
 * that an older fingerprint is recognised as of another format rather than as a mismatch.
 *
 * SHA-256 (integrity's crypto seam) of the UTF-8 text, its first 80 bits in Crockford base32, in groups of four.
 * 80 bits: finding another content with the same fingerprint takes ~2⁸⁰ hashes.
 */
import { sha256 } from '@hocba/integrity';
import { ALPHABET } from '../lookup-code.ts';
import type { HocBaLayout, LayoutRow, LayoutSection, LayoutValue } from './model.ts';

/** The format of the canonical text; part of the hashed text. */
// v2: a primary record's completion rows say "Hoàn thành"/"Chưa hoàn thành", not their label again.
export const FINGERPRINT_FORMAT = 'hocba-layout/v2';
const BITS = 80;

/** People's text may hold tabs and line breaks: escaped, so that one line stays one value. */
const esc = (s: string) =>
  s
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\r\n?|\n/g, '\\n');

const cell = (v: LayoutValue): string =>
  v.kind === 'text' ? (v.detail ? `${esc(v.text.vi)} [${esc(v.detail.vi)}]` : esc(v.text.vi)) : `<${v.kind}>`;

const rowLine = (path: string, r: LayoutRow) => `${path}/${r.key}\t${r.label.vi}\t${cell(r.value)}`;

function sectionLines(path: string, s: LayoutSection): string[] {
  const p = `${path}/${s.id}`;
  const head = `${p}\t${s.kind}\t${s.title.vi}`;
  switch (s.kind) {
    case 'table':
      return [
        head,
        `${p}/columns\t${s.columns.map((c) => (c.group ? `${c.group.vi} ${c.label.vi}` : c.label.vi)).join('\t')}`,
        ...s.rows.map((r) => `${p}/${r.key}\t${r.header.vi}\t${r.cells.map(cell).join('\t')}`),
      ];
    case 'facts':
      return [head, ...s.rows.map((r) => rowLine(p, r))];
    case 'text':
      return [head, ...s.paragraphs.map((r) => rowLine(p, r))];
    case 'decision':
      return [head, `${p}\t${cell(s.decision)}`, ...s.rows.map((r) => rowLine(p, r))];
  }
}

/** The canonical text the fingerprint hashes, one line per shown thing (see above for what is covered). */
export function layoutLines(layout: HocBaLayout): string[] {
  return [
    FINGERPRINT_FORMAT,
    `form\t${layout.form}`,
    ...layout.identity.map((r) => rowLine('identity', r)),
    ...layout.years.flatMap((y, i) => {
      const p = `years/${i}`;
      return [
        `${p}/schoolYear\t${cell(y.schoolYear)}`,
        `${p}/grade\t${cell(y.grade)}`,
        ...y.facts.map((r) => rowLine(p, r)),
        ...y.sections.flatMap((s) => sectionLines(p, s)),
      ];
    }),
  ].map((l) => l.normalize('NFC'));
}

/** The fingerprint, "XXXX-XXXX-XXXX-XXXX" (16 symbols of Crockford base32). */
export function layoutFingerprint(layout: HocBaLayout): string {
  const digest = sha256(new TextEncoder().encode(layoutLines(layout).join('\n')));
  let symbols = '';
  for (let bit = 0; bit < BITS; bit += 5) {
    const byte = bit >> 3;
    const word = (digest[byte]! << 8) | (digest[byte + 1] ?? 0);
    symbols += ALPHABET[(word >> (11 - (bit & 7))) & 0x1f];
  }
  return symbols.match(/.{4}/g)!.join('-');
}
