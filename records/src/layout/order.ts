/**
 * Subjects in the order the circular's record form lists them. Primary: the order of the 2018 programme's
 * list of subjects and activities (Circular 32/2018), Vietnamese and Mathematics first; secondary and GDTX: the
 * curriculum's own order (curriculum.ts, continuing.ts), which is the programme's. Recalled from the
 * programme, not checked against an official template (DESIGN.md §7a: the templates' appendices were not
 * found). Subjects the grade does not have follow, by code, so that nothing present goes unseen.
 */
import { continuingCurriculum } from '../continuing.ts';
import { generalCurriculum, type SubjectCode, type SubjectRule } from '../curriculum.ts';

const PRIMARY_ORDER: readonly SubjectCode[] = [
  'TIENG_VIET',
  'TOAN',
  'DAO_DUC',
  'NGOAI_NGU_1',
  'TN_XH',
  'LS_DL',
  'KHOA_HOC',
  'TIN_HOC_CN',
  'GDTC',
  'AM_NHAC',
  'MI_THUAT',
  'HDTN',
  'TIENG_DTTS',
];

/** The grade's subjects, in the form's order; undefined when the level or grade is unknown. */
export function formSubjects(level: unknown, grade: unknown): readonly SubjectRule[] | undefined {
  if (typeof level !== 'string' || typeof grade !== 'number') return undefined;
  const c =
    level === 'GDTX'
      ? continuingCurriculum(grade)
      : level === 'TH' || level === 'THCS' || level === 'THPT'
        ? generalCurriculum(level, grade)
        : undefined;
  if (c === undefined) return undefined;
  if (level !== 'TH') return c.subjects;
  const rank = (code: SubjectCode) => PRIMARY_ORDER.indexOf(code);
  return [...c.subjects].sort((a, b) => rank(a.code) - rank(b.code));
}

/**
 * The codes to print, in order: the form's subjects that the record has, or that it may have withheld
 * (compulsory ones, in a partial record), then any other code the record has.
 */
export function subjectRows(
  present: readonly string[],
  form: readonly SubjectRule[] | undefined,
  partial: boolean,
): { code: string; present: boolean }[] {
  const has = new Set(present);
  const listed = (form ?? [])
    .filter((s) => has.has(s.code) || (partial && s.kind === 'compulsory'))
    .map((s) => ({ code: s.code as string, present: has.has(s.code) }));
  const known = new Set(listed.map((s) => s.code));
  const others = [...present]
    .filter((c) => !known.has(c))
    .sort()
    .map((code) => ({ code, present: true }));
  return [...listed, ...others];
}
