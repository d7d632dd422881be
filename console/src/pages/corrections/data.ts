/**
 * The reads this area shares between its pages, through the typed client: the classes a person may pick
 * from, a class's locked records with their pupils' names, the school's correction requests and transfers.
 */
import { useQuery } from '@tanstack/react-query';
import type { Connection } from '../../api/client.ts';
import type { Session } from '../../session.ts';

/** Roles that see the whole school's classes (the gateway's classes.overview). */
const OVERVIEW_ROLES = ['subjectGroup', 'principal', 'deputyPrincipal', 'schoolAdmin'];
/** Roles that handle transfers (transfers.manage). */
export const TRANSFER_ROLES = ['principal', 'schoolAdmin'];
/** Roles that check a correction (corrections.check), approve it (corrections.approve), revoke. */
export const CHECK_ROLES = ['subjectGroup', 'schoolAdmin', 'principal'];
export const APPROVE_ROLES = ['principal'];
export const REQUEST_ROLES = ['subjectTeacher', 'homeroomTeacher', 'principal', 'schoolAdmin'];
export const REVOKE_ROLES = ['principal'];

export interface ClassOption {
  classId: string;
  name: string;
}

/** The classes the signed-in person may pick: the school's for its leaders, their own for teachers. */
export function useClasses(connection: Connection, session: Session, schoolId: string) {
  return useQuery({
    queryKey: ['changes-classes', schoolId, session.role],
    queryFn: async (): Promise<ClassOption[]> => {
      if (OVERVIEW_ROLES.includes(session.role)) {
        const { data, error } = await connection.api.GET('/v1/schools/{schoolId}/classes', {
          params: { path: { schoolId } },
        });
        if (!data) throw error;
        return data.classes.map((c) => ({ classId: c.classId, name: c.name }));
      }
      const ids = [...new Set(session.scope.map((s) => s.classId).filter((c): c is string => !!c))];
      return Promise.all(
        ids.map(async (classId) => {
          const { data, error } = await connection.api.GET('/v1/classes/{classId}/students', {
            params: { path: { classId } },
          });
          if (!data) throw error;
          return { classId, name: data.className };
        }),
      );
    },
  });
}

export interface LockedPupil {
  recordId: string;
  fullName: string;
  dateOfBirth: string;
}

/** A class's pupils whose record is locked (the ones a correction or a revocation is about). */
export function useLockedPupils(connection: Connection, classId: string) {
  return useQuery({
    queryKey: ['changes-locked', classId],
    enabled: classId !== '',
    queryFn: async (): Promise<{ className: string; schoolYear: string; pupils: LockedPupil[] }> => {
      const path = { path: { classId } };
      const [pupils, records] = await Promise.all([
        connection.api.GET('/v1/classes/{classId}/students', { params: path }),
        connection.api.GET('/v1/classes/{classId}/records', { params: path }),
      ]);
      if (!pupils.data) throw pupils.error;
      if (!records.data) throw records.error;
      const byEnrolment = new Map(pupils.data.pupils.map((p) => [p.enrolmentId, p]));
      const locked = records.data.records.flatMap((r) => {
        const p = byEnrolment.get(r.enrolmentId);
        return r.state === 'locked' && r.recordId && p
          ? [{ recordId: r.recordId, fullName: p.fullName, dateOfBirth: p.dateOfBirth }]
          : [];
      });
      return { className: pupils.data.className, schoolYear: pupils.data.schoolYear, pupils: locked };
    },
  });
}

/**
 * The correction requests the signed-in person may read: the school's for its leaders; for a teacher, whose
 * grant names a class and no school, their classes'.
 */
export function useCorrections(connection: Connection, schoolId: string, session: Session) {
  const classIds = [...new Set(session.scope.map((s) => s.classId).filter((c): c is string => !!c))];
  return useQuery({
    queryKey: ['changes-corrections', schoolId, ...classIds],
    // Another person's step changes the list: read it again whenever a page shows it.
    refetchOnMount: 'always',
    queryFn: async () => {
      const queries = schoolId !== '' ? [{ schoolId }] : classIds.map((classId) => ({ classId }));
      const lists = await Promise.all(
        queries.map(async (query) => {
          const { data, error } = await connection.api.GET('/v1/corrections/', { params: { query } });
          if (!data) throw error;
          return data.items;
        }),
      );
      return lists.flat().sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
    },
  });
}

export function useTransfers(connection: Connection, schoolId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['changes-transfers', schoolId],
    enabled,
    refetchOnMount: 'always',
    queryFn: async () => {
      const { data, error } = await connection.api.GET('/v1/transfers/', {
        params: { query: { schoolId } },
      });
      if (!data) throw error;
      return data.items;
    },
  });
}
