/**
 * @hocba/embedded-ledger: an in-process ledger with Fabric's semantics, for `npm start` and fast tests.
 * Not for production (see ledger.ts).
 */
export type { Block, ChainVerification, ChannelConfig, RWSetJson, TransactionRecord } from './block.ts';
export { verifyBlocks } from './block.ts';
export { CommitError, EndorseError, parseErrorCode, type ValidationCode } from './errors.ts';
export type { ChaincodeEvent, CloseableAsyncIterable } from './events.ts';
export type { ContractClass } from './fabric.ts';
export {
  type EnrolledIdentity,
  FABRIC_ATTRS_OID,
  type IdentityType,
  type IssueOptions,
  issueIdentity,
  makeOrgCa,
  type OrgCa,
} from './identity.ts';
export {
  type CommitResult,
  EmbeddedLedger,
  type EmbeddedLedgerOptions,
  type EvaluateOptions,
  type Identity,
  type ProposalOptions,
  type SubmitOptions,
  type SubmitRequest,
  type TransactionLocation,
} from './ledger.ts';
export {
  formatPolicy,
  isSatisfied,
  type Policy,
  PolicyError,
  parsePolicy,
  policyFromEnvelope,
} from './policy.ts';
