/** The Importer interface (see index.ts for the mechanism) and the one way to word a problem. */
import type { Database, ImportProblem, Transaction } from '@hocba/db';
import type ExcelJS from 'exceljs';
import type { TSchema } from 'typebox';
import type { Permission } from '../auth/policy.ts';
import type { Target } from '../auth/principal.ts';
import type { UserActor } from '../services/permissions.ts';
import type { SchoolRow } from '../services/places.ts';

export type { ImportProblem };

/** What every importer step is given. */
export interface ImportContext<O> {
  db: Database;
  school: SchoolRow;
  /** The options of the upload, already checked against the importer's `options` schema. */
  options: O;
  /** Rows done so far (of the total): shown to the client polling the job. Cheap to call often. */
  progress(done: number, total: number): void;
}

export interface CommitContext<O> extends ImportContext<O> {
  actor: UserActor;
  now: Date;
  jobId: string;
}

export interface Parsed<R> {
  /** The rows the commit will write (only good ones: a preview with problems cannot be committed). */
  rows: R[];
  /** Every problem found, row by row. */
  problems: ImportProblem[];
  /** Data rows read in the file (good and bad). */
  totalRows: number;
  /** What the commit would do, counts only (e.g. { new: 3, changed: 1, unchanged: 30 }). */
  summary: Record<string, number>;
  /** Each row as a person checks it in the preview (no more than the importer's permission may read). */
  preview: Record<string, string | number | null>[];
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds importers of every option and row type.
export interface Importer<O = any, R = any> {
  /** URL segment and job kind: lower case letters, digits and dashes. */
  kind: string;
  /** The permission of the policy table the import exercises (checked against `target`). */
  permission: Permission;
  /** OpenAPI summary words, Vietnamese first. */
  title: { vi: string; en: string };
  /** The options an upload carries (a TypeBox object schema; also the OpenAPI body's `options`). */
  options: TSchema;
  /** Where the import acts, for `authorize` (a school, or one of its classes); refuses with a ServiceError. */
  target(db: Database, school: SchoolRow, options: O): Promise<Target>;
  parse(workbook: ExcelJS.Workbook, ctx: ImportContext<O>): Promise<Parsed<R>>;
  /** Writes the rows in `tx` (the caller commits or rolls back); returns what it did, counts only. */
  commit(tx: Transaction, rows: R[], ctx: CommitContext<O>): Promise<Record<string, number>>;
}

/** One problem, with the message in both languages. */
export function problem(
  at: { row: number; column?: string; header?: string; value?: unknown },
  rule: string,
  vi: string,
  en: string,
): ImportProblem {
  return {
    row: at.row,
    column: at.column ?? '',
    header: at.header ?? '',
    value: at.value === undefined || at.value === null ? '' : String(at.value).slice(0, 200),
    rule,
    message: { vi, en },
  };
}
