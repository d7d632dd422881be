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
          out[k] = normalize((value as Record<string, unknown>)[key], childPath, seen);
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

function nfc(s: string, path: string): string {
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

/** RFC 6901 §3: "~" becomes "~0" and "/" becomes "~1". */
export function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
