/**
 * The class-list import (danh sách lớp): one sheet, a header row, one pupil a row. Pupils are matched by
 * mã định danh: a re-import of the same file, or of the same pupils, changes only what differs — a new
 * pupil is created and enrolled, a known one has the fields that differ updated and is enrolled if not yet
 * in the class; nothing else changes, and a pupil missing from the file is never removed from the class.
 *
 * Headers (any one of each list, compared without accents or case; roster-columns.ts says which were
 * confirmed and which inferred). The sheet may start with title lines: the header row is searched.
 * Into one class (options.classId) or into the classes each row names (Tên lớp, options.schoolYear).
 */
import { classes, type Transaction } from '@hocba/db';
import { and, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { ApiError } from '../http-errors.ts';
import { ServiceError } from '../services/errors.ts';
import { type ClassRow, classPlace, schoolTarget } from '../services/places.ts';
import {
  applyPupil,
  existingPupils,
  insertNewPupils,
  type PupilInput,
  planPupil,
} from '../services/pupils.ts';
import { type ImportContext, type Importer, type Parsed, problem } from './importer.ts';
import { ROSTER_COLUMNS, type RosterKey } from './roster-columns.ts';
import {
  calendarDay,
  cellDate,
  cellText,
  cellValue,
  columnLetter,
  isBlankRow,
  matchHeaders,
} from './sheet.ts';

export interface RosterOptions {
  /** Every row into this class (a Tên lớp column, if any, must name it). */
  classId?: string;
  /** Without classId: the school year whose classes the rows name. */
  schoolYear?: string;
}

interface RosterRow {
  row: number;
  classId: string;
  pupil: PupilInput;
}

/** The most rows one file may hold (a large school's whole list is some 2,500). */
export const MAX_ROSTER_ROWS = 5000;

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const SEX_WORDS: Record<string, 'male' | 'female'> = {
  nam: 'male',
  nu: 'female',
  male: 'male',
  female: 'female',
  m: 'male',
  f: 'female',
};

function foldedWord(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase().trim();
}

async function classesOf(
  ctx: ImportContext<RosterOptions>,
): Promise<{ fixed?: ClassRow; byName: Map<string, ClassRow> }> {
  const { db, school, options } = ctx;
  if (options.classId) {
    const place = await classPlace(db, options.classId);
    if (place.class.schoolId !== school.id)
      throw new ServiceError('WRONG_SCHOOL', 'the class is not the school’s', { classId: options.classId });
    return { fixed: place.class, byName: new Map([[foldedWord(place.class.name), place.class]]) };
  }
  const rows = await db
    .select()
    .from(classes)
    .where(and(eq(classes.schoolId, school.id), eq(classes.schoolYear, options.schoolYear ?? '')));
  return { byName: new Map(rows.map((c) => [foldedWord(c.name), c])) };
}

async function parse(
  workbook: import('exceljs').Workbook,
  ctx: ImportContext<RosterOptions>,
): Promise<Parsed<RosterRow>> {
  const sheet = workbook.worksheets[0]!;
  const { fixed, byName } = await classesOf(ctx);
  const headers = matchHeaders(sheet, ROSTER_COLUMNS);
  const fileProblems = headers.missing.map((k) => {
    const spec = ROSTER_COLUMNS.find((c) => c.key === k)!;
    return problem(
      { row: headers.headerRow, header: spec.headers[0] ?? k },
      'COLUMN_MISSING',
      `Thiếu cột “${spec.headers[0]}” ở dòng tiêu đề.`,
      `The header row has no “${spec.headers[0]}” column.`,
    );
  });
  if (!fixed && headers.columns.className === undefined)
    fileProblems.push(
      problem(
        { row: headers.headerRow, header: 'Tên lớp' },
        'CLASS_COLUMN_MISSING',
        'Khi không chọn lớp, tệp phải có cột “Tên lớp” cho từng học sinh.',
        'When no class is chosen, the file must have a “Tên lớp” column for each pupil.',
      ),
    );
  const empty: Parsed<RosterRow> = {
    rows: [],
    problems: fileProblems,
    totalRows: 0,
    summary: {},
    preview: [],
  };
  if (fileProblems.length > 0) return empty;

  const col = headers.columns;
  const at = (r: number, key: RosterKey) => {
    const n = col[key]!;
    return { row: r, column: columnLetter(n), header: headers.headerText.get(n) ?? key };
  };
  const dataRows: number[] = [];
  for (let r = headers.headerRow + 1; r <= sheet.rowCount; r++)
    if (!isBlankRow(sheet.getRow(r))) dataRows.push(r);
  if (dataRows.length > MAX_ROSTER_ROWS)
    return {
      ...empty,
      problems: [
        problem(
          { row: 0, value: dataRows.length },
          'TOO_MANY_ROWS',
          `Tệp có ${dataRows.length} dòng, tối đa ${MAX_ROSTER_ROWS} dòng mỗi lần nhập; hãy chia tệp.`,
          `The file has ${dataRows.length} rows, at most ${MAX_ROSTER_ROWS} per import; split the file.`,
        ),
      ],
    };

  const problems: ImportProblem[] = [];
  const good: RosterRow[] = [];
  const seen = new Map<string, number>();
  const today = new Date().toISOString().slice(0, 10);
  for (const [i, r] of dataRows.entries()) {
    if (i % 100 === 0) {
      ctx.progress(i, dataRows.length);
      // Let polls and other requests in between chunks of a long file.
      await new Promise((res) => setImmediate(res));
    }
    const row = sheet.getRow(r);
    const cell = (key: RosterKey) => row.getCell(col[key]!);
    const text = (key: RosterKey) => (col[key] === undefined ? undefined : cellText(cell(key)));
    const before = problems.length;
    const bad = (key: RosterKey, rule: string, vi: string, en: string) =>
      problems.push(problem({ ...at(r, key), value: text(key) }, rule, vi, en));

    // Mã định danh: 12 digits. Excel keeps a number typed into a General cell as a number and drops its
    // leading zeros (001… → 1…): such a number is padded back to 12 digits.
    const rawId = cellValue(cell('nationalId'));
    const nationalId =
      typeof rawId === 'number' && Number.isInteger(rawId) && rawId > 0 && rawId < 1e12
        ? String(rawId).padStart(12, '0')
        : (text('nationalId') ?? '');
    if (nationalId === '')
      bad('nationalId', 'NATIONAL_ID_REQUIRED', 'Thiếu mã định danh.', 'The personal id number is missing.');
    else if (!/^\d{12}$/.test(nationalId))
      bad(
        'nationalId',
        'NATIONAL_ID_FORMAT',
        'Mã định danh phải gồm đúng 12 chữ số.',
        'The personal id number must be exactly 12 digits.',
      );
    else if (seen.has(nationalId))
      bad(
        'nationalId',
        'NATIONAL_ID_DUPLICATE',
        `Mã định danh trùng với dòng ${seen.get(nationalId)}.`,
        `The personal id number repeats row ${seen.get(nationalId)}.`,
      );
    else seen.set(nationalId, r);

    const fullName = (text('fullName') ?? '').replace(/\s+/g, ' ');
    if (fullName === '')
      bad('fullName', 'FULL_NAME_REQUIRED', 'Thiếu họ và tên.', 'The full name is missing.');
    else if (fullName.length > 100 || /\d/.test(fullName))
      bad(
        'fullName',
        'FULL_NAME_FORMAT',
        'Họ và tên không quá 100 ký tự và không có chữ số.',
        'The full name has at most 100 characters and no digits.',
      );

    const dateOfBirth = cellDate(cell('dateOfBirth'));
    if (text('dateOfBirth') === '')
      bad('dateOfBirth', 'DATE_OF_BIRTH_REQUIRED', 'Thiếu ngày sinh.', 'The date of birth is missing.');
    else if (!dateOfBirth)
      bad(
        'dateOfBirth',
        'DATE_OF_BIRTH_FORMAT',
        'Ngày sinh phải có dạng ngày/tháng/năm, ví dụ 02/09/2015, và là một ngày có thật.',
        'The date of birth must be day/month/year, e.g. 02/09/2015, and a real day.',
      );
    else if (dateOfBirth < (calendarDay(1950, 1, 1) as string) || dateOfBirth > today)
      bad(
        'dateOfBirth',
        'DATE_OF_BIRTH_RANGE',
        'Ngày sinh không hợp lý (trước năm 1950 hoặc sau hôm nay).',
        'The date of birth is implausible (before 1950 or after today).',
      );

    const sexText = text('sex') ?? '';
    const sex = SEX_WORDS[foldedWord(sexText)];
    if (!sex)
      bad(
        'sex',
        'SEX_VALUE',
        'Giới tính phải là “Nam” hoặc “Nữ”.',
        'Sex must be “Nam” (male) or “Nữ” (female).',
      );

    const ethnicity = text('ethnicity') ?? '';
    if (ethnicity === '' || ethnicity.length > 50)
      bad(
        'ethnicity',
        'ETHNICITY_REQUIRED',
        'Thiếu dân tộc (tối đa 50 ký tự), ví dụ “Kinh”.',
        'The ethnicity is missing (at most 50 characters), e.g. “Kinh”.',
      );
    const birthplace = text('birthplace') ?? '';
    if (birthplace === '' || birthplace.length > 200)
      bad(
        'birthplace',
        'BIRTHPLACE_REQUIRED',
        'Thiếu nơi sinh (tối đa 200 ký tự).',
        'The birthplace is missing (at most 200 characters).',
      );
    const nationality = text('nationality') || undefined;
    const studentCode = text('studentCode') || undefined;
    if (studentCode !== undefined && !ID.test(studentCode))
      bad(
        'studentCode',
        'STUDENT_CODE_FORMAT',
        'Mã học sinh chỉ gồm chữ không dấu, chữ số và . _ - (tối đa 64 ký tự).',
        'The student code has only letters without marks, digits and . _ - (at most 64).',
      );

    const className = text('className');
    let cls = fixed;
    if (className !== undefined && className !== '') {
      const named = byName.get(foldedWord(className));
      if (fixed && named !== fixed)
        bad(
          'className',
          'CLASS_MISMATCH',
          `Dòng này thuộc lớp khác với lớp đang nhập (${fixed.name}).`,
          `This row names another class than the one being imported (${fixed.name}).`,
        );
      else if (!named)
        bad(
          'className',
          'CLASS_UNKNOWN',
          'Trường không có lớp này trong năm học đã chọn.',
          'The school has no such class in the chosen school year.',
        );
      else cls = named;
    } else if (!fixed) bad('className', 'CLASS_REQUIRED', 'Thiếu tên lớp.', 'The class name is missing.');

    const guardians = (['father', 'mother'] as const)
      .map((relation) => ({ relation, fullName: (text(relation) ?? '').replace(/\s+/g, ' ') }))
      .filter((g) => g.fullName !== '');
    if (problems.length > before || !cls || !sex || !dateOfBirth) continue;
    good.push({
      row: r,
      classId: cls.id,
      pupil: {
        nationalId,
        studentCode,
        biography: {
          fullName,
          dateOfBirth,
          sex,
          birthplace,
          ethnicity,
          ...(nationality !== undefined && { nationality }),
          ...(guardians.length > 0 && { guardians }),
        },
      },
    });
  }
  ctx.progress(dataRows.length, dataRows.length);

  // What the commit would do, against the pupils the database holds now.
  const classOf = new Map([...byName.values()].map((c) => [c.id, c]));
  const years = new Set([...classOf.values()].map((c) => c.schoolYear));
  const existing = new Map<string, Awaited<ReturnType<typeof existingPupils>>>();
  for (const y of years)
    existing.set(
      y,
      await existingPupils(
        ctx.db,
        good.map((g) => g.pupil.nationalId),
        y,
      ),
    );
  const summary = { rows: dataRows.length, new: 0, changed: 0, unchanged: 0 };
  const preview: Parsed<RosterRow>['preview'] = [];
  const rows: RosterRow[] = [];
  for (const g of good) {
    const cls = classOf.get(g.classId)!;
    const plan = planPupil(g.pupil, cls, existing.get(cls.schoolYear)!.get(g.pupil.nationalId));
    if (plan.action === 'refused') {
      problems.push(
        problem(
          { ...at(g.row, 'nationalId'), value: g.pupil.nationalId },
          'ENROLLED_ELSEWHERE',
          `Học sinh đã thuộc lớp ${plan.className} trong năm học này.`,
          `The pupil is already in class ${plan.className} this school year.`,
        ),
      );
      continue;
    }
    summary[plan.action]++;
    rows.push(g);
    preview.push({
      row: g.row,
      nationalId: g.pupil.nationalId,
      fullName: g.pupil.biography.fullName,
      dateOfBirth: g.pupil.biography.dateOfBirth,
      sex: g.pupil.biography.sex,
      className: cls.name,
      action: plan.action,
      changedFields: plan.changedFields.join(', '),
    });
  }
  problems.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
  return { rows, problems, totalRows: dataRows.length, summary, preview };
}

async function commit(
  tx: Transaction,
  rows: RosterRow[],
  ctx: ImportContext<RosterOptions>,
): Promise<Record<string, number>> {
  const counts = { new: 0, changed: 0, unchanged: 0 };
  const byClass = new Map<string, RosterRow[]>();
  for (const r of rows) byClass.set(r.classId, [...(byClass.get(r.classId) ?? []), r]);
  const fresh: { pupil: PupilInput; cls: ClassRow }[] = [];
  let done = 0;
  for (const [classId, list] of byClass) {
    const [cls] = await tx.select().from(classes).where(eq(classes.id, classId));
    if (!cls) throw new ServiceError('CLASS_NOT_FOUND', `class ${classId} is gone`, { classId });
    // Planned again inside the transaction: what changed since the preview is seen, and refused whole.
    const existing = await existingPupils(
      tx,
      list.map((r) => r.pupil.nationalId),
      cls.schoolYear,
    );
    for (const r of list) {
      const plan = planPupil(r.pupil, cls, existing.get(r.pupil.nationalId));
      if (plan.action === 'refused')
        throw new ServiceError('ENROLLED_ELSEWHERE', 'a pupil was enrolled elsewhere since the preview', {
          row: r.row,
        });
      counts[plan.action]++;
      if (plan.action === 'new') fresh.push({ pupil: r.pupil, cls });
      else {
        if (plan.action === 'changed') await applyPupil(tx, r.pupil, cls, plan);
        ctx.progress(++done, rows.length);
      }
    }
  }
  await insertNewPupils(tx, fresh, 500, (n) => ctx.progress(done + n, rows.length));
  return counts;
}

export const rosterImporter: Importer<RosterOptions, RosterRow> = {
  kind: 'roster',
  permission: 'students.manage',
  title: { vi: 'danh sách lớp', en: 'class list' },
  options: Type.Object(
    {
      classId: Type.Optional(
        Type.String({
          pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
          description: 'Lớp nhận cả danh sách / the class',
        }),
      ),
      schoolYear: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{4}$', examples: ['2025-2026'] })),
    },
    { additionalProperties: false },
  ),
  async target(db, school, options) {
    if (options.classId) {
      const place = await classPlace(db, options.classId);
      if (place.class.schoolId !== school.id)
        throw new ServiceError('WRONG_SCHOOL', 'the class is not the school’s', { classId: options.classId });
      return place.target;
    }
    if (!options.schoolYear)
      throw new ApiError('VALIDATION', {
        problems: [{ in: 'body', path: '/options', message: 'classId or schoolYear is required' }],
      });
    return schoolTarget(school);
  },
  parse,
  commit,
};

type ImportProblem = Parsed<RosterRow>['problems'][number];
