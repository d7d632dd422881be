/**
 * What the two marks sheets share: their options (the class, and the subject when one), where they act
 * (the class, and the subject: a subject teacher imports only their own), the row they hand to the commit
 * (one pupil's entry of one subject), reading a score cell, matching a row to its pupil, and the commit —
 * the whole class's entry of services/marks.ts, one subject at a time, in the import's one transaction.
 */
import type { Database, Transaction } from '@hocba/db';
import type { RecordProblem } from '@hocba/records';
import type ExcelJS from 'exceljs';
import { Type } from 'typebox';
import type { Target } from '../../auth/principal.ts';
import { ServiceError } from '../../services/errors.ts';
import { enterClassMarksIn } from '../../services/marks.ts';
import { classPlace, type SchoolRow } from '../../services/places.ts';
import { type CommitContext, type ImportProblem, problem } from '../importer.ts';
import { cellValue } from '../sheet.ts';
import { type ClassPupil, type ClassPupils, sameName } from './class-pupils.ts';

export interface MarksOptions {
  classId: string;
  /** Only this subject's columns (a subject teacher's import); none: every subject the sheet has. */
  subject?: string;
}

const ClassId = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' });
const SubjectCode = Type.String({
  pattern: '^[A-Z][A-Z0-9_]{0,31}$',
  description: 'Mã môn / subject code (TOAN…)',
});

/** A sheet of several subjects (the primary results sheet): the class, and optionally one subject. */
export const MarksOptionsSchema = Type.Object(
  { classId: ClassId, subject: Type.Optional(SubjectCode) },
  { additionalProperties: false },
);
/** A sheet of one subject (the secondary mark sheet): the class and the subject. */
export const SubjectMarksOptionsSchema = Type.Object(
  { classId: ClassId, subject: SubjectCode },
  { additionalProperties: false },
);

/** One pupil's entry of one subject, as the bulk entry takes it (plain JSON: it waits in the job row). */
export interface MarkImportRow {
  subject: string;
  recordId: string;
  data: Record<string, unknown>;
}

/** The class (of the school), and the subject when the import is limited to one. */
export async function marksTarget(db: Database, school: SchoolRow, options: MarksOptions): Promise<Target> {
  const place = await classPlace(db, options.classId);
  if (place.class.schoolId !== school.id) {
    throw new ServiceError('WRONG_SCHOOL', 'the class is not the school’s', { classId: options.classId });
  }
  return { ...place.target, ...(options.subject !== undefined && { subject: options.subject }) };
}

/**
 * Writes the rows, each subject as one whole-class entry (all or nothing with the rest of the import).
 * The import route authorized the caller against marksTarget before the preview and again before the
 * commit, so the guard here has nothing left to refuse.
 */
export async function commitMarks(
  tx: Transaction,
  rows: readonly MarkImportRow[],
  ctx: CommitContext<MarksOptions>,
): Promise<Record<string, number>> {
  const bySubject = new Map<string, MarkImportRow[]>();
  for (const r of rows) bySubject.set(r.subject, [...(bySubject.get(r.subject) ?? []), r]);
  let done = 0;
  for (const [subject, list] of bySubject) {
    await enterClassMarksIn(tx, {
      classId: ctx.options.classId,
      subject,
      rows: list.map((r) => ({ recordId: r.recordId, data: r.data })),
      actor: { userId: ctx.actor.userId, role: ctx.actor.role },
      at: ctx.now,
      guard: () => {},
      source: `import:${ctx.jobId}`,
    });
    done += list.length;
    ctx.progress(done, rows.length);
  }
  return { entries: rows.length, subjects: bySubject.size };
}

/**
 * A score as teachers type it: a number, or text with a decimal comma ("8,5") or point. Undefined for an
 * empty cell; NaN for anything else (the caller names the cell). Range and decimals are the records' rules.
 */
export function cellScore(cell: ExcelJS.Cell): number | undefined {
  const v = cellValue(cell);
  if (v === null || v === '') return undefined;
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return Number.NaN;
  const t = v.trim().replace(',', '.');
  if (t === '') return undefined;
  return /^\d{1,2}(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

export interface RowPlace {
  row: number;
  column: string;
  header: string;
  value: unknown;
}

/** The pupil a row names, or the problem that says why it names none. */
export function matchPupil(
  pupils: ClassPupils,
  at: { nationalId?: RowPlace; studentCode?: RowPlace; fullName?: RowPlace },
): ClassPupil | ImportProblem {
  const id = String(at.nationalId?.value ?? '').trim();
  const code = String(at.studentCode?.value ?? '').trim();
  const pupil = (id && pupils.byNationalId.get(id)) || (code && pupils.byStudentCode.get(code)) || undefined;
  const where = at.nationalId ?? at.studentCode ?? { row: 0, column: '', header: '', value: '' };
  if (!pupil) {
    return problem(
      where,
      'PUPIL_NOT_IN_CLASS',
      'Không có học sinh nào của lớp mang mã này; kiểm tra mã định danh (hoặc mã học sinh) và lớp đã chọn.',
      'No pupil of the class has this code; check the national id (or student code) and the class chosen.',
    );
  }
  const name = String(at.fullName?.value ?? '');
  if (at.fullName && name !== '' && !sameName(name, pupil.fullName)) {
    return problem(
      at.fullName,
      'PUPIL_NAME_MISMATCH',
      'Họ tên ở dòng này khác với họ tên của học sinh mang mã này trong lớp; kiểm tra lại dòng.',
      'The name on this row is not the name of the class’s pupil with this code; check the row.',
    );
  }
  if (pupil.recordId === null) {
    return problem(
      where,
      'RECORD_MISSING',
      'Học sinh chưa được lập học bạ năm học này; hãy lập học bạ cho lớp trước khi nhập điểm.',
      'The pupil has no record for this school year yet; draw up the class’s records before entering marks.',
    );
  }
  if (pupil.state !== 'draft' && pupil.state !== 'entered') {
    return problem(
      where,
      'RECORD_NOT_ENTERING',
      'Học bạ của học sinh đã qua bước nhập điểm (đã xem xét, phê duyệt hoặc khóa); không nhập lại được.',
      'The pupil’s record is past entry (reviewed, approved or locked); it cannot be entered again.',
    );
  }
  return pupil;
}

export const isProblem = (x: ClassPupil | ImportProblem): x is ImportProblem => 'rule' in x;

/** A record rule's problem, placed at the cell it is about (or at the row when no cell says it). */
export function ruleProblem(p: RecordProblem, at: RowPlace): ImportProblem {
  // The circular's article where there is one; a value the schema refuses (11, 8.25, "A") is VALUE_INVALID.
  return problem(at, p.rule === 'schema' ? 'VALUE_INVALID' : p.rule, p.message.vi, p.message.en);
}
