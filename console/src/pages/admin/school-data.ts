/**
 * What the administration screens name things by: the school's classes of the current year (a grant or a
 * window shows the class's name, never its id) and each class's subjects from the general programme (a
 * subject's name, never its code).
 */
import { generalCurriculum, isSubjectCode, type SchoolLevel, subjectName } from '@hocba/records';
import { useQuery } from '@tanstack/react-query';
import type { Connection } from '../../api/client.ts';
import type { Lang } from '../../words.ts';
import { aw } from './words.ts';

export interface SchoolClass {
  classId: string;
  name: string;
  grade: number;
}

export function useSchoolClasses(connection: Connection, schoolId: string) {
  return useQuery({
    queryKey: ['admin-classes', schoolId],
    queryFn: async () => {
      const { data, error } = await connection.api.GET('/v1/schools/{schoolId}/classes', {
        params: { path: { schoolId } },
      });
      if (!data) throw error;
      const classes: SchoolClass[] = data.classes.map((c) => ({
        classId: c.classId,
        name: c.name,
        grade: c.grade,
      }));
      return { schoolYear: data.schoolYear, classes };
    },
  });
}

/** The level a grade belongs to (Luật Giáo dục: primary 1–5, lower secondary 6–9, upper 10–12). */
const levelOf = (grade: number): SchoolLevel => (grade <= 5 ? 'TH' : grade <= 9 ? 'THCS' : 'THPT');

export interface SubjectChoice {
  code: string;
  name: string;
}

/** The subjects of a grade, named in `lang`. */
export function subjectsOfGrade(grade: number, lang: Lang): SubjectChoice[] {
  const curriculum = generalCurriculum(levelOf(grade), grade);
  return (curriculum?.subjects ?? []).map((s) => ({ code: s.code, name: subjectName(s.code)[lang] }));
}

/** The subjects of every grade the school teaches this year, each once, in the programme's order. */
export function subjectsOfSchool(classes: readonly SchoolClass[], lang: Lang): SubjectChoice[] {
  const seen = new Map<string, SubjectChoice>();
  for (const grade of [...new Set(classes.map((c) => c.grade))].sort((a, b) => a - b))
    for (const s of subjectsOfGrade(grade, lang)) if (!seen.has(s.code)) seen.set(s.code, s);
  return [...seen.values()];
}

/** A class's name for the screen; a class of another year (not in this year's list) is said so. */
export function classWord(classes: readonly SchoolClass[], classId: string, lang: Lang): string {
  const c = classes.find((x) => x.classId === classId);
  return c ? aw('inClass', lang, { name: c.name }) : aw('otherYearClass', lang);
}

/** A subject's name; an unknown code (a newer programme) as "—" rather than as its key. */
export function subjectWord(code: string, lang: Lang): string {
  return isSubjectCode(code) ? subjectName(code)[lang] : '—';
}
