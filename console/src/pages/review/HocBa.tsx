/**
 * The record laid out as the học bạ by the portal's own renderer (portal/src/record-view.ts over the record
 * model's layoutHocBa), mounted into this component's element: one record layout for the portal and the
 * console (issue 13). The record is flattened into its fields as integrity/ does for the commitments, which
 * is what the renderer reads.
 */
import { flattenFields } from '@hocba/integrity';
import { type RecordContext, recordView } from '@hocba/portal/record-view';
import { useEffect, useRef } from 'react';
import type { Lang } from '../../words.ts';
import { type SignOffRow, signOffsOf } from './sign-offs.ts';
import { rw } from './words.ts';

export function HocBa({
  record,
  lang,
  context,
  signatures,
}: {
  record: unknown;
  lang: Lang;
  context: Omit<RecordContext, 'lang' | 'inProgress' | 'signOffs'>;
  /** The answer's sign-offs: the blocks say who reviewed, confirmed and approved, and when. */
  signatures: readonly SignOffRow[];
}) {
  const box = useRef<HTMLDivElement>(null);
  const { schoolName, className, homeroomTeacherName, principalName } = context;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ctx: RecordContext = {
      lang,
      // Still in the school's workflow: not signed, not on the ledger yet.
      inProgress: true,
      ...(schoolName && { schoolName }),
      ...(className && { className }),
      ...(homeroomTeacherName && { homeroomTeacherName }),
      ...(principalName && { principalName }),
      signOffs: signOffsOf(signatures),
    };
    el.replaceChildren(recordView(flattenFields(record), 0, false, ctx));
  }, [record, lang, schoolName, className, homeroomTeacherName, principalName, signatures]);
  // The gateway leaves the biography out for a role that may not read it (records.biography.read).
  const withheld = typeof record === 'object' && record !== null && !('biography' in record);
  return (
    <>
      {withheld && (
        <p className="notice" data-testid="biography-withheld">
          {rw('biographyWithheld', lang)}
        </p>
      )}
      <div ref={box} className="review-hocba" data-testid="hocba" />
    </>
  );
}
