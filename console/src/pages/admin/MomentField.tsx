/**
 * GOV.UK's date input (day, month, year as three boxes, not a browser's date picker whose order follows the
 * browser's language) with the hour and minute beside it, in Vietnam's time.
 */
import type { Lang } from '../../words.ts';
import type { MomentFields } from './vietnam-time.ts';
import { aw } from './words.ts';

const PARTS = ['day', 'month', 'year', 'hour', 'minute'] as const;

export function MomentField({
  id,
  legend,
  value,
  onChange,
  error,
  lang,
}: {
  id: string;
  legend: string;
  value: MomentFields;
  onChange: (v: MomentFields) => void;
  error?: string | undefined;
  lang: Lang;
}) {
  const described = [`${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <fieldset className={error ? 'field field-error moment' : 'field moment'} aria-describedby={described}>
      <legend>{legend}</legend>
      <p className="hint" id={`${id}-hint`}>
        {aw('dateHint', lang)}
      </p>
      {error && (
        <p className="error-message" id={`${id}-error`}>
          {error}
        </p>
      )}
      <div className="moment-parts">
        {PARTS.map((p) => (
          <div key={p} className={`moment-part moment-${p}`}>
            <label htmlFor={`${id}-${p}`}>{aw(p, lang)}</label>
            <input
              id={`${id}-${p}`}
              inputMode="numeric"
              autoComplete="off"
              maxLength={p === 'year' ? 4 : 2}
              value={value[p]}
              aria-invalid={error ? true : undefined}
              className={error ? 'input-error' : undefined}
              onChange={(e) => onChange({ ...value, [p]: e.target.value })}
            />
          </div>
        ))}
      </div>
    </fieldset>
  );
}
