/**
 * The form fields the homeroom forms need beyond ui/ErrorSummary's TextField, marked up the same way
 * (label above, hint, the error beside the field, aria-invalid and aria-describedby): a select, a text
 * area, and GOV.UK's date as three fields (ngày, tháng, năm) rather than a browser's date picker.
 */
import type { Lang } from '../../words.ts';
import type { DateParts } from './dates.ts';
import { hw } from './words.ts';

const described = (id: string, hint?: string, error?: string) =>
  [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;

function Messages({
  id,
  hint,
  error,
}: {
  id: string;
  hint?: string | undefined;
  error?: string | undefined;
}) {
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

export function SelectField(props: {
  id: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  placeholder: string;
  onChange: (v: string) => void;
  hint?: string | undefined;
  error?: string | undefined;
}) {
  return (
    <div className={props.error ? 'field field-error' : 'field'}>
      <label htmlFor={props.id}>{props.label}</label>
      <Messages id={props.id} hint={props.hint} error={props.error} />
      <select
        id={props.id}
        name={props.id}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described(props.id, props.hint, props.error)}
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
    </div>
  );
}

export function TextAreaField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  hint?: string | undefined;
  error?: string | undefined;
  rows?: number;
}) {
  return (
    <div className={props.error ? 'field field-error' : 'field'}>
      <label htmlFor={props.id}>{props.label}</label>
      <Messages id={props.id} hint={props.hint} error={props.error} />
      <textarea
        id={props.id}
        name={props.id}
        rows={props.rows ?? 3}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described(props.id, props.hint, props.error)}
        className={props.error ? 'input-error' : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

/** A short text input with its hint (numbers, phone numbers): TextField has no hint. */
export function ShortField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  hint?: string | undefined;
  error?: string | undefined;
  inputMode?: 'numeric' | 'tel' | 'text';
  autoComplete?: string;
  wide?: boolean;
  /** A phone number's width; numbers of a few digits stay short. */
  width?: 'medium';
}) {
  return (
    <div className={props.error ? 'field field-error' : 'field'}>
      <label htmlFor={props.id}>{props.label}</label>
      <Messages id={props.id} hint={props.hint} error={props.error} />
      <input
        id={props.id}
        name={props.id}
        type="text"
        value={props.value}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete ?? 'off'}
        spellCheck={false}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described(props.id, props.hint, props.error)}
        className={
          [props.wide ? '' : 'hr-short', props.error ? 'input-error' : ''].join(' ').trim() || undefined
        }
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

/** The date as three fields in a group; the summary links to the day (`<id>-day`). */
export function DateFields(props: {
  id: string;
  legend: string;
  hint: string;
  value: DateParts;
  onChange: (v: DateParts) => void;
  error?: string | undefined;
  lang: Lang;
}) {
  const part = (key: keyof DateParts, label: string, cls: string) => (
    <div>
      <label className="date-label" htmlFor={`${props.id}-${key}`}>
        {label}
      </label>
      <input
        id={`${props.id}-${key}`}
        name={`${props.id}-${key}`}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        className={[cls, props.error ? 'input-error' : ''].join(' ').trim()}
        aria-invalid={props.error ? true : undefined}
        value={props.value[key]}
        onChange={(e) => props.onChange({ ...props.value, [key]: e.target.value })}
      />
    </div>
  );
  return (
    <fieldset
      className={props.error ? 'field date-field field-error' : 'field date-field'}
      aria-describedby={described(props.id, props.hint, props.error)}
    >
      <legend>{props.legend}</legend>
      <Messages id={props.id} hint={props.hint} error={props.error} />
      <div className="date-input">
        {part('day', hw('day', props.lang), 'date-day')}
        {part('month', hw('month', props.lang), 'date-month')}
        {part('year', hw('year', props.lang), 'date-year')}
      </div>
    </fieldset>
  );
}
