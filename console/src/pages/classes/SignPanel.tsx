/**
 * Sign one batch, three ways (issue 13): in the browser with the principal's `.p12` (SignBatch.tsx); with a
 * USB token or a remote-signing service, through the signing request downloaded and the `.p7s` uploaded
 * (SignWithFile.tsx); or with the gateway's development signer, offered only where the gateway says it has
 * one (GET /v1/batches/{batchId} answers `devSigner`).
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Connection } from '../../api/client.ts';
import { type Lang, word } from '../../words.ts';
import { batchKey, fetchBatch } from './batch-data.ts';
import { DevSign } from './DevSign.tsx';
import { SignBatch } from './SignBatch.tsx';
import { SignWithFile } from './SignWithFile.tsx';
import { bw } from './words.ts';

type How = 'p12' | 'file' | 'dev';

export function SignPanel({
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
  const [how, setHow] = useState<How>('p12');
  const batch = useQuery({ queryKey: batchKey(batchId), queryFn: () => fetchBatch(connection, batchId) });
  const ways: { how: How; label: string; hint: string }[] = [
    { how: 'p12', label: bw('howP12', lang), hint: bw('howP12Hint', lang) },
    { how: 'file', label: bw('howFile', lang), hint: bw('howFileHint', lang) },
    ...(batch.data?.devSigner
      ? [{ how: 'dev' as const, label: bw('howDev', lang), hint: bw('howDevHint', lang) }]
      : []),
  ];
  return (
    <section className="card sign" aria-labelledby="sign-title" data-testid="sign-panel">
      <h3 id="sign-title">
        {word('signTitle', lang)} — {word('className', lang)} {className}
      </h3>
      <fieldset className="radios">
        <legend>{bw('signHow', lang)}</legend>
        {ways.map((x) => (
          <div key={x.how} className="radio">
            <input
              type="radio"
              id={`sign-how-${x.how}`}
              name="sign-how"
              checked={how === x.how}
              onChange={() => setHow(x.how)}
              aria-describedby={`sign-how-${x.how}-hint`}
            />
            <label htmlFor={`sign-how-${x.how}`}>{x.label}</label>
            <p className="hint" id={`sign-how-${x.how}-hint`}>
              {x.hint}
            </p>
          </div>
        ))}
      </fieldset>
      {how === 'p12' && (
        <SignBatch
          connection={connection}
          lang={lang}
          batchId={batchId}
          onDone={onDone}
          onCancel={onCancel}
        />
      )}
      {how === 'file' && (
        <SignWithFile
          connection={connection}
          lang={lang}
          schoolId={schoolId}
          batchId={batchId}
          className={className}
          onDone={onDone}
          onCancel={onCancel}
        />
      )}
      {how === 'dev' && (
        <DevSign connection={connection} lang={lang} batchId={batchId} onDone={onDone} onCancel={onCancel} />
      )}
    </section>
  );
}
