/**
 * The typed chaincode module (ledger/chaincode.ts) over a LedgerClient that records what it is asked and
 * answers what it is told: the argument strings each function builds, and an answer that does not fit the
 * chaincode's schema turned into a LedgerError, not a value.
 */
import { describe, expect, it } from 'vitest';
import { chaincode, type LedgerClient, type LedgerIdentity } from '../../src/ledger/index.ts';

const who: LedgerIdentity = { mspId: 'DoetMSP', certificate: 'PEM' };
const as = { identity: who, endorsingOrgs: ['DoetMSP', 'District1MSP'] };

/** Records every call; answers `answer` (JSON text) to each. */
function recording(answer: string) {
  const calls: { fn: string; args: readonly string[] }[] = [];
  const ledger: LedgerClient = {
    submit: async (fn, args) => {
      calls.push({ fn, args });
      return { txId: 'tx-1', blockNumber: 4, result: answer };
    },
    evaluate: async (fn, args) => {
      calls.push({ fn, args });
      return answer;
    },
    transaction: async () => undefined,
    events: () => ({ close() {}, async *[Symbol.asyncIterator]() {} }),
    close: async () => {},
  };
  return { ledger, calls };
}

const revocation = {
  batchId: 'B-1',
  leafIndex: 2,
  reasonCode: 'CORRECTION',
  legalBasis: 'QĐ 21/QĐ-THKĐ',
  at: '2026-05-20T03:00:00.000Z',
  txId: 'tx-1',
};

describe('the typed chaincode module', () => {
  it('builds the argument strings the contracts read, and returns the commit with the parsed answer', async () => {
    const r = recording(JSON.stringify(revocation));
    const done = await chaincode.revokeRecord(r.ledger, as, {
      batchId: 'B-1',
      leafIndex: 2,
      reasonCode: 'CORRECTION',
      legalBasis: 'QĐ 21/QĐ-THKĐ',
    });
    expect(done).toEqual({ txId: 'tx-1', blockNumber: 4, value: revocation });
    expect(r.calls).toEqual([
      { fn: 'batch:revokeRecord', args: ['B-1', '2', 'CORRECTION', 'QĐ 21/QĐ-THKĐ'] },
    ]);

    const page = recording(JSON.stringify({ items: [], bookmark: '' }));
    await chaincode.listBatches(page.ledger, who, { schoolId: 'SCH-1' });
    await chaincode.listBatches(page.ledger, who, {
      schoolId: 'SCH-1',
      schoolYear: '2025-2026',
      pageSize: 7,
      bookmark: 'b',
    });
    expect(page.calls.map((c) => c.args)).toEqual([
      ['SCH-1', '', '', ''],
      ['SCH-1', '2025-2026', '7', 'b'],
    ]);

    const report = recording(
      JSON.stringify({
        schoolYear: '2025-2026',
        seq: 1,
        root: 'ab'.repeat(32),
        count: 2,
        waiting: 1,
        onTime: true,
      }),
    );
    await chaincode.submitYearReport(report.ledger, as, {
      schoolYear: '2025-2026',
      batchIds: ['B-1', 'B-2'],
      root: 'ab'.repeat(32),
      waitingBatchIds: ['B-2'],
    });
    expect(report.calls[0]!.args).toEqual(['2025-2026', '["B-1","B-2"]', 'ab'.repeat(32), '["B-2"]']);
  });

  it('turns an answer its schema does not allow into a LedgerError, with the transaction of a write', async () => {
    const wrong = recording(JSON.stringify({ ...revocation, leafIndex: 'two' }));
    await expect(
      chaincode.revokeRecord(wrong.ledger, as, {
        batchId: 'B-1',
        leafIndex: 2,
        reasonCode: 'CORRECTION',
        legalBasis: 'QĐ 21/QĐ-THKĐ',
      }),
    ).rejects.toMatchObject({
      name: 'LedgerError',
      code: 'UNEXPECTED_RESPONSE',
      kind: 'unavailable',
      stage: 'commit',
      txId: 'tx-1',
      message: expect.stringMatching(/^batch:revokeRecord .*leafIndex/),
    });
    const notJson = recording('not json');
    await expect(chaincode.getCalendar(notJson.ledger, who, '2025-2026')).rejects.toMatchObject({
      code: 'UNEXPECTED_RESPONSE',
      stage: 'evaluate',
    });
  });
});
