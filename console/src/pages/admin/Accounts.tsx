/**
 * The school's accounts (issue 13, school admin): who has an account, with which roles at the school, and
 * whether it is in use; an account disabled or enabled again from the list. Creating an account and giving or
 * taking its roles are screens of their own (AccountForm, AccountGrants).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import { hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { type Lang, word } from '../../words.ts';
import { grantText } from './grants.ts';
import { useSchoolClasses } from './school-data.ts';
import { aw } from './words.ts';

export const accountsKey = (schoolId: string) => ['admin-accounts', schoolId];

export function useAccounts(connection: Connection, schoolId: string) {
  return useQuery({
    queryKey: accountsKey(schoolId),
    queryFn: async () => {
      const { data, error } = await connection.api.GET('/v1/users', { params: { query: { schoolId } } });
      if (!data) throw error;
      return data.items;
    },
  });
}

export function Accounts({
  connection,
  lang,
  schoolId,
  selfId,
}: {
  connection: Connection;
  lang: Lang;
  schoolId: string;
  selfId: string | undefined;
}) {
  const queries = useQueryClient();
  const accounts = useAccounts(connection, schoolId);
  const classes = useSchoolClasses(connection, schoolId);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const setActive = useMutation({
    mutationFn: async (o: { userId: string; active: boolean }) => {
      const { data, error } = await connection.api.PUT('/v1/users/{userId}/active', {
        params: { path: { userId: o.userId } },
        body: { active: o.active },
      });
      if (!data) throw error;
      return data;
    },
    onSuccess: () => {
      setErrors([]);
      return queries.invalidateQueries({ queryKey: accountsKey(schoolId) });
    },
    onError: (e) => setErrors([{ message: apiMessage(e, lang) ?? word('network', lang) }]),
  });

  if (accounts.isPending || classes.isPending) return <p aria-busy="true">{aw('loading', lang)}</p>;
  if (!accounts.data || !classes.data) {
    const e = accounts.error ?? classes.error;
    return (
      <ErrorSummary
        title={word('errorSummaryTitle', lang)}
        errors={[{ message: apiMessage(e, lang) ?? word('network', lang) }]}
      />
    );
  }
  const list = classes.data.classes;
  return (
    <section aria-labelledby="accounts-title">
      <h2 id="accounts-title">{aw('accountsTitle', lang)}</h2>
      <p className="intro">{aw('accountsIntro', lang)}</p>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <p>
        <a className="button" href={hashOf(['admin', 'accounts', 'new'])}>
          {aw('newAccount', lang)}
        </a>
      </p>
      {accounts.data.length === 0 ? (
        <p>{aw('noAccounts', lang)}</p>
      ) : (
        <div className="scroll admin-scroll">
          <table className="grid admin-accounts stack" data-testid="accounts">
            <thead>
              <tr>
                <th scope="col">{aw('person', lang)}</th>
                <th scope="col">{aw('login', lang)}</th>
                <th scope="col">{aw('roles', lang)}</th>
                <th scope="col">{aw('state', lang)}</th>
                <th scope="col">{aw('actions', lang)}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.data.map((a) => (
                <tr key={a.id} data-login={a.login}>
                  <th scope="row">{a.displayName}</th>
                  <td className="login" data-label={aw('login', lang)}>
                    {a.login}
                  </td>
                  <td data-label={aw('roles', lang)}>
                    <ul className="plain">
                      {a.grants.map((g) => (
                        <li key={g.id}>{grantText(g, list, lang)}</li>
                      ))}
                    </ul>
                  </td>
                  <td data-label={aw('state', lang)}>
                    {a.active ? aw('active', lang) : aw('disabled', lang)}
                  </td>
                  <td data-label={aw('actions', lang)}>
                    <div className="row-actions">
                      <a href={hashOf(['admin', 'accounts', a.id])}>
                        {aw('manage', lang)}
                        <span className="visually-hidden"> — {a.displayName}</span>
                      </a>
                      {a.id !== selfId && (
                        <button
                          type="button"
                          className="secondary small"
                          disabled={setActive.isPending}
                          onClick={() => setActive.mutate({ userId: a.id, active: !a.active })}
                        >
                          {a.active ? aw('disable', lang) : aw('enable', lang)}
                          <span className="visually-hidden"> — {a.displayName}</span>
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="note">{aw('disabledNote', lang)}</p>
    </section>
  );
}
