/**
 * One account's roles at the school: each in words with a button that takes it back, and a form that gives
 * another (role, then class and subject by name).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { type Lang, word } from '../../words.ts';
import { accountsKey } from './Accounts.tsx';
import { GrantFields } from './GrantFields.tsx';
import { type GrantChoice, grantOf, grantText, NO_GRANT } from './grants.ts';
import { refusal } from './refusal.ts';
import { useSchoolClasses } from './school-data.ts';
import { aw } from './words.ts';

export function AccountGrants({
  connection,
  lang,
  schoolId,
  userId,
}: {
  connection: Connection;
  lang: Lang;
  schoolId: string;
  userId: string;
}) {
  const queries = useQueryClient();
  const classes = useSchoolClasses(connection, schoolId);
  const key = ['admin-account', userId];
  const account = useQuery({
    queryKey: key,
    queryFn: async () => {
      const { data, error } = await connection.api.GET('/v1/users/{userId}', {
        params: { path: { userId } },
      });
      if (!data) throw error;
      return data;
    },
  });
  const [grant, setGrant] = useState<GrantChoice>(NO_GRANT);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saved, setSaved] = useState(false);
  const changed = () => {
    setErrors([]);
    return Promise.all([
      queries.invalidateQueries({ queryKey: key }),
      queries.invalidateQueries({ queryKey: accountsKey(schoolId) }),
    ]);
  };
  const give = useMutation({
    mutationFn: async (body: NonNullable<ReturnType<typeof grantOf>['body']>) => {
      const { data, error } = await connection.api.POST('/v1/users/{userId}/grants', {
        params: { path: { userId } },
        body,
      });
      if (!data) throw error;
      return data;
    },
    onSuccess: () => {
      setGrant(NO_GRANT);
      setSaved(true);
      return changed();
    },
    onError: (e) =>
      setErrors(
        refusal(
          e,
          lang,
          { '/classId': 'grant-class', '/subject': 'grant-subject' },
          { GRANT_EXISTS: 'grant-role-0' },
        ),
      ),
  });
  const revoke = useMutation({
    mutationFn: async (grantId: string) => {
      const { error, response } = await connection.api.DELETE('/v1/users/{userId}/grants/{grantId}', {
        params: { path: { userId, grantId } },
      });
      if (!response.ok) throw error;
    },
    onSuccess: changed,
    onError: (e) => setErrors([{ message: apiMessage(e, lang) ?? word('network', lang) }]),
  });

  if (account.isPending || classes.isPending) return <p aria-busy="true">{aw('loading', lang)}</p>;
  if (!account.data || !classes.data)
    return (
      <ErrorSummary
        title={word('errorSummaryTitle', lang)}
        errors={[{ message: apiMessage(account.error ?? classes.error, lang) ?? word('network', lang) }]}
      />
    );
  const a = account.data;
  const list = classes.data.classes;
  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    setSaved(false);
    const g = grantOf(grant, schoolId, 'grant', lang);
    setErrors(g.errors);
    if (g.body) give.mutate(g.body);
  };
  return (
    <section aria-labelledby="grants-title">
      <p>
        <a href={hashOf(['admin', 'accounts'])}>{aw('backToAccounts', lang)}</a>
      </p>
      <h2 id="grants-title">{aw('grantsTitle', lang, { name: a.displayName })}</h2>
      <p className="intro">
        {aw('login', lang)}: <span className="login">{a.login}</span> —{' '}
        {a.active ? aw('active', lang) : aw('disabled', lang)}
      </p>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      {saved && (
        <p className="notice" role="status">
          {aw('done', lang)}
        </p>
      )}
      {a.grants.length === 0 ? (
        <p>{aw('noGrants', lang)}</p>
      ) : (
        <ul className="grants" data-testid="grants">
          {a.grants.map((g) => (
            <li key={g.id}>
              <span>{grantText(g, list, lang)}</span>
              <button
                type="button"
                className="secondary small"
                disabled={revoke.isPending}
                onClick={() => revoke.mutate(g.id)}
              >
                {aw('revoke', lang)}
                <span className="visually-hidden"> — {grantText(g, list, lang)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <h3>{aw('addGrant', lang)}</h3>
      <form noValidate onSubmit={submit} className="admin-form">
        <GrantFields
          prefix="grant"
          legend={aw('role', lang)}
          value={grant}
          onChange={setGrant}
          classes={list}
          errors={errors}
          lang={lang}
        />
        <button type="submit" disabled={give.isPending}>
          {give.isPending ? aw('saving', lang) : aw('give', lang)}
        </button>
      </form>
    </section>
  );
}
