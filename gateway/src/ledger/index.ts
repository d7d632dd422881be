export {
  type BlockMemo,
  readAnchorView,
  readAnchorViews,
  readCertificatePem,
  readTrustAnchors,
} from './anchor-view.ts';
export type { CalendarWindows, Submitted } from './chaincode.ts';
export * as chaincode from './chaincode.ts';
export {
  type Committed,
  type LedgerClient,
  LedgerError,
  type LedgerErrorKind,
  type LedgerEvent,
  type LedgerIdentity,
  type SubmitOptions,
  withRetry,
} from './client.ts';
export { EmbeddedLedgerClient } from './embedded.ts';
export {
  type LedgerIdentities,
  type StaticIdentitiesInput,
  staticIdentities,
  UnknownIdentity,
} from './identities.ts';
export {
  type CalendarSpec,
  type DistrictSpec,
  endorsers,
  MINISTRY_MSP,
  PROVINCE_MSP,
  type ProvinceSpec,
  type SchoolSpec,
  setUpProvince,
} from './province.ts';
export { type Signer, signerFromPrivateKey, signingIdentity } from './signer.ts';
