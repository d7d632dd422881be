/**
 * What the area reads from the gateway and what the signed-in role may do with it. The policy
 * (gateway/src/auth/policy.ts) decides: `records.confirm` is the subject group's, for its own subject;
 * `records.approve` is the principal's; a deputy reads. Both steps take a record that the homeroom teacher
 * has reviewed (or a subject group has confirmed): services/workflow.ts CONFIRMABLE and APPROVABLE.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import type { Connection } from '../../api/client.ts';
import type { Session } from '../../session.ts';

export type Step = { kind: 'approve' } | { kind: 'confirm'; subject: string };

/** The step this role takes, or null for a role that only reads (the deputy). */
export function stepOf(session: Session): Step | null {
  if (session.role === 'principal') return { kind: 'approve' };
  if (session.role === 'subjectGroup') {
    const subject = session.scope.find((s) => s.subject)?.subject;
    return subject ? { kind: 'confirm', subject } : null;
  }
  return null;
}

/** The states a record waits in for either step. */
export const WAITING_STATES: readonly string[] = ['reviewed', 'confirmed'];

export const keys = {
  overview: (schoolId: string) => ['school-classes', schoolId] as const,
  classRecords: (classId: string) => ['review-class', classId] as const,
  record: (recordId: string) => ['review-record', recordId] as const,
};

async function ok<T>(p: Promise<{ data?: T; error?: unknown }>): Promise<T> {
  const { data, error } = await p;
  if (data === undefined) throw error ?? new Error('no answer');
  return data;
}

export function useOverview(connection: Connection, schoolId: string) {
  return useQuery({
    queryKey: keys.overview(schoolId),
    queryFn: () =>
      ok(connection.api.GET('/v1/schools/{schoolId}/classes', { params: { path: { schoolId } } })),
  });
}

export interface PupilRow {
  no: number;
  enrolmentId: string;
  fullName: string;
  dateOfBirth: string;
  recordId: string | null;
  state: string | null;
  entered: string[];
}

/** A class's pupils (names a teacher knows) joined with their records' states. */
export function useClassRecords(connection: Connection, classId: string) {
  return useQuery({
    queryKey: keys.classRecords(classId),
    queryFn: async () => {
      const path = { params: { path: { classId } } };
      const [list, recs] = await Promise.all([
        ok(connection.api.GET('/v1/classes/{classId}/students', path)),
        ok(connection.api.GET('/v1/classes/{classId}/records', path)),
      ]);
      const byEnrolment = new Map(recs.records.map((r) => [r.enrolmentId, r]));
      const pupils: PupilRow[] = list.pupils
        .filter((p) => p.leftOn === null)
        .map((p, i) => {
          const r = byEnrolment.get(p.enrolmentId);
          return {
            no: i + 1,
            enrolmentId: p.enrolmentId,
            fullName: p.fullName,
            dateOfBirth: p.dateOfBirth,
            recordId: r?.recordId ?? null,
            state: r?.state ?? null,
            entered: r?.entered ?? [],
          };
        });
      return { classId, className: list.className, grade: list.grade, pupils };
    },
  });
}

export function useRecord(connection: Connection, recordId: string | undefined) {
  return useQuery({
    queryKey: keys.record(recordId ?? ''),
    enabled: recordId !== undefined,
    queryFn: () =>
      ok(
        connection.api.GET('/v1/records/{recordId}', {
          params: { path: { recordId: recordId! } },
        }),
      ),
  });
}

type RecordAnswer = NonNullable<ReturnType<typeof useRecord>['data']>;

/** True when this record carries the subject group's confirmation of `subject`. */
export function confirmedFor(record: RecordAnswer, subject: string): boolean {
  return record.signatures.some((s) => s.role === 'subjectGroup' && s.subject === subject);
}

/**
 * The pupils whose records wait for this role's step. A confirmed record may still wait for another subject
 * group: those are read one by one (only those) to see whose subjects are confirmed already.
 */
export function useWaiting(
  connection: Connection,
  step: Step | null,
  pupils: readonly PupilRow[] | undefined,
): { waiting: PupilRow[]; pending: boolean } {
  const candidates = (pupils ?? []).filter(
    (p) =>
      p.recordId !== null &&
      p.state !== null &&
      WAITING_STATES.includes(p.state) &&
      (step?.kind !== 'confirm' || p.entered.includes(step.subject)),
  );
  const toCheck = step?.kind === 'confirm' ? candidates.filter((p) => p.state === 'confirmed') : [];
  const details = useQueries({
    queries: toCheck.map((p) => ({
      queryKey: keys.record(p.recordId!),
      queryFn: () =>
        ok(connection.api.GET('/v1/records/{recordId}', { params: { path: { recordId: p.recordId! } } })),
    })),
  });
  if (!step) return { waiting: [], pending: false };
  if (step.kind === 'approve') return { waiting: candidates, pending: false };
  const done = new Set<string>();
  toCheck.forEach((p, i) => {
    const d = details[i]?.data;
    if (d && confirmedFor(d, step.subject)) done.add(p.recordId!);
  });
  return {
    waiting: candidates.filter((p) => !done.has(p.recordId!)),
    pending: details.some((d) => d.isPending),
  };
}
