/**
 * The primary results sheet of the sector database (CSDL ngành, tiểu học, Circular 27): one sheet, a header
 * of three rows (groups such as "Môn học và hoạt động giáo dục" / "Năng lực" / "Phẩm chất" on top, the
 * subject or quality below, and "Mức đạt được" / "Điểm KTĐK" under the tested subjects), then one pupil a
 * row. DESIGN.md §7a lists its 35 columns: STT, Mã lớp, Mã học sinh, Họ tên, Ngày sinh; Toán and Tiếng
 * Việt with a level and a periodic test score; the other subjects a level; general competencies ×3,
 * specific competencies ×5, qualities ×5 (T/Đ/C); Hoàn thành chương trình lớp học, Lên lớp, Xếp loại.
 *
 * What is imported: each subject's level (T/H/C) and test score, as the whole class's entry of that
 * subject (services/marks.ts). What is not: the competencies and qualities (the record's homeroom part
 * rates seven specific competencies, the sheet five, so the part cannot be formed from it) and the
 * decision columns (derived by the circular from the rest; the review recomputes and checks them). Those
 * columns are recognised and counted in the summary, never guessed into the record.
 *
 * Confirmed (DESIGN.md §7a): the three header rows, the 35 columns' contents and order of groups.
 * Inferred: the exact header words (matched without accents or case, with the variants below), that the
 * tested subjects are found by a "Điểm"/"KTĐK" sub-header, that any other subject of the grade's
 * programme (Ngoại ngữ 1, Tin học và Công nghệ, Lịch sử và Địa lí, Khoa học from grade 3–4) has its own
 * score column when tested, that a level is written T/H/C or in words, and that "Mã học sinh" holds the
 * pupil's mã định danh (matched against mã định danh, then the school's student code).
 */
import { curriculumFor, type SchoolLevel, SUBJECTS, type SubjectCode, subjectName } from '@hocba/records';
import type ExcelJS from 'exceljs';
import { MAX_MARK_ROWS } from '../../services/marks.ts';
import { classPlace } from '../../services/places.ts';
import { partProblems } from '../../services/workflow.ts';
import { type ImportContext, type Importer, type ImportProblem, type Parsed, problem } from '../importer.ts';
import { cellText, columnLetter, headerKey, isBlankRow } from '../sheet.ts';
import { classPupils } from './class-pupils.ts';
import {
  cellScore,
  commitMarks,
  isProblem,
  type MarkImportRow,
  type MarksOptions,
  MarksOptionsSchema,
  marksTarget,
  matchPupil,
  type RowPlace,
  ruleProblem,
} from './common.ts';

/** The names a primary sheet gives each subject (besides the records' own name). */
const SUBJECT_WORDS: Partial<Record<SubjectCode, readonly string[]>> = {
  TIENG_VIET: ['Tiếng Việt'],
  TOAN: ['Toán'],
  DAO_DUC: ['Đạo đức'],
  TN_XH: ['Tự nhiên và Xã hội', 'Tự nhiên - Xã hội', 'TNXH'],
  KHOA_HOC: ['Khoa học'],
  LS_DL: ['Lịch sử và Địa lí', 'Lịch sử và Địa lý', 'Lịch sử - Địa lí', 'LS&ĐL'],
  NGOAI_NGU_1: ['Ngoại ngữ', 'Ngoại ngữ 1', 'Tiếng Anh'],
  TIN_HOC_CN: ['Tin học và Công nghệ', 'Tin học - Công nghệ', 'Tin học & Công nghệ'],
  GDTC: ['Giáo dục thể chất', 'GDTC', 'Thể dục'],
  AM_NHAC: ['Âm nhạc', 'Nghệ thuật (Âm nhạc)'],
  MI_THUAT: ['Mĩ thuật', 'Mỹ thuật', 'Nghệ thuật (Mĩ thuật)', 'Nghệ thuật (Mỹ thuật)'],
  HDTN: ['Hoạt động trải nghiệm', 'HĐTN'],
  TIENG_DTTS: ['Tiếng dân tộc', 'Tiếng dân tộc thiểu số'],
};
const SUBJECT_BY_KEY = new Map<string, SubjectCode>();
for (const [code, words] of Object.entries(SUBJECT_WORDS) as [SubjectCode, readonly string[]][]) {
  for (const w of [...words, SUBJECTS[code].vi]) SUBJECT_BY_KEY.set(headerKey(w), code);
}

const IDENTITY: Record<string, 'stt' | 'classCode' | 'pupilCode' | 'fullName' | 'dateOfBirth'> = {
  stt: 'stt',
  'ma lop': 'classCode',
  'ten lop': 'classCode',
  'ma hoc sinh': 'pupilCode',
  'ma dinh danh': 'pupilCode',
  'ho ten': 'fullName',
  'ho va ten': 'fullName',
  'ngay sinh': 'dateOfBirth',
};
/** Groups and columns the sheet has that the subjects' entries do not take (see the head comment). */
const NOT_IMPORTED = [
  'nang luc',
  'pham chat',
  'hoan thanh chuong trinh',
  'len lop',
  'xep loai',
  'ket qua giao duc',
  'khen thuong',
];

const LEVEL_WORDS: Record<string, 'T' | 'H' | 'C'> = {
  t: 'T',
  h: 'H',
  c: 'C',
  htt: 'T',
  ht: 'H',
  cht: 'C',
  'hoan thanh tot': 'T',
  'hoan thanh': 'H',
  'chua hoan thanh': 'C',
};

interface SubjectColumns {
  level?: number;
  score?: number;
}

export interface PrimaryLayout {
  /** The first of the three header rows. */
  headerRow: number;
  identity: Partial<Record<(typeof IDENTITY)[string], number>>;
  subjects: Map<SubjectCode, SubjectColumns>;
  /** Columns recognised but not imported (competencies, qualities, decisions). */
  notImported: number;
  headerText: (col: number) => string;
}

/** Reads the three header rows: which column is which. Undefined when no "STT" starts a header. */
export function primaryLayout(sheet: ExcelJS.Worksheet): PrimaryLayout | undefined {
  let headerRow = 0;
  for (let r = 1; r <= Math.min(10, sheet.rowCount) && headerRow === 0; r++) {
    sheet.getRow(r).eachCell((cell) => {
      if (headerRow === 0 && headerKey(cellText(cell)) === 'stt') headerRow = r;
    });
  }
  if (headerRow === 0) return undefined;
  const labels = (c: number) =>
    [0, 1, 2]
      .map((i) => cellText(sheet.getRow(headerRow + i).getCell(c)))
      .filter((t, i, all) => t !== '' && all.indexOf(t) === i);
  const layout: PrimaryLayout = {
    headerRow,
    identity: {},
    subjects: new Map(),
    notImported: 0,
    headerText: (c) => labels(c).join(' / '),
  };
  const last = Math.max(...[0, 1, 2].map((i) => sheet.getRow(headerRow + i).cellCount));
  for (let c = 1; c <= last; c++) {
    const keys = labels(c).map(headerKey);
    if (keys.length === 0) continue;
    const id = keys.map((k) => IDENTITY[k]).find((x) => x !== undefined);
    if (id !== undefined) {
      layout.identity[id] ??= c;
      continue;
    }
    if (keys.some((k) => NOT_IMPORTED.some((w) => k.includes(w)))) {
      layout.notImported++;
      continue;
    }
    const at = keys.findIndex((k) => SUBJECT_BY_KEY.has(k));
    if (at < 0) continue;
    const code = SUBJECT_BY_KEY.get(keys[at]!)!;
    const sub = keys.slice(at + 1).join(' ');
    const cols = layout.subjects.get(code) ?? {};
    if (/diem|ktdk|kiem tra/.test(sub)) cols.score ??= c;
    else cols.level ??= c;
    layout.subjects.set(code, cols);
  }
  return layout;
}

function parseLevel(text: string): 'T' | 'H' | 'C' | undefined {
  return LEVEL_WORDS[headerKey(text)];
}

async function parse(wb: ExcelJS.Workbook, ctx: ImportContext<MarksOptions>): Promise<Parsed<MarkImportRow>> {
  const place = await classPlace(ctx.db, ctx.options.classId);
  const level = place.school.level as SchoolLevel;
  const grade = place.class.grade;
  const empty = (problems: ImportProblem[], totalRows = 0): Parsed<MarkImportRow> => ({
    rows: [],
    problems,
    totalRows,
    summary: {},
    preview: [],
  });
  const sheet = wb.worksheets.find((s) => s.rowCount > 0);
  const layout = sheet && primaryLayout(sheet);
  if (level !== 'TH') {
    return empty([
      problem(
        { row: 0 },
        'WRONG_LEVEL',
        `Lớp ${place.class.name} không phải lớp tiểu học: dùng mẫu bảng điểm môn học THCS/THPT.`,
        `Class ${place.class.name} is not a primary class: use the secondary mark sheet.`,
      ),
    ]);
  }
  if (!sheet || !layout) {
    return empty([
      problem(
        { row: 1, header: 'STT' },
        'HEADER_NOT_FOUND',
        'Không thấy dòng tiêu đề (ô “STT”) trong 10 dòng đầu của trang tính.',
        'No header row (a “STT” cell) in the first 10 rows of the sheet.',
      ),
    ]);
  }
  const curriculum = curriculumFor(level, grade);
  const fileProblems: ImportProblem[] = [];
  const atHeader = (c: number | undefined, header: string) => ({
    row: layout.headerRow,
    column: c === undefined ? '' : columnLetter(c),
    header,
  });
  if (layout.identity.pupilCode === undefined) {
    fileProblems.push(
      problem(
        atHeader(undefined, 'Mã học sinh'),
        'COLUMN_MISSING',
        'Thiếu cột “Mã học sinh” (hoặc “Mã định danh”) ở dòng tiêu đề.',
        'The header has no “Mã học sinh” (or “Mã định danh”) column.',
      ),
    );
  }
  const wanted = [...layout.subjects.keys()].filter(
    (code) => ctx.options.subject === undefined || code === ctx.options.subject,
  );
  if (ctx.options.subject !== undefined && wanted.length === 0) {
    fileProblems.push(
      problem(
        atHeader(undefined, subjectName(ctx.options.subject).vi),
        'COLUMN_MISSING',
        `Tệp không có cột của môn ${subjectName(ctx.options.subject).vi}.`,
        `The file has no column for ${subjectName(ctx.options.subject).en}.`,
      ),
    );
  }
  if (fileProblems.length > 0) return empty(fileProblems);

  if (wanted.length === 0) {
    return empty([
      problem(
        atHeader(undefined, 'Môn học'),
        'COLUMN_MISSING',
        'Không nhận ra cột môn học nào ở ba dòng tiêu đề (Toán, Tiếng Việt…).',
        'No subject column (Toán, Tiếng Việt…) was recognised in the three header rows.',
      ),
    ]);
  }
  const pupils = await classPupils(ctx.db, place.class.id, wanted[0]!);
  const dataRows: number[] = [];
  for (let r = layout.headerRow + 3; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    if (isBlankRow(row)) continue;
    const named = [layout.identity.pupilCode, layout.identity.fullName]
      .filter((c): c is number => c !== undefined)
      .some((c) => cellText(row.getCell(c)) !== '');
    if (named) dataRows.push(r);
  }
  if (dataRows.length > MAX_MARK_ROWS) {
    return empty(
      [
        problem(
          { row: 0, value: dataRows.length },
          'TOO_MANY_ROWS',
          `Tệp có ${dataRows.length} dòng học sinh, tối đa ${MAX_MARK_ROWS} mỗi lần nhập.`,
          `The file has ${dataRows.length} pupil rows, at most ${MAX_MARK_ROWS} per import.`,
        ),
      ],
      dataRows.length,
    );
  }

  const problems: ImportProblem[] = [];
  const rows: MarkImportRow[] = [];
  const preview: Parsed<MarkImportRow>['preview'] = [];
  const seen = new Set<string>();
  const cellAt = (r: number, c: number, row: ExcelJS.Row): RowPlace => ({
    row: r,
    column: columnLetter(c),
    header: layout.headerText(c),
    value: cellText(row.getCell(c)),
  });
  for (const [i, r] of dataRows.entries()) {
    ctx.progress(i, dataRows.length);
    const row = sheet.getRow(r);
    const id = cellAt(r, layout.identity.pupilCode!, row);
    const name =
      layout.identity.fullName === undefined ? undefined : cellAt(r, layout.identity.fullName, row);
    const pupil = matchPupil(pupils, { nationalId: id, studentCode: id, ...(name && { fullName: name }) });
    if (isProblem(pupil)) {
      problems.push(pupil);
      continue;
    }
    if (seen.has(pupil.nationalId)) {
      problems.push(problem(id, 'PUPIL_DUPLICATE', 'Học sinh này có hai dòng.', 'This pupil has two rows.'));
      continue;
    }
    seen.add(pupil.nationalId);
    const shown: Record<string, string | number | null> = {
      row: r,
      studentCode: pupil.studentCode,
      fullName: String(name?.value ?? ''),
    };
    for (const code of wanted) {
      const cols = layout.subjects.get(code)!;
      const levelAt = cols.level === undefined ? undefined : cellAt(r, cols.level, row);
      const scoreAt = cols.score === undefined ? undefined : cellAt(r, cols.score, row);
      const inGrade = curriculum?.subjects.some((s) => s.code === code) ?? false;
      if (!levelAt?.value && !scoreAt?.value) continue; // not entered for this pupil
      if (!inGrade) {
        problems.push(
          problem(
            (levelAt ?? scoreAt)!,
            'SUBJECT_NOT_IN_CURRICULUM',
            `Lớp ${grade} không có môn ${subjectName(code).vi}; để trống cột này.`,
            `Grade ${grade} has no ${subjectName(code).en}; leave this column empty.`,
          ),
        );
        continue;
      }
      const lvl = levelAt ? parseLevel(String(levelAt.value)) : undefined;
      if (lvl === undefined) {
        problems.push(
          problem(
            levelAt ?? { ...scoreAt!, header: subjectName(code).vi, column: '' },
            'LEVEL_VALUE',
            'Mức đạt được ghi T (Hoàn thành tốt), H (Hoàn thành) hoặc C (Chưa hoàn thành).',
            'The level is T (well completed), H (completed) or C (not completed).',
          ),
        );
        continue;
      }
      const score = scoreAt ? cellScore(row.getCell(cols.score!)) : undefined;
      if (Number.isNaN(score)) {
        problems.push(
          problem(
            scoreAt!,
            'SCORE_FORMAT',
            'Điểm kiểm tra là số nguyên từ 1 đến 10.',
            'The test score is a whole number 1–10.',
          ),
        );
        continue;
      }
      const data = { level: lvl, ...(score !== undefined && { testScore: score }) };
      const found = partProblems(level, grade, code, data);
      for (const p of found) {
        const at = p.path.startsWith('/testScore') ? (scoreAt ?? levelAt!) : levelAt!;
        problems.push(ruleProblem(p, at));
      }
      if (found.length > 0) continue;
      rows.push({ subject: code, recordId: pupil.recordId!, data });
      shown[code] = score === undefined ? lvl : `${lvl} ${score}`;
    }
    preview.push(shown);
  }
  ctx.progress(dataRows.length, dataRows.length);
  return {
    rows: problems.length > 0 ? [] : rows,
    problems,
    totalRows: dataRows.length,
    summary: {
      pupils: seen.size,
      subjects: new Set(rows.map((r) => r.subject)).size,
      entries: rows.length,
      columnsNotImported: layout.notImported,
    },
    preview,
  };
}

export const primaryMarksImporter: Importer<MarksOptions, MarkImportRow> = {
  kind: 'marks-primary',
  permission: 'records.enter',
  title: { vi: 'bảng kết quả tiểu học (CSDL ngành)', en: 'primary results sheet (sector database)' },
  options: MarksOptionsSchema,
  async target(db, school, options) {
    return marksTarget(db, school, options);
  },
  parse,
  commit: commitMarks,
};
