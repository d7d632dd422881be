export { EMPTY_ROOT, leafHash, nodeHash } from './hasher.ts';
export { MerkleTree } from './tree.ts';
export { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './verify.ts';
