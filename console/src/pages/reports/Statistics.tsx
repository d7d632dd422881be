/**
 * The statistics a Phòng or Sở files (seed 000 Điều 6.1b, 7.3–7.4): the year's records by the steps they
 * passed, at the level of detail chosen (district, school, school and grade), filtered by district and
 * school within the caller's remit, with the totals; "Tải về Excel" downloads the same as a workbook.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Connection } from '../../api/client.ts';
import type { Session } from '../../session.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { type Lang, word } from '../../words.ts';
import {
  downloadStatistics,
  fetchStatistics,
  n,
  refusal,
  type Statistics,
  type StatisticsFilter,
  statisticsKey,
} from './data.ts';
import { TableBox } from './TableBox.tsx';
import { type ReportWord, rw } from './words.ts';

type Level = 'districts' | 'schools' | 'rows';
const LEVELS: [Level, ReportWord][] = [
  ['districts', 'byDistrict'],
  ['schools', 'bySchool'],
  ['rows', 'byGrade'],
];
const COUNTS: [keyof Statistics['totals'], ReportWord][] = [
  ['total', 'colTotal'],
  ['locked', 'colLocked'],
  ['signed', 'colSigned'],
  ['anchored', 'colAnchored'],
  ['accepted', 'colAccepted'],
  ['revoked', 'colRevoked'],
];

type Row = Statistics['rows'][number] | Statistics['schools'][number] | Statistics['districts'][number];

function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function StatisticsTable({ s, level, lang }: { s: Statistics; level: Level; lang: Lang }) {
  const rows: Row[] = s[level];
  const labels: ReportWord[] =
    level === 'districts'
      ? ['colDistrict', 'colSchools']
      : level === 'schools'
        ? ['colDistrict', 'colSchool']
        : ['colDistrict', 'colSchool', 'colGrade'];
  const cells = (r: Row) => {
    if (level === 'districts') {
      const d = r as Statistics['districts'][number];
      return [d.districtName, n(d.schools, lang)];
    }
    if (level === 'schools') {
      const x = r as Statistics['schools'][number];
      return [x.districtName, x.schoolName];
    }
    const g = r as Statistics['rows'][number];
    return [g.districtName, g.schoolName, String(g.grade)];
  };
  return (
    <TableBox label={rw('tableLabel', lang, { name: rw(LEVELS.find((l) => l[0] === level)![1], lang) })}>
      <table className="grid stats" data-testid="statistics-table">
        <thead>
          <tr>
            {labels.map((l) => (
              <th key={l} scope="col" className={l === 'colSchools' || l === 'colGrade' ? 'num' : undefined}>
                {rw(l, lang)}
              </th>
            ))}
            {COUNTS.map(([k, l]) => (
              <th key={k} scope="col" className="num">
                {rw(l, lang)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${'schoolId' in r ? r.schoolId : r.districtId}-${'grade' in r ? r.grade : i}`}>
              {cells(r).map((c, j) => (
                <td
                  key={labels[j]}
                  className={labels[j] === 'colSchools' || labels[j] === 'colGrade' ? 'num' : undefined}
                >
                  {c}
                </td>
              ))}
              {COUNTS.map(([k]) => (
                <td key={k} className="num">
                  {n(r[k], lang)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={labels.length}>
              {rw('total', lang)}
            </th>
            {COUNTS.map(([k]) => (
              <td key={k} className="num">
                {n(s.totals[k], lang)}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </TableBox>
  );
}

export function StatisticsView({
  connection,
  lang,
  year,
}: {
  connection: Connection;
  lang: Lang;
  year: string;
  session: Session;
}) {
  const [districtId, setDistrictId] = useState('');
  const [schoolId, setSchoolId] = useState('');
  const [level, setLevel] = useState<Level>('rows');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const filter: StatisticsFilter = {
    schoolYear: year,
    districtId: districtId || undefined,
    schoolId: schoolId || undefined,
  };
  // The options: everything in the remit, unfiltered.
  const all = useQuery({
    queryKey: statisticsKey(year),
    queryFn: () => fetchStatistics(connection, { schoolYear: year }),
  });
  const shown = useQuery({
    queryKey: statisticsKey(year, filter.districtId, filter.schoolId),
    queryFn: () => fetchStatistics(connection, filter),
  });
  const download = useMutation({
    mutationFn: () => downloadStatistics(connection, filter),
    onSuccess: ({ blob, name }) => {
      setErrors([]);
      save(blob, name);
    },
    onError: (e) => setErrors([{ message: refusal(e, lang) }]),
  });
  const districts = all.data?.districts ?? [];
  const schools = (all.data?.schools ?? []).filter((s) => !districtId || s.districtId === districtId);
  const s = shown.data;
  return (
    <section className="card" aria-labelledby="stats-title">
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <h2 id="stats-title">{rw('statsTitle', lang, { year })}</h2>
      <p className="hint">{rw('statsIntro', lang)}</p>
      <div className="filters">
        {districts.length > 1 && (
          <div className="field">
            <label htmlFor="stats-district">{rw('filterDistrict', lang)}</label>
            <select
              id="stats-district"
              value={districtId}
              onChange={(e) => {
                setDistrictId(e.target.value);
                setSchoolId('');
              }}
            >
              <option value="">{rw('allDistricts', lang)}</option>
              {districts.map((d) => (
                <option key={d.districtId} value={d.districtId}>
                  {d.districtName}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="stats-school">{rw('filterSchool', lang)}</label>
          <select id="stats-school" value={schoolId} onChange={(e) => setSchoolId(e.target.value)}>
            <option value="">{rw('allSchools', lang)}</option>
            {schools.map((x) => (
              <option key={x.schoolId} value={x.schoolId}>
                {x.schoolName}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="stats-level">{rw('level', lang)}</label>
          <select id="stats-level" value={level} onChange={(e) => setLevel(e.target.value as Level)}>
            {LEVELS.map(([l, w]) => (
              <option key={l} value={l}>
                {rw(w, lang)}
              </option>
            ))}
          </select>
        </div>
        <div className="download">
          <button
            type="button"
            className="secondary"
            disabled={download.isPending}
            onClick={() => download.mutate()}
          >
            {download.isPending ? rw('downloading', lang) : rw('download', lang)}
          </button>
        </div>
      </div>
      {shown.isPending && <p>{rw('loading', lang)}</p>}
      {shown.isError && <p className="notice">{refusal(shown.error, lang)}</p>}
      {s && s.rows.length === 0 && <p>{rw('statsEmpty', lang)}</p>}
      {s && s.rows.length > 0 && <StatisticsTable s={s} level={level} lang={lang} />}
    </section>
  );
}
