/**
 * Sign-in (issue 13): user name and password; when the account holds several roles, a second step asks which
 * one the person works in today (the gateway's ROLE_REQUIRED lists them). The gateway's refusals are shown
 * in its own words (wrong password, account locked for a while, account disabled).
 */
import { type FormEvent, useState } from 'react';
import { apiMessage, type Connection, isApiError } from '../api/client.ts';
import type { Session } from '../session.ts';
import { ErrorSummary, type FieldError } from '../ui/ErrorSummary.tsx';
import { TextField } from '../ui/fields.tsx';
import { type Lang, roleWord, word } from '../words.ts';

export function SignIn({
  connection,
  lang,
  notice,
  onSignedIn,
}: {
  connection: Connection;
  lang: Lang;
  notice?: string | undefined;
  onSignedIn: (s: Session) => void;
}) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<string[] | null>(null);
  const [role, setRole] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const w = (k: Parameters<typeof word>[0]) => word(k, lang);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: FieldError[] = [];
    if (roles) {
      if (!role) problems.push({ field: `role-${roles[0]}`, message: w('roleMissing') });
    } else {
      if (!login.trim()) problems.push({ field: 'login', message: w('loginMissing') });
      if (!password) problems.push({ field: 'password', message: w('passwordMissing') });
    }
    setErrors(problems);
    if (problems.length > 0) return;
    setBusy(true);
    try {
      const { data, error } = await connection.api.POST('/v1/auth/login', {
        body: { login: login.trim(), password, ...(roles && { role: role as never }) },
      });
      if (data) {
        setPassword('');
        onSignedIn(connection.begin(data));
        return;
      }
      if (isApiError(error) && error.error.code === 'ROLE_REQUIRED') {
        const allowed = error.error.problems?.find((p) => p.path === '/role')?.allowed ?? [];
        setRoles(allowed);
        setRole('');
        setErrors([]);
        return;
      }
      const message = apiMessage(error, lang) ?? w('network');
      const field = isApiError(error) && error.error.code === 'INVALID_CREDENTIALS' ? 'password' : undefined;
      setErrors([{ ...(field && { field }), message }]);
    } catch {
      setErrors([{ message: w('network') }]);
    } finally {
      setBusy(false);
    }
  }

  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <form onSubmit={submit} noValidate className="card signin">
      <ErrorSummary title={w('errorSummaryTitle')} errors={errors} />
      {notice && <p className="notice">{notice}</p>}
      {roles ? (
        <fieldset className={errors.length > 0 ? 'field field-error' : 'field'}>
          <legend>
            <h2>{w('chooseRoleTitle')}</h2>
          </legend>
          <p className="hint">{w('chooseRoleIntro')}</p>
          {errors[0]?.field?.startsWith('role-') && <p className="error-message">{errors[0].message}</p>}
          <ul className="choices">
            {roles.map((r) => (
              <li key={r}>
                <input
                  type="radio"
                  id={`role-${r}`}
                  name="role"
                  value={r}
                  checked={role === r}
                  onChange={() => setRole(r)}
                />
                <label htmlFor={`role-${r}`}>{roleWord(r, lang)}</label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : (
        <>
          <h2>{w('signInTitle')}</h2>
          <p className="intro">{w('signInIntro')}</p>
          <TextField
            id="login"
            label={w('login')}
            value={login}
            onChange={setLogin}
            error={errorOf('login')}
            autoComplete="username"
          />
          <TextField
            id="password"
            label={w('password')}
            type="password"
            value={password}
            onChange={setPassword}
            error={errorOf('password')}
            autoComplete="current-password"
          />
        </>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? w('signingIn') : roles ? w('continue') : w('signIn')}
        </button>
        {roles && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setRoles(null);
              setPassword('');
              setErrors([]);
            }}
          >
            {w('back')}
          </button>
        )}
      </div>
    </form>
  );
}
