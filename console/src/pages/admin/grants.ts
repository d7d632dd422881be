/**
 * A grant as the administration screens build and show it: the roles a school administrator gives, the scope
 * columns each takes, the body the gateway takes (exactly those columns) and the grant in words.
 */
import { type Lang, roleWord } from '../../words.ts';
import { classWord, type SchoolClass, subjectWord } from './school-data.ts';
import { aw } from './words.ts';

/** An error summary's item (ui/ErrorSummary.tsx's FieldError; spelt here so this module needs no JSX). */
interface FieldError {
  field?: string;
  message: string;
}

/** The roles a school administrator grants (the gateway's REMIT), and the scope columns each takes. */
export const GRANTABLE = {
  subjectTeacher: ['classId', 'subject'],
  homeroomTeacher: ['classId'],
  subjectGroup: ['schoolId', 'subject'],
  deputyPrincipal: ['schoolId'],
  schoolAdmin: ['schoolId'],
} as const;
export type GrantableRole = keyof typeof GRANTABLE;

export interface GrantChoice {
  role: string;
  classId: string;
  subject: string;
}
export const NO_GRANT: GrantChoice = { role: '', classId: '', subject: '' };

export const takes = (role: string, column: string): boolean =>
  (GRANTABLE[role as GrantableRole] as readonly string[] | undefined)?.includes(column) ?? false;

export interface GrantBody {
  role: GrantableRole;
  schoolId?: string;
  classId?: string;
  subject?: string;
}

/** The grant as the gateway takes it (exactly its role's columns), or the fields still to fill. */
export function grantOf(
  c: GrantChoice,
  schoolId: string,
  prefix: string,
  lang: Lang,
): { body?: GrantBody; errors: FieldError[] } {
  if (!(c.role in GRANTABLE))
    return { errors: [{ field: `${prefix}-role-0`, message: aw('roleMissing', lang) }] };
  const errors: FieldError[] = [];
  if (takes(c.role, 'classId') && !c.classId)
    errors.push({ field: `${prefix}-class`, message: aw('classMissing', lang) });
  if (takes(c.role, 'subject') && !c.subject)
    errors.push({ field: `${prefix}-subject`, message: aw('subjectMissing', lang) });
  if (errors.length > 0) return { errors };
  const body: GrantBody = { role: c.role as GrantableRole };
  if (takes(c.role, 'schoolId')) body.schoolId = schoolId;
  if (takes(c.role, 'classId')) body.classId = c.classId;
  if (takes(c.role, 'subject')) body.subject = c.subject;
  return { body, errors: [] };
}

/** A grant in words: "Giáo viên bộ môn — Toán, lớp 5A". */
export function grantText(
  g: { role: string; scope: { classId?: string; subject?: string } },
  classes: readonly SchoolClass[],
  lang: Lang,
): string {
  const where = [
    g.scope.subject !== undefined ? subjectWord(g.scope.subject, lang) : undefined,
    g.scope.classId !== undefined ? classWord(classes, g.scope.classId, lang) : undefined,
  ].filter((x): x is string => x !== undefined);
  return where.length > 0 ? `${roleWord(g.role, lang)} — ${where.join(', ')}` : roleWord(g.role, lang);
}
