/**
 * The workspace a person lands on after signing in. The screens of each role (marks grid, review,
 * approval, lock and sign, corrections, transfers, accounts) are built on this shell (issue 13).
 */
import type { Session } from '../session.ts';
import { type Lang, roleWord, word } from '../words.ts';

export function Home({ lang, session }: { lang: Lang; session: Session }) {
  return (
    <section className="card" aria-labelledby="home-title">
      <h2 id="home-title">{word('welcome', lang)}</h2>
      <p>
        {word('workingAs', lang)}: <strong>{roleWord(session.role, lang)}</strong>
      </p>
    </section>
  );
}
