/**
 * The district officer's acceptance (issue 14): `#/acceptance` the queue of batches waiting, oldest first,
 * with their deadline countdowns; `#/acceptance/batch/<id>` one batch checked against the ledger, its
 * accept button after the checks; `#/acceptance/confirm/<id,id…>` the confirmation (GOV.UK: one decision,
 * said in plain words first); `#/acceptance/done/<id,id…>` each acceptance followed to the ledger;
 * `#/acceptance/schools` the district's schools and how far their classes are.
 */
import type { PageProps } from '../../shell/page.ts';
import './acceptance.css';
import { BatchCheck } from './BatchCheck.tsx';
import { Confirm } from './Confirm.tsx';
import { Following } from './Following.tsx';
import { Queue } from './Queue.tsx';
import { Schools } from './Schools.tsx';

const idsOf = (segment: string | undefined) => (segment ?? '').split(',').filter((s) => s !== '');

export default function AcceptancePage({ connection, lang, rest }: PageProps) {
  const [view, arg] = rest;
  if (view === 'batch' && arg) return <BatchCheck connection={connection} lang={lang} batchId={arg} />;
  if (view === 'confirm' && idsOf(arg).length > 0) {
    return <Confirm connection={connection} lang={lang} batchIds={idsOf(arg)} />;
  }
  if (view === 'done' && idsOf(arg).length > 0) {
    return <Following connection={connection} lang={lang} batchIds={idsOf(arg)} />;
  }
  if (view === 'schools') return <Schools connection={connection} lang={lang} />;
  return <Queue connection={connection} lang={lang} />;
}
