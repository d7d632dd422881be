/**
 * A new account with its first role (GOV.UK: labels above fields, hints, an error summary linking to each
 * field). The page makes a first password the administrator may keep or change; after creation it is shown
 * once, to be handed over — the gateway never answers it again.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Connection } from '../../api/client.ts';
import { go, hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { TextField } from '../../ui/fields.tsx';
import { type Lang, word } from '../../words.ts';
import { accountsKey } from './Accounts.tsx';
import { GrantFields } from './GrantFields.tsx';
import { type GrantChoice, grantOf, NO_GRANT } from './grants.ts';
import { firstPassword } from './password.ts';
import { refusal } from './refusal.ts';
import { useSchoolClasses } from './school-data.ts';
import { aw } from './words.ts';

const LOGIN = /^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$/;

export function AccountForm({
  connection,
  lang,
  schoolId,
}: {
  connection: Connection;
  lang: Lang;
  schoolId: string;
}) {
  const queries = useQueryClient();
  const classes = useSchoolClasses(connection, schoolId);
  const [displayName, setDisplayName] = useState('');
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState(firstPassword);
  const [grant, setGrant] = useState<GrantChoice>(NO_GRANT);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [created, setCreated] = useState<{ login: string; password: string; id: string } | null>(null);

  const send = useMutation({
    mutationFn: async (body: {
      login: string;
      displayName: string;
      password: string;
      grant: NonNullable<ReturnType<typeof grantOf>['body']>;
    }) => {
      const { data, error } = await connection.api.POST('/v1/users', { body });
      if (!data) throw error;
      return { ...data, password: body.password };
    },
    onSuccess: (d) => {
      setCreated({ login: d.login, password: d.password, id: d.id });
      setErrors([]);
      return queries.invalidateQueries({ queryKey: accountsKey(schoolId) });
    },
    onError: (e) =>
      setErrors(
        refusal(
          e,
          lang,
          {
            '/login': 'account-login',
            '/displayName': 'account-name',
            '/password': 'account-password',
            '/grant/classId': 'account-grant-class',
            '/grant/subject': 'account-grant-subject',
            '/grant/role': 'account-grant-role-0',
          },
          { LOGIN_TAKEN: 'account-login' },
        ),
      ),
  });

  if (created)
    return (
      <section aria-labelledby="created-title">
        <h2 id="created-title">{aw('newAccountTitle', lang)}</h2>
        <div className="notice" role="status" data-testid="created">
          <p>{aw('created', lang, { login: created.login, password: created.password })}</p>
        </div>
        <p className="actions">
          <a className="button" href={hashOf(['admin', 'accounts', created.id])}>
            {aw('addGrant', lang)}
          </a>
          <a href={hashOf(['admin', 'accounts'])}>{aw('backToAccounts', lang)}</a>
        </p>
      </section>
    );

  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    const found: FieldError[] = [];
    if (displayName.trim() === '')
      found.push({ field: 'account-name', message: aw('displayNameMissing', lang) });
    if (!LOGIN.test(login.trim())) found.push({ field: 'account-login', message: aw('loginInvalid', lang) });
    if (password.length < 12) found.push({ field: 'account-password', message: aw('passwordShort', lang) });
    const g = grantOf(grant, schoolId, 'account-grant', lang);
    found.push(...g.errors);
    setErrors(found);
    if (found.length > 0 || !g.body) return;
    send.mutate({ login: login.trim(), displayName: displayName.trim(), password, grant: g.body });
  };

  return (
    <section aria-labelledby="new-account-title">
      <h2 id="new-account-title">{aw('newAccountTitle', lang)}</h2>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <form noValidate onSubmit={submit} className="admin-form">
        <TextField
          id="account-name"
          label={aw('person', lang)}
          hint={aw('displayNameHint', lang)}
          value={displayName}
          onChange={setDisplayName}
          error={errorOf('account-name')}
          autoComplete="off"
        />
        <TextField
          id="account-login"
          label={aw('login', lang)}
          hint={aw('loginHint', lang)}
          value={login}
          onChange={setLogin}
          error={errorOf('account-login')}
          autoComplete="off"
        />
        <TextField
          id="account-password"
          label={aw('password', lang)}
          hint={aw('passwordHint', lang)}
          value={password}
          onChange={setPassword}
          error={errorOf('account-password')}
          autoComplete="new-password"
          className="mono"
        />
        <p>
          <button type="button" className="secondary small" onClick={() => setPassword(firstPassword())}>
            {aw('newPassword', lang)}
          </button>
        </p>
        {classes.data && (
          <GrantFields
            prefix="account-grant"
            legend={aw('firstRole', lang)}
            value={grant}
            onChange={setGrant}
            classes={classes.data.classes}
            errors={errors}
            lang={lang}
          />
        )}
        <div className="actions">
          <button type="submit" disabled={send.isPending}>
            {send.isPending ? aw('saving', lang) : aw('create', lang)}
          </button>
          <button type="button" className="secondary" onClick={() => go(['admin', 'accounts'])}>
            {aw('cancel', lang)}
          </button>
        </div>
      </form>
    </section>
  );
}
