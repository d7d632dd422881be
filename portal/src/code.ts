/**
 * Lookup codes as people type them: the record model's rules (@hocba/records, lookup-code.ts), the same the
 * gateway checks, so that a typo is caught before any request.
 */
export {
  formatLookupCode,
  type LookupCodeProblem as CodeProblem,
  normalizeLookupCode,
} from '@hocba/records';
