/**
 * The CPU side of the lock, one chunk of versions at a time, in a worker thread (lock-pool.ts) or in the
 * calling thread: each version made effective at the lock time, salted (once), canonicalized and
 * committed (its leaf). What comes back is what the database and the tree need and nothing more: the rows
 * already in COPY text format (so the main thread only passes bytes on) and the leaves in one buffer.
 * No I/O here, and nothing that cannot cross a thread: plain data in, plain data out.
 */
import { newRecordSalt } from '@hocba/integrity';
import { canonicalCommitWith, LOCK_SALT_SCHEME } from '../salts.ts';
import { ServiceError } from './errors.ts';

/** A version as read for the lock: its record as JSON text (parsed here, off the main thread). */
export interface VersionToCommit {
  id: string;
  recordText: string;
  salt: Uint8Array | null;
  lookupCode: string | null;
}

/**
 * A chunk of versions as the main thread read it: their ids in leaf order and the rows of READ_COLUMNS in
 * COPY text format, UTF-8, in any order. Bytes, not strings: the main thread passes them on undecoded
 * (moved to the worker, not copied, and never on its heap).
 */
export interface CopiedChunk {
  ids: string[];
  copy: Uint8Array;
  /**
   * A buffer the committed COPY text may be written into (one a committed chunk came back in, now
   * written): the lock's buffers go round between the threads instead of new ones for every chunk.
   */
  out?: Uint8Array | undefined;
}

/**
 * The columns a CopiedChunk's rows hold, in order: the SELECT list of lock.ts's read. The salt as plain hex
 * (encode), whatever the server's bytea_output.
 */
export const READ_COLUMNS = ['id', 'record::text', "encode(salt, 'hex')", 'lookup_code'] as const;

export interface CommittedChunk {
  /**
   * One COPY text line per version, in COMMIT_COLUMNS' order, UTF-8. Bytes, not a string: moved from the
   * worker without a copy, and outside the main thread's JS heap (a chunk's text is megabytes).
   */
  copy: Uint8Array;
  /** The versions' leaves, 32 bytes each, in the chunk's order. */
  leaves: Uint8Array;
  /** The CopiedChunk's bytes, read: their buffer, whole, for the next read. */
  input?: Uint8Array | undefined;
}

/** The columns of `copy`, in order. */
export const COMMIT_COLUMNS = [
  'id',
  'canonical_text',
  'salt',
  'salt_scheme',
  'leaf_hash',
  'lookup_code',
] as const;

const LEAF_SIZE = 32;
const encoder = new TextEncoder();

export function commitChunk(
  versions: readonly VersionToCommit[],
  effectiveAt: string,
  out?: Uint8Array,
): CommittedChunk {
  const leaves = new Uint8Array(versions.length * LEAF_SIZE);
  const lines: string[] = new Array(versions.length);
  for (const [i, v] of versions.entries()) {
    const c = commitVersion(v, effectiveAt);
    leaves.set(c.leaf, i * LEAF_SIZE);
    lines[i] =
      `${copyText(v.id)}\t${copyText(c.canonicalText)}\t${copyBytea(c.salt)}\t${LOCK_SALT_SCHEME}\t${copyBytea(c.leaf)}\t${copyText(c.lookupCode)}\n`;
  }
  return { copy: utf8Into(lines.join(''), out), leaves };
}

/**
 * `text` in UTF-8, in `out` when it fits, else in a new buffer with room for a somewhat larger chunk
 * (the next one it is reused for).
 */
function utf8Into(text: string, out: Uint8Array | undefined): Uint8Array {
  const size = Buffer.byteLength(text, 'utf8');
  const into = out && out.length >= size ? out : new Uint8Array(size + (size >> 3));
  encoder.encodeInto(text, into);
  return into.subarray(0, size);
}

/**
 * commitChunk of the versions a CopiedChunk holds, in the order of its ids; the chunk's buffer comes back
 * as `input`, for the next read.
 */
export function commitCopied(chunk: CopiedChunk, effectiveAt: string): CommittedChunk {
  const versions = versionsOf(chunk);
  return {
    ...commitChunk(versions, effectiveAt, chunk.out),
    input: new Uint8Array(chunk.copy.buffer, 0, chunk.copy.buffer.byteLength),
  };
}

const decoder = new TextDecoder();
const NEWLINE = 10;

/** The versions of a CopiedChunk in the order of its ids; every id must have its row, once. */
export function versionsOf(chunk: CopiedChunk): VersionToCommit[] {
  const byId = new Map<string, VersionToCommit>();
  const bytes = chunk.copy;
  // A line at a time: a few kilobytes each, garbage of the young generation, where the whole chunk's text
  // would be one large string kept until a full GC (and by every slice of it).
  for (let at = 0; at < bytes.length; ) {
    let end = bytes.indexOf(NEWLINE, at);
    if (end < 0) end = bytes.length;
    const f = decoder.decode(bytes.subarray(at, end)).split('\t');
    at = end + 1;
    if (f.length !== READ_COLUMNS.length)
      throw new Error(`COPY row of ${f.length} columns, not ${READ_COLUMNS.length}`);
    const salt = readCopyText(f[2]!);
    const v: VersionToCommit = {
      id: readCopyText(f[0]!)!,
      recordText: readCopyText(f[1]!)!,
      salt: salt === null ? null : Buffer.from(salt, 'hex'),
      lookupCode: readCopyText(f[3]!),
    };
    byId.set(v.id, v);
  }
  if (byId.size !== chunk.ids.length) {
    throw new Error(`COPY read ${byId.size} versions for a chunk of ${chunk.ids.length}`);
  }
  return chunk.ids.map((id) => {
    const v = byId.get(id);
    if (!v) throw new Error(`COPY read no row for version ${id}`);
    return v;
  });
}

/**
 * The version as it is committed: effective at the lock time, salted (once), canonical, hashed. Its field
 * salts are derived by LOCK_SALT_SCHEME (salts.ts), stored beside the salt, whatever salt it came with: no
 * field salt of a version is shown before it is locked.
 */
function commitVersion(version: VersionToCommit, effectiveAt: string) {
  const at = { recordVersionId: version.id };
  const parsed: unknown = JSON.parse(version.recordText);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ServiceError('RECORD_NOT_OBJECT', `record version ${version.id} is not a JSON object`, at);
  }
  // The envelope's effectiveAt (ngày hiệu lực) is the lock time, and is committed with the rest.
  const record: Record<string, unknown> = { ...parsed, effectiveAt };
  const fromRecord = typeof record.lookupCode === 'string' ? record.lookupCode : undefined;
  const lookupCode = version.lookupCode ?? fromRecord;
  if (lookupCode === undefined) {
    throw new ServiceError('LOOKUP_CODE_MISSING', `record version ${version.id} has no lookup code`, at);
  }
  // A salt drawn earlier (a lock attempt that was rolled back cannot leave one; an import may) is kept.
  const salt = version.salt ?? newRecordSalt();
  // One normalisation for both the stored text and the leaf.
  const { canonicalText, commitment } = canonicalCommitWith(LOCK_SALT_SCHEME, record, salt);
  return { canonicalText, salt, leaf: commitment.leaf, lookupCode };
}

/** COPY text format (PostgreSQL docs, COPY "Text Format"): backslash, and the separators, escaped. */
export function copyText(s: string): string {
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : s;
}

const UNESCAPED: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/**
 * A value in COPY text format as PostgreSQL writes it (COPY TO: backslash, and b f n r t v for those
 * control characters); `\N` is null.
 */
export function readCopyText(s: string): string | null {
  if (s === '\\N') return null;
  return s.includes('\\') ? s.replace(/\\(.)/g, (_, c: string) => UNESCAPED[c] ?? c) : s;
}

/** bytea in COPY text format: its hex input form, whose backslash COPY needs doubled. */
export function copyBytea(b: Uint8Array): string {
  return `\\\\x${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')}`;
}
