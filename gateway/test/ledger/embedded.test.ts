/**
 * The embedded adapter's failures as LedgerErrors with their kind — a chaincode refusal, a read conflict
 * (retried by the client itself), an endorsement policy not met, no endorser, an endorsement that failed
 * without the chaincode's answer — first from a ledger that fails on demand, then from the real chaincode.
 */
import '../app/quiet-chaincode.ts';
import { CommitError, type EmbeddedLedger, EndorseError } from '@hocba/embedded-ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chaincode, EmbeddedLedgerClient, type LedgerIdentity } from '../../src/ledger/index.ts';
import { type Province, SCHOOL, startProvince } from '../services/fixtures.ts';

const who: LedgerIdentity = { mspId: 'DoetMSP', certificate: '-----BEGIN CERTIFICATE-----' };
const as = { identity: who, endorsingOrgs: ['DoetMSP', 'District1MSP'] };
const committed = {
  txId: 'tx-ok',
  blockNumber: 7,
  validationCode: 'VALID',
  result: new TextEncoder().encode('{}'),
};

/** A client over a ledger whose submissions throw `failures` in turn, then commit. */
function failing(...failures: Error[]) {
  const calls = { submit: 0 };
  const ledger = {
    async submitAndCommit() {
      calls.submit++;
      const f = failures.shift();
      if (f) throw f;
      return committed;
    },
    async evaluate() {
      throw new EndorseError('NOT_FOUND: batch B-1 does not exist', 'tx-read', 500);
    },
  } as unknown as EmbeddedLedger;
  return { client: new EmbeddedLedgerClient(ledger), calls };
}

const mvcc = (n: number) => new CommitError('MVCC_READ_CONFLICT', `tx-${n}`, n);

describe('the embedded adapter’s error kinds', () => {
  it('retries a read conflict itself, and reports one that persists as `conflict`', async () => {
    const twice = failing(mvcc(1), mvcc(2));
    await expect(twice.client.submit('batch:acceptBatch', ['B-1'], as)).resolves.toMatchObject({
      txId: 'tx-ok',
    });
    expect(twice.calls.submit).toBe(3);

    const always = failing(mvcc(1), mvcc(2), mvcc(3), mvcc(4), mvcc(5), mvcc(6));
    await expect(always.client.submit('batch:acceptBatch', ['B-1'], as)).rejects.toMatchObject({
      name: 'LedgerError',
      code: 'MVCC_READ_CONFLICT',
      kind: 'conflict',
      stage: 'commit',
      txId: 'tx-5',
    });
    expect(always.calls.submit).toBe(5);
  });

  it('a policy not met or no endorser is `policy`; a refusal is `refused`; neither is retried', async () => {
    const policy = failing(new CommitError('ENDORSEMENT_POLICY_FAILURE', 'tx-p', 3));
    await expect(policy.client.submit('batch:acceptBatch', ['B-1'], as)).rejects.toMatchObject({
      code: 'ENDORSEMENT_POLICY_FAILURE',
      kind: 'policy',
      stage: 'commit',
    });
    expect(policy.calls.submit).toBe(1);

    const none = failing();
    await expect(
      none.client.submit('batch:acceptBatch', ['B-1'], { identity: who, endorsingOrgs: [] }),
    ).rejects.toMatchObject({ code: 'NO_ENDORSERS', kind: 'policy' });
    expect(none.calls.submit).toBe(0);

    const refused = failing(new EndorseError('WINDOW_CLOSED: acceptance is open until …', 'tx-r', 500));
    await expect(refused.client.submit('batch:acceptBatch', ['B-1'], as)).rejects.toMatchObject({
      code: 'WINDOW_CLOSED',
      kind: 'refused',
      stage: 'endorse',
      txId: 'tx-r',
    });
    expect(refused.calls.submit).toBe(1);
    const uncoded = failing(new EndorseError('You asked for a function that does not exist', 'tx-u', 500));
    await expect(uncoded.client.submit('batch:nothing', [], as)).rejects.toMatchObject({
      code: 'CHAINCODE_ERROR',
      kind: 'refused',
    });
    await expect(refused.client.evaluate('batch:getBatch', ['B-1'], who)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      kind: 'refused',
      stage: 'evaluate',
    });
  });

  it('an endorsement that failed without the chaincode’s answer is the network’s: `unavailable`', async () => {
    const split = failing(new EndorseError('ProposalResponsePayloads do not match', 'tx-m'));
    await expect(split.client.submit('batch:acceptBatch', ['B-1'], as)).rejects.toMatchObject({
      code: 'ENDORSEMENT_FAILED',
      kind: 'unavailable',
    });
  });
});

describe('the same kinds from the real chaincode', () => {
  let p: Province;
  beforeAll(async () => {
    p = await startProvince();
  });
  afterAll(async () => {
    await p?.ledger.close();
  });

  it('a missing batch and a duplicate anchor are refused; the wrong district’s endorsement is policy', async () => {
    const s = p.world.schools[SCHOOL]!;
    await expect(chaincode.getBatch(p.ledger, p.world.ids.auditor!, 'B-NONE')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      kind: 'refused',
    });
    const batch = await p.world.lockBatch(SCHOOL, [{ recordId: 'R-1' }]);
    const [manifestText, cms] = batch.args;
    const anchor = (endorsingOrgs: string[]) =>
      chaincode.anchorBatch(
        p.ledger,
        { identity: s.principal, endorsingOrgs },
        { manifestText, cms: Buffer.from(cms, 'base64') },
      );
    // The other district cannot endorse for this school: its head key's policy says so at commit.
    await expect(anchor(['DoetMSP', 'District2MSP'])).rejects.toMatchObject({
      code: 'ENDORSEMENT_POLICY_FAILURE',
      kind: 'policy',
      stage: 'commit',
    });
    await expect(anchor(['DoetMSP', s.districtMsp])).resolves.toMatchObject({
      value: { batchId: batch.manifest.batchId, schoolId: SCHOOL },
    });
    await expect(anchor(['DoetMSP', s.districtMsp])).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
      kind: 'refused',
      stage: 'endorse',
    });
  });
});
