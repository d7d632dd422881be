/**
 * Lookup codes (mã số tra cứu, DESIGN.md §6; issue 6 point 6): what a student or a school hands to an
 * institution, printed beside the QR code, and with the date of birth the key of the public lookup. The
 * rules to read, check and print one live here, for the gateway, the portal and the CLI alike; drawing a
 * new code needs randomness and stays with the issuer (the gateway's lookup/code.ts).
 *
 * - 19 random symbols of Crockford's base32 (0-9 A-Z without I, L, O, U): 95 bits.
 * - 1 check symbol, Damm's algorithm over a quasigroup of order 32: `x ∗ y = 2·x ⊕ y` in GF(2⁵) (modulo
 *   x⁵ + x² + 1). The operation is a quasigroup (each row and column a permutation) and totally
 *   anti-symmetric (`(c∗x)∗y = (c∗y)∗x ⇒ x = y`, because (2 ⊕ 1)·(x ⊕ y) = 0 only for x = y), so every
 *   single substitution and every transposition of adjacent symbols — the check symbol included — changes
 *   the final interim value: both are detected, always.
 * - Canonical form: the 20 symbols, upper case, no separators — what `record_versions.lookup_code` and
 *   the record's `lookupCode` hold. Printed for people in groups of four: `HB7K-3MQ9-…`.
 * - Input is read as Crockford says: case-insensitive, hyphens and spaces ignored, I and L read as 1, O as 0.
 */

export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Random symbols, before the check symbol. */
export const DATA_LENGTH = 19;
/** Symbols of a canonical code. */
export const CODE_LENGTH = DATA_LENGTH + 1;
/** Bits of entropy of a code. */
export const ENTROPY_BITS = DATA_LENGTH * 5;
const GROUP = 4;

const VALUE: ReadonlyMap<string, number> = new Map([
  ...[...ALPHABET].map((c, i) => [c, i] as const),
  ['I', 1],
  ['L', 1],
  ['O', 0],
]);

/** Multiplication by 2 (x) in GF(2⁵) with the primitive polynomial x⁵ + x² + 1. */
const times2 = (x: number) => ((x << 1) ^ (x & 0x10 ? 0x25 : 0)) & 0x1f;

/** The quasigroup operation of the Damm check: `x ∗ y = 2·x ⊕ y`. Exported for the tests. */
export const damm = (x: number, y: number) => times2(x) ^ y;

/** The interim value after the symbols; 0 for a valid code (data followed by its check symbol). */
function interim(values: readonly number[]): number {
  let c = 0;
  for (const v of values) c = damm(c, v);
  return c;
}

/** The check symbol's value for the data: the `y` with `interim ∗ y = 0`, i.e. `y = 2·interim`. */
export function checkValue(data: readonly number[]): number {
  return times2(interim(data));
}

/**
 * The canonical code of 19 data values (each 0–31), its check symbol appended. The issuer draws the values
 * at random; this only spells them.
 */
export function lookupCodeOf(data: readonly number[]): string {
  if (data.length !== DATA_LENGTH || data.some((v) => !Number.isInteger(v) || v < 0 || v > 31)) {
    throw new RangeError(`a lookup code is spelt from ${DATA_LENGTH} values 0–31`);
  }
  return [...data, checkValue(data)].map((v) => ALPHABET[v]).join('');
}

export type LookupCodeProblem = 'length' | 'character' | 'check';

/** A lookup code that cannot be read: wrong length, a symbol outside the alphabet, or a bad check symbol. */
export class LookupCodeError extends Error {
  override readonly name = 'LookupCodeError';
  readonly code = 'LOOKUP_CODE_INVALID' as const;
  constructor(readonly problem: LookupCodeProblem) {
    super(
      problem === 'length'
        ? `a lookup code has ${CODE_LENGTH} symbols`
        : problem === 'character'
          ? 'a lookup code holds only digits and the letters of Crockford base32'
          : 'the check symbol does not match: a symbol was mistyped',
    );
  }
}

export type NormalizedLookupCode =
  | { ok: true; code: string }
  | { ok: false; problem: LookupCodeProblem; error: LookupCodeError };

const refused = (problem: LookupCodeProblem): NormalizedLookupCode => ({
  ok: false,
  problem,
  error: new LookupCodeError(problem),
});

/** Reads a code as typed or scanned: the canonical form, or why it is not a code. */
export function normalizeLookupCode(input: string): NormalizedLookupCode {
  const symbols = input.toUpperCase().replace(/[\s-]/g, '');
  if (symbols.length !== CODE_LENGTH) return refused('length');
  const values: number[] = [];
  for (const s of symbols) {
    const v = VALUE.get(s);
    if (v === undefined) return refused('character');
    values.push(v);
  }
  if (interim(values) !== 0) return refused('check');
  return { ok: true, code: values.map((v) => ALPHABET[v]).join('') };
}

/** True when `input` reads as a valid code. */
export function isLookupCode(input: string): boolean {
  return normalizeLookupCode(input).ok;
}

/** The printed form: groups of four joined by hyphens (`HB7K-3MQ9-…`). Throws LookupCodeError if not a code. */
export function formatLookupCode(code: string): string {
  const n = normalizeLookupCode(code);
  if (!n.ok) throw n.error;
  return n.code.match(new RegExp(`.{1,${GROUP}}`, 'g'))!.join('-');
}
