/**
 * Lookup codes (mã số tra cứu, DESIGN.md §6): the rules to read, check and print one are the record
 * model's (@hocba/records, lookup-code.ts), shared with the portal and the CLI; drawing a new one is the
 * issuer's, here: 19 symbols from `crypto.getRandomValues` (each a byte's low 5 bits: 256 is a multiple of
 * 32, so uniform), then the check symbol.
 */
import { DATA_LENGTH, lookupCodeOf } from '@hocba/records';

export {
  ALPHABET,
  CODE_LENGTH,
  checkValue,
  DATA_LENGTH,
  damm,
  ENTROPY_BITS,
  formatLookupCode,
  isLookupCode,
  LookupCodeError,
  type LookupCodeProblem,
  type NormalizedLookupCode,
  normalizeLookupCode,
} from '@hocba/records';

/** A new code, in canonical form (format it with formatLookupCode for print). */
export function newLookupCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(DATA_LENGTH));
  return lookupCodeOf(Array.from(bytes, (b) => b & 0x1f));
}
