/**
 * The audit log as a Ministry auditor (or a province officer, within the province) reads it: newest first,
 * a page of 20 at a time (the gateway's keyset cursor: a page never repeats or skips an entry however many
 * are logged meanwhile), each entry's time in Vietnam, who acted (name, role in words), the school and
 * the action in words; filtered by school, person, kind of action, action and a range of days.
 */
import { instantText } from '@hocba/records';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { DateFields, SelectField } from '../../ui/fields.tsx';
import { type Lang, roleWord, word } from '../../words.ts';
import { type LogFilters, type LogQuery, NO_FILTERS, queryOf } from './log-filters.ts';
import { tw } from './words.ts';

const PAGE = 20;

const withoutGroup = ({ group: _, ...rest }: LogQuery) => rest;

type Group = NonNullable<NonNullable<paths['/v1/audit/']['get']['parameters']['query']>['group']>;

export function AuditLog({ connection, lang }: { connection: Connection; lang: Lang }) {
  const [draft, setDraft] = useState<LogFilters>(NO_FILTERS);
  const [query, setQuery] = useState<LogQuery>({});
  const [errors, setErrors] = useState<FieldError[]>([]);
  // The cursors of the pages seen so far: [undefined] is the newest page; each older page's beforeSeq.
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);

  const choices = useQuery({
    queryKey: ['audit-choices'],
    queryFn: async () => {
      const { data, error } = await connection.api.GET('/v1/audit/choices');
      if (!data) throw error;
      return data;
    },
  });
  const log = useQuery({
    queryKey: ['audit-log', query, cursor],
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const { data, error } = await connection.api.GET('/v1/audit/', {
        params: {
          query: {
            ...withoutGroup(query),
            ...(query.group && { group: query.group as Group }),
            order: 'desc',
            limit: PAGE,
            ...(cursor !== undefined && { beforeSeq: cursor }),
          },
        },
      });
      if (!data) throw error;
      return data;
    },
  });

  const apply = (ev: React.FormEvent) => {
    ev.preventDefault();
    const checked = queryOf(draft, lang);
    if ('errors' in checked) {
      setErrors(checked.errors);
      return;
    }
    setErrors([]);
    setQuery(checked.query);
    setCursors([undefined]);
  };
  const clear = () => {
    setDraft(NO_FILTERS);
    setErrors([]);
    setQuery({});
    setCursors([undefined]);
  };
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const set =
    <K extends keyof LogFilters>(k: K) =>
    (v: LogFilters[K]) =>
      setDraft((d) => ({ ...d, [k]: v }));

  const c = choices.data;
  const actions = (c?.actions ?? []).filter((a) => !draft.group || a.group === draft.group);

  return (
    <section aria-labelledby="audit-log-title">
      <h2 id="audit-log-title">{tw('tabLog', lang)}</h2>
      <p className="intro">{tw('logIntro', lang)}</p>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={errors} />
      <details className="audit-filters card" open>
        <summary>{tw('filtersTitle', lang)}</summary>
        <form noValidate onSubmit={apply} aria-label={tw('filtersTitle', lang)}>
          <div className="audit-filter-grid">
            <SelectField
              id="audit-school"
              label={tw('school', lang)}
              value={draft.schoolId}
              placeholder={tw('anySchool', lang)}
              options={(c?.schools ?? []).map((s) => ({
                value: s.id,
                label: `${s.name} — ${s.districtName}`,
              }))}
              onChange={set('schoolId')}
            />
            <SelectField
              id="audit-actor"
              label={tw('actor', lang)}
              value={draft.actorUserId}
              placeholder={tw('anyActor', lang)}
              options={(c?.actors ?? []).map((a) => ({
                value: a.userId,
                label: `${a.displayName} (${a.login})`,
              }))}
              onChange={set('actorUserId')}
            />
            <SelectField
              id="audit-group"
              label={tw('group', lang)}
              value={draft.group}
              placeholder={tw('anyGroup', lang)}
              options={(c?.groups ?? []).map((g) => ({ value: g.id, label: g.text[lang] }))}
              onChange={(v) => setDraft((d) => ({ ...d, group: v, action: '' }))}
            />
            <SelectField
              id="audit-action"
              label={tw('action', lang)}
              hint={tw('actionHint', lang)}
              value={draft.action}
              placeholder={tw('anyAction', lang)}
              options={actions.map((a) => ({ value: a.action, label: a.text[lang] }))}
              onChange={set('action')}
            />
          </div>
          <div className="audit-filter-grid">
            <DateFields
              id="audit-from"
              legend={tw('from', lang)}
              hint={tw('dateHint', lang)}
              value={draft.from}
              onChange={set('from')}
              error={errorOf('audit-from-day')}
              lang={lang}
            />
            <DateFields
              id="audit-to"
              legend={tw('to', lang)}
              hint={tw('dateHint', lang)}
              value={draft.to}
              onChange={set('to')}
              error={errorOf('audit-to-day')}
              lang={lang}
            />
          </div>
          <div className="actions">
            <button type="submit">{tw('apply', lang)}</button>
            <button type="button" className="secondary" onClick={clear}>
              {tw('clear', lang)}
            </button>
          </div>
        </form>
      </details>

      {log.isPending ? (
        <p aria-busy="true">{tw('loading', lang)}</p>
      ) : !log.data ? (
        <p className="notice">{apiMessage(log.error, lang) ?? word('network', lang)}</p>
      ) : log.data.items.length === 0 ? (
        <p className="notice" data-testid="audit-empty">
          {tw('empty', lang)}
        </p>
      ) : (
        <div className="scroll audit-scroll">
          <table className="grid audit-table" data-testid="audit-log" aria-describedby="audit-page-no">
            <caption className="visually-hidden">{tw('tabLog', lang)}</caption>
            <thead>
              <tr>
                <th scope="col">{tw('when', lang)}</th>
                <th scope="col">{tw('who', lang)}</th>
                <th scope="col">{tw('school', lang)}</th>
                <th scope="col">{tw('what', lang)}</th>
              </tr>
            </thead>
            <tbody>
              {log.data.items.map((i) => (
                <tr key={i.seq} data-action={i.action} data-seq={i.seq}>
                  <td className="audit-when" data-label={tw('when', lang)}>
                    {instantText(i.at)?.[lang] ?? '—'}
                  </td>
                  <td data-label={tw('who', lang)}>
                    {i.actor === null ? (
                      <span className="audit-system">{tw('system', lang)}</span>
                    ) : (
                      <>
                        <span className="audit-name">{i.actor.displayName ?? '—'}</span>
                        {i.actor.role && <span className="audit-role">{roleWord(i.actor.role, lang)}</span>}
                      </>
                    )}
                  </td>
                  <td data-label={tw('school', lang)}>{i.school?.name ?? tw('noSchool', lang)}</td>
                  <td data-label={tw('what', lang)}>
                    <span className="audit-what">{i.actionText[lang]}</span>
                    {i.reason && (
                      <span className="audit-reason">
                        {tw('reason', lang)}: {i.reason}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="audit-paging" aria-label={tw('paging', lang)}>
        <button
          type="button"
          className="secondary"
          disabled={cursors.length < 2}
          onClick={() => setCursors((cs) => cs.slice(0, -1))}
        >
          {tw('newer', lang)}
        </button>
        <span id="audit-page-no" aria-live="polite">
          {tw('pageN', lang, { n: cursors.length })}
        </span>
        <button
          type="button"
          className="secondary"
          disabled={!log.data?.nextBeforeSeq}
          onClick={() => {
            const next = log.data?.nextBeforeSeq;
            if (next) setCursors((cs) => [...cs, next]);
          }}
        >
          {tw('older', lang)}
        </button>
      </nav>
    </section>
  );
}
