/** Picks a locked record as a person names it: the class, then the pupil by name and date of birth. */
import type { Connection } from '../../api/client.ts';
import type { Session } from '../../session.ts';
import { SelectField } from '../../ui/fields.tsx';
import type { Lang } from '../../words.ts';
import { type LockedPupil, useClasses, useLockedPupils } from './data.ts';
import { dateText, t } from './words.ts';

export interface Picked {
  classId: string;
  recordId: string;
}

export function RecordPicker(props: {
  connection: Connection;
  session: Session;
  schoolId: string;
  lang: Lang;
  value: Picked;
  onChange: (v: Picked, pupil?: LockedPupil, className?: string) => void;
  errors: { classId?: string | undefined; recordId?: string | undefined };
}) {
  const { lang, value } = props;
  const classes = useClasses(props.connection, props.session, props.schoolId);
  const locked = useLockedPupils(props.connection, value.classId);
  const pupils = locked.data?.pupils ?? [];
  return (
    <>
      <SelectField
        id="pick-class"
        label={t('chooseClass', lang)}
        placeholder={t('choose', lang)}
        value={value.classId}
        options={(classes.data ?? []).map((c) => ({ value: c.classId, label: c.name }))}
        error={props.errors.classId}
        onChange={(classId) => props.onChange({ classId, recordId: '' })}
      />
      {value.classId !== '' && !locked.isPending && pupils.length === 0 ? (
        <p className="notice">{t('noLockedRecords', lang)}</p>
      ) : (
        <SelectField
          id="pick-pupil"
          label={t('choosePupil', lang)}
          hint={t('choosePupilHint', lang)}
          placeholder={t('choose', lang)}
          value={value.recordId}
          options={pupils.map((p) => ({
            value: p.recordId,
            label: `${p.fullName} — ${dateText(p.dateOfBirth)}`,
          }))}
          error={props.errors.recordId}
          onChange={(recordId) =>
            props.onChange(
              { classId: value.classId, recordId },
              pupils.find((p) => p.recordId === recordId),
              locked.data?.className,
            )
          }
        />
      )}
    </>
  );
}
