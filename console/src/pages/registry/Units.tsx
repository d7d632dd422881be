/**
 * The province's districts and their schools, what still waits for the ledger, and three forms: register a
 * school, register a district, move a school to another district (a page that says what the move does,
 * then the choice and the confirmation).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import { go } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { SelectField, TextField } from '../../ui/fields.tsx';
import { type Lang, word } from '../../words.ts';
import { districtsKey, fetchDistricts, type Registry, refusalErrors, WHILE_WAITING_MS } from './data.ts';
import { LEVEL_WORDS, rw } from './words.ts';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function useRegistry(connection: Connection) {
  return useQuery({
    queryKey: districtsKey,
    queryFn: () => fetchDistricts(connection),
    refetchInterval: (q) =>
      q.state.data?.pending.some((p) => p.state !== 'failed') ? WHILE_WAITING_MS : false,
  });
}

function pendingText(p: Registry['pending'][number], r: Registry, lang: Lang): string {
  const districtName = (id?: string) => r.items.find((d) => d.districtId === id)?.name ?? id ?? '';
  if (p.action === 'registerSchool')
    return rw('pendingRegisterSchool', lang, { id: p.schoolId ?? '', name: p.name ?? '' });
  if (p.action === 'registerDistrict')
    return rw('pendingRegisterDistrict', lang, { id: p.districtId ?? '', name: p.name ?? '' });
  return rw('pendingMove', lang, { id: p.schoolId ?? '', to: districtName(p.districtId) });
}

export function Units({ connection, lang }: { connection: Connection; lang: Lang }) {
  const registry = useRegistry(connection);
  if (registry.isPending) return <p aria-busy="true">{rw('loading', lang)}</p>;
  if (!registry.data)
    return <p className="notice">{apiMessage(registry.error, lang) ?? word('network', lang)}</p>;
  const r = registry.data;
  return (
    <section aria-labelledby="units-title">
      <h3 id="units-title">{rw('unitsTitle', lang)}</h3>
      <p className="intro">{rw('unitsIntro', lang)}</p>
      <p className="actions">
        <a className="button" href="#/registry/units/new-school">
          {rw('newSchool', lang)}
        </a>
        <a className="button secondary" href="#/registry/units/new-district">
          {rw('newDistrict', lang)}
        </a>
      </p>
      {r.pending.length > 0 && (
        <div className="card pending" data-testid="registry-pending">
          <h4>{rw('pendingUnits', lang)}</h4>
          <ul>
            {r.pending.map((p) => (
              <li key={p.outboxId}>
                {pendingText(p, r, lang)}
                {p.state === 'failed' && (
                  <strong className="refused"> — {rw('refusedByLedger', lang)}</strong>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {r.items.map((d) => (
        <section key={d.districtId} className="district" aria-labelledby={`district-${d.districtId}`}>
          <h4 id={`district-${d.districtId}`}>
            {d.name}{' '}
            <span className="muted small">({rw('schoolsCount', lang, { n: d.schools.length })})</span>
          </h4>
          {d.schools.length === 0 ? (
            <p className="muted">{rw('noSchools', lang)}</p>
          ) : (
            <div className="table-box scroll">
              <table className="grid units" data-testid={`schools-${d.districtId}`}>
                <thead>
                  <tr>
                    <th scope="col">{rw('colCode', lang)}</th>
                    <th scope="col">{rw('colName', lang)}</th>
                    <th scope="col">{rw('colLevel', lang)}</th>
                    <th scope="col">
                      <span className="visually-hidden">{rw('move', lang)}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.schools.map((s) => (
                    <tr key={s.schoolId}>
                      <td className="code">{s.schoolId}</td>
                      <td>{s.name}</td>
                      <td>{LEVEL_WORDS[s.level]?.[lang] ?? s.level}</td>
                      <td>
                        <a href={`#/registry/units/move/${encodeURIComponent(s.schoolId)}`}>
                          {rw('move', lang)}
                          <span className="visually-hidden"> {s.name}</span>
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </section>
  );
}

/** A registry write: POSTed or PUT, then back to the list, which shows it waiting for the ledger. */
function useRegistryWrite<T>(
  lang: Lang,
  send: (body: T) => Promise<unknown>,
  fields: Record<string, string>,
  setErrors: (e: FieldError[]) => void,
) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: districtsKey });
      go(['registry', 'units']);
    },
    onError: (e) => setErrors(refusalErrors(e, lang, fields, word('network', lang))),
  });
}

export function SchoolForm({ connection, lang }: { connection: Connection; lang: Lang }) {
  const registry = useRegistry(connection);
  const [f, setF] = useState({ schoolId: '', name: '', level: '', districtId: '' });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const save = useRegistryWrite(
    lang,
    async (body: typeof f) => {
      const { data, error } = await connection.api.POST('/v1/schools', {
        body: { ...body, level: body.level as 'TH' },
      });
      if (!data) throw error;
      return data;
    },
    { '/schoolId': 'school-id', '/name': 'school-name', '/level': 'level', '/districtId': 'district' },
    setErrors,
  );
  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    const found: FieldError[] = [];
    const id = f.schoolId.trim();
    if (!id) found.push({ field: 'school-id', message: rw('schoolIdMissing', lang) });
    else if (!ID.test(id)) found.push({ field: 'school-id', message: rw('schoolIdInvalid', lang) });
    if (f.name.trim().length < 2) found.push({ field: 'school-name', message: rw('nameMissing', lang) });
    if (!f.level) found.push({ field: 'level', message: rw('levelMissing', lang) });
    if (!f.districtId) found.push({ field: 'district', message: rw('districtMissing', lang) });
    setErrors(found);
    if (found.length === 0) save.mutate({ ...f, schoolId: id, name: f.name.trim() });
  };
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <section aria-labelledby="school-form-title">
      <h3 id="school-form-title">{rw('newSchool', lang)}</h3>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <form noValidate onSubmit={submit} className="registry-form">
        <TextField
          id="school-id"
          label={rw('schoolIdField', lang)}
          hint={rw('schoolIdHint', lang)}
          value={f.schoolId}
          onChange={(v) => setF({ ...f, schoolId: v })}
          error={errorOf('school-id')}
        />
        <TextField
          id="school-name"
          label={rw('schoolNameField', lang)}
          value={f.name}
          onChange={(v) => setF({ ...f, name: v })}
          error={errorOf('school-name')}
        />
        <SelectField
          id="level"
          label={rw('levelField', lang)}
          placeholder={rw('levelField', lang)}
          value={f.level}
          options={Object.entries(LEVEL_WORDS).map(([value, w]) => ({ value, label: w[lang] }))}
          error={errorOf('level')}
          onChange={(v) => setF({ ...f, level: v })}
        />
        <SelectField
          id="district"
          label={rw('districtField', lang)}
          placeholder={rw('pickDistrict', lang)}
          value={f.districtId}
          options={(registry.data?.items ?? []).map((d) => ({ value: d.districtId, label: d.name }))}
          error={errorOf('district')}
          onChange={(v) => setF({ ...f, districtId: v })}
        />
        <p className="actions">
          <button type="submit" disabled={save.isPending}>
            {save.isPending ? rw('sending', lang) : rw('register', lang)}
          </button>
          <a className="button secondary" href="#/registry/units">
            {rw('cancel', lang)}
          </a>
        </p>
      </form>
    </section>
  );
}

export function DistrictForm({ connection, lang }: { connection: Connection; lang: Lang }) {
  const registry = useRegistry(connection);
  const [f, setF] = useState({ districtId: '', name: '', mspId: '' });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const save = useRegistryWrite(
    lang,
    async (body: typeof f) => {
      const { data, error } = await connection.api.POST('/v1/districts', { body });
      if (!data) throw error;
      return data;
    },
    { '/districtId': 'district-id', '/name': 'district-name', '/mspId': 'msp' },
    setErrors,
  );
  // The organisations whose peers already endorse a district: a new district is endorsed by one of them.
  const msps = [
    ...new Map(
      (registry.data?.items ?? []).filter((d) => d.mspId).map((d) => [d.mspId!, d.name] as const),
    ).entries(),
  ];
  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    const found: FieldError[] = [];
    const id = f.districtId.trim();
    if (!id) found.push({ field: 'district-id', message: rw('districtIdMissing', lang) });
    else if (!ID.test(id)) found.push({ field: 'district-id', message: rw('schoolIdInvalid', lang) });
    if (f.name.trim().length < 2) found.push({ field: 'district-name', message: rw('nameMissing', lang) });
    if (!f.mspId) found.push({ field: 'msp', message: rw('mspMissing', lang) });
    setErrors(found);
    if (found.length === 0) save.mutate({ ...f, districtId: id, name: f.name.trim() });
  };
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <section aria-labelledby="district-form-title">
      <h3 id="district-form-title">{rw('newDistrict', lang)}</h3>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <form noValidate onSubmit={submit} className="registry-form">
        <TextField
          id="district-id"
          label={rw('districtIdField', lang)}
          hint={rw('districtIdHint', lang)}
          value={f.districtId}
          onChange={(v) => setF({ ...f, districtId: v })}
          error={errorOf('district-id')}
        />
        <TextField
          id="district-name"
          label={rw('districtNameField', lang)}
          hint={rw('districtNameHint', lang)}
          value={f.name}
          onChange={(v) => setF({ ...f, name: v })}
          error={errorOf('district-name')}
        />
        <SelectField
          id="msp"
          label={rw('mspField', lang)}
          hint={rw('mspHint', lang)}
          placeholder={rw('pickDistrict', lang)}
          value={f.mspId}
          options={msps.map(([value, name]) => ({ value, label: rw('mspOf', lang, { name }) }))}
          error={errorOf('msp')}
          onChange={(v) => setF({ ...f, mspId: v })}
        />
        <p className="actions">
          <button type="submit" disabled={save.isPending}>
            {save.isPending ? rw('sending', lang) : rw('register', lang)}
          </button>
          <a className="button secondary" href="#/registry/units">
            {rw('cancel', lang)}
          </a>
        </p>
      </form>
    </section>
  );
}

export function MoveSchool({
  connection,
  lang,
  schoolId,
}: {
  connection: Connection;
  lang: Lang;
  schoolId: string;
}) {
  const registry = useRegistry(connection);
  const [to, setTo] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const save = useRegistryWrite(
    lang,
    async (districtId: string) => {
      const { data, error } = await connection.api.PUT('/v1/schools/{schoolId}/district', {
        params: { path: { schoolId } },
        body: { districtId },
      });
      if (!data) throw error;
      return data;
    },
    { '/districtId': 'to-district' },
    setErrors,
  );
  if (registry.isPending) return <p aria-busy="true">{rw('loading', lang)}</p>;
  const from = registry.data?.items.find((d) => d.schools.some((s) => s.schoolId === schoolId));
  const school = from?.schools.find((s) => s.schoolId === schoolId);
  if (!from || !school) return <p className="notice">{rw('schoolGone', lang)}</p>;
  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    if (!to) {
      setErrors([{ field: 'to-district', message: rw('districtMissing', lang) }]);
      return;
    }
    setErrors([]);
    save.mutate(to);
  };
  return (
    <section aria-labelledby="move-title" className="decision">
      <h3 id="move-title">{rw('moveTitle', lang)}</h3>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <p className="what">{rw('moveWhat', lang, { school: school.name, from: from.name })}</p>
      <form noValidate onSubmit={submit} className="registry-form">
        <SelectField
          id="to-district"
          label={rw('moveTo', lang)}
          placeholder={rw('pickDistrict', lang)}
          value={to}
          options={(registry.data?.items ?? [])
            .filter((d) => d.districtId !== from.districtId)
            .map((d) => ({ value: d.districtId, label: d.name }))}
          error={errors[0]?.message}
          onChange={setTo}
        />
        <p className="actions">
          <button type="submit" disabled={save.isPending}>
            {save.isPending ? rw('sending', lang) : rw('moveConfirm', lang)}
          </button>
          <a className="button secondary" href="#/registry/units">
            {rw('cancel', lang)}
          </a>
        </p>
      </form>
    </section>
  );
}
