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

export interface CommittedChunk {
  /**
   * One COPY text line per version, in COMMIT_COLUMNS' order, UTF-8. Bytes, not a string: moved from the
   * worker without a copy, and outside the main thread's JS heap (a chunk's text is megabytes).
   */
  copy: Uint8Array;
  /** The versions' leaves, 32 bytes each, in the chunk's order. */
  leaves: Uint8Array;
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

export function commitChunk(versions: readonly VersionToCommit[], effectiveAt: string): CommittedChunk {
  const leaves = new Uint8Array(versions.length * LEAF_SIZE);
  const lines: string[] = new Array(versions.length);
  for (const [i, v] of versions.entries()) {
    const c = commitVersion(v, effectiveAt);
    leaves.set(c.leaf, i * LEAF_SIZE);
    lines[i] =
      `${copyText(v.id)}\t${copyText(c.canonicalText)}\t${copyBytea(c.salt)}\t${LOCK_SALT_SCHEME}\t${copyBytea(c.leaf)}\t${copyText(c.lookupCode)}\n`;
  }
  return { copy: encoder.encode(lines.join('')), leaves };
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

/** bytea in COPY text format: its hex input form, whose backslash COPY needs doubled. */
export function copyBytea(b: Uint8Array): string {
  return `\\\\x${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')}`;
}
