/**
 * Field commitments and the record leaf (DESIGN.md §4.2).
 *
 * A record is flattened into its scalar fields (empty objects and arrays count as fields, so the shape is
 * committed), each named by its RFC 6901 JSON Pointer. Each field gets its own salt derived from the
 * record's random salt, so a holder can disclose some fields (value + field salt) and only the hashes of the
 * others: revealing one field's salt says nothing about the others, and a hidden field cannot be guessed
 * from its hash.
 *
 *   fieldSalt    = HMAC-SHA-256(recordSalt, pointer)      (the default SaltDerivation, see below)
 *   fieldHash    = SHA-256(fieldSalt ‖ JCS([pointer, value]))
 *   recordDigest = SHA-256(fieldHashes sorted bytewise, concatenated)
 *   leaf         = SHA-256(0x00 ‖ recordDigest)          (RFC 9162 leaf hash)
 *
 * Sorting the field hashes makes the digest independent of field order, so a disclosure does not reveal
 * where the hidden fields were.
 *
 * The functions that hash take an optional parameter, the SHA-256 implementation (default
 * @noble/hashes, portable): a Node caller passes node:crypto's for speed. The bytes are the same.
 *
 * How field salts are derived is the issuer's private business (a verifier never derives one: it receives
 * it with the disclosed field), so commitRecord and disclose take an optional last parameter, the
 * SaltDerivation; it defaults to the HMAC above, with which every record before issue 16 was salted. What a
 * verifier recomputes (fieldHash, digest, leaf) does not depend on it.
 */
import { toHex, utf8 } from './bytes.ts';
import {
  type CanonicalFields,
  canonicalFields,
  escapePointer,
  type JsonValue,
  normalize,
} from './canonical.ts';
import { HASH_SIZE, type HashImpl, NOBLE_HASH, type PackedSalts, randomBytes } from './crypto.ts';
import { IntegrityError } from './errors.ts';

export const RECORD_SALT_SIZE = 32;

/** A scalar, or an empty object or array. */
export type FieldValue = null | boolean | number | string | Record<string, never> | never[];

export interface Field {
  readonly pointer: string;
  readonly value: FieldValue;
}

export interface DisclosedField {
  readonly pointer: string;
  readonly value: FieldValue;
  /** fieldSalt, hex. */
  readonly salt: string;
}

/** What a holder hands over: some fields in clear, the hashes of the rest. Wire format (JSON). */
export interface Disclosure {
  readonly fields: DisclosedField[];
  /** fieldHashes (hex) of the fields not disclosed, sorted. */
  readonly hidden: string[];
}

export interface RecordCommitment {
  readonly digest: Uint8Array;
  readonly leaf: Uint8Array;
  readonly fieldCount: number;
}

export function newRecordSalt(): Uint8Array {
  return randomBytes(RECORD_SALT_SIZE);
}

/** The record's fields in document order, after NFC normalisation. */
export function flattenFields(record: unknown): Field[] {
  const out: Field[] = [];
  walk(normalize(record), '', out);
  return out;
}

function walk(v: JsonValue, pointer: string, out: Field[]): void {
  if (v !== null && typeof v === 'object') {
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    if (entries.length > 0) {
      for (const [k, child] of entries) walk(child, `${pointer}/${escapePointer(k)}`, out);
      return;
    }
  }
  out.push({ pointer, value: v as FieldValue });
}

/**
 * JCS of [pointer, value]. For a string and a scalar or empty container, ECMAScript's JSON.stringify is
 * exactly RFC 8785's serialization (the RFC defines JCS by it), and normalize() has already refused what
 * JCS forbids; a test checks this equivalence against the JCS library.
 */
function fieldText(pointer: string, value: FieldValue): string {
  return JSON.stringify([pointer, value]);
}

function fieldBytes(pointer: string, value: FieldValue): Uint8Array {
  return utf8(fieldText(pointer, value));
}

function checkSalt(recordSalt: Uint8Array): void {
  if (!(recordSalt instanceof Uint8Array) || recordSalt.length !== RECORD_SALT_SIZE) {
    throw new IntegrityError('COMMITMENT_BAD_SALT', `the record salt must be ${RECORD_SALT_SIZE} bytes`);
  }
}

/**
 * The field salts of a record: one 32-byte salt per pointer, in the order given. `pointers` are all the
 * record's fields (flattenFields, document order: it may differ between two parses of the same record, so a
 * derivation must not depend on the order it is given). The salts must be pseudo-random and independent of
 * each other, and the same for the same record salt and pointers every time (a later disclosure derives
 * them again).
 */
export interface SaltDerivation {
  (recordSalt: Uint8Array, pointers: readonly string[]): Uint8Array[];
  /**
   * Optional: the same salts packed in one buffer (a derivation that makes them in one piece, as one
   * keystream, then spares an array per field). Field i's salt must be the i-th of the call above.
   */
  packed?(recordSalt: Uint8Array, pointers: readonly string[]): PackedSalts;
}

/** Derives field salts with one HMAC key schedule per record, reused per field. */
function fieldSalter(recordSalt: Uint8Array, hash: HashImpl): (pointer: string) => Uint8Array {
  checkSalt(recordSalt);
  const keyed = hash.hmacSha256Keyed(recordSalt);
  return (pointer) => keyed(utf8(pointer));
}

/** The default derivation: HMAC-SHA-256(recordSalt, pointer) per field. */
function hmacDerivation(hash: HashImpl): SaltDerivation {
  return (recordSalt, pointers) => pointers.map(fieldSalter(recordSalt, hash));
}

/** The salts of `fields` by `derive`, checked: a derivation's fault must not become an unverifiable bundle. */
function saltsOf(recordSalt: Uint8Array, pointers: readonly string[], derive: SaltDerivation): Uint8Array[] {
  checkSalt(recordSalt);
  const salts = derive(recordSalt, pointers);
  if (
    salts.length !== pointers.length ||
    salts.some((s) => !(s instanceof Uint8Array) || s.length !== HASH_SIZE)
  ) {
    throw new IntegrityError(
      'COMMITMENT_BAD_SALT',
      `the salt derivation must give one ${HASH_SIZE}-byte salt per field (${pointers.length})`,
    );
  }
  return salts;
}

/** The salts of `pointers` by `derive`, packed in one buffer and checked as saltsOf does. */
function packedSaltsOf(
  recordSalt: Uint8Array,
  pointers: readonly string[],
  derive: SaltDerivation,
): PackedSalts {
  if (!derive.packed) return pack(saltsOf(recordSalt, pointers, derive));
  checkSalt(recordSalt);
  const packed = derive.packed(recordSalt, pointers);
  const { bytes, at } = packed;
  let ok = bytes instanceof Uint8Array && at.length === pointers.length;
  for (let i = 0; ok && i < at.length; i++) {
    const x = at[i]!;
    ok = Number.isInteger(x) && x >= 0 && x + HASH_SIZE <= bytes.length;
  }
  if (!ok) {
    throw new IntegrityError(
      'COMMITMENT_BAD_SALT',
      `the salt derivation must give one ${HASH_SIZE}-byte salt per field (${pointers.length})`,
    );
  }
  return packed;
}

function pack(salts: readonly Uint8Array[]): PackedSalts {
  const bytes = new Uint8Array(salts.length * HASH_SIZE);
  const at = new Array<number>(salts.length);
  for (let i = 0; i < salts.length; i++) {
    bytes.set(salts[i]!, i * HASH_SIZE);
    at[i] = i * HASH_SIZE;
  }
  return { bytes, at };
}

export function fieldSalt(recordSalt: Uint8Array, pointer: string, hash: HashImpl = NOBLE_HASH): Uint8Array {
  return fieldSalter(recordSalt, hash)(pointer);
}

export function fieldHash(
  salt: Uint8Array,
  pointer: string,
  value: FieldValue,
  hash: HashImpl = NOBLE_HASH,
): Uint8Array {
  return hash.sha256Text
    ? hash.sha256Text(salt, fieldText(pointer, value))
    : hash.sha256(salt, fieldBytes(pointer, value));
}

/**
 * The record digest from each field's salt and JCS text, plus field hashes already made (a disclosure's
 * hidden ones): by the implementation's batched recordDigest when it has one, else one field at a time.
 */
function digestOf(
  salts: PackedSalts,
  texts: readonly string[],
  hashes: readonly Uint8Array[],
  hash: HashImpl,
): Uint8Array {
  if (hash.recordDigest) return hash.recordDigest(salts, texts, hashes);
  const all = [...hashes];
  for (let i = 0; i < texts.length; i++) {
    const salt = salts.bytes.subarray(salts.at[i]!, salts.at[i]! + HASH_SIZE);
    all.push(hash.sha256Text ? hash.sha256Text(salt, texts[i]!) : hash.sha256(salt, utf8(texts[i]!)));
  }
  all.sort(compareBytes);
  return hash.sha256(...all);
}

const LEAF_PREFIX = new Uint8Array([0x00]);

/** RFC 9162 leaf hash (as merkle/hasher.ts's leafHash), with the given implementation. */
function leafOf(digest: Uint8Array, hash: HashImpl): Uint8Array {
  return hash.sha256(LEAF_PREFIX, digest);
}

/** The commitment of the fields canonicalFields found. */
function commitFields(
  fields: CanonicalFields,
  recordSalt: Uint8Array,
  hash: HashImpl,
  derive: SaltDerivation,
): RecordCommitment {
  const salts = packedSaltsOf(recordSalt, fields.pointers, derive);
  const digest = digestOf(salts, fields.fieldTexts, [], hash);
  return { digest, leaf: leafOf(digest, hash), fieldCount: fields.pointers.length };
}

export function commitRecord(
  record: unknown,
  recordSalt: Uint8Array,
  hash: HashImpl = NOBLE_HASH,
  salts: SaltDerivation = hmacDerivation(hash),
): RecordCommitment {
  checkSalt(recordSalt);
  return commitFields(canonicalFields(record, false), recordSalt, hash, salts);
}

/** A record's canonical text and its commitment, from one normalisation. */
export interface CanonicalCommitment {
  /** canonicalize(record). */
  readonly canonicalText: string;
  /** commitRecord(record, …). */
  readonly commitment: RecordCommitment;
}

/**
 * canonicalize(record) and commitRecord(record, recordSalt, hash, salts) at once: the record is normalized
 * and walked once for both (what a lock needs of every record). The same text and bytes as the two calls.
 */
export function commitCanonical(
  record: unknown,
  recordSalt: Uint8Array,
  hash: HashImpl = NOBLE_HASH,
  salts: SaltDerivation = hmacDerivation(hash),
): CanonicalCommitment {
  checkSalt(recordSalt);
  const fields = canonicalFields(record, true);
  return { canonicalText: fields.text, commitment: commitFields(fields, recordSalt, hash, salts) };
}

/**
 * Discloses the fields at or under each of `pointers` ("" discloses everything; "/biography" every field
 * of the biography). A pointer that names nothing in the record is refused rather than ignored.
 */
export function disclose(
  record: unknown,
  recordSalt: Uint8Array,
  pointers: readonly string[],
  hash: HashImpl = NOBLE_HASH,
  salts: SaltDerivation = hmacDerivation(hash),
): Disclosure {
  checkSalt(recordSalt);
  const fields = flattenFields(record);
  const wanted = pointers.map((p) => p.normalize('NFC'));
  for (const p of wanted) {
    if (!fields.some((f) => isAtOrUnder(f.pointer, p))) {
      throw new IntegrityError('DISCLOSURE_UNKNOWN_POINTER', `no field of the record is at or under "${p}"`, {
        details: { pointer: p },
      });
    }
  }
  const fieldSalts = saltsOf(
    recordSalt,
    fields.map((f) => f.pointer),
    salts,
  );
  const shown: DisclosedField[] = [];
  const hidden: Uint8Array[] = [];
  for (const [i, f] of fields.entries()) {
    const salt = fieldSalts[i]!;
    if (wanted.some((p) => isAtOrUnder(f.pointer, p)))
      shown.push({ pointer: f.pointer, value: f.value, salt: toHex(salt) });
    else hidden.push(fieldHash(salt, f.pointer, f.value, hash));
  }
  return { fields: shown, hidden: hidden.sort(compareBytes).map(toHex) };
}

export function fullDisclosure(
  record: unknown,
  recordSalt: Uint8Array,
  hash: HashImpl = NOBLE_HASH,
  salts: SaltDerivation = hmacDerivation(hash),
): Disclosure {
  return disclose(record, recordSalt, [''], hash, salts);
}

function isAtOrUnder(pointer: string, prefix: string): boolean {
  return prefix === '' || pointer === prefix || pointer.startsWith(`${prefix}/`);
}

/** Recomputes the record digest from a disclosure received from anyone: its shape is checked first. */
export function digestFromDisclosure(disclosure: unknown, hash: HashImpl = NOBLE_HASH): Uint8Array {
  const { salts, hidden, fields } = readDisclosure(disclosure);
  const texts = new Array<string>(fields.length);
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    texts[i] = fieldText(f.pointer, normalize(f.value) as FieldValue);
  }
  return digestOf(salts, texts, hidden, hash);
}

export function leafFromDisclosure(disclosure: unknown, hash: HashImpl = NOBLE_HASH): Uint8Array {
  return leafOf(digestFromDisclosure(disclosure, hash), hash);
}

/** The disclosed fields as a map from pointer to value, for display. */
export function disclosedValues(disclosure: Disclosure): Map<string, FieldValue> {
  return new Map(disclosure.fields.map((f) => [f.pointer, f.value]));
}

/**
 * Checks a disclosure's shape and decodes its hex in the same pass (issue 16: checking each hex string by
 * regex, then decoding it again, was a third of a bulk verification's time): the salts packed in one buffer,
 * the hidden hashes as views of another. Refused exactly as before: every problem, in the same order.
 */
function readDisclosure(d: unknown): { salts: PackedSalts; hidden: Uint8Array[]; fields: DisclosedField[] } {
  const problems: string[] = [];
  const isObj = (x: unknown): x is Record<string, unknown> =>
    typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObj(d)) throw malformed(['disclosure must be an object']);
  if (!Array.isArray(d.fields)) problems.push('fields must be an array');
  if (!Array.isArray(d.hidden)) problems.push('hidden must be an array');
  if (problems.length) throw malformed(problems);
  const fields = d.fields as unknown[];
  const n = fields.length;
  const bytes = new Uint8Array(n * HASH_SIZE);
  const at = new Array<number>(n);
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const f = fields[i];
    at[i] = i * HASH_SIZE;
    if (!isObj(f)) {
      problems.push(`fields/${i} must be an object`);
      continue;
    }
    if (typeof f.pointer !== 'string' || !(f.pointer === '' || f.pointer.startsWith('/'))) {
      problems.push(`fields/${i}/pointer must be a JSON Pointer`);
    } else if (seen.has(f.pointer)) problems.push(`fields/${i}/pointer repeats "${f.pointer}"`);
    else seen.add(f.pointer);
    if (!isFieldValue(f.value))
      problems.push(`fields/${i}/value must be a scalar or an empty object or array`);
    if (typeof f.salt !== 'string' || !hex32Into(f.salt, bytes, i * HASH_SIZE))
      problems.push(`fields/${i}/salt must be 64 hex digits`);
  }
  const given = d.hidden as unknown[];
  const hiddenBytes = new Uint8Array(given.length * HASH_SIZE);
  const hidden = new Array<Uint8Array>(given.length);
  for (let i = 0; i < given.length; i++) {
    // A hole (never in JSON) is no hash either: refused, where it used to fail later as a TypeError.
    const h = given[i];
    const from = i * HASH_SIZE;
    if (typeof h !== 'string' || !hex32Into(h, hiddenBytes, from))
      problems.push(`hidden/${i} must be 64 hex digits`);
    hidden[i] = hiddenBytes.subarray(from, from + HASH_SIZE);
  }
  if (problems.length) throw malformed(problems);
  return { salts: { bytes, at }, hidden, fields: fields as DisclosedField[] };
}

/** Each ASCII code's hex digit value (either case, as fromHex reads them), -1 for any other. */
const HEX_DIGIT = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let c = 0; c < 10; c++) t[48 + c] = c;
  for (let c = 0; c < 6; c++) {
    t[65 + c] = 10 + c;
    t[97 + c] = 10 + c;
  }
  return t;
})();

/**
 * Decodes 64 hex digits into out[from..from+32); false (out then undefined there) for anything fromHex would
 * not read as 32 bytes: another length, or a character that is not a hex digit.
 */
function hex32Into(s: string, out: Uint8Array, from: number): boolean {
  if (s.length !== 2 * HASH_SIZE) return false;
  for (let i = 0; i < HASH_SIZE; i++) {
    const hi = s.charCodeAt(2 * i);
    const lo = s.charCodeAt(2 * i + 1);
    const h = hi < 128 ? HEX_DIGIT[hi]! : -1;
    const l = lo < 128 ? HEX_DIGIT[lo]! : -1;
    if ((h | l) < 0) return false;
    out[from + i] = (h << 4) | l;
  }
  return true;
}

function isFieldValue(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.length === 0;
  return (
    typeof v === 'object' &&
    Object.getPrototypeOf(v) === Object.prototype &&
    Object.keys(v as object).length === 0
  );
}

function malformed(problems: string[]): IntegrityError {
  return new IntegrityError('DISCLOSURE_MALFORMED', problems.join('; '), { details: { problems } });
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
