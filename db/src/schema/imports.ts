/**
 * Import jobs (migrations/0011): a school's file (a class list, a marks sheet) parsed into a preview with
 * its row-level problems, then committed all or nothing. The parsed rows wait in `rows` between preview
 * and commit, and are cleared once committed: they hold personal data the pupils' tables now keep.
 */
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { bytea, byteLength, createdAt, tstz, updatedAt, uuidId } from './columns.ts';
import { schools } from './schools.ts';
import { users } from './users.ts';

export const IMPORT_STATES = ['parsing', 'previewed', 'committing', 'committed', 'failed'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

/** One problem of one row: where (row, column letter and header), what was there, the rule it breaks. */
export interface ImportProblem {
  /** The sheet's row number as the spreadsheet shows it (1-based); 0 for the file as a whole. */
  row: number;
  /** The column's letter (A, B, …, AA); empty for the row or the file as a whole. */
  column: string;
  /** The column's header as the file writes it. */
  header: string;
  /** The cell's value as text ('' when empty). */
  value: string;
  /** A stable code of the rule broken, e.g. NATIONAL_ID_FORMAT. */
  rule: string;
  message: { vi: string; en: string };
}

export const importJobs = pgTable(
  'import_jobs',
  {
    id: uuidId().primaryKey(),
    /** The importer's kind, e.g. `roster`; the gateway's importers name them (imports/index.ts). */
    kind: text('kind').notNull(),
    schoolId: text('school_id').notNull(),
    /** The importer's options as given (class, school year, subject…). */
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    fileName: text('file_name'),
    fileSha256: bytea('file_sha256').notNull(),
    state: text('state', { enum: IMPORT_STATES }).notNull(),
    totalRows: integer('total_rows').notNull().default(0),
    problemCount: integer('problem_count').notNull().default(0),
    problems: jsonb('problems').$type<ImportProblem[]>().notNull().default([]),
    rows: jsonb('rows').$type<unknown[]>(),
    /** What the commit did (counts only), or what the preview says it would do. */
    summary: jsonb('summary').$type<Record<string, unknown>>(),
    createdBy: uuid('created_by').notNull(),
    committedBy: uuid('committed_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    committedAt: tstz('committed_at'),
  },
  (t) => [
    check(
      'import_jobs_state',
      sql.raw(`"import_jobs"."state" IN (${IMPORT_STATES.map((s) => `'${s}'`).join(', ')})`),
    ),
    check('import_jobs_file_sha256', byteLength(t.fileSha256, 32)),
    check('import_jobs_counts', sql`${t.totalRows} >= 0 AND ${t.problemCount} >= 0`),
    check('import_jobs_committed', sql`(${t.state} = 'committed') = (${t.committedAt} IS NOT NULL)`),
    foreignKey({ name: 'import_jobs_school_fk', columns: [t.schoolId], foreignColumns: [schools.id] }),
    foreignKey({ name: 'import_jobs_created_by_fk', columns: [t.createdBy], foreignColumns: [users.id] }),
    foreignKey({ name: 'import_jobs_committed_by_fk', columns: [t.committedBy], foreignColumns: [users.id] }),
    index('import_jobs_school_idx').on(t.schoolId, t.kind),
    index('import_jobs_file_idx').on(t.fileSha256),
  ],
);
