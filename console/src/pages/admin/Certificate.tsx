/**
 * The principal's certificate (seed 000 Điều 8.5: the school registers it; Điều 4.3b: the province approves
 * it): the school's certificates with who holds it, who issued it, its validity (dd/mm/yyyy) and fingerprint
 * grouped for reading aloud, and whether the province has approved it; a form that sends a new one from a
 * .cer/.crt/.pem file or out of the principal's .p12/.pfx (the key stays in the page).
 */
import { instantDate } from '@hocba/records';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { TextField } from '../../ui/fields.tsx';
import { type Lang, SIGNING_ERROR_WORDS, word } from '../../words.ts';
import { groupedFingerprint, nameText } from './cert-text.ts';
import { refusal } from './refusal.ts';
import { aw, CERT_STATUS_WORDS } from './words.ts';

const date = (iso: string, lang: Lang) => instantDate(iso)?.[lang] ?? '—';

export function Certificate({
  connection,
  lang,
  schoolId,
}: {
  connection: Connection;
  lang: Lang;
  schoolId: string;
}) {
  const queries = useQueryClient();
  const key = ['admin-certificates', schoolId];
  const certs = useQuery({
    queryKey: key,
    queryFn: async () => {
      const { data, error } = await connection.api.GET('/v1/schools/{schoolId}/certificates', {
        params: { path: { schoolId } },
      });
      if (!data) throw error;
      return data.items;
    },
  });
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saved, setSaved] = useState(false);
  // A new key empties the file input once the certificate is sent (a file input cannot be set to a value).
  const [inputKey, setInputKey] = useState(0);
  const keyStore = file !== null && /\.(p12|pfx)$/i.test(file.name);

  const send = useMutation({
    mutationFn: async (o: { file: File; password: string }) => {
      const { certificateText, CertificateFileError } = await import('./certificate-file.ts');
      let certificate: string;
      try {
        certificate = await certificateText(
          new Uint8Array(await o.file.arrayBuffer()),
          o.file.name,
          o.password,
        );
      } catch (e) {
        if (e instanceof CertificateFileError) throw { fileCode: e.code };
        throw e;
      }
      const { data, error } = await connection.api.POST('/v1/schools/{schoolId}/certificates', {
        params: { path: { schoolId } },
        body: { certificate },
      });
      if (!data) throw error;
      return data;
    },
    onSuccess: () => {
      setErrors([]);
      setSaved(true);
      setFile(null);
      setPassword('');
      setInputKey((k) => k + 1);
      return queries.invalidateQueries({ queryKey: key });
    },
    onError: (e) => {
      const code = (e as { fileCode?: string }).fileCode;
      if (code === 'PKCS12_BAD_PASSWORD')
        setErrors([{ field: 'cert-password', message: SIGNING_ERROR_WORDS[code]![lang] }]);
      else if (code)
        setErrors([
          {
            field: 'cert-file',
            message: SIGNING_ERROR_WORDS[code]?.[lang] ?? aw('certFileUnreadable', lang),
          },
        ]);
      else
        setErrors(
          refusal(e, lang, { '/certificate': 'cert-file' }, {}).map((x) => ({ field: 'cert-file', ...x })),
        );
    },
  });

  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    setSaved(false);
    const found: FieldError[] = [];
    if (!file) found.push({ field: 'cert-file', message: aw('certFileMissing', lang) });
    if (keyStore && password === '')
      found.push({ field: 'cert-password', message: aw('p12PasswordMissing', lang) });
    setErrors(found);
    if (found.length === 0 && file) send.mutate({ file, password });
  };
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const fileError = errorOf('cert-file');

  return (
    <section aria-labelledby="cert-title">
      <h2 id="cert-title">{aw('certTitle', lang)}</h2>
      <p className="intro">{aw('certIntro', lang)}</p>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      {saved && (
        <p className="notice" role="status">
          {aw('registered', lang)}
        </p>
      )}
      {certs.isPending ? (
        <p aria-busy="true">{aw('loading', lang)}</p>
      ) : !certs.data ? (
        <p className="notice">{apiMessage(certs.error, lang) ?? word('network', lang)}</p>
      ) : certs.data.length === 0 ? (
        <p>{aw('noCerts', lang)}</p>
      ) : (
        <ul className="certs" data-testid="certificates">
          {certs.data.map((c) => (
            <li key={c.fingerprint} className="card cert" data-status={c.status}>
              <p className={`cert-status status-${c.status}`}>
                <strong>{CERT_STATUS_WORDS[c.status]?.[lang] ?? '—'}</strong>
              </p>
              <dl className="facts">
                <div className="fact">
                  <dt>{aw('holder', lang)}</dt>
                  <dd>{nameText(c.subject)}</dd>
                </div>
                <div className="fact">
                  <dt>{aw('issuer', lang)}</dt>
                  <dd>{nameText(c.issuer)}</dd>
                </div>
                <div className="fact">
                  <dt>{aw('validity', lang)}</dt>
                  <dd>
                    {aw('validFromTo', lang, { from: date(c.notBefore, lang), to: date(c.notAfter, lang) })}
                  </dd>
                </div>
                <div className="fact">
                  <dt>{aw('fingerprint', lang)}</dt>
                  <dd className="fingerprint">{groupedFingerprint(c.fingerprint)}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <h3>{aw('registerTitle', lang)}</h3>
      <form noValidate onSubmit={submit} className="admin-form">
        <div className={fileError ? 'field field-error' : 'field'}>
          <label htmlFor="cert-file">{aw('certFile', lang)}</label>
          <p className="hint" id="cert-file-hint">
            {aw('certFileHint', lang)}
          </p>
          {fileError && (
            <p className="error-message" id="cert-file-error">
              {fileError}
            </p>
          )}
          <input
            key={inputKey}
            id="cert-file"
            type="file"
            accept=".cer,.crt,.pem,.der,.p12,.pfx"
            aria-describedby={fileError ? 'cert-file-hint cert-file-error' : 'cert-file-hint'}
            aria-invalid={fileError ? true : undefined}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        {keyStore && (
          <TextField
            id="cert-password"
            type="password"
            label={aw('p12Password', lang)}
            value={password}
            onChange={setPassword}
            error={errorOf('cert-password')}
            autoComplete="off"
          />
        )}
        <button type="submit" disabled={send.isPending}>
          {send.isPending ? aw('saving', lang) : aw('register', lang)}
        </button>
      </form>
    </section>
  );
}
