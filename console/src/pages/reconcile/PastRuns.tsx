/**
 * The past runs, newest first: when, how many mismatches (second, so that a phone shows it without
 * scrolling the table), where, how much was compared; each opens.
 */
import { instantText } from '@hocba/records';
import { hashOf } from '../../shell/hash-route.ts';
import type { Lang } from '../../words.ts';
import type { RunItem } from './data.ts';
import { scopeText } from './scope-text.ts';
import { rw } from './words.ts';

export function PastRuns({ lang, runs }: { lang: Lang; runs: RunItem[] | undefined }) {
  return (
    <section aria-labelledby="past-title" className="card">
      <h2 id="past-title">{rw('pastTitle', lang)}</h2>
      {!runs ? (
        <p aria-busy="true">{rw('loading', lang)}</p>
      ) : runs.length === 0 ? (
        <p>{rw('pastEmpty', lang)}</p>
      ) : (
        <div className="scroll reconcile-box">
          <table className="grid" data-testid="past-runs">
            <thead>
              <tr>
                <th scope="col">{rw('colStarted', lang)}</th>
                <th scope="col" className="num">
                  {rw('colFindings', lang)}
                </th>
                <th scope="col">{rw('colScope', lang)}</th>
                <th scope="col">{rw('colChecked', lang)}</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => {
                const start = instantText(r.startedAt)?.[lang] ?? '';
                return (
                  <tr key={r.id}>
                    <td>
                      <a
                        href={hashOf(['reconcile', 'run', r.id])}
                        aria-label={rw('openRun', lang, { start })}
                      >
                        {start}
                      </a>
                    </td>
                    <td className={`num${r.findingCount > 0 ? ' has-findings' : ''}`}>{r.findingCount}</td>
                    <td>{scopeText(r.scope, lang)}</td>
                    <td>
                      {rw('checkedCell', lang, { batches: r.checked.batches, records: r.checked.records })}
                      {r.state === 'running' && ` (${rw('stateRunning', lang)})`}
                      {r.state === 'failed' && ` (${rw('stateFailed', lang)})`}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
