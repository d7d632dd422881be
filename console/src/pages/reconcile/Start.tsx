/**
 * `#/reconcile`: the scope chosen by name (year; province, district, school), the run started, its progress
 * read from the kept run while the request is under way, and the past runs, newest first.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Connection } from '../../api/client.ts';
import { go } from '../../shell/hash-route.ts';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { type Lang, word } from '../../words.ts';
import {
  type Choices,
  fetchChoices,
  fetchRuns,
  RUNS_KEY,
  refusal,
  type ScopeChoice,
  startRun,
} from './data.ts';
import { PastRuns } from './PastRuns.tsx';
import { rw } from './words.ts';

function Select({
  id,
  label,
  hint,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...(hint && { 'aria-describedby': `${id}-hint` })}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function ScopeFields({
  choices,
  lang,
  scope,
  setScope,
}: {
  choices: Choices;
  lang: Lang;
  scope: ScopeChoice;
  setScope: (s: ScopeChoice) => void;
}) {
  const single = choices.provinces.length === 1 ? choices.provinces[0] : undefined;
  const province = single ?? choices.provinces.find((p) => p.provinceId === scope.provinceId);
  const district = province?.districts.find((d) => d.districtId === scope.districtId);
  const schools = district ? district.schools : (province?.districts.flatMap((d) => d.schools) ?? []);
  const set = (k: keyof ScopeChoice, v: string, clear: (keyof ScopeChoice)[] = []) => {
    const next: ScopeChoice = { ...scope };
    for (const c of clear) delete next[c];
    if (v === '') delete next[k];
    else next[k] = v;
    setScope(next);
  };
  return (
    <fieldset>
      <legend>{rw('scopeLegend', lang)}</legend>
      <Select
        id="reconcile-year"
        label={rw('year', lang)}
        value={scope.schoolYear ?? ''}
        onChange={(v) => set('schoolYear', v)}
        options={[
          ...choices.schoolYears.map((y) => ({ value: y, label: y })),
          { value: '', label: rw('allYears', lang) },
        ]}
      />
      {single ? (
        <p>
          {rw('province', lang)}: <strong>{single.name}</strong>
        </p>
      ) : (
        <Select
          id="reconcile-province"
          label={rw('province', lang)}
          value={scope.provinceId ?? ''}
          onChange={(v) => set('provinceId', v, ['districtId', 'schoolId'])}
          options={[
            { value: '', label: rw('allProvinces', lang) },
            ...choices.provinces.map((p) => ({ value: p.provinceId, label: p.name })),
          ]}
        />
      )}
      {province && (
        <Select
          id="reconcile-district"
          label={rw('district', lang)}
          hint={rw('districtHint', lang)}
          value={scope.districtId ?? ''}
          onChange={(v) => set('districtId', v, ['schoolId'])}
          options={[
            { value: '', label: rw('allDistricts', lang) },
            ...province.districts.map((d) => ({ value: d.districtId, label: d.name })),
          ]}
        />
      )}
      {province && (
        <Select
          id="reconcile-school"
          label={rw('school', lang)}
          hint={rw('schoolHint', lang)}
          value={scope.schoolId ?? ''}
          onChange={(v) => set('schoolId', v)}
          options={[
            { value: '', label: rw('allSchools', lang) },
            ...schools.map((s) => ({ value: s.schoolId, label: s.name })),
          ]}
        />
      )}
    </fieldset>
  );
}

export function Start({ connection, lang }: { connection: Connection; lang: Lang }) {
  const client = useQueryClient();
  const choices = useQuery({ queryKey: ['reconcile-choices'], queryFn: () => fetchChoices(connection) });
  const [scope, setScope] = useState<ScopeChoice | undefined>(undefined);
  const run = useMutation({
    mutationFn: (s: ScopeChoice) => startRun(connection, s),
    onSuccess: async (r) => {
      await client.invalidateQueries({ queryKey: RUNS_KEY });
      go(['reconcile', 'run', r.id]);
    },
  });
  // While the run goes on, the kept run's counts say how far it has got.
  const runs = useQuery({
    queryKey: RUNS_KEY,
    queryFn: () => fetchRuns(connection),
    refetchInterval: run.isPending ? 1000 : false,
  });
  if (choices.isPending) return <p aria-busy="true">{rw('loading', lang)}</p>;
  if (choices.isError) {
    return (
      <ErrorSummary
        title={word('errorSummaryTitle', lang)}
        errors={[{ message: refusal(choices.error, lang) }]}
      />
    );
  }
  // The newest year is chosen first; a province's officer works in their own province.
  const chosen: ScopeChoice = scope ?? {
    ...(choices.data.schoolYears[0] !== undefined && { schoolYear: choices.data.schoolYears[0] }),
  };
  const current = run.isPending ? runs.data?.find((r) => r.state === 'running') : undefined;
  return (
    <>
      <section aria-labelledby="reconcile-title" className="card">
        <h2 id="reconcile-title">{rw('title', lang)}</h2>
        <p className="intro">{rw('intro', lang)}</p>
        <ErrorSummary
          title={word('errorSummaryTitle', lang)}
          errors={run.isError ? [{ message: rw('failed', lang, { why: refusal(run.error, lang) }) }] : []}
        />
        <form
          className="reconcile-form"
          onSubmit={(e) => {
            e.preventDefault();
            run.mutate(chosen);
          }}
        >
          <ScopeFields choices={choices.data} lang={lang} scope={chosen} setScope={setScope} />
          <p>
            <button type="submit" disabled={run.isPending} data-testid="reconcile-run">
              {run.isPending ? rw('running', lang) : rw('run', lang)}
            </button>
          </p>
        </form>
        <p aria-live="polite" data-testid="reconcile-progress">
          {run.isPending &&
            (current
              ? rw('progress', lang, {
                  batches: current.checked.batches,
                  records: current.checked.records,
                  findings: current.findingCount,
                })
              : rw('running', lang))}
        </p>
      </section>
      <PastRuns lang={lang} runs={runs.data} />
    </>
  );
}
