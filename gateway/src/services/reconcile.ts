/**
 * Reconciliation from ledger events: every `BatchAnchored` event is the ledger's word that a batch is
 * anchored. A batch the database still shows as `signed` — its worker died between the ledger's commit
 * and its own, and no worker has come back to it yet — is recorded as anchored from the event, when the
 * ledger's batch commits to our manifest and CMS. The listener resumes from its checkpoint in
 * `ledger_checkpoints`, so a restart neither misses nor (harmfully) repeats an event: recording is
 * idempotent anyway.
 */
import { batches, type Database, ledgerCheckpoints } from '@hocba/db';
import { eq } from 'drizzle-orm';
import { chaincode, type LedgerClient, type LedgerEvent, type LedgerIdentity } from '../ledger/index.ts';
import { anchorOf, isOurs, recordAnchored, settleAnchorRow } from './ledger-anchor.ts';

export const RECONCILER = 'reconciler';

export interface ReconcileOptions {
  /** Identity for reading the ledger's batch (any member may read). */
  identity: LedgerIdentity;
  /** Where to start; default: the checkpoint, else block 0. */
  fromBlock?: number;
  /** Stop after this block (inclusive); default: when the stream has been idle for `idleMs`. */
  toBlock?: number;
  /** How long without a new event means "caught up" (default 200 ms). */
  idleMs?: number;
  /** The checkpoint's name (default `reconciler`) and channel (default `hocba`). */
  name?: string;
  channel?: string;
  clock?: () => Date;
}

export interface ReconcileResult {
  fromBlock: number;
  /** The checkpoint stored: the next block to read. */
  nextBlock: number;
  /** BatchAnchored events read. */
  events: number;
  /** Batches recorded as anchored by this run. */
  reconciled: string[];
  /** Events of a batch id we hold but whose ledger batch is not ours: for a person to look at. */
  conflicts: string[];
}

/**
 * Reads the events a ledger has from `fromBlock` until it has been quiet for `idleMs` (the stream itself
 * never ends: it follows new blocks live), or until a block after `toBlock`.
 */
export async function* eventsUntilIdle(
  ledger: LedgerClient,
  fromBlock: number,
  o: { idleMs?: number; toBlock?: number } = {},
): AsyncGenerator<LedgerEvent> {
  const stream = ledger.events(fromBlock);
  const it = stream[Symbol.asyncIterator]();
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<'idle'>((resolve) => {
        timer = setTimeout(() => resolve('idle'), o.idleMs ?? 200);
      });
      const next = await Promise.race([it.next(), idle]);
      clearTimeout(timer);
      if (next === 'idle' || next.done) return;
      if (o.toBlock !== undefined && next.value.blockNumber > o.toBlock) return;
      yield next.value;
    }
  } finally {
    // Ends the stream; a next() still pending on it then resolves as done.
    stream.close();
  }
}

export async function reconcileFromEvents(
  db: Database,
  ledger: LedgerClient,
  o: ReconcileOptions,
): Promise<ReconcileResult> {
  const name = o.name ?? RECONCILER;
  const clock = o.clock ?? (() => new Date());
  const [checkpoint] = await db.select().from(ledgerCheckpoints).where(eq(ledgerCheckpoints.name, name));
  const fromBlock = o.fromBlock ?? checkpoint?.blockNumber ?? 0;
  const result: ReconcileResult = {
    fromBlock,
    nextBlock: fromBlock,
    events: 0,
    reconciled: [],
    conflicts: [],
  };

  for await (const event of eventsUntilIdle(ledger, fromBlock, o)) {
    // Every event of the blocks before this one has been handled: the checkpoint may move up to it.
    if (event.blockNumber > result.nextBlock) {
      result.nextBlock = event.blockNumber;
      await saveCheckpoint(db, name, o.channel ?? 'hocba', result.nextBlock);
    }
    if (event.eventName !== 'BatchAnchored') continue;
    result.events++;
    const { batchId } = JSON.parse(new TextDecoder().decode(event.payload)) as { batchId: string };
    const [batch] = await db.select().from(batches).where(eq(batches.id, batchId));
    // Unknown to us (another gateway's, a test's) or already recorded: nothing to do.
    if (batch?.state !== 'signed') continue;
    const doc = await chaincode.getBatch(ledger, o.identity, batchId);
    if (!isOurs(batch, doc) || doc.anchorTxId !== event.txId) {
      result.conflicts.push(batchId);
      continue;
    }
    const anchor = await anchorOf(ledger, doc);
    const recorded = await db.transaction(async (tx) => {
      const r = await recordAnchored(
        tx,
        batchId,
        { ...anchor, blockNumber: event.blockNumber },
        {
          source: 'reconciled',
          at: clock(),
        },
      );
      await settleAnchorRow(tx, batchId, anchor.txId, clock());
      return r;
    });
    if (recorded === 'recorded') result.reconciled.push(batchId);
  }
  // The checkpoint stays AT the last block seen, not after it: a stop on idle cannot prove that block was
  // delivered whole, and handling an event again is harmless (recording is idempotent).
  await saveCheckpoint(db, name, o.channel ?? 'hocba', result.nextBlock);
  return result;
}

async function saveCheckpoint(
  db: Database,
  name: string,
  channel: string,
  blockNumber: number,
): Promise<void> {
  await db
    .insert(ledgerCheckpoints)
    .values({ name, channel, blockNumber, txId: null })
    .onConflictDoUpdate({ target: ledgerCheckpoints.name, set: { channel, blockNumber, txId: null } });
}
