/**
 * One subject's entry for one pupil, checked on its own (what a teacher enters, one subject at a time, or
 * a whole class at once): its shape, the programme's rule for the subject in that grade (Circular 27
 * Art. 7 §1b; Circular 22 Art. 5 §3a, Art. 6 §2b), the derived values it carries compared with the
 * recomputed ones (Circular 22 Art. 9 §1), and what the circular derives from it for a grid to show.
 * The same per-subject checks as the whole record's (checkPrimary, checkSecondary), not a copy of them.
 */
import { type GradeCurriculum, subjectRule, unexpectedSubjects } from './curriculum.ts';
import { pointer, type RecordProblem } from './errors.ts';
import type { SchoolLevel } from './levels.ts';
import { checkPrimarySubject, PrimarySubject } from './primary.ts';
import { schemaProblems } from './schema-problems.ts';
import {
  checkSecondarySubject,
  checkSubjectDerived,
  deriveSubject,
  type SubjectDerived,
  secondarySubjectSchema,
} from './secondary.ts';
import { curriculumFor } from './validate.ts';

/** Primary subjects derive nothing on their own: the level and the test score are entered. */
export type EntryDerived = SubjectDerived | { assessment: 'level' };

export interface SubjectEntryCheck {
  /** Every problem, paths relative to the entry ("/semester1/regular"); empty when the entry is good. */
  problems: RecordProblem[];
  /** What the circular derives from the entry; null when the entry does not have its shape. */
  derived: EntryDerived | null;
}

const at = (...s: (string | number)[]) => pointer(...s);

function ruleProblems(
  curriculum: GradeCurriculum | undefined,
  grade: number,
  code: string,
): { rule: ReturnType<typeof subjectRule>; problems: RecordProblem[] } {
  if (curriculum === undefined) return { rule: undefined, problems: [] };
  const rule = subjectRule(curriculum, code);
  return { rule, problems: rule ? [] : unexpectedSubjects(curriculum, { [code]: true }, grade, () => '') };
}

export function checkSubjectEntry(
  level: SchoolLevel,
  grade: number,
  code: string,
  data: unknown,
): SubjectEntryCheck {
  const curriculum = curriculumFor(level, grade);
  const { rule, problems } = ruleProblems(curriculum, grade, code);
  if (level === 'TH') {
    const parsed = PrimarySubject.safeParse(data);
    if (!parsed.success)
      return { problems: [...problems, ...schemaProblems(parsed.error, data)], derived: null };
    if (rule) problems.push(...checkPrimarySubject(rule, parsed.data, grade, at));
    return { problems, derived: { assessment: 'level' } };
  }
  const parsed = secondarySubjectSchema('draft').safeParse(data);
  if (!parsed.success)
    return { problems: [...problems, ...schemaProblems(parsed.error, data)], derived: null };
  if (rule && curriculum) problems.push(...checkSecondarySubject(rule, parsed.data, curriculum, at));
  problems.push(...checkSubjectDerived(code, parsed.data, at));
  return { problems, derived: deriveSubject(parsed.data) };
}
