/**
 * The workspace a person lands on after signing in: the areas their role works in (as a navigation bar) and
 * the one the address names — the first of them when it names none or one the role does not see.
 */
import { lazy, Suspense } from 'react';
import type { Connection } from '../api/client.ts';
import type { Session } from '../session.ts';
import { areasFor } from '../shell/areas.ts';
import { hashOf, useHashPath } from '../shell/hash-route.ts';
import type { Area, PageProps } from '../shell/page.ts';
import { type Lang, roleWord, word } from '../words.ts';

// One lazy component per area, made once: React keeps a lazy component's loaded module by identity.
const pages = new Map<Area, React.LazyExoticComponent<(props: PageProps) => React.ReactNode>>();
function pageOf(area: Area) {
  let page = pages.get(area);
  if (!page) {
    page = lazy(area.load);
    pages.set(area, page);
  }
  return page;
}

export function Home({
  connection,
  lang,
  session,
}: {
  connection: Connection;
  lang: Lang;
  session: Session;
}) {
  const path = useHashPath();
  const areas = areasFor(session.role);
  const current = areas.find((a) => a.path === path[0]) ?? areas[0];
  const schoolId = session.scope.find((s) => s.schoolId)?.schoolId;
  if (!current)
    return (
      <section className="card" aria-labelledby="home-title">
        <h2 id="home-title">{word('welcome', lang)}</h2>
        <p>
          {word('workingAs', lang)}: <strong>{roleWord(session.role, lang)}</strong>
        </p>
        <p>{word('noAreas', lang)}</p>
      </section>
    );
  const Page = pageOf(current);
  return (
    <>
      {areas.length > 1 && (
        <nav className="areas" aria-label={word('areasNav', lang)}>
          <ul>
            {areas.map((a) => (
              <li key={a.path}>
                <a href={hashOf([a.path])} aria-current={a === current ? 'page' : undefined}>
                  {a.label[lang]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <Suspense fallback={<p aria-busy="true">…</p>}>
        <Page
          connection={connection}
          lang={lang}
          session={session}
          schoolId={schoolId}
          rest={current.path === path[0] ? path.slice(1) : []}
        />
      </Suspense>
    </>
  );
}
