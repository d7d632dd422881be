/**
 * Confirm and approve (issue 13, point 3): the subject group confirms its subject, the principal approves,
 * each seeing the record laid out as the học bạ (the portal's layout). The address says where one is:
 * `#/review` the classes, `#/review/<class>` its pupils, `#/review/<class>/<record>` one record,
 * `#/review/<class>/step` and `#/review/<class>/step/<record>` the confirmation page of the role's step.
 */
import type { PageProps } from '../../shell/page.ts';
import { ClassList } from './ClassList.tsx';
import { ClassRecords } from './ClassRecords.tsx';
import { stepOf } from './data.ts';
import { RecordPage } from './RecordPage.tsx';
import { StepPage } from './StepPage.tsx';
import './review.css';

export default function ReviewPage({ connection, lang, session, schoolId, rest }: PageProps) {
  if (!schoolId) return null;
  const step = stepOf(session);
  const common = { connection, lang, step, schoolId };
  const [classId, second, third] = rest;
  if (!classId) return <ClassList {...common} />;
  if (second === 'step') return <StepPage {...common} classId={classId} recordId={third} />;
  if (second) return <RecordPage {...common} classId={classId} recordId={second} />;
  return <ClassRecords {...common} classId={classId} />;
}
