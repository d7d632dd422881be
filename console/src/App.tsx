/**
 * The console's shell: header (the product, the language switch, who is signed in and in which role), and
 * the page — sign-in until a session exists, then the person's workspace. A session kept in this tab is
 * resumed on reload with its refresh token.
 */
import { useEffect, useMemo, useState } from 'react';
import { connect } from './api/client.ts';
import { Home } from './pages/Home.tsx';
import { NotificationBadge } from './pages/notifications/Badge.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { type Session, storedRefreshToken } from './session.ts';
import { appTitle, type Lang, roleWord, word } from './words.ts';

const LANG_KEY = 'hocba.console.lang';

export function App() {
  const connection = useMemo(() => connect(), []);
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi'));
  const [session, setSession] = useState<Session | null>(null);
  const [resuming, setResuming] = useState(() => storedRefreshToken() !== null);
  const [notice, setNotice] = useState<string>();

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = appTitle(session?.role, lang);
    localStorage.setItem(LANG_KEY, lang);
  }, [lang, session]);

  useEffect(() => {
    connection.onExpired(() => {
      setSession(null);
      setNotice('sessionExpired');
    });
    const token = storedRefreshToken();
    if (token)
      void connection
        .refresh(token)
        .then(setSession)
        .finally(() => setResuming(false));
  }, [connection]);

  return (
    <>
      <a className="skip" href="#main">
        {word('skip', lang)}
      </a>
      <header className="top">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            HB
          </span>
          <h1>{appTitle(session?.role, lang)}</h1>
        </div>
        <div className="who">
          {session && <NotificationBadge connection={connection} lang={lang} />}
          {session && (
            <span data-testid="role">
              {word('workingAs', lang)}: <strong>{roleWord(session.role, lang)}</strong>
            </span>
          )}
          <button
            type="button"
            className="secondary"
            lang={lang === 'vi' ? 'en' : 'vi'}
            onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}
          >
            {word('otherLang', lang)}
          </button>
          {session && (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                void connection.end();
                setSession(null);
                setNotice(undefined);
              }}
            >
              {word('signOut', lang)}
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {resuming ? null : session ? (
          <Home connection={connection} lang={lang} session={session} />
        ) : (
          <SignIn
            connection={connection}
            lang={lang}
            notice={notice === 'sessionExpired' ? word('sessionExpired', lang) : undefined}
            onSignedIn={(s) => {
              setNotice(undefined);
              setSession(s);
            }}
          />
        )}
      </main>
    </>
  );
}
