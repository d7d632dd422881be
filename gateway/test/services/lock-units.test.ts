/**
 * The lock's parts (issue 16): the flat tree against integrity's reference tree, COPY's text escapes, the
 * worker count, and worker threads that start (and refuse) under vitest as under tsx.
 */
import { availableParallelism } from 'node:os';
import { MerkleTree, sha256, toHex } from '@hocba/integrity';
import { describe, expect, it } from 'vitest';
import {
  type CopiedChunk,
  commitChunk,
  copyBytea,
  copyText,
  readCopyText,
  type VersionToCommit,
  versionsOf,
} from '../../src/services/lock-commit.ts';
import { memberRows } from '../../src/services/lock-members.ts';
import { lockWorkerCount, startLockWorkers } from '../../src/services/lock-pool.ts';
import { FlatMerkleTree } from '../../src/services/lock-tree.ts';

const leafOf = (i: number) => sha256(new Uint8Array([i & 0xff, i >> 8]));

describe('FlatMerkleTree', () => {
  it('gives integrity’s root and every inclusion proof, for every size up to 130 and a few larger', () => {
    for (const n of [...Array.from({ length: 130 }, (_, i) => i + 1), 255, 256, 257, 1000, 1025]) {
      const leaves = Array.from({ length: n }, (_, i) => leafOf(i));
      const flat = new FlatMerkleTree(Buffer.concat(leaves));
      const reference = new MerkleTree(leaves);
      expect(flat.size).toBe(n);
      expect(toHex(flat.root())).toBe(toHex(reference.root()));
      for (let i = 0; i < n; i++) {
        expect(toHex(flat.inclusionProof(i))).toBe(toHex(Buffer.concat(reference.inclusionProof(i))));
      }
    }
  });

  it('refuses no leaves, a partial hash, and an index outside the tree', () => {
    expect(() => new FlatMerkleTree(new Uint8Array(0))).toThrow(RangeError);
    expect(() => new FlatMerkleTree(new Uint8Array(33))).toThrow(RangeError);
    const t = new FlatMerkleTree(new Uint8Array(64));
    expect(() => t.inclusionProof(2)).toThrow(RangeError);
    expect(() => t.inclusionProof(-1)).toThrow(RangeError);
  });
});

describe('COPY text', () => {
  it('escapes backslash, tab, newline and carriage return, and nothing else', () => {
    expect(copyText('a\\b\tc\nd\re ắ "q"')).toBe('a\\\\b\\tc\\nd\\re ắ "q"');
    expect(copyText('plain')).toBe('plain');
    expect(copyBytea(new Uint8Array([0, 255, 16]))).toBe('\\\\x00ff10');
  });
});

/** Versions as COPY TO writes their rows (READ_COLUMNS), in reverse order: the reader must not rely on it. */
function copied(versions: VersionToCommit[]): CopiedChunk {
  const field = (s: string | null) => (s === null ? '\\N' : copyText(s));
  const lines = versions.map(
    (v) =>
      `${field(v.id)}\t${field(v.recordText)}\t${field(v.salt && Buffer.from(v.salt).toString('hex'))}\t${field(v.lookupCode)}\n`,
  );
  return { ids: versions.map((v) => v.id), copy: new TextEncoder().encode(lines.reverse().join('')) };
}

describe('COPY text read back', () => {
  it('unescapes what PostgreSQL escapes, and reads \\N as null', () => {
    expect(readCopyText('a\\\\b\\tc\\nd\\re\\bf\\ff\\vv ắ "q"')).toBe('a\\b\tc\nd\re\bf\ff\vv ắ "q"');
    expect(readCopyText('\\N')).toBeNull();
    expect(readCopyText('\\\\N')).toBe('\\N');
    expect(readCopyText('plain')).toBe('plain');
  });

  it('gives the versions in the order of the ids, and refuses a row missing or too many', () => {
    const versions = [0, 1, 2].map((i) => ({
      id: `REC-${i}`,
      recordText: JSON.stringify({ recordId: `REC-${i}`, note: 'tab\tback\\slash\nline' }),
      salt: i === 1 ? null : new Uint8Array(32).fill(i),
      lookupCode: i === 2 ? null : `LC${i}`,
    }));
    const read = versionsOf(copied(versions));
    expect(read.map((v) => ({ ...v, salt: v.salt && Uint8Array.from(v.salt) }))).toEqual(versions);
    expect(() => versionsOf({ ...copied(versions), ids: ['REC-0', 'REC-1'] })).toThrow(/3 versions/);
    expect(() => versionsOf({ ...copied(versions), ids: ['REC-0', 'REC-1', 'REC-9'] })).toThrow(/REC-9/);
  });
});

describe('lockWorkerCount', () => {
  it('reads LOCK_WORKERS, defaults to the cores but one, refuses nonsense', () => {
    expect(lockWorkerCount('0')).toBe(0);
    expect(lockWorkerCount('3')).toBe(3);
    expect(lockWorkerCount(undefined)).toBe(availableParallelism() - 1);
    expect(lockWorkerCount('')).toBe(lockWorkerCount(undefined));
    for (const bad of ['-1', '1.5', 'two', '65']) expect(() => lockWorkerCount(bad)).toThrow(RangeError);
  });
});

describe('lock workers', () => {
  it('start under vitest, commit as the calling thread does, and return refusals as coded errors', async () => {
    const pool = await startLockWorkers(2);
    try {
      expect(pool.threads).toBe(2);
      const salt = new Uint8Array(32).fill(1);
      const versions = [0, 1, 2].map((i) => ({
        id: `REC-${i}`,
        recordText: JSON.stringify({ recordId: `REC-${i}`, lookupCode: `LC${i}`, name: 'Nguyễn\tVăn A' }),
        salt,
        lookupCode: null,
      }));
      const at = '2026-05-20T02:59:00.000Z';
      const chunk = copied(versions);
      const read = chunk.copy.length;
      const inWorker = await pool.commit({ ...chunk, out: new Uint8Array(16) }, at);
      const inThread = commitChunk(versions, at);
      expect({ copy: inWorker.copy, leaves: inWorker.leaves }).toEqual(inThread);
      expect(inWorker.leaves).toHaveLength(96);
      // The read's buffer comes back whole; an output buffer too small is replaced.
      expect(inWorker.input).toHaveLength(read);
      // Written into the buffer given when it fits: the same bytes.
      const reused = await pool.commit({ ...copied(versions), out: new Uint8Array(1 << 16) }, at);
      expect(reused.copy.buffer.byteLength).toBe(1 << 16);
      expect(reused.copy).toEqual(inThread.copy);
      await expect(
        pool.commit(copied([{ id: 'REC-X', recordText: '[1]', salt, lookupCode: 'LC' }]), at),
      ).rejects.toMatchObject({ name: 'ServiceError', code: 'RECORD_NOT_OBJECT' });
      await expect(
        pool.commit(copied([{ id: 'REC-Y', recordText: '{"a":1}', salt, lookupCode: null }]), at),
      ).rejects.toMatchObject({ name: 'ServiceError', code: 'LOOKUP_CODE_MISSING' });
    } finally {
      await pool.close();
    }
  });
});

describe('memberRows', () => {
  it('writes the members’ COPY lines, byte for byte as their string form, into a buffer reused when large enough', () => {
    for (const n of [1, 2, 7, 1000, 1025]) {
      const tree = new FlatMerkleTree(Buffer.concat(Array.from({ length: n }, (_, i) => leafOf(i))));
      const ids = Array.from({ length: n }, (_, i) => `REC-${String(i).padStart(5, '0')}`);
      const batchText = copyText('B-ắ\t1');
      const from = Math.floor(n / 3);
      const expected = ids
        .slice(from)
        .map(
          (id, k) =>
            `${batchText}\t${copyText(id)}\t${from + k}\t${copyBytea(tree.inclusionProof(from + k))}\n`,
        )
        .join('');
      const rows = memberRows(batchText, ids, from, n, tree);
      expect(new TextDecoder().decode(rows)).toBe(expected);
      const big = new Uint8Array(rows.length * 2);
      const again = memberRows(batchText, ids, from, n, tree, big);
      expect(again.buffer).toBe(big.buffer);
      expect(new TextDecoder().decode(again)).toBe(expected);
    }
  });
});
