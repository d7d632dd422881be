export type { AnchorView, BatchState, StatusFact } from './anchor-view.ts';
export { AnchorViewSchema } from './anchor-view-schema.ts';
export { BUNDLE_VERSION, type BundleParts, buildBundle, ProofBundle } from './bundle.ts';
export type { Localized } from './messages.ts';
export {
  type StepResult,
  type VerificationReport,
  type VerifyOptions,
  verifyBundle,
  verifyRecord,
} from './report.ts';
export { type Outcome, type ReasonCode, STEPS, type StepName } from './steps.ts';
