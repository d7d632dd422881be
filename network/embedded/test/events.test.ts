import './env.ts';
import { describe, expect, it } from 'vitest';
import type { ChaincodeEvent } from '../src/index.ts';
import { DOET_D1, makeClients, makeLedger, text } from './helpers.ts';

const summary = (e: ChaincodeEvent) => `${e.blockNumber}:${e.eventName}:${text(e.payload)}`;

describe('chaincode events', () => {
  it('replays from a checkpoint, then follows live blocks, until closed', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    const o = { identity: principal, endorsingOrgs: DOET_D1 };
    const a = await ledger.submit('sample:emit', ['BatchAnchored', 'a'], o);
    await ledger.submit('sample:put', ['no', 'event'], o);
    const b = await ledger.submit('sample:emit', ['BatchAnchored', 'b'], o);
    expect(a.event).toEqual({ name: 'BatchAnchored', payload: new TextEncoder().encode('a') });

    const all = ledger.events();
    const fromB = ledger.events(b.blockNumber);
    const seen: string[] = [];
    const reader = (async () => {
      for await (const e of all) {
        seen.push(summary(e));
        if (seen.length === 3) break;
      }
    })();
    const live = await ledger.submit('sample:emit', ['BatchAccepted', 'c'], o);
    await reader;
    expect(seen).toEqual([
      `${a.blockNumber}:BatchAnchored:a`,
      `${b.blockNumber}:BatchAnchored:b`,
      `${live.blockNumber}:BatchAccepted:c`,
    ]);

    const it1 = fromB[Symbol.asyncIterator]();
    expect(summary((await it1.next()).value)).toBe(`${b.blockNumber}:BatchAnchored:b`);
    expect((await it1.next()).value.txId).toBe(live.txId);
    // close() from outside ends a reader that waits for the next block.
    const waiting = it1.next();
    fromB.close();
    expect(await waiting).toEqual({ value: undefined, done: true });
  });

  it('emits nothing for invalid transactions; the last setEvent of a transaction wins', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    const o = { identity: principal, endorsingOrgs: DOET_D1 };
    const live: string[] = [];
    const stop = ledger.onEvent((e) => live.push(summary(e)));
    await ledger.submit('sample:put', ['counter', '1'], o);
    const [ok, conflict] = await ledger.submitBlock([
      { name: 'sample:increment', args: ['counter'], ...o },
      { name: 'sample:increment', args: ['counter'], ...o },
    ]);
    expect(conflict?.validationCode).toBe('MVCC_READ_CONFLICT');
    const refused = await ledger.submit('sample:emit', ['Refused', 'x'], {
      ...o,
      endorsingOrgs: ['DoetMSP'],
    });
    expect(refused.validationCode).toBe('ENDORSEMENT_POLICY_FAILURE');
    expect(refused.event).toBeUndefined();
    // The invalid transaction's event is in its block, but nobody receives it.
    expect(ledger.getBlock(refused.blockNumber)?.transactions[0]?.event?.name).toBe('Refused');
    const good = await ledger.submit('sample:emit', ['Accepted', 'y'], o);
    stop();
    await ledger.submit('sample:emit', ['AfterStop', 'z'], o);
    expect(live).toEqual([`${good.blockNumber}:Accepted:y`]);
    expect(ok?.validationCode).toBe('VALID');

    const replay: string[] = [];
    const stream = ledger.events();
    for await (const e of stream) {
      replay.push(e.eventName);
      if (e.eventName === 'AfterStop') break;
    }
    expect(replay).toEqual(['Accepted', 'AfterStop']);
  });

  it('closing the ledger commits what waits and ends the streams', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger({ blockCutMs: 10_000 });
    const o = { identity: principal, endorsingOrgs: DOET_D1 };
    const stream = ledger.events();
    const pending = ledger.submit('sample:emit', ['Last', 'w'], o);
    const names: string[] = [];
    const reader = (async () => {
      for await (const e of stream) names.push(e.eventName);
    })();
    await new Promise((r) => setTimeout(r, 10));
    await ledger.close();
    expect((await pending).validationCode).toBe('VALID');
    await reader;
    expect(names).toEqual(['Last']);
    await expect(ledger.submit('sample:put', ['k', 'v'], o)).rejects.toThrow('closed');
  });
});
