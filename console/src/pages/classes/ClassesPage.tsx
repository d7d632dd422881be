/** The school's classes and where their records stand; the principal locks and signs here. */
import type { PageProps } from '../../shell/page.ts';
import { SchoolClasses } from './SchoolClasses.tsx';

export default function ClassesPage({ connection, lang, session, schoolId }: PageProps) {
  if (!schoolId) return null;
  return (
    <SchoolClasses
      connection={connection}
      lang={lang}
      schoolId={schoolId}
      canLockAndSign={session.role === 'principal'}
    />
  );
}
