/**
 * The season in two charts (recharts): batches signed, anchored and accepted, cumulative by day, and records
 * locked each day. Each series has its own line pattern and a label in the legend, so the chart still reads
 * in black and white on paper; the same numbers are in a table under the charts for a screen reader.
 */
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from 'recharts';
import type { Lang } from '../../words.ts';
import type { TimelineDay } from './data.ts';
import { seasonRows } from './season.ts';
import { yw } from './words.ts';

const SERIES = [
  { key: 'signed', word: 'seriesSigned', color: '#6b4500', dash: '6 3' },
  { key: 'anchored', word: 'seriesAnchored', color: '#0b4a8b', dash: '2 3' },
  { key: 'accepted', word: 'seriesAccepted', color: '#0a5c2a', dash: '' },
] as const;

export function Charts({
  days,
  lang,
  from,
  to,
}: {
  days: readonly TimelineDay[];
  lang: Lang;
  /** The season's first and last days to draw (YYYY-MM-DD), events outside them included all the same. */
  from?: string | undefined;
  to?: string | undefined;
}) {
  const rows = seasonRows(days, { from, to });
  return (
    <section className="card year-charts" aria-labelledby="year-charts-title">
      <h3 id="year-charts-title">{yw('chartsTitle', lang)}</h3>
      {rows.length === 0 ? (
        <p>{yw('noTimeline', lang)}</p>
      ) : (
        <>
          <figure className="chart" data-testid="chart-progress">
            <figcaption>{yw('chartProgress', lang)}</figcaption>
            <div aria-hidden="true" className="chart-box">
              <ResponsiveContainer width="100%" height={260}>
                <LineChart
                  accessibilityLayer={false}
                  data={rows}
                  margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
                >
                  <CartesianGrid stroke="#c9d1da" strokeDasharray="3 3" />
                  <XAxis dataKey="label" tick={{ fill: '#1b1f24' }} />
                  <YAxis allowDecimals={false} tick={{ fill: '#1b1f24' }} />
                  {/* The series' names in ink: on paper the line pattern beside each tells them apart. */}
                  <Legend formatter={(name) => <span className="legend-text">{name}</span>} />
                  {SERIES.map((s) => (
                    <Line
                      key={s.key}
                      type="stepAfter"
                      dataKey={s.key}
                      name={yw(s.word, lang)}
                      stroke={s.color}
                      strokeWidth={2.5}
                      strokeDasharray={s.dash}
                      legendType="plainline"
                      dot={false}
                      isAnimationActive={false}
                    />
                  ))}
                </LineChart>
              </ResponsiveContainer>
            </div>
          </figure>
          <figure className="chart" data-testid="chart-locks">
            <figcaption>{yw('chartLocks', lang)}</figcaption>
            <div aria-hidden="true" className="chart-box">
              <ResponsiveContainer width="100%" height={220}>
                <BarChart
                  accessibilityLayer={false}
                  data={rows}
                  margin={{ top: 20, right: 16, bottom: 8, left: 0 }}
                >
                  <CartesianGrid stroke="#c9d1da" strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="label" tick={{ fill: '#1b1f24' }} />
                  <YAxis allowDecimals={false} tick={{ fill: '#1b1f24' }} />
                  <Bar
                    dataKey="recordsLocked"
                    name={yw('seriesLocked', lang)}
                    fill="#0b4a8b"
                    isAnimationActive={false}
                  >
                    {rows.length <= 31 && <LabelList dataKey="recordsLocked" position="top" fill="#1b1f24" />}
                  </Bar>
                </BarChart>
              </ResponsiveContainer>
            </div>
          </figure>
          <details className="chart-table">
            <summary>{yw('chartTable', lang)}</summary>
            <div className="scroll">
              <table className="grid" data-testid="chart-table">
                <caption className="visually-hidden">{yw('chartsTitle', lang)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{yw('date', lang)}</th>
                    <th scope="col" className="num">
                      {yw('seriesLocked', lang)}
                    </th>
                    {SERIES.map((s) => (
                      <th scope="col" className="num" key={s.key}>
                        {yw(s.word, lang)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.date}>
                      <th scope="row">{`${r.label}/${r.date.slice(0, 4)}`}</th>
                      <td className="num">{r.recordsLocked}</td>
                      <td className="num">{r.signed}</td>
                      <td className="num">{r.anchored}</td>
                      <td className="num">{r.accepted}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}
