/**
 * Reading a school's worksheet as people fill it in: a cell's text whatever Excel or LibreOffice stored
 * (text, number, date, rich text, a formula's result, a hyperlink), column letters, headers matched without
 * accents, case or extra spaces ("Mã định danh", "MÃ ĐỊNH DANH", "Ma dinh danh"), and calendar dates
 * written dd/mm/yyyy, stored as Excel dates, or as Excel serial numbers.
 */
import type ExcelJS from 'exceljs';
import { foldName } from '../services/pupil-search.ts';

/** 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** A header as compared: folded (no accents, lower case), punctuation as spaces, spaces collapsed. */
export const headerKey = (s: string): string =>
  foldName(s)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** What a cell holds, as a value: text, number, Date, or null for an empty cell. */
export function cellValue(cell: ExcelJS.Cell): string | number | Date | boolean | null {
  const v = cell.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) {
      const r = v.result;
      return r === undefined || r === null || typeof r === 'object' ? (r instanceof Date ? r : null) : r;
    }
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('error' in v) return null;
  }
  return null;
}

/** A cell's text, trimmed, in Unicode NFC (files arrive in NFC and NFD alike); '' when empty. */
export function cellText(cell: ExcelJS.Cell): string {
  const v = cellValue(cell);
  if (v === null) return '';
  if (v instanceof Date) return isoDate(v);
  return String(v).normalize('NFC').trim();
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/**
 * A calendar date 'YYYY-MM-DD' from a cell: an Excel date (stored at UTC midnight of the day), a serial
 * number (days since 1899-12-30, Excel's and LibreOffice's epoch), or text dd/mm/yyyy (also d/m/yyyy and
 * with '-' or '.'), the way Vietnamese lists write dates. Undefined when it is none of these or no real day.
 */
export function cellDate(cell: ExcelJS.Cell): string | undefined {
  const v = cellValue(cell);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : isoDate(v);
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 1 || v > 2958465) return undefined;
    return isoDate(new Date(Date.UTC(1899, 11, 30) + v * 86_400_000));
  }
  if (typeof v !== 'string') return undefined;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v.trim());
  if (!m) return undefined;
  return calendarDay(Number(m[3]), Number(m[2]), Number(m[1]));
}

/** 'YYYY-MM-DD' when the day exists (no 31/02), else undefined. */
export function calendarDay(year: number, month: number, day: number): string | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day)
    return undefined;
  return isoDate(d);
}

/** A column the importer knows: its key, and the headers schools give it (any one matches). */
export interface ColumnSpec<K extends string> {
  key: K;
  headers: readonly string[];
  required: boolean;
}

export interface HeaderMatch<K extends string> {
  /** The row the headers were found on (1-based). */
  headerRow: number;
  /** Column number of each key found. */
  columns: Partial<Record<K, number>>;
  /** The header text as the file writes it, by column number. */
  headerText: Map<number, string>;
  /** Required keys with no column. */
  missing: K[];
}

/**
 * Finds the header row among the first `scanRows` rows (a title, the school's name and a blank line often
 * come first): the first row where every required column's header appears. When none does, the row that
 * matched most, with what is missing.
 */
export function matchHeaders<K extends string>(
  sheet: ExcelJS.Worksheet,
  specs: readonly ColumnSpec<K>[],
  scanRows = 10,
): HeaderMatch<K> {
  const wanted = new Map<string, K>();
  for (const s of specs) for (const h of s.headers) wanted.set(headerKey(h), s.key);
  let best: HeaderMatch<K> | undefined;
  const last = Math.min(scanRows, sheet.rowCount);
  for (let r = 1; r <= last; r++) {
    const row = sheet.getRow(r);
    const columns: Partial<Record<K, number>> = {};
    const headerText = new Map<number, string>();
    row.eachCell((cell, col) => {
      const text = cellText(cell);
      const key = wanted.get(headerKey(text));
      if (key !== undefined && columns[key] === undefined) {
        columns[key] = col;
        headerText.set(col, text);
      }
    });
    const missing = specs.filter((s) => s.required && columns[s.key] === undefined).map((s) => s.key);
    const found = Object.keys(columns).length;
    if (!best || found > Object.keys(best.columns).length)
      best = { headerRow: r, columns, headerText, missing };
    if (missing.length === 0 && found > 0) return { headerRow: r, columns, headerText, missing };
  }
  return (
    best ?? {
      headerRow: 1,
      columns: {},
      headerText: new Map(),
      missing: specs.filter((s) => s.required).map((s) => s.key),
    }
  );
}

/** True when every cell of the row is empty (trailing blank rows, a blank line before a footer). */
export function isBlankRow(row: ExcelJS.Row): boolean {
  let blank = true;
  row.eachCell((cell) => {
    if (cellText(cell) !== '') blank = false;
  });
  return blank;
}
