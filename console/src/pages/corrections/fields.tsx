/**
 * The form fields this area needs beyond ui/ErrorSummary.tsx's TextField, marked up as GOV.UK's are: the
 * label above, the hint, the message beside the field, and ids the error summary links to.
 */
import type { ReactNode } from 'react';
import type { Lang } from '../../words.ts';
import { t } from './words.ts';

function Wrap(props: { error?: string | undefined; children: ReactNode }) {
  return <div className={props.error ? 'field field-error' : 'field'}>{props.children}</div>;
}

const describedBy = (id: string, hint?: string, error?: string) =>
  [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;

export function SelectField(props: {
  id: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (v: string) => void;
  lang: Lang;
  hint?: string | undefined;
  error?: string | undefined;
}) {
  return (
    <Wrap error={props.error}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint && (
        <p className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p className="error-message" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
      <select
        id={props.id}
        name={props.id}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
        onChange={(e) => props.onChange(e.target.value)}
      >
        <option value="">{t('choose', props.lang)}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Wrap>
  );
}

export function TextArea(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  hint?: string | undefined;
  error?: string | undefined;
  rows?: number;
}) {
  return (
    <Wrap error={props.error}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint && (
        <p className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p className="error-message" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
      <textarea
        id={props.id}
        name={props.id}
        rows={props.rows ?? 3}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Wrap>
  );
}

/** A text input with a hint (TextField of ui/ has none). */
export function HintedInput(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  hint?: string | undefined;
  error?: string | undefined;
  inputMode?: 'numeric' | 'text';
  className?: string;
}) {
  return (
    <Wrap error={props.error}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint && (
        <p className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p className="error-message" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
      <input
        id={props.id}
        name={props.id}
        type="text"
        value={props.value}
        inputMode={props.inputMode}
        spellCheck={false}
        className={[props.className, props.error && 'input-error'].filter(Boolean).join(' ') || undefined}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Wrap>
  );
}

export interface DateParts {
  day: string;
  month: string;
  year: string;
}
export const NO_DATE: DateParts = { day: '', month: '', year: '' };

/** 'YYYY-MM-DD' of three fields that name a real day; undefined otherwise (31/02, a 2-digit year). */
export function isoOf(d: DateParts): string | undefined {
  const [day, month, year] = [Number(d.day), Number(d.month), Number(d.year)];
  if (!/^\d{1,2}$/.test(d.day.trim()) || !/^\d{1,2}$/.test(d.month.trim()) || !/^\d{4}$/.test(d.year.trim()))
    return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export const isEmptyDate = (d: DateParts) => !d.day.trim() && !d.month.trim() && !d.year.trim();

/** A date as GOV.UK asks for it: Ngày, Tháng, Năm as three fields (the first one's id is `${id}-day`). */
export function DateFields(props: {
  id: string;
  legend: string;
  value: DateParts;
  onChange: (v: DateParts) => void;
  lang: Lang;
  hint?: string | undefined;
  error?: string | undefined;
}) {
  const parts = ['day', 'month', 'year'] as const;
  return (
    <fieldset
      className={props.error ? 'field date-field field-error' : 'field date-field'}
      aria-describedby={describedBy(props.id, props.hint, props.error)}
    >
      <legend>{props.legend}</legend>
      {props.hint && (
        <p className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p className="error-message" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
      <div className="date-input">
        {parts.map((p) => (
          <div key={p} className="date-item">
            <label htmlFor={`${props.id}-${p}`} className="date-label">
              {t(p, props.lang)}
            </label>
            <input
              id={`${props.id}-${p}`}
              name={`${props.id}-${p}`}
              type="text"
              inputMode="numeric"
              className={p === 'year' ? 'date-year' : undefined}
              value={props.value[p]}
              aria-invalid={props.error ? true : undefined}
              onChange={(e) => props.onChange({ ...props.value, [p]: e.target.value })}
            />
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** A set of radios under a legend; the first radio's id is `${id}-${first value}`. */
export function Radios(props: {
  id: string;
  legend: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (v: string) => void;
  hint?: string | undefined;
  error?: string | undefined;
}) {
  return (
    <fieldset
      className={props.error ? 'field field-error' : 'field'}
      aria-describedby={describedBy(props.id, props.hint, props.error)}
    >
      <legend>{props.legend}</legend>
      {props.hint && (
        <p className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p className="error-message" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
      <ul className="choices one-column">
        {props.options.map((o) => (
          <li key={o.value}>
            <input
              type="radio"
              id={`${props.id}-${o.value}`}
              name={props.id}
              value={o.value}
              checked={props.value === o.value}
              onChange={() => props.onChange(o.value)}
            />
            <label htmlFor={`${props.id}-${o.value}`}>{o.label}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
