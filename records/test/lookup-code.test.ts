/**
 * The lookup-code rules the gateway, the portal and the CLI share: spelling a code from its data, reading it
 * back in every form people type, and saying why a string is not one. Entropy and generation are the
 * gateway's (gateway/test/lookup/code.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALPHABET,
  CODE_LENGTH,
  DATA_LENGTH,
  formatLookupCode,
  isLookupCode,
  LookupCode,
  LookupCodeError,
  lookupCodeOf,
  normalizeLookupCode,
} from '../src/index.ts';

const data = fc.array(fc.integer({ min: 0, max: 31 }), { minLength: DATA_LENGTH, maxLength: DATA_LENGTH });

describe('lookup codes (records)', () => {
  it('spells data as a canonical code that reads back, fits the schema, and prints in groups of four', () => {
    fc.assert(
      fc.property(data, (d) => {
        const code = lookupCodeOf(d);
        expect(code).toHaveLength(CODE_LENGTH);
        expect(code.slice(0, DATA_LENGTH)).toBe(d.map((v) => ALPHABET[v]).join(''));
        expect(normalizeLookupCode(code)).toEqual({ ok: true, code });
        expect(normalizeLookupCode(formatLookupCode(code).toLowerCase())).toEqual({ ok: true, code });
        expect(LookupCode.safeParse(code).success).toBe(true);
        expect(formatLookupCode(code)).toMatch(/^([0-9A-Z]{4}-){4}[0-9A-Z]{4}$/);
      }),
    );
  });

  it('reads I and L as 1 and O as 0', () => {
    const code = lookupCodeOf(Array.from({ length: DATA_LENGTH }, (_, i) => (i % 2 ? 1 : 0)));
    const typed = [...code]
      .map((c, i) => (i < DATA_LENGTH ? (c === '1' ? (i % 4 ? 'l' : 'I') : 'O') : c))
      .join('');
    expect(normalizeLookupCode(typed)).toEqual({ ok: true, code });
  });

  it('says why a string is not a code: length, character, check', () => {
    const code = lookupCodeOf(new Array(DATA_LENGTH).fill(7));
    const problem = (s: string) => {
      const n = normalizeLookupCode(s);
      return n.ok ? 'ok' : [n.problem, n.error instanceof LookupCodeError, n.error.problem];
    };
    expect(problem(code.slice(1))).toEqual(['length', true, 'length']);
    expect(problem(`U${code.slice(1)}`)).toEqual(['character', true, 'character']);
    const wrong = ALPHABET[(ALPHABET.indexOf(code[0]!) + 1) % 32]!;
    expect(problem(wrong + code.slice(1))).toEqual(['check', true, 'check']);
    expect(isLookupCode(wrong + code.slice(1))).toBe(false);
    expect(() => formatLookupCode('ABC')).toThrow(LookupCodeError);
  });

  it('refuses to spell data that is not 19 values 0–31', () => {
    expect(() => lookupCodeOf(new Array(DATA_LENGTH - 1).fill(0))).toThrow(RangeError);
    expect(() => lookupCodeOf([...new Array(DATA_LENGTH - 1).fill(0), 32])).toThrow(RangeError);
    expect(() => lookupCodeOf([...new Array(DATA_LENGTH - 1).fill(0), 1.5])).toThrow(RangeError);
  });
});
