/**
 * Where the signed-in person's notifications are mailed (the gateway mails them when it has an SMTP
 * server): a person gives their own address, or removes it. A GOV.UK form: label above, hint, the error
 * summary linking to the field and the message beside it.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import { ErrorSummary, TextField } from '../../ui/ErrorSummary.tsx';
import { type Lang, word } from '../../words.ts';
import { t } from './words.ts';

const EMAIL_KEY = ['notifications', 'email'] as const;
/** What a person's address looks like (the gateway checks it again). */
const LOOKS_LIKE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function EmailForm({ connection, lang }: { connection: Connection; lang: Lang }) {
  const queries = useQueryClient();
  const current = useQuery({
    queryKey: EMAIL_KEY,
    queryFn: async () => {
      const { data, error } = await connection.api.GET('/v1/notifications/email');
      if (!data) throw error;
      return data.email;
    },
  });
  const [value, setValue] = useState<string | undefined>(undefined);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState<string | undefined>(undefined);
  const save = useMutation({
    mutationFn: async (email: string | null) => {
      const { data, error } = await connection.api.PUT('/v1/notifications/email', { body: { email } });
      if (!data) throw error;
      return data.email;
    },
    onSuccess: (email) => {
      queries.setQueryData(EMAIL_KEY, email);
      setValue(undefined);
      setSaved(email ? t('emailSaved', lang) : t('emailRemoved', lang));
    },
  });
  const shown = value ?? current.data ?? '';

  const submit = (remove: boolean) => {
    setSaved(undefined);
    const email = remove ? '' : shown.trim();
    if (!remove && email === '') return setFieldError(t('emailMissing', lang));
    if (!remove && !LOOKS_LIKE_EMAIL.test(email)) return setFieldError(t('emailInvalid', lang));
    setFieldError(undefined);
    save.mutate(remove ? null : email);
  };
  const errors = [
    ...(fieldError ? [{ field: 'notification-email', message: fieldError }] : []),
    ...(save.error ? [{ message: apiMessage(save.error, lang) ?? word('network', lang) }] : []),
  ];

  return (
    <form
      className="notifications-email"
      aria-labelledby="notifications-email-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit(false);
      }}
    >
      <h3 id="notifications-email-title">{t('emailTitle', lang)}</h3>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <TextField
        id="notification-email"
        label={t('emailLabel', lang)}
        hint={t('emailHint', lang)}
        error={fieldError}
        value={shown}
        onChange={setValue}
        autoComplete="email"
      />
      <div className="notifications-email-actions">
        <button type="submit" disabled={save.isPending || current.isPending} data-testid="email-save">
          {t('emailSave', lang)}
        </button>
        {current.data && (
          <button
            type="button"
            className="secondary"
            disabled={save.isPending}
            onClick={() => submit(true)}
            data-testid="email-remove"
          >
            {t('emailRemove', lang)}
          </button>
        )}
      </div>
      {saved && (
        <p role="status" data-testid="email-saved">
          {saved}
        </p>
      )}
    </form>
  );
}
