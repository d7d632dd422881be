/**
 * The blank templates ("Tải tệp mẫu") are read back by the importers' own header readers: every column the
 * importer knows is found where the template puts it, so a template filled in is always recognised.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { primaryLayout } from '../../src/imports/marks/primary.ts';
import { ROSTER_COLUMNS } from '../../src/imports/roster-columns.ts';
import { matchHeaders } from '../../src/imports/sheet.ts';
import {
  PRIMARY_SHEET_COLUMNS,
  rosterWorkbook,
  SECONDARY_SHEET_HEADERS,
  templateOf,
} from '../../src/imports/templates.ts';

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

describe('import templates', () => {
  it('the roster template has every roster column, none missing', async () => {
    const wb = await load(await templateOf('roster'));
    const found = matchHeaders(wb.worksheets[0]!, ROSTER_COLUMNS);
    expect(found.missing).toEqual([]);
    expect(Object.keys(found.columns).sort()).toEqual(ROSTER_COLUMNS.map((c) => c.key).sort());
    expect(found.headerRow).toBe(1);
  });

  it('a filled roster keeps its title lines above the header and its ids as text', async () => {
    const wb = await load(
      await rosterWorkbook([[1, '002215000001', null, 'Lê An', '02/09/2015']], { lines: ['LỚP 5B'] }),
    );
    const ws = wb.worksheets[0]!;
    expect(matchHeaders(ws, ROSTER_COLUMNS).headerRow).toBe(2);
    expect(ws.getRow(3).getCell(2).value).toBe('002215000001');
  });

  it('the primary template is read as the 35-column sheet: 3 header rows, the 13 subjects found', async () => {
    const wb = await load(await templateOf('marks-primary'));
    const ws = wb.worksheets[0]!;
    expect(PRIMARY_SHEET_COLUMNS).toHaveLength(35);
    expect(ws.getRow(1).cellCount).toBe(35);
    const layout = primaryLayout(ws)!;
    expect(layout.headerRow).toBe(1);
    expect(layout.identity).toEqual({ stt: 1, classCode: 2, pupilCode: 3, fullName: 4, dateOfBirth: 5 });
    expect(layout.subjects.get('TOAN')).toEqual({ level: 8, score: 9 });
    expect(layout.subjects.get('TIENG_VIET')).toEqual({ level: 6, score: 7 });
    expect(layout.subjects.size).toBe(12);
    // 3 general + 5 specific competencies, 5 qualities, 3 decisions.
    expect(layout.notImported).toBe(16);
  });

  it('the secondary template has one sheet a semester, each with the mark sheet header', async () => {
    const wb = await load(await templateOf('marks-secondary'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['HK I', 'HK II']);
    for (const ws of wb.worksheets) {
      const row = ws.getRow(1).values as unknown[];
      expect(row.slice(1)).toEqual([...SECONDARY_SHEET_HEADERS]);
    }
  });
});
