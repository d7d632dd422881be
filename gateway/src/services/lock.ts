/**
 * Lock (DESIGN.md §4.1–4.4, §7): approved record versions become a batch — each version gets its salt,
 * its canonical text and its leaf, the leaves an RFC 9162 tree in a stable order, each member its
 * inclusion proof — and the versions become `locked` (effective at the lock time). All in one transaction:
 * a refusal leaves nothing behind, and the versions are row-locked so that two locks cannot take the same
 * version.
 *
 * Memory stays bounded by the chunk, not the batch (a province's 300k records): the sorted ids are taken a
 * chunk at a time — row-locked and checked, then read, committed and written back — and only the leaves
 * (32 bytes each) are kept for the tree (lock-tree.ts: flat buffers, not an object per node).
 *
 * Speed (issue 16): the chunks are committed — parsed, canonicalized, salted by LOCK_SALT_SCHEME
 * (salts.ts: one AES-CTR keystream per record) and hashed with node:crypto — by worker threads
 * (lock-pool.ts, LOCK_WORKERS) while the main thread reads the next chunk and writes back the last. Reads
 * and writes go by COPY (lock-copy.ts): the records come as COPY text the main thread moves to a worker
 * undecoded; the versions go into a scratch table and from it by one UPDATE per chunk, the members with
 * their proofs straight into batch_members.
 *
 * The manifest is a separate step, prepareManifest(), because it names the signer's certificate: locking
 * freezes the records (the school's act), choosing who signs is the principal's (a token may be plugged in
 * later, a deputy may sign). While the batch is assembling its manifest may be prepared again for another
 * signer; once signed the database freezes it (trigger HB003). lockBatch takes the fingerprint optionally,
 * for callers who know the signer already, and then prepares the manifest in the same transaction.
 */
import {
  appendAudit,
  batches,
  batchMembers,
  correctionRequests,
  type Database,
  type Executor,
  enrolments,
  inTransaction,
  type Role,
  recordVersions,
  type Transaction,
  violatedConstraint,
} from '@hocba/db';
import { type BatchKind, buildManifest, type Manifest, manifestBytes, sha256, toHex } from '@hocba/integrity';
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { ServiceError } from './errors.ts';
import {
  COMMIT_COLUMNS,
  type CommittedChunk,
  type CopiedChunk,
  copyText,
  READ_COLUMNS,
} from './lock-commit.ts';
import { copyInto, copyOut } from './lock-copy.ts';
import { memberRows } from './lock-members.ts';
import { type ChunkCommitter, lockWorkerCount, startLockWorkers } from './lock-pool.ts';
import { FlatMerkleTree } from './lock-tree.ts';

/** The channel every manifest names (DESIGN.md §5: one channel). */
export const DEFAULT_CHANNEL = 'hocba';

/** Who acts, for the audit log; the outbox worker acts as the system (no actor). */
export interface Actor {
  userId?: string | null;
  role?: Role | null;
}

export interface LockInput {
  schoolId: string;
  schoolYear: string;
  /** A class batch; omitted for a school batch. */
  classId?: string | undefined;
  recordVersionIds: readonly string[];
  kind: BatchKind;
  /** The batch a replacement supersedes (required for, and only for, kind `replacement`). */
  supersedes?: string | undefined;
  lockedAt: Date;
  /** The batch id; the database draws a UUID when omitted. */
  batchId?: string | undefined;
  /** When the signer is already known: the manifest is prepared in the same transaction. */
  signerCertFingerprint?: string | undefined;
  channel?: string | undefined;
  actor?: Actor | undefined;
}

export interface LockedBatch {
  batchId: string;
  /** Hex. */
  root: string;
  leafCount: number;
  /**
   * In leaf order. Made when first read (then kept): a lock holds its sorted ids anyway, and 300k member
   * objects are tens of MB a province's lock need not hold when its caller does not look at them.
   */
  members: { recordVersionId: string; leafIndex: number }[];
  manifest?: Manifest;
}

/** States a batch may be superseded from: it has been anchored (a replacement is a ledger fact). */
const REPLACEABLE = new Set(['anchored', 'accepted', 'reported', 'recallRequested', 'recalled']);
/**
 * Versions are read, updated and members inserted a chunk at a time: one statement per chunk (a 300k-record
 * lock must not make 300k round trips, nor hold 300k records in memory), with bounded parameter counts
 * (Postgres allows 65,535).
 */
export const LOCK_CHUNK = 1000;

/** Bytes of a leaf hash (SHA-256). */
const LEAF_SIZE = 32;

/** Code-unit order (not locale order): the leaf order of a batch. */
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function lockBatch(db: Database, input: LockInput): Promise<LockedBatch> {
  return lockBatchInChunks(db, input, LOCK_CHUNK);
}

/**
 * Below this many records the lock commits in the calling thread: starting workers (~0.3 s each) costs
 * more than it saves.
 */
export const LOCK_WORKERS_FROM = 4 * LOCK_CHUNK;

export interface LockTuning {
  /** Worker threads; default LOCK_WORKERS (lock-pool.ts) for a batch of LOCK_WORKERS_FROM or more, else 0. */
  workers?: number | undefined;
  /** Filled with the main thread's wall-clock ms per phase (the benchmark's split of where the time goes). */
  phases?: LockPhases | undefined;
  /**
   * Another clock read at the same phase boundaries, e.g. the database backend's CPU (the benchmark reads
   * Postgres's /proc): its ms per phase go to its `phases`.
   */
  clock?: { now(): number; phases: LockPhases } | undefined;
}

/**
 * The main thread's time per phase, ms. The phases follow one another on the main thread (the workers'
 * commits overlap them): their sum is about the lock's time; `waitCommit` is the time the main thread
 * waited for a worker, i.e. what the hashing costs beyond the database's work.
 */
export interface LockPhases {
  /** Starting the workers (awaited before the first commit only). */
  startWorkers: number;
  /** Row locks and checks of every version (SELECT … FOR UPDATE, joined with the enrolments). */
  check: number;
  /** Reading the records (record::text, by COPY). */
  read: number;
  /** Waiting for a committed chunk. */
  waitCommit: number;
  /** The committed versions' COPY into the scratch table. */
  copyCommits: number;
  /** The UPDATE of record_versions from the scratch table (and its TRUNCATE). */
  update: number;
  /** The tree over the leaves. */
  tree: number;
  /** The members' proofs made and COPYed into batch_members. */
  members: number;
  /** The batch row, the manifest if asked, the audit entry. */
  batchRow: number;
}

export function newLockPhases(): LockPhases {
  return {
    startWorkers: 0,
    check: 0,
    read: 0,
    waitCommit: 0,
    copyCommits: 0,
    update: 0,
    tree: 0,
    members: 0,
    batchRow: 0,
  };
}

/** The clocks a lock's phases are timed by (none unless asked for). */
type Meters = readonly { now(): number; phases: LockPhases }[];

/** Adds the time `work` takes, by each clock, to its `phases[name]`. */
async function timed<T>(meters: Meters, name: keyof LockPhases, work: () => Promise<T>): Promise<T> {
  if (meters.length === 0) return work();
  const t0 = meters.map((m) => m.now());
  try {
    return await work();
  } finally {
    meters.forEach((m, i) => {
      m.phases[name] += m.now() - t0[i]!;
    });
  }
}

/** lockBatch with another chunk size (and worker count): the tests lock small batches over several chunks. */
export async function lockBatchInChunks(
  db: Database,
  input: LockInput,
  chunkSize: number,
  tuning: LockTuning = {},
): Promise<LockedBatch> {
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw new RangeError('chunkSize must be ≥ 1');
  checkInput(input);
  const count =
    tuning.workers ?? (input.recordVersionIds.length >= LOCK_WORKERS_FROM ? lockWorkerCount() : 0);
  // The workers start while the versions are checked.
  const committer = startLockWorkers(count);
  const ph: Meters = [
    ...(tuning.phases ? [{ now: () => performance.now(), phases: tuning.phases }] : []),
    ...(tuning.clock ? [tuning.clock] : []),
  ];
  try {
    return await db.transaction(async (tx) => {
      // A stable order, independent of the request's: by record id.
      const ids = [...input.recordVersionIds].sort(byCodeUnit);
      await timed(ph, 'check', () => checkVersions(tx, input, ids, chunkSize));
      if (input.supersedes !== undefined) await checkSupersedes(tx, input);
      const effectiveAt = new Date(input.lockedAt.getTime());
      const workers = await timed(ph, 'startWorkers', () => committer);
      const leaves = await commitVersions(tx, ids, effectiveAt, chunkSize, workers, ph);
      const tree = await timed(ph, 'tree', async () => new FlatMerkleTree(leaves));
      return await storeBatch(tx, input, ids, effectiveAt, tree, chunkSize, ph);
    });
  } finally {
    await (await committer).close();
  }
}

/**
 * Commits every version, a chunk at a time: the main thread reads a chunk and writes back a committed one
 * while the committer (worker threads) canonicalizes and hashes the chunks in between — a few chunks in
 * flight, never the batch. Chunks are written back in order, so the first refusal is the one a sequential
 * lock would meet. Returns the leaves, concatenated in leaf order (32 bytes each: all the lock keeps).
 */
async function commitVersions(
  tx: Transaction,
  ids: readonly string[],
  effectiveAt: Date,
  chunkSize: number,
  committer: ChunkCommitter,
  ph: Meters,
): Promise<Uint8Array> {
  const at = effectiveAt.toISOString();
  const leaves = new Uint8Array(ids.length * LEAF_SIZE);
  // The canonical text keeps the compression it gets in the scratch table when the UPDATE moves it (a
  // compressed value is not compressed again): the scratch column compresses as record_versions' does
  // (lz4 where the server has it, migrations/0020), or the text would stay in pglz, and cost pglz's time.
  const { rows } = await tx.execute<{ lz4: boolean }>(sql`
    SELECT attcompression = 'l' AS lz4 FROM pg_attribute
    WHERE attrelid = 'record_versions'::regclass AND attname = 'canonical_text'`);
  const compression = rows[0]?.lz4 ? ' COMPRESSION lz4' : '';
  await tx.execute(
    sql.raw(`CREATE TEMP TABLE IF NOT EXISTS ${COMMITS} (
    id text, canonical_text text${compression}, salt bytea, salt_scheme text, leaf_hash bytea, lookup_code text) ON COMMIT DROP`),
  );
  await tx.execute(sql.raw(`TRUNCATE ${COMMITS}`));
  const inFlight: { from: number; ids: string[]; done: Promise<CommittedChunk> }[] = [];
  // One chunk per worker being committed and one more waiting, so that no worker idles on a read.
  const depth = committer.threads + 1;
  // Buffers that came back from the committer, free again: a read's (for the next read) and a committed
  // chunk's, written back (for the committer's next text). Reused rather than new ones each chunk: the
  // megabytes a chunk makes outside the heap would count towards the next full GC (heap-growth.ts).
  const freeReads: Uint8Array[] = [];
  const freeOuts: Uint8Array[] = [];
  const writeBack = async () => {
    const { from, ids: chunk, done } = inFlight.shift()!;
    const c = await timed(ph, 'waitCommit', () => done);
    leaves.set(c.leaves, from * LEAF_SIZE);
    if (c.input) freeReads.push(c.input);
    await storeCommits(tx, chunk, c.copy, effectiveAt, ids.length, ph);
    freeOuts.push(new Uint8Array(c.copy.buffer, 0, c.copy.buffer.byteLength));
  };
  // The bytes the last chunk read: a first buffer is allocated once, at about its size.
  let readSize = 0;
  for (let i = 0; i < ids.length; i += chunkSize) {
    const chunk = ids.slice(i, i + chunkSize);
    const into = freeReads.pop() ?? readSize + (readSize >> 3);
    const read = await timed(ph, 'read', () => readVersions(tx, chunk, into));
    readSize = read.copy.length;
    const done = committer.commit({ ...read, out: freeOuts.pop() }, at);
    // Awaited in order by writeBack; a refusal of a later chunk must not surface as unhandled meanwhile.
    done.catch(() => {});
    inFlight.push({ from: i, ids: chunk, done });
    if (inFlight.length >= depth) await writeBack();
  }
  while (inFlight.length > 0) await writeBack();
  return leaves;
}

/**
 * The versions of `chunk`, their records as JSON text, in COPY text format: bytes the committer parses
 * (in a worker), not strings on the main thread's heap. COPY takes no parameters: the ids are written into
 * the statement, each checked against the id format the table's CHECK allows (checkVersions found every
 * one, so none can fail; the check keeps the statement's text what it says).
 */
async function readVersions(
  tx: Transaction,
  chunk: string[],
  into: Uint8Array | number,
): Promise<CopiedChunk> {
  for (const id of chunk) {
    if (!ID_FORMAT.test(id))
      throw new Error(`record version id ${JSON.stringify(id)} cannot be read by COPY`);
  }
  const copy = await copyOut(
    tx,
    `SELECT ${READ_COLUMNS.join(', ')} FROM record_versions WHERE id = ANY('{"${chunk.join('","')}"}'::text[])`,
    into,
  );
  return { ids: chunk, copy };
}

/** record_versions' id format (its CHECK record_versions_id_format): no quote, comma or backslash. */
const ID_FORMAT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The session's scratch table of committed versions (COPY target; dropped at commit). */
const COMMITS = 'hocba_lock_commits';

/**
 * One chunk's committed versions: COPY into the scratch table, then one UPDATE … FROM it (the HB002
 * trigger still checks each row).
 */
async function storeCommits(
  tx: Transaction,
  chunk: string[],
  copy: Uint8Array,
  effectiveAt: Date,
  batchSize: number,
  ph: Meters,
): Promise<void> {
  try {
    await timed(ph, 'copyCommits', () => copyInto(tx, `${COMMITS} (${COMMIT_COLUMNS.join(', ')})`, [copy]));
    // The stored record gains its effectiveAt in the database (jsonb ||, as the spread in lock-commit.ts):
    // the record is not sent back. `r.id = ANY(chunk)` lets the planner reach the rows by their key
    // (the scratch table has no statistics).
    await timed(ph, 'update', async () => {
      await tx.execute(sql`
      UPDATE ${recordVersions} AS r SET
        state = 'locked', record = r.record || jsonb_build_object('effectiveAt', ${effectiveAt.toISOString()}::text),
        canonical_text = v.canonical_text, salt = v.salt, salt_scheme = v.salt_scheme,
        leaf_hash = v.leaf_hash, lookup_code = v.lookup_code, effective_at = ${effectiveAt.toISOString()}::timestamptz,
        updated_at = now()
      FROM ${sql.raw(COMMITS)} AS v
      WHERE r.id = v.id AND r.id = ANY(${sql.param(chunk)}::text[])`);
      await tx.execute(sql.raw(`TRUNCATE ${COMMITS}`));
    });
  } catch (e) {
    // Lookup codes are unique across all versions: a corrected version must be issued its own.
    if (violatedConstraint(e) === 'record_versions_lookup_code_unique') {
      throw new ServiceError('LOOKUP_CODE_TAKEN', 'a lookup code of these records is already in use', {
        batchSize,
      });
    }
    throw e;
  }
}

/** The batch row, its members with their proofs (COPY, a chunk at a time), the manifest if asked, the audit. */
async function storeBatch(
  tx: Transaction,
  input: LockInput,
  ids: readonly string[],
  effectiveAt: Date,
  tree: FlatMerkleTree,
  chunkSize: number,
  ph: Meters,
): Promise<LockedBatch> {
  const root = tree.root();
  const [batch] = await timed(ph, 'batchRow', () =>
    tx
      .insert(batches)
      .values({
        ...(input.batchId !== undefined && { id: input.batchId }),
        schoolId: input.schoolId,
        schoolYear: input.schoolYear,
        classId: input.classId ?? null,
        kind: input.kind,
        supersedesId: input.supersedes ?? null,
        state: 'assembling',
        root,
        leafCount: tree.size,
        lockedAt: effectiveAt,
        createdBy: input.actor?.userId ?? null,
      })
      .returning({ id: batches.id }),
  );
  const batchId = batch!.id;

  const batchText = copyText(batchId);
  await timed(ph, 'members', async () => {
    // The next chunk's lines are made while the database takes the last one (one COPY at a time on the
    // transaction's connection; its refusal is awaited before anything else is sent).
    // Two buffers, in turn: one being made while the other is sent.
    let copying: Promise<void> | undefined;
    const buffers: (Uint8Array | undefined)[] = [undefined, undefined];
    for (let i = 0, turn = 0; i < ids.length; i += chunkSize, turn ^= 1) {
      const rows = memberRows(batchText, ids, i, Math.min(ids.length, i + chunkSize), tree, buffers[turn]);
      buffers[turn] = new Uint8Array(rows.buffer, rows.byteOffset, rows.buffer.byteLength - rows.byteOffset);
      await copying;
      copying = copyInto(tx, 'batch_members (batch_id, record_version_id, leaf_index, inclusion_proof)', [
        rows,
      ]);
    }
    await copying;
  });
  return await timed(ph, 'batchRow', async () => {
    const manifest =
      input.signerCertFingerprint === undefined
        ? undefined
        : await prepareManifest(tx, batchId, input.signerCertFingerprint, {
            channel: input.channel,
            actor: input.actor,
            at: effectiveAt,
          });
    await appendAudit(tx, {
      action: 'batch.lock',
      entityType: 'batch',
      entityId: batchId,
      actorUserId: input.actor?.userId ?? null,
      actorRole: input.actor?.role ?? null,
      at: effectiveAt,
      details: {
        schoolId: input.schoolId,
        schoolYear: input.schoolYear,
        classId: input.classId ?? null,
        kind: input.kind,
        supersedes: input.supersedes ?? null,
        leafCount: tree.size,
        root: toHex(root),
        // The members themselves are in batch_members: a 300k-id list has no place in every audit export.
      },
    });
    return withMembers(
      { batchId, root: toHex(root), leafCount: tree.size, ...(manifest && { manifest }) },
      ids,
    );
  });
}

/** `batch` with its `members` property made from `ids` (in leaf order) when first read. */
function withMembers(batch: Omit<LockedBatch, 'members'>, ids: readonly string[]): LockedBatch {
  return Object.defineProperty(batch, 'members', {
    enumerable: true,
    configurable: true,
    get(this: LockedBatch) {
      const members = ids.map((recordVersionId, leafIndex) => ({ recordVersionId, leafIndex }));
      Object.defineProperty(this, 'members', { value: members, enumerable: true, writable: true });
      return members;
    },
  }) as LockedBatch;
}

/**
 * Builds the batch's manifest naming the signer's certificate and stores its JCS text and hash. Allowed
 * while the batch is assembling (again, for another signer); refused once signed.
 */
export function prepareManifest(
  exec: Executor,
  batchId: string,
  signerCertFingerprint: string,
  o: { channel?: string | undefined; actor?: Actor | undefined; at?: Date | undefined } = {},
): Promise<Manifest> {
  return inTransaction(exec, async (tx) => {
    const [batch] = await tx.select().from(batches).where(eq(batches.id, batchId)).for('update');
    if (!batch) throw new ServiceError('BATCH_NOT_FOUND', `batch ${batchId} does not exist`, { batchId });
    if (batch.state !== 'assembling') {
      throw new ServiceError(
        'BATCH_WRONG_STATE',
        `batch ${batchId} is ${batch.state}: its manifest is signed and cannot change`,
        { batchId, state: batch.state },
      );
    }
    const corrects = batch.kind === 'correction' ? await correctedLeaves(tx, batch.id) : undefined;
    // buildManifest checks every field (MANIFEST_INVALID names the bad ones, e.g. a malformed fingerprint).
    const manifest = buildManifest({
      channel: o.channel ?? DEFAULT_CHANNEL,
      schoolId: batch.schoolId,
      schoolYear: batch.schoolYear,
      batchId: batch.id,
      kind: batch.kind,
      ...(batch.supersedesId !== null && { supersedes: batch.supersedesId }),
      ...(corrects && { corrects }),
      leafCount: batch.leafCount!,
      root: toHex(batch.root!),
      lockedAt: batch.lockedAt!.toISOString(),
      signerCert: signerCertFingerprint,
    });
    const bytes = manifestBytes(manifest);
    await tx
      .update(batches)
      .set({
        manifestText: new TextDecoder().decode(bytes),
        manifestHash: sha256(bytes),
        signerCertFingerprint,
      })
      .where(eq(batches.id, batchId));
    await appendAudit(tx, {
      action: 'batch.prepareManifest',
      entityType: 'batch',
      entityId: batchId,
      actorUserId: o.actor?.userId ?? null,
      actorRole: o.actor?.role ?? null,
      ...(o.at && { at: o.at }),
      details: {
        schoolId: batch.schoolId,
        signerCert: signerCertFingerprint,
        manifestHash: toHex(sha256(bytes)),
      },
    });
    return manifest;
  });
}

/**
 * What each leaf of a correction batch supersedes, in leaf order: the corrected version's predecessor by
 * its batch and leaf on the ledger, and the decision it was corrected under (the request's legal basis).
 */
async function correctedLeaves(tx: Executor, batchId: string): Promise<NonNullable<Manifest['corrects']>> {
  const prev = alias(recordVersions, 'prev');
  const prevMember = alias(batchMembers, 'prev_member');
  const prevBatch = alias(batches, 'prev_batch');
  const rows = await tx
    .select({
      leafIndex: batchMembers.leafIndex,
      recordVersionId: batchMembers.recordVersionId,
      batchId: prevMember.batchId,
      prevLeafIndex: prevMember.leafIndex,
      legalBasis: correctionRequests.legalBasis,
    })
    .from(batchMembers)
    .innerJoin(recordVersions, eq(recordVersions.id, batchMembers.recordVersionId))
    .innerJoin(prev, eq(prev.id, recordVersions.supersedesId))
    .innerJoin(prevMember, eq(prevMember.recordVersionId, prev.id))
    .innerJoin(prevBatch, and(eq(prevBatch.id, prevMember.batchId), isNotNull(prevBatch.ledgerTxId)))
    .innerJoin(correctionRequests, eq(correctionRequests.newVersionId, recordVersions.id))
    .where(eq(batchMembers.batchId, batchId))
    .orderBy(asc(batchMembers.leafIndex));
  const [{ n }] = (await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(batchMembers)
    .where(eq(batchMembers.batchId, batchId))) as [{ n: number }];
  if (rows.length !== n || new Set(rows.map((r) => r.leafIndex)).size !== n) {
    throw new ServiceError(
      'SUPERSEDES_INVALID',
      `every record of correction batch ${batchId} must correct one anchored record, through a correction request`,
      { batchId },
    );
  }
  return rows.map((r) => ({
    batchId: r.batchId,
    leafIndex: r.prevLeafIndex,
    legalBasis: r.legalBasis.normalize('NFC').trim(),
  }));
}

function checkInput(input: LockInput): void {
  if (input.recordVersionIds.length === 0) {
    throw new ServiceError('EMPTY_BATCH', 'a batch needs at least one record version');
  }
  const seen = new Set<string>();
  for (const id of input.recordVersionIds) {
    if (seen.has(id)) {
      throw new ServiceError('DUPLICATE_RECORD', `record version ${id} is listed twice`, {
        recordVersionId: id,
      });
    }
    seen.add(id);
  }
  if ((input.kind === 'replacement') !== (input.supersedes !== undefined)) {
    throw new ServiceError(
      'SUPERSEDES_INVALID',
      'a replacement batch, and only a replacement batch, names the batch it supersedes',
    );
  }
  if (Number.isNaN(input.lockedAt.getTime())) throw new RangeError('lockedAt is not a valid date');
}

/**
 * Row-locks the versions (FOR UPDATE: a concurrent lock or edit of the same versions waits, then sees them
 * locked) and checks them, a chunk of light rows at a time. Unknown ids are reported all together, before
 * any other refusal.
 */
async function checkVersions(
  tx: Executor,
  input: LockInput,
  ids: readonly string[],
  chunkSize: number,
): Promise<void> {
  const missing: string[] = [];
  let refusal: ServiceError | undefined;
  for (let i = 0; i < ids.length; i += chunkSize) {
    const chunk = ids.slice(i, i + chunkSize);
    const rows = await tx
      .select({
        id: recordVersions.id,
        state: recordVersions.state,
        custodySchoolId: enrolments.custodySchoolId,
        schoolYear: enrolments.schoolYear,
        classId: enrolments.classId,
      })
      .from(recordVersions)
      .innerJoin(enrolments, eq(enrolments.id, recordVersions.enrolmentId))
      // One array parameter, not one per id: a large batch would pass Postgres' 65,535-parameter limit.
      .where(sql`${recordVersions.id} = ANY(${sql.param(chunk)}::text[])`)
      .for('update', { of: recordVersions });
    if (rows.length !== chunk.length) {
      const found = new Set(rows.map((r) => r.id));
      missing.push(...chunk.filter((id) => !found.has(id)));
    }
    if (refusal === undefined) {
      for (const row of rows) {
        refusal = refusalOf(input, row);
        if (refusal) break;
      }
    }
  }
  if (missing.length > 0) {
    // In the request's order.
    const gone = new Set(missing);
    const recordVersionIds = input.recordVersionIds.filter((id) => gone.has(id));
    throw new ServiceError('RECORD_NOT_FOUND', `record versions not found: ${recordVersionIds.join(', ')}`, {
      recordVersionIds,
    });
  }
  if (refusal) throw refusal;
}

function refusalOf(
  input: LockInput,
  v: { id: string; state: string; custodySchoolId: string; schoolYear: string; classId: string },
): ServiceError | undefined {
  const at = { recordVersionId: v.id };
  if (v.state !== 'approved') {
    return new ServiceError(
      'RECORD_NOT_APPROVED',
      `record version ${v.id} is ${v.state}; only an approved version can be locked`,
      { ...at, state: v.state },
    );
  }
  // Custody, not the class's school: after a transfer the receiving school holds (and locks) the record.
  if (v.custodySchoolId !== input.schoolId) {
    return new ServiceError(
      'WRONG_SCHOOL',
      `record version ${v.id} is held by another school than ${input.schoolId}`,
      at,
    );
  }
  if (v.schoolYear !== input.schoolYear) {
    return new ServiceError(
      'WRONG_SCHOOL_YEAR',
      `record version ${v.id} is of school year ${v.schoolYear}, not ${input.schoolYear}`,
      { ...at, schoolYear: v.schoolYear },
    );
  }
  if (input.classId !== undefined && v.classId !== input.classId) {
    return new ServiceError(
      'WRONG_CLASS',
      `record version ${v.id} is of class ${v.classId}, not ${input.classId}`,
      at,
    );
  }
  return undefined;
}

async function checkSupersedes(exec: Executor, input: LockInput): Promise<void> {
  const [old] = await exec.select().from(batches).where(eq(batches.id, input.supersedes!));
  if (
    !old ||
    old.schoolId !== input.schoolId ||
    old.schoolYear !== input.schoolYear ||
    !REPLACEABLE.has(old.state)
  ) {
    throw new ServiceError(
      'SUPERSEDES_INVALID',
      `batch ${input.supersedes} is not an anchored batch of school ${input.schoolId} for ${input.schoolYear}`,
      { supersedes: input.supersedes ?? null, state: old?.state ?? null },
    );
  }
}
