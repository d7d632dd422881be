/**
 * Import from Excel (issue 13 point 2): a class list, the primary results sheet or a secondary mark sheet,
 * previewed before anything is written. Addresses: `#/imports` (choose and upload), `#/imports/new/<kind>/
 * <classId>` (the same, with the kind and class chosen), `#/imports/<kind>/<jobId>` (one import: progress,
 * problems or preview, commit, result).
 */
import type { PageProps } from '../../shell/page.ts';
import { type ImportKind, KINDS } from './data.ts';
import { JobPanel } from './JobPanel.tsx';
import { UploadForm } from './UploadForm.tsx';
import { iw } from './words.ts';
import './imports.css';

const isKind = (k: string | undefined): k is ImportKind => KINDS.includes(k as ImportKind);

export default function ImportsPage({ connection, lang, session, rest }: PageProps) {
  const [first, second, third] = rest;
  const job = isKind(first) && second ? { kind: first, jobId: second } : undefined;
  return (
    <section aria-labelledby="imp-title" className="imp">
      <h2 id="imp-title">{iw('title', lang)}</h2>
      {job ? (
        <JobPanel key={job.jobId} connection={connection} lang={lang} session={session} {...job} />
      ) : (
        <>
          <p className="intro">{iw('intro', lang)}</p>
          <UploadForm
            key={rest.join('/')}
            connection={connection}
            lang={lang}
            session={session}
            initialKind={first === 'new' && isKind(second) ? second : undefined}
            initialClassId={first === 'new' ? third : undefined}
          />
        </>
      )}
    </section>
  );
}
