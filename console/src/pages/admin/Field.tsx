/** A labelled text input with a hint and its error, as GOV.UK lays them out (label, hint, error, input). */
export function Field(props: {
  id: string;
  label: string;
  hint?: string | undefined;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  type?: 'text' | 'password';
  autoComplete?: string;
  /** Typed character by character (a password, a login): a monospace face tells 1 from l. */
  mono?: boolean;
  /** A short number (a day, an hour): a narrow box and the numeric keyboard on a phone. */
  width?: 2 | 4;
}) {
  const described = [props.hint && `${props.id}-hint`, props.error && `${props.id}-error`].filter(Boolean);
  const classes = [
    props.error && 'input-error',
    props.mono && 'mono',
    props.width && `width-${props.width}`,
  ].filter(Boolean);
  return (
    <div className={props.error ? 'field field-error' : 'field'}>
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
        type={props.type ?? 'text'}
        value={props.value}
        autoComplete={props.autoComplete}
        spellCheck={false}
        inputMode={props.width ? 'numeric' : undefined}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described.length > 0 ? described.join(' ') : undefined}
        className={classes.length > 0 ? classes.join(' ') : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}
