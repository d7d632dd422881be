/** The area's own navigation (its views) and the school year chosen, kept in the address. */
import { go, hashOf } from '../../shell/hash-route.ts';
import type { Lang } from '../../words.ts';
import { recentYears, type View } from './data.ts';
import { rw } from './words.ts';

const LABELS = { year: 'navReport', list: 'navReports', statistics: 'navStatistics' } as const;

export function SubNav({ lang, views, view, year }: { lang: Lang; views: View[]; view: View; year: string }) {
  const years = recentYears(new Date());
  if (!years.includes(year)) years.push(year);
  return (
    <div className="sub-nav">
      {views.length > 1 && (
        <nav aria-label={rw('title', lang)}>
          <ul>
            {views.map((v) => (
              <li key={v}>
                <a href={hashOf(['reports', v, year])} aria-current={v === view ? 'page' : undefined}>
                  {rw(LABELS[v], lang)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div className="field year-field">
        <label htmlFor="report-year">{rw('schoolYear', lang)}</label>
        <select id="report-year" value={year} onChange={(e) => go(['reports', view, e.target.value])}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
