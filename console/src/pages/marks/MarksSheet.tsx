/**
 * The marks grid of one class and subject: a <table> of inputs (a pupil a row, the circular's columns),
 * moved through as a spreadsheet (grid-keys.ts), each row checked as it is typed by the record model
 * (entry.ts) with the message beside the row and linked to the cell (aria-invalid, aria-describedby), the
 * derived values as they follow, and one save of every row that has marks: all or nothing at the gateway,
 * whose row problems land on their cells and in the error summary.
 */
import { RATING_LABELS, SUBJECT_LEVEL_LABELS, subjectName } from '@hocba/records';
import { useMutation } from '@tanstack/react-query';
import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import { apiMessage, type Connection } from '../../api/client.ts';
import { ErrorSummary, type FieldError } from '../../ui/ErrorSummary.tsx';
import { type Lang, word } from '../../words.ts';
import { cellText, parseCell } from './cells.ts';
import { type Column, type GridShape, type InputColumn, inputColumns } from './columns.ts';
import { type Cells, cellsOf, checkRow, keptOf, type RowCheck } from './entry.ts';
import { moveFrom, type Pos, parseBlock, placeBlock } from './grid-keys.ts';
import { type ClassMarks, ENTERING, type PupilRow } from './load.ts';
import { rowProblems, type SentRow, type ServerProblem } from './refusal.ts';
import { closedWhy, mw, STATE_WORDS } from './words.ts';

const cellId = (row: number, key: string) => `mark-${row}-${key}`;
const problemId = (row: number, n: number) => `mark-${row}-problem-${n}`;
const isOpen = (r: PupilRow) => r.recordId !== null && r.state !== null && ENTERING.includes(r.state);
const dob = (iso: string) => iso.split('-').reverse().join('/');
/** An empty summary, the same array when it is empty already (a new one would move the focus to it). */
const keepEmpty = (prev: FieldError[]): FieldError[] => (prev.length === 0 ? prev : []);

export interface Saved {
  at: string;
  count: number;
}

export function MarksSheet({
  connection,
  lang,
  data,
  shape,
  saved,
  onSaved,
  onReload,
}: {
  connection: Connection;
  lang: Lang;
  data: ClassMarks;
  shape: GridShape;
  saved: Saved | null;
  onSaved: (count: number) => void;
  onReload: () => void;
}) {
  const cols = inputColumns(shape);
  const open = data.rows.filter(isOpen);
  // What the gateway holds (as loaded), and the cells as they are now: a row that differs is not saved.
  const [stored, setStored] = useState<Record<string, Cells>>(() =>
    Object.fromEntries(data.rows.map((r) => [r.enrolmentId, cellsOf(shape, r.entry, lang)])),
  );
  const [cells, setCells] = useState<Record<string, Cells>>(stored);
  const changed = (id: string) =>
    cols.some((c) => (cells[id]?.[c.key] ?? '').trim() !== (stored[id]?.[c.key] ?? '').trim());
  const kept = useMemo(
    () => Object.fromEntries(data.rows.map((r) => [r.enrolmentId, keptOf(shape, r.entry)])),
    [data, shape],
  );
  const [dirty, setDirty] = useState(false);
  const [server, setServer] = useState<ServerProblem[]>([]);
  const [summary, setSummary] = useState<FieldError[]>([]);
  const sent = useRef<SentRow[]>([]);
  // Each saved row's state as the save's answer gave it (a record becomes `entered` with its last part),
  // for the data it was saved over: the class read again after the save says the same, and then leads.
  const [answered, setAnswered] = useState<{ of: ClassMarks; states: Record<string, string> } | null>(null);
  const learnStates = (states: [string, string][]) =>
    setAnswered((prev) => ({
      of: data,
      states: { ...(prev?.of === data ? prev.states : {}), ...Object.fromEntries(states) },
    }));
  const stateOf = (r: PupilRow) =>
    (answered?.of === data && r.recordId !== null ? answered.states[r.recordId] : undefined) ?? r.state;
  /** The focused cell's text when it took the focus: Escape puts it back, as a spreadsheet cancels an edit. */
  const before = useRef('');

  // Closing or reloading the tab with marks not saved asks first, as a spreadsheet does.
  useEffect(() => {
    if (!dirty) return;
    const ask = (e: BeforeUnloadEvent) => e.preventDefault();
    addEventListener('beforeunload', ask);
    return () => removeEventListener('beforeunload', ask);
  }, [dirty]);

  const checks = useMemo(
    () =>
      Object.fromEntries(
        data.rows.map((r) => [
          r.enrolmentId,
          checkRow(shape, cells[r.enrolmentId] ?? {}, kept[r.enrolmentId] ?? {}, lang),
        ]),
      ) as Record<string, RowCheck>,
    [data, shape, cells, kept, lang],
  );

  /** Each row's problems: the row's own check, then what the gateway said of it. */
  const problemsOf = (r: PupilRow) => {
    const c = checks[r.enrolmentId]!;
    const mine = server.filter((p) => p.enrolmentId === r.enrolmentId);
    const list: { key?: string | undefined; message: string }[] = [
      ...cols
        .filter((col) => c.cellErrors[col.key])
        .map((col) => ({ key: col.key, message: c.cellErrors[col.key]! })),
      ...c.rowErrors.map((message) => ({ message })),
      ...mine.filter((p) => !p.key || !c.cellErrors[p.key]),
    ];
    return list;
  };

  const setCell = (enrolmentId: string, updates: Record<string, string>) => {
    setCells((prev) => ({ ...prev, [enrolmentId]: { ...prev[enrolmentId], ...updates } }));
    setServer((prev) => prev.filter((p) => p.enrolmentId !== enrolmentId));
    // The summary spoke of the last save; once the teacher corrects, each row's own messages lead.
    setSummary(keepEmpty);
    setDirty(true);
  };

  const focusCell = (p: Pos) => {
    const row = open[p.row];
    const col = cols[p.col];
    if (row && col) document.getElementById(cellId(data.rows.indexOf(row), col.key))?.focus();
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>, at: Pos, enrolmentId: string, key: string) => {
    const input = e.currentTarget;
    const start = input.selectionStart ?? 0;
    const end = input.selectionEnd ?? 0;
    const whole = start === 0 && end === input.value.length;
    if (e.key === 'Delete' && whole) {
      e.preventDefault();
      setCell(enrolmentId, { [key]: '' });
      return;
    }
    if (e.key === 'Escape' && input.value !== before.current) {
      e.preventDefault();
      setCell(enrolmentId, { [key]: before.current });
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const to = moveFrom(
      at,
      {
        key: e.key,
        shift: e.shiftKey,
        atStart: whole || end === 0,
        atEnd: whole || start === input.value.length,
      },
      open.length,
      cols.length,
    );
    if (to) {
      e.preventDefault();
      focusCell(to);
    }
  };

  const onPaste = (e: React.ClipboardEvent<HTMLInputElement>, at: Pos) => {
    const text = e.clipboardData.getData('text/plain');
    // One value typed into a cell stays the input's own paste; a block (or Excel's one cell and its line
    // break) fills the grid from here.
    if (!/[\t\n\r]/.test(text)) return;
    e.preventDefault();
    const placed = placeBlock(at, parseBlock(text), open.length, cols.length);
    setCells((prev) => {
      const next = { ...prev };
      for (const p of placed) {
        const id = open[p.row]!.enrolmentId;
        const col = cols[p.col]!;
        next[id] = { ...next[id], [col.key]: canonical(col, p.text, lang) };
      }
      return next;
    });
    const touched = new Set(placed.map((p) => open[p.row]!.enrolmentId));
    setServer((prev) => prev.filter((p) => !touched.has(p.enrolmentId)));
    setSummary(keepEmpty);
    setDirty(true);
  };

  const homeroom = shape.assessment === 'homeroom';
  const save = useMutation({
    mutationFn: async (rows: SentRow[]) => {
      const body = {
        rows: rows.map((r) => ({
          recordId: data.rows.find((x) => x.enrolmentId === r.enrolmentId)!.recordId!,
          data: r.check.data!,
        })),
      };
      if (homeroom) {
        const { data: answer, error } = await connection.api.PUT('/v1/classes/{classId}/homeroom', {
          params: { path: { classId: data.classId } },
          body,
        });
        if (!answer) throw error;
        return answer;
      }
      const { data: answer, error } = await connection.api.PUT(
        '/v1/classes/{classId}/subjects/{subject}/marks',
        {
          params: { path: { classId: data.classId, subject: shape.subject } },
          body,
        },
      );
      if (!answer) throw error;
      return answer;
    },
    onSuccess: (answer) => {
      const written = Object.fromEntries(sent.current.map((r) => [r.enrolmentId, r.cells]));
      setStored((prev) => ({ ...prev, ...written }));
      learnStates(answer.rows.map((r) => [r.recordId, r.state]));
      setDirty(false);
      setSummary([]);
      onSaved(answer.rows.length);
    },
    onError: (body) => {
      const problems = rowProblems(body, sent.current, shape, lang);
      if (!problems) {
        setSummary([{ message: apiMessage(body, lang) ?? word('network', lang) }]);
        return;
      }
      setServer(problems);
      // A record reviewed meanwhile: its refusal names the state the gateway holds it in now.
      learnStates(
        problems.flatMap((p) => {
          const recordId = data.rows.find((r) => r.enrolmentId === p.enrolmentId)?.recordId;
          return p.state && recordId ? [[recordId, p.state] as [string, string]] : [];
        }),
      );
      setSummary(
        problems.map((p) => {
          const i = data.rows.findIndex((r) => r.enrolmentId === p.enrolmentId);
          return {
            field: cellId(i, p.key ?? cols[0]!.key),
            message: `${data.rows[i]!.fullName}: ${p.message}`,
          };
        }),
      );
    },
  });

  const onSave = () => {
    const items: FieldError[] = [];
    for (const r of open) {
      const i = data.rows.indexOf(r);
      for (const p of problemsOf(r))
        items.push({ field: cellId(i, p.key ?? cols[0]!.key), message: `${r.fullName}: ${p.message}` });
    }
    const rows = open
      .filter((r) => !checks[r.enrolmentId]!.blank)
      .map((r) => ({
        enrolmentId: r.enrolmentId,
        cells: cells[r.enrolmentId]!,
        check: checks[r.enrolmentId]!,
      }));
    if (items.length === 0 && rows.length === 0)
      items.push({ message: mw(homeroom ? 'nothingToSaveHomeroom' : 'nothingToSave', lang) });
    setSummary(items);
    if (items.length > 0) return;
    sent.current = rows;
    save.mutate(rows);
  };

  const closed = data.rows.filter((r) => !isOpen(r));
  const why = new Map<string, string[]>();
  for (const r of closed) {
    const reason = r.recordId === null ? mw('noRecord', lang) : closedWhy(r.state ?? '', lang);
    why.set(reason, [...(why.get(reason) ?? []), r.fullName]);
  }
  const title = homeroom
    ? mw('homeroomTitle', lang)
    : `${mw('gridTitle', lang)}: ${subjectName(shape.subject)[lang]}`;
  const twoRows = shape.assessment === 'score' || homeroom;
  const legend = homeroom
    ? 'legendHomeroom'
    : shape.assessment === 'primary'
      ? 'legendPrimary'
      : shape.assessment === 'score'
        ? 'legendScore'
        : 'legendComment';
  // The homeroom grid's header groups: qualities, general and specific competencies, comments.
  const groups = homeroom
    ? cols.reduce<{ label: string; span: number }[]>((acc, c) => {
        const label = c.group?.[lang] ?? '';
        if (acc.at(-1)?.label === label) acc.at(-1)!.span++;
        else acc.push({ label, span: 1 });
        return acc;
      }, [])
    : [];

  return (
    <section className="card marks" aria-labelledby="marks-title">
      <h2 id="marks-title">
        {title} — {mw('classLabel', lang)} {data.className}
      </h2>
      <p className="marks-meta">
        {word('schoolYear', lang)} {data.schoolYear}
      </p>
      <ErrorSummary title={word('errorSummaryTitle', lang)} errors={summary} />
      {server.length > 0 && <p className="notice">{mw('refusedIntro', lang)}</p>}
      <p className="hint">{mw(legend, lang)}</p>
      <p className="hint">
        {mw('howTo', lang)}
        {/* A decimal is for scores only: ratings, levels and the primary test score take none. */}
        {shape.assessment === 'score' && ` ${mw('decimalComma', lang)}`}
      </p>
      {why.size > 0 && (
        <ul className="marks-closed">
          {[...why].map(([reason, names]) => (
            <li key={reason}>
              <strong>{mw('readOnly', lang)}</strong> ({names.join(', ')}): {reason}
            </li>
          ))}
        </ul>
      )}
      <div className="scroll marks-scroll">
        <table className="grid marks-grid" aria-labelledby="marks-title" data-testid="marks-grid">
          <thead>
            <tr>
              <th scope="col" rowSpan={twoRows ? 2 : 1} className="marks-name">
                {mw('pupil', lang)}
              </th>
              <th scope="col" rowSpan={twoRows ? 2 : 1}>
                {mw('dob', lang)}
              </th>
              <th scope="col" rowSpan={twoRows ? 2 : 1}>
                {mw('state', lang)}
              </th>
              {homeroom
                ? groups.map((g) => (
                    <th key={g.label} scope="colgroup" colSpan={g.span}>
                      {g.label}
                    </th>
                  ))
                : twoRows
                  ? [1, 2].map((n) => (
                      <th key={n} scope="colgroup" colSpan={shape.regularCount + 3}>
                        {mw(n === 1 ? 'semester1' : 'semester2', lang)}
                      </th>
                    ))
                  : shape.columns.map((c) => <HeaderCell key={c.key} c={c} lang={lang} />)}
              {twoRows && !homeroom && (
                <th scope="col" rowSpan={2} className="num">
                  <abbr title={shape.columns.at(-1)!.long[lang]}>{shape.columns.at(-1)!.label[lang]}</abbr>
                </th>
              )}
            </tr>
            {twoRows && (
              <tr>
                {shape.columns
                  .filter((c) => c.semester || homeroom)
                  .map((c) => (
                    <HeaderCell key={c.key} c={c} lang={lang} />
                  ))}
              </tr>
            )}
          </thead>
          <tbody>
            {data.rows.map((r, i) => {
              const editable = isOpen(r);
              const at = open.indexOf(r);
              const check = checks[r.enrolmentId]!;
              const problems = editable ? problemsOf(r) : [];
              const span = 3 + shape.columns.length;
              return (
                <Fragment key={r.enrolmentId}>
                  <tr
                    className={problems.length > 0 ? 'row-error' : undefined}
                    data-testid={`marks-row-${i}`}
                  >
                    <th scope="row" className="marks-name">
                      {r.fullName}
                    </th>
                    <td className="nowrap">{dob(r.dateOfBirth)}</td>
                    <td className="marks-state">
                      {stateOf(r) === null
                        ? mw('noRecord', lang).split(':')[0]
                        : (STATE_WORDS[stateOf(r)!]?.[lang] ?? '—')}
                      {editable && changed(r.enrolmentId) && (
                        <span className="row-unsaved"> ({mw('rowUnsaved', lang)})</span>
                      )}
                    </td>
                    {shape.columns.map((c) => {
                      if (!c.input)
                        return (
                          <td key={c.key} className="num derived" data-testid={`derived-${i}-${c.key}`}>
                            {check.derived[c.key] ?? ''}
                          </td>
                        );
                      const text = cells[r.enrolmentId]?.[c.key] ?? '';
                      if (!editable)
                        return (
                          <td
                            key={c.key}
                            className={c.kind === 'text' ? undefined : c.kind === 'rating' ? 'rating' : 'num'}
                          >
                            {text}
                            <LevelWord c={c} text={text} lang={lang} />
                          </td>
                        );
                      const n = problems.findIndex((p) => p.key === c.key);
                      const col = cols.findIndex((x) => x.key === c.key);
                      return (
                        <td
                          key={c.key}
                          className={n >= 0 ? `cell cell-${c.kind} cell-error` : `cell cell-${c.kind}`}
                        >
                          <input
                            id={cellId(i, c.key)}
                            value={text}
                            aria-label={`${r.fullName}, ${c.long[lang]}`}
                            title={c.kind === 'rating' ? ratingWord(text, lang) : undefined}
                            aria-invalid={n >= 0 ? true : undefined}
                            aria-describedby={n >= 0 ? problemId(i, n) : undefined}
                            inputMode={c.kind === 'score' || c.kind === 'testScore' ? 'decimal' : undefined}
                            autoComplete="off"
                            spellCheck={false}
                            onFocus={(e) => {
                              before.current = e.currentTarget.value;
                              e.currentTarget.select();
                            }}
                            onChange={(e) => setCell(r.enrolmentId, { [c.key]: e.target.value })}
                            onBlur={() => {
                              const shown = canonical(c, text, lang);
                              if (shown !== text) setCell(r.enrolmentId, { [c.key]: shown });
                            }}
                            onKeyDown={(e) => onKeyDown(e, { row: at, col }, r.enrolmentId, c.key)}
                            onPaste={(e) => onPaste(e, { row: at, col })}
                          />
                          <LevelWord c={c} text={text} lang={lang} />
                        </td>
                      );
                    })}
                  </tr>
                  {problems.length > 0 && (
                    <tr className="row-problems">
                      <td colSpan={span}>
                        <ul aria-label={`${mw('problemsOf', lang)} ${r.fullName}`}>
                          {problems.map((p, n) => (
                            <li
                              key={`${p.key ?? ''}:${p.message}`}
                              id={problemId(i, n)}
                              className="error-message"
                            >
                              {p.message}
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="actions marks-actions">
        <button type="button" onClick={onSave} disabled={save.isPending || open.length === 0}>
          {save.isPending ? mw('saving', lang) : mw(homeroom ? 'saveHomeroom' : 'save', lang)}
        </button>
        <button type="button" className="secondary" onClick={onReload}>
          {mw('reload', lang)}
        </button>
        <p role="status" className="marks-status" data-testid="marks-status">
          {dirty
            ? mw('unsaved', lang)
            : saved
              ? `${mw('savedAt', lang)} ${saved.at}: ${saved.count} ${mw(homeroom ? 'savedHomeroomRows' : 'savedRows', lang)}.`
              : ''}
        </p>
      </div>
    </section>
  );
}

/**
 * A level, result or rating typed or pasted as "t", "đạt" or "can co gang" as the form writes it (T, Đ, C);
 * anything else as it is (a score keeps its decimal comma, a bad value stays for the teacher to see).
 */
function canonical(c: InputColumn, text: string, lang: Lang): string {
  if (c.kind !== 'level' && c.kind !== 'commentResult' && c.kind !== 'rating') return text;
  const p = parseCell(c.kind, text);
  return p.ok ? cellText(c.kind, p.value, lang) : text;
}

/** A rating's word (Đ → Đạt) for the cell's tooltip; undefined until the cell holds one. */
function ratingWord(text: string, lang: Lang): string | undefined {
  const p = parseCell('rating', text);
  return p.ok && p.value !== undefined ? RATING_LABELS[p.value as 'T' | 'D' | 'C'][lang] : undefined;
}

function HeaderCell({ c, lang }: { c: Column; lang: Lang }) {
  const cls = c.input && (c as InputColumn).kind === 'text' ? undefined : 'num';
  return (
    <th scope="col" className={cls}>
      {c.label[lang] === c.long[lang] ? c.label[lang] : <abbr title={c.long[lang]}>{c.label[lang]}</abbr>}
    </th>
  );
}

/**
 * A primary level's full name beside its letter (T → Hoàn thành tốt), once the letter is one. Not beside a
 * rating: fifteen of them a row would not fit a laptop; the legend and the cell's title name them.
 */
function LevelWord({ c, text, lang }: { c: Column; text: string; lang: Lang }) {
  if (!c.input || c.kind !== 'level') return null;
  const p = parseCell('level', text);
  const label = p.ok && p.value !== undefined ? SUBJECT_LEVEL_LABELS[p.value as 'T' | 'H' | 'C'] : undefined;
  return label ? <span className="level-word">{label[lang]}</span> : null;
}
