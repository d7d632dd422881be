/**
 * The results as a person reads them in a terminal: one file in detail (the six steps, each with its outcome
 * and integrity's reason), or many as a table with one line per file. Plain text, no colours: it goes to
 * logs and e-mails as often as to a screen.
 */
import { formatLookupCode, normalizeLookupCode } from '@hocba/records';
import type { FileResult } from './check.ts';
import { type Lang, OUTCOME_LABELS, STEP_LABELS, TEXT, VERDICT_LABELS } from './labels.ts';

const ICON = { pass: '✓', fail: '✗', unknown: '?' } as const;

/** A lookup code in groups, as the PDF prints it; any other text as it is. */
const printedCode = (code: string) => (normalizeLookupCode(code).ok ? formatLookupCode(code) : code);

/** The step that explains the outcome: the first failure, else the first step not checked. */
export function reasonOf(r: FileResult, lang: Lang): { code: string; text: string } {
  if (r.error)
    return {
      code: r.error.code,
      text: r.error.message[lang] + (r.error.detail ? ` (${r.error.detail})` : ''),
    };
  const steps = [...(r.report?.steps ?? []), ...(r.visible ? [{ ...r.visible, step: 'visible' }] : [])];
  const s = steps.find((x) => x.outcome === 'fail') ?? steps.find((x) => x.outcome === 'unknown');
  return s ? { code: s.code, text: s.message[lang] } : { code: 'OK', text: '' };
}

function where(r: FileResult, lang: Lang): string {
  const parts: string[] = [];
  if (r.lookupCode) parts.push(`${TEXT.lookupCode[lang]}: ${printedCode(r.lookupCode)}`);
  if (r.batchId)
    parts.push(
      `${TEXT.batch[lang]}: ${r.batchId}${r.leafIndex !== undefined ? `, ${TEXT.position[lang]} ${r.leafIndex + 1}` : ''}`,
    );
  return parts.join(' · ');
}

export function renderOne(r: FileResult, lang: Lang, gateway?: string): string {
  const lines = [`${TEXT.file[lang]}: ${r.file}${r.kind ? ` (${TEXT[r.kind][lang]})` : ''}`];
  const w = where(r, lang);
  if (w) lines.push(w);
  if (r.error) {
    lines.push('', `${TEXT.error[lang]}: ${reasonOf(r, lang).text}`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(r.mode === 'online' ? `${TEXT.online[lang]} ${gateway}` : TEXT.offline[lang], '');
  const steps = [
    ...(r.report?.steps ?? []).map((s) => ({ ...s, label: STEP_LABELS[s.step][lang] })),
    ...(r.visible ? [{ ...r.visible, label: TEXT.visibleStep[lang] }] : []),
  ];
  for (const s of steps) {
    lines.push(`  ${ICON[s.outcome]} ${s.label} — ${OUTCOME_LABELS[s.outcome][lang]}`);
    lines.push(`      ${s.message[lang]}`);
  }
  lines.push('', `${TEXT.verdict[lang]}: ${VERDICT_LABELS[r.outcome as keyof typeof VERDICT_LABELS][lang]}`);
  lines.push(TEXT.computedHere[lang]);
  return `${lines.join('\n')}\n`;
}

/** Pads to a width in characters (the text is NFC: one Vietnamese letter is one character). */
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].length));

export function renderTable(results: readonly FileResult[], lang: Lang): string {
  const hasVisible = results.some((r) => r.visible);
  const head = [
    TEXT.file[lang],
    `${TEXT.lookupCode[lang]} / ${TEXT.batch[lang]}`,
    TEXT.verdict[lang],
    hasVisible ? '1234567' : '123456',
    '',
  ];
  const rows = results.map((r) => {
    const marks = [...(r.report?.steps ?? []), ...(r.visible ? [r.visible] : [])]
      .map((s) => ICON[s.outcome])
      .join('');
    const outcome = r.outcome === 'error' ? TEXT.error[lang] : VERDICT_LABELS[r.outcome][lang];
    const id = r.lookupCode
      ? printedCode(r.lookupCode)
      : r.batchId
        ? `${r.batchId}#${r.leafIndex ?? '?'}`
        : '';
    return [r.file, id, outcome, marks || '-', reasonOf(r, lang).text];
  });
  const widths = head.map((_, i) => Math.max(...[head, ...rows].map((row) => [...row[i]!].length)));
  const line = (row: string[]) =>
    row
      .map((c, i) => (i === row.length - 1 ? c : pad(c, widths[i]!)))
      .join('  ')
      .trimEnd();
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  const summary = (['valid', 'invalid', 'incomplete', 'error'] as const)
    .filter((k) => counts.get(k))
    .map((k) => `${k === 'error' ? TEXT.error[lang] : VERDICT_LABELS[k][lang]}: ${counts.get(k)}`)
    .join(' · ');
  return `${[line(head), ...rows.map(line), '', `${TEXT.summary[lang]} (${results.length} ${TEXT.files[lang]}): ${summary}`].join('\n')}\n`;
}
