/**
 * A spreadsheet's habits, as pure functions over (row, column) positions of the editable cells: where a
 * key moves the focus, and how a block copied from Excel or LibreOffice (rows of tab-separated cells, as
 * both put on the clipboard as text/plain) is laid out from the focused cell.
 */

export interface Pos {
  row: number;
  col: number;
}

export interface Move {
  key: string;
  shift: boolean;
  /** Whether the caret may leave the input sideways (at its edge, or the whole text selected). */
  atStart: boolean;
  atEnd: boolean;
}

/** The cell a key moves to; undefined: the key is the input's own (or no cell lies that way). */
export function moveFrom(at: Pos, m: Move, rows: number, cols: number): Pos | undefined {
  const to = (row: number, col: number) =>
    row >= 0 && row < rows && col >= 0 && col < cols ? { row, col } : undefined;
  switch (m.key) {
    case 'ArrowUp':
      return to(at.row - 1, at.col);
    case 'ArrowDown':
      return to(at.row + 1, at.col);
    case 'Enter':
      return to(at.row + (m.shift ? -1 : 1), at.col);
    case 'ArrowLeft':
      return m.atStart ? to(at.row, at.col - 1) : undefined;
    case 'ArrowRight':
      return m.atEnd ? to(at.row, at.col + 1) : undefined;
    case 'Tab': {
      // Along the row, then on to the next row's first cell, as a spreadsheet's Tab does.
      const i = at.row * cols + at.col + (m.shift ? -1 : 1);
      return i < 0 || i >= rows * cols ? undefined : { row: Math.floor(i / cols), col: i % cols };
    }
    default:
      return undefined;
  }
}

/**
 * Clipboard text as rows of cells. Excel and Calc end the block with a line break and quote a cell that
 * holds a tab, a line break or a quote ("a ""b"""); a lone value is one row of one cell.
 */
export function parseBlock(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const t = text.replace(/\r\n?/g, '\n');
  while (i < t.length) {
    const ch = t[i]!;
    if (quoted) {
      if (ch === '"' && t[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === '\t') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
    i++;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** Where each value of a block lands from `at`, clipped to the grid (what falls outside is left out). */
export function placeBlock(
  at: Pos,
  block: string[][],
  rows: number,
  cols: number,
): (Pos & { text: string })[] {
  const out: (Pos & { text: string })[] = [];
  block.forEach((line, r) => {
    line.forEach((text, c) => {
      const row = at.row + r;
      const col = at.col + c;
      if (row < rows && col < cols) out.push({ row, col, text: text.trim() });
    });
  });
  return out;
}
