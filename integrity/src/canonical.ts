/**
 * Canonical JSON: every string (keys and values) in Unicode NFC, then RFC 8785 (JCS) by the `canonicalize`
 * library, written by one of the RFC's authors. Vietnamese text arrives both precomposed (NFC) and
 * decomposed (NFD); the same record must give the same bytes on every machine and browser.
 *
 * Anything that is not plain JSON is refused with a typed error instead of being serialized silently
 * (JSON.stringify would drop undefined, turn NaN into null and call toJSON on a Date).
 */
import jcs from 'canonicalize';
import { utf8 } from './bytes.ts';
import { IntegrityError } from './errors.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function canonicalize(value: unknown): string {
  // The library re-checks numbers and surrogates; our own walk has already refused them with a code.
  return jcs(normalize(value, '', new Set())) as string;
}

export function canonicalBytes(value: unknown): Uint8Array {
  return utf8(canonicalize(value));
}

/** Returns an NFC copy of `value` after checking that it is plain JSON; `path` is a JSON Pointer. */
export function normalize(value: unknown, path = '', seen: Set<object> = new Set()): JsonValue {
  switch (typeof value) {
    case 'string':
      return nfc(value, path);
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) {
        throw new IntegrityError(
          'CANONICAL_NON_FINITE_NUMBER',
          `${String(value)} at "${path}" is not a JSON number`,
          {
            details: { path },
          },
        );
      }
      return value;
    case 'object': {
      if (value === null) return null;
      if (seen.has(value))
        throw new IntegrityError('CANONICAL_CYCLE', `cycle at "${path}"`, { details: { path } });
      seen.add(value);
      try {
        if (Array.isArray(value)) {
          const out: JsonValue[] = [];
          for (let i = 0; i < value.length; i++) {
            // Sparse arrays hold holes that JSON cannot express.
            if (!(i in value)) unsupported('a hole in an array', `${path}/${i}`);
            out.push(normalize(value[i], `${path}/${i}`, seen));
          }
          return out;
        }
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) {
          unsupported(`an object of class ${proto?.constructor?.name ?? 'unknown'}`, path);
        }
        const out: { [key: string]: JsonValue } = {};
        for (const key of Object.keys(value)) {
          const k = nfc(key, path);
          const childPath = `${path}/${escapePointer(k)}`;
          if (Object.hasOwn(out, k)) {
            throw new IntegrityError(
              'CANONICAL_DUPLICATE_KEY',
              `two keys become "${k}" after NFC at "${path}"`,
              {
                details: { path: childPath },
              },
            );
          }
          const child = normalize((value as Record<string, unknown>)[key], childPath, seen);
          // Assigning "__proto__" would not add a key but set the copy's prototype (to an array, say), which
          // a disclosure of the copy then carries: the key is checked and left out, as it always was.
          if (k !== '__proto__') out[k] = child;
        }
        return out;
      } finally {
        seen.delete(value);
      }
    }
    default:
      return unsupported(typeof value, path);
  }
}

function unsupported(what: string, path: string): never {
  throw new IntegrityError('CANONICAL_UNSUPPORTED_TYPE', `${what} at "${path}" is not JSON`, {
    details: { path },
  });
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A code unit outside U+0000–U+02FF and U+1E00–U+1EFF. Every character of those two ranges is a starter
 * (canonical combining class 0) with NFC_Quick_Check=Yes (Latin-1, Latin Extended-A/B, IPA, spacing
 * modifiers; Latin Extended Additional, where precomposed Vietnamese lives: ạ…ỹ), and no surrogate is in
 * them: a string made only of them is already NFC and well formed (UAX #15 §9, quick check), so it skips
 * ICU and the surrogate regex. A test checks every such character and every pair of them against
 * String#normalize, and a property test the whole function against the slow path.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the range starts at U+0000 on purpose
const NOT_NFC_STABLE = /[^\u0000-\u02FF\u1E00-\u1EFF]/;

/** `s` in NFC, or CANONICAL_LONE_SURROGATE at `path`. Most strings (ASCII, Vietnamese in NFC) take the fast path. */
export function nfc(s: string, path: string): string {
  if (!NOT_NFC_STABLE.test(s)) return s;
  if (LONE_SURROGATE.test(s)) {
    throw new IntegrityError(
      'CANONICAL_LONE_SURROGATE',
      `a lone surrogate at "${path}" cannot be encoded in UTF-8`,
      {
        details: { path },
      },
    );
  }
  return s.normalize('NFC');
}

/**
 * A code unit that JSON.stringify escapes (controls, quote, backslash) or that is outside the ranges nfc()
 * takes as already NFC. A string without one is its own NFC form and its JSON text is itself in quotes:
 * JSON.stringify of a string cost ~120 ns, a tenth of a record's commitment (issue 16).
 */
const NOT_PLAIN = /[^\u0020\u0021\u0023-\u005B\u005D-\u02FF\u1E00-\u1EFF]/;

/** JSON.stringify(nfc(s)). */
function stringJson(s: string, pointer: string): string {
  return NOT_PLAIN.test(s) ? JSON.stringify(nfc(s, pointer)) : `"${s}"`;
}

/**
 * JSON.stringify(v) of a finite number, memoized: a school's marks are a few hundred distinct numbers, and
 * converting a double to text cost ~100 ns where the lookup costs ~20. (A Map treats 0 and -0 as one key;
 * both are "0" in JSON.)
 */
function numberJson(v: number): string {
  let json = numberTexts.get(v);
  if (json === undefined) {
    json = JSON.stringify(v);
    if (numberTexts.size >= NUMBER_TEXTS_MAX) numberTexts.clear();
    numberTexts.set(v, json);
  }
  return json;
}
const numberTexts = new Map<number, string>();
const NUMBER_TEXTS_MAX = 4096;

/** RFC 6901 §3: "~" becomes "~0" and "/" becomes "~1". */
export function escapePointer(token: string): string {
  if (token.indexOf('~') < 0 && token.indexOf('/') < 0) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * A value's canonical text and its fields, from one walk (issue 16: the lock normalized every record twice,
 * once for its canonical text and once for its commitments).
 */
export interface CanonicalFields {
  /** canonicalize(value); '' when not asked for. */
  readonly text: string;
  /** Each field's JSON Pointer (flattenFields' fields, in its document order). */
  readonly pointers: string[];
  /** Each field's JCS([pointer, value]), the text its fieldHash hashes, in the same order. */
  readonly fieldTexts: string[];
}

/**
 * canonicalize(value) (when `withText`) and flattenFields(value)'s pointers with each field's
 * JCS([pointer, value]), walking the value once, with normalize()'s checks in normalize()'s order (the
 * same refusal, code and path, for the same input). Each string's JSON text is made once and serves the
 * canonical text and its field's text; an object's keys are sorted by UTF-16 code units as JCS does
 * (RFC 8785 §3.2.3), the scalars serialized by JSON.stringify as RFC 8785 §3.2.2 defines them. A property
 * test checks all of it against the JCS library and flattenFields.
 */
export function canonicalFields(value: unknown, withText: boolean): CanonicalFields {
  const out: CanonicalFields = { text: '', pointers: [], fieldTexts: [] };
  const text = walkCanonical(value, '', '', withText, [], out);
  return withText ? { ...out, text } : out;
}

/** A key's forms, kept across records (they share their keys): NFC, its JCS text, its pointer token. */
interface KeyForms {
  readonly nfc: string;
  readonly json: string;
  /** escapePointer(nfc). */
  readonly token: string;
  /** The token's JSON string contents (its JCS text without the quotes). */
  readonly tokenJson: string;
}
const keyForms = new Map<string, KeyForms>();
/** Bounds the cache: records of one schema have a few hundred distinct keys. */
const KEY_FORMS_MAX = 4096;

function formsOf(key: string, path: string): KeyForms {
  const hit = keyForms.get(key);
  if (hit !== undefined) return hit;
  const k = nfc(key, path);
  const token = escapePointer(k);
  const forms = { nfc: k, json: JSON.stringify(k), token, tokenJson: JSON.stringify(token).slice(1, -1) };
  if (keyForms.size >= KEY_FORMS_MAX) keyForms.clear();
  keyForms.set(key, forms);
  return forms;
}

/** Sorts [key, member] entries by key in UTF-16 code units (keys are distinct). */
const byKey = (a: readonly [string, string], b: readonly [string, string]): number => (a[0] < b[0] ? -1 : 1);

/**
 * Walks `v` at `pointer` (`pointerJson`: its JSON string contents), appending its fields to `out`; returns
 * its canonical text when `withText`, else ''. `stack` holds the containers being walked (cycle check).
 */
function walkCanonical(
  v: unknown,
  pointer: string,
  pointerJson: string,
  withText: boolean,
  stack: object[],
  out: CanonicalFields,
): string {
  let json: string;
  switch (typeof v) {
    case 'string':
      json = stringJson(v, pointer);
      break;
    case 'boolean':
      json = v ? 'true' : 'false';
      break;
    case 'number':
      if (!Number.isFinite(v)) {
        throw new IntegrityError(
          'CANONICAL_NON_FINITE_NUMBER',
          `${String(v)} at "${pointer}" is not a JSON number`,
          {
            details: { path: pointer },
          },
        );
      }
      json = numberJson(v);
      break;
    case 'object': {
      if (v === null) {
        json = 'null';
        break;
      }
      // Containers nest a few levels deep: a scan of the path is cheaper than a Set.
      if (stack.includes(v))
        throw new IntegrityError('CANONICAL_CYCLE', `cycle at "${pointer}"`, { details: { path: pointer } });
      stack.push(v);
      try {
        const text = Array.isArray(v)
          ? walkArray(v, pointer, pointerJson, withText, stack, out)
          : walkObject(v, pointer, pointerJson, withText, stack, out);
        if (text !== undefined) return text;
      } finally {
        stack.pop();
      }
      // An empty container is a field.
      json = Array.isArray(v) ? '[]' : '{}';
      break;
    }
    default:
      return unsupported(typeof v, pointer);
  }
  out.pointers.push(pointer);
  out.fieldTexts.push(`["${pointerJson}",${json}]`);
  return json;
}

/** The array's canonical text ('' without text), or undefined when it is empty (then it is a field). */
function walkArray(
  v: unknown[],
  pointer: string,
  pointerJson: string,
  withText: boolean,
  stack: object[],
  out: CanonicalFields,
): string | undefined {
  if (v.length === 0) return undefined;
  let text = '';
  for (let i = 0; i < v.length; i++) {
    // Sparse arrays hold holes that JSON cannot express.
    if (!(i in v)) unsupported('a hole in an array', `${pointer}/${i}`);
    const childPointer = `${pointer}/${i}`;
    // Most pointers need no JSON escape: then the pointer is its own JSON text, one string for both.
    const childJson = pointerJson === pointer ? childPointer : `${pointerJson}/${i}`;
    const child = walkCanonical(v[i], childPointer, childJson, withText, stack, out);
    if (withText) text = i === 0 ? child : `${text},${child}`;
  }
  return withText ? `[${text}]` : '';
}

/** The object's canonical text ('' without text), or undefined when it has no key left (a field). */
function walkObject(
  v: object,
  pointer: string,
  pointerJson: string,
  withText: boolean,
  stack: object[],
  out: CanonicalFields,
): string | undefined {
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) {
    unsupported(`an object of class ${proto?.constructor?.name ?? 'unknown'}`, pointer);
  }
  const keys = Object.keys(v);
  // [NFC key, `"key":value`], sorted by the key (not by its JSON text, which escapes some characters).
  const entries: [string, string][] = [];
  let kept = 0;
  // Only a key that NFC changes can collide with another: the set is made at the first such key.
  let seen: Set<string> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const f = formsOf(key, pointer);
    const childPointer = `${pointer}/${f.token}`;
    if (seen === undefined && f.nfc !== key) seen = new Set(keys.slice(0, i));
    if (seen !== undefined) {
      // normalize() builds a plain object, where "__proto__" is never an own key: it never collides.
      if (seen.has(f.nfc) && f.nfc !== '__proto__') {
        throw new IntegrityError(
          'CANONICAL_DUPLICATE_KEY',
          `two keys become "${f.nfc}" after NFC at "${pointer}"`,
          {
            details: { path: childPointer },
          },
        );
      }
      seen.add(f.nfc);
    }
    const before = out.pointers.length;
    const childJson =
      pointerJson === pointer && f.tokenJson === f.token ? childPointer : `${pointerJson}/${f.tokenJson}`;
    const child = walkCanonical(
      (v as Record<string, unknown>)[key],
      childPointer,
      childJson,
      withText,
      stack,
      out,
    );
    if (f.nfc === '__proto__') {
      // As normalize() does: assigning "__proto__" on a plain object sets no own key, so the key is
      // checked but neither serialized nor committed.
      out.pointers.length = before;
      out.fieldTexts.length = before;
      continue;
    }
    if (withText) entries.push([f.nfc, `${f.json}:${child}`]);
    else kept++;
  }
  if (!withText) return kept === 0 ? undefined : '';
  if (entries.length === 0) return undefined;
  if (entries.length > 1) entries.sort(byKey);
  let text = entries[0]![1];
  for (let i = 1; i < entries.length; i++) text = `${text},${entries[i]![1]}`;
  return `{${text}}`;
}
