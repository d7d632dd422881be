/**
 * The access log (issue 12 point 7; seed 000 Điều 3.2): who read which record or class, and every public
 * lookup, in the access_log table (db/src/schema/access.ts), and the auditor's read of it.
 *
 * Writes are batched: a public lookup is a hot path, so an entry is queued in memory and written with up to
 * `batchSize` others in one INSERT (one statement: all or nothing) at most `flushIntervalMs` later. Nothing
 * is dropped silently (the rows of a batch travel as one JSON parameter: see insertEntries):
 * - a failed write keeps the entries queued and is retried with backoff (the error is logged);
 * - a batch the database refuses for one bad entry (a check) is written one by one, and only the entries it
 *   still refuses are handed to `onRejected` (the process log) — a log line never blocks the others;
 * - past `maxPending` queued entries the log is `saturated` and the routes that read records refuse to
 *   answer (503 ACCESS_LOG_UNAVAILABLE) until it catches up: an unlogged read is not served;
 * - `close()` (the app's onClose) flushes, retrying a few times, and hands what still could not be written to
 *   `onLost` (the process log), never to nowhere.
 */
import { createHash } from 'node:crypto';
import {
  type AccessKind,
  type AccessOutcome,
  accessLog,
  type Database,
  PG_SQLSTATE,
  type Role,
  sqlState,
  users,
  verifierClients,
} from '@hocba/db';
import { fromHex, toHex } from '@hocba/integrity';
import { and, asc, eq, getTableColumns, gt, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Principal, Target } from '../auth/principal.ts';
import { schoolIdsIn } from './places.ts';

/** One read, as the routes report it. */
export interface AccessEntry {
  at: Date;
  kind: AccessKind;
  actorUserId?: string | null;
  actorClientId?: string | null;
  actorRole?: Role | null;
  /** The route read, e.g. `GET /v1/records/:recordId`. */
  action: string;
  entityType: string;
  entityId?: string | null;
  schoolId?: string | null;
  districtId?: string | null;
  provinceId?: string | null;
  codeHash?: Uint8Array | null;
  outcome: AccessOutcome;
}

/** SHA-256 of a canonical lookup code: how the access log names a public lookup. */
export function lookupCodeHash(canonicalCode: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(canonicalCode, 'utf8').digest());
}

export interface AccessLogWriterOptions {
  db: Database;
  /** How a batch is written in one statement (default: insertEntries on `db`); tests give a failing one. */
  write?: (entries: readonly AccessEntry[]) => Promise<unknown>;
  /** Entries per INSERT, and the queue length that triggers a write at once (default 200). */
  batchSize?: number;
  /** The longest an entry waits before it is written (default 200 ms). */
  flushIntervalMs?: number;
  /** Queued entries beyond which the log is saturated (default 20,000). */
  maxPending?: number;
  /** Longest pause between retries after failed writes (default 30 s). */
  maxBackoffMs?: number;
  /** A write failed; the entries stay queued and are retried. */
  onError?: (error: unknown, queued: number) => void;
  /** The database refused this entry on its own (a check): it cannot be written, so it is reported here. */
  onRejected?: (entry: AccessEntry, error: unknown) => void;
  /** At close, entries that still could not be written after the retries. */
  onLost?: (entries: AccessEntry[], error: unknown) => void;
}

/** A refusal of the row itself (a check, a null): retrying it will never succeed. */
const rowRefused = (e: unknown) => {
  const state = sqlState(e);
  return state === PG_SQLSTATE.checkViolation || state === PG_SQLSTATE.notNullViolation || state === '22P02';
};

const toRow = (e: AccessEntry): typeof accessLog.$inferInsert => ({
  at: e.at,
  kind: e.kind,
  actorUserId: e.actorUserId ?? null,
  actorClientId: e.actorClientId ?? null,
  actorRole: e.actorRole ?? null,
  action: e.action,
  entityType: e.entityType,
  entityId: e.entityId ?? null,
  schoolId: e.schoolId ?? null,
  districtId: e.districtId ?? null,
  provinceId: e.provinceId ?? null,
  codeHash: e.codeHash ?? null,
  outcome: e.outcome,
});

/** The columns an entry fills (all but the identity): its key in toRow's object and its SQL name. */
const COLUMNS = Object.entries(getTableColumns(accessLog))
  .filter(([key]) => key !== 'id')
  .map(([key, column]) => [key as keyof ReturnType<typeof toRow>, column.name] as const);
const COLUMN_LIST = sql.raw(COLUMNS.map(([, name]) => `"${name}"`).join(', '));

/** A value as Postgres reads it from JSON text: bytes as bytea's hex form; a Date as JSON writes it (ISO). */
const jsonValue = (v: unknown) => (v instanceof Uint8Array ? `\\x${Buffer.from(v).toString('hex')}` : v);

/**
 * Entries in one INSERT (one statement: all or nothing) with one parameter, the rows as JSON read back by
 * json_populate_recordset. Drizzle's builder over 13 parameters a row was a tenth of a cached public lookup's
 * time (issue 16); one string costs the same on node-postgres and PGlite. The checks apply as to any INSERT.
 */
export function insertEntries(db: Database, entries: readonly AccessEntry[]) {
  const rows = entries.map((e) => {
    const row = toRow(e);
    const out: Record<string, unknown> = {};
    for (const [key, name] of COLUMNS) out[name] = jsonValue(row[key]);
    return out;
  });
  return db.execute(
    sql`INSERT INTO ${accessLog} (${COLUMN_LIST}) SELECT ${COLUMN_LIST} FROM json_populate_recordset(NULL::${accessLog}, ${JSON.stringify(rows)}::text::json)`,
  );
}

export class AccessLogWriter {
  private readonly queue: AccessEntry[] = [];
  private readonly batchSize: number;
  private readonly interval: number;
  private readonly maxPending: number;
  private readonly maxBackoff: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private failures = 0;
  private closed = false;

  private readonly insert: (entries: readonly AccessEntry[]) => Promise<unknown>;

  constructor(private readonly o: AccessLogWriterOptions) {
    this.insert = o.write ?? ((entries) => insertEntries(o.db, entries));
    this.batchSize = o.batchSize ?? 200;
    this.interval = o.flushIntervalMs ?? 200;
    this.maxPending = o.maxPending ?? 20_000;
    this.maxBackoff = o.maxBackoffMs ?? 30_000;
  }

  /** Entries queued and not yet written. */
  get pending(): number {
    return this.queue.length;
  }

  /** Too much is waiting: refuse reads rather than serve them unlogged. */
  get saturated(): boolean {
    return this.queue.length >= this.maxPending;
  }

  /** Queues one entry; it is written within `flushIntervalMs` (sooner when a batch is full). */
  record(entry: AccessEntry): void {
    this.queue.push(entry);
    if (this.closed) return void this.flush().catch(() => undefined);
    if (this.queue.length >= this.batchSize && this.failures === 0) {
      // A full batch is written now, not when the waiting timer fires.
      clearTimeout(this.timer);
      this.timer = undefined;
      this.schedule(0);
    } else this.schedule(this.interval);
  }

  /** Writes everything queued now; rejects (entries kept) when the database fails. */
  flush(): Promise<void> {
    // One writer at a time; a flush asked for during a write runs after it.
    const next = (this.running ?? Promise.resolve()).then(() => this.write());
    const settled = next.catch(() => undefined);
    this.running = settled;
    void settled.then(() => {
      if (this.running === settled) this.running = undefined;
    });
    return next;
  }

  /** Stops the timer and writes what is queued, retrying `attempts` times; the rest goes to onLost. */
  async close(attempts = 3): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    let last: unknown;
    for (let i = 0; i < attempts; i++) {
      try {
        await this.flush();
        if (this.queue.length === 0) return;
      } catch (e) {
        last = e;
        await new Promise((r) => setTimeout(r, Math.min(this.interval * 2 ** i, 2000)));
      }
    }
    if (this.queue.length > 0) this.o.onLost?.(this.queue.splice(0), last);
  }

  private schedule(delay: number): void {
    if (this.timer !== undefined || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().then(
        () => {
          this.failures = 0;
          if (this.queue.length > 0) this.schedule(0);
        },
        (e: unknown) => {
          this.failures++;
          this.o.onError?.(e, this.queue.length);
          this.schedule(Math.min(this.interval * 2 ** this.failures, this.maxBackoff));
        },
      );
    }, delay);
    // The queue is flushed by close(); a pending write must not keep a finished process alive.
    this.timer.unref?.();
  }

  private async write(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, this.batchSize);
      try {
        await this.insert(batch);
        this.queue.splice(0, batch.length);
      } catch (e) {
        if (!rowRefused(e)) throw e;
        await this.writeOneByOne(batch.length);
      }
    }
  }

  /** The first `n` entries one at a time: those the database refuses on their own are reported, not kept. */
  private async writeOneByOne(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      const entry = this.queue[0]!;
      try {
        await this.insert([entry]);
      } catch (e) {
        if (!rowRefused(e)) throw e;
        this.o.onRejected?.(entry, e);
      }
      this.queue.shift();
    }
  }
}

/** The place a read touched, from the target its route authorized. */
export const placeOf = (t: Target | undefined) => ({
  schoolId: t?.schoolId ?? null,
  districtId: t?.districtId ?? null,
  provinceId: t?.provinceId ?? null,
});

export interface AccessLogQuery {
  afterId?: number | undefined;
  limit: number;
  kind?: AccessKind | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  outcome?: AccessOutcome | undefined;
  /** SHA-256 (hex) of a canonical lookup code. */
  codeHash?: string | undefined;
}

export interface AccessLogItem {
  id: number;
  at: string;
  kind: AccessKind;
  actor: {
    userId: string | null;
    clientId: string | null;
    displayName: string | null;
    role: Role | null;
  } | null;
  action: string;
  entityType: string;
  entityId: string | null;
  schoolId: string | null;
  districtId: string | null;
  provinceId: string | null;
  codeHash: string | null;
  outcome: AccessOutcome;
}

/**
 * The entries `user` may read: a ministry auditor every one; a province officer those of the schools of
 * their province and those that name no school (a lookup of an unknown code) when their province has
 * schools in this database, as the audit log's filter does (routes/v1/audit).
 */
async function scopeFilter(db: Database, user: Principal, relation: string): Promise<SQL | undefined> {
  if (relation === 'any') return undefined;
  const ids = user.scope
    .map((g) => g.provinceId)
    .filter((v): v is string => typeof v === 'string' && v !== '');
  const own = await schoolIdsIn(db, 'province', ids);
  const ofSchools = inArray(accessLog.schoolId, own.length ? own : ['']);
  return own.length ? or(ofSchools, isNull(accessLog.schoolId)) : ofSchools;
}

/** A page of the access log, oldest first, with each actor's display name and role. */
export async function readAccessLog(
  db: Database,
  user: Principal,
  relation: string,
  q: AccessLogQuery,
): Promise<{ items: AccessLogItem[]; nextAfterId: number | null }> {
  const rows = await db
    .select({
      row: accessLog,
      userName: users.displayName,
      clientName: verifierClients.name,
    })
    .from(accessLog)
    .leftJoin(users, eq(users.id, accessLog.actorUserId))
    .leftJoin(verifierClients, eq(verifierClients.id, accessLog.actorClientId))
    .where(
      and(
        gt(accessLog.id, q.afterId ?? 0),
        q.kind === undefined ? undefined : eq(accessLog.kind, q.kind),
        q.entityType === undefined ? undefined : eq(accessLog.entityType, q.entityType),
        q.entityId === undefined ? undefined : eq(accessLog.entityId, q.entityId),
        q.outcome === undefined ? undefined : eq(accessLog.outcome, q.outcome),
        q.codeHash === undefined ? undefined : eq(accessLog.codeHash, fromHex(q.codeHash)!),
        await scopeFilter(db, user, relation),
      ),
    )
    .orderBy(asc(accessLog.id))
    .limit(q.limit);
  return {
    items: rows.map(({ row: r, userName, clientName }) => ({
      id: r.id,
      at: r.at.toISOString(),
      kind: r.kind,
      actor:
        r.actorUserId === null && r.actorClientId === null
          ? null
          : {
              userId: r.actorUserId,
              clientId: r.actorClientId,
              displayName: userName ?? clientName ?? null,
              role: r.actorRole,
            },
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      schoolId: r.schoolId,
      districtId: r.districtId,
      provinceId: r.provinceId,
      codeHash: r.codeHash === null ? null : toHex(r.codeHash),
      outcome: r.outcome,
    })),
    nextAfterId: rows.length === q.limit ? rows.at(-1)!.row.id : null,
  };
}
