import './env.ts';
import { describe, expect, it } from 'vitest';
import { CommitError } from '../src/index.ts';
import { DOET_D1, DOET_D2, makeClients, makeLedger, text } from './helpers.ts';

describe('simulation and validation', () => {
  it('reads do not see the transaction’s own writes', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    const first = await ledger.submit('sample:putThenGet', ['k', 'one'], {
      identity: principal,
      endorsingOrgs: DOET_D1,
    });
    expect(text(first.result)).toBe('');
    const second = await ledger.submit('sample:putThenGet', ['k', 'two'], {
      identity: principal,
      endorsingOrgs: DOET_D1,
    });
    expect(text(second.result)).toBe('one');
    const block = ledger.getBlock(second.blockNumber);
    expect(block?.transactions[0]?.rwset.reads).toEqual([
      { key: 'k', version: { blockNum: first.blockNumber, txNum: 0 } },
    ]);
  });

  it('two increments in one block: the first is valid, the second an MVCC conflict whose write is dropped', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    const o = { identity: principal, endorsingOrgs: DOET_D1 };
    await ledger.submit('sample:put', ['counter', '5'], o);
    const [a, b] = await ledger.submitBlock([
      { name: 'sample:increment', args: ['counter'], ...o },
      { name: 'sample:increment', args: ['counter'], ...o },
    ]);
    expect(a?.validationCode).toBe('VALID');
    expect(b?.validationCode).toBe('MVCC_READ_CONFLICT');
    expect(a?.blockNumber).toBe(b?.blockNumber);
    expect(text(b?.result ?? new Uint8Array())).toBe('6');
    expect(text(await ledger.evaluate('sample:get', ['counter'], o))).toBe('6');
    const block = ledger.getBlock(a?.blockNumber ?? -1);
    expect(block?.transactions.map((t) => t.validationCode)).toEqual(['VALID', 'MVCC_READ_CONFLICT']);
    // The conflicting transaction's write is recorded in the block but never applied.
    expect(block?.transactions[1]?.rwset.writes).toEqual([
      { key: 'counter', isDelete: false, value: 'Ng==' },
    ]);
  });

  it('a read of a key changed by an earlier block is a conflict too', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger({ maxBlockTxs: 1 });
    const o = { identity: principal, endorsingOrgs: DOET_D1 };
    // Endorsed on the same snapshot, then ordered into a block each.
    const [first, second] = await Promise.all([
      ledger.submit('sample:increment', ['c'], o),
      ledger.submit('sample:increment', ['c'], o),
    ]);
    expect(first.validationCode).toBe('VALID');
    expect(second.validationCode).toBe('MVCC_READ_CONFLICT');
    expect(second.blockNumber).toBe(first.blockNumber + 1);
    expect(text(await ledger.evaluate('sample:get', ['c'], o))).toBe('1');
  });

  it('blind writes to one key in one block are both valid; the last one wins', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    const o = { identity: principal, endorsingOrgs: DOET_D1 };
    const results = await ledger.submitBlock([
      { name: 'sample:put', args: ['head', 'x'], ...o },
      { name: 'sample:put', args: ['head', 'y'], ...o },
    ]);
    expect(results.map((r) => r.validationCode)).toEqual(['VALID', 'VALID']);
    expect(text(await ledger.evaluate('sample:get', ['head'], o))).toBe('y');
  });

  it('a range read is invalidated by a key inserted into the range (phantom read)', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    const o = { identity: principal, endorsingOrgs: DOET_D1 };
    await ledger.submit('sample:putMany', ['r', '3'], o);
    const [insert, count] = await ledger.submitBlock([
      { name: 'sample:put', args: ['r001a', 'new'], ...o },
      { name: 'sample:countRange', args: ['r', 's', 'total'], ...o },
    ]);
    expect(insert?.validationCode).toBe('VALID');
    expect(count?.validationCode).toBe('PHANTOM_READ_CONFLICT');
    const again = await ledger.submit('sample:countRange', ['r', 's', 'total'], o);
    expect([again.validationCode, text(again.result)]).toEqual(['VALID', '4']);
  });

  it('the chaincode-level policy needs the province and a district', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    const alone = await ledger.submit('sample:put', ['k', 'v'], {
      identity: principal,
      endorsingOrgs: ['DoetMSP'],
    });
    expect(alone.validationCode).toBe('ENDORSEMENT_POLICY_FAILURE');
    expect(text(await ledger.evaluate('sample:get', ['k'], { identity: principal }))).toBe('');
    const districts = await ledger.submit('sample:put', ['k', 'v'], {
      identity: principal,
      endorsingOrgs: ['District1MSP', 'District2MSP'],
    });
    expect(districts.validationCode).toBe('ENDORSEMENT_POLICY_FAILURE');
    const both = await ledger.submit('sample:put', ['k', 'v'], {
      identity: principal,
      endorsingOrgs: DOET_D1,
    });
    expect(both.validationCode).toBe('VALID');
    // A read-only transaction still has to satisfy the chaincode policy.
    const readOnly = await ledger.submit('sample:get', ['k'], {
      identity: principal,
      endorsingOrgs: ['MoetMSP'],
    });
    expect(readOnly.validationCode).toBe('ENDORSEMENT_POLICY_FAILURE');
    await expect(
      ledger.submitAndCommit('sample:put', ['k', 'w'], { identity: principal, endorsingOrgs: ['DoetMSP'] }),
    ).rejects.toSatisfy(
      (e) =>
        e instanceof CommitError &&
        e.code === 'ENDORSEMENT_POLICY_FAILURE' &&
        /not satisfied/.test(e.message),
    );
  });

  it('a key-level policy overrides the chaincode policy for that key', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    const d1 = { identity: principal, endorsingOrgs: DOET_D1 };
    const d2 = { identity: principal, endorsingOrgs: DOET_D2 };
    // The first policy write is checked against the chaincode policy, which District2 + Doet satisfies.
    await ledger.submitAndCommit('sample:put', ['school~S1', 'head'], d2);
    await ledger.submitAndCommit('sample:setPolicy', ['school~S1', 'District1MSP,DoetMSP'], d2);
    expect(JSON.parse(text(await ledger.evaluate('sample:getPolicy', ['school~S1'], d1)))).toEqual([
      'District1MSP',
      'DoetMSP',
    ]);
    const wrongDistrict = await ledger.submit('sample:put', ['school~S1', 'by D2'], d2);
    expect(wrongDistrict.validationCode).toBe('ENDORSEMENT_POLICY_FAILURE');
    const rightDistrict = await ledger.submit('sample:put', ['school~S1', 'by D1'], d1);
    expect(rightDistrict.validationCode).toBe('VALID');
    // The value write kept the policy.
    expect((await ledger.submit('sample:put', ['school~S1', 'again'], d2)).validationCode).toBe(
      'ENDORSEMENT_POLICY_FAILURE',
    );
    // Other keys still follow the chaincode policy.
    expect((await ledger.submit('sample:put', ['other', 'x'], d2)).validationCode).toBe('VALID');
    // A policy that needs an organisation outside the chaincode policy: Doet alone is then enough.
    await ledger.submitAndCommit('sample:setPolicy', ['solo', 'DoetMSP'], d1);
    // (the key does not exist yet, so the policy write is dropped, as Fabric drops metadata of absent keys)
    expect(JSON.parse(text(await ledger.evaluate('sample:getPolicy', ['solo'], d1)))).toBeNull();
    await ledger.submitAndCommit('sample:put', ['solo', 'v'], d1);
    await ledger.submitAndCommit('sample:setPolicy', ['solo', 'DoetMSP'], d1);
    const doetOnly = await ledger.submit('sample:put', ['solo', 'w'], {
      identity: principal,
      endorsingOrgs: ['DoetMSP'],
    });
    expect(doetOnly.validationCode).toBe('VALID');
  });

  it('changing a key-level policy needs the old policy', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    const d1 = { identity: principal, endorsingOrgs: DOET_D1 };
    const d2 = { identity: principal, endorsingOrgs: DOET_D2 };
    await ledger.submitAndCommit('sample:put', ['school~S2', 'head'], d1);
    await ledger.submitAndCommit('sample:setPolicy', ['school~S2', 'District1MSP,DoetMSP'], d1);
    // District 2 cannot take the school over by itself...
    const takeover = await ledger.submit('sample:setPolicy', ['school~S2', 'District2MSP,DoetMSP'], d2);
    expect(takeover.validationCode).toBe('ENDORSEMENT_POLICY_FAILURE');
    // ...the old district and the province move it.
    const move = await ledger.submit('sample:setPolicy', ['school~S2', 'District2MSP,DoetMSP'], d1);
    expect(move.validationCode).toBe('VALID');
    expect((await ledger.submit('sample:put', ['school~S2', 'x'], d1)).validationCode).toBe(
      'ENDORSEMENT_POLICY_FAILURE',
    );
    expect((await ledger.submit('sample:put', ['school~S2', 'x'], d2)).validationCode).toBe('VALID');
  });

  it('a policy changed earlier in the same block invalidates later writers of the key, as in Fabric', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    const d1 = { identity: principal, endorsingOrgs: DOET_D1 };
    await ledger.submitAndCommit('sample:put', ['school~S3', 'head'], d1);
    const [move, write] = await ledger.submitBlock([
      { name: 'sample:setPolicy', args: ['school~S3', 'District1MSP,DoetMSP'], ...d1 },
      { name: 'sample:put', args: ['school~S3', 'x'], ...d1 },
    ]);
    expect(move?.validationCode).toBe('VALID');
    expect(write?.validationCode).toBe('ENDORSEMENT_POLICY_FAILURE');
  });

  it('deletes: the key is gone, its policy with it', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    const d1 = { identity: principal, endorsingOrgs: DOET_D1 };
    await ledger.submitAndCommit('sample:put', ['gone', 'v'], d1);
    await ledger.submitAndCommit('sample:setPolicy', ['gone', 'DoetMSP,District1MSP'], d1);
    await ledger.submitAndCommit('sample:remove', ['gone'], d1);
    expect(text(await ledger.evaluate('sample:get', ['gone'], d1))).toBe('');
    expect(JSON.parse(text(await ledger.evaluate('sample:getPolicy', ['gone'], d1)))).toBeNull();
    // An empty value is a delete in Fabric too.
    await ledger.submitAndCommit('sample:put', ['empty', 'v'], d1);
    await ledger.submitAndCommit('sample:put', ['empty', ''], d1);
    const block = ledger.getBlock(ledger.height - 1);
    expect(block?.transactions[0]?.rwset.writes).toEqual([{ key: 'empty', isDelete: true }]);
  });
});
