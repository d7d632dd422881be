import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { MerkleTree as MerkleTreeJs } from 'merkletreejs';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../src/bytes.ts';
import { sha256 } from '../src/crypto.ts';
import {
  EMPTY_ROOT,
  leafHash,
  MerkleTree,
  nodeHash,
  verifyConsistency,
  verifyInclusion,
} from '../src/merkle/index.ts';
import { codeOf } from './codes.ts';
import { refPath, refProof, refRoot } from './reference-merkle.ts';

interface Vectors {
  leaves: string[];
  emptyRoot: string;
  roots: { size: number; root: string }[];
  inclusion: { leafIndex: number; treeSize: number; proof: string[]; root?: string; leafHash?: string }[];
  consistency: { size1: number; size2: number; proof: string[]; root1: string; root2: string }[];
  hasher: {
    leaf: { dataUtf8: string; hash: string };
    node: { leftUtf8: string; rightUtf8: string; hash: string };
  };
}
const v = JSON.parse(
  readFileSync(new URL('../../test/vectors/merkle/rfc9162.json', import.meta.url), 'utf8'),
) as Vectors;
const hex = (s: string) => fromHex(s)!;
const enc = (s: string) => new TextEncoder().encode(s);
const leaves = v.leaves.map(hex);
const treeOf = (data: Uint8Array[]) => new MerkleTree(data.map(leafHash));
// Some upstream cases give only the proof: their leaf hash and root follow from the leaves and the roots.
const inclusion = v.inclusion.map((c) => ({
  ...c,
  leafHash: c.leafHash ?? toHex(leafHash(leaves[c.leafIndex]!)),
  root: c.root ?? v.roots.find((r) => r.size === c.treeSize)!.root,
}));

describe('transparency-dev/merkle vectors', () => {
  it('hashes leaves and nodes as RFC 9162', () => {
    expect(toHex(leafHash(enc(v.hasher.leaf.dataUtf8)))).toBe(v.hasher.leaf.hash);
    expect(toHex(nodeHash(enc(v.hasher.node.leftUtf8), enc(v.hasher.node.rightUtf8)))).toBe(
      v.hasher.node.hash,
    );
    expect(toHex(EMPTY_ROOT)).toBe(v.emptyRoot);
    expect(toHex(new MerkleTree([]).root())).toBe(v.emptyRoot);
  });

  it.each(v.roots)('root of the first $size leaves', ({ size, root }) => {
    expect(toHex(treeOf(leaves.slice(0, size)).root())).toBe(root);
  });

  it.each(inclusion)('inclusion proof of leaf $leafIndex in $treeSize', (c) => {
    const tree = treeOf(leaves.slice(0, c.treeSize));
    expect(tree.inclusionProof(c.leafIndex).map(toHex)).toEqual(c.proof);
    expect(() =>
      verifyInclusion(c.leafIndex, c.treeSize, hex(c.leafHash), c.proof.map(hex), hex(c.root)),
    ).not.toThrow();
  });

  it.each(v.consistency)('consistency proof from $size1 to $size2', (c) => {
    const tree = treeOf(leaves.slice(0, c.size2));
    expect(tree.consistencyProof(c.size1).map(toHex)).toEqual(c.proof);
    expect(() =>
      verifyConsistency(c.size1, c.size2, hex(c.root1), hex(c.root2), c.proof.map(hex)),
    ).not.toThrow();
  });
});

/**
 * Each valid proof mutated the ways transparency-dev's testdata does; every mutant must be refused. (A size
 * off by one can still verify: RFC 9162 binds the size only through the root, so it is not a mutant here.)
 */
describe('mutated proofs are refused', () => {
  const flip = (h: Uint8Array) => {
    const c = h.slice();
    c[0]! ^= 1;
    return c;
  };
  it.each(inclusion.filter((c) => c.treeSize > 1))('inclusion of $leafIndex in $treeSize', (c) => {
    const proof = c.proof.map(hex);
    const leaf = hex(c.leafHash);
    const root = hex(c.root);
    const mutants: [string, () => void][] = [
      ['index + 1', () => verifyInclusion(c.leafIndex + 1, c.treeSize, leaf, proof, root)],
      ['index - 1', () => verifyInclusion(c.leafIndex - 1, c.treeSize, leaf, proof, root)],
      ['size × 2', () => verifyInclusion(c.leafIndex, c.treeSize * 2, leaf, proof, root)],
      ['flipped leaf', () => verifyInclusion(c.leafIndex, c.treeSize, flip(leaf), proof, root)],
      ['flipped root', () => verifyInclusion(c.leafIndex, c.treeSize, leaf, proof, flip(root))],
      [
        'garbage appended',
        () => verifyInclusion(c.leafIndex, c.treeSize, leaf, [...proof, sha256(enc('x'))], root),
      ],
      ['truncated', () => verifyInclusion(c.leafIndex, c.treeSize, leaf, proof.slice(0, -1), root)],
      [
        'short hash',
        () => verifyInclusion(c.leafIndex, c.treeSize, leaf, [proof[0]!.slice(1), ...proof.slice(1)], root),
      ],
      ...proof.map((_, i): [string, () => void] => [
        `flipped element ${i}`,
        () =>
          verifyInclusion(
            c.leafIndex,
            c.treeSize,
            leaf,
            proof.map((p, j) => (i === j ? flip(p) : p)),
            root,
          ),
      ]),
    ];
    for (const [name, f] of mutants) expect(codeOf(f), name).toMatch(/^MERKLE_/);
  });

  it.each(v.consistency.filter((c) => c.size1 < c.size2))('consistency $size1 → $size2', (c) => {
    const proof = c.proof.map(hex);
    const [r1, r2] = [hex(c.root1), hex(c.root2)];
    const mutants: [string, () => void][] = [
      ['swapped roots', () => verifyConsistency(c.size1, c.size2, r2, r1, proof)],
      ['size1 + 1', () => verifyConsistency(c.size1 + 1, c.size2, r1, r2, proof)],
      ['size2 × 2', () => verifyConsistency(c.size1, c.size2 * 2, r1, r2, proof)],
      ['size1 > size2', () => verifyConsistency(c.size2 + 1, c.size2, r1, r2, proof)],
      ['flipped old root', () => verifyConsistency(c.size1, c.size2, flip(r1), r2, proof)],
      ['flipped new root', () => verifyConsistency(c.size1, c.size2, r1, flip(r2), proof)],
      ['garbage appended', () => verifyConsistency(c.size1, c.size2, r1, r2, [...proof, sha256(enc('x'))])],
      ['truncated', () => verifyConsistency(c.size1, c.size2, r1, r2, proof.slice(0, -1))],
      ...proof.map((_, i): [string, () => void] => [
        `flipped element ${i}`,
        () =>
          verifyConsistency(
            c.size1,
            c.size2,
            r1,
            r2,
            proof.map((p, j) => (i === j ? flip(p) : p)),
          ),
      ]),
    ];
    for (const [name, f] of mutants) expect(codeOf(f), name).toMatch(/^MERKLE_/);
  });
});

describe('against the literal RFC 9162 reference', () => {
  const data = (n: number) => Array.from({ length: n }, (_, i) => enc(`leaf ${i}`));

  it('gives the same roots, paths and consistency proofs for every size up to 70', () => {
    for (let n = 1; n <= 70; n++) {
      const d = data(n);
      const tree = treeOf(d);
      expect(tree.root()).toEqual(refRoot(d));
      for (let m = 0; m < n; m++) {
        const path = tree.inclusionProof(m);
        expect(path).toEqual(refPath(m, d));
        verifyInclusion(m, n, leafHash(d[m]!), path, tree.root());
      }
      for (let m = 1; m <= n; m++) {
        const proof = tree.consistencyProof(m);
        expect(proof).toEqual(refProof(m, d));
        verifyConsistency(m, n, treeOf(d.slice(0, m)).root(), tree.root(), proof);
      }
    }
  });

  it('agrees for random sizes and indices (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), fc.nat(), fc.nat(), (n, a, b) => {
        const d = data(n);
        const tree = treeOf(d);
        const m = a % n;
        const old = (b % n) + 1;
        expect(tree.inclusionProof(m)).toEqual(refPath(m, d));
        expect(tree.consistencyProof(old)).toEqual(refProof(old, d));
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a proof for a leaf outside the tree', () => {
    const tree = treeOf(data(5));
    expect(codeOf(() => tree.inclusionProof(5))).toBe('MERKLE_INDEX_OUT_OF_RANGE');
    expect(codeOf(() => tree.inclusionProof(-1))).toBe('MERKLE_INDEX_OUT_OF_RANGE');
    expect(codeOf(() => tree.consistencyProof(0))).toBe('MERKLE_BAD_SIZE');
    expect(codeOf(() => tree.consistencyProof(6))).toBe('MERKLE_BAD_SIZE');
    expect(codeOf(() => new MerkleTree([new Uint8Array(31)]))).toBe('MERKLE_BAD_HASH');
  });
});

describe('merkletreejs configured as RFC 9162', () => {
  // The design names merkletreejs: with pre-hashed leaves, a 0x01-prefixing concatenator and no odd-leaf
  // duplication it must give the same roots, which cross-checks our tree with a third implementation.
  it('reproduces our roots', () => {
    for (const n of [1, 2, 3, 5, 8, 13, 100]) {
      const hashes = Array.from({ length: n }, (_, i) => leafHash(enc(`r${i}`)));
      const theirs = new MerkleTreeJs(
        hashes.map((h) => Buffer.from(h)),
        (x: Buffer) => Buffer.from(sha256(x)),
        { concatenator: (bs: Buffer[]) => Buffer.concat([Buffer.from([1]), ...bs]), duplicateOdd: false },
      );
      expect(toHex(theirs.getRoot())).toBe(toHex(new MerkleTree(hashes).root()));
    }
  });
});

/** The IntegrityError `f` throws (any other outcome fails the test), to read its details and message. */
function errorOf(f: () => unknown): { code: string; message: string; details: unknown } {
  const code = codeOf(f);
  expect(code).toBeDefined();
  try {
    f();
  } catch (e) {
    const { message, details } = e as { message: string; details: unknown };
    return { code: code!, message, details };
  }
  throw new Error('unreachable');
}

describe('refusals name the check that failed and its facts (corners found by mutation testing)', () => {
  const data = (n: number) => Array.from({ length: n }, (_, i) => enc(`d${i}`));
  const tree = treeOf(data(5));
  const root = tree.root();
  const leaf = leafHash(enc('d2'));
  const proof = tree.inclusionProof(2);
  const h31 = new Uint8Array(31);

  it('a hash of the wrong length or type is MERKLE_BAD_HASH, naming which one', () => {
    const cases: [string, () => void][] = [
      ['the leaf hash', () => verifyInclusion(2, 5, h31, proof, root)],
      ['the root', () => verifyInclusion(2, 5, leaf, proof, h31)],
      ['proof element 1', () => verifyInclusion(2, 5, leaf, [proof[0]!, h31, proof[2]!], root)],
      [
        'proof element 0',
        () => verifyInclusion(2, 5, leaf, [[...proof[0]!] as never, ...proof.slice(1)], root),
      ],
      ['the old root', () => verifyConsistency(2, 5, h31, root, tree.consistencyProof(2))],
      ['the new root', () => verifyConsistency(2, 5, treeOf(data(2)).root(), h31, tree.consistencyProof(2))],
    ];
    for (const [what, f] of cases) {
      const e = errorOf(f);
      expect(e.code, what).toBe('MERKLE_BAD_HASH');
      expect(e.message, what).toContain(`${what} must be a 32-byte hash`);
    }
  });

  it('a size that is not a whole number ≥ 0 is MERKLE_BAD_SIZE, naming which one; 0 is a size', () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 53]) {
      const e = errorOf(() => verifyInclusion(0, bad, leaf, [], root));
      expect(e.code).toBe('MERKLE_BAD_SIZE');
      expect(e.message).toContain('tree size must be a size');
      expect(errorOf(() => verifyConsistency(bad, 5, root, root, [])).message).toContain('the old size');
      expect(errorOf(() => verifyConsistency(1, bad, root, root, [])).message).toContain('the new size');
    }
    // An empty tree has no leaf 0: the index is out of range, the size itself is fine.
    expect(codeOf(() => verifyInclusion(0, 0, leaf, [], root))).toBe('MERKLE_INDEX_OUT_OF_RANGE');
  });

  it('a leaf index outside the tree is MERKLE_INDEX_OUT_OF_RANGE with the index and the size', () => {
    for (const leafIndex of [5, 6, -1, 1.5]) {
      const e = errorOf(() => verifyInclusion(leafIndex, 5, leaf, proof, root));
      expect(e.code).toBe('MERKLE_INDEX_OUT_OF_RANGE');
      expect(e.details).toEqual({ leafIndex, treeSize: 5 });
    }
  });

  it('a proof of the wrong length is MERKLE_PROOF_LENGTH with its length and the expected one', () => {
    const e = errorOf(() => verifyInclusion(2, 5, leaf, proof.slice(1), root));
    expect(e.code).toBe('MERKLE_PROOF_LENGTH');
    expect(e.details).toEqual({ length: 2, expected: 3 });
  });

  it('a proof that leads elsewhere is MERKLE_ROOT_MISMATCH with both roots', () => {
    const other = treeOf(data(6)).root();
    const e = errorOf(() => verifyInclusion(2, 5, leaf, proof, other));
    expect(e.code).toBe('MERKLE_ROOT_MISMATCH');
    expect(e.details).toEqual({ expected: toHex(other), calculated: toHex(root) });
  });

  it('no consistency proof from size 0, or from a larger tree: MERKLE_BAD_SIZE with both sizes', () => {
    for (const [oldSize, newSize] of [
      [0, 5],
      [6, 5],
    ] as const) {
      const e = errorOf(() => verifyConsistency(oldSize, newSize, root, root, []));
      expect(e.code).toBe('MERKLE_BAD_SIZE');
      expect(e.details).toEqual({ oldSize, newSize });
    }
    // From a tree to itself: the empty proof, and equal roots.
    expect(codeOf(() => verifyConsistency(5, 5, root, root, []))).toBeUndefined();
    expect(codeOf(() => verifyConsistency(5, 5, root, treeOf(data(6)).root(), []))).toBe(
      'MERKLE_ROOT_MISMATCH',
    );
  });

  it('hashes nodes of any length as 0x01 ‖ left ‖ right (the fast path is for 32-byte halves only)', () => {
    const ref = (l: Uint8Array, r: Uint8Array) => sha256(Uint8Array.from([1, ...l, ...r]));
    const h32 = sha256(enc('x'));
    for (const [l, r] of [
      [h32, h32],
      [h31, h32],
      [h32, h31],
      [enc('a'), enc('bc')],
      [new Uint8Array(33), h32],
    ] as const) {
      expect(toHex(nodeHash(l, r))).toBe(toHex(ref(l, r)));
    }
  });

  it('keeps its own copy of the leaf hashes', () => {
    const hashes = data(3).map((d) => leafHash(d));
    const t = new MerkleTree(hashes);
    const before = toHex(t.root());
    hashes.push(leafHash(enc('late')));
    hashes[0] = leafHash(enc('changed'));
    expect(t.size).toBe(3);
    expect(toHex(t.root())).toBe(before);
  });
});
