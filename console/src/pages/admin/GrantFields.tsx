/**
 * A role and where it applies, chosen from lists in words (issue 13): the role as a radio, then the class by
 * its name and the subject by its name when the role takes them — never an id or a code typed by hand.
 */
import type { FieldError } from '../../ui/ErrorSummary.tsx';
import { SelectField } from '../../ui/fields.tsx';
import { type Lang, roleWord } from '../../words.ts';
import { GRANTABLE, type GrantChoice, takes } from './grants.ts';
import { type SchoolClass, subjectsOfGrade, subjectsOfSchool } from './school-data.ts';
import { aw } from './words.ts';

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
        <SelectField
          id={`${prefix}-class`}
          label={aw('class', lang)}
          value={value.classId}
          error={errorOf(`${prefix}-class`)}
          onChange={(classId) => onChange({ ...value, classId, subject: '' })}
          options={classes.map((c) => ({ value: c.classId, label: c.name }))}
          placeholder={aw('choose', lang)}
        />
      )}
      {takes(value.role, 'subject') && (
        <SelectField
          id={`${prefix}-subject`}
          label={aw('subject', lang)}
          hint={takes(value.role, 'classId') ? aw('subjectHint', lang) : undefined}
          value={value.subject}
          error={errorOf(`${prefix}-subject`)}
          onChange={(subject) => onChange({ ...value, subject })}
          options={subjects.map((s) => ({ value: s.code, label: s.name }))}
          placeholder={
            takes(value.role, 'classId') && !chosenClass ? aw('chooseClassFirst', lang) : aw('choose', lang)
          }
        />
      )}
    </>
  );
}
