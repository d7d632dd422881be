/**
 * Signing with a USB token or a remote-signing service (issue 13, DESIGN.md §3 "Signatures"): step 1
 * downloads the exact bytes to sign (the batch's manifest prepared for the chosen certificate, GET
 * …/signing-request); the principal signs that file with the token's or the service's software; step 2
 * uploads the detached CMS (.p7s), which the gateway verifies before anything is stored (POST …/signature).
 * A refusal is said in words: not for this batch, not by an approved certificate, not a signature file.
 */
import { instantDate } from '@hocba/records';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { Connection } from '../../api/client.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { type Lang, word } from '../../words.ts';
import { codeOf, refusal } from './batch-data.ts';
import { bytesOf, p7sBase64 } from './p7s.ts';
import { bw, P7S_ERROR_WORDS } from './words.ts';

/** The common name of a distinguished name ("CN=…, O=…"), else the whole name. */
const commonName = (dn: string): string => /(?:^|,\s*)CN=([^,]+)/.exec(dn)?.[1]?.trim() ?? dn;

export function SignWithFile({
  connection,
  lang,
  schoolId,
  batchId,
  className,
  onDone,
  onCancel,
}: {
  connection: Connection;
  lang: Lang;
  schoolId: string;
  batchId: string;
  className: string;
  onDone: () => void;
  onCancel?: (() => void) | undefined;
}) {
  const [chosen, setChosen] = useState<string | null>(null);
  const [downloaded, setDownloaded] = useState<{ file: string; digest: string } | null>(null);
  const [p7s, setP7s] = useState<File | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState<'download' | 'upload' | null>(null);

  const certificates = useQuery({
    queryKey: ['certificates', schoolId],
    queryFn: async () => {
      const { data, error } = await connection.api.GET('/v1/schools/{schoolId}/certificates', {
        params: { path: { schoolId } },
      });
      if (!data) throw error;
      // Only a certificate the province approved can sign (the gateway refuses the others).
      return data.items.filter((c) => c.status === 'active' || c.ledger?.status === 'approved');
    },
  });
  const approved = certificates.data ?? [];
  const signer = chosen ?? (approved.length === 1 ? approved[0]!.fingerprint : null);

  async function download() {
    if (!signer) {
      setErrors([
        { field: `cert-${approved[0]?.fingerprint ?? ''}`, message: bw('certificateMissing', lang) },
      ]);
      return;
    }
    setBusy('download');
    try {
      const { data, error } = await connection.api.GET('/v1/batches/{batchId}/signing-request', {
        params: { path: { batchId }, query: { signer } },
      });
      const bytes = data && bytesOf(data.manifestBytes);
      if (!data || !bytes) {
        setErrors([{ message: refusal(error, lang) }]);
        return;
      }
      const file = `hoc-ba-lop-${className}-can-ky.json`;
      const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file;
      a.click();
      // The click has handed the bytes to the download; the address can go.
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      setErrors([]);
      setDownloaded({ file, digest: data.digest });
    } finally {
      setBusy(null);
    }
  }

  async function upload(e: FormEvent) {
    e.preventDefault();
    if (!p7s) {
      setErrors([{ field: 'p7s-file', message: bw('p7sMissing', lang) }]);
      return;
    }
    setBusy('upload');
    try {
      const cms = p7sBase64(new Uint8Array(await p7s.arrayBuffer()));
      if (!cms) {
        setErrors([{ field: 'p7s-file', message: P7S_ERROR_WORDS.P7S_UNREADABLE![lang] }]);
        return;
      }
      const { data, error } = await connection.api.POST('/v1/batches/{batchId}/signature', {
        params: { path: { batchId } },
        body: { cms },
      });
      if (!data) {
        const words = P7S_ERROR_WORDS[codeOf(error)];
        setErrors([{ field: 'p7s-file', message: words?.[lang] ?? refusal(error, lang) }]);
        return;
      }
      setErrors([]);
      onDone();
    } finally {
      setBusy(null);
    }
  }

  const p7sError = errors.find((x) => x.field === 'p7s-file')?.message;
  if (certificates.isPending) return <p aria-busy="true">…</p>;
  if (approved.length === 0) {
    return (
      <p className="notice" data-testid="no-certificate">
        {certificates.isError ? refusal(certificates.error, lang) : bw('noCertificate', lang)}
      </p>
    );
  }
  return (
    <div className="sign-file">
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <h4>{bw('step1', lang)}</h4>
      <fieldset className="radios">
        <legend>{bw('certificate', lang)}</legend>
        <p className="hint">{bw('certificateHint', lang)}</p>
        {approved.map((c) => (
          <div key={c.fingerprint} className="radio">
            <input
              type="radio"
              id={`cert-${c.fingerprint}`}
              name="signer"
              checked={signer === c.fingerprint}
              onChange={() => setChosen(c.fingerprint)}
            />
            <label htmlFor={`cert-${c.fingerprint}`}>
              {commonName(c.subject)} —{' '}
              {bw('validUntil', lang, { date: instantDate(c.notAfter)?.[lang] ?? '—' })}
            </label>
          </div>
        ))}
      </fieldset>
      <div className="actions">
        <button type="button" className="secondary" onClick={download} disabled={busy !== null}>
          {busy === 'download' ? bw('downloading', lang) : bw('download', lang)}
        </button>
      </div>
      {downloaded && (
        <div className="notice" role="status" data-testid="downloaded">
          <p>{bw('downloaded', lang, { file: downloaded.file })}</p>
          <details>
            <summary>{bw('digest', lang)}</summary>
            <code className="digest">{downloaded.digest}</code>
          </details>
        </div>
      )}
      <form onSubmit={upload} noValidate aria-labelledby="step2-title">
        <h4 id="step2-title">{bw('step2', lang)}</h4>
        <div className={p7sError ? 'field field-error' : 'field'}>
          <label htmlFor="p7s-file">{bw('p7sFile', lang)}</label>
          <p className="hint" id="p7s-hint">
            {bw('p7sHint', lang)}
          </p>
          {p7sError && (
            <p className="error-message" id="p7s-file-error">
              {p7sError}
            </p>
          )}
          <input
            id="p7s-file"
            type="file"
            accept=".p7s,.p7m,.der,.pem,application/pkcs7-signature"
            aria-describedby={p7sError ? 'p7s-hint p7s-file-error' : 'p7s-hint'}
            aria-invalid={p7sError ? true : undefined}
            onChange={(e) => setP7s(e.target.files?.[0] ?? null)}
          />
        </div>
        <div className="actions">
          <button type="submit" disabled={busy !== null}>
            {busy === 'upload' ? bw('uploading', lang) : bw('upload', lang)}
          </button>
          {onCancel && (
            <button type="button" className="secondary" onClick={onCancel}>
              {word('cancel', lang)}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
