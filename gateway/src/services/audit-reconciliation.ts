/**
 * The Ministry's audit reconciliation (issue 14; DESIGN.md §4): for a scope — a province, a district or a
 * school, a school year or all — compare what the root database holds with what the ledger holds, and list
 * every mismatch with a stable kind (reconciliation-words.ts) and words a person can act on.
 *
 * - every batch the database calls anchored (or later) against the ledger's: root and record count,
 *   manifest hash, CMS hash, state, anchoring transaction and block;
 * - every member of such a batch: its stored locked version recomputed into a leaf the way the verify path
 *   does (the canonical text, the version's salt and salt scheme), that leaf against the stored one, its
 *   inclusion proof against the ledger's root, the content shown to staff against the locked text, and the
 *   record's status (revoked, superseded) against the ledger's;
 * - every batch the ledger lists for the scope's schools (batch:listBatches) that the database lacks;
 * - locked versions of the scope that belong to no batch.
 *
 * Not services/reconcile.ts, which follows the ledger's events to record anchors. Bounded on a big province:
 * schools, batches and members are read in keyset pages, findings are written as they are found, and only
 * counts stay in memory. A run row is written first and its counts updated batch by batch, so that a
 * screen can show progress while the run goes on; the audit log gets who ran it, the scope and the counts.
 */
import { createHash } from 'node:crypto';
import {
  anchorOutbox,
  appendAudit,
  batches,
  batchMembers,
  COMMITTED_RECORD_STATES,
  classes,
  type Executor,
  enrolments,
  type ReconciliationScope,
  type RecordState,
  type Role,
  reconciliationFindings,
  reconciliationRuns,
  recordVersions,
  schools,
  statusEvents,
} from '@hocba/db';
import { canonicalize, type Localized, toHex, verifyInclusion } from '@hocba/integrity';
import { and, asc, eq, gt, inArray, isNull, ne, notExists, type SQL, sql } from 'drizzle-orm';
import type { Batch as LedgerBatch, RecordStatus } from '../ledger/chaincode.ts';
import { chaincode, type LedgerClient, LedgerError, type LedgerIdentity } from '../ledger/index.ts';
import { commitWith, isSaltScheme } from '../salts.ts';
import {
  batchField,
  batchMissingInDb,
  batchNotOnLedger,
  batchStatus,
  type ChangeDetail,
  type FindingKind,
  type FindingPlace,
  recordAdded,
  recordChanged,
  recordMissing,
  recordStatus,
  recordUnbatched,
} from './reconciliation-words.ts';

export { FINDING_KINDS, type FindingKind } from './reconciliation-words.ts';

export interface ReconciliationDeps {
  db: Executor;
  ledger: LedgerClient;
  /** Who reads the ledger (any member may read). */
  identity: LedgerIdentity;
  clock: () => Date;
}

export interface ReconciliationInput {
  /** Resolved by the caller: the province is filled in from a school or district (routes check the remit). */
  scope: ReconciliationScope;
  actor: { userId: string | null; role: Role };
}

export interface Finding {
  kind: FindingKind;
  schoolId?: string;
  batchId?: string;
  recordId?: string;
  leafIndex?: number;
  classId?: string;
  expected?: string;
  actual?: string;
  message: Localized;
}

export interface ReconciliationSummary {
  id: string;
  checkedBatches: number;
  checkedRecords: number;
  findingCount: number;
}

const SCHOOL_PAGE = 200;
const BATCH_PAGE = 50;
const MEMBER_PAGE = 500;
/** How often a run says it is alive within a batch (RECONCILIATION_STALE_MS in reconciliation-read.ts is far longer). */
const HEARTBEAT_MS = 10_000;
/** Batches whose ledger page is checked against the database at once. */
const LEDGER_PAGE = 100;

/** States in which the database says the ledger has the batch. */
const ON_LEDGER_STATES = [
  'anchored',
  'accepted',
  'reported',
  'recallRequested',
  'recalled',
  'replaced',
] as const;

const sha256Hex = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** Findings written as they come, in small inserts; the run keeps only counts. */
class FindingSink {
  private pending: (typeof reconciliationFindings.$inferInsert)[] = [];
  count = 0;
  readonly byKind = new Map<FindingKind, number>();
  constructor(
    private readonly db: Executor,
    private readonly runId: string,
  ) {}
  async add(f: Finding): Promise<void> {
    this.count++;
    this.byKind.set(f.kind, (this.byKind.get(f.kind) ?? 0) + 1);
    this.pending.push({
      runId: this.runId,
      seq: this.count,
      kind: f.kind,
      schoolId: f.schoolId ?? null,
      batchId: f.batchId ?? null,
      recordId: f.recordId ?? null,
      leafIndex: f.leafIndex ?? null,
      classId: f.classId ?? null,
      expected: f.expected ?? null,
      actual: f.actual ?? null,
      messageVi: f.message.vi,
      messageEn: f.message.en,
    });
    if (this.pending.length >= 200) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    await this.db.insert(reconciliationFindings).values(rows);
  }
}

interface SchoolRow {
  id: string;
  name: string;
}

type BatchRow = Awaited<ReturnType<typeof batchPage>>[number];

function schoolFilter(scope: ReconciliationScope): SQL | undefined {
  return and(
    scope.provinceId === undefined ? undefined : eq(schools.provinceId, scope.provinceId),
    scope.districtId === undefined ? undefined : eq(schools.districtId, scope.districtId),
    scope.schoolId === undefined ? undefined : eq(schools.id, scope.schoolId),
  );
}

async function* schoolsInScope(db: Executor, scope: ReconciliationScope): AsyncGenerator<SchoolRow> {
  let after: string | undefined;
  for (;;) {
    const page = await db
      .select({ id: schools.id, name: schools.name })
      .from(schools)
      .where(and(schoolFilter(scope), after === undefined ? undefined : gt(schools.id, after)))
      .orderBy(asc(schools.id))
      .limit(SCHOOL_PAGE);
    yield* page;
    if (page.length < SCHOOL_PAGE) return;
    after = page.at(-1)!.id;
  }
}

function batchPage(
  db: Executor,
  schoolId: string,
  schoolYear: string | undefined,
  after: string | undefined,
) {
  return db
    .select({
      id: batches.id,
      classId: batches.classId,
      className: classes.name,
      state: batches.state,
      manifestText: batches.manifestText,
      manifestHash: batches.manifestHash,
      cms: batches.cms,
      root: batches.root,
      leafCount: batches.leafCount,
      ledgerTxId: batches.ledgerTxId,
      blockNumber: batches.blockNumber,
    })
    .from(batches)
    .leftJoin(classes, eq(classes.id, batches.classId))
    .where(
      and(
        eq(batches.schoolId, schoolId),
        schoolYear === undefined ? undefined : eq(batches.schoolYear, schoolYear),
        inArray(batches.state, [...ON_LEDGER_STATES]),
        after === undefined ? undefined : gt(batches.id, after),
      ),
    )
    .orderBy(asc(batches.id))
    .limit(BATCH_PAGE);
}

function memberPage(db: Executor, batchId: string, after: number) {
  return db
    .select({
      leafIndex: batchMembers.leafIndex,
      memberRecordId: batchMembers.recordVersionId,
      proof: batchMembers.inclusionProof,
      id: recordVersions.id,
      state: recordVersions.state,
      record: recordVersions.record,
      canonicalText: recordVersions.canonicalText,
      salt: recordVersions.salt,
      saltScheme: recordVersions.saltScheme,
      leafHash: recordVersions.leafHash,
    })
    .from(batchMembers)
    .leftJoin(recordVersions, eq(recordVersions.id, batchMembers.recordVersionId))
    .where(and(eq(batchMembers.batchId, batchId), gt(batchMembers.leafIndex, after)))
    .orderBy(asc(batchMembers.leafIndex))
    .limit(MEMBER_PAGE);
}
type MemberRow = Awaited<ReturnType<typeof memberPage>>[number];

/** A ledger write for the batch still on its way (outbox) or a replacement not yet settled: states may lag. */
async function ledgerWritePending(db: Executor, batchId: string): Promise<boolean> {
  const [outbox] = await db
    .select({ id: anchorOutbox.id })
    .from(anchorOutbox)
    .where(and(eq(anchorOutbox.batchId, batchId), ne(anchorOutbox.state, 'done')))
    .limit(1);
  if (outbox) return true;
  const [replace] = await db
    .select({ id: statusEvents.id })
    .from(statusEvents)
    .where(
      and(
        eq(statusEvents.batchId, batchId),
        eq(statusEvents.kind, 'replace'),
        isNull(statusEvents.ledgerTxId),
      ),
    )
    .limit(1);
  return replace !== undefined;
}

/** The batch as the ledger has it, or undefined when the ledger has no such batch. */
async function ledgerBatch(deps: ReconciliationDeps, batchId: string): Promise<LedgerBatch | undefined> {
  try {
    return await chaincode.getBatch(deps.ledger, deps.identity, batchId);
  } catch (e) {
    if (e instanceof LedgerError && e.code === 'NOT_FOUND') return undefined;
    throw e;
  }
}

/** The database states that agree with a ledger state (a recall the district asked for is the DB's own). */
function dbStatesFor(ledgerState: LedgerBatch['state']): readonly string[] {
  switch (ledgerState) {
    case 'anchored':
    case 'accepted':
    case 'reported':
      return [ledgerState, 'recallRequested'];
    default:
      return [ledgerState];
  }
}

/** What differs between a record's stored version and what was locked; undefined when nothing does. */
export function recordChange(
  m: Pick<MemberRow, 'state' | 'record' | 'canonicalText' | 'salt' | 'saltScheme' | 'leafHash' | 'proof'>,
  leafIndex: number,
  leafCount: number,
  root: Uint8Array,
): { detail: ChangeDetail; expected?: string; actual?: string } | undefined {
  if (
    m.state === null ||
    !(COMMITTED_RECORD_STATES as readonly string[]).includes(m.state) ||
    m.canonicalText === null ||
    m.salt === null ||
    m.leafHash === null ||
    m.saltScheme === null ||
    !isSaltScheme(m.saltScheme)
  ) {
    return { detail: 'uncommitted', actual: m.state ?? 'missing' };
  }
  let leaf: Uint8Array;
  try {
    leaf = commitWith(m.saltScheme, JSON.parse(m.canonicalText), m.salt).leaf;
  } catch {
    return { detail: 'leaf', expected: toHex(m.leafHash), actual: 'unreadable' };
  }
  if (toHex(leaf) !== toHex(m.leafHash))
    return { detail: 'leaf', expected: toHex(m.leafHash), actual: toHex(leaf) };
  try {
    verifyInclusion(leafIndex, leafCount, leaf, m.proof, root);
  } catch {
    return { detail: 'proof', expected: toHex(root), actual: toHex(leaf) };
  }
  let shown: string | undefined;
  try {
    shown = canonicalize(m.record);
  } catch {
    shown = undefined;
  }
  if (shown !== m.canonicalText) return { detail: 'shown' };
  return undefined;
}

const expectedRecordState = (s: RecordStatus): RecordState =>
  s.revoked ? 'revoked' : s.correction || s.supersededBy ? 'superseded' : 'locked';

class Run {
  batches = 0;
  records = 0;
  constructor(
    readonly deps: ReconciliationDeps,
    readonly scope: ReconciliationScope,
    readonly sink: FindingSink,
    readonly runId: string,
  ) {}

  async school(s: SchoolRow): Promise<void> {
    let after: string | undefined;
    for (;;) {
      const page = await batchPage(this.deps.db, s.id, this.scope.schoolYear, after);
      for (const b of page) await this.batch(s, b);
      if (page.length < BATCH_PAGE) break;
      after = page.at(-1)!.id;
    }
    await this.ledgerOnly(s);
    await this.unbatched(s);
  }

  private async batch(s: SchoolRow, b: BatchRow): Promise<void> {
    const place: FindingPlace = { schoolName: s.name, className: b.className, batchId: b.id };
    const at = { schoolId: s.id, batchId: b.id, ...(b.classId !== null && { classId: b.classId }) };
    const lb = await ledgerBatch(this.deps, b.id);
    if (!lb) {
      await this.sink.add({
        kind: 'BATCH_NOT_ON_LEDGER',
        ...at,
        actual: b.state,
        message: batchNotOnLedger(place),
      });
    } else {
      await this.batchFacts(b, lb, place, at);
    }
    // The ledger's root and count are the trusted ones; without them, the database's own.
    const root = lb ? Buffer.from(lb.root, 'hex') : b.root;
    const leafCount = lb ? lb.leafCount : b.leafCount;
    if (root !== null && leafCount !== null)
      await this.members(b, lb, new Uint8Array(root), leafCount, place, at);
    this.batches++;
    await this.sink.flush();
    await this.beat(true);
  }

  private lastBeat = 0;

  /**
   * Says the run is alive and how far it got (after each batch, and every HEARTBEAT_MS within a large one):
   * a run whose heartbeat stops is closed as interrupted when runs are next read (reconciliation-read.ts).
   * Findings are counted at a batch's end only, once they are stored.
   */
  private async beat(batchDone = false): Promise<void> {
    const now = this.deps.clock();
    if (!batchDone && now.getTime() - this.lastBeat < HEARTBEAT_MS) return;
    this.lastBeat = now.getTime();
    await this.deps.db
      .update(reconciliationRuns)
      .set({
        heartbeatAt: now,
        checkedBatches: this.batches,
        checkedRecords: this.records,
        ...(batchDone && { findingCount: this.sink.count }),
      })
      .where(eq(reconciliationRuns.id, this.runId));
  }

  private async batchFacts(
    b: BatchRow,
    lb: LedgerBatch,
    place: FindingPlace,
    at: Pick<Finding, 'schoolId' | 'batchId' | 'classId'>,
  ): Promise<void> {
    const add = (kind: FindingKind, expected: string, actual: string, message: Localized) =>
      this.sink.add({ kind, ...at, expected, actual, message });
    const dbRoot = b.root === null ? 'none' : toHex(b.root);
    if (dbRoot !== lb.root || b.leafCount !== lb.leafCount) {
      await add(
        'ROOT_MISMATCH',
        `${lb.root}/${lb.leafCount}`,
        `${dbRoot}/${b.leafCount}`,
        batchField('ROOT_MISMATCH', place),
      );
    }
    const manifestHash = b.manifestText === null ? 'none' : sha256Hex(b.manifestText);
    const storedHash = b.manifestHash === null ? 'none' : toHex(b.manifestHash);
    if (manifestHash !== lb.manifestHash || storedHash !== lb.manifestHash) {
      await add(
        'MANIFEST_MISMATCH',
        lb.manifestHash,
        manifestHash === storedHash ? manifestHash : `${manifestHash} (stored ${storedHash})`,
        batchField('MANIFEST_MISMATCH', place),
      );
    }
    const cmsHash = b.cms === null ? 'none' : sha256Hex(b.cms);
    if (cmsHash !== lb.cmsHash)
      await add('CMS_MISMATCH', lb.cmsHash, cmsHash, batchField('CMS_MISMATCH', place));
    const tx = await this.deps.ledger.transaction(lb.anchorTxId);
    const ledgerAnchor = `${lb.anchorTxId}@${tx?.blockNumber ?? '?'}`;
    const dbAnchor = `${b.ledgerTxId ?? 'none'}@${b.blockNumber ?? '?'}`;
    if (b.ledgerTxId !== lb.anchorTxId || (tx !== undefined && b.blockNumber !== tx.blockNumber)) {
      await add('ANCHOR_MISMATCH', ledgerAnchor, dbAnchor, batchField('ANCHOR_MISMATCH', place));
    }
    if (!dbStatesFor(lb.state).includes(b.state) && !(await ledgerWritePending(this.deps.db, b.id))) {
      await add('STATUS_MISMATCH', lb.state, b.state, batchStatus(place, lb.state, b.state));
    }
  }

  private async members(
    b: BatchRow,
    lb: LedgerBatch | undefined,
    root: Uint8Array,
    leafCount: number,
    place: FindingPlace,
    at: Pick<Finding, 'schoolId' | 'batchId' | 'classId'>,
  ): Promise<void> {
    let next = 0;
    let after = -1;
    let pending: boolean | undefined;
    const missing = async (upTo: number) => {
      for (; next < Math.min(upTo, leafCount); next++) {
        const p = { ...place, leafIndex: next };
        await this.sink.add({ kind: 'RECORD_MISSING', ...at, leafIndex: next, message: recordMissing(p) });
      }
    };
    for (;;) {
      const page = await memberPage(this.deps.db, b.id, after);
      const statuses = lb ? await this.statuses(b.id, page, leafCount) : new Map();
      for (const m of page) {
        await missing(m.leafIndex);
        next = Math.max(next, m.leafIndex + 1);
        this.records++;
        const p = { ...place, leafIndex: m.leafIndex };
        const where = { ...at, leafIndex: m.leafIndex, recordId: m.memberRecordId };
        if (m.leafIndex >= leafCount) {
          await this.sink.add({ kind: 'RECORD_ADDED', ...where, message: recordAdded(p, leafCount) });
          continue;
        }
        if (m.id === null) {
          await this.sink.add({ kind: 'RECORD_MISSING', ...where, message: recordMissing(p) });
          continue;
        }
        const change = recordChange(m, m.leafIndex, leafCount, root);
        if (change) {
          await this.sink.add({
            kind: 'RECORD_CHANGED',
            ...where,
            ...(change.expected !== undefined && { expected: change.expected }),
            ...(change.actual !== undefined && { actual: change.actual }),
            message: recordChanged(p, change.detail),
          });
          continue;
        }
        const status = statuses.get(m.leafIndex);
        const want = status ? expectedRecordState(status) : undefined;
        if (want !== undefined && want !== m.state) {
          pending ??= await ledgerWritePending(this.deps.db, b.id);
          if (!pending) {
            await this.sink.add({
              kind: 'STATUS_MISMATCH',
              ...where,
              expected: want,
              actual: m.state!,
              message: recordStatus(p, want, m.state!),
            });
          }
        }
      }
      if (page.length < MEMBER_PAGE) break;
      after = page.at(-1)!.leafIndex;
      await this.beat();
    }
    await missing(leafCount);
  }

  /**
   * The ledger's status of each member of the page that is in the tree: one read for the page (the
   * chaincode's getRecordViews scans the batch's revocations and corrections once), not one per record.
   */
  private async statuses(batchId: string, page: MemberRow[], leafCount: number) {
    const out = new Map<number, RecordStatus>();
    const leaves = page.filter((m) => m.id !== null && m.leafIndex < leafCount).map((m) => m.leafIndex);
    if (leaves.length === 0) return out;
    const { statuses } = await chaincode.getRecordViews(
      this.deps.ledger,
      this.deps.identity,
      batchId,
      leaves,
    );
    for (const [j, leaf] of leaves.entries()) out.set(leaf, statuses[j]!);
    return out;
  }

  /** Batches the ledger lists for the school that the database does not have at all. */
  private async ledgerOnly(s: SchoolRow): Promise<void> {
    let bookmark = '';
    do {
      const page = await chaincode.listBatches(this.deps.ledger, this.deps.identity, {
        schoolId: s.id,
        ...(this.scope.schoolYear !== undefined && { schoolYear: this.scope.schoolYear }),
        pageSize: LEDGER_PAGE,
        bookmark,
      });
      const items = page.items.filter((i) => i !== null);
      if (items.length > 0) {
        const held = await this.deps.db
          .select({ id: batches.id })
          .from(batches)
          .where(
            inArray(
              batches.id,
              items.map((i) => i.batchId),
            ),
          );
        const ids = new Set(held.map((h) => h.id));
        for (const i of items) {
          if (ids.has(i.batchId)) continue;
          await this.sink.add({
            kind: 'BATCH_MISSING_IN_DB',
            schoolId: s.id,
            batchId: i.batchId,
            expected: `${i.root}/${i.leafCount}`,
            actual: 'missing',
            message: batchMissingInDb({ schoolName: s.name, batchId: i.batchId }, i.leafCount),
          });
        }
      }
      bookmark = page.bookmark;
    } while (bookmark !== '');
    await this.sink.flush();
  }

  /** Versions in a committed state that no batch holds: a row added, or a state set, after lock. */
  private async unbatched(s: SchoolRow): Promise<void> {
    let after: string | undefined;
    for (;;) {
      const page = await this.deps.db
        .select({
          id: recordVersions.id,
          classId: classes.id,
          className: classes.name,
          schoolYear: classes.schoolYear,
        })
        .from(recordVersions)
        .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
        .innerJoin(classes, eq(classes.id, enrolments.classId))
        .where(
          and(
            eq(classes.schoolId, s.id),
            this.scope.schoolYear === undefined ? undefined : eq(classes.schoolYear, this.scope.schoolYear),
            inArray(recordVersions.state, [...COMMITTED_RECORD_STATES]),
            notExists(
              this.deps.db
                .select({ one: sql`1` })
                .from(batchMembers)
                .where(eq(batchMembers.recordVersionId, recordVersions.id)),
            ),
            after === undefined ? undefined : gt(recordVersions.id, after),
          ),
        )
        .orderBy(asc(recordVersions.id))
        .limit(MEMBER_PAGE);
      for (const r of page) {
        await this.sink.add({
          kind: 'RECORD_ADDED',
          schoolId: s.id,
          classId: r.classId,
          recordId: r.id,
          message: recordUnbatched({ schoolName: s.name, className: r.className, schoolYear: r.schoolYear }),
        });
      }
      if (page.length < MEMBER_PAGE) break;
      after = page.at(-1)!.id;
    }
    await this.sink.flush();
  }
}

/**
 * Runs one reconciliation and keeps it: the run row first (so that progress can be read while it runs),
 * the findings as they are found, then the run closed and the audit entry. A ledger that cannot be read
 * closes the run as failed and rethrows.
 */
export async function runReconciliation(
  deps: ReconciliationDeps,
  input: ReconciliationInput,
): Promise<ReconciliationSummary> {
  const startedAt = deps.clock();
  const [row] = await deps.db
    .insert(reconciliationRuns)
    .values({
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      scope: input.scope,
      startedAt,
      heartbeatAt: startedAt,
    })
    .returning({ id: reconciliationRuns.id });
  const runId = row!.id;
  const sink = new FindingSink(deps.db, runId);
  const run = new Run(deps, input.scope, sink, runId);
  try {
    for await (const s of schoolsInScope(deps.db, input.scope)) await run.school(s);
    await sink.flush();
  } catch (e) {
    await sink.flush().catch(() => undefined);
    await deps.db
      .update(reconciliationRuns)
      .set({
        state: 'failed',
        finishedAt: deps.clock(),
        checkedBatches: run.batches,
        checkedRecords: run.records,
        findingCount: sink.count,
        error: e instanceof LedgerError ? e.code : 'INTERNAL',
      })
      .where(eq(reconciliationRuns.id, runId));
    throw e;
  }
  const finishedAt = deps.clock();
  await deps.db
    .update(reconciliationRuns)
    .set({
      state: 'done',
      finishedAt,
      checkedBatches: run.batches,
      checkedRecords: run.records,
      findingCount: sink.count,
    })
    .where(eq(reconciliationRuns.id, runId));
  await appendAudit(deps.db, {
    action: 'reconciliation.run',
    entityType: 'reconciliation',
    entityId: runId,
    actorUserId: input.actor.userId,
    actorRole: input.actor.role,
    at: finishedAt,
    details: {
      scope: { ...input.scope },
      checkedBatches: run.batches,
      checkedRecords: run.records,
      findingCount: sink.count,
      kinds: Object.fromEntries(sink.byKind),
    },
  });
  return { id: runId, checkedBatches: run.batches, checkedRecords: run.records, findingCount: sink.count };
}
