/**
 * The lower-secondary mark sheet (bảng điểm môn học, THCS/THPT, Circular 22): one subject of one class,
 * one pupil a row — STT, Tên lớp, Mã định danh, Họ và tên, Ngày sinh, ĐĐGtx 1–4, ĐĐGgk, ĐĐGck (DESIGN.md
 * §7a, the sector database's export). One sheet holds one semester; a workbook with two (named "HK I" /
 * "HK II", "Học kì I" / "Học kì II", or else the first and the second sheet) gives the whole year. A
 * semester the file lacks is taken from what is already entered for the pupil, so that semester II can be
 * imported after semester I; a pupil with neither is a problem (a record's subject holds both semesters).
 *
 * Confirmed (DESIGN.md §7a): the column titles above. Inferred: the header spellings beyond those
 * (ĐĐGtx1 / TX1, GK, CK…), one semester per sheet and how a sheet names it, a decimal comma in text
 * cells, and a comment-assessed subject (GDTC, HĐTN…) giving Đ / CĐ in the ĐĐGck column.
 *
 * Every row is checked as the bulk entry checks it (records' checkSubjectEntry through workflow.ts
 * partProblems): the problems come back at the cell they are about.
 */
import { type CommentResult, curriculumFor, type SchoolLevel, subjectName } from '@hocba/records';
import type ExcelJS from 'exceljs';
import { MAX_MARK_ROWS } from '../../services/marks.ts';
import { classPlace } from '../../services/places.ts';
import { partProblems } from '../../services/workflow.ts';
import { type ImportContext, type Importer, type ImportProblem, type Parsed, problem } from '../importer.ts';
import { type ColumnSpec, cellText, columnLetter, headerKey, isBlankRow, matchHeaders } from '../sheet.ts';
import { classPupils } from './class-pupils.ts';
import {
  cellScore,
  commitMarks,
  isProblem,
  type MarkImportRow,
  type MarksOptions,
  marksTarget,
  matchPupil,
  type RowPlace,
  ruleProblem,
  SubjectMarksOptionsSchema,
} from './common.ts';

type Key = 'nationalId' | 'studentCode' | 'fullName' | 'tx1' | 'tx2' | 'tx3' | 'tx4' | 'gk' | 'ck';
const TX = ['tx1', 'tx2', 'tx3', 'tx4'] as const;

function columns(scored: boolean): ColumnSpec<Key>[] {
  const tx = (n: number): ColumnSpec<Key> => ({
    key: `tx${n}` as Key,
    headers: [`ĐĐGtx${n}`, `ĐĐGtx ${n}`, `ĐĐG tx${n}`, `ĐĐG tx ${n}`, `TX${n}`, `TX ${n}`],
    required: scored && n === 1,
  });
  return [
    {
      key: 'nationalId',
      headers: ['Mã định danh', 'Mã số định danh', 'Mã định danh cá nhân'],
      required: false,
    },
    { key: 'studentCode', headers: ['Mã học sinh', 'Mã HS'], required: false },
    { key: 'fullName', headers: ['Họ và tên', 'Họ tên', 'Họ tên học sinh'], required: true },
    tx(1),
    tx(2),
    tx(3),
    tx(4),
    { key: 'gk', headers: ['ĐĐGgk', 'ĐĐG gk', 'GK', 'Giữa kì', 'Giữa kỳ'], required: scored },
    { key: 'ck', headers: ['ĐĐGck', 'ĐĐG ck', 'CK', 'Cuối kì', 'Cuối kỳ'], required: true },
  ];
}

const HEADER_VI: Record<Key, string> = {
  nationalId: 'Mã định danh',
  studentCode: 'Mã học sinh',
  fullName: 'Họ và tên',
  tx1: 'ĐĐGtx1',
  tx2: 'ĐĐGtx2',
  tx3: 'ĐĐGtx3',
  tx4: 'ĐĐGtx4',
  gk: 'ĐĐGgk',
  ck: 'ĐĐGck',
};

/** 1 or 2 when the sheet's name says which semester it holds ("HK II", "Học kì I", "HK1"). */
export function semesterOfSheet(name: string): 1 | 2 | undefined {
  const k = headerKey(name).replace(/\s+/g, '');
  if (!/hk|hocki|hocky|semester/.test(k)) return undefined;
  if (/(ii|2)$/.test(k)) return 2;
  if (/(i|1)$/.test(k)) return 1;
  return undefined;
}

/** Each semester's sheet: by name, or else the first and the second sheet in order. */
function semesterSheets(wb: ExcelJS.Workbook): Map<1 | 2, ExcelJS.Worksheet> {
  const out = new Map<1 | 2, ExcelJS.Worksheet>();
  const sheets = wb.worksheets.filter((s) => s.rowCount > 0);
  for (const s of sheets) {
    const n = semesterOfSheet(s.name);
    if (n !== undefined && !out.has(n)) out.set(n, s);
  }
  if (out.size === 0) {
    for (const [i, s] of sheets.slice(0, 2).entries()) out.set((i + 1) as 1 | 2, s);
  }
  return out;
}

type Semester = { regular: number[]; midterm: number; endterm: number } | CommentResult;

interface SemesterRow {
  semester: 1 | 2;
  row: number;
  value: Semester;
  /** Where each part of the semester sits: "regular/0" → the ĐĐGtx cell of the first regular score. */
  cells: Map<string, RowPlace>;
}

const COMMENT_WORDS: Record<string, CommentResult> = {
  d: 'DAT',
  dat: 'DAT',
  cd: 'CHUA_DAT',
  'chua dat': 'CHUA_DAT',
};
const HK = { 1: 'HK I', 2: 'HK II' } as const;

interface Context {
  scored: boolean;
  problems: ImportProblem[];
  /** Pupils with a bad cell: their semester is named there, not again as missing. */
  failed: Set<string>;
}

/** One sheet's rows by pupil (mã định danh, else mã học sinh), each checked cell by cell. */
function readSheet(
  sheet: ExcelJS.Worksheet,
  semester: 1 | 2,
  ctx: Context,
  pupils: Awaited<ReturnType<typeof classPupils>>,
  found: Map<string, { rows: SemesterRow[]; name: string; firstRow: number }>,
): number {
  const specs = columns(ctx.scored);
  const h = matchHeaders(sheet, specs);
  const earlierProblems = ctx.problems.length;
  const col = h.columns;
  const fileProblem = (vi: string, en: string, rule: string, header: string) =>
    ctx.problems.push(problem({ row: h.headerRow, header: `${header} (${HK[semester]})` }, rule, vi, en));
  for (const k of h.missing) {
    fileProblem(
      `Thiếu cột “${HEADER_VI[k]}” ở dòng tiêu đề của trang ${sheet.name}.`,
      `The header row of sheet ${sheet.name} has no “${HEADER_VI[k]}” column.`,
      'COLUMN_MISSING',
      HEADER_VI[k],
    );
  }
  if (col.nationalId === undefined && col.studentCode === undefined) {
    fileProblem(
      `Trang ${sheet.name} cần cột “Mã định danh” (hoặc “Mã học sinh”) để nhận ra học sinh.`,
      `Sheet ${sheet.name} needs a “Mã định danh” (or “Mã học sinh”) column to tell the pupils.`,
      'COLUMN_MISSING',
      'Mã định danh',
    );
  }
  if (ctx.problems.length > earlierProblems) return 0;
  const place = (r: number, k: Key, row: ExcelJS.Row): RowPlace | undefined => {
    const n = col[k];
    if (n === undefined) return undefined;
    return {
      row: r,
      column: columnLetter(n),
      header: `${h.headerText.get(n) ?? HEADER_VI[k]} (${HK[semester]})`,
      value: cellText(row.getCell(n)),
    };
  };
  let read = 0;
  for (let r = h.headerRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    if (isBlankRow(row)) continue;
    const id = place(r, 'nationalId', row);
    const code = place(r, 'studentCode', row);
    const name = place(r, 'fullName', row);
    // A footer (người lập biểu, a date) names nobody: not a pupil's row.
    if (!id?.value && !code?.value && !name?.value) continue;
    read++;
    const pupil = matchPupil(pupils, {
      ...(id && { nationalId: id }),
      ...(code && { studentCode: code }),
      ...(name && { fullName: name }),
    });
    if (isProblem(pupil)) {
      ctx.problems.push(pupil);
      continue;
    }
    const cells = new Map<string, RowPlace>();
    const before = ctx.problems.length;
    let value: Semester | undefined;
    if (ctx.scored) {
      const score = (k: Key): number | undefined => {
        const n = col[k];
        if (n === undefined) return undefined;
        const v = cellScore(row.getCell(n));
        if (Number.isNaN(v)) {
          ctx.problems.push(
            problem(
              place(r, k, row)!,
              'SCORE_FORMAT',
              'Điểm phải là một số từ 0 đến 10, ví dụ 8 hoặc 7,5.',
              'A score is a number from 0 to 10, e.g. 8 or 7.5.',
            ),
          );
          return undefined;
        }
        return v;
      };
      const regular: number[] = [];
      for (const k of TX) {
        const v = score(k);
        if (v === undefined) continue;
        cells.set(`regular/${regular.length}`, place(r, k, row)!);
        regular.push(v);
      }
      cells.set('regular', place(r, 'tx1', row)!);
      const midterm = score('gk');
      const endterm = score('ck');
      cells.set('midterm', place(r, 'gk', row)!);
      cells.set('endterm', place(r, 'ck', row)!);
      for (const [k, v] of [
        ['gk', midterm],
        ['ck', endterm],
      ] as const) {
        if (v === undefined && ctx.problems.length === before && place(r, k, row)!.value === '') {
          ctx.problems.push(
            problem(place(r, k, row)!, 'SCORE_REQUIRED', 'Thiếu điểm.', 'The score is missing.'),
          );
        }
      }
      if (ctx.problems.length === before) value = { regular, midterm: midterm!, endterm: endterm! };
    } else {
      const at = place(r, 'ck', row)!;
      const word = COMMENT_WORDS[headerKey(String(at.value))];
      if (word === undefined) {
        ctx.problems.push(
          problem(
            at,
            'COMMENT_RESULT',
            'Môn đánh giá bằng nhận xét: ghi “Đ” (Đạt) hoặc “CĐ” (Chưa đạt).',
            'A comment-assessed subject: write “Đ” (pass) or “CĐ” (not yet).',
          ),
        );
      } else {
        cells.set('', at);
        value = word;
      }
    }
    if (value === undefined) {
      ctx.failed.add(pupil.nationalId);
      continue;
    }
    const key = pupil.nationalId;
    const seen = found.get(key) ?? { rows: [], name: String(name?.value ?? ''), firstRow: r };
    if (seen.rows.some((x) => x.semester === semester)) {
      ctx.problems.push(
        problem(
          id ?? code!,
          'PUPIL_DUPLICATE',
          'Học sinh này có hai dòng trong cùng một học kì.',
          'This pupil has two rows in the same semester.',
        ),
      );
      continue;
    }
    seen.rows.push({ semester, row: r, value, cells });
    found.set(key, seen);
  }
  return read;
}

/** The existing semester of an earlier entry, without the averages derived from it. */
function earlier(entry: Record<string, unknown> | null, semester: 1 | 2): Semester | undefined {
  const s = entry?.[`semester${semester}`];
  if (s === undefined || s === null) return undefined;
  if (typeof s === 'string') return s as CommentResult;
  const { average: _derived, ...rest } = s as Record<string, unknown>;
  return rest as Semester;
}

async function parse(wb: ExcelJS.Workbook, ctx: ImportContext<MarksOptions>): Promise<Parsed<MarkImportRow>> {
  const subject = ctx.options.subject!;
  const place = await classPlace(ctx.db, ctx.options.classId);
  const level = place.school.level as SchoolLevel;
  const grade = place.class.grade;
  const rule = curriculumFor(level, grade)?.subjects.find((s) => s.code === subject);
  const empty = (problems: ImportProblem[]): Parsed<MarkImportRow> => ({
    rows: [],
    problems,
    totalRows: 0,
    summary: {},
    preview: [],
  });
  if (level === 'TH' || rule === undefined) {
    return empty([
      problem(
        { row: 0 },
        'SUBJECT_NOT_IN_CURRICULUM',
        `Lớp ${place.class.name} không có môn ${subjectName(subject).vi} theo chương trình (hoặc là lớp tiểu học: dùng mẫu kết quả tiểu học).`,
        `Class ${place.class.name} has no ${subjectName(subject).en} in its programme (or is a primary class: use the primary results sheet).`,
      ),
    ]);
  }
  const scored = rule.assessment === 'score';
  const pupils = await classPupils(ctx.db, place.class.id, subject);
  const c: Context = { scored, problems: [], failed: new Set() };
  const found = new Map<string, { rows: SemesterRow[]; name: string; firstRow: number }>();
  let total = 0;
  const sheets = semesterSheets(wb);
  for (const [semester, sheet] of sheets) total += readSheet(sheet, semester, c, pupils, found);
  if (total > MAX_MARK_ROWS) {
    return empty([
      problem(
        { row: 0, value: total },
        'TOO_MANY_ROWS',
        `Tệp có ${total} dòng học sinh, tối đa ${MAX_MARK_ROWS} mỗi lần nhập.`,
        `The file has ${total} pupil rows, at most ${MAX_MARK_ROWS} per import.`,
      ),
    ]);
  }

  const rows: MarkImportRow[] = [];
  const preview: Parsed<MarkImportRow>['preview'] = [];
  let fromEarlier = 0;
  let replacing = 0;
  let done = 0;
  for (const [nationalId, f] of found) {
    ctx.progress(done++, found.size);
    const pupil = pupils.byNationalId.get(nationalId)!;
    const semesters = new Map(f.rows.map((x) => [x.semester, x]));
    const data: Record<string, unknown> = {
      // What an earlier entry says beyond the semesters (periods, topic cluster, comment) is kept.
      ...Object.fromEntries(
        Object.entries(pupil.entry ?? {}).filter(
          ([k]) => !['yearAverage', 'year', 'semester1', 'semester2'].includes(k),
        ),
      ),
      assessment: scored ? 'score' : 'comment',
    };
    let missing = false;
    for (const n of [1, 2] as const) {
      const v = semesters.get(n)?.value ?? earlier(pupil.entry, n);
      if (!semesters.has(n) && v !== undefined) fromEarlier++;
      if (v === undefined) missing = true;
      else data[`semester${n}`] = v;
    }
    const first = f.rows[0]!;
    const rowPlace: RowPlace = { row: first.row, column: '', header: '', value: '' };
    if (missing) {
      if (c.failed.has(nationalId)) continue;
      c.problems.push(
        problem(
          rowPlace,
          'SEMESTER_MISSING',
          'Chưa có điểm của cả hai học kì: tệp thiếu một học kì và học sinh chưa được nhập học kì đó.',
          'Both semesters are needed: the file lacks one and it has not been entered for the pupil.',
        ),
      );
      continue;
    }
    const problems = partProblems(level, grade, subject, data);
    for (const p of problems) {
      // "/semester2/regular/1" → the cell of that semester's second regular score.
      const m = /^\/semester([12])(?:\/(.*))?$/.exec(p.path);
      const at = m ? semesters.get(Number(m[1]) as 1 | 2)?.cells.get(m[2] ?? '') : undefined;
      c.problems.push(ruleProblem(p, at ?? { ...rowPlace, header: HK[(Number(m?.[1]) || 1) as 1 | 2] }));
    }
    if (problems.length > 0) continue;
    rows.push({ subject, recordId: pupil.recordId!, data });
    if (pupil.entry !== null) replacing++;
    const sem = (n: 1 | 2) => {
      const v = data[`semester${n}`] as Semester;
      return typeof v === 'string' ? v : `${v.regular.join('; ')} | ${v.midterm} | ${v.endterm}`;
    };
    preview.push({
      row: first.row,
      studentCode: pupil.studentCode,
      fullName: f.name,
      hk1: sem(1),
      hk2: sem(2),
    });
  }
  ctx.progress(found.size, found.size);
  return {
    rows: c.problems.length > 0 ? [] : rows,
    problems: c.problems,
    totalRows: total,
    summary: {
      pupils: rows.length,
      semesters: sheets.size,
      semesterFromEarlierEntry: fromEarlier,
      replacing,
    },
    preview,
  };
}

export const lowerSecondaryMarksImporter: Importer<MarksOptions, MarkImportRow> = {
  kind: 'marks-secondary',
  permission: 'records.enter',
  title: { vi: 'bảng điểm môn học (THCS, THPT)', en: 'subject mark sheet (secondary)' },
  options: SubjectMarksOptionsSchema,
  async target(db, school, options) {
    return marksTarget(db, school, options);
  },
  parse,
  commit: commitMarks,
};
