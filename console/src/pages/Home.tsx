/**
 * The workspace a person lands on after signing in: the school's leaders see its classes and where their
 * records stand (the principal also locks and signs there). The screens of the other roles (marks grid,
 * review, corrections, transfers, accounts) are built on this shell (issue 13).
 */
import type { Connection } from '../api/client.ts';
import type { Session } from '../session.ts';
import { type Lang, roleWord, word } from '../words.ts';
import { SchoolClasses } from './SchoolClasses.tsx';

/** Roles that follow the whole school's classes (the gateway's classes.overview, school tier). */
const SCHOOL_LEADERS = new Set(['principal', 'deputyPrincipal', 'schoolAdmin', 'subjectGroup']);

export function Home({
  connection,
  lang,
  session,
}: {
  connection: Connection;
  lang: Lang;
  session: Session;
}) {
  const schoolId = session.scope.find((s) => s.schoolId)?.schoolId;
  return (
    <>
      <section className="card" aria-labelledby="home-title">
        <h2 id="home-title">{word('welcome', lang)}</h2>
        <p>
          {word('workingAs', lang)}: <strong>{roleWord(session.role, lang)}</strong>
        </p>
      </section>
      {schoolId && SCHOOL_LEADERS.has(session.role) && (
        <SchoolClasses
          connection={connection}
          lang={lang}
          schoolId={schoolId}
          canLockAndSign={session.role === 'principal'}
        />
      )}
    </>
  );
}
