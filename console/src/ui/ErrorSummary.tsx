/**
 * GOV.UK's error summary: at the top of the form, focused when it appears, each error a link that moves the
 * focus to its field (the field's own message is shown beside it too).
 */
import { useEffect, useRef } from 'react';

export interface FieldError {
  /** The id of the input (or of the first input of a group) the error is about; none for a form error. */
  field?: string;
  message: string;
}

export function ErrorSummary({ title, errors }: { title: string; errors: FieldError[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length > 0) box.current?.focus();
  }, [errors]);
  if (errors.length === 0) return null;
  return (
    <div
      ref={box}
      className="error-summary"
      role="alert"
      tabIndex={-1}
      aria-labelledby="error-summary-title"
      data-testid="error-summary"
    >
      <h2 className="error-summary-title" id="error-summary-title">
        {title}
      </h2>
      <ul className="error-summary-list">
        {errors.map((e) => (
          <li key={`${e.field ?? ''}:${e.message}`}>
            {e.field ? (
              <a
                href={`#${e.field}`}
                onClick={(ev) => {
                  ev.preventDefault();
                  const input = document.getElementById(e.field!);
                  input?.focus();
                  input?.scrollIntoView({ block: 'center' });
                }}
              >
                {e.message}
              </a>
            ) : (
              e.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

// The fields the summary links to live in fields.tsx; TextField is also imported from here.
export { TextField } from './fields.tsx';
