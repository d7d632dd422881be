/**
 * Sign one batch with the principal's `.p12` in the browser (one of SignPanel.tsx's three ways) (signing.ts, loaded when this form is first
 * used). GOV.UK's patterns: the file and its password as labelled fields, an error summary linking to each.
 */
import { type FormEvent, useId, useState } from 'react';
import type { Connection } from '../../api/client.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { TextField } from '../../ui/fields.tsx';
import { type Lang, SIGNING_ERROR_WORDS, word } from '../../words.ts';

export function SignBatch({
  connection,
  lang,
  batchId,
  onDone,
  onCancel,
}: {
  connection: Connection;
  lang: Lang;
  batchId: string;
  onDone: () => void;
  onCancel?: (() => void) | undefined;
}) {
  const w = (k: Parameters<typeof word>[0]) => word(k, lang);
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const hintId = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: FieldError[] = [];
    if (!file) problems.push({ field: 'p12-file', message: w('p12Missing') });
    if (!password) problems.push({ field: 'p12-password', message: w('p12PasswordMissing') });
    setErrors(problems);
    if (problems.length > 0 || !file) return;
    setBusy(true);
    try {
      const { signBatch, SigningError } = await import('../../signing.ts');
      try {
        await signBatch(connection.api, batchId, new Uint8Array(await file.arrayBuffer()), password);
        setPassword('');
        onDone();
      } catch (err) {
        const code = err instanceof SigningError ? err.code : '';
        const message =
          SIGNING_ERROR_WORDS[code]?.[lang] ??
          (err instanceof SigningError ? err.gatewayMessage?.[lang] : undefined) ??
          w('network');
        const field =
          code === 'PKCS12_BAD_PASSWORD'
            ? 'p12-password'
            : code.startsWith('PKCS12')
              ? 'p12-file'
              : undefined;
        setErrors([{ ...(field && { field }), message }]);
      }
    } finally {
      setBusy(false);
    }
  }

  const fileError = errors.find((x) => x.field === 'p12-file')?.message;
  return (
    <form onSubmit={submit} noValidate aria-label={w('signTitle')}>
      <ErrorSummary title={w('errorSummaryTitle')} errors={errors} />
      <p className="hint">{w('signIntro')}</p>
      <div className={fileError ? 'field field-error' : 'field'}>
        <label htmlFor="p12-file">{w('p12File')}</label>
        <p className="hint" id={hintId}>
          {w('p12Hint')}
        </p>
        {fileError && (
          <p className="error-message" id="p12-file-error">
            {fileError}
          </p>
        )}
        <input
          id="p12-file"
          type="file"
          accept=".p12,.pfx,application/x-pkcs12"
          aria-describedby={fileError ? `${hintId} p12-file-error` : hintId}
          aria-invalid={fileError ? true : undefined}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>
      <TextField
        id="p12-password"
        label={w('p12Password')}
        type="password"
        value={password}
        onChange={setPassword}
        error={errors.find((x) => x.field === 'p12-password')?.message}
        autoComplete="off"
      />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? w('signing') : w('signNow')}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {w('cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
