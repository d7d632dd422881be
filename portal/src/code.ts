/**
 * Lookup codes as people type them (the gateway's lookup/code.ts, DESIGN.md §6): Crockford base32, case,
 * spaces and hyphens ignored, I/L read as 1 and O as 0, 20 symbols whose last is a Damm check over GF(32).
 * Checked here so that a typo is caught before any request; the gateway checks again.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 20;
const VALUE = new Map<string, number>([
  ...[...ALPHABET].map((c, i) => [c, i] as const),
  ['I', 1],
  ['L', 1],
  ['O', 0],
]);
const times2 = (x: number) => ((x << 1) ^ (x & 0x10 ? 0x25 : 0)) & 0x1f;

export type CodeProblem = 'length' | 'character' | 'check';

export function normalizeLookupCode(
  input: string,
): { ok: true; code: string } | { ok: false; problem: CodeProblem } {
  const symbols = input.toUpperCase().replace(/[\s-]/g, '');
  if (symbols.length !== LENGTH) return { ok: false, problem: 'length' };
  const values: number[] = [];
  for (const s of symbols) {
    const v = VALUE.get(s);
    if (v === undefined) return { ok: false, problem: 'character' };
    values.push(v);
  }
  let c = 0;
  for (const v of values) c = times2(c) ^ v;
  if (c !== 0) return { ok: false, problem: 'check' };
  return { ok: true, code: values.map((v) => ALPHABET[v]).join('') };
}

/** In groups of four, as printed: HB7K-3MQ9-… */
export const formatLookupCode = (code: string) => code.match(/.{1,4}/g)?.join('-') ?? code;
