/**
 * A role and where it applies, chosen from lists in words (issue 13): the role as a radio, then the class by
 * its name and the subject by its name when the role takes them — never an id or a code typed by hand.
 */
import type { FieldError } from '../../ui/ErrorSummary.tsx';
import { type Lang, roleWord } from '../../words.ts';
import {
  classWord,
  type SchoolClass,
  subjectsOfGrade,
  subjectsOfSchool,
  subjectWord,
} from './school-data.ts';
import { aw } from './words.ts';

/** The roles a school administrator grants (the gateway's REMIT), and the scope columns each takes. */
export const GRANTABLE = {
  subjectTeacher: ['classId', 'subject'],
  homeroomTeacher: ['classId'],
  subjectGroup: ['schoolId', 'subject'],
  deputyPrincipal: ['schoolId'],
  schoolAdmin: ['schoolId'],
} as const;
export type GrantableRole = keyof typeof GRANTABLE;

export interface GrantChoice {
  role: string;
  classId: string;
  subject: string;
}
export const NO_GRANT: GrantChoice = { role: '', classId: '', subject: '' };

const takes = (role: string, column: string): boolean =>
  (GRANTABLE[role as GrantableRole] as readonly string[] | undefined)?.includes(column) ?? false;

export interface GrantBody {
  role: GrantableRole;
  schoolId?: string;
  classId?: string;
  subject?: string;
}

/** The grant as the gateway takes it (exactly its role's columns), or the fields still to fill. */
export function grantOf(
  c: GrantChoice,
  schoolId: string,
  prefix: string,
  lang: Lang,
): { body?: GrantBody; errors: FieldError[] } {
  if (!(c.role in GRANTABLE))
    return { errors: [{ field: `${prefix}-role-0`, message: aw('roleMissing', lang) }] };
  const errors: FieldError[] = [];
  if (takes(c.role, 'classId') && !c.classId)
    errors.push({ field: `${prefix}-class`, message: aw('classMissing', lang) });
  if (takes(c.role, 'subject') && !c.subject)
    errors.push({ field: `${prefix}-subject`, message: aw('subjectMissing', lang) });
  if (errors.length > 0) return { errors };
  const body: GrantBody = { role: c.role as GrantableRole };
  if (takes(c.role, 'schoolId')) body.schoolId = schoolId;
  if (takes(c.role, 'classId')) body.classId = c.classId;
  if (takes(c.role, 'subject')) body.subject = c.subject;
  return { body, errors: [] };
}

/** A grant in words: "Giáo viên bộ môn — Toán, lớp 5A". */
export function grantText(
  g: { role: string; scope: { classId?: string; subject?: string } },
  classes: readonly SchoolClass[],
  lang: Lang,
): string {
  const where = [
    g.scope.subject !== undefined ? subjectWord(g.scope.subject, lang) : undefined,
    g.scope.classId !== undefined ? classWord(classes, g.scope.classId, lang) : undefined,
  ].filter((x): x is string => x !== undefined);
  return where.length > 0 ? `${roleWord(g.role, lang)} — ${where.join(', ')}` : roleWord(g.role, lang);
}

export function GrantFields({
  prefix,
  legend,
  value,
  onChange,
  classes,
  errors,
  lang,
}: {
  prefix: string;
  legend: string;
  value: GrantChoice;
  onChange: (v: GrantChoice) => void;
  classes: readonly SchoolClass[];
  errors: FieldError[];
  lang: Lang;
}) {
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const roleError = errorOf(`${prefix}-role-0`);
  const chosenClass = classes.find((c) => c.classId === value.classId);
  const subjects = takes(value.role, 'classId')
    ? chosenClass
      ? subjectsOfGrade(chosenClass.grade, lang)
      : []
    : subjectsOfSchool(classes, lang);
  return (
    <>
      <fieldset className={roleError ? 'field field-error' : 'field'}>
        <legend>{legend}</legend>
        {roleError && (
          <p className="error-message" id={`${prefix}-role-error`}>
            {roleError}
          </p>
        )}
        <ul className="choices">
          {Object.keys(GRANTABLE).map((role, i) => (
            <li key={role}>
              <input
                type="radio"
                id={`${prefix}-role-${i}`}
                name={`${prefix}-role`}
                value={role}
                checked={value.role === role}
                aria-describedby={roleError ? `${prefix}-role-error` : undefined}
                onChange={() => onChange({ ...value, role })}
              />
              <label htmlFor={`${prefix}-role-${i}`}>{roleWord(role, lang)}</label>
            </li>
          ))}
        </ul>
      </fieldset>
      {takes(value.role, 'classId') && (
        <Select
          id={`${prefix}-class`}
          label={aw('class', lang)}
          value={value.classId}
          error={errorOf(`${prefix}-class`)}
          onChange={(classId) => onChange({ ...value, classId, subject: '' })}
          options={classes.map((c) => ({ value: c.classId, text: c.name }))}
          placeholder={aw('choose', lang)}
        />
      )}
      {takes(value.role, 'subject') && (
        <Select
          id={`${prefix}-subject`}
          label={aw('subject', lang)}
          hint={takes(value.role, 'classId') ? aw('subjectHint', lang) : undefined}
          value={value.subject}
          error={errorOf(`${prefix}-subject`)}
          onChange={(subject) => onChange({ ...value, subject })}
          options={subjects.map((s) => ({ value: s.code, text: s.name }))}
          placeholder={
            takes(value.role, 'classId') && !chosenClass ? aw('chooseClassFirst', lang) : aw('choose', lang)
          }
        />
      )}
    </>
  );
}

/** A labelled select with its hint and error, marked up as the design system's fields are. */
export function Select(props: {
  id: string;
  label: string;
  hint?: string | undefined;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; text: string }[];
  placeholder?: string;
  error?: string | undefined;
}) {
  const described = [props.hint && `${props.id}-hint`, props.error && `${props.id}-error`].filter(Boolean);
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
      <select
        id={props.id}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described.length > 0 ? described.join(' ') : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
}
