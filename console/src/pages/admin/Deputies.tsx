/**
 * The principal's assignment of deputies (Quy chế, Điều 9: a deputy sees and does what the principal
 * assigns): who is assigned now, since when, with a button to end it; and a choice among the school's staff
 * by name.
 */
import { instantDate } from '@hocba/records';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { SelectField } from '../../ui/fields.tsx';
import { type Lang, roleWord, word } from '../../words.ts';
import { refusal } from './refusal.ts';
import { aw } from './words.ts';

export function Deputies({
  connection,
  lang,
  schoolId,
}: {
  connection: Connection;
  lang: Lang;
  schoolId: string;
}) {
  const queries = useQueryClient();
  const key = ['admin-deputies', schoolId];
  const choice = useQuery({
    queryKey: key,
    queryFn: async () => {
      const { data, error } = await connection.api.GET('/v1/schools/{schoolId}/deputies', {
        params: { path: { schoolId } },
      });
      if (!data) throw error;
      return data;
    },
  });
  const [userId, setUserId] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saved, setSaved] = useState(false);
  const done = () => {
    setErrors([]);
    setSaved(true);
    return queries.invalidateQueries({ queryKey: key });
  };
  const assign = useMutation({
    mutationFn: async (id: string) => {
      const { data, error } = await connection.api.POST('/v1/schools/{schoolId}/deputies', {
        params: { path: { schoolId } },
        body: { userId: id },
      });
      if (!data) throw error;
      return data;
    },
    onSuccess: () => {
      setUserId('');
      return done();
    },
    onError: (e) =>
      setErrors(refusal(e, lang, { '/userId': 'deputy-user' }, { GRANT_EXISTS: 'deputy-user' })),
  });
  const remove = useMutation({
    mutationFn: async (id: string) => {
      const { error, response } = await connection.api.DELETE('/v1/schools/{schoolId}/deputies/{userId}', {
        params: { path: { schoolId, userId: id } },
      });
      if (!response.ok) throw error;
    },
    onSuccess: done,
    onError: (e) => setErrors([{ message: apiMessage(e, lang) ?? word('network', lang) }]),
  });

  if (choice.isPending) return <p aria-busy="true">{aw('loading', lang)}</p>;
  if (!choice.data)
    return (
      <ErrorSummary
        title={word('errorSummaryTitle', lang)}
        errors={[{ message: apiMessage(choice.error, lang) ?? word('network', lang) }]}
      />
    );
  const { deputies, staff } = choice.data;
  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    setSaved(false);
    if (!userId) {
      setErrors([{ field: 'deputy-user', message: aw('staffMissing', lang) }]);
      return;
    }
    assign.mutate(userId);
  };
  const error = errors.find((e) => e.field === 'deputy-user')?.message;
  return (
    <section aria-labelledby="deputies-title">
      <h2 id="deputies-title">{aw('deputiesTitle', lang)}</h2>
      <p className="intro">{aw('deputiesIntro', lang)}</p>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      {saved && (
        <p className="notice" role="status">
          {aw('done', lang)}
        </p>
      )}
      <h3>{aw('deputiesNow', lang)}</h3>
      {deputies.length === 0 ? (
        <p data-testid="no-deputies">{aw('noDeputies', lang)}</p>
      ) : (
        <div className="scroll admin-scroll">
          <table className="grid admin-deputies stack" data-testid="deputies">
            <thead>
              <tr>
                <th scope="col">{aw('person', lang)}</th>
                <th scope="col">{aw('login', lang)}</th>
                <th scope="col">{aw('since', lang)}</th>
                <th scope="col">{aw('actions', lang)}</th>
              </tr>
            </thead>
            <tbody>
              {deputies.map((d) => (
                <tr key={d.userId}>
                  <th scope="row">{d.displayName}</th>
                  <td className="login" data-label={aw('login', lang)}>
                    {d.login}
                  </td>
                  <td className="when" data-label={aw('since', lang)}>
                    {instantDate(d.since)?.[lang] ?? '—'}
                  </td>
                  <td data-label={aw('actions', lang)}>
                    <button
                      type="button"
                      className="secondary small"
                      disabled={remove.isPending}
                      onClick={() => remove.mutate(d.userId)}
                    >
                      {aw('removeDeputy', lang)}
                      <span className="visually-hidden"> — {d.displayName}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{aw('assignTitle', lang)}</h3>
      {staff.length === 0 ? (
        <p>{aw('noStaff', lang)}</p>
      ) : (
        <form noValidate onSubmit={submit} className="admin-form">
          <SelectField
            id="deputy-user"
            label={aw('staffMember', lang)}
            value={userId}
            onChange={setUserId}
            error={error}
            placeholder={aw('choose', lang)}
            options={staff.map((s) => ({
              value: s.userId,
              label: `${s.displayName} (${s.roles.map((r) => roleWord(r, lang)).join(', ')})`,
            }))}
          />
          <button type="submit" disabled={assign.isPending}>
            {assign.isPending ? aw('saving', lang) : aw('assign', lang)}
          </button>
        </form>
      )}
    </section>
  );
}
