/**
 * The province officer sets the year's calendar (`#/year/calendar/<schoolYear>`): a day, month and year per
 * window (GOV.UK's date input), checked here first (each a real day, each pair in order, as the ledger
 * requires) with an error summary linking to each field, then PUT /v1/calendars/:schoolYear (202: queued for
 * the ledger). The page then reads the ledger's calendar until it holds what was sent.
 */
import { instantDate } from '@hocba/records';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { DateFields, NO_DATE } from '../../ui/fields.tsx';
import { type Lang, word } from '../../words.ts';
import {
  type Calendar,
  calendarKey,
  fetchCalendar,
  progressKey,
  putCalendar,
  WINDOWS,
  type Window,
} from './data.ts';
import { check, type Parts, partsOf } from './dates.ts';
import { yw } from './words.ts';

const fieldId = (w: Window) => `cal-${w}`;

function initial(c: Calendar | null | undefined): Parts {
  return Object.fromEntries(WINDOWS.map((w) => [w, c ? partsOf(c[w]) : NO_DATE])) as Parts;
}

export function CalendarForm({
  connection,
  lang,
  schoolYear,
}: {
  connection: Connection;
  lang: Lang;
  schoolYear: string;
}) {
  const queries = useQueryClient();
  const [sent, setSent] = useState<Record<Window, string> | null>(null);
  const current = useQuery({
    queryKey: calendarKey(schoolYear),
    queryFn: () => fetchCalendar(connection, schoolYear),
    // Once sent, ask the ledger every second until it holds what was sent.
    refetchInterval: (q) => (sent && !WINDOWS.every((w) => q.state.data?.[w] === sent[w]) ? 1000 : false),
  });
  const [parts, setParts] = useState<Parts | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Window, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (windows: Record<Window, string>) => putCalendar(connection, schoolYear, windows),
    onSuccess: (_, windows) => {
      setSent(windows);
      setFormError(null);
      void queries.invalidateQueries({ queryKey: progressKey(schoolYear) });
    },
    onError: (e) => setFormError(apiMessage(e, lang) ?? word('network', lang)),
  });

  if (current.isPending) return <p aria-busy="true">…</p>;
  const values = parts ?? initial(current.data);
  const recorded = sent !== null && WINDOWS.every((w) => current.data?.[w] === sent[w]);
  const summary: FieldError[] = [
    ...WINDOWS.filter((w) => fieldErrors[w]).map((w) => ({
      field: `${fieldId(w)}-day`,
      message: fieldErrors[w]!,
    })),
    ...(formError ? [{ message: formError }] : []),
  ];
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const r = check(values, lang);
    if ('errors' in r) {
      setFieldErrors(r.errors);
      return;
    }
    setFieldErrors({});
    save.mutate(r.windows);
  };
  const first = Number(schoolYear.slice(5, 9)) || new Date().getFullYear();

  return (
    <section className="card calendar-form" aria-labelledby="calendar-form-title">
      <p>
        <a href={`#/year/${schoolYear}`}>← {yw('title', lang, { year: schoolYear })}</a>
      </p>
      <h2 id="calendar-form-title">{yw('formTitle', lang, { year: schoolYear })}</h2>
      <p className="intro">{yw('formIntro', lang)}</p>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={summary} />
      {sent && (
        <p className={recorded ? 'notice ok' : 'notice'} role="status" data-testid="calendar-status">
          {yw(recorded ? 'recorded' : 'queued', lang)}
        </p>
      )}
      <form noValidate onSubmit={submit}>
        {WINDOWS.map((w) => (
          <DateFields
            key={w}
            id={fieldId(w)}
            legend={yw(w, lang)}
            hint={
              current.data
                ? yw('onLedgerNow', lang, { date: instantDate(current.data[w])?.[lang] ?? '' })
                : yw('dateHint', lang, { year: first })
            }
            error={fieldErrors[w]}
            value={values[w]}
            onChange={(v) => setParts({ ...values, [w]: v })}
            lang={lang}
          />
        ))}
        <div className="actions">
          <button type="submit" disabled={save.isPending}>
            {yw(save.isPending ? 'saving' : 'save', lang)}
          </button>
          <a className="button-link secondary" href={`#/year/${schoolYear}`}>
            {yw('cancel', lang)}
          </a>
        </div>
      </form>
    </section>
  );
}
