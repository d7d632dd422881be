/**
 * Imports from what schools already have (issue 13 point 2): an uploaded .xlsx becomes a PREVIEW — its rows
 * parsed and checked, each problem named by row, column, value and rule, nothing written — and then, on
 * request, a COMMIT of exactly the previewed rows, all or nothing in one transaction.
 *
 * One mechanism, several kinds of file. An `Importer` says how one kind is read and written; jobs.ts runs
 * every importer the same way (the job row, progress, preview, commit) and routes/v1/imports registers, for
 * each importer, POST /v1/imports/<kind>, GET /v1/imports/<kind>/:jobId and POST …/:jobId/commit.
 *
 * To add a kind (e.g. a marks sheet):
 * 1. write `const myImporter: Importer<MyOptions, MyRow> = { kind, permission, title, options, target,
 *    parse, commit }` — `parse` reads the workbook (sheet.ts has the cell, header and date helpers) and may
 *    read the database to say what the commit would change; `commit` writes the rows in the transaction it
 *    is given and returns counts;
 * 2. add it to IMPORTERS below (the routes, the policy check and OpenAPI follow);
 * 3. add its three routes to gateway/test/auth/route-matrix.test.ts.
 * Rows must be plain JSON (they wait in import_jobs.rows between preview and commit).
 */
import type { Importer } from './importer.ts';
import { lowerSecondaryMarksImporter } from './marks/lower-secondary.ts';
import { primaryMarksImporter } from './marks/primary.ts';
import { rosterImporter } from './roster.ts';

export type { CommitContext, ImportContext, Importer, ImportProblem, Parsed } from './importer.ts';
export { problem } from './importer.ts';

/** The importers the gateway serves, one route set each. */
export const IMPORTERS: readonly Importer[] = [
  rosterImporter,
  primaryMarksImporter,
  lowerSecondaryMarksImporter,
];
