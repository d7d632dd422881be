/**
 * The school's classes and where their records stand; the principal locks and signs here.
 * `#/classes` is the overview, `#/classes/batch/<batchId>` one batch's page.
 */
import type { PageProps } from '../../shell/page.ts';
import { BatchPage } from './BatchPage.tsx';
import './classes.css';
import { SchoolClasses } from './SchoolClasses.tsx';

export default function ClassesPage({ connection, lang, session, schoolId, rest }: PageProps) {
  if (!schoolId) return null;
  if (rest[0] === 'batch' && rest[1]) {
    return (
      <BatchPage
        connection={connection}
        lang={lang}
        schoolId={schoolId}
        batchId={rest[1]}
        canSign={session.role === 'principal'}
      />
    );
  }
  return (
    <SchoolClasses
      connection={connection}
      lang={lang}
      schoolId={schoolId}
      canLockAndSign={session.role === 'principal'}
    />
  );
}
