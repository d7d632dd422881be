/**
 * Lookup codes: entropy and alphabet, Crockford's reading rules, and the check symbol's guarantees — every
 * generated code validates; every single substitution and every adjacent transposition is caught.
 */

import { LookupCode } from '@hocba/records';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALPHABET,
  CODE_LENGTH,
  damm,
  ENTROPY_BITS,
  formatLookupCode,
  isLookupCode,
  LookupCodeError,
  newLookupCode,
  normalizeLookupCode,
} from '../../src/lookup/code.ts';

/** Codes made by newLookupCode, drawn as fast-check values so that failures shrink to a seed. */
const codes = fc.constant(null).map(() => newLookupCode());
const N = 300;

describe('lookup codes', () => {
  it('carry at least 80 bits of entropy in Crockford base32, and fit the record schema', () => {
    expect(ENTROPY_BITS).toBeGreaterThanOrEqual(80);
    expect(ALPHABET).toHaveLength(32);
    expect(ALPHABET).not.toMatch(/[ILOU]/);
    const code = newLookupCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
    expect(LookupCode.safeParse(code).success).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, newLookupCode)).size).toBe(1000);
  });

  it('print in groups of four', () => {
    const code = newLookupCode();
    const printed = formatLookupCode(code);
    expect(printed).toMatch(/^([0-9A-Z]{4}-){4}[0-9A-Z]{4}$/);
    expect(printed.replaceAll('-', '')).toBe(code);
  });

  it('use every symbol in every position (no bias from the random source)', () => {
    const seen = Array.from({ length: CODE_LENGTH - 1 }, () => new Set<string>());
    for (let i = 0; i < 2000; i++) {
      for (const [j, c] of [...newLookupCode().slice(0, -1)].entries()) seen[j]!.add(c);
    }
    for (const s of seen) expect(s.size).toBe(32);
  });

  it('the check operation is a quasigroup and totally anti-symmetric (checked exhaustively)', () => {
    for (let x = 0; x < 32; x++) {
      expect(new Set(Array.from({ length: 32 }, (_, y) => damm(x, y))).size).toBe(32);
      expect(new Set(Array.from({ length: 32 }, (_, y) => damm(y, x))).size).toBe(32);
    }
    for (let c = 0; c < 32; c++)
      for (let x = 0; x < 32; x++)
        for (let y = 0; y < 32; y++) if (x !== y) expect(damm(damm(c, x), y)).not.toBe(damm(damm(c, y), x));
  });

  it('every generated code validates, in canonical, printed, lower-case and spaced forms', () => {
    fc.assert(
      fc.property(codes, (code) => {
        expect(normalizeLookupCode(code)).toEqual({ ok: true, code });
        const printed = formatLookupCode(code);
        expect(normalizeLookupCode(printed)).toEqual({ ok: true, code });
        expect(normalizeLookupCode(printed.toLowerCase())).toEqual({ ok: true, code });
        expect(normalizeLookupCode(` ${printed.replaceAll('-', ' ')} `)).toEqual({ ok: true, code });
      }),
      { numRuns: N },
    );
  });

  it('reads I and L as 1 and O as 0, as Crockford specifies', () => {
    fc.assert(
      fc.property(codes, fc.constantFrom('I', 'L', 'i', 'l'), (code, one) => {
        const withOnes = code.replaceAll('1', one).replaceAll('0', 'o');
        expect(normalizeLookupCode(withOnes)).toEqual({ ok: true, code });
      }),
      { numRuns: N },
    );
  });

  it('catches every single substitution, at every position, by every other symbol', () => {
    fc.assert(
      fc.property(codes, (code) => {
        for (let i = 0; i < code.length; i++) {
          for (const s of ALPHABET) {
            if (s === code[i]) continue;
            const wrong = code.slice(0, i) + s + code.slice(i + 1);
            const n = normalizeLookupCode(wrong);
            expect(n.ok).toBe(false);
            if (!n.ok) expect(n.error.problem).toBe('check');
          }
        }
      }),
      { numRuns: N },
    );
  });

  it('catches every adjacent transposition, the check symbol included', () => {
    fc.assert(
      fc.property(codes, (code) => {
        for (let i = 0; i + 1 < code.length; i++) {
          if (code[i] === code[i + 1]) continue;
          const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
          expect(isLookupCode(swapped)).toBe(false);
        }
      }),
      { numRuns: N },
    );
  });

  it('refuses a wrong length or a symbol outside the alphabet with LOOKUP_CODE_INVALID', () => {
    const code = newLookupCode();
    for (const [input, problem] of [
      [code.slice(0, -1), 'length'],
      [`${code}0`, 'length'],
      ['', 'length'],
      [`${code.slice(0, -1)}U`, 'character'],
      [`${code.slice(0, -1)}*`, 'character'],
      [`${code.slice(0, 5)}Đ${code.slice(6)}`, 'character'],
    ] as const) {
      const n = normalizeLookupCode(input);
      expect(n.ok).toBe(false);
      if (!n.ok) {
        expect(n.error).toBeInstanceOf(LookupCodeError);
        expect(n.error.code).toBe('LOOKUP_CODE_INVALID');
        expect(n.error.problem).toBe(problem);
      }
    }
    expect(() => formatLookupCode('NOT-A-CODE')).toThrow(LookupCodeError);
  });
});
