/** Signing with the gateway's development signer: shown only where the gateway has one (SignPanel.tsx). */
import { useState } from 'react';
import type { Connection } from '../../api/client.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { type Lang, word } from '../../words.ts';
import { refusal } from './batch-data.ts';
import { bw } from './words.ts';

export function DevSign({
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
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  async function sign() {
    setBusy(true);
    try {
      const { data, error } = await connection.api.POST('/v1/batches/{batchId}/dev-sign', {
        params: { path: { batchId } },
      });
      if (!data) {
        setErrors([{ message: refusal(error, lang) }]);
        return;
      }
      onDone();
    } finally {
      setBusy(false);
    }
  }
  return (
    <div>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <p className="notice">{bw('howDevHint', lang)}</p>
      <div className="actions">
        <button type="button" onClick={sign} disabled={busy}>
          {busy ? word('signing', lang) : bw('devSignNow', lang)}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {word('cancel', lang)}
          </button>
        )}
      </div>
    </div>
  );
}
