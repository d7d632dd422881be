/**
 * One subject's marks for a whole class in one step (issue 13 point 1): the subject teacher's grid, or an
 * imported marks sheet (imports/marks/). Each row is one pupil's entry for the subject, checked exactly as
 * the entry of one record is (workflow.ts `partProblems`: shape, the programme's rule, derived values);
 * every row's problem is collected, and then either ALL rows are written — each as workflow.ts writes one
 * entry, attested and audited — or none is. The answer carries what the circular derives from each row
 * (averages, the year result), so that a grid can show them.
 */
import { type Database, enrolments, students, type Transaction } from '@hocba/db';
import { checkSubjectEntry, type EntryDerived, type SchoolLevel } from '@hocba/records';
import { eq } from 'drizzle-orm';
import { ServiceError } from './errors.ts';
import { classPlace } from './places.ts';
import { assertWindowOpen } from './windows.ts';
import {
  assertPartInCurriculum,
  type Guard,
  HOMEROOM,
  lockPlace,
  type Place,
  partProblems,
  type Who,
  writeEntry,
} from './workflow.ts';

/** The most rows one request enters: a class is at most ~45 pupils; a sheet of a whole grade fits too. */
export const MAX_MARK_ROWS = 200;

export interface MarkRow {
  recordId: string;
  data: Record<string, unknown>;
}

export interface ClassMarksInput {
  classId: string;
  /** A subject code of the grade's programme, or HOMEROOM: the homeroom part of every pupil (the grid). */
  subject: string;
  rows: readonly MarkRow[];
  actor: Who;
  at: Date;
  guard: Guard;
  /** Where the marks came from, for the audit log: the grid, or an import job. */
  source?: string;
}

/** One row's problem: which row and pupil, which field (a pointer under the row: /data/…), which rule. */
export interface RowProblem {
  row: number;
  recordId: string;
  studentCode: string | null;
  path: string;
  code: string;
  rule: string;
  message: { vi: string; en: string };
}

export interface EnteredRow {
  recordId: string;
  studentCode: string;
  state: string;
  missing: string[];
  derived: EntryDerived | null;
}

export interface ClassMarks {
  classId: string;
  subject: string;
  rows: EnteredRow[];
}

/** Some rows were refused: nothing was written; every problem of every row is listed. */
export class MarksError extends Error {
  override readonly name = 'MarksError';
  constructor(readonly problems: readonly RowProblem[]) {
    super(`MARKS_INVALID: ${problems.length} problem(s)`);
  }
}

export function enterClassMarks(db: Database, input: ClassMarksInput): Promise<ClassMarks> {
  return db.transaction((tx) => enterClassMarksIn(tx, input));
}

const refusal = (row: number, recordId: string, studentCode: string | null, e: ServiceError): RowProblem => {
  const state = (e.details?.state as string | undefined) ?? '';
  return {
    row,
    recordId,
    studentCode,
    path: '/recordId',
    code: e.code,
    rule: 'hocba.workflow',
    message:
      e.code === 'RECORD_NOT_FOUND'
        ? { vi: 'Không có học bạ này.', en: 'No such record.' }
        : e.code === 'WRONG_CLASS'
          ? { vi: 'Học bạ không thuộc lớp này.', en: 'The record is not of this class.' }
          : {
              vi: `Học bạ đang ở trạng thái ${state}, không nhập điểm được nữa.`,
              en: `The record is ${state}: no more entries.`,
            },
  };
};

/** enterClassMarks inside a transaction the caller holds (an import's commit). */
export async function enterClassMarksIn(tx: Transaction, input: ClassMarksInput): Promise<ClassMarks> {
  const place = await classPlace(tx, input.classId);
  // The homeroom part is no subject: its scope is the class (as enterPart guards it).
  const scope = input.subject === HOMEROOM ? {} : { subject: input.subject };
  input.guard({ ...place.target, ...scope });
  const level = place.school.level as SchoolLevel;
  const grade = place.class.grade;
  assertPartInCurriculum(level, grade, input.subject);
  await assertWindowOpen(
    tx,
    {
      schoolId: place.school.id,
      schoolYear: place.class.schoolYear,
      classId: place.class.id,
      subject: input.subject,
    },
    input.at,
  );
  const codes = new Map(
    (
      await tx
        .select({ enrolmentId: enrolments.id, code: students.studentCode })
        .from(enrolments)
        .innerJoin(students, eq(students.id, enrolments.studentId))
        .where(eq(enrolments.classId, place.class.id))
    ).map((r) => [r.enrolmentId, r.code]),
  );

  const problems: RowProblem[] = [];
  const places: (Place | undefined)[] = [];
  const seen = new Set<string>();
  // Locked in id order, so that two requests over the same class never wait on each other in a cycle.
  const order = input.rows.map((r, i) => ({ r, i })).sort((a, b) => (a.r.recordId < b.r.recordId ? -1 : 1));
  for (const { r, i } of order) {
    if (seen.has(r.recordId)) {
      problems.push({
        row: i,
        recordId: r.recordId,
        studentCode: null,
        path: '/recordId',
        code: 'DUPLICATE_RECORD',
        rule: 'hocba.workflow',
        message: { vi: 'Học bạ này có ở hai dòng.', en: 'This record is on two rows.' },
      });
      continue;
    }
    seen.add(r.recordId);
    let p: Place;
    try {
      p = await lockPlace(tx, r.recordId);
    } catch (e) {
      if (e instanceof ServiceError) problems.push(refusal(i, r.recordId, null, e));
      else throw e;
      continue;
    }
    const studentCode = codes.get(p.enrolment.id) ?? null;
    if (p.enrolment.classId !== place.class.id) {
      problems.push(refusal(i, r.recordId, null, new ServiceError('WRONG_CLASS', 'not of the class')));
      continue;
    }
    input.guard({ ...p.target, ...scope });
    if (p.version.state !== 'draft' && p.version.state !== 'entered') {
      problems.push(
        refusal(
          i,
          r.recordId,
          studentCode,
          new ServiceError('RECORD_WRONG_STATE', 'not entering', { state: p.version.state }),
        ),
      );
      continue;
    }
    for (const x of partProblems(level, grade, input.subject, r.data)) {
      problems.push({ row: i, recordId: r.recordId, studentCode, ...x, path: `/data${x.path}` });
    }
    places[i] = p;
  }
  if (problems.length > 0) throw new MarksError(problems.sort((a, b) => a.row - b.row));

  const rows: EnteredRow[] = [];
  for (const [i, r] of input.rows.entries()) {
    const p = places[i]!;
    const done = await writeEntry(tx, p, {
      part: input.subject,
      data: r.data,
      actor: input.actor,
      at: input.at,
      audit: { source: input.source ?? 'class-marks' },
    });
    rows.push({
      recordId: r.recordId,
      studentCode: codes.get(p.enrolment.id) ?? '',
      state: done.state,
      missing: done.missing,
      derived:
        input.subject === HOMEROOM ? null : checkSubjectEntry(level, grade, input.subject, r.data).derived,
    });
  }
  return { classId: place.class.id, subject: input.subject, rows };
}
