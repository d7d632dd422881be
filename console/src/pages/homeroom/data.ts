/**
 * What the homeroom screens read from the gateway, as TanStack queries keyed by class and pupil so that a
 * save refreshes exactly what it changed. The class view costs three calls whatever the class's size (its
 * list, its records, one record for the school's level): the gateway limits each person's calls a minute.
 */
import type { SchoolLevel } from '@hocba/records';
import { useQuery } from '@tanstack/react-query';
import type { Connection } from '../../api/client.ts';

export const classKey = (classId: string) => ['homeroom', 'class', classId];
export const pupilKey = (classId: string, studentId: string) => ['homeroom', 'pupil', classId, studentId];

/** The level a grade belongs to when no record says it (grades 10–12 of continuing education aside). */
export function levelOfGrade(grade: number): SchoolLevel {
  return grade <= 5 ? 'TH' : grade <= 9 ? 'THCS' : 'THPT';
}

/** A value of the gateway's answer, or its error thrown for the query to hold. */
async function must<T>(call: Promise<{ data?: T; error?: unknown }>): Promise<T> {
  const { data, error } = await call;
  if (data === undefined) throw error ?? new Error('no answer');
  return data;
}

export function useClassView(connection: Connection, classId: string) {
  return useQuery({
    queryKey: classKey(classId),
    // Read again whenever the class page opens: other screens (the marks grids, an import) and other people
    // change these records, and what is still missing must be today's.
    refetchOnMount: 'always',
    queryFn: async () => {
      const path = { params: { path: { classId } } };
      const [list, records] = await Promise.all([
        must(connection.api.GET('/v1/classes/{classId}/students', path)),
        must(connection.api.GET('/v1/classes/{classId}/records', path)),
      ]);
      const first = records.records.find((r) => r.recordId !== null);
      let level = levelOfGrade(list.grade);
      if (first?.recordId) {
        const one = await must(
          connection.api.GET('/v1/records/{recordId}', { params: { path: { recordId: first.recordId } } }),
        );
        level = ((one.record as { level?: SchoolLevel }).level ?? level) as SchoolLevel;
      }
      const byEnrolment = new Map(records.records.map((r) => [r.enrolmentId, r]));
      const pupils = list.pupils
        .filter((p) => p.leftOn === null)
        .map((p) => {
          const r = byEnrolment.get(p.enrolmentId);
          return {
            ...p,
            recordId: r?.recordId ?? null,
            state: r?.state ?? null,
            entered: r?.entered ?? [],
          };
        });
      return {
        classId: list.classId,
        className: list.className,
        grade: list.grade,
        schoolYear: list.schoolYear,
        level,
        pupils,
      };
    },
  });
}
export type ClassView = NonNullable<ReturnType<typeof useClassView>['data']>;
export type ClassPupil = ClassView['pupils'][number];

/** One pupil's record (as entered so far) and biography. */
export function usePupilView(connection: Connection, classId: string, pupil: ClassPupil | undefined) {
  return useQuery({
    queryKey: pupilKey(classId, pupil?.studentId ?? ''),
    enabled: pupil !== undefined,
    queryFn: async () => {
      const p = pupil!;
      const [record, bio] = await Promise.all([
        p.recordId
          ? must(connection.api.GET('/v1/records/{recordId}', { params: { path: { recordId: p.recordId } } }))
          : Promise.resolve(null),
        must(
          connection.api.GET('/v1/students/{studentId}/biography', {
            params: { path: { studentId: p.studentId } },
          }),
        ),
      ]);
      const results = ((record?.record as { results?: Record<string, unknown> } | undefined)?.results ??
        {}) as Record<string, unknown>;
      return { record, results, biography: bio };
    },
  });
}
export type PupilView = NonNullable<ReturnType<typeof usePupilView>['data']>;
