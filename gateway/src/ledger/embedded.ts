/** The LedgerClient over the in-process embedded ledger. */
import {
  CommitError,
  EmbeddedLedger,
  type EmbeddedLedgerOptions,
  EndorseError,
} from '@hocba/embedded-ledger';
import {
  type Committed,
  type LedgerClient,
  LedgerError,
  type LedgerEvent,
  type LedgerIdentity,
  type SubmitOptions,
  withRetry,
} from './client.ts';

const decoder = new TextDecoder();

function toLedgerError(e: unknown, stage: 'endorse' | 'evaluate'): unknown {
  if (e instanceof EndorseError)
    return new LedgerError(e.code ?? 'CHAINCODE_ERROR', e.message, e.txId, stage);
  if (e instanceof CommitError) return new LedgerError(e.code, e.message, e.txId, 'commit');
  return e;
}

export class EmbeddedLedgerClient implements LedgerClient {
  constructor(readonly ledger: EmbeddedLedger) {}

  static open(options: EmbeddedLedgerOptions): EmbeddedLedgerClient {
    return new EmbeddedLedgerClient(new EmbeddedLedger(options));
  }

  submit(fn: string, args: readonly string[], o: SubmitOptions): Promise<Committed> {
    return withRetry(async () => {
      try {
        const r = await this.ledger.submitAndCommit(fn, args, {
          identity: o.identity,
          endorsingOrgs: o.endorsingOrgs,
        });
        return { txId: r.txId, blockNumber: r.blockNumber, result: decoder.decode(r.result) };
      } catch (e) {
        throw toLedgerError(e, 'endorse');
      }
    });
  }

  async evaluate(fn: string, args: readonly string[], identity: LedgerIdentity): Promise<string> {
    try {
      return decoder.decode(await this.ledger.evaluate(fn, args, { identity }));
    } catch (e) {
      throw toLedgerError(e, 'evaluate');
    }
  }

  async transaction(txId: string) {
    const t = this.ledger.getTransaction(txId);
    return t && { blockNumber: t.blockNumber, valid: t.validationCode === 'VALID' };
  }

  events(fromBlock: number): AsyncIterable<LedgerEvent> & { close(): void } {
    const source = this.ledger.events(fromBlock);
    return {
      close: () => void source.close(),
      async *[Symbol.asyncIterator]() {
        for await (const e of source) {
          yield { blockNumber: e.blockNumber, txId: e.txId, eventName: e.eventName, payload: e.payload };
        }
      },
    };
  }

  close(): Promise<void> {
    return this.ledger.close();
  }
}
