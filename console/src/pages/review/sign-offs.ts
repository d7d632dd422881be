/**
 * The record answer's sign-offs as the học bạ layout's workflow steps (records' WorkflowSignOff): the homeroom
 * teacher's review, each subject group's confirmation, the principal's approval, with the account's name.
 * Entries (a teacher's sign-off on a subject's results) are the step before and are not a block of the học bạ.
 */
import type { WorkflowSignOff } from '@hocba/records';

export interface SignOffRow {
  role: string;
  subject: string | null;
  signerName?: string | null;
  signedAt: string;
}

export function signOffsOf(rows: readonly SignOffRow[]): WorkflowSignOff[] {
  return rows.flatMap((s): WorkflowSignOff[] => {
    const name = s.signerName ? { name: s.signerName } : {};
    if (s.role === 'homeroomTeacher' && s.subject === null)
      return [{ role: 'homeroomTeacher', at: s.signedAt, ...name }];
    if (s.role === 'subjectGroup' && s.subject)
      return [{ role: 'subjectGroup', subject: s.subject, at: s.signedAt, ...name }];
    if (s.role === 'principal' && s.subject === null) return [{ role: 'principal', at: s.signedAt, ...name }];
    return [];
  });
}
