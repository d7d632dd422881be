/**
 * The console's form fields, marked up as GOV.UK's are and styled by the portal's design system: the label
 * (or legend) above, then the hint, then the error beside the field, `aria-invalid` and `aria-describedby`
 * on the control, and ids the error summary links to (a group's first control is `${id}-day` or
 * `${id}-${first value}`). Every area uses these, so a fix to one field's accessibility reaches them all.
 */
import type { ReactNode } from 'react';
import { type Lang, word } from '../words.ts';
import type { DateParts } from './dates.ts';

// The date's logic lives in dates.ts (no JSX: tests and pure modules import it); re-exported for the forms.
export { type DateParts, datePartsOf, isEmptyDate, isoDateOf, NO_DATE } from './dates.ts';

const describedBy = (id: string, hint?: string, error?: string) =>
  [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;

const classes = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(' ') || undefined;

interface Common {
  id: string;
  hint?: string | undefined;
  error?: string | undefined;
}

/** The hint and the error message of a field, in GOV.UK's order. */
export function FieldMessages({ id, hint, error }: Common) {
  return (
    <>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="error-message" id={`${id}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

function Field(props: Common & { label: string; children: ReactNode }) {
  return (
    <div className={props.error ? 'field field-error' : 'field'}>
      <label htmlFor={props.id}>{props.label}</label>
      <FieldMessages id={props.id} hint={props.hint} error={props.error} />
      {props.children}
    </div>
  );
}

export function TextField(
  props: Common & {
    label: string;
    value: string;
    onChange: (v: string) => void;
    type?: 'text' | 'password';
    autoComplete?: string;
    /** A number typed on a phone (a day, an hour, a mark): its numeric keyboard. */
    inputMode?: 'numeric' | 'decimal' | 'tel' | 'text';
    /** The area's own look (a narrow box, a monospace face for a login). */
    className?: string | undefined;
  },
) {
  return (
    <Field id={props.id} label={props.label} hint={props.hint} error={props.error}>
      <input
        id={props.id}
        name={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        spellCheck={false}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
        className={classes(props.className, props.error && 'input-error')}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Field>
  );
}

export function SelectField(
  props: Common & {
    label: string;
    value: string;
    options: readonly { value: string; label: string }[];
    /** The empty first choice ("Chọn…"). */
    placeholder: string;
    onChange: (v: string) => void;
  },
) {
  return (
    <Field id={props.id} label={props.label} hint={props.hint} error={props.error}>
      <select
        id={props.id}
        name={props.id}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
        className={props.error ? 'input-error' : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      >
        <option value="">{props.placeholder}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function TextAreaField(
  props: Common & { label: string; value: string; onChange: (v: string) => void; rows?: number },
) {
  return (
    <Field id={props.id} label={props.label} hint={props.hint} error={props.error}>
      <textarea
        id={props.id}
        name={props.id}
        rows={props.rows ?? 3}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
        className={props.error ? 'input-error' : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Field>
  );
}

/** A set of radios under a legend; the first radio's id is `${id}-${first value}`. */
export function Radios(
  props: Common & {
    legend: string;
    value: string;
    options: readonly { value: string; label: string; hint?: string }[];
    onChange: (v: string) => void;
  },
) {
  return (
    <fieldset
      className={props.error ? 'field field-error' : 'field'}
      aria-describedby={describedBy(props.id, props.hint, props.error)}
    >
      <legend>{props.legend}</legend>
      <FieldMessages id={props.id} hint={props.hint} error={props.error} />
      <ul className="choices one-column">
        {props.options.map((o) => (
          <li key={o.value}>
            <input
              type="radio"
              id={`${props.id}-${o.value}`}
              name={props.id}
              value={o.value}
              checked={props.value === o.value}
              aria-describedby={o.hint ? `${props.id}-${o.value}-hint` : undefined}
              onChange={() => props.onChange(o.value)}
            />
            <label htmlFor={`${props.id}-${o.value}`}>{o.label}</label>
            {o.hint && (
              <p className="hint" id={`${props.id}-${o.value}-hint`}>
                {o.hint}
              </p>
            )}
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** GOV.UK's date input: Ngày, Tháng, Năm as three fields in a group; the summary links to `${id}-day`. */
export function DateFields(
  props: Common & { legend: string; value: DateParts; onChange: (v: DateParts) => void; lang: Lang },
) {
  const parts = [
    ['day', 'date-day'],
    ['month', 'date-month'],
    ['year', 'date-year'],
  ] as const;
  return (
    <fieldset
      className={props.error ? 'field date-field field-error' : 'field date-field'}
      aria-describedby={describedBy(props.id, props.hint, props.error)}
    >
      <legend>{props.legend}</legend>
      <FieldMessages id={props.id} hint={props.hint} error={props.error} />
      <div className="date-input">
        {parts.map(([part, cls]) => (
          <div key={part} className="date-item">
            <label htmlFor={`${props.id}-${part}`} className="date-label">
              {word(part, props.lang)}
            </label>
            <input
              id={`${props.id}-${part}`}
              name={`${props.id}-${part}`}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              className={classes(cls, props.error && 'input-error')}
              value={props.value[part]}
              aria-invalid={props.error ? true : undefined}
              onChange={(e) => props.onChange({ ...props.value, [part]: e.target.value })}
            />
          </div>
        ))}
      </div>
    </fieldset>
  );
}
