/**
 * Chaincode events, as fabric-gateway's getChaincodeEvents delivers them: only from valid transactions, in
 * block order, replayed from a chosen block (a checkpoint) and then followed live, until closed.
 */

import type { Block } from './block.ts';
import { bytesFromJson } from './block.ts';

export interface ChaincodeEvent {
  blockNumber: number;
  txId: string;
  chaincodeName: string;
  eventName: string;
  payload: Uint8Array;
}

/** fabric-gateway's CloseableAsyncIterable: iterate with for-await; close() ends it from anywhere. */
export interface CloseableAsyncIterable<T> extends AsyncIterable<T> {
  close(): void;
}

export function eventsOf(block: Block, chaincodeName: string): ChaincodeEvent[] {
  return block.transactions.flatMap((tx) =>
    tx.validationCode === 'VALID' && tx.event
      ? [
          {
            blockNumber: block.number,
            txId: tx.txId,
            chaincodeName,
            eventName: tx.event.name,
            payload: bytesFromJson(tx.event.payload),
          },
        ]
      : [],
  );
}

/** What an event stream needs from the ledger. */
export interface BlockSource {
  readonly height: number;
  getBlock(n: number): Block | undefined;
  /** Calls `wake` after each commit; returns the unsubscribe function. */
  onCommit(wake: () => void): () => void;
}

export class EventStream implements CloseableAsyncIterable<ChaincodeEvent>, AsyncIterator<ChaincodeEvent> {
  private nextBlock: number;
  private queue: ChaincodeEvent[] = [];
  private closed = false;
  /** Set when the ledger closes: deliver the blocks below this height, then end. */
  private endAt: number | undefined;
  private waiters: Array<() => void> = [];
  private readonly unsubscribe: () => void;

  constructor(
    private readonly source: BlockSource,
    private readonly chaincodeName: string,
    fromBlock: number,
  ) {
    this.nextBlock = Math.max(0, fromBlock);
    this.unsubscribe = source.onCommit(() => this.wake());
  }

  async next(): Promise<IteratorResult<ChaincodeEvent>> {
    for (;;) {
      const event = this.queue.shift();
      if (event) return { value: event, done: false };
      if (this.closed) return { value: undefined, done: true };
      if (this.endAt !== undefined && this.nextBlock >= this.endAt) {
        this.close();
        continue;
      }
      if (this.nextBlock < this.source.height) {
        const block = this.source.getBlock(this.nextBlock++);
        if (block) this.queue = eventsOf(block, this.chaincodeName);
        continue;
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
      });
    }
  }

  async return(): Promise<IteratorResult<ChaincodeEvent>> {
    this.close();
    return { value: undefined, done: true };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.unsubscribe();
    this.wake();
  }

  /** Ends the stream after the events of the blocks committed so far. */
  end(): void {
    this.endAt = this.source.height;
    this.wake();
  }

  [Symbol.asyncIterator](): AsyncIterator<ChaincodeEvent> {
    return this;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
