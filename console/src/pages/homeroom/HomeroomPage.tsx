/**
 * The homeroom teacher's area (issue 13, seed 000 Điều 9.1): her class at a glance with what each pupil's
 * record still lacks, each pupil's end-of-year assessment, comments and biography, and the review.
 * Addresses: `#/homeroom` (her classes), `#/homeroom/<classId>`, `#/homeroom/<classId>/<studentId>`, and
 * `…/<studentId>/assessment` or `…/<studentId>/biography` for the two forms.
 */

import type { PageProps } from '../../shell/page.ts';
import { AssessmentForm } from './AssessmentForm.tsx';
import { BiographyForm } from './BiographyForm.tsx';
import { ClassChooser } from './ClassChooser.tsx';
import { ClassOverview } from './ClassOverview.tsx';
import { PupilPage } from './PupilPage.tsx';
import './homeroom.css';

export default function HomeroomPage({ connection, lang, session, rest }: PageProps) {
  const classIds = [...new Set(session.scope.flatMap((s) => (s.classId ? [s.classId] : [])))];
  const [classId = classIds.length === 1 ? classIds[0] : undefined, studentId, form] = rest;
  if (!classId) return <ClassChooser connection={connection} lang={lang} classIds={classIds} />;
  const props = { connection, lang, classId };
  if (!studentId) return <ClassOverview {...props} />;
  if (form === 'assessment') return <AssessmentForm {...props} studentId={studentId} />;
  if (form === 'biography') return <BiographyForm {...props} studentId={studentId} />;
  return <PupilPage {...props} studentId={studentId} />;
}
