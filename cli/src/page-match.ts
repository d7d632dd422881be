/**
 * Finds a printed row in a PDF's extracted text. The text of a page is its pieces in drawing order joined by
 * single spaces (pdf.ts), NFC, whitespace collapsed, its footer (both codes, "Trang x/y") cut off.
 *
 * A row's cells must follow one another with nothing between them, each exactly as expected, with one
 * tolerance: a space the extraction adds inside a cell (a cell wrapped after a hyphen) is skipped; every
 * space of the expected text must be there. A row the renderer split across pages (a cell taller than the
 * room left) is printed as slices: on one page the start of each cell, in order, up to the page's end; on
 * the next, after the repeated table header (only its words may come first), the rest of each cell.
 */

export interface PageText {
  /** 1-based page number. */
  page: number;
  text: string;
}

export interface Position {
  /** Index in the pages array. */
  index: number;
  at: number;
}

const FOOTER_START = 'Mã số tra cứu:';
const FOOTER_END = /Trang \d+\/\d+$/;

/** A page's text as compared: NFC, whitespace collapsed, the footer (drawn last on every page) cut off. */
export function pageContent(raw: string): string {
  const text = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  const at = text.lastIndexOf(FOOTER_START);
  return at >= 0 && FOOTER_END.test(text) ? text.slice(0, at).trim() : text;
}

/** Where `s` ends if it is printed at `p` of `t` (extra spaces inside tolerated), or -1. */
export function matchAt(t: string, p: number, s: string): number {
  let j = p;
  for (let k = 0; k < s.length; k++) {
    const ch = s[k]!;
    if (ch === ' ') {
      if (t[j] !== ' ') return -1;
      j++;
      continue;
    }
    if (k > 0 && s[k - 1] !== ' ') while (t[j] === ' ') j++;
    if (t[j] !== ch) return -1;
    j++;
  }
  return j;
}

const skipSpace = (t: string, p: number) => (t[p] === ' ' ? p + 1 : p);

/** Where `s` ends if it is printed at `p` as whole words ("9" is not the start of "90"), or -1. */
function wordsAt(t: string, p: number, s: string): number {
  const end = matchAt(t, p, s);
  return end >= 0 && (end === t.length || t[end] === ' ') ? end : -1;
}

/** Lengths of the starts of `s` that end at a word's end, longest first. */
function wordStarts(s: string): number[] {
  const out = [s.length];
  for (let i = s.length - 1; i > 0; i--) if (s[i] === ' ') out.push(i);
  return out;
}

/**
 * Matches the remaining cells as one slice from `p` on page `index`; a slice that leaves any cell unfinished
 * must end at the page's end, and the rest is looked for on the next page. Returns the end, or undefined.
 */
function slice(
  pages: readonly string[],
  index: number,
  p: number,
  rest: string[],
  repeated: ReadonlySet<string>,
  cell = 0,
): Position | undefined {
  const t = pages[index]!;
  if (cell === rest.length) {
    if (rest.every((r) => r === '')) return { index, at: p };
    if (p < t.length || index + 1 >= pages.length) return undefined;
    const next = pages[index + 1]!;
    const todo = rest.filter((r) => r !== '');
    // The continuation starts the next page, after nothing but the repeated table header's words.
    for (let q = 0; q <= next.length; ) {
      const end = slice(pages, index + 1, q, todo, repeated);
      if (end) return end;
      const space = next.indexOf(' ', q);
      const word = next.slice(q, space < 0 ? next.length : space);
      if (space < 0 || !repeated.has(word)) return undefined;
      q = space + 1;
    }
    return undefined;
  }
  const r = rest[cell]!;
  if (r === '') return slice(pages, index, p, rest, repeated, cell + 1);
  for (const len of wordStarts(r)) {
    const end = wordsAt(t, p, r.slice(0, len));
    if (end < 0) continue;
    const left = [...rest];
    left[cell] = r.slice(len).trim();
    const found = slice(pages, index, skipSpace(t, end), left, repeated, cell + 1);
    if (found) return found;
  }
  return undefined;
}

/** Where the row is printed, from `from` on: its start and its end, or undefined. */
export function findRow(
  pages: readonly string[],
  cells: readonly string[],
  from: Position,
  /** The words of the header a table repeats on its next page (none: the row continues at the page's top). */
  repeated: ReadonlySet<string> = new Set(),
): { start: Position; end: Position } | undefined {
  const first = cells[0];
  if (first === undefined) return undefined;
  for (let index = from.index; index < pages.length; index++) {
    const t = pages[index]!;
    let at = index === from.index ? from.at : 0;
    for (;;) {
      at = t.indexOf(first.slice(0, 1), at);
      if (at < 0) break;
      if (at === 0 || t[at - 1] === ' ') {
        const end = slice(pages, index, at, [...cells], repeated);
        if (end) return { start: { index, at }, end };
      }
      at++;
    }
  }
  return undefined;
}

/**
 * Why a row was not found, for the message: on which page its first cell (its name) is printed and which
 * cell differs, with the words printed in its place; or that its name is not printed at all.
 */
export function explainMiss(
  pages: readonly string[],
  cells: readonly string[],
  from: Position,
): { index: number; cell: number; printed: string; expected: string } | { index?: undefined } {
  const first = cells[0]!;
  const search = (start: Position) => {
    for (let index = start.index; index < pages.length; index++) {
      const t = pages[index]!;
      let at = index === start.index ? start.at : 0;
      for (;;) {
        at = t.indexOf(first, at);
        if (at < 0) break;
        if ((at === 0 || t[at - 1] === ' ') && wordsAt(t, at, first) >= 0) return { index, at };
        at++;
      }
    }
    return undefined;
  };
  const start = search(from) ?? search({ index: 0, at: 0 });
  if (!start) return {};
  const t = pages[start.index]!;
  let p = skipSpace(t, wordsAt(t, start.at, first));
  for (let cell = 1; cell < cells.length; cell++) {
    const expected = cells[cell]!;
    const end = wordsAt(t, p, expected);
    if (end < 0) {
      const words = expected.split(' ').length;
      const printed = t.slice(p).split(' ').slice(0, words).join(' ');
      return { index: start.index, cell, printed, expected };
    }
    p = skipSpace(t, end);
  }
  // Every cell on the page, yet not as a whole: the row was split, and its rest differs.
  return { index: start.index, cell: cells.length, printed: '', expected: '' };
}
