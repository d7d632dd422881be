/**
 * Retiring a trust anchor, one decision on a page of its own (GOV.UK): the anchor's facts, what retiring it
 * does in plain words, the reason (required: it goes on the ledger with the retirement), then confirm or go
 * back. Sent, the list page follows the ledger until it shows the anchor retired.
 */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import { go, hashOf } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { TextAreaField } from '../../ui/fields.tsx';
import { type Lang, word } from '../../words.ts';
import { AnchorFacts, useAnchors } from './TrustAnchors.tsx';
import { tw } from './words.ts';

export function RetireAnchor({
  connection,
  lang,
  fingerprint,
}: {
  connection: Connection;
  lang: Lang;
  fingerprint: string;
}) {
  const anchors = useAnchors(connection);
  const anchor = anchors.data?.find((a) => a.fingerprint === fingerprint);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);

  const retire = useMutation({
    mutationFn: async (why: string) => {
      const { data, error } = await connection.api.POST('/v1/trust-anchors/{fingerprint}/retire', {
        params: { path: { fingerprint } },
        body: { reason: why },
      });
      if (!data) throw error;
      return data;
    },
    onSuccess: () => go(['audit', 'anchors', 'retiring', fingerprint]),
    onError: (e) =>
      setErrors([{ field: 'retire-reason', message: apiMessage(e, lang) ?? word('network', lang) }]),
  });

  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    const why = reason.trim();
    const problem =
      why === ''
        ? tw('retireReasonMissing', lang)
        : why.length < 3
          ? tw('retireReasonShort', lang)
          : why.length > 200
            ? tw('retireReasonLong', lang)
            : undefined;
    if (problem) {
      setErrors([{ field: 'retire-reason', message: problem }]);
      return;
    }
    setErrors([]);
    retire.mutate(why);
  };

  const back = (
    <a href={hashOf(['audit', 'anchors'])} className="back-link">
      {tw('cancel', lang)}
    </a>
  );
  if (anchors.isPending) return <p aria-busy="true">{tw('loading', lang)}</p>;
  if (anchor?.status !== 'active')
    return (
      <section aria-labelledby="retire-title">
        <h2 id="retire-title">{tw('retireTitle', lang)}</h2>
        <p className="notice">{anchor ? tw('alreadyRetired', lang) : tw('anchorNotFound', lang)}</p>
        {back}
      </section>
    );
  return (
    <section aria-labelledby="retire-title" className="retire">
      <h2 id="retire-title">{tw('retireTitle', lang)}</h2>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <div className="card">
        <AnchorFacts anchor={anchor} lang={lang} />
      </div>
      <p className="warning-text" data-testid="retire-what">
        <strong>{tw('retireWhat', lang)}</strong>
      </p>
      <form noValidate onSubmit={submit}>
        <TextAreaField
          id="retire-reason"
          label={tw('retireReason', lang)}
          hint={tw('retireReasonHint', lang)}
          value={reason}
          onChange={setReason}
          error={errors.find((e) => e.field === 'retire-reason')?.message}
        />
        <div className="actions">
          <button type="submit" className="danger" disabled={retire.isPending}>
            {retire.isPending ? tw('sending', lang) : tw('retireConfirm', lang)}
          </button>
          {back}
        </div>
      </form>
    </section>
  );
}
