export { readAnchorView, readTrustAnchors } from './anchor-view.ts';
export {
  type Committed,
  type LedgerClient,
  LedgerError,
  type LedgerEvent,
  type LedgerIdentity,
  RETRYABLE,
  type SubmitOptions,
  withRetry,
} from './client.ts';
export { EmbeddedLedgerClient } from './embedded.ts';
