/**
 * The permissions the province gave (seed 000 Điều 6.c): to which school and batch, what, until which day,
 * on what basis, by whom, and whether the ledger has recorded it; and the form to give one (school, batch
 * on the ledger, what is allowed, the last day as day/month/year, the legal basis).
 */
import { instantDate } from '@hocba/records';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import { go } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import {
  DateFields,
  type DateParts,
  isoDateOf,
  NO_DATE,
  Radios,
  SelectField,
  TextField,
} from '../../ui/fields.tsx';
import { type Lang, word } from '../../words.ts';
import {
  districtsKey,
  fetchDistricts,
  fetchPermissions,
  permissionsKey,
  refusalErrors,
  WHILE_WAITING_MS,
} from './data.ts';
import { PERMISSION_WORDS, rw } from './words.ts';

const day = (iso: string, lang: Lang) => instantDate(iso)?.[lang] ?? '—';
const STATE_WORD = { queued: 'stateQueued', recorded: 'stateRecorded', refused: 'stateRefused' } as const;

export function Permissions({ connection, lang }: { connection: Connection; lang: Lang }) {
  const list = useQuery({
    queryKey: permissionsKey,
    queryFn: () => fetchPermissions(connection),
    refetchInterval: (q) => (q.state.data?.some((p) => p.state === 'queued') ? WHILE_WAITING_MS : false),
  });
  return (
    <section aria-labelledby="permissions-title">
      <h3 id="permissions-title">{rw('permissionsTitle', lang)}</h3>
      <p className="intro">{rw('permissionsIntro', lang)}</p>
      <p>
        <a className="button" href="#/registry/permissions/new">
          {rw('grantNew', lang)}
        </a>
      </p>
      {list.isPending ? (
        <p aria-busy="true">{rw('loading', lang)}</p>
      ) : !list.data ? (
        <p className="notice">{apiMessage(list.error, lang) ?? word('network', lang)}</p>
      ) : list.data.length === 0 ? (
        <p>{rw('noPermissions', lang)}</p>
      ) : (
        <div className="table-box scroll">
          <table className="grid permissions" data-testid="permissions">
            <thead>
              <tr>
                <th scope="col">{rw('colSchool', lang)}</th>
                <th scope="col">{rw('colBatch', lang)}</th>
                <th scope="col">{rw('colKind', lang)}</th>
                <th scope="col">{rw('colUntil', lang)}</th>
                <th scope="col">{rw('colBasis', lang)}</th>
                <th scope="col">{rw('colBy', lang)}</th>
                <th scope="col">{rw('colState', lang)}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((p) => (
                <tr key={p.statusEventId} data-batch={p.batchId}>
                  <td>{p.schoolName}</td>
                  <td>
                    {p.className
                      ? rw('batchOf', lang, { class: p.className, year: p.schoolYear })
                      : rw('batchSchool', lang, { year: p.schoolYear })}
                  </td>
                  <td>{PERMISSION_WORDS[p.action]?.[lang] ?? '—'}</td>
                  <td className="num">{day(p.until, lang)}</td>
                  <td>{p.legalBasis}</td>
                  <td>
                    {p.grantedBy ?? '—'}
                    <br />
                    <span className="muted small">{day(p.grantedAt, lang)}</span>
                  </td>
                  <td className={`state-${p.state}`}>{rw(STATE_WORD[p.state], lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The batches of a school the province may give a permission on: on the ledger, not recalled or replaced. */
const LIVE = new Set(['anchored', 'accepted', 'reported', 'recallRequested']);

export function GrantForm({ connection, lang }: { connection: Connection; lang: Lang }) {
  const queries = useQueryClient();
  const registry = useQuery({ queryKey: districtsKey, queryFn: () => fetchDistricts(connection) });
  const [schoolId, setSchoolId] = useState('');
  const [batchId, setBatchId] = useState('');
  const [action, setAction] = useState('');
  const [until, setUntil] = useState<DateParts>(NO_DATE);
  const [basis, setBasis] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const batches = useQuery({
    queryKey: ['registry-batches', schoolId],
    enabled: schoolId !== '',
    queryFn: async () => {
      const { data, error } = await connection.api.GET('/v1/batches/', {
        params: { query: { schoolId, limit: 100 } },
      });
      if (!data) throw error;
      return data.items.filter((b) => LIVE.has(b.state));
    },
  });
  const grant = useMutation({
    mutationFn: async (untilIso: string) => {
      const { data, error } = await connection.api.POST('/v1/permissions/', {
        body: { batchId, action: action as 'recall', until: untilIso, legalBasis: basis.trim() },
      });
      if (!data) throw error;
      return data;
    },
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: permissionsKey });
      go(['registry', 'permissions']);
    },
    onError: (e) =>
      setErrors(
        refusalErrors(
          e,
          lang,
          { '/batchId': 'batch', '/until': 'until-day', '/legalBasis': 'basis', '/action': 'action-revoke' },
          word('network', lang),
        ),
      ),
  });

  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    const found: FieldError[] = [];
    if (!schoolId) found.push({ field: 'school', message: rw('schoolMissing', lang) });
    else if (!batchId) found.push({ field: 'batch', message: rw('batchMissing', lang) });
    if (!action) found.push({ field: 'action-revoke', message: rw('kindMissing', lang) });
    const iso = isoDateOf(until);
    // The end of that day in Vietnam (UTC+7).
    const untilIso = iso.length === 10 ? new Date(`${iso}T23:59:59+07:00`).toISOString() : '';
    if (iso === 'missing') found.push({ field: 'until-day', message: rw('untilMissing', lang) });
    else if (iso === 'invalid') found.push({ field: 'until-day', message: rw('untilInvalid', lang) });
    else if (new Date(untilIso).getTime() <= Date.now())
      found.push({ field: 'until-day', message: rw('untilPast', lang) });
    if (basis.trim().length < 3) found.push({ field: 'basis', message: rw('basisMissing', lang) });
    setErrors(found);
    if (found.length === 0) grant.mutate(untilIso);
  };
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const schools = (registry.data?.items ?? []).flatMap((d) =>
    d.schools.map((s) => ({ value: s.schoolId, label: `${s.name} (${d.name})` })),
  );
  return (
    <section aria-labelledby="grant-title">
      <h3 id="grant-title">{rw('grantTitle', lang)}</h3>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <form noValidate onSubmit={submit} className="registry-form">
        <SelectField
          id="school"
          label={rw('colSchool', lang)}
          placeholder={rw('pickSchool', lang)}
          value={schoolId}
          options={schools}
          error={errorOf('school')}
          onChange={(v) => {
            setSchoolId(v);
            setBatchId('');
          }}
        />
        {schoolId !== '' &&
          (batches.isPending ? (
            <p aria-busy="true">{rw('loading', lang)}</p>
          ) : (batches.data ?? []).length === 0 ? (
            <p className="notice">{rw('noBatches', lang)}</p>
          ) : (
            <SelectField
              id="batch"
              label={rw('batchField', lang)}
              hint={rw('batchHint', lang)}
              placeholder={rw('pickBatch', lang)}
              value={batchId}
              options={(batches.data ?? []).map((b) => ({
                value: b.batchId,
                label: b.className
                  ? rw('batchOf', lang, { class: b.className, year: b.schoolYear })
                  : rw('batchSchool', lang, { year: b.schoolYear }),
              }))}
              error={errorOf('batch')}
              onChange={setBatchId}
            />
          ))}
        <Radios
          id="action"
          legend={rw('kindField', lang)}
          value={action}
          options={Object.entries(PERMISSION_WORDS).map(([value, w]) => ({ value, label: w[lang] }))}
          error={errorOf('action-revoke')}
          onChange={setAction}
        />
        <DateFields
          id="until"
          legend={rw('untilField', lang)}
          hint={rw('untilHint', lang)}
          value={until}
          onChange={setUntil}
          error={errorOf('until-day')}
          lang={lang}
        />
        <TextField
          id="basis"
          label={rw('basisField', lang)}
          hint={rw('basisHint', lang)}
          value={basis}
          onChange={setBasis}
          error={errorOf('basis')}
        />
        <p className="actions">
          <button type="submit" disabled={grant.isPending}>
            {grant.isPending ? rw('sending', lang) : rw('grant', lang)}
          </button>
          <a className="button secondary" href="#/registry/permissions">
            {rw('cancel', lang)}
          </a>
        </p>
      </form>
    </section>
  );
}
