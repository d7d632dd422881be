/**
 * How the Fabric adapter names what went wrong (FABRIC-NOTES §5's table, observed on a real network): the
 * chaincode's refusal code, Fabric's validation code at commit, and the kind a caller retries by.
 */
import * as grpc from '@grpc/grpc-js';
import { CommitError, CommitStatusError, GatewayError } from '@hyperledger/fabric-gateway';
import { describe, expect, it } from 'vitest';
import { toLedgerError } from '../../src/ledger/fabric.ts';
import { LedgerError } from '../../src/ledger/index.ts';

const cause = (code: number, details: string) =>
  Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() }) as grpc.ServiceError;

function gatewayError(code: number, message: string, Kind: typeof GatewayError = GatewayError) {
  return new Kind({
    code,
    details: [
      { address: '127.0.0.1:7055', mspId: 'DoetMSP', message },
      { address: '127.0.0.1:7059', mspId: 'District1MSP', message },
    ],
    cause: cause(code, message),
    message,
  });
}

const mapped = (e: unknown) => {
  const r = toLedgerError(e, 'endorse', 'tx-1');
  expect(r).toBeInstanceOf(LedgerError);
  const { code, kind, stage, message } = r as LedgerError;
  return { code, kind, stage, message };
};

describe('Fabric failures as LedgerErrors', () => {
  it('a chaincode refusal keeps its code and message, once, and is not retried', () => {
    const e = gatewayError(
      grpc.status.ABORTED,
      'chaincode response 500, WINDOW_CLOSED: the lock window ended on 25/06',
    );
    expect(mapped(e)).toEqual({
      code: 'WINDOW_CLOSED',
      kind: 'refused',
      stage: 'endorse',
      message: 'WINDOW_CLOSED: the lock window ended on 25/06',
    });
  });

  it("a system chaincode's refusal without a code is CHAINCODE_ERROR, refused", () => {
    const e = gatewayError(
      grpc.status.UNKNOWN,
      'chaincode response 500, Failed to get transaction with id ab, error no such transaction ID [ab] in index',
    );
    expect(mapped(e)).toMatchObject({ code: 'CHAINCODE_ERROR', kind: 'refused' });
  });

  it('no peer of a needed organisation is NO_ENDORSERS, unavailable (retried)', () => {
    for (const [code, text] of [
      [grpc.status.UNAVAILABLE, 'failed to find any endorsing peers for org(s): District1MSP'],
      [
        grpc.status.FAILED_PRECONDITION,
        'no combination of peers can be derived which satisfy the endorsement policy',
      ],
    ] as const)
      expect(mapped(gatewayError(code, text))).toMatchObject({ code: 'NO_ENDORSERS', kind: 'unavailable' });
  });

  it('an unreachable network is unavailable; a lost commit status too, at the commit stage', () => {
    expect(mapped(gatewayError(grpc.status.UNAVAILABLE, 'connection refused'))).toMatchObject({
      code: 'UNAVAILABLE',
      kind: 'unavailable',
    });
    const lost = gatewayError(
      grpc.status.DEADLINE_EXCEEDED,
      'deadline',
      CommitStatusError as typeof GatewayError,
    );
    expect(mapped(lost)).toMatchObject({
      code: 'COMMIT_STATUS_UNKNOWN',
      kind: 'unavailable',
      stage: 'commit',
    });
    const submit = gatewayError(grpc.status.UNAVAILABLE, 'no orderer');
    submit.name = 'SubmitError';
    expect(mapped(submit)).toMatchObject({
      code: 'ORDERING_UNAVAILABLE',
      kind: 'unavailable',
      stage: 'submit',
    });
  });

  it("Fabric's validation codes at commit: the wrong district is policy, a read conflict is conflict", () => {
    const commit = (code: number) =>
      new CommitError({ code: code as never, transactionId: 'tx-9', message: 'x' });
    expect(mapped(commit(10))).toMatchObject({
      code: 'ENDORSEMENT_POLICY_FAILURE',
      kind: 'policy',
      stage: 'commit',
    });
    expect(mapped(commit(11))).toMatchObject({ code: 'MVCC_READ_CONFLICT', kind: 'conflict' });
    expect(mapped(commit(12))).toMatchObject({ code: 'PHANTOM_READ_CONFLICT', kind: 'conflict' });
  });

  it('anything else passes through unchanged', () => {
    const e = new TypeError('not a Fabric error');
    expect(toLedgerError(e, 'evaluate')).toBe(e);
  });
});
