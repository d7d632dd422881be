/**
 * One import after its upload (`#/imports/<kind>/<jobId>`): its progress while the gateway reads or writes
 * (polled), the problems of a bad file row by row, the preview of a good one with what writing would do,
 * the commit, and what was written. The address keeps the job: a reload comes back to the same page.
 */
import { instantText, subjectName } from '@hocba/records';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import type { Session } from '../../session.ts';
import { go, hashOf } from '../../shell/hash-route.ts';
import type { Lang } from '../../words.ts';
import {
  type CallFailed,
  commitJob,
  drawUpRecords,
  type ImportKind,
  type Job,
  PREVIEW_LIMIT,
  type Problem,
  readJob,
  type Upload,
  upload,
} from './data.ts';
import { ProblemTable } from './ProblemTable.tsx';
import { remember, remembered } from './remembered.ts';
import { iw } from './words.ts';

const POLL_MS = 400;
const CAN_DRAW_UP = ['homeroomTeacher', 'principal', 'schoolAdmin'];

const n = (summary: Job['summary'], key: string) => Number(summary?.[key] ?? 0);

/**
 * What the page says of the pupils without a record: all of them (every row of the sheet says so), how
 * many, or "some" when the gateway sent only the first problems.
 */
function missingLine(j: Job, missing: readonly Problem[], lang: Lang): string {
  if (j.problems.length < j.problemCount) return iw('recordsMissing', lang);
  // A pupil is named by the cell's code; a semester sheet names each pupil once per semester.
  const pupils = new Set(missing.map((p) => String(p.value))).size;
  return missing.length === j.totalRows
    ? iw('recordsMissingAll', lang, { n: pupils })
    : iw('recordsMissingSome', lang, { n: pupils });
}

export function JobPanel(props: {
  connection: Connection;
  lang: Lang;
  session: Session;
  kind: ImportKind;
  jobId: string;
}) {
  const { connection, lang, kind, jobId } = props;
  const queries = useQueryClient();
  const key = ['imports', 'job', kind, jobId];
  const job = useQuery({
    queryKey: key,
    queryFn: () => readJob(connection, kind, jobId),
    refetchInterval: (q) => (q.state.data?.running ? POLL_MS : false),
  });
  const commit = useMutation({
    mutationFn: () => commitJob(connection, kind, jobId),
    onSuccess: (j) => queries.setQueryData(key, j),
  });

  if (job.isPending) return <p aria-live="polite">{iw('reading', lang, { file: '' })}</p>;
  if (job.isError) {
    return (
      <div className="imp-job">
        <p className="error-message" role="alert">
          {apiMessage((job.error as CallFailed).body, lang) ?? iw('network', lang)}
        </p>
        <p>
          <a href={hashOf(['imports'])}>{iw('another', lang)}</a>
        </p>
      </div>
    );
  }
  const j = job.data;
  const file = j.fileName ?? '';
  const classId = String(j.options.classId ?? '');
  const drawnBefore = remembered(jobId)?.drawnUp;
  const drawnNotice = drawnBefore !== undefined && (
    <p className="notice imp-drawn" role="status">
      {iw('drawnUpRead', lang, { n: drawnBefore, file })}
    </p>
  );
  const another = (
    <p>
      <a href={hashOf(['imports'])} className="imp-another">
        {iw('another', lang)}
      </a>
    </p>
  );

  if (j.state === 'parsing' || j.state === 'committing') {
    if (!j.running) {
      return (
        <div className="imp-job">
          <p className="notice">{iw('interrupted', lang)}</p>
          {another}
        </div>
      );
    }
    const p = j.progress;
    return (
      <div className="imp-job" aria-busy="true">
        <h2 id="imp-job-title">
          {j.state === 'parsing' ? iw('reading', lang, { file }) : iw('writing', lang)}
        </h2>
        <progress
          className="imp-progress"
          aria-labelledby="imp-job-title"
          max={p?.total || 1}
          value={p?.done ?? 0}
        />
        <p aria-live="polite">{p ? iw('progress', lang, { done: p.done, total: p.total }) : ''}</p>
      </div>
    );
  }

  if (j.state === 'failed') {
    const reason = j.problems[0]?.message[lang] ?? '';
    return (
      <div className="imp-job">
        <p className="error-message" role="alert">
          {iw('failed', lang, { reason })}
        </p>
        {another}
      </div>
    );
  }

  if (j.state === 'committed') {
    const s = j.summary;
    return (
      <div className="imp-job">
        <div className="notice imp-done" role="status">
          <h2>{iw('doneTitle', lang)}</h2>
          <p>
            {kind === 'roster'
              ? iw('doneRoster', lang, {
                  new: n(s, 'new'),
                  changed: n(s, 'changed'),
                  unchanged: n(s, 'unchanged'),
                })
              : iw('doneMarks', lang, { entries: n(s, 'entries'), subjects: n(s, 'subjects') })}{' '}
            {j.committedAt && iw('doneAt', lang, { at: instantText(j.committedAt)?.[lang] ?? '' })}
          </p>
        </div>
        {kind === 'roster' && classId && <NextAfterRoster {...props} classId={classId} />}
        {another}
      </div>
    );
  }

  // Previewed.
  if (j.problemCount > 0) {
    const missing = j.problems.filter((p) => p.rule === 'RECORD_MISSING');
    // The way out comes before the rows: when the records are missing, drawing them up is what to do.
    return (
      <div className="imp-job">
        {drawnNotice}
        <h2 className="imp-bad-title">{iw('problemsTitle', lang, { n: j.problemCount })}</h2>
        {missing.length > 0 && classId && CAN_DRAW_UP.includes(props.session.role) && (
          <DrawUp
            {...props}
            classId={classId}
            intro={missingLine(j, missing, lang)}
            again={remembered(jobId)?.upload}
          />
        )}
        <p>{iw('problemsIntro', lang)}</p>
        {j.problems.length < j.problemCount && (
          <p className="hint">{iw('problemsMore', lang, { shown: j.problems.length, n: j.problemCount })}</p>
        )}
        <ProblemTable lang={lang} problems={j.problems} />
        {another}
      </div>
    );
  }

  const s = j.summary;
  const rosterNothingNew = kind === 'roster' && n(s, 'new') === 0 && n(s, 'changed') === 0;
  const marksSame = kind !== 'roster' && j.sameFileCommitted !== null;
  const nothingNew = rosterNothingNew || marksSame;
  return (
    <div className="imp-job">
      {drawnNotice}
      <h2>{iw('previewTitle', lang, { file })}</h2>
      <p className="imp-summary">
        {kind === 'roster'
          ? iw('rosterSummary', lang, {
              rows: j.totalRows,
              new: n(s, 'new'),
              changed: n(s, 'changed'),
              unchanged: n(s, 'unchanged'),
            })
          : iw('marksSummary', lang, {
              pupils: n(s, 'pupils'),
              subjects: kind === 'marks-secondary' ? 1 : n(s, 'subjects'),
              entries: kind === 'marks-secondary' ? n(s, 'pupils') : n(s, 'entries'),
            })}
      </p>
      {kind === 'marks-primary' && n(s, 'columnsNotImported') > 0 && (
        <p className="hint">{iw('notImported', lang, { n: n(s, 'columnsNotImported') })}</p>
      )}
      {nothingNew && (
        <p className="notice imp-nothing-new" role="status">
          {rosterNothingNew ? iw('nothingNew', lang) : iw('nothingNewMarks', lang)}
        </p>
      )}
      {!nothingNew && j.sameFileCommitted && <p className="hint">{iw('sameFile', lang)}</p>}
      {commit.isError && (
        <p className="error-message" role="alert">
          {apiMessage((commit.error as CallFailed).body, lang) ?? iw('network', lang)}
        </p>
      )}
      <div className="actions">
        {!rosterNothingNew && (
          <button
            type="button"
            className={nothingNew ? 'secondary' : undefined}
            disabled={commit.isPending}
            onClick={() => commit.mutate()}
          >
            {nothingNew
              ? iw('commitAgain', lang)
              : kind === 'roster'
                ? iw('commitRoster', lang)
                : iw('commitMarks', lang)}
          </button>
        )}
        <a href={hashOf(['imports'])} className="imp-another">
          {iw('another', lang)}
        </a>
      </div>
      <PreviewTable lang={lang} kind={kind} job={j} />
    </div>
  );
}

/** After a class list: draw up the records, then import the results of the same class. */
function NextAfterRoster(props: { connection: Connection; lang: Lang; session: Session; classId: string }) {
  const { lang, classId } = props;
  return (
    <div className="imp-next">
      <p>{iw('nextRecords', lang)}</p>
      {CAN_DRAW_UP.includes(props.session.role) && <DrawUp {...props} intro={iw('recordsMissing', lang)} />}
      <p>
        <a href={hashOf(['imports', 'new', 'marks-primary', classId])}>{iw('importMarks', lang)}</a>
      </p>
    </div>
  );
}

/**
 * Draws up the class's records. Given the upload that met the missing records (`again`, still in the page),
 * it then sends the same file again as a new job and opens it, so the preview follows at once; without it
 * (after a class list, or after a reload) it says so and leads to the upload form.
 */
function DrawUp(props: {
  connection: Connection;
  lang: Lang;
  classId: string;
  intro: string;
  kind?: ImportKind;
  again?: Upload | undefined;
}) {
  const { connection, lang, classId, again } = props;
  const [drawn, setDrawn] = useState<number | undefined>();
  const draw = useMutation({
    mutationFn: () => drawUpRecords(connection, classId),
    onSuccess: (count) => {
      setDrawn(count);
      if (again) reread.mutate(count);
    },
  });
  const reread = useMutation({
    mutationFn: (count: number) =>
      upload(connection, again!).then((job) => {
        remember(job.id, { upload: again!, drawnUp: count });
        return job;
      }),
    onSuccess: (job) => go(['imports', again!.kind, job.id]),
  });
  const busy = draw.isPending || reread.isPending;
  const failed = draw.error ?? reread.error;
  return (
    <div className="imp-drawup">
      <p>{props.intro}</p>
      {again && !drawn && <p className="hint">{iw('drawUpThenRead', lang, { file: again.file.name })}</p>}
      <button
        type="button"
        className="secondary"
        disabled={busy || drawn !== undefined}
        onClick={() => draw.mutate()}
      >
        {draw.isPending ? iw('drawingUp', lang) : iw('drawUp', lang)}
      </button>
      {drawn !== undefined && (
        <p role="status" className="imp-drawn">
          {again && !reread.isError
            ? iw('drawnUpReading', lang, { n: drawn, file: again.file.name })
            : props.kind
              ? iw('drawnUp', lang, { n: drawn })
              : iw('drawnUpOnly', lang, { n: drawn })}
        </p>
      )}
      {drawn !== undefined && props.kind && (!again || reread.isError) && (
        <p>
          <a href={hashOf(['imports', 'new', props.kind, classId])}>{iw('uploadResultsAgain', lang)}</a>
        </p>
      )}
      {failed && (
        <p className="error-message" role="alert">
          {apiMessage((failed as CallFailed).body, lang) ?? iw('network', lang)}
        </p>
      )}
    </div>
  );
}

/** dd/mm/yyyy of an ISO calendar date. */
const ddmmyyyy = (iso: unknown) =>
  typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iso)
    ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`
    : String(iso ?? '');

const IDENTITY = new Set(['row', 'studentCode', 'fullName', 'nationalId']);
/** The primary sheet's subjects in its columns' order, then the secondary sheet's two semesters. */
const COLUMN_ORDER = [
  'TIENG_VIET',
  'TOAN',
  'DAO_DUC',
  'TN_XH',
  'KHOA_HOC',
  'LS_DL',
  'NGOAI_NGU_1',
  'TIN_HOC_CN',
  'GDTC',
  'AM_NHAC',
  'MI_THUAT',
  'HDTN',
  'TIENG_DTTS',
  'hk1',
  'hk2',
];

function PreviewTable(props: { lang: Lang; kind: ImportKind; job: Job }) {
  const { lang, kind, job } = props;
  const rows = job.preview;
  if (rows.length === 0) return null;
  // A page of at most PREVIEW_LIMIT rows (a semester sheet's rows are counted in totalRows twice).
  const shownMore =
    rows.length >= PREVIEW_LIMIT && rows.length < job.totalRows ? (
      <p className="hint">{iw('previewMore', lang, { shown: rows.length, n: job.totalRows })}</p>
    ) : null;
  if (kind === 'roster') {
    const action = (r: (typeof rows)[number]) =>
      r.action === 'new'
        ? iw('actionNew', lang)
        : r.action === 'changed'
          ? iw('actionChanged', lang, { fields: String(r.changedFields ?? '') })
          : iw('actionUnchanged', lang);
    return (
      <section aria-labelledby="imp-preview-title">
        <h3 id="imp-preview-title">{iw('previewRows', lang)}</h3>
        {shownMore}
        <div className="scroll imp-scroll">
          <table className="grid imp-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {iw('row', lang)}
                </th>
                <th scope="col">{iw('nationalId', lang)}</th>
                <th scope="col">{iw('fullName', lang)}</th>
                <th scope="col">{iw('dateOfBirth', lang)}</th>
                <th scope="col">{iw('sex', lang)}</th>
                <th scope="col">{iw('cls', lang)}</th>
                <th scope="col">{iw('action', lang)}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={String(r.row)}>
                  <td className="num">{r.row}</td>
                  <td className="imp-nowrap">{r.nationalId}</td>
                  <td className="imp-nowrap">{r.fullName}</td>
                  <td className="imp-nowrap">{ddmmyyyy(r.dateOfBirth)}</td>
                  <td>
                    {r.sex === 'male' ? iw('male', lang) : r.sex === 'female' ? iw('female', lang) : ''}
                  </td>
                  <td>{r.className}</td>
                  <td>{action(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    );
  }
  // Marks: the identity columns, then one column per subject (primary) or semester (secondary), in the
  // sheet's order (the stored rows' keys come back in the database's order, not the file's).
  const rank = (k: string) => (COLUMN_ORDER.includes(k) ? COLUMN_ORDER.indexOf(k) : COLUMN_ORDER.length);
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))]
    .filter((k) => !IDENTITY.has(k))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const header = (k: string) =>
    k === 'hk1'
      ? lang === 'vi'
        ? 'Học kì I'
        : 'Semester I'
      : k === 'hk2'
        ? lang === 'vi'
          ? 'Học kì II'
          : 'Semester II'
        : subjectName(k)[lang];
  return (
    <section aria-labelledby="imp-preview-title">
      <h3 id="imp-preview-title">{iw('previewRows', lang)}</h3>
      {shownMore}
      <p className="hint">
        {kind === 'marks-primary'
          ? lang === 'vi'
            ? 'T: Hoàn thành tốt, H: Hoàn thành, C: Chưa hoàn thành; số: điểm kiểm tra định kì.'
            : 'T: well completed, H: completed, C: not completed; the number: the periodic test score.'
          : lang === 'vi'
            ? 'Mỗi học kì: ĐĐGtx | ĐĐGgk | ĐĐGck; Đ: Đạt, CĐ: Chưa đạt.'
            : 'Each semester: regular | mid-term | end-term; Đ: pass, CĐ: fail.'}
      </p>
      <div className="scroll imp-scroll">
        <table className="grid imp-table">
          <thead>
            <tr>
              <th scope="col" className="num">
                {iw('row', lang)}
              </th>
              <th scope="col">{iw('fullName', lang)}</th>
              {columns.map((k) => (
                <th scope="col" key={k}>
                  {header(k)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={String(r.row)}>
                <td className="num">{r.row}</td>
                <td className="imp-name">{r.fullName}</td>
                {columns.map((k) => (
                  <td key={k} className="imp-mark">
                    {r[k] ?? ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
