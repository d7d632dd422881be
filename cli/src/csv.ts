/**
 * The CSV summary of a run (one row per file), what an admission office files or opens in a spreadsheet:
 * machine-stable outcomes and reason codes, and the reason in words. UTF-8 with a byte-order mark, so that
 * Excel reads the Vietnamese text as such.
 */
import { writeFile } from 'node:fs/promises';
import { STEPS } from '@hocba/integrity';
import { stringify } from 'csv-stringify/sync';
import type { FileResult } from './check.ts';
import { CliError } from './errors.ts';
import type { Lang } from './labels.ts';
import { reasonOf } from './render.ts';

export const CSV_COLUMNS = [
  'file',
  'lookupCode',
  'batchId',
  'leafIndex',
  'outcome',
  ...STEPS,
  'visible',
  'reasonCode',
  'reason',
  'exitCode',
] as const;

export function csvOf(results: readonly FileResult[], lang: Lang): string {
  const rows = results.map((r) => {
    const step = Object.fromEntries((r.report?.steps ?? []).map((s) => [s.step, s.outcome]));
    const reason = reasonOf(r, lang);
    return [
      r.file,
      r.lookupCode ?? '',
      r.batchId ?? '',
      r.leafIndex ?? '',
      r.outcome,
      ...STEPS.map((s) => step[s] ?? ''),
      r.visible?.outcome ?? '',
      reason.code,
      reason.text,
      r.exitCode,
    ];
  });
  return stringify([[...CSV_COLUMNS], ...rows], { bom: true });
}

export async function writeCsv(path: string, results: readonly FileResult[], lang: Lang): Promise<void> {
  try {
    await writeFile(path, csvOf(results, lang));
  } catch (e) {
    throw new CliError('CSV_UNWRITABLE', path, { cause: e });
  }
}
