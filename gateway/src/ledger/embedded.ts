/** The LedgerClient over the in-process embedded ledger. */
import {
  CommitError,
  EmbeddedLedger,
  type EmbeddedLedgerOptions,
  EndorseError,
} from '@hocba/embedded-ledger';
import {
  type Committed,
  type EventsOptions,
  type LedgerClient,
  LedgerError,
  type LedgerEvent,
  type LedgerIdentity,
  type SubmitOptions,
  withRetry,
} from './client.ts';

const decoder = new TextDecoder();

/**
 * The embedded ledger's failures as LedgerErrors, with their kind (client.ts): a chaincode that answered
 * with an error refused the request; an endorsement that failed before or after the chaincode ran
 * (endorsers whose answers differ, as Fabric's gateway reports with ABORTED) is the network's; MVCC and
 * phantom read conflicts lost to a concurrent transaction; an endorsement policy the endorsers did not
 * satisfy is a policy failure. Anything else the ledger threw is reported unchanged (a closed ledger, an
 * identity without a certificate): a fault of ours, not an answer of the ledger.
 */
function toLedgerError(e: unknown, stage: 'endorse' | 'evaluate'): unknown {
  if (e instanceof EndorseError) {
    if (e.status === undefined)
      return new LedgerError(e.code ?? 'ENDORSEMENT_FAILED', e.message, {
        kind: 'unavailable',
        txId: e.txId,
        stage,
      });
    return new LedgerError(e.code ?? 'CHAINCODE_ERROR', e.message, { kind: 'refused', txId: e.txId, stage });
  }
  if (e instanceof CommitError) {
    const kind = e.code === 'ENDORSEMENT_POLICY_FAILURE' ? 'policy' : 'conflict';
    return new LedgerError(e.code, e.message, { kind, txId: e.txId, stage: 'commit' });
  }
  return e;
}

export class EmbeddedLedgerClient implements LedgerClient {
  constructor(readonly ledger: EmbeddedLedger) {}

  static open(options: EmbeddedLedgerOptions): EmbeddedLedgerClient {
    return new EmbeddedLedgerClient(new EmbeddedLedger(options));
  }

  submit(fn: string, args: readonly string[], o: SubmitOptions): Promise<Committed> {
    // Fabric's gateway finds no peer to endorse for an organisation that has none; here, for none at all.
    if (o.endorsingOrgs.length === 0) {
      return Promise.reject(
        new LedgerError('NO_ENDORSERS', `${fn}: no endorsing organisation was given`, { kind: 'policy' }),
      );
    }
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

  async height(): Promise<number> {
    return this.ledger.height;
  }

  /** In process, a stream never breaks: `resume` changes nothing. */
  events(fromBlock: number, _o?: EventsOptions): AsyncIterable<LedgerEvent> & { close(): void } {
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
