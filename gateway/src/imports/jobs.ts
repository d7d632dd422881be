/**
 * Runs imports as jobs (index.ts says what an importer is). A job is one uploaded file:
 * 1. `start` reads the workbook (an unreadable file is refused at once, nothing stored), writes the job row
 *    (state `parsing`) and parses in the background: the importer checks every row; the job becomes
 *    `previewed` with its problems, a summary of what the commit would do, and the rows waiting for it;
 * 2. `commit` (only a previewed job without problems) writes the rows in ONE transaction with an audit
 *    entry; the job becomes `committed` (rows cleared) or, if anything refuses, `failed` with nothing
 *    written.
 * While a step runs, its progress (rows done of the total) is kept here in memory and shown by `view`:
 * the client polls the job. Progress is per gateway process: a job a previous process left `parsing` or
 * `committing` (a restart, a crash) is failed by `failInterrupted` when the gateway starts, with a problem
 * that says to upload the file again (a commit is one transaction: nothing of it was written).
 */
import { createHash } from 'node:crypto';
import { appendAudit, type Database, type ImportProblem, type ImportState, importJobs } from '@hocba/db';
import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import type ExcelJS from 'exceljs';
import { excel } from '../excel.ts';
import { SERVICE } from '../http-errors.ts';
import { ServiceError, type ServiceErrorCode } from '../services/errors.ts';
import type { UserActor } from '../services/permissions.ts';
import type { SchoolRow } from '../services/places.ts';
import type { Importer, Parsed } from './importer.ts';
import { problem } from './importer.ts';
import { guardZip } from './zip-guard.ts';

type JobRow = typeof importJobs.$inferSelect;

/** What waits in import_jobs.rows between preview and commit. */
interface Stored {
  rows: unknown[];
  preview: Parsed<unknown>['preview'];
}

export interface Progress {
  phase: 'parse' | 'commit';
  done: number;
  total: number;
}

export interface JobView {
  id: string;
  kind: string;
  schoolId: string;
  options: Record<string, unknown>;
  fileName: string | null;
  fileSha256: string;
  state: ImportState;
  /** Whether this gateway is running the job now (progress is live). */
  running: boolean;
  progress: Progress | null;
  totalRows: number;
  problemCount: number;
  problems: ImportProblem[];
  summary: Record<string, unknown> | null;
  /** The rows as the preview shows them (a page of them; none once committed). */
  preview: Parsed<unknown>['preview'];
  /** An earlier committed job of the same kind and school with the very same file, if any. */
  sameFileCommitted: string | null;
  createdAt: string;
  committedAt: string | null;
}

/** The most problems a view lists (the count says how many there are). */
export const MAX_PROBLEMS_SHOWN = 1000;

/**
 * The problem of a job a previous gateway process was running when it stopped. It does not repeat that
 * nothing was written: the console says so before every failed job's reason.
 */
export const INTERRUPTED = {
  rule: 'IMPORT_INTERRUPTED',
  vi: 'Máy chủ đã khởi động lại trong khi đang xử lý tệp này nên lần nhập đã dừng. Hãy tải tệp lên lại.',
  en: 'The server restarted while this file was being processed, so the import stopped. Upload the file again.',
} as const;

export class ImportJobs {
  private readonly progress = new Map<string, Progress>();
  private readonly runs = new Set<Promise<void>>();

  constructor(
    private readonly db: Database,
    private readonly clock: () => Date,
  ) {}

  /** Reads the file, writes the job, parses in the background; the job's row as written. */
  async start<O>(input: {
    importer: Importer<O>;
    school: SchoolRow;
    options: O;
    fileName?: string | undefined;
    bytes: Uint8Array;
    actor: UserActor;
  }): Promise<JobRow> {
    const workbook = await readWorkbook(input.bytes);
    const [job] = await this.db
      .insert(importJobs)
      .values({
        kind: input.importer.kind,
        schoolId: input.school.id,
        options: input.options as Record<string, unknown>,
        fileName: input.fileName ?? null,
        fileSha256: new Uint8Array(createHash('sha256').update(input.bytes).digest()),
        state: 'parsing',
        createdBy: input.actor.userId,
        createdAt: this.clock(),
      })
      .returning();
    const id = job!.id;
    this.run(id, 'parse', async () => {
      const parsed = await input.importer.parse(workbook, {
        db: this.db,
        school: input.school,
        options: input.options,
        progress: (done, total) => this.progress.set(id, { phase: 'parse', done, total }),
      });
      const stored: Stored = { rows: parsed.rows, preview: parsed.preview };
      await this.db
        .update(importJobs)
        .set({
          state: 'previewed',
          totalRows: parsed.totalRows,
          problemCount: parsed.problems.length,
          problems: parsed.problems,
          summary: parsed.summary,
          rows: stored as unknown as unknown[],
        })
        .where(eq(importJobs.id, id));
    });
    return job!;
  }

  /** The job (of this kind): IMPORT_NOT_FOUND otherwise. */
  async get(kind: string, jobId: string): Promise<JobRow> {
    const [job] = await this.db
      .select()
      .from(importJobs)
      .where(and(eq(importJobs.id, jobId), eq(importJobs.kind, kind)));
    if (!job) throw new ServiceError('IMPORT_NOT_FOUND', `no ${kind} import ${jobId}`);
    return job;
  }

  /**
   * Commits a previewed job without problems, in the background: IMPORT_WRONG_STATE when it is not
   * previewed (or another commit took it first), IMPORT_HAS_PROBLEMS when its file has problems.
   */
  async commit<O>(input: {
    importer: Importer<O>;
    job: JobRow;
    school: SchoolRow;
    actor: UserActor;
  }): Promise<JobRow> {
    const { job, importer } = input;
    if (job.state !== 'previewed')
      throw new ServiceError('IMPORT_WRONG_STATE', `the import is ${job.state}`, { jobId: job.id });
    if (job.problemCount > 0)
      throw new ServiceError('IMPORT_HAS_PROBLEMS', 'the file has problems', {
        jobId: job.id,
        problemCount: job.problemCount,
      });
    // Taken by one request only: the state moves from previewed to committing in one statement.
    const [taken] = await this.db
      .update(importJobs)
      .set({ state: 'committing' })
      .where(and(eq(importJobs.id, job.id), eq(importJobs.state, 'previewed')))
      .returning();
    if (!taken)
      throw new ServiceError('IMPORT_WRONG_STATE', 'the import was taken meanwhile', { jobId: job.id });
    const stored = job.rows as unknown as Stored;
    this.run(job.id, 'commit', async () => {
      const now = this.clock();
      await this.db.transaction(async (tx) => {
        const counts = await importer.commit(tx, stored.rows, {
          db: this.db,
          school: input.school,
          options: job.options as O,
          actor: input.actor,
          now,
          jobId: job.id,
          progress: (done, total) => this.progress.set(job.id, { phase: 'commit', done, total }),
        });
        await tx
          .update(importJobs)
          .set({
            state: 'committed',
            committedAt: now,
            committedBy: input.actor.userId,
            summary: counts,
            rows: null,
          })
          .where(eq(importJobs.id, job.id));
        await appendAudit(tx, {
          action: 'import.commit',
          entityType: 'import',
          entityId: job.id,
          actorUserId: input.actor.userId,
          actorRole: input.actor.role,
          at: now,
          details: { kind: job.kind, schoolId: job.schoolId, rows: stored.rows.length, counts },
        });
      });
    });
    return taken;
  }

  /** The job as the client sees it: `offset`/`limit` page the preview rows. */
  async view(job: JobRow, page: { offset: number; limit: number }): Promise<JobView> {
    const [earlier] = await this.db
      .select({ id: importJobs.id })
      .from(importJobs)
      .where(
        and(
          eq(importJobs.kind, job.kind),
          eq(importJobs.schoolId, job.schoolId),
          eq(importJobs.fileSha256, job.fileSha256),
          eq(importJobs.state, 'committed'),
          ne(importJobs.id, job.id),
        ),
      )
      .orderBy(desc(importJobs.committedAt))
      .limit(1);
    const stored = job.rows as unknown as Stored | null;
    const running = this.progress.has(job.id);
    return {
      id: job.id,
      kind: job.kind,
      schoolId: job.schoolId,
      options: job.options,
      fileName: job.fileName,
      fileSha256: Buffer.from(job.fileSha256).toString('hex'),
      state: job.state,
      running,
      progress: this.progress.get(job.id) ?? null,
      totalRows: job.totalRows,
      problemCount: job.problemCount,
      problems: job.problems.slice(0, MAX_PROBLEMS_SHOWN),
      summary: job.summary,
      preview: stored?.preview.slice(page.offset, page.offset + page.limit) ?? [],
      sameFileCommitted: earlier?.id ?? null,
      createdAt: job.createdAt.toISOString(),
      committedAt: job.committedAt?.toISOString() ?? null,
    };
  }

  /**
   * Fails every job left `parsing` or `committing` by a previous process (run at the gateway's start, before
   * this process runs any): no process will finish them, and the client would poll them forever. A commit
   * is one transaction, so an interrupted one wrote nothing; the waiting rows (personal data) are cleared.
   * Assumes one gateway process runs imports per database: a second one starting would fail the first's
   * running jobs (a lease per job would lift this). The ids of the jobs failed.
   */
  async failInterrupted(): Promise<string[]> {
    const failed = await this.db
      .update(importJobs)
      .set({
        state: 'failed',
        problemCount: 1,
        problems: [problem({ row: 0 }, INTERRUPTED.rule, INTERRUPTED.vi, INTERRUPTED.en)],
        rows: null,
      })
      .where(inArray(importJobs.state, ['parsing', 'committing']))
      .returning({ id: importJobs.id });
    return failed.map((j) => j.id);
  }

  /** Waits for the jobs running now (the app's onClose, and tests). */
  async settle(): Promise<void> {
    while (this.runs.size > 0) await Promise.allSettled([...this.runs]);
  }

  private run(id: string, phase: Progress['phase'], step: () => Promise<void>): void {
    this.progress.set(id, { phase, done: 0, total: 0 });
    const p = (async () => {
      // After the request that started it has been answered.
      await new Promise((r) => setImmediate(r));
      try {
        await step();
      } catch (e) {
        await this.fail(id, e);
      } finally {
        this.progress.delete(id);
      }
    })();
    this.runs.add(p);
    void p.finally(() => this.runs.delete(p));
  }

  /** A failed step: the job says why (a service refusal by its code and message; anything else generically). */
  private async fail(id: string, e: unknown): Promise<void> {
    const code: string = e instanceof ServiceError ? e.code : 'INTERNAL';
    const m =
      e instanceof ServiceError
        ? SERVICE[e.code as ServiceErrorCode]
        : {
            vi: 'Lỗi nội bộ khi xử lý tệp; chưa có gì được ghi.',
            en: 'An internal error while processing the file; nothing was written.',
          };
    const row =
      typeof (e as { details?: { row?: unknown } })?.details?.row === 'number'
        ? (e as { details: { row: number } }).details.row
        : 0;
    try {
      await this.db
        .update(importJobs)
        .set({ state: 'failed', problemCount: 1, problems: [problem({ row }, code, m.vi, m.en)], rows: null })
        .where(eq(importJobs.id, id));
    } catch {
      // The database is gone (the app is closing): the job stays in its running state.
    }
  }
}

/**
 * An .xlsx workbook from the uploaded bytes; IMPORT_FILE_INVALID when it is none, IMPORT_FILE_TOO_LARGE when
 * it would expand past the zip guard's limits (zip-guard.ts) — checked before exceljs inflates anything.
 */
export async function readWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  await guardZip(bytes);
  const wb = new (await excel()).Workbook();
  try {
    // exceljs's typings want a Node Buffer; a view over the same bytes.
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    throw new ServiceError('IMPORT_FILE_INVALID', 'not an .xlsx workbook');
  }
  if (wb.worksheets.length === 0) throw new ServiceError('IMPORT_FILE_INVALID', 'the workbook has no sheet');
  return wb;
}
