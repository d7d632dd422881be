/**
 * The first page of an import: the kind of file (each with its template to download), the class, the
 * subject where the layout needs one, and the file. Checked before anything is sent; each error is listed
 * at the top and linked to its field (GOV.UK error summary).
 */
import { curriculumFor, type SchoolLevel, subjectName } from '@hocba/records';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import type { Session } from '../../session.ts';
import { go } from '../../shell/hash-route.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import type { Lang } from '../../words.ts';
import { CallFailed, type ClassChoice, classChoices, type ImportKind, KINDS, upload } from './data.ts';
import { remember } from './remembered.ts';
import { TemplateButton } from './TemplateButton.tsx';
import { iw } from './words.ts';

const MAX_BYTES = 8 * 1024 * 1024;

const KIND_WORDS = {
  roster: ['kindRoster', 'kindRosterHint'],
  'marks-primary': ['kindPrimary', 'kindPrimaryHint'],
  'marks-secondary': ['kindSecondary', 'kindSecondaryHint'],
} as const;

const levelOf = (grade: number): SchoolLevel => (grade <= 5 ? 'TH' : grade <= 9 ? 'THCS' : 'THPT');

/** The subjects a person may import for a class: a subject teacher's own there, else the grade's. */
function subjectsFor(session: Session, cls: ClassChoice | undefined): string[] {
  if (!cls) return [];
  if (session.role === 'subjectTeacher') {
    return session.scope.flatMap((s) => (s.classId === cls.classId && s.subject ? [s.subject] : []));
  }
  return curriculumFor(levelOf(cls.grade), cls.grade)?.subjects.map((s) => s.code) ?? [];
}

export function UploadForm(props: {
  connection: Connection;
  lang: Lang;
  session: Session;
  initialKind?: ImportKind | undefined;
  initialClassId?: string | undefined;
}) {
  const { connection, lang, session } = props;
  const classes = useQuery({
    queryKey: ['imports', 'classes', session.role, JSON.stringify(session.scope)],
    queryFn: () => classChoices(connection, session),
  });
  const [kind, setKind] = useState<ImportKind | undefined>(props.initialKind);
  const [classId, setClassId] = useState(props.initialClassId ?? '');
  const [subject, setSubject] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [sending, setSending] = useState(false);

  const list = classes.data ?? [];
  const onlyClass = list.length === 1 ? list[0]!.classId : '';
  const chosenClass = list.find((c) => c.classId === (classId || onlyClass));
  const subjects = subjectsFor(session, chosenClass);
  // A subject teacher imports one subject: theirs (the gateway refuses the whole sheet).
  const subjectRequired =
    kind === 'marks-secondary' || (kind === 'marks-primary' && session.role === 'subjectTeacher');
  const fieldError = (id: string) => errors.find((e) => e.field === id)?.message;

  async function submit(ev: React.FormEvent) {
    ev.preventDefault();
    const found: FieldError[] = [];
    if (!kind) found.push({ field: 'imp-kind-roster', message: iw('needKind', lang) });
    if (!chosenClass) found.push({ field: 'imp-class', message: iw('needClass', lang) });
    if (subjectRequired && !subject) found.push({ field: 'imp-subject', message: iw('needSubject', lang) });
    if (!file) found.push({ field: 'imp-file', message: iw('needFile', lang) });
    else if (!/\.xlsx$/i.test(file.name)) found.push({ field: 'imp-file', message: iw('notXlsx', lang) });
    else if (file.size > MAX_BYTES) found.push({ field: 'imp-file', message: iw('tooBig', lang) });
    setErrors(found);
    if (found.length > 0 || !kind || !chosenClass || !file) return;
    setSending(true);
    try {
      const sent = {
        kind,
        schoolId: chosenClass.schoolId,
        classId: chosenClass.classId,
        subject: subject || undefined,
        file,
      };
      const job = await upload(connection, sent);
      remember(job.id, { upload: sent });
      go(['imports', kind, job.id]);
    } catch (e) {
      const body = e instanceof CallFailed ? e.body : undefined;
      setErrors([{ field: 'imp-file', message: apiMessage(body, lang) ?? iw('network', lang) }]);
    } finally {
      setSending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="imp-form">
      <ErrorSummary title={iw('errorTitle', lang)} errors={errors} />
      <fieldset
        className={fieldError('imp-kind-roster') ? 'field imp-kinds field-error' : 'field imp-kinds'}
        aria-describedby={fieldError('imp-kind-roster') ? 'imp-kind-error' : undefined}
      >
        <legend>{iw('kind', lang)}</legend>
        {fieldError('imp-kind-roster') && (
          <p className="error-message" id="imp-kind-error">
            {fieldError('imp-kind-roster')}
          </p>
        )}
        {KINDS.map((k) => {
          const [label, hint] = KIND_WORDS[k];
          return (
            <div key={k} className="imp-kind">
              <label className="imp-radio">
                <input
                  type="radio"
                  name="imp-kind"
                  id={`imp-kind-${k}`}
                  value={k}
                  checked={kind === k}
                  onChange={() => {
                    setKind(k);
                    setSubject('');
                  }}
                />
                <span>
                  <strong>{iw(label, lang)}</strong>
                  <span className="hint">{iw(hint, lang)}</span>
                </span>
              </label>
              <TemplateButton connection={connection} lang={lang} kind={k} label={iw(label, lang)} />
            </div>
          );
        })}
      </fieldset>

      <div className={fieldError('imp-class') ? 'field field-error' : 'field'}>
        <label htmlFor="imp-class">{iw('cls', lang)}</label>
        {fieldError('imp-class') && (
          <p className="error-message" id="imp-class-error">
            {fieldError('imp-class')}
          </p>
        )}
        {classes.isError ? (
          <p className="error-message">
            {apiMessage((classes.error as CallFailed).body, lang) ?? iw('network', lang)}
          </p>
        ) : classes.isSuccess && list.length === 0 ? (
          <p>{iw('noClasses', lang)}</p>
        ) : (
          <select
            id="imp-class"
            value={classId || onlyClass}
            onChange={(e) => {
              setClassId(e.target.value);
              setSubject('');
            }}
            aria-invalid={fieldError('imp-class') ? true : undefined}
            aria-describedby={fieldError('imp-class') ? 'imp-class-error' : undefined}
            className={fieldError('imp-class') ? 'input-error' : undefined}
          >
            {list.length !== 1 && <option value="">{iw('chooseClassOption', lang)}</option>}
            {list.map((c) => (
              <option key={c.classId} value={c.classId}>
                {iw('classOption', lang, { name: c.name, year: c.schoolYear })}
              </option>
            ))}
          </select>
        )}
      </div>

      {(kind === 'marks-primary' || kind === 'marks-secondary') && (
        <div className={fieldError('imp-subject') ? 'field field-error' : 'field'}>
          <label htmlFor="imp-subject">{iw('subject', lang)}</label>
          {kind === 'marks-primary' && !subjectRequired && (
            <p className="hint" id="imp-subject-hint">
              {iw('subjectHintPrimary', lang)}
            </p>
          )}
          {fieldError('imp-subject') && (
            <p className="error-message" id="imp-subject-error">
              {fieldError('imp-subject')}
            </p>
          )}
          <select
            id="imp-subject"
            value={subject}
            onChange={(e) => setSubject(e.target.value)}
            aria-invalid={fieldError('imp-subject') ? true : undefined}
            aria-describedby={fieldError('imp-subject') ? 'imp-subject-error' : undefined}
            className={fieldError('imp-subject') ? 'input-error' : undefined}
          >
            <option value="">
              {subjectRequired ? iw('chooseSubjectOption', lang) : iw('subjectAll', lang)}
            </option>
            {subjects.map((s) => (
              <option key={s} value={s}>
                {subjectName(s)[lang]}
              </option>
            ))}
          </select>
        </div>
      )}

      <div className={fieldError('imp-file') ? 'field field-error' : 'field'}>
        <label htmlFor="imp-file">{iw('file', lang)}</label>
        <p className="hint" id="imp-file-hint">
          {iw('fileHint', lang)}
        </p>
        {fieldError('imp-file') && (
          <p className="error-message" id="imp-file-error">
            {fieldError('imp-file')}
          </p>
        )}
        <input
          id="imp-file"
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-invalid={fieldError('imp-file') ? true : undefined}
          aria-describedby={fieldError('imp-file') ? 'imp-file-hint imp-file-error' : 'imp-file-hint'}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>

      <div className="actions">
        <button type="submit" disabled={sending}>
          {sending ? iw('uploading', lang) : iw('upload', lang)}
        </button>
      </div>
    </form>
  );
}
