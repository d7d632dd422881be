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

/** A plain object (JSON's) with exactly `n` own enumerable keys; the caller checks which. */
function plainWith(v: unknown, n: number): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== OBJECT) return false;
  let count = 0;
  for (const k in v) if (Object.hasOwn(v, k)) count++;
  return count === n;
}

/** 64 lowercase hex digits (the schema's /^[0-9a-f]{64}$/). */
function hex32(v: unknown): boolean {
  if (typeof v !== 'string' || v.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = v.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** The schema's /^[A-Za-z0-9+/]*={0,2}$/. */
function base64(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  let end = v.length;
  if (end > 0 && v.charCodeAt(end - 1) === 61) end--;
  if (end > 0 && v.charCodeAt(end - 1) === 61) end--;
  for (let i = 0; i < end; i++) {
    const c = v.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47))
      return false;
  }
  return true;
}

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
  return plainWith(f, 3) && typeof f.pointer === 'string' && fieldValue(f.value) && hex32(f.salt);
}

const count = (v: unknown, min: number) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;

/** True only for a value integrity's ProofBundle schema accepts unchanged; false: ask the schema. */
export function isPlainProofBundle(b: unknown): b is ProofBundle {
  if (!plainWith(b, 7) || b.version !== BUNDLE_VERSION || !hex32(b.leaf) || !base64(b.cms)) return false;
  const d = b.disclosure;
  if (!plainWith(d, 2) || !everyOf(d.fields, field) || !everyOf(d.hidden, hex32)) return false;
  const i = b.inclusion;
  if (!plainWith(i, 3) || !count(i.leafIndex, 0) || !count(i.treeSize, 1) || !everyOf(i.hashes, hex32))
    return false;
  const m = b.manifest;
  if (typeof m !== 'object' || m === null || Object.getPrototypeOf(m) !== OBJECT) return false;
  return everyOf(b.certificates, base64);
}
