/**
 * Key order and key spaces as Fabric's LevelDB state database has them.
 *
 * LevelDB orders keys by their UTF-8 bytes, which is code-point order. JavaScript's `<` compares UTF-16
 * code units, which differs for characters above U+FFFF (surrogate pairs) against U+E000–U+FFFF; Fabric's
 * partial-composite-key queries end at U+10FFFF, so the difference is reachable and we compare by code point.
 */

/** Composite keys start with U+0000 (fabric-shim stub.js COMPOSITEKEY_NS); simple keys may not. */
export const COMPOSITE_KEY_NAMESPACE = '\u0000';
/** The end of a partial-composite-key range (fabric-shim stub.js MAX_UNICODE_RUNE_VALUE). */
export const MAX_UNICODE_RUNE = '\u{10ffff}';
/** fabric-shim replaces an empty range start by U+0001, which keeps composite keys out of simple ranges. */
export const EMPTY_KEY_SUBSTITUTE = '\u0001';

// Maps a UTF-16 code unit so that surrogates (code points above U+FFFF) sort after U+E000–U+FFFF.
const codePointRank = (unit: number): number =>
  unit >= 0xd800 ? (unit >= 0xe000 ? unit - 0x800 : unit + 0x2000) : unit;

/** Compares two keys in UTF-8 byte order. */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** The smallest key greater than `key`: a range that continues after `key` starts here. */
export const successor = (key: string): string => `${key}\u0000`;

/** True when `key` lies in [start, end), or [start, end] when `inclusiveEnd`; an empty end is unbounded. */
export function inRange(key: string, start: string, end: string, inclusiveEnd = false): boolean {
  if (compareKeys(key, start) < 0) return false;
  if (end === '') return true;
  const c = compareKeys(key, end);
  return inclusiveEnd ? c <= 0 : c < 0;
}
