/**
 * The Ministry's audit reconciliation (issue 14), for the Ministry's auditor and a province's officer:
 * `#/reconcile` choose the scope, run, see the progress and the past runs; `#/reconcile/run/<id>` one run's
 * result and its findings.
 */
import type { PageProps } from '../../shell/page.ts';
import './reconcile.css';
import { RunResult } from './RunResult.tsx';
import { Start } from './Start.tsx';

export default function ReconcilePage({ connection, lang, rest }: PageProps) {
  const [view, id] = rest;
  if (view === 'run' && id) return <RunResult connection={connection} lang={lang} id={id} />;
  return <Start connection={connection} lang={lang} />;
}
