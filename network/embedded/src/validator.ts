/**
 * Block validation, in Fabric's order: first the endorsement policies of every transaction (the peer's
 * validation plugin, "VSCC"), then MVCC and phantom checks against the committed state plus the writes of
 * the block's earlier valid transactions (the ledger's validator). Only valid transactions are applied.
 */
import type { ValidationCode } from './errors.ts';
import { formatPolicy, isSatisfied, type Policy, type PolicyError, policyFromEnvelope } from './policy.ts';
import { type RWSet, sameHeight } from './rwset.ts';
import { BlockUpdates, type StagedWrite, type WorldState } from './state.ts';

export interface OrderedTransaction {
  txId: string;
  timestamp: Date;
  rwset: RWSet;
  endorsers: readonly string[];
}

export interface TransactionVerdict {
  code: ValidationCode;
  /** Why a transaction is invalid, for error messages and logs (Fabric's peer logs it). */
  reason?: string;
}

export interface BlockValidation {
  verdicts: TransactionVerdict[];
  /** The writes of the valid transactions, in order, to apply to the world state. */
  staged: StagedWrite[];
}

export function validateBlock(
  blockNum: number,
  txs: readonly OrderedTransaction[],
  state: WorldState,
  chaincodePolicy: Policy,
): BlockValidation {
  const verdicts: TransactionVerdict[] = [];
  // Keys whose policy an earlier transaction of this block, valid for its endorsements, sets.
  const policyUpdated = new Set<string>();
  for (const tx of txs) {
    const failure = endorsementFailure(tx, state, chaincodePolicy, policyUpdated);
    if (failure) {
      verdicts.push({ code: 'ENDORSEMENT_POLICY_FAILURE', reason: failure });
      continue;
    }
    verdicts.push({ code: 'VALID' });
    for (const p of tx.rwset.validationParameters) policyUpdated.add(p.key);
  }

  const updates = new BlockUpdates(state, blockNum);
  txs.forEach((tx, txNum) => {
    const verdict = verdicts[txNum] as TransactionVerdict;
    if (verdict.code !== 'VALID') return;
    const conflict = readConflict(tx.rwset, state, updates);
    if (conflict) {
      verdicts[txNum] = conflict;
      return;
    }
    updates.stage(txNum, tx.txId, tx.timestamp, tx.rwset);
  });
  return { verdicts, staged: updates.staged };
}

/**
 * Fabric's key-level validation (core/common/validation/statebased/validator_keylevel.go): every written
 * key, value or policy, must satisfy its committed key-level policy if it has one, else the chaincode
 * policy; a transaction that writes nothing must satisfy the chaincode policy (FAB-9473). A key whose
 * policy an earlier transaction of the same block changes cannot be validated against the committed
 * policy, and Fabric invalidates the later transaction (ValidationParameterUpdatedError).
 */
function endorsementFailure(
  tx: OrderedTransaction,
  state: WorldState,
  chaincodePolicy: Policy,
  policyUpdated: ReadonlySet<string>,
): string | undefined {
  let chaincodePolicyChecked = false;
  let anyPolicyChecked = false;
  const checkChaincodePolicy = (): string | undefined => {
    if (chaincodePolicyChecked) return undefined;
    if (!isSatisfied(chaincodePolicy, tx.endorsers)) {
      return `the chaincode endorsement policy ${formatPolicy(chaincodePolicy)} is not satisfied by ${list(tx.endorsers)}`;
    }
    chaincodePolicyChecked = true;
    anyPolicyChecked = true;
    return undefined;
  };

  const keys = [...tx.rwset.writes.map((w) => w.key), ...tx.rwset.validationParameters.map((p) => p.key)];
  for (const key of keys) {
    if (policyUpdated.has(key)) {
      return `the key-level policy of ${key} was changed by an earlier transaction of the same block`;
    }
    const vp = state.get(key)?.validationParameter;
    if (!vp) {
      const failure = checkChaincodePolicy();
      if (failure) return failure;
      continue;
    }
    let policy: Policy;
    try {
      policy = policyFromEnvelope(vp);
    } catch (e) {
      return `the key-level policy of ${key} cannot be read: ${(e as PolicyError).message}`;
    }
    if (!isSatisfied(policy, tx.endorsers)) {
      return `the key-level policy of ${key}, ${formatPolicy(policy)}, is not satisfied by ${list(tx.endorsers)}`;
    }
    anyPolicyChecked = true;
  }
  return anyPolicyChecked ? undefined : checkChaincodePolicy();
}

/** Fabric's MVCC validation (core/ledger/kvledger/txmgmt/validation/validator.go). */
function readConflict(
  rwset: RWSet,
  state: WorldState,
  updates: BlockUpdates,
): TransactionVerdict | undefined {
  for (const read of rwset.reads) {
    if (updates.touched(read.key)) {
      return {
        code: 'MVCC_READ_CONFLICT',
        reason: `${read.key} was written by an earlier transaction of the block`,
      };
    }
    if (!sameHeight(state.get(read.key)?.version ?? null, read.version)) {
      return { code: 'MVCC_READ_CONFLICT', reason: `${read.key} changed since it was read` };
    }
  }
  // Range queries are re-executed; the same keys at the same versions must come back.
  for (const q of rwset.rangeQueries) {
    const now = updates.scan(q.startKey, q.endKey, !q.itrExhausted);
    const same =
      now.length === q.reads.length &&
      now.every((v, i) => v.key === q.reads[i]?.key && sameHeight(v.version, q.reads[i]?.version ?? null));
    if (!same) {
      return {
        code: 'PHANTOM_READ_CONFLICT',
        reason: `the range [${JSON.stringify(q.startKey)}, ${JSON.stringify(q.endKey)}] changed since it was read`,
      };
    }
  }
  return undefined;
}

const list = (orgs: readonly string[]): string => (orgs.length ? orgs.join(', ') : 'no organisation');
