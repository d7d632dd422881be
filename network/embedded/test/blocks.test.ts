import './env.ts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyBlocks } from '../src/index.ts';
import { CC_POLICY, DOET_D1, makeClients, makeLedger, text } from './helpers.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'hocba-embedded-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('blocks', () => {
  it('starts with a configuration block and chains every block by hash', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    const genesis = ledger.getBlock(0);
    expect(genesis).toMatchObject({
      number: 0,
      previousHash: '',
      config: { channel: 'hocba', chaincode: 'hocba', endorsementPolicy: CC_POLICY },
      transactions: [],
    });
    const o = { identity: principal, endorsingOrgs: DOET_D1 };
    for (let i = 0; i < 3; i++) await ledger.submit('sample:put', [`k${i}`, 'v'], o);
    expect(ledger.height).toBe(4);
    for (let n = 1; n < ledger.height; n++) {
      expect(ledger.getBlock(n)?.previousHash).toBe(ledger.getBlock(n - 1)?.hash);
      expect(ledger.getBlock(n)?.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(ledger.verifyChain()).toEqual({ valid: true });
  });

  it('detects a tampered block: a changed value, a changed validation code, a swapped link', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    const o = { identity: principal, endorsingOrgs: DOET_D1 };
    await ledger.submit('sample:put', ['k', 'honest'], o);
    await ledger.submit('sample:put', ['k', 'later'], { ...o, endorsingOrgs: ['DoetMSP'] });
    const blocks = () => Array.from({ length: ledger.height }, (_, n) => ledger.getBlock(n)!);
    expect(verifyBlocks(blocks())).toEqual({ valid: true });

    const changedValue = blocks();
    changedValue[1]!.transactions[0]!.rwset.writes[0]!.value = Buffer.from('forged').toString('base64');
    expect(verifyBlocks(changedValue)).toMatchObject({
      valid: false,
      blockNumber: 1,
      reason: expect.stringMatching(/dataHash/),
    });

    const revalidated = blocks();
    revalidated[2]!.transactions[0]!.validationCode = 'VALID';
    expect(verifyBlocks(revalidated)).toMatchObject({ valid: false, blockNumber: 2 });

    // Re-sealing the forged block does not help: the next block still names the old hash.
    const resealed = blocks();
    resealed[1]!.dataHash = '00'.repeat(32);
    expect(verifyBlocks(resealed)).toMatchObject({ valid: false, blockNumber: 1 });

    // getBlock hands out copies: the ledger's own chain is untouched.
    expect(ledger.verifyChain()).toEqual({ valid: true });
  });

  it('keys that differ only in Unicode normalisation give different hashes', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger();
    await ledger.submit('sample:put', ['tr\u01b0\u1eddng', 'v'], {
      identity: principal,
      endorsingOrgs: DOET_D1,
    });
    const chain = Array.from({ length: ledger.height }, (_, n) => ledger.getBlock(n)!);
    chain[1]!.transactions[0]!.rwset.writes[0]!.key = 'tr\u01b0\u1eddng'.normalize('NFD');
    expect(verifyBlocks(chain).valid).toBe(false);
  });

  it('cuts a block when it is full, and after the timeout otherwise', async () => {
    const { principal } = await makeClients();
    const ledger = makeLedger({ maxBlockTxs: 3, blockCutMs: 30 });
    const o = { identity: principal, endorsingOrgs: DOET_D1 };
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => ledger.submit('sample:put', [`p${i}`, 'v'], o)),
    );
    expect(results.map((r) => r.blockNumber)).toEqual([1, 1, 1, 2, 2]);
    expect(ledger.getBlock(1)?.transactions).toHaveLength(3);
    const t = ledger.getTransaction(results[4]!.txId);
    expect(t).toEqual({ blockNumber: 2, txIndex: 1, validationCode: 'VALID' });
  });

  it('keeps its blocks in a data directory and rebuilds state and history from them', async () => {
    const { principal } = await makeClients();
    const dataDir = tempDir();
    const o = { identity: principal, endorsingOrgs: DOET_D1 };
    const first = makeLedger({ dataDir });
    await first.submitAndCommit('sample:put', ['kept', 'v1'], o);
    await first.submitAndCommit('sample:put', ['kept', 'v2'], o);
    await first.submitAndCommit('sample:put', ['school~S1', 'head'], o);
    await first.submitAndCommit('sample:setPolicy', ['school~S1', 'DoetMSP,District2MSP'], o);
    const lost = await first.submit('sample:put', ['kept', 'invalid'], { ...o, endorsingOrgs: ['DoetMSP'] });
    await first.close();

    const second = makeLedger({ dataDir });
    expect(second.height).toBe(6);
    expect(second.verifyChain()).toEqual({ valid: true });
    expect(text(await second.evaluate('sample:get', ['kept'], o))).toBe('v2');
    expect(
      JSON.parse(text(await second.evaluate('sample:history', ['kept'], o))).map(
        (h: { value: string }) => h.value,
      ),
    ).toEqual(['v2', 'v1']);
    expect(second.getTransaction(lost.txId)?.validationCode).toBe('ENDORSEMENT_POLICY_FAILURE');
    // The key-level policy came back with the state: District 1 no longer suffices for the school.
    expect((await second.submit('sample:put', ['school~S1', 'x'], o)).validationCode).toBe(
      'ENDORSEMENT_POLICY_FAILURE',
    );
    const next = await second.submitAndCommit('sample:increment', ['n'], o);
    expect(next.blockNumber).toBe(7);
    await second.close();
  });

  it('refuses to open a tampered data directory, and drops a torn last line', async () => {
    const { principal } = await makeClients();
    const dataDir = tempDir();
    const o = { identity: principal, endorsingOrgs: DOET_D1 };
    const ledger = makeLedger({ dataDir });
    await ledger.submitAndCommit('sample:put', ['k', 'v'], o);
    await ledger.close();
    const file = join(dataDir, 'blocks.jsonl');
    const original = readFileSync(file, 'utf8');

    writeFileSync(file, `${original}{"number":2,"previo`);
    const reopened = makeLedger({ dataDir });
    expect(reopened.height).toBe(2);
    await reopened.submitAndCommit('sample:put', ['k', 'w'], o);
    await reopened.close();
    expect(makeLedger({ dataDir }).height).toBe(3);

    writeFileSync(
      file,
      original.replace(Buffer.from('v').toString('base64'), Buffer.from('x').toString('base64')),
    );
    expect(() => makeLedger({ dataDir })).toThrow(/block 1 fails verification/);
    expect(() => makeLedger({ dataDir: tempDir(), channel: 'hocba' })).not.toThrow();
    writeFileSync(file, original);
    expect(() => makeLedger({ dataDir, channel: 'other' })).toThrow(
      /cannot change a channel's configuration/,
    );
  });
});
