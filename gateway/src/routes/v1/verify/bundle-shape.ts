/**
 * A fast yes to a well-formed proof bundle (issue 16: zod's ProofBundle over a thousand bundles was a tenth
 * of a bulk call's time). integrity's zod schema stays the one definition and the only judge of a bundle
 * that is not plainly well formed: this guard answers true only for a value that schema accepts as it is
 * (plain JSON objects with exactly its keys, strings of its patterns), and the caller then uses the value
 * itself, which is what zod's output would hold; anything else (false) goes to zod, which refuses it with
 * the same paths and messages as before. A test checks that it never says yes where zod says no.
 */
import { BUNDLE_VERSION, type ProofBundle } from '@hocba/integrity';

const OBJECT = Object.prototype;

/**
 * A plain object (JSON's) with exactly `n` enumerable keys; the caller checks which. Counted by for-in, which
 * also counts an enumerable key someone put on Object.prototype: then no object passes (zod judges them all).
 */
function plainWith(v: unknown, n: number): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== OBJECT) return false;
  let count = 0;
  for (const _ in v) count++;
  return count === n;
}

/** 1 for each ASCII code the pattern allows, else 0: one table look-up per character, no branch. */
function table(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
}
const HEX = table('0123456789abcdef');
const BASE64 = table('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');

/** Whether every character of s[0..end) is one `allowed` has. */
function allIn(s: string, end: number, allowed: Uint8Array): boolean {
  let bad = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    bad |= c > 127 ? 1 : allowed[c]! ^ 1;
  }
  return bad === 0;
}

/** 64 lowercase hex digits (the schema's /^[0-9a-f]{64}$/). */
const hex32 = (v: unknown): boolean => typeof v === 'string' && v.length === 64 && allIn(v, 64, HEX);

/**
 * The last base64 strings accepted, a CMS's and a certificate's: the bundles of one batch carry the same
 * ones, compared (memcmp) instead of read character by character again.
 */
const lastBase64 = ['', ''];
/** The schema's /^[A-Za-z0-9+/]*={0,2}$/; `slot` 0 for a CMS, 1 for a certificate. */
function base64(v: unknown, slot: 0 | 1): boolean {
  if (typeof v !== 'string') return false;
  if (v === lastBase64[slot]) return true;
  let end = v.length;
  if (end > 0 && v.charCodeAt(end - 1) === 61) end--;
  if (end > 0 && v.charCodeAt(end - 1) === 61) end--;
  if (!allIn(v, end, BASE64)) return false;
  lastBase64[slot] = v;
  return true;
}

const certificate = (v: unknown) => base64(v, 1);

function everyOf(v: unknown, ok: (x: unknown) => boolean): v is unknown[] {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (!(i in v) || !ok(v[i])) return false;
  return true;
}

/** The schema's FieldValue: null, a boolean, a finite number, a string, [] or {}. */
function fieldValue(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object':
      return v === null || (Array.isArray(v) ? v.length === 0 : plainWith(v, 0));
    default:
      return false;
  }
}

function field(f: unknown): boolean {
  if (typeof f !== 'object' || f === null) return false;
  const { pointer, value, salt } = f as Record<string, unknown>;
  return typeof pointer === 'string' && hex32(salt) && fieldValue(value) && plainWith(f, 3);
}

const count = (v: unknown, min: number) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;

/** True only for a value integrity's ProofBundle schema accepts unchanged; false: ask the schema. */
export function isPlainProofBundle(b: unknown): b is ProofBundle {
  if (!plainWith(b, 7) || b.version !== BUNDLE_VERSION || !hex32(b.leaf) || !base64(b.cms, 0)) return false;
  const d = b.disclosure;
  if (!plainWith(d, 2) || !everyOf(d.fields, field) || !everyOf(d.hidden, hex32)) return false;
  const i = b.inclusion;
  if (!plainWith(i, 3) || !count(i.leafIndex, 0) || !count(i.treeSize, 1) || !everyOf(i.hashes, hex32))
    return false;
  const m = b.manifest;
  if (typeof m !== 'object' || m === null || Object.getPrototypeOf(m) !== OBJECT) return false;
  return everyOf(b.certificates, certificate);
}
